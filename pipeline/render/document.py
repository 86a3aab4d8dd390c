"""The Word document: the house template opened, the appendix put in place of its
{{appendix}} paragraph, document properties set, and the file saved byte for byte the same
for the same content (fixed zip timestamps and properties, nothing random)."""

from __future__ import annotations

import io
import zipfile
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


class TemplateError(ConfigError):
    """The Word template cannot be used."""


@dataclass(frozen=True)
class Properties:
    title: str
    subject: str
    keywords: str
    language: str
    dated: date  # the round's end: stands in for created/modified so the bytes never change


def render(template: Path, fragments: list[str], properties: Properties) -> bytes:
    document = _open(template)
    body = document.element.body
    anchor = _placeholder(body)
    content = parse_xml(f'<w:body xmlns:w="{W_NS}">{"".join(fragments)}</w:body>')
    for element in list(content):
        if anchor is not None:
            anchor.addprevious(element)
        else:
            body.sectPr.addprevious(element) if body.sectPr is not None else body.append(element)
    if anchor is not None:
        body.remove(anchor)
    _set_properties(document, properties)
    buffer = io.BytesIO()
    document.save(buffer)
    return stable_zip(buffer.getvalue())


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


def stable_zip(data: bytes) -> bytes:
    """The same zip with fixed timestamps and attributes, so equal content gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename), compresslevel=6)
    return out.getvalue()
