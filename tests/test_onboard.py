"""A new tracker, next round's sheet, and an existing Word appendix imported: and the round trip
build -> import -> build, which keeps reading and writing honest."""

import shutil
import subprocess
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from pipeline import run
from pipeline.cli import main
from tests import runs
from tests.builders import workbook

TODAY = date(2026, 11, 22)


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("report, headings, choices", [
    ("workplan", ["Priority", "Initiative", "Lead", "Position", "Commentary"], '"C,G,A,R,U"'),
    ("improvement-plan", ["Rec.", "Council Plan Ambition", "Best Value Theme", "Recommendation", "Action",
                          "Owner(s)", "Target date for completion", "Status", "Update"],
     '"Complete,Ongoing,Overdue,Cancelled"'),
])
def test_new_tracker_has_headings_lists_messages_and_guards(tmp_path, report, headings, choices):
    out = tmp_path / "tracker.xlsx"
    result = invoke("new-tracker", "--report", report, out, "--round", "Q3 2026/27")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Instructions", "Q3 2026-27", "Key"]
    sheet = book["Q3 2026-27"]
    assert [c.value for c in sheet[3]][:len(headings)] == headings
    assert sheet.freeze_panes == "A4"
    assert sheet.protection.sheet is True and not sheet.protection.password
    assert sheet["A3"].protection.locked is True and sheet["B4"].protection.locked is False
    rules = sheet.data_validations.dataValidation
    lists = [r for r in rules if r.type == "list"]
    assert [r.formula1 for r in lists] == [choices]
    assert all(r.showInputMessage and r.prompt for r in rules)
    assert len(rules) == len(headings)
    assert sheet["B4"].alignment.wrap_text is True


def test_a_new_tracker_filled_in_builds(tmp_path):
    out = tmp_path / "tracker.xlsx"
    invoke("new-tracker", "--report", "workplan", out, "--round", "Q1 2026/27")
    book = openpyxl.load_workbook(out)
    sheet = book["Q1 2026-27"]
    sheet.append(["We will reduce poverty", "Relaunch the Welfare Strategy", "Head of Welfare", "G"])
    sheet.append(["We will reduce poverty", "Open two more community hubs", "Head of Communities", "A"])
    book.save(out)
    outcome = runs.build(out, tmp_path / "output", TODAY)
    assert isinstance(outcome, run.Built), outcome
    assert outcome.summary.actions == 2
    assert outcome.summary.paragraph.startswith("There are currently 2 initiatives")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_the_new_tracker_opens_in_libreoffice(tmp_path):
    out = tmp_path / "tracker.xlsx"
    invoke("new-tracker", "--report", "improvement-plan", out)
    profile = tmp_path / "profile"
    done = subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                           "csv", "--outdir", str(tmp_path), str(out)], capture_output=True, text=True, timeout=240)
    assert (tmp_path / "tracker.csv").exists(), done.stderr
    assert "How to fill in this tracker" in (tmp_path / "tracker.csv").read_text(encoding="utf-8", errors="replace")


def test_new_round_carries_every_action_and_marks_the_closed_ones(tracker, tmp_path):
    source = tracker("improvement_sheets")
    before = source.read_bytes()
    out = tmp_path / "next.xlsx"
    result = invoke("new-round", source, "--out", out, "--round", "April 2026")
    assert result.exit_code == 0, result.output
    assert source.read_bytes() == before  # the tracker itself is never changed
    assert ("Added the sheet 'April 2026' with all 51 actions: 19 open, to be updated, and 32 closed, carried as "
            "they are (in grey, marked as needing no update).") in result.output

    original = runs.assess(source, TODAY)
    index = len(original.plan.rounds) - 1
    open_refs = {a.ref for a in original.plan.actions if a.positions[index] and not
                 original.report.state(a.positions[index].status).closed}
    rolled = runs.assess(out, TODAY)
    assert [r.label for r in rolled.plan.rounds][-1] == "April 2026"
    april = {a.ref: a.positions[-1] for a in rolled.plan.actions if a.positions[-1]}
    assert len(april) == 51 and len(open_refs) == 19
    assert {april[ref].update.raw for ref in open_refs} == {""}  # for the officer to fill in
    closed = [p for ref, p in april.items() if ref not in open_refs]
    assert {p.update.raw.split(" since ")[0] for p in closed} == {"No update needed: complete",
                                                                  "No update needed: cancelled"}
    assert all(rolled.report.state(p.status).closed for p in closed)
    assert not rolled.errors
    assert not [f for f in rolled.findings if f.code == "missing-from-round"]
    sheet = openpyxl.load_workbook(out)["April 2026"]
    assert [c.value for c in sheet[3]] == [c.value for c in openpyxl.load_workbook(source)["January 2026"][3]]
    assert sum(1 for row in sheet.iter_rows(values_only=True) if any(str(v).startswith("No update needed")
                                                                    for v in row if v)) == 32


@pytest.mark.parametrize("name, statuses, figures", [
    ("improvement_sheets", ("update", "Ongoing. Work continues."), (51, 30, 0)),
    ("workplan_sheets", ("status", "G"), (58, 6, 0)),
])
def test_a_round_rolled_forward_and_filled_in_keeps_the_plans_full_figures(tracker, tmp_path, name, statuses,
                                                                            figures):
    out = tmp_path / "next.xlsx"
    assert invoke("new-round", tracker(name), "--out", out).exit_code == 0
    blocked = runs.build(out, tmp_path / "a")
    assert isinstance(blocked, run.Blocked)  # rolled forward but not yet filled in: not built
    assert [f.code for f in blocked.errors] == ["round-not-filled"] and blocked.checked_copy is None
    fill_in_open_actions(out, *statuses)
    outcome = runs.built(out, tmp_path / "b")
    summary = outcome.summary
    assert (summary.actions, summary.complete, summary.completed_since_last) == figures


def fill_in_open_actions(path, role: str, text: str) -> None:
    """What an officer does with a round rolled forward: `text` in the `role` column (the status or
    the update) of every open action of the newest round; the closed ones are left as they are."""
    rolled = runs.assess(path, TODAY)
    key = rolled.report.by_role(role).key
    book = openpyxl.load_workbook(path)
    for action in rolled.plan.actions:
        position = action.positions[-1]
        state = rolled.report.state(position.status) if position else None
        if position and not (state and state.closed):
            sheet = next(s for s in rolled.tracker.sheets if s.name == position.sheet)
            heading = dict(sheet.columns)[key]
            column = "".join(ch for ch in heading if ch.isalpha())
            book[position.sheet][f"{column}{position.row}"] = text
    book.save(path)


def test_new_round_names_the_next_quarter(tracker, tmp_path):
    result = invoke("new-round", tracker("workplan_sheets"), "--out", tmp_path / "next.xlsx")
    assert ("Added the sheet 'Q3 2024-25' (the round after Q2 2024/25, at the plan's own cadence) with all 58 "
            "initiatives: 52 open, to be updated, and 6 closed") in result.output
    assert runs.assess(tmp_path / "next.xlsx", TODAY).plan.rounds[-1].label == "Q3 2024/25"


def test_new_round_refuses_a_wide_tracker(tracker, tmp_path):
    result = invoke("new-round", tracker("workplan_wide"), "--out", tmp_path / "next.xlsx")
    assert result.exit_code == 2
    assert "keeps its rounds in columns, not sheets" in result.output


def tables(path: Path) -> list[list[list[str]]]:
    """The appendix's tables but at a glance (an imported tracker has only the rounds the appendix shows)."""
    document = docx.Document(str(path))
    return [[[" ".join(c.text.split()) for c in row.cells] for row in table.rows] for table in document.tables
            if runs.caption(table) != "At a glance"]


@pytest.mark.parametrize("name, report", [
    ("workplan_sheets", "workplan"), ("workplan_wide", "workplan"),
    ("improvement_sheets", "improvement-plan"), ("improvement_wide", "improvement-plan"),
])
def test_round_trip_build_import_build_keeps_the_content(tracker, tmp_path, name, report):
    first = runs.build(tracker(name), tmp_path / "first", TODAY)
    imported = tmp_path / "imported.xlsx"
    result = invoke("import", first.outputs[0], "--report", report, "--out", imported)
    assert result.exit_code == 0, result.output
    second = runs.build(imported, tmp_path / "second", TODAY)
    assert isinstance(second, run.Built), second
    assert tables(second.outputs[0]) == tables(first.outputs[0])
    # Nothing new to look at: a column the appendix never had is not asked for (no blank-update).
    assert {f.code for f in second.warnings} <= {f.code for f in first.warnings}, second.warnings
    for figure in ("actions", "complete", "completed_since_last", "new", "removed", "by_status"):
        assert getattr(second.summary, figure) == getattr(first.summary, figure)
    paragraphs = [p for p in runs.plan_tables(docx.Document(str(second.outputs[0])))[0].rows[1].cells[-1].paragraphs]
    assert paragraphs  # multi-paragraph updates and bullets survive as paragraphs


def test_import_keeps_bullets_and_paragraphs(tmp_path):
    rows = [["Rec.", "Action", "Update"],
            ["1", "Do it", "<p>Ongoing.</p><p>Second paragraph.</p><ul><li>First point</li><li>Second point</li></ul>"]]
    built = runs.build(workbook(tmp_path / "t.xlsx", {"June 2025": rows}), tmp_path / "a", TODAY)
    invoke("import", built.outputs[0], "--report", "improvement-plan", "--out", tmp_path / "i.xlsx")
    again = runs.build(tmp_path / "i.xlsx", tmp_path / "b", TODAY)
    cell = runs.plan_tables(docx.Document(str(again.outputs[0])))[0].rows[1].cells[-1]
    assert [(p.text, p.style.name) for p in cell.paragraphs] == [
        ("Ongoing.", "Table Text"), ("Second paragraph.", "Table Text"),
        ("First point", "List Bullet"), ("Second point", "List Bullet")]


def test_importing_something_else_is_refused(tmp_path):
    document = docx.Document()
    document.add_paragraph("Minutes of the meeting")
    document.save(tmp_path / "minutes.docx")
    result = invoke("import", tmp_path / "minutes.docx", "--report", "workplan", "--out", tmp_path / "t.xlsx")
    assert result.exit_code == 2
    assert "minutes.docx has no table of actions the workplan report recognises" in result.output


def test_import_of_a_hand_made_table_with_merged_cells_and_a_priority_row(tmp_path):
    document = docx.Document()
    document.add_heading("Improvement Plan: progress at June 2025", 1)
    table = document.add_table(rows=6, cols=4)
    rows = [["Rec.", "Council Plan Ambition", "Action", "June 2025 update"],
            ["A healthy place", "", "", ""],
            ["1", "All", "Set up the board", "Ongoing. Terms drafted."],
            ["2", "", "Agree the vision", "Complete. Agreed in May."],
            ["3", "Growth", "Appoint a lead", "Ongoing."],
            ["", "", "Publish the plan", "Overdue."]]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(1, 3)).text = "A healthy place"   # a heading row across the table
    table.cell(2, 1).merge(table.cell(3, 1)).text = "All"               # one ambition for recommendations 1 and 2
    table.cell(4, 0).merge(table.cell(5, 0)).text = "3"                 # recommendation 3 has two actions
    table.cell(4, 1).merge(table.cell(5, 1)).text = "Growth"
    document.save(tmp_path / "appendix.docx")
    result = invoke("import", tmp_path / "appendix.docx", "--report", "improvement-plan", "--out", tmp_path / "t.xlsx")
    assert result.exit_code == 0, result.output
    checked = runs.assess(tmp_path / "t.xlsx", TODAY)
    assert not checked.errors, checked.errors
    actions = [(a.ref, a.group, a.field("action").plain, checked.report.state(a.positions[-1].status).label)
               for a in checked.plan.actions]
    assert actions == [("1", "All", "Set up the board", "Ongoing"), ("2", "All", "Agree the vision", "Complete"),
                       ("3", "Growth", "Appoint a lead", "Ongoing"), ("3.2", "Growth", "Publish the plan", "Overdue")]
