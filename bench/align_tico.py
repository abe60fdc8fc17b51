#!/usr/bin/env python3
"""Trilingual aligner benchmark on TICO-19 (CC0): zh-fr, zh-en and fr-en, out of domain.

MAC-Dev (bench/align_mac.py) is zh-en literature.  This script measures the pairs triglot is
mostly used for, on non-fiction (medical, Wikipedia, news), with omissions:

    python bench/align_tico.py                  # the 15 held-out documents, seed 1
    python bench/align_tico.py --seeds 1 2 3    # several perturbations, medians reported
    python bench/align_tico.py --all-documents --merge 0.25 --drop 0.03

TICO-19's translation memories are one sentence per unit in every language.  Joined on their
unit ids they give 31 documents (3,071 units) that are 1-1 in zh, fr and en; PubMed_8 is left
out (its French is not parallel, see data.NOT_PARALLEL).  Every other document (sorted by name) may
be used to fit the bead model (bench/fit_bead_model.py, with another seed); the rest are held
out and are the ones scored by default.  The benchmark makes the n-m links itself,
independently in each language and with a seeded RNG:
- each sentence boundary is removed with probability ``--merge`` (two units become one
  sentence in that language only: 1-2, 2-1, 2-2 and longer beads between languages);
- each unit is left out with probability ``--drop`` (an omission: 1-0 / 0-1 beads).
Gold beads for a pair are the connected groups of sentences that share a unit.

It prints strict/lax F1 for each pair aligned on its own (``direct``, against the gold above)
and after the three-way repair and closure (``consistent``: what ``triglot run`` stores).  The
consistent pairs close links through the original (zh↔fr and zh↔en imply fr↔en), so where
only zh merges two units, fr-en gets a 2-2 bead; they are scored against the gold closed the
same way, and, for the cost of that convention, against the unclosed gold too.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from itertools import combinations

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from data import LANGS, NOT_PARALLEL, shared_dir, tico_documents  # noqa: E402  (sets up the path)

from align.lang.script import join  # noqa: E402

MERGE = 0.15  # chance a sentence boundary is removed in one version
DROP = 0.02  # chance a unit is left out of one version


@dataclass(frozen=True)
class Version:
    """One language of a perturbed document: its sentences and the units each one carries."""

    lang: str
    sentences: tuple[str, ...]
    units: tuple[tuple[int, ...], ...]


def split(names) -> tuple[list[str], list[str]]:
    """Documents the bead model may be fitted on (every other one, sorted) and held-out ones."""
    names = sorted(names)
    return names[0::2], names[1::2]


def perturbed(docs, seed: int, merge: float, drop: float):
    """(name, {lang: Version}) for every document, one seeded RNG across them, in name order."""
    import random

    rng = random.Random(seed)
    for name in sorted(docs):
        yield name, {lang: perturb(docs[name], lang, rng, merge, drop) for lang in LANGS}


def perturb(units: list[dict[str, str]], lang: str, rng, merge: float, drop: float) -> Version:
    kept = [k for k in range(len(units)) if rng.random() >= drop] or [0]
    groups: list[list[int]] = [[kept[0]]]
    for k in kept[1:]:
        if rng.random() < merge and len(groups[-1]) < 3:
            groups[-1].append(k)
        else:
            groups.append([k])
    sentences = tuple(join(lang, (units[k][lang] for k in g)) for g in groups)
    return Version(lang, sentences, tuple(tuple(g) for g in groups))


def gold_beads(x: Version, y: Version):
    """Groups of x and y sentences that share units, widened to contiguous runs (a sentence
    whose units the other version left out, lying inside a group, belongs to it); sentences
    linked to nothing are deletions."""
    from align.models import Bead

    owner_y = {u: j for j, us in enumerate(y.units) for u in us}
    spans = []  # [x_first, x_last, y_first, y_last] for each x sentence that links
    for i, us in enumerate(x.units):
        linked = [owner_y[u] for u in us if u in owner_y]
        if linked:
            spans.append([i, i, min(linked), max(linked)])
    merged: list[list[int]] = []
    for span in spans:  # x order; y order follows, so overlaps are with the last group only
        if merged and span[2] <= merged[-1][3]:
            last = merged[-1]
            last[1], last[3] = span[1], max(last[3], span[3])
        else:
            merged.append(span)
    linked = {(a, c): Bead(tuple(range(a, b + 1)), tuple(range(c, d + 1))) for a, b, c, d in merged}
    covered_x = {i for b in linked.values() for i in b.src}
    beads, i, j = [], 0, 0  # in document order, as the aligner's search walks them
    while i < len(x.units) or j < len(y.units):
        if (i, j) in linked:
            bead = linked[(i, j)]
        elif i < len(x.units) and i not in covered_x:
            bead = Bead((i,), ())
        else:
            bead = Bead((), (j,))
        beads.append(bead)
        i, j = i + len(bead.src), j + len(bead.tgt)
    return beads


def run(docs, seed: int, merge: float, drop: float, engines, pivot_bonus: float = 2.0,
        only: set[str] | None = None) -> dict:
    from align.aligner import align_three, evaluate
    from align.aligner.trilingual import close_links

    gold = {p: [] for p in combinations(LANGS, 2)}
    closed_gold = {p: [] for p in gold}
    direct = {p: [] for p in gold}
    repaired = {p: [] for p in gold}
    start = time.perf_counter()
    for name, versions in perturbed(docs, seed, merge, drop):
        if only is not None and name not in only:
            continue
        result = align_three({lang: list(v.sentences) for lang, v in versions.items()}, engines=engines,
                             pivot_bonus=pivot_bonus)
        doc_gold = {(x, y): gold_beads(versions[x], versions[y]) for x, y in gold}
        # triglot run's pairs are consistent: links are closed through the original (zh), so
        # their reference is the gold closed the same way (fr-en beads coarsen where zh merges)
        doc_closed = close_links({lang: len(v.sentences) for lang, v in versions.items()}, doc_gold, "zh")
        for x, y in gold:
            gold[(x, y)].append(doc_gold[(x, y)])
            closed_gold[(x, y)].append(doc_closed[(x, y)])
            direct[(x, y)].append(list(result.direct[(x, y)].beads))
            repaired[(x, y)].append(list(result.pairs[(x, y)].beads))
    seconds = time.perf_counter() - start
    scores = {}
    for p in gold:
        scores[p] = (evaluate(gold[p], direct[p]), evaluate(closed_gold[p], repaired[p]),
                     evaluate(gold[p], repaired[p]))
    return {"seconds": seconds, "scores": scores}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=shared_dir, default=shared_dir())
    parser.add_argument("--seeds", type=int, nargs="+", default=[1])
    parser.add_argument("--merge", type=float, default=MERGE, help="chance a sentence boundary is removed")
    parser.add_argument("--drop", type=float, default=DROP, help="chance a unit is left out of a version")
    parser.add_argument("--pivot-bonus", type=float, default=2.0, help="weight of the repair through the third language")
    parser.add_argument("--all-documents", action="store_true",
                        help="also score the documents the bead model was fitted on (other perturbations)")
    parser.add_argument("--types", action="store_true", help="print the bead-type breakdown")
    args = parser.parse_args()
    if not (args.shared / "bench" / "tico19" / "TM").is_dir():
        sys.exit(f"TICO-19 not found under {args.shared} (set TRIGLOT_SHARED)")
    from align.aligner import load_aligner_engines

    docs = tico_documents(args.shared)
    print("left out: " + "; ".join(f"{d} ({why})" for d, why in NOT_PARALLEL.items()))
    print(f"TICO-19: {len(docs)} documents, {sum(map(len, docs.values()))} units; "
          f"merge {args.merge}, drop {args.drop}, seeds {args.seeds}")
    t0 = time.perf_counter()
    engines = load_aligner_engines()
    print(f"engines loaded in {time.perf_counter() - t0:.1f} s")
    fitted_on, held_out = split(docs)
    only = None if args.all_documents else set(held_out)
    print(f"scored: {'all documents' if only is None else f'{len(held_out)} held-out documents'} "
          f"(the bead model saw other perturbations of {', '.join(fitted_on[:3])}, ...)")
    runs = [run(docs, seed, args.merge, args.drop, engines, args.pivot_bonus, only) for seed in args.seeds]
    med = statistics.median
    print("strict / lax F1 (median over seeds)")
    print(f"{'pair':6} {'direct':>13} {'consistent':>13} {'consistent vs unclosed gold':>28}")
    for p in runs[0]["scores"]:
        cells = []
        for k in range(3):
            results = [r["scores"][p][k] for r in runs]
            cells.append(f"{med(s.strict_f1 for s in results):.3f} / {med(s.lax_f1 for s in results):.3f}")
        print(f"{p[0]}-{p[1]:3} {cells[0]:>13} {cells[1]:>13} {cells[2]:>28}")
        if args.types:
            print("  direct:\n" + runs[0]["scores"][p][0].type_table())
            print("  consistent:\n" + runs[0]["scores"][p][1].type_table())
    print(f"wall (three pairs + repair, documents scored): median {statistics.median(r['seconds'] for r in runs):.1f} s")


if __name__ == "__main__":
    main()
