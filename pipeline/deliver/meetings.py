"""The meeting calendar (TOML) and working days: weekends and England and Wales bank holidays
are skipped when counting back from a meeting to the day its papers go out."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import holidays

from ..model import ConfigError

DEFAULT_LEAD_DAYS = 5


@dataclass(frozen=True)
class Meeting:
    date: date
    committee: str
    tracker: str  # a path or glob, relative to the calendar file
    to: tuple[str, ...]
    lead_days: int = DEFAULT_LEAD_DAYS
    report: str | None = None

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


def load(path: Path) -> tuple[Meeting, ...]:
    """The meetings in a calendar file: one [[meeting]] table each."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"The meeting calendar {path} cannot be read ({exc}): check it is TOML with a "
                          "[[meeting]] table per meeting.") from None
    return tuple(_meeting(path, index, table) for index, table in enumerate(data.get("meeting", []), start=1))


def _meeting(path: Path, index: int, table: dict) -> Meeting:
    where = f"meeting {index} in {Path(path).name}"
    missing = [k for k in ("date", "committee", "tracker", "to") if k not in table]
    if missing:
        raise ConfigError(f"The {where} has no {', '.join(missing)}: add it (see the README's calendar example).")
    when = table["date"]
    if isinstance(when, datetime):
        when = when.date()  # a meeting time was given: the day is what counts
    elif isinstance(when, str):
        try:
            when = date.fromisoformat(when.strip()[:10])
        except ValueError:
            raise ConfigError(f"The {where} has the date '{when}': write it as YYYY-MM-DD.") from None
    if not isinstance(when, date):
        raise ConfigError(f"The {where} has the date '{when}': write it as YYYY-MM-DD.")
    lead = table.get("lead_days", DEFAULT_LEAD_DAYS)
    if not isinstance(lead, int) or isinstance(lead, bool) or not 0 <= lead <= 60:
        raise ConfigError(f"The {where} has lead_days = {lead!r}: write a whole number of working days, e.g. 5.")
    to = table["to"] if isinstance(table["to"], list) else [table["to"]]
    return Meeting(when, str(table["committee"]), str(table["tracker"]), tuple(map(str, to)), lead,
                   table.get("report"))
