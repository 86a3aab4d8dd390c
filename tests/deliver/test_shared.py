"""Unattended and shared, with real processes: two watchers on one folder, a workbook saved again
while it is built, a link to a file elsewhere, a full disk, the run log held by another process
during a send, files colleagues can read, and a watcher killed mid-build then started again."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench import generate
from pipeline.deliver.runlog import FILE_NAME, RunLog
from tests.deliver.test_service import PIPELINE, environment
from tests.deliver.test_watch import GOOD, settled_files, wait_for
from tests.runs import TODAY


def watch(folder: Path, out: Path, smtp, *more: str) -> subprocess.Popen[str]:
    return subprocess.Popen([PIPELINE, "watch", str(folder), "--out", str(out), "--to", "clerk@council.example",
                             "--settle", "0.3", *more], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=environment(smtp))


def stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=60)
    return output


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_two_watchers_on_one_folder_handle_and_email_each_workbook_once(smtp, tracker_dir, tmp_path):
    folder, out = tmp_path / "drop", tmp_path / "output"
    folder.mkdir()
    watchers = [watch(folder, out, smtp) for _ in range(2)]
    try:
        for n in range(12):
            shutil.copy(tracker_dir / f"{GOOD[n % len(GOOD)]}.xlsx", folder / f"tracker {n:02d}.xlsx")
        assert wait_for(lambda: len(settled_files(folder, "processed")) == 12, timeout=300)
        time.sleep(3)  # a rescan by either must not take anything again
    finally:
        outputs = [stop(w) for w in watchers]
    assert len(settled_files(folder, "processed")) == 12 and not list(folder.glob("*.xlsx"))
    assert len(smtp.inbox.envelopes) == 12
    names = sorted(a.get_filename() for m in smtp.inbox.messages for a in m.iter_attachments())
    assert len(set(names)) == 12  # twelve trackers, twelve appendices: none overwritten by another
    runs = RunLog(out).history(100)
    assert sorted(r.input_file for r in runs) == [f"tracker {n:02d}.xlsx" for n in range(12)]
    assert {r.status for r in runs} == {"built"} and all(len(r.emails) == 1 for r in runs)
    assert sum(o.count(": built ") for o in outputs) == 12


def test_a_workbook_saved_again_while_it_is_built_is_built_again(smtp, tracker_dir, tmp_path):
    folder, out = tmp_path / "drop", tmp_path / "output"
    folder.mkdir()
    first, corrected = tracker_dir / "workplan_sheets.xlsx", tracker_dir / "improvement_sheets.xlsx"
    watcher = watch(folder, out, smtp)
    try:
        shutil.copy(first, folder / "tracker.xlsx")
        working = folder / "working"
        assert wait_for(lambda: any(working.glob("*/tracker.xlsx")), timeout=120)  # claimed: being built now
        shutil.copy(corrected, folder / "tracker.xlsx")  # the officer saves the corrected version
        assert wait_for(lambda: len(settled_files(folder, "processed")) == 2, timeout=120)
    finally:
        stop(watcher)
    assert sorted(digest(p) for p in settled_files(folder, "processed")) == sorted([digest(first), digest(corrected)])
    subjects = sorted(str(m["Subject"]) for m in smtp.inbox.messages)
    assert len(subjects) == 2 and "Continuous Improvement Plan" in subjects[0] and "Council Plan" in subjects[1]


def test_a_link_to_a_workbook_elsewhere_is_skipped_with_a_note(smtp, tracker_dir, tmp_path):
    folder, out, elsewhere = tmp_path / "drop", tmp_path / "output", tmp_path / "private"
    folder.mkdir()
    elsewhere.mkdir()
    secret = shutil.copy(tracker_dir / "workplan_sheets.xlsx", elsewhere / "restricted.xlsx")
    try:
        (folder / "looks innocent.xlsx").symlink_to(secret)
    except OSError:
        pytest.skip("this machine does not allow symbolic links")
    done = subprocess.run([PIPELINE, "watch", str(folder), "--out", str(out), "--once", "--settle", "0.3", "--to",
                           "clerk@council.example"], capture_output=True, text=True, env=environment(smtp), timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ("looks innocent.xlsx: a link to a file elsewhere, so it was skipped: copy the workbook "
                           f"itself into the folder.\nNo workbooks are waiting in {folder}.\n")
    assert smtp.inbox.envelopes == [] and not list(out.glob("*.docx"))
    assert (folder / "looks innocent.xlsx").is_symlink() and Path(secret).is_file()


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB file system of its own (tmpfs), where the machine lets the tests mount one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip("this machine does not let the tests mount a small file system")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path, leave: int) -> None:
    """Fill `disk` until `leave` bytes are free."""
    free = shutil.disk_usage(disk).free
    with (disk / "filler").open("ab") as handle:
        handle.write(b"\0" * max(0, free - leave))


@pytest.mark.parametrize("leave", [0, 8_192, 24_576, 45_056, 49_152, 61_440])
def test_a_full_disk_leaves_no_half_set_of_outputs(small_disk, tracker_dir, leave):
    out = small_disk / "output"
    done = subprocess.run([PIPELINE, "build", str(tracker_dir / "workplan_sheets.xlsx"), "--out", str(out)],
                          capture_output=True, text=True, timeout=120)  # the run log is made with room to spare
    assert done.returncode == 0, done.stderr
    appendix = next(out.glob("*.docx"))
    for made in (appendix, appendix.with_suffix(".txt")):
        made.unlink()
    fill(small_disk, leave)
    done = subprocess.run([PIPELINE, "build", str(tracker_dir / "workplan_sheets.xlsx"), "--out", str(out)],
                          capture_output=True, text=True, timeout=120)
    written = sorted(p.suffix for p in out.iterdir() if p.is_file() and p.name != FILE_NAME and p.name[0] != ".")
    assert written in ([], [".docx", ".txt"]), written  # all or none, and no .part left
    if written:  # built; where the run log then had no room to record it, that is said
        assert done.returncode == 0 or (done.returncode == 3 and done.stderr.startswith(f"The run log {out}"))
    else:
        assert done.returncode == 3 and done.stdout == ""
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
        assert "(No space left on device)" in done.stderr or "(the disk is full)" in done.stderr, done.stderr


def test_a_full_disk_under_the_watcher_is_retried_never_rejected(smtp, small_disk, tracker_dir, tmp_path):
    folder, out = tmp_path / "drop", small_disk / "output"
    folder.mkdir()
    watcher = watch(folder, out, smtp)
    try:
        assert wait_for(lambda: (out / FILE_NAME).is_file())
        fill(small_disk, 0)
        shutil.copy(tracker_dir / "workplan_sheets.xlsx", folder / "tracker.xlsx")
        assert wait_for(lambda: (folder / "tracker.xlsx").is_file() and not any((folder / "working").glob("*/*"))
                        and RunLog(tmp_path).path.parent.exists(), timeout=60)
        time.sleep(2)
        assert not (folder / "rejected").exists() and (folder / "tracker.xlsx").is_file()
        (small_disk / "filler").unlink()  # space is freed
        os.utime(folder / "tracker.xlsx")  # and the officer (or the next retry) brings it back
        assert wait_for(lambda: len(settled_files(folder, "processed")) == 1, timeout=120)
    finally:
        output = stop(watcher)
    assert "tracker.xlsx: " in output and "to be tried again" in output and "Traceback" not in output, output
    assert len(smtp.inbox.envelopes) == 1 and not (folder / "rejected").exists()


HOLD = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("held", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("COMMIT")
"""


def test_a_run_log_held_by_another_process_during_a_send_is_waited_for(smtp, tracker_dir, tmp_path):
    out = tmp_path / "output"
    built = subprocess.run([PIPELINE, "build", str(tracker_dir / "workplan_sheets.xlsx"), "--out", str(out)],
                           capture_output=True, text=True, timeout=120)
    appendix = next(out.glob("*.docx"))
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(out / FILE_NAME), "8"], stdout=subprocess.PIPE,
                              text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held", built.stderr
    send = [PIPELINE, "send", str(appendix), "--to", "clerk@council.example", "--out", str(out)]
    first = subprocess.run(send, capture_output=True, text=True, env=environment(smtp), timeout=120)
    holder.wait(timeout=30)
    assert first.returncode == 0, first.stderr
    again = subprocess.run(send, capture_output=True, text=True, env=environment(smtp), timeout=120)
    assert again.returncode == 0 and "already sent" in again.stdout
    assert len(smtp.inbox.envelopes) == 1
    [email] = [e for r in RunLog(out).history() for e in r.emails]
    assert email.status == "sent"


def test_outputs_take_the_mode_the_umask_gives(tracker_dir, tmp_path):
    if not hasattr(os, "umask") or sys.platform == "win32":
        pytest.skip("file modes are POSIX's")
    out = tmp_path / "output"
    done = subprocess.run(["sh", "-c", 'umask 022 && exec "$@"', "sh", PIPELINE, "build",
                           str(tracker_dir / "workplan_sheets.xlsx"), "--out", str(out), "--pdf"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    made = [p for p in out.iterdir() if p.is_file() and p.suffix in (".docx", ".txt", ".pdf")]
    assert len(made) >= 2
    assert {oct(p.stat().st_mode & 0o777) for p in made} == {"0o644"}


def test_a_watcher_killed_mid_build_is_put_right_when_it_starts_again(smtp, tmp_path):
    folder, out = tmp_path / "drop", tmp_path / "output"
    folder.mkdir()
    generate.tracker(tmp_path / "big.xlsx", 3000)  # a build long enough to be stopped in the middle of
    shutil.copy(tmp_path / "big.xlsx", folder / "big.xlsx")
    watcher = watch(folder, out, smtp)
    assert wait_for(lambda: any((folder / "working").glob("*/big.xlsx")) and (out / FILE_NAME).is_file()
                    and [r.status for r in RunLog(out).history()] == ["running"], timeout=120)  # mid-build
    watcher.send_signal(signal.SIGKILL)  # as Task Scheduler's End does
    watcher.wait(timeout=30)
    (out / ".appendix.docx.1234.part").write_bytes(b"half")  # as a write cut short leaves it
    old = time.time() - 3600
    os.utime(out / ".appendix.docx.1234.part", (old, old))

    again = subprocess.run([PIPELINE, "watch", str(folder), "--out", str(out), "--once", "--settle", "0.3", "--to",
                            "clerk@council.example"], capture_output=True, text=True, env=environment(smtp),
                           timeout=300)
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.startswith("big.xlsx: was being handled when its watcher stopped; it is back in the folder, "
                                   "to be handled again.\n"), again.stdout
    assert again.stdout.splitlines()[1].startswith("big.xlsx: built ")
    assert [r.status for r in RunLog(out).history()] == ["built", "interrupted"]
    assert not list(out.glob("*.part")) and not any((folder / "working").glob("*/*"))
    assert len(settled_files(folder, "processed")) == 1 and len(smtp.inbox.envelopes) == 1
    with sqlite3.connect(out / FILE_NAME) as db:
        assert db.execute("SELECT count(*) FROM runs WHERE status='running'").fetchone() == (0,)


CLAIM_AND_HOLD = """
import sys
from pathlib import Path
from pipeline.deliver.owner import this_process
from pipeline.files import move_into
folder = Path(sys.argv[1])
move_into(folder / "tracker.xlsx", folder / "working" / this_process(folder / "working").hold(), "tracker.xlsx")
print("claimed", flush=True)
sys.stdin.read()
"""


def test_a_claim_is_left_to_its_live_watcher_whatever_output_folder_it_writes_to(tracker_dir, tmp_path):
    from pipeline.deliver.drop import reclaim_leftovers

    folder = tmp_path / "drop"
    folder.mkdir()
    shutil.copy(tracker_dir / "workplan_sheets.xlsx", folder / "tracker.xlsx")
    other = subprocess.Popen([sys.executable, "-c", CLAIM_AND_HOLD, str(folder)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "claimed"
        assert reclaim_leftovers(folder) == [] and not (folder / "tracker.xlsx").exists()  # still its
    finally:
        other.kill()
        other.wait(timeout=30)
    assert reclaim_leftovers(folder) == ["tracker.xlsx: was being handled when its watcher stopped; it is back in "
                                         "the folder, to be handled again."]
    assert (folder / "tracker.xlsx").is_file()


def test_builds_of_plans_with_one_title_at_once_keep_every_appendix(tracker_dir, tmp_path, monkeypatch):
    """Two builds (threads of one service, as serve's watcher and calendar are) name their appendices
    while the other is writing: the naming is held open for half a second to make sure they meet."""
    import threading

    from pipeline import run
    from pipeline.render.document import source_of

    out, names = tmp_path / "output", ["north.xlsx", "south.xlsx"]
    for name in names:
        shutil.copy(tracker_dir / "workplan_sheets.xlsx", tmp_path / name)
    naming = run.appendix_name

    def slow_naming(*args):
        name = naming(*args)
        time.sleep(0.5)  # the window in which another build could take the same name
        return name

    monkeypatch.setattr(run, "appendix_name", slow_naming)
    outcomes = []
    builds = [threading.Thread(target=lambda n=name: outcomes.append(run.build(
        run.Request(tracker=tmp_path / n, today=TODAY), out))) for name in names]
    for build in builds:
        build.start()
    for build in builds:
        build.join(timeout=120)
    assert all(isinstance(o, run.Built) for o in outcomes) and len(outcomes) == 2
    appendices = sorted(out.glob("*.docx"))
    assert len(appendices) == 2 and sorted(source_of(p) for p in appendices) == names
