"""Hand-made Word documents, each with one accessibility fault, for the check's tests.

Run: .venv/bin/python tests/data/accessibility/make.py
"""

from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

HERE = Path(__file__).parent


def base(title: str = "Appendix: progress at Quarter Two 2024/25") -> Document:
    document = Document()
    document.core_properties.title = title
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-GB")
    document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).append(lang)
    document.add_heading("Council Plan workplan", 1)
    return document


def table(document, rows):
    made = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            made.cell(r, c).text = value
    header = made.rows[0]._tr.get_or_add_trPr()
    header.append(OxmlElement("w:tblHeader"))
    properties = made._tbl.tblPr
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), "Initiatives")
    properties.append(caption)
    return made


def shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


ROWS = [["Initiative", "Q2 position"], ["Relaunch the Welfare Strategy", "G"], ["Refresh the Information Strategy", "R"]]


def good():
    document = base()
    document.add_paragraph("There are currently 2 initiatives.")
    table(document, ROWS)
    return document


def no_title():
    document = good()
    document.core_properties.title = ""
    return document


def merged_cells():
    document = base()
    made = table(document, ROWS + [["Reviewed jointly", ""]])
    made.cell(3, 0).merge(made.cell(3, 1))
    return document


def colour_only():
    document = base()
    made = table(document, [["Initiative", "Q2 position"], ["Relaunch the Welfare Strategy", ""]])
    shade(made.cell(1, 1), "00B050")
    return document


def low_contrast():
    document = base()
    made = table(document, ROWS)
    shade(made.cell(1, 1), "FFC000")
    made.cell(1, 1).paragraphs[0].runs[0].font.color.rgb = RGBColor.from_string("FFFFFF")
    return document


def skipped_headings():
    document = good()
    document.add_heading("Key", 3)
    return document


def no_header_row():
    document = base()
    made = table(document, ROWS)
    trpr = made.rows[0]._tr.trPr
    trpr.remove(trpr.find(qn("w:tblHeader")))
    return document


DOCUMENTS = {"good": good, "no-title": no_title, "merged-cells": merged_cells, "colour-only": colour_only,
             "low-contrast": low_contrast, "skipped-headings": skipped_headings, "no-header-row": no_header_row}

if __name__ == "__main__":
    for name, make in DOCUMENTS.items():
        make().save(HERE / f"{name}.docx")
        print(HERE / f"{name}.docx")
