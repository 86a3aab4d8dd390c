"""Every refusal on the command line is one plain sentence naming what to change: a command line
that cannot be understood, a value that cannot be used, a lock file among the trackers."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main


@pytest.mark.parametrize("args, said", [
    (["check"], "'pipeline check' needs DOCUMENTS: run 'pipeline check --help' to see what it takes."),
    (["import"], "'pipeline import' needs APPENDIX: run 'pipeline import --help' to see what it takes."),
    (["send"], "'pipeline send' needs APPENDIX: run 'pipeline send --help' to see what it takes."),
    (["build", "x.xlsx", "--today", "12/01/2027"],
     "The --today given to 'pipeline build' cannot be used: '12/01/2027' is not a date written YYYY-MM-DD "
     "(for example 2027-01-12 for 12 January 2027)."),
    (["validate", "--format", "xml", "x.xlsx"],
     "The --format given to 'pipeline validate' cannot be used: 'xml' is not one of 'text', 'json'."),
    (["build", "--nosuch", "x.xlsx"],
     "'pipeline build' has no option --nosuch (did you mean --out?): run 'pipeline build --help' to see what it "
     "takes."),
    (["watch", "drop", "--to", "not-an-address"],
     "The --to given to 'pipeline watch' cannot be used: 'not-an-address' is not an email address "
     "(name@place.domain)."),
    (["watch", "drop", "--to", "clerk@council.example\nBcc: all@council.example"],
     "The --to given to 'pipeline watch' cannot be used: 'clerk@council.example\nBcc: all@council.example' is not "
     "an email address (name@place.domain)."),
    (["nosuch"], "No such command 'nosuch': run 'pipeline --help' to see what it takes."),
])
def test_a_command_line_that_cannot_be_used_is_one_sentence(args: list[str], said: str) -> None:
    result = CliRunner().invoke(main, args, prog_name="pipeline")
    assert (result.exit_code, result.output) == (2, said + "\n")


def test_a_folder_given_as_a_tracker_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", ".", "--out", "out"])
    assert (result.exit_code, result.output) == (2, f"{tmp_path} is a folder, not a workbook: give the path of an "
                                                    ".xlsx file (or, for every tracker in it, the folder's name "
                                                    "followed by *.xlsx).\n")


def test_a_lock_file_among_the_trackers_is_skipped_and_the_batch_succeeds(tracker, tmp_path: Path) -> None:
    workbook = tracker("workplan_sheets")
    lock = tmp_path / f"~${workbook.name}"
    lock.write_bytes(b"\x0bJo Bloggs" + b"\x00" * 150)  # what Excel leaves while the workbook is open
    result = CliRunner().invoke(main, ["build", str(lock), str(workbook), "--out", str(tmp_path / "out"),
                                       "--today", "2026-11-22"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{lock.name}: skipped, an Excel lock file (someone has {workbook.name} open).\n")
    assert len(list((tmp_path / "out").glob("*.docx"))) == 1
    alone = CliRunner().invoke(main, ["build", str(lock), "--out", str(tmp_path / "out")])
    assert (alone.exit_code, alone.output) == (2, f"{lock.name} is an Excel lock file, not a tracker: use the "
                                                  f"workbook {workbook.name} itself.\n")
