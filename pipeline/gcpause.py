"""The cycle collector paused while a run works: the stages build hundreds of thousands of small
immutable objects and no reference cycles, which Python's collector would rescan again and again
(a third of the time of a large build)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_pause_lock = threading.Lock()
_pauses = 0
_was_enabled = True


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """The stages build hundreds of thousands of small immutable objects and no reference cycles;
    Python's cycle collector would rescan them all again and again (a third of the time of a
    large build), so it is paused while a run works (runs in threads share one pause), and left
    as it was found afterwards."""
    global _pauses, _was_enabled
    with _pause_lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
        _pauses += 1
        gc.disable()
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
