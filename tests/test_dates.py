from datetime import date

import pytest

from pipeline.dates import last_date, says_reprofiled


@pytest.mark.parametrize("text, expected", [
    ("March 2026", date(2026, 3, 31)),
    ("31/03/2026", date(2026, 3, 31)),
    ("03/04/2025", date(2025, 4, 3)),  # UK day first
    ("Q4 2025/26", date(2026, 3, 31)),
    ("March 2026 \u2013 reprofiled to August 2026", date(2026, 8, 31)),
    ("Refiled to March 2026", date(2026, 3, 31)),
    ("To commence within the year-end report for 2024/25 (June 2025)", date(2025, 6, 30)),
    ("15 September 2025", date(2025, 9, 15)),
    ("Ongoing", None), ("Monthly", None), ("n/a", None), ("", None),
    ("Feb-26", date(2026, 2, 28)), ("Jan 26", date(2026, 1, 31)), ("Dec-2025", date(2025, 12, 31)),
    ("end Feb 26", date(2026, 2, 28)), ("Sept '25", date(2025, 9, 30)), ("Autumn 2025", None),
    ("June 2026 (previously December 2025)", date(2026, 6, 30)),
    ("September 2026 (originally January 2026)", date(2026, 9, 30)),
    ("March 2026, previously January 2026", date(2026, 3, 31)),
])
def test_the_current_target_is_the_last_date_named(text, expected):
    assert last_date(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("March 2026 \u2013 reprofiled to August 2026", True), ("Refiled to March 2026", True),
    ("Ongoing and re-profiled", True), ("March 2026", False),
])
def test_reprofiling_is_recognised(text, expected):
    assert says_reprofiled(text) is expected


def test_long_dates_have_no_leading_zero():
    from pipeline.dates import long_date

    assert long_date(date(2025, 6, 5)) == "5 June 2025"


@pytest.mark.parametrize("text", ["Reprofiled to March", "re-profiled", "Rephased.", "refiled in May", "none here"])
def test_the_quick_reprofiled_test_never_misses_a_match(text):
    from pipeline.dates import may_say_reprofiled

    assert may_say_reprofiled(text) or not says_reprofiled(text)


@pytest.mark.parametrize("text, expected", [("Autumn 2025", True), ("May 25th", True), ("Q3", True), ("Ongoing", False),
                                            ("Monthly", False), ("TBC", False), ("n/a", False)])
def test_a_target_that_names_a_time_is_told_from_one_that_names_none(text, expected):
    from pipeline.dates import names_a_time

    assert names_a_time(text) is expected
