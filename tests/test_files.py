"""Outputs written as a set, all or none, and what a killed process left put right."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from pipeline.files import clear_leftovers, safe_name, write_set


def test_a_set_that_cannot_all_be_written_leaves_the_earlier_set_as_it_was(tmp_path: Path) -> None:
    appendix, paragraph = tmp_path / "a.docx", tmp_path / "a.txt"
    write_set({appendix: b"old appendix", paragraph: b"old paragraph"})
    (tmp_path / "a.pdf").mkdir()  # something in the way of the third file
    with pytest.raises(OSError):
        write_set({appendix: b"new appendix", paragraph: b"new paragraph", tmp_path / "a.pdf": b"new pdf"})
    assert (appendix.read_bytes(), paragraph.read_bytes()) == (b"old appendix", b"old paragraph")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "a.pdf", "a.txt"]


def test_leftovers_of_a_killed_write_are_put_right_and_a_live_one_left_alone(tmp_path: Path) -> None:
    old = time.time() - 3600
    half = tmp_path / ".a.docx.x1y2z3q4.part"
    set_aside = tmp_path / ".b.docx.0a1b2c3d.kept.part"  # b.docx, set aside when the process was killed
    replaced = tmp_path / ".c.docx.0a1b2c3d.kept.part"  # c.docx, whose replacement went in
    live = tmp_path / ".d.docx.q1w2e3r4.part"  # being written now by another process
    for path in (half, set_aside, replaced, live):
        path.write_bytes(path.name.encode())
    (tmp_path / "c.docx").write_bytes(b"new c")
    for path in (half, set_aside, replaced):
        os.utime(path, (old, old))
    assert sorted(p.name for p in clear_leftovers(tmp_path)) == sorted(p.name for p in (half, set_aside, replaced))
    assert sorted(p.name for p in tmp_path.iterdir()) == [".d.docx.q1w2e3r4.part", "b.docx", "c.docx"]
    assert (tmp_path / "b.docx").read_bytes() == set_aside.name.encode()
    assert (tmp_path / "c.docx").read_bytes() == b"new c"


def held_open(monkeypatch: pytest.MonkeyPatch, name: str, times: int) -> list[str]:
    """Windows' answer for a file open in Excel or Word: PermissionError on moving or replacing
    `name`, the first `times` tries. Returns the tries made."""
    from pipeline import files

    real, tries = os.replace, []

    def replace(source: os.PathLike[str], target: os.PathLike[str]) -> None:
        if name in (Path(source).name, Path(target).name):
            tries.append(name)
            if len(tries) <= times:
                refused = PermissionError(13, "The process cannot access the file because it is being used")
                refused.winerror = 32  # as Windows says it: ERROR_SHARING_VIOLATION
                raise refused
        real(source, target)

    monkeypatch.setattr(files.os, "replace", replace)
    monkeypatch.setattr(files, "HELD_FOR", 1.0)
    return tries


def test_an_appendix_open_in_word_for_a_moment_is_waited_for(tracker, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from tests import runs

    first = runs.built(tracker("workplan_sheets"), tmp_path / "out").appendix
    tries = held_open(monkeypatch, first.name, times=2)
    again = runs.built(tracker("workplan_sheets"), tmp_path / "out")
    assert again.appendix == first and len(tries) > 2


def test_an_appendix_left_open_in_word_is_named_and_nothing_changes(tracker, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline import run
    from tests import runs

    first = runs.built(tracker("workplan_sheets"), tmp_path / "out")
    before = {p: p.read_bytes() for p in first.outputs}
    held_open(monkeypatch, first.appendix.name, times=1000)
    outcome = runs.build(tracker("workplan_sheets"), tmp_path / "out", force=True)
    assert isinstance(outcome, run.Failed) and run.exit_code(outcome) == 3
    assert outcome.message == (f"The appendix for workplan_sheets.xlsx was not written: {first.appendix.name} is "
                               "open in another program (Excel or Word, perhaps), so it could not be moved or "
                               "replaced: close it there and try again.")
    assert {p: p.read_bytes() for p in first.outputs} == before
    assert runs.written(tmp_path / "out") == sorted(p.name for p in first.outputs)


def test_a_workbook_open_in_excel_is_waited_for_and_never_half_moved(tracker, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.deliver import drop
    from pipeline.deliver.runlog import RunLog
    from tests.runs import TODAY

    folder = tmp_path / "drop"
    folder.mkdir()
    workbook = folder / "tracker.xlsx"
    workbook.write_bytes(tracker("workplan_sheets").read_bytes())
    held_open(monkeypatch, "tracker.xlsx", times=1000)
    result = drop.handle(workbook, tmp_path / "out", TODAY, RunLog(tmp_path / "out"))
    assert result.status == "waiting" and "tracker.xlsx is open in another program" in result.reason
    assert workbook.is_file() and [p for p in folder.rglob("*") if p.is_file() and ".owners" not in p.parts] == [workbook]
    assert RunLog(tmp_path / "out").history() == []


@pytest.mark.parametrize("text, name", [
    ("Q2 2024/25", "Q2 2024-25"),
    ("Executive 3 December 2026: Council Plan workplan", "Executive 3 December 2026 - Council Plan workplan"),
    ('Plan <draft> "v2"?', "Plan -draft- -v2-"),
    ("  . ", "appendix"),
])
def test_a_name_is_safe_on_windows_and_reads_as_written(text: str, name: str) -> None:
    assert safe_name(text) == name
