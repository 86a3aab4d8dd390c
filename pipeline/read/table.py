"""The table on one sheet: its header, its groups, its rows, and the keys under it.

Works on the grid of cell values (see `cells`), with what the package scan found of the sheet
(formulas with no saved value, the cells' fills, Excel tables), so it knows nothing of the file
format.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from ..model import KeyEntry, Value, normalise
from ..reports import ReportType, heading_key
from ..text import Text, clean
from .cells import Cell, Grid, Merged, address, cell_string, column_letter, percentage
from .headings import ColumnId, classify, read_header
from .keys import SOURCE_TITLES, is_key_title, key_entry
from .package import ExcelTable, SheetPart

_TOTALS = {"total", "totals", "grandtotal", "subtotal"}
HEADING_LENGTH = 60  # no heading is longer: a longer cell is never taken for one


@dataclass
class Row:
    """A data row of the table, before it is split into rounds."""

    number: int  # 1-based sheet row
    group: str
    rec_ref: str
    values: dict[ColumnId, Value]


@dataclass
class Table:
    header_row: int  # 1-based
    columns: dict[int, ColumnId]  # 0-based column index -> column
    title: str = ""  # the first line above the header
    above: str = ""  # every line above the header, for a year that the round names leave out
    rows: list[Row] = field(default_factory=list)
    status_key: list[KeyEntry] = field(default_factory=list)
    source_key: list[tuple[str, str]] = field(default_factory=list)
    unread_headings: list[tuple[str, str]] = field(default_factory=list)  # heading cell -> text
    sections: list[tuple[str, str]] = field(default_factory=list)  # section rows: (title, cell)
    not_actions: list[tuple[str, str]] = field(default_factory=list)  # (cell, what the row is)


def _opens_key(row: list[Cell]) -> bool:
    return bool(row) and type(row[0]) is str and is_key_title(row[0])


def read_table(grid: Grid, header_index: int, report: ReportType, sheet: str, part: SheetPart | None,
               actions: frozenset[str] = frozenset(), limit: int | None = None) -> Table:
    """The table under the header at `header_index` (0-based). A title alone in its row is a section
    heading, unless it is the text of an action seen elsewhere (`actions`): then it is that action,
    with no status yet. With `limit`, only so many rows are read as actions; the rest only for a key."""
    title, above = _above(grid, header_index)
    header = read_header(grid, header_index, report, above)
    table = Table(header.row + 1, header.columns, title, above)
    table.unread_headings = [(address(header.row, c), t) for c, t in header.unread]
    layout = _Layout(table, report, part)
    excel = next((t for t in (part.tables if part else ()) if t.first_row <= header.row + 1 <= t.last_row), None)
    group, rec, section = header.title_group, dict[str, Value](), "table"
    end = len(grid) if limit is None else header.row + 1 + limit
    for index in range(header.row + 1, len(grid)):
        row = grid[index]
        if index >= end and section == "table" and not _opens_key(row):
            continue  # beyond the rows asked for: only a key under the table is looked for
        texts = [v if type(v) is str else cell_string(v) for v in row]
        # A value merged across cells counts once: a title merged across the row is still alone.
        filled = [(c, t) for c, t in enumerate(texts) if t and not t.isspace() and not isinstance(row[c], Merged)]
        if not filled:
            continue
        if len(filled) <= 2 and (is_key_title(filled[0][1]) or heading_key(filled[0][1]) in SOURCE_TITLES):
            section = "key" if is_key_title(filled[0][1]) else "source"
            continue
        if section != "table":
            _key_line(table, section, index, filled, len(row), sheet, layout.fills)
            continue
        if outside := _outside(excel, index, filled):
            table.not_actions.append((address(index, filled[0][0]), outside))
            continue
        if _repeats_header(texts, table, report):
            group = _section_title(texts, table, report) or group
            continue
        if layout.group_column is None and len(filled) == 1 and filled[0][0] <= layout.first_column \
                and normalise(filled[0][1]) not in actions:
            group = " ".join(filled[0][1].split())
            table.sections.append((group, address(index, filled[0][0])))
            continue
        table.rows.append(_data_row(row, texts, index, layout, group, rec))
    return table


def _above(grid: Grid, header: int) -> tuple[str, str]:
    """The first line above the header (the plan's title), and all of them."""
    lines = [" ".join(" ".join(cell_string(v) for v in row).split()) for row in grid[:header]]
    lines = [line for line in lines if line]
    return (lines[0] if lines else ""), " ".join(lines)


def _outside(excel: ExcelTable | None, index: int, filled: list[tuple[int, str]]) -> str:
    """What a row that is no action is: an Excel table's totals row, a note under it, or a
    totals row typed by hand ("Total | 9", "Total | 6 actions"). Empty for a row that may be an action."""
    number = index + 1
    if excel and number > excel.last_data_row:
        return "the Excel table's totals row" if number <= excel.last_row else "a note under the Excel table"
    if heading_key(filled[0][1]) in _TOTALS:
        return "a totals row"
    return ""


class _Layout:
    """What every data row of a table needs to know of its columns, worked out once."""

    def __init__(self, table: Table, report: ReportType, part: SheetPart | None):
        self.columns = [(col, column, _is_rec_level(report, column[0]), column_letter(col), _role(report, column[0]))
                        for col, column in table.columns.items()]
        self.group_column = next((i for i, (k, _) in table.columns.items() if _role(report, k) == "group"), None)
        self.first_column = min(table.columns) if table.columns else 0
        self.formulas = part.formula_cells if part else frozenset()
        self.fills: Mapping[str, str] = part.fills if part else {}
        self.percents: Mapping[str, int] = part.percent_cells if part else {}
        ref, group = report.by_role("ref"), report.by_role("group")
        self.ref = (ref.key, None) if ref else None
        self.group = (group.key, None) if group else None
        self.rec_level = [c.key for c in report.columns if c.rec_level]


def _role(report: ReportType, key: str) -> str:
    column = report.column(key)
    return column.role if column else ""


def _is_rec_level(report: ReportType, key: str) -> bool:
    column = report.column(key)
    return bool(column and column.rec_level)


def _repeats_header(texts: list[str], table: Table, report: ReportType) -> bool:
    """A header row pasted again inside the table (a page break in the source document).

    Two headings in their own columns, or one round heading ("Q2 2024/25 position", never data),
    make a header row; a single cell that happens to read "Owner" does not.
    """
    matched = []
    for col, column in table.columns.items():
        text = texts[col] if col < len(texts) else ""
        if text and len(text) <= HEADING_LENGTH and classify(text, report) == column:
            matched.append(column)
    return len(matched) >= 2 or any(round_ for _, round_ in matched)


def _section_title(texts: list[str], table: Table, report: ReportType) -> str:
    """The priority title a repeated seed-style header row carries in its action column."""
    for col, (key, _) in table.columns.items():
        if key == report.action.key and col < len(texts):
            text = texts[col]
            if text and classify(text, report) is None:
                return " ".join(text.split())
    return ""


def _data_row(row: list[Cell], texts: list[str], index: int, layout: _Layout, group: str,
              rec: dict[str, Value]) -> Row:
    values: dict[ColumnId, Value] = {}
    width, number, formulas, fills = len(row), index + 1, layout.formulas, layout.fills
    for col, column, rec_level, letter, role in layout.columns:
        raw = row[col] if col < width else ""
        if rec_level and isinstance(raw, Merged):
            continue  # the recommendation's cells merged down: inherited below, like blanks
        text = texts[col] if col < width else ""
        blank = not text or text.isspace()
        if blank and not formulas and not (fills and role == "status"):
            continue  # the usual blank cell: nothing to read
        ref = f"{letter}{number}"
        formula = bool(formulas) and ref in formulas
        fill = fills.get(ref) if fills and role == "status" else None
        if blank and not formula and not fill:
            continue
        if layout.percents and ref in layout.percents and isinstance(raw, (int, float)):
            text = percentage(raw, layout.percents[ref])  # as Excel shows it: 0.5 as 50%
        text, cleaned = clean(text)
        when = None if type(raw) is str else raw.date() if isinstance(raw, datetime) else \
            raw if isinstance(raw, date) else None
        values[column] = Value(Text(text), ref, text.strip(), formula, cleaned, when, fill)
    if layout.ref:
        _inherit_recommendation(values, rec, layout)
    rec_ref = values[layout.ref].raw if layout.ref in values else ""
    if layout.group in values:
        group = " ".join(values[layout.group].raw.split())
    return Row(number, group, rec_ref, values)


def _inherit_recommendation(values: dict[ColumnId, Value], rec: dict[str, Value], layout: _Layout) -> None:
    """Rows below a recommendation's first row belong to it until the next Ref."""
    if layout.ref in values:
        rec.clear()
        rec.update({k: values[(k, None)] for k in layout.rec_level if (k, None) in values})
        return
    for key in layout.rec_level:
        if (key, None) not in values and key in rec:
            values[(key, None)] = rec[key]


def _key_line(table: Table, section: str, index: int, filled: list[tuple[int, str]], width: int, sheet: str,
              fills: Mapping[str, str]) -> None:
    if section == "source":
        code_col, code = filled[0]
        table.source_key.append((code.strip(), " ".join(filled[1][1].split()) if len(filled) > 1 else ""))
    elif entry := key_entry(filled, index, width, sheet, fills):
        table.status_key.append(entry)
