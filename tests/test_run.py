"""Building end to end: outputs, exit codes, and nothing lost."""

import hashlib
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import run
from pipeline.cli import main
from tests import runs

TODAY = date(2026, 11, 22)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_build_writes_the_appendix_and_paragraph_and_prints_their_paths(tracker, tmp_path):
    result = CliRunner().invoke(main, ["build", str(tracker("workplan_sheets")), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    docx_path = tmp_path / "out" / "Council Plan workplan - Q2 2024-25 - appendix.docx"
    txt_path = docx_path.with_suffix(".txt")
    assert str(docx_path) in result.output and str(txt_path) in result.output
    assert txt_path.read_text(encoding="utf-8").startswith("There are currently 58 initiatives")
    assert runs.written(tmp_path / "out") == [docx_path.name, txt_path.name]


def test_a_tracker_with_errors_is_not_built_unless_forced(tracker, tmp_path):
    path = tracker("workplan_seed_exact")
    refused = CliRunner().invoke(main, ["build", str(path), "--out", str(tmp_path)])
    assert refused.exit_code == 1
    assert "'t to community G' is not a status" in refused.output
    assert not list(tmp_path.glob("*.docx"))
    forced = CliRunner().invoke(main, ["build", str(path), "--out", str(tmp_path), "--force"])
    assert forced.exit_code == 0
    assert len(list(tmp_path.glob("*.docx"))) == 1


def test_the_officers_workbook_is_never_modified(tracker, tmp_path):
    path = tracker("improvement_sheets")
    before, mtime = digest(path), path.stat().st_mtime_ns
    runs.build(path, tmp_path, TODAY)
    runs.findings_of(path, TODAY)
    assert (digest(path), path.stat().st_mtime_ns) == (before, mtime)


def test_a_failed_run_leaves_the_previous_outputs_intact(tracker, tmp_path):
    good = runs.built(tracker("workplan_sheets"), tmp_path, TODAY)
    kept = {p: digest(p) for p in good.outputs}
    broken = tmp_path / "workplan_sheets.xlsx"
    broken.write_bytes(b"PK\x03\x04 truncated download")
    outcome = runs.build(broken, tmp_path, TODAY)
    assert run.exit_code(outcome) == 2
    assert {p: digest(p) for p in good.outputs} == kept
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_outputs_are_replaced_atomically(tracker, tmp_path, monkeypatch):
    first = runs.built(tracker("workplan_sheets"), tmp_path, TODAY).appendix
    old = first.read_bytes()

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    outcome = runs.build(tracker("workplan_wide"), tmp_path, TODAY)
    assert isinstance(outcome, run.Failed) and run.exit_code(outcome) == 3
    assert outcome.message == (f"The appendix for workplan_wide.xlsx could not be written to {tmp_path} (the "
                               "operating system refused): nothing was written; check the folder exists, may be "
                               "written to and has space, then build again.")
    assert first.read_bytes() == old
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize("content, name, message", [
    (b"", "empty.xlsx", "empty.xlsx is empty (0 bytes)"),
    (b"Ref,Action,Status\n1,Do it,G\n", "tracker.csv", "tracker.csv is a text (CSV) file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.xls", "old.xls is an old Excel 97-2003 (.xls) workbook"),
    (b"PK\x03\x04\x14\x00 cut short", "half.xlsx", "half.xlsx is damaged or incomplete"),
    (b"\x00\x01\x02 not a workbook", "photo.xlsx", "photo.xlsx is not an Excel workbook"),
])
def test_files_that_are_not_trackers_are_refused_in_one_sentence(tmp_path, content, name, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = CliRunner().invoke(main, ["build", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.output.startswith(message)
    assert result.output.strip().count("\n") == 0
    assert "Traceback" not in result.output
    assert runs.written(tmp_path / "out") == []


def test_lock_files_are_refused(tmp_path):
    path = tmp_path / "~$tracker.xlsx"
    path.write_bytes(b"\x08owner" + b"\x00" * 150)
    outcome = runs.build(path, tmp_path / "out", TODAY)
    assert isinstance(outcome, run.Refused) and run.exit_code(outcome) == 2
    assert "is an Excel lock file" in outcome.message


def test_validate_json_lists_every_finding(tracker):
    import json

    result = CliRunner().invoke(main, ["validate", str(tracker("workplan_seed_exact")), "--format", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.output)
    assert findings[0] == {"severity": "error", "code": "bad-status", "file": "workplan_seed_exact.xlsx",
                           "sheet": "Workplan", "cell": "B60",
                           "message": "'t to community G' is not a status: use one of C, G, A, R, U.",
                           "value": "t to community G"}
    assert len(findings) == 15  # 14 problems, and the key under the table read (info)


def test_validate_text_groups_by_sheet_with_a_verdict(tracker):
    result = CliRunner().invoke(main, ["validate", str(tracker("workplan_seed_exact"))])
    lines = result.output.splitlines()
    assert lines[0] == "workplan_seed_exact.xlsx"
    assert lines[1] == "  Sheet 'Workplan'"
    assert lines[2].split()[:2] == ["error", "B60"]
    assert lines[-1] == "  Not ready: 1 error and 13 warnings. Fix the error, then build again (or build with --force)."


def test_several_trackers_in_one_command_take_the_worst_exit_code(tracker, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"nonsense")
    result = CliRunner().invoke(main, ["build", str(tracker("workplan_sheets")), str(bad), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert len(list(tmp_path.glob("*.docx"))) == 1


def test_unknown_report_type_is_a_clear_refusal(tracker, tmp_path):
    result = CliRunner().invoke(main, ["build", str(tracker("workplan_sheets")), "--report", "risk-register"])
    assert result.exit_code == 2
    assert result.output.strip() == ("There is no report type called 'risk-register': use one of "
                                     "action-tracker, improvement-plan, workplan.")


def test_the_installed_command_runs(tracker, tmp_path):
    script = Path(sys.executable).with_name("pipeline")
    completed = subprocess.run([str(script), "summary", str(tracker("workplan_sheets"))],
                               capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("There are currently 58 initiatives")
