"""`pipeline init`: a working folder a council runs from, where every command works with no
options; and the [defaults] of pipeline.toml that make that so."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pipeline.cli import main
from tests import runs

DEMO = Path(__file__).parent.parent / "input"
WORKPLAN = "Council Plan workplan.xlsx"


def pipeline(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def council(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder made by `pipeline init`, and the current folder."""
    folder = tmp_path / "Council reports"
    made = pipeline("init", str(folder))
    assert made.exit_code == 0, made.output
    monkeypatch.chdir(folder)
    for name in ("PIPELINE_TEMPLATES", "PIPELINE_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    return folder


def test_init_makes_the_folders_files_and_a_copy_of_the_templates(council: Path) -> None:
    assert sorted(p.name for p in council.iterdir()) == [
        "README.txt", "drop", "meetings.toml", "output", "pipeline.toml", "templates"]
    assert (council / "templates" / "house" / "appendix.docx").is_file()
    assert sorted(p.name for p in (council / "templates" / "reports").iterdir()) == [
        "action-tracker", "improvement-plan", "workplan"]
    settings = tomllib.loads((council / "pipeline.toml").read_text(encoding="utf-8"))
    assert settings == {"defaults": {"drop": "drop", "out": "output", "calendar": "meetings.toml",
                                     "templates": "templates"}}  # [smtp] is there, commented
    assert "# auth = \"oauth2\"" in (council / "pipeline.toml").read_text(encoding="utf-8")
    assert tomllib.loads((council / "meetings.toml").read_text(encoding="utf-8")) == {}
    readme = (council / "README.txt").read_text(encoding="utf-8")
    for command in ("pipeline watch --once", "pipeline due --dry-run", "pipeline serve"):
        assert command in readme


def test_every_command_then_works_there_with_no_options(council: Path) -> None:
    shutil.copy(DEMO / WORKPLAN, council / "drop" / WORKPLAN)
    watched = pipeline("watch", "--once")
    assert watched.exit_code == 0, watched.output
    assert f"{WORKPLAN}: built Council Plan workplan - Q2 2024-25 - appendix.docx" in watched.output
    assert (council / "output" / "Council Plan workplan - Q2 2024-25 - appendix.docx").is_file()
    assert [p.parent.name for p in (council / "drop").rglob("*.xlsx")] == ["processed"]

    due = pipeline("due", "--dry-run")
    assert (due.exit_code, due.output) == (0, "meetings.toml lists no meetings.\n")
    history = pipeline("history")
    assert history.exit_code == 0 and "watch Council Plan workplan.xlsx: built" in history.output

    shutil.copy(DEMO / WORKPLAN, council / WORKPLAN)
    built = pipeline("build", WORKPLAN)
    assert built.exit_code == 0 and built.output.startswith(str(Path("output") / "Council Plan workplan"))


def test_the_calendars_example_meeting_finds_the_tracker_the_watcher_filed(council: Path) -> None:
    """Uncommented as it stands, the example meeting builds from drop/processed/ once the watcher
    has filed the workbook there."""
    calendar = council / "meetings.toml"
    text = calendar.read_text(encoding="utf-8")
    example = text[text.index("# [[meeting]]"):]
    meeting = "\n".join(line[2:] for line in example.splitlines() if line.startswith("# "))
    calendar.write_text(text + "\n" + meeting.replace("2027-01-19", "2024-11-27") + "\n", encoding="utf-8")
    shutil.copy(DEMO / WORKPLAN, council / "drop" / WORKPLAN)
    assert pipeline("watch", "--once").exit_code == 0
    due = pipeline("due", "--dry-run", "--today", "2024-11-20")
    assert due.exit_code == 0, due.output
    assert "Executive 27 November 2024: outbox" in due.output, due.output
    # Built from the filed copy, the appendix keeps the tracker's own name (no filing time in it).
    assert sorted(p.name for p in (council / "output").glob("*.docx")) == [
        "Council Plan workplan - Q2 2024-25 - appendix.docx"]


def test_a_meeting_pointed_at_the_filed_copies_builds_the_latest_once(council: Path) -> None:
    calendar = council / "meetings.toml"
    calendar.write_text('[[meeting]]\ndate = 2024-11-27\ncommittee = "Executive"\n'
                        'tracker = "drop/processed/Council Plan workplan*.xlsx"\nto = ["clerk@council.example"]\n',
                        encoding="utf-8")
    for _ in range(2):  # dropped twice: two filed copies of one tracker
        shutil.copy(DEMO / WORKPLAN, council / "drop" / WORKPLAN)
        assert pipeline("watch", "--once").exit_code == 0
    assert len(list((council / "drop" / "processed").glob("*.xlsx"))) == 2
    due = pipeline("due", "--dry-run", "--today", "2024-11-20")
    assert due.exit_code == 0, due.output
    [message] = (council / "output" / "outbox").glob("*.eml")
    text = message.read_text(encoding="utf-8", errors="replace")
    assert text.count('filename="Council Plan workplan - Q2 2024-25 - appendix.docx"') == 1, text[:2000]


def test_the_templates_copied_are_the_ones_used(council: Path) -> None:
    summary = council / "templates" / "reports" / "workplan" / "summary.txt"
    summary.write_text(summary.read_text(encoding="utf-8").replace(
        "There are currently", "At the time of writing there are"), encoding="utf-8")
    shutil.copy(DEMO / WORKPLAN, council / WORKPLAN)
    assert pipeline("build", WORKPLAN).exit_code == 0
    [paragraph] = (council / "output").glob("*.txt")
    assert paragraph.read_text(encoding="utf-8").startswith("At the time of writing there are 58 initiatives")


def test_an_option_given_still_wins_over_the_settings_file(council: Path, tmp_path: Path) -> None:
    shutil.copy(DEMO / WORKPLAN, council / WORKPLAN)
    elsewhere = tmp_path / "elsewhere"
    assert pipeline("build", WORKPLAN, "--out", str(elsewhere)).exit_code == 0
    assert [Path(name).suffix for name in runs.written(elsewhere)] == [".docx", ".txt"]
    assert runs.written(council / "output") == []


def test_the_settings_file_given_from_elsewhere_keeps_its_own_folders(council: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(DEMO / WORKPLAN, council / "drop" / WORKPLAN)
    monkeypatch.chdir(tmp_path)  # as Task Scheduler might start it, in another folder
    watched = pipeline("--config", str(council / "pipeline.toml"), "watch", "--once")
    assert watched.exit_code == 0, watched.output
    assert len(list((council / "output").glob("*.docx"))) == 1 and not (tmp_path / "output").exists()


def test_init_never_overwrites_anything(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "pipeline.toml").write_text("[smtp]\nhost = \"mail\"\n", encoding="utf-8")
    refused = pipeline("init", str(folder))
    assert refused.exit_code == 2
    assert refused.output == (f"{folder / 'pipeline.toml'} is there already: 'pipeline init' never overwrites "
                              "anything; choose a new or empty folder, or move it out of the way.\n")
    assert [p.name for p in folder.iterdir()] == ["pipeline.toml"]  # nothing else was made
    assert (folder / "pipeline.toml").read_text(encoding="utf-8") == "[smtp]\nhost = \"mail\"\n"


def test_init_without_templates_uses_the_built_in_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert pipeline("init", str(tmp_path / "reports"), "--no-templates").exit_code == 0
    assert not (tmp_path / "reports" / "templates").exists()
    assert "templates" not in tomllib.loads((tmp_path / "reports" / "pipeline.toml").read_text())["defaults"]
    monkeypatch.chdir(tmp_path / "reports")
    shutil.copy(DEMO / WORKPLAN, WORKPLAN)
    assert pipeline("build", WORKPLAN).exit_code == 0


def test_a_misspelt_default_is_named_in_one_sentence(council: Path) -> None:
    settings = council / "pipeline.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('out = "output"', 'ouput = "output"'),
                        encoding="utf-8")
    result = pipeline("history")
    assert result.exit_code == 2
    assert result.output == ("The settings file pipeline.toml cannot be used: in defaults, 'ouput' is not a "
                             "setting: check its spelling (see pipeline.toml as 'pipeline init' writes it).\n")
