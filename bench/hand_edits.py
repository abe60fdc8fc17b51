#!/usr/bin/env python3
"""Hand-written edits (bench/hand-edits*.jsonl): found by the divergence report?

    python bench/hand_edits.py [--shared ../shared] [--show] [--file bench/hand-edits-2.jsonl]

Four sets, each written by hand by a helper who had seen neither the checks nor the edit
generator (bench/plant.py), on TICO-19 eval-split documents (and, in the first, the
statement), none used in training: ``hand-edits.jsonl`` (49 meaning edits of 11 kinds and 11
controls), ``hand-edits-2.jsonl`` (86 + 15), ``hand-edits-3.jsonl`` (89 + 12) and
``hand-edits-4.jsonl`` (88 + 12, on units none of the others edits).  Each set was written
after the ones before it had been studied to improve the checks, so the last one is the one
still unseen when the checks were last changed.  Controls are rewordings that keep the
meaning, which a good report leaves alone.  Each edit changes one version of one sentence.  Edits are applied in
batches with at most one edit per unit, the batch is checked as one document (the statement on
its gold alignment; a TICO-19 document one unit a line), and an edit counts as found when a
flag on its unit points at its version (names it as the odd one, or involves it when no
single version is blamed).  A control counts as a false alarm when its unit gets a flag on the
edited version that the unedited document did not have.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from data import ROOT, shared_dir, tico_documents, units_alignment  # noqa: E402

from align.checks import CheckSettings, run_checks  # noqa: E402
from align.checks.engines import load_engines  # noqa: E402
from align.formats.gold import alignment_from_gold  # noqa: E402


def batches(edits):
    """Groups of edits with at most one edit per unit: a TICO-19 unit is its tuid; statement
    edits go one at a time (two versions of one paragraph may be edited)."""
    out: list[list[dict]] = []
    for edit in edits:
        for batch in out:
            if edit["tuid"] is not None and all(e["tuid"] != edit["tuid"] for e in batch):
                batch.append(edit)
                break
        else:
            out.append([edit])
    return out


def blames(flag, lang) -> bool:
    return flag.diverging == lang or (flag.diverging is None and lang in flag.langs)


def unit_of(alignment, lang, text) -> int | None:
    for u, unit in enumerate(alignment.units):
        if unit.ids.get(lang) and text in alignment.unit_text(unit, lang):
            return u
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared")
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--file", default=str(ROOT / "bench" / "hand-edits.jsonl"))
    parser.add_argument("--min-probability", type=float, help="report flags from this probability on")
    args = parser.parse_args()
    shared = shared_dir(args.shared)
    edits = [json.loads(line) for line in Path(args.file).read_text(encoding="utf-8").splitlines()
             if line.strip()]
    engines = load_engines(mt=False)
    settings = CheckSettings(min_probability=args.min_probability)
    corpus = shared / "corpus" / "ai-governance-2024"
    statement = {lang: (ROOT / "texts" / lang / "ai-governance-2024.txt").read_text(encoding="utf-8")
                 for lang in ("zh", "fr", "en")}
    tico = tico_documents(shared)
    tuids = {}
    for path in ("all.en-fr.tmx", "all.en-zh.tmx"):
        from data import read_tmx

        for tuid, texts in read_tmx((shared / "bench" / "tico19" / "TM" / path).read_bytes()).items():
            tuids.setdefault(tuid, {}).update(texts)

    def alignment_for(doc, texts_or_units):
        if doc == "ai-governance-2024":
            return alignment_from_gold(corpus / "gold-alignment.json", texts_or_units, doc_id=doc)
        return units_alignment(doc, texts_or_units)

    results = []
    baseline_cache = {}
    groups: dict[str, list[dict]] = {}
    for edit in edits:
        groups.setdefault(edit["doc"], []).append(edit)
    for doc, doc_edits in groups.items():
        if doc == "ai-governance-2024":
            base = dict(statement)
        else:
            base = [dict(u) for u in tico[doc]]
        if doc not in baseline_cache:
            alignment = alignment_for(doc, base)
            baseline_cache[doc] = (alignment, run_checks(alignment, engines=engines, settings=settings))
        base_alignment, base_result = baseline_cache[doc]
        for batch in batches(doc_edits):
            if doc == "ai-governance-2024":
                texts = dict(base)
                for e in batch:
                    assert e["original"] in texts[e["lang"]], e
                    texts[e["lang"]] = texts[e["lang"]].replace(e["original"], e["edited"], 1)
            else:
                texts = [dict(u) for u in base]
                for e in batch:
                    hits = [u for u in texts if u[e["lang"]] == e["original"]]
                    assert hits, e
                    hits[0][e["lang"]] = e["edited"]
            alignment = alignment_for(doc, texts)
            result = run_checks(alignment, engines=engines, settings=settings)
            for e in batch:
                u = unit_of(alignment, e["lang"], e["edited"] if e["edited"] else e["original"])
                flags = [f for f in result.flags if f.unit == u and blames(f, e["lang"])]
                before_u = unit_of(base_alignment, e["lang"], e["original"])
                before = {(f.kind, f.message) for f in base_result.flags
                          if f.unit == before_u and blames(f, e["lang"])}
                new = [f for f in flags if (f.kind, f.message) not in before]
                results.append((e, flags, new))

    meaning = [(e, f) for e, f, _ in results if e["kind"] != "control"]
    controls = [(e, new) for e, _, new in results if e["kind"] == "control"]
    found = Counter(e["kind"] for e, f in meaning if f)
    total = Counter(e["kind"] for e, _ in meaning)
    by_lang = Counter(e["lang"] for e, f in meaning if f)
    lang_total = Counter(e["lang"] for e, _ in meaning)
    n_found = sum(found.values())
    print(f"hand-written edits: found {n_found}/{len(meaning)} = {n_found / max(1, len(meaning)):.3f}")
    print("  by kind: " + ", ".join(f"{k} {found[k]}/{total[k]}" for k in sorted(total)))
    print("  by language: " + ", ".join(f"{k} {by_lang[k]}/{lang_total[k]}" for k in sorted(lang_total)))
    alarms = [(e, new) for e, new in controls if new]
    print(f"controls (meaning kept): {len(alarms)}/{len(controls)} flagged")
    if args.show:
        for e, f in meaning:
            print(f"  [{'x' if f else ' '}] {e['kind']:<10} {e['lang']} {e['doc']}: {e['note']}")
            for flag in f[:2]:
                print(f"        {flag.kind} p={flag.probability}: {flag.message[:140]}")
        for e, new in alarms:
            print(f"  CONTROL FLAGGED {e['lang']} {e['doc']}: {e['note']}")
            for flag in new[:2]:
                print(f"        {flag.kind} p={flag.probability}: {flag.message[:140]}")


if __name__ == "__main__":
    main()
