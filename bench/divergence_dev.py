"""Divergence report on ``shared/fixtures/divergence-dev``: recall and false alarms.

    python bench/divergence_dev.py [--no-engines] [--json OUT]

The planted set edits the corpus French and English (gold.json lists each
edit).  The segmentation and alignment are the corpus gold, carried over to
the edited texts.  A planted divergence is found when a flag involving its
language has a unit text in that language containing the edited words.  A
flag is a false alarm when it points at a version whose unit holds neither a
planted edit nor one of the corpus's three known divergences (PROVENANCE.md).
The same report is also run on the unedited corpus.
"""
from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from data import shared_dir  # noqa: E402  (sets up the path)

from align.checks import CheckSettings, run_checks  # noqa: E402
from glossary.exchange import read_termbase  # noqa: E402
from align.checks.engines import NO_ENGINES, load_engines  # noqa: E402
from align.formats.gold import alignment_from_gold  # noqa: E402

# The corpus's own divergences (PROVENANCE.md): the version and words that show them.
KNOWN = (
    ("fr", "du 6 au 7 mai 2024", "visit dates 5–7 vs 6–7 May"),
    ("fr", "gouvernance des enjeux mondiaux", "title: 全球治理 vs gouvernance des enjeux mondiaux"),
    ("fr", "au service du bien commun", "公共利益: bien commun (art. 2) vs intérêt général (art. 8)"),
    ("fr", "servir l'intérêt général", "公共利益: bien commun (art. 2) vs intérêt général (art. 8)"),
)


def evaluate(result, planted) -> dict:
    found = []
    for item in planted:
        hits = [f for f in result.flags
                if item["lang"] in f.langs and item["edited"] in f.texts.get(item["lang"], "")]
        found.append({"lang": item["lang"], "what": item["what"],
                      "flags": [f"{f.kind}/{f.severity}: {f.message}" for f in hits]})
    known = []
    for lang, words, what in KNOWN:
        hits = [f for f in result.flags if words in f.texts.get(lang, "")]
        known.append({"what": what, "words": words, "flags": [f"{f.kind}: {f.message}" for f in hits]})
    false_alarms = []
    explained = [(p["lang"], p["edited"]) for p in planted] + [(lang, w) for lang, w, _ in KNOWN]
    for f in result.flags:
        blamed = [f.diverging] if f.diverging else [lang for lang in f.langs if lang != "zh"] or list(f.langs)
        if not any(words in f.texts.get(lang, "") for lang in blamed for lg, words in explained if lg == lang):
            false_alarms.append(f"unit {f.unit} {f.kind}/{f.severity} [{','.join(f.langs)}]: {f.message}")
    return {
        "planted_found": sum(1 for x in found if x["flags"]),
        "planted_total": len(found),
        "known_found": sum(1 for x in known if x["flags"]),
        "known_total": len(known),
        "false_alarms": false_alarms,
        "planted": found,
        "known": known,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-engines", action="store_true", help="run without encoder and dictionary")
    parser.add_argument("--no-termbase", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--min-probability", type=float, help="report flags from this probability on")
    args = parser.parse_args(argv)
    shared = shared_dir()
    corpus = shared / "corpus" / "ai-governance-2024"
    dev = shared / "fixtures" / "divergence-dev"
    gold = json.loads((dev / "gold.json").read_text(encoding="utf-8"))
    texts = {lang: (corpus / f"{lang}.txt").read_text(encoding="utf-8") for lang in ("zh", "fr", "en")}
    dev_texts = dict(texts, fr=(dev / "fr.txt").read_text(encoding="utf-8"),
                     en=(dev / "en.txt").read_text(encoding="utf-8"))
    gold_alignment = corpus / "gold-alignment.json"
    termbase = None if args.no_termbase else read_termbase(corpus / "terms-sample.tsv")

    t0 = time.perf_counter()
    engines = NO_ENGINES if args.no_engines else load_engines(mt=False)
    t_engines = time.perf_counter() - t0
    settings = CheckSettings(min_probability=args.min_probability)
    report = {}
    for name, doc_texts in (("divergence-dev", dev_texts), ("corpus", texts)):
        alignment = alignment_from_gold(gold_alignment, doc_texts, doc_id=name)
        t1 = time.perf_counter()
        result = run_checks(alignment, termbase=termbase, engines=engines, settings=settings)
        elapsed = time.perf_counter() - t1
        planted = gold["planted"] if name == "divergence-dev" else []
        ev = evaluate(result, planted)
        ev["seconds"] = round(elapsed, 2)
        ev["flags"] = len(result.flags)
        ev["skipped"] = [f"{s.check}: {s.reason}" for s in result.skipped]
        report[name] = ev
    report["engine_load_seconds"] = round(t_engines, 2)
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    report["signature"] = result.signature

    d = report["divergence-dev"]
    print(f"divergence-dev: planted {d['planted_found']}/{d['planted_total']}, "
          f"known {d['known_found']}/{d['known_total']}, false alarms {len(d['false_alarms'])}, "
          f"{d['flags']} flags, {d['seconds']} s")
    for item in d["planted"]:
        print(f"  [{'x' if item['flags'] else ' '}] {item['lang']} {item['what']}")
        for f in item["flags"]:
            print(f"        {f}")
    for item in d["known"]:
        print(f"  [{'x' if item['flags'] else ' '}] known: {item['what']} ({item['words']})")
        for f in item["flags"]:
            print(f"        {f}")
    for fa in d["false_alarms"]:
        print(f"  FALSE ALARM {fa}")
    c = report["corpus"]
    print(f"corpus: known {c['known_found']}/{c['known_total']}, false alarms {len(c['false_alarms'])}, "
          f"{c['flags']} flags, {c['seconds']} s")
    for fa in c["false_alarms"]:
        print(f"  FALSE ALARM {fa}")
    for s in d["skipped"]:
        print(f"  skipped {s}")
    print(f"engines loaded in {report['engine_load_seconds']} s; peak RSS {report['peak_rss_mb']} MB")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
