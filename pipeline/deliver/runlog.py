"""The run log: an SQLite database in the output folder recording every run, its outputs, the
emails sent and the meetings served. It is what makes "never twice" and "catch up" hold
across restarts. Each call opens its own short connection, so threads can share a RunLog."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .. import run
from ..model import Finding

FILE_NAME = "pipeline-runs.sqlite"
SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    source TEXT NOT NULL,
    input_file TEXT NOT NULL,
    input_hash TEXT,
    report TEXT,
    round TEXT,
    status TEXT NOT NULL,
    errors INTEGER DEFAULT 0,
    warnings INTEGER DEFAULT 0,
    message TEXT,
    moved_to TEXT
);
CREATE TABLE IF NOT EXISTS outputs (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS emails (
    id INTEGER PRIMARY KEY,
    run_id INTEGER REFERENCES runs(id),
    key TEXT NOT NULL,
    recipients TEXT NOT NULL,
    subject TEXT NOT NULL,
    status TEXT NOT NULL,
    at TEXT NOT NULL,
    detail TEXT
);
CREATE INDEX IF NOT EXISTS emails_key ON emails(key, status);
CREATE TABLE IF NOT EXISTS claims (
    key TEXT PRIMARY KEY,
    since REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS meetings (
    key TEXT PRIMARY KEY,
    meeting_date TEXT NOT NULL,
    committee TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id),
    done_at TEXT NOT NULL
);
"""


def now() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Entry:
    id: int
    started: str
    source: str
    input_file: str
    report: str | None
    round: str | None
    status: str
    errors: int
    warnings: int
    message: str | None
    outputs: tuple[str, ...]
    emails: tuple[str, ...]


def _outputs(outcome: run.Outcome | None) -> tuple[Path, ...]:
    """What a run made: a build's appendix and paragraph (and PDF), or a blocked build's checked copy."""
    if isinstance(outcome, run.Built):
        return outcome.outputs
    if isinstance(outcome, run.Blocked) and outcome.checked_copy:
        return (outcome.checked_copy,)
    return ()


class RunLog:
    def __init__(self, folder: Path):
        self.path = Path(folder) / FILE_NAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.executescript(SCHEMA)

    def _connect(self) -> closing[sqlite3.Connection]:
        return closing(sqlite3.connect(self.path, timeout=30, isolation_level=None))

    def _write(self, sql: str, params: tuple[object, ...] = ()) -> int:
        with self._connect() as db:
            return db.execute(sql, params).lastrowid or 0

    def start(self, source: str, input_file: str, input_hash: str | None) -> int:
        return self._write("INSERT INTO runs (started, source, input_file, input_hash, status) VALUES (?, ?, ?, ?, ?)",
                           (now(), source, input_file, input_hash, "running"))

    def finish(self, run_id: int, status: str, outcome: run.Outcome | None = None, message: str | None = None,
               moved_to: Path | None = None) -> None:
        summary = getattr(outcome, "summary", None)
        findings: tuple[Finding, ...] = getattr(outcome, "findings", ())
        refusal = outcome.message if isinstance(outcome, run.Refused) else None
        outputs = _outputs(outcome)
        with self._connect() as db:
            db.execute("UPDATE runs SET finished=?, status=?, report=?, round=?, errors=?, warnings=?, message=?, "
                       "moved_to=? WHERE id=?",
                       (now(), status, summary.plan if summary else None, summary.round.label if summary else None,
                        len(run.errors_in(findings)), len(run.warnings_in(findings)), message or refusal,
                        str(moved_to) if moved_to else None, run_id))
            for path in outputs:
                if Path(path).exists():
                    db.execute("INSERT INTO outputs VALUES (?, ?, ?)", (run_id, str(path), sha256_of(path)))

    def email_done(self, key: str) -> bool:
        with self._connect() as db:
            return db.execute("SELECT 1 FROM emails WHERE key=? AND status IN ('sent', 'partly sent')",
                              (key,)).fetchone() is not None

    def record_email(self, run_id: int | None, key: str, recipients: list[str], subject: str, status: str,
                     detail: str | None = None) -> None:
        self._write("INSERT INTO emails (run_id, key, recipients, subject, status, at, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (run_id, key, json.dumps(recipients), subject, status, now(), detail))

    def claim(self, key: str, stale_after: float = 3600.0) -> bool:
        """Take `key` for this process; False while another process holds it. A claim left by a
        process that died (older than `stale_after` seconds) is taken over."""
        with self._connect() as db:
            db.execute("DELETE FROM claims WHERE key=? AND since < ?", (key, time.time() - stale_after))
            try:
                db.execute("INSERT INTO claims VALUES (?, ?)", (key, time.time()))
                return True
            except sqlite3.IntegrityError:
                return False

    def release(self, key: str) -> None:
        self._write("DELETE FROM claims WHERE key=?", (key,))

    def meeting_done(self, key: str) -> bool:
        with self._connect() as db:
            return db.execute("SELECT 1 FROM meetings WHERE key=?", (key,)).fetchone() is not None

    def record_meeting(self, key: str, meeting_date: str, committee: str, run_id: int | None) -> None:
        self._write("INSERT OR IGNORE INTO meetings VALUES (?, ?, ?, ?, ?)", (key, meeting_date, committee, run_id, now()))

    def history(self, limit: int = 20) -> list[Entry]:
        with self._connect() as db:
            runs = db.execute("SELECT id, started, source, input_file, report, round, status, errors, warnings, message "
                              "FROM runs ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
            entries = []
            for row in runs:
                outputs = tuple(p for (p,) in db.execute("SELECT path FROM outputs WHERE run_id=?", (row[0],)))
                emails = tuple(f"{status} to {', '.join(json.loads(to))} at {at}" for to, status, at in
                               db.execute("SELECT recipients, status, at FROM emails WHERE run_id=?", (row[0],)))
                run_id, started, source, file, report, round_, status, errors, warnings, message = row
                entries.append(Entry(run_id, started, source, file, report, round_, status, errors, warnings, message,
                                     outputs, emails))
            return entries


def read_history(folder: Path, limit: int = 20) -> list[Entry]:
    """The latest runs logged in `folder`; none, and nothing made, when it has no run log."""
    if not (Path(folder) / FILE_NAME).is_file():
        return []
    return RunLog(folder).history(limit)
