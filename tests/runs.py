"""The library calls as tests make them: a tracker, the date, and any option by name."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pipeline import run

TODAY = date(2026, 11, 22)


def request(path: Path, today: date = TODAY, **options: Any) -> run.Request:
    return run.Request(tracker=Path(path), today=today, **options)


def build(path: Path, out: Path, today: date = TODAY, *, pdf: bool = False, strict: bool = False,
          **options: Any) -> run.Built | run.Blocked | run.Refused:
    return run.build(request(path, today, **options), out, pdf=pdf, strict=strict)


def built(path: Path, out: Path, today: date = TODAY, **options: Any) -> run.Built:
    """The outcome of a build that must succeed."""
    outcome = build(path, out, today, **options)
    assert isinstance(outcome, run.Built), outcome
    return outcome


def summary_of(path: Path, today: date = TODAY, **options: Any) -> run.Summarised | run.Blocked | run.Refused:
    return run.summary_of(request(path, today, **options))


def findings_of(path: Path, today: date = TODAY, checked_copy_to: Path | None = None,
                **options: Any) -> run.Validated | run.Refused:
    return run.validate_tracker(request(path, today, **options), checked_copy_to)


def assess(path: Path, today: date = TODAY, **options: Any) -> run.Assessment:
    return run.assess(request(path, today, **options))


def written(out: Path) -> list[str]:
    """The names of the files a build wrote into `out`, leaving out the run log and the locks."""
    if not Path(out).is_dir():
        return []
    return sorted(p.name for p in Path(out).iterdir() if p.is_file() and p.name != "pipeline-runs.sqlite"
                  and not p.name.startswith("."))


# The appendix's tables that are not the plan's own: at a glance, the lists, the keys.
OTHER_TABLES = {"At a glance", "Key", "Status key", "Source key", "Completed since last reported",
                "New since last reported", "Reprofiled: target date moved", "Worse than last reported",
                "Needing attention"}


def caption(table: Any) -> str:
    from docx.oxml.ns import qn

    found = table._tbl.tblPr.find(qn("w:tblCaption"))
    return found.get(qn("w:val")) if found is not None else ""


def plan_tables(document: Any) -> list[Any]:
    """The tables of the plan's actions in an appendix read with python-docx (then the closed-earlier
    table, if any), without at a glance, the lists of what changed, or the keys."""
    return [t for t in document.tables if caption(t) not in OTHER_TABLES]


def captioned(document: Any, name: str) -> Any:
    """The appendix's table with the caption `name`."""
    return next(t for t in document.tables if caption(t) == name)
