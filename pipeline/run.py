"""The one place the stages are chained: read -> validate -> merge -> summarise -> render -> deliver.

The command line, the folder watcher and the scheduler all call these functions; none of
them holds logic of its own.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from . import reports
from .deliver.files import safe_name, write_atomic
from .identify import identify
from .merge import merge
from .model import ConfigError, Finding, Plan, Refusal, Round, Severity, Summary, Tracker
from .read import read
from .reports import ReportType
from .rounds import parse_round
from .summarise import summarise
from .validate import validate

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2
_pause_lock = threading.Lock()
_pauses = 0
_was_enabled = True


@contextmanager
def _no_cycle_collection():
    """The stages build hundreds of thousands of small immutable objects and no reference cycles;
    Python's cycle collector would rescan them all again and again (a third of the time of a
    large build), so it is paused while a run works (runs in threads share one pause), and left
    as it was found afterwards."""
    global _pauses, _was_enabled
    with _pause_lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
        _pauses += 1
        gc.disable()
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()


@dataclass(frozen=True)
class Checked:
    """A tracker read, validated and merged."""

    tracker: Tracker
    report: ReportType
    findings: tuple[Finding, ...]
    plan: Plan

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)


@dataclass(frozen=True)
class Outcome:
    """What happened to one tracker."""

    file: Path
    findings: tuple[Finding, ...] = ()
    refusal: str | None = None
    summary: Summary | None = None
    outputs: tuple[Path, ...] = field(default_factory=tuple)  # appendix and paragraph, or the checked copy
    forced: bool = False
    # The tracker as read, validated and merged. Kept with the outcome, so a command that ends
    # straight after does not spend time taking a large plan apart object by object.
    checked: Checked | None = field(default=None, repr=False, compare=False)

    @property
    def built(self) -> bool:
        return any(p.suffix == ".docx" for p in self.outputs)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def exit_code(self) -> int:
        if self.refusal:
            return EXIT_UNUSABLE
        return EXIT_ERRORS if self.errors and not self.forced else EXIT_OK


def check(path: Path, today: date, report_name: str | None = None, templates: Path | None = None) -> Checked:
    """Read, validate and merge one tracker. Raises Refusal or ConfigError when it cannot go on."""
    with _no_cycle_collection():
        return _check(path, today, report_name, templates)


def _check(path: Path, today: date, report_name: str | None, templates: Path | None) -> Checked:
    types = reports.load_all(templates)
    forced = reports.find(report_name, templates) if report_name else None
    tracker = read(Path(path), types, forced)
    report = forced or next(r for r in types if r.name == tracker.report)
    identity = identify(tracker.records, tracker.rounds, report)
    plan = merge(tracker, report, identity)
    findings = validate(tracker, report, today, identity, plan)
    return Checked(tracker, report, findings, plan)


def pick_round(plan: Plan, wanted: str | None, file: str) -> Round | None:
    """The round asked for by name ("Q1 2024/25", "June 2025"), or None for the latest."""
    if not wanted:
        return None
    round_ = parse_round(wanted)
    if round_ is None or round_ not in plan.rounds:
        have = ", ".join(r.label for r in plan.rounds)
        raise Refusal(file, f"{file} has no round '{wanted}': choose one of {have}.")
    return round_


def _summary(checked: Checked, round_name: str | None, path: Path, today: date) -> Summary:
    return summarise(checked.plan, checked.report, pick_round(checked.plan, round_name, path.name), today)


def findings_of(path: Path, today: date, report_name: str | None = None, templates: Path | None = None,
                annotate_to: Path | None = None) -> Outcome:
    """`pipeline validate`: every finding, or the refusal; with `annotate_to`, the checked copy too."""
    try:
        checked = check(path, today, report_name, templates)
        outputs = (_annotate(Path(path), checked.findings, annotate_to),) if annotate_to else ()
    except (Refusal, ConfigError) as exc:
        return Outcome(Path(path), refusal=str(exc))
    return Outcome(Path(path), findings=checked.findings, outputs=outputs)


def _annotate(path: Path, findings: tuple[Finding, ...], out: Path) -> Path:
    from .write.annotate import annotate  # openpyxl is loaded only when a checked copy is written

    try:
        return annotate(path, findings, out)
    except OSError as exc:
        raise Refusal(path.name, f"The checked copy of {path.name} could not be written to {out} "
                      f"({exc.strerror or exc}): check the folder exists, is writable and has space.") from None


def summary_of(path: Path, today: date, round_name: str | None = None, report_name: str | None = None,
               force: bool = False, templates: Path | None = None) -> Outcome:
    """`pipeline summary`: the figures and the paragraph for one round."""
    try:
        checked = check(path, today, report_name, templates)
        summary = _summary(checked, round_name, Path(path), today)
    except (Refusal, ConfigError) as exc:
        return Outcome(Path(path), refusal=str(exc))
    return Outcome(Path(path), findings=checked.findings, summary=summary, forced=force)


def build(path: Path, out: Path, today: date, round_name: str | None = None, report_name: str | None = None,
          force: bool = False, templates: Path | None = None, pdf: bool = False, strict: bool = False) -> Outcome:
    """`pipeline build`: the appendix and its paragraph written to `out`, unless the tracker has errors.

    The appendix is checked for accessibility before it is written: problems are warnings, or
    with `strict` errors that stop it. With `pdf`, a tagged PDF is written beside it."""
    with _no_cycle_collection():
        return _build(Path(path), Path(out), today, round_name, report_name, force, templates, pdf, strict)


def _build(path: Path, out: Path, today: date, round_name, report_name, force, templates, pdf, strict) -> Outcome:
    from .render import checked_appendix  # the renderer and lxml are loaded only by the commands that render

    try:
        checked = check(path, today, report_name, templates)
        summary = _summary(checked, round_name, Path(path), today)
        if checked.errors and not force:
            checked_copy = _annotate(Path(path), checked.findings, out)
            return Outcome(Path(path), findings=checked.findings, summary=summary, outputs=(checked_copy,))
        stem = f"{safe_name(checked.plan.title)} - {safe_name(summary.round.label)} - appendix"
        document, accessible = checked_appendix(checked.plan, summary, checked.report, out / f"{stem}.docx", strict)
        findings = checked.findings + accessible
        if strict and any(f.severity is Severity.ERROR for f in accessible):
            return Outcome(Path(path), findings=findings, summary=summary, forced=force)
    except (Refusal, ConfigError) as exc:
        return Outcome(Path(path), refusal=str(exc))
    return replace(_write(Path(path), Path(out), stem, document, summary, findings, force, pdf), checked=checked)


def _write(path: Path, out: Path, stem: str, document: bytes, summary: Summary, findings, force: bool,
           pdf: bool) -> Outcome:
    try:
        outputs = (
            write_atomic(out / f"{stem}.docx", document),
            write_atomic(out / f"{stem}.txt", (summary.paragraph + "\n").encode("utf-8")),
        )
    except OSError as exc:
        return Outcome(path, findings=findings, summary=summary,
                       refusal=f"The appendix for {path.name} could not be written to {out} "
                               f"({exc.strerror or exc}): check the folder exists, is writable and has space.")
    if pdf:
        from .deliver.pdf import PdfError, to_pdf

        try:
            outputs += (to_pdf(outputs[0], out),)
        except PdfError as exc:
            findings += (Finding(Severity.WARNING, "no-pdf", str(exc), path.name),)
    return Outcome(path, findings=findings, summary=summary, outputs=outputs, forced=force)
