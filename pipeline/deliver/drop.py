"""One workbook dropped in the folder: claimed (moved into this process's own working folder, in
one step, before anything is read), built, its appendix emailed once, and filed in processed/ (or
rejected/, beside its checked copy and a note saying why). Another watcher on the same folder
cannot take the same file; a newer copy saved under the same name meanwhile is a job of its own.
A file another program holds open is waited for; a fault of the server's (a full disk, an
appendix open in Word) puts the workbook back in the folder to be tried again, never in rejected/.
Nothing is deleted and a name clash never overwrites."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .. import run
from ..files import HeldOpen, move_into, reserve, write_atomic
from ..present import errors_text
from .owner import HOST, OWNERS, alive, host_of, this_process
from .post import Dispatch, Post, appendix_key, mail_context
from .runlog import RunLog, facts, sha256_of

IGNORED_PREFIXES = ("~$", ".", "~")
IGNORED_SUFFIXES = (".tmp", ".part", ".crdownload", ".download", ".partial", ".swp", ".txt", ".eml", ".sqlite",
                    ".sqlite-journal", ".docx", ".toml", ".md", ".ini", ".log", ".json", ".db", ".lock")
WORKING, PROCESSED, REJECTED = "working", "processed", "rejected"
LOCK_FILE_STALE_AFTER = 12 * 3600  # seconds: an Excel lock file older than this was left by a crash


@dataclass(frozen=True)
class DropResult:
    file: str
    status: str  # "built", "rejected", "failed" (to be tried again), "waiting" (held open) or "gone"
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
    if _open_in_excel(path):
        return DropResult(path.name, "waiting", path, (), f"{path.name} is open in Excel (its lock file is beside it)")
    try:
        claimed = move_into(path, path.parent / WORKING / this_process(path.parent / WORKING).hold(), path.name)
    except FileNotFoundError:
        return DropResult(path.name, "gone", path, (), "another watcher took it, or it was removed, first")
    except HeldOpen as exc:
        return DropResult(path.name, "waiting", path, (), str(exc))
    run_id = None
    try:
        run_id = runlog.start("watch", path.name, sha256_of(claimed))
        return _handle_claimed(path, claimed, run_id, out, today, runlog, post, to, templates, pdf)
    except BaseException as exc:
        _give_back(path, claimed, run_id, runlog, exc)
        raise
    finally:
        with contextlib.suppress(OSError):  # this process's working folder, when nothing else is in it
            claimed.parent.rmdir()


def _open_in_excel(path: Path) -> bool:
    """Whether Excel's lock file stands beside the workbook, and is not one a crash left long ago."""
    lock = path.parent / f"~${path.name}"
    try:
        return datetime.now().timestamp() - lock.stat().st_mtime < LOCK_FILE_STALE_AFTER
    except OSError:
        return False


def back_in_folder(claimed: Path, folder: Path) -> Path:
    """A claimed workbook returned to the drop folder, to be handled again; where the officer has
    saved a newer one under its name meanwhile, filed in processed/ instead, as superseded (the
    newer one is handled in its turn)."""
    if (folder / claimed.name).exists():
        return move_into(claimed, folder / PROCESSED, f"{claimed.stem} superseded "
                                                      f"{datetime.now():%Y-%m-%d %H%M%S}{claimed.suffix}")
    return move_into(claimed, folder, claimed.name)


def _give_back(path: Path, claimed: Path, run_id: int | None, runlog: RunLog, exc: BaseException) -> None:
    """Whatever stopped the work (the run log's disk full, say), the file goes back in the folder and
    the run is marked failed where the run log can still be written."""
    if claimed.exists():
        back_in_folder(claimed, path.parent)
    if run_id is not None:
        with contextlib.suppress(Exception):
            runlog.finish(run_id, "failed", message=str(exc) or type(exc).__name__)


def _handle_claimed(path: Path, claimed: Path, run_id: int, out: Path, today: date, runlog: RunLog,
                    post: Post | None, to: tuple[str, ...], templates: Path | None, pdf: bool) -> DropResult:
    try:
        outcome = run.build(run.Request(tracker=claimed, today=today, templates=templates), out, pdf=pdf)
    except OSError as exc:  # the machine's fault, not the file's: tried again later
        why = exc.strerror or "the operating system refused"
        outcome = run.Failed(claimed, f"{path.name} could not be handled ({why}): check the output folder may be "
                                      "written to and has space.")
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the folder
        outcome = run.Refused(claimed, f"{path.name} could not be handled ({type(exc).__name__}); it has been set "
                                       "aside untouched: report this with the file.")
    if isinstance(outcome, run.Built):
        return _built(path, claimed, run_id, outcome, runlog, post, to)
    if isinstance(outcome, run.Failed):
        return _put_back(path, claimed, run_id, outcome, runlog)
    return _rejected(path, claimed, run_id, outcome, runlog)


def _built(path: Path, claimed: Path, run_id: int, outcome: run.Built, runlog: RunLog, post: Post | None,
           to: tuple[str, ...]) -> DropResult:
    dispatch = None
    if post and to:
        summary = outcome.summary
        context = mail_context(outcome.title, summary.paragraph, list(outcome.attachments))
        dispatch = post.dispatch(list(outcome.attachments), list(to), context, appendix_key(outcome.appendix, to),
                                 run_id)
    destination = move_into(claimed, path.parent / PROCESSED, stamped(path, datetime.now()))
    runlog.finish(run_id, "built", facts(outcome), moved_to=destination)
    return DropResult(path.name, "built", destination, outcome.outputs, email=dispatch)


def _put_back(path: Path, claimed: Path, run_id: int, outcome: run.Failed, runlog: RunLog) -> DropResult:
    """A fault of the server's: the workbook goes back in the folder, to be tried again."""
    back = back_in_folder(claimed, path.parent)
    runlog.finish(run_id, "failed", facts(outcome), moved_to=back)
    return DropResult(path.name, "failed", back, (), f"{outcome.message.rstrip('.')}; it is back in the folder, to be "
                                                    "tried again.")


def _rejected(path: Path, claimed: Path, run_id: int, outcome: run.Blocked | run.Refused,
              runlog: RunLog) -> DropResult:
    folder = path.parent / REJECTED
    when = datetime.now()
    base = f"{path.stem} {when:%Y-%m-%d %H%M%S}"
    moved = []
    if isinstance(outcome, run.Blocked) and outcome.checked_copy:  # written to the output folder by the build
        moved.append(move_into(outcome.checked_copy, folder, f"{base} - checked{outcome.checked_copy.suffix}"))
    reason = outcome.message if isinstance(outcome, run.Refused) else _errors_reason(outcome)
    note = write_atomic(reserve(folder, f"{base} - why.txt"), (_note(path, outcome, moved) + "\n").encode("utf-8"))
    destination = move_into(claimed, folder, stamped(path, when))
    runlog.finish(run_id, "refused" if isinstance(outcome, run.Refused) else "rejected", facts(outcome), reason,
                  destination)
    return DropResult(path.name, "rejected", destination, tuple(moved) + (note,), reason)


def _errors_reason(outcome: run.Blocked) -> str:
    first, more = outcome.errors[0], len(outcome.errors) - 1
    where = f"{first.sheet}!{first.cell}: " if first.sheet and first.cell else ""
    return f"{where}{first.message}" + (f" There {'is' if more == 1 else 'are'} {more} more." if more else "")


def _note(path: Path, outcome: run.Blocked | run.Refused, checked: list[Path]) -> str:
    if isinstance(outcome, run.Refused):
        return outcome.message
    text = errors_text(path.name, outcome.findings, commands=False)
    if checked:
        text += f"\n\nOpen {checked[0].name} (beside this note) to see every problem marked on the workbook."
    errors = len(outcome.errors)
    return text + f"\nFix the error{'s' if errors != 1 else ''} and drop the workbook into the folder again."


def reclaim_leftovers(folder: Path, mention_others: bool = False) -> list[str]:
    """Workbooks a watcher on this machine claimed and did not finish (it was killed, or the machine
    stopped) go back in the folder, to be handled again: a sentence for each. A claim of a watcher
    on another machine (a shared drop folder) is left to it; with `mention_others`, each is said."""
    notes = []
    working = folder / WORKING
    for owned in sorted(p for p in working.iterdir() if p.is_dir() and p.name != OWNERS) if working.is_dir() else ():
        if host_of(owned.name) != HOST:
            notes += [f"{left.name}: is being handled by a watcher on {host_of(owned.name)} (in {owned}); if that "
                      "machine's watcher has stopped, move it back into the folder." for left in sorted(owned.iterdir())
                      if mention_others]
        elif not alive(working, owned.name):
            notes += [_reclaimed(left, folder) for left in sorted(owned.iterdir())]
            with contextlib.suppress(OSError):
                owned.rmdir()
    return notes


def _reclaimed(left: Path, folder: Path) -> str:
    back = back_in_folder(left, folder)
    where = "it is back in the folder, to be handled again" if back.parent == folder else \
        f"a newer copy is in the folder, so it was filed as {back.name}"
    return f"{left.name}: was being handled when its watcher stopped; {where}."
