"""Write the corpus of council progress-tracker workbooks, and check them against expected.toml.

    python tests/corpus/make_corpus.py OUTDIR            build every workbook into OUTDIR, then
                                                         self-check against expected.toml
    python tests/corpus/make_corpus.py --compare A B     compare two builds cell by cell

Importable: build_all(outdir) -> list of paths written. Deterministic: no randomness, fixed
document properties and zip times, so two runs give byte-identical files (except the one
LibreOffice writes, which is identical cell by cell). The workbook that needs LibreOffice is
skipped when `soffice` is not on PATH.

The figures in expected.toml were written by hand from what an officer reading each workbook
would say; the self-check counts the same figures from the data the workbooks are written from,
reads the written workbooks back, and fails on any difference, so a typo in either is caught.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import corpus_common as common  # noqa: E402
import corpus_reading as reading  # noqa: E402
import openpyxl  # noqa: E402
import shapes_dates  # noqa: E402
import shapes_months  # noqa: E402
import shapes_plan  # noqa: E402
import shapes_sheets  # noqa: E402
import shapes_special  # noqa: E402
import shapes_wide  # noqa: E402

EXPECTED = HERE / "expected.toml"
LO_PROFILE = "file:///tmp/lo-profile-corpus"
BUILDERS = (shapes_wide.BUILDERS + shapes_dates.BUILDERS + shapes_sheets.BUILDERS
            + shapes_months.BUILDERS + shapes_special.BUILDERS + shapes_plan.BUILDERS)


def libreoffice_roundtrip(builder, outdir: Path):
    """Build with openpyxl in a scratch folder, then let LibreOffice open and save it as .xlsx
    into outdir. Returns (path, tracker), or None when soffice is not on PATH."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory(prefix="corpus-lo-") as tmp:
        src, tracker = builder(Path(tmp))
        subprocess.run([soffice, f"-env:UserInstallation={LO_PROFILE}", "--headless",
                        "--convert-to", "xlsx", "--outdir", str(outdir), str(src)],
                       check=True, timeout=300, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    out = outdir / src.name
    if not out.exists():
        raise RuntimeError(f"LibreOffice did not write {out}")
    return out, tracker


def build(outdir: Path) -> dict[str, tuple[Path, common.Tracker]]:
    """Write every workbook; returns file name -> (path, tracker as written)."""
    outdir.mkdir(parents=True, exist_ok=True)
    built = {}
    for builder in BUILDERS:
        path, tracker = builder(outdir)
        built[path.name] = (path, tracker)
    for builder in shapes_plan.LIBREOFFICE_BUILDERS:
        result = libreoffice_roundtrip(builder, outdir)
        if result is not None:
            built[result[0].name] = result
    return built


def build_all(outdir: Path) -> list[Path]:
    """Write every workbook into outdir and return their paths (in build order)."""
    return [path for path, _ in build(Path(outdir)).values()]


# --------------------------------------------------------------------------- self-check
FIGURES = ("actions", "complete", "completed_since_last", "new", "by_status",
           "by_status_codes")


def _cells_key(items):
    return sorted((d["code_hint"], d["sheet"], d["cell"]) for d in items)


def check_one(name: str, exp: dict, path: Path, tr: common.Tracker) -> list[str]:
    """Differences between the manifest entry and the workbook as built, as messages."""
    bad = []
    wb = openpyxl.load_workbook(path)
    if exp["expect"] == "refuse":
        for sheet in exp.get("message_contains", []):
            if sheet not in wb.sheetnames:
                bad.append(f"refusal should name sheet {sheet!r}, which is not in the workbook")
        if exp.get("no_year"):
            year = re.compile(r"(19|20)\d\d|\b\d\d[/-]\d\d\b")
            seen = [name] + wb.sheetnames + [
                str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
                if c.value is not None]
            hits = [t for t in seen if year.search(t) or not isinstance(t, str)]
            if hits:
                bad.append(f"no_year, but a year (or a date) is visible: {hits[:3]}")
        return bad
    if exp.get("rounds") != tr.rounds:
        bad.append(f"rounds {exp.get('rounds')} != {tr.rounds}")
    if exp.get("round") != tr.rounds[-1] or exp.get("previous_round") != tr.rounds[-2]:
        bad.append(f"round/previous_round {exp.get('round')}/{exp.get('previous_round')} "
                   f"!= {tr.rounds[-1]}/{tr.rounds[-2]}")
    got = reading.summarise(tr)
    for key in FIGURES:
        if exp.get(key) != got[key]:
            bad.append(f"{key}: manifest {exp.get(key)!r}, counted {got[key]!r}")
    if exp.get("no_status", 0) != got["no_status"]:
        bad.append(f"no_status: manifest {exp.get('no_status', 0)}, counted {got['no_status']}")
    if sum(exp.get("by_status", {}).values()) + exp.get("no_status", 0) != exp.get("actions"):
        bad.append("by_status and no_status do not add up to actions")
    if _cells_key(exp.get("warnings", [])) != _cells_key(got["warnings"]):
        bad.append(f"warnings: manifest {exp.get('warnings', [])}, counted {got['warnings']}")
    if _cells_key(exp.get("findings", [])) != _cells_key(got["findings"]):
        bad.append(f"findings: manifest {exp.get('findings', [])}, counted {got['findings']}")
    if exp["expect"] == "errors" and not got["findings"]:
        bad.append("expect = errors but nothing counted as an error")
    if exp["expect"] == "build" and got["findings"]:
        bad.append(f"expect = build but errors counted: {got['findings']}")
    # commentary: each phrase within one line of this round's commentary, and in the workbook
    lines = [ln for c in reading.latest_comments(tr) for ln in c.split("\n")]
    texts = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str)]
    for phrase in exp.get("commentary", []):
        if not any(phrase in ln for ln in lines):
            bad.append(f"commentary phrase not in one line of the latest round: {phrase!r}")
        if not any(phrase in t for t in texts):
            bad.append(f"commentary phrase not found in the workbook: {phrase!r}")
    # every status cell recorded while writing holds what the model says
    for action in tr.actions:
        for rnd, entry in action.rounds.items():
            if entry.cell is None:
                bad.append(f"{action.text[:40]!r} {rnd}: no status cell recorded")
                continue
            value = wb[entry.cell[0]][entry.cell[1]].value
            want = entry.status if (entry.status or tr.opening_words is None) else entry.comment
            if (value or None) != (want or None):
                bad.append(f"{entry.cell}: holds {value!r}, model says {want!r}")
    for w in exp.get("warnings", []):
        cell = wb[w["sheet"]][w["cell"]]
        has_fill = cell.fill is not None and cell.fill.fill_type == "solid"
        if w["code_hint"] == "colour-only" and (cell.value not in (None, "") or not has_fill):
            bad.append(f"{w['cell']}: colour-only cell should be blank and filled")
        if w["code_hint"] == "fill-contradicts-status" and (not cell.value or not has_fill):
            bad.append(f"{w['cell']}: should hold a typed status and a fill")
        if w["code_hint"] == "no-status" and cell.value not in (None, ""):
            bad.append(f"{w['cell']}: should be blank")
    for col in exp.get("unknown_columns", []):
        ws = wb[col["sheet"]]
        if ws[f"{col['column']}{col['row']}"].value != col["heading"]:
            bad.append(f"unknown column {col} not at that cell")
    for sheet, rows in exp.get("hidden_rows", {}).items():
        for r in rows:
            if not wb[sheet].row_dimensions[r].hidden:
                bad.append(f"row {r} of {sheet} should be hidden")
    for sheet in exp.get("hidden_sheets", []):
        if wb[sheet].sheet_state != "hidden":
            bad.append(f"sheet {sheet} should be hidden")
    return bad


def self_check(built: dict, expected_path: Path = EXPECTED) -> None:
    """Assert the manifest agrees with what was built; raise AssertionError listing every
    difference."""
    expected = tomllib.loads(expected_path.read_text(encoding="utf-8"))
    problems = []
    for name in built:
        if name not in expected:
            problems.append(f"{name}: built but not in expected.toml")
    for name, exp in expected.items():
        if name not in built:
            if not exp.get("needs_soffice"):
                problems.append(f"{name}: in expected.toml but not built")
            continue
        path, tr = built[name]
        problems += [f"{name}: {p}" for p in check_one(name, exp, path, tr)]
    if problems:
        raise AssertionError("corpus self-check failed:\n  " + "\n  ".join(problems))


# --------------------------------------------------------------------------- comparing builds
def snapshot(path: Path) -> dict:
    """Every cell's value and fill, merged ranges, hidden rows and sheet states."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                fill = c.fill.fgColor if c.fill is not None and c.fill.fill_type else None
                colour = (fill.rgb, fill.theme, fill.tint) if fill is not None else None
                if c.value is not None or colour is not None:
                    cells[c.coordinate] = (c.value, colour)
        out[ws.title] = {
            "state": ws.sheet_state, "cells": cells,
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "hidden": sorted(r for r, d in ws.row_dimensions.items() if d.hidden),
        }
    return out


def compare(dir_a: Path, dir_b: Path) -> list[str]:
    """Differences between two builds: cells, fills, merges; and which files differ in bytes."""
    diffs = []
    names_a = sorted(p.name for p in dir_a.glob("*.xlsx"))
    names_b = sorted(p.name for p in dir_b.glob("*.xlsx"))
    if names_a != names_b:
        diffs.append(f"different files: {names_a} vs {names_b}")
    for name in sorted(set(names_a) & set(names_b)):
        if snapshot(dir_a / name) != snapshot(dir_b / name):
            diffs.append(f"{name}: cells differ")
        elif (dir_a / name).read_bytes() != (dir_b / name).read_bytes():
            diffs.append(f"{name}: same cells, bytes differ")
    return diffs


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "--compare":
        diffs = compare(Path(argv[1]), Path(argv[2]))
        print("\n".join(diffs) if diffs else "identical")
        return 1 if any("cells differ" in d or "different files" in d for d in diffs) else 0
    if len(argv) != 1 or argv[0].startswith("-"):
        print(__doc__)
        return 2
    built = build(Path(argv[0]))
    self_check(built)
    for name, (path, tr) in built.items():
        s = reading.summarise(tr)
        print(f"{name}: {s['actions']} actions, {s['complete']} complete "
              f"({s['completed_since_last']} since {tr.rounds[-2]}), {s['new']} new")
    print(f"{len(built)} workbooks written to {argv[0]}; self-check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
