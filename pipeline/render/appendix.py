"""The appendix's content, as WordprocessingML: title, summary paragraph, the table(s) of actions,
then the status key and the source key. Layout choices come from the report type."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .. import status, wording
from ..model import Action, Plan, Position, Round, StatusSource, Summary
from ..reports import Column, ReportType, State
from ..summarise import closed_before, closed_in
from ..text import Text
from . import sections
from . import wordml as w
from .wordml import NOT_STATED

HEADER_FILL = sections.HEADER_FILL
FULL_TABLE = "The plan in full"
DIRECTION = "__direction__"  # the key of the direction of travel's column, which no report type's column has


@dataclass(frozen=True)
class Slot:
    """One column of the appendix table."""

    column: Column
    round_index: int | None  # which round a per-round column shows
    heading: str
    width: float


def title(plan: Plan, report: ReportType, round_: Round) -> str:
    return report.title_of(plan.title, round_)


def body(plan: Plan, summary: Summary, report: ReportType, index: int, picture: sections.Picture | None = None,
         exceptions: bool = False) -> Iterator[str]:
    """The appendix as XML fragments (paragraphs, and tables a row at a time), made as written: the
    title, the plan's introduction, the summary paragraph and notes, at a glance, what changed since
    last reported, then the full table (or, for the exception appendix, the actions needing
    attention), and the keys."""
    round_ = plan.rounds[index]
    yield w.heading(title(plan, report, round_), 1)
    yield from sections.introduction(introduction(plan, report, summary))
    yield w.body_para(summary.paragraph)
    yield from sections.notes(report, summary)
    if picture is not None:
        yield from sections.glance(report, summary, picture)
    yield from sections.since(report, summary)
    if exceptions:
        yield from _attention(plan, summary, report, index)
    else:
        yield from _full(plan, summary, report, index)
    yield from _status_key(report)
    yield from _source_key(plan, report)


def introduction(plan: Plan, report: ReportType, summary: Summary) -> Text:
    """The plan's introduction: the tracker's own (an "Introduction" sheet), else the report type's
    text template, if it has one."""
    if plan.introduction or report.introduction is None:
        return plan.introduction
    return Text(wording.render(report.introduction, {"title": plan.title, "round": summary.round,
                                                     "previous_round": summary.previous_round}, keep_lines=True))


def _full(plan: Plan, summary: Summary, report: ReportType, index: int) -> Iterator[str]:
    earlier = closed_before(plan, report, index) if report.closed_earlier != "show" else frozenset()
    actions = [a for a in plan.actions if a.positions[index] and a.key not in earlier]
    yield w.heading(f"All {report.plural}" if summary.listings or summary.glance else FULL_TABLE, 2)
    yield from _tables(plan, summary, report, index, actions)
    if report.closed_earlier == "list" and earlier:
        yield from _closed_earlier(plan, report, index, [a for a in plan.actions if a.key in earlier])
    yield from _removed(plan, report, index)


def _attention(plan: Plan, summary: Summary, report: ReportType, index: int) -> Iterator[str]:
    """The exception appendix's table: the actions needing attention, in full."""
    wanted = set(summary.attention)
    actions = [a for a in plan.actions if a.positions[index] and a.key in wanted]
    yield w.heading(f"{report.plural.capitalize()} needing attention", 2)
    if not actions:
        yield w.body_para(sections.NONE_THIS_ROUND)
        return
    yield from _tables(plan, summary, report, index, actions)


def _tables(plan: Plan, summary: Summary, report: ReportType, index: int, actions: list[Action]) -> Iterator[str]:
    slots = _slots(plan, report, index, actions)
    if report.group_display == "tables":
        for group in dict.fromkeys(a.group for a in actions):
            members = [a for a in actions if a.group == group]
            yield from _table(members, slots, report, group or report.action.heading, summary)
            yield w.spacer()
    else:
        yield from _table(actions, slots, report, None, summary)


def _shown_rounds(report: ReportType, column: Column, index: int) -> list[int]:
    return list(range(max(0, index - report.shown_rounds(column) + 1), index + 1))


def _has_text(actions: list[Action], column: Column) -> bool:
    return any(a.field(column.key) for a in actions)


def _has_update(actions: list[Action], index: int) -> bool:
    return any((p := a.positions[index]) and p.update for a in actions)


def _slots(plan: Plan, report: ReportType, index: int, actions: list[Action]) -> list[Slot]:
    slots = _column_slots(plan, report, index, actions)
    if index == 0 or not report.travel.show:
        return slots
    travel = Slot(Column(key=DIRECTION, role="text", heading=report.travel.heading, width=1.7), None,
                  report.travel.heading, 1.7)
    after = next((n for n, s in enumerate(slots) if s.column.role == "status" and s.round_index == index), None)
    return slots[: after + 1] + [travel] + slots[after + 1:] if after is not None else slots + [travel]


def _column_slots(plan: Plan, report: ReportType, index: int, actions: list[Action]) -> list[Slot]:
    slots = []
    for column in report.columns:
        if not column.show or column.role == "group" and report.group_display == "tables":
            continue
        if not column.per_round:
            if column.required or _has_text(actions, column):
                slots.append(Slot(column, None, column.heading, column.width))
        elif column.role == "target":
            slots.append(Slot(column, index, column.heading.replace("{round}", "").strip(), column.width))
        else:
            for i in _shown_rounds(report, column, index):
                if column.required or column.role != "update" or _has_update(actions, i):
                    heading = column.heading.replace("{round}", plan.rounds[i].label)
                    slots.append(Slot(column, i, heading, column.width))
    return slots


def _table(actions: list[Action], slots: list[Slot], report: ReportType, group: str | None,
           summary: Summary) -> Iterator[str]:
    action_key = report.action.key
    headings = [group if group and s.column.key == action_key else s.heading for s in slots]
    widths = _widths(actions, slots, headings)
    header = w.row([w.cell(w.para(h, "TableHeading"), width, HEADER_FILL) for h, width in zip(headings, widths)],
                   header=True)
    caption = group or report.default_title or report.name
    description = (f"One row per {report.noun}" + (f" under the priority '{group}'" if group else "")
                   + ", with " + ", ".join(headings[1:] if group else headings) + ".")
    return w.table_parts(_rows(header, actions, slots, widths, report, summary), widths, caption, description)


def _widths(actions: list[Action], slots: list[Slot], headings: list[str]) -> list[int]:
    """The columns' widths in proportion to the report type's, but that no heading breaks inside a
    word ("Recommendatio n"), nor (where there is room) a word of a short text such as a theme."""
    relative = w.widths([s.width for s in slots])
    least = [w.fitting([h], bold=True) for h in headings]
    texts = [[_short_text(a, slot) for a in actions] if slot.column.role != "update" else [] for slot in slots]
    wanted = [max(n, w.fitting(t)) if t else n for n, t in zip(least, texts)]
    fitted = w.fitted(relative, wanted)
    return fitted if fitted != relative or relative == wanted else w.fitted(relative, least)


def _short_text(action: Action, slot: Slot) -> str:
    if slot.round_index is None:
        return action.field(slot.column.key).plain
    position = action.positions[slot.round_index]
    return position.target.plain if position and slot.column.role == "target" else ""


def _rows(header: str, actions: list[Action], slots: list[Slot], widths: list[int], report: ReportType,
          summary: Summary) -> Iterator[str]:
    yield header
    previous_rec = None
    for action in actions:
        same_rec = report.identity == "ref" and bool(action.rec_ref) and action.rec_ref == previous_rec
        cells = [w.cell(w.para(summary.direction(action.key).shown, centre=True), width, centre=True)
                 if slot.column.key == DIRECTION else _cell(action, slot, width, report, same_rec)
                 for slot, width in zip(slots, widths)]
        yield w.row(cells, keep=_height(action, slots, widths) <= w.KEEP_LINES)
        previous_rec = action.rec_ref


def _height(action: Action, slots: list[Slot], widths: list[int]) -> int:
    """The row's estimated height in lines: rows taller than half a page may break across pages,
    as Word would break them anyway, rather than leave most of a page empty."""
    tallest = 0
    for slot, width in zip(slots, widths):
        text: Text | None
        if slot.round_index is None:
            text = action.field(slot.column.key)
        else:
            position = action.positions[slot.round_index]
            text = (position.target if slot.column.role == "target" else position.update) if position else None
        tallest = max(tallest, w.lines(text, width) + 1 if text is not None else 1)
    return tallest


ABSENT = "Not in this round"
LONG = 60  # a recommendation's text longer than this is referred to, not repeated, on its later rows


def _text_cell(text: Text, width: int) -> str:
    return w.cell(w.text_paras(text), width)


def _cell(action: Action, slot: Slot, width: int, report: ReportType, same_rec: bool) -> str:
    column = slot.column
    if column.role == "ref":
        return w.cell(w.para(action.ref or action.rec_ref or NOT_STATED), width)
    if column.rec_level and same_rec and len(action.field(column.key).plain) > LONG:
        # Later actions of a recommendation refer to it rather than merge cells with it.
        return w.cell(w.para(f"See recommendation {action.rec_ref} above."), width)
    if slot.round_index is None:
        return _text_cell(action.field(column.key), width)
    position = action.positions[slot.round_index]
    if position is None:
        return w.cell(w.para(ABSENT), width)
    if column.role == "status":
        return _status_cell(position, width, report)
    if column.role == "target":
        return _text_cell(position.target, width)
    return w.cell(_update(position, report), width)


NO_UPDATE = "No update this round"
CARRIED = (StatusSource.CARRIED, StatusSource.CLOSED)  # statuses from an earlier round, shown as such
NO_STATUS = "No status given"


def shown(state: State | None, report: ReportType, fallback: str) -> str:
    """What the appendix prints for a state: its code (RAG letters) or its label."""
    if state is None:
        return fallback
    return state.code if report.show_codes else state.label


def _status_cell(position: Position, width: int, report: ReportType) -> str:
    state = report.state(position.status)
    text = shown(state, report, position.status_text) or (NO_STATUS if position.source is StatusSource.NONE
                                                           else NOT_STATED)
    fill = state.fill if state else None
    content = w.run(text, bold=True, ink=state.ink if state else None)
    return w.cell(f'<w:p><w:pPr><w:pStyle w:val="TableText"/><w:jc w:val="center"/></w:pPr>{content}</w:p>',
                  width, fill, centre=True)


def _update(position: Position, report: ReportType) -> str:
    """A round's update; where the appendix has no status column, led by its status: the update's
    own opening words shaded as the status is (they named it), else a shaded line of the status."""
    status_column = report.by_role("status")
    update = w.text_paras(position.update) or (w.para(NO_UPDATE) if position.source in CARRIED else "")
    if status_column and status_column.show:
        return update
    label = position.status_text  # the state's label, or the text as written when it is no state
    state = report.state(position.status)
    shade = w.Shade(state.fill, state.ink) if state else None
    paras = position.update.paras
    if shade and position.source is StatusSource.UPDATE and paras and not paras[0].bullet:
        head, rest = status.opening_phrase(paras[0].text, report)
        if head:
            first = w.para_runs([w.run(head, bold=True, ink=shade.ink, shade=shade.fill), w.run(" " + rest)
                                 if rest else ""])
            return first + "".join(w.para(p.text, bullet=p.bullet) for p in paras[1:])
    return _status_line(label, state.fill if state else None, state.ink if state else None) + update


@lru_cache(maxsize=256)
def _status_line(label: str, fill: str | None, ink: str | None) -> str:
    """The shaded status line that leads an update (a plan has only a handful of them)."""
    return w.para(label, bold=True, shade=w.Shade(fill, ink or "000000") if fill else None) if label else ""


def _closed_earlier(plan: Plan, report: ReportType, index: int, actions: list[Action]) -> Iterator[str]:
    """A short table of the actions closed before the round: what each was, and when it closed."""
    heading = f"{report.plural.capitalize()} closed before {plan.rounds[index].label}"
    names = ["Ref", report.action.heading, "Status", "Closed in"] if report.by_role("ref") else \
        [report.action.heading, "Status", "Closed in"]
    widths = w.widths([1, 8, 2, 2] if len(names) == 4 else [8, 2, 2])
    rows = [w.row([w.cell(w.para(n, "TableHeading"), width, HEADER_FILL) for n, width in zip(names, widths)],
                  header=True)]
    for action in actions:
        position = action.positions[index]
        state = report.state(position.status if position else None)
        cells = [action.ref or action.rec_ref] if len(names) == 4 else []
        cells += [action.field(report.action.key).plain, state.label if state else "",
                  closed_in(action, plan, report, index).label]
        rows.append(w.row([w.cell(w.para(" ".join(text.split())), width) for text, width in zip(cells, widths)]))
    yield w.heading(heading, 2)
    yield from w.table_parts(rows, widths, heading, f"One row per {report.noun} closed before "
                             f"{plan.rounds[index].label}, with its status and the round it closed in.")


def _removed(plan: Plan, report: ReportType, index: int) -> list[str]:
    if index == 0:
        return []
    gone = [a for a in plan.actions if a.positions[index - 1] and not a.positions[index]]
    if not gone:
        return []
    action_key = report.action.key
    items = [w.para(" ".join(a.field(action_key).plain.split()), "Normal", bullet=True) for a in gone]
    return [w.heading(f"No longer in the plan since {plan.rounds[index - 1].label}", 2), *items]


def _status_key(report: ReportType) -> list[str]:
    names = [shown(state, report, state.label) for state in report.states]
    total = w.PAGE_WIDTH_TWIPS // 2
    first = max(w.widths([1, 5], total=total)[0], w.fitting(names, bold=True))
    widths = [first, total - first]
    header = w.row([w.cell(w.para("Status", "TableHeading"), widths[0], HEADER_FILL),
                    w.cell(w.para("Meaning", "TableHeading"), widths[1], HEADER_FILL)], header=True)
    rows = [header]
    for number, state in enumerate(report.states, start=1):
        together = number < len(report.states)  # kept on one page with the rows after it, where it fits
        code = w.para(shown(state, report, state.label), bold=True, centre=True, shade=w.Shade(state.fill, state.ink),
                      keep_next=together)
        # Rows that may not split have been seen to vanish at a page's foot in LibreOffice's layout:
        # the key's rows are one line each, and may split (they never need to).
        rows.append(w.row([w.cell(code, widths[0], state.fill, centre=True),
                           w.cell(w.para(state.description or state.label, keep_next=together), widths[1])],
                          keep=False))
    return [w.heading(report.key_title, 2), w.table(rows, widths, report.key_title, "What each status means.")]


def _source_key(plan: Plan, report: ReportType) -> list[str]:
    if not plan.source_key:
        return []
    widths = w.widths([1, 5], total=w.PAGE_WIDTH_TWIPS * 2 // 3)
    header = w.row([w.cell(w.para("Source", "TableHeading"), widths[0], HEADER_FILL),
                    w.cell(w.para("Meaning", "TableHeading"), widths[1], HEADER_FILL)], header=True)
    rows = [header] + [w.row([w.cell(w.para(code, bold=True), widths[0]), w.cell(w.para(label), widths[1])], keep=False)
                       for code, label in plan.source_key]
    return [w.heading(report.source_key_title, 2),
            w.table(rows, widths, report.source_key_title, "Where each recommendation comes from.")]



def sample(report: ReportType) -> tuple[Plan, Summary, ReportType]:
    """A small plan of `report`'s type, an action in each of its states, for checking what its Word
    template makes of an appendix."""
    round_ = Round(end=date(2025, 6, 30), start=date(2025, 4, 1), label="Q1 2025/26",
                   long_label="Quarter One 2025/26", kind="quarter")
    columns = tuple((c.key, Text(c.heading.replace("{round}", "").strip())) for c in report.columns
                    if not c.per_round)
    actions = tuple(
        Action(key=state.code, ref=str(n), rec_ref=str(n), group="Sample group", first_of_rec=True, fields=columns,
               positions=(Position(round_, state.code, state.label, StatusSource.COLUMN, Text("An update.\n- A point."),
                                   Text("March 2026"), date(2026, 3, 31), False, "Sample", n),))
        for n, state in enumerate(report.states, start=1))
    plan = Plan(file="sample.xlsx", title="Sample plan", report=report.name, rounds=(round_,), actions=actions,
                source_key=(("S", "A source"),))
    summary = Summary(plan="Sample plan", round=round_, previous_round=None, actions=len(actions), complete=0,
                      completed_since_last=0, new=0, removed=0, reprofiled=0, overdue=0, by_status=(), changes=(),
                      paragraph="A summary paragraph.")
    return plan, summary, report
