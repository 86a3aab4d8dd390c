"""The pipeline as a council installs it: a wheel built from this checkout, installed into a fresh
virtual environment, and run from another folder. It builds the demo trackers, then `pipeline
init` makes a working folder where `pipeline build` works with no options.

Offline, and on a clean machine: the wheel is built with the setuptools of the running
environment (`--no-build-isolation`), installed with `--no-index --no-deps`, and the fresh
environment is given, through a .pth file, a folder holding only the distributions the wheel
declares it needs (and theirs, in turn), linked from the running environment. So a module the
pipeline imports but does not declare fails here, as it would for a council."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).parent.parent
SCRIPTS = "Scripts" if os.name == "nt" else "bin"
EXE = ".exe" if os.name == "nt" else ""


def run(command: list[str | Path], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """A command with nothing of this checkout in its environment: no PIPELINE_*, PYTHONPATH or venv."""
    environment = {name: value for name, value in os.environ.items()
                   if not name.startswith("PIPELINE_") and name not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    return subprocess.run([str(part) for part in command], cwd=cwd, env=environment, capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout, check=False)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"{result.args}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def build_wheel(work: Path) -> Path:
    """The wheel, built from a copy of the sources (setuptools leaves build/ and *.egg-info behind)."""
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "pipeline", source / "pipeline", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    ok(run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "--quiet",
            "--wheel-dir", work / "dist", source], work))
    [wheel] = (work / "dist").glob("council_pipeline-*.whl")
    return wheel


def declared(wheel: Path) -> list[Requirement]:
    """The Requires-Dist of the wheel, without the extras (test, bench)."""
    with zipfile.ZipFile(wheel) as archive:
        [name] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        text = archive.read(name).decode("utf-8")
    wanted = [Requirement(line.split(":", 1)[1].strip()) for line in text.splitlines()
              if line.startswith("Requires-Dist:")]
    return [r for r in wanted if r.marker is None or r.marker.evaluate({"extra": ""})]


def needed(requirements: list[Requirement]) -> list[metadata.Distribution]:
    """The installed distributions `requirements` need, and theirs in turn (markers and extras heeded)."""
    found: dict[str, metadata.Distribution] = {}
    waiting = [(r, set(r.extras)) for r in requirements]
    while waiting:
        requirement, extras = waiting.pop()
        dist = metadata.distribution(requirement.name)
        key = dist.metadata["Name"].lower().replace("_", "-")
        if key in found and not extras:
            continue
        found[key] = dist
        for line in dist.requires or []:
            child = Requirement(line)
            if child.marker is None or any(child.marker.evaluate({"extra": e}) for e in extras or {""}):
                waiting.append((child, set(child.extras)))
    return list(found.values())


def link_distributions(dists: list[metadata.Distribution], folder: Path) -> None:
    """Each distribution's top-level files and folders, linked (or copied) into `folder`."""
    folder.mkdir()
    for dist in dists:
        site = Path(str(dist.locate_file("")))
        for top in sorted({Path(str(f)).parts[0] for f in dist.files or [] if not str(f).startswith("..")}):
            if top == "__pycache__" or (folder / top).exists():
                continue
            try:
                (folder / top).symlink_to(site / top, target_is_directory=(site / top).is_dir())
            except OSError:  # Windows without the right to make links
                (shutil.copytree if (site / top).is_dir() else shutil.copy2)(site / top, folder / top)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fresh environment's folder of scripts, with the wheel installed."""
    work = tmp_path_factory.mktemp("wheel")
    wheel = build_wheel(work)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {"pipeline/templates/house/appendix.docx", "pipeline/templates/reports/workplan/report.toml",
            "pipeline/templates/email/body.html", "pipeline/py.typed"} <= names
    assert not any(name.startswith("tests/") for name in names)

    venv = work / "venv"
    ok(run([sys.executable, "-m", "venv", "--without-pip", venv], work))
    python = venv / SCRIPTS / f"python{EXE}"
    ok(run([sys.executable, "-m", "pip", "--python", python, "install", "--no-index", "--no-deps", "--quiet",
            wheel], work))
    link_distributions(needed(declared(wheel)), work / "dependencies")
    site = Path(ok(run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], work)).strip())
    (site / "dependencies.pth").write_text(f"{work / 'dependencies'}\n", encoding="utf-8")
    assert site != Path(sysconfig.get_path("purelib"))
    return venv / SCRIPTS


def test_the_installed_package_is_the_wheel_with_its_templates(installed: Path, tmp_path: Path) -> None:
    found = ok(run([installed / f"python{EXE}", "-c", "import pipeline, pipeline.reports as r; "
                    "print(pipeline.__file__); print(r.built_in_templates())"], tmp_path)).splitlines()
    venv = installed.parent.resolve()
    assert all(Path(line).resolve().is_relative_to(venv) for line in found), found
    assert ok(run([installed / f"pipeline{EXE}", "--version"], tmp_path)) == "pipeline, version 0.1.0\n"
    assert "init" in ok(run([installed / f"python{EXE}", "-m", "pipeline", "--help"], tmp_path))


def test_it_builds_the_demo_trackers_from_another_folder(installed: Path, tmp_path: Path) -> None:
    trackers = sorted((ROOT / "input").glob("*.xlsx"))
    printed = ok(run([installed / f"pipeline{EXE}", "build", *trackers, "--out", tmp_path / "appendices"], tmp_path))
    made = sorted(p.name for p in (tmp_path / "appendices").glob("*.docx"))
    assert made == ["Continuous Improvement Plan - January 2026 - appendix.docx",
                    "Council Plan workplan - Q2 2024-25 - appendix.docx"]
    assert all(name in printed for name in made)


def test_init_then_build_works_in_the_folder_it_made(installed: Path, tmp_path: Path) -> None:
    pipeline = installed / f"pipeline{EXE}"
    ok(run([pipeline, "init", "Council reports"], tmp_path))
    folder = tmp_path / "Council reports"
    assert (folder / "templates" / "house" / "appendix.docx").is_file()
    shutil.copy(ROOT / "input" / "Council Plan workplan.xlsx", folder / "drop" / "Council Plan workplan.xlsx")
    ok(run([pipeline, "build", Path("drop") / "Council Plan workplan.xlsx"], folder))
    assert (folder / "output" / "Council Plan workplan - Q2 2024-25 - appendix.docx").is_file()
    assert "Council Plan workplan.xlsx: built" in ok(run([pipeline, "watch", "--once"], folder))
    assert "lists no meetings" in ok(run([pipeline, "due"], folder))


def test_every_module_imports_with_only_the_declared_dependencies(installed: Path, tmp_path: Path) -> None:
    python = installed / f"python{EXE}"
    imported = ok(run([python, "-c", "import importlib, pkgutil, pipeline\n"
                       "names = [m.name for m in pkgutil.walk_packages(pipeline.__path__, 'pipeline.')\n"
                       "         if m.name != 'pipeline.__main__']  # that one runs the command\n"
                       "for name in names: importlib.import_module(name)\n"
                       "print(len(names))"], tmp_path))
    assert int(imported) > 60
    for undeclared in ("pytest", "aiosmtpd", "hypothesis"):  # the test extra is not there
        assert run([python, "-c", f"import {undeclared}"], tmp_path).returncode == 1
