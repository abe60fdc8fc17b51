#!/usr/bin/env python3
"""The divergence report on held-out documents: false flags on faithful text, and planted edits.

    python bench/divergence_eval.py [--shared ../shared] [--rate 0.2] [--show 10] [--json OUT]

Runs ``run_checks`` exactly as ``triglot run`` does (the shipped model and threshold) on the
eval-split documents of TICO-19 (14 documents, 1,238 units) and NTREX dev (28 news documents,
457 lines), never used to train the model (bench/data.py ``split_of``):

1. **as published**: flags per 100 units, all and high.  Flags listed in
   bench/divergence-reviewed.tsv (real slips of the translators, with the reason) are
   counted apart from the false alarms;
2. **with planted edits** of the ``eval`` family (bench/plant.py: other word lists and other ways
   of adding and dropping clauses than the family the model was trained on) in ``--rate`` of
   the units, in zh, fr or en: an edit is found when a flag on its unit names its version as
   the odd one; per kind, recall and how often the edited version is the only one named.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import time
from collections import Counter
from pathlib import Path

from data import LANGS, ROOT, documents, shared_dir, units_alignment  # noqa: E402
from train_divergence import planted  # noqa: E402

from align.checks import run_checks  # noqa: E402
from align.checks.engines import load_engines  # noqa: E402

REVIEWED = ROOT / "bench" / "divergence-reviewed.tsv"


def reviewed() -> dict[tuple[str, int, str], str]:
    """(document, unit from 1, version) -> why the flag is a real divergence."""
    if not REVIEWED.exists():
        return {}
    with REVIEWED.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t") if r and not r[0].startswith("#")]
    return {(r[0], int(r[1]), r[2]): r[3] for r in rows[1:]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared")
    parser.add_argument("--rate", type=float, default=0.2)
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--dump", type=Path, help="write every flag on the published documents here (TSV), to review")
    args = parser.parse_args()
    shared = shared_dir(args.shared)
    engines = load_engines(mt=False)
    docs = documents(shared, "eval")
    donors = {lang: [u[lang] for _, _, units in documents(shared, "train") for u in units] for lang in LANGS}
    known = reviewed()
    started = time.time()

    stats = {}
    false_flags, real_flags, missed, examples = [], [], [], []
    kinds, named = Counter(), Counter()
    totals = Counter()
    for source, doc_id, units in docs:
        s = stats.setdefault(source, Counter())
        clean = run_checks(units_alignment(doc_id, units), engines=engines)
        s["units"] += len(units)
        for f in clean.flags:
            key = (doc_id, f.unit + 1, f.diverging or "")
            if key in known:
                s["reviewed"] += 1
                real_flags.append((key, known[key], f))
                continue
            if f.probability is None:  # terminology rules, reported unjudged
                s["terminology"] += 1
                continue
            s["flags"] += 1
            s["high"] += f.severity == "high"
            false_flags.append((doc_id, f))
        rng = random.Random(f"eval:{doc_id}")
        edited, labels = planted(units, rng, "eval", donors, rate=args.rate)
        result = run_checks(units_alignment(doc_id, edited), engines=engines)
        for u, (lang, kind) in labels.items():
            on_unit = [f for f in result.flags if f.unit == u]
            hit = [f for f in on_unit if f.diverging == lang and f.probability is not None]
            totals[kind] += 1
            kinds[kind] += bool(hit)
            named[kind] += bool(hit) and all(f.diverging == lang for f in on_unit)
            if not hit:
                missed.append((doc_id, kind, lang, units[u][lang], edited[u][lang], on_unit))
            elif len(examples) < args.show:
                examples.append((kind, lang, hit[0]))

    report = {}
    print(f"held-out documents, as published ({time.time() - started:.0f} s):")
    for source, s in stats.items():
        per = 100 * s["flags"] / max(1, s["units"])
        high = 100 * s["high"] / max(1, s["units"])
        term = 100 * s["terminology"] / max(1, s["units"])
        print(f"  {source}: {s['units']} units, {s['flags']} false flags = {per:.1f} per 100 units "
              f"({high:.1f} high); {s['reviewed']} reviewed real divergences; terminology rule flags "
              f"(not judged by the model) {term:.1f} per 100 units")
        report[source] = {"units": s["units"], "flags_per_100": round(per, 2), "high_per_100": round(high, 2),
                          "reviewed": s["reviewed"], "terminology_per_100": round(term, 2)}
    n, found, only = sum(totals.values()), sum(kinds.values()), sum(named.values())
    print(f"planted edits (eval family, rate {args.rate}): found {found}/{n} = {found / max(1, n):.3f}; "
          f"edited version the only one named {only}/{n} = {only / max(1, n):.3f}")
    print(f"  {'kind':<18} found   named")
    for kind in sorted(totals):
        print(f"  {kind:<18} {kinds[kind]:>3}/{totals[kind]:<3} {kinds[kind] / totals[kind]:.2f}  "
              f"{named[kind] / totals[kind]:.2f}")
    report["planted"] = {"found": round(found / max(1, n), 4), "named": round(only / max(1, n), 4),
                         "by_kind": {k: [kinds[k], totals[k]] for k in sorted(totals)}}
    if args.show:
        rng = random.Random(0)
        print("\nsome false flags:")
        for doc_id, f in rng.sample(false_flags, min(args.show, len(false_flags))):
            print(f"  {doc_id} unit {f.unit + 1} {f.kind} p={f.probability} [{f.diverging}]: {f.message[:150]}")
        print("\nsome missed edits:")
        for doc_id, kind, lang, before, after, on_unit in rng.sample(missed, min(args.show, len(missed))):
            print(f"  {doc_id} {kind} {lang}: {after[:140]}")
            for f in on_unit[:2]:
                print(f"      got {f.kind} [{f.diverging}] p={f.probability}: {f.message[:100]}")
        print("\nsome found edits:")
        for kind, lang, f in examples:
            print(f"  {kind} {lang}: {f.kind} p={f.probability}: {f.message[:150]}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    if args.dump:
        with args.dump.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t")
            writer.writerow(["doc", "unit", "version", "kind", "probability", "message", "zh", "fr", "en"])
            for doc_id, f in false_flags:
                writer.writerow([doc_id, f.unit + 1, f.diverging or "", f.kind, f.probability, f.message,
                                 *(f.texts.get(lang, "") for lang in LANGS)])


if __name__ == "__main__":
    main()
