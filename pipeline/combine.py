"""Several workbooks, one plan: a directorate's tracker each, read separately and put together as
the one plan the committee sees, with the findings that only the whole can show (rounds that
differ, a Ref used in two workbooks). Pure."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from . import findings as kinds
from .model import Action, Finding, Plan, Round
from .reports import ReportType
from .text import Text


def combined(plans: Sequence[Plan], report: ReportType, title: str | None = None) -> tuple[Plan, tuple[Finding, ...]]:
    """One plan of every action of `plans`, over every round any of them has. An action keeps its
    group, or takes its workbook's name as its group where it has none."""
    rounds = tuple(sorted({r for plan in plans for r in plan.rounds}))
    actions = tuple(_moved(action, plan, rounds, report) for plan in plans for action in plan.actions)
    titles = list(dict.fromkeys(plan.title for plan in plans))
    plan = Plan(file=" + ".join(p.file for p in plans), title=title or titles[0], report=report.name,
                rounds=rounds, actions=actions,
                source_key=tuple(dict.fromkeys(pair for p in plans for pair in p.source_key)),
                introduction=next((p.introduction for p in plans if p.introduction), plans[0].introduction))
    return plan, _rounds_differ(plans) + _refs_in_two(plans, report)


def _moved(action: Action, plan: Plan, rounds: tuple[Round, ...], report: ReportType) -> Action:
    by_round = dict(zip(plan.rounds, action.positions))
    positions = tuple(by_round.get(r) for r in rounds)
    group = action.group or PurePath(plan.file).stem
    column = report.by_role("group")
    fields = action.fields if not column or action.field(column.key) else ((column.key, Text(group)), *action.fields)
    return action._replace(key=f"{plan.file}|{action.key}", group=group, fields=fields, positions=positions)


def _rounds_differ(plans: Sequence[Plan]) -> tuple[Finding, ...]:
    first = plans[0]
    return tuple(kinds.ROUNDS_DIFFER.at(plan.file, f"{plan.file} has the rounds {_labels(plan)} but {first.file} has "
                                        f"{_labels(first)}: combine workbooks that report the same rounds, or build "
                                        "them one by one.") for plan in plans[1:] if plan.rounds != first.rounds)


def _labels(plan: Plan) -> str:
    return ", ".join(r.label for r in plan.rounds)


def _refs_in_two(plans: Sequence[Plan], report: ReportType) -> tuple[Finding, ...]:
    """A Ref used in two workbooks: the committee could not tell the two actions apart."""
    if not report.by_role("ref"):
        return ()
    owner: dict[str, str] = {}
    found = []
    for plan in plans:
        for ref in dict.fromkeys(a.rec_ref for a in plan.actions if a.rec_ref):
            first = owner.setdefault(ref, plan.file)
            if first != plan.file:
                found.append(kinds.REF_IN_TWO_WORKBOOKS.at(plan.file, f"The Ref '{ref}' is used in both {first} and "
                                                           f"{plan.file}: give each workbook's actions their own Refs "
                                                           "(for example with the directorate's letters) before "
                                                           "combining them."))
    return tuple(found)
