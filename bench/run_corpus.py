"""Wall time and peak memory of a full `triglot run` on the corpus (the user's main job).

    python bench/run_corpus.py [--runs 3] [--texts texts]

Each run is a fresh process (model loading included) writing to a new folder;
the script prints every run and the median.  Targets (issue 5): report written in
under 30 s wall, peak memory under 600 MB.  The machines are shared: read medians.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def one_run(texts: Path) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "align.cli", "run", str(texts), "--out", out, "--json"],
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if not (Path(out) / "ai-governance-2024" / "check.html").exists() and \
                not any(Path(out).glob("*/check.html")):
            raise SystemExit("the run wrote no report")
    # ru_maxrss of children is the maximum over all children so far (KiB on Linux).
    return wall, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--texts", type=Path, default=ROOT / "texts")
    args = parser.parse_args()
    walls, peaks = [], []
    for n in range(args.runs):
        wall, peak = one_run(args.texts)
        walls.append(wall)
        peaks.append(peak)
        print(f"run {n + 1}: {wall:.1f} s wall, peak RSS {peak:.0f} MB")
    load = os.getloadavg()[0]
    print(f"median: {statistics.median(walls):.1f} s wall (targets: < 30 s), "
          f"peak RSS {max(peaks):.0f} MB (< 600 MB); load average {load:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
