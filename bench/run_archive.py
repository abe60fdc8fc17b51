"""Whole archives (issue 18): `triglot run` over a thousand document triples.

    python bench/run_archive.py [--docs 1000] [--runs 1] [--no-ray] [--keep DIR]

Builds a deterministic archive from TICO-19 (CC0; ../shared/bench/tico19): each of its
documents is cut into pieces of 2 to 6 consecutive sentences, one paragraph a sentence,
and the cutting is repeated from shifted starts until there are ``--docs`` pieces (so a
sentence may sit in two pieces, as boilerplate does in a real archive).  Then, each run a
fresh process writing to a new folder (engine loading included):

- 1 worker on a quarter of the archive and on all of it: documents per minute, and the
  linear-cost ratio (4x the documents should take <= 4.4x the time);
- 2 workers on all of it: the speed-up over 1 (target >= 1.7 on a 2-core machine);
- a rerun of that output with nothing left to do: its time against the full run (< 5 %);
- `--executor ray` with Ray started on this machine, 2 actors (skipped without Ray);
- peak memory: of the one process (1 worker), and of the largest worker (2 workers; the
  largest of the run's child processes, ru_maxrss).  Ray's actors are the raylet's
  children, not ours: their memory is not measured here.

Prints each measurement, the medians over ``--runs``, and the estimate for 100,000
document triples on N 16-core nodes from the measured per-document cost.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from data import shared_dir, tico_documents  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TRIGLOT = Path(sys.executable).parent / "triglot"


def build_archive(folder: Path, count: int, shared: Path) -> int:
    """``count`` document triples under ``folder/{zh,fr,en}``; the number of sentences."""
    docs = tico_documents(shared)
    rng = random.Random(18)
    pieces: list[list[dict[str, str]]] = []
    shift = 0
    while len(pieces) < count:
        for doc_id in sorted(docs):
            units = docs[doc_id][shift:]
            at = 0
            while at < len(units) and len(pieces) < count:
                size = rng.randint(2, 6)
                if len(units) - at >= 2:
                    pieces.append(units[at:at + size])
                at += size
        shift += 3
    for lang in ("zh", "fr", "en"):
        (folder / lang).mkdir(parents=True, exist_ok=True)
    for n, piece in enumerate(pieces):
        for lang in ("zh", "fr", "en"):
            (folder / lang / f"tico-{n:05d}.txt").write_text("\n\n".join(u[lang] for u in piece) + "\n",
                                                            encoding="utf-8")
    return sum(len(p) for p in pieces)


def subset(archive: Path, folder: Path, count: int) -> Path:
    for lang in ("zh", "fr", "en"):
        (folder / lang).mkdir(parents=True, exist_ok=True)
        for path in sorted((archive / lang).iterdir())[:count]:
            shutil.copy(path, folder / lang / path.name)
    return folder


# Runs the command as its child and prints, last on stderr, the peak RSS (KB) of the largest
# process under it: the run itself, or its largest worker (ru_maxrss of waited descendants).
_PEAK = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(r.returncode)")


def timed_run(texts: Path, out: Path, *options: str) -> tuple[float, float, dict]:
    """Wall seconds, peak MB of the largest process of the run, and the run's JSON summary."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _PEAK, str(TRIGLOT), "run", str(texts), "--out", str(out),
                             "--no-mt", "--json", *options],
                            cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "RAY_USAGE_STATS_ENABLED": "0"})
    wall = time.perf_counter() - start
    if result.returncode not in (0, 1):
        sys.exit(f"triglot run {' '.join(options)} failed:\n{result.stderr[-3000:]}")
    peak = int(result.stderr.strip().splitlines()[-1])
    return wall, peak / 1024, json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--no-ray", action="store_true")
    parser.add_argument("--shared", default=None)
    parser.add_argument("--keep", type=Path, default=None, help="keep the archive and outputs here")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="triglot-archive-"))
    work.mkdir(parents=True, exist_ok=True)
    archive = work / "archive"
    if not archive.is_dir():
        sentences = build_archive(archive, args.docs, shared_dir(args.shared))
        print(f"archive: {args.docs} document triples, {sentences} sentences a language, in {archive}")
    quarter = subset(archive, work / "quarter", args.docs // 4) if not (work / "quarter").is_dir() else work / "quarter"
    try:
        import ray  # noqa: F401
        has_ray = not args.no_ray
    except ImportError:
        has_ray = False

    measured: dict[str, list[tuple[float, float]]] = {}

    def measure(name: str, texts: Path, *options: str, out: Path | None = None) -> dict:
        target = out or work / f"out-{name}"
        if out is None:
            shutil.rmtree(target, ignore_errors=True)
        wall, peak, summary = timed_run(texts, target, *options)
        docs = summary["documents"]
        failed = sum(1 for d in docs if not d["ok"]) if docs and "ok" in docs[0] else \
            sum(1 for d in docs if d["error"])
        print(f"  {name}: {wall:.1f} s, {len(docs) / wall * 60:.0f} documents/min, peak {peak:.0f} MB"
              f"{f', {failed} failed' if failed else ''}, {sum(d['resumed'] for d in docs)} kept", flush=True)
        measured.setdefault(name, []).append((wall, peak))
        return summary

    for n in range(args.runs):
        print(f"run {n + 1} of {args.runs}", flush=True)
        measure("1 worker, quarter", quarter, "--jobs", "1")
        measure("1 worker", archive, "--jobs", "1")
        measure("2 workers", archive, "--jobs", "2")
        measure("resumed, nothing to do", archive, "--jobs", "2", out=work / "out-2 workers")
        if has_ray:
            measure("ray, 2 actors", archive, "--executor", "ray", "--jobs", "2")

    def median(name: str, what: int = 0) -> float:
        return statistics.median(m[what] for m in measured[name])

    one, two, quarter_time = median("1 worker"), median("2 workers"), median("1 worker, quarter")
    print("\nmedians")
    for name in measured:
        print(f"  {name}: {median(name):.1f} s, {args.docs / median(name) * 60 if 'quarter' not in name else args.docs / 4 / median(name) * 60:.0f} documents/min, "
              f"peak {median(name, 1):.0f} MB")
    print(f"linear cost: 4x the documents took {one / quarter_time:.2f}x the time (target <= 4.4)")
    print(f"2 workers: {one / two:.2f}x the throughput of 1 (target >= 1.7)")
    print(f"resumed run with nothing to do: {median('resumed, nothing to do') / two * 100:.1f} % of the full run "
          f"(target < 5 %)")
    # Per-document cost from the two sizes (the difference removes start-up), on 1 core.
    per_doc = (one - quarter_time) / (args.docs - args.docs // 4)
    startup = max(0.0, one - per_doc * args.docs)
    print(f"\nper document: {per_doc * 1000:.0f} ms of one core; start-up (engines) {startup:.1f} s a worker")
    for nodes in (1, 4, 16):
        workers = nodes * 16
        hours = (100_000 * per_doc / workers + startup) / 3600
        print(f"  100,000 document triples on {nodes} x 16-core node(s): ~{hours:.1f} h, "
              f"{median('2 workers', 1) / 1024 * 16:.0f} GB of memory a node (16 workers)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
