"""The drop folder. File-system events are only hints: a file is handled once its size and
modification time have stayed the same for a quiet period (a copy over a network share is
waited for, not read half-written), and the folder is rescanned now and then, because events
on shared drives are unreliable. Polling can replace events entirely (`--poll`)."""

from __future__ import annotations

import contextlib
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from .drop import ignored

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


class _Hints(FileSystemEventHandler):
    def __init__(self, notice: Callable[[Path], None]):
        self.notice = notice

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):
            return
        target = getattr(event, "dest_path", "") or event.src_path
        self.notice(Path(str(target)))


@dataclass
class _Pending:
    size: int
    mtime: float
    since: float


@dataclass
class DropFolder:
    folder: Path
    handle: Callable[[Path], object]
    settle: float = 2.0  # seconds a file must stay unchanged before it is read
    poll: bool = False
    rescan: float = 30.0
    retry: float = 60.0  # seconds before a file that could not be handled this time is tried again
    failed: Callable[[Path, Exception], object] = lambda path, exc: None
    note: Callable[[str], object] = lambda text: None
    tidy: Callable[[], object] = lambda: None  # on each rescan: what processes that ended left, put right
    pending: dict[Path, _Pending] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    resting: dict[Path, tuple[int, float, float]] = field(default_factory=dict)  # (size, mtime, until)
    skipped: set[Path] = field(default_factory=set)  # links, said once

    def candidates(self) -> list[Path]:
        """The workbooks waiting in the folder itself: no link to a file elsewhere is ever followed."""
        found = []
        for path in sorted(self.folder.iterdir()):
            if ignored(path) or not path.is_file():
                continue
            if path.is_symlink() or path.resolve().parent != self.folder.resolve():
                if path not in self.skipped:
                    self.skipped.add(path)
                    self.note(f"{path.name}: a link to a file elsewhere, so it was skipped: copy the workbook itself "
                              "into the folder.")
                continue
            found.append(path)
        return found

    def notice(self, path: Path) -> None:
        if path.parent == self.folder and not ignored(path) and not self._resting(path):
            with self.lock:
                self.pending.setdefault(path, _Pending(-1, -1.0, time.monotonic()))

    def run(self, stop: threading.Event) -> None:
        """Watch until `stop` is set, handling each settled file once."""
        observer = PollingObserver(timeout=1.0) if self.poll else Observer()
        observer.schedule(_Hints(self.notice), str(self.folder), recursive=False)
        try:
            observer.start()
        except OSError:  # no events from this folder (out of reach as it started): the rescans find the files
            self.note(f"Changes in {self.folder} cannot be followed as they happen; it is looked at every "
                      f"{self.rescan:g} seconds instead.")
        try:
            last_scan, unreachable = 0.0, False
            while not stop.is_set():
                if time.monotonic() - last_scan >= self.rescan or self._rest_over():
                    unreachable = self._rescan(unreachable)
                    last_scan = time.monotonic()
                self.step()
                stop.wait(0.25)
        finally:
            observer.stop()
            observer.join(timeout=10)

    def _rescan(self, unreachable: bool) -> bool:
        """List the folder again (and put right what ended processes left); a folder that cannot be
        reached for a while (a share's network gone) is said once, and waited for. Returns whether
        it could not be reached."""
        try:
            found = self.candidates()
            self.resting = {p: rest for p, rest in list(self.resting.items()) if p in found}  # gone: forgotten
            for path in found:
                self.notice(path)
            self.tidy()
        except OSError as exc:
            if not unreachable:
                self.note(f"The folder {self.folder} cannot be reached ({exc.strerror or 'refused'}); waiting for "
                          "it to come back.")
            return True
        if unreachable:
            self.note(f"The folder {self.folder} can be reached again.")
        return False

    def _rest_over(self) -> bool:
        """Whether a file left to rest may be tried again (its time is up)."""
        now = time.monotonic()
        return any(until <= now for _, _, until in list(self.resting.values()))

    def drain(self) -> None:
        """Handle every file waiting now, once each has settled (for `watch --once` and cron)."""
        for path in self.candidates():
            self.notice(path)
        while self.pending:
            self.step()
            if self.pending:
                time.sleep(0.25)

    def step(self) -> None:
        now = time.monotonic()
        with self.lock:
            items = list(self.pending.items())
        for path, seen in items:
            ready = self._settled(path, seen, now)
            if ready is None:
                with self.lock:
                    self.pending.pop(path, None)
            elif ready:
                with self.lock:
                    self.pending.pop(path, None)
                try:
                    result = self.handle(path)
                except Exception as exc:  # noqa: BLE001 - the folder goes on; the file stays, to be tried again
                    result = None
                    self.failed(path, exc)
                if getattr(result, "status", "failed") in ("failed", "waiting"):
                    self._rest(path)

    def _rest(self, path: Path) -> None:
        """Leave a file that could not be handled this time until it changes or `retry` has passed."""
        with contextlib.suppress(OSError):
            stat = path.stat()
            self.resting[path] = (stat.st_size, stat.st_mtime, time.monotonic() + self.retry)

    def _resting(self, path: Path) -> bool:
        if path not in self.resting:
            return False
        size, mtime, until = self.resting[path]
        try:
            stat = path.stat()
        except OSError:
            return True
        if (stat.st_size, stat.st_mtime) == (size, mtime) and time.monotonic() < until:
            return True
        del self.resting[path]
        return False

    def _settled(self, path: Path, seen: _Pending, now: float) -> bool | None:
        """True when `path` is ready, False to wait, None when it has gone."""
        try:
            stat = path.stat()
        except FileNotFoundError:
            return None
        if (stat.st_size, stat.st_mtime) != (seen.size, seen.mtime):
            seen.size, seen.mtime, seen.since = stat.st_size, stat.st_mtime, now
            return False
        quiet = now - seen.since
        if quiet < self.settle:
            return False
        # A workbook that is not yet a readable zip may still be arriving: give it longer.
        if path.suffix.lower() in WORKBOOK_SUFFIXES and not zipfile.is_zipfile(path):
            return quiet >= self.settle * 5
        return True
