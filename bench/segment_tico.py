#!/usr/bin/env python3
"""Sentence segmenter on TICO-19 (CC0): are the memories' unit boundaries found again?

    python bench/segment_tico.py [--shared ../shared] [--show 10]

The corpus (texts/) pins the segmenter exactly; this measures it on other prose (medical
papers, Wikipedia, news, a doctor's interview) in zh, fr and en.  Each document's units are
joined into paragraphs (with no space in Chinese, one space otherwise), segmented by
``align.segment.split_sentences`` and the sentence ends compared with the unit ends:

- a unit that does not end in a sentence mark (a heading, a table caption, a transcript line)
  would be a paragraph of its own in a real text, so it is left out with its boundary;
- boundaries are counted in non-space characters, so spacing does not matter.

Precision is a floor: some TICO-19 units hold two sentences (then a correct split counts as a
false one).  Recall is the number to watch: a missed boundary is a sentence the aligner has to
pair as a whole.
"""
from __future__ import annotations

import argparse
import re


from data import shared_dir, tico_documents  # noqa: E402  (sets up the path)

from align.lang.script import join  # noqa: E402
ENDS_A_SENTENCE = re.compile(r"[.?!。？！…][\"'”’」』）)»\s]*$")


def boundaries(pieces: list[str]) -> set[int]:
    """Ends of all pieces but the last, counted in non-space characters."""
    out, position = set(), 0
    for piece in pieces[:-1]:
        position += len("".join(piece.split()))
        out.add(position)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared")
    parser.add_argument("--show", type=int, default=0, help="print this many missed and extra boundaries")
    args = parser.parse_args()
    from align.segment import split_sentences

    documents = tico_documents(shared_dir(args.shared), complete=False)
    print(f"TICO-19: {len(documents)} documents")
    for lang in ("zh", "fr", "en"):
        found = extra = missed = 0
        examples: list[str] = []
        for name, units in sorted(documents.items()):
            texts = [u[lang].strip() for u in units if ENDS_A_SENTENCE.search(u[lang].strip())]
            paragraph = join(lang, texts)
            gold = boundaries(texts)
            predicted = boundaries(split_sentences(paragraph, lang))
            found += len(gold & predicted)
            extra += len(predicted - gold)
            missed += len(gold - predicted)
            if args.show:
                flat = "".join(paragraph.split())
                for kind, where in (("missed", gold - predicted), ("extra", predicted - gold)):
                    examples += [f"  {kind} {name}: …{flat[max(0, b - 40):b]} ‖ {flat[b:b + 25]}…" for b in sorted(where)]
        precision = found / max(1, found + extra)
        recall = found / max(1, found + missed)
        print(f"{lang}: boundary precision {precision:.3f} recall {recall:.3f} "
              f"({found} found, {extra} extra, {missed} missed)")
        for line in examples[: args.show]:
            print(line)


if __name__ == "__main__":
    main()
