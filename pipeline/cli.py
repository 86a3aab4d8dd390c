"""The `pipeline` command. It parses, calls one library function, prints, and picks an exit code.

Library modules are imported inside the commands so that `pipeline --help` starts fast.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path

import click

TRACKERS = click.argument("trackers", nargs=-1, required=True, type=click.Path(path_type=Path))
REPORT = click.option("--report", "report_name", metavar="NAME",
                      help="Report type to read the tracker as (default: recognised from the headings).")
ROUND = click.option("--round", "round_name", metavar="ROUND",
                     help="Round to report, e.g. 'Q2 2024/25' or 'January 2026' (default: the latest).")
FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                      help="Text for people, JSON for scripts.")
TODAY = click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
                     help="Date to treat as today (default: the real date).")


def _today(value) -> date:
    return value.date() if value else date.today()


class Settings:
    """What the group's options hand to every command."""

    def __init__(self, templates: Path | None, config: Path | None):
        self.templates, self.config = templates, config

    def delivery(self, out: Path, dry_run: bool = False):
        from .deliver import Delivery

        return Delivery(Path(out), self.config, dry_run, self.templates)


class PipelineGroup(click.Group):
    """Settings that cannot be used, and inputs that cannot be used, end a command in one sentence."""

    def invoke(self, ctx: click.Context):
        from .model import ConfigError, Refusal

        try:
            return super().invoke(ctx)
        except (ConfigError, Refusal) as exc:
            click.echo(str(exc), err=True)
            ctx.exit(2)


@click.group(cls=PipelineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False), envvar="PIPELINE_TEMPLATES",
              help="Folder of report types and house templates (default: the project's templates/).")
@click.option("--config", type=click.Path(path_type=Path, dir_okay=False), envvar="PIPELINE_CONFIG",
              help="Settings file with an [smtp] table (default: pipeline.toml here, if there is one). "
                   "PIPELINE_SMTP_* variables override it; the password is only ever read from "
                   "PIPELINE_SMTP_PASSWORD.")
@click.version_option(package_name="council-pipeline")
@click.pass_context
def main(ctx: click.Context, templates: Path | None, config: Path | None) -> None:
    """Turn officers' Excel action trackers into the Word committee appendix and its summary paragraph.

    \b
    Exit codes: 0 done; 1 the tracker has errors (nothing built unless --force);
    2 the input could not be used (unreadable, wrong kind, bad arguments).
    """
    if config is None and Path("pipeline.toml").is_file():
        config = Path("pipeline.toml")
    ctx.obj = Settings(templates, config)


@main.command()
@TRACKERS
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("output"), show_default=True,
              help="Folder to write the appendix and paragraph into.")
@REPORT
@ROUND
@click.option("--force", is_flag=True, help="Build even when the tracker has errors.")
@click.option("--pdf", is_flag=True, help="Also write a tagged PDF (PDF/UA) beside the .docx, through LibreOffice.")
@click.option("--strict", is_flag=True, help="Treat accessibility problems in the appendix as errors: do not write it.")
@TODAY
@click.pass_obj
def build(settings, trackers, out, report_name, round_name, force, pdf, strict, today) -> None:
    """Build the Word appendix and its summary paragraph from each TRACKER.

    Writes '<plan> - <round> - appendix.docx' and the paragraph as '<plan> - <round> - appendix.txt'
    into --out, and prints their paths. A tracker with errors is not built unless --force;
    run 'pipeline validate' to see every finding. Every appendix is checked for accessibility
    as 'pipeline check' does.
    """
    from . import present, run

    codes = []
    for path in trackers:
        outcome = run.build(path, out, _today(today), round_name, report_name, force, settings.templates, pdf, strict)
        if outcome.refusal:
            click.echo(outcome.refusal, err=True)
        elif outcome.built:
            for written in outcome.outputs:
                click.echo(str(written))
            note = present.built_note(path.name, outcome.findings)
            if note:
                click.echo(note, err=True)
        else:
            click.echo(present.errors_text(path.name, outcome.findings, outcome.outputs), err=True)
        codes.append(outcome.exit_code)
    sys.exit(max(codes))


@main.command()
@TRACKERS
@REPORT
@FORMAT
@click.option("--annotate", is_flag=True,
              help="Also write '<tracker> - checked.xlsx' into --out: the workbook with each problem cell "
                   "highlighted and commented, and a first sheet listing every finding.")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("output"), show_default=True,
              help="Folder for the checked copy.")
@TODAY
@click.pass_obj
def validate(settings, trackers, report_name, fmt, annotate, out, today) -> None:
    """Check each TRACKER and print every finding: where it is (sheet and cell) and what to change.

    Errors stop a build; warnings are worth a look. Exit code 1 when any tracker has errors,
    2 when a file could not be used at all. The tracker itself is never changed.
    """
    from . import present, run

    annotate_to = out if annotate else None
    outcomes = [run.findings_of(path, _today(today), report_name, settings.templates, annotate_to) for path in trackers]
    if fmt == "json":
        findings = []
        for outcome in outcomes:
            findings += ([present.refusal_finding(outcome.file.name, outcome.refusal)] if outcome.refusal
                         else list(outcome.findings))
        click.echo(present.findings_json(findings))
    else:
        for outcome in outcomes:
            click.echo(present.findings_text(outcome.file.name, outcome.findings, outcome.refusal, outcome.outputs))
    sys.exit(max(o.exit_code for o in outcomes))


@main.command()
@TRACKERS
@ROUND
@REPORT
@FORMAT
@click.option("--force", is_flag=True, help="Print the summary even when the tracker has errors.")
@TODAY
@click.pass_obj
def summary(settings, trackers, round_name, report_name, fmt, force, today) -> None:
    """Print the summary figures and paragraph for each TRACKER's round.

    JSON gives plan, round, previous_round, actions, complete, completed_since_last, new,
    removed, reprofiled, overdue, by_status, changes and paragraph.
    """
    from . import present, run

    outcomes = [run.summary_of(path, _today(today), round_name, report_name, force, settings.templates)
                for path in trackers]
    results = []
    for outcome in outcomes:
        if outcome.refusal:
            click.echo(outcome.refusal, err=True)
        elif outcome.errors and not force:
            click.echo(present.errors_text(outcome.file.name, outcome.findings), err=True)
        elif fmt == "json":
            results.append(outcome.summary.as_dict())
        else:
            click.echo(present.summary_text(outcome.summary))
    if fmt == "json" and results:
        click.echo(json.dumps(results[0] if len(results) == 1 else results, ensure_ascii=False, indent=2))
    sys.exit(max(o.exit_code for o in outcomes))


@main.command()
@click.argument("documents", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@FORMAT
def check(documents, fmt) -> None:
    """Check each Word document for accessibility, as committee papers published on the web need.

    Reports, with where each is: a missing title or language, skipped heading levels, tables
    without a header row or alt text, merged or empty cells, meaning in colour alone, text
    contrast under 4.5:1, and images without alt text. Exit code 1 when there are problems.
    """
    from . import present
    from .model import Refusal
    from .render import accessibility

    findings, code = [], 0
    for document in documents:
        try:
            found = accessibility(document)
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


@main.command("new-tracker")
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--report", "report_name", required=True, metavar="NAME", help="The report type (e.g. workplan).")
@click.option("--round", "round_name", metavar="ROUND", help="The first round (default: this quarter).")
@TODAY
@click.pass_obj
def new_tracker(settings, out, report_name, round_name, today) -> None:
    """Write OUT, a new tracker for officers to fill in.

    A sheet for the round with the report type's headings, a frozen header row, wrapped text,
    a drop-down list of statuses and an input message on every column; an Instructions sheet
    and a Key sheet; header cells guarded by sheet protection with no password.
    """
    from . import onboard

    _made(onboard.new_tracker(report_name, out, _today(today), round_name, settings.templates))


@main.command("new-round")
@click.argument("tracker", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--round", "round_name", metavar="ROUND", help="The new round (default: the one after the latest).")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The new workbook (the tracker itself is never changed).")
@TODAY
@click.pass_obj
def new_round(settings, tracker, round_name, out, today) -> None:
    """Add next round's sheet to a copy of TRACKER, written to --out.

    Every action not closed is carried forward with its Ref, group, text, owner and target;
    status and update are left blank for the officer. Closed and cancelled actions are left
    behind and listed.
    """
    from . import onboard

    _made(onboard.new_round(tracker, out, _today(today), round_name, settings.templates))


@main.command("import")
@click.argument("appendix", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--report", "report_name", required=True, metavar="NAME", help="The report type of the appendix.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The tracker workbook to write.")
@click.pass_obj
def import_(settings, appendix, report_name, out) -> None:
    """Import an existing Word APPENDIX into a tracker workbook (a sheet per round).

    Reads its table(s): merged or referred-to recommendation cells, a heading row per priority,
    header rows repeated across pages, a status or update column per round; key tables are
    skipped. Whatever could not be placed is listed.
    """
    from . import onboard

    _made(onboard.import_appendix(appendix, report_name, out, settings.templates))


def _made(made) -> None:
    click.echo(str(made.path))
    for note in made.notes:
        click.echo(note)
    for finding in made.findings:
        click.echo(f"  {finding.cell}: {finding.message}", err=True)


OUT = click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("output"),
                   show_default=True, help="Output folder (the appendices, the run log, the outbox).")
TO = click.option("--to", "to", multiple=True, metavar="ADDRESS", help="Email the appendix to ADDRESS (repeatable).")
DRY_RUN = click.option("--dry-run", is_flag=True,
                       help="Write each email as an .eml file in OUT/outbox/ instead of sending it.")


@main.command()
@click.argument("folder", default="input", type=click.Path(path_type=Path, file_okay=False))
@OUT
@TO
@click.option("--poll", is_flag=True, help="Poll the folder instead of using file-system events (network shares).")
@click.option("--settle", type=float, default=2.0, show_default=True, metavar="SECONDS",
              help="How long a file must stay unchanged before it is read.")
@click.option("--once", is_flag=True, help="Handle the workbooks waiting now, then stop.")
@DRY_RUN
@click.pass_obj
def watch(settings, folder, out, to, poll, settle, once, dry_run) -> None:
    """Build every workbook dropped into FOLDER (default: input/).

    A workbook is read once it has stopped changing. Built: the outputs go to --out, the
    appendix is emailed to --to, and the workbook moves to FOLDER/processed/. Errors or a
    refusal: the workbook moves to FOLDER/rejected/ beside its checked copy and a note saying
    why. Excel lock files and temporary files are ignored; nothing is ever deleted or
    overwritten. Workbooks already waiting are handled too. Stop with Ctrl-C.
    """
    from . import deliver, present

    def report(item) -> None:
        click.echo(present.drop_text(item))

    if once:
        deliver.watcher(folder, settings.delivery(out, dry_run), tuple(to), date.today, settle, poll, report).drain()
    else:
        deliver.serve(folder, settings.delivery(out, dry_run), None, tuple(to), 60, date.today, poll, report=report)


@main.command()
@click.option("--calendar", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              default=Path("input/meetings.toml"), show_default=True, help="The meeting calendar (TOML).")
@TODAY
@OUT
@DRY_RUN
@click.pass_obj
def due(settings, calendar, today, out, dry_run) -> None:
    """Build and send the appendices the meeting calendar says are due, once each.

    Each [[meeting]] in the calendar has a date, committee, tracker (a path or glob beside the
    calendar), to (addresses) and lead_days (working days before the meeting, default 5;
    weekends and England and Wales bank holidays are skipped). Safe to run every hour: a
    meeting is never sent twice, and a run missed while the machine was off is caught up.
    Exit code 1 when a due appendix could not be built or sent.
    """
    from .deliver.due import due as run_due

    delivery = settings.delivery(out, dry_run)
    runlog = delivery.runlog()
    results = run_due(calendar, _today(today), out, runlog, delivery.post(runlog), settings.templates)
    for result in results:
        click.echo(str(result))
    if not results:
        click.echo(f"{calendar} lists no meetings.")
    sys.exit(1 if any(r.status == "failed" for r in results) else 0)


@main.command()
@click.argument("appendix", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--to", "to", multiple=True, required=True, metavar="ADDRESS", help="Recipient (repeatable).")
@OUT
@DRY_RUN
@click.pass_obj
def send(settings, appendix, to, out, dry_run) -> None:
    """Email APPENDIX (a built .docx) with its summary paragraph in the body.

    SMTP settings come from --config and the PIPELINE_SMTP_* variables. Temporary failures are
    retried with backoff; a message that cannot be sent is kept in OUT/outbox/unsent/.
    """
    from . import deliver

    result = deliver.send_appendix(appendix, list(to), settings.delivery(out, dry_run))
    click.echo(f"{appendix.name}: {result}", err=not result.ok)
    sys.exit(0 if result.ok else 2)


@main.command()
@OUT
@click.option("--limit", type=int, default=20, show_default=True, help="How many runs to show, newest first.")
@FORMAT
def history(out, limit, fmt) -> None:
    """Show the run log kept in the output folder: every run, its outputs and emails."""
    from . import present
    from .deliver.runlog import RunLog

    entries = RunLog(out).history(limit)
    click.echo(present.history_json(entries) if fmt == "json" else present.history_text(entries))


@main.command()
@click.argument("folder", default="input", type=click.Path(path_type=Path, file_okay=False))
@OUT
@click.option("--calendar", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              help="The meeting calendar (TOML) to check on a schedule.")
@click.option("--every", type=float, default=60, show_default=True, metavar="MINUTES",
              help="How often to check the calendar.")
@TO
@click.option("--poll", is_flag=True, help="Poll the folder instead of using file-system events (network shares).")
@DRY_RUN
@click.pass_obj
def serve(settings, folder, out, calendar, every, to, poll, dry_run) -> None:
    """Run the drop folder and the meeting schedule together until stopped (SIGTERM or Ctrl-C).

    The watcher behaves as 'pipeline watch'; the calendar is checked at start and then every
    --every minutes, as 'pipeline due' does.
    """
    from . import deliver, present

    deliver.serve(folder, settings.delivery(out, dry_run), calendar, tuple(to), every, date.today, poll,
                  report=lambda item: click.echo(present.drop_text(item)))


def run_cli() -> None:
    """Entry point: the commands, with any unexpected failure reported in one sentence."""
    try:
        main(standalone_mode=True)
    except Exception as exc:  # noqa: BLE001 - the last line of defence against a traceback
        if os.environ.get("PIPELINE_DEBUG"):
            raise
        click.echo(f"The pipeline stopped unexpectedly ({type(exc).__name__}: {exc}); nothing was changed. "
                   "Run again with PIPELINE_DEBUG=1 for details and report it.", err=True)
        sys.exit(2)


if __name__ == "__main__":
    run_cli()
