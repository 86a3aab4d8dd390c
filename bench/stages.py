"""Time each stage of one build in this process: read, merge (identify and merge), validate,
summarise, render (the appendix's XML), package (the .docx zipped), write."""

from __future__ import annotations

import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path


def stage_times(path: Path) -> dict[str, float]:
    import gc

    gc.disable()  # as run.py does for a build
    times: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        times[name] = now - clock
        clock = now

    from pipeline import reports
    from pipeline.files import write_atomic
    from pipeline.identify import identify
    from pipeline.merge import merge
    from pipeline.read import read
    from pipeline.render import compose
    from pipeline.summarise import summarise
    from pipeline.validate import validate

    lap("import")
    types = reports.load_all()
    tracker = read(path, types)
    report = next(r for r in types if r.name == tracker.report)
    lap("read")
    identity = identify(tracker.records, tracker.rounds, report)
    plan = merge(tracker, report, identity)
    lap("merge")
    validate(tracker, report, date(2026, 11, 22), identity, plan)
    lap("validate")
    summary = summarise(plan, report)
    lap("summarise")
    made = compose(plan, summary, report)
    lap("render")
    document = made.docx()
    lap("package")
    with tempfile.TemporaryDirectory() as folder:
        write_atomic(Path(folder) / "appendix.docx", document)
    lap("write")
    return times


if __name__ == "__main__":
    print(json.dumps(stage_times(Path(sys.argv[1]))))
