/* The upload form, enhanced when JavaScript runs (it works without): a file over the size limit
   is named before it is sent, the button says the check is under way, and the error summary
   takes the focus. Nothing here is needed to use the page. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary && document.activeElement !== summary) {
    summary.focus();
  }
  var form = document.querySelector("form[data-upload]");
  if (!form) {
    return;
  }
  var input = form.querySelector("input[type=file]");
  var button = form.querySelector("button[type=submit]");
  var status = form.querySelector("[data-status]");
  var limit = Number(form.getAttribute("data-max-bytes"));

  function say(text) {
    status.textContent = text;
  }

  form.addEventListener("submit", function (event) {
    var file = input.files && input.files[0];
    if (file && limit && file.size > limit) {
      event.preventDefault();
      say(file.name + " is larger than " + form.getAttribute("data-max-mb") +
          " MB, the most this page takes: choose a smaller file.");
      input.focus();
      return;
    }
    if (button.disabled) {
      event.preventDefault();
      return;
    }
    button.disabled = true;
    say(file ? "Checking " + file.name + ". This can take a minute." : "Sending the form.");
  });

  window.addEventListener("pageshow", function () {
    button.disabled = false;
    say("");
  });
})();
