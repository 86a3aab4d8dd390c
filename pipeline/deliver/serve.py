"""`pipeline serve`: the drop folder and the meeting schedule in one long-lived process.

APScheduler runs `due` at start and then every interval; the watcher runs in the main thread.
SIGTERM or Ctrl-C stops both cleanly: the file being handled is finished first."""

from __future__ import annotations

import signal
import threading
from datetime import datetime
from typing import Callable

from apscheduler.schedulers.background import BackgroundScheduler

from .watch import DropFolder

# What stops the service cleanly: Ctrl-C everywhere, SIGTERM where there is one (Linux, systemd),
# Ctrl-Break on Windows. Task Scheduler's "End" stops a process outright; what it was doing is
# then found and put right when the service next starts (see runlog.recover and drop.reclaim_leftovers).
_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGBREAK") if hasattr(signal, name))


def serve(folder: DropFolder, due_job: Callable[[], object] | None, every_minutes: float,
          stop: threading.Event | None = None, log: Callable[[str], None] = print) -> None:
    stop = stop or threading.Event()
    scheduler = BackgroundScheduler(timezone="Europe/London")
    if due_job is not None:
        scheduler.add_job(due_job, "interval", minutes=every_minutes, next_run_time=datetime.now().astimezone(),
                          coalesce=True,
                          max_instances=1, misfire_grace_time=None, id="due")
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in _STOP_SIGNALS}
    scheduler.start()
    waiting = len(folder.candidates())
    log(f"Watching {folder.folder}" + (f"; checking the meeting calendar every {every_minutes:g} minutes"
                                        if due_job else "") + ". " +
        (f"{waiting} workbook{'s' if waiting != 1 else ''} waiting." if waiting else "Waiting for workbooks.")
        + " Stop with Ctrl-C.")
    try:
        folder.run(stop)
    finally:
        scheduler.shutdown(wait=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        log("Stopped.")
