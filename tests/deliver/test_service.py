"""The long-running commands as real processes: killed mid-work and restarted, and stopped cleanly."""

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from tests.deliver.test_watch import GOOD, settled_files, wait_for

PIPELINE = str(Path(sys.executable).with_name("pipeline"))


def environment(smtp) -> dict:
    env = dict(os.environ)
    env.update({"PYTHONUNBUFFERED": "1", "PIPELINE_SMTP_HOST": "127.0.0.1", "PIPELINE_SMTP_PORT": str(smtp.port),
                "PIPELINE_SMTP_SECURITY": "none", "PIPELINE_MAIL_FROM": "performance@council.example"})
    return env


def test_a_restart_in_the_middle_loses_nothing_and_sends_nothing_twice(smtp, tracker_dir, tmp_path):
    folder, out = tmp_path / "input", tmp_path / "output"
    folder.mkdir()
    for name in GOOD:
        shutil.copy(tracker_dir / f"{name}.xlsx", folder / f"{name}.xlsx")
    command = [PIPELINE, "watch", str(folder), "--out", str(out), "--to", "clerk@council.example", "--settle", "0.3"]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=environment(smtp))
    assert first.stdout.readline().startswith("Watching ")
    line = first.stdout.readline()  # the first workbook is done; the others are in hand
    assert ": built " in line
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    assert len(settled_files(folder, "processed")) < len(GOOD)

    second = subprocess.run([*command, "--once"], capture_output=True, text=True, env=environment(smtp), timeout=300)
    assert second.returncode == 0, second.stderr
    assert len(settled_files(folder, "processed")) == len(GOOD)
    assert not [p for p in folder.iterdir() if p.is_file()]
    time.sleep(0.5)
    assert len(smtp.inbox.envelopes) == len(GOOD)
    attachments = sorted(a.get_filename() for m in smtp.inbox.messages for a in m.iter_attachments())
    assert len(attachments) == len(GOOD)


def test_serve_watches_runs_the_schedule_and_stops_cleanly(smtp, tracker_dir, tmp_path):
    folder, out = tmp_path / "input", tmp_path / "output"
    folder.mkdir()
    shutil.copy(tracker_dir / "workplan_sheets.xlsx", folder.parent / "Council Plan workplan.xlsx")
    meeting = date.today() + timedelta(days=10)
    (tmp_path / "meetings.toml").write_text(
        f'[[meeting]]\ndate = {meeting.isoformat()}\ncommittee = "Executive"\ntracker = "Council Plan workplan.xlsx"\n'
        f'to = ["clerk@council.example"]\nlead_days = 30\nmax_age_days = 5000\n', encoding="utf-8")  # a seed tracker: old rounds
    service = subprocess.Popen([PIPELINE, "serve", str(folder), "--out", str(out), "--calendar",
                                str(tmp_path / "meetings.toml"), "--every", "60"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment(smtp))
    try:
        assert wait_for(lambda: len(smtp.inbox.envelopes) == 1, timeout=120)  # the schedule ran at start
        shutil.copy(tracker_dir / "improvement_sheets.xlsx", folder / "dropped.xlsx")
        assert wait_for(lambda: len(settled_files(folder, "processed")) == 1, timeout=120)
    finally:
        service.send_signal(signal.SIGTERM)
        output, _ = service.communicate(timeout=60)
    assert service.returncode == 0, output
    assert "Executive" in output and "dropped.xlsx: built" in output
    assert output.rstrip().endswith("Stopped.")
    assert len(smtp.inbox.envelopes) == 1
