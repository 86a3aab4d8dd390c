"""The accessibility check run in a second process while the appendix is written finds exactly
what the check of the written file finds; when the second process fails, the file is checked
here instead."""

import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

from pipeline import render, run
from pipeline.model import Severity
from pipeline.render.check import check
from pipeline.render.check_along import CheckAlong
from pipeline.render.document import stable_zip
from tests.builders import workbook

DATA = Path(__file__).parent.parent / "data" / "accessibility"
DOCUMENTS = sorted(p.name for p in DATA.glob("*.docx"))


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_check_alongside_finds_what_the_check_of_the_file_finds(name):
    with CheckAlong(name, Severity.WARNING) as along:
        written = stable_zip((DATA / name).read_bytes(), tap=along.part)
        found = along.findings(written)
    assert along.answered
    assert found == check(Path(name), data=written)


def test_the_documents_cover_every_kind_of_finding():
    codes = {f.code for name in DOCUMENTS for f in check(DATA / name)}
    assert {"no-title", "merged-cell", "colour-only", "low-contrast", "skipped-heading", "no-header-row"} <= codes


@pytest.mark.parametrize("command", [
    [sys.executable, "-c", "import sys; sys.exit(3)"],  # gone before it reads anything
    [sys.executable, "-c", "import sys; sys.stdin.buffer.read(10); print('not json')"],  # a wrong answer
    [str(Path("/nonexistent/python"))],  # cannot start
])
def test_when_the_second_process_fails_the_written_file_is_checked_here(command):
    with CheckAlong("low-contrast.docx", Severity.ERROR, command) as along:
        written = stable_zip((DATA / "low-contrast.docx").read_bytes(), tap=along.part)
        found = along.findings(written)
    assert not along.answered
    assert [(f.code, f.cell, f.severity) for f in found] == [("low-contrast", "table 1, row 2, cell 2", Severity.ERROR)]


def test_a_long_appendix_is_checked_alongside_and_refused_under_strict_when_it_fails(tmp_path):
    count = render.CHECK_ALONG_FROM + 20
    rows = [["Council Plan workplan"], ["Priority", "Initiative", "RAG status"]]
    rows += [[f"Priority {n % 7}", f"Initiative number {n}", "G" if n % 3 else "A"] for n in range(count)]
    tracker = workbook(tmp_path / "long.xlsx", {"Q1 2024-25": rows, "Q2 2024-25": rows})
    built = run.build(tracker, tmp_path / "a", date(2026, 11, 22), strict=True)
    assert built.built and not [f for f in built.findings if f.file.endswith(".docx")]
    assert check(built.outputs[0]) == ()

    templates = tmp_path / "templates"
    shutil.copytree(Path(__file__).parents[2] / "templates", templates)
    report = templates / "reports" / "workplan" / "report.toml"
    report.write_text(report.read_text().replace('fill = "00703C"\nink = "FFFFFF"', 'fill = "00703C"\nink = "006000"'))
    relaxed = run.build(tracker, tmp_path / "b", date(2026, 11, 22), templates=templates)
    found = tuple(f for f in relaxed.findings if f.file.endswith(".docx"))
    assert relaxed.built and found == check(relaxed.outputs[0])
    assert len([f for f in found if f.code == "low-contrast"]) > 2 * count // 3  # each green status, in each round
    strict = run.build(tracker, tmp_path / "c", date(2026, 11, 22), templates=templates, strict=True)
    assert not strict.built and strict.exit_code == 1
    assert [f.code for f in strict.errors] == [f.code for f in found]
