"""The Word document: the house template opened, the appendix put in place of its
{{appendix}} paragraph, document properties set, and the file saved byte for byte the same
for the same content (fixed zip timestamps and properties, nothing random). The template's
parts are edited as XML, so building an appendix does not load python-docx."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lxml import etree

from ..model import ConfigError
from .wordml import W_NS

PLACEHOLDER = "{{appendix}}"
W = f"{{{W_NS}}}"
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
LARGE_PART = 4 * 1024 * 1024  # parts larger than this are compressed fast rather than small


class TemplateError(ConfigError):
    """The Word template cannot be used."""


@dataclass(frozen=True)
class Properties:
    title: str
    subject: str
    keywords: str
    language: str
    dated: date  # the round's end: stands in for created/modified so the bytes never change
    source: str = ""  # the tracker(s) it was built from, kept as the document's identifier


MARKER = "PIPELINE-APPENDIX-CONTENT"
MARKER_XML = f"<w:p><w:r><w:t>{MARKER}</w:t></w:r></w:p>"


@dataclass(frozen=True)
class Opened:
    """The house template, opened for one appendix: its package, its document.xml either side of
    the appendix's place, and its document properties as they are to be written."""

    package: bytes
    head: bytes
    tail: bytes
    core: bytes

    def document_xml(self, fragments: Iterable[str]) -> bytearray:
        """document.xml with the appendix's fragments in place, each added as it is made (the
        appendix can run to a hundred megabytes: it is held once, as bytes, never as one string
        or a list of pieces)."""
        xml = bytearray(self.head)
        for fragment in fragments:
            xml += fragment.encode("utf-8")
        xml += self.tail
        return xml

    def docx(self, document_xml: bytes | bytearray, media: tuple[tuple[str, str, bytes], ...] = ()) -> bytes:
        """The .docx: the template's parts copied as they are, but for document.xml, the document
        properties, and the pictures in `media` (each its part under word/, its relationship's id,
        and its bytes) with their relationships and content types."""
        edits: dict[str, bytes | bytearray] = {"word/document.xml": document_xml, "docProps/core.xml": self.core}
        added: dict[str, bytes] = {}
        if media:
            with zipfile.ZipFile(io.BytesIO(self.package)) as source:
                edits[RELS] = _related(source.read(RELS) if RELS in source.namelist() else EMPTY_RELS, media)
                edits[TYPES] = _typed(source.read(TYPES), {Path(part).suffix.lstrip(".") for part, _, _ in media})
            added = {f"word/{part}": data for part, _, data in media}
        return stable_zip(self.package, edits, added)


RELS = "word/_rels/document.xml.rels"
TYPES = "[Content_Types].xml"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
EMPTY_RELS = f'<Relationships xmlns="{_REL_NS}"/>'.encode()
_SAFE = etree.XMLParser(resolve_entities=False, no_network=True)


def _related(xml: bytes, media: tuple[tuple[str, str, bytes], ...]) -> bytes:
    """The document's relationships with one to each picture (replacing any of the same id)."""
    root = etree.fromstring(xml, _SAFE)
    for part, rid, _ in media:
        for old in root.findall(f"{{{_REL_NS}}}Relationship[@Id='{rid}']"):
            root.remove(old)
        etree.SubElement(root, f"{{{_REL_NS}}}Relationship", Id=rid, Type=IMAGE_REL, Target=part)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _typed(xml: bytes, extensions: set[str]) -> bytes:
    """The package's content types, with one for each picture's kind of file (PNG) if missing."""
    root = etree.fromstring(xml, _SAFE)
    known = {(e.get("Extension") or "").lower() for e in root.findall(f"{{{_TYPES_NS}}}Default")}
    for extension in sorted(extensions - known):
        default = etree.Element(f"{{{_TYPES_NS}}}Default", Extension=extension, ContentType=f"image/{extension}")
        root.insert(0, default)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def open_template(template: Path, properties: Properties) -> Opened:
    """The template at `template`, with the place of its {{appendix}} paragraph (or the end of
    its body) found, and `properties` set; TemplateError when it cannot be used."""
    try:
        package = Path(template).read_bytes()
        with zipfile.ZipFile(io.BytesIO(package)) as source:
            head, tail = _marked(source.read("word/document.xml"))
            core = _properties(source.read("docProps/core.xml"), properties)
    except zipfile.BadZipFile:
        raise _unusable(template, "it is not a Word document") from None
    except OSError as exc:
        raise _unusable(template, exc.strerror or "it cannot be read") from None
    except KeyError:
        raise _unusable(template, "it is not a complete Word document") from None
    except etree.XMLSyntaxError:
        raise _unusable(template, "a part of it is not valid XML") from None
    return Opened(package, head, tail, core)


def _unusable(template: Path, reason: str) -> TemplateError:
    return TemplateError(f"The Word template {template} cannot be used ({reason}): check the path in the "
                         "report type's report.toml, or open it in Word and save it again as a Word document (.docx).")


def _marked(xml: bytes) -> tuple[bytes, bytes]:
    """document.xml before and after the place of the {{appendix}} paragraph (else of the section
    properties that end the body, else of the body's end)."""
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    body = root.find(f"{W}body")
    if body is None:
        raise KeyError("body")
    marker = etree.fromstring(f'<w:p xmlns:w="{W_NS}"><w:r><w:t>{MARKER}</w:t></w:r></w:p>')
    anchor = next((p for p in body.iterchildren(f"{W}p")
                   if "".join(t.text or "" for t in p.iter(f"{W}t")).strip() == PLACEHOLDER), None)
    section = body.find(f"{W}sectPr")
    if anchor is not None:
        anchor.addprevious(marker)
        body.remove(anchor)
    elif section is not None:
        section.addprevious(marker)
    else:
        body.append(marker)
    marked = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    head, found, tail = marked.partition(MARKER_XML.encode("utf-8"))
    if not found:
        raise KeyError("its main part does not name WordprocessingML with the prefix w, as Word does")
    return head, tail


_CORE = {"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
         "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
         "xsi": "http://www.w3.org/2001/XMLSchema-instance"}


def _properties(xml: bytes, properties: Properties) -> bytes:
    """The document properties: title, subject, keywords and language as given, and the round's
    end standing in for created and modified, so the same content gives the same bytes."""
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    stamp = f"{properties.dated:%Y-%m-%d}T00:00:00Z"
    for name, value in (("dc:title", properties.title), ("dc:subject", properties.subject),
                        ("cp:keywords", properties.keywords), ("dc:language", properties.language),
                        ("cp:revision", "1"), ("dcterms:created", stamp), ("dcterms:modified", stamp),
                        ("dc:identifier", properties.source)):
        prefix, local = name.split(":")
        element = root.find(f"{{{_CORE[prefix]}}}{local}")
        if element is None:
            element = etree.SubElement(root, f"{{{_CORE[prefix]}}}{local}", nsmap={prefix: _CORE[prefix]})
        element.text = value
        if prefix == "dcterms":
            element.set(f"{{{_CORE['xsi']}}}type", "dcterms:W3CDTF")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def source_of(docx: Path) -> str | None:
    """The tracker an appendix already built says it was built from (None for one that cannot say)."""
    try:
        with zipfile.ZipFile(docx) as package:
            core = etree.fromstring(package.read("docProps/core.xml"), etree.XMLParser(resolve_entities=False,
                                                                                       no_network=True))
    except (OSError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError):
        return None
    found = core.find(f"{{{_CORE['dc']}}}identifier")
    return found.text or "" if found is not None else None


def stable_zip(data: bytes, edits: dict[str, bytes | bytearray] | None = None,
               added: dict[str, bytes] | None = None) -> bytes:
    """The same zip with fixed timestamps and attributes, so equal content gives equal bytes;
    `edits` maps a part name to its new bytes, `added` a new part's name to its bytes (put last, in
    order of name; a part of that name already there is replaced)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    added = added or {}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        parts = [(i.filename, None) for i in source.infolist() if i.filename not in added]
        for name, new in parts + sorted(added.items()):
            fixed = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            part = new if new is not None else edits[name] if edits and name in edits else source.read(name)
            # Large parts (the appendix's document.xml) are compressed fast rather than small.
            target.writestr(fixed, part, compresslevel=6 if len(part) < LARGE_PART else 1)
    return out.getvalue()
