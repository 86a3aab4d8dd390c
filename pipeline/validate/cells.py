"""Rules about single cells: statuses, look-alike letters, formulas, dropped characters."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from .. import findings as kinds
from ..colours import family
from ..dates import long_date, serial_date
from ..model import Finding, Record, StatusSource, Value
from ..reports import ReportType, State
from ..scheme import by_colour
from ..status import LOOKALIKES, has_lookalike, read_status
from .context import Context

PLAIN = {"red", "amber", "green", "blue"}  # colours that plainly say a status


def _codes(report: ReportType) -> str:
    """What an officer may type: the codes where the report type prints codes (C, G, A, R, U), its
    labels where it prints labels."""
    return ", ".join(s.code if report.show_codes else s.label for s in report.states)


def _named(state: State, report: ReportType) -> str:
    return f"'{state.code}', {state.label}" if report.show_codes else f"'{state.label}'"


def _lookalike_message(text: str) -> str:
    latin = text.translate(LOOKALIKES)
    alphabets = sorted({unicodedata.name(ch, "OTHER").split()[0].title() for ch in text if ch.translate(LOOKALIKES) != ch})
    return (f"'{text}' holds a {' and '.join(alphabets)} letter that looks like Latin; it was read as "
            f"'{latin}': retype it as '{latin}'.")


def _values(context: Context, role: str) -> Iterator[tuple[Record, Value | None]]:
    """Each record with what it holds in the column of `role` (None where the cell is blank)."""
    column = context.report.by_role(role)
    if column:
        for record in context.records:
            yield record, record.get(column.key)


def statuses(context: Context) -> Iterator[Finding]:
    for record, value in _values(context, "status"):
        if not value or not value.raw:
            continue
        reading = read_status(value.raw, context.report)
        if reading.state and reading.lookalike:
            yield context.finding(kinds.LOOKALIKE, _lookalike_message(value.raw), record.sheet, value.cell, value.raw)
        elif reading.state is None:
            hint = f" (did you mean {_named(reading.suggestion, context.report)}?)" if reading.suggestion else ""
            yield context.finding(kinds.BAD_STATUS, f"'{value.raw}' is not a status{hint}: use one of "
                                  f"{_codes(context.report)}.", record.sheet, value.cell, value.raw)


def key_cells(context: Context) -> Iterator[Finding]:
    for entry in context.tracker.status_key:
        if has_lookalike(entry.code):
            yield context.finding(kinds.LOOKALIKE, _lookalike_message(entry.code), entry.sheet, entry.cell, entry.code)


def blank_statuses(context: Context) -> Iterator[Finding]:
    """A round that asks for a status (its sheet has the column) and was given none."""
    column = context.report.by_role("status")
    if not column:
        return
    for position in context.positions():
        value = position.values.get(column.key)
        if position.source is StatusSource.NONE and not (value and (value.formula_without_value or value.fill)):
            cell = value.cell if value else context.cell_in_row(position.sheet, column.key, position.round.label,
                                                                position.row)
            yield context.finding(kinds.BLANK_STATUS, f"No status is given for {position.round.label}, so this "
                                  f"action is counted as having none: enter one of {_codes(context.report)}.",
                                  position.sheet, cell)


def default_statuses(context: Context) -> Iterator[Finding]:
    """An action given no status in the round reported or before, counted as the report type's default."""
    update = context.report.by_role("update")
    latest = context.index
    for position in (p for a in context.plan.actions if (p := a.positions[latest])):
        if position.source is StatusSource.DEFAULT and position.status:
            state = context.report.state(position.status)
            cell = position.cell(update.key) if update else None
            cell = cell or (context.cell_in_row(position.sheet, update.key, position.round.label, position.row)
                            if update else None)
            yield context.finding(kinds.STATUS_DEFAULT, f"No status is given for this action in "
                                  f"{position.round.label} or before, so it is counted as {state.label if state else ''}"
                                  f": start the update with its status (for example '{_first_opening(context.report)}').",
                                  position.sheet, cell)


def _first_opening(report: ReportType) -> str:
    """How an update opens to give a status: the default state's way first ('Ongoing.')."""
    default = report.state(report.default_state)
    states = ([default] if default else []) + list(report.states)
    return next((f"{s.opening[0]}." for s in states if s.opening), "Ongoing.")


def colour_statuses(context: Context) -> Iterator[Finding]:
    """Statuses shown by colour alone, typed statuses in another status's colour, and blank status
    cells filled with a colour that is no status's."""
    column = context.report.by_role("status")
    if not column:
        return
    for position in context.positions():
        value = position.values.get(column.key)
        if value is None or not value.fill:
            continue
        state = context.report.state(position.status)
        if position.source is StatusSource.COLOUR and state:
            yield context.finding(kinds.STATUS_BY_COLOUR, f"This status is shown by colour alone (#{value.fill}): "
                                  f"read as {state.label}; type {_named(state, context.report)} so it is not lost.",
                                  position.sheet, value.cell)
        elif not value.raw:
            yield context.finding(kinds.STATUS_COLOUR_UNKNOWN, f"This status cell is blank but filled with "
                                  f"#{value.fill}, which is no status's colour: type one of "
                                  f"{_codes(context.report)}.", position.sheet, value.cell)
        elif state and (shown := by_colour(value.fill, context.report)) and shown.code != state.code \
                and family(value.fill) in PLAIN and family(value.fill) not in {family(c) for c in state.colours}:
            yield context.finding(kinds.STATUS_COLOUR_DIFFERS, f"'{value.raw}' is typed, but the cell is filled "
                                  f"with the colour of {shown.label} (#{value.fill}): check which is right ("
                                  f"'{value.raw}' was read as {state.label}).", position.sheet, value.cell, value.raw)


def formulas(context: Context) -> Iterator[Finding]:
    for record in context.records:
        for value in (*record.values.values(), *record.shadowed):
            if value.formula_without_value:
                yield context.finding(kinds.FORMULA_WITHOUT_VALUE, "This cell holds a formula with no saved "
                                      "value (the workbook was never opened and saved in Excel): open it in "
                                      "Excel, save it, and try again.", record.sheet, value.cell)


def dropped_characters(context: Context) -> Iterator[Finding]:
    for record in context.records:
        for value in (*record.values.values(), *record.shadowed):
            if value.cleaned:
                yield context.finding(kinds.CONTROL_CHARACTERS, "Invisible control characters in this cell "
                                      "were removed (pasted from another program).", record.sheet, value.cell)


def missing_action_text(context: Context) -> Iterator[Finding]:
    column = context.report.action
    for record in context.records:
        value = record.get(column.key)
        if not (value and value.text):
            cell = context.cell_in_row(record.sheet, column.key, record.round.label, record.row)
            yield context.finding(kinds.NO_ACTION_TEXT, f"Row {record.row} has no {column.heading.lower()} "
                                  "text: fill it in, or clear the row if it is not an action.", record.sheet, cell)


def serial_dates(context: Context) -> Iterator[Finding]:
    for record, value in _values(context, "target"):
        when = serial_date(value.raw) if value and not value.when else None
        if value and when:
            yield context.finding(kinds.DATE_AS_NUMBER, f"'{value.raw}' is a date stored as a number, read as "
                                  f"{long_date(when)}: format the cell as a date (Format Cells > Date).",
                                  record.sheet, value.cell, value.raw)


RULES = (statuses, key_cells, blank_statuses, default_statuses, colour_statuses, formulas, dropped_characters, missing_action_text, serial_dates)
