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


def serve(folder: DropFolder, due_job: Callable[[], object] | None, every_minutes: float,
          stop: threading.Event | None = None, log: Callable[[str], None] = print) -> None:
    stop = stop or threading.Event()
    scheduler = BackgroundScheduler(timezone="Europe/London")
    if due_job is not None:
        scheduler.add_job(due_job, "interval", minutes=every_minutes, next_run_time=datetime.now().astimezone(),
                          coalesce=True,
                          max_instances=1, misfire_grace_time=None, id="due")
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
    scheduler.start()
    log(f"Watching {folder.folder}" + (f"; checking the meeting calendar every {every_minutes:g} minutes"
                                        if due_job else "") + ". Stop with Ctrl-C.")
    try:
        folder.run(stop)
    finally:
        scheduler.shutdown(wait=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        log("Stopped.")
