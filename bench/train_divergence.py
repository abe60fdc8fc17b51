#!/usr/bin/env python3
"""Train the divergence model (align/checks/divergence_model.json) and measure it on held-out documents.

    python bench/train_divergence.py [--shared ../shared] [--cache bench/.cache] [--write]

Data, split by document (bench/data.py ``split_of``; never one document on both sides):

- **train**: TICO-19 and NTREX dev documents of the train split, as published (faithful:
  label 0) and in copies with edits planted in a share of the units by the ``train`` family of
  bench/plant.py (the edited version of an edited unit: label 1; every other version and unit:
  label 0), each unit getting the kind planted least so far that fits it, so that the kinds
  that fit few sentences (a quantifier, a unit) are learnt as well as those that fit any.  Three versions: the ``tri`` model.  One pair of each document copy, with the
  third version dropped: the ``bi`` model, together with REFreSD's labelled en-fr pairs.
- **eval**: the eval-split documents, as published and with edits of the ``eval`` family
  (other word lists, other positions, other ways of adding and dropping clauses).

Features are the checks' evidence (align/checks/decision.py ``version_features``); the model is
scikit-learn's HistGradientBoostingClassifier (fixed seed, no early stopping), exported node by
node so the tool needs numpy only (``fit(kind="logistic")`` gives a logistic regression on
standardised features instead).  Printed: the reliability table on eval
(predicted probability against observed share of edited versions, by decile of prediction),
recall per kind at the shipped threshold, how often the edited version is the odd one named,
false flags per 100 faithful units, and REFreSD's binary F1 by 5-fold cross-fitting (the fold
scored is never in the training set) at the shipped threshold.

Features are cached per document copy under ``--cache``, in a folder named after a hash of the
code that computes them (every ``.py`` under ``align/``, and the edit generator and data
readers of ``bench/``): a cache built before a change to the checks or to the language layer
is never read again.  (The model shipped before 2026-12-08 could not be rebuilt from the code
it came with, most likely because it had been fitted on such a stale cache.)

``--write`` stores the model; without it the script only reports.
"""
from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from data import LANGS, ROOT, documents, shared_dir, units_alignment  # noqa: E402
from plant import KINDS, plant  # noqa: E402

from align.checks import CheckSettings, gather_evidence  # noqa: E402
from align.checks.decision import (  # noqa: E402
    FEATURES, MODEL_PATH, joined_features, model_from_dict, version_features)
from align.checks.omissions import text_length  # noqa: E402
from align.checks.engines import load_engines  # noqa: E402
from align.models import Termbase  # noqa: E402

SETTINGS = CheckSettings(checks=tuple(c for c in CheckSettings().checks if c != "reference-mt"), decide=False)
RATE = 0.3  # share of units of a copy that get an edit
THRESHOLD = 0.5  # provisional; the shipped one is chosen on train (choose_threshold)
BI_THRESHOLD = 0.5  # two versions: "more likely than not", not fitted
VERSION = "3"


def planted(units, rng, family, donors, rate=RATE, langs=LANGS):
    """A copy of ``units`` with edits in ``rate`` of them: (units, {unit: (lang, kind)})."""
    out = [dict(u) for u in units]
    labels = {}
    done = dict.fromkeys(KINDS, 0)
    for k in range(len(out)):
        if rng.random() >= rate:
            continue
        lang = rng.choice(langs)
        # The kind planted least so far first (ties in random order): kinds that fit few
        # sentences (a quantifier, a unit) are then as common as those that fit any, so the
        # model learns each kind and the eval measures each on more than a handful.
        order = sorted(rng.sample(KINDS, len(KINDS)), key=lambda kind: done[kind])
        for kind in order:
            edited = plant(out[k][lang], lang, kind, rng, family, donors[lang])
            if edited is not None and edited != out[k][lang]:
                out[k][lang] = edited
                labels[k] = (lang, kind)
                done[kind] += 1
                break
    return out, labels


def _expectations(model_json):
    return model_from_dict(model_json)


def features_of(doc_id, units, langs, engines, model):
    alignment = units_alignment(doc_id, units, langs)
    ev, flags, *_ = gather_evidence(alignment, engines, Termbase(), SETTINGS)
    return version_features(ev, flags, model), ev


def blank_model(cos_expected, length_expected):
    zeros = {"coef": [0.0] * len(FEATURES), "intercept": 0.0}
    return model_from_dict({"features": FEATURES, "tri": zeros, "bi": zeros, "threshold": THRESHOLD,
                            "cos_expected": cos_expected, "length_expected": length_expected,
                            "version": VERSION})


def pair_expectations(docs, engines):
    """Median cosine and log length ratio of each language pair over faithful train units."""
    from align.checks.evidence import Evidence

    cos, ratio = {}, {}
    for _, doc_id, units in docs:
        ev = Evidence(units_alignment(doc_id, units), engines, Termbase(), SETTINGS)
        vec = ev.unit_vectors
        for i, a in enumerate(LANGS):
            for b in LANGS[i + 1:]:
                for u in range(len(units)):
                    cos.setdefault(f"{a}-{b}", []).append(float(vec[a][u] @ vec[b][u]))
                    ratio.setdefault(f"{a}-{b}", []).append(
                        float(np.log(text_length(units[u][b]) / text_length(units[u][a]))))
    return ({k: round(float(np.median(v)), 4) for k, v in cos.items()},
            {k: round(float(np.median(v)), 4) for k, v in ratio.items()})


def rows_for(source, doc_id, units, labels, langs, engines, model, setting, copy):
    feats, ev = features_of(doc_id, units, langs, engines, model)
    rows = []
    if setting == "tri":
        for (u, v), x in feats.items():
            lab = labels.get(u)
            rows.append({"source": source, "doc": doc_id, "copy": copy, "unit": u, "lang": v,
                         "label": int(lab is not None and lab[0] == v), "kind": lab[1] if lab and lab[0] == v else "",
                         "edited": lab[0] if lab else "", "x": x})
    else:
        for u in sorted({u for u, _ in feats}):
            lab = labels.get(u)
            joined = joined_features(feats, u, langs)
            rows.append({"source": source, "doc": doc_id, "copy": copy, "unit": u, "lang": "+".join(langs),
                         "label": int(lab is not None), "kind": lab[1] if lab else "", "edited": lab[0] if lab else "",
                         "x": {k: v for k, v in joined.items() if v}})
    return rows


def build(split, family, shared, engines, model, cache: Path, copies: int, limit: int | None = None):
    docs = documents(shared, split)[:limit]
    donors = {lang: [u[lang] for _, _, units in documents(shared, "eval" if split == "train" else "train")
                     for u in units] for lang in LANGS}
    rows = []
    for source, doc_id, units in docs:
        path = cache / f"{split}-{family}-{doc_id}.jsonl"
        if path.exists():
            rows.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())
            continue
        doc_rows = []
        rng = random.Random(f"{family}:{doc_id}")
        doc_rows += rows_for(source, doc_id, units, {}, LANGS, engines, model, "tri", 0)
        for copy in range(1, copies + 1):
            edited, labels = planted(units, rng, family, donors)
            doc_rows += rows_for(source, doc_id, edited, labels, LANGS, engines, model, "tri", copy)
            pair = rng.choice([("zh", "fr"), ("zh", "en"), ("fr", "en")])
            edited, labels = planted(units, rng, family, donors, langs=pair)
            doc_rows += rows_for(source, doc_id, edited, labels, pair, engines, model, "bi", copy)
        path.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in doc_rows),
                        encoding="utf-8")
        rows.extend(doc_rows)
    return rows


def refresd_rows(shared, engines, model, cache: Path):
    path = cache / "refresd.jsonl"
    if path.exists():
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    import csv

    with (shared / "bench" / "refresd-dev" / "refresd.tsv").open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    col = {name: i for i, name in enumerate(table[0])}
    units = [{"en": r[col["english"]], "fr": r[col["french"]]} for r in table[1:]]
    labels = {k: ("fr", r[col["three_labels"]]) for k, r in enumerate(table[1:]) if r[col["binary_label"]] == "divergent"}
    rows = rows_for("refresd", "refresd-dev", units, labels, ("fr", "en"), engines, model, "bi", 0)
    path.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows), encoding="utf-8")
    return rows


def matrix(rows):
    return np.array([[r["x"].get(name, 0.0) for name in FEATURES] for r in rows]), np.array([r["label"] for r in rows])


def fit(rows, C=1.0, kind="trees"):
    """A scorer for align/checks/decision.py: gradient-boosted trees (default) or a
    logistic regression, as plain numbers."""
    X, y = matrix(rows)
    if kind == "trees":
        return fit_trees(X, y)
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(X)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    clf = LogisticRegression(C=C, max_iter=2000).fit((X - scaler.mean_) / scale, y)
    coef = clf.coef_[0] / scale
    intercept = float(clf.intercept_[0] - np.dot(coef, scaler.mean_))
    return {"type": "logistic", "coef": [round(float(c), 6) for c in coef], "intercept": round(intercept, 6)}


TREES = {"max_iter": 150, "max_depth": 4, "learning_rate": 0.1, "min_samples_leaf": 40, "l2_regularization": 1.0}


def fit_trees(X, y):
    """scikit-learn's HistGradientBoostingClassifier (no early stopping, fixed seed: the same
    trees from the same rows), exported node by node."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    clf = HistGradientBoostingClassifier(early_stopping=False, random_state=0, **TREES).fit(X, y)
    trees = []
    for (predictor,) in clf._predictors:
        nodes = predictor.nodes
        trees.append([[int(n["feature_idx"]), float(n["num_threshold"]), int(n["left"]), int(n["right"]),
                       float(n["value"]), bool(n["is_leaf"])] for n in nodes])
    exported = {"type": "trees", "baseline": round(float(np.ravel(clf._baseline_prediction)[0]), 6),
                "trees": trees, "params": TREES}
    check = predict(exported, None, X[:200])
    assert np.allclose(check, clf.predict_proba(X[:200])[:, 1], atol=1e-4), "tree export differs from sklearn"
    return exported


def predict(part, rows, X=None):
    from align.checks.decision import scorer_from_dict

    if X is None:
        X, _ = matrix(rows)
    scorer = scorer_from_dict(part, X.shape[1], "model")
    return np.array([scorer.probability(x) for x in X])


def reliability(p, y, bins=10):
    order = np.argsort(p, kind="stable")
    out = []
    for chunk in np.array_split(order, bins):
        if len(chunk):
            out.append({"predicted": round(float(p[chunk].mean()), 3), "observed": round(float(y[chunk].mean()), 3),
                        "n": int(len(chunk))})
    return out


def f1(pred, gold):
    tp = int((pred & gold).sum())
    return 2 * tp / (2 * tp + int((pred & ~gold).sum()) + int((~pred & gold).sum())) if tp else 0.0


def auc(score, gold):
    pos, neg = score[gold], score[~gold]
    if not len(pos) or not len(neg):
        return float("nan")
    return float((pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean())


def report_tri(rows, part, threshold, title):
    p = predict(part, rows)
    y = np.array([r["label"] for r in rows]).astype(bool)
    print(f"\n{title}: {len(rows)} (unit, version) rows, {int(y.sum())} edited; AUC {auc(p, y):.3f}")
    print("  reliability (by decile of predicted probability): "
          + ", ".join(f"{b['predicted']:.2f}→{b['observed']:.2f}" for b in reliability(p, y)))
    by_unit = {}
    for r, prob in zip(rows, p):
        by_unit.setdefault((r["doc"], r["copy"], r["unit"]), []).append((prob, r))
    kinds = {}
    clean_units = flagged_clean = 0
    for key, items in by_unit.items():
        best_p, best = max(items, key=lambda t: (t[0], t[1]["lang"]))
        edited = [r for _, r in items if r["label"]]
        if edited:
            r = edited[0]
            own = [prob for prob, x in items if x["label"]][0]
            hit, named = own >= threshold, best["lang"] == r["lang"] and best_p >= threshold
            k = kinds.setdefault(r["kind"], [0, 0, 0])
            k[0] += 1
            k[1] += hit
            k[2] += named
        elif not any(x["edited"] for _, x in items):
            clean_units += 1
            flagged_clean += best_p >= threshold
    total = [sum(v[i] for v in kinds.values()) for i in range(3)]
    print(f"  planted edits: recall {total[1]}/{total[0]} = {total[1] / max(1, total[0]):.3f}, "
          f"edited version named as the odd one {total[2]}/{total[0]} = {total[2] / max(1, total[0]):.3f}")
    for kind in sorted(kinds):
        n, hit, named = kinds[kind]
        print(f"    {kind:<18} {hit:>4}/{n:<4} = {hit / n:.2f}   named {named / n:.2f}")
    print(f"  units without an edit flagged: {flagged_clean}/{clean_units} = "
          f"{100 * flagged_clean / max(1, clean_units):.1f} per 100")
    return {"auc": round(auc(p, y), 4), "recall": round(total[1] / max(1, total[0]), 4),
            "named": round(total[2] / max(1, total[0]), 4), "reliability": reliability(p, y),
            "false_per_100": round(100 * flagged_clean / max(1, clean_units), 2)}


# The false-flag budget on cross-fitted train documents.  Held-out documents come out about one
# per 100 above it (4.5 on train gave 5.3 on the TICO-19 eval documents with model 2), so the
# budget is set under the 5.
FALSE_PER_100 = 4.0


def cross_fitted(rows, C, k=5, seed=None):
    """Each document's rows scored by a model fitted on the other folds' documents (documents
    dealt to folds in order, or shuffled by ``seed``)."""
    docs = sorted({r["doc"] for r in rows})
    if seed is not None:
        random.Random(seed).shuffle(docs)
    fold = {d: i % k for i, d in enumerate(docs)}
    p = np.zeros(len(rows))
    for f in range(k):
        train = [r for r in rows if fold[r["doc"]] != f]
        idx = [i for i, r in enumerate(rows) if fold[r["doc"]] == f]
        p[idx] = predict(fit(train, C), [rows[i] for i in idx])
    return p


def unit_outcomes(rows, p):
    """Per unit: (best probability, edited version found?, edited?)."""
    by_unit = {}
    for r, prob in zip(rows, p):
        by_unit.setdefault((r["doc"], r["copy"], r["unit"]), []).append((prob, r))
    out = []
    for items in by_unit.values():
        best_p, best = max(items, key=lambda t: (t[0], t[1]["lang"]))
        edited = [prob for prob, r in items if r["label"]]
        out.append((best_p, edited[0] if edited else None, any(r["edited"] for _, r in items)))
    return out


THRESHOLD_SEEDS = 5


def choose_threshold(rows, C):
    """The lowest probability (most recall) that flags at most FALSE_PER_100 faithful units in
    100, on cross-fitted train predictions; never below 0.5's neighbourhood of sense (0.05).
    The median over THRESHOLD_SEEDS ways of dealing the documents to folds: one way alone
    moved the cut by ±.04 between feature builds that changed little."""
    cuts = []
    for seed in range(THRESHOLD_SEEDS):
        outcomes = unit_outcomes(rows, cross_fitted(rows, C, seed=seed))
        clean = sorted((b for b, e, edited in outcomes if not edited), reverse=True)
        allowed = int(len(clean) * FALSE_PER_100 / 100)
        cuts.append(clean[allowed] if allowed < len(clean) else 0.0)
    return round(max(0.05, float(np.median(cuts)) + 1e-3), 3)


def code_hash() -> str:
    """A short hash of the code the features come from (see the module docstring)."""
    import hashlib

    digest = hashlib.sha256()
    files = sorted((ROOT / "align").rglob("*.py")) + [ROOT / "bench" / name for name in ("plant.py", "data.py")]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared")
    parser.add_argument("--cache", default=str(ROOT / "bench" / ".cache" / "divergence"))
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--C", type=float, default=1.0)
    parser.add_argument("--docs", type=int, help="only the first N documents of each split (a quick look)")
    parser.add_argument("--only-eval", action="store_true", help="only compute the eval features")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    shared = shared_dir(args.shared)
    cache = Path(args.cache) / code_hash()
    cache.mkdir(parents=True, exist_ok=True)
    started = time.time()
    engines = load_engines(mt=False)

    exp_path = cache / "expectations.json"
    if exp_path.exists():
        cos_expected, length_expected = json.loads(exp_path.read_text())
    else:
        cos_expected, length_expected = pair_expectations(documents(shared, "train"), engines)
        exp_path.write_text(json.dumps([cos_expected, length_expected]))
    model = blank_model(cos_expected, length_expected)

    if args.only_eval:  # features of the eval documents only (a second process, in parallel)
        build("eval", "eval", shared, engines, model, cache, 1, args.docs)
        refresd_rows(shared, engines, model, cache)
        return
    train = build("train", "train", shared, engines, model, cache, args.copies, args.docs)
    evaluation = build("eval", "eval", shared, engines, model, cache, 1, args.docs)
    refresd = refresd_rows(shared, engines, model, cache)
    print(f"features ready in {time.time() - started:.0f} s: train {len(train)} rows, eval {len(evaluation)}, "
          f"REFreSD {len(refresd)}")

    tri_train = [r for r in train if "+" not in r["lang"]]
    bi_train = [r for r in train if "+" in r["lang"]]
    tri = fit(tri_train, args.C)
    bi = fit(bi_train + refresd, args.C)
    for name, part in (("tri", tri), ("bi", bi)):
        if part["type"] == "logistic":
            print(f"{name} coefficients: " + ", ".join(f"{n} {c:+.2f}" for n, c in zip(FEATURES, part["coef"]))
                  + f"; intercept {part['intercept']:+.2f}")
        else:
            print(f"{name}: {len(part['trees'])} trees of depth ≤ {TREES['max_depth']}")
    threshold = choose_threshold(tri_train, args.C)
    print(f"threshold (document-grouped 5-fold cross-fitting on train, median over {THRESHOLD_SEEDS} fold "
          f"assignments, false flags ≤ {FALSE_PER_100} per 100 faithful units): {threshold}")

    metrics = {"tri_eval": report_tri([r for r in evaluation if "+" not in r["lang"]], tri, threshold,
                                      "eval documents, three versions (eval-family edits)")}
    bi_eval = [r for r in evaluation if "+" in r["lang"]]
    p = predict(bi, bi_eval)
    y = np.array([r["label"] for r in bi_eval]).astype(bool)
    print(f"\neval documents, two versions: AUC {auc(p, y):.3f}, F1 {f1(p >= BI_THRESHOLD, y):.3f}, "
          f"recall {(p[y] >= BI_THRESHOLD).mean():.3f}, faithful flagged {(p[~y] >= BI_THRESHOLD).mean():.3f}")
    metrics["bi_eval"] = {"auc": round(auc(p, y), 4), "f1": round(f1(p >= BI_THRESHOLD, y), 4)}

    # REFreSD by cross-fitting: each fold scored by a model that never saw it.
    order = np.random.default_rng(0).permutation(len(refresd))
    scores = np.zeros(len(refresd))
    for k in range(5):
        held = set(order[k::5].tolist())
        part = fit(bi_train + [r for i, r in enumerate(refresd) if i not in held], args.C)
        idx = sorted(held)
        scores[idx] = predict(part, [refresd[i] for i in idx])
    gold = np.array([r["label"] for r in refresd]).astype(bool)
    print(f"REFreSD dev (5-fold cross-fitted): AUC {auc(scores, gold):.3f}, binary F1 at {BI_THRESHOLD} "
          f"{f1(scores >= BI_THRESHOLD, gold):.3f} (all-divergent baseline {f1(np.ones_like(gold), gold):.3f})")
    only_tico = predict(fit(bi_train, args.C), refresd)
    print(f"REFreSD dev, model without REFreSD: AUC {auc(only_tico, gold):.3f}, F1 {f1(only_tico >= BI_THRESHOLD, gold):.3f}")
    metrics["refresd_cv"] = {"auc": round(auc(scores, gold), 4), "f1": round(f1(scores >= BI_THRESHOLD, gold), 4)}

    if args.write:
        data = {"version": VERSION, "features": list(FEATURES), "tri": tri, "bi": bi, "threshold": threshold, "threshold_bi": BI_THRESHOLD,
                "cos_expected": cos_expected, "length_expected": length_expected,
                "trained_on": "bench/train_divergence.py: TICO-19 and NTREX dev train-split documents with "
                              "train-family planted edits; REFreSD dev (bi)",
                "metrics": metrics}
        MODEL_PATH.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH.relative_to(ROOT)}")
    print(f"done in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
