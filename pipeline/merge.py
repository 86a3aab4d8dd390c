"""merge: the rounds of a tracker into one Plan, an Action per action and a Position per round."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from . import dates, status
from .identify import Identity
from .model import Action, Plan, Position, Record, Round, StatusSource, Tracker, Value
from .reports import ReportType
from .scheme import by_colour
from .text import EMPTY, Text


def merge(tracker: Tracker, report: ReportType, identity: Identity) -> Plan:
    """One Action per action `identity` found, with a Position in each round it is in."""
    by_key: dict[str, dict[int, Record]] = defaultdict(dict)
    order: dict[str, tuple[int, int]] = {}
    round_index = {r: i for i, r in enumerate(tracker.rounds)}
    for sequence, record in enumerate(tracker.records):
        key = identity.keys[sequence]
        index = round_index[record.round]
        by_key[key][index] = record
        # Actions are listed in the order of the latest round each appears in.
        order[key] = (-index, sequence) if key not in order or -index <= order[key][0] else order[key]
    columns = _Columns(report, tracker)
    actions = [_action(key, _entered(by_key[key], columns.reported), tracker, report, columns)
               for key in sorted(by_key, key=lambda k: order[k])]
    return Plan(
        file=tracker.file,
        title=tracker.title,
        report=report.name,
        rounds=tracker.rounds,
        actions=_number(actions, report),
        source_key=tracker.source_key,
        introduction=tracker.introduction,
    )


_NOT_YET = frozenset({"n/a", "n / a", "na", "n.a", "not applicable", "not yet applicable"})


def _not_yet(record: Record, reported: frozenset[str]) -> bool:
    """Whether what the record reports for its round (status, update) says only "n/a"."""
    own = [v.raw for k, v in record.values.items() if k in reported]
    return bool(own) and all(raw.strip().lower().rstrip(".") in _NOT_YET for raw in own)


def _entered(records: dict[int, Record], reported: frozenset[str]) -> dict[int, Record]:
    """An action's records from the round it entered the plan: the rounds before, whose status and
    update say only "n/a", were before it existed (seed 003's actions new in October read "n/a" in
    June). An "n/a" after that, or in every round, is read as written (and judged as any status is)."""
    first = next((i for i in sorted(records) if not _not_yet(records[i], reported)), None)
    return records if first is None else {i: r for i, r in records.items() if i >= first}


class _Columns:
    """The keys of the columns a merge looks up in every record, worked out once."""

    def __init__(self, report: ReportType, tracker: Tracker):
        self.per_round = frozenset(c.key for c in report.per_round)
        self.update, self.target, self.status, self.group = (_key(report, role)
                                                             for role in ("update", "target", "status", "group"))
        self.reported = frozenset(k for k in (self.status, self.update) if k)  # what an officer reports each round
        self.headed = frozenset((s.name, name) for s in tracker.sheets for name, _ in s.columns)

    def asks_status(self, record: Record) -> bool:
        """Whether the record's sheet has a status column for its round: a blank one there is no
        status given, not the last round's carried forward."""
        key = self.status
        return bool(key) and ((record.sheet, key) in self.headed
                              or (record.sheet, f"{key} ({record.round.label})") in self.headed)


def _key(report: ReportType, role: str) -> str | None:
    column = report.by_role(role)
    return column.key if column else None


def _action(key: str, records: dict[int, Record], tracker: Tracker, report: ReportType, columns: _Columns) -> Action:
    positions: list[Position | None] = []
    previous: Position | None = None
    for index, round_ in enumerate(tracker.rounds):
        record = records.get(index)
        position = _position(record, previous, report, columns) if record else _kept(previous, round_, report)
        positions.append(position)
        previous = position or previous
    latest = records[max(records)]
    fields = tuple((k, v.text) for k, v in latest.values.items() if k not in columns.per_round)
    if columns.group and latest.group and columns.group not in latest.values:
        fields += ((columns.group, Text(latest.group)),)  # its group from a section row above it, shown as a column's
    return Action(
        key=key,
        ref="",
        rec_ref=latest.rec_ref,
        group=latest.group,
        first_of_rec=False,
        fields=fields,
        positions=tuple(positions),
    )


def _position(record: Record, previous: Position | None, report: ReportType, columns: _Columns) -> Position:
    update_value, target_value = record.get(columns.update), record.get(columns.target)
    update = update_value.text if update_value else EMPTY
    target = target_value.text if target_value else EMPTY
    asked = columns.asks_status(record) and not report.status_from_update
    code, shown, source = _status(record.get(columns.status), previous, update, report, asked)
    target_date = (target_value.when if target_value and target_value.when else dates.last_date(target.raw))
    state = report.state(code)
    closed = bool(state and state.closed)
    changed_target = bool(previous and previous.target and target and _moved(previous, target, target_date))
    reprofiled = not closed and (
        changed_target or dates.says_reprofiled(target.raw) or _update_says_reprofiled(update)
    )
    return Position(record.round, code, shown, source, update, target, target_date, reprofiled,
                    record.sheet, record.row, record.values)


def _kept(previous: Position | None, round_: Round, report: ReportType) -> Position | None:
    """An action closed in an earlier round and left off this round's sheet stays in the plan and
    its counts, as closed; an open one left off is missing (and reported)."""
    state = report.state(previous.status) if previous else None
    if previous is None or not (state and state.closed):
        return None
    return Position(round_, previous.status, previous.status_text, StatusSource.CLOSED, EMPTY, previous.target,
                    previous.target_date, False, previous.sheet, previous.row)


def _update_says_reprofiled(update: Text) -> bool:
    """The update's opening words say the action was reprofiled (or rephased)."""
    opening = update.opening
    # Working out the opening words is the cost: only when the first line might say it.
    return dates.may_say_reprofiled(opening) and dates.says_reprofiled(status.opening_words(opening))


def _moved(previous: Position, target: Text, target_date: date | None) -> bool:
    """The target moved: its date changed (a date retyped as text, or reformatted, has not)."""
    if previous.target_date and target_date:
        return previous.target_date != target_date
    return " ".join(previous.target.raw.lower().split()) != " ".join(target.raw.lower().split())


def _status(value: Value | None, previous: Position | None, update: Text, report: ReportType,
            asked: bool) -> tuple[str | None, str, StatusSource]:
    """(state code, text shown, where it came from) for one action in one round, whose status
    cell held `value`. `asked`: the round has a status column, so a blank cell is no status."""
    if value and value.raw:
        reading = status.read_status(value.raw, report)
        if reading.state:
            return reading.state.code, reading.state.label, StatusSource.COLUMN
        return None, value.raw, StatusSource.COLUMN
    if value and value.fill and (state := by_colour(value.fill, report)):
        return state.code, state.label, StatusSource.COLOUR
    if asked:
        if previous and (state := report.state(previous.status)) and state.closed:
            return previous.status, previous.status_text, StatusSource.CARRIED  # closed, its cell left blank since
        return None, "", StatusSource.NONE
    if report.status_from_update and update:
        state = status.status_from_update(update.opening, report)
        if state:
            return state.code, state.label, StatusSource.UPDATE
    if previous and previous.status:  # a default carried forward is still a default: never given
        carried = StatusSource.DEFAULT if previous.source is StatusSource.DEFAULT else StatusSource.CARRIED
        return previous.status, previous.status_text, carried
    default = report.state(report.default_state)
    if default:
        return default.code, default.label, StatusSource.DEFAULT
    return None, "", StatusSource.DEFAULT


def _number(actions: list[Action], report: ReportType) -> tuple[Action, ...]:
    """Give each action its printed Ref ("6", then "6.2" for the second action of Rec. 6)."""
    seen: dict[str, int] = defaultdict(int)
    numbered = []
    for action in actions:
        rec = action.rec_ref if report.identity == "ref" else ""
        ref = ""
        if rec:
            seen[rec] += 1
            ref = rec if seen[rec] == 1 else f"{rec}.{seen[rec]}"
        numbered.append(Action(action.key, ref, action.rec_ref, action.group, bool(rec) and seen[rec] == 1,
                               action.fields, action.positions))
    return tuple(numbered)
