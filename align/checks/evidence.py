"""Per-document evidence, computed once and shared by every check.

Everything here is lazy: a check that needs no encoder never triggers an
embedding, and tokens, numbers, vectors and word links are cached per unit.
Embeddings are requested in a few large batches (the encoder is fastest so).
"""
from __future__ import annotations

from functools import cached_property
from typing import Any, Iterable, Iterator, Mapping

import numpy as np

from ..models import Alignment
from .base import CheckSettings, Flag
from .engines import CheckEngines
from ..lang.wordlinks import WordLinks, dice_association, link_words, encoder_form
from ..lang.words import Token, tokenize
from ..lang.langid import ordered_languages
from ..lang.numbers import NumberMention, extract_numbers


class Evidence:
    def __init__(self, alignment: Alignment, engines: CheckEngines, termbase, settings: CheckSettings):
        self.alignment = alignment
        self.engines = engines
        self.termbase = termbase
        self.settings = settings
        known = ordered_languages(alignment.texts)
        self.langs: tuple[str, ...] = tuple(
            lang for lang in known if alignment.texts[lang].sentences
        )
        self.units = alignment.units
        self._cache: dict[Any, Any] = {}

    # -- availability -----------------------------------------------------------
    def available(self, need: str) -> bool:
        if need == "termbase":
            return bool(self.termbase)
        return self.engines.has(need)

    def why_missing(self, need: str) -> str:
        if need == "termbase":
            return "no termbase given (--termbase, or run the glossary stage first)"
        return self.engines.why_missing(need)

    # -- texts ------------------------------------------------------------------
    @cached_property
    def unit_texts(self) -> list[dict[str, str]]:
        out = []
        for unit in self.units:
            texts = {}
            for lang in self.langs:
                ids = unit.ids.get(lang, ())
                if ids:
                    texts[lang] = self.alignment.unit_text(unit, lang)
            out.append(texts)
        return out

    def text(self, u: int, lang: str) -> str:
        return self.unit_texts[u].get(lang, "")

    def present(self, u: int) -> tuple[str, ...]:
        return tuple(lang for lang in self.langs if self.unit_texts[u].get(lang, "").strip())

    def shared_units(self, min_langs: int = 2) -> Iterator[tuple[int, tuple[str, ...]]]:
        """(unit index, languages present) for the units that at least ``min_langs`` versions have:
        the only units a cross-version comparison can judge."""
        for u in range(len(self.units)):
            langs = self.present(u)
            if len(langs) >= min_langs:
                yield u, langs

    @staticmethod
    def pairs_of(langs: Iterable[str]) -> list[tuple[str, str]]:
        langs = list(langs)
        return [(a, b) for i, a in enumerate(langs) for b in langs[i + 1:]]

    @property
    def all_pairs(self) -> list[tuple[str, str]]:
        return self.pairs_of(self.langs)

    def memo(self, key, compute):
        """Compute once per document: shared results that several checks read."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    # -- tokens and numbers ---------------------------------------------------------
    def tokens(self, u: int, lang: str) -> tuple[Token, ...]:
        return self.memo(("tok", u, lang), lambda: tokenize(lang, self.text(u, lang)))

    def content(self, u: int, lang: str) -> tuple[Token, ...]:
        return tuple(t for t in self.tokens(u, lang) if t.content)

    def numbers(self, u: int, lang: str) -> tuple[NumberMention, ...]:
        return self.memo(("num", u, lang), lambda: extract_numbers(lang, self.text(u, lang)))

    # -- embeddings -----------------------------------------------------------------
    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        vecs = np.asarray(self.engines.encoder.encode(texts), dtype=np.float32)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        return vecs / np.maximum(norms, 1e-9)

    @cached_property
    def unit_vectors(self) -> dict[str, np.ndarray]:
        """(n_units, dim) per language; zero rows where the unit has no text there."""
        out = {}
        for lang in self.langs:
            idx = [u for u in range(len(self.units)) if self.text(u, lang)]
            vecs = self.encode([self.text(u, lang) for u in idx])
            mat = np.zeros((len(self.units), vecs.shape[1] if len(vecs) else 512), dtype=np.float32)
            mat[idx] = vecs
            out[lang] = mat
        return out

    @cached_property
    def sentence_vectors(self) -> dict[str, np.ndarray]:
        return {lang: self.encode(self.alignment.texts[lang].texts) for lang in self.langs}

    @cached_property
    def word_vectors(self) -> dict[str, dict[str, np.ndarray]]:
        out = {}
        for lang in self.langs:
            vocab = sorted({encoder_form(t) for u in range(len(self.units)) for t in self.content(u, lang)})
            vecs = self.encode(vocab)
            out[lang] = dict(zip(vocab, vecs))
        return out

    def links(self, u: int, a: str, b: str) -> WordLinks:
        """Word links between the content words of ``a`` and ``b`` in unit ``u``."""
        key = ("links", u, a, b)
        if key not in self._cache:
            # Always link in document language order, so the result does not
            # depend on which check asked first (linking is not symmetric).
            order = {lang: i for i, lang in enumerate(self.langs)}
            if order.get(a, 99) <= order.get(b, 99):
                encoder = self.available("encoder")
                self._cache[key] = link_words(
                    a, self.content(u, a), b, self.content(u, b),
                    vectors_a=self.word_vectors[a] if encoder else None,
                    vectors_b=self.word_vectors[b] if encoder else None,
                    dictionary=self.engines.dictionary if self.available("dictionary") else None,
                    association=self.memo(("assoc", a, b), lambda: dice_association(
                        [self.content(v, a) for v in range(len(self.units))],
                        [self.content(v, b) for v in range(len(self.units))])),
                    threshold=self.settings.link_min_similarity)
            else:
                self._cache[key] = self.links(u, b, a).reversed()
        return self._cache[key]

    # -- flags ----------------------------------------------------------------------
    def flag(self, kind: str, severity: str, langs: Iterable[str], u: int, message: str,
             evidence: Mapping[str, Any], diverging: str | None = None,
             highlights: Mapping[str, Iterable[tuple[int, int]]] | None = None) -> Flag:
        unit = self.units[u]
        present = self.present(u)
        return Flag(
            kind=kind,
            severity=severity,
            langs=tuple(langs),
            unit=u,
            ids={lang: tuple(unit.ids.get(lang, ())) for lang in self.langs},
            texts={lang: self.text(u, lang) for lang in present},
            message=message,
            evidence=dict(evidence),
            diverging=diverging,
            highlights={lang: tuple(sorted(set(spans))) for lang, spans in (highlights or {}).items()},
        )


def robust_z(values: np.ndarray, min_scale: float = 0.0) -> np.ndarray:
    """(x − median) / (1.4826 · MAD), with floors on the scale: a quarter of the
    standard deviation (flat data) and ``min_scale`` (few units: a tiny MAD
    would make ordinary differences look extreme)."""
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0:
        return values
    med = np.median(values)
    mad = 1.4826 * np.median(np.abs(values - med))
    spread = max(mad, 0.25 * float(np.std(values)), min_scale, 1e-6)
    return (values - med) / spread
