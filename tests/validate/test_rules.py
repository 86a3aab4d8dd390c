"""Each validation rule against a real workbook that breaks it: (fixture, expected findings)."""

from datetime import date

import pytest

from pipeline import run
from tests import runs
from tests.builders import workbook

TODAY = date(2026, 11, 22)
HEAD = ["Rec.", "Council Plan Ambition", "Best Value Theme", "Recommendation", "Action", "Owner(s)",
        "Target date for completion", "Update"]
WP = ["Priority", "Initiative", "RAG status"]


def act(ref, action, update="Ongoing. Progressing.", target="March 2027", owner="Chief Executive"):
    return [ref, "All", "Culture", f"Recommendation {ref}", action, owner, target, update]


def two_rounds(first_rows, second_rows, head=HEAD, names=("June 2025", "October 2025")):
    return {names[0]: [head, *first_rows], names[1]: [head, *second_rows]}


CASES = {
    "duplicate-ref": (
        {"June 2025": [HEAD, act("1", "First"), act("1", "Second")]},
        {}, [("error", "duplicate-ref", "June 2025", "A3")]),
    "target-unread": (
        {"June 2025": [HEAD, act("1", "First", target="Autumn 2025"), act("2", "Second", target="Ongoing")]},
        {}, [("warning", "target-unread", "June 2025", "G2")]),
    "formula-without-value": (
        {"June 2025": [HEAD, act("1", "First", target="=TODAY()")]},
        {}, [("error", "formula-without-value", "June 2025", "G2")]),
    "bad-status": (
        two_rounds([["P", "Do it", "G"]], [["P", "Do it", "Greeen"]], WP, ("Q1 2024-25", "Q2 2024-25")),
        {}, [("error", "bad-status", "Q2 2024-25", "C2")]),
    "lookalike": (
        two_rounds([["P", "Do it", "\u0421"]], [["P", "Do it", "G"]], WP, ("Q1 2024-25", "Q2 2024-25")),
        {}, [("warning", "lookalike", "Q1 2024-25", "C2")]),
    "blank-status": (
        two_rounds([["P", "Do it", "G"]], [["P", "Do it", ""]], WP, ("Q1 2024-25", "Q2 2024-25")),
        {}, [("warning", "blank-status", "Q2 2024-25", "C2")]),
    "missing-column": (
        {"Q1 2024-25": [["Priority", "Initiative", "Lead"], ["P", "Do it", "Someone"]]},
        {}, [("error", "missing-column", "Q1 2024-25", "A1")]),
    "duplicate-action": (
        {"June 2025": [HEAD, act("1", "Same words"), ["", "", "", "", "Same words", "X", "May 2027", "Ongoing."]]},
        {}, [("warning", "duplicate-action", "June 2025", "E3")]),
    "matched-similar": (
        two_rounds([["P", "Deliver the new leisure centre in 2026", "G"]],
                   [["P", "Deliver the new leisure centre during 2026", "G"]], WP, ("Q1 2024-25", "Q2 2024-25")),
        {}, [("warning", "matched-similar", "Q2 2024-25", "B2")]),
    "text-changed": (
        two_rounds([act("1", "Set up a Town Board")], [act("1", "Establish the Place Leaders Partnership")]),
        {}, [("warning", "text-changed", "October 2025", "E2")]),
    "missing-from-round": (
        two_rounds([act("1", "Stays"), act("2", "Goes")], [act("1", "Stays")]),
        {}, [("warning", "missing-from-round", "June 2025", "E3")]),
    "status-backwards": (
        two_rounds([act("1", "Do it", "Complete.")], [act("1", "Do it", "Ongoing. Reopened.")]),
        {}, [("warning", "status-backwards", "October 2025", "H2")]),  # status read from the update
    "target-passed": (
        two_rounds([act("1", "Do it", target="March 2025")], [act("1", "Do it", target="March 2025")]),
        {}, [("warning", "target-passed", "October 2025", "G2")]),
    "blank-update": (
        two_rounds([act("1", "Do it")], [act("1", "Do it", update="")]),
        {}, [("warning", "blank-update", "October 2025", "H2")]),
    "hidden-row": (
        {"June 2025": [HEAD, act("1", "Shown"), act("2", "Hidden")]},
        {"hidden_rows": {"June 2025": [3]}}, [("warning", "hidden-row", "June 2025", "A3")]),
    "hidden-sheet": (
        two_rounds([act("1", "Do it")], [act("1", "Do it")]),
        {"hidden_sheets": ("June 2025",)}, [("warning", "hidden-sheet", "June 2025", None)]),
    "unreadable-round-name": (
        {"June 2025": [HEAD, act("1", "Do it")], "Sept notes": [["Notes from the September meeting"]]},
        {}, [("warning", "unreadable-round-name", "Sept notes", None)]),
    "misnamed-round": (
        {"June 2025": [HEAD, act("1", "Do it")], "Sept update": [HEAD, act("1", "Do it")]},
        {}, [("error", "misnamed-round", "Sept update", None)]),
    "unknown-heading": (
        {"June 2025": [HEAD[:5] + ["Ownr"] + HEAD[6:], act("1", "Do it")]},
        {}, [("warning", "unknown-heading", "June 2025", "F1")]),
    "no-action-text": (
        {"June 2025": [HEAD, act("1", "Do it"), act("2", "")]},
        {}, [("warning", "no-action-text", "June 2025", "E3")]),
    "no-table": (
        {"June 2025": [HEAD, act("1", "Do it")], "October 2025": [["Nothing here yet"]]},
        {}, [("error", "no-table", "October 2025", "A1")]),
    "control-characters": (
        {"June 2025": [HEAD, act("1", "Do_x0007_ it")]},
        {}, [("info", "control-characters", "June 2025", "E2")]),
}


def findings_for(tmp_path, sheets, options):
    path = workbook(tmp_path / "tracker.xlsx", sheets, **options)
    outcome = runs.findings_of(path, TODAY)
    assert not isinstance(outcome, run.Refused), outcome
    return [(f.severity.value, f.code, f.sheet, f.cell) for f in outcome.findings]


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule(tmp_path, code):
    sheets, options, expected = CASES[code]
    found = findings_for(tmp_path, sheets, options)
    assert [f for f in found if f[1] == code] == expected


def test_seed_000_as_published(tracker):
    """One error at the broken row's Q1 cell, look-alike warnings on exactly the cells that hold
    them, and the duplicated initiative."""
    outcome = runs.findings_of(tracker("workplan_seed_exact"), TODAY)
    found = [(f.severity.value, f.code, f.cell) for f in outcome.findings]
    assert [f for f in found if f[0] == "error"] == [("error", "bad-status", "B60")]
    lookalikes = {cell for _, code, cell in found if code == "lookalike"}
    assert lookalikes == {"B41", "C41", "B42", "C42", "C65", "B71", "C71", "B72", "C78", "C85", "A90", "A92"}
    assert [f for f in found if f[1] == "duplicate-action"] == [("warning", "duplicate-action", "A87")]
    assert [f for f in found if f[1] == "key-read"] == [("info", "key-read", "A90")]  # the key under the table
    assert len(found) == 15


def test_messages_name_the_value_and_the_fix(tracker):
    outcome = runs.findings_of(tracker("workplan_seed_exact"), TODAY)
    error = outcome.errors[0]
    assert error.message == "'t to community G' is not a status: use one of C, G, A, R, U."
    assert (error.file, error.sheet, error.cell) == ("workplan_seed_exact.xlsx", "Workplan", "B60")


def test_a_near_miss_gets_a_suggestion(tmp_path):
    sheets = two_rounds([["P", "Do it", "G"]], [["P", "Do it", "Complet"]], WP, ("Q1 2024-25", "Q2 2024-25"))
    outcome = runs.findings_of(workbook(tmp_path / "t.xlsx", sheets), TODAY)
    assert "did you mean 'Complete'?" in outcome.errors[0].message


def test_the_demo_trackers_have_no_errors():
    from pathlib import Path

    for path in sorted(Path("input").glob("*.xlsx")):
        assert runs.findings_of(path, TODAY).errors == ()


def test_a_plain_column_beside_per_round_columns_of_its_kind_is_still_checked(tmp_path):
    """'Target date' and each round's 'target date' are all read: a formula left without a value
    in the plain one is found, and the round's own target is the one its position takes."""
    head = ["Rec.", "Action", "Target date", "June 2025 update", "June 2025 target date", "October 2025 update",
            "October 2025 target date"]
    sheets = {"Plan": [head, ["1", "Do it", "=TODAY()", "Ongoing.", "March 2026", "Ongoing.", "June 2026"]]}
    found = findings_for(tmp_path, sheets, {})
    assert ("error", "formula-without-value", "Plan", "C2") in found
    assessment = runs.assess(workbook(tmp_path / "again.xlsx", sheets))
    assert [(p.target.raw, p.cell("target")) for p in assessment.plan.actions[0].positions] == [
        ("March 2026", "E2"), ("June 2026", "G2")]


def test_a_key_under_each_rounds_table_is_said_once(tmp_path):
    head = ["Ref", "Action", "Lead", "BRAG rating", "Commentary"]
    key = [[], ["Key:"], ["B = Complete"], ["G = On track"]]
    sheets = {name: [head, ["1", "Do it", "HoH", status, "Noted."], *key]
              for name, status in (("Q1 2025-26", "G"), ("Q2 2025-26", "B"))}
    outcome = runs.findings_of(workbook(tmp_path / "t.xlsx", sheets), TODAY)
    (said,) = [f.message for f in outcome.findings if f.code == "key-read"]
    assert said.startswith("The tracker's own key was read (B = Complete as Complete; G = On track as On track):")


def test_a_default_status_carried_into_later_rounds_is_still_said_to_be_a_default(tmp_path):
    sheets = two_rounds([act("1", "First", update="Not started.")], [act("1", "First", update="Not started yet.")])
    found = findings_for(tmp_path, sheets, {})
    assert ("warning", "status-default", "October 2025", "H2") in found
