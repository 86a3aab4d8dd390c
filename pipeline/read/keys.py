"""A tracker's own key or legend: a "Key:" block under the table, or a sheet of its own ("Key",
"Legend"), each line a code and what it means ("B = Complete", "Blue | Completed"), or a coloured
cell beside a label. What the lines mean is decided later (`scheme`); here they are only read."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..model import KeyEntry
from ..reports import heading_key
from .cells import Grid, Merged, address, cell_string

KEY_TITLES = {"key", "keys", "statuskey", "ragkey", "bragkey", "ragstatuskey", "keytostatus", "keytoratings",
              "keytorag", "legend", "statuslegend", "raglegend", "ragratingkey", "ratingkey", "ragratings",
              "statuses"}
SOURCE_TITLES = {"sourcekey", "sources", "keytosources", "source"}
_HEADINGS = {"code", "status", "rating", "rag", "brag", "colour", "color", "meaning", "description", "definition",
             "key", "label", "ragstatus", "ragrating"}
_SPLIT = re.compile(r"^\s*(\S{1,24}?)\s*(?:=|:|\s[-\u2013\u2014]\s)\s*(\S.*)$")


def is_key_title(text: str) -> bool:
    """A line that opens a status key ("Key:", "RAG key", "Legend")."""
    key = heading_key(text)
    return key in KEY_TITLES or key.startswith("keyto")


def is_key_sheet(name: str) -> bool:
    return heading_key(name) in KEY_TITLES


def key_entry(texts: list[tuple[int, str]], row: int, width: int, sheet: str,
              fills: Mapping[str, str]) -> KeyEntry | None:
    """One line of a key: its cells with text (column, text), the row (0-based), and the sheet's
    fills. None for a line that says nothing a key could mean."""
    words = [(col, " ".join(text.split())) for col, text in texts if text.strip()]
    colours = [(col, fill) for col in range(width) if (fill := fills.get(address(row, col)))]
    if len(words) >= 2:
        (code_col, code), (_, label) = words[0], words[1]
    elif len(words) == 1 and (split := _SPLIT.match(words[0][1])):
        code_col, code, label = words[0][0], split.group(1), " ".join(split.group(2).split())
    elif len(words) == 1 and colours:
        code_col, code, label = words[0][0], "", words[0][1]  # a coloured cell beside its meaning
    else:
        return None
    fill = next((f for col, f in colours if col == code_col), colours[0][1] if colours else None)
    return KeyEntry(code, label, sheet, address(row, code_col), fill)


def read_key_sheet(grid: Grid, sheet: str, fills: Mapping[str, str]) -> tuple[KeyEntry, ...]:
    """The lines of a sheet that holds a key ("Key", "Legend"), its title and headings left out."""
    entries = []
    for index, row in enumerate(grid):
        texts = [(col, text) for col, value in enumerate(row)
                 if (text := cell_string(value).strip()) and not isinstance(value, Merged)]
        if texts and (len(texts) == 1 and is_key_title(texts[0][1])
                      or all(heading_key(t) in _HEADINGS for _, t in texts)):
            continue
        entry = key_entry(texts, index, len(row), sheet, fills)
        if entry:
            entries.append(entry)
    return tuple(entries)
