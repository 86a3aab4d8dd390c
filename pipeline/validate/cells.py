"""Rules about single cells: statuses, look-alike letters, formulas, dropped characters."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from .. import findings as kinds
from ..dates import long_date, serial_date
from ..model import Finding, Record, Value
from ..reports import ReportType, State
from ..status import LOOKALIKES, has_lookalike, read_status
from .context import Context


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
        for record in context.tracker.records:
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
    column = context.report.by_role("status")
    if not column or not column.required:
        return
    for record in context.tracker.records:
        value = record.get(column.key)
        if (value is None or not value.raw) and not (value and value.formula_without_value):
            cell = context.cell_in_row(record.sheet, column.key, record.round.label, record.row)
            carried = "the last round's status is carried forward; " if record.round != context.tracker.rounds[0] else ""
            yield context.finding(kinds.BLANK_STATUS, f"No status is given for {record.round.label}: {carried}"
                                  f"enter one of {_codes(context.report)}.", record.sheet, cell)


def formulas(context: Context) -> Iterator[Finding]:
    for record in context.tracker.records:
        for _key, value in record.values:
            if value.formula_without_value:
                yield context.finding(kinds.FORMULA_WITHOUT_VALUE, "This cell holds a formula with no saved "
                                      "value (the workbook was never opened and saved in Excel): open it in "
                                      "Excel, save it, and try again.", record.sheet, value.cell)


def dropped_characters(context: Context) -> Iterator[Finding]:
    for record in context.tracker.records:
        for _key, value in record.values:
            if value.cleaned:
                yield context.finding(kinds.CONTROL_CHARACTERS, "Invisible control characters in this cell "
                                      "were removed (pasted from another program).", record.sheet, value.cell)


def missing_action_text(context: Context) -> Iterator[Finding]:
    column = context.report.action
    for record in context.tracker.records:
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


RULES = (statuses, key_cells, blank_statuses, formulas, dropped_characters, missing_action_text, serial_dates)
