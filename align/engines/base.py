"""Protocols that every engine implements; a new encoder or dictionary is one file.

The aligner never imports a concrete engine: it receives objects that satisfy
these protocols, so tests can pass tiny fakes and users can plug in other models.
"""
from __future__ import annotations

from typing import Protocol, Sequence, runtime_checkable

import numpy as np


@runtime_checkable
class SentenceEncoder(Protocol):
    """Maps sentences to L2-normalised float32 vectors in a language-neutral space."""

    name: str
    version: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return an array of shape (len(texts), dim), dtype float32, rows of norm 1."""
        ...


@runtime_checkable
class SpanEncoder(Protocol):
    """Optional capability: embed runs of consecutive sentences without re-encoding them.

    ``encode_spans(texts, max_len, joiner)`` returns an array ``E`` of shape
    (max_len, len(texts), dim) where ``E[k - 1, i]`` embeds
    ``joiner.join(texts[i:i + k])`` (rows with ``i + k > len(texts)`` are zero).
    Encoders without it are handled by encoding the joined strings.
    """

    def encode_spans(self, texts: Sequence[str], max_len: int, joiner: str) -> np.ndarray:
        ...


@runtime_checkable
class BilingualDictionary(Protocol):
    """Word-level translations from ``src_lang`` into ``tgt_lang``.

    ``translations`` takes one source-language token (as produced by the
    aligner's tokeniser: jieba words for Chinese, lower-cased words otherwise)
    and returns lower-cased target-language words (lemmas where the dictionary
    gives them); unknown words give an empty set.
    """

    name: str
    version: str
    src_lang: str
    tgt_lang: str

    def translations(self, word: str) -> frozenset[str]:
        ...
