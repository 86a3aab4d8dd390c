"""Real tracker workbooks built from the two published documents (tests/data/seeds/*.json).

Used by the tests, and by `python -m tests.builders input/` to make the demo trackers.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Color, Font, PatternFill

from pipeline.reports import built_in_templates

SEEDS = Path(__file__).parent / "data" / "seeds"
LATIN = str.maketrans({"\u0421": "C", "\u0410": "A", "\u0391": "A"})


def workplan_seed() -> dict:
    return json.loads((SEEDS / "workplan.json").read_text(encoding="utf-8"))


def improvement_seed() -> dict:
    return json.loads((SEEDS / "improvement-plan.json").read_text(encoding="utf-8"))


def workplan_rows(clean: bool = True) -> list[tuple[str, str, str, str]]:
    """(priority, initiative, Q1, Q2) for each initiative of seed 000, in order.

    With `clean`, look-alike letters are made Latin and the broken row's Q1 cell reads "G".
    """
    rows, group = [], ""
    for cells in workplan_seed()["sheet"]:
        if len(cells) == 3 and cells[2].endswith("position"):
            group = cells[0]
        elif len(cells) == 3 and group:
            q1, q2 = cells[1], cells[2]
            if clean:
                q1 = "G" if q1 == "t to community G" else q1.translate(LATIN)
                q2 = q2.translate(LATIN)
            rows.append((group, cells[0], q1, q2))
    return rows


def _save(workbook: Workbook, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _style_header(sheet, row: int) -> None:
    for cell in sheet[row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def workplan_seed_exact(path: Path) -> Path:
    """One sheet laid out exactly as seed 000 was published, faults and all."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Workplan"
    for cells in workplan_seed()["sheet"]:
        sheet.append(cells or [None])
    return _save(workbook, path)


def workplan_wide(path: Path) -> Path:
    """The seed's layout (a heading row per priority, a position column per quarter), clean values."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Workplan"
    sheet.append(["Council Plan workplan"])
    sheet.append([])
    group = None
    for priority, initiative, q1, q2 in workplan_rows():
        if priority != group:
            sheet.append([priority, "Q1 2024/25 position", "Q2 2024/25 position"])
            group = priority
        sheet.append([initiative, q1, q2])
    sheet.append([])
    _append_rag_key(sheet)
    return _save(workbook, path)


def _append_rag_key(sheet) -> None:
    sheet.append(["Key:"])
    for code, label in (("C", "Complete"), ("G", "On-track"), ("A", "Some slippage"),
                        ("R", "High risk of deliverability"), ("U", "Undeliverable")):
        sheet.append([code, label])


def workplan_sheets(path: Path, sections: bool = False) -> Path:
    """A sheet per quarter. Priority as a column, or (with `sections`) as section rows."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    rows = workplan_rows()
    for index, quarter in enumerate(("Q1 2024-25", "Q2 2024-25")):
        sheet = workbook.create_sheet(quarter)
        sheet.append(["Council Plan workplan"])
        sheet.append([f"Position at {quarter.replace('-', '/')}"])
        # The second sheet has its columns in another order, as officers' sheets drift.
        headings = ["Priority", "Initiative", "RAG status"] if index == 0 else ["Initiative", "Priority", "RAG status"]
        if sections:
            headings = ["Initiative", "RAG status"]
        sheet.append(headings)
        _style_header(sheet, 3)
        group = None
        for priority, initiative, *positions in rows:
            status = positions[index]
            if sections:
                if priority != group:
                    sheet.append([priority])
                    group = priority
                sheet.append([initiative, status])
            else:
                record = {"Priority": priority, "Initiative": initiative, "RAG status": status}
                sheet.append([record[h] for h in headings])
    key = workbook.create_sheet("Key")
    _append_rag_key(key)
    return _save(workbook, path)


IMPROVEMENT_HEADINGS = ["Rec.", "Council Plan Ambition", "Best Value Theme", "Recommendation", "Action",
                        "Owner(s)", "Target date for completion"]
REC_FIELDS = ["rec", "ambition", "theme", "recommendation"]
ACTION_FIELDS = ["action", "owner", "target"]


def first_round(action: dict, rounds: list[str]) -> int:
    """The first round sheet an action's row is on: a "NEW**" action's from its first update, every
    other's from the first round (a blank update is an action not updated that round; one reading
    "n/a" had not begun, which the pipeline reads from the "n/a" itself)."""
    updates = [action["updates"].get(r, "").strip() for r in rounds]
    if action["action"].startswith("NEW**"):
        return next((i for i, u in enumerate(updates) if u), 0)
    return 0


def _improvement_cells(action: dict, first_of_rec: bool) -> list[str]:
    rec = [action[f] for f in REC_FIELDS] if first_of_rec else ["", "", "", ""]
    return rec + [action[f] for f in ACTION_FIELDS]


def _append_source_key(sheet, seed: dict) -> None:
    sheet.append([])
    sheet.append(["Source key:"])
    for code, label in seed["source_key"]:
        sheet.append([code, label])


def improvement_sheets(path: Path, merge_rows: bool = True) -> Path:
    """A sheet per round (June 2025, October 2025, January 2026) holding the actions of that round.

    A recommendation's cells are filled on its first row only; with `merge_rows`, the last
    round's sheet merges them vertically instead, as Word-pasted trackers do.
    """
    seed = improvement_seed()
    rounds = seed["rounds"]
    workbook = Workbook()
    workbook.remove(workbook.active)
    for index, round_name in enumerate(rounds):
        sheet = workbook.create_sheet(round_name)
        sheet.append([seed["title"]])
        sheet.append([f"{round_name} update"])
        sheet.append(IMPROVEMENT_HEADINGS + ["Update"])
        _style_header(sheet, 3)
        previous_rec, start = None, None
        for action in seed["actions"]:
            if first_round(action, rounds) > index:
                continue
            new_rec = action["rec"] != previous_rec
            if new_rec and start and merge_rows and index == len(rounds) - 1:
                _merge_recommendation(sheet, start)
            if new_rec:
                start = sheet.max_row + 1
            sheet.append(_improvement_cells(action, new_rec) + [action["updates"].get(round_name, "")])
            previous_rec = action["rec"]
        if start and merge_rows and index == len(rounds) - 1:
            _merge_recommendation(sheet, start)
        _append_source_key(sheet, seed)
    return _save(workbook, path)


def _merge_recommendation(sheet, start: int) -> None:
    end = sheet.max_row
    if end > start:
        for column in "ABCD":
            sheet.merge_cells(f"{column}{start}:{column}{end}")


def improvement_wide(path: Path) -> Path:
    """The seed's own layout: one sheet, an update column per round."""
    seed = improvement_seed()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Improvement plan"
    sheet.append([seed["title"]])
    sheet.append([])
    sheet.append(IMPROVEMENT_HEADINGS + [f"{r} update" for r in seed["rounds"]])
    _style_header(sheet, 3)
    previous_rec = None
    for action in seed["actions"]:
        cells = _improvement_cells(action, action["rec"] != previous_rec)
        sheet.append(cells + [action["updates"].get(r, "") for r in seed["rounds"]])
        previous_rec = action["rec"]
    _append_source_key(sheet, seed)
    return _save(workbook, path)


def workbook(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None,
             hidden_rows: dict[str, list[int]] | None = None, hidden_sheets: tuple[str, ...] = (),
             fills: dict[str, dict[str, str | tuple[int, float]]] | None = None,
             formats: dict[str, dict[str, str]] | None = None) -> Path:
    """A workbook with the given sheets of rows (None or "" for an empty cell); `fills` colours
    cells, by sheet and cell, with a hex colour ("00B050") or a theme colour and tint ((9, 0.4));
    `formats` gives cells, by sheet and cell, a number format ("0%")."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for cells in rows:
            sheet.append(list(cells) or [None])
        for cell_range in (merges or {}).get(name, []):
            sheet.merge_cells(cell_range)
        for row in (hidden_rows or {}).get(name, []):
            sheet.row_dimensions[row].hidden = True
        if name in hidden_sheets:
            sheet.sheet_state = "hidden"
        for cell, colour in (fills or {}).get(name, {}).items():
            fg = Color(rgb="FF" + colour) if isinstance(colour, str) else Color(theme=colour[0], tint=colour[1])
            sheet[cell].fill = PatternFill("solid", fgColor=fg)
        for cell, number_format in (formats or {}).get(name, {}).items():
            sheet[cell].number_format = number_format
    return _save(book, path)


DEMOS = {
    "Council Plan workplan.xlsx": workplan_sheets,
    "Continuous Improvement Plan.xlsx": improvement_sheets,
    # The README's example of a tracker with errors: kept apart, so 'make demo' builds cleanly.
    "examples/Council Plan workplan (as published).xlsx": workplan_seed_exact,
}


def make_demo_inputs(folder: Path) -> list[Path]:
    return [build(folder / name) for name, build in DEMOS.items()]


if __name__ == "__main__":
    for made in make_demo_inputs(Path(sys.argv[1] if len(sys.argv) > 1 else "input")):
        print(made)


def edited_report(folder: Path, name: str, old: str, new: str) -> Path:
    """A copy of the built-in templates in `folder`/templates, with `old` (which must be there) made
    `new` in report type `name`'s report.toml; that report.toml's path."""
    templates = folder / "templates"
    shutil.copytree(built_in_templates(), templates)
    report = templates / "reports" / name / "report.toml"
    text = report.read_text()
    assert old in text
    report.write_text(text.replace(old, new))
    return report
