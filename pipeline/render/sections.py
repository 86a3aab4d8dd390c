"""The parts of the appendix before its full table: the plan's introduction, the notes after the
summary paragraph, "at a glance" (the chart and the same figures as a table) and the lists of
what changed since last reported. All of it is the Summary's data, written out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .. import wording
from ..model import Item, Listing, Summary, Tally
from ..progress import NO_STATUS, UNREADABLE
from ..reports import ReportType
from ..text import Text
from . import chart
from . import wordml as w

HEADER_FILL = "D9E2F3"
NONE_THIS_ROUND = "None this round."
NO_COMMENTARY = "No commentary this round."
CHART_RELATIONSHIP = "rIdAtAGlanceChart"
CHART_PART = "media/at-a-glance.png"
CHART_WIDTH_CM = 16.0
OTHER_FILLS = {NO_STATUS: ("EDEDED", "000000"), UNREADABLE: ("FBE5D6", "000000")}  # parts of a bar that are no state
UNKNOWN_FILL = ("F2F2F2", "000000")


@dataclass(frozen=True)
class Picture:
    """The chart, to be packaged with the document as word/media/at-a-glance.png."""

    part: str
    data: bytes
    width: int
    height: int


def header_row(names: list[str], widths: list[int]) -> str:
    return w.row([w.cell(w.para(n, "TableHeading"), width, HEADER_FILL) for n, width in zip(names, widths)],
                 header=True)


def paragraphs(text: Text) -> list[str]:
    """Text as paragraphs and bullets of the body (not of a table)."""
    return [w.para(p.text, "Normal", bullet=p.bullet) for p in text.paras]


def introduction(text: Text) -> list[str]:
    return paragraphs(text)


def notes(report: ReportType, summary: Summary) -> list[str]:
    """The report type's notes after the summary paragraph (note.txt), if it has any."""
    if report.note_template is None:
        return []
    written = wording.render(report.note_template, {"status_from_updates": summary.status_from_updates,
                                                    "round": summary.round, "plan": summary.plan}, keep_lines=True)
    return paragraphs(Text(written))


def _names(report: ReportType, tally: Tally) -> list[tuple[str, str, str, str]]:
    """(name on the chart, label, fill, ink) of each part of a round's figures."""
    states = {s.label: s for s in report.states}
    named = []
    for label, _ in tally.counts:
        state = states.get(label)
        if state:
            named.append((state.code if report.show_codes else label, label, state.fill, state.ink))
        else:
            fill, ink = OTHER_FILLS.get(label, UNKNOWN_FILL)
            named.append((label, label, fill, ink))
    return named


def picture(report: ReportType, summary: Summary) -> Picture:
    glance = summary.glance
    bars = [chart.Bar(f"{t.round.label} ({t.total})",
                      tuple(chart.Part(name, n, fill, ink) for (name, _, fill, ink), (_, n) in
                            zip(_names(report, t), t.counts))) for t in glance]
    seen: dict[str, chart.Key] = {}
    for tally in glance:
        for (name, label, fill, _), (_, n) in zip(_names(report, tally), tally.counts):
            if n and label not in seen:
                seen[label] = chart.Key(fill, f"{name} {label}" if name != label else label)
    data, width, height = chart.png(bars, [k for label, k in seen.items()])
    return Picture(CHART_PART, data, width, height)


def alt_text(report: ReportType, summary: Summary) -> str:
    rounds = "; ".join(f"{t.round.label}: " + ", ".join(f"{n} {label}" for label, n in t.counts if n)
                       for t in summary.glance)
    return (f"Bar chart of the {report.plural} in each state, round by round: {rounds}. "
            "The table after the chart gives the same figures.")


def glance(report: ReportType, summary: Summary, pic: Picture) -> Iterator[str]:
    """The chart, then the same figures as a table: a row per state, a column per round."""
    yield w.heading("At a glance", 2)
    yield w.image(CHART_RELATIONSHIP, "At a glance chart", alt_text(report, summary), CHART_WIDTH_CM,
                  pic.height / pic.width)
    tallies = summary.glance
    labels = list(dict.fromkeys(label for t in tallies for label, _ in t.counts))
    names = ["Status", *(t.round.label for t in tallies)]
    widths = w.widths([3.0] + [1.4] * len(tallies), total=min(w.PAGE_WIDTH_TWIPS, 2800 + 1400 * len(tallies)))
    rows = [header_row(names, widths)]
    for label in [*labels, "Total"]:
        figures = [str(t.total) if label == "Total" else str(dict(t.counts).get(label, 0)) for t in tallies]
        rows.append(w.row([w.cell(w.para(label, bold=label == "Total"), widths[0]),
                           *(w.cell(w.para(f, centre=True), width) for f, width in zip(figures, widths[1:]))]))
    yield w.table(rows, widths, "At a glance", f"How many {report.plural} stood in each state in each round, "
                  "the figures of the chart above.")


@dataclass(frozen=True)
class Shown:
    """Which of the lists' columns say anything (a plan with no Refs or no leads has no column for them)."""

    ref: bool
    lead: bool
    commentary: bool


def since(report: ReportType, summary: Summary) -> Iterator[str]:
    """The lists of what changed since last reported, each said to be empty when it is."""
    if not summary.listings:
        return
    items = [i for listing in summary.listings for i in listing.items]
    shown = Shown(any(i.ref for i in items), report.lead is not None and any(i.lead for i in items),
                  report.by_role("update") is not None)
    yield w.heading(report.since.heading + (f" ({summary.previous_round.label})" if summary.previous_round else ""), 2)
    for listing in summary.listings:
        yield from listed(report, listing, 3, shown)


def listed(report: ReportType, listing: Listing, level: int, shown: Shown) -> Iterator[str]:
    yield w.heading(f"{listing.title} ({len(listing.items)})", level)
    if not listing.items:
        yield w.body_para(NONE_THIS_ROUND)
        return
    change = listing.kind in ("completed", "reprofiled", "worse", "attention")
    columns = [("Ref", 1.1, shown.ref), (report.action.heading, 5.0, True),
               (report.lead.heading if report.lead else "Lead", 2.2, shown.lead), ("What changed", 2.6, change),
               ("Latest commentary", 6.0, shown.commentary)]
    names = [name for name, _, wanted in columns if wanted]
    widths = w.widths([width for _, width, wanted in columns if wanted])
    rows = [header_row(names, widths)] + [_item_row(item, widths, [c[2] for c in columns]) for item in listing.items]
    yield w.table(rows, widths, listing.title, f"One row per {report.noun}: {', '.join(names)}.")
    yield w.spacer()


def _item_row(item: Item, widths: list[int], wanted: list[bool]) -> str:
    texts = [item.ref, item.action, item.lead, item.detail or item.status]
    cells = [w.para(t or w.NOT_STATED) for t, keep in zip(texts, wanted) if keep]
    if wanted[-1]:
        cells.append(w.text_paras(item.commentary) or w.para(NO_COMMENTARY))
    return w.row([w.cell(content, width) for content, width in zip(cells, widths)], keep=False)
