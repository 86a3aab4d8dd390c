"""Edge cases met in real workbooks: each once broke something, and must not again."""

import json
from datetime import date, datetime

import openpyxl
import pytest
from click.testing import CliRunner

from pipeline import run
from pipeline.cli import main
from pipeline.deliver import drop
from pipeline.deliver.runlog import RunLog
from pipeline.deliver.service import Delivery, send_appendix
from tests import runs
from tests.builders import workbook

TODAY = date(2026, 11, 22)
HEAD = ["Rec.", "Action", "Owner(s)", "Target date", "Update"]


def codes(outcome):
    return [(f.code, f.sheet, f.cell) for f in outcome.findings]


def test_a_priority_title_merged_across_the_row_is_a_section(tmp_path):
    rows = [["Initiative", "Q1 2024/25 position", "Q2 2024/25 position"],
            ["We will reduce poverty"], ["Relaunch the Welfare Strategy", "G", "G"],
            ["We will promote inclusivity"], ["Support dementia friendly communities", "G", "C"]]
    path = workbook(tmp_path / "t.xlsx", {"Workplan": rows}, merges={"Workplan": ["A2:C2", "A4:C4"]})
    outcome = runs.summary_of(path, TODAY)
    assert outcome.errors == ()
    assert outcome.summary.actions == 2


def test_two_sheets_for_one_round_are_an_error_not_double_counts(tmp_path):
    rows = [["Priority", "Initiative", "RAG status"], ["P", "Do it", "G"]]
    path = workbook(tmp_path / "t.xlsx", {"Q1 2024-25": rows, "Q2 2024-25": rows, "Q2 2024-25 (2)": rows})
    outcome = runs.summary_of(path, TODAY, force=True)
    assert ("duplicate-round", "Q2 2024-25 (2)", None) in codes(outcome)
    assert outcome.summary.actions == 1


def test_a_two_row_header_reads_each_rounds_status_and_update(tmp_path):
    rows = [["Rec.", "Action", "Owner(s)", "June 2025", None, "October 2025", None],
            [None, None, None, "Status", "Update", "Status", "Update"],
            ["1", "Do it", "Chief Executive", "Ongoing", "Started.", "Complete", "Going well."]]
    path = workbook(tmp_path / "t.xlsx", {"Plan": rows}, merges={"Plan": ["D1:E1", "F1:G1"]})
    outcome = runs.summary_of(path, TODAY)
    assert (outcome.summary.actions, outcome.summary.complete, outcome.summary.completed_since_last) == (1, 1, 1)


def test_an_unknown_title_alone_in_a_row_is_questioned(tmp_path):
    head = ["Initiative", "RAG status"]
    q1 = [head, ["We will reduce poverty"], ["Relaunch the Welfare Strategy", "G"]]
    q2 = [head, ["We will reduce poverty"], ["Relaunch the Welfare Strategy", "G"], ["Do a new thing"],
          ["Open two hubs", "A"]]
    outcome = runs.findings_of(workbook(tmp_path / "t.xlsx", {"Q1 2024-25": q1, "Q2 2024-25": q2}), TODAY)
    assert ("new-section", "Q2 2024-25", "A4") in codes(outcome)


def test_entities_without_tags_are_decoded(tmp_path):
    path = workbook(tmp_path / "t.xlsx", {"June 2025": [HEAD, ["1", "Work with R&amp;D&nbsp;team", "CE", "May 2027",
                                                                "Ongoing."]]})
    plan = runs.assess(path, TODAY).plan
    assert plan.actions[0].field("action").plain == "Work with R&D team"


def test_a_date_stored_as_a_number_is_read_and_questioned(tmp_path):
    path = workbook(tmp_path / "t.xlsx", {"June 2025": [HEAD, ["1", "Do it", "CE", 45747, "Ongoing."]]})
    checked = runs.assess(path, TODAY)
    assert checked.plan.actions[0].positions[0].target_date == date(2025, 3, 31)
    assert ("date-as-number", "June 2025", "D2") in [(f.code, f.sheet, f.cell) for f in checked.findings]


def test_retyping_a_target_is_not_reprofiling(tmp_path):
    june = [HEAD, ["1", "Do it", "CE", datetime(2026, 3, 31), "Ongoing."], ["2", "Do more", "CE", "March 2026", "Ongoing."]]
    october = [HEAD, ["1", "Do it", "CE", "31/03/2026", "Ongoing."], ["2", "Do more", "CE", "31 March 2026", "Ongoing."]]
    path = workbook(tmp_path / "t.xlsx", {"June 2025": june, "October 2025": october})
    assert runs.summary_of(path, TODAY).summary.reprofiled == 0


def test_overdue_is_judged_as_at_today_when_that_is_before_the_rounds_end(tmp_path):
    path = workbook(tmp_path / "t.xlsx", {"January 2026": [HEAD, ["1", "Do it", "CE", "20 January 2026", "Ongoing."]]})
    early = runs.summary_of(path, date(2026, 1, 5))
    late = runs.summary_of(path, date(2026, 2, 5))
    assert (early.summary.overdue, late.summary.overdue) == (0, 1)
    assert "target-passed" not in [f.code for f in early.findings]
    assert "target-passed" in [f.code for f in late.findings]


def test_a_finding_on_a_merged_cell_is_marked_on_its_first_cell(tmp_path):
    rows = [["Rec.", "Recommendation", "Action", "Status", "Update"],
            ["1", "A recommendation", "First", "Greeen", "Going."], [None, None, "Second", "Ongoing", "Fine."]]
    path = workbook(tmp_path / "t.xlsx", {"June 2025": rows}, merges={"June 2025": ["D2:D3"]})
    result = CliRunner().invoke(main, ["validate", str(path), "--annotate", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    book = openpyxl.load_workbook(tmp_path / "out" / "t - checked.xlsx")
    assert "is not a status" in book["June 2025"]["D2"].comment.text


def test_an_unexpected_failure_sets_the_file_aside_and_the_folder_goes_on(tracker, tmp_path, monkeypatch):
    folder = tmp_path / "input"
    folder.mkdir()
    dropped = folder / "tracker.xlsx"
    dropped.write_bytes(tracker("workplan_sheets").read_bytes())

    def broken(*args, **kwargs):
        raise RuntimeError("simulated fault")

    monkeypatch.setattr(run, "build", broken)
    result = drop.handle(dropped, tmp_path / "out", TODAY, RunLog(tmp_path / "out"))
    assert result.status == "rejected"
    assert result.reason == ("tracker.xlsx could not be handled (RuntimeError); it has been set aside untouched: "
                             "report this with the file.")
    assert result.moved_to.exists() and not dropped.exists()


def test_a_dry_run_never_stands_in_for_the_real_send(smtp, tracker, tmp_path):
    appendix = runs.built(tracker("workplan_sheets"), tmp_path / "out", TODAY).appendix
    assert send_appendix(appendix, ["clerk@council.example"], Delivery(tmp_path / "out", dry_run=True)).status == "outbox"
    assert send_appendix(appendix, ["clerk@council.example"], Delivery(tmp_path / "out")).status == "sent"
    assert len(smtp.inbox.envelopes) == 1


def test_a_recipient_refused_among_several_is_reported(monkeypatch, tracker, tmp_path):
    from tests.smtp import SmtpServer

    server = SmtpServer(refuse={"nobody@council.example"}).start()
    try:
        monkeypatch.setenv("PIPELINE_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("PIPELINE_SMTP_PORT", str(server.port))
        appendix = runs.built(tracker("workplan_sheets"), tmp_path / "out", TODAY).appendix
        result = CliRunner().invoke(main, ["send", str(appendix), "--to", "clerk@council.example", "--to",
                                           "nobody@council.example", "--out", str(tmp_path / "out")])
        assert result.exit_code == 2
        assert "partly sent: to clerk@council.example; the mail server refused nobody@council.example" in result.output
        assert len(server.inbox.envelopes) == 1
    finally:
        server.stop()


@pytest.mark.parametrize("entry, message", [
    ('date = 2026-12-10T18:30:00\nlead_days = 5', None),
    ('date = 2026-12-10\nlead_days = "5 days"', "in meeting 1, lead_days should be a whole number, not text"),
    ('date = "10/12/2026"', "in meeting 1, date should be a date written YYYY-MM-DD"),
])
def test_calendar_entries_are_read_or_refused_in_one_sentence(tmp_path, entry, message):
    calendar = tmp_path / "meetings.toml"
    calendar.write_text(f'[[meeting]]\n{entry}\ncommittee = "Executive"\ntracker = "x.xlsx"\nto = ["a@b.c"]\n')
    result = CliRunner().invoke(main, ["due", "--calendar", str(calendar), "--today", "2026-11-22",
                                       "--out", str(tmp_path / "out"), "--dry-run"])
    if message:
        assert result.exit_code == 2 and message in result.output
    else:
        assert "Executive 10 December 2026: not yet (due on 3 December 2026)" in result.output


def test_a_very_long_title_still_makes_a_file_name(tmp_path):
    title = "Cynllun Gwella Parhaus y Cyngor " * 6
    rows = [[title], HEAD, ["1", "Do it", "CE", "May 2027", "Ongoing."]]
    outcome = runs.build(workbook(tmp_path / "t.xlsx", {"June 2025": rows}), tmp_path / "out", TODAY)
    assert isinstance(outcome, run.Built)
    assert all(len(p.name.encode()) <= 255 for p in outcome.outputs)


def test_history_json_lists_runs(tracker, tmp_path):
    folder = tmp_path / "input"
    folder.mkdir()
    (folder / "t.xlsx").write_bytes(tracker("workplan_sheets").read_bytes())
    drop.handle(folder / "t.xlsx", tmp_path / "out", TODAY, RunLog(tmp_path / "out"))
    result = CliRunner().invoke(main, ["history", "--out", str(tmp_path / "out"), "--format", "json"])
    [entry] = json.loads(result.output)
    assert (entry["input_file"], entry["status"], entry["round"]) == ("t.xlsx", "built", "Q2 2024/25")
    assert len(entry["outputs"]) == 2


def test_new_round_of_a_tracker_grouped_by_section_rows_reads_back_as_actions(tracker, tmp_path):
    from pipeline.onboard import new_round

    source = tmp_path / "sections.xlsx"
    source.write_bytes(tracker("workplan_sections").read_bytes())
    new_round(source, tmp_path / "next.xlsx", TODAY)
    outcome = runs.summary_of(tmp_path / "next.xlsx", TODAY)
    assert (outcome.summary.round.label, outcome.summary.actions, outcome.summary.removed) == ("Q3 2024/25", 58, 0)
    assert "new-section" not in [f.code for f in outcome.findings]


@pytest.mark.parametrize("command", [
    ["new-tracker", "--report", "workplan", "{existing}"],
    ["import", "{docx}", "--report", "workplan", "--out", "{existing}"],
    ["new-round", "{existing}", "--out", "{existing}"],
])
def test_an_existing_workbook_is_never_overwritten(tracker, tmp_path, command):
    existing = tmp_path / "officer.xlsx"
    existing.write_bytes(tracker("workplan_sheets").read_bytes())
    before = existing.read_bytes()
    built = runs.built(existing, tmp_path / "out", TODAY).appendix
    args = [a.format(existing=existing, docx=built) for a in command]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "officer.xlsx" in result.output and ("already exists" in result.output or "is the tracker itself" in result.output)
    assert existing.read_bytes() == before


def test_messages_with_the_same_subject_are_all_kept_in_the_outbox(tracker, tmp_path):
    appendix = runs.built(tracker("workplan_sheets"), tmp_path / "out", TODAY).appendix
    for to in (["a@council.example"], ["b@council.example"]):
        send_appendix(appendix, to, Delivery(tmp_path / "out", dry_run=True))
    assert len(list((tmp_path / "out" / "outbox").glob("*.eml"))) == 2


def test_a_newer_copy_saved_while_the_first_is_built_is_a_job_of_its_own(tracker, tmp_path, monkeypatch):
    folder = tmp_path / "input"
    folder.mkdir()
    dropped = folder / "tracker.xlsx"
    dropped.write_bytes(tracker("workplan_sheets").read_bytes())
    corrected = tracker("workplan_wide").read_bytes()
    real_build = run.build

    def build_while_saved_again(*args, **kwargs):
        dropped.write_bytes(corrected)  # the officer saves a corrected version under the same name
        return real_build(*args, **kwargs)

    monkeypatch.setattr(run, "build", build_while_saved_again)
    first = drop.handle(dropped, tmp_path / "out", TODAY, RunLog(tmp_path / "out"))
    assert first.status == "built" and dropped.read_bytes() == corrected
    monkeypatch.setattr(run, "build", real_build)
    second = drop.handle(dropped, tmp_path / "out", TODAY, RunLog(tmp_path / "out"))
    assert second.status == "built" and second.moved_to.read_bytes() == corrected
    assert [e.status for e in RunLog(tmp_path / "out").history()] == ["built", "built"]


def test_check_finds_skipped_headings_without_tables_and_in_nested_tables(tmp_path):
    from docx import Document

    from pipeline.render import audit as accessibility

    plain = Document()
    plain.core_properties.title = "T"
    plain.add_heading("One", 1)
    plain.add_heading("Three", 3)
    plain.save(tmp_path / "plain.docx")
    assert [f.code for f in accessibility(tmp_path / "plain.docx")] == ["skipped-heading"]
