"""Which report type a tracker is: the one that reads most of it.

Each report type is judged by how much of the workbook it reads, above all how many status cells
its scheme reads (typed, shown by colour, or the opening words of an update, for a type that
reads statuses so), with the tracker's own key read into its scheme, and how many of the key's
lines it understands; then by the columns it recognises. On a tie the general type wins. Only the
first rows of each sheet are read to judge, which is plenty for a tracker's statuses.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..model import KeyEntry, Refusal, Value
from ..reports import ReportType
from ..scheme import by_colour, with_key
from ..status import read_status, status_from_update
from .cells import Grid
from .headings import find_header
from .package import Package
from .table import Table, read_table

SAMPLE_ROWS = 100  # rows of each sheet read to judge a report type


@dataclass(frozen=True)
class Judgement:
    report: ReportType
    statuses: int  # status cells (and updates' opening words) it reads
    seen: int  # status cells with something in them
    key_lines: int  # lines of the tracker's key it understands
    columns: int  # columns it recognises on its best sheet
    unread: tuple[tuple[str, str], ...]  # (sheet, status as written) it cannot read

    @property
    def rank(self) -> tuple[int, int, bool]:
        return self.statuses + self.key_lines, self.columns, self.report.general


def choose(path: Path, grids: dict[str, Grid], package: Package, reports: tuple[ReportType, ...],
           key: tuple[KeyEntry, ...], forced: ReportType | None) -> ReportType:
    """The report type to read the tracker as: `forced` (unless it plainly reads the tracker wrong,
    which is refused in a sentence), else the one that reads most of it."""
    judged = [j for report in reports if (j := judge(report, grids, package, key))]
    best = max(judged, key=lambda j: j.rank, default=None)
    if forced:
        own = next((j for j in judged if j.report is forced), None)
        if own and best and best.report is not forced and _misread(own, best):
            raise Refusal(path.name, _wrong_type(path, own, best))
        return forced
    if best is None:
        names = ", ".join(r.name for r in reports)
        raise Refusal(path.name, f"{path.name} has no tracker table that the pipeline recognises: check the header "
                      f"row names the columns (e.g. Action, Lead officer, Status), or choose the report type with "
                      f"--report ({names}).")
    return best.report


def judge(report: ReportType, grids: dict[str, Grid], package: Package, key: tuple[KeyEntry, ...]) -> Judgement | None:
    """How much of the workbook `report` reads; None when it finds no table at all."""
    tables = {}
    for name, grid in grids.items():
        header = find_header(grid, report)
        if header is not None:
            tables[name] = read_table(grid, header, report, name, package.sheet(name), limit=SAMPLE_ROWS)
    if not tables:
        return None
    lines = key + tuple(e for t in tables.values() for e in t.status_key)
    reading = with_key(report, lines)
    scheme = reading.report
    statuses = seen = 0
    unread: list[tuple[str, str]] = []
    for name, value, update in _status_cells(tables, report):
        read = _reads(value, update, scheme)
        seen += bool(value and (value.raw or value.fill))
        statuses += read
        if value and value.raw and not read:
            unread.append((name, value.raw))
    columns = max(len({k for k, _ in t.columns.values()}) for t in tables.values())
    return Judgement(report, statuses, seen, len(reading.understood), columns, tuple(unread))


def _status_cells(tables: dict[str, Table], report: ReportType) -> Iterator[tuple[str, Value | None, Value | None]]:
    status, update = report.by_role("status"), report.by_role("update")
    for name, table in tables.items():
        for row in table.rows:
            for (key, round_), value in row.values.items():
                if status and key == status.key:
                    yield name, value, None
                elif update and key == update.key and report.status_from_update:
                    yield name, None, value


def _reads(value: Value | None, update: Value | None, scheme: ReportType) -> bool:
    if value is not None:
        if value.raw:
            return read_status(value.raw, scheme, suggest=False).state is not None
        return bool(value.fill and by_colour(value.fill, scheme))
    return bool(update and update.raw and status_from_update(update.text.opening, scheme))


def _misread(own: Judgement, best: Judgement) -> bool:
    """The forced type reads few of the statuses while another reads nearly all of them."""
    return own.seen > 0 and own.statuses * 2 < own.seen and best.statuses * 10 >= best.seen * 9 and bool(own.unread)


def _wrong_type(path: Path, own: Judgement, best: Judgement) -> str:
    sheet = own.unread[0][0]
    examples = list(dict.fromkeys(text for _, text in own.unread))[:3]
    shown = ", ".join(examples)
    article = "an" if best.report.name[0] in "aeiou" else "a"
    return (f"'{sheet}' in {path.name} looks like {article} {best.report.name}: its statuses {shown} are not "
            f"{own.report.name} statuses; build with --report {best.report.name}.")
