"""The demo trackers in input/ are the ones the builders make from the two seeds."""

from pathlib import Path

import pytest
import python_calamine

from tests import builders

INPUT = Path(__file__).parent.parent / "input"


def cells(path: Path) -> dict:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


@pytest.mark.parametrize("name", sorted(builders.DEMOS))
def test_demo_tracker_is_up_to_date(tmp_path, name):
    fresh = builders.DEMOS[name](tmp_path / name)
    assert cells(INPUT / name) == cells(fresh)
