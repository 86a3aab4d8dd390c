"""The accessibility check: passes the appendices as built, fails hand-made bad documents where
they are bad; and the tagged PDF."""

import re
import shutil
import subprocess
import zipfile
import zlib
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import run
from pipeline.cli import main
from pipeline.render import audit as accessibility
from pipeline.reports import built_in_templates
from tests import runs
from tests.builders import edited_report

DATA = Path(__file__).parent.parent / "data" / "accessibility"


@pytest.mark.parametrize("name, expected", [
    ("good", []),
    ("no-title", [("no-title", None)]),
    ("merged-cells", [("merged-cell", "table 1, row 4, cell 1")]),
    ("colour-only", [("colour-only", "table 1, row 2, cell 2")]),
    ("low-contrast", [("low-contrast", "table 1, row 2, cell 2")]),
    ("skipped-headings", [("skipped-heading", "paragraph 3")]),
    ("no-header-row", [("no-header-row", "table 1")]),
])
def test_hand_made_documents(name, expected):
    assert [(f.code, f.cell) for f in accessibility(DATA / f"{name}.docx")] == expected


@pytest.mark.parametrize("name", ["workplan_sheets", "improvement_sheets", "workplan_wide", "improvement_wide"])
def test_the_appendices_as_built_pass(tracker, tmp_path, name):
    outcome = runs.build(tracker(name), tmp_path, date(2026, 11, 22), strict=True)
    assert isinstance(outcome, run.Built)
    assert not [f for f in outcome.findings if f.file.endswith(".docx")]
    assert accessibility(outcome.outputs[0]) == ()


def test_check_command_reports_and_exits_1(tmp_path):
    result = CliRunner().invoke(main, ["check", str(DATA / "low-contrast.docx"), str(DATA / "good.docx")])
    assert result.exit_code == 1
    assert "Text #FFFFFF on #FFC000 has a contrast of 1.6:1" in result.output
    assert "good.docx: no accessibility problems found." in result.output


def test_check_refuses_a_file_that_is_not_a_document(tmp_path):
    bogus = tmp_path / "notes.docx"
    bogus.write_text("not a document")
    result = CliRunner().invoke(main, ["check", str(bogus)])
    assert result.exit_code == 2
    assert result.output.startswith("notes.docx is not a Word document that can be checked")


def test_a_report_type_whose_status_colours_are_hard_to_read_is_refused_when_loaded(tracker, tmp_path):
    report = edited_report(tmp_path, "workplan", 'fill = "00703C"\nink = "FFFFFF"', 'fill = "00703C"\nink = "006000"')
    outcome = runs.build(tracker("workplan_sheets"), tmp_path / "a", date(2026, 11, 22),
                         templates=report.parents[2])
    assert isinstance(outcome, run.Refused) and run.exit_code(outcome) == 2
    assert outcome.message == (f"The report type in {report} cannot be used: the state 'G' has text #006000 on "
                               "#00703C, a contrast of 1.3:1; committee papers need at least 4.5:1 (darker ink or "
                               "a lighter fill) (see the README, 'Adding a report type').")
    assert not (tmp_path / "a").exists()


def test_a_house_template_that_spoils_accessibility_is_a_warning_or_with_strict_an_error(tracker, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(built_in_templates(), templates)
    house = templates / "house" / "appendix.docx"
    with zipfile.ZipFile(house) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    styles = parts["word/styles.xml"].decode("utf-8")
    assert 'w:lang w:val="en-GB"' in styles
    parts["word/styles.xml"] = re.sub(r"<w:lang [^>]*/>", "", styles).encode("utf-8")
    with zipfile.ZipFile(house, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    relaxed = runs.build(tracker("workplan_sheets"), tmp_path / "a", date(2026, 11, 22), templates=templates)
    assert isinstance(relaxed, run.Built)
    [warning] = [f for f in relaxed.warnings if f.code == "no-language"]
    assert warning.message.startswith("The Word template appendix.docx: The document's default language is not set")
    assert [f.code for f in accessibility(relaxed.appendix)] == ["no-language"]
    # 'pipeline validate' reads the tracker, not the template: the build itself says it in full.
    workbook = tracker("workplan_sheets")
    said = CliRunner().invoke(main, ["--templates", str(templates), "build", str(workbook),
                                     "--out", str(tmp_path / "c"), "--today", "2026-11-22"])
    assert said.exit_code == 0
    assert f"{workbook.name}: warning: {warning.message}  [no-language]" in said.output, said.output
    strict = runs.build(tracker("workplan_sheets"), tmp_path / "b", date(2026, 11, 22), templates=templates,
                        strict=True)
    assert isinstance(strict, run.Blocked) and run.exit_code(strict) == 1
    assert [f.code for f in strict.errors] == ["no-language"]
    assert not list((tmp_path / "b").glob("*.docx"))


def _pdf_text(pdf: bytes) -> bytes:
    """The PDF's bytes with its compressed streams inflated, to look for structure markers."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    return b"\n".join(parts)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_is_tagged_with_title_and_language(tracker, tmp_path):
    result = CliRunner().invoke(main, ["build", str(tracker("workplan_sheets")), "--out", str(tmp_path), "--pdf"])
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "Council Plan workplan - Q2 2024-25 - appendix.pdf"
    assert str(pdf) in result.output
    content = _pdf_text(pdf.read_bytes())
    assert b"/StructTreeRoot" in content and b"/Marked true" in content  # tagged: a structure tree
    assert b"/Lang(en-GB)" in content
    assert b"Council Plan workplan; progress at Quarter Two 2024/25" in content  # the title, in the XMP
    assert b"pdfuaid:part" in content
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                       check=True, timeout=120)
        assert list(tmp_path.glob("page*.png"))


def test_pdf_without_libreoffice_is_a_clear_warning(tracker, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    outcome = runs.build(tracker("workplan_sheets"), tmp_path, date(2026, 11, 22), pdf=True)
    assert isinstance(outcome, run.Built)
    [warning] = [f for f in outcome.warnings if f.code == "no-pdf"]
    assert "was not written because LibreOffice is not installed" in warning.message
    # 'pipeline validate' reads only the tracker: the build says this one in full itself.
    workbook = tracker("workplan_sheets")
    said = CliRunner().invoke(main, ["build", str(workbook), "--pdf", "--out", str(tmp_path / "cli"), "--today",
                                     "2026-11-22"])
    assert said.exit_code == 0
    assert f"{workbook.name}: warning: {warning.message}  [no-pdf]" in said.output, said.output
    checked = CliRunner().invoke(main, ["validate", str(workbook), "--today", "2026-11-22"])
    counted = said.output.split("built, with ")[1].split(" warning")[0]
    assert f"Ready to build, with {counted} warning" in checked.output, (said.output, checked.output)


def test_pale_text_on_white_is_low_contrast(tmp_path):
    from docx.shared import RGBColor

    from tests.data.accessibility.make import base, table

    document = base()
    made = table(document, [["Initiative", "Q2 position"], ["Relaunch the Welfare Strategy", "On track"]])
    made.cell(1, 1).paragraphs[0].runs[0].font.color.rgb = RGBColor.from_string("BBBBBB")
    document.save(tmp_path / "pale.docx")
    assert [(f.code, f.cell) for f in accessibility(tmp_path / "pale.docx")] == [("low-contrast", "table 1, row 2, cell 2")]


def test_a_long_table_is_checked_in_chunks_with_the_right_row_numbers(tmp_path):
    from tests.data.accessibility.make import base, table

    document = base()
    rows = [["Initiative", "Q2 position"]] + [[f"Initiative {n}", "G"] for n in range(2, 461)]
    rows[449][1] = ""  # row 450 of the table (in its second chunk) has an empty cell
    table(document, rows)
    document.save(tmp_path / "long.docx")
    assert [(f.code, f.cell) for f in accessibility(tmp_path / "long.docx")] == [("empty-cell", "table 1, row 450, cell 2")]
