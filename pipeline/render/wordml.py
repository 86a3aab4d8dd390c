"""WordprocessingML written as strings, in one pass.

Building the appendix's tables through python-docx's cell objects is quadratic (every
`table.cell()` call rebuilds the list of cells), so the tables are written here as XML text
and parsed once. Text reaching this module has been cleaned when it was read (no control
characters), so escaping the three markup characters is enough.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..text import Text

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PAGE_WIDTH_TWIPS = 15136  # A4 landscape less 1.5 cm margins: 26.7 cm at 567 twips a centimetre


def esc(text: str) -> str:
    """`text` escaped for an attribute value."""
    return esc_text(text).replace('"', "&quot;")


def esc_text(text: str) -> str:
    """`text` escaped for the content of an element (a quotation mark needs no escaping there)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class Shade:
    fill: str
    ink: str


def run(text: str, bold: bool = False, ink: str | None = None, shade: str | None = None) -> str:
    props = ("<w:b/>" if bold else "") + (f'<w:color w:val="{ink}"/>' if ink else "")
    props += f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>' if shade else ""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    space = ' xml:space="preserve"' if text != text.strip() or "  " in text else ""  # else Word keeps it as it is
    return f'<w:r>{rpr}<w:t{space}>{esc_text(text)}</w:t></w:r>'


def para(text: str = "", style: str = "TableText", bullet: bool = False, bold: bool = False,
         shade: Shade | None = None, centre: bool = False, keep_next: bool = False) -> str:
    ppr = f'<w:pStyle w:val="{"ListBullet" if bullet else style}"/>'
    ppr += "<w:keepNext/>" if keep_next else ""
    ppr += f'<w:shd w:val="clear" w:color="auto" w:fill="{shade.fill}"/>' if shade else ""
    ppr += '<w:jc w:val="center"/>' if centre else ""
    body = run(text, bold, shade.ink if shade else None) if text and not text.isspace() else ""
    return f"<w:p><w:pPr>{ppr}</w:pPr>{body}</w:p>"


def para_runs(runs: list[str], style: str = "TableText") -> str:
    """A paragraph of runs made by `run`."""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{"".join(runs)}</w:p>'


def text_paras(text: Text, style: str = "TableText") -> str:
    """The text's paragraphs, written with the same markup as `para` (escaped in one go: no
    paragraph's text holds a line break)."""
    paras = text.paras
    if not paras:
        return ""
    escaped: str = esc_text("\n".join([p.text for p in paras]))
    if not any([p.bullet for p in paras]):  # the usual case: every paragraph opens the same way
        opening = _OPEN_PARA[style]
        return opening + escaped.replace("\n", _CLOSE_PARA + opening) + _CLOSE_PARA
    return "".join(_OPEN_PARA[p.bullet and "ListBullet" or style] + line + _CLOSE_PARA
                   for p, line in zip(paras, escaped.split("\n")))


class _Opening(dict[str, str]):
    """What `para` writes before a paragraph's text, by style. (A paragraph's text has no spaces
    at its ends nor runs of them (text.collapse), so `para` keeps them as they are.)"""

    def __missing__(self, style: str) -> str:
        self[style] = para(_TEXT_HERE, style).partition(_TEXT_HERE)[0]
        return self[style]


_TEXT_HERE = "\x00"  # a character no text holds (read cleans it out), standing for a paragraph's text
_OPEN_PARA = _Opening()
_CLOSE_PARA = para(_TEXT_HERE).partition(_TEXT_HERE)[2]


NOT_STATED = "Not stated"


def cell(content: str, width: int, fill: str | None = None, centre: bool = False) -> str:
    """A table cell: never merged (screen readers lose their place in merged cells), and never
    empty (they announce it as 'blank'): a cell with no text says 'Not stated'."""
    if "<w:t>" not in content and "<w:t " not in content:
        content = para(NOT_STATED, centre=centre)
    tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if fill:
        tcpr += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
    if centre:
        tcpr += '<w:vAlign w:val="center"/>'
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{content}</w:tc>"


def row(cells: list[str], header: bool = False, keep: bool = True) -> str:
    """A table row; `keep` stops it breaking across pages, `header` repeats it on every page."""
    trpr = ("<w:cantSplit/>" if keep or header else "") + ("<w:tblHeader/>" if header else "")
    return f"<w:tr><w:trPr>{trpr}</w:trPr>{''.join(cells)}</w:tr>"


def table(rows: list[str], widths: list[int], caption: str, description: str) -> str:
    return "".join(table_parts(rows, widths, caption, description))


def table_parts(rows: Iterable[str], widths: list[int], caption: str, description: str) -> Iterator[str]:
    """A table as pieces: its opening, each row as it is made, its close (a long table is never
    one string in memory)."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    tblpr = (
        '<w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="0" w:noVBand="1"/>'
        f'<w:tblCaption w:val="{esc(caption)}"/>'
        f'<w:tblDescription w:val="{esc(description)}"/>'
    )
    yield f"<w:tbl><w:tblPr>{tblpr}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
    yield from rows
    yield "</w:tbl>"


def widths(relative: list[float], total: int = PAGE_WIDTH_TWIPS) -> list[int]:
    """Column widths in twips, in proportion to `relative`, adding up to `total`."""
    scale = total / sum(relative)
    result = [int(w * scale) for w in relative]
    result[-1] += total - sum(result)
    return result


TWIPS_PER_CM = 567
CHARS_PER_CM = 5.3  # 10 pt Arial, on average
KEEP_LINES = 18  # about half a landscape page of 10 pt table text


def lines(text: Text, width: int) -> int:
    """About how many lines `text` takes in a column `width` twips wide."""
    per_line = _per_line(width)
    paras = text.paras
    return len(paras) + sum([len(p.text) // per_line for p in paras])


CELL_MARGINS_CM = 0.45
CM_PER_EM = 0.3528  # 10 point
# Arial's advance widths in ems, near enough: narrow letters, wide ones, capitals, the rest.
_NARROW, _WIDE = set("iljtfrI.,;:'!|()[] "), set("mwMW@%")
_BOLD = 1.06  # Arial Bold is about this much wider


def word_width_cm(word: str, bold: bool = False) -> float:
    """About how wide `word` is in 10 point Arial (bold)."""
    ems = sum(0.3 if c in _NARROW else 0.89 if c in _WIDE else 0.72 if c.isupper() else 0.56 for c in word)
    return ems * CM_PER_EM * (_BOLD if bold else 1.0)


def fitting(texts: list[str], bold: bool = False) -> int:
    """A column width (twips) in which the longest word of `texts` fits on a line, unbroken. Each
    word is measured once, longest first, until no shorter one could be wider."""
    widest, widest_letter = 0.0, word_width_cm("W", bold)
    for word in sorted({word for text in texts for word in text.split()}, key=len, reverse=True):
        if len(word) * widest_letter <= widest:
            break
        widest = max(widest, word_width_cm(word, bold))
    return int(((widest or 0.3) + CELL_MARGINS_CM) * TWIPS_PER_CM) + 1


@lru_cache(maxsize=64)
def _per_line(width: int) -> int:
    """About how many characters fit on a line of a column `width` twips wide."""
    return max(1, int((width / TWIPS_PER_CM - 0.4) * CHARS_PER_CM))


def spacer() -> str:
    """An empty paragraph that keeps two tables apart (adjacent tables would join into one)."""
    return '<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr></w:p>'


def heading(text: str, level: int) -> str:
    return para(text, style=f"Heading{level}", keep_next=True)


def body_para(text: str) -> str:
    return para(text, style="Normal")


EMU_PER_CM = 360000
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def image(relationship: str, name: str, alt: str, width_cm: float, aspect: float, number: int = 1) -> str:
    """A picture in line with the text (never floating, so it is read in its place), with alt text;
    `aspect` is its height over its width. The namespaces are declared here, so any template's
    document can hold it."""
    cx = int(width_cm * EMU_PER_CM)
    cy = int(cx * aspect)
    return (f'<w:p><w:pPr><w:pStyle w:val="Normal"/><w:keepNext/></w:pPr><w:r><w:drawing>'
            f'<wp:inline xmlns:wp="{_WP}" distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{number}" name="{esc(name)}" descr="{esc(alt)}"/>'
            f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{_A}" noChangeAspect="1"/></wp:cNvGraphicFramePr>'
            f'<a:graphic xmlns:a="{_A}"><a:graphicData uri="{_PIC}"><pic:pic xmlns:pic="{_PIC}">'
            f'<pic:nvPicPr><pic:cNvPr id="{number}" name="{esc(name)}" descr="{esc(alt)}"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip xmlns:r="{_R}" r:embed="{relationship}"/><a:stretch><a:fillRect/></a:stretch>'
            f'</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
            '</wp:inline></w:drawing></w:r></w:p>')


def fitted(widths: list[int], least: list[int]) -> list[int]:
    """`widths` (twips) changed as little as may be so that each is at least `least`: what a narrow
    column needs is taken from the others in proportion to their room to spare, the total kept."""
    short = sum(max(0, m - w) for w, m in zip(widths, least))
    spare = [max(0, w - m) for w, m in zip(widths, least)]
    if not short or sum(spare) < short:
        return widths
    result = [max(w, m) if w < m else w - int(short * s / sum(spare)) for w, m, s in zip(widths, least, spare)]
    result[-1] += sum(widths) - sum(result)
    return result
