"""Reading trackers as the tracker contract describes them."""

from datetime import date

import pytest

from pipeline import reports
from pipeline.model import Refusal
from pipeline.read import read
from tests.builders import workbook

WORKPLAN = reports.find("workplan")
IMPROVEMENT = reports.find("improvement-plan")
HEAD = ["Rec.", "Council Plan Ambition", "Best Value Theme", "Recommendation", "Action", "Owner(s)",
        "Target date for completion", "Update"]


def read_one(path, report_types):
    return read(path, report_types)


def by_round(tracker, label):
    return [r for r in tracker.records if r.round.label == label]


@pytest.mark.parametrize("name, report, layout, rounds, counts", [
    ("workplan_seed_exact", "workplan", "wide", ["Q1 2024/25", "Q2 2024/25"], [58, 58]),
    ("workplan_wide", "workplan", "wide", ["Q1 2024/25", "Q2 2024/25"], [58, 58]),
    ("workplan_sheets", "workplan", "sheets", ["Q1 2024/25", "Q2 2024/25"], [58, 58]),
    ("workplan_sections", "workplan", "sheets", ["Q1 2024/25", "Q2 2024/25"], [58, 58]),
    # The rows as read: June's include the two that say only "n/a" (actions not yet begun, which the
    # plan leaves out of June: 47 actions, test_summarise). In a column per round an action's rows
    # begin with its first filled cell: 6.9 has none in June.
    ("improvement_sheets", "improvement-plan", "sheets", ["June 2025", "October 2025", "January 2026"], [49, 49, 51]),
    ("improvement_sheets_unmerged", "improvement-plan", "sheets", ["June 2025", "October 2025", "January 2026"],
     [49, 49, 51]),
    ("improvement_wide", "improvement-plan", "wide", ["June 2025", "October 2025", "January 2026"], [48, 49, 51]),
])
def test_both_layouts_of_both_seeds_are_read(tracker, report_types, name, report, layout, rounds, counts):
    found = read_one(tracker(name), report_types)
    assert (found.report, found.layout) == (report, layout)
    assert [r.label for r in found.rounds] == rounds
    assert [len(by_round(found, r)) for r in rounds] == counts


@pytest.mark.parametrize("name, groups", [
    ("workplan_seed_exact", 13), ("workplan_wide", 13), ("workplan_sheets", 13), ("workplan_sections", 13),
])
def test_groups_come_from_a_column_or_from_section_rows(tracker, report_types, name, groups):
    found = read_one(tracker(name), report_types)
    first = by_round(found, "Q2 2024/25")
    assert len({r.group for r in first}) == groups
    assert first[0].group == "We will attract and grow businesses to increase employment opportunities"
    assert all(r.group for r in first)


def test_a_heading_row_without_its_q1_heading_still_carries_its_priority(tracker, report_types):
    found = read_one(tracker("workplan_seed_exact"), report_types)
    group = "We will improve life chances of our residents by responding to health inequalities"
    members = [r for r in by_round(found, "Q1 2024/25") if r.group == group]
    assert len(members) == 9  # including the rows after the page break's blank line
    assert all(r.get("status").raw == "G" for r in members)


def test_recommendation_cells_filled_once_or_merged_are_inherited(tracker, report_types):
    for name in ("improvement_sheets", "improvement_sheets_unmerged"):
        found = read_one(tracker(name), report_types)
        rec5 = [r for r in by_round(found, "January 2026") if r.rec_ref == "5"]
        assert len(rec5) == 4
        assert {r.text("theme") for r in rec5} == {"Culture"}
        assert rec5[-1].text("action").startswith("NEW** Bring forward a Community Engagement Strategy")


def test_title_lines_and_headings_in_any_order_and_spelling(tmp_path, report_types):
    rows = [["Continuous Improvement Plan"], ["Updated by the Policy team"], [],
            ["target DATE", "ACTION", "owner", "Ref", "Progress update", "Recommendation"],
            ["March 2026", "Do the thing", "Chief Executive", "1", "Ongoing. Started.", "A recommendation"]]
    found = read_one(workbook(tmp_path / "t.xlsx", {"Q3 2025-26": rows}), report_types)
    record = found.records[0]
    assert found.report == "improvement-plan"
    assert found.title == "Continuous Improvement Plan"
    assert (record.text("action"), record.text("owner"), record.rec_ref) == ("Do the thing", "Chief Executive", "1")
    assert record.get("target").cell == "A5"


def test_repeated_header_rows_blank_rows_and_keys_are_not_actions(tmp_path, report_types):
    rows = [HEAD, ["1", "All", "Culture", "Rec one", "Action one", "Owner", "May 2025", "Complete."], [],
            HEAD, ["2", "All", "Culture", "Rec two", "Action two", "Owner", "May 2025", "Ongoing."], [],
            ["Source key:"], ["CPC", "LGA Corporate Peer Challenge"], ["Key:"], ["Complete", "Done"]]
    found = read_one(workbook(tmp_path / "t.xlsx", {"June 2025": rows}), report_types)
    assert [r.text("action") for r in found.records] == ["Action one", "Action two"]
    assert found.source_key == (("CPC", "LGA Corporate Peer Challenge"),)


def test_rounds_are_ordered_by_date_not_sheet_order(tmp_path, report_types):
    row = ["1", "All", "Culture", "Rec", "Act", "Owner", "May 2025", "Ongoing."]
    sheets = {"January 2026": [HEAD, row], "Notes": [["Anything"]], "June 2025": [HEAD, row], "October 2025": [HEAD, row]}
    found = read_one(workbook(tmp_path / "t.xlsx", sheets), report_types)
    assert [r.label for r in found.rounds] == ["June 2025", "October 2025", "January 2026"]


def test_html_and_line_breaks_become_paragraphs_and_bullets(tmp_path, report_types):
    update = "<p>Ongoing.</p><p>Topics:</p><ul><li>Economy</li><li>Skills &amp; jobs</li></ul>"
    row = ["1", "All", "Culture", "Line one\nLine two", "Act", "Owner", "May 2025", update]
    found = read_one(workbook(tmp_path / "t.xlsx", {"June 2025": [HEAD, row]}), report_types)
    record = found.records[0]
    assert [(p.text, p.bullet) for p in record.get("update").text.paras] == [
        ("Ongoing.", False), ("Topics:", False), ("Economy", True), ("Skills & jobs", True)]
    assert [p.text for p in record.get("recommendation").text.paras] == ["Line one", "Line two"]


def test_real_dates_hidden_rows_and_hidden_sheets_are_read_and_recorded(tmp_path, report_types):
    row = ["1", "All", "Culture", "Rec", "Act", "Owner", date(2026, 3, 31), "Ongoing."]
    row2 = ["2", "All", "Culture", "Rec", "Act two", "Owner", "n/a", "Ongoing."]
    path = workbook(tmp_path / "t.xlsx", {"June 2025": [HEAD, row, row2], "October 2025": [HEAD, row, row2]},
                    hidden_rows={"June 2025": [3]}, hidden_sheets=("October 2025",))
    found = read_one(path, report_types)
    june = by_round(found, "June 2025")
    assert june[0].get("target").when == date(2026, 3, 31)
    assert june[0].text("target") == "31 March 2026"
    assert [r.hidden for r in june] == [False, True]
    assert all(r.hidden for r in by_round(found, "October 2025"))
    assert {s.name: s.hidden for s in found.sheets} == {"June 2025": False, "October 2025": True}


def test_formula_cells_with_no_saved_value_are_marked(tmp_path, report_types):
    row = ["1", "All", "Culture", "Rec", "Act", "Owner", "=TODAY()+30", "Ongoing."]
    found = read_one(workbook(tmp_path / "t.xlsx", {"June 2025": [HEAD, row]}), report_types)
    assert found.records[0].get("target").formula_without_value is True


def test_a_workbook_with_no_rounds_is_refused(tmp_path, report_types):
    path = workbook(tmp_path / "plan.xlsx", {"Sheet1": [HEAD, ["1", "All", "Culture", "Rec", "Act", "O", "x", "y"]]})
    with pytest.raises(Refusal, match="plan.xlsx has no reporting round"):
        read_one(path, report_types)


def test_a_workbook_with_no_tracker_table_is_refused(tmp_path, report_types):
    path = workbook(tmp_path / "shopping.xlsx", {"Sheet1": [["Milk", "2"], ["Bread", "1"]]})
    with pytest.raises(Refusal, match="shopping.xlsx has no tracker table"):
        read_one(path, report_types)


def test_report_type_can_be_forced(tracker, report_types):
    found = read(tracker("workplan_sheets"), report_types, WORKPLAN)
    assert found.report == "workplan"


def test_the_report_type_is_judged_on_every_sheet_and_earlier_sheets_read_as_it(tmp_path, report_types):
    """The first sheet's headings fit several types; the second's statuses are read only by the
    workplan, so every sheet is read as a workplan."""
    sheets = {"Q1 2024-25": [["Priority", "Lead", "Status"], ["Homes", "Head of Housing", "Green"]],
              "Q2 2024-25": [["Priority", "Initiative", "Lead", "Position"],
                             ["Homes", "Build 100 homes", "Head of Housing", "Amber"]]}
    path = workbook(tmp_path / "t.xlsx", sheets)
    found = read_one(path, report_types)
    assert found.report == "workplan"
    assert found == read(path, report_types, WORKPLAN)
    assert [dict(r.values).keys() for r in found.records] == [{"group", "owner", "status"},
                                                              {"group", "initiative", "owner", "status"}]
