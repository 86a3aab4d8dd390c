"""The `pipeline` command. It parses, calls one library function, prints, and picks an exit code.

Library modules are imported inside the commands so that `pipeline --help` starts fast.
"""

from __future__ import annotations

import json
import gc
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


# The commands that run unattended: watch, due, send, history, serve.
from . import cli_delivery  # noqa: E402,F401  (registers them on `main`)


def run_cli() -> None:
    """Entry point: the commands, with any unexpected failure reported in one sentence."""
    # A command runs once and the process ends: it has no use for the cycle collector, which
    # would rescan everything a large build made (watch and serve, which run on, turn it on).
    gc.disable()
    code = 0
    try:
        main(standalone_mode=True)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except Exception as exc:  # noqa: BLE001 - the last line of defence against a traceback
        if os.environ.get("PIPELINE_DEBUG"):
            raise
        click.echo(f"The pipeline stopped unexpectedly ({type(exc).__name__}: {exc}); nothing was changed. "
                   "Run again with PIPELINE_DEBUG=1 for details and report it.", err=True)
        code = 2
    # Every output is written and closed by now: leave without freeing a large build object by
    # object, which can take longer than writing the appendix did.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run_cli()
