"""Synthetic trackers of realistic shape for the benchmark: a sheet per round (4 rounds),
10-30 groups, actions of 100-400 characters and updates of 200-1,500 with paragraphs and bullets."""

from __future__ import annotations

import random
from pathlib import Path

from openpyxl import Workbook

ROUNDS = ["Q1 2025-26", "Q2 2025-26", "Q3 2025-26", "Q4 2025-26"]
HEADINGS = ["Ref", "Priority", "Action", "Owner(s)", "Target date", "Status", "Update"]
WORDS = ("council residents partnership delivery strategy review programme service improvement budget "
         "housing transport community engagement performance framework outcomes plan officers board "
         "executive scrutiny procurement contract workforce digital customer access savings funding "
         "report agreed progress milestone consultation assessment policy governance risk capacity").split()
OWNERS = ["Chief Executive", "Director of Finance", "Head of HR", "Director of Adult Social Care",
          "Head of Governance, Policy and Information", "Director of Environment and Community Services"]
STATUSES = ["Complete", "Ongoing", "Ongoing", "Ongoing", "Overdue"]


def sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def text_of(rng: random.Random, low_chars: int, high_chars: int) -> str:
    target = rng.randint(low_chars, high_chars)
    parts, length = [], 0
    while length < target:
        kind = rng.random()
        if kind < 0.15 and parts:
            part = "\n".join("\u2022 " + sentence(rng, 4, 10) for _ in range(rng.randint(2, 4)))
        else:
            part = " ".join(sentence(rng, 8, 20) for _ in range(rng.randint(1, 3)))
        parts.append(part)
        length += len(part)
    return "\n".join(parts)[: high_chars + 200]


def actions(count: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    groups = [f"We will {sentence(rng, 3, 8).lower().rstrip('.')}" for _ in range(rng.randint(10, 30))]
    result = []
    for number in range(1, count + 1):
        result.append({
            "ref": str(number),
            "group": groups[(number * len(groups)) // (count + 1)],
            "action": text_of(rng, 100, 400),
            "owner": rng.choice(OWNERS),
            "target": f"{rng.choice(['March', 'June', 'September', 'December'])} {rng.choice([2026, 2027])}",
            "rounds": [(rng.choice(STATUSES), text_of(rng, 200, 1500)) for _ in ROUNDS],
        })
    return result


def tracker(path: Path, count: int) -> Path:
    """Write a tracker of `count` actions (write-only mode: fast, and the same cells as Excel's)."""
    book = Workbook(write_only=True)
    data = actions(count)
    for index, name in enumerate(ROUNDS):
        sheet = book.create_sheet(name)
        sheet.append(["Corporate action tracker"])
        sheet.append(HEADINGS)
        for action in data:
            status, update = action["rounds"][index]
            sheet.append([action["ref"], action["group"], action["action"], action["owner"], action["target"],
                          status, update])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
