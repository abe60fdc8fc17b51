#!/usr/bin/env python3
"""Benchmark triglot's sentence aligner on MAC-Dev (zh→en, presplit, gold beads).

Reads ../shared/bench/mac-dev (override with TRIGLOT_SHARED=/path/to/shared).
Only the raw zh/NNN and en/NNN lines are used (not the .tok or .trans files).

    python bench/align_mac.py                 # accuracy + timings (3 runs) + scaling + memory
    python bench/align_mac.py --quick         # accuracy only (one run)
    python bench/align_mac.py --out DIR       # also write predicted NNN.align files

Prints strict/lax P/R/F1 per chapter and pooled, the bead-type breakdown, the
median wall time of a full run in a fresh process (model load included), the
time of a 4× longer input (chapters concatenated) against a quarter of it, and
peak memory.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before numpy: the machine's 2 cores are shared
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from data import load_macdev  # noqa: E402  (sets up the path)

TARGET_F1 = 0.93
TARGET_SECONDS = 60.0
TARGET_SCALING = 4.5
TARGET_RSS_MB = 1500


def run_once(out_dir: Path | None = None) -> dict:
    """Load the engines and align every chapter: what a user's run costs."""
    start = time.perf_counter()
    from align.aligner import align_pair, evaluate, load_aligner_engines, write_beads

    engines = load_aligner_engines()
    loaded = time.perf_counter()
    docs = load_macdev()
    preds, per_doc = [], {}
    for doc, zh, en, gold in docs:
        t0 = time.perf_counter()
        result = align_pair(zh, en, "zh", "en", engines=engines)
        preds.append(list(result.beads))
        r = evaluate([gold], [preds[-1]])
        per_doc[doc] = {"strict_f1": r.strict_f1, "lax_f1": r.lax_f1, "seconds": time.perf_counter() - t0,
                        "zh": len(zh), "en": len(en)}
        if out_dir is not None:
            write_beads(out_dir / f"{doc}.align", result.beads)
    total = time.perf_counter() - start
    pooled = evaluate([d[3] for d in docs], preds)
    return {"seconds": total, "load_seconds": loaded - start, "per_doc": per_doc,
            "summary": pooled.summary(), "strict_f1": pooled.strict_f1, "lax_f1": pooled.lax_f1,
            "types": pooled.type_table(), "signature": result.signature,
            "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_scaling() -> dict:
    """Time of one document made of all chapters against one a quarter as long (engines preloaded)."""
    from align.aligner import align_pair, load_aligner_engines

    engines = load_aligner_engines()
    docs = load_macdev()
    zh = [s for d in docs for s in d[1]]
    en = [s for d in docs for s in d[2]]
    # The small input: the first quarter of every chapter (cut at a gold bead boundary, so
    # both sides still correspond), i.e. the same mix of books, a quarter of the size.
    quarter_zh, quarter_en = [], []
    for doc, z, e, gold in docs:
        cut_zh = cut_en = 0
        for bead in gold:
            if cut_zh >= len(z) // 4:
                break
            cut_zh += len(bead.src)
            cut_en += len(bead.tgt)
        quarter_zh += z[:cut_zh]
        quarter_en += e[:cut_en]
    align_pair(zh[:50], en[:60], "zh", "en", engines=engines)  # warm caches (jieba, lemmas)
    times = {}
    for name, (z, e) in {"quarter": (quarter_zh, quarter_en), "full": (zh, en)}.items():
        t0 = time.perf_counter()
        align_pair(z, e, "zh", "en", engines=engines)
        times[name] = {"seconds": time.perf_counter() - t0, "zh": len(z), "en": len(e)}
    times["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return times


def child(mode: str) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), f"--child-{mode}"]
    t0 = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - t0
    result = json.loads(out.strip().splitlines()[-1])
    result["wall"] = wall
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="accuracy only, one run")
    parser.add_argument("--runs", type=int, default=3, help="full runs for the median time")
    parser.add_argument("--out", type=Path, help="write predicted .align files here")
    parser.add_argument("--child-run", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-scaling", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_run:
        print(json.dumps(run_once()))
        return
    if args.child_scaling:
        print(json.dumps(run_scaling()))
        return

    first = run_once(args.out) if args.quick or args.out else child("run")
    print(f"MAC-Dev ({len(first['per_doc'])} chapters, zh→en, presplit) — {first['signature']}")
    print(f"{'doc':>4} {'zh':>5} {'en':>5} {'strict F1':>10} {'lax F1':>8} {'sec':>6}")
    for doc, d in first["per_doc"].items():
        print(f"{doc:>4} {d['zh']:>5} {d['en']:>5} {d['strict_f1']:>10.3f} {d['lax_f1']:>8.3f} {d['seconds']:>6.1f}")
    print(f"pooled: {first['summary']}   (target strict F1 >= {TARGET_F1})")
    print(first["types"])
    if args.quick or args.out:
        return
    walls = [first["wall"]] + [child("run")["wall"] for _ in range(args.runs - 1)]
    rss = first["max_rss_mb"]
    print(f"wall time, whole MAC-Dev in a fresh process (model load included), {len(walls)} runs: "
          f"median {statistics.median(walls):.1f} s (min {min(walls):.1f}, max {max(walls):.1f}); "
          f"engine load {first['load_seconds']:.1f} s   (target < {TARGET_SECONDS:.0f} s)")
    scale = [child("scaling") for _ in range(max(1, args.runs))]
    quarter = statistics.median(s["quarter"]["seconds"] for s in scale)
    full = statistics.median(s["full"]["seconds"] for s in scale)
    s0 = scale[0]
    print(f"scaling: {s0['quarter']['zh']}/{s0['quarter']['en']} sentences {quarter:.1f} s, "
          f"{s0['full']['zh']}/{s0['full']['en']} sentences (all chapters as one document) {full:.1f} s: "
          f"ratio {full / quarter:.2f} for {(s0['full']['zh'] + s0['full']['en']) / (s0['quarter']['zh'] + s0['quarter']['en']):.2f}× the input "
          f"(target <= {TARGET_SCALING})")
    peak = max([rss] + [s["max_rss_mb"] for s in scale])
    print(f"peak RSS: {rss:.0f} MB for MAC-Dev, {peak:.0f} MB with the concatenated document "
          f"(target < {TARGET_RSS_MB} MB)")


if __name__ == "__main__":
    main()
