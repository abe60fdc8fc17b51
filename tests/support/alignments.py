"""Test helpers: ``align.models.Alignment`` values built from the corpus gold, from rows of
parallel sentences, or by hand; and the conformance suite every TM writer passes.

``tests/fixtures/corpus/`` holds copies of ``shared/corpus/ai-governance-2024``
(zh.txt, fr.txt, en.txt, gold-alignment.json).  The trilingual units are the
connected groups of the gold zh-fr and zh-en links (joined on zh sentence ids);
the gold fr-en links are checked to fall inside those groups.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence

from align.aligner.trilingual import units_from_pairs
from align.formats.base import TmDocument, TmUnit, TmVariant
from align.models import (
    LANGUAGES,
    AlignedUnit,
    Alignment,
    Bead,
    PairAlignment,
    Sentence,
    SegmentedText,
)

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
DOC_ID = "ai-governance-2024"
GOLD_SIGNATURE = "triglot:0.1.0|alignment:gold"

Node = tuple[str, int]  # (language, sentence id)


@lru_cache(maxsize=1)
def load_gold() -> dict:
    return json.loads((CORPUS / "gold-alignment.json").read_text(encoding="utf-8"))


def gold_segmented(lang: str) -> SegmentedText:
    """Gold sentences, each with the index of the blank-line paragraph holding it."""
    sentences = load_gold()["sentences"][lang]
    paragraphs = [p for p in (CORPUS / f"{lang}.txt").read_text(encoding="utf-8").split("\n\n") if p.strip()]
    result = []
    para = 0
    for sid, text in enumerate(sentences):
        while para < len(paragraphs) and text not in paragraphs[para]:
            para += 1
        if para == len(paragraphs):
            raise ValueError(f"{lang} gold sentence {sid} not found in {lang}.txt")
        result.append(Sentence(sid, text, para))
    return SegmentedText(lang, tuple(result))


def gold_pairs() -> dict[tuple[str, str], PairAlignment]:
    pairs = {}
    for key, beads in load_gold()["alignments"].items():
        src, tgt = key.split("-")
        pairs[(src, tgt)] = PairAlignment(
            src, tgt, tuple(Bead(tuple(s), tuple(t), 1.0) for s, t in beads)
        )
    return pairs


def gold_units() -> tuple[AlignedUnit, ...]:
    """The aligner's trilingual units of the zh-fr and zh-en gold links (joined on zh ids);
    the gold fr-en links must fall inside them."""
    gold = load_gold()
    lengths = {lang: len(gold["sentences"][lang]) for lang in LANGUAGES}
    pairs = gold_pairs()
    units = tuple(units_from_pairs(lengths, {key: pairs[key].beads for key in (("zh", "fr"), ("zh", "en"))}))
    unit_of = {(lang, i): n for n, unit in enumerate(units) for lang, ids in unit.ids.items() for i in ids}
    for bead in pairs[("fr", "en")].beads:
        if len({unit_of[("fr", i)] for i in bead.src} | {unit_of[("en", j)] for j in bead.tgt}) != 1:
            raise ValueError(f"gold fr-en bead {bead} crosses trilingual units")
    return units


def gold_alignment(
    *, languages: Sequence[str] = LANGUAGES, with_pairs: bool = True
) -> Alignment:
    """The gold alignment of the corpus, optionally without some language versions."""
    texts = {lang: gold_segmented(lang) for lang in languages}
    pairs = (
        {k: v for k, v in gold_pairs().items() if k[0] in texts and k[1] in texts}
        if with_pairs
        else {}
    )
    return Alignment(DOC_ID, texts, gold_units(), pairs, GOLD_SIGNATURE)


def make_alignment(
    sentences: Mapping[str, Sequence[str]],
    units: Sequence[Mapping[str, Sequence[int]]],
    scores: Sequence[float] | None = None,
    *,
    doc_id: str = "doc",
    pairs: Mapping[tuple[str, str], Sequence[tuple[Sequence[int], Sequence[int], float]]] | None = None,
    signature: str = "triglot:test",
) -> Alignment:
    """A small hand-made alignment: sentences per language, units as {lang: ids}."""
    texts = {
        lang: SegmentedText(lang, tuple(Sentence(i, t, 0) for i, t in enumerate(sents)))
        for lang, sents in sentences.items()
    }
    scores = list(scores) if scores is not None else [1.0] * len(units)
    aligned = tuple(
        AlignedUnit({lang: tuple(ids) for lang, ids in unit.items()}, score)
        for unit, score in zip(units, scores, strict=True)
    )
    pair_alignments = {
        (a, b): PairAlignment(a, b, tuple(Bead(tuple(s), tuple(t), sc) for s, t, sc in beads))
        for (a, b), beads in (pairs or {}).items()
    }
    return Alignment(doc_id, texts, aligned, pair_alignments, signature)


# --- one conformance suite for every writer (cf. translate-toolkit's tests) ----

# Text every format must carry unchanged: CJK (with an Extension-B character,
# U+20000, outside the BMP), French accents and ligatures, XML specials, quotes,
# emoji, a combining accent, a non-breaking space.
AWKWARD = {
    "zh": ["中法两国认识到“智能向善”。", "𠀀字在扩展B区，&<>也要保留。"],
    "fr": ["L'IA « pour le bien » & les œuvres < > \"guillemets\".", "Émoji 🤖 et e\u0301 et\u00a0espace."],
}


class WriterConformance:
    """Mix-in: subclass with ``make_writer()`` and ``read_back(data) -> [(src, tgt), …]``."""

    def make_writer(self):  # pragma: no cover - overridden
        raise NotImplementedError

    def read_back(self, data: bytes) -> list[tuple[str, str]]:  # pragma: no cover
        raise NotImplementedError

    def _document(self, units=((0, 0), (1, 1))):
        return TmDocument(
            "doc",
            ("zh", "fr"),
            tuple(
                TmUnit(
                    f"b{k}",
                    (TmVariant("zh", AWKWARD["zh"][z], (z,)), TmVariant("fr", AWKWARD["fr"][f], (f,))),
                    0.5,
                )
                for k, (z, f) in enumerate(units)
            ),
            "triglot:test",
        )

    def test_cjk_accents_astral_and_xml_specials_round_trip(self):
        rendered = self.make_writer().render(self._document())
        assert rendered.cleaned_chars == 0
        assert self.read_back(rendered.data) == list(zip(AWKWARD["zh"], AWKWARD["fr"]))

    def test_empty_document_renders_and_reads_back_empty(self):
        rendered = self.make_writer().render(self._document(units=()))
        assert self.read_back(rendered.data) == []

    def test_rendering_twice_gives_identical_bytes(self):
        writer = self.make_writer()
        assert writer.render(self._document()).data == writer.render(self._document()).data

    def test_writer_declares_its_format(self):
        writer = self.make_writer()
        assert writer.name and writer.mimetype and writer.extensions
        assert writer.filename("doc.zh-fr") == f"doc.zh-fr.{writer.extensions[0]}"


def alignment_from_rows(rows, *, doc_id: str = "rows", langs: tuple[str, ...] = ("zh", "fr", "en")) -> Alignment:
    """A 1-1 alignment from rows of parallel sentences ({lang: text or None}).

    For small hand-made inputs (tests, examples): each row is one unit, each
    text one sentence; ``None`` or a missing key leaves that side empty.
    """
    sentences: dict[str, list[Sentence]] = {lang: [] for lang in langs}
    units = []
    for n, row in enumerate(rows):
        ids = {}
        for lang in langs:
            text = row.get(lang)
            if text:
                sid = len(sentences[lang])
                sentences[lang].append(Sentence(sid, text, n))
                ids[lang] = (sid,)
            else:
                ids[lang] = ()
        units.append(AlignedUnit(ids=ids))
    texts = {lang: SegmentedText(lang, tuple(s)) for lang, s in sentences.items()}
    return Alignment(doc_id=doc_id, texts=texts, units=tuple(units), signature="aligner:rows")
