"""Cell styles: which of a workbook's cell styles fill their cells with a colour, and which colour,
with theme colours, tints and Excel's indexed palette resolved to plain hex ("00B050"); and which
show a number as a percentage.

Statuses are often shown by colour, and sometimes only by colour; calamine reads no styles, so
the fills come from styles.xml and the theme here, and each cell's style from the sheet XML.
"""

from __future__ import annotations

import re
from typing import Any

from ..colours import INDEXED, OFFICE_THEME, family, tinted

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
# The theme's colours in the order of Excel's theme index: lt1, dk1, lt2, dk2, then the rest.
_THEME_ORDER = ("lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6",
                "hlink", "folHlink")


def theme_colours(theme: Any | None) -> tuple[str, ...]:
    """The theme's colours in Excel's theme index order (the Office theme's where it has none)."""
    if theme is None:
        return OFFICE_THEME
    scheme = next(theme.iter(f"{DRAWING}clrScheme"), None)
    if scheme is None:
        return OFFICE_THEME
    found: dict[str, str] = {}
    for slot in scheme:
        name = slot.tag.split("}")[-1]
        colour = next(iter(slot), None)
        value = colour.get("lastClr") or colour.get("val") if colour is not None else None
        if value and len(value) == 6:
            found[name] = value.upper()
    return tuple(found.get(name, default) for name, default in zip(_THEME_ORDER, OFFICE_THEME))


def fills_by_style(styles: Any | None, theme: tuple[str, ...]) -> dict[int, str]:
    """The colour each cell style (an index into cellXfs) fills its cells with: only solid fills
    that show a colour (not white, not none)."""
    if styles is None:
        return {}
    fills_element = styles.find(f"{MAIN}fills")
    colours = [_fill_colour(fill, theme) for fill in (fills_element if fills_element is not None else ())]
    xfs = styles.find(f"{MAIN}cellXfs")
    found: dict[int, str] = {}
    for index, xf in enumerate(xfs if xfs is not None else ()):
        fill_id = int(xf.get("fillId", "0") or 0)
        colour = colours[fill_id] if 0 <= fill_id < len(colours) else None
        if colour and family(colour) != "white":
            found[index] = colour
    return found


_PERCENT_FORMATS = {9: 0, 10: 2}  # Excel's built-in "0%" and "0.00%": the decimals each shows
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # text in quotes, an escaped character, [colour] or [condition]
_DECIMALS = re.compile(r"\.([0#?]+)")


def percent_styles(styles: Any | None) -> dict[int, int]:
    """The cell styles that show a number as a percentage (a stored 0.5 shown as 50%), and the
    decimals each shows: the built-in percentage formats, and custom ones with a % sign outside
    quotes."""
    if styles is None:
        return {}
    percent = dict(_PERCENT_FORMATS)
    formats = styles.find(f"{MAIN}numFmts")
    for number_format in formats if formats is not None else ():
        code = _QUOTED.sub("", number_format.get("formatCode", "")).split(";")[0]
        if "%" in code:
            decimals = _DECIMALS.search(code)
            percent[int(number_format.get("numFmtId", "-1"))] = len(decimals.group(1)) if decimals else 0
    xfs = styles.find(f"{MAIN}cellXfs")
    return {index: percent[number] for index, xf in enumerate(xfs if xfs is not None else ())
            if (number := int(xf.get("numFmtId", "0") or 0)) in percent}


def _fill_colour(fill: Any, theme: tuple[str, ...]) -> str | None:
    pattern = fill.find(f"{MAIN}patternFill")
    if pattern is None or pattern.get("patternType", "none") in ("none", "gray125", "gray0625"):
        return None
    colour = pattern.find(f"{MAIN}fgColor")
    return colour_of(colour, theme) if colour is not None else None


def colour_of(colour: Any, theme: tuple[str, ...]) -> str | None:
    """The hex of a colour element (`rgb`, `theme` with `tint`, or `indexed`)."""
    value: str | None = None
    if colour.get("rgb"):
        value = colour.get("rgb")[-6:].upper()
    elif colour.get("theme") is not None:
        index = int(colour.get("theme"))
        value = theme[index] if 0 <= index < len(theme) else None
    elif colour.get("indexed") is not None:
        index = int(colour.get("indexed"))
        value = INDEXED[index] if 0 <= index < len(INDEXED) else None
    if value is None or len(value) != 6:
        return None
    tint = float(colour.get("tint") or 0)
    return tinted(value, tint) if tint else value
