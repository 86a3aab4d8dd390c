"""What each page shows, worked out from the outcomes, the run log and the calendar: plain values
for the templates, which hold no logic of their own. Nothing here decides anything about a
tracker; that was done by `run.build`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote

from .. import run
from ..dates import long_date
from ..deliver import meetings
from ..deliver.runlog import Entry, RunLog
from ..model import ConfigError, Finding, Severity, Summary
from ..present import counted
from .checks import Checked

SEVERITY = {Severity.ERROR: "Error", Severity.WARNING: "Warning", Severity.INFO: "Note"}
RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
KINDS = {".docx": "the appendix (Word document)", ".pdf": "the appendix (PDF)",
         ".txt": "the summary paragraph (text)", ".xlsx": "the checked copy (Excel workbook)",
         ".xlsm": "the checked copy (Excel workbook)"}
SOURCES = {"web": "Web page", "watch": "Drop folder", "due": "Meeting calendar", "build": "Command line",
           "send": "Emailed from the command line"}
RESULTS = {"built": "Built", "rejected": "Not built: the tracker has errors", "blocked": "Not built: the tracker "
           "has errors", "refused": "Refused: the file could not be used", "failed": "Failed", "gone": "Not handled: "
           "the file was taken away", "running": "Running", "interrupted": "Interrupted: the process stopped",
           "stale": "Not sent: the round is too old for the meeting", "sent": "Sent", "already sent": "Already sent",
           "partly sent": "Partly sent", "outbox": "Kept in the outbox"}


@dataclass(frozen=True)
class Item:
    """One finding as the page lists it."""

    anchor: str
    cell: str
    severity: str
    message: str


@dataclass(frozen=True)
class Sheet:
    heading: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Link:
    href: str
    text: str


def _link(run_id: int, path: Path) -> Link:
    size = max(1, round(path.stat().st_size / 1024)) if path.is_file() else 0
    kind = KINDS.get(path.suffix.lower(), path.name)
    return Link(f"/runs/{run_id}/{quote(path.name)}", f"Download {kind}, {size} KB")


def findings_by_sheet(findings: tuple[Finding, ...]) -> tuple[Sheet, ...]:
    """Every finding, by sheet in the order the sheets were first named, errors first in each."""
    sheets: dict[str, list[Finding]] = {}
    for finding in findings:
        sheets.setdefault(finding.sheet or "", []).append(finding)
    anchors = {id(f): f"finding-{n}" for n, f in enumerate(findings, start=1)}
    return tuple(Sheet(f"Sheet ‘{name}’" if name else "The workbook as a whole",
                       tuple(Item(anchors[id(f)], f.cell or "", SEVERITY[f.severity], f.message)
                             for f in sorted(items, key=lambda f: RANK[f.severity])))
                 for name, items in sheets.items())


def _summary_entries(findings: tuple[Finding, ...], severity: Severity) -> tuple[Link, ...]:
    return tuple(Link(f"#finding-{n}", f"{f.where}: {f.message}" if f.where else f.message)
                 for n, f in enumerate(findings, start=1) if f.severity is severity)


def verdict(name: str, outcome: run.Built | run.Blocked | run.Refused | run.Failed) -> str:
    """The answer in one sentence."""
    if isinstance(outcome, (run.Refused, run.Failed)):
        return outcome.message
    errors, warnings = len(outcome.errors), len(outcome.warnings)
    to_look_at = f"{counted(warnings, 'warning')} to look at" if warnings else "nothing to look at"
    if isinstance(outcome, run.Blocked):
        return (f"{name} is not ready: fix the {counted(errors, 'error')} listed below ({to_look_at} as well), "
                "then upload it again.")
    return f"{name} is ready: the appendix for {outcome.summary.round.label} is built, with {to_look_at}."


def figures(summary: Summary) -> tuple[tuple[str, int], ...]:
    rows = [("Actions", summary.actions), ("Complete", summary.complete),
            ("Completed since last reported", summary.completed_since_last), ("New", summary.new),
            ("Removed", summary.removed), ("Reprofiled", summary.reprofiled), ("Overdue", summary.overdue)]
    return tuple(rows) + tuple((f"Status: {label}", count) for label, count in summary.by_status)


def result(checked: Checked) -> dict[str, object]:
    """The answer page's values for one upload."""
    outcome = checked.outcome
    findings = () if isinstance(outcome, (run.Refused, run.Failed)) else outcome.findings
    summary = outcome.summary if isinstance(outcome, run.Built) else None
    files: tuple[Path, ...] = ()
    if isinstance(outcome, run.Built):
        files = outcome.outputs
    elif isinstance(outcome, run.Blocked) and outcome.checked_copy:
        files = (outcome.checked_copy,)
    return {
        "name": checked.name, "verdict": verdict(checked.name, outcome), "built": summary is not None,
        "refused": isinstance(outcome, (run.Refused, run.Failed)),
        "errors": _summary_entries(findings, Severity.ERROR), "warnings": _summary_entries(findings, Severity.WARNING),
        "sheets": findings_by_sheet(findings), "summary": summary, "figures": figures(summary) if summary else (),
        "downloads": tuple(_link(checked.run_id, path) for path in files),
    }


@dataclass(frozen=True)
class RunRow:
    id: int
    when: str
    source: str
    tracker: str
    plan: str
    result: str
    counts: str
    message: str
    files: tuple[Link, ...]
    emails: tuple[str, ...]


def _when(stamp: str) -> str:
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return f"{long_date(moment.date())}, {moment:%H:%M}"


def run_row(entry: Entry, out: Path) -> RunRow:
    counts = ", ".join(counted(n, noun) for n, noun in ((entry.errors, "error"), (entry.warnings, "warning")) if n)
    files = tuple(_link(entry.id, Path(o.path)) for o in entry.outputs
                  if Path(o.path).is_file() and Path(o.path).resolve().is_relative_to(out.resolve()))
    message = (entry.message or "").split("\n")[0] if entry.status != "built" else ""
    return RunRow(entry.id, _when(entry.started), SOURCES.get(entry.source, entry.source), entry.input_file,
                  " – ".join(part for part in (entry.report, entry.round) if part), RESULTS.get(entry.status,
                  entry.status), counts, message, files,
                  tuple(f"{RESULTS.get(m.status, m.status)} to {', '.join(m.recipients)}" for m in entry.emails))


@dataclass(frozen=True)
class PlanRow:
    plan: str
    round: str
    when: str
    files: tuple[Link, ...]


def plan_rows(rows: Iterable[tuple[Entry, RunRow]]) -> tuple[PlanRow, ...]:
    """Each plan the run log has built, with its latest built round and that run's files."""
    plans: dict[str, PlanRow] = {}
    for entry, row in rows:
        if entry.report and entry.status == "built" and entry.report not in plans:
            plans[entry.report] = PlanRow(entry.report, entry.round or "", row.when, row.files)
    return tuple(sorted(plans.values(), key=lambda p: p.plan.lower()))


@dataclass(frozen=True)
class MeetingRow:
    date: str
    committee: str
    tracker: str
    papers: str
    state: str


def meeting_rows(calendar: Path, today: date, runlog: RunLog, limit: int = 12) -> tuple[MeetingRow, ...]:
    """The next meetings in the calendar: when the papers go out, and whether they have."""
    rows = []
    for meeting in sorted(meetings.load(calendar), key=lambda m: m.date):
        if meeting.date < today:
            continue
        send = meetings.send_date(meeting)
        if runlog.meeting_done(meeting.key):
            state = "Sent"
        elif send < today:
            state = "Not sent yet: the papers were due to go out already"
        else:
            state = "Due today" if send == today else f"Due in {counted((send - today).days, 'day')}"
        rows.append(MeetingRow(long_date(meeting.date), meeting.committee, meeting.tracker, long_date(send), state))
    return tuple(rows[:limit])


def history(runlog: RunLog, out: Path, calendar: Path | None, today: date, limit: int) -> dict[str, object]:
    """The plans-and-history page's values."""
    entries = runlog.history(limit)
    rows = [(entry, run_row(entry, out)) for entry in entries]
    try:
        meeting_list = meeting_rows(calendar, today, runlog) if calendar else ()
        calendar_problem = ""
    except ConfigError as exc:
        meeting_list, calendar_problem = (), str(exc)
    return {"runs": tuple(row for _, row in rows), "plans": plan_rows(rows), "meetings": meeting_list,
            "calendar": calendar.name if calendar else "", "calendar_problem": calendar_problem,
            "more": len(entries) == limit, "limit": limit}
