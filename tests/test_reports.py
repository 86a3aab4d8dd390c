"""Report types as loaded from report.toml: what makes one unusable is said when it is loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import reports
from pipeline.read.headings import classify
from pipeline.reports import ReportTypeError, heading_key
from tests.builders import edited_report


def test_the_built_in_report_types_give_each_heading_to_one_column() -> None:
    for report in reports.load_all():
        named = [(heading_key(n), c.key) for c in report.columns for n in (c.heading.replace("{round}", ""), *c.names)]
        owners = {key: {k for n, k in named if n == key} for key, _ in named if key}
        assert {key: keys for key, keys in owners.items() if len(keys) > 1} == {}, report.name


@pytest.mark.parametrize("heading, percent", [("% progress", True), ("Progress %", True), ("Progress", False),
                                              ("Percent complete", True)])
def test_a_percentage_is_told_from_an_update_by_its_percent_sign(heading: str, percent: bool) -> None:
    (report,) = [r for r in reports.load_all() if r.name == "action-tracker"]
    assert classify(heading, report) == (("percent", None) if percent else ("commentary", None))


def test_two_columns_answering_to_one_heading_are_refused_when_loaded(tmp_path: Path) -> None:
    report = edited_report(tmp_path, "action-tracker", '"Progress %", "% progress"]',
                           '"Progress %", "% progress", "Progress."]')
    with pytest.raises(ReportTypeError) as refused:
        reports.load(report.parent)
    assert str(refused.value) == (
        f"The report type in {report} cannot be used: the heading 'Progress' of the column 'commentary' is read the "
        "same as one of the column 'percent' (case, spaces and punctuation are ignored): give each column its own "
        "names (see the README, 'Adding a report type').")
