"""One action across rounds: which rows in different rounds are the same action.

By Ref where there is one; within a Ref (a recommendation with several actions), or without
one, by the action's text within its group, tolerant of small edits. Pure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .model import Record, Round, normalise
from .reports import ReportType

SIMILAR = 85  # token-sort similarity (0-100) above which two texts are the same action, edited


@dataclass(frozen=True)
class Match:
    """A record matched to an earlier round's record by something weaker than identical text."""

    record: Record
    earlier: Record
    how: str  # "similar" (small edits) or "changed" (the only action under that Ref)
    score: int


@dataclass(frozen=True)
class Identity:
    keys: dict[int, str]  # id(record) -> action key
    matches: tuple[Match, ...]

    def key(self, record: Record) -> str:
        return self.keys[id(record)]


def _bucket(record: Record, report: ReportType) -> str:
    if report.identity == "ref" and record.rec_ref:
        return "ref:" + normalise(record.rec_ref)
    return "group:" + normalise(record.group)


def _action_text(record: Record, report: ReportType) -> str:
    return record.action_key(report.by_role("action").key)


def identify(records: tuple[Record, ...], rounds: tuple[Round, ...], report: ReportType) -> Identity:
    keys: dict[int, str] = {}
    matches: list[Match] = []
    by_round: dict[Round, list[Record]] = defaultdict(list)
    for record in records:
        by_round[record.round].append(record)
    previous: list[Record] = []
    left: dict[str, list[Record]] = {}
    for round_ in rounds:
        current = by_round.get(round_, [])
        buckets = _by_bucket(current, report)
        pairs, found = _pair(current, buckets, previous, left, report)
        matches.extend(found)
        for record in current:
            earlier = pairs.get(id(record))
            keys[id(record)] = keys[id(earlier)] if earlier else f"{record.sheet}!{record.row}@{round_.label}"
        previous, left = current, buckets
    return Identity(keys, tuple(matches))


def _pair(current: list[Record], buckets: dict[str, list[Record]], previous: list[Record],
          left: dict[str, list[Record]], report: ReportType):
    """Pair each current record with a previous one: identical text, then similar, then alone.
    `buckets` and `left` are the current and previous records by bucket (see _by_bucket)."""
    pairs: dict[int, Record] = {}
    taken: set[int] = set()
    matches: list[Match] = []
    for bucket, records in buckets.items():
        pool = left.get(bucket, [])
        if len(records) == len(pool) == 1 and _action_text(records[0], report) == _action_text(pool[0], report):
            pairs[id(records[0])] = pool[0]  # the usual case: one action under a Ref, its text unchanged
            taken.add(id(pool[0]))
            continue
        _pair_exact(records, pool, pairs, taken, report)
        _pair_similar(records, pool, pairs, taken, matches, report)
        unpaired = [r for r in records if id(r) not in pairs]
        free = [e for e in pool if id(e) not in taken]
        if report.identity == "ref" and bucket.startswith("ref:") and len(unpaired) == 1 and len(free) == 1:
            record, earlier = unpaired[0], free[0]
            from rapidfuzz import fuzz  # loaded only when texts need comparing

            score = int(fuzz.token_sort_ratio(_action_text(record, report), _action_text(earlier, report)))
            pairs[id(record)] = earlier
            taken.add(id(earlier))
            matches.append(Match(record, earlier, "changed", score))
    # An action whose group (or Ref) was renamed: identical text anywhere else.
    unpaired = [r for r in current if id(r) not in pairs]
    if unpaired:
        _pair_exact(unpaired, previous, pairs, taken, report)
    return pairs, matches


def _by_bucket(records: list[Record], report: ReportType) -> dict[str, list[Record]]:
    buckets: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        buckets[_bucket(record, report)].append(record)
    return buckets


def _pair_exact(records: list[Record], pool: list[Record], pairs: dict, taken: set, report) -> None:
    waiting: dict[str, list[Record]] = defaultdict(list)
    for earlier in pool:
        if id(earlier) not in taken:
            waiting[_action_text(earlier, report)].append(earlier)
    for record in records:
        candidates = waiting.get(_action_text(record, report))
        if id(record) not in pairs and candidates:
            earlier = candidates.pop(0)
            pairs[id(record)] = earlier
            taken.add(id(earlier))


MAX_FUZZY = 300  # unmatched actions per group beyond which similar-text matching is skipped


def _pair_similar(records, pool, pairs: dict, taken: set, matches: list, report: ReportType) -> None:
    free = [e for e in pool if id(e) not in taken]
    unpaired = [r for r in records if id(r) not in pairs]
    if not free or not unpaired or len(free) * len(unpaired) > MAX_FUZZY * MAX_FUZZY:
        return
    from rapidfuzz import fuzz  # loaded only when texts need comparing

    texts = [_action_text(e, report) for e in free]
    for record in unpaired:
        text = _action_text(record, report)
        scored = [(fuzz.token_sort_ratio(text, t), i) for i, t in enumerate(texts) if id(free[i]) not in taken]
        if not scored:
            return
        score, index = max(scored)
        if score >= SIMILAR:
            pairs[id(record)] = free[index]
            taken.add(id(free[index]))
            matches.append(Match(record, free[index], "similar", int(score)))
