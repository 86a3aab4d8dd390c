"""The Word appendix, read back with python-docx."""

import re
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from tests import builders, runs

TODAY = date(2026, 11, 22)


def build(path: Path, out: Path, **options) -> Path:
    return runs.built(path, out, TODAY, **options).appendix


def norm(text: str) -> str:
    return " ".join(text.split())


def cell_texts(document):
    for table in document.tables:
        for row in table.rows:
            yield [norm(c.text) for c in row.cells]


@pytest.fixture(scope="module")
def workplan_doc(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wp")
    return docx.Document(build(builders.workplan_sheets(folder / "wp.xlsx"), folder))


@pytest.fixture(scope="module")
def improvement_doc(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ip")
    return docx.Document(build(builders.improvement_sheets(folder / "ip.xlsx"), folder))


def test_workplan_has_every_initiative_with_both_quarters_positions(workplan_doc):
    rows = {}
    for table in runs.plan_tables(workplan_doc):
        for row in table.rows[1:]:
            cells = [norm(c.text) for c in row.cells]
            rows.setdefault(cells[0], []).append(cells[1:3])
    for priority, initiative, q1, q2 in builders.workplan_rows():
        assert [q1, q2] in rows[norm(initiative)], initiative
    headers = [t.rows[0].cells[0].text for t in runs.plan_tables(workplan_doc)]
    assert headers[0] == "We will attract and grow businesses to increase employment opportunities"
    assert len(headers) == 13  # one table per priority, as in the published appendix
    assert [c.text for c in runs.plan_tables(workplan_doc)[0].rows[0].cells[1:]] == [
        "Q1 2024/25 position", "Q2 2024/25 position", "Direction of travel"]


def test_workplan_title_summary_and_key(workplan_doc):
    paragraphs = [p.text for p in workplan_doc.paragraphs if p.text]
    assert paragraphs[0] == "Council Plan workplan; progress at Quarter Two 2024/25"
    assert workplan_doc.paragraphs[0].style.name == "Heading 1"
    assert paragraphs[1].startswith("There are currently 58 initiatives")
    key = [[c.text for c in row.cells] for row in runs.captioned(workplan_doc, 'Key').rows]
    assert key == [["Status", "Meaning"], ["C", "Complete"], ["G", "On-track"], ["A", "Some slippage"],
                   ["R", "High risk of deliverability"], ["U", "Undeliverable"]]


def test_status_cells_are_shaded_and_say_the_status_in_text(workplan_doc):
    fills = {"C": "1F4E79", "G": "00703C", "A": "FFC000", "R": "C00000"}
    seen = set()
    for table in runs.plan_tables(workplan_doc):
        for row in table.rows[1:]:
            for cell in row.cells[1:3]:
                shading = cell._tc.tcPr.find(qn("w:shd"))
                assert cell.text in fills
                assert shading.get(qn("w:fill")) == fills[cell.text]
                seen.add(cell.text)
    assert seen == set(fills)


def test_header_rows_repeat_and_rows_do_not_split(workplan_doc):
    for table in workplan_doc.tables:
        rows = table._tbl.tr_lst
        assert rows[0].trPr.find(qn("w:tblHeader")) is not None
    for table in runs.plan_tables(workplan_doc):
        assert all(r.trPr.find(qn("w:cantSplit")) is not None for r in table._tbl.tr_lst)


def test_improvement_plan_has_every_action_and_every_rounds_update(improvement_doc):
    seed = builders.improvement_seed()
    table = runs.plan_tables(improvement_doc)[0]
    headings = [c.text for c in table.rows[0].cells]
    assert headings == ["Rec.", "Council Plan Ambition", "Best Value Theme", "Recommendation", "Action",
                        "Owner(s)", "Target date for completion", "October 2025 update",
                        "January 2026 update", "Direction of travel"]
    body = [[c for c in row.cells] for row in table.rows[1:]]
    assert len(body) == len(seed["actions"]) == 51
    from pipeline.text import Text

    labels = {"Complete", "Ongoing", "Overdue", "Cancelled"}
    for action, cells in zip(seed["actions"], body):
        assert norm(cells[4].text) == norm(Text(action["action"]).plain)
        for index, round_name in enumerate(seed["rounds"][1:], start=1):
            update = Text(action["updates"][round_name]).paras
            cell = cells[7 + index - 1]
            cell_paras = [p.text for p in cell.paragraphs]
            if builders.first_round(action, seed["rounds"]) > index:
                assert cell_paras == ["Not in this round"]
            elif update and cell.paragraphs[0]._p.pPr.find(qn("w:shd")) is None:
                # The status read from the update's opening words is shaded there, not said again above it.
                assert cell_paras == [p.text for p in update], (action["rec"], round_name)
                opening = cell.paragraphs[0].runs[0]
                assert opening.bold and opening._r.rPr.find(qn("w:shd")) is not None
                assert update[0].text.startswith(opening.text) and len(opening.text) < len(update[0].text) + 1
            else:
                assert cell_paras[0] in labels
                assert cell_paras[1:] == [p.text for p in update] or cell_paras[1:] == ["No update this round"]


def test_later_actions_of_a_recommendation_refer_to_it_without_merged_cells(improvement_doc):
    rows = [[norm(c.text) for c in row.cells] for row in runs.plan_tables(improvement_doc)[0].rows[1:]]
    rec5 = [r for r in rows if r[0].split(".")[0] == "5"]
    assert [r[0] for r in rec5] == ["5", "5.2", "5.3", "5.4"]
    assert [r[2] for r in rec5] == ["Culture"] * 4
    assert rec5[0][3].startswith("(CPC) Develop and embed a comprehensive approach")
    assert [r[3] for r in rec5[1:]] == ["See recommendation 5 above."] * 3
    body = improvement_doc.element.body
    assert not list(body.iter(qn("w:vMerge"))) and not list(body.iter(qn("w:gridSpan")))


def test_no_cell_is_left_empty(improvement_doc, workplan_doc):
    for document in (improvement_doc, workplan_doc):
        for table in document.tables:
            for row in table.rows:
                assert all(cell.text.strip() for cell in row.cells)


def test_updates_are_paragraphs_and_bullets_never_tags(improvement_doc):
    text = "\n".join(p.text for t in improvement_doc.tables for row in t.rows for c in row.cells for p in c.paragraphs)
    assert not re.search(r"</?(p|ul|li|br)\b", text)


def test_bullets_use_the_list_style(tmp_path):
    rows = [["Rec.", "Action", "Update"], ["1", "Do it", "<p>Ongoing.</p><ul><li>First</li><li>Second</li></ul>"]]
    path = builders.workbook(tmp_path / "t.xlsx", {"June 2025": rows})
    document = docx.Document(build(path, tmp_path))
    cell = runs.plan_tables(document)[0].rows[1].cells[-1]
    assert [(p.text, p.style.name) for p in cell.paragraphs] == [
        ("Ongoing.", "Table Text"), ("First", "List Bullet"), ("Second", "List Bullet")]


def test_source_key_and_status_note(improvement_doc):
    key = [[c.text for c in row.cells] for row in runs.captioned(improvement_doc, 'Source key').rows]
    assert key[0] == ["Source", "Meaning"]
    assert [k[0] for k in key[1:]] == ["CPC", "MIIAB", "EFS", "CQC"]
    assert any("read from the opening words" in p.text for p in improvement_doc.paragraphs)


def test_house_template_page_header_footer_and_properties(improvement_doc):
    section = improvement_doc.sections[0]
    assert section.page_width > section.page_height  # landscape
    assert round(section.page_width.cm, 1) == 29.7 and round(section.page_height.cm, 1) == 21.0
    assert section.header.paragraphs[0].text == "OFFICIAL"
    assert "This document was classified as: OFFICIAL" in section.footer.paragraphs[0].text
    properties = improvement_doc.core_properties
    assert properties.title == "Continuous Improvement Plan: progress at January 2026"
    assert properties.language == "en-GB"
    lang = improvement_doc.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"


def test_the_same_tracker_gives_the_same_bytes(tracker, tmp_path):
    path = tracker("improvement_sheets")
    first = runs.built(path, tmp_path / "a", date(2026, 1, 1)).outputs
    second = runs.built(path, tmp_path / "b", date(2027, 6, 30)).outputs
    for a, b in zip(first, second):
        assert a.name == b.name
        assert a.read_bytes() == b.read_bytes()
