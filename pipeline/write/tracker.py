"""Tracker workbooks written for officers: a new one to fill in, or one made from an imported
appendix. A sheet per round, the report type's headings, a frozen header row, wrapped text,
drop-down lists for statuses, an input message on every column, an Instructions sheet and a
Key sheet, and the header cells guarded by sheet protection with no password."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..model import Round, SheetRow
from ..reports import Column, ReportType
from ..rounds import sheet_name
from . import put, save

HEADER_ROW = 3
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
SPARE_ROWS = 300  # rows below the data that officers can fill, with the same lists and messages
PROMPTS = {
    "ref": "The recommendation's number. Leave it blank on further actions of the same recommendation.",
    "group": "The priority or ambition this belongs to.",
    "action": "What will be done, in a sentence or two.",
    "text": "Free text.",
    "status": "Choose from the list.",
    "update": "Progress this round, in a few sentences. Start a new line (Alt+Enter) for each point.",
    "target": "A date or month, e.g. 'March 2026'. If it moves, write 'March 2026 - reprofiled to August 2026'.",
}


def sheet_heading(column: Column) -> str:
    """A column's heading on a round's own sheet ("{round} update" -> "Update")."""
    if "{round}" in column.heading:
        return column.heading.replace("{round}", "").strip().capitalize()
    return column.heading


def status_choices(report: ReportType) -> list[str]:
    return [s.code if report.show_codes else s.label for s in report.states]


def write_tracker(path: Path, report: ReportType, title: str, rounds: list[tuple[Round, list[SheetRow]]],
                  source_key: tuple[tuple[str, str], ...] = (), only_filled: bool = False) -> Path:
    """Write a tracker workbook with a sheet per round (in date order) and return its path. With
    `only_filled`, a column that is not required and is empty in every round is left out (an
    imported appendix that never had it: officers are not asked to fill it)."""
    book = Workbook()
    _instructions(book.active, report, title)
    filled = {k for _, rows in rounds for row in rows for k, v in row.values if v}
    columns = [c for c in report.columns if not only_filled or c.required or c.key in filled]
    for round_, rows in sorted(rounds, key=lambda item: item[0]):
        sheet = book.create_sheet(sheet_name(round_))
        _round_sheet(sheet, report, columns, title, round_, rows)
        _source_key(sheet, source_key, HEADER_ROW + len(rows) + 2)
    _key(book.create_sheet("Key"), report)
    book.active = 1 if len(book.worksheets) > 2 else 0
    return save(book, Path(path))


def _round_sheet(sheet: Worksheet, report: ReportType, columns: list[Column], title: str, round_: Round,
                 rows: list[SheetRow]) -> None:
    put(sheet, 1, 1, title).font = Font(bold=True, size=14)
    put(sheet, 2, 1, f"Position at {round_.long_label}")
    for index, column in enumerate(columns, start=1):
        cell = put(sheet, HEADER_ROW, index, sheet_heading(column))
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = max(10, column.width * 7)
    for offset, row in enumerate(rows, start=1):
        for index, column in enumerate(columns, start=1):
            value = row.get(column.key)
            if value:
                put(sheet, HEADER_ROW + offset, index, value)
    last = HEADER_ROW + len(rows) + SPARE_ROWS
    guard(sheet, HEADER_ROW, len(columns), last)
    add_validations(sheet, report, list(enumerate(columns, start=1)), HEADER_ROW, last)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"


def _source_key(sheet: Worksheet, source_key: tuple[tuple[str, str], ...], row: int) -> None:
    """The source key under the table ("Source key:", then code and meaning), as trackers keep it."""
    if not source_key:
        return
    put(sheet, row, 1, "Source key:").font = Font(bold=True)
    for offset, (code, meaning) in enumerate(source_key, start=1):
        put(sheet, row + offset, 1, code)
        put(sheet, row + offset, 2, meaning)


def guard(sheet: Worksheet, header_row: int, width: int, last: int) -> None:
    """Header and title locked, the data area open: protection with no password guards, never stops."""
    open_cell, wrap = Protection(locked=False), Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=header_row + 1, max_row=last, max_col=width):
        for cell in row:
            cell.protection, cell.alignment = open_cell, wrap
    protection = sheet.protection
    protection.sheet = True
    for allowed in ("formatCells", "formatColumns", "formatRows", "insertRows", "deleteRows", "sort", "autoFilter"):
        setattr(protection, allowed, False)


def add_validations(sheet: Worksheet, report: ReportType, placed: list[tuple[int, Column]], header_row: int, last: int) -> None:
    """A drop-down list on the status column, and an input message on every column."""
    for index, column in placed:
        letter = get_column_letter(index)
        prompt = column.prompt or PROMPTS.get(column.role, "")
        if column.role == "status":
            choices = status_choices(report)
            rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                                  showErrorMessage=True, errorTitle="Not a status",
                                  error="Choose one of: " + ", ".join(choices))
            prompt = f"{prompt} {', '.join(choices)}."
        else:
            rule = DataValidation(allow_blank=True)
        rule.promptTitle = sheet_heading(column)[:32]
        rule.prompt = prompt[:255]
        rule.showInputMessage = True
        rule.add(f"{letter}{header_row + 1}:{letter}{last}")
        sheet.add_data_validation(rule)


def _instructions(sheet: Worksheet, report: ReportType, title: str) -> None:
    sheet.title = "Instructions"
    lines = [
        (title, Font(bold=True, size=14)),
        ("How to fill in this tracker", Font(bold=True)),
        (f"Each round has its own sheet, named after it (for example '{sheet_name_example(report)}').", None),
        (f"Each row is one {report.noun}. Keep the headings in row {HEADER_ROW} as they are.", None),
        ("Choose each status from the drop-down list; the Key sheet says what each means.", None),
        ("Write the update as plain sentences; start a new line with Alt+Enter for each point.", None),
        ("Target dates can be a date or a month. If a target moves, write 'March 2026 - reprofiled to August 2026'.", None),
        ("A recommendation with several actions: fill in its Ref and recommendation on its first row only.", None),
        ("Next round: 'pipeline new-round' adds the next sheet with every open action carried forward.", None),
        ("Check the tracker at any time with 'pipeline validate'; it says what to change and where.", None),
    ]
    for row, (text, font) in enumerate(lines, start=1):
        put(sheet, row, 1, text).font = font or Font()
    sheet.column_dimensions["A"].width = 110


def sheet_name_example(report: ReportType) -> str:
    return "Q1 2025-26" if report.show_codes else "June 2025"


def _key(sheet: Worksheet, report: ReportType) -> None:
    put(sheet, 1, 1, "Key:").font = Font(bold=True)
    for row, state in enumerate(report.states, start=2):
        cell = put(sheet, row, 1, state.code if report.show_codes else state.label)
        put(sheet, row, 2, state.description or state.label)
        cell.fill = PatternFill("solid", fgColor=state.fill)
        cell.font = Font(bold=True, color=state.ink)
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 80
