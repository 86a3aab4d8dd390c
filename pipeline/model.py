"""The typed model handed from stage to stage. No I/O here.

read      -> Tracker   (facts found in the workbook, nothing judged)
validate  -> Findings  (every problem, each with its file, sheet and cell)
merge     -> Plan      (one Action per action, a Position per round)
summarise -> Summary   (the figures and the paragraph)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import cached_property, lru_cache
from types import MappingProxyType
from typing import NamedTuple

from .text import EMPTY, Text

_NOT_WORD = re.compile(r"[^\w ]+")


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Text as compared across rounds: case, punctuation and spacing ignored.

    Remembered: the same action's text is compared in every round and by several rules."""
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


class Refusal(Exception):
    """The input cannot be used at all; `message` is one sentence naming the file and the fix."""

    def __init__(self, file: str, message: str):
        super().__init__(message)
        self.file = file
        self.message = message


class ConfigError(Exception):
    """A report type, template or setting that cannot be used; the message says how to fix it."""


class Fault(Exception):
    """The machine, not the input: a full disk, a folder that may not be written to, a file another
    program holds open. The message says what to check; the same run may succeed later."""


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One thing the pipeline has to say about a tracker."""

    severity: Severity
    code: str
    message: str
    file: str
    sheet: str | None = None
    cell: str | None = None
    value: str | None = None

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or ""

    def as_dict(self) -> dict[str, object]:
        return {
            "severity": self.severity.value,
            "code": self.code,
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message,
            "value": self.value,
        }


@dataclass(frozen=True, order=True)
class Round:
    """One reporting period: a financial-year quarter or a calendar month."""

    end: date
    start: date
    label: str = field(compare=False)
    long_label: str = field(compare=False)
    kind: str = field(compare=False)  # "quarter" or "month"


class Value(NamedTuple):
    """What one cell held, with where it is."""

    text: Text
    cell: str
    raw: str = ""  # the cell's text, cleaned and trimmed
    formula_without_value: bool = False
    cleaned: bool = False  # control characters were removed
    when: date | None = None  # the cell was a real date
    fill: str | None = None  # the colour a status cell is filled with ("00B050"), if any


class Record(NamedTuple):
    """One action row as it stood in one round (what `read` found). Records, positions and
    actions are named tuples: as immutable as frozen dataclasses, and made several times faster,
    which counts at tens of thousands of them."""

    round: Round
    sheet: str
    row: int
    group: str
    values: Mapping[str, Value]  # column key -> what was read (never changed once read)
    hidden: bool = False
    rec_ref: str = ""  # the recommendation this row belongs to (own Ref or inherited)
    shadowed: tuple[Value, ...] = ()  # a plain column's cells where the round has its own column of the kind

    def get(self, key: str | None) -> Value | None:
        return self.values.get(key) if key else None

    def action_key(self, key: str) -> str:
        """The text of column `key` as compared across rounds (case, punctuation and spacing ignored)."""
        value = self.get(key)
        return normalise(value.raw) if value else ""

    def text(self, key: str) -> str:
        value = self.get(key)
        return value.text.plain if value else ""


@dataclass(frozen=True)
class SheetInfo:
    """How `read` understood one sheet."""

    name: str
    hidden: bool
    round: Round | None
    looks_like_round: bool  # a round-like name that could not be read as one
    header_row: int | None
    columns: tuple[tuple[str, str], ...] = ()  # column key -> heading cell (e.g. "C3")
    missing: tuple[str, ...] = ()  # required column keys not found
    hidden_rows: tuple[int, ...] = ()
    unread_headings: tuple[tuple[str, str], ...] = ()  # heading cell -> text not understood
    sections: tuple[tuple[str, str], ...] = ()  # section rows read as group titles: (title, cell)
    same_round_as: str | None = None  # another sheet names the same round; this one was not read
    not_actions: tuple[tuple[str, str], ...] = ()  # rows in the table that are no action: (cell, what)


class KeyEntry(NamedTuple):
    """One line of a tracker's own key or legend ("B = Complete", or a coloured cell and a label)."""

    code: str  # as written ("B", "Blue"); "" when the key shows a colour beside a label
    label: str  # "Complete"
    sheet: str
    cell: str
    fill: str | None = None  # the colour shown with it


@dataclass(frozen=True)
class Tracker:
    file: str
    title: str
    report: str
    layout: str  # "sheets" or "wide"
    rounds: tuple[Round, ...]
    records: tuple[Record, ...]
    sheets: tuple[SheetInfo, ...]
    source_key: tuple[tuple[str, str], ...] = ()
    status_key: tuple[KeyEntry, ...] = ()  # the tracker's own key or legend, as written
    introduction: Text = EMPTY  # the text of an "Introduction" sheet: paragraphs and bullets to open the appendix

    def has_column(self, sheet: str, key: str, round_: Round) -> bool:
        """Whether `sheet` has the column `key` for `round_` (its own, or one for every round)."""
        info = next((s for s in self.sheets if s.name == sheet), None)
        names = {key, f"{key} ({round_.label})"}
        return bool(info and any(name in names for name, _ in info.columns))


@dataclass(frozen=True)
class SheetRow:
    """One action's row to write on a round sheet of a new tracker: text by column key."""

    values: tuple[tuple[str, str], ...] = ()

    def get(self, key: str) -> str:
        return next((v for k, v in self.values if k == key), "")


class StatusSource(str, Enum):
    COLUMN = "column"  # typed in the status column
    COLOUR = "colour"  # shown only by the colour of a blank status cell
    UPDATE = "update"  # the opening words of the round's update
    CARRIED = "carried"  # no status this round: the last round's, carried forward
    DEFAULT = "default"  # no status yet: the report type's default
    NONE = "none"  # the status cell was left blank: no status this round
    CLOSED = "closed"  # closed in an earlier round and not on this round's sheet: kept, as closed


_NOTHING: Mapping[str, Value] = MappingProxyType({})


class Position(NamedTuple):
    """An action as it stood in one round."""

    round: Round
    status: str | None  # state code, None when the cell could not be read
    status_text: str  # what the appendix shows
    source: StatusSource
    update: Text
    target: Text
    target_date: date | None
    reprofiled: bool
    sheet: str
    row: int
    values: Mapping[str, Value] = _NOTHING  # column key -> what was read, and from which cell

    def cell(self, key: str) -> str | None:
        value = self.values.get(key)
        return value.cell if value else None

    def as_at(self, today: date | None) -> date:
        """The day overdue is judged on: the round's end, or `today` if that is earlier."""
        return min(today, self.round.end) if today else self.round.end

    def overdue(self, today: date | None, closed: frozenset[str] | set[str]) -> bool:
        """The target date has passed by `as_at(today)`, and the action is not closed."""
        return self.target_date is not None and self.target_date < self.as_at(today) and self.status not in closed


class Action(NamedTuple):
    key: str
    ref: str
    rec_ref: str
    group: str
    first_of_rec: bool
    fields: tuple[tuple[str, Text], ...]  # latest text of each column that is not per round
    positions: tuple[Position | None, ...]  # one per Plan.rounds; None when absent

    def field(self, key: str) -> Text:
        for k, v in self.fields:
            if k == key:
                return v
        return EMPTY


@dataclass(frozen=True)
class Plan:
    file: str
    title: str
    report: str
    rounds: tuple[Round, ...]
    actions: tuple[Action, ...]
    source_key: tuple[tuple[str, str], ...] = ()
    introduction: Text = EMPTY  # the tracker's own introduction (its "Introduction" sheet)


@dataclass(frozen=True)
class StatusChange:
    ref: str
    action: str
    before: str | None
    after: str


class Direction(str, Enum):
    """An action's direction of travel since the last round, by the report type's order of states."""

    IMPROVED = "improved"
    SAME = "same"
    WORSE = "worse"
    NOT_COMPARED = "not compared"  # a state outside the order, or no status in one of the rounds
    NEW = "new"  # not in the last round

    @property
    def shown(self) -> str:
        """As the appendix prints it: a word, with an arrow beside it (never an arrow alone)."""
        return _SHOWN[self]


_SHOWN = {Direction.IMPROVED: "\u2191 Improved", Direction.SAME: "\u2192 Same", Direction.WORSE: "\u2193 Worse",
          Direction.NOT_COMPARED: "Not compared", Direction.NEW: "New"}


@dataclass(frozen=True)
class Item:
    """One action in a list of what changed since last reported."""

    key: str
    ref: str
    action: str
    lead: str
    commentary: Text  # the round's update or commentary
    status: str  # the state's label, or the text as written
    detail: str = ""  # what changed: "March 2026 to August 2026", "On-track to High risk of deliverability"

    def as_dict(self) -> dict[str, str]:
        return {"ref": self.ref, "action": self.action, "lead": self.lead, "status": self.status,
                "detail": self.detail, "commentary": self.commentary.plain}


@dataclass(frozen=True)
class Listing:
    """One of the lists of what changed since last reported ("completed", "new", ...)."""

    kind: str
    title: str
    items: tuple[Item, ...]

    def as_dict(self) -> dict[str, object]:
        return {"list": self.kind, "title": self.title, "count": len(self.items),
                "items": [i.as_dict() for i in self.items]}


@dataclass(frozen=True)
class Tally:
    """How many actions stood in each state in one round (the at-a-glance figures)."""

    round: Round
    counts: tuple[tuple[str, int], ...]  # (label, number), in the scheme's order, then no status, not readable

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)

    def as_dict(self) -> dict[str, object]:
        return {"round": self.round.label, "counts": dict(self.counts), "total": self.total}


@dataclass(frozen=True)
class Summary:
    plan: str
    round: Round
    previous_round: Round | None
    actions: int
    complete: int
    completed_since_last: int
    new: int
    removed: int
    reprofiled: int
    overdue: int
    by_status: tuple[tuple[str, int], ...]
    changes: tuple[StatusChange, ...]
    paragraph: str
    status_from_updates: bool = False
    no_status: int = 0  # actions with no status this round
    unreadable: int = 0  # actions whose status as typed is none of the scheme's
    by_code: tuple[tuple[str, int], ...] = ()  # the same as by_status, by state code
    rounds: tuple[Round, ...] = ()  # every round of the plan, in date order
    closed_earlier: int = 0  # actions closed before this round (and closed still)
    directions: tuple[tuple[str, Direction], ...] = ()  # each action's direction of travel, by action key
    listings: tuple[Listing, ...] = ()  # what changed since last reported, as the report type lists it
    glance: tuple[Tally, ...] = ()  # the figures by state of each round up to this one
    attention: tuple[str, ...] = ()  # the keys of the actions needing attention (the exception appendix's)

    @cached_property
    def _by_key(self) -> dict[str, Direction]:
        return dict(self.directions)

    def direction(self, key: str) -> Direction:
        return self._by_key.get(key, Direction.NEW)

    def listing(self, kind: str) -> Listing | None:
        return next((listing for listing in self.listings if listing.kind == kind), None)

    def as_dict(self) -> dict[str, object]:
        return {
            "plan": self.plan,
            "round": self.round.label,
            "round_start": self.round.start.isoformat(),
            "round_end": self.round.end.isoformat(),
            "previous_round": self.previous_round.label if self.previous_round else None,
            "rounds": [{"round": r.label, "start": r.start.isoformat(), "end": r.end.isoformat()} for r in self.rounds],
            "actions": self.actions,
            "complete": self.complete,
            "completed_since_last": self.completed_since_last,
            "new": self.new,
            "removed": self.removed,
            "reprofiled": self.reprofiled,
            "overdue": self.overdue,
            "by_status": dict(self.by_status),
            "by_code": dict(self.by_code),
            "no_status": self.no_status,
            "closed_earlier": self.closed_earlier,
            "changes": [{"ref": c.ref, "action": c.action, "from": c.before, "to": c.after} for c in self.changes],
            "unreadable": self.unreadable,
            "direction_of_travel": {d.value: sum(1 for _, x in self.directions if x is d) for d in Direction},
            "since_last_reported": [listing.as_dict() for listing in self.listings],
            "at_a_glance": [tally.as_dict() for tally in self.glance],
            "status_read_from_updates": self.status_from_updates,
            "paragraph": self.paragraph,
        }

