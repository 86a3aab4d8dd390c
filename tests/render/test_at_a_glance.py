"""At a glance, since last reported, direction of travel, the exception appendix and the
introduction: read back from the .docx; every key row found in LibreOffice's PDF."""

import re
import shutil
import subprocess
import sys
from datetime import date

import docx
import openpyxl
import pytest

from pipeline.render import audit
from pipeline.render.pdf import pdf_of, soffice
from tests import runs

TODAY = date(2026, 11, 22)
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def norm(text):
    return " ".join(text.split())


def headings(document):
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


def table_rows(table):
    return [[norm(c.text) for c in row.cells] for row in table.rows]


@pytest.mark.parametrize("name, round_name, glance, lists", [
    ("improvement_sheets", None,
     [["Status", "June 2025", "October 2025", "January 2026"], ["Complete", "17", "22", "30"],
      ["Ongoing", "30", "23", "19"], ["Overdue", "0", "4", "0"], ["Cancelled", "0", "0", "2"],
      ["Total", "47", "49", "51"]],
     {"Completed since last reported": 8, "New since last reported": 2, "Reprofiled: target date moved": 5,
      "Worse than last reported": 0, "Needing attention": 3}),
    ("improvement_sheets", "October 2025", None,
     {"Completed since last reported": 5, "New since last reported": 2, "Reprofiled: target date moved": 7,
      "Worse than last reported": 4, "Needing attention": 9}),
    ("workplan_sheets", None,
     [["Status", "Q1 2024/25", "Q2 2024/25"], ["Complete", "3", "6"], ["On-track", "54", "51"],
      ["Some slippage", "1", "0"], ["High risk of deliverability", "0", "1"], ["Undeliverable", "0", "0"],
      ["Total", "58", "58"]],
     {"Completed since last reported": 3, "New since last reported": 0, "Reprofiled: target date moved": 0,
      "Worse than last reported": 1, "Needing attention": 1}),
])
def test_glance_and_lists_read_back_from_the_docx(tracker, tmp_path, name, round_name, glance, lists):
    built = runs.built(tracker(name), tmp_path, TODAY, round=round_name)
    document = docx.Document(str(built.appendix))
    if glance is not None:
        assert table_rows(runs.captioned(document, "At a glance")) == glance
    found = headings(document)
    for title, count in lists.items():
        assert f"{title} ({count})" in found
        if count:
            rows = table_rows(runs.captioned(document, title))
            assert len(rows) - 1 == count
            assert rows[0][-1] == "Latest commentary" and all(r[-1] for r in rows[1:])
    order = [found.index(h) for h in ("At a glance", f"Completed since last reported ({lists['Completed since last reported']})")]
    assert order == sorted(order) and found.index("At a glance") < len(found)
    paragraphs = [p.text for p in document.paragraphs if p.text]
    assert paragraphs.index(built.summary.paragraph) < paragraphs.index("At a glance")
    assert audit(built.appendix) == ()  # pipeline check passes, chart and all


def test_the_chart_is_inline_with_alt_text_and_its_figures(tracker, tmp_path):
    built = runs.built(tracker("workplan_sheets"), tmp_path, TODAY)
    document = docx.Document(str(built.appendix))
    body = document.element.body
    assert not list(body.iter(f"{{{WP}}}anchor"))  # never floating
    [inline] = list(body.iter(f"{{{WP}}}inline"))
    alt = inline.find(f"{{{WP}}}docPr").get("descr")
    assert alt.startswith("Bar chart of the initiatives in each state, round by round: Q1 2024/25: 3 Complete, "
                          "54 On-track, 1 Some slippage; Q2 2024/25: 6 Complete, 51 On-track, 1 High risk")
    [picture] = [p for p in document.part.package.parts if p.partname.endswith(".png")]
    assert picture.blob.startswith(b"\x89PNG") and b"tIME" not in picture.blob


@pytest.mark.parametrize("name", ["workplan_sheets", "improvement_sheets"])
def test_direction_of_travel_is_a_word_and_an_arrow(tracker, tmp_path, name):
    document = docx.Document(str(runs.built(tracker(name), tmp_path, TODAY).appendix))
    said = []
    for table in runs.plan_tables(document):
        column = [norm(c.text) for c in table.rows[0].cells].index("Direction of travel")
        said += [norm(row.cells[column].text) for row in table.rows[1:]]
    assert set(said) <= {"\u2191 Improved", "\u2192 Same", "\u2193 Worse", "Not compared", "New"}
    if name == "workplan_sheets":
        assert said.count("\u2193 Worse") == 1 and said.count("\u2191 Improved") == 3


@pytest.mark.parametrize("name", ["workplan_sheets", "improvement_sheets"])
def test_same_tracker_same_bytes_with_the_chart(tracker, tmp_path, name):
    path = tracker(name)
    for exceptions in (False, True):
        first = runs.built(path, tmp_path / f"a{exceptions}", TODAY, exceptions=exceptions).outputs
        second = runs.built(path, tmp_path / f"b{exceptions}", date(2027, 3, 1), exceptions=exceptions).outputs
        assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_the_exception_appendix_has_no_full_table(tracker, tmp_path):
    built = runs.built(tracker("improvement_sheets"), tmp_path, TODAY, exceptions=True)
    assert built.appendix.name == "Continuous Improvement Plan - January 2026 - exceptions.docx"
    document = docx.Document(str(built.appendix))
    found = headings(document)
    assert "All actions" not in found and "Actions needing attention" in found
    [attention] = runs.plan_tables(document)[:1]
    assert len(attention.rows) - 1 == len(built.summary.attention) == 3
    assert audit(built.appendix) == ()
    full = runs.built(tracker("improvement_sheets"), tmp_path, TODAY)  # the full one still there beside it
    assert full.appendix.name.endswith("- appendix.docx") and built.appendix.exists()


def test_an_introduction_sheet_opens_the_appendix(tracker, tmp_path):
    path = tracker("improvement_sheets")
    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet("Introduction", 0)
    for line in ["Delivery of the Council's Continuous Improvement Plan has a clear relationship with the Best Value Duty.",
                 "This plan encompasses the following strategic continuous improvement activity:",
                 "- The findings of the LGA Corporate Peer Challenge", "- Responses to the MIIAB", "=SUM(A1)"]:
        sheet.append([line])
    sheet["A5"].data_type = "s"
    book.save(path)
    built = runs.built(path, tmp_path, TODAY)
    assert not [f for f in built.findings if f.sheet == "Introduction"]  # neither a round nor a finding
    document = docx.Document(str(built.appendix))
    texts = [(p.text, p.style.name) for p in document.paragraphs if p.text][1:7]
    assert texts[:5] == [
        ("Delivery of the Council's Continuous Improvement Plan has a clear relationship with the Best Value Duty.",
         "Normal"), ("This plan encompasses the following strategic continuous improvement activity:", "Normal"),
        ("The findings of the LGA Corporate Peer Challenge", "List Bullet"), ("Responses to the MIIAB", "List Bullet"),
        ("=SUM(A1)", "Normal")]
    assert texts[5][0] == built.summary.paragraph
    assert built.summary.actions == 51 and len(built.assessment.plan.rounds) == 3


def test_an_introduction_template_opens_the_appendix(tracker, tmp_path):
    from pipeline.reports import built_in_templates

    templates = tmp_path / "templates"
    shutil.copytree(built_in_templates(), templates)
    (templates / "reports" / "workplan" / "introduction.txt").write_text(
        "This appendix sets out progress on the {{ title }} at {{ round.long_label }}.\n- One point\n", encoding="utf-8")
    built = runs.built(tracker("workplan_sheets"), tmp_path / "out", TODAY, templates=templates)
    texts = [(p.text, p.style.name) for p in docx.Document(str(built.appendix)).paragraphs if p.text][1:4]
    assert texts == [("This appendix sets out progress on the Council Plan workplan at Quarter Two 2024/25.", "Normal"),
                     ("One point", "List Bullet"), (built.summary.paragraph, "Normal")]


@pytest.mark.skipif(soffice() is None or shutil.which("pdftotext") is None, reason="needs LibreOffice and pdftotext")
@pytest.mark.parametrize("name", ["workplan_sheets", "improvement_sheets", "corpus"])
def test_every_key_row_is_in_the_pdf(tracker, tmp_path, name):
    if name == "corpus":
        from tests.corpus.make_corpus import build

        path = build(tmp_path / "corpus")["Corporate Plan delivery tracker 2025-26.xlsx"][0]
    else:
        path = tracker(name)
    built = runs.built(path, tmp_path / "out", TODAY, force=True)
    pdf = tmp_path / "appendix.pdf"
    pdf.write_bytes(pdf_of(built.appendix.read_bytes(), built.appendix.name))
    layout = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = norm(layout)
    title = "Key" if name == "workplan_sheets" else "Status key"
    key = table_rows(runs.captioned(docx.Document(str(built.appendix)), title))
    assert len(key) > 4
    after = norm(layout[layout.rindex(f"\n{title}\n"):])  # the key's heading, and what follows it
    for code, meaning in key:  # each row's status and its meaning (as wrapped in the PDF, spaced as one)
        words = meaning.split()
        assert all(re.search(rf"\b{re.escape(w)}\b", after) for w in code.split()), code
        assert all(w in after for w in words), meaning
    assert "At a glance" in text and "Recommendatio n" not in text
    if name == "improvement_sheets":
        assert "Recommendation" in text  # the heading whole, not broken inside the word


def test_commands_that_draw_nothing_load_neither_pillow_nor_pandas(tracker, tmp_path):
    path = tracker("workplan_sheets")
    script = ("import sys\nfrom pipeline.cli import main\nfor args in {!r}:\n    try:\n"
              "        main(args, standalone_mode=False)\n    except SystemExit:\n        pass\n"
              "print(sorted(m for m in ('PIL', 'pandas', 'matplotlib') if m in sys.modules))")
    quiet = [["--help"], ["validate", str(path)], ["summary", str(path), "--format", "json"]]
    done = subprocess.run([sys.executable, "-c", script.format(quiet)], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
    drawn = [["build", str(path), "--out", str(tmp_path / "out")]]
    done = subprocess.run([sys.executable, "-c", script.format(drawn)], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "['PIL']"
