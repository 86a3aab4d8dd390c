"""The docs say what the commands and the findings registry say: docs/commands.md the commands'
own --help text, docs/findings.md the table of finding codes."""

import glob
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main
from pipeline.findings import codes_table

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"
COMMANDS = ROOT / "docs" / "commands.md"
FINDINGS = ROOT / "docs" / "findings.md"


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


def test_docs_show_every_commands_help():
    expected = commands_page()
    if os.environ.get("UPDATE_README"):
        COMMANDS.write_text(expected, encoding="utf-8")
    assert COMMANDS.read_text(encoding="utf-8") == expected


def findings_page() -> str:
    return ("# What the pipeline says about a tracker\n\nEvery finding has a code, a severity, the file, "
            "sheet and cell, and a message saying what to change. Errors stop a build (unless `--force`); "
            "warnings are worth a look; notes say what was read and how. `pipeline validate --format json` "
            "gives them for scripts. (Generated from the findings registry, `pipeline/findings.py`: "
            "`UPDATE_README=1 pytest tests/test_readme.py`.)\n\n" + codes_table())


def test_docs_list_every_finding_code():
    expected = findings_page()
    if os.environ.get("UPDATE_README"):
        FINDINGS.write_text(expected, encoding="utf-8")
    assert FINDINGS.read_text(encoding="utf-8") == expected
    assert "(docs/findings.md)" in README.read_text(encoding="utf-8")


def test_readme_gives_the_two_quick_start_commands():
    text = README.read_text(encoding="utf-8")
    assert "```\nmake demo\nmake test\n```" in text


def transcript() -> list[tuple[str, list[str]]]:
    """Each `$ command` in the README's "What using it looks like", with the lines shown after it."""
    section = README.read_text(encoding="utf-8").split("## What using it looks like")[1].split("\n## ")[0]
    steps: list[tuple[str, list[str]]] = []
    for block in section.split("```")[1::2]:
        for line in block.strip("\n").splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            elif steps:
                steps[-1][1].append(line)
    return steps


def test_the_readmes_transcript_is_what_the_commands_say(tmp_path):
    """Run in a copy of the checkout's input/: every line the README shows (bar those it shortens
    with "...") is in what the command says, wrapped lines allowed; `echo $?` is the exit code."""
    shutil.copytree(ROOT / "input", tmp_path / "input")
    steps = transcript()
    assert [command.split()[:2] for command, _ in steps][:2] == [["pipeline", "build"]] * 2
    code = None
    for command, shown in steps:
        if command == "echo $?":
            assert shown == [str(code)]
            continue
        words = [match for word in shlex.split(command)[1:] for match in (sorted(glob.glob(word, root_dir=tmp_path))
                                                                          if "*" in word else [word])]
        done = subprocess.run([sys.executable, "-m", "pipeline", *words, "--today", "2026-11-29"] if
                              words[0] in ("build", "summary") else [sys.executable, "-m", "pipeline", *words],
                              cwd=tmp_path, capture_output=True, text=True, check=False)
        code, said = done.returncode, " ".join((done.stdout + done.stderr).split())
        for line in shown:
            if "..." not in line:
                assert " ".join(line.split()) in said, (command, line, said)
