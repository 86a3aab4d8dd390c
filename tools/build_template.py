"""Builds pipeline/templates/house/appendix.docx, the house Word template the appendices are made from.

A council can use its own template instead: any .docx whose styles include Normal, Heading 1,
Heading 2, Table Grid, List Bullet and (optionally) Table Text, with a paragraph that reads
{{appendix}} where the appendix should go. See the README, "Swapping the house template".

Run: .venv/bin/python tools/build_template.py
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FONT = "Arial"
CLASSIFICATION = "OFFICIAL"


def _font(style, size: float, bold: bool = False, colour: str = "000000") -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor.from_string(colour)
    _plain_fonts(style.element.get_or_add_rPr().get_or_add_rFonts())


def _plain_fonts(fonts) -> None:
    """The house font named outright: theme fonts would override it."""
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _language(document, tag: str = "en-GB") -> None:
    """Proofing language in the document defaults, where Word and screen readers look for it."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _plain_fonts(rpr.find(qn("w:rFonts")))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), tag)


def _field(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _styles(document) -> None:
    styles = document.styles
    _font(styles["Normal"], 12)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    _font(styles["Heading 1"], 16, bold=True, colour="1F3864")
    _font(styles["Heading 2"], 13, bold=True, colour="1F3864")
    _font(styles["Title"], 18, bold=True, colour="1F3864")
    for name in ("Header", "Footer"):
        _font(styles[name], 10)
    table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = styles["Normal"]
    _font(table_text, 10)
    table_text.paragraph_format.space_after = Pt(3)
    table_heading = styles.add_style("Table Heading", WD_STYLE_TYPE.PARAGRAPH)
    table_heading.base_style = table_text
    _font(table_heading, 10, bold=True)
    bullet = styles["List Bullet"]
    _font(bullet, 10)
    bullet.paragraph_format.space_after = Pt(3)


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))
    section.top_margin = section.bottom_margin = Cm(1.8)
    header = section.header.paragraphs[0]
    header.text = CLASSIFICATION
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.runs[0].bold = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"This document was classified as: {CLASSIFICATION}    Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def build(path: Path) -> Path:
    document = Document()
    _styles(document)
    _language(document)
    _page(document)
    document.add_paragraph("{{appendix}}")
    properties = document.core_properties
    properties.author = properties.last_modified_by = "Council performance team"
    properties.title = properties.subject = properties.keywords = properties.comments = ""
    properties.language = "en-GB"
    properties.created = properties.modified = datetime(2026, 1, 1, tzinfo=timezone.utc)
    properties.revision = 1
    document.save(path)
    return path


if __name__ == "__main__":
    print(build(Path(__file__).resolve().parent.parent / "pipeline" / "templates" / "house" / "appendix.docx"))
