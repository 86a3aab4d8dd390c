"""Colours as hex strings ("1F4E79"): contrast as WCAG measures it, Excel's theme tints, and
which family a colour belongs to, so that a cell filled with any green reads as the green state.
"""

from __future__ import annotations

import colorsys
from functools import lru_cache

MIN_CONTRAST = 4.5  # WCAG 2.2 AA, for normal text


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@lru_cache(maxsize=1024)
def contrast(one: str, two: str) -> float:
    """The WCAG contrast ratio of two colours given as hex ("1F4E79")."""
    try:
        a, b = sorted((_luminance(one.lstrip("#")), _luminance(two.lstrip("#"))), reverse=True)
    except (ValueError, IndexError):
        return 21.0  # a colour we cannot read is not reported as low contrast
    return (a + 0.05) / (b + 0.05)


def _hls(hex_colour: str) -> tuple[float, float, float]:
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return colorsys.rgb_to_hls(r, g, b)


def _hex(r: float, g: float, b: float) -> str:
    return "".join(f"{round(max(0.0, min(1.0, c)) * 255):02X}" for c in (r, g, b))


def tinted(hex_colour: str, tint: float) -> str:
    """A theme colour lightened (tint > 0) or darkened (tint < 0), as Excel does it."""
    hue, lightness, saturation = _hls(hex_colour)
    lightness = lightness * (1 + tint) if tint < 0 else lightness * (1 - tint) + tint
    return _hex(*colorsys.hls_to_rgb(hue, lightness, saturation))


# Families of colour a status can be shown in. A fill this light is no colour at all.
WHITE_ABOVE = 0.93
GREY_BELOW = 0.18  # saturation under which a colour is grey (or black)
_HUES = ((15, "red"), (70, "amber"), (170, "green"), (260, "blue"), (330, "purple"), (361, "red"))


@lru_cache(maxsize=4096)
def family(hex_colour: str) -> str:
    """"red", "amber" (orange to yellow), "green", "blue", "purple", "grey", "black", or "white"
    (no colour to speak of)."""
    hue, lightness, saturation = _hls(hex_colour)
    if lightness >= WHITE_ABOVE:
        return "white"
    if saturation < GREY_BELOW or lightness < 0.08:
        return "black" if lightness < 0.2 else "grey"
    degrees = hue * 360
    return next(name for limit, name in _HUES if degrees < limit)


def distance(one: str, two: str) -> float:
    """How far apart two colours are (lightness, then saturation), within one family."""
    _, l1, s1 = _hls(one)
    _, l2, s2 = _hls(two)
    return abs(l1 - l2) * 2 + abs(s1 - s2)


# Excel's legacy palette, for fills written as an index (`<fgColor indexed="10"/>`).
INDEXED = (
    "000000", "FFFFFF", "FF0000", "00FF00", "0000FF", "FFFF00", "FF00FF", "00FFFF",
    "000000", "FFFFFF", "FF0000", "00FF00", "0000FF", "FFFF00", "FF00FF", "00FFFF",
    "800000", "008000", "000080", "808000", "800080", "008080", "C0C0C0", "808080",
    "9999FF", "993366", "FFFFCC", "CCFFFF", "660066", "FF8080", "0066CC", "CCCCFF",
    "000080", "FF00FF", "FFFF00", "00FFFF", "800080", "800000", "008080", "0000FF",
    "00CCFF", "CCFFFF", "CCFFCC", "FFFF99", "99CCFF", "FF99CC", "CC99FF", "FFCC99",
    "3366FF", "33CCCC", "99CC00", "FFCC00", "FF9900", "FF6600", "666699", "969696",
    "003366", "339966", "003300", "333300", "993300", "993366", "333399", "333333",
)

# The Office theme (2013 and later), for a workbook that carries no theme of its own: lt1, dk1,
# lt2, dk2, accent1 to accent6, hyperlink, followed hyperlink, in Excel's theme index order.
OFFICE_THEME = ("FFFFFF", "000000", "E7E6E6", "44546A", "4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5",
                "70AD47", "0563C1", "954F72")
