"""Target dates as officers write them: "March 2026", "31/03/2026", "Q4 2025/26",
"March 2026 – reprofiled to August 2026". The current target is the last date named."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from .rounds import MONTH_NAMES, MONTHS, find_round, full_year

_PATTERNS = (
    re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b"),  # 31/03/2026 (UK day first)
    re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),  # 2026-03-31
    re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + MONTH_NAMES + r")\.?,?\s+(\d{4})\b", re.I),  # 31 March 2026
    re.compile(r"\b(" + MONTH_NAMES + r")\.?[\s,'\-/]*(\d{4}|\d{2})\b", re.I),  # March 2026, Mar-26, Sept '25
    re.compile(r"\b(?:q|quarter)\s*[1-4]\s*(?:\d{4}|\d{2})\s*[/\-\u2013]\s*(?:\d{4}|\d{2})\b", re.I),
)
_REPROFILED = re.compile(r"\bre-?profil|\brefiled\b|\bre-?phased\b", re.IGNORECASE)
# A target the text says was the earlier one: "June 2026 (previously December 2025)".
_EARLIER = re.compile(r"\(\s*(?:previously|originally|formerly|was)\b[^)]*\)?|\b(?:previously|originally|formerly)\b[^;()]*",
                      re.IGNORECASE)
# What names a time, though perhaps not as a date the pipeline can read ("Autumn 2025", "Q3").
_TIMELY = re.compile(r"\b(?:20\d\d|spring|summer|autumn|winter|q[1-4]|" + MONTH_NAMES + r")\b", re.IGNORECASE)


def long_date(when: date) -> str:
    """30 June 2025 (no leading zero, on every platform: strftime's %-d is not on Windows)."""
    return f"{when.day} {when:%B %Y}"


def _month_number(name: str) -> int:
    return MONTHS[name.lower()]


def _end_of_month(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def _to_date(kind: int, match: re.Match[str]) -> date | None:
    g = match.groups()
    try:
        if kind == 0:
            return date(full_year(g[2]), int(g[1]), int(g[0]))
        if kind == 1:
            return date(int(g[0]), int(g[1]), int(g[2]))
        if kind == 2:
            return date(int(g[2]), _month_number(g[1]), int(g[0]))
        if kind == 3:
            return _end_of_month(full_year(g[1]), _month_number(g[0]))
        found = find_round(match.group(0))
        return found[0].end if found else None
    except ValueError:
        return None


EXCEL_EPOCH = date(1899, 12, 30)


def serial_date(text: str) -> date | None:
    """A date typed into a cell formatted as a number: Excel's day count (36526 to 73050, 2000-2099)."""
    stripped = text.strip()
    if stripped.replace(".0", "", 1).isdigit() and 36526 <= float(stripped) <= 73050:
        return EXCEL_EPOCH + timedelta(days=int(float(stripped)))
    return None


def last_date(text: str) -> date | None:
    """The last date `text` names (a month or quarter counts as its last day), if any."""
    found = last_named(text)
    return found[0] if found else None


@lru_cache(maxsize=4096)
def last_named(text: str) -> tuple[date, str] | None:
    """The last date `text` names, and the words that name it ("Q1 2026/27", "August 2026"); a date
    it says was the earlier target ("(previously December 2025)") is not the target."""
    serial = serial_date(text)
    if serial:
        return serial, long_date(serial)
    text = _EARLIER.sub(" ", text) if "ly" in text or "was" in text else text  # each of its words holds one
    found: list[tuple[int, int, date, str]] = []
    for kind, pattern in enumerate(_PATTERNS):
        for match in pattern.finditer(text):
            when = _to_date(kind, match)
            if when:
                found.append((match.end(), -match.start(), when, match.group(0)))
    return max(found)[2:] if found else None


def names_a_time(text: str) -> bool:
    """Whether `text` names a time ("Autumn 2025", "Feb", "Q3"), read as a date or not."""
    return bool(_TIMELY.search(text))


def may_say_reprofiled(text: str) -> bool:
    """A quick test that `text` might match `_REPROFILED`: it holds a stem every match holds."""
    lower = text.lower()
    return "profil" in lower or "refiled" in lower or "phased" in lower


def says_reprofiled(text: str) -> bool:
    return bool(_REPROFILED.search(text))
