"""The bad-file corpus: files that are not trackers, broken ones, and hostile ones, built for real."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from tests.builders import workbook

HEAD = ["Rec.", "Action", "Update"]
GOOD_SHEETS = {"June 2025": [HEAD, ["1", "Do it", "Ongoing."]]}


def good(path: Path) -> Path:
    return workbook(path, GOOD_SHEETS)


def _rewrite(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))
        for name, data in replace.items():
            if name not in old.namelist():
                new.writestr(name, data)
    return target


def empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def not_a_zip(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    return path


def truncated(path: Path) -> Path:
    data = good(path).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def old_xls(path: Path) -> Path:
    # The start of a real BIFF8 compound document: the CFB signature and header.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    path.write_bytes(header + b"\x00" * 1000 + "Workbook".encode("utf-16-le") + b"\x00" * 3000)
    return path


def csv(path: Path) -> Path:
    path.write_text("Rec.,Action,Update\n1,Do it,Ongoing.\n", encoding="utf-8")
    return path


def ods(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return path


def docx_renamed(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return path


def encrypted(path: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = good(path.with_name("plain-" + path.name))
    out = io.BytesIO()
    with plain.open("rb") as handle:
        OOXMLFile(handle).encrypt("secret", out)
    path.write_bytes(out.getvalue())
    plain.unlink()
    return path


def lock_file(path: Path) -> Path:
    path = path.with_name("~$" + path.name)
    path.write_bytes(b"\x0bJane Officer" + b" " * 40 + b"\x00" * 110)
    return path


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'.encode()
        for i in range(1, 10)
    )
    + b"]>\n"
)


def entity_bomb(path: Path) -> Path:
    """A shared-strings part that expands to gigabytes through nested entities."""
    source = good(path.with_name("plain-" + path.name))
    strings = BILLION_LAUGHS + (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        b"<si><t>&lol9;</t></si></sst>"
    )
    result = _rewrite(source, path, {"xl/sharedStrings.xml": strings})
    source.unlink()
    return result


def entity_bomb_in_sheet(path: Path) -> Path:
    source = good(path.with_name("plain-" + path.name))
    with zipfile.ZipFile(source) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    bomb = BILLION_LAUGHS + sheet.split(b"?>", 1)[-1].replace(b"Do it", b"&lol9;")
    result = _rewrite(source, path, {"xl/worksheets/sheet1.xml": bomb})
    source.unlink()
    return result


def zip_bomb(path: Path, gigabytes: int = 2) -> Path:
    """A real workbook whose sheet inflates to `gigabytes` GB (one enormous inline string)."""
    source = good(path.with_name("plain-" + path.name))
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                new.writestr(info.filename, old.read(info.filename))
        with new.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
            block = b"A" * (1 << 24)
            for _ in range(gigabytes * 64):
                sheet.write(block)
            sheet.write(b"</t></is></c></row></sheetData></worksheet>")
    source.unlink()
    return path


def lying_zip_bomb(path: Path, sheet: int = 1) -> Path:
    """A sheet whose zip headers claim 12 bytes but whose data inflates to 300 MB; with `sheet`
    2, the second of two sheets, so that the first is read while the second is scanned."""
    sheets = GOOD_SHEETS if sheet == 1 else {**GOOD_SHEETS, "October 2025": [HEAD, ["1", "Do it", "Done."]]}
    source = workbook(path.with_name("plain-" + path.name), sheets)
    member = f"xl/worksheets/sheet{sheet}.xml"
    small = _rewrite(source, path.with_name("small-" + path.name), {member: b"<worksheet/>"})
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    big = deflate.compress(b"<worksheet>" + b" " * (300 << 20) + b"</worksheet>") + deflate.flush()
    path.write_bytes(_with_raw_member(small.read_bytes(), member, big))
    source.unlink()
    small.unlink()
    return path


def _u16(n: int) -> bytes:
    return n.to_bytes(2, "little")


def _u32(n: int) -> bytes:
    return n.to_bytes(4, "little")


def _with_raw_member(original: bytes, member: str, raw: bytes) -> bytes:
    """The same zip, but `member` holds the deflated bytes `raw` under its old (false) size and CRC."""
    source = zipfile.ZipFile(io.BytesIO(original))
    out, entries = io.BytesIO(), []
    for info in source.infolist():
        body = source.read(info.filename)
        if info.filename == member:
            payload, crc, size = raw, info.CRC, info.file_size
        else:
            deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
            payload, crc, size = deflate.compress(body) + deflate.flush(), zlib.crc32(body), len(body)
        name, offset = info.filename.encode(), out.tell()
        fields = _u16(20) + _u16(0) + _u16(8) + _u16(0) + _u16(0x21) + _u32(crc) + _u32(len(payload)) + _u32(size)
        out.write(b"PK\x03\x04" + fields + _u16(len(name)) + _u16(0) + name + payload)
        entries.append((name, fields, offset))
    directory = out.tell()
    for name, fields, offset in entries:
        out.write(b"PK\x01\x02" + _u16(20) + fields + _u16(len(name)) + _u16(0) * 4 + _u32(0) + _u32(offset) + name)
    size = out.tell() - directory
    out.write(b"PK\x05\x06" + _u16(0) * 2 + _u16(len(entries)) * 2 + _u32(size) + _u32(directory) + _u16(0))
    return out.getvalue()


def no_rounds(path: Path) -> Path:
    return workbook(path, {"Sheet1": [HEAD, ["1", "Do it", "Ongoing."]]})


# (builder, file name, what the refusal must begin with)
CORPUS = {
    "empty": (empty, "tracker.xlsx", "tracker.xlsx is empty"),
    "not a zip": (not_a_zip, "tracker.xlsx", "tracker.xlsx is not an Excel workbook"),
    "truncated download": (truncated, "tracker.xlsx", "tracker.xlsx is damaged or incomplete"),
    ".xls": (old_xls, "tracker.xls", "tracker.xls is an old Excel 97-2003 (.xls) workbook"),
    ".csv": (csv, "tracker.csv", "tracker.csv is a text (CSV) file"),
    ".ods": (ods, "tracker.ods", "tracker.ods is an OpenDocument (.ods) spreadsheet"),
    "Word document": (docx_renamed, "tracker.xlsx", "tracker.xlsx is a Word document"),
    "encrypted": (encrypted, "tracker.xlsx", "tracker.xlsx is password-protected"),
    "lock file": (lock_file, "tracker.xlsx", "~$tracker.xlsx is an Excel lock file"),
    "entity bomb (shared strings)": (entity_bomb, "tracker.xlsx", "tracker.xlsx was refused because xl/sharedStrings.xml declares XML entities"),
    "entity bomb (sheet)": (entity_bomb_in_sheet, "tracker.xlsx", "tracker.xlsx was refused because xl/worksheets/sheet1.xml declares XML entities"),
    "zip bomb": (zip_bomb, "tracker.xlsx", "tracker.xlsx was refused because it would inflate to"),
    "lying zip bomb": (lying_zip_bomb, "tracker.xlsx", "tracker.xlsx is damaged or incomplete"),
    "lying zip bomb (second sheet)": (lambda path: lying_zip_bomb(path, sheet=2), "tracker.xlsx",
                                      "tracker.xlsx is damaged or incomplete"),
    "no rounds": (no_rounds, "tracker.xlsx", "tracker.xlsx has no reporting round"),
}
