"""A quick reading of a document's tables that is sure or says nothing.

A committee appendix can be tens of megabytes of table XML, and the check's table rules
(`check._cells`) read every cell of it through lxml. Here the same rules are read off the
document.xml bytes with byte searches, and a table is passed only when it is certain that the
full rules would find nothing in it: a header row, alt text, no merged cells, text in every
cell, and every colour of text at 4.5:1 or more on every background it can sit on. Anything
this reading cannot be sure of (markup it does not expect, a cell with no plain text, a colour
pair it cannot rule out) sends the whole document to the full check, which then finds and
places the problem. The findings are the same either way; only the time differs.
"""

from __future__ import annotations

import re
from lxml import etree

W_NS = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WHITE, BLACK = "FFFFFF", "000000"

_TABLE = re.compile(rb"<w:tbl[\s>/]")
_TABLE_END = re.compile(rb"</w:tbl>")
_ROW = re.compile(rb"<w:tr[\s>/]")
_CELL = re.compile(rb"<w:tc[\s>/]")
_CELL_END = re.compile(rb"</w:tc>")
_PARA = re.compile(rb"<w:p[\s>/]")
_PARA_END = re.compile(rb"</w:p>")
_RUN = re.compile(rb"<w:r[\s>/]")
_RUN_END = re.compile(rb"</w:r>")
_MERGED = re.compile(rb"<w:(?:vMerge|gridSpan)[\s/>]")
_TEXT = re.compile(rb'<w:t(?: xml:space="preserve")?>[ \t\r\n]*[^ \t\r\n<&]')  # a character of plain text
# A shading element's fill and a colour element's value: each element whose value these miss
# (an attribute holding '>', a shading with no fill) is counted, and makes the reading unsure.
_FILL = re.compile(rb"""<w:shd\b[^>]*?\bw:fill\s*=\s*["']([^"']*)["']""")
_COLOUR = re.compile(rb"""<w:color\b[^>]*?\bw:val\s*=\s*["']([^"']*)["']""")
# Markup that would make a byte search read the document differently from an XML parser.
_UNSURE = (b"PrChange", b"docPr", b"txbxContent")


def emptied(xml: bytes, contrast, minimum: float) -> bytes | None:
    """`xml` with every table emptied (`<w:tbl/>`), when every table is certain to pass the
    table rules; None when any might not. `contrast(ink, background)` is the check's own."""
    if not _plain(xml):
        return None
    spans = _spans(xml, _TABLE, _TABLE_END, 0, len(xml))
    if spans is None:
        return None
    for start, end in spans:
        if not _table_passes(xml, start, end, contrast, minimum):
            return None
    pieces, at = [], 0
    for start, end in spans:
        pieces += [xml[at:start], b"<w:tbl/>"]
        at = end
    pieces.append(xml[at:])
    return b"".join(pieces)


def _plain(xml: bytes) -> bool:
    """Markup a byte search reads as a parser would: no comments, CDATA, DOCTYPE or processing
    instructions after the declaration, no tracked property changes, images or text boxes, and
    the WordprocessingML namespace bound once, to the prefix w, on the root element."""
    root = xml.find(b"<w:document")
    if root < 0 or any(marker in xml for marker in _UNSURE) or xml.find(b"<?", 1) >= 0 or _declares(xml):
        return False
    root_end = xml.find(b">", root)
    return (xml.count(W_NS) == 1 and xml.count(b"xmlns:w=") == 1
            and xml.find(b'xmlns:w="' + W_NS + b'"', 0, root_end) >= 0)


def _declares(xml: bytes) -> bool:
    """Whether there is a comment, CDATA section or DOCTYPE ('<!'): found from the '!', which is
    rare in a document, rather than from the '<', which is everywhere."""
    at = xml.find(b"!")
    while at >= 0:
        if xml[at - 1:at] == b"<":
            return True
        at = xml.find(b"!", at + 1)
    return False


def _spans(xml: bytes, opening: re.Pattern, closing: re.Pattern, start: int, end: int) -> list | None:
    """(start, end) of each element between `start` and `end`; None if any is nested in
    another or closes itself."""
    opens = [m.start() for m in opening.finditer(xml, start, end)]
    closes = [m.end() for m in closing.finditer(xml, start, end)]
    if len(opens) != len(closes):
        return None
    for index, (at, until) in enumerate(zip(opens, closes)):
        if until <= at or (index + 1 < len(opens) and opens[index + 1] < until):
            return None
    return list(zip(opens, closes))


def _table_passes(xml: bytes, start: int, end: int, contrast, minimum: float) -> bool:
    first_row = _ROW.search(xml, start, end)
    if first_row is None:
        return True  # a table with no rows: the rules have nothing to look at
    if _MERGED.search(xml, start, end) or not _head_passes(xml, start, first_row.start(), end):
        return False
    cells = _spans(xml, _CELL, _CELL_END, first_row.start(), end)
    if cells is None or not all(_TEXT.search(xml, s, e) for s, e in cells):
        return False
    inks, fills = _colours(xml, start, end), _fills(xml, start, end)
    if inks is None or fills is None:
        return False
    if _all_legible(inks | {BLACK}, fills | {WHITE}, contrast, minimum):
        return True  # no colour of text here fails on any background here
    return all(_cell_legible(xml, s, e, contrast, minimum) for s, e in cells)


def _head_passes(xml: bytes, start: int, first_row: int, end: int) -> bool:
    """Alt text in the table's properties and a header row first, read by the parser itself
    (the table's opening and its first row are small)."""
    row_end = xml.find(b"</w:tr>", first_row, end)
    if row_end < 0:
        return False
    root = xml.find(b"<w:document")
    namespaces = b" ".join(re.findall(rb'xmlns:\w+="[^"]*"', xml[root:xml.find(b">", root)]))
    head = b"<w:x " + namespaces + b">" + xml[start:row_end] + b"</w:tr></w:tbl></w:x>"
    try:
        table = etree.fromstring(head, etree.XMLParser(resolve_entities=False, no_network=True))[0]
    except etree.XMLSyntaxError:
        return False
    w = "{%s}" % W_NS.decode()
    properties = table.find(w + "tblPr")
    has_alt = properties is not None and (properties.find(w + "tblCaption") is not None
                                          or properties.find(w + "tblDescription") is not None)
    row = table.find(w + "tr")
    return has_alt and row is not None and row.find(f"{w}trPr/{w}tblHeader") is not None


def _cell_legible(xml: bytes, start: int, end: int, contrast, minimum: float) -> bool:
    """Every run's colour against the background of its own paragraph: the paragraph's shading,
    else the cell's, else white."""
    cell_fill = _shading(xml, start, end, b"<w:tcPr", b"</w:tcPr>")
    paragraphs = _spans(xml, _PARA, _PARA_END, start, end)
    if cell_fill is False or paragraphs is None:
        return False
    for p_start, p_end in paragraphs:
        fill = _shading(xml, p_start, p_end, b"<w:pPr", b"</w:pPr>")
        inks = _inks(xml, p_start, p_end)
        if fill is False or inks is None or not _all_legible(inks, {fill or cell_fill or WHITE}, contrast, minimum):
            return False
    return True


def _shading(xml: bytes, start: int, end: int, opening: bytes, closing: bytes) -> str | None | bool:
    """The fill of a cell's or paragraph's own properties (`opening`: they are the only ones in
    its span), None for none or white, False when it cannot be sure."""
    if xml.count(opening, start, end) > 1:
        return False
    at = xml.find(opening, start, end)
    if at < 0:
        return None
    tag_end = xml.find(b">", at, end)
    if xml[tag_end - 1:tag_end] == b"/":
        return None  # empty properties
    until = xml.find(closing, at, end)
    if until < 0 or xml.find(b"<w:rPr", at, until) >= 0:
        return False  # the paragraph mark's own properties may carry shading of their own
    fills = _fills(xml, at, until)
    if fills is None or len(fills) > 1:
        return False
    return next((f for f in fills if f != WHITE), None)


def _inks(xml: bytes, start: int, end: int) -> set[str] | None:
    """The colour of each run in a paragraph (black where none is set); None when unsure."""
    runs = _spans(xml, _RUN, _RUN_END, start, end)
    if runs is None:
        return None
    inks: set[str] = set()
    for r_start, r_end in runs:
        colours = _colours(xml, r_start, r_end)
        if colours is None:
            return None
        inks |= colours or {BLACK}
    return inks


def _colours(xml: bytes, start: int, end: int) -> set[str] | None:
    """Every text colour set between `start` and `end` (auto is black); None if a colour element
    could not be read."""
    found = _COLOUR.findall(xml, start, end)
    if len(found) != xml.count(b"<w:color", start, end):
        return None
    return {_hex(v, auto=BLACK) for v in found}


def _fills(xml: bytes, start: int, end: int) -> set[str] | None:
    """Every shading fill between `start` and `end` (auto and none are white); None if a shading
    element could not be read."""
    found = _FILL.findall(xml, start, end)
    if len(found) != xml.count(b"<w:shd", start, end):
        return None
    return {_hex(v, auto=WHITE) for v in found}


def _hex(value: bytes, auto: str) -> str:
    text = value.decode("ascii", "replace").upper()
    return auto if text == "AUTO" else text


def _all_legible(inks: set[str], backgrounds: set[str], contrast, minimum: float) -> bool:
    return all(contrast(ink, background) >= minimum for background in backgrounds for ink in inks)
