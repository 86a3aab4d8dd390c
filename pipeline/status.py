"""Reading a status from what an officer typed: a code, a label, a common word, or the
opening words of an update. Pure functions over a report type's status scheme."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .reports import ReportType, State, heading_key

# Letters from other alphabets that look like Latin ones (seen in real trackers: Cyrillic
# С and А, Greek Α, pasted from other documents).
LOOKALIKES = str.maketrans(
    {
        "\u0410": "A", "\u0412": "B", "\u0421": "C", "\u0415": "E", "\u041d": "H", "\u041a": "K",
        "\u041c": "M", "\u041e": "O", "\u0420": "P", "\u0422": "T", "\u0425": "X", "\u0423": "Y",
        "\u0430": "a", "\u0441": "c", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0445": "x",
        "\u0443": "y", "\u0455": "s", "\u0456": "i",
        "\u0391": "A", "\u0392": "B", "\u0395": "E", "\u0396": "Z", "\u0397": "H", "\u0399": "I",
        "\u039a": "K", "\u039c": "M", "\u039d": "N", "\u039f": "O", "\u03a1": "P", "\u03a4": "T",
        "\u03a5": "Y", "\u03a7": "X", "\u03bf": "o",
        "\uff21": "A", "\uff23": "C", "\uff27": "G", "\uff32": "R", "\uff35": "U",
    }
)

_SENTENCE_END = re.compile(r"[.:;!?\n]|\s[-\u2013\u2014]\s")
_NOT_WORDS = re.compile(r"[^a-z0-9 ]+")


@dataclass(frozen=True)
class Reading:
    state: State | None
    lookalike: bool = False  # read as Latin after replacing look-alike letters
    suggestion: State | None = None  # the closest state, for a value that is not one


def has_lookalike(text: str) -> bool:
    return text.translate(LOOKALIKES) != text


@lru_cache(maxsize=64)
def _names(report: ReportType) -> dict[str, State]:
    names: dict[str, State] = {}
    for state in report.states:
        for name in (state.code, state.label, *state.words):
            names.setdefault(heading_key(name), state)
    return names


@lru_cache(maxsize=1024)
def read_status(text: str, report: ReportType, suggest: bool = True) -> Reading:
    """The state `text` names, if any; blank text is no state and no problem. With `suggest`, a
    text that names none comes with the state it is a near miss of, if any."""
    latin = text.translate(LOOKALIKES)
    key = heading_key(latin)
    if not key:
        return Reading(None)
    state = _names(report).get(key)
    if state:
        return Reading(state, lookalike=latin != text)
    return Reading(None, suggestion=near_miss(latin, report) if suggest else None)


def near_miss(text: str, report: ReportType) -> State | None:
    """The state whose name `text` is a near miss of ("Ongong", "on-trak")."""
    key = heading_key(text)
    if len(key) < 3:
        return None
    names = _names(report)
    from rapidfuzz import (  # loaded only for a status that could not be read
        fuzz,
        process,
    )

    best = process.extractOne(key, list(names), scorer=fuzz.ratio, score_cutoff=80)
    return names[best[0]] if best else None


def opening_words(update: str) -> str:
    """The update's first sentence, as compared ("Complete and ongoing. ..." -> "complete and ongoing")."""
    first = _SENTENCE_END.split(update.strip(), maxsplit=1)[0]
    return " ".join(_NOT_WORDS.sub(" ", first.lower()).split())



def status_from_update(update: str, report: ReportType) -> State | None:
    """The state an update's opening words name ("Complete.", "Action cancelled and ..."), if any.

    The opening words are the text up to the first full stop, colon or line break; a state's
    phrase must begin them and end on a word boundary, and the longest such phrase wins.
    """
    first = opening_words(update)
    if not first:
        return None
    for phrase, state in _openings(report):
        if first == phrase or first.startswith(phrase + " "):
            return state
    return None


def opening_phrase(update: str, report: ReportType) -> tuple[str, str]:
    """The words of the update's first paragraph that name its status ("Ongoing.", "Action
    cancelled"), as written, and the rest of the paragraph; ("", update) when none do."""
    first = opening_words(update)
    phrase = next((p for p, _ in _openings(report) if first == p or first.startswith(p + " ")), None)
    if not phrase:
        return "", update
    words = update.split()
    count = len(phrase.split())
    if count > len(words):
        return "", update
    return " ".join(words[:count]), " ".join(words[count:])


@lru_cache(maxsize=64)
def _openings(report: ReportType) -> tuple[tuple[str, State], ...]:
    pairs = [(opening_words(p), s) for s in report.states for p in s.opening]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))
