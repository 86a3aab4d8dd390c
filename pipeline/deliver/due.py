"""`pipeline due`: build and send whatever the meeting calendar says is due and not yet done.

Safe to run every hour from cron, a systemd timer or Windows Task Scheduler: a meeting is
served once (the run log remembers), and a run missed while the machine was off is caught up
on the next run, as long as the meeting has not yet happened."""

from __future__ import annotations

import glob
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .. import run
from ..dates import long_date
from ..present import counted
from . import meetings
from .post import Post, mail_context
from .runlog import RunLog


@dataclass(frozen=True)
class DueResult:
    meeting: meetings.Meeting
    status: str  # "sent", "outbox", "already done", "not yet", "missed", "failed"
    detail: str = ""

    def __str__(self) -> str:
        when = long_date(self.meeting.date)
        text = f"{self.meeting.committee} {when}: {self.status}"
        return f"{text} ({self.detail})" if self.detail else text


def due(calendar: Path, today: date, out: Path, runlog: RunLog, post: Post,
        templates: Path | None = None, pdf: bool = False) -> list[DueResult]:
    results = []
    for meeting in meetings.load(calendar):
        results.append(_serve(meeting, Path(calendar).parent, today, out, runlog, post, templates, pdf))
    return results


def _serve(meeting: meetings.Meeting, folder: Path, today: date, out: Path, runlog: RunLog, post: Post,
           templates: Path | None, pdf: bool) -> DueResult:
    send_on = meetings.send_date(meeting)
    if runlog.meeting_done(meeting.key):
        return DueResult(meeting, "already done")
    if today < send_on:
        return DueResult(meeting, "not yet", f"due on {long_date(send_on)}")
    if today >= meeting.date:
        return DueResult(meeting, "missed", "the meeting has taken place; nothing was sent")
    pattern = Path(meeting.tracker) if Path(meeting.tracker).is_absolute() else folder / meeting.tracker
    trackers = [Path(p) for p in sorted(glob.glob(str(pattern))) if Path(p).is_file()]
    if not trackers:
        return DueResult(meeting, "failed", f"no tracker matches '{meeting.tracker}' (looked for {pattern}): "
                                            "correct the tracker setting in the calendar, or put the tracker there")
    if not runlog.claim(meeting.key):
        return DueResult(meeting, "in hand", "another run is sending it now")
    try:
        result = _build_and_send(meeting, trackers, today, out, runlog, post, templates, pdf)
    finally:
        if not runlog.meeting_done(meeting.key):
            runlog.release(meeting.key)  # not sent: the next run tries again
    return result


def _build_and_send(meeting: meetings.Meeting, trackers: list[Path], today: date, out: Path, runlog: RunLog,
                    post: Post, templates: Path | None, pdf: bool) -> DueResult:
    documents, paragraphs, titles, run_ids = [], [], [], []
    for tracker in trackers:
        run_id = runlog.start("due", tracker.name, None)
        outcome = run.build(run.Request(tracker=tracker, today=today, report=meeting.report, templates=templates), out,
                            pdf=pdf)
        runlog.finish(run_id, "built" if isinstance(outcome, run.Built) else "failed", outcome)
        if isinstance(outcome, run.Refused):
            return DueResult(meeting, "failed", outcome.message)
        if isinstance(outcome, run.Blocked):
            return DueResult(meeting, "failed", f"{tracker.name} has {counted(len(outcome.errors), 'error')}: run "
                                                f"'pipeline validate {tracker.name}' to see them, fix them and it "
                                                "will be sent at the next check")
        documents += outcome.attachments
        paragraphs.append(outcome.summary.paragraph)
        titles.append(f"{outcome.summary.plan} - {outcome.summary.round.label}")
        run_ids.append(run_id)
    context = mail_context("; ".join(titles), "\n\n".join(paragraphs), documents, meeting)
    dispatch = post.dispatch(documents, list(meeting.to), context, f"meeting:{meeting.key}", run_ids[-1])
    if dispatch.status in ("sent", "partly sent", "already sent"):  # a dry run leaves the meeting to send
        runlog.record_meeting(meeting.key, meeting.date.isoformat(), meeting.committee, run_ids[-1])
    return DueResult(meeting, dispatch.status, dispatch.detail)
