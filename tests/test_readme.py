"""The README's command reference is the commands' own --help text."""

import os
import re
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main

README = Path(__file__).parent.parent / "README.md"


def help_text() -> str:
    runner = CliRunner()
    blocks = []
    for command in [[], *[[name] for name in sorted(main.commands)]]:
        output = runner.invoke(main, [*command, "--help"], prog_name="pipeline", terminal_width=100).output
        blocks.append(f"### pipeline {' '.join(command)}".rstrip() + "\n\n```\n" + output.rstrip() + "\n```\n")
    return "\n".join(blocks)


def test_readme_shows_every_commands_help():
    text = README.read_text(encoding="utf-8")
    expected = help_text()
    if os.environ.get("UPDATE_README"):
        text = re.sub(r"<!-- help:start -->.*<!-- help:end -->",
                      lambda _: f"<!-- help:start -->\n{expected}<!-- help:end -->", text, flags=re.S)
        README.write_text(text, encoding="utf-8")
    assert expected in text


def test_readme_gives_the_two_quick_start_commands():
    text = README.read_text(encoding="utf-8")
    assert "```\nmake demo\nmake test\n```" in text
