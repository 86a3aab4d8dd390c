"""The drop folder, watched for real: files dropped, copied slowly, renamed into place."""

import os
import shutil
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from pipeline.deliver.runlog import RunLog
from pipeline.deliver.service import Delivery, watcher
from tests import badfiles

GOOD = ["workplan_sheets", "workplan_wide", "workplan_sections", "improvement_sheets", "improvement_wide"]


def wait_for(condition, timeout=120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def settled_files(folder: Path, kind: str) -> list[Path]:
    return sorted(p for p in (folder / kind).glob("*") if p.suffix in (".xlsx", ".xls", ".csv", ".ods")
                  and " - checked" not in p.name) if (folder / kind).exists() else []


def slow_copy(source: Path, target: Path, chunks: int = 8, pause: float = 0.4) -> None:
    data = source.read_bytes()
    step = len(data) // chunks + 1
    with target.open("wb") as handle:
        for start in range(0, len(data), step):
            handle.write(data[start:start + step])
            handle.flush()
            os.fsync(handle.fileno())
            time.sleep(pause)


@pytest.fixture
def drop(tmp_path):
    folder, out = tmp_path / "input", tmp_path / "output"
    folder.mkdir()
    results = []
    drop_folder = watcher(folder, Delivery(out), (), lambda: date(2026, 11, 22), settle=0.6,
                          report=results.append)
    drop_folder.rescan = 2.0
    stop = threading.Event()
    thread = threading.Thread(target=drop_folder.run, args=(stop,), daemon=True)
    yield folder, out, results, thread
    stop.set()
    thread.join(timeout=30)


def test_twenty_workbooks_each_end_up_in_processed_or_rejected_exactly_once(drop, tracker_dir, tmp_path):
    folder, out, results, thread = drop
    waiting = folder / "already waiting.xlsx"
    shutil.copy(tracker_dir / "workplan_sheets.xlsx", waiting)  # there before the watcher starts
    thread.start()
    expected_good, expected_bad = {"already waiting.xlsx"}, set()
    for n in range(11):
        name = f"good {n:02d}.xlsx"
        shutil.copy(tracker_dir / f"{GOOD[n % len(GOOD)]}.xlsx", folder / name)
        expected_good.add(name)
    corpus = ["empty", "truncated download", ".csv", "encrypted", "no rounds"]
    for n, kind in enumerate(corpus):
        build, file_name, _ = badfiles.CORPUS[kind]
        (tmp_path / "bad" / f"{n}").mkdir(parents=True)
        made = build(tmp_path / "bad" / f"{n}" / file_name)
        target = folder / f"bad {n:02d}{made.suffix}"
        shutil.copy(made, target)
        expected_bad.add(target.name)
    shutil.copy(tracker_dir / "workplan_seed_exact.xlsx", folder / "with errors.xlsx")
    expected_bad.add("with errors.xlsx")
    staged = tmp_path / "staging.xlsx"  # written elsewhere, then renamed into place, as Excel saves
    shutil.copy(tracker_dir / "improvement_wide.xlsx", staged)
    os.replace(staged, folder / "renamed in.xlsx")
    expected_good.add("renamed in.xlsx")
    slow_copy(tracker_dir / "improvement_sheets.xlsx", folder / "slow copy.xlsx")
    expected_good.add("slow copy.xlsx")
    (folder / "~$good 00.xlsx").write_bytes(b"\x0bowner" + b"\x00" * 150)  # Excel's lock file: ignored
    total = len(expected_good) + len(expected_bad)
    assert total == 20

    assert wait_for(lambda: len(results) >= total), f"only {len(results)} of {total} handled"
    time.sleep(3)  # a further rescan must not pick anything up again
    assert len(results) == total
    assert sorted(r.file for r in results) == sorted(expected_good | expected_bad)
    assert {r.file for r in results if r.status == "built"} == expected_good
    assert {r.file for r in results if r.status == "rejected"} == expected_bad
    assert len(settled_files(folder, "processed")) == len(expected_good)
    assert len(settled_files(folder, "rejected")) == len(expected_bad)
    assert sorted(p.name for p in folder.iterdir() if p.is_file()) == ["~$good 00.xlsx"]
    assert len(list((folder / "rejected").glob("* - why.txt"))) == len(expected_bad)
    assert (folder / "rejected").glob("with errors * - checked.xlsx")
    assert len(RunLog(out).history(100)) == total


def test_a_name_clash_never_overwrites(drop, tracker_dir):
    folder, out, results, thread = drop
    thread.start()
    for _ in range(3):
        shutil.copy(tracker_dir / "workplan_sheets.xlsx", folder / "tracker.xlsx")
        count = len(results)
        assert wait_for(lambda: len(results) > count)
    assert len(settled_files(folder, "processed")) == 3


def test_a_missing_folder_is_an_error_and_an_empty_one_says_it_is_waiting(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import main

    folder = tmp_path / "drop"
    result = CliRunner().invoke(main, ["watch", str(folder), "--out", str(tmp_path / "out"), "--once"])
    assert result.exit_code == 2
    assert result.output == (f"The folder {folder} does not exist: create it (or run 'pipeline init'), or give the "
                             "folder to watch.\n")
    assert not folder.exists()
    folder.mkdir()
    result = CliRunner().invoke(main, ["watch", str(folder), "--out", str(tmp_path / "out"), "--once"])
    assert (result.exit_code, result.output) == (0, f"No workbooks are waiting in {folder}.\n")


def test_watch_once_says_by_its_exit_code_whether_every_workbook_was_built(tracker_dir, tmp_path):
    """For a scheduled task: 0 when all were built, 1 when one was rejected (each said in a line)."""
    from click.testing import CliRunner

    from pipeline.cli import main

    folder = tmp_path / "drop"
    folder.mkdir()
    shutil.copy(tracker_dir / "workplan_sheets.xlsx", folder / "Plan.xlsx")
    built = CliRunner().invoke(main, ["watch", str(folder), "--out", str(tmp_path / "out"), "--once", "--settle", "0"])
    assert built.exit_code == 0 and built.output.startswith("Plan.xlsx: built "), built.output
    shutil.copy(tracker_dir / "workplan_sheets.xlsx", folder / "Plan.xlsx")
    badfiles.csv(folder / "Notes.xlsx")
    mixed = CliRunner().invoke(main, ["watch", str(folder), "--out", str(tmp_path / "out"), "--once", "--settle", "0"])
    assert mixed.exit_code == 1, mixed.output
    lines = sorted(mixed.output.splitlines())
    assert lines[0].startswith("Notes.xlsx: rejected: ") and lines[1].startswith("Plan.xlsx: built "), lines


def test_watch_once_says_a_workbook_put_back_after_a_fault_by_exit_code_3(tracker_dir, tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import main

    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "processed").write_text("a file where the processed folder should be")
    shutil.copy(tracker_dir / "workplan_sheets.xlsx", folder / "Plan.xlsx")
    result = CliRunner().invoke(main, ["watch", str(folder), "--out", str(tmp_path / "out"), "--once", "--settle", "0"])
    assert result.exit_code == 3, result.output
    [said] = [line for line in result.output.splitlines() if line.startswith("Plan.xlsx")]
    assert said.startswith("Plan.xlsx: not built: it could not be handled (") and "Error" not in said
    assert said.endswith("; it is back in the folder, to be tried again.")
    assert (folder / "Plan.xlsx").is_file()


def test_history_of_a_folder_with_no_run_log_makes_nothing(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import main

    result = CliRunner().invoke(main, ["history", "--out", str(tmp_path / "typo")])
    assert result.exit_code == 0 and "No runs recorded yet." in result.output
    assert not (tmp_path / "typo").exists()


def test_a_file_that_met_a_passing_fault_is_tried_again_without_being_touched(tmp_path):
    from types import SimpleNamespace

    from pipeline.deliver.watch import DropFolder

    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "tracker.xlsx").write_bytes(b"PK\x03\x04 a workbook")
    tries = []

    def handle(path):
        tries.append(time.monotonic())
        return SimpleNamespace(status="failed" if len(tries) == 1 else "built")  # a full disk, then space

    watcher = DropFolder(folder, handle, settle=0.1, retry=1.0, rescan=0.2)
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
    thread.start()
    try:
        assert wait_for(lambda: len(tries) == 2, timeout=60)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert tries[1] - tries[0] >= 1.0  # rested for the retry interval, then tried again


def test_a_claim_left_by_a_watcher_that_stopped_is_taken_up_at_the_next_rescan(drop, tracker_dir):
    from pipeline.deliver.owner import HOST

    folder, out, results, thread = drop
    thread.start()
    left = folder / "working" / f"{HOST}-99999-abcdef"  # a watcher on this machine, stopped: its lock is gone
    left.mkdir(parents=True)
    shutil.copy(tracker_dir / "workplan_sheets.xlsx", left / "tracker.xlsx")
    assert wait_for(lambda: any(getattr(r, "status", "") == "built" for r in results), timeout=120)
    assert ("tracker.xlsx: was being handled when its watcher stopped; it is back in the folder, to be handled "
            "again.") in results
    assert not left.exists() and len(settled_files(folder, "processed")) == 1


def test_a_drop_folder_out_of_reach_for_a_while_is_waited_for(drop, tracker_dir, tmp_path):
    folder, out, results, thread = drop
    thread.start()
    shutil.copy(tracker_dir / "workplan_sheets.xlsx", folder / "first.xlsx")
    assert wait_for(lambda: len(settled_files(folder, "processed")) == 1, timeout=120)  # watching
    away = tmp_path / "away"
    folder.rename(away)  # the share's network goes
    assert wait_for(lambda: f"The folder {folder} cannot be reached (No such file or directory); waiting for it to "
                            "come back." in results, timeout=60)
    away.rename(folder)
    shutil.copy(tracker_dir / "workplan_sheets.xlsx", folder / "tracker.xlsx")
    assert wait_for(lambda: len(settled_files(folder, "processed")) == 2, timeout=120)
    assert wait_for(lambda: f"The folder {folder} can be reached again." in results, timeout=60)
    assert thread.is_alive()


def test_a_scheduled_check_that_cannot_run_says_so_in_a_sentence(tmp_path):
    from pipeline.deliver.service import due_job

    calendar = tmp_path / "meetings.toml"
    calendar.write_text('[[meeting]]\ndate = 2026-05-05\ncommittee = "Executive"\ntracker = "x.xlsx"\n'
                        'to = ["a@council.example"]\nlead_dayz = 5\n', encoding="utf-8")
    said = []
    due_job(calendar, Delivery(tmp_path / "output"), lambda: date(2026, 5, 1), said.append)()
    assert said == [f"The meeting calendar was not checked: The meeting calendar {calendar} cannot be used: in "
                    "meeting 1, 'lead_dayz' is not a setting: check its spelling (see the README's calendar "
                    "example)."]
