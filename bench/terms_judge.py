"""Term entries to judge by hand, and the judgements: what the term model is fitted and measured on.

    python bench/terms_judge.py sheet --split train --out /tmp/sheet.tsv   # entries not yet judged
    python bench/terms_judge.py rows --split train                          # every entry, its confidence and label

Documents (never one on both sides): ``train`` = the statement, 10 NTREX-128 dev and 6 TICO-19
documents of the fixed train split (``data.split_of``); ``eval`` = 8 NTREX-128 dev documents of
the eval split: no weight of the model is fitted on them (their errors were read once, after
the first fit, and motivated the rejoining of transliterated names).

``bench/terms-judged.tsv`` holds the judgements (source, document, zh, fr, en, label, reason),
made by hand without the extractor's scores: 1 when the three forms are equivalents in the
document and an entry a translator would put in a termbase (a name, a domain term, a fixed
multiword expression), 0 otherwise (a fragment, a wrong or partial rendering, a verb phrase,
an everyday word such as 时候 / moment / time).  A row is matched to an entry by its
document and its three forms, case-insensitive.
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from data import ROOT, ntrex_documents, shared_dir, split_of, tico_documents, units_alignment  # noqa: E402

JUDGED = ROOT / "bench" / "terms-judged.tsv"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
SIZES = {"train": {"ntrex": 10, "tico19": 6}, "eval": {"ntrex": 8, "tico19": 0}}


def split_documents(split: str, shared: Path):
    """(source, doc id, alignment) of the documents of ``split``."""
    from align.formats.gold import alignment_from_gold

    out = []
    if split == "train":
        texts = {lang: (CORPUS / f"{lang}.txt").read_text(encoding="utf-8") for lang in ("zh", "fr", "en")}
        out.append(("statement", "ai-governance-2024",
                    alignment_from_gold(CORPUS / "gold-alignment.json", texts, doc_id="ai-governance-2024")))
    for source, docs in (("ntrex", ntrex_documents(shared)), ("tico19", tico_documents(shared))):
        chosen = [d for d in sorted(docs) if split_of(d) == split and len(docs[d]) >= 5][: SIZES[split][source]]
        out.extend((source, d, units_alignment(d, docs[d])) for d in chosen)
    return out


def key(doc: str, zh: str, fr: str, en: str) -> tuple[str, ...]:
    return (doc, zh.strip(), fr.strip().lower(), en.strip().lower())


def load_judged(path: Path = JUDGED) -> dict[tuple[str, ...], tuple[int, str]]:
    if not path.is_file():
        return {}
    judged = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"):
            judged[key(row["document"], row["zh"], row["fr"], row["en"])] = (int(row["label"]), row["reason"])
    return judged


def scored_rows(split: str, shared: Path, model=None):
    """(source, doc, entry, evidence) of every candidate of the split's documents."""
    from align.engines.registry import load_engine
    from glossary.extract import ExtractionSettings, extract_scored

    encoder, dictionary = load_engine("usem3"), load_engine("cedict")
    settings = ExtractionSettings(min_confidence=0.0, max_entries=100_000)
    for source, doc, alignment in split_documents(split, shared):
        for entry, evidence in extract_scored(alignment, encoder=encoder, dictionary=dictionary,
                                              settings=settings, model=model):
            yield source, doc, entry, evidence


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=("sheet", "rows"))
    parser.add_argument("--split", choices=("train", "eval"), default="train")
    parser.add_argument("--shared")
    parser.add_argument("--out")
    args = parser.parse_args()
    shared = shared_dir(args.shared)
    judged = load_judged()
    out = open(args.out, "w", encoding="utf-8", newline="") if args.out else sys.stdout
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    if args.what == "sheet":
        writer.writerow(["source", "document", "zh", "fr", "en", "units", "context_zh", "context_fr", "context_en"])
    else:
        writer.writerow(["source", "document", "zh", "fr", "en", "confidence", "label"])
    n = unjudged = 0
    for source, doc, entry, _ in scored_rows(args.split, shared):
        n += 1
        t = entry.terms
        label = judged.get(key(doc, t["zh"], t["fr"], t["en"]))
        if args.what == "sheet" and label is None:
            unjudged += 1
            ctx = entry.contexts[0].texts if entry.contexts else {}
            writer.writerow([source, doc, t["zh"], t["fr"], t["en"], entry.frequency,
                             ctx.get("zh", ""), ctx.get("fr", ""), ctx.get("en", "")])
        elif args.what == "rows":
            writer.writerow([source, doc, t["zh"], t["fr"], t["en"], f"{entry.confidence:.3f}",
                             "" if label is None else label[0]])
    if args.out:
        out.close()
    print(f"{n} entries" + (f", {unjudged} not judged yet" if args.what == "sheet" else ""), file=sys.stderr)


if __name__ == "__main__":
    main()
