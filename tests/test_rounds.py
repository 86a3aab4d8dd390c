from datetime import date

import pytest

from pipeline.rounds import (
    find_round,
    looks_like_round,
    next_round,
    parse_round,
    sheet_name,
)


@pytest.mark.parametrize("text, label, start, end", [
    ("Q1 2024/25", "Q1 2024/25", date(2024, 4, 1), date(2024, 6, 30)),
    ("Q1 2024-25", "Q1 2024/25", date(2024, 4, 1), date(2024, 6, 30)),
    ("Quarter 1 2024/25", "Q1 2024/25", date(2024, 4, 1), date(2024, 6, 30)),
    ("Q1 24-25", "Q1 2024/25", date(2024, 4, 1), date(2024, 6, 30)),
    ("Q2 2024/25 position", "Q2 2024/25", date(2024, 7, 1), date(2024, 9, 30)),
    ("Quarter Three 2025/26", "Q3 2025/26", date(2025, 10, 1), date(2025, 12, 31)),
    ("Q4 2025/26", "Q4 2025/26", date(2026, 1, 1), date(2026, 3, 31)),
    ("June 2025", "June 2025", date(2025, 6, 1), date(2025, 6, 30)),
    ("Jun 2025", "June 2025", date(2025, 6, 1), date(2025, 6, 30)),
    ("January 2026 update", "January 2026", date(2026, 1, 1), date(2026, 1, 31)),
    ("Sept 2025", "September 2025", date(2025, 9, 1), date(2025, 9, 30)),
])
def test_round_names_seen_in_the_wild(text, label, start, end):
    round_ = parse_round(text)
    assert (round_.label, round_.start, round_.end) == (label, start, end)


@pytest.mark.parametrize("text", ["Key", "Lists", "Instructions", "Cover", "Q1 2024/26", "Sheet1"])
def test_names_that_are_not_rounds(text):
    assert parse_round(text) is None


def test_rounds_order_by_date_not_by_name():
    names = ["January 2026", "Q4 2025/26", "June 2025", "Q1 2025/26", "October 2025"]
    ordered = [r.label for r in sorted(parse_round(n) for n in names)]
    assert ordered == ["Q1 2025/26", "June 2025", "October 2025", "January 2026", "Q4 2025/26"]


def test_words_around_a_round_heading_are_kept():
    assert find_round("Q2 2024/25 position")[1] == "position"
    assert find_round("June 2025 update")[1] == "update"


@pytest.mark.parametrize("text, expected", [("Q2", True), ("Sept update", True), ("Key", False), ("Lists", False)])
def test_names_that_look_like_rounds(text, expected):
    assert looks_like_round(text) is expected


def test_next_round_and_sheet_name():
    assert next_round(parse_round("Q4 2024/25")).label == "Q1 2025/26"
    assert next_round(parse_round("Q2 2024/25")).label == "Q3 2024/25"
    assert next_round(parse_round("December 2025")).label == "January 2026"
    assert sheet_name(parse_round("Q1 2024/25")) == "Q1 2024-25"
