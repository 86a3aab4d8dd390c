"""progress: what changed since the plan was last reported, worked out once for the summary, the
appendix and the export alike: each action's direction of travel (by the report type's order of
states), the lists of what was completed, added, reprofiled or got worse and what needs the
committee's attention, and the figures by state of each round (the appendix's "at a glance")."""

from __future__ import annotations

from collections import Counter
from datetime import date

from .dates import last_named, says_reprofiled, serial_date
from .model import Action, Direction, Item, Listing, Plan, Position, StatusSource, Tally
from .reports import ReportType

UNREADABLE = "Not readable"  # a status typed that is none of the scheme's (an error the officer is told of)
NO_STATUS = "No status"  # no status given this round
GLANCE_ROUNDS = 8  # the at-a-glance shows at most this many rounds, the reported one last


def direction(before: Position | None, now: Position, report: ReportType) -> Direction:
    """Better, the same or worse than `before` (the last round's position), by the order of states
    in the report type's [travel] settings; new when the action was not in the last round."""
    if before is None:
        return Direction.NEW
    if before.status is None or now.status is None:
        return Direction.NOT_COMPARED
    if before.status == now.status:
        return Direction.SAME
    ranks = report.ranks
    if before.status not in ranks or now.status not in ranks:
        return Direction.NOT_COMPARED
    return Direction.IMPROVED if ranks[now.status] < ranks[before.status] else Direction.WORSE


def directions(plan: Plan, report: ReportType, index: int) -> tuple[tuple[str, Direction], ...]:
    """Each action's direction of travel into round `index` (none in the plan's first round)."""
    if index == 0:
        return ()
    return tuple((a.key, direction(a.positions[index - 1], p, report)) for a in plan.actions
                 if (p := a.positions[index]) is not None)


def tally(plan: Plan, report: ReportType, index: int) -> Tally:
    """How many actions stood in each state in round `index`; those with no status, and those whose
    status could not be read, counted apart so that the parts add up to the total."""
    positions = [p for a in plan.actions if (p := a.positions[index]) is not None]
    counts = Counter(p.status for p in positions)
    unreadable = sum(1 for p in positions if p.status is None and p.source is StatusSource.COLUMN)
    parts = [(s.label, counts[s.code]) for s in report.states]
    parts += [(label, n) for label, n in ((NO_STATUS, counts[None] - unreadable), (UNREADABLE, unreadable)) if n]
    return Tally(plan.rounds[index], tuple(parts))


def glance(plan: Plan, report: ReportType, index: int) -> tuple[Tally, ...]:
    """The figures by state of each round up to round `index` (the last few of them)."""
    return tuple(tally(plan, report, i) for i in range(max(0, index - GLANCE_ROUNDS + 1), index + 1))


KINDS = ("completed", "new", "reprofiled", "worse", "attention")


def listings(plan: Plan, report: ReportType, index: int, today: date | None) -> dict[str, tuple[Item, ...]]:
    """Every list of what changed since last reported, by kind (the report type says which are shown)."""
    found: dict[str, list[Item]] = {kind: [] for kind in KINDS}
    for action in plan.actions:
        position = action.positions[index]
        if position is None:
            continue
        before = action.positions[index - 1] if index else None
        for kind, detail in _kinds(position, before, report, today, index > 0):
            found[kind].append(item(action, position, report, detail))
    return {kind: tuple(items) for kind, items in found.items()}


def shown(report: ReportType, found: dict[str, tuple[Item, ...]]) -> tuple[Listing, ...]:
    """The lists the report type shows, in its order, with its titles."""
    return tuple(Listing(s.kind, s.title, found[s.kind]) for s in report.since.lists)


def _kinds(now: Position, before: Position | None, report: ReportType, today: date | None,
           compared: bool) -> list[tuple[str, str]]:
    """The lists an action belongs in this round, each with what changed."""
    state, earlier = report.state(now.status), report.state(before.status) if before else None
    kinds: list[tuple[str, str]] = []
    if compared and before is None:
        kinds.append(("new", ""))
    if state and state.complete and before is not None and not (earlier and earlier.complete):
        kinds.append(("completed", f"{before.status_text or NO_STATUS} to {now.status_text}"))
    if now.reprofiled:
        kinds.append(("reprofiled", _target_moved(before, now)))
    if compared and direction(before, now, report) is Direction.WORSE and before is not None:
        kinds.append(("worse", f"{before.status_text} to {now.status_text}"))
    closed = frozenset(s.code for s in report.states if s.closed)
    overdue = now.overdue(today, closed)
    if (state and state.attention) or overdue:
        passed = _target_passed(now) if overdue else ""
        kinds.append(("attention", "; ".join(t for t in (now.status_text if state and state.attention else "",
                                                        passed) if t)))
    return kinds


def _named(position: Position) -> str:
    """The current target date in the tracker's own words ("Q1 2026/27", "August 2026") where the
    cell is that date alone (or a date Excel stores as a number) or says it was reprofiled; else ""
    (the cell is to be quoted)."""
    text = " ".join(position.target.plain.split())
    found = last_named(text)
    if not found:
        return ""
    named = " ".join(found[1].split())
    return named if text.rstrip(".") == named or serial_date(text) or says_reprofiled(text) else ""


def _target_passed(position: Position) -> str:
    named = _named(position)
    written = " ".join(position.target.plain.split())
    return f"target date ({named}) passed" if named else f"target date passed: {written}"


def _target_moved(before: Position | None, now: Position) -> str:
    """'March 2026 to August 2026' (the date each round's target names, where the cell is that date
    or says it was reprofiled to it), else the cells as written."""
    new = _named(now) or " ".join(now.target.plain.split())
    old = (_named(before) or " ".join(before.target.plain.split())) if before else ""
    return f"{old} to {new}" if old and new and old != new else " ".join(now.target.plain.split()) or \
        "Target date not stated"


def item(action: Action, position: Position, report: ReportType, detail: str = "") -> Item:
    lead = report.lead
    return Item(
        key=action.key,
        ref=action.ref or action.rec_ref,
        action=" ".join(action.field(report.action.key).plain.split()),
        lead=" ".join(action.field(lead.key).plain.split()) if lead else "",
        commentary=position.update,
        status=position.status_text,
        detail=detail,
    )
