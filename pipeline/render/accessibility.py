"""An accessibility check of any .docx: ours, or one edited by hand afterwards.

What the Public Sector Bodies Accessibility Regulations (WCAG 2.2 AA) ask of a committee
appendix, checked on the document's XML: a title and a language, headings in order, tables
with a header row that screen readers can announce, no merged or empty cells, no meaning in
colour alone, text contrast of 4.5:1 or more, and alt text on every image.

The document is streamed (lxml iterparse), a table at a time, so a 5,000-row appendix is
checked in a fraction of a second and without holding it all in memory. The appendices the
pipeline builds pass by construction; this is `pipeline check`, and the reference the tests
hold every appendix to.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol

from lxml import etree
from lxml.etree import _Element

from .. import findings as kinds
from ..colours import MIN_CONTRAST, contrast
from ..findings import Kind
from ..model import Finding, Refusal, Severity

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
DC_NS = "http://purl.org/dc/elements/1.1/"
_HEADING = re.compile(r"^heading ([1-9])$", re.IGNORECASE)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


W_P, W_R, W_T, W_TBL, W_TR, W_TC, W_BODY = (w(t) for t in ("p", "r", "t", "tbl", "tr", "tc", "body"))
W_PPR, W_TCPR, W_SHD, W_FILL, W_COLOR, W_VAL = (w(t) for t in ("pPr", "tcPr", "shd", "fill", "color", "val"))
W_RPR = w("rPr")
_NS = {"w": W_NS}


class _Add(Protocol):
    def __call__(self, kind: Kind, message: str, where: str | None = None) -> None: ...


@dataclass
class _Outline:
    """What the walk through the document has seen so far."""

    heading: int = 0  # the level of the last heading
    headings: int = 0
    paragraph: int = 0
    table: int = 0
    image: int = 0


@dataclass
class _Open:
    """A table being read: its number, the rows checked and let go, the rows ended since."""

    number: int
    done: int = 0
    ended: list[_Element] = field(default_factory=list)


def audit(path: Path, severity: Severity = Severity.WARNING, data: bytes | None = None) -> tuple[Finding, ...]:
    """Every accessibility problem in the document at `path` (or in `data`, named `path`)."""
    path = Path(path)
    found: list[Finding] = []

    def add(kind: Kind, message: str, where: str | None = None) -> None:
        found.append(kind.at(path.name, message, None, where, severity=severity))

    try:
        with zipfile.ZipFile(io.BytesIO(data) if data is not None else path) as package:
            styles = _styles(package, add)
            _title(package, add)
            with package.open("word/document.xml") as document:
                _document(document, styles, add)
    except (zipfile.BadZipFile, KeyError, OSError, etree.XMLSyntaxError):
        raise Refusal(path.name, f"{path.name} is not a Word document that can be checked: give the "
                      ".docx file itself.") from None
    return tuple(found)


def _xml(package: zipfile.ZipFile, name: str) -> _Element:
    return etree.fromstring(package.read(name), _parser())


def _title(package: zipfile.ZipFile, add: _Add) -> None:
    title = None
    if "docProps/core.xml" in package.namelist():
        element = _xml(package, "docProps/core.xml").find(f"{{{DC_NS}}}title")
        title = element.text if element is not None else None
    if not (title or "").strip():
        add(kinds.NO_TITLE, "The document has no title in its properties: set File > Info > Title, so screen "
                        "readers and the published PDF announce it.")


def _styles(package: zipfile.ZipFile, add: _Add) -> dict[str, int]:
    """The heading level of each paragraph style id; and a finding if no default language is set."""
    root = _xml(package, "word/styles.xml") if "word/styles.xml" in package.namelist() else None
    lang = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('lang')}") if root is not None else None
    if lang is None or not lang.get(w("val")):
        add(kinds.NO_LANGUAGE, "The document's default language is not set: set it to English (United Kingdom) "
                           "in the Normal style, so screen readers pronounce it correctly.")
    levels: dict[str, int] = {}
    for style in root.iter(w("style")) if root is not None else ():
        name = style.find(w("name"))
        match = _HEADING.match(name.get(w("val"), "")) if name is not None else None
        if match:
            levels[style.get(w("styleId"), "")] = int(match.group(1))
    return levels


def _document(stream: IO[bytes], styles: dict[str, int], add: _Add) -> None:
    outline = _Outline()
    tables: dict[_Element, _Open] = {}
    events = etree.iterparse(stream, events=("start", "end"), tag=(W_TBL, W_TR, f"{{{WP_NS}}}docPr"),
                             resolve_entities=False, no_network=True, huge_tree=True)
    for event, element in events:
        if element.tag == W_TBL and event == "start":
            outline.table += 1  # numbered in reading order, tables inside tables too
            tables[element] = _Open(outline.table)
        elif event == "start":
            continue
        elif element.tag == W_TR:
            _row_done(element, tables, add)
        elif element.tag == W_TBL:
            _table(element, tables.pop(element), add)
            if _at_body(element):
                element.clear(keep_tail=True)
        else:
            outline.image += 1
            _image(element, outline.image, add)
    root = events.root
    body = root.find(W_BODY) if root is not None else None
    # Tables are emptied as they are checked; the body's own paragraphs stay, in order, for the outline.
    for paragraph in body.iterchildren(W_P) if body is not None else ():
        outline.paragraph += 1
        _heading(paragraph, styles, outline, add)
    if outline.headings == 0 and outline.paragraph:
        add(kinds.NO_HEADINGS, "The document has no headings: use Heading 1 for its title so it can be navigated.")


def _at_body(element: _Element) -> bool:
    parent = element.getparent()
    return parent is not None and parent.tag == W_BODY


def _text(element: _Element) -> str:
    return "".join(t.text or "" for t in element.iter(W_T)).strip()


def _heading(paragraph: _Element, styles: dict[str, int], outline: _Outline, add: _Add) -> None:
    style = paragraph.find(f"{w('pPr')}/{w('pStyle')}")
    level = styles.get(style.get(w("val"), "")) if style is not None else None
    if level is None:
        return
    outline.headings += 1
    if level > outline.heading + 1:
        add(kinds.SKIPPED_HEADING, f"The heading '{_text(paragraph)[:60]}' is level {level} after level "
                                   f"{outline.heading}: use Heading {outline.heading + 1} so the outline has no gaps.",
            f"paragraph {outline.paragraph}")
    outline.heading = level


CHUNK_ROWS = 400  # rows of a body-level table checked together, then let go


def _row_done(tr: _Element, tables: dict[_Element, _Open], add: _Add) -> None:
    """A long table is checked a chunk of rows at a time, each chunk let go once checked, so the
    whole table is never in memory. (Tables inside cells stay whole: their cell needs them.)"""
    tbl = tr.getparent()
    if tbl is None or tbl not in tables:
        return
    table = tables[tbl]
    table.ended.append(tr)
    if not _at_body(tbl) or len(table.ended) < CHUNK_ROWS:
        return
    _table(tbl, table, add)
    table.done, table.ended = table.done + len(table.ended), []


def _table(tbl: _Element, table: _Open, add: _Add) -> None:
    """The table's rules on the rows that have ended since the last chunk (`done` rows before them
    were checked and let go). The rows are moved out of the document to be checked: the parser
    may already be part-way into the next row, which must not be judged half-read."""
    where = f"table {table.number}"
    if not table.ended:
        return
    if table.done == 0:
        _table_rules(tbl, table.ended[0], table.number, where, add)
    holder = etree.Element(W_TBL, nsmap={"w": W_NS})
    for row in table.ended:
        holder.append(row)  # moved: lets the rows go from the document once checked
    _cells(holder, table.ended, where, add, table.done)


def _table_rules(tbl: _Element, first_row: _Element, number: int, where: str, add: _Add) -> None:
    if first_row.find(f"{w('trPr')}/{w('tblHeader')}") is None:
        add(kinds.NO_HEADER_ROW, f"Table {number} has no header row: mark its first row 'Repeat as header row at the "
                             "top of each page' so screen readers announce the column headings.", where)
    properties = tbl.find(w("tblPr"))
    if properties is None or (properties.find(w("tblCaption")) is None and properties.find(w("tblDescription")) is None):
        add(kinds.NO_TABLE_ALT_TEXT, f"Table {number} has no alt text: give it a title and description "
                                 "(Table Properties > Alt Text).", where)


_SHADE = ("w:shd[@w:fill and translate(@w:fill, 'abcdef', 'ABCDEF') != 'FFFFFF' "
          "and translate(@w:fill, 'AUTO', 'auto') != 'auto']")
# Each rule looks at this table's own cells (./w:tr/w:tc), not those of a table nested in one.
_MERGED_CELLS = etree.XPath("./w:tr/w:tc[w:tcPr/w:vMerge or w:tcPr/w:gridSpan[number(@w:val) > 1]]", namespaces=_NS)
_BLANK_CELLS = etree.XPath("./w:tr/w:tc[normalize-space(string(.)) = ''][not(.//w:drawing or .//w:pict or .//w:tbl)]",
                           namespaces=_NS)
_SHADED_CELLS = etree.XPath(f"./w:tr/w:tc[w:tcPr/{_SHADE}]", namespaces=_NS)
_SHADED_PARAGRAPHS = etree.XPath(f"./w:tr/w:tc/w:p[w:pPr/{_SHADE}]", namespaces=_NS)
_PLAIN_PARAGRAPHS = etree.XPath(f"./w:p[not(w:pPr/{_SHADE})]", namespaces=_NS)
# Steps of one level each, with the descendant test inside a predicate: a '//' step over the
# paragraphs of a large table makes libxml2 merge node-sets, which grows with the square of its size.
_COLOURED_ON_WHITE = etree.XPath(f"./w:tr/w:tc[not(w:tcPr/{_SHADE})]/w:p[not(w:pPr/{_SHADE})]"
                                 f"[.//w:color[translate(@w:val, 'AUTO', 'auto') != 'auto']]", namespaces=_NS)


def _found(xpath: etree.XPath, element: _Element) -> list[_Element]:
    """The elements an XPath finds (each of these XPaths finds only elements)."""
    result = xpath(element)
    return [e for e in result if isinstance(e, _Element)] if isinstance(result, list) else []


def _cells(tbl: _Element, rows: list[_Element], where: str, add: _Add, done: int = 0) -> None:
    """The cell rules, each found with one XPath over the table: only the cells that fail are visited."""
    row_numbers = {row: number for number, row in enumerate(rows, start=done + 1)}

    def at(cell: _Element) -> str:
        row = cell.getparent()
        column = list(row.iterchildren(W_TC)).index(cell) + 1 if row is not None else 0
        return f"{where}, row {row_numbers.get(row, 0) if row is not None else 0}, cell {column}"

    for cell in _found(_MERGED_CELLS, tbl):
        add(kinds.MERGED_CELL, "This cell is merged with its neighbours: unmerge it and repeat or refer to the text, "
                           "as screen readers lose their place in merged cells.", at(cell))
    blank = _found(_BLANK_CELLS, tbl)
    for cell in blank:
        fill = _fill(cell, W_TCPR)
        if fill:
            add(kinds.COLOUR_ONLY, f"This cell says something only by its colour (#{fill}): add the status as text.",
                at(cell))
        else:
            add(kinds.EMPTY_CELL, "This cell is empty: say what it means (for example 'Not stated').", at(cell))
    reported = set(blank)
    pairs = [(p, _fill(p, W_PPR) or "FFFFFF") for p in _found(_SHADED_PARAGRAPHS, tbl)]
    pairs += [(p, _fill(c, W_TCPR) or "FFFFFF") for c in _found(_SHADED_CELLS, tbl) if c not in reported
              for p in _found(_PLAIN_PARAGRAPHS, c)]
    pairs += [(paragraph, "FFFFFF") for paragraph in _found(_COLOURED_ON_WHITE, tbl)]
    for element, background in pairs:
        for ink in _inks(element):
            ratio = contrast(ink, background)
            owner = next(element.iterancestors(W_TC), None)
            if ratio < MIN_CONTRAST and owner is not None and owner not in reported:
                reported.add(owner)
                add(kinds.LOW_CONTRAST, f"Text #{ink.upper()} on #{background.upper()} has a contrast of "
                                        f"{ratio:.1f}:1: make it at least {MIN_CONTRAST}:1 (darker text or a lighter "
                                        "fill).", at(owner))


def _fill(element: _Element, properties: str) -> str | None:
    """The shading of a cell or paragraph (`properties`: its tcPr or pPr), as `_SHADE` finds it:
    the first fill that is neither white nor auto (even one that is not a colour)."""
    for shading in element.iterfind(f"{properties}/{W_SHD}"):
        fill = shading.get(W_FILL)
        if fill is not None and fill.lower() != "auto" and fill.upper() != "FFFFFF":
            return fill.upper()
    return None


def _inks(paragraph: _Element) -> set[str]:
    """The colours of the text in a paragraph (black where none is set)."""
    inks = set()
    for run in paragraph.iter(W_R):
        if _text(run):
            colour = run.find(f"{W_RPR}/{W_COLOR}")
            ink = colour.get(W_VAL, "000000") if colour is not None else "000000"
            inks.add("000000" if ink.lower() == "auto" else ink)
    return inks


def _image(prop: _Element, number: int, add: _Add) -> None:
    if not (prop.get("descr") or "").strip() and prop.get("title") is None:
        add(kinds.IMAGE_WITHOUT_ALT_TEXT, f"Image {number} ('{prop.get('name', '')}') has no alt text: describe it "
                                      "(right-click > Edit Alt Text), or mark it decorative.", f"image {number}")
