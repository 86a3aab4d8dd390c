"""Next round's sheet, added to a copy of the tracker: every action carried forward with its Ref,
group, text, owner and target. An open action's status and update are left blank for the
officer; a closed one keeps its status, and its update says it needs none, in grey, so officers
fill in only the open ones and the plan keeps every action it has had."""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.worksheet.worksheet import Worksheet

from ..model import Action, Plan, Refusal, Round, SheetInfo
from ..reports import ReportType, State
from ..rounds import sheet_name
from ..summarise import closed_in
from . import copy_value, put, save
from .tracker import add_validations, guard

BLANK_EACH_ROUND = ("status", "update")


@dataclass(frozen=True)
class NewRound:
    path: Path
    round: Round
    open: tuple[str, ...]  # the actions carried forward to be updated
    closed: tuple[str, ...]  # closed actions carried forward as they are, with their status


def add_round(source: Path, plan: Plan, report: ReportType, latest: SheetInfo, round_: Round, out: Path) -> NewRound:
    header_row = latest.header_row or 1  # the latest round's sheet has its table
    book = openpyxl.load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm")
    if sheet_name(round_) in book.sheetnames:
        raise Refusal(source.name, f"{source.name} already has a sheet '{sheet_name(round_)}': choose another "
                      "round with --round.")
    old = book[latest.name]
    new = book.create_sheet(sheet_name(round_), book.sheetnames.index(latest.name) + 1)
    _copy_top(old, new, header_row, round_)
    columns = {key: column_index_from_string(coordinate_from_string(cell)[0]) for key, cell in latest.columns}
    index = len(plan.rounds) - 1
    open_: list[str] = []
    closed: list[str] = []
    row = header_row + 1
    previous_rec: str | None = None
    previous_group: str | None = None
    for action, position in ((a, p) for a in plan.actions if (p := a.positions[index])):
        state = report.state(position.status)
        row, previous_group = _section(new, columns, report, action, previous_group, row)
        _write_action(new, columns, report, action, row, first_of_rec=action.rec_ref != previous_rec)
        if state and state.closed:
            _closed(new, columns, report, state, closed_in(action, plan, report, index), row)
            closed.append(f"{_describe(action, report)} ({state.label})")
        else:
            open_.append(_describe(action, report))
        previous_rec = action.rec_ref
        row += 1
    last = row + 300
    guard(new, header_row, old.max_column, last)
    placed = [(number, column) for key, number in columns.items() if (column := report.column(key))]
    add_validations(new, report, placed, header_row, last)
    return NewRound(save(book, out), round_, tuple(open_), tuple(closed))


NO_UPDATE_FILL = PatternFill("solid", fgColor="F2F2F2")
NO_UPDATE_FONT = Font(italic=True, color="595959")


def _closed(sheet: Worksheet, columns: dict[str, int], report: ReportType, state: State, since: Round,
            row: int) -> None:
    """A closed action's row: its status filled in, its update saying none is needed, in grey."""
    for key, column in columns.items():
        spec = report.column(key)
        if spec and spec.role == "status":
            put(sheet, row, column, state.code if report.show_codes else state.label)
        elif spec and spec.role == "update":
            put(sheet, row, column, f"No update needed: {state.label.lower()} since {since.label}.")
        cell = sheet.cell(row, column)
        cell.fill, cell.font = NO_UPDATE_FILL, NO_UPDATE_FONT


def _describe(action: Action, report: ReportType) -> str:
    text = " ".join(action.field(report.action.key).plain.split())
    text = text if len(text) <= 80 else text[:77] + "..."
    return f"{action.ref}: {text}" if action.ref else text


def _copy_top(old: Worksheet, new: Worksheet, header_row: int, round_: Round) -> None:
    """Title lines and the header row, with their look; column widths; the frozen header."""
    for row in old.iter_rows(min_row=1, max_row=header_row):
        for cell in row:
            target = new.cell(cell.row, cell.column)
            copy_value(cell, target)
            if cell.has_style:
                target.font, target.fill = copy(cell.font), copy(cell.fill)
                target.alignment, target.border = copy(cell.alignment), copy(cell.border)
    for letter, dimension in old.column_dimensions.items():
        new.column_dimensions[letter].width = dimension.width
    new.freeze_panes = f"A{header_row + 1}"
    for row in range(1, header_row):
        value = new.cell(row, 1).value
        if isinstance(value, str) and ("position at" in value.lower() or "update" in value.lower()):
            put(new, row, 1, f"Position at {round_.long_label}")


def _section(sheet: Worksheet, columns: dict[str, int], report: ReportType, action: Action, previous: str | None, row: int) -> tuple[int, str]:
    """Trackers grouped by section rows (no group column) get the group's title row again."""
    group = report.by_role("group")
    if (group is None or group.key not in columns) and action.group and action.group != previous:
        put(sheet, row, min(columns.values()), action.group)
        return row + 1, action.group
    return row, action.group


def _write_action(sheet: Worksheet, columns: dict[str, int], report: ReportType, action: Action, row: int, first_of_rec: bool) -> None:
    position = action.positions[-1]
    for key, column in columns.items():
        spec = report.column(key)
        if spec is None or spec.role in BLANK_EACH_ROUND:
            continue
        if spec.rec_level and report.identity == "ref" and action.rec_ref and not first_of_rec:
            continue  # a recommendation's cells are filled on its first row only
        if spec.role == "ref":
            value = action.rec_ref
        elif spec.role == "group":
            value = action.group
        elif spec.role == "target":
            value = position.target.raw if position else ""
        else:
            value = action.field(key).raw
        if value:
            put(sheet, row, column, value)
