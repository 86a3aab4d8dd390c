"""The two yardsticks the benchmark measures the pipeline against, each run as its own process.

  python bench/alternatives.py obvious TRACKER OUT.docx
      what a council analyst would write for the same table: pandas.read_excel with its default
      engine, the rounds joined by Ref, then a docxtpl template with a row loop.
  python bench/alternatives.py floor TRACKER OUT.docx
      the least any approach must do: read the same cells with python-calamine and zip an
      equivalent document.xml (the appendix's table: every action, and each round it shows)
      built as one string.
"""

from __future__ import annotations

import sys
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)


ROUNDS_SHOWN = 3  # the generated trackers are read as the improvement-plan type, which shows three rounds


def floor(tracker: Path, out: Path) -> None:
    """The same table as the appendix, with nothing checked: each action's fields from the latest
    sheet, then the status and update of each round shown, a paragraph a line."""
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(tracker))
    sheets = [book.get_sheet_by_name(name).to_python() for name in book.sheet_names]
    shown, latest = sheets[-ROUNDS_SHOWN:], sheets[-1]
    parts = ['<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:tbl>']
    for index in range(2, len(latest)):  # below the title and heading rows
        parts.append("<w:tr>")
        cells = [str(value) for value in latest[index][:5]]
        cells += [f"{sheet[index][5]}\n{sheet[index][6]}" for sheet in shown if index < len(sheet)]
        for text in cells:
            paragraphs = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in text.split("\n"))
            parts.append(f'<w:tc><w:tcPr><w:shd w:val="clear" w:fill="FFFFFF"/></w:tcPr>{paragraphs}</w:tc>')
        parts.append("</w:tr>")
    parts.append("</w:tbl><w:p/></w:body></w:document>")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", "".join(parts))


def obvious(tracker: Path, out: Path) -> None:
    """pandas reads every sheet; the rounds shown are joined to the latest by Ref, each as its
    status and update; a docxtpl template loops over the rows."""
    import pandas as pd
    from docx import Document
    from docxtpl import DocxTemplate

    frames = list(pd.read_excel(tracker, sheet_name=None, header=1).values())
    table = frames[-1].drop(columns=["Status", "Update"])
    columns = list(table.columns)
    for number, frame in enumerate(frames[-ROUNDS_SHOWN:], start=1):
        column = f"Round {number}"
        frame[column] = frame["Status"].astype(str) + "\n" + frame["Update"].fillna("").astype(str)
        table = table.merge(frame[["Ref", column]], on="Ref", how="left")
        columns.append(column)
    table = table.fillna("")
    with tempfile.TemporaryDirectory() as folder:
        template_path = Path(folder) / "template.docx"
        document = Document()
        grid = document.add_table(rows=3, cols=len(columns))
        grid.rows[0].cells[0].text = "{%tr for r in rows %}"
        for index, column in enumerate(columns):
            grid.rows[1].cells[index].text = "{{ r['%s'] }}" % column
        grid.rows[2].cells[0].text = "{%tr endfor %}"
        document.save(template_path)
        template = DocxTemplate(template_path)
        template.render({"rows": table.astype(str).to_dict("records")})
        template.save(out)


if __name__ == "__main__":
    {"floor": floor, "obvious": obvious}[sys.argv[1]](Path(sys.argv[2]), Path(sys.argv[3]))
