"""A sentence encoder that remembers what it has embedded.

Term extraction and the divergence checks embed many of the same strings (the
words and sentences of one document); wrapping the run's encoder in this cache
embeds each distinct string once per document.  The pipeline empties it before each
document (:meth:`CachingEncoder.clear`): over an archive of thousands of documents a
run-long memo grew without bound, and a document's results would depend on which
documents its worker had seen before.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np


class CachingEncoder:
    """``SentenceEncoder`` over another encoder, with a per-instance memo of vectors."""

    def __init__(self, encoder) -> None:
        self._encoder = encoder
        self.name = encoder.name
        self.version = encoder.version
        self._vectors: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        missing = sorted({t for t in texts if t not in self._vectors})
        if missing:
            for text, vector in zip(missing, np.asarray(self._encoder.encode(missing), dtype=np.float32)):
                self._vectors[text] = vector
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self._vectors[t] for t in texts])

    def clear(self) -> None:
        self._vectors.clear()
