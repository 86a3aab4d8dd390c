"""What every rule is given: the tracker as read, identified and merged, and the date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from ..findings import Kind
from ..identify import Identity
from ..model import Action, Finding, Plan, Position, Record, Tracker
from ..reports import ReportType
from ..scheme import KeyReading


@dataclass(frozen=True)
class Context:
    tracker: Tracker
    report: ReportType
    identity: Identity
    plan: Plan
    today: date
    key: KeyReading  # what the tracker's own key said

    @property
    def index(self) -> int:
        """The round being reported: the plan's last (a tracker reported for an earlier round is cut
        to that round before it is merged)."""
        return len(self.plan.rounds) - 1

    @cached_property
    def _placed(self) -> tuple[tuple[Record, Action | None, bool], ...]:
        """Each row with its action and whether the merge placed it in its round (it leaves out the
        rounds before an action began)."""
        actions = {a.key: a for a in self.plan.actions}
        index = {r: i for i, r in enumerate(self.plan.rounds)}
        return tuple((record, action, action is None or action.positions[index[record.round]] is not None)
                     for sequence, record in enumerate(self.tracker.records)
                     for action in (actions.get(self.identity.keys[sequence]),))

    @cached_property
    def records(self) -> tuple[Record, ...]:
        """The rows the appendix rests on: those the merge placed."""
        return tuple(record for record, _, placed in self._placed if placed)

    def left_out(self) -> list[tuple[Record, Action]]:
        """The rows the merge left out, each with its action: rounds before the action began."""
        return [(record, action) for record, action, placed in self._placed if not placed and action]

    def positions(self) -> list[Position]:
        """Every action's position in each round."""
        return [p for a in self.plan.actions for p in a.positions if p]

    def finding(self, kind: Kind, message: str, sheet: str | None = None, cell: str | None = None,
                value: str | None = None) -> Finding:
        return kind.at(self.tracker.file, message, sheet, cell, value)

    def heading_cell(self, sheet: str, name: str) -> str | None:
        """The heading cell of column `name` ("update", or "update (June 2025)") on `sheet`."""
        info = next((s for s in self.tracker.sheets if s.name == sheet), None)
        return next((cell for key, cell in info.columns if key == name), None) if info else None

    def cell_in_row(self, sheet: str, key: str, round_label: str, row: int) -> str | None:
        """The cell of column `key` in `row`, for a cell that was blank and so was never read."""
        heading = self.heading_cell(sheet, key) or self.heading_cell(sheet, f"{key} ({round_label})")
        return "".join(ch for ch in heading if ch.isalpha()) + str(row) if heading else None
