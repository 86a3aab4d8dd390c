"""The one place the stages are chained:
read -> identify -> merge -> validate -> summarise -> render.

The command line, the folder watcher, the scheduler and the web page all call these functions;
none of them holds logic of its own. Each returns one of a small set of outcomes: `Refused` (the
input cannot be used at all), `Blocked` (the tracker has errors, so nothing was built),
`Validated`, `Summarised` or `Built`.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import findings as kinds
from . import reports
from .files import safe_name, write_atomic
from .identify import identify
from .merge import merge
from .model import (
    ConfigError,
    Finding,
    Plan,
    Refusal,
    Round,
    Severity,
    Summary,
    Tracker,
)
from .read import read
from .render import compose, template_findings
from .render.pdf import PdfError, to_pdf
from .reports import ReportType
from .rounds import parse_round
from .scheme import with_key
from .summarise import summarise
from .validate import validate

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2


@dataclass(frozen=True, kw_only=True)
class Request:
    """What to read, and how: the same for every command that reads a tracker."""

    tracker: Path
    today: date
    round: str | None = None  # the round to report ("Q2 2024/25"); the latest when None
    report: str | None = None  # the report type's name; judged from the workbook when None
    templates: Path | None = None  # a council's own templates folder
    force: bool = False  # report or build despite errors


def errors_in(findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    return tuple(f for f in findings if f.severity is Severity.ERROR)


def warnings_in(findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    return tuple(f for f in findings if f.severity is Severity.WARNING)


class _Findings:
    """What an outcome with findings can say about them."""

    findings: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        return errors_in(self.findings)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return warnings_in(self.findings)


@dataclass(frozen=True)
class Assessment(_Findings):
    """A tracker read, its actions identified across rounds, merged into a plan, and validated."""

    tracker: Tracker
    report: ReportType
    plan: Plan
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Refused:
    """The input could not be used at all; `message` is one sentence naming it and the fix."""

    file: Path
    message: str


@dataclass(frozen=True)
class Blocked(_Findings):
    """The tracker has errors, so nothing was built; with `checked_copy`, the workbook marked up."""

    file: Path
    findings: tuple[Finding, ...]
    summary: Summary | None = None
    checked_copy: Path | None = None


@dataclass(frozen=True)
class Validated(_Findings):
    """Every finding about the tracker; with `checked_copy`, the workbook marked up."""

    file: Path
    findings: tuple[Finding, ...]
    checked_copy: Path | None = None


@dataclass(frozen=True)
class Summarised(_Findings):
    """The figures and paragraph for one round."""

    file: Path
    findings: tuple[Finding, ...]
    summary: Summary


@dataclass(frozen=True)
class Built(_Findings):
    """The appendix and its paragraph (and PDF) written. The assessment is kept with it, so a
    command that ends straight after does not spend time taking a large plan apart."""

    file: Path
    findings: tuple[Finding, ...]
    summary: Summary
    outputs: tuple[Path, ...]
    assessment: Assessment

    @property
    def appendix(self) -> Path:
        return self.outputs[0]

    @property
    def attachments(self) -> list[Path]:
        """What goes by email: the appendix, and its PDF when one was built."""
        return [self.appendix, *(p for p in self.outputs if p.suffix == ".pdf")]


Outcome = Refused | Blocked | Validated | Summarised | Built


def exit_code(outcome: Outcome) -> int:
    """0 done; 1 the tracker has errors (nothing built); 2 the input could not be used."""
    if isinstance(outcome, Refused):
        return EXIT_UNUSABLE
    if isinstance(outcome, Blocked) or (isinstance(outcome, Validated) and outcome.errors):
        return EXIT_ERRORS
    return EXIT_OK


_pause_lock = threading.Lock()
_pauses = 0
_was_enabled = True


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
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


def assess(request: Request) -> Assessment:
    """Read, identify, merge and validate one tracker. Raises Refusal or ConfigError when it
    cannot go on."""
    with _no_cycle_collection():
        types = reports.load_all(request.templates)
        forced = reports.pick(types, request.report) if request.report else None
        tracker = read(Path(request.tracker), types, forced)
        chosen = forced or next(r for r in types if r.name == tracker.report)
        key = with_key(chosen, tracker.status_key)
        report = key.report
        identity = identify(tracker.records, tracker.rounds, report)
        plan = merge(tracker, report, identity)
        findings = validate(tracker, report, request.today, identity, plan, key)
        return Assessment(tracker, report, plan, findings)


def pick_round(plan: Plan, wanted: str | None, file: str) -> Round | None:
    """The round asked for by name ("Q1 2024/25", "June 2025"), or None for the latest."""
    if not wanted:
        return None
    round_ = parse_round(wanted)
    if round_ is None or round_ not in plan.rounds:
        have = ", ".join(r.label for r in plan.rounds)
        raise Refusal(file, f"{file} has no round '{wanted}': choose one of {have}.")
    return round_


def _summary(assessment: Assessment, request: Request) -> Summary:
    wanted = pick_round(assessment.plan, request.round, Path(request.tracker).name)
    return summarise(assessment.plan, assessment.report, wanted, request.today)


def validate_tracker(request: Request, checked_copy_to: Path | None = None) -> Validated | Refused:
    """`pipeline validate`: every finding; with `checked_copy_to`, the checked copy written there."""
    path = Path(request.tracker)
    try:
        assessment = assess(request)
        copy = _annotate(path, assessment.findings, checked_copy_to) if checked_copy_to else None
    except (Refusal, ConfigError) as exc:
        return Refused(path, str(exc))
    return Validated(path, assessment.findings, copy)


def _annotate(path: Path, findings: tuple[Finding, ...], out: Path) -> Path:
    from .write.annotate import (
        annotate,  # openpyxl (and numpy) take most of a second to load: only here
    )

    try:
        return annotate(path, findings, out)
    except OSError as exc:
        raise Refusal(path.name, f"The checked copy of {path.name} could not be written to {out} "
                      f"({exc.strerror or exc}): check the folder exists, is writable and has space.") from None


def summary_of(request: Request) -> Summarised | Blocked | Refused:
    """`pipeline summary`: the figures and the paragraph for one round."""
    path = Path(request.tracker)
    try:
        assessment = assess(request)
        summary = _summary(assessment, request)
    except (Refusal, ConfigError) as exc:
        return Refused(path, str(exc))
    if errors_in(assessment.findings) and not request.force:
        return Blocked(path, assessment.findings, summary)
    return Summarised(path, assessment.findings, summary)


def build(request: Request, out: Path, *, pdf: bool = False, strict: bool = False) -> Built | Blocked | Refused:
    """`pipeline build`: the appendix and its paragraph written to `out`, unless the tracker has
    errors (then the checked copy is written there instead).

    The appendix is accessible by construction; the house template is checked when it is
    opened, and its problems are warnings, or with `strict` errors that stop the build. With
    `pdf`, a tagged PDF is written beside it."""
    path, out = Path(request.tracker), Path(out)
    with _no_cycle_collection():
        try:
            assessment = assess(request)
            summary = _summary(assessment, request)
            if errors_in(assessment.findings) and not request.force:
                copy = _annotate(path, assessment.findings, out)
                return Blocked(path, assessment.findings, summary, copy)
            template = template_findings(assessment.report, Severity.ERROR if strict else Severity.WARNING)
            findings = assessment.findings + template
            if strict and errors_in(template):
                return Blocked(path, findings, summary)
            document = compose(assessment.plan, summary, assessment.report).docx()
        except (Refusal, ConfigError) as exc:
            return Refused(path, str(exc))
        stem = f"{safe_name(assessment.plan.title)} - {safe_name(summary.round.label)} - appendix"
        return _write(path, out, stem, document, summary, findings, pdf, assessment)


def _write(path: Path, out: Path, stem: str, document: bytes, summary: Summary, findings: tuple[Finding, ...],
           pdf: bool, assessment: Assessment) -> Built | Refused:
    try:
        outputs: tuple[Path, ...] = (
            write_atomic(out / f"{stem}.docx", document),
            write_atomic(out / f"{stem}.txt", (summary.paragraph + "\n").encode("utf-8")),
        )
    except OSError as exc:
        return Refused(path, f"The appendix for {path.name} could not be written to {out} "
                             f"({exc.strerror or exc}): check the folder exists, is writable and has space.")
    if pdf:
        try:
            outputs += (to_pdf(outputs[0], out),)
        except PdfError as exc:
            findings += (kinds.NO_PDF.at(path.name, str(exc)),)
    return Built(path, findings, summary, outputs, assessment)
