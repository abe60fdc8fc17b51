"""Fit the term model (glossary/term_model.json) on the hand-judged entries, and measure it.

    python bench/train_terms.py            # fit on the train documents, write the model, report
    python bench/train_terms.py --check    # report only (the shipped model), write nothing

Train documents: the statement, 10 NTREX-128 and 6 TICO-19 documents (``terms_judge.py``).
The reliability table and the export threshold come from out-of-fold probabilities
(cross-validation by document: an entry is never scored by a model that saw its document).
The threshold is the lowest probability at which the judged entries at or above it are
≥ 92 % correct out of fold (a margin over the 90 % target).  Then the eval documents (8 NTREX-128
documents no weight is fitted on) are scored by the fitted model: the precision of what a run
would export there is the number to report.  Deterministic: liblinear with a fixed order.
"""
from __future__ import annotations

import argparse
import json
from collections import defaultdict

import numpy as np

from data import ROOT, shared_dir  # noqa: E402  (sets up the path)
from terms_judge import key, load_judged, scored_rows

MODEL = ROOT / "glossary" / "term_model.json"
TARGET_PRECISION = 0.92


def labelled(split, shared, model=None):
    judged = load_judged()
    rows, missing = [], 0
    for source, doc, entry, evidence in scored_rows(split, shared, model):
        t = entry.terms
        label = judged.get(key(doc, t["zh"], t["fr"], t["en"]))
        if label is None:
            missing += 1
            continue
        rows.append((source, doc, entry, evidence, label[0]))
    return rows, missing


def fit(x, y, c=1.0):
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=c, solver="liblinear", max_iter=1000, random_state=0)
    clf.fit((x - mean) / scale, y)
    return mean, scale, clf.coef_[0], float(clf.intercept_[0])


def predict(params, x):
    mean, scale, w, b = params
    return 1 / (1 + np.exp(-(((x - mean) / scale) @ w + b)))


def reliability(p, y, bins=10):
    print("  reliability (out of fold): predicted → observed correct, entries")
    edges = np.linspace(0, 1, bins + 1)
    for lo, hi in zip(edges[:-1], edges[1:]):
        mask = (p >= lo) & ((p < hi) | (hi == 1))
        if mask.any():
            print(f"    {lo:.1f}–{hi:.1f}: {p[mask].mean():.2f} → {y[mask].mean():.2f}  ({mask.sum()})")


def auc(p, y):
    order = np.argsort(p, kind="stable")
    ranks = np.empty(len(p))
    ranks[order] = np.arange(1, len(p) + 1)
    pos = y == 1
    return (ranks[pos].sum() - pos.sum() * (pos.sum() + 1) / 2) / max(1, pos.sum() * (~pos).sum())


def threshold_for(p, y, target=TARGET_PRECISION):
    """The lowest threshold from .30 by .01 at which ≥ 10 entries are exported ≥ ``target`` correct."""
    for t in (round(k / 100, 2) for k in range(30, 96)):
        above = p >= t
        if above.sum() >= 10 and y[above].mean() >= target:
            return t
    print(f"  warning: no threshold reaches {target:.0%} out of fold; exporting at .95")
    return 0.95


def report_split(name, rows, probabilities, threshold):
    y = np.array([r[4] for r in rows])
    above = probabilities >= threshold
    print(f"{name}: {len(rows)} judged entries, {y.mean():.2f} correct; AUC {auc(probabilities, y):.3f}")
    print(f"  exported at {threshold:.2f}: {above.sum()} entries, precision {y[above].mean() if above.any() else 0:.3f}, "
          f"recall of correct entries {(above & (y == 1)).sum() / max(1, y.sum()):.3f}")
    by_doc = defaultdict(lambda: [0, 0])
    for r, a in zip(rows, above):
        if a:
            by_doc[r[1]][0] += 1
            by_doc[r[1]][1] += r[4]
    for doc, (n, ok) in sorted(by_doc.items()):
        print(f"    {doc}: {ok}/{n} exported entries correct")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--c", type=float, default=1.0)
    args = parser.parse_args()
    shared = shared_dir(args.shared)
    from glossary.confidence import FEATURES, load_term_model

    rows, missing = labelled("train", shared)
    print(f"train: {len(rows)} judged entries ({missing} not judged, left out)")
    x = np.array([r[3].vector() for r in rows])
    y = np.array([r[4] for r in rows])
    docs = sorted({r[1] for r in rows})
    folds = {d: i % 5 for i, d in enumerate(docs)}
    oof = np.zeros(len(rows))
    for k in range(5):
        test = np.array([folds[r[1]] == k for r in rows])
        oof[test] = predict(fit(x[~test], y[~test], args.c), x[test])
    reliability(oof, y)
    threshold = threshold_for(oof, y)
    report_split("train (out of fold)", rows, oof, threshold)

    if not args.check:
        mean, scale, w, b = fit(x, y, args.c)
        data = {"version": "terms-model-2", "features": list(FEATURES),
                "mean": [round(float(v), 6) for v in mean], "scale": [round(float(v), 6) for v in scale],
                "weights": [round(float(v), 6) for v in w], "intercept": round(b, 6),
                "export_threshold": threshold,
                "fitted_on": f"{len(rows)} hand-judged entries of {len(docs)} documents (bench/terms-judged.tsv)"}
        MODEL.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        load_term_model.cache_clear()
        print(f"wrote {MODEL.relative_to(ROOT)}; weights:",
              ", ".join(f"{f} {v:+.2f}" for f, v in zip(FEATURES, data["weights"])))
    model = load_term_model()
    rows, missing = labelled("eval", shared, model)
    p = np.array([r[2].confidence for r in rows])
    print(f"eval documents ({missing} entries not judged)")
    report_split("eval (unseen documents)", rows, p, model.export_threshold)
    reliability(p, np.array([r[4] for r in rows]))


if __name__ == "__main__":
    main()
