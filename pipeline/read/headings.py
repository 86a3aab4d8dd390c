"""The header row of a tracker's table: which column each heading names, for which round.

Headings match a report type's names ignoring case, spacing and punctuation; a round may stand in
the heading ("Q1 2025/26 RAG", "30/06/2025 Comments", "Apr-Jun 2025 Progress") or in a row of its
own above the sub-headings ("Q1 2025/26" merged over "RAG | Commentary").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Round
from ..reports import Column, ReportType, heading_key
from ..rounds import dated, find_round, quarter_of, with_year
from .cells import Cell, Grid, cell_string

HEADER_SEARCH_ROWS = 50
ColumnId = tuple[str, Round | None]  # column key, and the round for a per-round column


@dataclass
class Header:
    """The header of a table: its row (0-based; the lower of two), its columns, and the headings
    that name no column of the report type."""

    row: int
    first_row: int
    columns: dict[int, ColumnId]
    unread: list[tuple[int, str]] = field(default_factory=list)  # (column, heading)
    title_group: str = ""  # the group named in a seed-style header row


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


def read_header(grid: Grid, index: int, report: ReportType, above: str) -> Header:
    """The header at row `index`; a round heading with no year ("Q1 RAG") takes the year the lines
    `above` the table name ("Council Plan tracker 2025/26")."""
    two_rows = _two_rows(grid, index, report, above)
    headings = two_rows or [with_year(cell_string(v), [above]) for v in grid[index]]
    columns: dict[int, ColumnId] = {}
    unread = []
    for col, value in enumerate(headings):
        text = value.strip()
        found = classify(text, report)
        if found and found not in columns.values():
            columns[col] = found
        elif text:
            unread.append((col, text))
    header = Header(index + (1 if two_rows else 0), index, columns, unread)
    _dated_quarters(header, headings)
    _current_columns(header, report)
    _title_group(header, report)
    return header


def _two_rows(grid: Grid, header: int, report: ReportType, above: str) -> list[str] | None:
    """Headings in two rows: rounds above ("June 2025", merged across two columns) and each
    round's columns below ("Status", "Update"). Returns the headings joined, or None."""
    if header + 1 >= len(grid):
        return None
    top, below = grid[header], grid[header + 1]
    joined: list[str] = []
    count = 0
    for col in range(max(len(top), len(below))):
        upper = with_year(cell_string(top[col]).strip(), [above]) if col < len(top) else ""
        lower = cell_string(below[col]).strip() if col < len(below) else ""
        found = classify(lower, report) if lower else None
        column = report.column(found[0]) if found else None
        if found and column and column.per_round and found[1] is None and find_round(upper):
            joined.append(f"{upper} {lower}")
            count += 1
        else:
            joined.append(upper or lower)
    return joined if count else None


def _dated_quarters(header: Header, headings: list[str]) -> None:
    """Rounds headed by dates ("30/06/2025", a date cell) are quarters when every one of them is
    a quarter's last day; otherwise the months they fall in."""
    dated_columns = [col for col, (_, round_) in header.columns.items() if round_ and dated(headings[col])]
    quarters = {col: quarter_of(round_) for col in dated_columns if (round_ := header.columns[col][1])}
    if dated_columns and all(quarters.values()):
        for col, quarter in quarters.items():
            if quarter:
                header.columns[col] = (header.columns[col][0], quarter)


def _current_columns(header: Header, report: ReportType) -> None:
    """One status (or update) column with no round beside columns that each name a round: it is
    the latest round's, as an improvement plan's "Status" column beside an update per round is."""
    rounds = [round_ for _, round_ in header.columns.values() if round_]
    if not rounds:
        return
    latest = max(rounds)
    for col, (key, round_) in list(header.columns.items()):
        column = report.column(key)
        if round_ is None and column and column.per_round and column.role in ("status", "update") \
                and (key, latest) not in header.columns.values():
            header.columns[col] = (key, latest)


def _title_group(header: Header, report: ReportType) -> None:
    """Seed-style section header: "We will ..." | "Q1 2024/25 position" | ...: the first cell is
    the priority's title, and its column holds the actions."""
    action = report.action
    if action.key in {k for k, _ in header.columns.values()} or not header.unread:
        return
    col, text = header.unread[0]
    if col < min(header.columns, default=col + 1):
        header.columns[col] = (action.key, None)
        header.title_group = " ".join(text.split())
        header.unread = header.unread[1:]
