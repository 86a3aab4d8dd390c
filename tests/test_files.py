"""Outputs written as a set, all or none, and what a killed process left put right."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from pipeline.files import clear_leftovers, write_set


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
