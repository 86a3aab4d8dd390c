"""What changed since last reported, and the direction of travel: the figures read back from the
summary JSON (`pipeline summary --format json`), for both seeds over two rounds each."""

import json
import subprocess
import sys
from datetime import date

import pytest

from pipeline.model import Direction
from tests import builders, runs

TODAY = date(2026, 11, 22)


def summary_json(path, *args):
    done = subprocess.run([sys.executable, "-m", "pipeline", "summary", str(path), "--format", "json", "--today",
                           TODAY.isoformat(), *args], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def counts(data):
    return {listing["list"]: listing["count"] for listing in data["since_last_reported"]}


@pytest.mark.parametrize("name, round_name, expected, travel, glance", [
    ("improvement_sheets", "January 2026", {"completed": 8, "new": 2, "reprofiled": 5, "worse": 0, "attention": 3},
     {"improved": 9, "same": 38, "worse": 0, "not compared": 2, "new": 2},
     [("June 2025", 47), ("October 2025", 49), ("January 2026", 51)]),
    ("improvement_sheets", "October 2025", {"completed": 5, "new": 2, "reprofiled": 7, "worse": 4, "attention": 9},
     None, [("June 2025", 47), ("October 2025", 49)]),
    ("workplan_sheets", "Q2 2024/25", {"completed": 3, "new": 0, "reprofiled": 0, "worse": 1, "attention": 1},
     {"improved": 3, "same": 54, "worse": 1, "not compared": 0, "new": 0}, [("Q1 2024/25", 58), ("Q2 2024/25", 58)]),
    ("workplan_sheets", "Q1 2024/25", {"completed": 0, "new": 0, "reprofiled": 0, "worse": 0, "attention": 1},
     {d.value: 0 for d in Direction}, [("Q1 2024/25", 58)]),
])
def test_since_last_reported_in_the_summary_json(tracker, name, round_name, expected, travel, glance):
    data = summary_json(tracker(name), "--round", round_name)
    assert counts(data) == expected
    assert counts(data)["completed"] == data["completed_since_last"]
    assert counts(data)["new"] == data["new"] and counts(data)["reprofiled"] == data["reprofiled"]
    if travel is not None:
        assert data["direction_of_travel"] == travel
    assert [(t["round"], t["total"]) for t in data["at_a_glance"]] == glance
    assert data["at_a_glance"][-1]["counts"] == data["by_status"]
    for tally in data["at_a_glance"]:
        assert sum(tally["counts"].values()) == tally["total"]  # the parts add up


def test_each_listed_action_says_what_changed(tracker):
    data = summary_json(tracker("improvement_sheets"))
    lists = {listing["list"]: listing for listing in data["since_last_reported"]}
    assert [l["title"] for l in data["since_last_reported"]] == [
        "Completed since last reported", "New since last reported", "Reprofiled: target date moved",
        "Worse than last reported", "Needing attention"]
    reprofiled = {i["ref"]: i["detail"] for i in lists["reprofiled"]["items"]}
    assert reprofiled["2"] == "March 2026 – reprofiled to August 2026"
    assert set(reprofiled) == {"2", "6.3", "7.3", "18", "27"}
    completed = lists["completed"]["items"]
    assert all(i["status"] == "Complete" and i["detail"].endswith("to Complete") for i in completed)
    assert all(i["lead"] and i["action"] for i in completed)
    assert len(lists["new"]["items"]) == 2
    assert all(i["commentary"] for i in lists["new"]["items"])
    worse = summary_json(tracker("workplan_sheets"))["since_last_reported"][3]["items"]
    assert [(i["action"][:28], i["detail"]) for i in worse] == [
        ("Refresh the Information Stra", "Some slippage to High risk of deliverability")]


def test_direction_follows_the_report_types_order_of_states(report_types):
    from pipeline import progress, reports
    from pipeline.model import Position, Round, StatusSource
    from pipeline.text import EMPTY

    workplan = reports.pick(report_types, "workplan")
    improvement = reports.pick(report_types, "improvement-plan")
    round_ = Round(date(2025, 6, 30), date(2025, 4, 1), "Q1 2025/26", "Quarter One 2025/26", "quarter")

    def at(code):
        return Position(round_, code, code or "", StatusSource.COLUMN, EMPTY, EMPTY, None, False, "s", 1)

    cases = [(workplan, "G", "C", Direction.IMPROVED), (workplan, "G", "A", Direction.WORSE),
             (workplan, "A", "A", Direction.SAME), (workplan, "R", "U", Direction.WORSE),
             (workplan, None, "G", Direction.NOT_COMPARED), (improvement, "ONGOING", "OVERDUE", Direction.WORSE),
             (improvement, "OVERDUE", "COMPLETE", Direction.IMPROVED),
             (improvement, "ONGOING", "CANCELLED", Direction.NOT_COMPARED)]
    for report, before, after, expected in cases:
        assert progress.direction(at(before), at(after), report) is expected, (before, after)
    assert progress.direction(None, at("G"), workplan) is Direction.NEW
    assert [d.shown for d in Direction] == ["\u2191 Improved", "\u2192 Same", "\u2193 Worse", "Not compared", "New"]


def test_summary_text_names_past_target_date_and_the_status_overdue_apart(tracker):
    outcome = runs.summary_of(tracker("improvement_sheets"))
    from pipeline import present

    text = present.summary_text(outcome.summary)
    lines = text.splitlines()
    assert sum(1 for line in lines if line.strip().startswith("Overdue")) == 1  # the status only
    assert any(line.startswith("Past target date") and line.endswith(" 3") for line in lines)
    assert any(line.strip().startswith("Completed since last reported") and line.endswith(" 8") for line in lines)


def details(tmp_path, kind: str, targets: tuple[object, object]) -> list[str]:
    """The details of list `kind` for one action over Q1 and Q2 2025/26 (G, then A) with these targets."""
    head = ["Ref", "Action", "Lead officer", "Target date", "RAG", "Commentary"]
    path = builders.workbook(tmp_path / "Delivery plan 2025-26.xlsx", {
        f"Q{n} 2025-26": [head, ["1", "Open the new depot", "Head of Waste", target, status, "Progress."]]
        for n, target, status in ((1, targets[0], "G"), (2, targets[1], "A"))})
    [listing] = [l for l in summary_json(path)["since_last_reported"] if l["list"] == kind]
    return [i["detail"] for i in listing["items"]]


@pytest.mark.parametrize("target_before, target_now, detail", [
    # The target moved: the date each round names last, in the tracker's own words.
    ("Q3 2025/26", "Q3 2025/26 - reprofiled to Q1 2026/27", "Q3 2025/26 to Q1 2026/27"),
    ("March 2026", "August 2026", "March 2026 to August 2026"),
    # A date Excel stores as a number is said as a date.
    (45747, 45838, "31 March 2025 to 30 June 2025"),
    # A cell that is more than a date is quoted: its last date need not be the target.
    ("June 2025", "December 2026 (agreed by Board 30 September 2025)",
     "June 2025 to December 2026 (agreed by Board 30 September 2025)"),
    # The same date in both rounds, said to be reprofiled: the target as written.
    ("Jan 2026 - reprofiled to May 2026", "Jan 2026 - reprofiled to May 2026", "Jan 2026 - reprofiled to May 2026"),
])
def test_a_moved_target_is_said_by_its_dates(tmp_path, target_before, target_now, detail):
    assert details(tmp_path, "reprofiled", (target_before, target_now)) == [detail]


@pytest.mark.parametrize("target, detail", [
    ("June 2025", "At risk; target date (June 2025) passed"),
    ("Board to be established by June 2025 and a co-produced vision agreed by the Board.",
     "At risk; target date passed: Board to be established by June 2025 and a co-produced vision agreed by the Board."),
])
def test_an_action_past_its_target_says_which_in_a_sentence(tmp_path, target, detail):
    assert details(tmp_path, "attention", (target, target)) == [detail]
