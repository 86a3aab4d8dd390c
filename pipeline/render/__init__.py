"""render: a merged Plan and its Summary to the Word appendix (.docx bytes).

The house style lives in the Word template named by the report type; this code only puts
content into it. The appendix is accessible by construction: every table has a header row that
repeats, a caption and a description, no merged and no empty cells, and statuses in text as well
as colour (whose contrast is checked when the report type is loaded). What a council's own
template could spoil (its styles, language, images) is checked once, when it is first used.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..model import Finding, Plan, Severity, Summary
from ..reports import ReportType
from . import appendix, sections
from .accessibility import audit
from .document import Opened, Properties, TemplateError, open_template

__all__ = ["Appendix", "compose", "template_findings", "audit", "TemplateError"]


@dataclass(frozen=True)
class Appendix:
    """The appendix's document.xml (built up in place, and not changed once made), and the template
    it is to be packaged in."""

    template: Opened
    document_xml: bytearray
    picture: sections.Picture | None = None  # the at-a-glance chart, packaged with it

    def docx(self) -> bytes:
        media = ((self.picture.part, sections.CHART_RELATIONSHIP, self.picture.data),) if self.picture else ()
        return self.template.docx(self.document_xml, media)


def compose(plan: Plan, summary: Summary, report: ReportType, exceptions: bool = False) -> Appendix:
    """The appendix for `summary`'s round, as XML in its template, not yet packaged; with
    `exceptions`, the exception appendix (at a glance, what changed, the actions needing attention)."""
    index = plan.rounds.index(summary.round)
    properties = Properties(
        title=appendix.title(plan, report, summary.round),
        subject=plan.title,
        keywords=f"{report.name}; {summary.round.label}",
        language="en-GB",
        dated=summary.round.end,
        source=plan.file,
    )
    template = open_template(report.word_template, properties)
    picture = sections.picture(report, summary) if summary.glance else None
    xml = template.document_xml(appendix.body(plan, summary, report, index, picture, exceptions))
    return Appendix(template, xml, picture)


def template_findings(report: ReportType, severity: Severity = Severity.WARNING) -> tuple[Finding, ...]:
    """What the report type's Word template would spoil in an appendix (no language, headings
    that are not headings, an image without alt text), found by checking a small appendix made
    in it. Checked once per template file as it stands."""
    template = Path(report.word_template)
    try:
        stat = template.stat()
    except OSError:
        stat = None
    found = _template_findings(report, template, (stat.st_size, stat.st_mtime_ns) if stat else None)
    return tuple(Finding(severity, f.code, f"The Word template {template.name}: {f.message}", template.name, None,
                         f.cell) for f in found)


@lru_cache(maxsize=16)
def _template_findings(report: ReportType, template: Path, _version: tuple[int, int] | None) -> tuple[Finding, ...]:
    sample = compose(*appendix.sample(report))
    return audit(template, data=sample.docx())
