"""Every appendix the pipeline writes is accessible by construction: the full check (the reference
that `pipeline check` runs) finds nothing in appendices made from random plans of every built-in
report type, whatever their text, statuses and gaps."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import reports
from pipeline.model import Action, Plan, Position, StatusSource, Summary
from pipeline.render import audit, compose
from pipeline.rounds import quarter
from pipeline.text import Text

TYPES = reports.load_all()
ROUNDS = tuple(quarter(n, 2024) for n in (1, 2, 3, 4))

words = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs", "S")), max_size=40)
cell_text = st.one_of(
    st.just(""), st.just("   "), words,
    st.builds(lambda a, b: f"{a}\n\u2022 {b}\n- {a}", words, words),
    st.builds(lambda a, b: f"<p>{a}</p><ul><li>{b}</li><li>&amp; {a}</li></ul>", words, words),
)


@st.composite
def positions(draw: st.DrawFn, report: reports.ReportType, rounds: int) -> tuple[Position | None, ...]:
    codes = [s.code for s in report.states] + [None]
    made: list[Position | None] = []
    for round_ in ROUNDS[:rounds]:
        if draw(st.booleans()) and made:
            made.append(None)  # not in this round
            continue
        code = draw(st.sampled_from(codes))
        state = report.state(code)
        shown = state.label if state else draw(st.sampled_from(["", "t to community G", "??"]))
        made.append(Position(round_, code, shown, StatusSource.COLUMN, Text(draw(cell_text)), Text(draw(cell_text)),
                             None, draw(st.booleans()), "Sheet", 2))
    if all(p is None for p in made):
        made[-1] = Position(ROUNDS[rounds - 1], None, "", StatusSource.DEFAULT, Text(""), Text(""), None, False,
                            "Sheet", 2)
    return tuple(made)


@st.composite
def plans(draw: st.DrawFn) -> tuple[Plan, Summary, reports.ReportType]:
    report = draw(st.sampled_from(TYPES))
    rounds = draw(st.integers(1, 4))
    actions = []
    for n in range(draw(st.integers(1, 6))):
        rec = draw(st.sampled_from(["", "1", "2", "2"]))
        fields = tuple((c.key, Text(draw(cell_text))) for c in report.columns if not c.per_round)
        actions.append(Action(f"a{n}", rec, rec, draw(st.sampled_from(["", "We will grow", "Homes & <places>"])),
                              bool(rec), fields, draw(positions(report, rounds))))
    latest = ROUNDS[rounds - 1]
    actions = [a for a in actions if a.positions[rounds - 1]] or actions[:1]
    plan = Plan("t.xlsx", draw(words) or "Plan", report.name, ROUNDS[:rounds], tuple(actions),
                tuple(draw(st.lists(st.tuples(words, words), max_size=2))))
    summary = Summary(plan.title, latest, ROUNDS[rounds - 2] if rounds > 1 else None, len(actions), 0, 0, 0, 0, 0, 0,
                      (), (), draw(words) or "Paragraph.")
    return plan, summary, report


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_every_appendix_built_passes_the_full_accessibility_check(made: tuple[Plan, Summary, reports.ReportType]):
    plan, summary, report = made
    document = compose(plan, summary, report).docx()
    assert audit(report.word_template, data=document) == ()


def test_the_check_would_see_a_fault_were_the_writer_to_make_one():
    """The property above is not vacuous: the same check finds an empty cell when one is written."""
    plan, summary, report = _one_plan()
    xml = compose(plan, summary, report)
    broken = xml.document_xml.replace(b"<w:t>Not stated</w:t>", b"", 1)
    assert broken != xml.document_xml
    found = audit(report.word_template, data=xml.template.docx(broken))
    assert [f.code for f in found] == ["empty-cell"]


def _one_plan() -> tuple[Plan, Summary, reports.ReportType]:
    report = next(r for r in TYPES if r.name == "workplan")
    position = Position(ROUNDS[0], None, "", StatusSource.DEFAULT, Text(""), Text(""), None, False, "Sheet", 2)
    action = Action("a", "", "", "We will grow", False, (("initiative", Text("Open two hubs")),), (position,))
    plan = Plan("t.xlsx", "Plan", report.name, ROUNDS[:1], (action,))
    return plan, Summary("Plan", ROUNDS[0], None, 1, 0, 0, 0, 0, 0, 0, (), (), "Paragraph."), report

