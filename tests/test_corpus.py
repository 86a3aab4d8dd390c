"""Ordinary council trackers, built independently of the pipeline (tests/corpus), each with what an
officer reads from it (tests/corpus/expected.toml): read through `pipeline summary --format json`
and `pipeline validate --format json` and built with `pipeline build`, none with --report.

Every figure must match, every finding the officer would expect must be at its cell, the
commentary must reach the appendix, and where a tracker cannot be read the refusal names why."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.corpus.make_corpus import build_all

EXPECTED = tomllib.loads((Path(__file__).parent / "corpus" / "expected.toml").read_text(encoding="utf-8"))
TODAY = "2026-11-29"
# The corpus names findings in words; these are the pipeline's codes for them.
CODES = {"colour-only": "status-by-colour", "no-status": "blank-status", "fill-contradicts-status":
         "status-colour-differs", "lookalike-letter": "lookalike", "duplicate-action": "duplicate-action",
         "bad-status": "bad-status"}
# The corpus counts statuses in the generic scheme's codes; the seed-shaped report types' codes.
STATES = {"workplan": {"C": "BLUE", "G": "GREEN", "A": "AMBER", "R": "RED", "U": "UNDELIVERABLE"},
          "improvement-plan": {"COMPLETE": "BLUE", "ONGOING": "GREEN", "OVERDUE": "RED", "CANCELLED": "CANCELLED"}}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    build_all(folder)
    return folder


def invoke(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.output


def workbook(corpus: Path, name: str) -> Path:
    path = corpus / name
    if EXPECTED[name].get("needs_soffice") and not path.exists():
        pytest.skip("LibreOffice is not installed, so the workbook saved by it was not made")
    return path


READABLE = [name for name, e in EXPECTED.items() if e["expect"] != "refuse"]


@pytest.mark.parametrize("name", READABLE)
def test_the_figures_are_the_officers(corpus: Path, name: str) -> None:
    expected = EXPECTED[name]
    code, output = invoke("summary", workbook(corpus, name), "--format", "json", "--force", "--today", TODAY)
    assert code == 0, output
    figures = json.loads(output)
    states = STATES.get(_report_of(corpus, name), {})
    got = {"round": figures["round"], "actions": figures["actions"], "complete": figures["complete"],
           "completed_since_last": figures["completed_since_last"], "new": figures["new"],
           "by_status_codes": {states.get(c, c): n for c, n in figures["by_code"].items() if n},
           "no_status": figures["no_status"]}
    want = {key: expected.get(key, 0) for key in got}
    assert got == want


@pytest.mark.parametrize("name", READABLE)
def test_the_findings_the_officer_expects_are_at_their_cells(corpus: Path, name: str) -> None:
    expected = EXPECTED[name]
    code, output = invoke("validate", workbook(corpus, name), "--format", "json", "--today", TODAY)
    found = {(f["code"], f["sheet"], f["cell"]) for f in json.loads(output)}
    for finding in expected.get("findings", []) + expected.get("warnings", []):
        assert (CODES[finding["code_hint"]], finding["sheet"], finding["cell"]) in found
    errors = {f for f in found if f[0] in {"bad-status", "missing-column", "duplicate-ref", "no-table"}}
    assert code == (1 if expected["expect"] == "errors" else 0), errors
    for column in expected.get("unknown_columns", []):
        cell = f"{column['column']}{column['row']}"
        assert ("column-not-shown", column["sheet"], cell) in found
    for sheet, rows in expected.get("hidden_rows", {}).items():
        assert {("hidden-row", sheet, f"A{row}") for row in rows} <= found
    for sheet in expected.get("hidden_sheets", []):
        assert not any(f[1] == sheet and f[0] != "hidden-sheet" for f in found)  # a list of choices: not read


@pytest.mark.parametrize("name", READABLE)
def test_the_commentary_reaches_the_appendix(corpus: Path, name: str, tmp_path: Path) -> None:
    code, output = invoke("build", workbook(corpus, name), "--out", tmp_path, "--force", "--today", TODAY)
    assert code == 0, output
    [appendix] = tmp_path.glob("*.docx")
    text = "\n".join(p.text for table in docx.Document(str(appendix)).tables for row in table.rows
                     for cell in row.cells for p in cell.paragraphs)
    for phrase in EXPECTED[name].get("commentary", []):
        assert phrase in text


@pytest.mark.parametrize("name", [name for name, e in EXPECTED.items() if e["expect"] == "refuse"])
def test_a_tracker_that_cannot_be_placed_is_refused_naming_why(corpus: Path, name: str, tmp_path: Path) -> None:
    code, output = invoke("build", workbook(corpus, name), "--out", tmp_path, "--today", TODAY)
    assert code == 2
    assert output.count("\n") == 1 and "Traceback" not in output
    for part in EXPECTED[name]["message_contains"]:
        assert f"'{part}'" in output
    assert not list(tmp_path.glob("*.docx"))


def test_the_same_workbook_saved_by_libreoffice_reads_the_same(corpus: Path, tmp_path: Path) -> None:
    """Councils on LibreOffice Calc: a workbook it saved (no theme, its own styles) reads as Excel's."""
    name = "Climate action plan (LibreOffice).xlsx"
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    figures = json.loads(invoke("summary", workbook(corpus, name), "--format", "json", "--today", TODAY)[1])
    assert (figures["actions"], figures["complete"], figures["completed_since_last"]) == (10, 2, 2)


def _report_of(corpus: Path, name: str) -> str:
    from datetime import date

    from tests.runs import assess

    return assess(corpus / name, date(2026, 11, 29)).report.name
