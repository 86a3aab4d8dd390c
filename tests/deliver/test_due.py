"""The meeting calendar: generation on the right working day, once, catching up after a missed run."""

import shutil
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


CALENDAR = """
[[meeting]]
date = 2026-05-05
committee = "Executive"
tracker = "Council Plan workplan.xlsx"
to = ["clerk@council.example", "leader@council.example"]
lead_days = 5

[[meeting]]
date = "2026-05-12"
committee = "Overview and Scrutiny Board"
tracker = "*.xlsx"
to = ["scrutiny@council.example"]
lead_days = 3
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

    log = RunLog(tmp_path)
    assert log.claim("meeting:2026-05-05|Executive|x.xlsx") is True
    assert RunLog(tmp_path).claim("meeting:2026-05-05|Executive|x.xlsx") is False  # another process
    assert RunLog(tmp_path).claim("meeting:2026-05-05|Executive|x.xlsx", stale_after=-1) is True  # died: taken over
    log.release("meeting:2026-05-05|Executive|x.xlsx")
    assert log.claim("meeting:2026-05-05|Executive|x.xlsx") is True


def test_an_absolute_tracker_path_and_a_missing_one(smtp, calendar, tmp_path):
    text = calendar.read_text().replace('tracker = "*.xlsx"', f'tracker = "{calendar.parent}/*.xlsx"')
    calendar.write_text(text.replace('tracker = "Council Plan workplan.xlsx"', 'tracker = "nothing-*.xlsx"'))
    early = due(calendar, "2026-04-29", tmp_path / "output")
    assert "Executive 5 May 2026: failed (no tracker matches 'nothing-*.xlsx'" in early.output
    assert "correct the tracker setting in the calendar" in early.output
    assert early.exit_code == 1
    later = due(calendar, "2026-05-08", tmp_path / "output")
    assert "Overview and Scrutiny Board 12 May 2026: sent" in later.output
