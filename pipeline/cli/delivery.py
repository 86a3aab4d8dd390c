"""The commands that run unattended or deliver: `watch`, `due`, `send`, `history`, `serve`.
Like the rest of the command line, each parses, calls one library function and prints."""

from __future__ import annotations

import gc
import json
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..present import counted
from .options import (
    DRY_RUN,
    FORMAT,
    HOST,
    OUT,
    PDF,
    POLL,
    PORT,
    TO,
    TODAY,
    Address,
    Settings,
    as_date,
)
from .web import site

if TYPE_CHECKING:
    from ..deliver.runlog import Entry
    from ..deliver.service import Delivery


def _delivery(settings: Settings, out: Path, dry_run: bool = False, pdf: bool = False) -> Delivery:
    from ..deliver.service import Delivery

    return Delivery(Path(out), settings.config, dry_run, settings.templates, pdf)


def drop_text(item: object) -> str:
    """One line for each workbook the watcher handled (or any other message it reports)."""
    from ..deliver.drop import DropResult

    if not isinstance(item, DropResult):
        return str(item)
    if item.status == "built":
        mail = f"; email {item.email}" if item.email else ""
        return f"{item.file}: built {', '.join(p.name for p in item.outputs)}{mail}; moved to {item.moved_to}"
    if item.status in ("gone", "waiting"):
        return f"{item.file}: not handled: {item.reason}."
    if item.status == "failed":
        return f"{item.file}: not built: {item.reason}"
    return f"{item.file}: rejected: {item.reason} Moved to {item.moved_to}."


def once_code(results: list[object]) -> int:
    """`watch --once`'s exit code: 3 when a workbook met a fault of the machine's (it is put back) or
    is open in another program, 1 when one was rejected or its email did not go, else 0."""
    from ..deliver.drop import DropResult

    handled = [r for r in results if isinstance(r, DropResult)]
    if any(r.status in ("failed", "waiting") for r in handled):
        return 3
    return 1 if any(r.status == "rejected" or (r.email and not r.email.ok) for r in handled) else 0


@click.command()
@click.argument("folder", default="drop", type=click.Path(path_type=Path, file_okay=False))
@OUT
@TO
@POLL
@click.option("--settle", type=float, default=2.0, show_default=True, metavar="SECONDS",
              help="How long a file must stay unchanged before it is read.")
@click.option("--once", is_flag=True, help="Handle the workbooks waiting now, then stop.")
@PDF
@DRY_RUN
@click.pass_obj
def watch(settings: Settings, folder: Path, out: Path, to: tuple[str, ...], poll: bool, settle: float, once: bool,
          pdf: bool, dry_run: bool) -> None:
    """Build every workbook dropped into FOLDER (default: drop/).

    A workbook is read once it has stopped changing. Built: the outputs go to --out, the
    appendix is emailed to --to, and the workbook moves to FOLDER/processed/. Errors or a
    refusal: the workbook moves to FOLDER/rejected/ beside its checked copy and a note saying
    why. Excel lock files and temporary files are ignored; nothing is ever deleted or
    overwritten. Workbooks already waiting are handled too. Stop with Ctrl-C. With --once, the
    exit code is 1 if a workbook was rejected or its email did not go, 3 if one was put back
    after a fault of the machine's or is open in another program.
    """
    gc.enable()  # runs until stopped: cycles must be collected
    from ..deliver import service

    results: list[object] = []

    def report(item: object) -> None:
        results.append(item)
        click.echo(drop_text(item))

    service.watch_folder(folder, _delivery(settings, out, dry_run, pdf), tuple(to), date.today, settle, poll, once,
                         report)
    sys.exit(once_code(results) if once else 0)


@click.command()
@click.option("--calendar", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              default=Path("input/meetings.toml"), show_default=True, help="The meeting calendar (TOML).")
@TODAY
@OUT
@PDF
@DRY_RUN
@click.pass_obj
def due(settings: Settings, calendar: Path, today: date | None, out: Path, pdf: bool, dry_run: bool) -> None:
    """Build and send the appendices the meeting calendar says are due, once each.

    Each [[meeting]] in the calendar has a date, committee, tracker (a path or glob beside the
    calendar), to (addresses) and lead_days (working days before the meeting, default 5;
    weekends and England and Wales bank holidays are skipped). Safe to run every hour: a
    meeting is never sent twice, and a run missed while the machine was off is caught up.
    Exit code 1 when a due appendix could not be built or sent.
    """
    from ..deliver import service

    results = service.due_now(calendar, _delivery(settings, out, dry_run, pdf), as_date(today), click.echo)
    for result in results:
        click.echo(str(result))
    if not results:
        click.echo(f"{calendar} lists no meetings.")
    sys.exit(1 if any(r.status in ("failed", "unknown") for r in results) else 0)


@click.command()
@click.argument("appendix", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--to", "to", multiple=True, required=True, type=Address(), metavar="ADDRESS",
              help="Recipient (repeatable).")
@OUT
@DRY_RUN
@click.pass_obj
def send(settings: Settings, appendix: Path, to: tuple[str, ...], out: Path, dry_run: bool) -> None:
    """Email APPENDIX (a built .docx) with its summary paragraph in the body.

    The PDF built beside it (build --pdf) goes with it. Mail settings come from the settings
    file's [smtp] and the PIPELINE_SMTP_* variables (docs/email.md): a mail server, or Microsoft
    365 with an app registration. Nothing is sent until a mail server (host) is named; unless
    set, port 25, no encryption (security = none: use starttls or ssl for a server on another
    machine) and no login. Temporary failures are retried with backoff; a message that cannot
    be sent is kept in OUT/outbox/unsent/. Sent once: sending the same appendix to the same
    people again says it was already sent.
    """
    from ..deliver import service

    result = service.send_appendix(appendix, list(to), _delivery(settings, out, dry_run), click.echo)
    click.echo(f"{appendix.name}: {result}", err=not result.ok)
    sys.exit(0 if result.ok else 2)


@click.command()
@OUT
@click.option("--limit", type=int, default=20, show_default=True, help="How many runs to show, newest first.")
@FORMAT
def history(out: Path, limit: int, fmt: str) -> None:
    """Show the run log kept in the output folder: every run, its outputs and emails."""
    from ..deliver.runlog import read_history

    entries = read_history(out, limit)
    click.echo(history_json(entries) if fmt == "json" else history_text(entries))


@click.command()
@click.argument("folder", default="drop", type=click.Path(path_type=Path, file_okay=False))
@OUT
@click.option("--calendar", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              help="The meeting calendar (TOML) to check on a schedule.")
@click.option("--every", type=float, default=60, show_default=True, metavar="MINUTES",
              help="How often to check the calendar.")
@TO
@POLL
@PDF
@DRY_RUN
@click.option("--web", "with_web", is_flag=True, help="Serve the web page as well, as 'pipeline web' does.")
@HOST
@PORT
@click.pass_obj
def serve(settings: Settings, folder: Path, out: Path, calendar: Path | None, every: float, to: tuple[str, ...],
          poll: bool, pdf: bool, dry_run: bool, with_web: bool, host: str, port: int) -> None:
    """Run the drop folder and the meeting schedule together until stopped (SIGTERM or Ctrl-C).

    The watcher behaves as 'pipeline watch'; the calendar is checked at start and then every
    --every minutes, as 'pipeline due' does. With --web, the web page is served too, on --host
    and --port, showing the same run log and calendar.
    """
    gc.enable()  # runs until stopped: cycles must be collected
    from ..deliver import service

    page = None
    if with_web:
        from ..web.server import WebServer

        page = WebServer(site(settings, out, calendar), host, port)
        page.start()
        click.echo(f"Serving the web page at {page.url}.")
    try:
        service.serve(folder, _delivery(settings, out, dry_run, pdf), calendar, tuple(to), every, date.today, poll,
                      report=lambda item: click.echo(drop_text(item)))
    finally:
        if page is not None:
            page.stop()


def history_text(entries: list[Entry]) -> str:
    """Each run on a line, then its outputs (with the first 12 characters of their SHA-256) and
    its emails (with what became of them)."""
    if not entries:
        return "No runs recorded yet."
    lines = []
    for e in entries:
        what = f"{e.report} {e.round}" if e.report else ""
        lines.append(f"#{e.id} {e.started} {e.source:<5} {e.input_file}: {e.status} {what}".rstrip()
                     + (f" ({counted(e.errors, 'error')}, {counted(e.warnings, 'warning')})" if e.errors or e.warnings else ""))
        if e.message and e.status != "built":
            lines.append(f"    {e.message.splitlines()[0]}")
        lines.extend(f"    output {o.path} (sha256 {o.sha256[:12]})" for o in e.outputs)
        lines.extend(f"    email {m.status} {m.at} to {', '.join(m.recipients)}: {m.subject}"
                     + (f" ({m.detail})" if m.detail else "") for m in e.emails)
    return "\n".join(lines)


def history_json(entries: list[Entry]) -> str:
    return json.dumps([asdict(e) for e in entries], ensure_ascii=False, indent=2)


COMMANDS = (watch, due, send, history, serve)
