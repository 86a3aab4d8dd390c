"""Whether the round being reported has been filled in: a round rolled forward and left as it was
would otherwise be reported as if last quarter's statuses were this quarter's news."""

from __future__ import annotations

from .. import findings as kinds
from ..model import Finding, Plan, Position, Round, Severity, StatusSource
from ..reports import ReportType

NEARLY_ALL = 0.9  # a round whose open actions have so few statuses and updates is not filled in
GIVEN = (StatusSource.COLUMN, StatusSource.COLOUR, StatusSource.UPDATE)


def bearing_on(plan: Plan, report: ReportType, findings: tuple[Finding, ...], round_: Round) -> tuple[Finding, ...]:
    """The `findings` that bear on `round_`'s appendix: with an error if it has not been filled in,
    and no error or warning about the sheets of later rounds only (a round added but not yet filled
    in); the notes of what was read (a column not shown, a key) are kept wherever they are."""
    index = plan.rounds.index(round_)
    sheets = [{p.sheet for a in plan.actions if (p := a.positions[i]) is not None} for i in range(len(plan.rounds))]
    later = set().union(*sheets[index + 1:]) - set().union(*sheets[:index + 1])
    found = unfilled(plan, report, round_, plan.file)
    kept = (f for f in findings if f.sheet not in later or f.severity is Severity.INFO)  # notes of what was read
    return tuple(kept) + ((found,) if found else ())


def unfilled(plan: Plan, report: ReportType, round_: Round, file: str) -> Finding | None:
    """An error naming `round_` when (nearly) none of its open actions has a status or an update."""
    index = plan.rounds.index(round_)
    open_ = [p for a in plan.actions if (p := a.positions[index]) and _open_before(a.positions, index, report)]
    blank = [p for p in open_ if p.source not in GIVEN and not p.update]
    if not open_ or len(blank) < NEARLY_ALL * len(open_):
        return None
    previous = f", or report the round before ({plan.rounds[index - 1].label}) instead" if index else ""
    sheet = blank[0].sheet
    return kinds.ROUND_NOT_FILLED.at(file, f"{round_.label} has not been filled in: {len(blank)} of its {len(open_)} "
                                     f"open {report.plural} have no status or update for it; fill it in on "
                                     f"'{sheet}'{previous}.", sheet)


def _open_before(positions: tuple[Position | None, ...], index: int, report: ReportType) -> bool:
    """Open going into the round: not closed in the round before (a new action is open)."""
    before = positions[index - 1] if index else None
    state = report.state(before.status if before else None)
    return not (state and state.closed)
