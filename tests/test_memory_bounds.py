"""Memos that live for a whole run stay bounded over an archive of thousands of documents."""
from __future__ import annotations

from align.lang import wordlinks
from align.lang.words import Token


def test_the_word_link_memo_is_emptied_when_full_and_answers_the_same(monkeypatch):
    monkeypatch.setattr(wordlinks, "_MEMO_MAX", 50)
    monkeypatch.setattr(wordlinks, "_LEXICAL_CACHE", {})
    pairs = [(Token(f"word{n}", 0, 5, f"word{n}", True), Token(f"word{n}s", 0, 6, f"word{n}s", True))
             for n in range(400)]
    first = [wordlinks.lexical_similarity("fr", x, "en", y, None) for x, y in pairs]
    assert len(wordlinks._LEXICAL_CACHE) <= 50
    assert [wordlinks.lexical_similarity("fr", x, "en", y, None) for x, y in pairs] == first


def test_the_encoder_memo_is_emptied_between_documents():
    import numpy as np

    from align.engines.cache import CachingEncoder

    class Counting:
        name, version, calls = "counting", "1", 0

        def encode(self, texts):
            Counting.calls += len(texts)
            return np.ones((len(texts), 4), dtype=np.float32)

    encoder = CachingEncoder(Counting())
    encoder.encode(["a", "b"])
    encoder.encode(["a"])
    assert Counting.calls == 2
    encoder.clear()
    encoder.encode(["a"])
    assert Counting.calls == 3
