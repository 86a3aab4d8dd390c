"""One workbook dropped in the folder: built from a private copy, its outputs written, the
appendix emailed, and the workbook moved to processed/ (or rejected/, beside its checked copy
and a note saying why). Nothing is deleted and a name clash never overwrites."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .. import run
from ..files import unique_path, write_atomic
from ..present import errors_text
from .post import Dispatch, Post, mail_context
from .runlog import RunLog, sha256_of

IGNORED_PREFIXES = ("~$", ".", "~")
IGNORED_SUFFIXES = (".tmp", ".part", ".crdownload", ".download", ".partial", ".swp", ".txt", ".eml", ".sqlite",
                    ".sqlite-journal", ".docx", ".toml", ".md", ".ini", ".log", ".json", ".db")


@dataclass(frozen=True)
class DropResult:
    file: str
    status: str  # "built", "rejected", or "gone" (taken out of the folder before it was handled)
    moved_to: Path
    outputs: tuple[Path, ...]
    reason: str = ""
    email: Dispatch | None = None


def ignored(path: Path) -> bool:
    """Lock files, temporary files, hidden files and our own outputs are not trackers."""
    name = path.name
    return name.startswith(IGNORED_PREFIXES) or name.lower().endswith(IGNORED_SUFFIXES)


def stamped(path: Path, when: datetime) -> str:
    return f"{path.stem} {when:%Y-%m-%d %H%M%S}{path.suffix}"


def handle(path: Path, out: Path, today: date, runlog: RunLog, post: Post | None = None,
           to: tuple[str, ...] = (), templates: Path | None = None, pdf: bool = False) -> DropResult:
    path = Path(path)
    try:
        digest = sha256_of(path)
    except FileNotFoundError:
        return DropResult(path.name, "gone", path, (), "the file was removed before it could be read")
    run_id = runlog.start("watch", path.name, digest)
    try:
        return _handle(path, digest, run_id, out, today, runlog, post, to, templates, pdf)
    except FileNotFoundError:
        runlog.finish(run_id, "gone", message="the file was removed from the folder while it was being handled")
        return DropResult(path.name, "gone", path, (), "the file was removed from the folder while it was handled")


def _handle(path: Path, digest: str, run_id: int, out: Path, today: date, runlog: RunLog, post: Post | None,
            to: tuple[str, ...], templates: Path | None, pdf: bool) -> DropResult:
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / path.name
        shutil.copy2(path, copy)  # the build reads a private copy: the officer's file is only moved
        outcome: run.Built | run.Blocked | run.Refused
        try:
            outcome = run.build(run.Request(tracker=copy, today=today, templates=templates), out, pdf=pdf)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the folder
            outcome = run.Refused(copy, f"{path.name} could not be handled ({type(exc).__name__}: {exc}); "
                                  "it has been set aside untouched: report this with the file.")
        if isinstance(outcome, run.Built):
            return _built(path, digest, run_id, outcome, runlog, post, to)
        return _rejected(path, run_id, outcome, runlog)


def _built(path: Path, digest: str, run_id: int, outcome: run.Built, runlog: RunLog, post: Post | None,
           to: tuple[str, ...]) -> DropResult:
    dispatch = None
    if post and to:
        docx = outcome.appendix
        summary = outcome.summary
        context = mail_context(f"{summary.plan} - {summary.round.label}", summary.paragraph, outcome.attachments)
        key = f"drop:{digest}:{sha256_of(docx)}:{','.join(sorted(to))}"
        dispatch = post.dispatch(outcome.attachments, list(to), context, key, run_id)
    destination = _move(path, "processed")
    runlog.finish(run_id, "built", outcome, moved_to=destination)
    return DropResult(path.name, "built", destination, outcome.outputs, email=dispatch)


def _rejected(path: Path, run_id: int, outcome: run.Blocked | run.Refused, runlog: RunLog) -> DropResult:
    folder = path.parent / "rejected"
    folder.mkdir(exist_ok=True)
    when = datetime.now()
    base = f"{path.stem} {when:%Y-%m-%d %H%M%S}"
    moved = []
    if isinstance(outcome, run.Blocked) and outcome.checked_copy:  # written to the output folder by the build
        target = unique_path(folder, f"{base} - checked{outcome.checked_copy.suffix}")
        shutil.move(str(outcome.checked_copy), target)
        moved.append(target)
    reason = outcome.message if isinstance(outcome, run.Refused) else _errors_reason(outcome)
    note = unique_path(folder, f"{base} - why.txt")
    write_atomic(note, (_note(path, outcome, moved) + "\n").encode("utf-8"))
    destination = _move(path, "rejected", when)
    runlog.finish(run_id, "refused" if isinstance(outcome, run.Refused) else "rejected", outcome, reason, destination)
    return DropResult(path.name, "rejected", destination, tuple(moved) + (note,), reason)


def _errors_reason(outcome: run.Blocked) -> str:
    first, more = outcome.errors[0], len(outcome.errors) - 1
    where = f"{first.sheet}!{first.cell}: " if first.sheet and first.cell else ""
    return f"{where}{first.message}" + (f" There {'is' if more == 1 else 'are'} {more} more." if more else "")


def _note(path: Path, outcome: run.Blocked | run.Refused, checked: list[Path]) -> str:
    if isinstance(outcome, run.Refused):
        return outcome.message
    text = errors_text(path.name, outcome.findings)
    if checked:
        text += f"\n\nOpen {checked[0].name} (beside this note) to see every problem marked on the workbook."
    return text + "\nFix the errors and drop the workbook into the folder again."


def _move(path: Path, kind: str, when: datetime | None = None) -> Path:
    folder = path.parent / kind
    folder.mkdir(exist_ok=True)
    destination = unique_path(folder, stamped(path, when or datetime.now()))
    shutil.move(str(path), destination)
    return destination
