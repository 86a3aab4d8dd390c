"""The README and docs/commands.md say what the commands and the findings registry say: the
commands' own --help text, and the table of finding codes."""

import os
import re
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main
from pipeline.findings import codes_table

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"
COMMANDS = ROOT / "docs" / "commands.md"


def help_text() -> str:
    runner = CliRunner()
    blocks = []
    for command in [[], *[[name] for name in sorted(main.commands)]]:
        output = runner.invoke(main, [*command, "--help"], prog_name="pipeline", terminal_width=100).output
        blocks.append(f"## pipeline {' '.join(command)}".rstrip() + "\n\n```\n" + output.rstrip() + "\n```\n")
    return "\n".join(blocks)


def commands_page() -> str:
    return ("# Command reference\n\nThe same text as `pipeline --help` and `pipeline COMMAND --help` "
            "(generated: `UPDATE_README=1 pytest tests/test_readme.py`).\n\n" + help_text())


def _between(text: str, marker: str, content: str) -> str:
    return re.sub(rf"<!-- {marker}:start -->.*<!-- {marker}:end -->",
                  lambda _: f"<!-- {marker}:start -->\n{content}<!-- {marker}:end -->", text, flags=re.S)


def test_docs_show_every_commands_help():
    expected = commands_page()
    if os.environ.get("UPDATE_README"):
        COMMANDS.write_text(expected, encoding="utf-8")
    assert COMMANDS.read_text(encoding="utf-8") == expected


def test_readme_lists_every_finding_code():
    text = README.read_text(encoding="utf-8")
    if os.environ.get("UPDATE_README"):
        text = _between(text, "codes", codes_table())
        README.write_text(text, encoding="utf-8")
    assert f"<!-- codes:start -->\n{codes_table()}<!-- codes:end -->" in text


def test_readme_gives_the_two_quick_start_commands():
    text = README.read_text(encoding="utf-8")
    assert "```\nmake demo\nmake test\n```" in text
