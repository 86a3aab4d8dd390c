"""The meeting calendar: generation on the right working day, once, catching up after a missed run."""

import shutil
import subprocess
import sys
from datetime import date

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.deliver import meetings


@pytest.mark.parametrize("meeting, lead, expected", [
    (date(2026, 5, 5), 5, date(2026, 4, 27)),   # back over the May Day bank holiday and a weekend
    (date(2026, 4, 9), 3, date(2026, 4, 2)),    # over Easter Monday, the weekend and Good Friday
    (date(2026, 3, 16), 5, date(2026, 3, 9)),   # over a weekend only
    (date(2026, 1, 5), 2, date(2025, 12, 31)),  # over New Year's Day and a weekend
])
def test_working_days_skip_weekends_and_bank_holidays(meeting, lead, expected):
    assert meetings.working_days_before(meeting, lead) == expected


# The seed trackers report 2024 and 2025: these meetings accept rounds that old (max_age_days).
CALENDAR = """
[[meeting]]
date = 2026-05-05
committee = "Executive"
tracker = "Council Plan workplan.xlsx"
to = ["clerk@council.example", "leader@council.example"]
lead_days = 5
max_age_days = 1000

[[meeting]]
date = "2026-05-12"
committee = "Overview and Scrutiny Board"
tracker = "*.xlsx"
to = ["scrutiny@council.example"]
lead_days = 3
max_age_days = 1000
"""


@pytest.fixture
def calendar(tmp_path, tracker_dir):
    folder = tmp_path / "input"
    folder.mkdir()
    shutil.copy(tracker_dir / "workplan_sheets.xlsx", folder / "Council Plan workplan.xlsx")
    shutil.copy(tracker_dir / "improvement_sheets.xlsx", folder / "Continuous Improvement Plan.xlsx")
    path = folder / "meetings.toml"
    path.write_text(CALENDAR, encoding="utf-8")
    return path


def due(calendar, today, out):
    return CliRunner().invoke(main, ["due", "--calendar", str(calendar), "--today", today, "--out", str(out)])


def test_generation_on_the_right_day_once_and_catching_up(smtp, calendar, tmp_path):
    out = tmp_path / "output"
    early = due(calendar, "2026-04-24", out)  # Friday before: not yet
    assert early.exit_code == 0
    assert "Executive 5 May 2026: not yet (due on 27 April 2026)" in early.output
    assert smtp.inbox.envelopes == []

    on_the_day = due(calendar, "2026-04-27", out)
    assert "Executive 5 May 2026: sent" in on_the_day.output
    assert "Overview and Scrutiny Board 12 May 2026: not yet (due on 7 May 2026)" in on_the_day.output
    [message] = smtp.inbox.messages
    assert message["Subject"].startswith("Executive 5 May 2026: Council Plan workplan")
    assert [a.get_filename() for a in message.iter_attachments()] == [
        "Council Plan workplan - Q2 2024-25 - appendix.docx"]
    assert "There are currently 58 initiatives" in message.get_body(("plain",)).get_content()
    assert "For the Executive meeting on Tuesday 5 May 2026, please find" in message.get_body(("plain",)).get_content()
    assert "on Tuesday 5 May 2026, please" in message.get_body(("html",)).get_content()

    again = due(calendar, "2026-04-27", out)  # the hourly run, later the same day
    assert "Executive 5 May 2026: already done" in again.output
    assert len(smtp.inbox.envelopes) == 1

    # The machine was off on 7 May; the run on 8 May catches up, before the 12 May meeting.
    caught_up = due(calendar, "2026-05-08", out)
    assert "Overview and Scrutiny Board 12 May 2026: sent" in caught_up.output
    assert len(smtp.inbox.envelopes) == 2
    scrutiny = smtp.inbox.messages[1]
    assert sorted(a.get_filename() for a in scrutiny.iter_attachments()) == [
        "Continuous Improvement Plan - January 2026 - appendix.docx",
        "Council Plan workplan - Q2 2024-25 - appendix.docx"]
    assert smtp.inbox.envelopes[1].rcpt_tos == ["scrutiny@council.example"]

    after = due(calendar, "2026-05-13", out)
    assert "already done" in after.output and len(smtp.inbox.envelopes) == 2


def test_a_meeting_that_has_passed_is_reported_not_sent(smtp, calendar, tmp_path):
    result = due(calendar, "2026-05-20", tmp_path / "output")
    assert "Executive 5 May 2026: missed (the meeting has taken place; nothing was sent)" in result.output
    assert smtp.inbox.envelopes == []


def test_a_tracker_with_errors_is_not_sent_and_is_tried_again(smtp, calendar, tracker_dir, tmp_path):
    shutil.copy(tracker_dir / "workplan_seed_exact.xlsx", calendar.parent / "Council Plan workplan.xlsx")
    failed = due(calendar, "2026-04-28", tmp_path / "output")
    assert failed.exit_code == 1
    assert "Executive 5 May 2026: failed (Council Plan workplan.xlsx has 1 error: run 'pipeline validate" in failed.output
    shutil.copy(tracker_dir / "workplan_sheets.xlsx", calendar.parent / "Council Plan workplan.xlsx")
    fixed = due(calendar, "2026-04-29", tmp_path / "output")
    assert "Executive 5 May 2026: sent" in fixed.output
    assert len(smtp.inbox.envelopes) == 1


def test_a_calendar_entry_without_its_date_is_a_clear_error(tmp_path):
    path = tmp_path / "meetings.toml"
    path.write_text('[[meeting]]\ncommittee = "Executive"\ntracker = "x.xlsx"\nto = ["a@b.c"]\n')
    result = CliRunner().invoke(main, ["due", "--calendar", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "meetings.toml cannot be used: in meeting 1, date is missing (see the README's calendar example)." in result.output


def test_two_runs_at_once_never_both_send_a_meeting(tmp_path):
    from pipeline.deliver.runlog import RunLog

    key = "meeting:2026-05-05|Executive|x.xlsx"
    other = subprocess.Popen([sys.executable, "-c", CLAIM_AND_WAIT, str(tmp_path), key],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "True"
        assert RunLog(tmp_path).claim(key) is False  # the other process holds it
    finally:
        other.kill()
        other.wait()
    log = RunLog(tmp_path)
    assert log.claim(key) is True  # it died: taken over
    assert log.claim(key) is False  # and held once
    log.release(key)
    assert log.claim(key) is True


CLAIM_AND_WAIT = """
import sys
from pathlib import Path
from pipeline.deliver.runlog import RunLog
print(RunLog(Path(sys.argv[1])).claim(sys.argv[2]), flush=True)
sys.stdin.read()
"""


def test_an_absolute_tracker_path_and_a_missing_one(smtp, calendar, tmp_path):
    text = calendar.read_text().replace('tracker = "*.xlsx"', f'tracker = "{calendar.parent}/*.xlsx"')
    calendar.write_text(text.replace('tracker = "Council Plan workplan.xlsx"', 'tracker = "nothing-*.xlsx"'))
    early = due(calendar, "2026-04-29", tmp_path / "output")
    assert "Executive 5 May 2026: failed (no tracker matches 'nothing-*.xlsx'" in early.output
    assert "correct the tracker setting in the calendar" in early.output
    assert early.exit_code == 1
    later = due(calendar, "2026-05-08", tmp_path / "output")
    assert "Overview and Scrutiny Board 12 May 2026: sent" in later.output


def test_a_round_long_over_before_the_meeting_is_refused_and_recorded(smtp, tmp_path, tracker_dir):
    folder = tmp_path / "input"
    folder.mkdir()
    shutil.copy(tracker_dir / "workplan_sheets.xlsx", folder / "Council Plan workplan.xlsx")
    calendar = folder / "meetings.toml"
    calendar.write_text('[[meeting]]\ndate = 2027-01-19\ncommittee = "Executive"\ntracker = "Council Plan workplan.xlsx"'
                        '\nto = ["clerk@council.example"]\n', encoding="utf-8")
    result = due(calendar, "2027-01-12", tmp_path / "output")
    assert result.exit_code == 1
    assert ("Executive 19 January 2027: failed (the round workplan_sheets.xlsx reports" not in result.output)
    assert ("the round Council Plan workplan.xlsx reports, Q2 2024/25, ended on 30 September 2024, 841 days before "
            "the meeting: roll the tracker forward") in result.output
    assert smtp.inbox.envelopes == []
    assert not list((tmp_path / "output").glob("*.docx"))
    history = CliRunner().invoke(main, ["history", "--out", str(tmp_path / "output")]).output
    assert "stale" in history


def test_due_finds_a_tracker_the_drop_folder_has_filed_away(smtp, calendar, tmp_path):
    processed = calendar.parent / "processed"
    processed.mkdir()
    (calendar.parent / "Council Plan workplan.xlsx").rename(processed / "Council Plan workplan 2026-04-20 101500.xlsx")
    (processed / "Council Plan workplan 2026-03-02 090000.xlsx").write_bytes(b"an older copy, never read")
    result = due(calendar, "2026-04-28", tmp_path / "output")
    assert "Executive 5 May 2026: sent" in result.output


def test_a_bad_address_in_the_calendar_fails_its_meeting_only(smtp, calendar, tmp_path):
    text = calendar.read_text().replace('"leader@council.example"', '"leader at council"')
    calendar.write_text(text.replace("lead_days = 3", "lead_days = 6"))  # both due on 1 May
    result = due(calendar, "2026-05-01", tmp_path / "output")
    assert result.exit_code == 1
    assert ("Executive 5 May 2026: failed ('leader at council' in its 'to' is not an email address "
            "(name@place.domain): correct the calendar)") in result.output
    assert "Overview and Scrutiny Board 12 May 2026: sent" in result.output
    assert [m["To"] for m in smtp.inbox.messages] == ["scrutiny@council.example"]


def test_without_a_mail_server_nothing_due_is_fine_and_a_due_meeting_says_what_to_set(calendar, tmp_path,
                                                                                        monkeypatch):
    for name in [n for n in __import__("os").environ if n.startswith("PIPELINE_SMTP_")]:
        monkeypatch.delenv(name)
    quiet = due(calendar, "2026-04-01", tmp_path / "output")
    assert quiet.exit_code == 0 and "not yet" in quiet.output
    busy = due(calendar, "2026-04-28", tmp_path / "output")
    assert busy.exit_code == 1
    assert ("Executive 5 May 2026: failed (No mail server is set, so nothing can be emailed: set host in the [smtp] "
            "table of the settings file, or PIPELINE_SMTP_HOST (see docs/email.md), or give --dry-run to keep each "
            "email as a file in the outbox)") in busy.output


SENDING_THEN_GONE = """
import sys
from pathlib import Path
from pipeline.deliver.runlog import RunLog
RunLog(Path(sys.argv[1])).record_email(None, sys.argv[2], ["clerk@council.example"], "Executive", "sending")
"""


def test_a_meeting_whose_send_was_cut_short_is_reported_and_never_sent_again(smtp, calendar, tmp_path):
    key = "meeting:2026-05-05|Executive|Council Plan workplan.xlsx"
    done = subprocess.run([sys.executable, "-c", SENDING_THEN_GONE, str(tmp_path / "output"), key], timeout=60)
    assert done.returncode == 0  # the process that was sending has ended
    for _ in range(2):
        result = due(calendar, "2026-04-28", tmp_path / "output")
        assert result.exit_code == 1
        assert ("Executive 5 May 2026: unknown (an earlier attempt was cut short, so it may or may not have gone: "
                "check with the recipients; it will not be sent again automatically)") in result.output
    assert smtp.inbox.envelopes == []
