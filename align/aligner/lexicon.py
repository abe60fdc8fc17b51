"""Lexical evidence: which words of a bead find a translation on the other side.

Every content word becomes a set of *keys* in a shared space:
- English and French words: their lemma, accents stripped, cut to 5 letters
  (so cognates meet: développement/development → ``devel``);
- Chinese words (jieba tokens): the keys of their CC-CEDICT English glosses
  (which also reach French cognates), plus their pinyin for names
  (陈清扬 → ``chen``, ``qingy``); Latin-script tokens in Chinese text
  (AI, UNESCO, 4P) stand for themselves;
- numbers, months and list numbers from :mod:`anchors`.

A word is *covered* in a bead when one of its keys occurs among the keys of the
other side of the bead.  :class:`CoverageTable` counts covered words for every
bead the search may consider, in time linear in the band's area.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from ..lang.script import has_han, plain_key
from ..lang.stopwords import ALIGNER_STOPWORDS
from ..lang.words import lemma, load_jieba
from .anchors import anchor_keys
from .dp import Band

KEY_LEN = 5
_LATIN_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+[^\W\d_]+")


def lexical_key(word: str) -> str:
    """The key a word meets its translations by: accent-free lemma cut to KEY_LEN letters."""
    return plain_key(word)[:KEY_LEN]


def latin_word_keys(text: str, lang: str) -> list[frozenset[str]]:
    stop = ALIGNER_STOPWORDS.get(lang, frozenset()) if lang != "zh" else frozenset()
    out = []
    for raw in _LATIN_WORD.findall(text):
        for word in re.split(r"['’]", raw):
            low = word.lower()
            if len(low) < 2 or low in stop:
                continue
            lemma_ = lemma(lang, low)
            if lemma_ in stop:
                continue
            out.append(frozenset({lexical_key(lemma_)}))
    return out


def _chinese_content(text: str):
    """(token, is Han) for the jieba tokens of a sentence that are not stop words."""
    for token in load_jieba().lcut(text):
        if token.strip() and token not in ALIGNER_STOPWORDS["zh"]:
            yield token, has_han(token)


def chinese_word_keys(text: str, dictionary) -> list[frozenset[str]]:
    """Keys of the content words of a Chinese sentence (jieba tokens)."""
    out = []
    for token, han in _chinese_content(text):
        if not han:
            if _LATIN_WORD.fullmatch(token):  # AI, UNESCO, 4P inside Chinese text
                out.append(frozenset({lexical_key(token)}))
            continue
        keys = _chinese_token_keys(token, dictionary)
        if keys:
            out.append(keys)
    return out


@lru_cache(maxsize=200_000)
def gloss_sentence(text: str, dictionary) -> str:
    """A word-by-word English gloss of a Chinese sentence (dictionary senses, names in pinyin).

    Crude, but the sentence encoder compares it with English far more sharply
    than it compares Chinese with English.
    """
    out = []
    for token, han in _chinese_content(text):
        if not han:
            if _LATIN_WORD.fullmatch(token) or token.isdigit():
                out.append(token)
            continue
        g = dictionary.gloss(token)
        if not g and len(token) > 2:
            g = " ".join(filter(None, (dictionary.gloss(token[k:k + 2], 1) for k in range(0, len(token) - 1, 2))))
        if not g and len(token) >= 2:
            from pypinyin import Style, lazy_pinyin

            g = "".join(lazy_pinyin(token, style=Style.NORMAL, errors="ignore")).capitalize()
        if g:
            out.append(g)
    return " ".join(out) or text


@lru_cache(maxsize=200_000)
def _chinese_token_keys(token: str, dictionary) -> frozenset[str]:
    keys = {lexical_key(w) for w in dictionary.translations(token)} if dictionary is not None else set()
    if not keys and len(token) > 2 and dictionary is not None:
        # compounds missing from the dictionary: use their known two-character parts
        for k in range(len(token) - 1):
            keys |= {lexical_key(w) for w in dictionary.translations(token[k:k + 2])}
    if len(token) >= 2:
        keys |= _pinyin_keys(token)
    if keys:
        keys.add("@" + token)  # the word itself, for translations learnt from the document
    return frozenset(keys)


@lru_cache(maxsize=100_000)
def _pinyin_keys(token: str) -> frozenset[str]:
    """Pinyin of a multi-character word, for names: 清扬 → qingy; 陈清扬 → chen, qingy."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(token, style=Style.NORMAL, errors="ignore")
    if len(syllables) != len(token):
        return frozenset()
    keys = {lexical_key("".join(syllables))}
    if len(token) == 3:  # family name + given name
        keys.add(lexical_key("".join(syllables[1:])))
        if len(syllables[0]) >= 4:  # "li", "he", "ma" would meet English words
            keys.add(syllables[0])
    return frozenset(keys)


_END_CLASSES = (("?？", 1), ("!！", 2), ("…", 3), (":：", 4))
_CLOSERS = "\"'”’」』)）]】》 \u3000"


def end_class(text: str) -> int:
    """How a sentence ends: 1 question, 2 exclamation, 3 ellipsis, 4 colon, 0 anything else."""
    tail = text.rstrip(_CLOSERS)[-1:]
    for marks, cls in _END_CLASSES:
        if tail and tail in marks:
            return cls
    return 0


def sentence_keys(texts: Sequence[str], lang: str, dictionary=None) -> list[list[frozenset[str]]]:
    """For each sentence, the key sets of its content words (anchors included)."""
    out = []
    for text in texts:
        words = chinese_word_keys(text, dictionary) if lang == "zh" else latin_word_keys(text, lang)
        words += [frozenset({k}) for k in sorted(anchor_keys(text, lang))]
        out.append(words)
    return out


def word_identity(keys: frozenset[str]) -> str:
    """A word's own name among its keys: the Chinese token (``@…``) or the Latin word's key."""
    own = [k for k in keys if k.startswith("@")]
    return own[0] if own else min(keys)


def learn_word_pairs(src: list[list[frozenset[str]]], tgt: list[list[frozenset[str]]], links,
                     min_count: int = 3, min_dice: float = 0.5) -> set[tuple[str, str]]:
    """Word pairs that keep occurring in the same beads of a first alignment (Dice association).

    This is how the translator's own renderings enter the evidence: 韦小宝 is
    "Trinket" in one English version, which no dictionary knows, but the two
    co-occur in dozens of beads.  ``links`` are (source ids, target ids) pairs.
    """

    count_src: Counter = Counter()
    count_tgt: Counter = Counter()
    count_pair: Counter = Counter()
    for src_ids, tgt_ids in links:
        if not src_ids or not tgt_ids:
            continue
        s_words = {word_identity(w) for i in src_ids for w in src[i]}
        t_words = {word_identity(w) for j in tgt_ids for w in tgt[j]}
        count_src.update(s_words)
        count_tgt.update(t_words)
        count_pair.update((s, t) for s in s_words for t in t_words)
    return {(s, t) for (s, t), c in count_pair.items()
            if c >= min_count and 2 * c / (count_src[s] + count_tgt[t]) >= min_dice}


def add_word_pairs(src: list[list[frozenset[str]]], tgt: list[list[frozenset[str]]],
                   pairs: set[tuple[str, str]]):
    """Both sides' key sets with one shared key per learnt pair added to the words concerned."""
    by_src: dict[str, set[str]] = {}
    by_tgt: dict[str, set[str]] = {}
    for s, t in pairs:
        key = f"≈{s}|{t}"
        by_src.setdefault(s, set()).add(key)
        by_tgt.setdefault(t, set()).add(key)

    def extend(side, extra):
        return [[w | extra[word_identity(w)] if word_identity(w) in extra else w for w in words] for words in side]

    return extend(src, by_src), extend(tgt, by_tgt)


@dataclass
class CoverageTable:
    """Covered-word counts for beads inside a band.

    ``covered_src(a, b, i, j)``: source words of sentences i-a..i-1 with a key
    among the target sentences j-b..j-1 (and ``covered_tgt`` the converse).
    """

    src_counts: np.ndarray  # (max_b, n_src, width): words of sentence s covered by tgt [t, t+b)
    src_offset: np.ndarray  # first t of each row
    tgt_counts: np.ndarray  # (max_a, n_tgt, width): words of tgt q covered by src [s, s+a)
    tgt_offset: np.ndarray
    src_words: np.ndarray  # cumulative word counts, length n+1
    tgt_words: np.ndarray
    max_side: int = 0  # longest run the table can answer for

    @staticmethod
    def build(src: list[list[frozenset[str]]], tgt: list[list[frozenset[str]]], band: Band,
              max_side: int, idf: bool = False) -> "CoverageTable":
        """Counts of covered words; with ``idf`` each word weighs log((n+1)/(df+0.5)), df being
        the number of sentences of its own side that contain it (names and stock phrases weigh less)."""
        n, m = len(src), len(tgt)
        lo, hi = band.lo, band.hi
        # rows of the band that can reach column j: lo[i] <= j <= hi[i]
        col_lo = np.searchsorted(hi, np.arange(m + 1), side="left")
        col_hi = np.searchsorted(lo, np.arange(m + 1), side="right") - 1
        src_off, src_end = _ranges(lo, hi, n, m, max_side)
        tgt_off, tgt_end = _ranges(col_lo, col_hi, m, n, max_side)
        src_weights, tgt_weights = _weights(src, idf), _weights(tgt, idf)
        src_counts = _count(src, src_weights, tgt, src_off, src_end, max_side)
        tgt_counts = _count(tgt, tgt_weights, src, tgt_off, tgt_end, max_side)
        return CoverageTable(src_counts, src_off, tgt_counts, tgt_off,
                             np.concatenate([[0], np.cumsum([sum(w) for w in src_weights])]),
                             np.concatenate([[0], np.cumsum([sum(w) for w in tgt_weights])]), max_side)

    def covered_src(self, a: int, b: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        return _gather(self.src_counts[b - 1], self.src_offset, i - a, a, j - b)

    def covered_tgt(self, a: int, b: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        return _gather(self.tgt_counts[a - 1], self.tgt_offset, j - b, b, i - a)

    def words_src(self, a: int, i: np.ndarray) -> np.ndarray:
        return self.src_words[i] - self.src_words[i - a]

    def words_tgt(self, b: int, j: np.ndarray) -> np.ndarray:
        return self.tgt_words[j] - self.tgt_words[j - b]


def _ranges(lo: np.ndarray, hi: np.ndarray, n: int, m: int, max_side: int) -> tuple[np.ndarray, np.ndarray]:
    """For each sentence s on one side, the other side's span starts that beads containing s can have."""
    off = np.zeros(n, dtype=np.int64)
    end = np.zeros(n, dtype=np.int64)
    for s in range(n):
        rows = slice(s + 1, min(n, s + max_side) + 1)  # bead ends i that cover s
        off[s] = max(0, int(lo[rows].min()) - max_side)
        end[s] = min(m, int(hi[rows].max()))
    return off, end


def _weights(side: list[list[frozenset[str]]], idf: bool) -> list[list[float]]:
    if not idf:
        return [[1.0] * len(words) for words in side]
    df: dict[frozenset[str], int] = {}
    for words in side:
        for keys in set(words):
            df[keys] = df.get(keys, 0) + 1
    n = len(side)
    return [[float(np.log((n + 1) / (df[keys] + 0.5))) for keys in words] for words in side]


def _count(side: list[list[frozenset[str]]], weights: list[list[float]], other: list[list[frozenset[str]]],
           off: np.ndarray, end: np.ndarray, max_side: int) -> np.ndarray:
    """counts[b-1, s, t-off[s]] = words of sentence s with a key in other[t:t+b]."""
    postings: dict[str, list[int]] = {}
    for q, words in enumerate(other):
        for key in set().union(*words) if words else ():
            postings.setdefault(key, []).append(q)
    width = int((end - off).max()) + 1 if len(off) else 1
    counts = np.zeros((max_side, len(side), width), dtype=np.float32)
    spans = np.arange(1, max_side + 1)[:, None]

    for s, words in enumerate(side):
        starts = np.arange(off[s], end[s] + 1)
        first_q, last_q = int(off[s]), int(end[s]) + max_side  # only hits a bead can reach
        for keys, weight in zip(words, weights[s]):
            hits = set()
            for key in keys:
                plist = postings.get(key)
                if plist:
                    k = bisect_left(plist, first_q)
                    while k < len(plist) and plist[k] < last_q:
                        hits.add(plist[k])
                        k += 1
            if not hits:
                continue
            hits = sorted(hits)
            hits_arr = np.array(hits + [1 << 40])
            first = hits_arr[np.searchsorted(hits_arr, starts)]  # first hit at or after t
            counts[:, s, : len(starts)] += weight * (first[None, :] < starts[None, :] + spans)
    return counts


def _gather(counts: np.ndarray, offset: np.ndarray, first: np.ndarray, size: int,
            other_start: np.ndarray) -> np.ndarray:
    total = np.zeros(len(first), dtype=np.float64)
    width = counts.shape[1]
    for r in range(size):
        rows = first + r
        cols = other_start - offset[rows]
        ok = (cols >= 0) & (cols < width)
        total[ok] += counts[rows[ok], cols[ok]]
    return total
