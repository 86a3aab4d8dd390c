"""A quick reading of the tables of an appendix the build has just written: sure, or silent.

A committee appendix can be tens of megabytes of table XML, and the check's table rules
(`check._cells`) read every cell of it through lxml. Here the same rules are read off the
document.xml bytes with byte searches, and a table is passed only when it is certain that the
full rules would find nothing in it: a header row, alt text, no merged cells, text in every
cell, and every colour of text at 4.5:1 or more on the background it sits on. Anything this
reading cannot be sure of (markup it does not expect, a cell with no plain text, a colour pair
it cannot rule out) sends the whole document to the full check, which then finds and places
the problem. The findings are the same either way; only the time differs.

It relies on the XML being well formed, as the build's is (every character it writes is
escaped, and the template's part has been parsed): documents from elsewhere get the full check.
"""

from __future__ import annotations

import re

from lxml import etree

W_NS = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WHITE, BLACK = "FFFFFF", "000000"

_ATTRIBUTES = rb"""((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*"""  # a start tag's attributes, exactly
_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')""")
_ROW = re.compile(rb"<w:tr[\s>/]")
_CELL = re.compile(rb"<w:tc[\s>/]")
_CELL_END = re.compile(rb"</w:tc>")
_PARA = re.compile(rb"<w:p[\s>/]")
_PARA_TAG = re.compile(rb"<w:p" + _ATTRIBUTES + rb"(/?)>")
_PARA_END = re.compile(rb"</w:p>")
_RUN = re.compile(rb"<w:r[\s>/]")
_RUN_TAG = re.compile(rb"<w:r" + _ATTRIBUTES + rb"(/?)>")
_RUN_END = re.compile(rb"</w:r>")
_MERGED = (b"<w:vMerge", b"<w:gridSpan")  # any such element, or one whose name begins so: unsure
_TEXT = re.compile(rb"""<w:t(?:\s+xml:space\s*=\s*(?:"preserve"|'preserve'))?\s*>[ \t\r\n]*[^ \t\r\n<&]""")
_SHADING = re.compile(rb"<w:shd([^>]*)>")  # every element whose name begins so, as written up to its '>'
_COLOUR = re.compile(rb"<w:color([^>]*)>")
_START_TAG_REST = re.compile(_ATTRIBUTES + rb"/?")  # what follows the name of a start tag, exactly
_EMPTY_CHILDREN = re.compile(rb"(?:\s*<w:\w+" + _ATTRIBUTES + rb"/>)*\s*")  # properties holding no nested element
_HEX = re.compile(rb"[0-9A-Fa-f]{6}|[Aa][Uu][Tt][Oo]")
_DECLARATION = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([\w.-]+)["']""")
# Markup that would make a byte search read the document differently from an XML parser.
_UNSURE = (b"PrChange", b"docPr", b"txbxContent")


def emptied(xml: bytes, contrast, minimum: float) -> bytes | None:
    """`xml` with every table emptied (`<w:tbl/>`), when every table is certain to pass the
    table rules; None when any might not. `contrast(ink, background)` is the check's own."""
    if not _plain(xml):
        return None
    spans = _table_spans(xml)
    if spans is None or not _outside_paragraphs(xml, spans):
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
    """Markup a byte search reads as a parser would: UTF-8; no comments, CDATA, DOCTYPE or
    processing instructions after the declaration; no tracked property changes, images or text
    boxes; and the WordprocessingML namespace bound once, to the prefix w, on the root element,
    with no namespace declared anywhere after it."""
    root = xml.find(b"<w:document")
    if root < 0 or any(marker in xml for marker in _UNSURE) or _after(xml, b"<", b"?", 1) or _after(xml, b"<", b"!"):
        return False
    declared = _DECLARATION.match(xml)
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        return False
    if not (xml.startswith(b"<?xml") or xml.startswith(b"<w:document")):
        return False  # a byte-order mark, or an encoding told some other way
    root_end = xml.find(b">", root)
    root_tag = xml[root:root_end]
    return (xml.count(W_NS) == 1 and b"&" not in root_tag and xml.find(b"xmlns", root_end) < 0
            and len(re.findall(rb"xmlns:w\s*=", root_tag)) == 1 and b'xmlns:w="' + W_NS + b'"' in root_tag)


def _after(xml: bytes, before: bytes, mark: bytes, start: int = 0) -> bool:
    """Whether `mark` follows `before` anywhere from `start` on ('<!' for a comment, CDATA or
    DOCTYPE; '<?' for a processing instruction): found from the mark, which is rare in a
    document, rather than from the '<', which is everywhere."""
    at = xml.find(mark, start + 1)
    while at >= 0:
        if xml[at - 1:at] == before:
            return True
        at = xml.find(mark, at + 1)
    return False


def _spans(xml: bytes, opening: re.Pattern, closing: re.Pattern, start: int, end: int) -> list | None:
    """(start, end) of each element between `start` and `end`; None if any is nested in
    another or closes itself."""
    return _paired([m.start() for m in opening.finditer(xml, start, end)],
                   [m.end() for m in closing.finditer(xml, start, end)])


def _paired(opens: list[int], closes: list[int]) -> list | None:
    if len(opens) != len(closes):
        return None
    for index, (at, until) in enumerate(zip(opens, closes)):
        if until <= at or (index + 1 < len(opens) and opens[index + 1] < until):
            return None
    return list(zip(opens, closes))


def _table_spans(xml: bytes) -> list | None:
    """(start, end) of each table, found by byte search (a document holds few tables, and the
    search skips through the text between them far quicker than a pattern)."""
    opens, closes = [], []
    at = xml.find(b"<w:tbl")
    while at >= 0:
        if xml[at + 6:at + 7] in (b" ", b"\t", b"\r", b"\n", b">", b"/"):
            opens.append(at)
        at = xml.find(b"<w:tbl", at + 6)
    at = xml.find(b"</w:tbl>")
    while at >= 0:
        closes.append(at + 8)
        at = xml.find(b"</w:tbl>", at + 8)
    return _paired(opens, closes)


def _outside_paragraphs(xml: bytes, spans: list) -> bool:
    """No table sits inside a paragraph (the full check would read its text as the paragraph's)."""
    depth, at = 0, 0
    for start, end in spans:
        for tag in _PARA.finditer(xml, at, start):
            whole = _PARA_TAG.match(xml, tag.start())
            if whole is None:
                return False
            depth += 0 if whole.group(2) else 1
        depth -= xml.count(b"</w:p>", at, start)
        if depth != 0:
            return False
        at = end
    return True


def _table_passes(xml: bytes, start: int, end: int, contrast, minimum: float) -> bool:
    first_row = _ROW.search(xml, start, end)
    if first_row is None:
        return True  # a table with no rows: the rules have nothing to look at
    if any(xml.find(tag, start, end) >= 0 for tag in _MERGED) or not _head_passes(xml, start, first_row.start(), end):
        return False
    cells = _spans(xml, _CELL, _CELL_END, first_row.start(), end)
    if cells is None or not all(_TEXT.search(xml, s, e) for s, e in cells):
        return False
    inks, fills = _colours(xml, start, end), _fills(xml, start, end)
    if inks is None or fills is None:
        return False
    if _all_legible({_hex(v, BLACK) for v in inks} | {BLACK}, {_hex(v, WHITE) for v in fills} | {WHITE},
                    contrast, minimum):
        return True  # no colour of text here fails on any background here
    return all(_cell_legible(xml, s, e, contrast, minimum) for s, e in cells)


def _head_passes(xml: bytes, start: int, first_row: int, end: int) -> bool:
    """Alt text in the table's properties and a header row first, read by the parser itself
    (the table's opening and its first row are small)."""
    row_end = xml.find(b"</w:tr>", first_row, end)
    if row_end < 0:
        return False
    head = b'<w:x xmlns:w="' + W_NS + b'">' + xml[start:row_end] + b"</w:tr></w:tbl></w:x>"
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
    cell_fill = _shading(xml, start, end, b"<w:tc>", b"<w:tcPr")
    paragraphs = _spans(xml, _PARA, _PARA_END, start, end)
    if cell_fill is False or paragraphs is None:
        return False
    for p_start, p_end in paragraphs:
        tag = _PARA_TAG.match(xml, p_start)
        fill = _shading(xml, p_start, p_end, tag.group(0), b"<w:pPr") if tag and not tag.group(2) else False
        inks = _inks(xml, p_start, p_end)
        if fill is False or inks is None or not _all_legible(inks, {fill or cell_fill or WHITE}, contrast, minimum):
            return False
    return True


def _shading(xml: bytes, start: int, end: int, opening_tag: bytes, properties: bytes) -> str | None | bool:
    """The fill of a cell's or paragraph's own properties, None for none or white, or False when
    it cannot be sure: the properties must be its first child, plain (`<w:tcPr>`), and hold only
    empty elements, so that any shading in them is theirs."""
    count = xml.count(properties, start, end)
    if count == 0:
        return None
    first = start + len(opening_tag)
    if count > 1 or not xml.startswith(opening_tag, start):
        return False
    if xml.startswith(properties + b"/>", first):
        return None
    if not xml.startswith(properties + b">", first):
        return False
    inside = first + len(properties) + 1
    until = xml.find(b"</" + properties[1:] + b">", inside, end)
    if until < 0 or not _EMPTY_CHILDREN.fullmatch(xml, inside, until):
        return False
    fills = _fills(xml, inside, until)
    if fills is None or xml.count(b"<w:shd", inside, until) > 1:
        return False
    shaded = [_hex(v, WHITE) for v in fills if _hex(v, WHITE) != WHITE]
    return shaded[0] if shaded else None


def _inks(xml: bytes, start: int, end: int) -> set[str] | None:
    """The colour of each run in a paragraph (black where none is set); None when unsure."""
    runs = _spans(xml, _RUN, _RUN_END, start, end)
    if runs is None:
        return None
    inks: set[str] = set()
    for r_start, r_end in runs:
        ink = _run_ink(xml, r_start, r_end)
        if ink is None:
            return None
        inks.add(ink)
    return inks


def _run_ink(xml: bytes, start: int, end: int) -> str | None:
    """A run's colour: black when it sets none; else the one colour in the plain run properties
    that are its first child (`<w:rPr>` holding only empty elements); None when unsure."""
    if xml.count(b"<w:color", start, end) == 0:
        return BLACK
    tag = _RUN_TAG.match(xml, start)
    first = tag.end() if tag and not tag.group(2) else -1
    until = xml.find(b"</w:rPr>", first, end) if xml.startswith(b"<w:rPr>", first) else -1
    if until < 0 or not _EMPTY_CHILDREN.fullmatch(xml, first + len(b"<w:rPr>"), until):
        return None
    colours = _colours(xml, first, until)
    if colours is None or len(colours) != 1 or xml.count(b"<w:color", start, end) != 1:
        return None
    return _hex(colours[0], BLACK)


def _colours(xml: bytes, start: int, end: int) -> list[bytes] | None:
    return _values(_COLOUR, b"w:val", xml, start, end)


def _fills(xml: bytes, start: int, end: int) -> list[bytes] | None:
    return _values(_SHADING, b"w:fill", xml, start, end)


def _values(tag: re.Pattern, name: bytes, xml: bytes, start: int, end: int) -> list[bytes] | None:
    """The values of attribute `name` on the `tag` elements between `start` and `end`, once each
    (elements without it left out); None if an element could not be read exactly (another
    element whose name begins the same, a '>' in a value), or a value is not a colour (six hex
    digits, or auto)."""
    values = []
    for written in set(tag.findall(xml, start, end)):  # a long table repeats a few colours many times
        if not _START_TAG_REST.fullmatch(written):
            return None
        attributes = {key: double or single for key, double, single in _ATTRIBUTE.findall(written)}
        value = attributes.get(name)
        if value is not None:
            if not _HEX.fullmatch(value):
                return None
            values.append(value)
    return values


def _hex(value: bytes, auto: str) -> str:
    text = value.decode("ascii").upper()
    return auto if text == "AUTO" else text


def _all_legible(inks: set[str], backgrounds: set[str], contrast, minimum: float) -> bool:
    return all(contrast(ink, background) >= minimum for background in backgrounds for ink in inks)
