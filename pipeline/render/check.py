"""An accessibility check of any .docx: ours, or one edited by hand afterwards.

What the Public Sector Bodies Accessibility Regulations (WCAG 2.2 AA) ask of a committee
appendix, checked on the document's XML: a title and a language, headings in order, tables
with a header row that screen readers can announce, no merged or empty cells, no meaning in
colour alone, text contrast of 4.5:1 or more, and alt text on every image.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn

from ..model import Finding, Refusal, Severity

W, E = Severity.WARNING, Severity.ERROR
MIN_CONTRAST = 4.5


def check(path: Path, severity: Severity = W, data: bytes | None = None) -> tuple[Finding, ...]:
    """Every accessibility problem in the document at `path` (or in `data`, named `path`)."""
    path = Path(path)
    try:
        document = docx.Document(io.BytesIO(data) if data is not None else str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise Refusal(path.name, f"{path.name} is not a Word document that can be checked ({exc}): give the "
                      ".docx file itself.") from None
    found: list[Finding] = []

    def add(code: str, message: str, where: str | None = None) -> None:
        found.append(Finding(severity, code, message, path.name, None, where))

    _properties(document, add)
    _headings(document, add)
    for number, table in enumerate(document.tables, start=1):
        _table(table._tbl, number, add)
    _images(document, add)
    return tuple(found)


def _properties(document, add) -> None:
    if not (document.core_properties.title or "").strip():
        add("no-title", "The document has no title in its properties: set File > Info > Title, so screen "
                        "readers and the published PDF announce it.")
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}") if defaults is not None else None
    if lang is None or not lang.get(qn("w:val")):
        add("no-language", "The document's default language is not set: set it to English (United Kingdom) "
                           "in the Normal style, so screen readers pronounce it correctly.")


def _headings(document, add) -> None:
    previous = 0
    for number, paragraph in enumerate(document.paragraphs, start=1):
        name = paragraph.style.name if paragraph.style is not None else ""
        if not name.startswith("Heading ") or not name[8:].isdigit():
            continue
        level = int(name[8:])
        if level > previous + 1:
            add("skipped-heading", f"The heading '{paragraph.text[:60]}' is level {level} after level {previous}: "
                                   f"use Heading {previous + 1} so the outline has no gaps.", f"paragraph {number}")
        previous = level
    if previous == 0 and document.paragraphs:
        add("no-headings", "The document has no headings: use Heading 1 for its title so it can be navigated.")


def _table(tbl, number: int, add) -> None:
    rows = tbl.findall(qn("w:tr"))
    where = f"table {number}"
    if not rows:
        return
    header = rows[0].find(qn("w:trPr"))
    if header is None or header.find(qn("w:tblHeader")) is None:
        add("no-header-row", f"Table {number} has no header row: mark its first row 'Repeat as header row at the "
                             "top of each page' so screen readers announce the column headings.", where)
    caption = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")
    if caption is None and tbl.find(f"{qn('w:tblPr')}/{qn('w:tblDescription')}") is None:
        add("no-table-alt-text", f"Table {number} has no alt text: give it a title and description "
                                 "(Table Properties > Alt Text).", where)
    for r, row in enumerate(rows, start=1):
        for c, cell in enumerate(row.findall(qn("w:tc")), start=1):
            _cell(cell, f"{where}, row {r}, cell {c}", add)


def _cell(cell, where: str, add) -> None:
    props = cell.find(qn("w:tcPr"))
    if props is not None and (props.find(qn("w:vMerge")) is not None or
                              (props.find(qn("w:gridSpan")) is not None and
                               int(props.find(qn("w:gridSpan")).get(qn("w:val"), "1")) > 1)):
        add("merged-cell", "This cell is merged with its neighbours: unmerge it and repeat or refer to the text, "
                           "as screen readers lose their place in merged cells.", where)
    text = "".join(t.text or "" for t in cell.iter(qn("w:t"))).strip()
    fill = _fill(props)
    if not text:
        if fill:
            add("colour-only", f"This cell says something only by its colour (#{fill}): add the status as text.",
                where)
        else:
            add("empty-cell", "This cell is empty: say what it means (for example 'Not stated').", where)
        return
    _contrast(cell, fill or "FFFFFF", where, add)


def _fill(props) -> str | None:
    shading = props.find(qn("w:shd")) if props is not None else None
    fill = shading.get(qn("w:fill")) if shading is not None else None
    return fill.upper() if fill and fill.lower() != "auto" and fill.upper() != "FFFFFF" else None


def _contrast(cell, cell_fill: str, where: str, add) -> None:
    for paragraph in cell.iter(qn("w:p")):
        background = _fill(paragraph.find(qn("w:pPr"))) or cell_fill
        for run in paragraph.iter(qn("w:r")):
            if not "".join(t.text or "" for t in run.iter(qn("w:t"))).strip():
                continue
            colour = run.find(f"{qn('w:rPr')}/{qn('w:color')}")
            ink = colour.get(qn("w:val")) if colour is not None else "000000"
            ink = "000000" if ink.lower() == "auto" else ink
            ratio = contrast(ink, background)
            if ratio < MIN_CONTRAST:
                add("low-contrast", f"Text #{ink.upper()} on #{background.upper()} has a contrast of {ratio:.1f}:1: "
                                    f"make it at least {MIN_CONTRAST}:1 (darker text or a lighter fill).", where)
                return


def _images(document, add) -> None:
    for number, prop in enumerate(document.element.body.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"), start=1):
        if not (prop.get("descr") or "").strip() and prop.get("title") is None:
            add("image-without-alt-text", f"Image {number} ('{prop.get('name', '')}') has no alt text: describe it "
                                          "(right-click > Edit Alt Text), or mark it decorative.", f"image {number}")


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    """The WCAG contrast ratio of two colours given as hex ("1F4E79")."""
    try:
        a, b = sorted((_luminance(one.lstrip("#")), _luminance(two.lstrip("#"))), reverse=True)
    except (ValueError, IndexError):
        return 21.0  # a colour we cannot read is not reported as low contrast
    return (a + 0.05) / (b + 0.05)
