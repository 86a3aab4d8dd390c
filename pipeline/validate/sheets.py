"""Rules about sheets and headings: hidden sheets and rows, round names, missing columns."""

from __future__ import annotations

from collections.abc import Iterator

from .. import findings as kinds
from ..model import Finding, KeyEntry
from ..reports import heading_key
from ..rounds import likely_name
from .context import Context


def _used(context: Context) -> set[str]:
    return {r.sheet for r in context.tracker.records}


def hidden_sheets(context: Context) -> Iterator[Finding]:
    used = _used(context)
    for sheet in context.tracker.sheets:
        if sheet.hidden and sheet.name in used:
            yield context.finding(kinds.HIDDEN_SHEET, f"The sheet '{sheet.name}' is hidden but was read: "
                                  "unhide it if it belongs in the tracker, or delete it if it does not.", sheet.name)


def hidden_rows(context: Context) -> Iterator[Finding]:
    rows = {(r.sheet, r.row) for r in context.tracker.records if r.hidden}
    hidden_sheets_ = {s.name for s in context.tracker.sheets if s.hidden}
    for sheet, row in sorted(rows):
        if sheet not in hidden_sheets_:
            yield context.finding(kinds.HIDDEN_ROW, f"Row {row} is hidden but was read: unhide it if it "
                                  "belongs in the tracker, or delete it if it does not.", sheet, f"A{row}")


def round_names(context: Context) -> Iterator[Finding]:
    """A sheet whose name looks like a round but cannot be read as one. When it holds the table it
    is an error: it may be the newest round, and last round's appendix must not go out instead. The
    sheet a column-per-round tracker was read from ("Workplan 2024-25") names no round: it is left alone."""
    used = _used(context)
    for sheet in context.tracker.sheets:
        if not sheet.looks_like_round or sheet.name in used:
            continue
        if sheet.header_row is None:
            yield context.finding(kinds.UNREADABLE_ROUND_NAME, f"The sheet '{sheet.name}' looks like a round but "
                                  "its name cannot be read as a quarter or month, so it was not read: rename it like "
                                  "'Q2 2024-25' or 'June 2025'.", sheet.name)
            continue
        meant = likely_name(sheet.name, context.tracker.rounds)
        yield context.finding(kinds.MISNAMED_ROUND, f"The sheet '{sheet.name}' holds the table but its name cannot be "
                              f"read as a round, so it was not read: rename it '{meant}' (or the round it is) so "
                              "that the newest round is not left out.", sheet.name)


def round_sheets_without_table(context: Context) -> Iterator[Finding]:
    for sheet in context.tracker.sheets:
        if sheet.round and sheet.header_row is None and context.tracker.layout == "sheets":
            yield context.finding(kinds.NO_TABLE, f"The sheet '{sheet.name}' is named as a round but has no "
                                  "header row the pipeline recognises, so its actions cannot be read: give it "
                                  "the same headings as the other round sheets.", sheet.name, "A1")


def missing_columns(context: Context) -> Iterator[Finding]:
    used = _used(context)
    for sheet in context.tracker.sheets:
        if sheet.name not in used and not (sheet.round and sheet.header_row):
            continue
        for key in sheet.missing:
            column = context.report.column(key)
            if column is None:
                continue
            heading = column.heading.replace("{round}", "").strip()
            names = ", ".join(f"'{n}'" for n in column.names[:4])
            yield context.finding(kinds.MISSING_COLUMN, f"The '{heading}' column is missing: add a column "
                                  f"headed {names} or similar to the header row.", sheet.name,
                                  f"A{sheet.header_row}")


def unknown_headings(context: Context) -> Iterator[Finding]:
    for (sheet, cell), (text, known) in _near_misses(context).items():
        yield context.finding(kinds.UNKNOWN_HEADING, f"The heading '{text}' is not one the {context.report.name} "
                              f"report knows, so the column was not read: did you mean '{known}'?", sheet, cell, text)


def _near_misses(context: Context) -> dict[tuple[str, str], tuple[str, str]]:
    """Headings not read that are close to one the report type knows: (sheet, cell) -> (heading,
    the known name)."""
    unread = [(sheet.name, cell, text) for sheet in context.tracker.sheets for cell, text in sheet.unread_headings]
    if not unread:
        return {}
    from rapidfuzz import fuzz, process  # loaded only when a heading could not be read

    names = {heading_key(n): n for c in context.report.columns for n in (*c.names, c.heading)}
    found = {}
    for sheet, cell, text in unread:
        best = process.extractOne(heading_key(text), list(names), scorer=fuzz.ratio, score_cutoff=80)
        if best:
            found[(sheet, cell)] = (text, names[best[0]])
    return found


def repeated_rounds(context: Context) -> Iterator[Finding]:
    for sheet in context.tracker.sheets:
        if sheet.same_round_as and sheet.round:
            yield context.finding(kinds.DUPLICATE_ROUND, f"The sheets '{sheet.same_round_as}' and '{sheet.name}' "
                                  f"are both {sheet.round.label}; only '{sheet.same_round_as}' was read: delete "
                                  "or rename the other (two teams' sheets of one round belong in a workbook each, "
                                  "built together with --combine).", sheet.name)


def new_sections(context: Context) -> Iterator[Finding]:
    """A title alone in a row that no other round's sheet has: perhaps an action with no status."""
    round_sheets = [s for s in context.tracker.sheets if s.round and s.header_row and not s.same_round_as]
    if len(round_sheets) < 2:
        return
    for sheet in round_sheets:
        elsewhere = {t for other in round_sheets if other is not sheet for t, _ in other.sections}
        for title, cell in sheet.sections:
            if title not in elsewhere:
                yield context.finding(kinds.NEW_SECTION, f"'{title[:80]}' stands alone in its row, so it was read "
                                      "as a new section heading: if it is an action, give it a status.",
                                      sheet.name, cell)


def tracker_key(context: Context) -> Iterator[Finding]:
    """What was taken from the tracker's own key, and lines of it that mean no status."""
    reading = context.key
    if reading.understood:
        first = reading.understood[0][0]
        lines = "; ".join(dict.fromkeys(f"{_line(e)} as {s.code if context.report.show_codes else s.label}"
                                        for e, s in reading.understood))  # a key under each sheet's table, said once
        yield context.finding(kinds.KEY_READ, f"The tracker's own key was read ({lines}): these are read as those "
                              "statuses, and the appendix's key uses the tracker's names.", first.sheet, first.cell)
    for entry in reading.not_understood:
        yield context.finding(kinds.KEY_LINE_UNUSED, f"'{_line(entry)}' in the tracker's key means none of the "
                              f"{context.report.name} report's statuses, so it is not used: a status typed as "
                              f"'{entry.code or entry.label}' will be an error.", entry.sheet, entry.cell)


def _line(entry: KeyEntry) -> str:
    return f"{entry.code} = {entry.label}" if entry.code and entry.label else entry.code or entry.label


def columns_not_shown(context: Context) -> Iterator[Finding]:
    """A column the report type does not know is reported once (its first sheet), never dropped
    silently; a heading close to a known one is an unknown-heading warning instead."""
    seen = set()
    near = _near_misses(context)
    for sheet in context.tracker.sheets:
        for cell, text in sheet.unread_headings:
            key = heading_key(text)
            if key in seen or (sheet.name, cell) in near:
                continue
            seen.add(key)
            column = "".join(ch for ch in cell if ch.isalpha())
            yield context.finding(kinds.COLUMN_NOT_SHOWN, f"'{text}' (column {column}) is not part of the "
                                  f"{context.report.name} report and is not shown in the appendix.", sheet.name, cell,
                                  text)


def not_actions(context: Context) -> Iterator[Finding]:
    for sheet in context.tracker.sheets:
        for cell, what in sheet.not_actions:
            row = "".join(ch for ch in cell if ch.isdigit())
            yield context.finding(kinds.NOT_AN_ACTION, f"Row {row} is {what}, not an action, so it was not read.",
                                  sheet.name, cell)


RULES = (hidden_sheets, hidden_rows, round_names, round_sheets_without_table, missing_columns, unknown_headings,
         columns_not_shown, not_actions, tracker_key, repeated_rounds, new_sections)
