"""The stored alignment of one document (``out/<doc-id>/alignment.json``).

Later stages and commands (terms, checks, TMX export) read this one file, so
every output of a run describes the same alignment.  Plain JSON, keys sorted,
so reruns are byte-identical and diffs are readable.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

from ..errors import BadInputError
from ..lang.langid import ordered_languages
from ..models import AlignedUnit, Alignment, Bead, PairAlignment, Sentence, SegmentedText
from ..textio import read_text, write_text_atomic

FORMAT_NAME = "triglot-alignment"
FORMAT_VERSION = 1


def alignment_to_json(alignment: Alignment) -> str:
    payload = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "doc_id": alignment.doc_id,
        "signature": alignment.signature,
        "texts": {
            lang: [{"id": s.id, "paragraph": s.paragraph, "text": s.text} for s in text.sentences]
            for lang, text in alignment.texts.items()
        },
        "units": [
            {"ids": {lang: list(ids) for lang, ids in unit.ids.items()}, "score": round(unit.score, 6)}
            for unit in alignment.units
        ],
        "pairs": {
            f"{src}-{tgt}": [
                {"src": list(b.src), "tgt": list(b.tgt), "score": round(b.score, 6)} for b in pair.beads
            ]
            for (src, tgt), pair in alignment.pairs.items()
        },
    }
    return json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def alignment_from_json(text: str, name: str = "<alignment>") -> Alignment:
    try:
        payload = json.loads(text)
        if payload.get("format") != FORMAT_NAME:
            raise BadInputError(f"{name}: not a triglot alignment file")
        texts = {  # in triglot's language order (zh, fr, en), not the file's sorted keys
            lang: SegmentedText(lang, tuple(Sentence(int(s["id"]), str(s["text"]), int(s["paragraph"]))
                                            for s in payload["texts"][lang]))
            for lang in ordered_languages(payload["texts"])
        }
        units = tuple(
            AlignedUnit({lang: tuple(int(i) for i in ids) for lang, ids in u["ids"].items()}, float(u["score"]))
            for u in payload["units"]
        )
        pairs = {}
        for key, beads in payload.get("pairs", {}).items():
            src, tgt = key.split("-")
            pairs[(src, tgt)] = PairAlignment(src, tgt, tuple(
                Bead(tuple(int(i) for i in b["src"]), tuple(int(i) for i in b["tgt"]), float(b["score"]))
                for b in beads))
    except BadInputError:
        raise
    except RecursionError:
        raise BadInputError(f"{name}: malformed alignment file (nested too deeply)") from None
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError) as exc:
        raise BadInputError(f"{name}: malformed alignment file ({exc})") from None
    scores = [u.score for u in units] + [b.score for p in pairs.values() for b in p.beads]
    if not all(math.isfinite(s) for s in scores):
        raise BadInputError(f"{name}: malformed alignment file (a score is not a finite number)")
    for unit in units:
        for lang, ids in unit.ids.items():
            if lang not in texts or any(i < 0 or i >= len(texts[lang].sentences) for i in ids):
                raise BadInputError(f"{name}: unit refers to a missing {lang} sentence {ids}")
    return Alignment(str(payload["doc_id"]), texts, units, pairs, str(payload.get("signature", "")))


def write_alignment(path: Path, alignment: Alignment) -> None:
    write_text_atomic(path, alignment_to_json(alignment))


def read_alignment(path: Path) -> Alignment:
    return alignment_from_json(read_text(path), str(path))
