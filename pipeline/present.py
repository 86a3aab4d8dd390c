"""Findings and summaries as text for people, and as JSON for scripts."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from .findings import UNUSABLE_FILE
from .model import Direction, Finding, Severity, Summary


def verdict(findings: tuple[Finding, ...], commands: bool = True) -> str:
    """One line on what was found; with `commands`, what to run next (not for an officer's note)."""
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
    if errors:
        fix = "the error" if errors == 1 else "the errors"
        then = f" Fix {fix}, then build again (or build with --force)." if commands else ""
        return f"Not ready: {_and(errors, 'error', warnings)}.{then}"
    if warnings:
        return f"Ready to build, with {counted(warnings, 'warning')} to look at."
    return "Ready to build: no problems found."


def counted(number: int, noun: str) -> str:
    """"1 error", "3 errors"."""
    return f"{number} {noun}" + ("" if number == 1 else "s")


def findings_text(file: str, findings: tuple[Finding, ...], refusal: str | None = None,
                  copies: tuple[Path, ...] = (), infos: bool = True) -> str:
    """Findings grouped by sheet, errors first within each, then a one-line verdict."""
    lines = [file]
    if refusal:
        lines.append(f"  {refusal}")
    by_sheet: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if infos or finding.severity is not Severity.INFO:
            by_sheet[finding.sheet or ""].append(finding)
    for sheet, items in by_sheet.items():
        lines.append(f"  Sheet '{sheet}'" if sheet else "  Workbook")
        rank = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
        for f in sorted(items, key=lambda f: rank[f.severity]):
            lines.append(f"    {f.severity.value:<7} {f.cell or '':<6} {f.message}  [{f.code}]")
    if not refusal:
        lines.append(f"  {verdict(findings)}")
    lines.extend(f"  Checked copy: {copy}" for copy in copies)
    return "\n".join(lines)


def built_note(file: str, findings: tuple[Finding, ...], validated: tuple[Finding, ...]) -> str:
    """The lines after a build: how many of its `findings` are about the tracker (those among the
    `validated`, which 'pipeline validate' lists), and that errors were overridden, if there were
    any; then, in full, what the build alone found (the house template, a PDF that could not be made)."""
    known = set(validated)
    tracker = [f for f in findings if f in known]
    errors = sum(1 for f in tracker if f.severity is Severity.ERROR)
    warnings = sum(1 for f in tracker if f.severity is Severity.WARNING)
    see = f"run 'pipeline validate' to see {'it' if errors + warnings == 1 else 'them'}."
    if errors:
        lines = [f"{file}: built with --force despite {_and(errors, 'error', warnings)}; {see}"]
    else:
        lines = [f"{file}: built, with {counted(warnings, 'warning')} to look at; {see}"] if warnings else []
    lines += [f"{file}: {f.severity.value}: {f.message}  [{f.code}]" for f in findings
              if f not in known and f.severity is not Severity.INFO]
    return "\n".join(lines)


def _and(errors: int, noun: str, warnings: int) -> str:
    """"2 errors and 1 warning", "1 error" (no "and 0 warnings")."""
    return counted(errors, noun) + (f" and {counted(warnings, 'warning')}" if warnings else "")


def errors_text(file: str, findings: tuple[Finding, ...], copies: tuple[Path, ...] = (), commands: bool = True) -> str:
    """Why a build stopped: the errors only, the verdict on everything found, and the checked copy."""
    lines = findings_text(file, tuple(f for f in findings if f.severity is Severity.ERROR)).split("\n")[:-1]
    lines.append(f"  {verdict(findings, commands)}")
    lines.extend(f"  Checked copy: {copy}" for copy in copies)
    return "\n".join(lines)


def findings_json(findings: list[Finding]) -> str:
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)


def refusal_finding(file: str, message: str) -> Finding:
    return UNUSABLE_FILE.at(file, message)


def summary_text(summary: Summary) -> str:
    """The paragraph, the figures, the statuses, and what changed since last reported. 'Past target
    date' counts target dates passed on open actions; a state called 'Overdue' is counted under
    'By status', so the two are never confused."""
    rows: list[tuple[str, object]] = [
        ("Plan", summary.plan),
        ("Round", summary.round.label),
        ("Compared with", summary.previous_round.label if summary.previous_round else "(first round)"),
        ("Actions", summary.actions),
        ("Complete", summary.complete),
        ("Completed since last", summary.completed_since_last),
        ("New", summary.new),
        ("Removed", summary.removed),
        ("Reprofiled", summary.reprofiled),
        ("Past target date", summary.overdue),
        ("By status", ""),
    ] + [(f"  {label}", count) for label, count in summary.by_status]
    if summary.previous_round:
        rows += [("Direction of travel", "")] + [(f"  {d.value.capitalize()}", n) for d, n in _travel(summary)]
        rows += [("Since last reported", "")] + [(f"  {listing.title}", len(listing.items))
                                               for listing in summary.listings]
    width = max(len(name) for name, _ in rows) + 2
    table = "\n".join(f"{name:<{width}}{value}".rstrip() for name, value in rows)
    return f"{summary.paragraph}\n\n{table}"


def _travel(summary: Summary) -> list[tuple[Direction, int]]:
    counts = Counter(d for _, d in summary.directions)
    return [(d, counts[d]) for d in Direction if counts[d]]


def check_text(file: str, findings: tuple[Finding, ...]) -> str:
    """Accessibility problems, the same problem in many cells said once with its places."""
    if not findings:
        return f"{file}: no accessibility problems found."
    grouped: dict[tuple[str, str], list[str]] = {}
    for f in findings:
        grouped.setdefault((f.code, f.message), []).append(f.cell or "the document")
    lines = [f"{file}: {counted(len(findings), 'accessibility problem')}"]
    for (code, message), places in grouped.items():
        shown = "; ".join(places[:4]) + (f"; and {len(places) - 4} more" if len(places) > 4 else "")
        lines.append(f"  {message}  [{code}]")
        lines.append(f"    at {shown}")
    return "\n".join(lines)
