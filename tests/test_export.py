"""pipeline export: the merged plan as one tidy table, as a DataFrame, CSV and a workbook."""

import csv
import io
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pipeline import export
from pipeline.cli import main
from tests import builders, runs

TODAY = date(2026, 11, 22)


def test_the_improvement_plan_as_a_dataframe(tracker):
    frame = export.table(runs.request(tracker("improvement_sheets"), TODAY))
    assert list(frame.columns) == list(export.COLUMNS)
    by_round = frame.groupby("round", sort=False).size().to_dict()
    # June's sheet holds 48 rows, one of them "n/a" throughout (an action that began in October), so
    # June has 47 actions; October 49 (two new), January 51 (two more).
    assert by_round == {"June 2025": 47, "October 2025": 49, "January 2026": 51}
    assert len(frame) == 147
    january = frame[frame["round"] == "January 2026"]
    assert (january["status"] == "Complete").sum() == 30
    assert set(january["direction"]) <= {"improved", "same", "worse", "not compared", "new"}
    assert (january["direction"] == "new").sum() == 2
    assert set(frame[frame["round"] == "June 2025"]["direction"]) == {""}  # nothing to compare with
    assert january.iloc[0]["round_start"] == "2026-01-01" and january.iloc[0]["round_end"] == "2026-01-31"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_files_are_the_same_bytes_each_time_and_never_formulas(tmp_path, fmt):
    rows = [["Ref", "Action", "Lead officer", "Q1 2025/26 RAG", "Q1 2025/26 Commentary"],
            ["1", "=HYPERLINK(\"http://x\")", "+44 team", "G", "@SUM(A1) and -1"],
            ["2", "Plain action", "Head of HR", "A", "- a bullet"]]
    path = builders.workbook(tmp_path / "t.xlsx", {"Actions": rows})
    book = openpyxl.load_workbook(path)
    book.active["B2"].value = rows[1][1]
    book.active["B2"].data_type = "s"  # text an officer typed, not a formula
    book.save(path)
    written = []
    for folder in ("a", "b"):
        result = CliRunner().invoke(main, ["export", str(path), "--format", fmt, "--out", str(tmp_path / folder),
                                           "--today", TODAY.isoformat()])
        assert result.exit_code == 0, result.output
        written.append((tmp_path / folder / result.output.strip().split("/")[-1]).read_bytes())
    assert written[0] == written[1]
    if fmt == "csv":
        table = list(csv.DictReader(io.StringIO(written[0].decode("utf-8-sig"))))
        assert [r["action"] for r in table] == ["'=HYPERLINK(\"http://x\")", "Plain action"]
        assert table[0]["lead"] == "'+44 team" and table[0]["commentary"] == "'@SUM(A1) and -1"
        assert table[1]["commentary"] == "\u2022 a bullet"  # a bullet stays a bullet
    else:
        with zipfile.ZipFile(io.BytesIO(written[0])) as package:
            assert b"<f>" not in package.read("xl/worksheets/sheet1.xml")
        sheet = openpyxl.load_workbook(io.BytesIO(written[0])).active
        assert sheet["C2"].value == "=HYPERLINK(\"http://x\")" and sheet["C2"].data_type == "s"
        assert [c.value for c in sheet[1]] == list(export.COLUMNS)


def test_a_tracker_with_errors_is_not_exported_unless_forced(tracker, tmp_path):
    path = tracker("workplan_seed_exact")
    result = CliRunner().invoke(main, ["export", str(path), "--out", str(tmp_path)])
    assert result.exit_code == 1 and "bad-status" in result.output
    forced = CliRunner().invoke(main, ["export", str(path), "--out", str(tmp_path), "--force"])
    assert forced.exit_code == 0 and forced.output.strip().endswith(".csv")


def test_a_round_added_but_not_filled_in_is_not_exported(tracker, tmp_path):
    """Every round is exported, so a new round officers have not filled in would carry last
    quarter's statuses forward as this quarter's: it is an error, as in build."""
    filled = CliRunner().invoke(main, ["new-round", str(tracker("improvement_sheets")), "--out", str(tmp_path / "next.xlsx"),
                                       "--today", "2026-04-02"])
    assert filled.exit_code == 0, filled.output
    result = CliRunner().invoke(main, ["export", str(tmp_path / "next.xlsx"), "--out", str(tmp_path / "out"),
                                       "--today", "2026-04-02"])
    assert result.exit_code == 1 and "round-not-filled" in result.output
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_trackers_of_one_title_in_one_export_are_all_kept(tracker, tmp_path):
    first = tracker("workplan_sheets")
    copies = [tmp_path / folder / "Plan.xlsx" for folder in ("a", "b", "c")]
    for copy in copies:
        copy.parent.mkdir()
        copy.write_bytes(first.read_bytes())
    result = CliRunner().invoke(main, ["export", *map(str, copies), "--out", str(tmp_path / "out"),
                                       "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["Council Plan workplan - plan (Plan) 3.csv", "Council Plan workplan - plan (Plan).csv",
                     "Council Plan workplan - plan.csv"], names
    assert sorted(Path(line).name for line in result.output.splitlines()) == names
