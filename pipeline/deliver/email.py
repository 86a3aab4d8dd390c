"""Email: the appendix (and its PDF, when one was built) attached, its summary paragraph in the body
(plain text and HTML), subject and body from templates/email/. Sent by SMTP (with a password, or
Microsoft 365's OAuth 2.0) or through Microsoft Graph, as the settings say (mailconfig). Temporary
failures are retried with backoff; a message that cannot be sent is kept in the outbox, so nothing
is lost."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

import tenacity

from .. import wording
from ..files import reserve, safe_name, write_atomic
from ..reports import templates_dir
from . import smtp
from .mailconfig import ENVIRONMENT, SECURITY, MailError, MailSettings, settings

__all__ = ["ENVIRONMENT", "SECURITY", "MailError", "MailSettings", "compose", "send", "settings", "to_outbox"]

DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
TYPES = {".docx": DOCX_TYPE, ".pdf": ("application", "pdf"), ".txt": ("text", "plain")}


def compose(attachments: list[Path], to: list[str], mail: MailSettings, context: dict[str, object],
            templates: Path | None = None) -> EmailMessage:
    """The message: subject and bodies from templates/email/, the appendices attached."""
    folder = (templates or templates_dir()) / "email"
    message = EmailMessage()
    message["Subject"] = wording.render(folder / "subject.txt", context)
    message["From"] = mail.sender
    message["To"] = ", ".join(to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=mail.sender.partition("@")[2] or None)
    message.set_content(wording.render(folder / "body.txt", context, keep_lines=True))
    message.add_alternative(wording.render(folder / "body.html", context, html=True, keep_lines=True),
                            subtype="html")
    for path in attachments:
        maintype, subtype = TYPES.get(Path(path).suffix.lower(), ("application", "octet-stream"))
        message.add_attachment(Path(path).read_bytes(), maintype=maintype, subtype=subtype, filename=Path(path).name)
    return message


def to_outbox(message: EmailMessage, outbox: Path) -> Path:
    """Keep the message as an .eml file (the dry-run mode, and where unsent messages wait)."""
    stamp = datetime.now().strftime("%Y-%m-%d %H%M%S")
    name = f"{stamp} {safe_name(str(message['Subject']))[:80]}.eml"
    Path(outbox).mkdir(parents=True, exist_ok=True)
    return write_atomic(reserve(Path(outbox), name), bytes(message))


def send(message: EmailMessage, mail: MailSettings, sleep: Callable[[float], None] = time.sleep) -> list[str]:
    """Send, retrying temporary failures with backoff; raise MailError when it cannot be sent.
    Returns the recipients refused while the others were sent the message."""
    retrying = tenacity.Retrying(stop=tenacity.stop_after_attempt(mail.retries + 1),
                                 wait=tenacity.wait_exponential(multiplier=mail.backoff, max=3600),
                                 retry=tenacity.retry_if_exception(_temporary), sleep=sleep, reraise=True)
    try:
        for attempt in retrying:
            with attempt:
                return _deliver(message, mail)
    except MailError as exc:
        if exc.permanent:
            raise
        said, attempts = str(exc), f"{mail.retries + 1} attempts"
        if said.endswith("."):  # already a sentence saying what to do
            raise MailError(f"{said[:-1]} (tried {attempts}).", permanent=False) from None
        raise MailError(f"{mail.server} could not take the message after {attempts} ({said}): check the SMTP "
                        "settings and that the server is up.", permanent=False) from None
    raise AssertionError("tenacity stops with the last attempt's outcome")  # pragma: no cover


def _temporary(exc: BaseException) -> bool:
    return isinstance(exc, MailError) and not exc.permanent


def _deliver(message: EmailMessage, mail: MailSettings) -> list[str]:
    """Hand the message over by the transport the settings name; returns the recipients refused
    while the message was taken for the others. (msal and requests load only when Microsoft 365's
    sign-in is used: a third of a second.)"""
    if not mail.oauth:
        return smtp.deliver(message, mail)
    from . import apptoken, graph

    token = apptoken.access_token(mail)
    return graph.deliver(message, mail, token) if mail.transport == "graph" else smtp.deliver(message, mail, token)
