"""Renderings of one pairwise alignment for `triglot align`: bead lines, TSV, JSON.

Bead lines are the Vecalign/Bertalign gold-file format (``[3]:[4,5]``); TSV is what
LF Aligner users paste into spreadsheets (source text, target text, score).
"""
from __future__ import annotations

import json

from ..aligner import format_beads
from ..models import PairAlignment, SegmentedText
from .tsv import clean_tsv_text

FORMATS = ("beads", "tsv", "json")


def render_pair(pair: PairAlignment, src: SegmentedText, tgt: SegmentedText, fmt: str,
                signature: str = "", warnings: tuple[str, ...] = ()) -> str:
    if fmt == "beads":
        return format_beads(pair.beads)
    if fmt == "tsv":
        return "".join(f"{clean_tsv_text(src.joined(b.src))[0]}\t{clean_tsv_text(tgt.joined(b.tgt))[0]}"
                       f"\t{b.score:.4f}\n" for b in pair.beads)
    return json.dumps({
        "src_lang": pair.src_lang, "tgt_lang": pair.tgt_lang, "signature": signature,
        "warnings": list(warnings),
        "beads": [{"src": list(b.src), "tgt": list(b.tgt), "score": b.score} for b in pair.beads],
    }, ensure_ascii=False, indent=1) + "\n"
