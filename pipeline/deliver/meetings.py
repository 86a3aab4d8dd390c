"""The meeting calendar (TOML) and working days: weekends and England and Wales bank holidays
are skipped when counting back from a meeting to the day its papers go out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

import holidays
import msgspec

from .. import config

DEFAULT_LEAD_DAYS = 5


@dataclass(frozen=True)
class Meeting:
    date: date
    committee: str
    tracker: str  # a path or glob, relative to the calendar file
    to: tuple[str, ...]
    lead_days: int = DEFAULT_LEAD_DAYS
    report: str | None = None
    max_age_days: int | None = None  # how long after its round ends an appendix may still go to the meeting

    @property
    def key(self) -> str:
        return f"{self.date.isoformat()}|{self.committee}|{self.tracker}"


@lru_cache(maxsize=8)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=[year - 1, year, year + 1]))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def working_days_before(day: date, count: int) -> date:
    """The date `count` working days before `day`."""
    current = day
    while count > 0:
        current -= timedelta(days=1)
        if is_working_day(current):
            count -= 1
    return current


def send_date(meeting: Meeting) -> date:
    return working_days_before(meeting.date, meeting.lead_days)


class _Meeting(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One [[meeting]] as written in the calendar."""

    date: date
    committee: str
    tracker: str
    to: tuple[str, ...] | str
    lead_days: Annotated[int, msgspec.Meta(ge=0, le=60)] = DEFAULT_LEAD_DAYS
    report: str | None = None
    max_age_days: Annotated[int, msgspec.Meta(ge=0)] | None = None


class _Calendar(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    meeting: tuple[_Meeting, ...] = ()


def _days(data: dict[str, Any]) -> dict[str, Any]:
    """A meeting's date given with its time: the day is what counts."""
    for meeting in data.get("meeting", []):
        if isinstance(meeting, dict) and isinstance(meeting.get("date"), datetime):
            meeting["date"] = meeting["date"].date()
    return data


def load(path: Path) -> tuple[Meeting, ...]:
    """The meetings in a calendar file: one [[meeting]] table each."""
    calendar = config.load(Path(path), _Calendar, "The meeting calendar", "see the README's calendar example",
                           _days)
    return tuple(Meeting(m.date, m.committee, m.tracker, (m.to,) if isinstance(m.to, str) else m.to, m.lead_days,
                         m.report, m.max_age_days) for m in calendar.meeting)
