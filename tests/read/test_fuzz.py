"""Random and mutated workbooks: the only outcomes are a model with findings, or a clean refusal."""

import tempfile
from datetime import date, datetime
from pathlib import Path

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import run
from tests import badfiles, runs
from tests.builders import workbook

TODAY = date(2026, 11, 22)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SEED = Path(tempfile.mkdtemp()) / "seed.xlsx"
badfiles.good(SEED)
SEED_BYTES = SEED.read_bytes()

HEADINGS = ["Rec.", "Ref", "Action", "Initiative", "Owner(s)", "Priority", "Update", "Status", "RAG status",
            "Target date", "Q1 2024/25 position", "Q2 2024/25 position", "June 2025 update", "Recommendation"]
SHEET_NAMES = ["Q1 2024-25", "Q2 2024-25", "June 2025", "October 2025", "Key", "Sheet1", "Q3", "Sept update"]
cell_values = st.one_of(
    st.none(),
    st.sampled_from(["C", "G", "A", "R", "U", "\u0421", "Complete.", "Ongoing. Text", "See above.", "<p>x</p><ul><li>y",
                     "March 2026", "31/03/2026", "Key:", "=SUM(A1:A2)", "n/a", "_x000B_", "• bullet"]),
    st.text(max_size=40),
    st.integers(-10, 10_000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2100, 1, 1)),
    st.sampled_from(HEADINGS),
)
rows = st.lists(st.lists(cell_values, max_size=8), max_size=12)
sheets = st.dictionaries(st.sampled_from(SHEET_NAMES), st.tuples(st.lists(st.sampled_from(HEADINGS), min_size=1, max_size=8), rows),
                         min_size=1, max_size=4)


def assert_clean(outcome, name):
    if isinstance(outcome, run.Refused):
        assert name in outcome.message and outcome.message.endswith(".")
        assert "\n" not in outcome.message
        return
    for finding in outcome.findings:
        assert finding.message and finding.code


@FUZZ
@given(sheets)
def test_random_workbooks_give_findings_or_a_refusal(content):
    with tempfile.TemporaryDirectory() as folder:
        safe = {name: [head, *[[_printable(v) for v in row] for row in body]] for name, (head, body) in content.items()}
        path = workbook(Path(folder) / "random.xlsx", safe)
        outcome = runs.build(path, Path(folder) / "out", TODAY, force=True)
        assert_clean(outcome, "random.xlsx")
        if isinstance(outcome, run.Built):
            document = docx.Document(outcome.outputs[0])
            assert document.paragraphs[0].text


def _printable(value):
    if isinstance(value, str):
        return "".join(ch for ch in value if ch >= " " or ch in "\n\t")  # openpyxl refuses control characters
    return value


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(SEED_BYTES) - 1), st.integers(0, 255)), max_size=20),
       st.one_of(st.none(), st.integers(0, len(SEED_BYTES))))
def test_mutated_workbooks_give_findings_or_a_refusal(flips, cut):
    data = bytearray(SEED_BYTES)
    for position, byte in flips:
        data[position] = byte
    if cut is not None:
        data = data[:cut]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutated.xlsx"
        path.write_bytes(bytes(data))
        outcome = runs.build(path, Path(folder) / "out", TODAY, force=True)
        assert_clean(outcome, "mutated.xlsx")
