"""Tracker shapes seen in the wild, each in a small real workbook with the figures an officer reads
from it over two rounds (the corpus in tests/corpus holds a full tracker of each)."""

from __future__ import annotations

from datetime import datetime

import pytest
from docx import Document

from pipeline import run
from tests import runs
from tests.builders import workbook

RAG = ["Ref", "Action", "Lead officer", "Target date"]


def figures(outcome: run.Summarised | run.Blocked | run.Refused) -> dict[str, object]:
    assert isinstance(outcome, run.Summarised), outcome
    s = outcome.summary
    return {"round": s.round.label, "actions": s.actions, "complete": s.complete, "since": s.completed_since_last,
            "new": s.new, "by_code": {c: n for c, n in s.by_code if n}, "no_status": s.no_status}


def codes(outcome: run.Validated | run.Refused) -> list[tuple[str, str | None, str | None]]:
    assert isinstance(outcome, run.Validated), outcome
    return [(f.code, f.sheet, f.cell) for f in outcome.findings]


def test_a_brag_rating_column_is_read_and_blue_is_complete(tmp_path):
    rows = [RAG + ["Q1 2025/26 BRAG rating", "Q1 2025/26 Commentary", "Q2 2025/26 BRAG rating", "Q2 2025/26 Commentary"],
            ["1", "Open the hub", "Head of Housing", "June 2025", "G", "Fit-out under way.", "B", "Opened in July."],
            ["2", "Adopt the plan", "Head of Planning", "March 2026", "A", "Consultation late.", "R", "Delayed."],
            ["3", "Hire apprentices", "Head of HR", "September 2025", "G", "Advertised.", "B", "Twelve started."]]
    path = workbook(tmp_path / "t.xlsx", {"Tracker": rows})
    assert figures(runs.summary_of(path)) == {"round": "Q2 2025/26", "actions": 3, "complete": 2, "since": 2,
                                              "new": 0, "by_code": {"BLUE": 2, "RED": 1}, "no_status": 0}


# Theme colours are the workbook's own: openpyxl's theme has accent1 blue (4F81BD) and accent6 orange
# (F79646) where Excel's current one has a green accent6.
@pytest.mark.parametrize("colour, state", [("00B050", "GREEN"), ("FFC000", "AMBER"), ("FF0000", "RED"),
                                           ("0070C0", "BLUE"), ((4, 0.4), "BLUE"), ((9, 0.0), "AMBER"),
                                           ((9, -0.25), "AMBER"), ("C6EFCE", "GREEN")])
def test_a_status_shown_by_colour_alone_is_read_with_a_warning(tmp_path, colour, state):
    rows = [RAG + ["Q1 2025/26 RAG", "Q2 2025/26 RAG"], ["1", "Open the hub", "Head of Housing", "June 2025", "G", None]]
    path = workbook(tmp_path / "t.xlsx", {"Tracker": rows}, fills={"Tracker": {"F2": colour}})
    assert figures(runs.summary_of(path))["by_code"] == {state: 1}
    assert ("status-by-colour", "Tracker", "F2") in codes(runs.findings_of(path))


def test_a_blank_status_in_a_colour_no_status_has_is_said_and_never_counted(tmp_path):
    rows = [RAG + ["Q1 2025/26 RAG", "Q2 2025/26 RAG"], ["1", "Open the hub", "Head of Housing", "June 2025", "G", None]]
    path = workbook(tmp_path / "t.xlsx", {"Tracker": rows}, fills={"Tracker": {"F2": "F2DCDB"}})  # a pale pink
    found = figures(runs.summary_of(path))
    assert (found["by_code"], found["no_status"]) in (({}, 1), ({"RED": 1}, 0))  # never a silent default
    assert {c for c, _, cell in codes(runs.findings_of(path)) if cell == "F2"} & {
        "status-by-colour", "status-colour-unknown", "blank-status"}


def test_a_typed_status_in_another_status_colour_is_questioned_but_read_as_typed(tmp_path):
    rows = [RAG + ["Q1 2025/26 RAG", "Q2 2025/26 RAG"], ["1", "Open the hub", "Head of Housing", "June 2025", "R", "G"]]
    path = workbook(tmp_path / "t.xlsx", {"Tracker": rows}, fills={"Tracker": {"E2": "FF0000", "F2": "FF0000"}})
    assert figures(runs.summary_of(path))["by_code"] == {"GREEN": 1}
    found = codes(runs.findings_of(path))
    assert ("status-colour-differs", "Tracker", "F2") in found
    assert ("status-colour-differs", "Tracker", "E2") not in found


def test_the_trackers_own_key_sheet_extends_the_scheme_and_names_the_states(tmp_path):
    head = ["Ref", "Action", "Lead", "Target date", "Status", "Update"]
    sheets = {"Key": [["Key"], ["C", "Complete"], ["P", "Progressing"], ["NS", "Not started"], [None, "Off track"]],
              "Q1 2025-26": [head, ["1", "Open the hub", "HoH", "June 2025", "P", "Fit-out."],
                             ["2", "Adopt the plan", "HoP", "May 2025", "NS", "Not yet."]],
              "Q2 2025-26": [head, ["1", "Open the hub", "HoH", "June 2025", "C", "Opened."],
                             ["2", "Adopt the plan", "HoP", "May 2025", None, "Late."]]}
    path = workbook(tmp_path / "t.xlsx", sheets, fills={"Key": {"A5": "7030A0"}, "Q2 2025-26": {"E3": "7030A0"}})
    assessment = runs.assess(path)
    assert assessment.report.name == "action-tracker"
    assert assessment.report.state("GREEN").label == "Progressing"
    assert figures(runs.summary_of(path))["by_code"] == {"BLUE": 1, "RED": 1}  # purple, as the key says: Off track
    assert ("key-read", "Key", "A2") in codes(runs.findings_of(path))


def test_naming_a_report_type_that_cannot_read_the_statuses_is_refused_in_one_sentence(tmp_path):
    rows = [RAG + ["Q1 2025/26 RAG", "Q2 2025/26 RAG"]] + [[str(n), f"Action {n}", "Lead", "May 2026", "G", "A"]
                                                         for n in range(1, 6)]
    path = workbook(tmp_path / "t.xlsx", {"Q1 2025-26": rows})
    outcome = runs.build(path, tmp_path / "out", report="improvement-plan")
    assert isinstance(outcome, run.Refused)
    assert outcome.message == ("'Q1 2025-26' in t.xlsx looks like an action-tracker: its statuses G, A are not "
                               "improvement-plan statuses; build with --report action-tracker.")


@pytest.mark.parametrize("title, name, expected", [
    ("Council Plan tracker 2025/26", "t.xlsx", "Q2 2025/26"),
    ("Council Plan tracker", "Council plan 2025-26.xlsx", "Q2 2025/26"),
])
def test_sheets_named_q1_q2_take_the_year_from_the_title_or_the_file(tmp_path, title, name, expected):
    head = ["Ref", "Action", "Lead", "RAG", "Notes"]
    sheets = {"Q1": [[title], [], head, ["1", "Do it", "HoH", "G", "Started."]],
              "Q2": [[title], [], head, ["1", "Do it", "HoH", "B", "Done & dusted."]]}
    found = figures(runs.summary_of(workbook(tmp_path / name, sheets)))
    assert (found["round"], found["complete"], found["since"]) == (expected, 1, 1)


def test_month_sheets_without_a_year_take_it_from_the_title(tmp_path):
    head = ["Ref", "Action", "Lead", "Status", "Latest update"]
    sheets = {"June": [["Housing compliance tracker 2025"], head, ["1", "Gas safety checks", "HoH", "On track", "98%."]],
              "July": [["Housing compliance tracker 2025"], head, ["1", "Gas safety checks", "HoH", "Complete", "100%."]]}
    found = figures(runs.summary_of(workbook(tmp_path / "t.xlsx", sheets)))
    assert (found["round"], found["complete"], found["since"]) == ("July 2025", 1, 1)


@pytest.mark.parametrize("two_rows", [False, True])
def test_round_headings_without_a_year_take_it_from_the_title(tmp_path, two_rows):
    if two_rows:  # "Q1" merged over "BRAG rating | Commentary"
        head = [RAG + ["Q1", None, "Q2", None], [None] * 4 + ["BRAG rating", "Commentary"] * 2]
        merges = {"Actions": ["E2:F2", "G2:H2"]}
    else:
        head, merges = [RAG + ["Q1 BRAG rating", "Q1 Commentary", "Q2 BRAG rating", "Q2 Commentary"]], {}
    rows = [["Environment Services Delivery Plan 2025/26"], *head,
            ["1", "Plant trees", "HoP", "March 2026", "G", "Begun.", "B", "Planted."],
            ["2", "Sweep streets", "HoS", "March 2026", "A", "Slow.", "A", "Still slow."]]
    path = workbook(tmp_path / "t.xlsx", {"Actions": rows}, merges=merges)
    assert figures(runs.summary_of(path)) == {"round": "Q2 2025/26", "actions": 2, "complete": 1, "since": 1, "new": 0,
                                              "by_code": {"BLUE": 1, "AMBER": 1}, "no_status": 0}


def test_round_headings_with_no_year_anywhere_are_refused_naming_them(tmp_path):
    rows = [["Environment Services Delivery Plan"], RAG + ["Q1 BRAG rating", "Q1 Commentary", "Q2 BRAG rating"],
            ["1", "Plant trees", "HoP", "March 2026", "G", "Begun.", "B"]]
    outcome = runs.summary_of(workbook(tmp_path / "t.xlsx", {"Actions": rows}))
    assert isinstance(outcome, run.Refused)
    assert outcome.message == ("t.xlsx names its rounds in headings with no year ('Actions'!E2 'Q1 BRAG rating', "
                               "'Actions'!F2 'Q1 Commentary', 'Actions'!G2 'Q2 BRAG rating'): add the year to the "
                               "headings (e.g. 'Q1 2025/26 BRAG rating') or to the title above the table (e.g. "
                               "'Action plan 2025/26'), then try again.")


def test_dated_headings_that_are_not_quarter_ends_are_months(tmp_path):
    rows = [RAG + ["31/07/2025 RAG", "31/08/2025 RAG"], ["1", "Do it", "Lead", "May 2026", "G", "B"]]
    found = figures(runs.summary_of(workbook(tmp_path / "t.xlsx", {"Tracker": rows})))
    assert (found["round"], found["since"]) == ("August 2025", 1)


def test_real_dates_merged_over_rag_and_comments_at_quarter_ends_are_quarters(tmp_path):
    rows = [RAG + [datetime(2025, 6, 30), None, datetime(2025, 9, 30), None],
            [None, None, None, None, "RAG", "Comments", "RAG", "Comments"],
            ["1", "Do it", "Lead", "May 2026", "A", "Slow.", "G", "Caught up."]]
    path = workbook(tmp_path / "t.xlsx", {"Log": rows}, merges={"Log": ["E1:F1", "G1:H1"]})
    found = figures(runs.summary_of(path))
    assert (found["round"], found["by_code"]) == ("Q2 2025/26", {"GREEN": 1})


def test_an_improvement_plan_status_column_is_the_latest_rounds_and_updates_give_the_earlier(tmp_path):
    head = ["Rec.", "Recommendation", "Action", "Owner(s)", "Target date", "Status", "June 2025 update",
            "October 2025 update"]
    rows = [head] + [[str(n), "Improve", f"Action {n}", "CEx", "March 2026", "Complete", "Ongoing. Work began.",
                      "Complete. Finished in September."] for n in (1, 2, 3)] + \
        [["4", "Improve", "Action 4", "CEx", "March 2026", "Ongoing", "Ongoing. Begun.", "Ongoing. Still going."]]
    found = figures(runs.summary_of(workbook(tmp_path / "t.xlsx", {"Plan": rows})))
    assert (found["round"], found["complete"], found["since"]) == ("October 2025", 3, 3)


def test_an_excel_table_stops_at_its_totals_row_and_the_note_under_it_is_no_action(tmp_path):
    from openpyxl import load_workbook
    from openpyxl.worksheet.table import Table

    rows = [RAG + ["Q1 2025/26 RAG", "Q2 2025/26 RAG"], ["1", "Do it", "Lead", "May 2026", "G", "B"],
            ["2", "Do more", "Lead", "May 2026", "A", "G"], ["Total", 2], [], ["Note: as at 30 September"]]
    path = workbook(tmp_path / "t.xlsx", {"Tracker": rows})
    book = load_workbook(path)
    book["Tracker"].add_table(Table(displayName="Actions", ref="A1:F4", totalsRowCount=1))
    book.save(path)
    assert figures(runs.summary_of(path))["actions"] == 2
    found = codes(runs.findings_of(path))
    assert ("not-an-action", "Tracker", "A4") in found and ("not-an-action", "Tracker", "A6") in found


@pytest.mark.parametrize("total", [["Total", 2], ["Total", "2 actions", None, None, "1 complete"], ["Grand total"]])
def test_a_totals_row_typed_under_the_table_is_no_action_in_any_round(tmp_path, total):
    head = ["Ref", "Action", "Lead", "Target date", "RAG", "Commentary"]
    sheets = {name: [head, ["1", "Do it", "Lead", "May 2026", status, "Noted."],
                     ["2", "Do more", "Lead", "May 2026", "A", "Slow."], total]
              for name, status in (("Q1 2025-26", "G"), ("Q2 2025-26", "B"))}
    path = workbook(tmp_path / "t.xlsx", sheets)
    assert figures(runs.summary_of(path)) == {"round": "Q2 2025/26", "actions": 2, "complete": 1, "since": 1, "new": 0,
                                              "by_code": {"BLUE": 1, "AMBER": 1}, "no_status": 0}
    assert ("not-an-action", "Q2 2025-26", "A4") in codes(runs.findings_of(path))


def test_a_column_the_report_does_not_know_is_said_once_never_dropped_silently(tmp_path):
    head = ["Ref", "Directorate", "Action", "Lead", "Budget code", "RAG", "Commentary"]
    sheets = {"Q1 2025-26": [head, ["1", "Place", "Do it", "HoP", "C123", "G", "Begun."]],
              "Q2 2025-26": [head, ["1", "Place", "Do it", "HoP", "C123", "G", "Going."]]}
    found = [f for f in codes(runs.findings_of(workbook(tmp_path / "t.xlsx", sheets))) if f[0] == "column-not-shown"]
    assert found == [("column-not-shown", "Q1 2025-26", "B1"), ("column-not-shown", "Q1 2025-26", "E1")]


def test_a_progress_column_beside_a_percentage_is_the_commentary_in_every_round(tmp_path):
    head = ["Priority", "Action", "Responsible officer", "% complete", "Status", "Progress"]
    sheets = {"Q1": [["Council Plan tracker 2025/26"], head, ["Homes", "Open the hub", "HoH", "40%", "On track",
                                                              "Fit-out under way."]],
              "Q2": [["Council Plan tracker 2025/26"], head, ["Homes", "Open the hub", "HoH", "100%", "Complete",
                                                              "Opened in July."]]}
    assessment = runs.assess(workbook(tmp_path / "t.xlsx", sheets))
    (action,) = assessment.plan.actions
    assert [p.update.plain for p in action.positions if p] == ["Fit-out under way.", "Opened in July."]
    assert action.field("percent").plain == "100%"


@pytest.mark.parametrize("value, number_format, shown", [(0.5, "0%", "50%"), (0.125, "0.0%", "12.5%"),
                                                        (1, "0.00%", "100.00%"), (0.3, '0%" done"', "30%"),
                                                        (0.3, "General", "0.3"), (40, "0", "40")])
def test_a_percentage_complete_reads_as_excel_shows_it(tmp_path, value, number_format, shown):
    head = ["Ref", "Action", "Lead officer", "% complete", "Status", "Commentary"]
    sheets = {"Q1 2025-26": [head, ["1", "Open the hub", "HoH", 0.1, "On track", "Begun."]],
              "Q2 2025-26": [head, ["1", "Open the hub", "HoH", value, "On track", "Going."]]}
    path = workbook(tmp_path / "t.xlsx", sheets, formats={"Q2 2025-26": {"D2": number_format}})
    (action,) = runs.assess(path).plan.actions
    assert action.field("percent").plain == shown


def test_groups_from_section_rows_are_the_appendixs_priority_column_in_every_round(tmp_path):
    head = ["Ref", "Action", "Lead officer", "BRAG rating", "Progress narrative"]
    sheets = {name: [["Green Borough plan 2025/26"], head, ["Ambition 1: A greener borough"],
                     ["G1", "Plant 5,000 trees", "YG", status, "Planting."], ["Ambition 2: Safer streets"],
                     ["S1", "Light the underpasses", "PT", "A", "Delayed."]]
              for name, status in (("Qtr 1 2025-26", "G"), ("Qtr 2 2025-26", "B"))}
    path = workbook(tmp_path / "t.xlsx", sheets)
    groups = [a.field("group").plain for a in runs.assess(path).plan.actions]
    assert groups == ["Ambition 1: A greener borough", "Ambition 2: Safer streets"]
    document = Document(str(runs.built(path, tmp_path / "out").outputs[0]))
    (table,) = runs.plan_tables(document)
    column = [c.text for c in table.rows[0].cells].index("Priority")
    assert [r.cells[column].text for r in table.rows[1:]] == groups


@pytest.mark.parametrize("title, plan", [("Housing Delivery Plan - Q2 2025-26", "Housing Delivery Plan"),
                                         ("Housing Delivery Plan \u2013 Quarter 2 2025/26", "Housing Delivery Plan"),
                                         ("Corporate Plan - Delivery", "Corporate Plan - Delivery")])
def test_a_title_line_that_names_the_round_gives_the_plan_its_name_alone(tmp_path, title, plan):
    head = ["Ref", "Action", "Lead", "RAG", "Notes"]
    sheets = {name: [[title], head, ["1", "Do it", "HoH", status, "Noted."]]
              for name, status in (("Q1 2025-26", "G"), ("Q2 2025-26", "B"))}
    outcome = runs.summary_of(workbook(tmp_path / "t.xlsx", sheets))
    assert isinstance(outcome, run.Summarised) and outcome.summary.plan == plan


def test_two_teams_sheets_of_one_round_are_each_a_repeated_round_never_a_misnamed_one(tmp_path):
    head = ["Ref", "Action", "Lead", "RAG", "Notes"]
    sheets = {name: [["Place directorate tracker 2025/26"], head, ["1", f"{name} action", "HoP", "G", "Noted."]]
              for name in ("Q1 Housing", "Q1 Planning", "Q2 Housing", "Q2 Planning")}
    found = codes(runs.findings_of(workbook(tmp_path / "t.xlsx", sheets)))
    assert [f for f in found if f[0] in ("duplicate-round", "misnamed-round")] == [
        ("duplicate-round", "Q1 Planning", None), ("duplicate-round", "Q2 Planning", None)]
