"""The at-a-glance chart: a stacked bar of the actions in each state for each round, drawn as a PNG
with Pillow (the one module that imports it, and only when a chart is drawn).

Each part of a bar is labelled with its state and number (inside the bar where it fits, else
after the bar's end), so colour is never the only way to tell the parts apart; a key below names
every colour. The font is the one inside Pillow and the file has no date in it, so the same
figures always give the same bytes, on any machine with the same Pillow."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.ImageDraw import ImageDraw
    from PIL.ImageFont import FreeTypeFont, ImageFont

WIDTH = 1600  # pixels; shown 16 cm wide, so about 250 dots an inch
BAR, GAP, MARGIN = 72, 30, 20
TEXT = "1A1A1A"
FONT_SIZE = 34  # about 9 point at 16 cm wide


@dataclass(frozen=True)
class Part:
    """One state's part of a round's bar."""

    name: str  # as labelled on the bar: the state's label, or its code where the appendix prints codes
    number: int
    fill: str  # hex colour
    ink: str  # hex colour of text on the fill (its contrast checked when the report type loads)


@dataclass(frozen=True)
class Bar:
    label: str  # "Q2 2024/25 (58)"
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Key:
    """A line of the key under the chart: a colour and what it means."""

    fill: str
    text: str


def png(bars: Sequence[Bar], key: Sequence[Key]) -> tuple[bytes, int, int]:
    """The chart as PNG bytes, with its width and height in pixels."""
    from PIL import Image, ImageDraw, ImageFont  # Pillow: only when a chart is drawn

    font = ImageFont.load_default(size=FONT_SIZE)
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    left = MARGIN + max(_width(probe, font, b.label) for b in bars) + 20
    key_rows = _key_rows(probe, font, key)
    height = MARGIN * 2 + len(bars) * (BAR + GAP) + len(key_rows) * (FONT_SIZE + 16) + 10
    image = Image.new("RGB", (WIDTH, height), "#FFFFFF")
    draw = ImageDraw.Draw(image)
    most = max((sum(p.number for p in b.parts) for b in bars), default=0) or 1
    reserve = _reserve(draw, font, bars, left, most)
    scale = (WIDTH - left - MARGIN - reserve) / most
    for row, bar in enumerate(bars):
        top = MARGIN + row * (BAR + GAP)
        _text(draw, font, (MARGIN, top + BAR // 2), bar.label, TEXT, anchor="lm")
        _bar(draw, font, bar, left, top, scale)
    _key(draw, font, key_rows, MARGIN * 2 + len(bars) * (BAR + GAP) - GAP + 20)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False, compress_level=1, dpi=(254, 254))  # quick: the .docx is zipped again
    return out.getvalue(), WIDTH, height


def _width(draw: ImageDraw, font: FreeTypeFont | ImageFont, text: str) -> int:
    return int(draw.textlength(text, font=font))


def _text(draw: ImageDraw, font: FreeTypeFont | ImageFont, at: tuple[float, float], text: str, ink: str,
          anchor: str = "mm") -> None:
    draw.text(at, text, fill=f"#{ink}", font=font, anchor=anchor)


def _layout(draw: ImageDraw, font: FreeTypeFont | ImageFont, bar: Bar, scale: float) -> tuple[list[bool], str]:
    """Which parts are labelled inside the bar, and the label of the others, said after it."""
    inside = [_width(draw, font, f"{p.name} {p.number}") + 16 <= p.number * scale for p in bar.parts]
    after = "; ".join(f"{p.name} {p.number}" for p, fits in zip(bar.parts, inside) if p.number and not fits)
    return inside, after


def _reserve(draw: ImageDraw, font: FreeTypeFont | ImageFont, bars: Sequence[Bar], left: int, most: int) -> int:
    """Room after the longest bar for the labels that do not fit inside their parts."""
    reserve = 0
    for _ in range(3):  # a wider reserve makes the bars shorter, so fewer labels fit inside: settle it
        scale = (WIDTH - left - MARGIN - reserve) / most
        needed = max((_width(draw, font, _layout(draw, font, b, scale)[1]) for b in bars), default=0)
        reserve = needed + 16 if needed else 0
    return min(reserve, (WIDTH - left) // 2)


def _bar(draw: ImageDraw, font: FreeTypeFont | ImageFont, bar: Bar, left: int, top: int, scale: float) -> None:
    inside, after = _layout(draw, font, bar, scale)
    x = float(left)
    for part, fits in zip(bar.parts, inside):
        if not part.number:
            continue
        width = part.number * scale
        draw.rectangle((x, top, x + width - 1, top + BAR), fill=f"#{part.fill}", outline="#FFFFFF", width=2)
        if fits:
            _text(draw, font, (x + width / 2, top + BAR / 2), f"{part.name} {part.number}", part.ink)
        x += width
    if after:
        _text(draw, font, (x + 12, top + BAR / 2), after, TEXT, anchor="lm")


def _key_rows(draw: ImageDraw, font: FreeTypeFont | ImageFont, key: Sequence[Key]) -> list[list[Key]]:
    """The key's lines, as many to a row as fit across the chart."""
    rows: list[list[Key]] = [[]]
    used = MARGIN
    for line in key:
        width = FONT_SIZE + 12 + _width(draw, font, line.text) + 40
        if rows[-1] and used + width > WIDTH - MARGIN:
            rows.append([])
            used = MARGIN
        rows[-1].append(line)
        used += width
    return [row for row in rows if row]


def _key(draw: ImageDraw, font: FreeTypeFont | ImageFont, rows: list[list[Key]], top: int) -> None:
    for number, row in enumerate(rows):
        y, x = top + number * (FONT_SIZE + 16), MARGIN
        for line in row:
            draw.rectangle((x, y, x + FONT_SIZE, y + FONT_SIZE), fill=f"#{line.fill}", outline="#595959", width=2)
            _text(draw, font, (x + FONT_SIZE + 12, y + FONT_SIZE / 2), line.text, TEXT, anchor="lm")
            x += FONT_SIZE + 12 + _width(draw, font, line.text) + 40
