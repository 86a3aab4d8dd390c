"""identify: which rows in different rounds are the same action.

By Ref where there is one; within a Ref (a recommendation with several actions), or without
one, by the action's text within its group, tolerant of small edits. Each round is matched with
the round before, then what is left with the actions that were not in it (closed and left off
its sheet, then back). Pure. Records are named by
their place in the tracker's records, so nothing here depends on object identity.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .model import Record, Round, normalise
from .reports import ReportType

SIMILAR = 85  # token-sort similarity (0-100) above which two texts are the same action, edited
MAX_FUZZY = 300  # unmatched actions per group beyond which similar-text matching is skipped


@dataclass(frozen=True)
class Match:
    """A record matched to an earlier round's record by something weaker than identical text."""

    record: Record
    earlier: Record
    how: str  # "similar" (small edits) or "changed" (the only action under that Ref)
    score: int


@dataclass(frozen=True)
class Identity:
    keys: tuple[str, ...]  # the action key of each of the tracker's records, in the same order
    matches: tuple[Match, ...]


class _Round:
    """One round's records (as indices into the tracker's records), their action texts, and their
    buckets (a Ref, or a group)."""

    def __init__(self, records: tuple[Record, ...], indices: list[int], report: ReportType):
        action = report.action.key
        self.indices = indices
        self.texts = {i: records[i].action_key(action) for i in indices}
        self.buckets: dict[str, list[int]] = defaultdict(list)
        for i in indices:
            self.buckets[_bucket(records[i], report)].append(i)


def _bucket(record: Record, report: ReportType) -> str:
    if report.identity == "ref" and record.rec_ref:
        return "ref:" + normalise(record.rec_ref)
    return "group:" + normalise(record.group)


def identify(records: tuple[Record, ...], rounds: tuple[Round, ...], report: ReportType) -> Identity:
    keys: list[str] = [""] * len(records)
    matches: list[Match] = []
    by_round: dict[Round, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        by_round[record.round].append(index)
    previous: _Round | None = None
    last_seen: dict[str, int] = {}  # each action's latest record so far
    for round_ in rounds:
        current = _Round(records, by_round.get(round_, []), report)
        pairs = _pair(current, previous, records, report, matches) if previous else {}
        unpaired = [i for i in current.indices if i not in pairs]
        if unpaired and previous:  # an action left off the last round's sheet (closed, or missed) and back
            away = [i for i in last_seen.values() if i not in previous.texts]
            if away:
                pairs |= _pair(_Round(records, unpaired, report), _Round(records, away, report), records, report,
                               matches)
        for i in current.indices:
            earlier = pairs.get(i)
            keys[i] = keys[earlier] if earlier is not None else f"{records[i].sheet}!{records[i].row}@{round_.label}"
            last_seen[keys[i]] = i
        previous = current
    return Identity(tuple(keys), tuple(matches))


def _pair(current: _Round, previous: _Round, records: tuple[Record, ...], report: ReportType,
          matches: list[Match]) -> dict[int, int]:
    """Each current record's earlier record: identical text within its bucket, then similar text,
    then the only one left under a Ref, then identical text anywhere (a renamed group or Ref)."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for bucket, indices in current.buckets.items():
        pool = previous.buckets.get(bucket, [])
        _pair_exact(indices, pool, current, previous, pairs, taken)
        _pair_similar(indices, pool, current, previous, pairs, taken, matches, records)
        unpaired = [i for i in indices if i not in pairs]
        free = [e for e in pool if e not in taken]
        if report.identity == "ref" and bucket.startswith("ref:") and len(unpaired) == 1 and len(free) == 1:
            record, earlier = unpaired[0], free[0]
            pairs[record] = earlier
            taken.add(earlier)
            matches.append(Match(records[record], records[earlier], "changed",
                                 _similarity(current.texts[record], previous.texts[earlier])))
    unpaired = [i for i in current.indices if i not in pairs]
    if unpaired:
        _pair_exact(unpaired, previous.indices, current, previous, pairs, taken)
    return pairs


def _pair_exact(indices: list[int], pool: list[int], current: _Round, previous: _Round, pairs: dict[int, int],
                taken: set[int]) -> None:
    waiting: dict[str, list[int]] = defaultdict(list)
    for earlier in pool:
        if earlier not in taken:
            waiting[previous.texts[earlier]].append(earlier)
    for index in indices:
        candidates = waiting.get(current.texts[index])
        if index not in pairs and candidates:
            earlier = candidates.pop(0)
            pairs[index] = earlier
            taken.add(earlier)


def _pair_similar(indices: list[int], pool: list[int], current: _Round, previous: _Round, pairs: dict[int, int],
                  taken: set[int], matches: list[Match], records: tuple[Record, ...]) -> None:
    free = [e for e in pool if e not in taken]
    unpaired = [i for i in indices if i not in pairs]
    if not free or not unpaired or len(free) * len(unpaired) > MAX_FUZZY * MAX_FUZZY:
        return
    from rapidfuzz import fuzz, process  # loaded only when texts need comparing

    for index in unpaired:
        choices = {e: previous.texts[e] for e in free if e not in taken}
        best = process.extractOne(current.texts[index], choices, scorer=fuzz.token_sort_ratio, score_cutoff=SIMILAR)
        if best:
            _, score, earlier = best
            pairs[index] = earlier
            taken.add(earlier)
            matches.append(Match(records[index], records[earlier], "similar", int(score)))


def _similarity(one: str, two: str) -> int:
    from rapidfuzz import fuzz  # loaded only when texts need comparing

    return int(fuzz.token_sort_ratio(one, two))
