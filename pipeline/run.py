"""The one place the stages are chained:
read -> identify -> merge -> validate -> summarise -> render.

The command line, the folder watcher, the scheduler and the web page all call these functions;
none of them holds logic of its own. Each returns one of a small set of outcomes: `Refused` (the
input cannot be used at all), `Blocked` (the tracker has errors, so nothing was built),
`Validated`, `Summarised` or `Built`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from . import findings as kinds
from . import reports
from .combine import combined
from .files import HeldOpen, one_at_a_time, safe_name, write_set
from .gcpause import no_cycle_collection
from .identify import identify
from .merge import merge
from .model import (
    ConfigError,
    Fault,
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
from .render.document import source_of
from .render.pdf import PdfError, pdf_of
from .reports import ClosedEarlier, ReportType
from .rounds import parse_round
from .scheme import with_key
from .summarise import summarise
from .validate import validate
from .validate.filled import bearing_on

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE, EXIT_FAILED = 0, 1, 2, 3


WRITING = ".writing.lock"  # held in the output folder while an appendix is named and written


@dataclass(frozen=True, kw_only=True)
class Request:
    """What to read, and how: the same for every command that reads a tracker."""

    tracker: Path
    today: date
    name: str | None = None  # the tracker's own name, where `tracker` is a copy filed under another
    round: str | None = None  # the round to report ("Q2 2024/25"); the latest when None
    report: str | None = None  # the report type's name; judged from the workbook when None
    templates: Path | None = None  # a council's own templates folder
    force: bool = False  # report or build despite errors
    closed_earlier: ClosedEarlier | None = None  # how the appendix shows actions closed before the round
    exceptions: bool | None = None  # the exception appendix (None: the report type's setting)


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
    """The tracker has errors, so nothing was built; with `checked_copy`, the workbook marked up
    (with `checked_copies`, each of several combined workbooks that has cells to mark)."""

    file: Path
    findings: tuple[Finding, ...]
    summary: Summary | None = None
    checked_copy: Path | None = None
    checked_copies: tuple[Path, ...] = ()


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
    def title(self) -> str:
        """The appendix's title, as its document properties give it."""
        return self.assessment.report.title_of(self.assessment.plan.title, self.summary.round)

    @property
    def attachments(self) -> tuple[Path, ...]:
        """What goes with an email: the appendix, and its PDF when one was made."""
        return tuple(p for p in self.outputs if p.suffix.lower() in (".docx", ".pdf"))


@dataclass(frozen=True)
class Failed:
    """The pipeline could not finish for a reason outside the tracker (a full disk, a folder it may
    not write to, an appendix open in Word): nothing was written; the same run may succeed later."""

    file: Path
    message: str


Outcome = Refused | Blocked | Validated | Summarised | Built | Failed


def exit_code(outcome: Outcome) -> int:
    """0 done; 1 the tracker has errors (nothing built); 2 the input could not be used; 3 the
    outputs could not be written (try again once the cause is put right)."""
    if isinstance(outcome, Refused):
        return EXIT_UNUSABLE
    if isinstance(outcome, Failed):
        return EXIT_FAILED
    if isinstance(outcome, Blocked) or (isinstance(outcome, Validated) and outcome.errors):
        return EXIT_ERRORS
    return EXIT_OK


def assess(request: Request) -> Assessment:
    """Read, identify, merge and validate one tracker. Raises Refusal or ConfigError when it
    cannot go on."""
    with no_cycle_collection():
        types = reports.load_all(request.templates)
        forced = reports.pick(types, request.report) if request.report else None
        tracker = _as_it_stood(read(Path(request.tracker), types, forced, request.name), request.round)
        chosen = forced or next(r for r in types if r.name == tracker.report)
        key = with_key(chosen, tracker.status_key)
        report = replace(key.report, closed_earlier=request.closed_earlier) if request.closed_earlier else key.report
        identity = identify(tracker.records, tracker.rounds, report)
        plan = merge(tracker, report, identity)
        return Assessment(tracker, report, plan, validate(tracker, report, request.today, identity, plan, key))


def pick_round(plan: Plan, wanted: str | None, file: str) -> Round | None:
    """The round asked for by name ("Q1 2024/25", "June 2025"), or None for the latest."""
    return _named(plan.rounds, wanted, file)


def _named(rounds: tuple[Round, ...], wanted: str | None, file: str) -> Round | None:
    if not wanted:
        return None
    round_ = parse_round(wanted)
    if round_ is None or round_ not in rounds:
        have = ", ".join(r.label for r in rounds)
        raise Refusal(file, f"{file} has no round '{wanted}': choose one of {have}.")
    return round_


def _as_it_stood(tracker: Tracker, wanted: str | None) -> Tracker:
    """The tracker as it stood at the round asked for: an earlier round's appendix, figures and
    findings know nothing of the rounds after it (their action texts, % complete, new actions)."""
    round_ = _named(tracker.rounds, wanted, tracker.file)
    if round_ is None:
        return tracker
    return replace(tracker, rounds=tuple(r for r in tracker.rounds if r <= round_),
                   records=tuple(r for r in tracker.records if r.round <= round_))


def _summary(assessment: Assessment, request: Request) -> tuple[Summary, tuple[Finding, ...]]:
    """The reported round's summary, and the findings about the tracker with (for that round) an
    error if it has not been filled in."""
    wanted = pick_round(assessment.plan, request.round, Path(request.tracker).name)
    summary = summarise(assessment.plan, assessment.report, wanted, request.today)
    return summary, findings_for(assessment, summary.round)


def findings_for(assessment: Assessment, round_: Round) -> tuple[Finding, ...]:
    """The findings that bear on `round_`'s appendix (see validate.filled.bearing_on)."""
    return bearing_on(assessment.plan, assessment.report, assessment.findings, round_)


def every_finding(assessment: Assessment) -> tuple[Finding, ...]:
    """The findings about the whole tracker: with an error if its latest round is not filled in."""
    return findings_for(assessment, assessment.plan.rounds[-1])


def validate_tracker(request: Request, checked_copy_to: Path | None = None) -> Validated | Refused | Failed:
    """`pipeline validate`: every finding (the latest round's unfilled too; with `request.round`,
    those bearing on that round's appendix); with `checked_copy_to`, the checked copy written there."""
    path = Path(request.tracker)
    try:
        assessment = assess(request)
        wanted = pick_round(assessment.plan, request.round, path.name)
        findings = findings_for(assessment, wanted) if wanted else every_finding(assessment)
        copy = _annotate(path, findings, checked_copy_to) if checked_copy_to else None
    except (Refusal, ConfigError) as exc:
        return Refused(path, str(exc))
    except Fault as exc:
        return Failed(path, str(exc))
    return Validated(path, findings, copy)


def _annotate(path: Path, findings: tuple[Finding, ...], out: Path) -> Path:
    from .write.annotate import (
        annotate,  # openpyxl (and numpy) take most of a second to load: only here
    )

    try:
        return annotate(path, findings, out)
    except OSError as exc:
        raise Fault(f"The checked copy of {path.name} could not be written to {out} ({_why(exc)}): check the folder "
                    "exists, may be written to and has space.") from None


def summary_of(request: Request) -> Summarised | Blocked | Refused:
    """`pipeline summary`: the figures and the paragraph for one round."""
    return _summary_of([request], None)


def summary_combined(requests: Sequence[Request], title: str | None = None) -> Summarised | Blocked | Refused:
    """`pipeline summary --combine`: the figures of several workbooks as one plan."""
    return _summary_of(list(requests), title)


def _summary_of(requests: list[Request], title: str | None) -> Summarised | Blocked | Refused:
    request, path = requests[0], Path(requests[0].tracker)
    try:
        assessments = [assess(r) for r in requests]
        assessment = assessments[0] if len(requests) == 1 else _combined(assessments, title)
        summary, findings = _summary(assessment, request)
    except (Refusal, ConfigError) as exc:
        return Refused(path, str(exc))
    if errors_in(findings) and not request.force:
        return Blocked(path, findings, summary)
    return Summarised(path, findings, summary)


def build(request: Request, out: Path, *, pdf: bool = False, strict: bool = False) -> Built | Blocked | Refused | Failed:
    """`pipeline build`: the appendix and its paragraph written to `out`, unless the tracker has
    errors (then the checked copy is written there instead).

    The appendix is accessible by construction; the house template is checked when it is
    opened, and its problems are warnings, or with `strict` errors that stop the build. With
    `pdf`, a tagged PDF is written beside it. A second tracker with the same title and round as
    an appendix already in `out` gets a name of its own, never overwriting it."""
    return _build([request], out, pdf, strict, None)


def build_combined(requests: Sequence[Request], out: Path, *, pdf: bool = False, strict: bool = False,
                   title: str | None = None) -> Built | Blocked | Refused | Failed:
    """`pipeline build --combine`: several workbooks of one report type (a directorate's each) as
    one plan, in one appendix with one paragraph."""
    return _build(list(requests), out, pdf, strict, title)


def _build(requests: list[Request], out: Path, pdf: bool, strict: bool,
           title: str | None) -> Built | Blocked | Refused | Failed:
    path, out = Path(requests[0].tracker), Path(out)
    with no_cycle_collection():
        try:
            assessments = [assess(r) for r in requests]
            assessment = assessments[0] if len(requests) == 1 else _combined(assessments, title)
            summary, findings = _summary(assessment, requests[0])
            if errors_in(findings) and not requests[0].force:
                said = set(findings)  # what bears on the round reported, marked on each workbook's copy
                own = [(Path(r.tracker), tuple(f for f in a.findings if f in said)) for r, a in zip(requests, assessments)]
                copies = tuple(_annotate(path, mine, out) for path, mine in own if any(f.cell for f in errors_in(mine)))
                return Blocked(path, findings, summary, copies[0] if copies else None, copies)
            template = template_findings(assessment.report, Severity.ERROR if strict else Severity.WARNING)
            findings += template
            if strict and errors_in(template):
                return Blocked(path, findings, summary)
            exceptions = requests[0].exceptions if requests[0].exceptions is not None else assessment.report.exceptions
            document = compose(assessment.plan, summary, assessment.report, exceptions).docx()
        except (Refusal, ConfigError) as exc:
            return Refused(path, str(exc))
        except Fault as exc:
            return Failed(path, str(exc))
        try:
            with one_at_a_time(out / WRITING):  # naming and writing, so two builds never take one name
                stem = appendix_name(out, assessment.plan, summary, exceptions)
                return _write(path, out, stem, document, summary, findings, pdf, assessment)
        except OSError as exc:
            return Failed(path, f"The appendix for {path.name} could not be written to {out} ({_why(exc)}): check "
                                "the folder exists, may be written to and has space, then build again.")
        except Fault as exc:
            return Failed(path, str(exc))


def _combined(assessments: list[Assessment], title: str | None) -> Assessment:
    first = assessments[0]
    other = next((a for a in assessments if a.report.name != first.report.name), None)
    if other:
        raise Refusal(other.tracker.file, f"{first.tracker.file} is read as {first.report.name} and "
                      f"{other.tracker.file} as {other.report.name}: combine workbooks of one report type (choose it "
                      "with --report), or build them one by one.")
    plan, more = combined([a.plan for a in assessments], first.report, title)
    return Assessment(first.tracker, first.report, plan, tuple(f for a in assessments for f in a.findings) + more)


def appendix_name(out: Path, plan: Plan, summary: Summary, exceptions: bool = False) -> str:
    """'<plan> - <round> - appendix' (the exception appendix: '... - exceptions'), or with the
    tracker's name after it where an appendix of that name in `out` was built from another tracker
    (two plans with one title never overwrite)."""
    stem = f"{safe_name(plan.title)} - {safe_name(summary.round.label)} - {'exceptions' if exceptions else 'appendix'}"
    existing = out / f"{stem}.docx"
    if existing.exists() and source_of(existing) not in (plan.file, None):
        stem = f"{stem} ({safe_name(Path(plan.file).stem, 60)})"
    return stem


def _write(path: Path, out: Path, stem: str, document: bytes, summary: Summary, findings: tuple[Finding, ...],
           pdf: bool, assessment: Assessment) -> Built | Failed:
    """The appendix, its paragraph and (with `pdf`) its PDF, written all or none."""
    files = {out / f"{stem}.docx": document, out / f"{stem}.txt": (summary.paragraph + "\n").encode("utf-8")}
    if pdf:
        try:
            files[out / f"{stem}.pdf"] = pdf_of(document, f"{stem}.docx")
        except PdfError as exc:
            findings += (kinds.NO_PDF.at(path.name, str(exc)),)
    try:
        outputs = write_set(files)
    except HeldOpen as exc:
        return Failed(path, f"The appendix for {path.name} was not written: {exc}")
    except OSError as exc:
        return Failed(path, f"The appendix for {path.name} could not be written to {out} ({_why(exc)}): nothing was "
                            "written; check the folder exists, may be written to and has space, then build again.")
    return Built(path, findings, summary, outputs, assessment)


def _why(exc: OSError) -> str:
    """An operating system's reason in words ("No space left on device"), never a traceback."""
    return exc.strerror or "the operating system refused"
