"""Reading an existing Word appendix back into tracker rows: the way a council moves a plan that
lives in last quarter's appendix into a tracker. Handles our own appendices and ones like the
published seeds: a table per priority or one table, recommendation cells merged or referred to,
header rows repeated across pages, a status or update column per round, key tables skipped."""

from __future__ import annotations

import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table, _Row
from lxml.etree import _Element

from .. import findings as kinds
from ..model import Finding, Refusal, Round, SheetRow
from ..read.headings import classify
from ..reports import ReportType, heading_key
from ..text import plan_title
from .appendix import ABSENT
from .wordml import NOT_STATED

KEY_HEADINGS = {"status", "meaning", "source", "code", "key"}
SEE_ABOVE = re.compile(r"^see recommendation (\S+) above\.?$", re.IGNORECASE)


@dataclass(frozen=True)
class Imported:
    title: str
    rows: dict[Round, list[SheetRow]]
    findings: tuple[Finding, ...]
    source_key: tuple[tuple[str, str], ...] = ()


def read_appendix(path: Path, report: ReportType) -> Imported:
    path = Path(path)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise Refusal(path.name, f"{path.name} is not a Word document that can be imported: give the "
                      ".docx file of the appendix.") from None
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    title = plan_title(document.core_properties.title or (headings[0] if headings else "")) or report.default_title
    rows: dict[Round, list[SheetRow]] = defaultdict(list)
    findings: list[Finding] = []
    rec: dict[str, str] = {}
    sources: list[tuple[str, str]] = []
    for number, table in enumerate(document.tables, start=1):
        _table(path, number, table, report, rows, rec, findings, sources)
    if not rows:
        raise Refusal(path.name, f"{path.name} has no table of actions the {report.name} report recognises: "
                      "check --report, or that the appendix's tables have their header rows.")
    return Imported(title, dict(rows), tuple(findings), tuple(sources))


def _cells(row: _Row) -> list[_Element]:
    """A row's own cells, each repeated over the grid columns it spans (not a nested table's)."""
    cells: list[_Element] = []
    for tc in row._tr.iterchildren(qn("w:tc")):
        span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
        cells.extend([tc] * (int(span.get(qn("w:val"), "1")) if span is not None else 1))
    return cells


def _continues_merge(tc: _Element) -> bool:
    """A cell that continues a vertical merge from the row above (its text is the top cell's)."""
    merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    return merge is not None and merge.get(qn("w:val"), "continue") != "restart"


def _text(tc: _Element) -> str:
    return " ".join("".join(t.text or "" for t in p.iter(qn("w:t"))).strip() for p in tc.iter(qn("w:p"))).strip()


def _table(path: Path, number: int, table: Table, report: ReportType, rows: dict[Round, list[SheetRow]],
           rec: dict[str, str], findings: list[Finding], sources: list[tuple[str, str]]) -> None:
    trs = table.rows
    if not trs or _caption(table) in _not_the_plan(report):
        return  # at a glance and the lists of what changed: the plan's figures, not its actions
    header = [_text(tc) for tc in _cells(trs[0])]
    if {heading_key(h) for h in header if h} <= KEY_HEADINGS:
        if heading_key(header[0]) == "source":  # the source key goes back under the tracker's table
            for tr in trs[1:]:
                code, meaning, *_ = [_text(tc) for tc in _cells(tr)] + ["", ""]
                sources.append((code, meaning))
        return  # the status key
    columns, group = _columns(header, report)
    if not columns:
        findings.append(kinds.TABLE_NOT_READ.at(path.name, f"Table {number} was not read: its header row "
                                f"names no column the {report.name} report knows.", None, f"table {number}"))
        return
    above: dict[int, str] = {}  # the text of each column's last cell, for vertically merged cells
    for r, tr in enumerate(trs[1:], start=2):
        tcs = _cells(tr)
        texts = [above.get(i, "") if _continues_merge(tc) else _plain(tc) for i, tc in enumerate(tcs)]
        above = dict(enumerate(texts))
        if [" ".join(t.split()) for t in texts] == header:
            continue  # the header row repeated at a page break
        one_cell = len(set(map(id, tcs))) == 1 and len(header) > 1
        if texts and texts[0] and (one_cell or not any(texts[1:])):
            group = " ".join(texts[0].split())  # a heading row naming the priority of the rows below
            continue
        _row(path, f"table {number}, row {r}", tcs, texts, columns, group, report, rows, rec, findings)


def _caption(table: Table) -> str:
    properties = table._tbl.tblPr
    found = properties.find(qn("w:tblCaption")) if properties is not None else None
    return str(found.get(qn("w:val"), "")) if found is not None else ""


def _not_the_plan(report: ReportType) -> set[str]:
    return {"At a glance", *(s.title for s in report.since.lists)}


def _columns(header: list[str], report: ReportType) -> tuple[dict[int, tuple[str, Round | None]], str]:
    columns: dict[int, tuple[str, Round | None]] = {}
    group = ""
    for index, text in enumerate(header):
        found = classify(text, report) if text else None
        if found:
            columns[index] = found
    action = report.action
    if columns and action.key not in {k for k, _ in columns.values()} and header and 0 not in columns:
        columns[0] = (action.key, None)  # a table per priority: its title heads the actions' column
        group = header[0]
    return columns, group


def _row(path: Path, where: str, tcs: list[_Element], texts: list[str],
         columns: dict[int, tuple[str, Round | None]], group: str, report: ReportType,
         rows: dict[Round, list[SheetRow]], rec: dict[str, str], findings: list[Finding]) -> None:
    shared: dict[str, str] = {}
    per_round: dict[Round, dict[str, str]] = defaultdict(dict)
    absent: set[Round] = set()
    for index, (key, round_) in columns.items():
        if index >= len(tcs):
            continue
        if round_ is None:
            shared[key] = texts[index]
        elif texts[index] == ABSENT:
            absent.add(round_)
        else:
            per_round[round_].update(_round_cell(tcs[index], key, report))
    _recommendation(shared, rec, report)
    action = report.action
    if not shared.get(action.key):
        findings.append(kinds.ROW_NOT_READ.at(path.name, "This row has no action text, so it was not "
                                "imported: add it to the tracker by hand if it is an action.", None, where))
        return
    group_column = report.by_role("group")
    if group and group_column:
        shared.setdefault(group_column.key, group)
    # Blank cells before an action's first update mean it did not exist in those rounds (a new
    # action's earlier columns left empty); blank cells after it, that nothing was said.
    rounds = sorted(per_round.items())
    begun = not any(any(values.values()) for _, values in rounds)  # nothing said at all: in every round
    for round_, values in rounds:
        begun = begun or any(values.values())
        if begun and round_ not in absent:
            rows[round_].append(SheetRow(tuple({**shared, **values}.items())))


def _plain(tc: _Element) -> str:
    """A cell's text as a tracker holds it: a line per paragraph, bullets marked."""
    lines = []
    for p in tc.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()
        if text:
            lines.append(("\u2022 " if _is_bullet(p) else "") + text)
    text = "\n".join(lines)
    return "" if text == NOT_STATED else text


def _is_bullet(p: _Element) -> bool:
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        return False
    style = ppr.find(qn("w:pStyle"))
    return ppr.find(qn("w:numPr")) is not None or (style is not None and "bullet" in style.get(qn("w:val"), "").lower())


def _round_cell(tc: _Element, key: str, report: ReportType) -> dict[str, str]:
    """A round's cell: a status alone, or an update led by its status line (as this pipeline writes)."""
    column = report.column(key)
    text = _plain(tc)
    if column is None or column.role != "update":
        return {key: text}
    lines = text.split("\n") if text else []
    labels = {s.label for s in report.states}
    status = report.by_role("status")
    if lines and lines[0] in labels and status:
        return {status.key: lines[0], key: "\n".join(lines[1:])}
    return {key: text}


def _recommendation(shared: dict[str, str], rec: dict[str, str], report: ReportType) -> None:
    """Later actions of a recommendation: their Ref reads '5.2' and their recommendation refers to
    '5' above (or the cells are merged, and empty): they belong to the recommendation before."""
    ref = report.by_role("ref")
    if not ref or report.identity != "ref":
        return
    own = shared.get(ref.key, "")
    current = rec.get(ref.key, "")
    continues = not own or own == current or (current and re.fullmatch(re.escape(current) + r"\.\d+", own))
    level = [c.key for c in report.columns if c.rec_level]
    if continues and current:
        for key in level:
            if key == ref.key or not shared.get(key) or SEE_ABOVE.match(shared.get(key, "")):
                shared.pop(key, None)  # inherited from the recommendation's first row
        return
    rec.clear()
    rec.update({k: shared.get(k, "") for k in level})


def describe(path: Path) -> tuple[str, str]:
    """The title and summary paragraph of an appendix already built (for emailing it)."""
    path = Path(path)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, ValueError, KeyError, OSError):
        raise Refusal(path.name, f"{path.name} is not a Word document: give the .docx appendix that "
                      "'pipeline build' wrote.") from None
    paragraphs = [p.text for p in document.paragraphs if p.text.strip() and p.text.strip() != "{{appendix}}"]
    title = document.core_properties.title or (paragraphs[0] if paragraphs else path.stem)
    beside = path.with_suffix(".txt")
    paragraph = beside.read_text(encoding="utf-8").strip() if beside.exists() else (
        paragraphs[1] if len(paragraphs) > 1 else "")
    return title, paragraph
