"""The Word document: the house template opened, the appendix put in place of its
{{appendix}} paragraph, document properties set, and the file saved byte for byte the same
for the same content (fixed zip timestamps and properties, nothing random)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml

from ..model import ConfigError
from .wordml import W_NS

PLACEHOLDER = "{{appendix}}"
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


MARKER = "PIPELINE-APPENDIX-CONTENT"
MARKER_XML = f"<w:p><w:r><w:t>{MARKER}</w:t></w:r></w:p>"


def render(template: Path, fragments: Iterable[str], properties: Properties, keep: bytearray | None = None) -> bytes:
    """The template with the appendix in place of its {{appendix}} paragraph (or at the end).

    python-docx handles the package, styles and properties; the appendix itself, which can run
    to tens of megabytes, is spliced into document.xml as text rather than built as objects.
    `keep`, if given, receives document.xml as it is written.
    """
    document = _open(template)
    body = document.element.body
    anchor = _placeholder(body)
    marker = parse_xml(f'<w:p xmlns:w="{W_NS}"><w:r><w:t>{MARKER}</w:t></w:r></w:p>')
    if anchor is not None:
        anchor.addprevious(marker)
        body.remove(anchor)
    elif body.sectPr is not None:
        body.sectPr.addprevious(marker)
    else:
        body.append(marker)
    _set_properties(document, properties)
    buffer = io.BytesIO()
    document.save(buffer)
    return stable_zip(buffer.getvalue(), {"word/document.xml": lambda xml: _splice(xml, fragments, keep)})


def _splice(xml: bytes, fragments: Iterable[str], keep: bytearray | None):
    """The template's document.xml with the fragments in place of the marker, as pieces to write
    one after another (the whole appendix is never held as one string, unless it is to be kept)."""
    marker = MARKER_XML.encode("utf-8")
    at = xml.find(marker)
    if at < 0:
        raise TemplateError("The appendix could not be placed in the Word template: check it has a plain "
                            "{{appendix}} paragraph in the body.")
    for piece in _pieces(xml[:at], fragments, xml[at + len(marker):]):
        if keep is not None:
            keep += piece
        yield piece


def _pieces(head: bytes, fragments: Iterable[str], tail: bytes):
    yield head
    for fragment in fragments:
        yield fragment.encode("utf-8")
    yield tail


def _open(template: Path):
    try:
        return docx.Document(str(template))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise TemplateError(f"The Word template {template} cannot be used ({exc}): check the path in the "
                            "report type's report.toml, or rebuild it with templates/house/build_template.py.") from None


def _placeholder(body):
    for paragraph in body.iterchildren(f"{{{W_NS}}}p"):
        text = "".join(t.text or "" for t in paragraph.iter(f"{{{W_NS}}}t"))
        if text.strip() == PLACEHOLDER:
            return paragraph
    return None


def _set_properties(document, properties: Properties) -> None:
    core = document.core_properties
    core.title = properties.title
    core.subject = properties.subject
    core.keywords = properties.keywords
    core.language = properties.language
    stamp = datetime(properties.dated.year, properties.dated.month, properties.dated.day, tzinfo=timezone.utc)
    core.created = core.modified = stamp
    core.revision = 1


def stable_zip(data: bytes, edits: dict | None = None) -> bytes:
    """The same zip with fixed timestamps and attributes, so equal content gives equal bytes;
    `edits` maps a part name to a function giving its new bytes in pieces."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            part = source.read(info.filename)
            if edits and info.filename in edits:
                # Fast compression for the large part (the attribute is compress_level from Python 3.13).
                setattr(fixed, "compress_level" if hasattr(fixed, "compress_level") else "_compresslevel", 1)
                with target.open(fixed, "w", force_zip64=True) as stream:  # written piece by piece
                    for piece in edits[info.filename](part):
                        stream.write(piece)
                continue
            target.writestr(fixed, part, compresslevel=6 if len(part) < LARGE_PART else 1)
    return out.getvalue()
