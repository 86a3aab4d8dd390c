"""A report type's status scheme as one tracker extends it with its own key or legend: the
tracker's codes, words and colours read as the report type's states, and the tracker's own
labels shown in the appendix's key. Pure."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import msgspec

from .colours import distance, family
from .model import KeyEntry
from .reports import ReportType, State
from .status import read_status


@dataclass(frozen=True)
class KeyReading:
    """A report type extended by a tracker's key, and what the key said."""

    report: ReportType
    understood: tuple[tuple[KeyEntry, State], ...] = ()  # each line and the state it means
    not_understood: tuple[KeyEntry, ...] = ()

    @property
    def is_extended(self) -> bool:
        return bool(self.understood)


@lru_cache(maxsize=64)
def with_key(report: ReportType, key: tuple[KeyEntry, ...]) -> KeyReading:
    """`report` with the tracker's `key` read into its scheme: each line's code and label become
    words for the state the line means (by its label, its code, or failing both its colour), its
    colour one that shows the state, and the first line's label the state's label."""
    if not key:
        return KeyReading(report)
    understood = tuple((entry, state) for entry in key if (state := _meaning(entry, report)))
    not_understood = tuple(entry for entry in key if not _meaning(entry, report))
    if not understood:
        return KeyReading(report, (), not_understood)
    states = tuple(_extended(state, [e for e, s in understood if s.code == state.code], report)
                   for state in report.states)
    return KeyReading(replace(report, states=states), understood, not_understood)


def _meaning(entry: KeyEntry, report: ReportType) -> State | None:
    for text in (entry.label, entry.code):
        reading = read_status(text, report) if text else None
        if reading and reading.state:
            return reading.state
    return by_colour(entry.fill, report) if entry.fill else None


def _extended(state: State, entries: list[KeyEntry], report: ReportType) -> State:
    if not entries:
        return state
    words = tuple(dict.fromkeys([*state.words, *(w for e in entries for w in (e.code, e.label) if w)]))
    colours = tuple(dict.fromkeys([*state.colours, *(e.fill for e in entries if e.fill)]))
    label = next((name for e in entries if (name := _name(e, report))), state.label)
    extended = msgspec.structs.replace(state, words=words, label=label)
    msgspec.structs.force_setattr(extended, "colours", colours)
    return extended


def _name(entry: KeyEntry, report: ReportType) -> str:
    """The name a key gives its state: its label where that names a state ("P = Progressing"), or
    its code where the code is a name and the label explains it ("Ongoing | Work is under way")."""
    if entry.label and read_status(entry.label, report).state:
        return entry.label
    if len(entry.code) > 3 and read_status(entry.code, report).state:
        return entry.code
    return entry.label if 0 < len(entry.label) <= 30 else ""


@lru_cache(maxsize=4096)
def by_colour(fill: str, report: ReportType) -> State | None:
    """The state whose colour a cell filled with `fill` shows: one of the same family (greens
    with greens: Excel's standard colours, their theme tints, the key's own), the nearest of
    them where several are. None for a colour that is no state's."""
    wanted = family(fill)
    if wanted == "white":
        return None
    candidates = [(distance(fill, colour), order, state) for order, state in enumerate(report.states)
                  for colour in state.colours if family(colour) == wanted]
    return min(candidates, key=lambda c: (c[0], c[1]))[2] if candidates else None
