"""`pipeline due`: build and send whatever the meeting calendar says is due and not yet done.

Safe to run every hour from cron, a systemd timer or Windows Task Scheduler: a meeting is
served once (the run log remembers), and a run missed while the machine was off is caught up
on the next run, as long as the meeting has not yet happened."""

from __future__ import annotations

import glob
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .. import run
from ..dates import long_date
from ..model import ConfigError, Fault, Refusal
from ..present import counted
from ..rounds import length_in_days
from . import meetings
from .mailconfig import UNCERTAIN, bad_addresses
from .post import Key, Post, mail_context
from .runlog import RunLog, facts, status_of


@dataclass(frozen=True)
class DueResult:
    meeting: meetings.Meeting
    status: str  # "sent", "outbox", "already done", "not yet", "missed", "failed"
    detail: str = ""

    def __str__(self) -> str:
        when = long_date(self.meeting.date)
        text = f"{self.meeting.committee} {when}: {self.status}"
        return f"{text} ({self.detail})" if self.detail else text


def due(listed: Sequence[meetings.Meeting], folder: Path, today: date, out: Path, runlog: RunLog, post: Post,
        templates: Path | None = None, pdf: bool = False) -> list[DueResult]:
    """Each meeting of a calendar in `folder` served as `today` requires; one result each, a
    meeting that fails never stopping the rest."""
    return [_serve(meeting, folder, today, out, runlog, post, templates, pdf) for meeting in listed]


def _serve(meeting: meetings.Meeting, folder: Path, today: date, out: Path, runlog: RunLog, post: Post,
           templates: Path | None, pdf: bool) -> DueResult:
    ready = _ready(meeting, folder, today, runlog)
    if isinstance(ready, DueResult):
        return ready
    if not runlog.claim(meeting.key):
        return DueResult(meeting, "in hand", "another run is sending it now")
    try:
        return _build_and_send(meeting, ready, today, out, runlog, post, templates, pdf)
    except (ConfigError, Refusal, Fault) as exc:
        return DueResult(meeting, "failed", str(exc).rstrip("."))
    finally:
        if not runlog.meeting_done(meeting.key):
            runlog.release(meeting.key)  # not sent: the next run tries again


def _ready(meeting: meetings.Meeting, folder: Path, today: date, runlog: RunLog) -> DueResult | list[Path]:
    """The meeting's trackers, when its appendix is to be built and sent now; else why not."""
    send_on, earlier = meetings.send_date(meeting), runlog.earlier_email(f"meeting:{meeting.key}")
    pattern = Path(meeting.tracker) if Path(meeting.tracker).is_absolute() else folder / meeting.tracker
    bad = bad_addresses(meeting.to)
    if runlog.meeting_done(meeting.key) or earlier in ("sent", "partly sent"):
        return DueResult(meeting, "already done")
    if earlier:
        return DueResult(meeting, earlier if earlier == "unknown" else "in hand",
                         f"an earlier attempt was cut short, so {UNCERTAIN}" if earlier == "unknown" else
                         "another run is sending it now")
    if today < send_on:
        return DueResult(meeting, "not yet", f"due on {long_date(send_on)}")
    if today >= meeting.date:
        return DueResult(meeting, "missed", "the meeting has taken place; nothing was sent")
    if bad:
        return DueResult(meeting, "failed", f"{' and '.join(repr(a) for a in bad)} in its 'to' "
                                            f"{'is' if len(bad) == 1 else 'are'} not an email address "
                                            "(name@place.domain): correct the calendar")
    if list(pattern.parent.glob(f"working/*/{pattern.name}")):
        return DueResult(meeting, "in hand", "the drop folder is handling a newer copy of the tracker now; it is "
                                             "sent at the next check")
    trackers = find_trackers(pattern)
    return trackers or DueResult(meeting, "failed", f"no tracker matches '{meeting.tracker}' (looked for {pattern}, "
                                                    f"and in {pattern.parent / 'processed'}): "
                                                    "correct the tracker setting in the calendar, or put the tracker "
                                                    "there")


_STAMP = re.compile(r" \d{4}-\d{2}-\d{2} \d{6}$")  # what the watcher adds to a name it files away


def filed_as(tracker: Path) -> str | None:
    """The name a tracker the watcher filed in processed/ had when it was dropped (None for any other)."""
    stem = _STAMP.sub("", tracker.stem)
    return f"{stem}{tracker.suffix}" if tracker.parent.name == "processed" and stem != tracker.stem else None


def find_trackers(pattern: Path) -> list[Path]:
    """The trackers `pattern` names; where the drop folder's watcher has filed them away, the
    latest processed copy of each (processed/<name> <date> <time>.xlsx). Copies filed from one
    tracker are versions of it: only the latest is built, whichever way the pattern found them."""
    found = [Path(p) for p in sorted(glob.glob(str(pattern))) if Path(p).is_file()]
    if not found:
        stamped = pattern.parent / "processed" / f"{pattern.stem} ????-??-?? ??????{pattern.suffix}"
        found = sorted(Path(p) for p in glob.glob(str(stamped)))
    latest: dict[tuple[Path, str], Path] = {}
    for copy in found:  # sorted: the stamp sorts by time, so the last of each name is the latest
        latest[(copy.parent, filed_as(copy) or copy.name)] = copy
    return sorted(latest.values())


def _stale(meeting: meetings.Meeting, outcome: run.Summarised | run.Blocked | run.Refused) -> str:
    """Why the tracker's round is too old for the meeting, if it is: it ended more than one of the
    plan's own rounds, and the lead time, before the meeting (or `max_age_days`, where set)."""
    summary = outcome.summary if not isinstance(outcome, run.Refused) else None
    if summary is None:
        return ""
    age = (meeting.date - summary.round.end).days
    allowed = meeting.max_age_days if meeting.max_age_days is not None else \
        length_in_days(summary.rounds) + (meeting.date - meetings.send_date(meeting)).days
    if age <= allowed:
        return ""
    return (f"the round {outcome.file.name} reports, {summary.round.label}, ended on {long_date(summary.round.end)}, "
            f"{age} days before the meeting: roll the tracker forward ('pipeline new-round'), fill it in and it will "
            f"be sent at the next check (or set max_age_days for this meeting if that round is the one it should see)")


def _build_and_send(meeting: meetings.Meeting, trackers: list[Path], today: date, out: Path, runlog: RunLog,
                    post: Post, templates: Path | None, pdf: bool) -> DueResult:
    documents: list[Path] = []
    paragraphs: list[str] = []
    titles: list[str] = []
    run_ids: list[int] = []
    for tracker in trackers:
        run_id = runlog.start("due", tracker.name, None)
        request = run.Request(tracker=tracker, name=filed_as(tracker), today=today, report=meeting.report,
                              templates=templates)
        try:
            stale = _stale(meeting, run.summary_of(request))
            outcome = None if stale else run.build(request, out, pdf=pdf)
        except BaseException as exc:
            runlog.finish(run_id, "failed", message=str(exc) or type(exc).__name__)
            raise
        if outcome is None:
            runlog.finish(run_id, "stale", message=stale)
            return DueResult(meeting, "failed", stale)
        runlog.finish(run_id, status_of(outcome), facts(outcome))
        if isinstance(outcome, (run.Refused, run.Failed)):
            return DueResult(meeting, "failed", outcome.message)
        if isinstance(outcome, run.Blocked):
            return DueResult(meeting, "failed", f"{tracker.name} has {counted(len(outcome.errors), 'error')}: run "
                                                f"'pipeline validate {tracker.name}' to see them, fix them and it "
                                                "will be sent at the next check")
        documents.extend(outcome.attachments)
        paragraphs.append(outcome.summary.paragraph)
        titles.append(f"{outcome.summary.plan} - {outcome.summary.round.label}")
        run_ids.append(run_id)
    context = mail_context("; ".join(titles), "\n\n".join(paragraphs), documents, meeting)
    dispatch = post.dispatch(documents, list(meeting.to), context, Key(f"meeting:{meeting.key}"), run_ids[-1])
    if dispatch.status in ("sent", "partly sent", "already sent"):  # a dry run leaves the meeting to send
        runlog.record_meeting(meeting.key, meeting.date.isoformat(), meeting.committee, run_ids[-1])
    return DueResult(meeting, dispatch.status, dispatch.detail)
