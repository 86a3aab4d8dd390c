"""Writing outputs so that a reader never sees half a file, a failed run loses nothing, a set of
outputs is written all or none, nothing is ever overwritten by accident, and colleagues on a
shared folder can read what was written.

A file another program holds open (Windows: a workbook open in Excel, an appendix open in Word)
cannot be moved or replaced there: such moves are tried again for a while, then reported as
`HeldOpen`, naming the file.
"""

from __future__ import annotations

import atexit
import os
import re
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import tenacity
from filelock import BaseFileLock, FileLock, Timeout

from .model import Fault

T = TypeVar("T")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
MAX_NAME_BYTES = 120  # leaves room for " - Q2 2024-25 - appendix.docx" within 255 bytes
HELD_FOR = 20.0  # seconds a file held open by another program is waited for
SHARING_VIOLATIONS = (5, 32, 33)  # Windows' access denied, sharing and lock violations
PART = ".part"  # what a file being written is called until it is complete
_KEPT = re.compile(r"\.(.+)\.[0-9a-f]{8}\.kept\.part")  # an output set aside while its replacement goes in


class HeldOpen(OSError):
    """A file another program holds open, so it could not be moved or replaced."""

    def __init__(self, path: Path):
        super().__init__(f"{path.name} is open in another program (Excel or Word, perhaps), so it could not be moved "
                         "or replaced: close it there and try again.")
        self.path = path


def safe_name(text: str, limit: int = MAX_NAME_BYTES) -> str:
    """`text` usable as a file name on Windows and Linux ("Q2 2024/25" -> "Q2 2024-25", "Executive 3
    December 2026: Council Plan" -> "... 2026 - Council Plan"), shortened
    to `limit` bytes of UTF-8 if need be."""
    name = " ".join(_UNSAFE.sub("-", text.replace(": ", " - ")).split()).strip(" .") or "appendix"
    if len(name.encode("utf-8")) > limit:
        name = name.encode("utf-8")[:limit].decode("utf-8", errors="ignore").rstrip(" .-")
    return name


def _umask() -> int:
    """The process's umask. Reading it means setting it for a moment, which another thread creating
    a file then would feel: so it is read once, when this module is first imported."""
    if os.name == "nt":
        return 0
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


_UMASK = _umask()


def readable_mode() -> int:
    """The mode a new file gets under this process's umask (0644 under 022): the temporary files
    outputs are written through are private (0600) until they take this."""
    return 0o666 & ~_UMASK


def patiently(action: Callable[[], T], path: Path) -> T:
    """`action` (a move or replace of `path`), tried again for HELD_FOR seconds while another
    program holds the file: Windows refuses to move or replace a file open in Excel or Word (a
    sharing violation). Any other refusal (no permission) is raised at once."""
    try:
        for attempt in tenacity.Retrying(retry=tenacity.retry_if_exception(held_by_another),
                                         stop=tenacity.stop_after_delay(HELD_FOR), reraise=True,
                                         wait=tenacity.wait_exponential(multiplier=0.1, max=2)):
            with attempt:
                return action()
    except PermissionError as exc:
        if held_by_another(exc):
            raise HeldOpen(path) from None
        raise
    raise AssertionError("tenacity stops with the last attempt's outcome")  # pragma: no cover


def held_by_another(exc: BaseException) -> bool:
    """Whether `exc` is Windows saying another program has the file open (ERROR_SHARING_VIOLATION,
    ERROR_LOCK_VIOLATION, or access denied, which a file open elsewhere can also give)."""
    return isinstance(exc, PermissionError) and getattr(exc, "winerror", None) in SHARING_VIOLATIONS


def reserve(folder: Path, name: str) -> Path:
    """`folder/name`, or `name (2)`, `name (3)` ..., taken for this process by creating it empty, so
    that two processes never take the same name and nothing is ever overwritten."""
    folder.mkdir(parents=True, exist_ok=True)
    stem, suffix, n = Path(name).stem, Path(name).suffix, 1
    while True:
        candidate = folder / (name if n == 1 else f"{stem} ({n}){suffix}")
        try:
            os.close(os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, readable_mode()))
            return candidate
        except FileExistsError:
            n += 1


def replace(source: Path, target: Path) -> Path:
    """`source` renamed to `target` (replacing it), in one step."""
    os.replace(source, target)
    return target


def move_into(source: Path, folder: Path, name: str) -> Path:
    """Move `source` into `folder` under `name` (or a name of its own beside it), never overwriting."""
    target = reserve(folder, name)
    try:
        return patiently(lambda: replace(source, target), source)
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to a temporary file beside `path`, then rename it into place."""
    return write_set({path: data})[0]


def write_set(files: Mapping[Path, bytes]) -> tuple[Path, ...]:
    """Write every file, or none: each is written in full beside its place first, and only then
    are they put in place; if any cannot be, those already put are taken back and the files they
    replaced restored. Returns the paths written."""
    parts: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            parts[path] = _part(path, data)
        _put_in_place(parts)
    finally:
        for part in parts.values():
            part.unlink(missing_ok=True)
    return tuple(files)


def _part(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=PART, dir=path.parent)
    part = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(part, readable_mode())
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return part


def _put_in_place(parts: dict[Path, Path]) -> None:
    kept: dict[Path, Path] = {}  # each file replaced, and where it is kept until all are in place
    placed: list[Path] = []
    try:
        for path, part in parts.items():
            if path.is_file():  # anything else in the way stops the set, which is then taken back
                keep = path.with_name(f".{path.name}.{secrets.token_hex(4)}.kept{PART}")
                kept[path] = patiently(lambda: replace(path, keep), path)
            patiently(lambda: replace(part, path), path)
            placed.append(path)
    except BaseException:
        for path in placed:
            path.unlink(missing_ok=True)
        for path, keep in kept.items():
            os.replace(keep, path)
        raise
    for keep in kept.values():
        keep.unlink(missing_ok=True)


def clear_leftovers(folder: Path, older_than: float = 600.0) -> list[Path]:
    """Put right what a process killed while writing a set of outputs left in `folder` (only what
    no live process could still be writing: files untouched for `older_than` seconds): half-written
    files are removed; an earlier output set aside to be replaced goes back where it was, if nothing
    took its place. Returns the files removed or put back."""
    cleared = []
    now = time.time()
    for part in sorted(Path(folder).glob(f".*{PART}")) if Path(folder).is_dir() else ():
        kept = _KEPT.fullmatch(part.name)
        try:
            if now - part.stat().st_mtime <= older_than:
                continue
            if kept and not (part.parent / kept.group(1)).exists():
                replace(part, part.parent / kept.group(1))
            else:
                part.unlink()
            cleared.append(part)
        except OSError:
            continue
    return cleared


_AT_END: list[Callable[[], None]] = []


def at_end(action: Callable[[], None]) -> None:
    """Run `action` when the process ends normally: at interpreter exit, or from `end_now` (the
    command line leaves with os._exit, which skips interpreter exit)."""
    _AT_END.append(action)
    atexit.register(action)


def end_now() -> None:
    """Run what `at_end` was given, now, once."""
    while _AT_END:
        action = _AT_END.pop()
        atexit.unregister(action)
        action()


# Locks between processes. Each is a file another process (or another thread, holding a lock of
# its own) cannot lock while it is held; the operating system lets go when the holder ends, however
# it ends. Made readable and writable by every account, so that one account can test another's.


ProcessLock = BaseFileLock


def process_lock(path: Path) -> ProcessLock:
    """The lock at `path`, to hold for as long as this process lives (every thread shares it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(str(path), thread_local=False, mode=0o666)


def is_held(path: Path) -> bool:
    """Whether some live process holds the lock at `path`: True when it cannot be told (another
    account's lock this one may not open)."""
    lock = FileLock(str(path), thread_local=False, mode=0o666)
    try:
        lock.acquire(timeout=0)
    except (Timeout, OSError):
        return True
    lock.release()
    return False


@contextmanager
def one_at_a_time(path: Path, waited: float = 120.0) -> Iterator[None]:
    """Hold the lock at `path` for the block; another process or thread waits its turn."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path), thread_local=False, mode=0o666)  # a lock of this block's own
    try:
        lock.acquire(timeout=waited)
    except Timeout:
        raise Fault(f"{path.parent} has been busy with another build for {waited:g} seconds: try again "
                    "shortly.") from None
    try:
        yield
    finally:
        lock.release()
