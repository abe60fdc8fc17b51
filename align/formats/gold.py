"""Gold alignment files (``gold-alignment.json`` of triglot's corpora) read as an
:class:`~align.models.Alignment`.

What the divergence and termbase benchmarks run on when they measure a stage
apart from the aligner, and what a user with a hand-checked alignment can check
and export the same way: the gold file gives the segmentation and the zh-fr, zh-en and fr-en
sentence links; the trilingual units are the connected components of those
links, so a 1-2 link on one side and a 2-1 on the other end up in one row.

The texts may differ slightly from the ones the gold was written for (the
divergence fixtures plant edits inside sentences): the gold sentence
boundaries are then carried over to the edited text with a character diff.
"""
from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Mapping

from ..aligner.trilingual import units_from_pairs
from ..errors import BadInputError
from ..models import (
    Alignment,
    Bead,
    PairAlignment,
    SegmentedText,
    Sentence,
)

PAIR_KEYS = (("zh", "fr"), ("zh", "en"), ("fr", "en"))


def load_gold(path: Path) -> dict:
    path = Path(path)
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BadInputError(f"{path}: cannot read gold alignment ({exc})") from None
    if not isinstance(gold, dict) or "sentences" not in gold or "alignments" not in gold:
        raise BadInputError(f"{path}: not a gold alignment (needs 'sentences' and 'alignments')")
    return gold


def alignment_from_gold(
    gold: Mapping | Path,
    texts: Mapping[str, str] | None = None,
    *,
    doc_id: str = "gold",
    langs: tuple[str, ...] | None = None,
) -> Alignment:
    """The gold alignment as an Alignment.

    ``texts`` (lang → full text) replaces the gold sentences by the matching
    stretches of an edited text; paragraphs come from blank-line-separated
    lines of that text.  ``langs`` keeps only some languages (to build inputs
    with a language missing).
    """
    if not isinstance(gold, Mapping):
        gold = load_gold(Path(gold))
    gold_sents: Mapping[str, list[str]] = gold["sentences"]
    langs = tuple(lang for lang in (langs or tuple(gold_sents)) if lang in gold_sents)
    segmented: dict[str, SegmentedText] = {}
    for lang in langs:
        sents = list(gold_sents[lang])
        full = texts.get(lang) if texts else None
        if full is not None:
            sents = carry_segmentation(sents, full)
            paragraphs = _paragraph_of(sents, full)
        else:
            paragraphs = list(range(len(sents)))
        segmented[lang] = SegmentedText(
            lang, tuple(Sentence(i, s, p) for i, (s, p) in enumerate(zip(sents, paragraphs)))
        )
    pairs: dict[tuple[str, str], PairAlignment] = {}
    for src, tgt in PAIR_KEYS:
        key = f"{src}-{tgt}"
        if src in segmented and tgt in segmented and key in gold["alignments"]:
            beads = tuple(Bead(tuple(s), tuple(t)) for s, t in gold["alignments"][key])
            pairs[(src, tgt)] = PairAlignment(src, tgt, beads)
    lengths = {lang: len(seg.sentences) for lang, seg in segmented.items()}
    units = tuple(units_from_pairs(lengths, {key: pair.beads for key, pair in pairs.items()}))
    return Alignment(doc_id=doc_id, texts=segmented, units=units, pairs=pairs,
                     signature="aligner:gold")


def carry_segmentation(gold_sentences: list[str], text: str) -> list[str]:
    """Cut ``text`` where the gold sentences start, following a character diff."""
    joined = "\n".join(gold_sentences)
    starts, pos = [], 0
    for sent in gold_sentences:
        starts.append(pos)
        pos += len(sent) + 1
    matcher = difflib.SequenceMatcher(None, joined, text, autojunk=False)
    mapped = [_map_offset(matcher.get_opcodes(), s) for s in starts] + [len(text)]
    out = []
    for a, b in zip(mapped, mapped[1:]):
        piece = " ".join(text[a:b].split())
        if not piece:
            raise BadInputError("edited text lost a whole gold sentence: align it with the aligner")
        out.append(piece)
    return out


def _map_offset(opcodes, offset: int) -> int:
    for tag, i1, i2, j1, j2 in opcodes:
        if i1 <= offset < i2 or (offset == i2 == i1):
            if tag == "equal":
                return j1 + (offset - i1)
            return j1
    return opcodes[-1][4] if opcodes else 0


def _paragraph_of(sentences: list[str], text: str) -> list[int]:
    paragraphs = [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n") if p.strip()]
    out, para, cursor = [], 0, 0
    for sent in sentences:
        while para < len(paragraphs):
            found = paragraphs[para].find(sent[:40], cursor)
            if found >= 0:
                cursor = found + 1
                break
            para, cursor = para + 1, 0
        out.append(min(para, len(paragraphs) - 1))
    return out
