"""The reading a careful officer applies to a tracker, used by the self-check to count the
figures that expected.toml records by hand: status words and the tracker's own key, look-alike
letters, colour alone, a fill that contradicts the letter, an improvement plan's opening words,
and the counts for a round against the one before."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from corpus_common import BLUE, GENERIC, GREEN, LOOKALIKES, Entry, Tracker, norm


@dataclass
class Reading:
    state: str | None
    warning: str | None = None
    error: str | None = None


def read_status(tr: Tracker, entry: Entry, carried: str | None = None) -> Reading:
    """What a careful reader takes an entry's status to be, and what they would flag."""
    if tr.opening_words is not None and not (entry.status or "").strip():
        text = norm(entry.comment or "")
        for words in sorted(tr.opening_words, key=len, reverse=True):
            if re.match(re.escape(words) + r"\b", text):
                return Reading(tr.opening_words[words])
        return Reading(carried if carried else GREEN)
    raw = (entry.status or "").strip()
    if not raw:
        if entry.fill is not None:
            return Reading(entry.fill.state, warning="colour-only")
        return Reading(None, warning="no-status")
    warning = None
    latin = "".join(LOOKALIKES.get(ch, ch) for ch in raw)
    if latin != raw:
        warning = "lookalike-letter"
    key = norm(latin)
    state = tr.key.get(key) or GENERIC.get(key)
    if tr.opening_words is not None:
        state = tr.opening_words.get(key, state)
    if state is None:
        return Reading(None, error="bad-status")
    if entry.fill is not None and entry.fill.state != state:
        warning = warning or "fill-contradicts-status"
    return Reading(state, warning)


def readings(tr: Tracker) -> dict[tuple[int, str], Reading]:
    """Every (action index, round) reading, rounds in order (for carry-forward)."""
    out = {}
    for i, action in enumerate(tr.actions):
        carried = None
        for rnd in tr.rounds:
            if rnd not in action.rounds:
                continue
            r = read_status(tr, action.rounds[rnd], carried)
            out[(i, rnd)] = r
            carried = r.state or carried
    return out


def summarise(tr: Tracker, rnd: str | None = None) -> dict:
    """The figures a reader gives for a round (default: the latest) against the one before."""
    rnd = rnd or tr.rounds[-1]
    prev = tr.rounds[tr.rounds.index(rnd) - 1] if tr.rounds.index(rnd) > 0 else None
    read = readings(tr)
    now = [i for i, a in enumerate(tr.actions) if rnd in a.rounds]
    states = {i: read[(i, rnd)].state for i in now}
    by_code = Counter(s for s in states.values() if s is not None)
    out = {
        "actions": len(now),
        "complete": by_code.get(BLUE, 0),
        "completed_since_last": sum(
            1 for i in now if states[i] == BLUE and prev is not None
            and (i, prev) in read and read[(i, prev)].state != BLUE),
        "new": sum(1 for i in now if prev is not None and prev not in tr.actions[i].rounds),
        "by_status": {tr.labels[c]: n for c, n in sorted(by_code.items())},
        "by_status_codes": dict(sorted(by_code.items())),
        "no_status": sum(1 for s in states.values() if s is None),
    }
    warnings, errors = [], []
    for (i, r), reading in sorted(read.items(), key=lambda kv: (tr.rounds.index(kv[0][1]), kv[0][0])):
        entry = tr.actions[i].rounds[r]
        if reading.warning == "no-status" and r != rnd:
            continue   # only the reported round's missing statuses are flagged here
        if reading.warning and entry.cell:
            warnings.append({"code_hint": reading.warning, "sheet": entry.cell[0],
                             "cell": entry.cell[1]})
        if reading.error and entry.cell:
            errors.append({"code_hint": reading.error, "sheet": entry.cell[0],
                           "cell": entry.cell[1]})
    out["warnings"] = warnings + list(tr.extra_warnings)
    out["findings"] = errors
    return out


def latest_comments(tr: Tracker, rnd: str | None = None) -> list[str]:
    rnd = rnd or tr.rounds[-1]
    return [a.rounds[rnd].comment or "" for a in tr.actions if rnd in a.rounds]
