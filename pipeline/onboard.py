"""Starting and rolling trackers: a new tracker for a report type, next round's sheet added to a
copy of a tracker, and an existing Word appendix imported into a tracker. Library calls behind
`pipeline new-tracker`, `new-round` and `import`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import reports, run
from .model import Finding, Refusal, Round
from .rounds import following, parse_round, quarter, sheet_name


@dataclass(frozen=True)
class Made:
    path: Path
    notes: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()


def current_quarter(today: date) -> Round:
    fy_start = today.year if today.month >= 4 else today.year - 1
    return quarter((today.month - 4) % 12 // 3 + 1, fy_start)


def _fresh(out: Path, source: Path | None = None) -> Path:
    """The workbook to write: never an existing file, and never the officer's own."""
    out = Path(out)
    if source is not None and out.resolve() == Path(source).resolve():
        raise Refusal(out.name, f"{out.name} is the tracker itself: give --out a new file name, so the tracker "
                      "is not changed.")
    if out.exists():
        raise Refusal(out.name, f"{out.name} already exists: choose another name, or move the existing file "
                      "first, so that nothing is overwritten.")
    return out


def _round(text: str | None, default: Round, file: str) -> Round:
    if not text:
        return default
    found = parse_round(text)
    if found is None:
        raise Refusal(file, f"'{text}' is not a round the pipeline can read: write it like 'Q3 2025/26' or "
                      "'January 2026'.")
    return found


def new_tracker(report_name: str, out: Path, today: date, round_text: str | None = None,
                templates: Path | None = None) -> Made:
    from .write.tracker import write_tracker

    report = reports.find(report_name, templates)
    out = _fresh(out)
    round_ = _round(round_text, current_quarter(today), Path(out).name)
    title = report.default_title or report.name
    path = write_tracker(Path(out), report, title, [(round_, [])])
    return Made(path, (f"One sheet, '{sheet_name(round_)}', with the {report.name} headings.",))


def new_round(tracker: Path, out: Path, today: date, round_text: str | None = None,
              templates: Path | None = None) -> Made:
    from .write.rounds import add_round

    out = _fresh(out, tracker)
    checked = run.assess(run.Request(tracker=Path(tracker), today=today, templates=templates))
    if checked.tracker.layout != "sheets":
        raise Refusal(Path(tracker).name, f"{Path(tracker).name} keeps its rounds in columns, not sheets: add the "
                      "next round's columns by hand, or move to a sheet per round with 'pipeline new-tracker'.")
    latest_round = checked.plan.rounds[-1]
    latest = next(s for s in reversed(checked.tracker.sheets) if s.round == latest_round and s.header_row)
    chosen = following(checked.plan.rounds)
    round_ = _round(round_text, chosen, Path(tracker).name)
    if round_ <= latest_round:
        raise Refusal(Path(tracker).name, f"{round_.label} is not after the latest round, {latest_round.label}: "
                      "choose a later round.")
    made = add_round(Path(tracker), checked.plan, checked.report, latest, round_, Path(out))
    why = "" if round_text else f" (the round after {latest_round.label}, at the plan's own cadence)"
    noun = checked.report.plural
    notes: tuple[str, ...] = (
        f"Added the sheet '{sheet_name(round_)}'{why} with all {len(made.open) + len(made.closed)} {noun}: "
        f"{len(made.open)} open, to be updated, and {len(made.closed)} closed, carried as they are (in grey, "
        "marked as needing no update).",)
    return Made(made.path, notes)


def import_appendix(appendix: Path, report_name: str, out: Path, templates: Path | None = None) -> Made:
    from .render.parse import read_appendix
    from .write.tracker import write_tracker

    report = reports.find(report_name, templates)
    out = _fresh(out)
    imported = read_appendix(Path(appendix), report)
    rounds = sorted(imported.rows.items())
    path = write_tracker(Path(out), report, imported.title, rounds, imported.source_key, only_filled=True)
    counts = ", ".join(f"{len(rows)} in {round_.label}" for round_, rows in rounds)
    return Made(path, (f"Imported {counts}.",), imported.findings)
