"""render: a merged Plan and its Summary to the Word appendix (.docx bytes).

The only package that imports python-docx. The house style lives in the Word template named
by the report type; this code only puts content into it.
"""

from __future__ import annotations

from ..model import Plan, Summary
from ..reports import ReportType
from . import appendix
from .document import Properties, TemplateError, render

__all__ = ["appendix_docx", "checked_appendix", "describe", "accessibility", "TemplateError"]


def appendix_docx(plan: Plan, summary: Summary, report: ReportType, keep: bytearray | None = None) -> bytes:
    """The appendix as .docx bytes; `keep`, if given, receives its document.xml as written."""
    index = plan.rounds.index(summary.round)
    fragments = appendix.body(plan, summary, report, index)
    properties = Properties(
        title=appendix.title(plan, report, summary.round),
        subject=plan.title,
        keywords=f"{report.name}; {summary.round.label}",
        language="en-GB",
        dated=summary.round.end,
    )
    return render(report.word_template, fragments, properties, keep)


def checked_appendix(plan: Plan, summary: Summary, report: ReportType, path, strict: bool = False):
    """The appendix (to be written to `path`) and its accessibility findings, checked on the
    document part as it was written, without inflating it again."""
    written = bytearray()
    document = appendix_docx(plan, summary, report, written)
    return document, accessibility(path, strict, document, written)


def describe(docx_path) -> tuple[str, str]:
    """The title and summary paragraph of an appendix already built (for emailing it)."""
    from pathlib import Path

    import docx

    from docx.opc.exceptions import PackageNotFoundError

    from ..model import Refusal

    try:
        document = docx.Document(str(docx_path))
    except (PackageNotFoundError, ValueError, KeyError, OSError) as exc:
        name = Path(docx_path).name
        raise Refusal(name, f"{name} is not a Word document ({exc}): give the .docx appendix that "
                      "'pipeline build' wrote.") from None
    paragraphs = [p.text for p in document.paragraphs if p.text.strip() and p.text.strip() != "{{appendix}}"]
    title = document.core_properties.title or (paragraphs[0] if paragraphs else Path(docx_path).stem)
    beside = Path(docx_path).with_suffix(".txt")
    paragraph = beside.read_text(encoding="utf-8").strip() if beside.exists() else (
        paragraphs[1] if len(paragraphs) > 1 else "")
    return title, paragraph


def accessibility(path, strict: bool = False, data: bytes | None = None, document_xml: bytearray | None = None):
    """The accessibility findings for a .docx (warnings, or errors when `strict`). Given the
    document part as the build wrote it (`document_xml`), its tables are read the quick way."""
    from ..model import Severity
    from .check import check

    return check(path, Severity.ERROR if strict else Severity.WARNING, data, quick=document_xml is not None,
                 document_xml=document_xml)
