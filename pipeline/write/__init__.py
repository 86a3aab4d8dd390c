"""write: workbooks written for officers (the checked copy, a new tracker, next round's sheet,
an imported appendix). The only package that writes workbooks (openpyxl); the officer's own
file is only ever read."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from ..files import write_atomic

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet


def put(sheet: Worksheet, row: int, column: int, value: str | int | float) -> Cell:
    """Write `value` into a cell; text always as text. Every cell this package fills goes through
    here, so none can become a formula: a tracker's text that starts with "=" is data, and openpyxl
    would otherwise write it as a formula."""
    cell = sheet.cell(row, column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def copy_value(source: Cell, target: Cell) -> None:
    """`source`'s value into `target` as it was stored: text stays text, the officer's own formula
    stays a formula."""
    target.value = source.value
    target.data_type = source.data_type


def save(book: Workbook, path: Path) -> Path:
    """Write the openpyxl workbook `book` to `path` atomically (all of it, or the old file left)."""
    buffer = io.BytesIO()
    book.save(buffer)
    return write_atomic(Path(path), buffer.getvalue())
