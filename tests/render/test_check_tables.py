"""The quick reading of tables is sure or says nothing: on our appendices and on documents
changed to break each rule (or to hide markup from a byte search), the check with it finds
exactly what the full check finds, and it never passes a table the full check fails."""

import io
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import run
from pipeline.render.check import MIN_CONTRAST, check, contrast
from pipeline.render.check_tables import emptied

DATA = Path(__file__).parent.parent / "data" / "accessibility"
APPENDICES = ["workplan_sheets", "workplan_wide", "workplan_sections", "improvement_sheets", "improvement_wide"]


@pytest.fixture(scope="module")
def appendices(tracker_dir, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("appendices")
    built = {}
    for name in APPENDICES:
        outcome = run.build(tracker_dir / f"{name}.xlsx", out / name, date(2026, 11, 22))
        built[name] = outcome.outputs[0].read_bytes()
    return built


def document_xml(docx: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml")


def with_document(docx: bytes, xml: bytes) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(docx)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, xml if info.filename == "word/document.xml" else source.read(info))
    return out.getvalue()


def findings(docx: bytes, quick: bool):
    try:
        return [(f.code, f.cell, f.message) for f in check(Path("a.docx"), data=docx, quick=quick)]
    except Exception as exc:  # noqa: BLE001 - a refusal must be the same both ways too
        return type(exc).__name__


def same_both_ways(docx: bytes) -> list:
    quick, full = findings(docx, True), findings(docx, False)
    assert quick == full
    return full


def passed_quickly(docx: bytes) -> bool:
    return emptied(document_xml(docx), contrast, MIN_CONTRAST) is not None


@pytest.mark.parametrize("name", APPENDICES)
def test_our_appendices_are_passed_quickly_and_found_clean(appendices, name):
    assert passed_quickly(appendices[name])  # workplan needs the per-paragraph reading: white on dark
    assert same_both_ways(appendices[name]) == []


@pytest.mark.parametrize("path", sorted(DATA.glob("*.docx")), ids=lambda p: p.stem)
def test_hand_made_documents_give_the_same_findings(path):
    same_both_ways(path.read_bytes())


def in_tables(xml: bytes, change) -> bytes:
    """`change` made to the document from its first table on (not to its headings)."""
    at = xml.find(b"<w:tbl>")
    return xml[:at] + change(xml[at:])


FIRST_T = re.compile(rb'(<w:tc>(?:(?!</w:tc>).)*?<w:t>)[^<]+(</w:t>)', re.S)
BREAKS = {
    "no header row": lambda x: x.replace(b"<w:tblHeader/>", b"", 1),
    "no alt text": lambda x: re.sub(rb"<w:tblCaption [^>]*/><w:tblDescription [^>]*/>", b"", x, count=1),
    "merged cell": lambda x: x.replace(b'<w:tcW w:w="', b'<w:gridSpan w:val="2"/><w:tcW w:w="', 3)
    .replace(b'<w:gridSpan w:val="2"/><w:tcW w:w="', b'<w:tcW w:w="', 2),
    "blank cell": lambda x: FIRST_T.sub(rb"\1 \2", x, count=1),
    "blank by a character reference": lambda x: FIRST_T.sub(rb"\1&#32;\2", x, count=1),
    "pale text on white": lambda x: in_tables(x, lambda t: re.sub(
        rb'(<w:tc><w:tcPr><w:tcW [^>]*/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr><w:r>)<w:t',
        rb'\1<w:rPr><w:color w:val="BBBBBB"/></w:rPr><w:t', t, count=1)),
    "white status text": lambda x: re.sub(rb'<w:color w:val="[0-9A-F]{6}"/>', b'<w:color w:val="FFFFFF"/>', x),
    "black status text": lambda x: re.sub(rb'<w:color w:val="FFFFFF"/>', b"", x),
    "pale shading under black text": lambda x: re.sub(rb'w:fill="(?!D9E2F3)[0-9A-F]{6}"', b'w:fill="333333"', x),
}
W = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_BY_REFERENCE = W[:-1] + b"&#110;"  # the same namespace, with its last letter as a character reference


def after_header(xml: bytes, change) -> bytes:
    at = xml.find(b"</w:tr>")
    return xml[:at] + change(xml[at:])


def heading_holding_table(xml: bytes) -> bytes:
    start, end = xml.find(b"<w:tbl>"), xml.find(b"</w:tbl>") + len(b"</w:tbl>")
    table = xml[start:end].replace(b"</w:tbl>", b"<w:r><w:t>Hidden</w:t></w:r></w:tbl>")
    return (xml[:start] + b'<w:p><w:pPr><w:pStyle w:val="Heading3"/></w:pPr>' + table
            + b"<w:r><w:t>Title</w:t></w:r></w:p>" + xml[end:])


def utf7(xml: bytes, change) -> bytes:
    return after_header(xml.replace(b"+", b"+-").replace(b"encoding='UTF-8'", b"encoding='UTF-7'", 1), change)


DISGUISES = {
    # Values the full check reads differently from the bytes.
    "fill by character reference": lambda x: re.sub(rb'w:fill="[0-9A-F]([0-9A-F]{5})"', rb'w:fill="&#70;\1"', x, count=1),
    "colour by character reference": lambda x: re.sub(rb'<w:color w:val="[0-9A-F]([0-9A-F]{5})"/>',
                                                      rb'<w:color w:val="&#70;\1"/>', x, count=1),
    "empty fill": lambda x: re.sub(rb'w:fill="(?!D9E2F3)[0-9A-F]{6}"', b'w:fill=""', x, count=1),
    "fill inside another attribute": lambda x: re.sub(
        rb'w:val="clear" w:color="auto" w:fill="([0-9A-F]{6})"', rb"w:val='clear w:fill=" + b'"\\1"' + rb"' w:color=" + b'"auto" w:fill="FFFFFF"',
        x, count=1),
    "fill under a prefix ending in -w": lambda x: re.sub(
        rb'<w:shd w:val="clear" w:color="auto" w:fill="([0-9A-F]{6})"/>',
        rb'<w:shd xmlns:x-w="urn:x" x-w:fill="\1" w:fill="FFFFFF"/>', x, count=1),
    "colour inside another attribute": lambda x: re.sub(
        rb'<w:color w:val="([0-9A-F]{6})"/>', rb"""<w:color w:themeColor='x w:val="\1"' w:val="FFFFFF"/>""", x, count=1),
    "white shading before the real one": lambda x: re.sub(
        rb'(<w:shd w:val="clear" w:color="auto" w:fill="(?!D9E2F3)[0-9A-F]{6}"/>)', rb'<w:shd w:fill="FFFFFF"/>\1', x, count=1),
    # Shading put where the full check does not look.
    "cell shading inside borders": lambda x: re.sub(
        rb'(<w:tcPr><w:tcW [^>]*/>)(<w:shd w:val="clear" w:color="auto" w:fill="(?!D9E2F3)[0-9A-F]{6}"/>)',
        rb"\1<w:tcBorders>\2</w:tcBorders>", x, count=1),
    "cell properties wrapped": lambda x: re.sub(
        rb'<w:tc>(<w:tcPr><w:tcW [^>]*/><w:shd [^>]*w:fill="(?!D9E2F3)[0-9A-F]{6}"/>.*?</w:tcPr>)',
        rb'<w:tc><w:customXml w:element="c">\1</w:customXml>', x, count=1, flags=re.S),
    "'/>' in paragraph properties": lambda x: x.replace(
        b'<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr><w:r><w:t>',
        b'<w:p><w:pPr w:x="/>"><w:pStyle w:val="TableText"/><w:shd w:val="clear" w:fill="000000"/></w:pPr><w:r><w:t>', 1),
    "'/>' in cell properties": lambda x: re.sub(
        rb'<w:tcPr>(<w:tcW [^>]*/>)<w:shd w:val="clear" w:color="auto" w:fill="(?!D9E2F3)[0-9A-F]{6}"/>',
        rb'<w:tcPr w:x="/>">\1<w:shd w:val="clear" w:color="auto" w:fill="000000"/>', x, count=1),
    # The namespace bound again, or spelt another way, or another encoding.
    "w rebound with a space": lambda x: re.sub(
        rb'<w:shd w:val="clear" w:color="auto" w:fill="(?!D9E2F3)([0-9A-F]{6})"/>',
        rb'<w:shd xmlns:w ="urn:x" w:val="clear" w:color="auto" w:fill="\1"/>', x, count=1),
    "merge in the namespace by reference": lambda x: after_header(
        x, lambda t: t.replace(b"</w:tcPr>", b'<q:vMerge xmlns:q="' + W_BY_REFERENCE + b'"/></w:tcPr>', 1)),
    "empty row in the namespace by reference": lambda x: x.replace(
        b"</w:tr></w:tbl>", b'</w:tr><tr xmlns="' + W_BY_REFERENCE + b'"><tc><p/></tc></tr></w:tbl>', 1),
    "UTF-7 space as a cell's only text": lambda x: utf7(x, lambda t: FIRST_T.sub(rb"\1+ACA-\2", t, count=1)),
    "UTF-7 merge": lambda x: utf7(x, lambda t: t.replace(b"</w:tcPr>", b"+ADw-w:vMerge/+AD4-</w:tcPr>", 1)),
    # A table inside a paragraph: the full check reads its loose text as the paragraph's.
    "table inside a heading": heading_holding_table,

    "comment in a cell": lambda x: x.replace(b"<w:tc>", b"<w:tc><!-- </w:tc> -->", 1),
    "lower-case colours": lambda x: re.sub(rb'w:(fill|val)="([0-9A-F]{6})"', lambda m: m.group(0).lower(), x),
    "single quotes": lambda x: x.replace(b'w:fill="', b"w:fill='").replace(b'" w:color="auto"/>', b"' w:color=\"auto\"/>"),
    "another prefix": lambda x: x.replace(b"<w:", b"<q:").replace(b"</w:", b"</q:").replace(b"xmlns:w=", b"xmlns:q=")
    .replace(b" w:", b" q:"),
    "nested table": lambda x: x.replace(b"</w:tc>", b"<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl></w:tc>", 1),
    "colour with '>' in an attribute": lambda x: x.replace(b'<w:color w:val="', b'<w:color w:x="a>b" w:val="', 1),
    "shading without a fill": lambda x: x.replace(b'<w:shd w:val="clear" w:color="auto" w:fill="', b'<w:shd w:val="clear" w:color="auto"/><w:x w:fill="', 1),
    "self-closing cell": lambda x: x.replace(b"</w:tr>", b"<w:tc/></w:tr>", 1),
    "self-closing run": lambda x: x.replace(b"<w:r>", b"<w:r/><w:r>", 1),
    "paragraph mark properties": lambda x: x.replace(b'<w:pStyle w:val="TableText"/>', b'<w:pStyle w:val="TableText"/><w:rPr><w:shd w:val="clear" w:fill="000000"/></w:rPr>', 3),
}


@pytest.mark.parametrize("base", ["workplan_sheets", "improvement_sheets"])
@pytest.mark.parametrize("change", BREAKS, ids=str)
def test_a_broken_rule_is_never_passed_quickly(appendices, base, change):
    xml = document_xml(appendices[base])
    changed = BREAKS[change](xml)
    if changed == xml:
        pytest.skip(f"nothing to change in {base}")
    docx = with_document(appendices[base], changed)
    found = same_both_ways(docx)
    if found:
        assert not passed_quickly(docx)


@pytest.mark.parametrize("base", ["workplan_sheets", "improvement_sheets"])
@pytest.mark.parametrize("change", DISGUISES, ids=str)
def test_disguised_markup_gives_the_same_findings(appendices, base, change):
    xml = document_xml(appendices[base])
    changed = DISGUISES[change](xml)
    assert changed != xml
    same_both_ways(with_document(appendices[base], changed))


def test_the_breaks_do_break_something(appendices):
    broken = {c for c, f in BREAKS.items() for b in ("workplan_sheets", "improvement_sheets")
              if same_both_ways(with_document(appendices[b], f(document_xml(appendices[b]))))}
    assert broken == set(BREAKS)


HEX = st.text("0123456789ABCDEF", min_size=6, max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=st.sampled_from(["workplan_sheets", "improvement_sheets"]), which=st.integers(0, 400),
       colour=HEX, attribute=st.sampled_from([b"w:fill", b"w:val"]))
def test_any_colour_changed_gives_the_same_findings(appendices, base, which, colour, attribute):
    xml = document_xml(appendices[base])
    found = list(re.finditer(attribute + rb'="([0-9A-F]{6})"', xml))
    match = found[which % len(found)]
    changed = xml[:match.start(1)] + colour.encode() + xml[match.end(1):]
    docx = with_document(appendices[base], changed)
    if same_both_ways(docx):
        assert not passed_quickly(docx)


def test_a_malformed_table_is_refused_by_the_check_of_a_file(appendices):
    """The quick reading is for the XML the build has just written, which is well formed; a
    document from elsewhere gets the full check, which refuses malformed XML in a table."""
    xml = document_xml(appendices["improvement_sheets"])
    docx = with_document(appendices["improvement_sheets"], after_header(xml, lambda t: t.replace(b"</w:t>", b" & </w:t>", 1)))
    with pytest.raises(Exception, match="not a Word document that can be checked"):
        check(Path("a.docx"), data=docx)
