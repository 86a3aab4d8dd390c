"""summarise: the figures for one round, and the summary paragraph from its text template."""

from __future__ import annotations

from collections import Counter
from datetime import date

from . import progress, wording
from .model import (
    Action,
    Direction,
    Plan,
    Position,
    Round,
    StatusChange,
    StatusSource,
    Summary,
)
from .progress import NO_STATUS, UNREADABLE
from .reports import ReportType, State

__all__ = ["NO_STATUS", "UNREADABLE", "closed_before", "closed_in", "round_index", "summarise"]


def round_index(plan: Plan, wanted: Round | None) -> int:
    """The index of `wanted` in the plan's rounds (the latest round when None)."""
    if wanted is None:
        return len(plan.rounds) - 1
    return plan.rounds.index(wanted)


def _wording_helpers(report: ReportType, directions: tuple[tuple[str, Direction], ...]) -> dict[str, object]:
    """What the summary template may use besides the figures: the scheme, the noun and the travel."""
    return {
        "states": report.states,
        "noun": lambda n: report.noun if n == 1 else report.plural,
        "says": lambda state, n: _says(state, n),
        "closed_earlier_shown": report.closed_earlier,
        "improved": sum(1 for _, d in directions if d is Direction.IMPROVED),
        "worse": sum(1 for _, d in directions if d is Direction.WORSE),
    }


def summarise(plan: Plan, report: ReportType, wanted: Round | None = None, today: date | None = None) -> Summary:
    """The figures for `wanted` (the latest round by default). Overdue is judged as at the end of
    the round, or today if that is earlier."""
    index = round_index(plan, wanted)
    round_ = plan.rounds[index]
    previous_round = plan.rounds[index - 1] if index > 0 else None
    now = [(a, p) for a in plan.actions if (p := a.positions[index]) is not None]
    before = {a.key: p for a in plan.actions if index > 0 and (p := a.positions[index - 1]) is not None}
    counts = Counter(p.status for _, p in now)
    figures = _figures(plan, report, index, now, before, today)
    glance = progress.glance(plan, report, index)
    directions = progress.directions(plan, report, index)
    found = progress.listings(plan, report, index, today)
    paragraph = wording.render(report.summary_template, {
        **figures,
        "count": {s.code: counts[s.code] for s in report.states},
        "title": plan.title, "round": round_, "previous_round": previous_round,
        **_wording_helpers(report, directions),
    })
    return Summary(
        plan=plan.title,
        round=round_,
        previous_round=previous_round,
        by_status=glance[-1].counts,
        by_code=tuple((s.code, counts[s.code]) for s in report.states),
        rounds=plan.rounds,
        changes=_changes(now, before, report) if previous_round else (),
        paragraph=paragraph,
        status_from_updates=any(p.source is StatusSource.UPDATE for _, p in now),
        directions=directions,
        listings=progress.shown(report, found),
        attention=tuple(i.key for i in found["attention"]),
        glance=glance,
        **figures,
    )


def _figures(plan: Plan, report: ReportType, index: int, now: list[tuple[Action, Position]],
             before: dict[str, Position], today: date | None) -> dict[str, int]:
    counts = Counter(p.status for _, p in now)
    unreadable = sum(1 for _, p in now if p.status is None and p.source is StatusSource.COLUMN)
    complete_codes = {s.code for s in report.states if s.complete}
    closed_codes = frozenset(s.code for s in report.states if s.closed)
    return dict(
        actions=len(now),
        complete=sum(counts[c] for c in complete_codes),
        completed_since_last=sum(1 for a, p in now if p.status in complete_codes and a.key in before
                                 and before[a.key].status not in complete_codes),
        new=sum(1 for a, _ in now if a.key not in before) if index > 0 else 0,
        # An action closed last round that is not carried forward has finished, not been removed.
        removed=sum(1 for key in before.keys() - {a.key for a, _ in now} if before[key].status not in closed_codes),
        reprofiled=sum(1 for _, p in now if p.reprofiled),
        overdue=sum(1 for _, p in now if p.overdue(today, closed_codes)),
        no_status=counts[None] - unreadable,
        unreadable=unreadable,
        closed_earlier=len(closed_before(plan, report, index)),
    )


def closed_before(plan: Plan, report: ReportType, index: int) -> frozenset[str]:
    """The keys of the actions closed before round `index` (and closed still)."""
    if index == 0:
        return frozenset()
    return frozenset(a.key for a in plan.actions if _closed(a.positions[index - 1], report)
                     and _closed(a.positions[index], report))


def closed_in(action: Action, plan: Plan, report: ReportType, index: int) -> Round:
    """The round an action closed in: the first of the rounds up to `index` it has stayed closed in."""
    closed = plan.rounds[index]
    for round_, position in reversed(list(zip(plan.rounds[: index + 1], action.positions[: index + 1]))):
        if not _closed(position, report):
            break
        closed = round_
    return closed


def _closed(position: Position | None, report: ReportType) -> bool:
    state = report.state(position.status) if position else None
    return bool(state and state.closed)


def _says(state: State, n: int) -> str:
    return state.says[0] if n == 1 else state.says[1]


def _changes(now: list[tuple[Action, Position]], before: dict[str, Position],
             report: ReportType) -> tuple[StatusChange, ...]:
    action_key = report.action.key
    changes = []
    for action, position in now:
        earlier = before.get(action.key)
        if earlier is None or earlier.status != position.status:
            changes.append(StatusChange(
                ref=action.ref,
                action=" ".join(action.field(action_key).plain.split()),
                before=earlier.status_text if earlier else None,  # the state's label, or the text as written
                after=position.status_text,
            ))
    return tuple(changes)
