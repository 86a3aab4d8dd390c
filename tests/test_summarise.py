"""The figures and the summary paragraph, checked against the two published documents."""

import json

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.builders import workbook

WORKPLAN_Q2 = {"actions": 58, "complete": 6, "completed_since_last": 3, "new": 0, "removed": 0,
               "by_status": {"Complete": 6, "On-track": 51, "Some slippage": 0,
                             "High risk of deliverability": 1, "Undeliverable": 0}}
IMPROVEMENT_JAN = {"actions": 51, "complete": 30, "completed_since_last": 8, "new": 2, "removed": 0,
                   "reprofiled": 5}
# October's figures are not published (the seed is January's appendix); they follow from its cells.
# 11.3 and 23b read "n/a" in June and "This is a new action" in October: new in October. 6.9 has
# no June update: on a June sheet it is a row not updated, in a column per round an empty cell,
# which is how an action not yet begun shows there (the January NEW** actions' earlier cells are
# empty too), so the wide layout counts it new in October as well. Both are what the layout says.
IMPROVEMENT_OCT = {"actions": 49, "complete": 22, "completed_since_last": 5, "new": 2}
IMPROVEMENT_OCT_WIDE = {**IMPROVEMENT_OCT, "new": 3}


def summary_json(path, *args):
    result = CliRunner().invoke(main, ["summary", str(path), "--format", "json", "--today", "2026-11-22", *args])
    return result.exit_code, json.loads(result.output) if result.output.strip().startswith("{") else None


@pytest.mark.parametrize("name, args, expected", [
    ("workplan_wide", [], WORKPLAN_Q2),
    ("workplan_sheets", [], WORKPLAN_Q2),
    ("workplan_sections", [], WORKPLAN_Q2),
    ("workplan_seed_exact", ["--force"], WORKPLAN_Q2),
    ("improvement_sheets", [], IMPROVEMENT_JAN),
    ("improvement_sheets_unmerged", [], IMPROVEMENT_JAN),
    ("improvement_wide", [], IMPROVEMENT_JAN),
    ("improvement_sheets", ["--round", "October 2025"], IMPROVEMENT_OCT),
    ("improvement_wide", ["--round", "Oct 2025"], IMPROVEMENT_OCT_WIDE),
])
def test_figures_match_the_published_documents(tracker, name, args, expected):
    code, summary = summary_json(tracker(name), *args)
    assert code == 0
    assert {k: summary[k] for k in expected} == expected


def test_json_shape_is_stable_for_scripts(tracker):
    _, summary = summary_json(tracker("improvement_sheets"))
    for key in ("plan", "round", "previous_round", "actions", "complete", "completed_since_last", "new", "removed",
                "reprofiled", "overdue", "by_status", "changes", "paragraph"):
        assert key in summary
    assert (summary["plan"], summary["round"], summary["previous_round"]) == (
        "Continuous Improvement Plan", "January 2026", "October 2025")
    completed = [c for c in summary["changes"] if c["to"] == "Complete" and c["from"] is not None]
    assert len(completed) == 8
    assert {"ref", "action", "from", "to"} == set(summary["changes"][0])
    assert sum(1 for c in summary["changes"] if c["from"] is None) == 2


GOLDEN_IMPROVEMENT = (
    "There are currently 51 actions within this plan. Of those 30 are marked as complete, although some still "
    "have ongoing commitments and may result in further actions being identified. Since this was last reported, "
    "8 actions have been completed. Two new actions have been added since the Plan was last reported. Of the "
    "remaining ongoing actions, 5 have been reprofiled."
)
GOLDEN_WORKPLAN = (
    "There are currently 58 initiatives within the Council Plan workplan. Of those, 6 are complete, 51 are on "
    "track and 1 is at high risk of deliverability. Since Quarter One 2024/25, 3 initiatives have been completed."
)
GOLDEN_WORKPLAN_Q1 = (
    "There are currently 58 initiatives within the Council Plan workplan. Of those, 3 are complete, 54 are on "
    "track and 1 has some slippage."
)


@pytest.mark.parametrize("name, args, paragraph", [
    ("improvement_sheets", [], GOLDEN_IMPROVEMENT),
    ("workplan_sheets", [], GOLDEN_WORKPLAN),
    ("workplan_wide", ["--round", "Q1 2024-25"], GOLDEN_WORKPLAN_Q1),
])
def test_summary_paragraph_golden_text(tracker, name, args, paragraph):
    assert summary_json(tracker(name), *args)[1]["paragraph"] == paragraph


def test_a_round_the_tracker_does_not_have_is_refused(tracker):
    result = CliRunner().invoke(main, ["summary", str(tracker("workplan_sheets")), "--round", "Q4 2024/25"])
    assert result.exit_code == 2
    assert "workplan_sheets.xlsx has no round 'Q4 2024/25': choose one of Q1 2024/25, Q2 2024/25." in result.output


def test_summary_of_a_tracker_with_errors_needs_force(tracker):
    result = CliRunner().invoke(main, ["summary", str(tracker("workplan_seed_exact"))])
    assert result.exit_code == 1
    assert "'t to community G' is not a status" in result.output


@pytest.mark.parametrize("rows, expected", [
    ([["1", "Do it", "Ongoing. Started."]],
     "There is currently 1 action within this plan. None is yet marked as complete."),
    ([["1", "Do it", "Complete. Done."]],
     "There is currently 1 action within this plan. Of those 1 is marked as complete, although it may still"),
    ([["1", "Do it", "Ongoing."], ["2", "Do that", "Ongoing."]],
     "There are currently 2 actions within this plan. None are yet marked as complete."),
])
def test_the_improvement_plan_paragraph_for_none_and_one(tmp_path, rows, expected):
    from tests import builders, runs

    path = builders.workbook(tmp_path / "t.xlsx", {"June 2025": [["Rec.", "Action", "Update"], *rows]})
    assert runs.summary_of(path).summary.paragraph.startswith(expected)


def test_the_workplan_paragraph_adds_up_and_names_what_is_not_counted(tracker):
    from tests import runs

    summary = runs.summary_of(tracker("workplan_seed_exact"), force=True, round="Q1 2024/25").summary
    assert summary.unreadable == 1
    assert "1 has a position that could not be read" in summary.paragraph
    counted = sum(n for _, n in summary.by_status)
    assert counted == summary.actions
    one = runs.summary_of(tracker("workplan_sheets"), round="Q1 2024/25").summary
    assert "no initiatives have been completed" not in one.paragraph and "0 initiatives" not in one.paragraph


def test_summary_help_names_every_key_of_the_json(tracker):
    from pipeline.cli.tracker import summary

    _, data = summary_json(tracker("improvement_sheets"))
    text = " ".join((summary.help or "").split())
    assert [key for key in data if key not in text] == []


@pytest.mark.parametrize("statuses, said", [(["Greeen"], "1 has a status that could not be read"),
                                            (["Greeen", "Amberr"], "2 have statuses that could not be read")])
def test_the_action_tracker_paragraph_names_unreadable_statuses_in_good_english(tmp_path, statuses, said):
    head = ["Ref", "Action", "Lead", "RAG", "Commentary"]
    rows = [[str(n), f"Action {n}", "Lead", status, "Noted."] for n, status in enumerate(["G", *statuses], 1)]
    path = workbook(tmp_path / "t.xlsx", {"Q1 2025-26": [head, *rows]})
    code, found = summary_json(path, "--force")
    assert said in found["paragraph"]
