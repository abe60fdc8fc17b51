"""How common a word or phrase is in general language, on one scale for all three languages.

The scale is Zipf (log10 of occurrences per billion words): 7 for *the*, 3.4 for *trough*,
0 for a word never seen.  wordfreq's *small* lists are read (words down to Zipf 3, 7 MB in
memory; the large ones cost 67 MB a process): rarer words count as 0, which for termhood
means the same, rare; a phrase is as frequent as the harmonic combination of its words
(wordfreq's rule, applied to Chinese dictionary pieces too).  French and English come from wordfreq (its data: Wikipedia,
subtitles, news, books and web text; code Apache-2.0, data CC BY-SA 4.0, shipped in the
wheel, nothing downloads).  Chinese comes from jieba's dictionary counts, which the
segmenter already loads (wordfreq's own Chinese list would load a second jieba).

Termhood contrasts a document's terms with this: *time* (6.3) and 时候 are everyday words,
*trough* (3.4), 低压槽 and *pangolin* (0) are what a termbase is for.
"""
from __future__ import annotations

import math
from functools import lru_cache

from .words import dictionary_pieces, jieba_frequencies, load_jieba


@lru_cache(maxsize=65536)
def zipf(lang: str, phrase: str) -> float:
    """General-language frequency of ``phrase`` in ``lang`` (Zipf scale, 0 when unknown)."""
    phrase = phrase.strip()
    if not phrase:
        return 0.0
    if lang == "zh":
        return _zh_zipf(phrase)
    from wordfreq import zipf_frequency

    return float(zipf_frequency(phrase, lang, wordlist="small"))


def _zh_zipf(word: str) -> float:
    """A word of jieba's dictionary by its count; another (人工智能治理, a name) as wordfreq
    combines the words of a phrase: 1/f = Σ 1/fᵢ over its dictionary pieces, 0 when a piece
    is unknown."""
    frequencies = jieba_frequencies()
    counts = [frequencies.get(piece, 0) for piece in
              ((word,) if frequencies.get(word) else dictionary_pieces(word))]
    if not counts or not all(counts):
        return 0.0
    count = 1 / sum(1 / c for c in counts)
    value = math.log10(count / _jieba_total() * 1e9)
    return value if value >= SMALL_LIST_FLOOR else 0.0  # cut where wordfreq's small lists are


SMALL_LIST_FLOOR = 3.0  # wordfreq's small lists hold words down to Zipf 3


@lru_cache(maxsize=1)
def _jieba_total() -> int:
    jieba = load_jieba()
    jieba.initialize()
    return int(jieba.dt.total)
