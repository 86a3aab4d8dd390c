"""The workbook as a file: is it a workbook at all, is it safe to open, and what its sheets'
XML says that a cell reader does not (formulas with no saved value, hidden rows, the colours
cells are filled with, the ranges of Excel tables).

Everything here happens before any cell is read, so a hostile or broken file is refused
in one sentence, fast, without inflating it in memory.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from ..model import Refusal
from .styles import fills_by_style, percent_styles, theme_colours

CHUNK = 1024 * 1024
MAX_MEMBER = 256 * 1024 * 1024  # what one part of the workbook may inflate to
MAX_TOTAL = 1024 * 1024 * 1024  # what the whole workbook may inflate to
MAX_RATIO = 200  # inflation ratio above which a large part is taken for a zip bomb
RATIO_FLOOR = 8 * 1024 * 1024  # parts smaller than this are never judged by their ratio

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_STYLES, _THEME = "xl/styles.xml", "xl/theme/theme1.xml"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_HIDDEN_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\bhidden="(?:1|true)"[^>]*>')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>", re.DOTALL)
_CELL_REF = re.compile(rb'\br="([A-Z]+\d+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_SAVED_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]+</(?:\w+:)?v>|<(?:\w+:)?is>")


@dataclass(frozen=True)
class ExcelTable:
    """An Excel table (a ListObject) on a sheet: its range, 1-based, and its header and totals rows."""

    first_row: int
    last_row: int
    first_column: int
    last_column: int
    header_rows: int
    totals_rows: int

    @property
    def last_data_row(self) -> int:
        return self.last_row - self.totals_rows


@dataclass(frozen=True)
class SheetPart:
    name: str
    hidden: bool
    formula_cells: frozenset[str]  # formulas with no saved value, e.g. "C14"
    hidden_rows: frozenset[int]
    fills: Mapping[str, str] = field(default_factory=dict)  # cell ("H4") -> the colour it is filled with
    tables: tuple[ExcelTable, ...] = ()
    percent_cells: Mapping[str, int] = field(default_factory=dict)  # cell -> decimals of a percentage (0.5 as 50%)


@dataclass(frozen=True)
class Package:
    path: Path
    sheets: tuple[SheetPart, ...]

    def sheet(self, name: str) -> SheetPart | None:
        for part in self.sheets:
            if part.name == name:
                return part
        return None


def open_package(path: Path) -> Package:
    """Check `path` is a safe, readable .xlsx/.xlsm and read its sheet list; else refuse.

    The sizes every part declares are checked before anything is inflated (zipfile never reads
    a part beyond its declared size, and a part that lies about it fails its CRC check); every
    part is then read through once, so that entity declarations and damaged parts are refused
    here, before the cell reader opens the file."""
    _check_file(path)
    try:
        with zipfile.ZipFile(path) as archive:
            _check_sizes(path, archive)
            sheets = _sheet_targets(path, archive)
            _check_other_parts(path, archive, {member for _, _, member in sheets})
            styles = _cell_styles(path, archive)
            return Package(path, tuple(_inspect_sheet(path, archive, *sheet, styles) for sheet in sheets))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, KeyError,
            NotImplementedError, RuntimeError, struct.error, OverflowError):
        raise Refusal(path.name, f"{path.name} is damaged or incomplete: "
                      "open it in Excel, save it again as .xlsx and try again.") from None


def _check_file(path: Path) -> None:
    name = path.name
    if name.startswith("~$"):
        raise Refusal(name, f"{name} is an Excel lock file, not a tracker: use the workbook "
                      f"{name[2:]} itself.")
    if not path.exists():
        raise Refusal(name, f"{name} does not exist: check the path and try again.")
    if path.is_dir():
        raise Refusal(name or str(path), f"{path.resolve()} is a folder, not a workbook: give the path of an .xlsx file (or, "
                      "for every tracker in it, the folder's name followed by *.xlsx).")
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head:
        raise Refusal(name, f"{name} is empty (0 bytes): copy the workbook again, or save it again from Excel.")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise Refusal(name, _compound_document(path))
    if not head.startswith(b"PK\x03\x04"):
        raise Refusal(name, _not_a_zip(path, head))


def _compound_document(path: Path) -> str:
    data = path.read_bytes()
    if _ENCRYPTED in data:
        return (f"{path.name} is password-protected: remove the password in Excel "
                "(File > Info > Protect Workbook > Encrypt with Password, clear it), save, and try again.")
    return (f"{path.name} is an old Excel 97-2003 (.xls) workbook: open it in Excel and save it as "
            "an Excel Workbook (.xlsx), then try again.")


def _not_a_zip(path: Path, head: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt", ".tsv"} or _looks_like_text(path):
        return (f"{path.name} is a text (CSV) file, not an Excel workbook: open it in Excel and save "
                "it as an Excel Workbook (.xlsx), then try again.")
    if head.startswith(b"PK"):
        return f"{path.name} is damaged or incomplete: copy it again, or save it again from Excel."
    return (f"{path.name} is not an Excel workbook: give the pipeline the tracker saved from Excel "
            "as .xlsx.")


def _looks_like_text(path: Path) -> bool:
    with path.open("rb") as handle:
        sample = handle.read(4096)
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in sample and (b"," in sample or b"\t" in sample or b";" in sample)


def _check_sizes(path: Path, archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    names = {info.filename for info in infos}
    if "mimetype" in names and b"opendocument" in _inflate(path, archive, "mimetype"):
        raise Refusal(path.name, f"{path.name} is an OpenDocument (.ods) spreadsheet: open it and "
                      "save it as an Excel Workbook (.xlsx), then try again.")
    if "xl/workbook.xml" not in names:
        kind = "a Word document" if "word/document.xml" in names else "a zip file"
        raise Refusal(path.name, f"{path.name} is {kind}, not an Excel workbook: give the pipeline "
                      "the tracker saved from Excel as .xlsx.")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        too_big = info.file_size > MAX_MEMBER or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO)
        if too_big or total > MAX_TOTAL:
            raise Refusal(path.name, f"{path.name} was refused because it would inflate to "
                          f"{info.file_size // (1024 * 1024):,} MB in {info.filename}, far beyond any "
                          "real tracker: save the workbook again from Excel, or check where it came from.")


def _parse_xml(path: Path, archive: zipfile.ZipFile, member: str) -> Any:
    try:
        return SafeET.fromstring(_inflate(path, archive, member))
    except DefusedXmlException:
        raise _hostile(path, member) from None
    except SafeET.ParseError:
        raise Refusal(path.name, f"{path.name} is damaged (its part {member} is not valid XML): "
                      "open it in Excel, save it again and try again.") from None


def _refuse_entities(path: Path, member: str, first_chunk: bytes) -> None:
    """Entity declarations sit in the DOCTYPE at the start of a part; Excel never writes them."""
    if b"<!ENTITY" in first_chunk[:65536]:
        raise _hostile(path, member)


def _hostile(path: Path, member: str) -> Refusal:
    return Refusal(path.name, f"{path.name} was refused because {member} declares XML entities, "
                   "which Excel never writes (a sign of a hostile file): check where it came from.")


def _sheet_targets(path: Path, archive: zipfile.ZipFile) -> list[tuple[str, bool, str]]:
    workbook = _parse_xml(path, archive, "xl/workbook.xml")
    rels_name = "xl/_rels/workbook.xml.rels"
    rels = _parse_xml(path, archive, rels_name) if rels_name in archive.namelist() else None
    targets = {}
    for rel in rels.iter(f"{{{_NS['rel']}}}Relationship") if rels is not None else ():
        target = rel.get("Target", "")
        member = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        targets[rel.get("Id")] = member
    sheets = []
    for sheet in workbook.iter(f"{{{_NS['m']}}}sheet"):
        member = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        sheets.append((sheet.get("name", ""), sheet.get("state", "visible") != "visible", member))
    return sheets


def _inflate(path: Path, archive: zipfile.ZipFile, member: str) -> bytes:
    """The member's bytes, refused if it declares entities. Read a chunk at a time: zipfile then
    inflates no more than a chunk beyond the size the part declares (which has been checked),
    where reading it whole would inflate all of a part that lies about its size first."""
    chunks: list[bytes] = []
    with archive.open(member) as handle:
        while chunk := handle.read(CHUNK):
            if not chunks:
                _refuse_entities(path, member, chunk)
            chunks.append(chunk)
    return b"".join(chunks)


@dataclass(frozen=True)
class _Styles:
    """What the workbook's cell styles (indexes into cellXfs) show: the colour each fills its cells
    with (those that fill with none left out), and those that show a number as a percentage."""

    fills: dict[int, str]
    percent: dict[int, int]  # style -> the decimals it shows


def _cell_styles(path: Path, archive: zipfile.ZipFile) -> _Styles:
    names = set(archive.namelist())
    theme = _parse_xml(path, archive, _THEME) if _THEME in names else None
    styles = _parse_xml(path, archive, _STYLES) if _STYLES in names else None
    return _Styles(fills_by_style(styles, theme_colours(theme)), percent_styles(styles))


def _inspect_sheet(path: Path, archive: zipfile.ZipFile, name: str, hidden: bool, member: str,
                   styles: _Styles) -> SheetPart:
    if member not in archive.namelist():
        return SheetPart(name, hidden, frozenset(), frozenset())
    data = _inflate(path, archive, member)
    numbers = (_ROW_NUMBER.search(m.group(0)) for m in (_HIDDEN_ROW.finditer(data) if b"hidden=" in data else ()))
    hidden_rows = frozenset(int(number.group(1)) for number in numbers if number)
    formulas: frozenset[str] = frozenset()
    if _FORMULA.search(data):
        refs = (_CELL_REF.search(m.group(1)) for m in _CELL.finditer(data)
                if _FORMULA.search(m.group(2)) and not _SAVED_VALUE.search(m.group(2)))
        formulas = frozenset(ref.group(1).decode() for ref in refs if ref)
    styled = _styled_cells(data, set(styles.fills) | set(styles.percent))
    return SheetPart(name, hidden, formulas, hidden_rows,
                     {ref: styles.fills[style] for ref, style in styled.items() if style in styles.fills},
                     _excel_tables(path, archive, member, data),
                     {ref: styles.percent[style] for ref, style in styled.items() if style in styles.percent})


def _styled_cells(data: bytes, wanted: set[int]) -> dict[str, int]:
    """Each cell of the sheet whose style is one of `wanted`, and its style."""
    if not wanted:
        return {}
    styled = re.compile(rb'<(?:\w+:)?c\b[^>]*?\bs="(' + b"|".join(str(i).encode() for i in sorted(wanted)) + rb')"[^>]*>')
    found = {}
    for match in styled.finditer(data):
        ref = _CELL_REF.search(match.group(0))
        if ref:
            found[ref.group(1).decode()] = int(match.group(1))
    return found


def _excel_tables(path: Path, archive: zipfile.ZipFile, member: str, data: bytes) -> tuple[ExcelTable, ...]:
    """The Excel tables (ListObjects) on the sheet, from its relationships."""
    if b"tablePart" not in data:
        return ()
    folder, _, name = member.rpartition("/")
    rels_name = f"{folder}/_rels/{name}.rels"
    if rels_name not in archive.namelist():
        return ()
    found = []
    for rel in _parse_xml(path, archive, rels_name).iter(f"{{{_NS['rel']}}}Relationship"):
        target = rel.get("Target", "")
        if not rel.get("Type", "").endswith("/table"):
            continue
        table_member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"{folder}/{target}")
        if table_member in archive.namelist():
            table = _parse_xml(path, archive, table_member)
            span = _span(table.get("ref", ""))
            if span:
                found.append(ExcelTable(*span, int(table.get("headerRowCount", "1") or 1),
                                        int(table.get("totalsRowCount", "0") or 0)))
    return tuple(found)


def _span(ref: str) -> tuple[int, int, int, int] | None:
    """(first row, last row, first column, last column), 1-based, of a range such as "A3:H13"."""
    match = re.fullmatch(r"([A-Z]+)(\d+):([A-Z]+)(\d+)", ref)
    if not match:
        return None
    first_col, first_row, last_col, last_row = match.groups()
    return int(first_row), int(last_row), _column_number(first_col), _column_number(last_col)


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _check_other_parts(path: Path, archive: zipfile.ZipFile, sheet_members: set[str]) -> None:
    """Read every other part through once: entity declarations and damaged parts are refused here,
    before the cell reader inflates anything."""
    for info in archive.infolist():
        if info.filename not in sheet_members and not info.is_dir():
            _inflate(path, archive, info.filename)
