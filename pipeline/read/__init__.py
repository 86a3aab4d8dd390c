"""read: a tracker workbook to a `Tracker` of facts. Nothing is judged here; `validate` does that.

The only module that opens workbooks. Cells are read with python-calamine (fast, and it
reads merged ranges); what calamine cannot tell (formulas with no saved value, hidden rows,
cells' fills, Excel tables) comes from the package, scanned once by `package` before any cell
is read. The report type is the one that reads most of the workbook (`choose`).
"""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType

import python_calamine

from ..model import Record, Refusal, Round, SheetInfo, Tracker, normalise
from ..reports import ReportType
from ..rounds import (
    find_round,
    looks_like_round,
    parse_round,
    placed,
    with_year,
    without_year,
)
from ..text import EMPTY, Text, clean, plan_title
from .cells import Grid, address, fill_merged
from .choose import choose
from .headings import find_header
from .keys import is_key_sheet, read_key_sheet
from .package import Package, SheetPart, open_package
from .table import Row, Table, read_table

Tables = dict[str, Table | None]  # each sheet's table, if it has one
NOT_ROUNDS = {"key", "lists", "list", "instructions", "cover", "notes", "guidance", "lookup", "lookups", "introduction",
              "intro"}
INTRODUCTION = {"introduction", "intro"}  # a sheet of the plan's own introduction: text, never a table
_ROUND_AFTER = re.compile(r"^(.*\S)\s*(?:[;:,]|\s[-\u2013\u2014])\s+(.+)$")  # "<name> - <round>"


def read(path: Path, reports: tuple[ReportType, ...], forced: ReportType | None = None,
         name: str | None = None) -> Tracker:
    """Read the tracker at `path`; raise `Refusal` when it cannot be used at all. `name` is the
    tracker's own name where `path` is a copy under another (the drop folder's filed copies): the
    plan, its title and what is said about it go by that name."""
    package = open_package(path)  # the safety scan, before any cell is read
    grids = _grids(path)
    named = path.with_name(name) if name else path  # what the plan and messages call it
    key_sheets = {name for name in grids if is_key_sheet(name)}
    key = tuple(e for name in key_sheets for e in read_key_sheet(grids[name], name, _fills(package, name)))
    introduction = [name for name in grids if name.strip().lower() in INTRODUCTION]
    tables_of = {name: grid for name, grid in grids.items() if name not in key_sheets and name not in introduction}
    report = choose(named, tables_of, package, reports, key, forced)
    tables: Tables = {name: _table(grid, report, package, name) for name, grid in tables_of.items()}
    tables = _reread_sections(tables, tables_of, report, package)
    round_sheets, repeats = _round_sheets(named, tables)
    if round_sheets:
        layout, records = "sheets", _sheet_records(tables, round_sheets, package)
    else:
        layout, records = "wide", _wide_records(tables, package)
    rounds = tuple(sorted({r.round for r in records}))
    if not rounds:
        raise Refusal(named.name, _no_rounds(named, tables))
    chosen = [t for n in round_sheets if (t := tables[n])] or [t for t in tables.values() if t]
    latest = max(round_sheets, key=lambda n: round_sheets[n], default=None)
    latest_table = tables[latest] if latest else None
    return Tracker(
        file=named.name,
        title=_plan_title((latest_table or chosen[0]).title, report, named),
        report=report.name,
        layout=layout,
        rounds=rounds,
        records=records,
        # A second sheet of one round ("Q1 Planning" beside "Q1 Housing") names that round too.
        sheets=tuple(_sheet_info(name, tables.get(name), package, report,
                                 round_sheets.get(name) or round_sheets.get(repeats.get(name, "")), repeats.get(name))
                     for name in grids),
        source_key=tuple(dict.fromkeys(pair for t in chosen for pair in t.source_key)),
        status_key=key + tuple(e for t in tables.values() if t for e in t.status_key),
        introduction=_introduction(grids[introduction[0]]) if introduction else EMPTY,
    )


def _introduction(grid: Grid) -> Text:
    """An "Introduction" sheet's text: a paragraph a row (its cells' text joined), bullets kept."""
    lines = [" ".join(text for cell in row if cell is not None and (text := clean(str(cell))[0].strip()))
             for row in grid]
    return Text("\n".join(line for line in lines if line))


def _grids(path: Path) -> dict[str, Grid]:
    """Every sheet's cells, in the workbook's order, merged ranges filled (see `fill_merged`)."""
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        grids = {}
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            grid = sheet.to_python(skip_empty_area=False)
            fill_merged(grid, sheet.merged_cell_ranges or [])
            grids[name] = grid
        return grids
    except (python_calamine.CalamineError, ValueError, OSError) as exc:
        raise _unreadable(path, exc) from None


def _unreadable(path: Path, exc: Exception) -> Refusal:
    if isinstance(exc, python_calamine.PasswordError):
        return Refusal(path.name, f"{path.name} is password-protected: remove the password in Excel, save, and "
                       "try again.")
    return Refusal(path.name, f"{path.name} could not be read: open it in Excel, save it again as .xlsx and try "
                   "again.")


def _fills(package: Package, name: str) -> dict[str, str]:
    part = package.sheet(name)
    return dict(part.fills) if part else {}


def _table(grid: Grid, report: ReportType, package: Package, name: str,
           actions: frozenset[str] = frozenset()) -> Table | None:
    header = find_header(grid, report)
    if header is None:
        return None
    return read_table(grid, header, report, name, package.sheet(name), actions)


def _reread_sections(tables: Tables, grids: dict[str, Grid], report: ReportType, package: Package) -> Tables:
    """A row read as a section heading on one sheet whose text is an action on another (an action
    carried into a new round, its status not yet filled in) is read again as that action."""
    if not any(t and t.sections for t in tables.values()):
        return tables
    key = (report.action.key, None)
    actions = frozenset(normalise(row.values[key].raw) for t in tables.values() if t for row in t.rows
                        if key in row.values)
    for name, table in tables.items():
        if table and any(normalise(title) in actions for title, _ in table.sections):
            tables[name] = _table(grids[name], report, package, name, actions)
    return tables


def _round_sheets(path: Path, tables: Tables) -> tuple[dict[str, Round], dict[str, str]]:
    """The sheet of each round; a second sheet naming the same round ('Q2 2024-25 (2)', an old
    copy) is not read, and is reported with the sheet it repeats. A sheet named "Q1" or "June"
    takes its year from the lines above its table, or from the workbook's name."""
    rounds: dict[str, Round] = {}
    repeats: dict[str, str] = {}
    yearless: list[str] = []
    for name, table in tables.items():
        if table is None:
            continue
        round_ = parse_round(name) or _in_title_year(name, table, path)
        if round_ is None:
            yearless += [name] if without_year(name) else []
            continue
        first = next((n for n, r in rounds.items() if r == round_), None)
        if first:
            repeats[name] = first
        else:
            rounds[name] = round_
    if yearless and not rounds:
        raise Refusal(path.name, _no_year(path, yearless))
    return rounds, repeats


def _in_title_year(name: str, table: Table, path: Path) -> Round | None:
    """A sheet named "Q1" or "June", in the year the lines above its table or the workbook's name give."""
    found = placed(name, (table.above, path.stem))
    return found[0] if found else None


def _no_year(path: Path, sheets: list[str]) -> str:
    named = " and ".join(f"'{s}'" for s in sheets) if len(sheets) <= 2 else \
        ", ".join(f"'{s}'" for s in sheets[:-1]) + f" and '{sheets[-1]}'"
    example = sheets[0]
    return (f"{path.name} names its rounds {named} with no year anywhere, so they cannot be placed: add the year to "
            f"the sheet names (e.g. '{example} 2025-26') or to the title above the table (e.g. 'Action plan "
            f"2025/26'), then try again.")


def _rows(table: Table | None) -> list[Row]:
    return table.rows if table else []


def _hidden(part: SheetPart | None, row: int) -> bool:
    return bool(part and (part.hidden or row in part.hidden_rows))


def _sheet_records(tables: Tables, round_sheets: dict[str, Round], package: Package) -> tuple[Record, ...]:
    records: list[Record] = []
    for name, round_ in sorted(round_sheets.items(), key=lambda item: item[1]):
        part = package.sheet(name)
        for row in _rows(tables[name]):
            records.append(_record(row, round_, name, part))
    return tuple(records)


def _wide_records(tables: Tables, package: Package) -> tuple[Record, ...]:
    wide = [(n, t) for n, t in tables.items() if t and any(r for _, r in t.columns.values())]
    if not wide:
        return ()
    name, table = wide[0]
    part = package.sheet(name)
    rounds = sorted({r for _, r in table.columns.values() if r})
    records: list[Record] = []
    for row in table.rows:
        present = [r for r in rounds if any(rr == r for (_, rr) in row.values)]
        first = present[0] if present else rounds[0]
        for round_ in (r for r in rounds if r >= first):
            records.append(_record(row, round_, name, part))
    return tuple(records)


def _record(row: Row, round_: Round, sheet: str, part: SheetPart | None) -> Record:
    """The row as it stood in `round_`: every column not per round, and that round's own, which
    stands in for a plain column of its kind ("Target date" beside "June 2025 target date"); the
    plain column's cell is kept aside, to be checked."""
    own = {k for k, r in row.values if r == round_}
    values = {k: v for (k, r), v in row.values.items() if r == round_ or (r is None and k not in own)}
    shadowed = tuple([v for (k, r), v in row.values.items() if r is None and k in own])
    return Record(round_, sheet, row.number, row.group, MappingProxyType(values), _hidden(part, row.number),
                  row.rec_ref, shadowed)


def _sheet_info(name: str, table: Table | None, package: Package, report: ReportType, round_: Round | None,
                same_round_as: str | None) -> SheetInfo:
    part = package.sheet(name)
    columns: tuple[tuple[str, str], ...] = ()
    missing: tuple[str, ...] = ()
    if table:
        header = table.header_row
        columns = tuple(
            (key if r is None else f"{key} ({r.label})", address(header - 1, col))
            for col, (key, r) in sorted(table.columns.items())
        )
        found = {k for k, _ in table.columns.values()}
        missing = tuple(c.key for c in report.columns if c.required and c.key not in found)
    read_as = round_ or parse_round(name)
    return SheetInfo(
        name=name,
        hidden=bool(part and part.hidden),
        round=read_as,
        looks_like_round=read_as is None and name.strip().lower() not in NOT_ROUNDS and looks_like_round(name),
        header_row=table.header_row if table else None,
        columns=columns,
        missing=missing,
        hidden_rows=tuple(sorted(part.hidden_rows)) if part else (),
        unread_headings=tuple(table.unread_headings) if table else (),
        sections=tuple(table.sections) if table else (),
        same_round_as=same_round_as,
        not_actions=tuple(table.not_actions) if table else (),
    )


def _plan_title(title: str, report: ReportType, path: Path) -> str:
    """The plan's name: the title line above the table, without 'Appendix 2:', '; progress at ...'
    or the round after it ("Housing Delivery Plan - Q2 2025-26")."""
    title = plan_title(title)
    named = _ROUND_AFTER.match(title)
    if named and (found := find_round(named.group(2))) and not found[1]:
        title = named.group(1)
    if title and len(title) <= 120:
        return title
    return report.default_title or path.stem


def _no_rounds(path: Path, tables: Tables) -> str:
    yearless = [(name, cell, text) for name, table in tables.items() if table
                for cell, text in table.unread_headings if without_year(text)]
    if yearless:
        named = ", ".join(f"'{sheet}'!{cell} '{text}'" for sheet, cell, text in yearless[:3])
        return (f"{path.name} names its rounds in headings with no year ({named}): add the year to the headings "
                f"(e.g. '{with_year(yearless[0][2], ['2025/26'])}') or to the title above the table (e.g. 'Action plan "
                f"2025/26'), then try again.")
    return (f"{path.name} has no reporting round the pipeline can read: name each round's sheet after "
            f"its quarter or month (e.g. 'Q1 2024-25' or 'June 2025'), or name the round in the "
            f"per-round headings (e.g. 'Q1 2024/25 position'), then try again.")

