"""Uploads' names and temporary folders, a council's own templates, and the web page served
beside the drop folder by `pipeline serve --web`."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess

import pytest

from pipeline.deliver.runlog import RunLog
from pipeline.reports import built_in_templates
from pipeline.web.checks import upload_name
from tests.deliver.test_watch import wait_for
from tests.web.conftest import PIPELINE
from tests.web.forms import Officer, page, text_of


@pytest.mark.parametrize("given, safe", [
    ("Council Plan workplan.xlsx", "Council Plan workplan.xlsx"),
    ("C:\\Users\\jsmith\\Desktop\\Plan Q2.xlsx", "Plan Q2.xlsx"),
    ("../../etc/passwd", "passwd"),
    ("..\\..\\pipeline-runs.sqlite", "pipeline-runs.sqlite"),
    (".hidden.xlsx", "hidden.xlsx"),
    (".xlsx", "tracker.xlsx"),
    ("", "tracker"),
    (None, "tracker"),
    ("CON.xlsx", "CON tracker.xlsx"),
    ('Plan: "Q2" <draft>|?*.xlsx', "Plan - -Q2- -draft-.xlsx"),
    ("Plan\x00\r\n.xlsx", "Plan-.xlsx"),
    ("~$Plan.xlsx", "~$Plan.xlsx"),
    ("Plan.x<l>sx", "Plan.xlsx"),
])
def test_an_uploads_name_is_made_safe_whatever_the_browser_sent(given, safe):
    assert upload_name(given) == safe


def test_a_very_long_name_is_shortened():
    name = upload_name("Ä" * 300 + ".xlsx")
    assert name.endswith(".xlsx") and len(name.encode("utf-8")) <= 130


def test_every_upload_is_read_in_a_temporary_folder_that_is_removed_afterwards(start_server, trackers, tmp_path):
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    server = start_server(env={"TMPDIR": str(temporary), "TEMP": str(temporary), "TMP": str(temporary)})
    with Officer(server.url) as officer:
        for kind in ("seed", "workplan", "encrypted", "zip bomb"):
            assert officer.upload(trackers[kind], name=f"../../{kind}.xlsx").status_code in (200, 422)
    assert sorted(e.input_file for e in RunLog(server.out).history()) == [
        "encrypted.xlsx", "seed.xlsx", "workplan.xlsx", "zip bomb.xlsx"]
    assert [p for p in temporary.iterdir() if p.name.startswith("pipeline-upload-")] == []
    assert not (tmp_path / "encrypted.xlsx").exists() and not (server.folder.parent / "seed.xlsx").exists()


def test_a_councils_own_templates_restyle_the_page_and_a_broken_one_is_one_sentence(start_server, trackers, tmp_path):
    own = tmp_path / "templates"
    shutil.copytree(built_in_templates(), own)
    (own / "web" / "web.css").write_text("body { font-family: Verdana, sans-serif; }\n", encoding="utf-8")
    for name in ("base.html", "check.html", "problem.html", "history.html"):
        (own / "web" / name).unlink()  # the built-in ones are used for what the council has not changed
    (own / "web" / "result.html").write_text("{{ no_such_value }}", encoding="utf-8")
    server = start_server(env={"PIPELINE_TEMPLATES": str(own)})
    with Officer(server.url) as officer:
        assert officer.get("/static/web.css").text == "body { font-family: Verdana, sans-serif; }\n"
        assert officer.get("/").status_code == 200
        broken = officer.upload(trackers["workplan"])
        assert broken.status_code == 500
        message = text_of(page(broken).xpath("//main//p")[0])
        assert message.startswith("The web page template result.html cannot be used:")
        assert "Traceback" not in broken.text
        assert officer.get("/history").status_code == 200  # and it goes on serving
    assert wait_for(lambda: any("template result.html cannot be used" in line for line in server.lines), timeout=30)


def test_serve_runs_the_web_page_beside_the_drop_folder(tracker_dir, tmp_path):
    folder, out = tmp_path / "drop", tmp_path / "output"
    folder.mkdir()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    service = subprocess.Popen([PIPELINE, "serve", str(folder), "--out", str(out), "--web", "--port", "0"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        first = service.stdout.readline()
        assert first.startswith("Serving the web page at http://127.0.0.1:"), first
        url = first.split(" at ", 1)[1].strip().rstrip(".")
        assert service.stdout.readline().startswith("Watching ")
        shutil.copy(tracker_dir / "workplan_sheets.xlsx", folder / "Council Plan workplan.xlsx")
        assert ": built " in service.stdout.readline()
        with Officer(url) as officer:
            assert wait_for(lambda: "Drop folder" in text_of(page(officer.get("/history"))), timeout=60)
            assert officer.get("/").status_code == 200
    finally:
        service.send_signal(signal.SIGTERM)
        rest = service.communicate(timeout=120)[0]
    assert service.returncode == 0, rest
    assert rest.strip().endswith("Stopped.") and "Traceback" not in rest
