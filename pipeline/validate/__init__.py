"""validate: every finding about a tracker, in one pass, each with its file, sheet and cell.

Each rule is a small function from the `Context` to the findings it makes; findings are data,
never exceptions. Codes are stable: scripts and the annotated copy rely on them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from ..identify import Identity
from ..model import Finding, Plan, Severity, Tracker
from ..reports import ReportType
from ..scheme import KeyReading
from . import actions, cells, sheets
from .context import Context

Rule = Callable[[Context], Iterator[Finding]]


RULES: tuple[Rule, ...] = (*sheets.RULES, *cells.RULES, *actions.RULES)


def validate(tracker: Tracker, report: ReportType, today: date, identity: Identity, plan: Plan,
             key: KeyReading | None = None) -> tuple[Finding, ...]:
    """Every finding about `tracker` (as identified and merged, `report` extended by the tracker's
    own `key`) for its latest round, errors first, then in sheet and cell order."""
    context = Context(tracker, report, identity, plan, today, key or KeyReading(report))
    found: dict[tuple[str, str | None, str | None, str], Finding] = {}
    for rule in RULES:
        for finding in rule(context):
            found.setdefault((finding.code, finding.sheet, finding.cell, finding.message), finding)
    order = {s.name: i for i, s in enumerate(tracker.sheets)}
    return tuple(sorted(found.values(), key=lambda f: _position(f, order)))


def _position(finding: Finding, order: dict[str, int]) -> tuple[int, int, int, int, str, str]:
    severity = 0 if finding.severity is Severity.ERROR else 1 if finding.severity is Severity.WARNING else 2
    row, column = _cell_parts(finding.cell or "")
    return (severity, order.get(finding.sheet or "", -1), row, column, finding.code, finding.message)


def _cell_parts(cell: str) -> tuple[int, int]:
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    column = 0
    for ch in letters:
        column = column * 26 + ord(ch.upper()) - 64
    return int(digits or 0), column

