"""The quarterly cycle over several rounds: closed actions stay counted, an unfilled or misnamed
newest round is stopped, several workbooks make one plan, an imported appendix keeps new actions
new, and the meeting calendar never sends a stale round."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from pipeline import run
from pipeline.cli import main
from tests import runs
from tests.builders import improvement_seed, workbook

HEAD = ["Ref", "Action", "Lead officer", "Target date", "RAG", "Commentary"]


def invoke(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.output


def test_an_action_closed_earlier_and_left_off_the_next_sheet_stays_in_the_plan(tmp_path):
    q1 = [HEAD, ["1", "Open the hub", "HoH", "June 2025", "B", "Opened."], ["2", "Adopt the plan", "HoP", "May 2026",
                                                                              "G", "Drafting."]]
    q2 = [HEAD, ["2", "Adopt the plan", "HoP", "May 2026", "G", "Consulting."]]
    q3 = [HEAD, ["2", "Adopt the plan", "HoP", "May 2026", "B", "Adopted."]]
    path = workbook(tmp_path / "t.xlsx", {"Q1 2025-26": q1, "Q2 2025-26": q2, "Q3 2025-26": q3})
    for round_, figures in (("Q2 2025/26", (2, 1, 0)), ("Q3 2025/26", (2, 2, 1))):
        outcome = runs.summary_of(path, round=round_)
        assert isinstance(outcome, run.Summarised)
        assert (outcome.summary.actions, outcome.summary.complete, outcome.summary.completed_since_last) == figures
    assert "missing-from-round" not in [f.code for f in runs.findings_of(path).findings]


def test_an_action_closed_left_off_and_then_reopened_is_the_same_action_and_rolls_forward_once(tmp_path):
    q1 = [HEAD, ["1", "Open the hub", "HoH", "June 2025", "B", "Opened."], ["2", "Adopt the plan", "HoP", "May 2026",
                                                                              "G", "Drafting."]]
    q2 = [HEAD, ["2", "Adopt the plan", "HoP", "May 2026", "G", "Consulting."]]
    q3 = [HEAD, ["1", "Open the hub", "HoH", "March 2026", "A", "Reopened: the lease fell through."],
          ["2", "Adopt the plan", "HoP", "May 2026", "B", "Adopted."]]
    path = workbook(tmp_path / "t.xlsx", {"Q1 2025-26": q1, "Q2 2025-26": q2, "Q3 2025-26": q3})
    outcome = runs.summary_of(path)
    assert isinstance(outcome, run.Summarised)
    summary = outcome.summary
    assert (summary.actions, summary.complete, summary.completed_since_last, summary.new) == (2, 1, 1, 0)
    assert [a.ref for a in runs.assess(path).plan.actions] == ["1", "2"]
    code, said = invoke("new-round", path, "--out", tmp_path / "next.xlsx")
    assert code == 0 and "with all 2 actions: 1 open, to be updated, and 1 closed" in said


def test_in_a_column_per_round_tracker_a_closed_action_left_blank_later_stays_closed(tmp_path):
    rows = [["Ref", "Action", "Lead officer", "Q1 2025/26 RAG", "Q2 2025/26 RAG", "Q3 2025/26 RAG"],
            ["1", "Open the hub", "HoH", "B", None, None], ["2", "Adopt the plan", "HoP", "G", "A", "B"],
            ["3", "Sell the depot", "HoE", "G", "Cancelled", None]]
    path = workbook(tmp_path / "Workplan 2025-26.xlsx", {"Workplan 2025-26": rows})
    outcome = runs.summary_of(path)
    assert isinstance(outcome, run.Summarised)
    assert (outcome.summary.actions, outcome.summary.complete, outcome.summary.completed_since_last,
            outcome.summary.no_status) == (3, 2, 1, 0)
    assert dict(outcome.summary.by_code)["CANCELLED"] == 1
    found = [f.code for f in runs.findings_of(path).findings]
    assert "blank-status" not in found and "misnamed-round" not in found


def test_an_earlier_rounds_appendix_shows_the_plan_as_it_stood_then(tmp_path):
    head = ["Ref", "Action", "Lead officer", "% complete", "RAG", "Commentary"]
    q1 = [head, ["1", "Open the hub", "HoH", "40%", "A", "Lease signed."]]
    q2 = [head, ["1", "Open the community hub", "HoH", "100%", "B", "Opened."], ["2", "Staff it", "HoH", "0%", "G",
                                                                                  "Advertised."]]
    path = workbook(tmp_path / "t.xlsx", {"Q1 2025-26": q1, "Q2 2025-26": q2})
    built = runs.built(path, tmp_path / "out", round="Q1 2025/26")
    (table,) = runs.plan_tables(docx.Document(str(built.outputs[0])))
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert len(rows) == 2 and "Open the hub" in rows[1] and "40%" in rows[1] and "Open the community hub" not in rows[1]


def test_an_open_action_left_off_is_reported_and_counted_as_removed(tmp_path):
    q1 = [HEAD, ["1", "Open the hub", "HoH", "June 2026", "G", "Begun."], ["2", "Adopt the plan", "HoP", "May 2026",
                                                                            "G", "Drafting."]]
    q2 = [HEAD, ["2", "Adopt the plan", "HoP", "May 2026", "G", "Consulting."]]
    path = workbook(tmp_path / "t.xlsx", {"Q1 2025-26": q1, "Q2 2025-26": q2})
    outcome = runs.summary_of(path)
    assert (outcome.summary.actions, outcome.summary.removed) == (1, 1)
    assert ("missing-from-round", "Q1 2025-26", "B2") in [(f.code, f.sheet, f.cell) for f in outcome.findings]


@pytest.mark.parametrize("filled, code", [(0, 1), (1, 1), (6, 0)])
def test_an_unfilled_newest_round_is_refused_and_nothing_is_written(tmp_path, filled, code):
    q1 = [HEAD] + [[str(n), f"Action {n}", "Lead", "March 2027", "G", "Begun."] for n in range(1, 11)]
    q2 = [HEAD] + [[str(n), f"Action {n}", "Lead", "March 2027", "G" if n <= filled else None, None]
                   for n in range(1, 11)]
    path = workbook(tmp_path / "t.xlsx", {"Q1 2025-26": q1, "Q2 2025-26": q2})
    exit_code, output = invoke("build", path, "--out", tmp_path / "out", "--today", "2026-11-29")
    assert exit_code == code
    if code:
        assert (f"Q2 2025/26 has not been filled in: {10 - filled} of its 10 open actions have no status or update "
                "for it; fill it in on 'Q2 2025-26', or report the round before (Q1 2025/26) instead.") in output
        assert runs.written(tmp_path / "out") == []
        assert invoke("build", path, "--out", tmp_path / "out", "--round", "Q1 2025/26",
                      "--today", "2026-11-29")[0] == 0
    else:
        assert "blank-status" in invoke("validate", path, "--today", "2026-11-29")[1]


@pytest.mark.parametrize("name, meant", [("Q2 2O25-26", "Q2 2025-26"), ("Q5 2025-26", "Q2 2025-26"),
                                         ("Q2 2025-25", "Q2 2025-26")])
def test_a_misnamed_newest_round_is_an_error_naming_the_likely_name(tmp_path, name, meant):
    q1 = [HEAD, ["1", "Open the hub", "HoH", "June 2026", "G", "Begun."]]
    q2 = [HEAD, ["1", "Open the hub", "HoH", "June 2026", "B", "Opened."]]
    path = workbook(tmp_path / "t.xlsx", {"Q1 2025-26": q1, name: q2})
    exit_code, output = invoke("build", path, "--out", tmp_path / "out", "--today", "2026-11-29")
    assert exit_code == 1
    assert f"The sheet '{name}' holds the table but its name cannot be read as a round" in output
    assert f"rename it '{meant}'" in output
    assert runs.written(tmp_path / "out") == []


def test_closed_earlier_actions_can_be_listed_after_the_table_or_only_counted(tracker, tmp_path):
    path = tracker("improvement_sheets")
    shown = runs.built(path, tmp_path / "show").appendix
    listed = runs.built(path, tmp_path / "list", closed_earlier="list")
    counted = runs.built(path, tmp_path / "count", closed_earlier="count")
    rows = [len(runs.plan_tables(docx.Document(str(p)))[0].rows) for p in (shown, listed.appendix, counted.appendix)]
    assert rows[0] - rows[1] == rows[0] - rows[2] == 22  # the 22 closed before January are out of the table
    tables = runs.plan_tables(docx.Document(str(listed.appendix)))
    assert [c.text for c in tables[1].rows[0].cells] == ["Ref", "Action", "Status", "Closed in"]
    assert len(tables[1].rows) == 23
    assert listed.summary.paragraph.endswith("The 22 actions closed before January 2026 are listed after the table.")
    assert counted.summary.paragraph.endswith("The 22 actions closed before January 2026 are counted here but not "
                                              "listed.")
    assert (listed.summary.actions, counted.summary.complete) == (51, 30)  # still counted


def test_new_round_follows_the_plans_cadence(tracker, tmp_path):
    exit_code, output = invoke("new-round", tracker("improvement_sheets"), "--out", tmp_path / "next.xlsx")
    assert exit_code == 0 and "Added the sheet 'April 2026' (the round after January 2026" in output


@pytest.mark.parametrize("name", ["improvement_sheets", "workplan_sheets"])
def test_a_round_added_but_not_yet_filled_in_does_not_colour_the_one_before(tracker, tmp_path, name):
    """Building (or checking) last round from a workbook rolled forward says what it said before
    the new sheet was added: the new sheet's blanks bear on the new round only."""
    before = run.validate_tracker(runs.request(tracker(name), runs.TODAY))
    code, _ = invoke("new-round", tracker(name), "--out", tmp_path / "next.xlsx")
    assert code == 0
    latest = runs.summary_of(tracker(name)).summary.round.label
    checked = run.validate_tracker(runs.request(tmp_path / "next.xlsx", runs.TODAY, round=latest))
    assert sorted(f.code for f in checked.findings) == sorted(f.code for f in before.findings)
    built = runs.build(tmp_path / "next.xlsx", tmp_path / "out", runs.TODAY, round=latest)
    assert isinstance(built, run.Built) and len(built.warnings) == len(before.warnings)
    whole = run.validate_tracker(runs.request(tmp_path / "next.xlsx", runs.TODAY))
    assert "round-not-filled" in {f.code for f in whole.errors}


def test_summary_json_gives_each_rounds_dates(tracker):
    exit_code, output = invoke("summary", tracker("workplan_sheets"), "--format", "json")
    figures = json.loads(output)
    assert (figures["round_start"], figures["round_end"]) == ("2024-07-01", "2024-09-30")
    assert figures["rounds"][0] == {"round": "Q1 2024/25", "start": "2024-04-01", "end": "2024-06-30"}


def directorates(folder: Path, clash: bool = False, rounds: tuple[str, str] = ("Q1 2025/26", "Q2 2025/26")) -> list[Path]:
    head = ["Ref", "Action", "Lead officer", "Target date", f"{rounds[0]} RAG", f"{rounds[0]} Commentary",
            f"{rounds[1]} RAG", f"{rounds[1]} Commentary"]
    plans = {"Adults": [["AD1", "Open the hub", "DASS", "June 2026", "G", "Begun.", "B", "Open."],
                        ["AD2", "Review care", "DASS", "May 2026", "A", "Late.", "A", "Still late."]],
             "Childrens": [["AD1" if clash else "CH1", "Recruit social workers", "DCS", "March 2026", "R",
                            "Vacancies.", "G", "Hired 10."]],
             "Place": [["PL1", "Adopt the Local Plan", "DoP", "March 2027", "G", "Drafting.", "G", "Consulting."],
                       ["PL2", "Improve the parks", "DoP", "2025", "B", "Done.", "B", "Done."]]}
    return [workbook(folder / f"{name} delivery plan.xlsx", {"Tracker": [head] + rows}) for name, rows in plans.items()]


def test_three_directorates_make_one_plan_whose_figures_are_the_sums(tmp_path):
    paths = directorates(tmp_path)
    exit_code, output = invoke("build", *paths, "--combine", "--title", "Council delivery plan", "--out",
                               tmp_path / "out", "--today", "2026-11-29")
    assert exit_code == 0, output
    [appendix] = (tmp_path / "out").glob("*.docx")
    assert appendix.name == "Council delivery plan - Q2 2025-26 - appendix.docx"
    separate = [runs.summary_of(p).summary for p in paths]
    combined = run.summary_combined([runs.request(p) for p in paths]).summary
    for figure in ("actions", "complete", "completed_since_last", "new"):
        assert getattr(combined, figure) == sum(getattr(s, figure) for s in separate)
    assert combined.actions == 5 and combined.complete == 2
    text = "\n".join(c.text for t in docx.Document(str(appendix)).tables for r in t.rows for c in r.cells)
    assert "Adults delivery plan" in text and "Recruit social workers" in text  # groups: the workbooks


def test_without_combine_three_trackers_give_three_appendices(tmp_path):
    paths = directorates(tmp_path)
    exit_code, _ = invoke("build", *paths, "--out", tmp_path / "out", "--today", "2026-11-29")
    assert exit_code == 0
    assert len(list((tmp_path / "out").glob("*.docx"))) == 3


def test_two_trackers_with_one_title_never_overwrite_each_other(tracker, tmp_path):
    first = tracker("workplan_sheets")
    second = tmp_path / "Other workplan.xlsx"
    second.write_bytes(first.read_bytes())
    exit_code, output = invoke("build", first, second, "--out", tmp_path / "out", "--today", "2026-11-29")
    assert exit_code == 0
    names = sorted(p.name for p in (tmp_path / "out").glob("*.docx"))
    assert names == ["Council Plan workplan - Q2 2024-25 - appendix (Other workplan).docx",
                     "Council Plan workplan - Q2 2024-25 - appendix.docx"]
    assert invoke("build", first, "--out", tmp_path / "out", "--today", "2026-11-29")[0] == 0  # rebuilt in place
    assert len(list((tmp_path / "out").glob("*.docx"))) == 2


@pytest.mark.parametrize("clash, rounds, message", [
    (True, ("Q1 2025/26", "Q2 2025/26"), "The Ref 'AD1' is used in both Adults delivery plan.xlsx and Childrens "
                                         "delivery plan.xlsx"),
])
def test_combining_names_a_ref_used_in_two_workbooks(tmp_path, clash, rounds, message):
    paths = directorates(tmp_path, clash, rounds)
    exit_code, output = invoke("build", *paths, "--combine", "--out", tmp_path / "out", "--today", "2026-11-29")
    assert exit_code == 1 and message in output


def test_combining_names_rounds_that_differ(tmp_path):
    paths = directorates(tmp_path)
    late = directorates(tmp_path / "late", rounds=("Q2 2025/26", "Q3 2025/26"))[0]
    exit_code, output = invoke("summary", paths[1], late, "--combine", "--today", "2026-11-29")
    assert exit_code == 1
    assert ("Adults delivery plan.xlsx has the rounds Q2 2025/26, Q3 2025/26 but Childrens delivery plan.xlsx has "
            "Q1 2025/26, Q2 2025/26") in output


def hand_made_seed_appendix(path: Path) -> Path:
    """Seed 003's appendix as a council would have typed it: one table, an update column per
    round, and the cells of rounds before an action existed left empty."""
    seed = improvement_seed()
    document = docx.Document()
    document.add_heading(seed["title"], 1)
    head = ["Rec.", "Council Plan Ambition", "Best Value Theme", "Recommendation", "Action", "Owner(s)",
            "Target date for completion", *(f"{r} update" for r in seed["rounds"])]
    table = document.add_table(rows=1, cols=len(head))
    for cell, text in zip(table.rows[0].cells, head):
        cell.text = text
    for action in seed["actions"]:
        cells = table.add_row().cells
        values = [action["rec"], action["ambition"], action["theme"], action["recommendation"], action["action"],
                  action["owner"], action["target"], *(action["updates"].get(r, "") for r in seed["rounds"])]
        for cell, text in zip(cells, values):
            cell.text = text
    document.save(str(path))
    return path


def test_importing_a_hand_made_appendix_keeps_new_actions_new(tmp_path):
    appendix = hand_made_seed_appendix(tmp_path / "appendix.docx")
    exit_code, output = invoke("import", appendix, "--report", "improvement-plan", "--out", tmp_path / "t.xlsx")
    assert exit_code == 0, output
    outcome = runs.summary_of(tmp_path / "t.xlsx", force=True)
    summary = outcome.summary
    assert (summary.actions, summary.complete, summary.completed_since_last, summary.new) == (51, 30, 8, 2)
    october = runs.summary_of(tmp_path / "t.xlsx", force=True, round="October 2025").summary
    # October's new: 11.3 and 23b ("n/a" in June) and 6.9 (no June update), as in the wide tracker.
    assert (october.actions, october.complete, october.new) == (49, 22, 3)


def _rag(rows: list[tuple[str, str, str]]) -> list[list[str]]:
    return [HEAD] + [[ref, f"Initiative {ref}", "Head of Service", "March 2027", status, commentary]
                     for ref, status, commentary in rows]


@pytest.mark.parametrize("q1, q2, counts, codes", [
    # Marked "n/a" before it began: not in the plan yet then, new when it begins (said, as info,
    # and nothing else: the row is not judged as a status).
    ([("1", "G", "On plan."), ("2", "N/A", "n/a")], [("1", "G", "On plan."), ("2", "G", "Started.")],
     [1, 2], {"not-yet-in-plan"}),
    # "n/a" in the only round it is in: read as written, so its blank status is said.
    ([("1", "G", "On plan.")], [("1", "G", "On plan."), ("2", "", "n/a")], [1, 2], {"blank-status"}),
    # "N/A" after it began: read as written, and it is no status.
    ([("1", "G", "On plan."), ("2", "G", "On plan.")], [("1", "G", "On plan."), ("2", "N/A", "n/a")],
     [2, 2], {"bad-status"}),
    # A whole round saying "n/a": the round is still there, and still the one reported.
    ([("1", "G", "On plan."), ("2", "G", "On plan.")], [("1", "", "n/a"), ("2", "", "n/a")], [2, 2],
     {"blank-status"}),
])
def test_n_a_means_not_begun_only_before_an_action_begins(tmp_path, q1, q2, counts, codes):
    path = workbook(tmp_path / "Delivery plan 2025-26.xlsx", {"Q1 2025-26": _rag(q1), "Q2 2025-26": _rag(q2)})
    assessment = runs.assess(path)
    plan = assessment.plan
    assert [r.label for r in plan.rounds] == ["Q1 2025/26", "Q2 2025/26"]
    assert [sum(1 for a in plan.actions if a.positions[i]) for i in range(2)] == counts
    assert codes <= {f.code for f in assessment.findings}, assessment.findings
    if "not-yet-in-plan" in codes:
        [said] = [f for f in assessment.findings if f.code == "not-yet-in-plan"]
        assert (said.sheet, said.cell) == ("Q1 2025-26", "E3")
        assert [f.code for f in assessment.findings if f.sheet == "Q1 2025-26"] == ["not-yet-in-plan"]
        assert isinstance(runs.build(path, tmp_path / "out"), run.Built)


def test_an_earlier_round_is_judged_on_its_own_cells_in_a_column_per_round(tmp_path):
    """Q2's columns half filled, one with a status that is none: building Q1 says nothing of them."""
    head = ["Ref", "Action", "Lead officer", "Target date", "Q1 2025/26 RAG", "Q1 2025/26 Commentary",
            "Q2 2025/26 RAG", "Q2 2025/26 Commentary"]
    rows = [[str(n), f"Initiative {n}", "Head of Service", "March 2027", "G", "On plan.", "", ""] for n in range(1, 9)]
    rows[0][6:] = ["t to community G", "Pasted in."]
    rows[1][6:] = ["A", "Slipped."]
    path = workbook(tmp_path / "Delivery plan 2025-26.xlsx", {"Plan": [head, *rows]})
    whole = runs.assess(path)
    assert "bad-status" in {f.code for f in whole.findings}
    q1 = runs.assess(path, round="Q1 2025/26")
    assert [f for f in q1.findings if f.severity.value != "info"] == []
    assert isinstance(runs.build(path, tmp_path / "out", round="Q1 2025/26"), run.Built)


def test_a_checked_copy_for_an_earlier_round_marks_only_what_bears_on_it(tmp_path):
    import openpyxl

    q1 = _rag([("1", "Grene", "On plan."), ("2", "G", "On plan.")])
    q2 = _rag([("1", "Gren", "On plan."), ("2", "Amberr", "Slipped.")])
    path = workbook(tmp_path / "Delivery plan 2025-26.xlsx", {"Q1 2025-26": q1, "Q2 2025-26": q2})
    blocked = runs.build(path, tmp_path / "out", round="Q1 2025/26")
    assert isinstance(blocked, run.Blocked) and blocked.checked_copy
    assert [(f.sheet, f.cell) for f in blocked.errors] == [("Q1 2025-26", "E2")]
    copy = openpyxl.load_workbook(blocked.checked_copy)
    assert copy["Q1 2025-26"]["E2"].comment is not None
    assert [c.coordinate for row in copy["Q2 2025-26"].iter_rows() for c in row if c.comment] == []
