"""render: a merged Plan and its Summary to the Word appendix (.docx bytes).

The only package that imports python-docx (loaded when an appendix is made, not on import, so
that the accessibility check's second process starts quickly). The house style lives in the
Word template named by the report type; this code only puts content into it.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Finding, Plan, Severity, Summary
from ..reports import ReportType
from . import appendix

__all__ = ["appendix_docx", "checked_appendix", "describe", "accessibility"]

CHECK_ALONG_FROM = 300  # actions from which the check runs in a second process as the appendix is written


def appendix_docx(plan: Plan, summary: Summary, report: ReportType, tap=None) -> bytes:
    """The appendix; `tap` (see document.stable_zip) sees each part as it is written."""
    from .document import Properties, render

    index = plan.rounds.index(summary.round)
    fragments = appendix.body(plan, summary, report, index)
    properties = Properties(
        title=appendix.title(plan, report, summary.round),
        subject=plan.title,
        keywords=f"{report.name}; {summary.round.label}",
        language="en-GB",
        dated=summary.round.end,
    )
    return render(report.word_template, fragments, properties, tap)


def checked_appendix(plan: Plan, summary: Summary, report: ReportType, path: Path,
                     strict: bool = False) -> tuple[bytes, tuple[Finding, ...]]:
    """The appendix (to be written to `path`) and its accessibility findings. A long appendix is
    checked in a second process while it is written; a short one after, here."""
    if len(plan.actions) < CHECK_ALONG_FROM:
        document = appendix_docx(plan, summary, report)
        return document, accessibility(path, strict, document)
    from .check_along import CheckAlong

    with CheckAlong(Path(path).name, Severity.ERROR if strict else Severity.WARNING) as along:
        document = appendix_docx(plan, summary, report, along.part)
        return document, along.findings(document)


def describe(docx_path) -> tuple[str, str]:
    """The title and summary paragraph of an appendix already built (for emailing it)."""
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


def accessibility(path, strict: bool = False, data: bytes | None = None):
    """The accessibility findings for a .docx (warnings, or errors when `strict`)."""
    from .check import check

    return check(path, Severity.ERROR if strict else Severity.WARNING, data)
