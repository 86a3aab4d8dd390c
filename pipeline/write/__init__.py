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


def save(book: Workbook, path: Path) -> Path:
    """Write the openpyxl workbook `book` to `path` atomically (all of it, or the old file left)."""
    buffer = io.BytesIO()
    book.save(buffer)
    return write_atomic(Path(path), buffer.getvalue())
