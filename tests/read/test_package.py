"""The safety scan hands each sheet to the cell reader as soon as it has passed, but only when the
part the reader will open for that sheet is certain to be the part scanned."""

import zipfile

import pytest

from pipeline.read.package import open_package
from tests.badfiles import HEAD, _rewrite
from tests.builders import workbook

SHEETS = {"June 2025": [HEAD, ["1", "Do it", "Ongoing."]], "October 2025": [HEAD, ["1", "Do it", "Done."]]}


def relinked(tmp_path, old: bytes, new: bytes, extra: dict | None = None):
    """The two-sheet tracker with one sheet's relationship target rewritten."""
    source = workbook(tmp_path / "plain.xlsx", SHEETS)
    with zipfile.ZipFile(source) as archive:
        rels = archive.read("xl/_rels/workbook.xml.rels")
    assert old in rels
    return _rewrite(source, tmp_path / "tracker.xlsx", {"xl/_rels/workbook.xml.rels": rels.replace(old, new),
                                                         **(extra or {})})


def scanned_early(path):
    calls = []
    open_package(path, calls.append)
    return calls


def test_each_sheet_is_handed_on_once_it_has_passed(tmp_path):
    assert scanned_early(workbook(tmp_path / "t.xlsx", SHEETS)) == ["June 2025", "October 2025"]


@pytest.mark.parametrize("old, new, extra", [
    # a name that matches another sheet's part but for case
    (b'Target="/xl/worksheets/sheet1.xml"', b'Target="Worksheets/Sheet2.xml"', None),
    # a sheet whose part is another kind of part, which is then not scanned as one
    (b'Target="/xl/worksheets/sheet2.xml"', b'Target="sharedStrings.xml"',
     {"xl/sharedStrings.xml": b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'}),
    # a path that climbs out of its folder
    (b'Target="/xl/worksheets/sheet2.xml"', b'Target="worksheets/../worksheets/sheet2.xml"', None),
    # two sheets on one part
    (b'Target="/xl/worksheets/sheet2.xml"', b'Target="/xl/worksheets/sheet1.xml"', None),
])
def test_nothing_is_handed_on_early_when_a_reader_might_open_another_part(tmp_path, old, new, extra):
    assert scanned_early(relinked(tmp_path, old, new, extra)) == []
