"""Text templates (Jinja2) for the summary paragraph and other wording, with the house
style's helpers: numbers in words, singular and plural nouns, lists joined with "and", dates
written out ("Tuesday 19 January 2027", the same on every platform); and the web page's HTML
templates, always escaped."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path

import jinja2

from .dates import long_date
from .model import ConfigError


class WordingError(ConfigError):
    """A text template that cannot be used."""


def words(number: object) -> str:
    """12 -> "twelve" (British English); anything but a whole number as it is."""
    if not isinstance(number, int):
        return str(number)
    from num2words import num2words  # loaded when a number is first written in words

    return str(num2words(number, lang="en_GB"))


def join_and(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def day_and_date(when: date) -> str:
    """Tuesday 19 January 2027."""
    return f"{when:%A} {long_date(when)}"


@lru_cache(maxsize=16)
def _environment(folder: str, html: bool = False) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        undefined=jinja2.StrictUndefined,
        autoescape=html,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["words"] = words
    environment.filters["join_and"] = join_and
    environment.filters["long_date"] = long_date
    environment.filters["day_and_date"] = day_and_date
    return environment


def render(template: Path, context: Mapping[str, object], html: bool = False, keep_lines: bool = False) -> str:
    """The template filled in: one paragraph with single spaces, or (`keep_lines`) as laid out.
    With `html`, values are escaped for HTML."""
    try:
        text: str = _environment(str(template.parent), html).get_template(template.name).render(**context)
    except (jinja2.TemplateError, OSError) as exc:
        raise WordingError(f"The text template {template} cannot be used: {exc}.") from None
    return text.strip() + "\n" if keep_lines else " ".join(text.split())


@lru_cache(maxsize=8)
def _pages(folders: tuple[str, ...]) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(folder) for folder in folders]),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["words"] = words
    environment.filters["join_and"] = join_and
    return environment


def render_page(name: str, folders: tuple[Path, ...], context: Mapping[str, object]) -> str:
    """The HTML template `name`, taken from the first of `folders` that has it (a council's own
    before the built-in ones), with every value escaped: text from a tracker is never markup."""
    try:
        return _pages(tuple(str(folder) for folder in folders)).get_template(name).render(**context)
    except (jinja2.TemplateError, OSError) as exc:
        raise WordingError(f"The web page template {name} cannot be used: {exc}.") from None
