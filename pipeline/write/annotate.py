"""The checked copy for the officer: their workbook with each finding's cell highlighted and
commented, and a first sheet listing every finding with a link to its cell.

The only module that writes workbooks (openpyxl). The officer's file is only ever read: the
copy is a new file in the output folder.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl import Workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from ..model import Finding, Refusal, Severity
from . import put, save

FILLS = {
    Severity.ERROR: PatternFill("solid", fgColor="FFC7CE"),
    Severity.WARNING: PatternFill("solid", fgColor="FFEB9C"),
    Severity.INFO: PatternFill("solid", fgColor="DDEBF7"),
}
AUTHOR = "Tracker check"
HEADINGS = ("Severity", "Where", "What to do", "Code", "Value found")
WIDTHS = (10, 22, 100, 22, 24)


def checked_name(tracker: Path) -> str:
    return f"{tracker.stem} - checked{tracker.suffix}"


def annotate(tracker: Path, findings: tuple[Finding, ...], out: Path) -> Path:
    """Write `<tracker> - checked.xlsx` into `out` and return its path."""
    try:
        book = openpyxl.load_workbook(tracker, keep_vba=tracker.suffix.lower() == ".xlsm")
    except (InvalidFileException, OSError, KeyError, ValueError):
        raise Refusal(tracker.name, f"{tracker.name} could not be copied for checking: open it in Excel, "
                      "save it again as .xlsx and check it again.") from None
    for finding in findings:
        _mark(book, finding)
    _findings_sheet(book, findings)
    return save(book, Path(out) / checked_name(tracker))


def _mark(book: Workbook, finding: Finding) -> None:
    if not finding.sheet or not finding.cell or finding.sheet not in book.sheetnames:
        return
    sheet = book[finding.sheet]
    cell = sheet[finding.cell]
    if isinstance(cell, MergedCell):  # only the top-left cell of a merged range can be marked
        merged = next((r for r in sheet.merged_cells.ranges if finding.cell in r), None)
        if merged is None:
            return
        cell = sheet.cell(merged.min_row, merged.min_col)
    if finding.severity is not Severity.INFO or cell.fill is None or cell.fill.fill_type is None:
        cell.fill = FILLS[finding.severity]
    text = f"{finding.severity.value.title()}: {finding.message}"
    if cell.comment is not None and cell.comment.author == AUTHOR:
        text = f"{cell.comment.text}\n\n{text}"
    comment = Comment(text, AUTHOR)
    comment.width, comment.height = 320, 160
    cell.comment = comment


def _unique_title(book: Workbook, wanted: str) -> str:
    title, n = wanted, 2
    while title in book.sheetnames:
        title, n = f"{wanted} {n}", n + 1
    return title


def _findings_sheet(book: Workbook, findings: tuple[Finding, ...]) -> None:
    sheet = book.create_sheet(_unique_title(book, "Findings"), 0)
    for column, heading in enumerate(HEADINGS, start=1):
        put(sheet, 1, column, heading).font = Font(bold=True)
    for row, finding in enumerate(findings, start=2):
        where = f"'{finding.sheet}'!{finding.cell}" if finding.sheet and finding.cell else (finding.sheet or "Workbook")
        for column, text in enumerate((finding.severity.value, where, finding.message, finding.code,
                                       finding.value or ""), start=1):
            put(sheet, row, column, text)
        sheet.cell(row, 1).fill = FILLS[finding.severity]
        if finding.sheet in book.sheetnames:
            link = sheet.cell(row, 2)
            link.hyperlink = f"#'{finding.sheet}'!{finding.cell or 'A1'}"
            link.font = Font(color="0563C1", underline="single")
        sheet.cell(row, 3).alignment = Alignment(wrap_text=True, vertical="top")
    if not findings:
        put(sheet, 2, 3, "No problems found.")
    for letter, width in zip("ABCDE", WIDTHS):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    book.active = 0
    for other in book.worksheets[1:]:
        other.sheet_view.tabSelected = False
