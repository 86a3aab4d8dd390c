"""This process, as the run log and the drop folder know it: an id, and a lock held for as long as
the process lives. Another process tells whether it is still alive by trying the lock: the
operating system lets go of it when the process ends, however it ends (killed, or ended from
Task Scheduler), on Windows as on Linux."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import threading
from pathlib import Path

from filelock import FileLock, Timeout

from ..files import at_end

OWNERS = ".owners"  # the folder, beside the run log, of the locks of the processes that use it


class Owner:
    """This process's id and its lock in `folder` (taken on first use, held until it ends)."""

    def __init__(self, folder: Path):
        name = "".join(ch if ch.isalnum() else "-" for ch in socket.gethostname())[:40]
        self.id = f"{name}-{os.getpid()}-{secrets.token_hex(3)}"
        # One lock for every thread of the process (a thread-local one would wait on itself).
        self._lock = FileLock(str(Path(folder) / OWNERS / f"{self.id}.lock"), thread_local=False)
        self._taking = threading.Lock()
        self._folder = Path(folder)

    def hold(self) -> str:
        """Take this process's lock (once) and give its id."""
        with self._taking:
            if not self._lock.is_locked:
                (self._folder / OWNERS).mkdir(parents=True, exist_ok=True)
                self._lock.acquire()
                at_end(self.let_go)
        return self.id

    def let_go(self) -> None:
        """Release the lock and remove its file (at a normal end; after a kill, `alive` tidies it)."""
        if self._lock.is_locked:
            self._lock.release(force=True)
            with contextlib.suppress(OSError):
                Path(self._lock.lock_file).unlink()


_OWNERS: dict[Path, Owner] = {}


def this_process(folder: Path) -> Owner:
    """This process's owner for `folder` (one for the life of the process)."""
    key = Path(folder).resolve()
    return _OWNERS.setdefault(key, Owner(key))


def alive(folder: Path, owner: str | None) -> bool:
    """Whether the process `owner` still runs (a run with no owner recorded is taken as alive)."""
    if not owner:
        return True
    path = Path(folder) / OWNERS / f"{owner}.lock"
    if not path.exists():
        return False
    lock = FileLock(str(path), thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    lock.release()
    path.unlink(missing_ok=True)
    return False
