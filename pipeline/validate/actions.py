"""Rules about actions across rows and rounds: duplicates, matching, removals, progress."""

from __future__ import annotations

from collections.abc import Iterator

from .. import findings as kinds
from ..dates import long_date, names_a_time
from ..model import Finding, Position, StatusSource, normalise
from ..reports import ReportType
from .context import Context


def _label(report: ReportType) -> str:
    return report.action.heading.lower()


def duplicate_refs(context: Context) -> Iterator[Finding]:
    column = context.report.by_role("ref")
    if not column:
        return
    seen: dict[tuple[object, ...], str] = {}
    for record in context.records:
        value = record.get(column.key)
        if not value or not value.raw or not value.cell.endswith(str(record.row)):
            continue  # no Ref, or one inherited from the recommendation's first row
        key = (record.round.end, record.round.start, record.sheet, normalise(value.raw))  # dates hash quickly
        if key in seen and seen[key] != value.cell:
            yield context.finding(kinds.DUPLICATE_REF, f"The Ref '{value.raw}' is used twice in "
                                  f"{record.round.label} (also at {seen[key]}): give each recommendation its "
                                  "own Ref, or number further actions like '6.2'.", record.sheet, value.cell,
                                  value.raw)
        seen.setdefault(key, value.cell)


def duplicate_actions(context: Context) -> Iterator[Finding]:
    column = context.report.action
    seen: dict[tuple[object, ...], str] = {}
    for record in context.records:
        value = record.get(column.key)
        if not value or not value.raw:
            continue
        key = (record.round.end, record.round.start, record.sheet, normalise(record.rec_ref or record.group),
               record.action_key(column.key))
        if key in seen and seen[key] != value.cell:
            yield context.finding(kinds.DUPLICATE_ACTION, f"The same {_label(context.report)} appears twice "
                                  f"(also at {seen[key]}): if they are different, make the text differ; if "
                                  "not, delete one.", record.sheet, value.cell)
        seen.setdefault(key, value.cell)


def weak_matches(context: Context) -> Iterator[Finding]:
    column = context.report.action
    for match in context.identity.matches:
        value, earlier = match.record.get(column.key), match.earlier.get(column.key)
        cell = value.cell if value else None
        where = f"'{match.earlier.sheet}'!{earlier.cell if earlier else ''}"
        if match.how == "similar":
            message = (f"This {_label(context.report)} was matched to {where} by similar text "
                       f"({match.score}% alike): check it is the same one; if not, give it a Ref.")
            yield context.finding(kinds.MATCHED_SIMILAR, message, match.record.sheet, cell)
        else:
            message = (f"The text of this {_label(context.report)} changed from {where} ({match.score}% "
                       "alike); it was matched by its Ref: check that is right.")
            yield context.finding(kinds.TEXT_CHANGED, message, match.record.sheet, cell)


def removed_actions(context: Context) -> Iterator[Finding]:
    plan = context.plan
    latest = context.index
    action_key = context.report.action.key
    for action in plan.actions:
        seen = [(i, p) for i, p in enumerate(action.positions) if p]
        if not seen:
            continue
        index, last = seen[-1]
        state = context.report.state(last.status)
        if index < latest and not (state and state.closed):  # closed actions may be left behind
            missing = plan.rounds[index + 1].label
            yield context.finding(kinds.MISSING_FROM_ROUND, f"This {_label(context.report)} is in "
                                  f"{last.round.label} but missing from {missing}: add it back (mark it Complete "
                                  "or Cancelled if it has ended) so it is not lost.", last.sheet,
                                  last.cell(action_key))


def status_backwards(context: Context) -> Iterator[Finding]:
    report = context.report
    for action in context.plan.actions:
        previous: Position | None = None
        for position in action.positions:
            if not position:
                continue
            before, after = report.state(previous.status if previous else None), report.state(position.status)
            if previous and before and after and before.complete and not after.closed:
                cell = _status_cell(position, report)
                yield context.finding(kinds.STATUS_BACKWARDS, f"The status went back from {before.label} in "
                                      f"{previous.round.label} to {after.label} in {position.round.label}: check "
                                      "it, and say why in the update.", position.sheet, cell)
            previous = position


def _status_cell(position: Position, report: ReportType) -> str | None:
    """Where a status was read: its own column, or the update it was read from."""
    for role in ("status", "update"):
        column = report.by_role(role)
        if column and position.cell(column.key):
            return position.cell(column.key)
    return None


def _latest(context: Context) -> Iterator[Position]:
    index = context.index
    for action in context.plan.actions:
        position = action.positions[index]
        state = context.report.state(position.status) if position else None
        if position and not (state and state.closed):
            yield position


def targets_passed(context: Context) -> Iterator[Finding]:
    target = context.report.by_role("target")
    if not target:
        return
    for position in _latest(context):  # not closed
        as_at = position.as_at(context.today)
        if position.target_date and position.overdue(context.today, frozenset()):
            yield context.finding(kinds.TARGET_PASSED, f"The target date ({long_date(position.target_date)}) has "
                                  f"passed (as at {long_date(as_at)}) and the action is not complete: update the target "
                                  "(say it was reprofiled) or the status.", position.sheet, position.cell(target.key))


def targets_unread(context: Context) -> Iterator[Finding]:
    target = context.report.by_role("target")
    if not target:
        return
    for position in _latest(context):  # not closed
        text = position.target.raw.strip()
        if text and position.target_date is None and names_a_time(text):
            yield context.finding(kinds.TARGET_UNREAD, f"The target '{text[:80]}' cannot be read as a date, so "
                                  "whether it has passed is not judged: write it as a month and year (e.g. 'November "
                                  "2025') or a date.", position.sheet, position.cell(target.key), text)


def blank_updates(context: Context) -> Iterator[Finding]:
    update = context.report.by_role("update")
    if not update:
        return
    for position in _latest(context):
        if not position.update and context.tracker.has_column(position.sheet, update.key, position.round):
            cell = position.cell(update.key) or context.cell_in_row(position.sheet, update.key,
                                                                     position.round.label, position.row)
            yield context.finding(kinds.BLANK_UPDATE, f"There is no update for {position.round.label} on an "
                                  "action that is not complete: add a sentence on progress.", position.sheet, cell)


def status_from_updates(context: Context) -> Iterator[Finding]:
    index = context.index
    latest = (a.positions[index] for a in context.plan.actions)
    if any(p and p.source is StatusSource.UPDATE for p in latest):
        yield context.finding(kinds.STATUS_FROM_UPDATE, "Where no status is given in a status column, the status "
                              "was read from the opening words of the update ('Complete.', 'Ongoing.'), and an "
                              "update that names none carries the last status forward.")


def not_yet_in_plan(context: Context) -> Iterator[Finding]:
    """A round's row left out by the merge, because its action had not begun ("n/a"): said at the
    cell, so it is never silent."""
    update, status = context.report.by_role("update"), context.report.by_role("status")
    reported = {c.key for c in (update, status) if c}
    for record, action in context.left_out():
        began = next(p.round.label for p in action.positions if p)
        cell = next((v.cell for k, v in record.values.items() if k in reported), None)
        yield context.finding(kinds.NOT_YET_IN_PLAN, f"This row says only 'n/a' for {record.round.label}: read as "
                              f"not in the plan yet, so the {_label(context.report)} is new in {began}.",
                              record.sheet, cell)


RULES = (duplicate_refs, duplicate_actions, weak_matches, removed_actions, status_backwards, targets_passed,
         targets_unread, blank_updates, status_from_updates, not_yet_in_plan)
