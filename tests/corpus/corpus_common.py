"""Shared pieces of the tracker corpus: the status scheme a human reader applies, a small model
of a tracker (actions, rounds, what each round's cells say), the writers that lay a tracker out
on a sheet, the deterministic save, and the human reading used by the self-check.

Nothing here reads or imitates the pipeline: the reading rules are the ones written in the
corpus brief (generic action-tracker scheme, the tracker's own key, colour read by eye).
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.colors import Color
from openpyxl.utils import get_column_letter
from openpyxl.writer.theme import theme_xml

# --------------------------------------------------------------------------- status scheme
BLUE, GREEN, AMBER, RED = "BLUE", "GREEN", "AMBER", "RED"
NOT_STARTED, ON_HOLD, CANCELLED = "NOT_STARTED", "ON_HOLD", "CANCELLED"
LABELS = {BLUE: "Complete", GREEN: "On track", AMBER: "At risk", RED: "Off track",
          NOT_STARTED: "Not started", ON_HOLD: "On hold", CANCELLED: "Cancelled"}

GENERIC_WORDS = {
    BLUE: ["blue", "b", "complete", "completed", "closed", "done"],
    GREEN: ["green", "g", "on track", "on target"],
    AMBER: ["amber", "a", "at risk", "some slippage", "minor issues"],
    RED: ["red", "r", "off track", "high risk", "delayed"],
    NOT_STARTED: ["not started"],
    ON_HOLD: ["on hold"],
    CANCELLED: ["cancelled", "withdrawn", "superseded"],
}
GENERIC = {w: code for code, words in GENERIC_WORDS.items() for w in words}

# Letters a reader takes for Latin ones (seed 000 has Cyrillic С and А, Greek Α).
LOOKALIKES = {"\u0421": "C", "\u0441": "c", "\u0410": "A", "\u0430": "a", "\u0391": "A",
              "\u0412": "B", "\u0392": "B", "\u0420": "R", "\u03a1": "R"}


def norm(text: str) -> str:
    """How a reader compares a status: case, stray and doubled spaces ignored."""
    return " ".join(str(text).split()).casefold()


# --------------------------------------------------------------------------- colours
@dataclass(frozen=True)
class Fill:
    """A cell fill and the state a reader takes it to show."""
    state: str
    rgb: str | None = None
    theme: int | None = None
    tint: float = 0.0

    def pattern(self) -> PatternFill:
        if self.rgb:
            colour = Color(rgb="FF" + self.rgb)
        else:
            colour = Color(theme=self.theme, tint=self.tint)
        return PatternFill(fill_type="solid", fgColor=colour, bgColor=Color(indexed=64))

    def describe(self) -> str:
        if self.rgb:
            return self.rgb
        return f"theme {self.theme} tint {self.tint:.2f}"


F_GREEN = Fill(GREEN, "00B050")          # Excel "Green" (standard colours row)
F_LIGHT_GREEN = Fill(GREEN, "92D050")    # Excel "Light Green"
F_AMBER = Fill(AMBER, "FFC000")          # Excel "Orange" – what officers call amber
F_RED = Fill(RED, "FF0000")              # Excel "Red"
F_BLUE = Fill(BLUE, "0070C0")            # Excel "Blue"
F_GREY = Fill(NOT_STARTED, "BFBFBF")     # used beside "Not started" in keys only
# "Green, Accent 6, Lighter 40%" in the Office 2013+ theme embedded in every workbook here.
F_THEME_GREEN = Fill(GREEN, theme=9, tint=0.3999755851924192)
# "Gold, Accent 4" (FFC000 in the same theme).
F_THEME_AMBER = Fill(AMBER, theme=7, tint=0.0)
MATCHING_FILL = {BLUE: F_BLUE, GREEN: F_GREEN, AMBER: F_AMBER, RED: F_RED}

# The Office 2013-2022 colour scheme, so that theme colours render as a modern Excel shows them
# (openpyxl's built-in theme is Office 2007's, where accent 6 is orange).
_MODERN = {"1F497D": "44546A", "EEECE1": "E7E6E6", "4F81BD": "4472C4", "C0504D": "ED7D31",
           "9BBB59": "A5A5A5", "8064A2": "FFC000", "4BACC6": "5B9BD5", "F79646": "70AD47",
           "0000FF": "0563C1", "800080": "954F72"}
MODERN_THEME = theme_xml
for _old, _new in _MODERN.items():
    MODERN_THEME = MODERN_THEME.replace(f'val="{_old}"', f'val="{_new}"')
MODERN_THEME = MODERN_THEME.replace('typeface="Cambria"', 'typeface="Calibri Light"')


# --------------------------------------------------------------------------- the model
@dataclass
class Entry:
    """What one action's cells say in one round."""
    status: str | None = None        # as typed; None or "" = blank cell
    comment: str | None = None
    fill: Fill | None = None         # fill of the status cell
    pct: float | None = None
    target: object = None            # target as it stood then (sheet-per-round), else action's
    cell: tuple[str, str] | None = None   # (sheet, coordinate) of the status cell, set on writing


@dataclass
class Action:
    ref: str | None
    group: str | None
    text: str
    owner: str
    target: object
    rounds: dict[str, Entry]
    cont: bool = False               # further action of the recommendation on the row above
    hidden: bool = False             # row hidden by the officer
    extra: dict = field(default_factory=dict)   # values of columns the report does not know
    recommendation: str | None = None


@dataclass
class Tracker:
    filename: str
    rounds: list[str]                # canonical round names, oldest first
    actions: list[Action]
    key: dict[str, str] = field(default_factory=dict)   # the tracker's own codes (normalised)
    labels: dict[str, str] = field(default_factory=lambda: dict(LABELS))
    opening_words: dict[str, str] | None = None  # status read from an update's opening words
    extra_warnings: list[dict] = field(default_factory=list)  # flagged by a reader, not statuses
    info: dict = field(default_factory=dict)      # other facts a reader notes (hidden rows ...)


def act(ref, group, text, owner, target, *per_round, rounds, **kw) -> Action:
    """One action from a compact row: per_round is one item per round, oldest first; an item is
    None (not in that round), a (status, comment) pair, or a dict of Entry fields."""
    entries = {}
    for rnd, item in zip(rounds, per_round, strict=True):
        if item is None:
            continue
        if isinstance(item, dict):
            entries[rnd] = Entry(**item)
        else:
            status, comment = item
            fill = None
            if isinstance(status, Fill):
                status, fill = None, status
            elif isinstance(status, tuple):
                status, fill = status
            entries[rnd] = Entry(status=status, comment=comment, fill=fill)
    return Action(ref, group, text, owner, target, entries, **kw)


# --------------------------------------------------------------------------- writing
THIN = Side(style="thin", color="FF808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill(fill_type="solid", fgColor=Color(rgb="FFD9E1F2"))
WRAP = Alignment(wrap_text=True, vertical="top")
WIDTHS = {"text": 48, "comment": 60, "recommendation": 40, "owner": 22, "target": 16,
          "group": 24, "ref": 8, "status": 10, "pct": 10}


def new_workbook() -> Workbook:
    wb = Workbook()
    wb.loaded_theme = MODERN_THEME.encode("utf-8")
    return wb


def put(ws, row: int, col: int, value, *, bold=False, wrap=True, fill=None, border=True):
    """Write one cell. Text beginning with '=' stays text (openpyxl would make it a formula)."""
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    if isinstance(value, (dt.date, dt.datetime)):
        cell.number_format = "dd/mm/yyyy"
    if bold:
        cell.font = Font(bold=True)
    if wrap:
        cell.alignment = WRAP
    if fill is not None:
        cell.fill = fill
    if border:
        cell.border = BORDER
    return cell


def titles(ws, lines, row=1) -> int:
    """Title lines above a table (bold, no border); returns the next row."""
    for i, line in enumerate(lines):
        cell = ws.cell(row=row + i, column=1, value=line)
        cell.font = Font(bold=True, size=14 if i == 0 else 12)
    return row + len(lines)


def value_of(kind, action: Action, entry: Entry | None):
    if kind == "ref":
        return None if action.cont else action.ref
    if kind == "recommendation":
        return None if action.cont else action.recommendation
    if kind in ("group", "text", "owner"):
        return getattr(action, kind)
    if kind == "target":
        return entry.target if entry is not None and entry.target is not None else action.target
    if entry is None:
        if kind in action.extra:
            return action.extra[kind]
        raise KeyError(kind)
    if kind == "status":
        return entry.status
    if kind == "comment":
        return entry.comment
    if kind == "pct":
        return entry.pct
    if kind in action.extra:
        return action.extra[kind]
    raise KeyError(kind)


def set_widths(ws, kinds_by_col: dict[int, str]):
    for col, kind in kinds_by_col.items():
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS.get(kind, 16)


def _status_cell(ws, row, col, entry: Entry, colour_typed: bool):
    fill = entry.fill
    if fill is None and colour_typed and entry.status:
        state = GENERIC.get(norm(entry.status))
        fill = MATCHING_FILL.get(state)
    cell = put(ws, row, col, entry.status or None, fill=fill.pattern() if fill else None)
    cell.alignment = Alignment(horizontal="center", vertical="top", wrap_text=True)
    entry.cell = (ws.title, cell.coordinate)
    if fill is not None and entry.fill is None:
        entry.fill = fill


def merge_continuations(ws, tr: Tracker, first_row: int, col_kinds: dict[int, str],
                        rows: list[int], kinds=("ref", "recommendation")):
    """Merge the Ref (and recommendation) cells of a recommendation down over its actions."""
    for i, action in enumerate(tr.actions):
        if action.cont or i + 1 >= len(tr.actions) or not tr.actions[i + 1].cont:
            continue
        last = i + 1
        while last + 1 < len(tr.actions) and tr.actions[last + 1].cont:
            last += 1
        for col, kind in col_kinds.items():
            if kind in kinds:
                ws.merge_cells(start_row=rows[i], end_row=rows[last], start_column=col,
                               end_column=col)


def wide_sheet(ws, tr: Tracker, top: int, fixed, per_round, heading=None, *, two_row=False,
               round_label=None, sub_heading=None, merge=True, colour_typed=False,
               rounds=None) -> int:
    """Write a wide tracker: fixed columns, then a group of columns per round.

    fixed: [(heading, kind)]; per_round: [kind]; one header row with heading(round, kind), or
    two rows with round_label(round) merged over sub_heading(kind). Returns the row after the
    last action."""
    rounds = rounds or tr.rounds
    col_kinds = {}
    heads = []
    for heading_text, kind in fixed:
        heads.append(heading_text)
        col_kinds[len(heads)] = kind
    round_cols = {}
    for rnd in rounds:
        for kind in per_round:
            heads.append(sub_heading(kind) if two_row else heading(rnd, kind))
            col_kinds[len(heads)] = kind
            round_cols[(rnd, kind)] = len(heads)
    row = top
    if two_row:
        for c in range(1, len(fixed) + 1):
            put(ws, row, c, None, bold=True, fill=HEAD_FILL)
            ws.merge_cells(start_row=row, end_row=row + 1, start_column=c, end_column=c)
            ws.cell(row=row, column=c).value = fixed[c - 1][0]
        for rnd in rounds:
            first = round_cols[(rnd, per_round[0])]
            last = round_cols[(rnd, per_round[-1])]
            for c in range(first, last + 1):
                put(ws, row, c, None, bold=True, fill=HEAD_FILL)
            label = round_label(rnd)
            cell = ws.cell(row=row, column=first, value=label)
            if isinstance(label, (dt.date, dt.datetime)):
                cell.number_format = "d mmmm yyyy"
            cell.alignment = Alignment(horizontal="center")
            if last > first:
                ws.merge_cells(start_row=row, end_row=row, start_column=first, end_column=last)
        row += 1
        for c in range(len(fixed) + 1, len(heads) + 1):
            put(ws, row, c, heads[c - 1], bold=True, fill=HEAD_FILL)
    else:
        for c, text in enumerate(heads, 1):
            put(ws, row, c, text, bold=True, fill=HEAD_FILL)
    row += 1
    rows = []
    for action in tr.actions:
        rows.append(row)
        for c, (_, kind) in enumerate(fixed, 1):
            put(ws, row, c, value_of(kind, action, None))
        for (rnd, kind), c in round_cols.items():
            entry = action.rounds.get(rnd)
            if kind == "status":
                _status_cell(ws, row, c, entry or Entry(), colour_typed)
            else:
                put(ws, row, c, None if entry is None else value_of(kind, action, entry))
        if action.hidden:
            ws.row_dimensions[row].hidden = True
        row += 1
    if merge:
        merge_continuations(ws, tr, top, col_kinds, rows)
    set_widths(ws, col_kinds)
    ws.freeze_panes = ws.cell(row=top + (2 if two_row else 1), column=1)
    return row


def round_sheet(ws, tr: Tracker, rnd: str, top: int, columns, *, colour_typed=False,
                merge=True) -> int:
    """Write one round's table on its own sheet: columns [(heading, kind)]; the actions present
    in that round. Returns the row after the last action."""
    col_kinds = {}
    for c, (text, kind) in enumerate(columns, 1):
        put(ws, top, c, text, bold=True, fill=HEAD_FILL)
        col_kinds[c] = kind
    row = top + 1
    rows = []
    present = [a for a in tr.actions if rnd in a.rounds]
    for action in present:
        entry = action.rounds[rnd]
        rows.append(row)
        for c, (_, kind) in enumerate(columns, 1):
            if kind == "status":
                _status_cell(ws, row, c, entry, colour_typed)
            else:
                value = value_of(kind, action, entry)
                cell = put(ws, row, c, value)
                if kind == "pct" and value is not None:
                    cell.number_format = "0%"
        if action.hidden:
            ws.row_dimensions[row].hidden = True
        row += 1
    if merge:
        sub = Tracker(tr.filename, tr.rounds, present)
        merge_continuations(ws, sub, top, col_kinds, rows)
    set_widths(ws, col_kinds)
    ws.freeze_panes = ws.cell(row=top + 1, column=1)
    return row


# --------------------------------------------------------------------------- saving
FIXED_TIME = dt.datetime(2025, 10, 20, 9, 0, 0)
_ZIP_TIME = (2025, 10, 20, 9, 0, 0)


def save(wb: Workbook, path: Path) -> Path:
    """Save with fixed document properties, then rewrite the zip with fixed entry times so that
    two runs give byte-identical files."""
    wb.properties.creator = "Performance & Intelligence Team"
    wb.properties.lastModifiedBy = "Performance & Intelligence Team"
    wb.properties.created = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + stamp.encode() + rb"\g<2>", data)
            zi = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            dst.writestr(zi, data)
    path.write_bytes(out.getvalue())
    return path
