"""One uploaded tracker, checked and built: saved under a safe name in a temporary folder of its
own, built by `run.build` (which reads it through the same safety scan as every other way in),
recorded in the run log, and the temporary folder removed. The outputs go to a folder of the
run's own in the output folder, so that two uploads never write over each other."""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .. import run
from ..deliver.runlog import Entry, RunLog, facts, status_of
from ..files import safe_name
from .site import Site

SOURCE = "web"
WEB_OUTPUTS = "web"
MAX_LOOKBACK = 5000  # runs back from the newest whose files are offered for download
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])$", re.IGNORECASE)  # names Windows keeps


@dataclass(frozen=True)
class Checked:
    run_id: int
    name: str  # the upload's name, made safe: what the page and the run log call it
    outcome: run.Built | run.Blocked | run.Refused | run.Failed


def upload_name(given: str | None) -> str:
    """A name for an uploaded file that is safe on Windows and Linux, whatever the browser sent:
    the last part of any path, without characters a file name cannot hold, not hidden, not a
    device name, and not too long."""
    last = re.split(r"[\\/]", given or "")[-1]
    stem, dot, suffix = last.rpartition(".")
    if not dot:
        stem, suffix = last, ""
    stem = stem.lstrip(" .") if stem.strip(" .") else "tracker"
    suffix = re.sub(r"[^A-Za-z0-9]", "", suffix)[:8]
    stem = safe_name(stem)
    if _RESERVED.match(stem):
        stem = f"{stem} tracker"
    return f"{stem}.{suffix}" if suffix else stem


def check(site: Site, given_name: str | None, upload: BinaryIO) -> Checked:
    """Save, build and log one upload; any failure of the pipeline is one sentence, never a trace."""
    name = upload_name(given_name)
    runlog = RunLog(site.out)
    with tempfile.TemporaryDirectory(prefix="pipeline-upload-", ignore_cleanup_errors=True) as work:
        path = Path(work) / name
        digest = _save(upload, path)
        run_id = runlog.start(SOURCE, name, digest)
        outcome = _build(site, path, site.out / WEB_OUTPUTS / str(run_id))
        runlog.finish(run_id, status_of(outcome), facts(outcome))
    return Checked(run_id, name, outcome)


def _save(upload: BinaryIO, path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("wb") as handle:
        for block in iter(lambda: upload.read(1 << 20), b""):
            digest.update(block)
            handle.write(block)
    return digest.hexdigest()


def _build(site: Site, path: Path, out: Path) -> run.Built | run.Blocked | run.Refused | run.Failed:
    request = run.Request(tracker=path, today=site.today(), templates=site.templates)
    try:
        return run.build(request, out, pdf=site.pdf)
    except Exception as exc:  # noqa: BLE001 - one upload must never take the page down or show a trace
        site.report(f"{path.name}: the build stopped unexpectedly ({type(exc).__name__}: {exc}).")
        return run.Refused(path, f"{path.name} could not be checked because the pipeline stopped unexpectedly; "
                                 "nothing was built: send the file to the performance team.")


def find_run(runlog: RunLog, run_id: int) -> Entry | None:
    """The run `run_id` as the run log has it, if it is among the latest MAX_LOOKBACK runs."""
    newest = runlog.history(1)
    if not newest or not 0 < run_id <= newest[0].id or newest[0].id - run_id >= MAX_LOOKBACK:
        return None
    return next((entry for entry in runlog.history(newest[0].id - run_id + 1) if entry.id == run_id), None)


def output_file(site: Site, entry: Entry, name: str) -> Path | None:
    """The file called `name` that run `entry` made, if the run log records it and it is still in
    the output folder; nothing else is ever served."""
    folder = site.out.resolve()
    for recorded in entry.outputs:
        path = Path(recorded.path)
        if path.name == name and path.resolve().is_relative_to(folder) and path.is_file():
            return path
    return None
