"""The house template as the appendix is put into it: the {{appendix}} paragraph wherever Word
left it, a template without one, and templates that cannot be used."""

import io
import shutil
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest

from pipeline import run
from pipeline.reports import built_in_templates
from tests import runs

HOUSE = built_in_templates()


@pytest.fixture
def templates(tmp_path) -> Path:
    copied = tmp_path / "templates"
    shutil.copytree(HOUSE, copied)
    return copied


def rewrite(template: Path, part: str, change) -> None:
    """The template with one part changed (or left out, when `change` gives None)."""
    source = zipfile.ZipFile(io.BytesIO(template.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info) if info.filename != part else change(source.read(info))
            if data is not None:
                target.writestr(info, data)
    template.write_bytes(out.getvalue())


def texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


@pytest.mark.parametrize("placeholder", [
    b"<w:p><w:r><w:t>{{</w:t></w:r><w:r><w:t>appendix}}</w:t></w:r></w:p>",  # split across runs, as Word does
    b"",  # no placeholder: the appendix goes at the end
])
def test_the_appendix_is_placed_wherever_the_template_leaves_room(tracker, tmp_path, templates, placeholder):
    house = templates / "house" / "appendix.docx"
    intro = b"<w:p><w:r><w:t>Appendix prepared by the performance team</w:t></w:r></w:p>"
    rewrite(house, "word/document.xml",
            lambda xml: xml.replace(b"<w:p><w:r><w:t>{{appendix}}</w:t></w:r></w:p>", intro + placeholder))
    outcome = runs.build(tracker("workplan_sheets"), tmp_path / "out", date(2026, 11, 22), templates=templates)
    assert isinstance(outcome, run.Built)
    paragraphs = texts(outcome.outputs[0])
    assert paragraphs[0] == "Appendix prepared by the performance team"
    assert paragraphs[1].startswith("Council Plan workplan; progress at Quarter Two 2024/25")
    assert "{{appendix}}" not in "".join(paragraphs)
    properties = docx.Document(str(outcome.outputs[0])).core_properties
    assert (properties.title, properties.language) == ("Council Plan workplan; progress at Quarter Two 2024/25", "en-GB")


@pytest.mark.parametrize("damage, reason", [
    (lambda house: house.write_bytes(b"not a zip"), "(it is not a Word document)"),
    (lambda house: rewrite(house, "docProps/core.xml", lambda xml: None), "(it is not a complete Word document)"),
    (lambda house: rewrite(house, "word/document.xml", lambda xml: xml[:200]), "(a part of it is not valid XML)"),
])
def test_a_template_that_cannot_be_used_is_one_sentence(tracker, tmp_path, templates, damage, reason):
    house = templates / "house" / "appendix.docx"
    damage(house)
    outcome = runs.build(tracker("workplan_sheets"), tmp_path / "out", date(2026, 11, 22), templates=templates)
    assert isinstance(outcome, run.Refused) and run.exit_code(outcome) == 2
    assert outcome.message.startswith(f"The Word template {house.resolve()} cannot be used (")
    assert reason in outcome.message
    assert outcome.message.endswith("or open it in Word and save it again as a Word document (.docx).")
    assert not list((tmp_path / "out").glob("*.docx"))
