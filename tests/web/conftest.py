"""The web page as officers meet it: `pipeline web` started for real in a fresh folder, on a free
port on 127.0.0.1, answered by real HTTP requests and by Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests import builders

PIPELINE = str(Path(sys.executable).with_name("pipeline"))
INPUT = Path(__file__).parent.parent.parent / "input"
TODAY = "2026-11-22"


class Server:
    """A running `pipeline web`, its address, and everything it printed."""

    def __init__(self, folder: Path, *options: str, settings: str | None = None, env: dict[str, str] | None = None):
        self.folder, self.out = folder, folder / "output"
        if settings is not None:
            (folder / "pipeline.toml").write_text(settings, encoding="utf-8")
        self.lines: list[str] = []
        environment = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
        environment.pop("PIPELINE_DEBUG", None)
        self.process = subprocess.Popen([PIPELINE, "web", "--port", "0", "--out", "output", "--today", TODAY,
                                         *options], cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, env=environment)
        first = self.process.stdout.readline()
        assert first.startswith("Serving the web page at http://"), first + self.process.stdout.read()
        # listening on every address (0.0.0.0), it is reached here through this computer's own
        self.url = first.split(" at ", 1)[1].split(" ", 1)[0].replace("0.0.0.0", "127.0.0.1")
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> int:
        self.process.terminate()
        code = self.process.wait(timeout=120)
        self._reader.join(timeout=30)
        return code


@pytest.fixture
def start_server(tmp_path):
    """Start `pipeline web` in a fresh folder (with a settings file, if given); each is stopped,
    and must stop cleanly having printed no trace, when the test ends."""
    servers = []

    def start(*options: str, settings: str | None = None, folder: Path | None = None,
              env: dict[str, str] | None = None) -> Server:
        place = folder or tmp_path / f"site{len(servers)}"
        place.mkdir(exist_ok=True)
        server = Server(place, *options, settings=settings, env=env)
        servers.append(server)
        return server

    yield start
    for server in servers:
        code = server.stop()
        printed = "\n".join(server.lines)
        assert "Traceback" not in printed, printed
        assert code == 0 and printed.endswith("Stopped."), printed


@pytest.fixture
def server(start_server):
    return start_server()


@pytest.fixture(scope="session")
def trackers(tmp_path_factory) -> dict[str, Path]:
    """The trackers an officer would upload: the seed workbook as published (its error at
    Workplan!B60), the demo improvement plan and workplan, and two hostile files."""
    from tests import badfiles

    folder = tmp_path_factory.mktemp("uploads")
    seed = builders.workplan_seed_exact(folder / "Council Plan workplan (as published).xlsx")
    improvement = Path(shutil.copy(INPUT / "Continuous Improvement Plan.xlsx", folder))
    workplan = Path(shutil.copy(INPUT / "Council Plan workplan.xlsx", folder))
    bomb_folder = folder / "bomb"
    bomb_folder.mkdir()
    bomb = badfiles.zip_bomb(bomb_folder / "Quarterly tracker.xlsx", gigabytes=1)
    locked_folder = folder / "locked"
    locked_folder.mkdir()
    encrypted = badfiles.encrypted(locked_folder / "Service plan.xlsx")
    return {"seed": seed, "improvement": improvement, "workplan": workplan, "zip bomb": bomb,
            "encrypted": encrypted}
