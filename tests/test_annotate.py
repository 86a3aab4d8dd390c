"""The checked copy handed back to the officer."""

import hashlib

import openpyxl
from click.testing import CliRunner

from pipeline.cli import main
from tests import runs


def test_validate_annotate_writes_a_checked_copy_and_leaves_the_original(tracker, tmp_path):
    path = tracker("workplan_seed_exact")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = CliRunner().invoke(main, ["validate", str(path), "--annotate", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    copy = tmp_path / "out" / "workplan_seed_exact - checked.xlsx"
    assert f"Checked copy: {copy}" in result.output
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before

    book = openpyxl.load_workbook(copy)
    assert book.sheetnames[0] == "Findings"
    listing = list(book["Findings"].iter_rows(values_only=True))
    assert listing[0] == ("Severity", "Where", "What to do", "Code", "Value found")
    assert listing[1][:4] == ("error", "'Workplan'!B60", "'t to community G' is not a status: use one of C, G, A, R, U.",
                              "bad-status")
    assert listing[1][4] == "t to community G"
    assert len(listing) == 16  # the headings, 14 problems, and the key under the table read (info)
    assert book["Findings"]["B2"].hyperlink.location == "'Workplan'!B60" or \
        book["Findings"]["B2"].hyperlink.target == "#'Workplan'!B60"

    broken = book["Workplan"]["B60"]
    assert broken.fill.fgColor.rgb.endswith("FFC7CE")
    assert "'t to community G' is not a status" in broken.comment.text
    lookalike = book["Workplan"]["C41"]
    assert lookalike.fill.fgColor.rgb.endswith("FFEB9C")
    assert "Cyrillic" in lookalike.comment.text
    assert book["Workplan"]["A1"].value == "Appendix 2: Council Plan workplan; progress at Quarter Two 2024/25"


def test_a_refused_build_hands_back_the_checked_copy(tracker, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(tracker("workplan_seed_exact")), "--out", str(out)])
    assert result.exit_code == 1
    assert runs.written(out) == ["workplan_seed_exact - checked.xlsx"]


def test_a_clean_tracker_gets_a_copy_saying_so(tracker, tmp_path):
    result = CliRunner().invoke(main, ["validate", str(tracker("workplan_wide")), "--annotate", "--out", str(tmp_path)])
    assert result.exit_code == 0
    book = openpyxl.load_workbook(tmp_path / "workplan_wide - checked.xlsx")
    rows = list(book["Findings"].iter_rows(values_only=True))
    assert rows[1][1] == "'Workplan'!A73"  # the duplicated initiative
