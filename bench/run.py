"""The benchmark: `make bench`.

Generates synthetic trackers (4 round sheets, 10-30 groups, realistic text) at 100, 1,000,
5,000 and 20,000 actions, times `pipeline build` as a whole process (median of several runs)
and each stage inside it, records peak memory, and measures side by side, run in turn with
ours, the obvious alternative (pandas + docxtpl) and the floor (python-calamine + one XML
string, zipped), both making the same table. Prints a table, the ratios and the scaling
exponent.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
PIPELINE = Path(sys.executable).with_name("pipeline")


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed")
    return elapsed, usage.ru_maxrss / 1024


def median_of(command: list[str], runs: int) -> tuple[float, float]:
    results = [timed(command) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def tracker(size: int) -> Path:
    from bench.generate import tracker as generate

    path = CACHE / f"tracker-{size}.xlsx"
    if not path.exists():
        generate(path, size)
    return path


def measure(size: int, runs: int, alternatives: bool) -> dict:
    """Our build and the yardsticks, run in turn (ours, the floor, the alternative, ours ...),
    so that the machine speeding up or slowing down between runs falls on each alike; each
    ratio is the median of the ratios of runs made side by side."""
    path = tracker(size)
    with tempfile.TemporaryDirectory() as folder:
        commands = {"ours": [str(PIPELINE), "build", str(path), "--out", folder],
                    "floor": [sys.executable, str(HERE / "alternatives.py"), "floor", str(path), f"{folder}/f.docx"]}
        if alternatives:
            commands["obvious"] = [sys.executable, str(HERE / "alternatives.py"), "obvious", str(path),
                                   f"{folder}/o.docx"]
        times: dict[str, list[float]] = {name: [] for name in commands}
        peak = 0.0
        for _ in range(runs):
            for name, command in commands.items():
                elapsed, memory = timed(command)
                times[name].append(elapsed)
                peak = max(peak, memory) if name == "ours" else peak
    stages = json.loads(subprocess.run([sys.executable, str(HERE / "stages.py"), str(path)], capture_output=True,
                                       text=True, check=True, cwd=HERE.parent).stdout)
    ours = times["ours"]
    return {"size": size, "ours": statistics.median(ours), "peak_mb": peak,
            "floor": statistics.median(times["floor"]),
            "over_floor": statistics.median(o / f for o, f in zip(ours, times["floor"])),
            "obvious": statistics.median(times["obvious"]) if alternatives else None,
            "obvious_over": statistics.median(b / o for o, b in zip(ours, times["obvious"])) if alternatives else None,
            "stages": stages}


def startup(runs: int) -> float:
    return median_of([str(PIPELINE), "--help"], runs)[0]


def seed_sized(runs: int) -> float:
    from bench.generate import tracker as generate

    path = CACHE / "tracker-60.xlsx"
    if not path.exists():
        generate(path, 60)
    with tempfile.TemporaryDirectory() as folder:
        return median_of([str(PIPELINE), "build", str(path), "--out", folder], runs)[0]


def exponent(rows: list[dict]) -> float | None:
    usable = [r for r in rows if r["size"] >= 1000]
    if len(usable) < 2:
        return None
    first, last = usable[0], usable[-1]
    return math.log(last["ours"] / first["ours"]) / math.log(last["size"] / first["size"])


def table(rows: list[dict]) -> str:
    lines = ["| actions | build (s) | peak (MB) | floor (s) | build / floor | pandas+docxtpl (s) | pandas+docxtpl / build "
             "| read | merge | validate | render | package |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        s = r["stages"]
        obvious = f"{r['obvious']:.2f} | {r['obvious_over']:.1f}x" if r["obvious"] else "not run | -"
        lines.append(f"| {r['size']:,} | {r['ours']:.2f} | {r['peak_mb']:.0f} | {r['floor']:.2f} | "
                     f"{r['over_floor']:.2f}x | {obvious} | {s['read']:.2f} | {s['merge']:.2f} | "
                     f"{s['validate']:.2f} | {s['render']:.2f} | {s['package']:.2f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000, 20000])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (the median is reported)")
    parser.add_argument("--obvious-up-to", type=int, default=5000,
                        help="largest size at which to time pandas + docxtpl (it is slow)")
    options = parser.parse_args()
    sys.path.insert(0, str(HERE.parent))
    rows = []
    for size in options.sizes:
        rows.append(measure(size, options.runs, size <= options.obvious_up_to))
        print(f"measured {size:,} actions", file=sys.stderr)
    print(table(rows))
    slope = exponent(rows)
    if slope is not None:
        usable = [r for r in rows if r["size"] >= 1000]
        print(f"\nScaling exponent of build time from {usable[0]['size']:,} to {usable[-1]['size']:,} actions: {slope:.2f}")
    print(f"Seed-sized plan (60 actions x 4 rounds): build {seed_sized(options.runs * 2):.2f} s; "
          f"`pipeline --help` {startup(10):.2f} s")


if __name__ == "__main__":
    main()
