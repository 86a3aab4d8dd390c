"""The web page over real HTTP: `pipeline web` in a fresh folder, its own form posted as a browser
posts it (multipart), and what comes back read as HTML, .xlsx and .docx."""

from __future__ import annotations

import io
import subprocess
import threading
from pathlib import Path

import docx
import openpyxl
import pytest

from pipeline.deliver.runlog import RunLog
from pipeline.render.pdf import soffice
from tests import runs
from tests.web.conftest import PIPELINE
from tests.web.forms import (
    Officer,
    attachment_name,
    download_links,
    page,
    summary_links,
    text_of,
)


def test_a_fresh_folder_serves_the_form(server):
    with Officer(server.url) as officer:
        response = officer.get("/")
    assert response.status_code == 200
    document = page(response)
    (form,) = document.forms
    assert form.action == "/check" and form.method.lower() == "post"
    assert form.get("enctype") == "multipart/form-data"
    (label,) = document.xpath("//label[@for='tracker']")
    assert text_of(label) == "Tracker workbook"
    assert document.xpath("//input[@type='file' and @id='tracker' and @name='tracker']")
    assert "pipeline-csrf=" in response.headers["set-cookie"] and "HttpOnly" in response.headers["set-cookie"]
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert (server.out / "pipeline-runs.sqlite").is_file()


def test_the_seed_workbook_as_published_shows_its_error_at_b60_and_gives_the_checked_copy(server, trackers):
    with Officer(server.url) as officer:
        response = officer.upload(trackers["seed"])
        assert response.status_code == 200
        document = page(response)
        assert text_of(document.xpath("//h1")[0]) == "Council Plan workplan (as published).xlsx"
        verdict = text_of(document.xpath("//*[contains(@class, 'verdict')]/p")[0])
        assert verdict.startswith("Council Plan workplan (as published).xlsx is not ready: fix the 1 error")
        ((href, text),) = summary_links(document)
        assert text == "Workplan!B60: 't to community G' is not a status: use one of C, G, A, R, U."
        (target,) = document.xpath(f"//*[@id='{href[1:]}']")
        assert "Cell B60" in text_of(target) and "Error" in text_of(target)
        assert text_of(target.xpath("ancestor::ol/preceding-sibling::h3[1]")[0]) == "Sheet ‘Workplan’"
        assert len(summary_links(document, "notice-summary")) == 13  # each warning linked too
        (checked,) = download_links(document)
        copy = officer.download(checked)
    assert attachment_name(copy) == "Council Plan workplan (as published) - checked.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(copy.content))
    assert book.sheetnames == ["Findings", "Workplan"]
    assert ("error", "'Workplan'!B60") in [row[:2] for row in book["Findings"].iter_rows(values_only=True)]
    assert "is not a status" in book["Workplan"]["B60"].comment.text
    (entry,) = RunLog(server.out).history()
    assert (entry.source, entry.input_file, entry.status, entry.errors) == ("web", "Council Plan workplan (as "
                                                                           "published).xlsx", "blocked", 1)


def test_the_improvement_plan_builds_and_its_appendix_has_51_actions(server, trackers):
    with Officer(server.url) as officer:
        response = officer.upload(trackers["improvement"])
        assert response.status_code == 200
        document = page(response)
        assert not summary_links(document)
        verdict = text_of(document.xpath("//*[contains(@class, 'verdict')]/p")[0])
        assert verdict.startswith("Continuous Improvement Plan.xlsx is ready: the appendix for January 2026 is built")
        paragraph = text_of(document.xpath("//*[contains(@class, 'inset-text')]")[0])
        assert paragraph.startswith("There are currently 51 actions within this plan.")
        figures = {text_of(row.xpath("dt")[0]): text_of(row.xpath("dd")[0])
                   for row in document.xpath("//dl[contains(@class, 'summary-list')]/div")}
        assert figures["Actions"] == "51" and figures["Complete"] == "30"
        links = download_links(document)
        docx_link = next(link for link in links if link.endswith(".docx"))
        appendix = docx.Document(io.BytesIO(officer.download(docx_link).content))
        paragraph_file = officer.download(next(link for link in links if link.endswith(".txt")))
    assert len(runs.plan_tables(appendix)[0].rows) - 1 == 51
    assert paragraph_file.text.startswith("There are currently 51 actions")
    (entry,) = RunLog(server.out).history()
    assert entry.status == "built" and entry.report == "Continuous Improvement Plan"
    assert {Path(o.path).parent for o in entry.outputs} == {server.out.resolve() / "web" / str(entry.id)}
    assert {Path(o.path).suffix for o in entry.outputs} == {".docx", ".txt"} | ({".pdf"} if soffice() else set())


@pytest.mark.parametrize("kind, sentence", [
    ("zip bomb", "Quarterly tracker.xlsx was refused because it would inflate to"),
    ("encrypted", "Service plan.xlsx is password-protected"),
])
def test_a_hostile_file_gets_its_sentence_and_the_server_keeps_serving(server, trackers, kind, sentence):
    with Officer(server.url) as officer:
        response = officer.upload(trackers[kind])
        assert response.status_code == 422
        document = page(response)
        ((href, text),) = summary_links(document)
        assert href == "#tracker" and text.startswith(sentence)
        assert "Traceback" not in response.text
        assert officer.get("/").status_code == 200
        assert officer.upload(trackers["workplan"]).status_code == 200
    assert server.alive
    assert [e.status for e in RunLog(server.out).history()] == ["built", "refused"]
    assert not list((server.out / "web").glob("1/*"))  # the refused upload made nothing


def test_an_upload_over_the_limit_is_refused_in_one_sentence(start_server, trackers, tmp_path):
    server = start_server(settings="[web]\nmax_upload_mb = 1\n")
    big = tmp_path / "Big tracker.xlsx"
    big.write_bytes(b"PK" + bytes(2 * 1024 * 1024))
    with Officer(server.url) as officer:
        response = officer.upload(big)
        assert response.status_code == 413
        ((href, text),) = summary_links(page(response))
        assert text == ("The file you chose is larger than 1 MB, the most this page takes: remove what the tracker does not "
                        "need, or ask the performance team to build it.")
        assert officer.upload(trackers["workplan"]).status_code == 200  # the same connection, still served
    assert [e.status for e in RunLog(server.out).history()] == ["built"]


def test_an_upload_over_the_limit_without_a_declared_length_is_refused_too(start_server, tmp_path):
    server = start_server(settings="[web]\nmax_upload_mb = 1\n")
    with Officer(server.url) as officer:
        form = page(officer.get("/")).forms[0]
        token = form.inputs["csrf_token"].value
        boundary = "----pipelineBoundary7MA4YWxkTrZu0gW"

        def body():
            yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
                   f"--{boundary}\r\nContent-Disposition: form-data; name=\"tracker\"; filename=\"Big.xlsx\"\r\n"
                   "Content-Type: application/octet-stream\r\n\r\n").encode()
            for _ in range(40):
                yield bytes(64 * 1024)
            yield f"\r\n--{boundary}--\r\n".encode()

        response = officer.http.post("/check", content=body(),
                                     headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert response.status_code == 413
    assert "larger than 1 MB" in response.text


def test_uploads_at_the_same_time_each_get_their_own_answer_and_folder(server, trackers):
    answers: dict[str, int] = {}

    def upload(kind: str) -> None:
        with Officer(server.url) as officer:
            answers[kind] = officer.upload(trackers[kind]).status_code

    threads = [threading.Thread(target=upload, args=(kind,)) for kind in ("seed", "improvement", "workplan")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert answers == {"seed": 200, "improvement": 200, "workplan": 200}
    entries = RunLog(server.out).history()
    assert sorted(e.status for e in entries) == ["blocked", "built", "built"]
    assert sorted(p.name for p in (server.out / "web").iterdir()) == sorted(str(e.id) for e in entries)


def test_a_form_from_elsewhere_or_without_its_token_is_refused_and_nothing_is_built(server, trackers):
    with Officer(server.url) as officer:
        officer.get("/")
        files = {"tracker": ("tracker.xlsx", trackers["workplan"].read_bytes())}
        forged = officer.http.post("/check", data={"csrf_token": "0" * 64}, files=files)
        assert forged.status_code == 403
        assert "The form had expired or did not come from this page" in forged.text
        cross_site = officer.upload(trackers["workplan"], headers={"sec-fetch-site": "cross-site"})
        assert cross_site.status_code == 403
    with Officer(server.url) as stranger:  # a token from someone else's session
        form = page(stranger.get("/")).forms[0]
        token = form.inputs["csrf_token"].value
    with Officer(server.url) as officer:
        officer.get("/")
        assert officer.http.post("/check", data={"csrf_token": token}, files=files).status_code == 403
    assert RunLog(server.out).history() == []


def test_no_file_chosen_is_asked_for(server):
    with Officer(server.url) as officer:
        form = page(officer.get("/")).forms[0]
        response = officer.http.post("/check", data={"csrf_token": form.inputs["csrf_token"].value},
                                     files={"tracker": ("", b"", "application/octet-stream")})
    assert response.status_code == 400
    assert summary_links(page(response)) == [("#tracker", "Select the tracker to check.")]


def test_only_files_the_run_log_records_are_downloaded(server, trackers):
    with Officer(server.url) as officer:
        links = download_links(page(officer.upload(trackers["workplan"])))
        assert links and all(officer.get(link).status_code == 200 for link in links)
        run = links[0].split("/")[2]
        (server.out / "web" / run / "notes.txt").write_text("not made by the run", encoding="utf-8")
        for path in (f"/runs/{run}/notes.txt", f"/runs/{run}/pipeline-runs.sqlite",
                     f"/runs/{run}/..%2F..%2Fpipeline-runs.sqlite",
                     "/runs/99/" + links[0].split("/")[3], "/runs/0/x", "/static/check.html", "/static/..%2Fweb.css",
                     "/no/such/page"):
            response = officer.get(path)
            assert response.status_code == 404, path
            assert "Traceback" not in response.text
        assert officer.get("/static/web.css").status_code == 200


def test_the_history_shows_every_run_with_its_files_and_the_next_meetings(start_server, trackers, tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "meetings.toml").write_text(
        '[[meeting]]\ndate = 2026-12-08\ncommittee = "Executive"\ntracker = "Council Plan workplan.xlsx"\n'
        'to = ["clerk@council.example"]\nlead_days = 5\n', encoding="utf-8")
    server = start_server("--calendar", "meetings.toml", folder=folder)
    with Officer(server.url) as officer:
        officer.upload(trackers["seed"])
        officer.upload(trackers["workplan"])
        document = page(officer.get("/history"))
    runs = document.xpath("//ol[contains(@class, 'runs')]/li")
    assert [text_of(run.xpath("h3")[0]) for run in runs] == ["Run 2: Council Plan workplan.xlsx",
                                                            "Run 1: Council Plan workplan (as published).xlsx"]
    assert "Not built: the tracker has errors (1 error, 13 warnings)" in text_of(runs[1])
    made = 3 if soffice() else 2  # the appendix, its paragraph, and the PDF when LibreOffice is there
    assert len(runs[0].xpath(".//a[@download]")) == made and len(runs[1].xpath(".//a[@download]")) == 1
    plans, meetings = document.xpath("//ul[@class='cards']")
    assert [text_of(h3) for h3 in plans.xpath("li/h3")] == ["Council Plan workplan"]
    (meeting,) = meetings.xpath("li")
    assert text_of(meeting.xpath("h3")[0]) == "Executive, 8 December 2026"
    assert [(text_of(row[0]), text_of(row[1])) for row in meeting.xpath("dl/div")] == [
        ("Tracker", "Council Plan workplan.xlsx"), ("Papers go out", "1 December 2026"), ("Status", "Due in 9 days")]


def test_listening_beyond_this_computer_without_sign_in_is_refused_at_start(tmp_path):
    result = subprocess.run([PIPELINE, "web", "--host", "0.0.0.0", "--port", "0", "--out", "output"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("The web page will not listen on 0.0.0.0 without sign-in")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_host_name_pointed_at_this_computer_is_not_answered(server):
    with Officer(server.url) as officer:
        response = officer.get("/", headers={"host": "attacker.example"})
    assert response.status_code == 400
    assert "served only at the address it was started on" in response.text


def test_text_from_a_tracker_is_shown_as_text_never_as_markup(server, tmp_path):
    from tests.builders import workbook

    tracker = workbook(tmp_path / "Plan.xlsx", {"Q1 2025-26": [
        ["Ref", "Action", "Status"], ["1", "<b>Do it</b>", "<script>alert(1)</script>"], ["2", "Other", "G"]]})
    with Officer(server.url) as officer:
        response = officer.upload(tracker, name="<i>Plan<i>.xlsx")  # as a browser could send it
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text and "<i>Plan" not in response.text
    assert "&#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39; is not a status" in response.text
    document = page(response)
    assert not document.xpath("//main//script") and not document.xpath("//main//i")
    ((_, text),) = summary_links(document)
    assert text.startswith("Q1 2025-26!C2: '<script>alert(1)</script>' is not a status")
