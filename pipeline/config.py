"""The TOML files the pipeline reads (report types, the meeting calendar, the settings file), each
decoded into a typed structure by one schema library (msgspec), and any problem said in one
sentence naming the file and the field."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from .model import ConfigError

T = TypeVar("T")

_WHERE = re.compile(r"^(?P<problem>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_STEP = re.compile(r"\.(\w+)|\[(\d+)\]")
_TYPES = {
    "str": "text", "int": "a whole number", "float": "a number", "bool": "true or false", "array": "a list",
    "object": "a table", "date": "a date written YYYY-MM-DD", "datetime": "a date and time", "null": "nothing",
    "str | array": "text or a list of texts",
}


def load(path: Path, kind: type[T], what: str, fix: str, tidy: Callable[[Any], Any] | None = None) -> T:
    """`path` read as TOML into `kind`. `what` names the file for people ("The meeting calendar"),
    `fix` says where to look ("see the README's calendar example"); `tidy`, if given, is applied
    to what the TOML holds before it is checked."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{what} {path} cannot be read ({exc.strerror or exc}): check the path.") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{what} {path} is not text in UTF-8: save it again as UTF-8 ({fix}).") from None
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"at (line \d+, column \d+|end of document)", str(exc))
        raise ConfigError(f"{what} {path} is not valid TOML{' at ' + where.group(1) if where else ''}: correct it "
                          f"({fix}).") from None
    return convert(tidy(data) if tidy else data, kind, f"{what} {path}", fix)


def convert(data: Any, kind: type[T], named: str, fix: str, strict: bool = True) -> T:
    """`data` (as TOML gives it) checked and made into `kind`; ConfigError naming the field. Not
    `strict`, text is read as a number where a number is wanted (settings from the environment)."""
    try:
        return msgspec.convert(data, type=kind, strict=strict)
    except msgspec.ValidationError as exc:
        raise ConfigError(f"{named} cannot be used: {explain(str(exc))} ({fix}).") from None


def explain(message: str) -> str:
    """msgspec's account of a problem ("Expected `int`, got `str` - at `$.meeting[0].lead_days`")
    in words ("in meeting 1, lead_days should be a whole number, not text")."""
    match = _WHERE.match(message)
    problem, path = (match.group("problem"), match.group("path") or "") if match else (message, "")
    where, field = _where(path)
    if found := re.match(r"Object missing required field `(\w+)`", problem):
        return f"{where}{found.group(1)} is missing"
    if found := re.match(r"Object contains unknown field `(\w+)`", problem):
        where, _ = _where(path + ".field")  # the path names the table that holds the unknown field
        return f"{where}'{found.group(1)}' is not a setting: check its spelling"
    if found := re.match(r"Expected `([^`]+)`, got `([^`]+)`", problem):
        wanted, got = (_TYPES.get(t, t) for t in found.groups())
        return f"{where}{field} should be {wanted}, not {got}"
    if found := re.match(r"Expected `([^`]+)` (>=|<=|>|<) (\S+)", problem):
        limit = {">=": "at least", "<=": "at most", ">": "more than", "<": "less than"}[found.group(2)]
        return f"{where}{field} should be {limit} {found.group(3)}"
    if found := re.match(r"Invalid enum value (.+)", problem):
        return f"{where}{field} cannot be {found.group(1)}"
    if problem.startswith("Invalid RFC3339 encoded date"):
        return f"{where}{field} should be a date written YYYY-MM-DD"
    return f"{where}{field}: {problem}"


def _where(path: str) -> tuple[str, str]:
    """("in status.states 3, ", "fill") for `.status.states[2].fill`: the table, then the field."""
    steps: list[str | int] = [name if name else int(index) + 1 for name, index in _STEP.findall(path)]
    field = str(steps.pop()) if steps and isinstance(steps[-1], str) else "the value"
    place = ""
    for step in steps:
        place += f" {step}" if isinstance(step, int) else (f".{step}" if place else step)
    return (f"in {place}, " if place else ""), field
