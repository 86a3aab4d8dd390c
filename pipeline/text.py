"""Cell text, and how it becomes paragraphs and bullets.

Officers' cells hold Alt+Enter line breaks, typed bullets, Word line breaks pasted as control
characters, and HTML left by older exports. All of it becomes clean paragraphs here, once,
so that nothing downstream meets a control character or a literal tag. The bottom of the
package: it imports nothing of the pipeline's own.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, NamedTuple, TypeVar, overload

T = TypeVar("T")


class Para(NamedTuple):
    text: str
    bullet: bool = False


class _Once(Generic[T]):
    """A property worked out when first used and then kept on the instance: functools'
    cached_property without the lock that Python 3.11 takes on every first use."""

    def __init__(self, func: Callable[[Any], T]):
        self.func, self.name = func, func.__name__

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> _Once[T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> T | _Once[T]:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value


@dataclass(frozen=True)
class Text:
    """Cell text (cleaned of control characters), seen as paragraphs and bullets.

    The paragraphs are worked out when first asked for: most cells of a large tracker are
    never printed, and splitting them all would be a third of the time of a build.
    """

    raw: str = ""

    @_Once
    def paras(self) -> tuple[Para, ...]:
        return paragraphs(self.raw)

    @property
    def plain(self) -> str:
        return "\n".join(p.text for p in self.paras)

    @property
    def marked(self) -> str:
        """The paragraphs as lines of plain text, each bullet marked "• " (for a table a script reads)."""
        return "\n".join(f"\u2022 {p.text}" if p.bullet else p.text for p in self.paras)

    @property
    def opening(self) -> str:
        """The first paragraph's text, without working out all the others."""
        if "<" in self.raw[:600]:
            return self.paras[0].text if self.paras else ""
        return self.raw.lstrip().split("\n", 1)[0].strip() if self.raw else ""

    def __bool__(self) -> bool:
        """Whether any text is printed: not blank, nor only tags or bullet marks."""
        return bool(self.paras) if "paras" in self.__dict__ else has_text(self.raw)


EMPTY = Text()

_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\u2028\u2029\x85]")
# Characters XML 1.0 cannot hold, and the Unicode non-characters.
_INVALID = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_HTML_TAG = re.compile(
    r"</?(?:p|br|ul|ol|li|div|span|b|i|u|em|strong|font|table|tr|td|th|tbody|thead|h[1-6])\b[^<>]*>",
    re.IGNORECASE,
)
_BLOCK_END = re.compile(r"</(?:p|div|li|ul|ol|tr|h[1-6])\s*>|<br\s*/?>|<(?:p|div|ul|ol|tr|h[1-6])\b[^<>]*>", re.I)
_ITEM = re.compile(r"<li\b[^<>]*>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d{1,6}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_BULLET = re.compile(r"^\s*(?:[\u2022\u25cf\u25aa\u25e6\u2023\u2043\u00b7\uf0b7*]|[-\u2013](?=\s))\s*")
_ITEM_MARK = "\u2063"  # an invisible mark that stands for <li> while tags are removed
_MARKS = set("\u2022\u25cf\u25aa\u25e6\u2023\u2043\u00b7\uf0b7*-\u2013" + _ITEM_MARK)  # what can start a bullet
_DASHES = "-\u2013"  # a bullet only when a space follows


_NEEDS_CLEANING = re.compile("[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\ufffe\uffff\ud800-\udfff]|_x[0-9A-Fa-f]{4}_")


# In ASCII text, the characters that may need cleaning: controls other than tab and line feed,
# and the underscore that begins an '_x000D_' escape.
_ASCII_SUSPECT = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, ord("_")])


def clean(raw: str) -> tuple[str, bool]:
    """`raw` with escapes decoded, line breaks made '\\n' and other control characters dropped.

    Returns the text and whether a character was dropped.
    """
    # Nearly every cell is printable text, perhaps with line breaks: told apart without a regex.
    if raw.isprintable():  # a short cell, usually: stops at a line break, if there is one
        if "_x" not in raw:
            return raw, False
    elif raw.isascii():
        if len(raw.encode("ascii").translate(None, _ASCII_SUSPECT)) == len(raw):
            return raw, False
    elif "_x" not in raw and raw.replace("\n", "").replace("\t", "").isprintable():
        return raw, False
    if not _NEEDS_CLEANING.search(raw):
        return raw, False
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), raw) if "_x" in raw else raw
    text = _BREAKS.sub("\n", text)
    stripped = _INVALID.sub("", text)
    return stripped, stripped != text


def is_html(text: str) -> bool:
    return "<" in text and _HTML_TAG.search(text) is not None


# The ASCII characters str.split() splits on, but for the space.
_ASCII_SPACES = bytes([0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F])


def collapse(line: str) -> str:
    """The line with its runs of spaces made one and its ends trimmed (most are already so)."""
    if "  " in line or line[:1] == " " or line[-1:] == " ":
        return " ".join(line.split())
    if line.isascii():  # told by one pass over its bytes, which is quicker than isprintable
        plain = len(line.encode("ascii").translate(None, _ASCII_SPACES)) == len(line)
    else:
        plain = line.isprintable()  # every space other than ' ' is unprintable
    return line if plain else " ".join(line.split())


def has_text(raw: str) -> bool:
    """Whether `raw` prints anything: `paragraphs(raw)` is not empty (told quicker)."""
    first = raw.lstrip()[:1]
    if not first:
        return False
    if first not in _MARKS and "<" not in raw and "&" not in raw:
        return True  # a plain first character starts a paragraph
    return bool(paragraphs(raw))


def paragraphs(raw: str) -> tuple[Para, ...]:
    """Cell text as paragraphs: one per line, bullets marked, HTML turned into the same."""
    if not raw:
        return ()
    if "\n" not in raw and "<" not in raw and "&" not in raw and not _BULLET.match(raw):
        line = collapse(raw)
        return (Para(line),) if line else ()
    was_html = is_html(raw)
    if was_html:
        raw = _ORDERED.sub(_numbered_items, raw) if "<ol" in raw.lower() else raw
        raw = _ITEM.sub("\n" + _ITEM_MARK, raw)
        raw = _BLOCK_END.sub("\n", raw)
        raw = html.unescape(_HTML_TAG.sub("", raw))
    elif "&" in raw and _ENTITY.search(raw):
        raw = html.unescape(raw)  # "R&amp;D&nbsp;team" from an export, without tags
    lines = [collapse(line) for line in raw.split("\n")]
    if was_html:  # a numbered list whose tags were lost ("... topics: 1. Identifying ... 2. Evidence ...")
        lines = [piece for line in lines for piece in numbered(line)]
    if not any([line[:1] in _MARKS for line in lines]):
        return tuple([Para(line) for line in lines if line])  # no bullets: the common case
    paras = []
    for line in lines:
        if not line or line == _ITEM_MARK:
            continue
        if line[0] not in _MARKS:
            paras.append(Para(line))
            continue
        if line[0] == _ITEM_MARK:
            bullet, line = True, _BULLET.sub("", line.lstrip(_ITEM_MARK)).strip()
        else:  # as _BULLET reads a collapsed line: a mark, or a dash before a space
            bullet = line[0] not in _DASHES or line[1:2] == " "
            line = line[1:].lstrip() if bullet else line
        if line:
            paras.append(Para(line, bullet))
    return tuple(paras)


_ORDERED = re.compile(r"<ol\b.*?(?:</ol\s*>|$)", re.IGNORECASE | re.DOTALL)
_NUMBER = re.compile(r"(?:(?<=\s)|^)(\d{1,2})[.)]\s+(?=\S)")


def _numbered_items(match: re.Match[str]) -> str:
    """An HTML numbered list's items as lines numbered 1., 2., ... (never bullets)."""
    count = 0

    def item(_: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return f"\n{count}. "

    return _ITEM.sub(item, match.group(0))


def numbered(line: str) -> list[str]:
    """A line holding a numbered list run together ("topics: 1. A 2. B 3. C") as its lead-in and
    an item a line; the line as it is unless it numbers at least two items 1, 2, ... in order."""
    run, expected = [], 1
    for match in _NUMBER.finditer(line):
        if int(match.group(1)) == expected:
            run.append(match.start())
            expected += 1
    if len(run) < 2:
        return [line]
    pieces = [line[: run[0]], *(line[a:b] for a, b in zip(run, [*run[1:], len(line)]))]
    return [piece.strip() for piece in pieces if piece.strip()]


_APPENDIX = re.compile(r"^\s*appendix\s*[\w.]*\s*[:\-\u2013]\s*", re.IGNORECASE)
# "; progress at Quarter Two 2024/25", " – January 2026 update", ": position at Q2 2025/26" after the name.
_PROGRESS = re.compile(r"\s*[;:,\-\u2013\u2014]\s*(?:progress|position|update|(?:q[1-4]|quarter|qtr|"
                       r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?)\s+[\w/ -]*"
                       r"(?:update|position|progress))\b.*$", re.IGNORECASE)


def plan_title(title: str) -> str:
    """A plan's name from a title line: without 'Appendix 2:' or '; progress at Quarter Two ...'."""
    return _PROGRESS.sub("", _APPENDIX.sub("", title)).strip()

