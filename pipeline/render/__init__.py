"""render: a merged Plan and its Summary to the Word appendix (.docx bytes).

The only package that imports python-docx. The house style lives in the Word template named
by the report type; this code only puts content into it.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from ..model import Plan, Summary
from ..reports import ReportType
from . import appendix
from .document import Opened, Properties, TemplateError, open_template

__all__ = ["Appendix", "compose", "appendix_docx", "checked", "checked_appendix", "describe", "accessibility",
           "TemplateError"]


@dataclass(frozen=True)
class Appendix:
    """The appendix's document.xml (built up in place, and not changed once made), and the template
    it is to be packaged in."""

    template: Opened
    document_xml: bytearray

    def docx(self) -> bytes:
        return self.template.docx(self.document_xml)


def compose(plan: Plan, summary: Summary, report: ReportType) -> Appendix:
    """The appendix for `summary`'s round, as XML in its template, not yet packaged."""
    index = plan.rounds.index(summary.round)
    properties = Properties(
        title=appendix.title(plan, report, summary.round),
        subject=plan.title,
        keywords=f"{report.name}; {summary.round.label}",
        language="en-GB",
        dated=summary.round.end,
    )
    template = open_template(report.word_template, properties)
    return Appendix(template, template.document_xml(appendix.body(plan, summary, report, index)))


def appendix_docx(plan: Plan, summary: Summary, report: ReportType) -> bytes:
    """The appendix as .docx bytes."""
    return compose(plan, summary, report).docx()


def checked_appendix(plan: Plan, summary: Summary, report: ReportType, path, strict: bool = False):
    """The appendix (to be written to `path`) as .docx bytes, and its accessibility findings."""
    return checked(compose(plan, summary, report), path, strict)


def checked(made: Appendix, path, strict: bool = False):
    """`made` packaged, and its accessibility findings. The check reads the tables from the
    document part as it was written (see check_tables) while it is compressed in a background
    thread: zlib lets go of the interpreter lock, so on two cores the two take the time of one."""
    from .check import quick_reading

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="zip") as zipper:
        packaged = zipper.submit(made.docx)
        document_xml = quick_reading(made.document_xml)
        document = packaged.result()
    return document, accessibility(path, strict, document, document_xml)


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


def accessibility(path, strict: bool = False, data: bytes | None = None, document_xml: bytes | bytearray | None = None):
    """The accessibility findings for a .docx (warnings, or errors when `strict`). The build
    passes its document part as written (`document_xml`), with the tables the quick reading is
    sure of already emptied."""
    from ..model import Severity
    from .check import check

    return check(path, Severity.ERROR if strict else Severity.WARNING, data, document_xml=document_xml)
