"""A plain table as an Excel workbook (the plan exported for pivot tables and dashboards): a header
row, then the rows, every cell written as text through `put` (never a formula), with a filter and
a frozen header; the same table always gives the same bytes."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Font

from ..render.document import stable_zip
from . import put


def workbook_bytes(headings: list[str], rows: list[tuple[str, ...]], dated: date) -> bytes:
    """The workbook's bytes; `dated` (the last round's end) stands in for when it was made."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Plan"
    for column, heading in enumerate(headings, start=1):
        put(sheet, 1, column, heading).font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            put(sheet, number, column, value)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    stamp = datetime(dated.year, dated.month, dated.day)
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = "pipeline"
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as saved:
        core = saved.read(CORE).decode("utf-8")
    # openpyxl dates the file when it saves it: the round's end stands in, so the bytes never change.
    core = _MODIFIED.sub(lambda m: m.group(1) + f"{stamp:%Y-%m-%dT%H:%M:%SZ}" + m.group(2), core)
    return stable_zip(buffer.getvalue(), {CORE: core.encode("utf-8")})


CORE = "docProps/core.xml"
_MODIFIED = re.compile(r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
