"""export: the merged plan as one tidy table for dashboards (Power BI, Excel pivot tables): a row
per action per round, with its round's dates, status, direction of travel and commentary.

`table(request)` returns it as a pandas DataFrame (pandas is imported here, and only here, when a
table is made); `pipeline export` writes it as CSV or as an Excel workbook. Every value is text as
the tracker held it, but that in a CSV a text cell starting with = + - @ (or a tab or carriage
return) is written with an apostrophe before it, so that Excel never runs it as a formula; the
workbook stores every cell as text (see write/), which needs no such mark."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import progress, run
from .files import HeldOpen, safe_name, write_set
from .model import ConfigError, Fault, Finding, Plan, Refusal
from .reports import ReportType

if TYPE_CHECKING:
    DataFrame = Any  # pandas.DataFrame (pandas has no types of its own)

COLUMNS = ("ref", "group", "action", "lead", "target", "round", "round_start", "round_end", "status_code",
           "status", "direction", "commentary")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def rows(plan: Plan, report: ReportType) -> list[tuple[str, ...]]:
    """A row per action per round it is in, the rounds in date order, the actions in the plan's."""
    found: list[tuple[str, ...]] = []
    for index, round_ in enumerate(plan.rounds):
        for action in plan.actions:
            position = action.positions[index]
            if position is None:
                continue
            before = action.positions[index - 1] if index else None
            item = progress.item(action, position, report)
            state = report.state(position.status)
            found.append((item.ref, action.group, item.action, item.lead, " ".join(position.target.plain.split()),
                          round_.label, round_.start.isoformat(), round_.end.isoformat(),
                          state.code if state else "", position.status_text,
                          progress.direction(before, position, report).value if index else "",
                          position.update.marked))
    return found


def frame(plan: Plan, report: ReportType) -> DataFrame:
    """The plan as a pandas DataFrame of text, COLUMNS in order."""
    import pandas  # the only module that imports it: only `pipeline export` makes a table

    return pandas.DataFrame(rows(plan, report), columns=list(COLUMNS), dtype="string")


@dataclass(frozen=True)
class Exported:
    file: Path
    findings: tuple[Finding, ...]
    plan: Plan
    report: ReportType


def exported(request: run.Request) -> Exported | run.Blocked | run.Refused:
    """The tracker read and merged, unless it has errors (then Blocked, unless `request.force`)."""
    path = Path(request.tracker)
    try:
        assessment = run.assess(request)
    except (Refusal, ConfigError) as exc:
        return run.Refused(path, str(exc))
    findings = run.every_finding(assessment)  # every round is exported: the latest must be filled in
    if run.errors_in(findings) and not request.force:
        return run.Blocked(path, findings)
    return Exported(path, findings, assessment.plan, assessment.report)


def table(request: run.Request) -> DataFrame:
    """The library call: the tracker's plan as a DataFrame; Refusal when it cannot be made."""
    outcome = exported(request)
    if isinstance(outcome, run.Refused):
        raise Refusal(outcome.file.name, outcome.message)
    if isinstance(outcome, run.Blocked):
        raise Refusal(outcome.file.name, f"{outcome.file.name} has errors: run 'pipeline validate' to see them, or "
                      "export with --force.")
    return frame(outcome.plan, outcome.report)


def safe_for_excel(value: str) -> str:
    """A CSV cell's text that Excel opens as text: an apostrophe before one that would be a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def csv_bytes(data: DataFrame) -> bytes:
    """The table as CSV in UTF-8 with a byte order mark (so Excel reads it as UTF-8)."""
    safe = data.map(lambda v: safe_for_excel(str(v)) if v is not None else "")
    text: str = safe.to_csv(index=False, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def _free(out: Path, stem: str, tracker: Path, fmt: str, taken: frozenset[Path]) -> Path:
    """'<stem>.csv', or with the tracker's name (and a number) after it until no file of this run has it."""
    target, number = out / f"{stem}.{fmt}", 1
    while target in taken:
        number += 1
        target = out / f"{stem} ({safe_name(tracker.stem, 60)}){f' {number}' if number > 2 else ''}.{fmt}"
    return target


def write(outcome: Exported, out: Path, fmt: str, taken: frozenset[Path] = frozenset()) -> Path:
    """The table written into `out` as '<plan> - plan.csv' (or .xlsx), or with the tracker's name
    after it where `taken` (another tracker's export in this run) has that name; Fault when it
    cannot be written."""
    data = frame(outcome.plan, outcome.report)
    target = _free(Path(out), f"{safe_name(outcome.plan.title)} - plan", outcome.file, fmt, taken)
    if fmt == "csv":
        content = csv_bytes(data)
    else:
        from .write.table import workbook_bytes  # openpyxl: only for a workbook

        content = workbook_bytes(list(COLUMNS), [tuple(str(v) for v in row) for row in data.itertuples(index=False)],
                                 outcome.plan.rounds[-1].end)
    try:
        return write_set({target: content})[0]
    except HeldOpen as exc:
        raise Fault(f"The export of {outcome.file.name} was not written: {exc}") from None
    except OSError as exc:
        raise Fault(f"The export of {outcome.file.name} could not be written to {out} "
                    f"({exc.strerror or 'the operating system refused'}): check the folder exists, may be "
                    "written to and has space.") from None
