"""The run log: an SQLite database in the output folder recording every run (build, send, watch,
due, web), its outputs with their SHA-256, the emails sent and the meetings served. It is what
makes "never twice" and "catch up" hold across restarts.

Each call opens its own short connection, so threads can share a RunLog, and a write that meets
the database locked by another process is tried again for a while. An email is recorded as
"sending" before it is handed to the mail server and "sent" after, so that a process killed in
between leaves a record that it may have gone: such a message is reported, never sent again
blindly. Runs and claims left by a process that has ended are found by its lock (see `owner`)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar

import tenacity

from .. import run
from ..model import ConfigError, Fault
from .owner import alive, this_process

T = TypeVar("T")
Done = TypeVar("Done", bound=run.Outcome)
FILE_NAME = "pipeline-runs.sqlite"
LOCKED_FOR = 60.0  # seconds a write waits, all told, for a run log another process holds
SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, source TEXT NOT NULL,
    input_file TEXT NOT NULL, input_hash TEXT, report TEXT, round TEXT, status TEXT NOT NULL,
    errors INTEGER DEFAULT 0, warnings INTEGER DEFAULT 0, message TEXT, moved_to TEXT, owner TEXT
);
CREATE TABLE IF NOT EXISTS outputs (run_id INTEGER NOT NULL REFERENCES runs(id), path TEXT NOT NULL,
                                    sha256 TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS emails (
    id INTEGER PRIMARY KEY, run_id INTEGER REFERENCES runs(id), key TEXT NOT NULL, recipients TEXT NOT NULL,
    subject TEXT NOT NULL, status TEXT NOT NULL, at TEXT NOT NULL, detail TEXT, owner TEXT
);
CREATE INDEX IF NOT EXISTS emails_key ON emails(key, status);
CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, since REAL NOT NULL, owner TEXT);
CREATE TABLE IF NOT EXISTS meetings (
    key TEXT PRIMARY KEY, meeting_date TEXT NOT NULL, committee TEXT NOT NULL, run_id INTEGER REFERENCES runs(id),
    done_at TEXT NOT NULL
);
"""
ADDED = {"runs": "owner", "emails": "owner", "claims": "owner"}  # columns later than the first run logs
DONE = ("sent", "partly sent", "sending", "unknown")  # an email in one of these is never sent again


def now() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Output:
    path: str
    sha256: str


@dataclass(frozen=True)
class Email:
    recipients: tuple[str, ...]
    subject: str
    status: str
    at: str
    detail: str | None


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
    outputs: tuple[Output, ...]
    emails: tuple[Email, ...]


class RunLog:
    def __init__(self, folder: Path):
        self.path = Path(folder) / FILE_NAME
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise Fault(f"The output folder {self.path.parent} could not be made ({exc.strerror or 'refused'}): "
                        "check where it is and that this account may write there.") from None
        self.owner = this_process(self.path.parent)
        self._retrying(self._create)

    def _create(self) -> None:
        with self._connect() as db:
            db.executescript(SCHEMA)
            for table, column in ADDED.items():
                if column not in {row[1] for row in db.execute(f"PRAGMA table_info({table})")}:
                    db.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")

    def _connect(self) -> closing[sqlite3.Connection]:
        return closing(sqlite3.connect(self.path, timeout=5, isolation_level=None))

    def _retrying(self, action: Callable[[], T]) -> T:
        """`action` on the database, tried again while another process holds it locked; a run log
        that is not a database is named in one sentence."""
        try:
            for attempt in tenacity.Retrying(retry=tenacity.retry_if_exception(_locked), reraise=True,
                                             stop=tenacity.stop_after_delay(LOCKED_FOR),
                                             wait=tenacity.wait_exponential(multiplier=0.05, max=2)):
                with attempt:
                    return action()
        except sqlite3.IntegrityError:
            raise
        except sqlite3.DatabaseError as exc:
            raise _unusable(self.path, exc) from None
        raise AssertionError("tenacity stops with the last attempt's outcome")  # pragma: no cover

    def _write(self, sql: str, params: tuple[object, ...] = ()) -> int:
        def write() -> int:
            with self._connect() as db:
                return db.execute(sql, params).lastrowid or 0
        return self._retrying(write)

    def _read(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        def read() -> list[tuple[object, ...]]:
            with self._connect() as db:
                return db.execute(sql, params).fetchall()
        return self._retrying(read)

    def start(self, source: str, input_file: str, input_hash: str | None) -> int:
        return self._write("INSERT INTO runs (started, source, input_file, input_hash, status, owner) "
                           "VALUES (?, ?, ?, ?, ?, ?)", (now(), source, input_file, input_hash, "running",
                                                         self.owner.hold()))

    def finish(self, run_id: int, status: str, facts: RunFacts | None = None, message: str | None = None,
               moved_to: Path | None = None) -> None:
        facts = facts or RunFacts()
        outputs = [(str(p), sha256_of(p)) for p in facts.outputs if Path(p).exists()]

        def write() -> None:
            with self._connect() as db:
                db.execute("BEGIN")
                db.execute("UPDATE runs SET finished=?, status=?, report=?, round=?, errors=?, warnings=?, message=?, "
                           "moved_to=? WHERE id=?", (now(), status, facts.plan, facts.round, facts.errors,
                                                     facts.warnings, message or facts.message,
                                                     str(moved_to) if moved_to else None, run_id))
                db.executemany("INSERT INTO outputs VALUES (?, ?, ?)", [(run_id, *o) for o in outputs])
                db.execute("COMMIT")
        self._retrying(write)

    def earlier_email(self, key: str, recorded_as: tuple[str, ...] = ()) -> str | None:
        """What became of an earlier attempt at the message `key` (or recorded under one of the SQL
        LIKE patterns `recorded_as`, as earlier versions keyed it), if it has gone or may have:
        "sent", "partly sent", "sending" (by a process still at it) or "unknown" (it is never
        sent again). A "sending" left by a process that has ended is marked "unknown" here."""
        marks = ",".join("?" * len(DONE))
        keys = " OR ".join(["key=?"] + ["key LIKE ? ESCAPE '\\'"] * len(recorded_as))
        rows = self._read(f"SELECT id, status, owner FROM emails WHERE ({keys}) AND status IN ({marks}) ORDER BY id",
                          (key, *recorded_as, *DONE))
        states = []
        for email_id, status, owner in rows:
            if status == "sending" and not alive(self.path.parent, _text(owner)):
                self.update_email(int(str(email_id)), "unknown", "the process ended while sending it")
                status = "unknown"
            states.append(str(status))
        return next((s for s in ("sent", "partly sent", "sending", "unknown") if s in states), None)

    def record_email(self, run_id: int | None, key: str, recipients: list[str], subject: str, status: str,
                     detail: str | None = None) -> int:
        return self._write("INSERT INTO emails (run_id, key, recipients, subject, status, at, detail, owner) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (run_id, key, json.dumps(recipients), subject, status,
                                                               now(), detail, self.owner.hold()))

    def update_email(self, email_id: int, status: str, detail: str | None = None) -> None:
        self._write("UPDATE emails SET status=?, detail=?, at=? WHERE id=?", (status, detail, now(), email_id))

    def claim(self, key: str) -> bool:
        """Take `key` for this process; False while another live process holds it."""
        holder = self._read("SELECT owner FROM claims WHERE key=?", (key,))
        if holder and not alive(self.path.parent, str(holder[0][0]) if holder[0][0] else None):
            self._write("DELETE FROM claims WHERE key=? AND owner=?", (key, holder[0][0]))
        try:
            self._write("INSERT INTO claims VALUES (?, julianday('now'), ?)", (key, self.owner.hold()))
            return True
        except sqlite3.IntegrityError:
            return False

    def release(self, key: str) -> None:
        self._write("DELETE FROM claims WHERE key=?", (key,))

    def meeting_done(self, key: str) -> bool:
        return bool(self._read("SELECT 1 FROM meetings WHERE key=?", (key,)))

    def record_meeting(self, key: str, meeting_date: str, committee: str, run_id: int | None) -> None:
        self._write("INSERT OR IGNORE INTO meetings VALUES (?, ?, ?, ?, ?)", (key, meeting_date, committee, run_id, now()))

    def recover(self) -> list[str]:
        """What processes that ended without finishing left: their runs marked interrupted, and
        their emails left 'sending' marked 'unknown' (they may have gone: never sent again
        blindly). Returns a sentence for each such email."""
        folder = self.path.parent
        dead = {str(o) for (o,) in self._read("SELECT DISTINCT owner FROM runs WHERE status='running' AND owner "
                                               "IS NOT NULL UNION SELECT DISTINCT owner FROM emails WHERE "
                                               "status='sending' AND owner IS NOT NULL") if not alive(folder, str(o))}
        notes = []
        for owner in sorted(dead):
            self._write("UPDATE runs SET status='interrupted', finished=?, message='the process ended before the "
                        "run finished' WHERE status='running' AND owner=?", (now(), owner))
            for email_id, subject, recipients in self._read("SELECT id, subject, recipients FROM emails WHERE "
                                                            "status='sending' AND owner=?", (owner,)):
                self.update_email(int(str(email_id)), "unknown", "the process ended while sending it")
                notes.append(f"The email '{subject}' to {', '.join(json.loads(str(recipients)))} was being sent when "
                             "the process ended, so it may or may not have gone: check with the recipients; it will "
                             "not be sent again automatically.")
        return notes

    def history(self, limit: int = 20) -> list[Entry]:
        rows = self._read("SELECT id, started, source, input_file, report, round, status, errors, warnings, message "
                          "FROM runs ORDER BY id DESC LIMIT ?", (limit,))
        return [self._entry(row) for row in rows]

    def _entry(self, row: tuple[object, ...]) -> Entry:
        run_id = int(str(row[0]))
        outputs = tuple(Output(str(p), str(s)) for p, s in
                        self._read("SELECT path, sha256 FROM outputs WHERE run_id=?", (run_id,)))
        emails = tuple(Email(tuple(json.loads(str(to))), str(subject), str(status), str(at),
                             str(detail) if detail else None) for to, subject, status, at, detail in
                       self._read("SELECT recipients, subject, status, at, detail FROM emails WHERE run_id=?",
                                  (run_id,)))
        started, source, file, report, round_, status, errors, warnings, message = row[1:]
        return Entry(run_id, str(started), str(source), str(file), _text(report), _text(round_), str(status),
                     int(str(errors or 0)), int(str(warnings or 0)), _text(message), outputs, emails)


@dataclass(frozen=True)
class RunFacts:
    """What a run's record says of its outcome."""

    plan: str | None = None
    round: str | None = None
    errors: int = 0
    warnings: int = 0
    message: str | None = None
    outputs: tuple[Path, ...] = ()


def facts(outcome: run.Outcome) -> RunFacts:
    """What the run log keeps of an outcome."""
    summary = getattr(outcome, "summary", None)
    findings = getattr(outcome, "findings", ())
    return RunFacts(summary.plan if summary else None, summary.round.label if summary else None,
                    len(run.errors_in(findings)), len(run.warnings_in(findings)),
                    outcome.message if isinstance(outcome, (run.Refused, run.Failed)) else None, _outputs(outcome))


def _outputs(outcome: run.Outcome) -> tuple[Path, ...]:
    """What a run made: a build's appendix and paragraph (and PDF), or a blocked build's checked copies."""
    if isinstance(outcome, run.Built):
        return outcome.outputs
    if isinstance(outcome, run.Blocked):
        return outcome.checked_copies or ((outcome.checked_copy,) if outcome.checked_copy else ())
    return ()


def status_of(outcome: run.Outcome) -> str:
    """The word the run log keeps for an outcome of a build."""
    if isinstance(outcome, run.Built):
        return "built"
    if isinstance(outcome, run.Blocked):
        return "blocked"
    return "failed" if isinstance(outcome, run.Failed) else "refused"


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _locked(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


def _unusable(path: Path, exc: sqlite3.DatabaseError) -> Fault | ConfigError:
    """What stops the run log being used, said of the run log: the machine's fault (a full disk, a
    folder that may not be written to) or the file's (not a run log, or damaged)."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF  # the primary code of an extended one (IOERR_WRITE ...)
    if code == sqlite3.SQLITE_FULL:
        return Fault(f"The run log {path} could not be written (the disk is full): free some space, then run again.")
    if code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_IOERR):
        return Fault(f"The run log {path} could not be written: check that the folder may be written to and has "
                     "space, then run again.")
    what = "it is not a run log" if code == sqlite3.SQLITE_NOTADB else "it is damaged"
    return ConfigError(f"The run log {path} cannot be used ({what}): move it aside (the next run starts a new one) "
                       "or restore it from a backup.")


def logged(out: Path, trackers: list[Path], build: Callable[[], Done]) -> Done:
    """`pipeline build`: `build` run with a record in the run log in `out`, begun before it starts."""
    runlog = RunLog(out)
    names = ", ".join(Path(t).name for t in trackers)
    run_id = runlog.start("build", names, sha256_of(trackers[0]) if len(trackers) == 1 and
                          Path(trackers[0]).is_file() else None)
    outcome = build()
    runlog.finish(run_id, status_of(outcome), facts(outcome))
    return outcome


def read_history(folder: Path, limit: int = 20) -> list[Entry]:
    """The latest runs logged in `folder`; none, and nothing made, when it has no run log."""
    if not (Path(folder) / FILE_NAME).is_file():
        return []
    return RunLog(folder).history(limit)
