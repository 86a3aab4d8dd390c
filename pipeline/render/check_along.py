"""The accessibility check of a long appendix, run in a second process while it is written.

Each part the check reads (`check.PARTS`) is sent to the second process as the zip writer
writes it, and read there as it comes, so on a machine with two cores the check adds little
to the time the writing takes. What is checked is exactly what is written. If the second
process cannot start or fails, the finished file is checked here instead: the findings are
the same either way.

Between the two processes each part is a frame holding its name, frames holding its bytes,
and an empty frame; a frame is its length (4 bytes, big-endian) and then its bytes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..model import Finding, Severity
from .check import PARTS, Reading, check

WORKER = [sys.executable, "-m", "pipeline.render.check_along"]


class CheckAlong:
    """Use as a context manager: `part` passes each part on as it is written, `findings` waits
    for the check's answer."""

    def __init__(self, name: str, severity: Severity, command: list[str] | None = None):
        self.name, self.severity = name, severity
        self.answered = False  # the second process gave the findings (else they were worked out here)
        try:
            self.process: subprocess.Popen | None = subprocess.Popen(
                command or WORKER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                env=_importable())
        except OSError:
            self.process = None

    def __enter__(self) -> CheckAlong:
        return self

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def part(self, name: str, pieces: Iterable[bytes]) -> Iterator[bytes]:
        """`pieces` passed on unchanged; a part the check reads is also sent to it, piece by piece."""
        if name not in PARTS:
            yield from pieces
            return
        self._send(name.encode("utf-8"))
        for piece in pieces:
            if piece:  # an empty frame ends the part
                self._send(piece)
            yield piece
        self._send(b"")

    def _send(self, payload: bytes) -> None:
        if self.process is None:
            return
        try:
            self.process.stdin.write(len(payload).to_bytes(4, "big"))
            self.process.stdin.write(payload)
        except OSError:  # the second process has gone: the file will be checked here
            self.process.kill()
            self.process.wait()
            self.process = None

    def findings(self, data: bytes) -> tuple[Finding, ...]:
        """The findings for the document written (`data`, its bytes)."""
        answer = None
        if self.process is not None:
            try:
                out, _ = self.process.communicate()
                answer = json.loads(out) if self.process.returncode == 0 else None
            except (OSError, ValueError):
                answer = None
        if answer is None:
            return check(Path(self.name), self.severity, data)
        self.answered = True
        return tuple(Finding(self.severity, code, message, self.name, None, where) for code, message, where in answer)


def _importable() -> dict[str, str]:
    """The environment, with this package importable by the second process wherever it runs."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def _frame(stream) -> bytes | None:
    header = stream.read(4)
    if len(header) < 4:
        return None
    return stream.read(int.from_bytes(header, "big"))


class _PartReader:
    """One part's frames, read as a file."""

    def __init__(self, stream):
        self.stream, self.pending, self.ended = stream, b"", False

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            pieces = [self.pending]
            while (piece := self._next()) is not None:
                pieces.append(piece)
            self.pending = b""
            return b"".join(pieces)
        if not self.pending:
            self.pending = self._next() or b""
        piece, self.pending = self.pending[:size], self.pending[size:]
        return piece

    def _next(self) -> bytes | None:
        if self.ended:
            return None
        piece = _frame(self.stream)
        if not piece:  # the part's end, or the input's
            self.ended = True
            return None
        return piece


def main() -> int:
    """The second process: read the parts from standard input, print the findings as JSON."""
    stream = sys.stdin.buffer
    reading = Reading("", Severity.WARNING)  # the name and severity are the first process's
    try:
        while (name := _frame(stream)) is not None:
            part = _PartReader(stream)
            reading.part(name.decode("utf-8"), part)
            part.read()  # whatever the parser did not need
        found = reading.findings()
    except Exception:  # noqa: BLE001 - any failure here: the first process checks the file itself
        return 1
    json.dump([[f.code, f.message, f.cell] for f in found], sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
