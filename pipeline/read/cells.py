"""A sheet as a plain grid of cell values (rows of Python values, A1 at [0][0]), as calamine gives
it, and how a cell's value is written and addressed."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

from ..dates import long_date

Cell = str | int | float | bool | date | datetime | time | timedelta
Grid = list[list[Cell]]


@lru_cache(maxsize=1024)
def column_letter(index: int) -> str:
    """"A" for column 0, "AA" for 26."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def address(row: int, col: int) -> str:
    """A1-style address of a 0-based (row, col)."""
    return f"{column_letter(col)}{row + 1}"


def cell_string(value: Cell) -> str:
    """A cell's value as text: a date as "30 June 2025", a whole number without ".0"."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, float):
        return format(value, ".15g")
    return str(value)


def percentage(value: int | float, decimals: int) -> str:
    """A number in a cell formatted as a percentage with so many decimals, as Excel shows it: 0.5
    as "50%"."""
    return f"{value * 100:.{decimals}f}%"


class Merged(str):
    """A value copied into a cell from the top-left cell of its merged range."""


def fill_merged(grid: Grid, merged: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """Give every cell of a merged range the value of its top-left cell, marked as `Merged`."""
    for (r0, c0), (r1, c1) in merged:
        value = grid[r0][c0] if r0 < len(grid) and c0 < len(grid[r0]) else ""
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            for c in range(c0, min(c1, len(grid[r]) - 1) + 1):
                if (r, c) != (r0, c0):
                    grid[r][c] = Merged(cell_string(value))
