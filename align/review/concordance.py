"""Concordance: every aligned unit of every document of a run that holds a query.

Matching is the glossary search's (``glossary/keys.py``), applied to whole units:

1. ``exact``   the folded query (case, accents, width and Traditional script ignored)
               occurs in a unit's folded text;
   ``phrasing`` or its Mainland phrasing does, from Taiwan and Hong Kong forms (人工智慧
               finds 人工智能), below the query as typed (a Mainland 文件 is no 文档);
2. ``pinyin``  the query is toneless pinyin (``rengongzhineng``) of Chinese words in
               the unit, from a syllable boundary;
3. ``fuzzy``   rapidfuzz's best partial alignment of the query with the unit's text
               scores at least ``min_fuzzy`` (typos: *governence*), for queries of four
               characters or more.

Units are read from each document's ``alignment.json`` once (again when it changes), by the
reader the caller gives (the pipeline's).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from glossary.keys import mainland_forms, pinyin_query_key, pinyin_syllables, search_fold, search_fold_with_offsets

from ..lang.script import has_han
from ..models import Alignment

MODES = ("exact", "phrasing", "pinyin", "fuzzy")
MAX_QUERY = 200


@dataclass(frozen=True)
class ConcordanceHit:
    doc_id: str
    unit: int  # 0-based
    mode: str
    score: float
    texts: dict  # lang → the unit's text
    spans: dict  # lang → [(start, end)] of the exact match in the unit's text


@dataclass(frozen=True)
class _Unit:
    texts: dict
    folded: dict  # lang → (folded text, offsets of each folded char in the text)


def query_forms(query: str) -> list[str]:
    """The folded forms a query is looked for under: as typed, and with Taiwan and Hong Kong
    phrase forms made Mainland ones."""
    return [f for f in dict.fromkeys(search_fold(form) for form in mainland_forms(query)) if f]


class Concordance:
    def __init__(self, out_dir: Path, read: Callable[[Path], Alignment], documents: Callable[[], list[str]]) -> None:
        self.out_dir = Path(out_dir)
        self._read = read
        self.documents = documents  # the run's documents, as the caller lists them
        self._docs: dict[str, tuple[float, list[_Unit]]] = {}
        self._pinyin: dict[tuple[str, int], str] = {}

    def _units(self, doc_id: str) -> list[_Unit]:
        path = self.out_dir / doc_id / "alignment.json"
        mtime = path.stat().st_mtime_ns
        cached = self._docs.get(doc_id)
        if cached and cached[0] == mtime:
            return cached[1]
        alignment = self._read(path)
        units = []
        for unit in alignment.units:
            texts = {lang: alignment.unit_text(unit, lang) for lang in alignment.texts if unit.ids.get(lang)}
            units.append(_Unit(texts, {lang: search_fold_with_offsets(t) for lang, t in texts.items()}))
        self._docs[doc_id] = (mtime, units)
        self._pinyin = {k: v for k, v in self._pinyin.items() if k[0] != doc_id}
        return units

    def search(self, query: str, *, limit: int = 200, min_fuzzy: float = 85.0) -> list[ConcordanceHit]:
        query = " ".join(unicodedata.normalize("NFC", query or "").split())[:MAX_QUERY]
        forms = query_forms(query)
        if not forms:
            return []
        pinyin = pinyin_query_key(query) if not has_han(query) and len(query) >= 4 else ""
        hits: list[ConcordanceHit] = []
        for doc in self.documents():
            for u, unit in enumerate(self._units(doc)):
                hit = self._exact(doc, u, unit, forms)
                if hit is None and pinyin:
                    hit = self._pinyin_hit(doc, u, unit, pinyin)
                if hit is None and len(forms[0]) >= 4:
                    hit = self._fuzzy(doc, u, unit, forms[0], min_fuzzy)
                if hit is not None:
                    hits.append(hit)
        hits.sort(key=lambda h: (MODES.index(h.mode), -h.score, h.doc_id, h.unit))
        return hits[:limit]

    @staticmethod
    def _exact(doc: str, u: int, unit: _Unit, forms: list[str]) -> ConcordanceHit | None:
        hit = Concordance._found(doc, u, unit, forms[:1], "exact", 100.0)
        return hit or Concordance._found(doc, u, unit, forms[1:], "phrasing", 95.0)

    @staticmethod
    def _found(doc: str, u: int, unit: _Unit, forms: list[str], mode: str, score: float) -> ConcordanceHit | None:
        spans: dict[str, list[tuple[int, int]]] = {}
        for lang, (folded, offsets) in unit.folded.items():
            for form in forms:
                start = folded.find(form)
                while start >= 0:
                    end = start + len(form) - 1
                    spans.setdefault(lang, []).append((offsets[start], offsets[end] + 1))
                    start = folded.find(form, start + len(form))
        if not spans:
            return None
        return ConcordanceHit(doc, u, mode, score, unit.texts, {k: sorted(set(v)) for k, v in spans.items()})

    def _pinyin_hit(self, doc: str, u: int, unit: _Unit, key: str) -> ConcordanceHit | None:
        if "zh" not in unit.texts:
            return None
        syllables = self._pinyin.get((doc, u))
        if syllables is None:
            syllables = self._pinyin[(doc, u)] = pinyin_syllables(unit.texts["zh"])
        words = syllables.split()
        for i in range(len(words)):
            joined = ""
            for word in words[i:]:
                joined += word
                if joined == key:
                    return ConcordanceHit(doc, u, "pinyin", 95.0, unit.texts, {})
                if len(joined) >= len(key):
                    break
        return None

    @staticmethod
    def _fuzzy(doc: str, u: int, unit: _Unit, form: str, min_fuzzy: float) -> ConcordanceHit | None:
        from rapidfuzz import fuzz

        best, spans = 0.0, {}
        for lang, (folded, offsets) in unit.folded.items():
            found = fuzz.partial_ratio_alignment(form, folded, score_cutoff=min_fuzzy)
            if found is not None and found.score >= min_fuzzy:
                best = max(best, found.score)
                if found.dest_end > found.dest_start:
                    spans[lang] = [(offsets[found.dest_start], offsets[found.dest_end - 1] + 1)]
        if not spans:
            return None
        return ConcordanceHit(doc, u, "fuzzy", round(best, 1), unit.texts, spans)
