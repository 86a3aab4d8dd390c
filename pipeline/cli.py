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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False), envvar="PIPELINE_TEMPLATES",
              help="Folder of report types and house templates (default: the project's templates/).")
@click.version_option(package_name="council-pipeline")
@click.pass_context
def main(ctx: click.Context, templates: Path | None) -> None:
    """Turn officers' Excel action trackers into the Word committee appendix and its summary paragraph.

    \b
    Exit codes: 0 done; 1 the tracker has errors (nothing built unless --force);
    2 the input could not be used (unreadable, wrong kind, bad arguments).
    """
    ctx.obj = templates


@main.command()
@TRACKERS
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("output"), show_default=True,
              help="Folder to write the appendix and paragraph into.")
@REPORT
@ROUND
@click.option("--force", is_flag=True, help="Build even when the tracker has errors.")
@TODAY
@click.pass_obj
def build(templates, trackers, out, report_name, round_name, force, today) -> None:
    """Build the Word appendix and its summary paragraph from each TRACKER.

    Writes '<plan> - <round> - appendix.docx' and the paragraph as '<plan> - <round> - appendix.txt'
    into --out, and prints their paths. A tracker with errors is not built unless --force;
    run 'pipeline validate' to see every finding.
    """
    from . import present, run

    codes = []
    for path in trackers:
        outcome = run.build(path, out, _today(today), round_name, report_name, force, templates)
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
def validate(templates, trackers, report_name, fmt, annotate, out, today) -> None:
    """Check each TRACKER and print every finding: where it is (sheet and cell) and what to change.

    Errors stop a build; warnings are worth a look. Exit code 1 when any tracker has errors,
    2 when a file could not be used at all. The tracker itself is never changed.
    """
    from . import present, run

    annotate_to = out if annotate else None
    outcomes = [run.findings_of(path, _today(today), report_name, templates, annotate_to) for path in trackers]
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
def summary(templates, trackers, round_name, report_name, fmt, force, today) -> None:
    """Print the summary figures and paragraph for each TRACKER's round.

    JSON gives plan, round, previous_round, actions, complete, completed_since_last, new,
    removed, reprofiled, overdue, by_status, changes and paragraph.
    """
    from . import present, run

    outcomes = [run.summary_of(path, _today(today), round_name, report_name, force, templates) for path in trackers]
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
