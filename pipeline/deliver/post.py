"""Sending an appendix once: composed, sent (or kept in the outbox), and recorded in the run log
under a key, so that a restart or a second run never sends the same thing twice.

The guarantee: a message is recorded as "sending" before it is handed to the mail server and as
"sent" once the server has taken it. A process stopped in between leaves "sending": the message
may have gone, so it is reported (as "unknown") and never sent again automatically. At most once,
then, and never silently: a message that may not have gone is always said so."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from ..model import ConfigError
from .email import MailError, MailSettings, compose, send, to_outbox
from .mailconfig import UNCERTAIN, bad_addresses, require_server
from .meetings import Meeting
from .runlog import RunLog, sha256_of


@dataclass(frozen=True)
class Key:
    """What the run log knows a message by, and the patterns it was recorded under before."""

    key: str
    recorded_as: tuple[str, ...] = ()


def appendix_key(docx: Path, to: Sequence[str]) -> Key:
    """The run log's key for an appendix sent to `to`: the same appendix (byte for byte) to the same
    people is one message, whether the watcher or `pipeline send` sent it (and whichever version of
    the pipeline: earlier ones keyed it 'send:...' and 'drop:<tracker>:...')."""
    digest, people = sha256_of(docx), ",".join(sorted(to))
    tail = _like(f"{digest}:{people}")
    return Key(f"appendix:{digest}:{people}", (f"send:{tail}", f"drop:%:{tail}"))


def _like(text: str) -> str:
    """`text` matched literally by SQL LIKE ... ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def mail_context(title: str, paragraph: str, files: list[Path], meeting: Meeting | None = None) -> dict[str, object]:
    """What the templates in templates/email/ see: title, paragraph, files (names) and meeting."""
    return {"title": title, "paragraph": paragraph, "files": [Path(f).name for f in files], "meeting": meeting}


@dataclass(frozen=True)
class Dispatch:
    status: str  # "sent", "partly sent", "outbox", "already sent", "in hand", "unknown" or "failed"
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status not in ("failed", "partly sent", "unknown")

    def __str__(self) -> str:
        return f"{self.status}: {self.detail}" if self.detail else self.status


@dataclass
class Post:
    mail: MailSettings
    outbox: Path
    runlog: RunLog
    dry_run: bool = False
    templates: Path | None = None
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    def dispatch(self, attachments: list[Path], to: list[str], context: dict[str, object], known: Key,
                 run_id: int | None = None) -> Dispatch:
        key = known.key
        earlier = self.runlog.earlier_email(key, known.recorded_as)
        if earlier:
            return _after(earlier)
        if not self.dry_run:
            try:
                require_server(self.mail)
            except ConfigError as exc:
                return Dispatch("failed", str(exc).rstrip("."))
        bad = bad_addresses(to)
        if bad:
            return Dispatch("failed", f"{' and '.join(repr(a) for a in bad)} {'is' if len(bad) == 1 else 'are'} not "
                                      "an email address (name@place.domain): correct it where it is given")
        message = compose(attachments, to, self.mail, context, self.templates)
        subject = str(message["Subject"])
        if self.dry_run:
            kept = to_outbox(message, self.outbox)
            self.runlog.record_email(run_id, key, to, subject, "outbox", str(kept))
            return Dispatch("outbox", str(kept))
        sending = self.runlog.record_email(run_id, key, to, subject, "sending")
        try:
            refused = send(message, self.mail, self.sleep)
        except MailError as exc:
            return self._not_sent(message, sending, exc)
        except BaseException:
            self.runlog.update_email(sending, "unknown", "the send stopped unexpectedly")
            raise
        return self._sent(sending, to, refused)

    def _not_sent(self, message: EmailMessage, sending: int, exc: MailError) -> Dispatch:
        if exc.uncertain:
            self.runlog.update_email(sending, "unknown", str(exc))
            return Dispatch("unknown", str(exc).rstrip("."))
        kept = to_outbox(message, self.outbox / "unsent")
        self.runlog.update_email(sending, "failed", f"{exc} Kept in {kept}.")
        return Dispatch("failed", f"{exc} The message is kept in {kept}.")

    def _sent(self, sending: int, to: list[str], refused: list[str]) -> Dispatch:
        if refused:
            sent = [address for address in to if address not in refused]
            detail = (f"to {', '.join(sent)}; the mail server refused {', '.join(refused)}: check the "
                      f"address{'es' if len(refused) > 1 else ''}")
            self.runlog.update_email(sending, "partly sent", detail)
            return Dispatch("partly sent", detail)
        self.runlog.update_email(sending, "sent")
        return Dispatch("sent", f"to {', '.join(to)}")


def _after(earlier: str) -> Dispatch:
    """The answer when the message has gone, or may have, before."""
    if earlier == "sending":
        return Dispatch("in hand", "another process is sending it now")
    if earlier == "unknown":
        return Dispatch("unknown", f"an earlier attempt was cut short, so {UNCERTAIN}")
    return Dispatch("already sent")
