"""Finding the table on one sheet: its header row, its columns, its groups, its rows, its key.

Works on a plain grid of cell values (rows of Python values, A1 at [0][0]) so that it knows
nothing of the file format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from ..dates import long_date
from ..model import Round, Value, normalise
from ..reports import Column, ReportType, heading_key
from ..rounds import find_round
from ..text import Text, clean

HEADER_SEARCH_ROWS = 50
_KEY_TITLES = {"key", "statuskey", "ragkey", "keytostatus", "keytoratings", "legend", "ragratingkey"}
_SOURCE_TITLES = {"sourcekey", "sources", "keytosources", "source"}

ColumnId = tuple[str, Round | None]  # column key, and the round for a per-round column
Cell = str | int | float | bool | date | datetime | time | timedelta
Grid = list[list[Cell]]  # a sheet's cells as calamine gives them: rows of values, A1 at [0][0]


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
    title: str = ""
    rows: list[Row] = field(default_factory=list)
    status_key: list[tuple[str, str, str]] = field(default_factory=list)
    source_key: list[tuple[str, str]] = field(default_factory=list)
    unread_headings: list[tuple[str, str]] = field(default_factory=list)
    title_group: str = ""  # the group named in a seed-style header row
    sections: list[tuple[str, str]] = field(default_factory=list)  # section rows: (title, cell)


@lru_cache(maxsize=1024)
def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def address(row: int, col: int) -> str:
    """A1-style address of a 0-based (row, col)."""
    return f"{column_letter(col)}{row + 1}"


def cell_string(value: Cell) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, float):
        return format(value, ".15g")
    return str(value)


@lru_cache(maxsize=32)
def _heading_index(report: ReportType) -> dict[str, Column]:
    index: dict[str, Column] = {}
    for column in report.columns:
        for name in (column.heading.replace("{round}", "").strip(), *column.names):
            index.setdefault(heading_key(name), column)
    return index


@lru_cache(maxsize=8192)
def classify(text: str, report: ReportType) -> ColumnId | None:
    """Which column a heading names: ("owner", None), or ("status", Q1 2024/25) for a round's."""
    if len(text) > 120:
        return None
    key = heading_key(text)
    if not key:
        return None
    column = _heading_index(report).get(key)
    if column:
        return column.key, None
    found = find_round(text)
    if not found:
        return None
    round_, rest = found
    rest_key = heading_key(rest)
    if not rest_key:
        return report.round_default, round_
    for column in report.per_round:
        if rest_key in {heading_key(n) for n in column.names}:
            return column.key, round_
    return None


def header_score(row: list[Cell], report: ReportType) -> int:
    return len({c for c in (classify(cell_string(v), report) for v in row) if c})


def find_header(grid: Grid, report: ReportType) -> int | None:
    """The 0-based index of the header row: the first row naming two or more columns."""
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        if header_score(row, report) >= 2:
            return index
    return None


class Merged(str):
    """A value copied into a cell from the top-left cell of its merged range."""


def fill_merged(grid: Grid, merged: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """Give every cell of a merged range the value of its top-left cell, marked as `Merged`."""
    for (r0, c0), (r1, c1) in merged:
        value = grid[r0][c0] if r0 < len(grid) and c0 < len(grid[r0]) else ""
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            for c in range(c0, min(c1, len(grid[r]) - 1) + 1):
                if (r, c) != (r0, c0):
                    grid[r][c] = Merged(cell_string(value))


def read_table(grid: Grid, header: int, report: ReportType, formulas: frozenset[str],
               actions: frozenset[str] = frozenset()) -> Table:
    """The table under `header`. A title alone in its row is a section heading, unless it is the
    text of an action seen elsewhere (`actions`): then it is that action, with no status yet."""
    table = _header(grid, header, report)
    layout = _Layout(table, report, formulas)
    group, rec = table.title_group, dict[str, Value]()
    section = "table"
    for index in range(table.header_row, len(grid)):
        row = grid[index]
        texts = [v if type(v) is str else cell_string(v) for v in row]
        # A value merged across cells counts once: a title merged across the row is still alone.
        filled = [(c, t) for c, t in enumerate(texts) if t and not t.isspace() and not isinstance(row[c], Merged)]
        if not filled:
            continue
        if len(filled) <= 2:
            first = heading_key(filled[0][1])
            if first in _KEY_TITLES or first.startswith("keyto"):
                section = "key"
                continue
            if first in _SOURCE_TITLES:
                section = "source"
                continue
        if section != "table":
            _read_key_row(table, section, index, filled)
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


class _Layout:
    """What every data row of a table needs to know of its columns, worked out once."""

    def __init__(self, table: Table, report: ReportType, formulas: frozenset[str]):
        self.columns = [(col, column, _is_rec_level(report, column[0]), column_letter(col))
                        for col, column in table.columns.items()]
        self.group_column = next((i for i, (k, _) in table.columns.items() if _role(report, k) == "group"), None)
        self.first_column = min(table.columns) if table.columns else 0
        self.formulas = formulas
        ref, group = report.by_role("ref"), report.by_role("group")
        self.ref = (ref.key, None) if ref else None
        self.group = (group.key, None) if group else None
        self.rec_level = [c.key for c in report.columns if c.rec_level]


def _role(report: ReportType, key: str) -> str:
    column = report.column(key)
    return column.role if column else ""


def _two_rows(grid: Grid, header: int, report: ReportType) -> list[str] | None:
    """Headings in two rows: rounds above ("June 2025", merged across two columns) and each
    round's columns below ("Status", "Update"). Returns the headings joined, or None."""
    if header + 1 >= len(grid):
        return None
    top, below = grid[header], grid[header + 1]
    joined: list[str] = []
    count = 0
    for col in range(max(len(top), len(below))):
        upper = cell_string(top[col]).strip() if col < len(top) else ""
        lower = cell_string(below[col]).strip() if col < len(below) else ""
        found = classify(lower, report) if lower else None
        column = report.column(found[0]) if found else None
        if found and column and column.per_round and found[1] is None and find_round(upper):
            joined.append(f"{upper} {lower}")
            count += 1
        else:
            joined.append(upper or lower)
    return joined if count else None


def _header(grid: Grid, header: int, report: ReportType) -> Table:
    columns: dict[int, ColumnId] = {}
    unread = []
    two_rows = _two_rows(grid, header, report)
    headings = two_rows or [cell_string(v) for v in grid[header]]
    for col, value in enumerate(headings):
        text = value.strip()
        found = classify(text, report)
        if found and found not in columns.values():
            columns[col] = found
        elif text:
            unread.append((col, text))
    action = report.action
    first_header, header = header, header + (1 if two_rows else 0)
    table = Table(header_row=header + 1, columns=columns)
    # Seed-style section header: "We will ..." | "Q1 2024/25 position" | ...: the first cell
    # is the priority's title, and its column holds the actions.
    if action and action.key not in {k for k, _ in columns.values()} and unread:
        col, text = unread[0]
        if col < min(columns, default=col + 1):
            columns[col] = (action.key, None)
            table.title_group = " ".join(text.split())
            unread = unread[1:]
    table.unread_headings = [(address(header, c), t) for c, t in unread]
    table.title = _title(grid, first_header)
    return table


def _title(grid: Grid, header: int) -> str:
    for row in grid[:header]:
        for value in row:
            text = " ".join(cell_string(value).split())
            if text:
                return text
    return ""


def _repeats_header(texts: list[str], table: Table, report: ReportType) -> bool:
    """A header row pasted again inside the table (a page break in the source document).

    Two headings in their own columns, or one round heading ("Q2 2024/25 position", never data),
    make a header row; a single cell that happens to read "Owner" does not.
    """
    matched = []
    for col, column in table.columns.items():
        text = texts[col] if col < len(texts) else ""
        if text and len(text) <= 120 and classify(text, report) == column:
            matched.append(column)
    return len(matched) >= 2 or any(round_ for _, round_ in matched)


def _section_title(texts: list[str], table: Table, report: ReportType) -> str:
    """The priority title a repeated seed-style header row carries in its action column."""
    action = report.action
    for col, (key, _) in table.columns.items():
        if action and key == action.key and col < len(texts):
            text = texts[col]
            if text and classify(text, report) is None:
                return " ".join(text.split())
    return ""


def _data_row(row: list[Cell], texts: list[str], index: int, layout: _Layout, group: str,
              rec: dict[str, Value]) -> Row:
    values: dict[ColumnId, Value] = {}
    width, number, formulas = len(row), index + 1, layout.formulas
    for col, column, rec_level, letter in layout.columns:
        raw = row[col] if col < width else ""
        if rec_level and isinstance(raw, Merged):
            continue  # the recommendation's cells merged down: inherited below, like blanks
        text = texts[col] if col < width else ""
        formula = bool(formulas) and f"{letter}{number}" in formulas
        if not formula and (not text or text.isspace()):
            continue
        text, cleaned = clean(text)
        when = None if type(raw) is str else raw.date() if isinstance(raw, datetime) else \
            raw if isinstance(raw, date) else None
        values[column] = Value(Text(text), f"{letter}{number}", text.strip(), formula, cleaned, when)
    if layout.ref:
        _inherit_recommendation(values, rec, layout)
    rec_ref = values[layout.ref].raw if layout.ref in values else ""
    if layout.group in values:
        group = " ".join(values[layout.group].raw.split())
    return Row(number, group, rec_ref, values)


def _is_rec_level(report: ReportType, key: str) -> bool:
    column = report.column(key)
    return bool(column and column.rec_level)


def _inherit_recommendation(values: dict[ColumnId, Value], rec: dict[str, Value], layout: _Layout) -> None:
    """Rows below a recommendation's first row belong to it until the next Ref."""
    if layout.ref in values:
        rec.clear()
        rec.update({k: values[(k, None)] for k in layout.rec_level if (k, None) in values})
        return
    for key in layout.rec_level:
        if (key, None) not in values and key in rec:
            values[(key, None)] = rec[key]


def _read_key_row(table: Table, section: str, index: int, filled: list[tuple[int, str]]) -> None:
    code_col, code = filled[0]
    label = " ".join(filled[1][1].split()) if len(filled) > 1 else ""
    if section == "key":
        table.status_key.append((code.strip(), label, address(index, code_col)))
    else:
        table.source_key.append((code.strip(), label))


