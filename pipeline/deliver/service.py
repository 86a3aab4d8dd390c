"""The library calls behind `pipeline watch`, `due`, `serve` and `send`: each builds through
`pipeline.run`, like the command line does, and records its runs in the run log."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..files import clear_leftovers
from ..model import ConfigError, Fault, Refusal
from ..render.parse import describe
from . import drop, email, meetings
from .due import DueResult, due
from .mailconfig import require_server
from .post import Dispatch, Post, appendix_key, mail_context
from .runlog import RunLog, sha256_of

if TYPE_CHECKING:  # imported when used: watching a folder and the schedule load watchdog and APScheduler
    from .watch import DropFolder

Report = Callable[[object], None]


@dataclass(frozen=True)
class Delivery:
    """Where outputs go and how mail is sent, for one command."""

    out: Path
    config: Path | None = None
    dry_run: bool = False
    templates: Path | None = None
    pdf: bool = False  # build a PDF beside each appendix, and send it too

    def runlog(self) -> RunLog:
        return RunLog(self.out)

    def post(self, runlog: RunLog | None = None, sleep: Callable[[float], None] | None = None,
             early: bool = True) -> Post:
        """How mail goes. With no mail server named (and the emails not only kept as files), `early`
        refuses here, before anything is built; otherwise each message is refused as it comes."""
        mail = email.settings(self.config)
        if early and not self.dry_run:
            require_server(mail)
        post = Post(mail, self.out / "outbox", runlog or self.runlog(), self.dry_run, self.templates)
        return replace(post, sleep=sleep) if sleep else post


def send_appendix(docx: Path, to: list[str], delivery: Delivery, report: Report = print) -> Dispatch:
    """`pipeline send`: email an appendix already built, once, with its PDF when one was built
    from it (beside it, of the same name, and no older); the run log records it."""
    title, paragraph = describe(docx)
    files = [Path(docx), *pdf_beside(Path(docx))]
    context = mail_context(title, paragraph, files)
    digest = sha256_of(docx)
    runlog = delivery.runlog()
    post = delivery.post(runlog)
    for note in put_right(runlog):
        report(note)
    run_id = runlog.start("send", Path(docx).name, digest)
    dispatch = post.dispatch(files, list(to), context, appendix_key(Path(docx), to), run_id)
    runlog.finish(run_id, dispatch.status, message=dispatch.detail or None)
    return dispatch


def pdf_beside(docx: Path) -> list[Path]:
    """The PDF built from `docx`, if there is one: an older PDF of the same name is left behind."""
    pdf = docx.with_suffix(".pdf")
    return [pdf] if pdf.is_file() and pdf.stat().st_mtime >= docx.stat().st_mtime else []


def watcher(folder: Path, delivery: Delivery, to: tuple[str, ...], today: Callable[[], date],
            settle: float = 2.0, poll: bool = False, report: Report = print) -> DropFolder:
    """A DropFolder whose files are handled by `drop.handle` and reported as they finish."""
    from .watch import DropFolder

    folder = Path(folder)
    if not folder.is_dir():
        raise Refusal(folder.name or str(folder), f"The folder {folder} does not exist: create it (or run "
                      "'pipeline init'), or give the folder to watch.")
    runlog = delivery.runlog()
    post = delivery.post(runlog) if to else None
    for note in put_right(runlog, folder, mention_others=True):
        report(note)

    def handle(path: Path) -> drop.DropResult:
        result = drop.handle(path, delivery.out, today(), runlog, post, to, delivery.templates, delivery.pdf)
        report(result)
        return result

    def failed(path: Path, exc: Exception) -> None:
        if isinstance(exc, (Fault, ConfigError, Refusal)):
            said = str(exc).rstrip(".")
        elif isinstance(exc, OSError):
            said = f"it could not be handled ({exc.strerror or 'the operating system refused'})"
        else:
            said = "it could not be handled (an unexpected fault: report this with the file)"
        report(drop.DropResult(path.name, "failed", path, (), f"{said}; it is back in the folder, to be tried again."))

    def tidy() -> None:  # on each rescan: what a process that ended meanwhile left
        for note in put_right(runlog, folder):
            report(note)

    return DropFolder(folder, handle, settle=settle, poll=poll, failed=failed, note=report, tidy=tidy)


def put_right(runlog: RunLog, folder: Path | None = None, mention_others: bool = False) -> list[str]:
    """What processes that ended without finishing left, put right: their runs marked interrupted,
    their emails in the middle of sending marked unknown, the workbooks they had claimed back in
    the drop folder, half-written outputs removed. A sentence for each thing the officer should
    know."""
    notes = runlog.recover()
    if folder is not None:
        notes += drop.reclaim_leftovers(folder, mention_others)
    clear_leftovers(runlog.path.parent)
    return notes


def due_now(calendar: Path, delivery: Delivery, today: date, report: Report = print) -> list[DueResult]:
    """`pipeline due`: build and send what the calendar says is due on `today`; a result per meeting
    (and first, anything a run that ended without finishing left, put right and `report`ed)."""
    runlog = delivery.runlog()
    for note in put_right(runlog):
        report(note)
    listed = meetings.load(calendar)  # a calendar that cannot be used is said before the mail settings
    post = delivery.post(runlog, early=False)  # a calendar with nothing due needs no mail server
    return due(listed, Path(calendar).parent, today, delivery.out, runlog, post, delivery.templates, delivery.pdf)


def due_job(calendar: Path, delivery: Delivery, today: Callable[[], date],
            report: Report = print) -> Callable[[], None]:
    """The scheduled job: run `due` for today and report each meeting's result."""

    def job() -> None:
        try:
            for result in due_now(calendar, delivery, today(), report):
                report(result)
        except (ConfigError, Refusal, Fault) as exc:
            report(f"The meeting calendar was not checked: {exc}")
        except Exception as exc:  # noqa: BLE001 - the service goes on; the next check tries again
            report(f"The meeting calendar check stopped unexpectedly ({type(exc).__name__}); it runs again at the "
                   "next check: report this if it repeats.")

    return job


def serve(folder: Path, delivery: Delivery, calendar: Path | None, to: tuple[str, ...], every_minutes: float,
          today: Callable[[], date], poll: bool = False, stop: threading.Event | None = None,
          report: Report = print, settle: float = 2.0) -> None:
    from .serve import serve as run_service

    job = due_job(calendar, delivery, today, report) if calendar else None
    run_service(watcher(folder, delivery, to, today, settle, poll, report), job, every_minutes, stop, log=report)


def watch_folder(folder: Path, delivery: Delivery, to: tuple[str, ...], today: Callable[[], date],
                 settle: float = 2.0, poll: bool = False, once: bool = False,
                 report: Report = print) -> None:
    """`pipeline watch`: the drop folder until stopped, or with `once` the workbooks waiting now."""
    if once:
        drop_folder = watcher(folder, delivery, to, today, settle, poll, report)
        if not drop_folder.candidates():
            report(f"No workbooks are waiting in {folder}.")
        drop_folder.drain()
    else:
        serve(folder, delivery, None, to, 0, today, poll, report=report, settle=settle)
