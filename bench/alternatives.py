"""The two yardsticks the benchmark measures the pipeline against, each run as its own process.

  python bench/alternatives.py obvious TRACKER OUT.docx
      what a council analyst would write: pandas.read_excel with its default engine, then a
      docxtpl template with a row loop.
  python bench/alternatives.py floor TRACKER OUT.docx
      the least any approach must do: read the same cells with python-calamine and zip an
      equivalent document.xml built as one string.
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


def floor(tracker: Path, out: Path) -> None:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(tracker))
    sheets = [book.get_sheet_by_name(name).to_python() for name in book.sheet_names]
    latest = sheets[-1]
    parts = ['<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:tbl>']
    for row in latest[1:]:
        parts.append("<w:tr>")
        for value in row:
            paragraphs = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in str(value).split("\n"))
            parts.append(f'<w:tc><w:tcPr><w:shd w:val="clear" w:fill="FFFFFF"/></w:tcPr>{paragraphs}</w:tc>')
        parts.append("</w:tr>")
    parts.append("</w:tbl><w:p/></w:body></w:document>")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", "".join(parts))


def obvious(tracker: Path, out: Path) -> None:
    import pandas as pd
    from docx import Document
    from docxtpl import DocxTemplate

    frames = pd.read_excel(tracker, sheet_name=None, header=1)
    latest = list(frames.values())[-1].fillna("")
    with tempfile.TemporaryDirectory() as folder:
        template_path = Path(folder) / "template.docx"
        document = Document()
        table = document.add_table(rows=3, cols=len(latest.columns))
        table.rows[0].cells[0].text = "{%tr for r in rows %}"
        for index, column in enumerate(latest.columns):
            table.rows[1].cells[index].text = "{{ r['%s'] }}" % column
        table.rows[2].cells[0].text = "{%tr endfor %}"
        document.save(template_path)
        template = DocxTemplate(template_path)
        template.render({"rows": latest.astype(str).to_dict("records")})
        template.save(out)


if __name__ == "__main__":
    {"floor": floor, "obvious": obvious}[sys.argv[1]](Path(sys.argv[2]), Path(sys.argv[3]))
