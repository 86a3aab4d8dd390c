"""Colours as hex strings ("1F4E79"): contrast as WCAG measures it."""

from __future__ import annotations

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
