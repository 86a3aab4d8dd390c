"""The run log tells the story: every run (build, send, watch, due) with its outputs, their
SHA-256 and its emails, in text and JSON."""

import hashlib
import json

from click.testing import CliRunner

from pipeline.cli import main


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_history_shows_builds_sends_and_watched_runs_with_outputs_and_emails(smtp, tracker, tmp_path):
    out = tmp_path / "output"
    built = CliRunner().invoke(main, ["build", str(tracker("workplan_sheets")), "--out", str(out),
                                      "--today", "2026-11-22"])
    assert built.exit_code == 0, built.output
    appendix = out / "Council Plan workplan - Q2 2024-25 - appendix.docx"
    sent = CliRunner().invoke(main, ["send", str(appendix), "--to", "clerk@council.example", "--out", str(out)])
    assert sent.exit_code == 0, sent.output
    folder = tmp_path / "drop"
    folder.mkdir()
    tracker("improvement_sheets").rename(folder / "plan.xlsx")
    watched = CliRunner().invoke(main, ["watch", str(folder), "--out", str(out), "--once", "--settle", "0",
                                        "--to", "team@council.example"])
    assert watched.exit_code == 0, watched.output

    runs = json.loads(CliRunner().invoke(main, ["history", "--out", str(out), "--format", "json"]).output)
    assert [(r["source"], r["input_file"], r["status"]) for r in runs] == [
        ("watch", "plan.xlsx", "built"), ("send", appendix.name, "sent"), ("build", "workplan_sheets.xlsx", "built")]
    watch_run, send_run, build_run = runs
    assert {o["path"]: o["sha256"] for o in build_run["outputs"]} == {
        str(appendix): digest(appendix), str(appendix.with_suffix(".txt")): digest(appendix.with_suffix(".txt"))}
    assert [(e["recipients"], e["status"]) for e in send_run["emails"]] == [(["clerk@council.example"], "sent")]
    assert [(e["recipients"], e["status"]) for e in watch_run["emails"]] == [(["team@council.example"], "sent")]
    assert all(o["sha256"] == digest(__import__("pathlib").Path(o["path"])) for o in watch_run["outputs"])
    assert len(smtp.inbox.envelopes) == 2

    text = CliRunner().invoke(main, ["history", "--out", str(out)]).output
    assert f"    output {appendix} (sha256 {digest(appendix)[:12]})" in text
    assert "    email sent " in text and "to clerk@council.example: " in text


def test_a_build_refused_and_one_blocked_are_recorded(tracker, tmp_path):
    out = tmp_path / "output"
    (tmp_path / "notes.xlsx").write_bytes(b"not a workbook")
    CliRunner().invoke(main, ["build", str(tmp_path / "notes.xlsx"), "--out", str(out)])
    runs = json.loads(CliRunner().invoke(main, ["history", "--out", str(out), "--format", "json"]).output)
    assert [(r["source"], r["status"]) for r in runs] == [("build", "refused")]
    assert runs[0]["message"].startswith("notes.xlsx is not an Excel workbook")


def test_an_output_folder_that_cannot_be_made_is_the_machines_fault(tracker, tmp_path):
    (tmp_path / "a file").write_text("not a folder")
    out = tmp_path / "a file" / "output"
    result = CliRunner().invoke(main, ["build", str(tracker("workplan_sheets")), "--out", str(out)])
    assert (result.exit_code, result.output) == (3, f"The output folder {out} could not be made (Not a directory): "
                                                    "check where it is and that this account may write there.\n")


def test_the_run_logs_passing_faults_are_not_called_damage(tmp_path):
    import sqlite3

    from pipeline.deliver.runlog import _unusable
    from pipeline.model import ConfigError, Fault

    def failing(code: int) -> sqlite3.DatabaseError:
        exc = sqlite3.OperationalError("failed")
        exc.sqlite_errorcode = code
        return exc

    path = tmp_path / "pipeline-runs.sqlite"
    assert isinstance(_unusable(path, failing(778)), Fault)  # SQLITE_IOERR_WRITE
    assert isinstance(_unusable(path, failing(13)), Fault)  # SQLITE_FULL
    assert isinstance(_unusable(path, failing(26)), ConfigError)  # SQLITE_NOTADB: not a run log
