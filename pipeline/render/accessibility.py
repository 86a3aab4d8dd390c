"""An accessibility check of any .docx: ours, or one edited by hand afterwards.

What the Public Sector Bodies Accessibility Regulations (WCAG 2.2 AA) ask of a committee
appendix, checked on the document's XML: a title and a language, headings in order, tables
with a header row that screen readers can announce, no merged or empty cells, no meaning in
colour alone, text contrast of 4.5:1 or more, and alt text on every image.

The document is streamed (lxml iterparse), a table at a time, so a 5,000-row appendix is
checked in a fraction of a second and without holding it all in memory.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from lxml import etree

from .. import findings as kinds
from ..colours import MIN_CONTRAST, contrast
from ..findings import Kind
from ..model import Finding, Refusal, Severity

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
DC_NS = "http://purl.org/dc/elements/1.1/"
_HEADING = re.compile(r"^heading ([1-9])$", re.IGNORECASE)
_PARSER = dict(resolve_entities=False, no_network=True, huge_tree=True)


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


W_P, W_R, W_T, W_TBL, W_TR, W_TC, W_BODY = (w(t) for t in ("p", "r", "t", "tbl", "tr", "tc", "body"))
W_PPR, W_TCPR, W_SHD, W_FILL, W_COLOR, W_VAL = (w(t) for t in ("pPr", "tcPr", "shd", "fill", "color", "val"))
W_RPR = w("rPr")
_NS = {"w": W_NS}


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
    except (zipfile.BadZipFile, KeyError, OSError, etree.XMLSyntaxError) as exc:
        raise Refusal(path.name, f"{path.name} is not a Word document that can be checked ({exc}): give the "
                      ".docx file itself.") from None
    return tuple(found)


def _xml(package: zipfile.ZipFile, name: str):
    return etree.fromstring(package.read(name), etree.XMLParser(**_PARSER))


def _title(package: zipfile.ZipFile, add) -> None:
    title = None
    if "docProps/core.xml" in package.namelist():
        element = _xml(package, "docProps/core.xml").find(f"{{{DC_NS}}}title")
        title = element.text if element is not None else None
    if not (title or "").strip():
        add(kinds.NO_TITLE, "The document has no title in its properties: set File > Info > Title, so screen "
                        "readers and the published PDF announce it.")


def _styles(package: zipfile.ZipFile, add) -> dict[str, int]:
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
            levels[style.get(w("styleId"))] = int(match.group(1))
    return levels


def _document(stream, styles: dict[str, int], add) -> None:
    state = {"heading": 0, "headings": 0, "paragraph": 0, "table": 0, "image": 0}
    tables: dict = {}  # open tables: element -> [number, rows checked and let go, rows ended since]
    events = etree.iterparse(stream, events=("start", "end"), tag=(W_TBL, W_TR, f"{{{WP_NS}}}docPr"), **_PARSER)
    for event, element in events:
        if element.tag == W_TBL and event == "start":
            state["table"] += 1  # numbered in reading order, tables inside tables too
            tables[element] = [state["table"], 0, []]
        elif event == "start":
            continue
        elif element.tag == W_TR:
            _row_done(element, tables, add)
        elif element.tag == W_TBL:
            number, done, ended = tables.pop(element)
            _table(element, number, done, ended, add)
            if element.getparent() is not None and element.getparent().tag == W_BODY:
                element.clear(keep_tail=True)
        else:
            state["image"] += 1
            _image(element, state["image"], add)
    body = events.root.find(W_BODY) if events.root is not None else None
    # Tables are emptied as they are checked; the body's own paragraphs stay, in order, for the outline.
    for paragraph in body.iterchildren(W_P) if body is not None else ():
        state["paragraph"] += 1
        _heading(paragraph, styles, state, add)
    if state["headings"] == 0 and state["paragraph"]:
        add(kinds.NO_HEADINGS, "The document has no headings: use Heading 1 for its title so it can be navigated.")


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(W_T)).strip()


def _heading(paragraph, styles: dict[str, int], state: dict, add) -> None:
    style = paragraph.find(f"{w('pPr')}/{w('pStyle')}")
    level = styles.get(style.get(w("val"))) if style is not None else None
    if level is None:
        return
    state["headings"] += 1
    if level > state["heading"] + 1:
        add(kinds.SKIPPED_HEADING, f"The heading '{_text(paragraph)[:60]}' is level {level} after level "
                               f"{state['heading']}: use Heading {state['heading'] + 1} so the outline has no gaps.",
            f"paragraph {state['paragraph']}")
    state["heading"] = level


CHUNK_ROWS = 400  # rows of a body-level table checked together, then let go


def _row_done(tr, tables: dict, add) -> None:
    """A long table is checked a chunk of rows at a time, each chunk let go once checked, so the
    whole table is never in memory. (Tables inside cells stay whole: their cell needs them.)"""
    tbl = tr.getparent()
    if tbl is None or tbl not in tables:
        return
    tables[tbl][2].append(tr)
    if tbl.getparent() is None or tbl.getparent().tag != W_BODY or len(tables[tbl][2]) < CHUNK_ROWS:
        return
    number, done, ended = tables[tbl]
    _table(tbl, number, done, ended, add)
    tables[tbl][1:] = [done + len(ended), []]


def _table(tbl, number: int, done: int, ended: list, add) -> None:
    """The table's rules on the rows that have ended since the last chunk (`done` rows before them
    were checked and let go). The rows are moved out of the document to be checked: the parser
    may already be part-way into the next row, which must not be judged half-read."""
    where = f"table {number}"
    if not ended:
        return
    if done == 0:
        _table_rules(tbl, ended[0], number, where, add)
    holder = etree.Element(W_TBL, nsmap={"w": W_NS})
    for row in ended:
        holder.append(row)  # moved: lets the rows go from the document once checked
    _cells(holder, ended, where, add, done)


def _table_rules(tbl, first_row, number: int, where: str, add) -> None:
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


def _cells(tbl, rows, where: str, add, done: int = 0) -> None:
    """The cell rules, each found with one XPath over the table: only the cells that fail are visited."""
    row_numbers = {row: number for number, row in enumerate(rows, start=done + 1)}

    def at(element) -> str:
        cell = element if element.tag == W_TC else next(element.iterancestors(W_TC))
        row = cell.getparent()
        column = [c for c in row.iterchildren(W_TC)].index(cell) + 1
        return f"{where}, row {row_numbers.get(row, 0)}, cell {column}"

    for cell in _MERGED_CELLS(tbl):
        add(kinds.MERGED_CELL, "This cell is merged with its neighbours: unmerge it and repeat or refer to the text, "
                           "as screen readers lose their place in merged cells.", at(cell))
    blank = _BLANK_CELLS(tbl)
    for cell in blank:
        fill = _fill(cell, W_TCPR)
        if fill:
            add(kinds.COLOUR_ONLY, f"This cell says something only by its colour (#{fill}): add the status as text.",
                at(cell))
        else:
            add(kinds.EMPTY_CELL, "This cell is empty: say what it means (for example 'Not stated').", at(cell))
    reported = set(blank)
    pairs = [(p, _fill(p, W_PPR)) for p in _SHADED_PARAGRAPHS(tbl)]
    pairs += [(p, _fill(c, W_TCPR)) for c in _SHADED_CELLS(tbl) if c not in reported for p in _PLAIN_PARAGRAPHS(c)]
    pairs += [(paragraph, "FFFFFF") for paragraph in _COLOURED_ON_WHITE(tbl)]
    for element, background in pairs:
        for ink in _inks(element):
            ratio = contrast(ink, background)
            cell = element if element.tag == W_TC else next(element.iterancestors(W_TC), None)
            if ratio < MIN_CONTRAST and cell is not None and cell not in reported:
                reported.add(cell)
                add(kinds.LOW_CONTRAST, f"Text #{ink.upper()} on #{background.upper()} has a contrast of {ratio:.1f}:1: "
                                    f"make it at least {MIN_CONTRAST}:1 (darker text or a lighter fill).", at(cell))


def _fill(element, properties: str) -> str | None:
    """The shading of a cell or paragraph (`properties`: its tcPr or pPr), as `_SHADE` finds it:
    the first fill that is neither white nor auto (even one that is not a colour)."""
    for shading in element.iterfind(f"{properties}/{W_SHD}"):
        fill = shading.get(W_FILL)
        if fill is not None and fill.lower() != "auto" and fill.upper() != "FFFFFF":
            return fill.upper()
    return None


def _inks(element) -> set[str]:
    """The colours of the text in a paragraph or run (black where none is set)."""
    runs = [element] if element.tag == W_R else element.iter(W_R)
    inks = set()
    for run in runs:
        if _text(run):
            colour = run.find(f"{W_RPR}/{W_COLOR}")
            ink = colour.get(W_VAL, "000000") if colour is not None else "000000"
            inks.add("000000" if ink.lower() == "auto" else ink)
    return inks


def _image(prop, number: int, add) -> None:
    if not (prop.get("descr") or "").strip() and prop.get("title") is None:
        add(kinds.IMAGE_WITHOUT_ALT_TEXT, f"Image {number} ('{prop.get('name', '')}') has no alt text: describe it "
                                      "(right-click > Edit Alt Text), or mark it decorative.", f"image {number}")
