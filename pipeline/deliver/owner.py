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

from ..files import ProcessLock, at_end, is_held, process_lock
from ..model import Fault

OWNERS = ".owners"  # the folder of the locks of the processes that use the folder it is in
HOST = "".join(ch if ch.isalnum() else "-" for ch in socket.gethostname())[:40]


class Owner:
    """This process's id and its lock in `folder` (taken on first use, held until it ends)."""

    def __init__(self, folder: Path):
        self.id = f"{HOST}-{os.getpid()}-{secrets.token_hex(3)}"
        self._path = Path(folder) / OWNERS / f"{self.id}.lock"
        self._lock: ProcessLock | None = None
        self._taking = threading.Lock()

    def hold(self) -> str:
        """Take this process's lock (once) and give its id."""
        with self._taking:
            if self._lock is None:
                try:
                    lock = process_lock(self._path)
                    lock.acquire()
                except OSError as exc:
                    raise Fault(f"{self._path.parent.parent} cannot be written to ({exc.strerror or 'refused'}): "
                                "check the folder exists and this account may write to it.") from None
                self._lock = lock
                at_end(self.let_go)
        return self.id

    def let_go(self) -> None:
        """Release the lock and remove its file (at a normal end; after a kill, `alive` tidies it)."""
        with self._taking:
            if self._lock is not None:
                self._lock.release(force=True)
                self._lock = None
                with contextlib.suppress(OSError):
                    self._path.unlink()


_OWNERS: dict[Path, Owner] = {}
_MAKING = threading.Lock()


def this_process(folder: Path) -> Owner:
    """This process's owner for `folder` (one for the life of the process)."""
    key = Path(folder).resolve()
    with _MAKING:
        return _OWNERS.setdefault(key, Owner(key))


def host_of(owner: str) -> str:
    """The machine an owner id was made on."""
    return owner.rsplit("-", 2)[0]


def alive(folder: Path, owner: str | None) -> bool:
    """Whether the process `owner` still runs (a run with no owner recorded, or whose lock cannot be
    tested, is taken as alive)."""
    if not owner:
        return True
    path = Path(folder) / OWNERS / f"{owner}.lock"
    if not path.exists():
        return False
    if is_held(path):
        return True
    with contextlib.suppress(OSError):
        path.unlink()
    return False
