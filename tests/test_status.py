import pytest

from pipeline import reports
from pipeline.status import read_status, status_from_update

WORKPLAN = reports.find("workplan")
IMPROVEMENT = reports.find("improvement-plan")


@pytest.mark.parametrize("typed, code, lookalike", [
    ("C", "C", False), ("g", "G", False), (" A ", "A", False), ("Complete", "C", False),
    ("On track", "G", False), ("on-track", "G", False), ("Green", "G", False), ("Amber", "A", False),
    ("RED", "R", False), ("Completed", "C", False), ("Undeliverable", "U", False),
    ("\u0421", "C", True),  # Cyrillic Es
    ("\u0410", "A", True),  # Cyrillic A
    ("\u0391", "A", True),  # Greek Alpha
])
def test_rag_statuses_are_read_in_any_case_and_alphabet(typed, code, lookalike):
    reading = read_status(typed, WORKPLAN)
    assert (reading.state.code, reading.lookalike) == (code, lookalike)


@pytest.mark.parametrize("typed, suggestion", [("t to community G", None), ("Ongong", None), ("Complet", "C")])
def test_values_outside_the_scheme_are_not_read(typed, suggestion):
    reading = read_status(typed, WORKPLAN)
    assert reading.state is None
    assert (reading.suggestion.code if reading.suggestion else None) == suggestion


@pytest.mark.parametrize("update, code", [
    ("Complete. Report formats were revised in April.", "COMPLETE"),
    ("<p>Complete and ongoing.</p><p>Revised People Strategy ...</p>", "COMPLETE"),
    ("Completed in June 2025.", "COMPLETE"),
    ("Complete and embedded.", "COMPLETE"),
    ("Ongoing. Draft Terms of Reference developed.", "ONGOING"),
    ("Ongoing and reprofiled. It has been important ...", "ONGOING"),
    ("In progress.", "ONGOING"),
    ("In delivery. The first training session ...", "ONGOING"),
    ("Overdue.", "OVERDUE"),
    ("Action cancelled and replaced with the Council's continuous ...", "CANCELLED"),
    ("See above.", None),
    ("In November 2025, the Council had a Corporate Peer Challenge ...", None),
    ("Work on this is ongoing on this.", None),
    ("", None),
])
def test_status_from_the_opening_words_of_an_update(update, code):
    from pipeline.text import Text

    state = status_from_update(Text(update).plain, IMPROVEMENT)
    assert (state.code if state else None) == code
