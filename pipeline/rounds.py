"""Reporting rounds: UK local-government financial-year quarters and calendar months."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date

from .model import Round

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "first": 1, "second": 2, "third": 3, "fourth": 4}
_ORDINAL_NAMES = {1: "One", 2: "Two", 3: "Three", 4: "Four"}
# Every way a month is written ("march", "mar", "sept"), with its number: the one table of months.
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))  # longest first, for a pattern

_QUARTER = re.compile(
    r"\b(?:q|qtr|quarter)\s*\.?\s*([1-4]|one|two|three|four|first|second|third|fourth)\b"
    r"[\s,]*(?:of\s+)?(?:fy\s*)?(\d{4}|\d{2})\s*(?:[/\-\u2013\u2014_ ]|to)\s*(\d{4}|\d{2})\b",
    re.IGNORECASE,
)
_MONTH = re.compile(
    r"\b(" + MONTH_NAMES + r")\.?[\s,'-]*(\d{4}|\d{2})\b",
    re.IGNORECASE,
)
_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b|\b(\d{4})-(\d{2})-(\d{2})\b")
_PERIOD = re.compile(
    r"\b(" + MONTH_NAMES + r")\.?\s*(?:-|\u2013|\u2014|to)\s*(" + MONTH_NAMES + r")\.?[\s,']*(\d{4}|\d{2})\b",
    re.IGNORECASE,
)
# A quarter or month alone, perhaps with words but no other figures ("Q2", "Quarter 2 update", "Sept").
_QUARTER_ALONE = re.compile(r"^\s*(?:q|qtr|quarter)\s*\.?\s*([1-4]|one|two|three|four)\b([^\d]*)$", re.IGNORECASE)
_MONTH_ALONE = re.compile(r"^\s*(" + MONTH_NAMES + r")\b\.?([^\d]*)$", re.IGNORECASE)
_FINANCIAL_YEAR = re.compile(r"(?<![\d/.])(?:fy\s*)?(20\d\d|\d\d)\s*[/\-\u2013_]\s*(20\d\d|\d\d)(?![\d/.])",
                             re.IGNORECASE)
_CALENDAR_YEAR = re.compile(r"(?<![\d/.])(20\d\d)(?![\d/.])")
_ROUNDISH = re.compile(
    r"\b(q[1-4]|qtr|quarter|" + MONTH_NAMES + r")\b|\b20\d\d\b|\b\d\d[/-]\d\d\b",
    re.IGNORECASE,
)


def full_year(text: str) -> int:
    """A year as written, in full: "26" is 2026."""
    value = int(text)
    return value + 2000 if value < 100 else value


def quarter(number: int, fy_start: int) -> Round:
    """Quarter `number` (1-4) of the financial year starting in April of `fy_start`."""
    first_month = 4 + 3 * (number - 1)
    year = fy_start if first_month <= 12 else fy_start + 1
    first_month = (first_month - 1) % 12 + 1
    last_month = first_month + 2
    end = date(year, last_month, calendar.monthrange(year, last_month)[1])
    fy = f"{fy_start}/{str(fy_start + 1)[-2:]}"
    return Round(
        end=end,
        start=date(year, first_month, 1),
        label=f"Q{number} {fy}",
        long_label=f"Quarter {_ORDINAL_NAMES[number]} {fy}",
        kind="quarter",
    )


def month(number: int, year: int) -> Round:
    name = f"{calendar.month_name[number]} {year}"
    return Round(
        end=date(year, number, calendar.monthrange(year, number)[1]),
        start=date(year, number, 1),
        label=name,
        long_label=name,
        kind="month",
    )


def find_round(text: str) -> tuple[Round, str] | None:
    """The round named in `text`, and the words left around it ("position", "update"). A date
    ("30/06/2025") names its month (see `dated`); a period of months ("Apr-Jun 2025") names its
    quarter when it is one, else its last month."""
    match = _QUARTER.search(text)
    if match:
        number = _NUMBER_WORDS.get(match.group(1).lower()) or int(match.group(1))
        start, end = full_year(match.group(2)), full_year(match.group(3))
        if end == start + 1:
            return quarter(number, start), _rest(text, match)
        return None
    match = _DATE.search(text)
    if match:
        day, month_, year = match.groups()[:3] if match.group(1) else reversed(match.groups()[3:])
        if 1 <= int(month_) <= 12 and 1 <= int(day) <= 31 and 1990 <= full_year(year) <= 2100:
            return month(int(month_), full_year(year)), _rest(text, match)
        return None
    match = _PERIOD.search(text)
    if match:
        return _period(MONTHS[match.group(1).lower()], MONTHS[match.group(2).lower()], full_year(match.group(3))), \
            _rest(text, match)
    match = _MONTH.search(text)
    if match:
        year = full_year(match.group(2))
        if 1990 <= year <= 2100:
            return month(MONTHS[match.group(1).lower()], year), _rest(text, match)
    return None


def _period(first: int, last: int, year: int) -> Round:
    """The quarter from month `first` to month `last` (of `year`), or else that last month."""
    starts = {4: 1, 7: 2, 10: 3, 1: 4}
    if first in starts and last == (first + 2 - 1) % 12 + 1:
        return quarter(starts[first], year if first >= 4 else year - 1)
    return month(last, year)


def dated(text: str) -> bool:
    """Whether `text` names its round by a date ("30/06/2025", "2025-06-30", "30 June 2025")."""
    return bool(_DATE.search(text) or re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:" + MONTH_NAMES + r")\b", text,
                                                  re.IGNORECASE))


def quarter_of(round_: Round) -> Round | None:
    """The financial-year quarter a month round ends, if it is a quarter's last month."""
    if round_.kind != "month" or round_.end.month not in (3, 6, 9, 12):
        return None
    number = {6: 1, 9: 2, 12: 3, 3: 4}[round_.end.month]
    return quarter(number, round_.end.year if number < 4 else round_.end.year - 1)


def _alone(text: str) -> tuple[str, int, str] | None:
    """("quarter", 2, "update") for "Q2 update", ("month", 9, "") for "Sept": a round named with
    no year, and the words after it."""
    if find_round(text):
        return None
    match = _QUARTER_ALONE.match(text)
    if match:
        return "quarter", _NUMBER_WORDS.get(match.group(1).lower()) or int(match.group(1)), match.group(2).strip()
    match = _MONTH_ALONE.match(text)
    if match:
        return "month", MONTHS[match.group(1).lower()], match.group(2).strip()
    return None


def without_year(text: str) -> tuple[str, int] | None:
    """("quarter", 2) for a name such as "Q2" or "Quarter 2", ("month", 9) for "Sept": a round
    whose year must come from elsewhere (a title line, the workbook's name)."""
    found = _alone(text)
    return found[:2] if found else None


def placed(text: str, context: Iterable[str]) -> tuple[Round, str] | None:
    """The round `text` names with no year ("Q1 RAG"), in the year the first of `context` to name
    one gives (a financial year, "2025/26"; for a month, a calendar year too), and the words after it."""
    found = _alone(text)
    if found is None:
        return None
    kind, number, rest = found
    for line in context:
        fy_start = financial_year(line)
        if fy_start:
            return in_year(kind, number, fy_start), rest
        year = _CALENDAR_YEAR.search(line) if kind == "month" else None
        if year:
            return in_year(kind, number, int(year.group(1)) - (number < 4)), rest
    return None


def with_year(text: str, context: Iterable[str]) -> str:
    """`text` naming a round with no year ("Q1 RAG") with its round `placed` in the year `context`
    names ("Q1 2025/26 RAG"); other text as it is."""
    found = placed(text, context)
    return f"{found[0].label} {found[1]}".strip() if found else text


def financial_year(text: str) -> int | None:
    """The year a financial year named in `text` starts ("2025/26", "2025-26", "FY25/26" -> 2025)."""
    for match in _FINANCIAL_YEAR.finditer(text):
        start, end = full_year(match.group(1)), full_year(match.group(2))
        if end == start + 1 and 1990 <= start <= 2100:
            return start
    return None


def in_year(kind: str, number: int, fy_start: int) -> Round:
    """Quarter or month `number` of the financial year starting in April of `fy_start`."""
    if kind == "quarter":
        return quarter(number, fy_start)
    return month(number, fy_start if number >= 4 else fy_start + 1)


def parse_round(text: str) -> Round | None:
    found = find_round(text)
    return found[0] if found else None


def looks_like_round(text: str) -> bool:
    """True for a name that seems to name a period ("Q2", "Sept update 25/26") even if unreadable."""
    return bool(_ROUNDISH.search(text))


def _rest(text: str, match: re.Match[str]) -> str:
    rest = text[: match.start()] + " " + text[match.end() :]
    return re.sub(r"[^a-z]+", " ", rest.lower()).strip()


def next_round(current: Round) -> Round:
    """The round after `current`, of the same kind."""
    if current.kind == "quarter":
        number = int(current.label[1])
        fy_start = int(current.label[3:7])
        return quarter(1, fy_start + 1) if number == 4 else quarter(number + 1, fy_start)
    following = date(current.end.year + (current.end.month == 12), current.end.month % 12 + 1, 1)
    return month(following.month, following.year)


_LOOKALIKE_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})


def likely_name(name: str, rounds: tuple[Round, ...]) -> str:
    """What a sheet whose name cannot be read as a round was probably meant to be called: the name
    with letters that look like figures made figures, a financial year's second year put right,
    or failing both the round after the latest one."""
    figures = re.sub(r"(?<=[\d\s/-])[OolI]|[OolI](?=[\d/-])", lambda m: m.group(0).translate(_LOOKALIKE_DIGITS), name)
    if parse_round(figures):
        return figures
    alone = without_year(name)
    if alone and rounds:
        fy_start = rounds[-1].start.year if rounds[-1].start.month >= 4 else rounds[-1].start.year - 1
        return sheet_name(in_year(*alone, fy_start))
    pair = re.search(r"(\d{4})\s*([/-])\s*(\d{2,4})\b", figures)
    if pair and _QUARTER.search(figures.replace(pair.group(0), f"{pair.group(1)}-{int(pair.group(1)) % 100 + 1:02d}")):
        return figures.replace(pair.group(0), f"{pair.group(1)}{pair.group(2)}{int(pair.group(1)) % 100 + 1:02d}")
    return sheet_name(following(rounds)) if rounds else "Q1 2025-26"


def months_between(earlier: Round, later: Round) -> int:
    return (later.end.year - earlier.end.year) * 12 + later.end.month - earlier.end.month


def following(rounds: tuple[Round, ...]) -> Round:
    """The round after the latest of `rounds`, at the plan's own cadence: the next quarter, or the
    month as far on as the last two rounds were apart (June, October, January: April)."""
    latest = rounds[-1]
    if latest.kind == "quarter" or len(rounds) < 2:
        return next_round(latest)
    step = max(1, months_between(rounds[-2], latest))
    number = latest.end.month - 1 + step
    return month(number % 12 + 1, latest.end.year + number // 12)


def length_in_days(rounds: tuple[Round, ...]) -> int:
    """How long a round of the plan lasts: a quarter, or the months between its last two rounds."""
    latest = rounds[-1]
    if latest.kind == "quarter":
        return 91
    return 30 * (max(1, months_between(rounds[-2], latest)) if len(rounds) > 1 else 1)


def sheet_name(round_: Round) -> str:
    """A sheet name for the round (Excel forbids '/' in sheet names)."""
    return round_.label.replace("/", "-")
