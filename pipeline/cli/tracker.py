"""The commands that read trackers and write appendices: build, validate, summary, check,
new-tracker, new-round, import. Each parses, calls one library function, prints, and picks an
exit code. Library modules are imported inside the commands so that `pipeline --help` starts
fast."""

from __future__ import annotations

import json
import sys
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .options import (
    CLOSED_EARLIER,
    COMBINE,
    FORMAT,
    REPORT,
    ROUND,
    TITLE,
    TODAY,
    TRACKERS,
    Settings,
    as_date,
)

if TYPE_CHECKING:
    from ..onboard import Made
    from ..reports import ClosedEarlier


@click.command()
@TRACKERS
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("output"), show_default=True,
              help="Folder to write the appendix and paragraph into.")
@REPORT
@ROUND
@click.option("--force", is_flag=True, help="Build even when the tracker has errors.")
@click.option("--pdf", is_flag=True, help="Also write a tagged PDF (PDF/UA) beside the .docx, through LibreOffice.")
@click.option("--strict", is_flag=True,
              help="Treat accessibility problems from the Word template as errors: do not build.")
@CLOSED_EARLIER
@click.option("--exceptions/--full", "exceptions", default=None,
              help="Write the exception appendix ('<plan> - <round> - exceptions.docx'): at a glance, what changed "
                   "since last reported and the actions needing attention, without the full table; --full writes the "
                   "full appendix. Default: the report type's setting (the full appendix).")
@COMBINE
@TITLE
@TODAY
@click.pass_obj
def build(settings: Settings, trackers: tuple[Path, ...], out: Path, report_name: str | None, round_name: str | None,
          force: bool, pdf: bool, strict: bool, closed_earlier: ClosedEarlier | None, exceptions: bool | None,
          combine: bool, title: str | None, today: date | None) -> None:
    """Build the Word appendix and its summary paragraph from each TRACKER.

    Writes '<plan> - <round> - appendix.docx' and the paragraph as '<plan> - <round> - appendix.txt'
    into --out, and prints their paths. A tracker with errors is not built unless --force;
    run 'pipeline validate' to see every finding. The appendix is accessible as built (header
    rows, alt text, statuses in words, no empty or merged cells); a council's own Word template
    is checked when it is first used.
    """
    from .. import present, run
    from ..deliver.runlog import logged

    requests = [run.Request(tracker=path, today=as_date(today), round=round_name, report=report_name, force=force,
                            templates=settings.templates, closed_earlier=closed_earlier, exceptions=exceptions)
                for path in trackers]
    outcomes = [logged(out, list(trackers), lambda: run.build_combined(requests, out, pdf=pdf, strict=strict,
                                                                                 title=title))] if combine else \
        [logged(out, [r.tracker], partial(run.build, r, out, pdf=pdf, strict=strict)) for r in requests]
    codes = []
    for outcome in outcomes:
        path = outcome.file
        if isinstance(outcome, (run.Refused, run.Failed)):
            click.echo(outcome.message, err=True)
        elif isinstance(outcome, run.Built):
            for written in outcome.outputs:
                click.echo(str(written))
            note = present.built_note(path.name, outcome.findings, outcome.assessment.findings)
            if note:
                click.echo(note, err=True)
        else:
            copies = outcome.checked_copies or ((outcome.checked_copy,) if outcome.checked_copy else ())
            click.echo(present.errors_text(path.name, outcome.findings, copies), err=True)
        codes.append(run.exit_code(outcome))
    sys.exit(max(codes))


@click.command()
@TRACKERS
@ROUND
@REPORT
@FORMAT
@click.option("--annotate", is_flag=True,
              help="Also write '<tracker> - checked.xlsx' into --out: the workbook with each problem cell "
                   "highlighted and commented, and a first sheet listing every finding.")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("output"), show_default=True,
              help="Folder for the checked copy.")
@TODAY
@click.pass_obj
def validate(settings: Settings, trackers: tuple[Path, ...], round_name: str | None, report_name: str | None,
             fmt: str, annotate: bool, out: Path, today: date | None) -> None:
    """Check each TRACKER and print every finding: where it is (sheet and cell) and what to change.

    Errors stop a build; warnings are worth a look. Exit code 1 when any tracker has errors,
    2 when a file could not be used at all, 3 when the checked copy could not be written (a
    full disk, a folder that may not be written to). The tracker itself is never changed.
    """
    from .. import present, run

    outcomes = [run.validate_tracker(run.Request(tracker=path, today=as_date(today), round=round_name,
                                                 report=report_name, templates=settings.templates),
                                     out if annotate else None)
                for path in trackers]
    if fmt == "json":
        findings = []
        for outcome in outcomes:
            findings += ([present.refusal_finding(outcome.file.name, outcome.message)]
                         if isinstance(outcome, (run.Refused, run.Failed)) else list(outcome.findings))
        click.echo(present.findings_json(findings))
    else:
        for outcome in outcomes:
            if isinstance(outcome, (run.Refused, run.Failed)):
                click.echo(present.findings_text(outcome.file.name, (), outcome.message))
            else:
                copies = (outcome.checked_copy,) if outcome.checked_copy else ()
                click.echo(present.findings_text(outcome.file.name, outcome.findings, None, copies))
    sys.exit(max(run.exit_code(o) for o in outcomes))


@click.command()
@TRACKERS
@ROUND
@REPORT
@FORMAT
@click.option("--force", is_flag=True, help="Print the summary even when the tracker has errors.")
@COMBINE
@TITLE
@TODAY
@click.pass_obj
def summary(settings: Settings, trackers: tuple[Path, ...], round_name: str | None, report_name: str | None,
            fmt: str, force: bool, combine: bool, title: str | None, today: date | None) -> None:
    """Print the summary figures and paragraph for each TRACKER's round.

    JSON gives plan, round (with round_start and round_end), previous_round, rounds, actions,
    complete, completed_since_last, new, removed, reprofiled, overdue (target date passed),
    by_status, by_code, no_status, unreadable, closed_earlier, changes, direction_of_travel,
    since_last_reported, at_a_glance, status_read_from_updates and paragraph.
    """
    from .. import present, run

    requests = [run.Request(tracker=path, today=as_date(today), round=round_name, report=report_name, force=force,
                            templates=settings.templates) for path in trackers]
    outcomes = [run.summary_combined(requests, title)] if combine else [run.summary_of(r) for r in requests]
    results = []
    for outcome in outcomes:
        if isinstance(outcome, run.Refused):
            click.echo(outcome.message, err=True)
        elif isinstance(outcome, run.Blocked):
            click.echo(present.errors_text(outcome.file.name, outcome.findings), err=True)
        elif fmt == "json":
            results.append(outcome.summary.as_dict())
        else:
            click.echo(present.summary_text(outcome.summary))
    if fmt == "json" and results:
        click.echo(json.dumps(results[0] if len(results) == 1 else results, ensure_ascii=False, indent=2))
    sys.exit(max(run.exit_code(o) for o in outcomes))


@click.command()
@click.argument("documents", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@FORMAT
def check(documents: tuple[Path, ...], fmt: str) -> None:
    """Check each Word document for accessibility, as committee papers published on the web need.

    Reports, with where each is: a missing title or language, skipped heading levels, tables
    without a header row or alt text, merged or empty cells, meaning in colour alone, text
    contrast under 4.5:1, and images without alt text. Exit code 1 when there are problems.
    """
    from .. import present
    from ..model import Finding, Refusal
    from ..render import audit

    findings: list[Finding] = []
    code = 0
    for document in documents:
        try:
            found = audit(document)
        except Refusal as exc:
            click.echo(str(exc), err=True)
            code = 2
            continue
        findings += found
        code = max(code, 1 if found else 0)
        if fmt == "text":
            click.echo(present.check_text(document.name, found))
    if fmt == "json":
        click.echo(present.findings_json(findings))
    sys.exit(code)


@click.command()
@TRACKERS
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True,
              help="CSV (UTF-8) or an Excel workbook.")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("output"), show_default=True,
              help="Folder to write '<plan> - plan.csv' (or .xlsx) into; the plan's next export replaces it.")
@REPORT
@click.option("--force", is_flag=True, help="Export even when the tracker has errors.")
@TODAY
@click.pass_obj
def export(settings: Settings, trackers: tuple[Path, ...], fmt: str, out: Path, report_name: str | None,
           force: bool, today: date | None) -> None:
    """Export each TRACKER's merged plan as one table, for dashboards and pivot tables.

    A row per action per round: ref, group, action, lead, target, round, round_start,
    round_end, status_code, status, direction (improved, same, worse, not compared, new) and
    commentary. In the CSV, text that starts with = + - or @ gets an apostrophe in front, so
    Excel shows it as text and never runs it as a formula; the workbook stores every cell as text.
    """
    from .. import export as exporting
    from .. import present, run

    codes, written = [], set[Path]()
    for path in trackers:
        outcome = exporting.exported(run.Request(tracker=path, today=as_date(today), report=report_name, force=force,
                                                 templates=settings.templates))
        if isinstance(outcome, run.Refused):
            click.echo(outcome.message, err=True)
        elif isinstance(outcome, run.Blocked):
            click.echo(present.errors_text(path.name, outcome.findings), err=True)
        else:
            made = exporting.write(outcome, out, fmt, frozenset(written))
            written.add(made)
            click.echo(str(made))
        codes.append(run.exit_code(outcome) if not isinstance(outcome, exporting.Exported) else run.EXIT_OK)
    sys.exit(max(codes))


@click.command("new-tracker")
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--report", "report_name", required=True, metavar="NAME", help="The report type (e.g. workplan).")
@click.option("--round", "round_name", metavar="ROUND", help="The first round (default: this quarter).")
@TODAY
@click.pass_obj
def new_tracker(settings: Settings, out: Path, report_name: str, round_name: str | None,
                today: date | None) -> None:
    """Write OUT, a new tracker for officers to fill in.

    A sheet for the round with the report type's headings, a frozen header row, wrapped text,
    a drop-down list of statuses and an input message on every column; an Instructions sheet
    and a Key sheet; header cells guarded by sheet protection with no password.
    """
    from .. import onboard

    _made(onboard.new_tracker(report_name, out, as_date(today), round_name, settings.templates))


@click.command("new-round")
@click.argument("tracker", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--round", "round_name", metavar="ROUND", help="The new round (default: the one after the latest).")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The new workbook (the tracker itself is never changed).")
@TODAY
@click.pass_obj
def new_round(settings: Settings, tracker: Path, round_name: str | None, out: Path, today: date | None) -> None:
    """Add next round's sheet to a copy of TRACKER, written to --out.

    Every action is carried forward with its Ref, group, text, owner and target. An open
    action's status and update are left blank for the officer; a closed one keeps its status
    and is marked in grey as needing no update. Both are listed.
    """
    from .. import onboard

    _made(onboard.new_round(tracker, out, as_date(today), round_name, settings.templates))


@click.command("import")
@click.argument("appendix", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--report", "report_name", required=True, metavar="NAME", help="The report type of the appendix.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The tracker workbook to write.")
@click.pass_obj
def import_(settings: Settings, appendix: Path, report_name: str, out: Path) -> None:
    """Import an existing Word APPENDIX into a tracker workbook (a sheet per round).

    Reads its table(s): merged or referred-to recommendation cells, a heading row per priority,
    header rows repeated across pages, a status or update column per round; key tables are
    skipped. Whatever could not be placed is listed.
    """
    from .. import onboard

    _made(onboard.import_appendix(appendix, report_name, out, settings.templates))


def _made(made: Made) -> None:
    click.echo(str(made.path))
    for note in made.notes:
        click.echo(note)
    for finding in made.findings:
        click.echo(f"  {finding.cell}: {finding.message}", err=True)


COMMANDS = (build, validate, summary, check, export, new_tracker, new_round, import_)
