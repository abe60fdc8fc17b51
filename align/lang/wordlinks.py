"""Word links between two versions of one aligned unit (zh↔en, zh↔fr, fr↔en).

The divergence checks use them to find content words with no counterpart;
term extraction projects a Chinese term onto the French and English sentences
through them (phrase extraction as in phrase-based MT).

The similarity of two content words is the best of:
- the same word (accent- and case-free lemma): 1.0;
- the same acronym in another order (AI/IA, OECD/OCDE): 0.9;
- French–English cognates (shared stem, or near-identical spelling): 0.9;
- the zh→en dictionary (an English gloss of the Chinese word): 0.9, or, for
  French, a gloss that is a cognate of the French word: 0.8;
- co-occurrence in the document's units (Dice, capped: it can link words no
  dictionary knows, 全球 ↔ mondial, but never outweighs a dictionary);
- the sentence encoder applied to the two words (cosine), minus a distortion
  penalty for distant positions (translations keep clause order roughly).

Links are chosen by competitive linking (Melamed 2000): the best remaining
pair above a threshold is linked and both words leave the pool; strong matches
(≥ 0.85) may then link a second time (人工智能 ↔ intelligence + artificielle).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping, Sequence

import numpy as np

from .names import same_acronym
from .words import Token

STRONG = 0.85
DISTORTION = 0.25
DOC_ASSOCIATION_MAX = 0.65
LINK_THRESHOLD = 0.5


@dataclass(frozen=True)
class WordLinks:
    a: tuple[Token, ...]  # content tokens of the first version
    b: tuple[Token, ...]
    sim: np.ndarray  # (len(a), len(b)) combined similarity
    a_to_b: dict[int, tuple[int, ...]]
    b_to_a: dict[int, tuple[int, ...]]

    def reversed(self) -> "WordLinks":
        return WordLinks(self.b, self.a, self.sim.T, self.b_to_a, self.a_to_b)

    def best_b(self, i: int) -> float:
        return float(self.sim[i].max()) if self.sim.shape[1] else 0.0

    def best_a(self, j: int) -> float:
        return float(self.sim[:, j].max()) if self.sim.shape[0] else 0.0

    @property
    def pairs(self) -> frozenset[tuple[int, int]]:
        return frozenset((i, j) for i, js in self.a_to_b.items() for j in js)

    def a_within(self, start: int, end: int) -> list[int]:
        """Indices of a-side tokens inside the character span [start, end)."""
        return [i for i, t in enumerate(self.a) if start <= t.start and t.end <= end]

    def b_within(self, start: int, end: int) -> list[int]:
        return [j for j, t in enumerate(self.b) if start <= t.start and t.end <= end]


# --------------------------------------------------------------------------- lexical evidence


@lru_cache(maxsize=200_000)
def cognate(a: str, b: str) -> bool:
    """Accent-free lemmas that share a stem: stabilite/stability, agricole/agricultural."""
    if a == b:
        return True
    short = min(len(a), len(b))
    if short < 4:
        return False
    prefix = 0
    for x, y in zip(a, b):
        if x != y:
            break
        prefix += 1
    if prefix >= max(4, -(-6 * short // 10)):  # ceil(0.6 · shorter length)
        return True
    from rapidfuzz.distance import Indel

    # gouvernance/governance; but not production/protection (0.80)
    return a[0] == b[0] and Indel.normalized_similarity(a, b) >= 0.85


_GLOSS_CACHE: dict[tuple[int, str], frozenset[str]] = {}


def glosses_of(dictionary, word: str) -> frozenset[str]:
    """The dictionary's words for ``word``, or for its parts when it has no entry.

    jieba keeps compounds such as 公共利益 or 中法两国 whole; CC-CEDICT lists
    公共 and 利益.  Longest known parts from the left, as a reader would split it.
    """
    key = (id(dictionary), word)
    cached = _GLOSS_CACHE.get(key)
    if cached is not None:
        return cached
    found = set(dictionary.translations(word))
    if not found and len(word) > 2:
        i = 0
        while i < len(word):
            for n in range(min(4, len(word) - i), 0, -1):
                part = dictionary.translations(word[i:i + n])
                if part or n == 1:
                    found.update(part)
                    i += n
                    break
    split = set()
    for g in found:
        split.update(p for p in g.split("-") if p)
    return _remember(_GLOSS_CACHE, key, frozenset(found | split))


_LEXICAL_CACHE: dict[tuple, float] = {}
# The memos above hold what a document repeats; over an archive of thousands of documents
# they would grow without end (a megabyte a document): each is emptied when it is full.
_MEMO_MAX = 200_000


def _remember(memo: dict, key, value):
    if len(memo) >= _MEMO_MAX:
        memo.clear()
    memo[key] = value
    return value


def lexical_similarity(a: str, x: Token, b: str, y: Token, dictionary, dictionary_min_chars: int = 1) -> float:
    """Word similarity from dictionary, cognates and acronyms alone (memoised: documents
    repeat their words, and this runs for every pair of words of every unit)."""
    key = (id(dictionary), a, x.key, x.text, b, y.key, y.text, dictionary_min_chars)
    value = _LEXICAL_CACHE.get(key)
    if value is None:
        value = _remember(_LEXICAL_CACHE, key, _lexical_similarity(a, x, b, y, dictionary, dictionary_min_chars))
    return value


def _lexical_similarity(a: str, x: Token, b: str, y: Token, dictionary, dictionary_min_chars: int) -> float:
    if x.key == y.key or x.text.lower() == y.text.lower():
        return 1.0
    if same_acronym(x.text, y.text):
        return 0.9
    if a != "zh" and b != "zh":
        return 0.9 if cognate(x.key, y.key) else 0.0
    if dictionary is None or (a == "zh") == (b == "zh"):
        return 0.0
    zh, other, other_lang = (x, y, b) if a == "zh" else (y, x, a)
    if len(zh.text) < dictionary_min_chars:
        return 0.0
    glosses = glosses_of(dictionary, zh.text)
    if not glosses:
        return 0.0
    if other.text.isupper() and any(same_acronym(other.text, g.upper()) for g in glosses):
        return 0.9  # 人工智能 → "AI" ↔ IA
    if other_lang == "en":
        if other.key in glosses or other.text.lower() in glosses:
            return 0.9
        return 0.85 if any(cognate(other.key, g) for g in glosses) else 0.0
    return 0.8 if any(cognate(other.key, g) for g in glosses) else 0.0


def encoder_form(token: Token) -> str:
    """What the encoder embeds: acronyms keep their case (IA, AI), other words are lower-cased."""
    text = token.text
    return text if text.isupper() else text.lower()


def dice_association(units_a: Sequence[Sequence[Token]], units_b: Sequence[Sequence[Token]]
                     ) -> dict[tuple[str, str], float]:
    """Dice coefficient over units for word pairs sharing at least two units (capped)."""
    seen_a: dict[str, set[int]] = {}
    seen_b: dict[str, set[int]] = {}
    for u, tokens in enumerate(units_a):
        for tok in tokens:
            seen_a.setdefault(tok.key, set()).add(u)
    for u, tokens in enumerate(units_b):
        for tok in tokens:
            seen_b.setdefault(tok.key, set()).add(u)
    out = {}
    for ka, ua in seen_a.items():
        if len(ua) < 2:
            continue
        for kb, ub in seen_b.items():
            both = len(ua & ub)
            if both < 2:
                continue
            dice = 2 * both / (len(ua) + len(ub))
            if dice >= 0.6:
                out[(ka, kb)] = DOC_ASSOCIATION_MAX * dice
    return out


# --------------------------------------------------------------------------- linking


def similarity_matrix(a: str, ta: Sequence[Token], b: str, tb: Sequence[Token], *,
                      vectors_a: Mapping[str, np.ndarray] | None = None,
                      vectors_b: Mapping[str, np.ndarray] | None = None,
                      dictionary=None,
                      association: Mapping[tuple[str, str], float] | None = None,
                      dictionary_min_chars: int = 1) -> np.ndarray:
    if not ta or not tb:
        return np.zeros((len(ta), len(tb)), dtype=np.float32)
    if vectors_a is not None and vectors_b is not None:
        va = np.stack([vectors_a[encoder_form(t)] for t in ta])
        vb = np.stack([vectors_b[encoder_form(t)] for t in tb])
        sim = va @ vb.T
        pa = (np.arange(len(ta)) + 0.5) / len(ta)
        pb = (np.arange(len(tb)) + 0.5) / len(tb)
        sim = sim - DISTORTION * np.abs(pa[:, None] - pb[None, :])
    else:
        sim = np.zeros((len(ta), len(tb)), dtype=np.float32)
    association = association or {}
    for i, x in enumerate(ta):
        for j, y in enumerate(tb):
            best = lexical_similarity(a, x, b, y, dictionary, dictionary_min_chars)
            if best < DOC_ASSOCIATION_MAX:
                best = max(best, association.get((x.key, y.key), 0.0))
            if best > sim[i, j]:
                sim[i, j] = best
    return sim


def competitive_link(sim: np.ndarray, threshold: float = LINK_THRESHOLD):
    n, m = sim.shape
    if n == 0 or m == 0:
        return {}, {}
    order = np.argsort(-sim, axis=None, kind="stable")
    a_to_b: dict[int, list[int]] = {}
    b_to_a: dict[int, list[int]] = {}
    strong: list[tuple[int, int]] = []
    for flat in order:
        i, j = divmod(int(flat), m)
        score = sim[i, j]
        if score < threshold:
            break
        if i not in a_to_b and j not in b_to_a:
            a_to_b[i] = [j]
            b_to_a[j] = [i]
        elif score >= STRONG:
            strong.append((i, j))
    for i, j in strong:  # more links for strong matches (a compound and its parts)
        a_to_b.setdefault(i, []).append(j)
        b_to_a.setdefault(j, []).append(i)
    return ({i: tuple(v) for i, v in a_to_b.items()}, {j: tuple(v) for j, v in b_to_a.items()})


def link_words(a: str, ta: Sequence[Token], b: str, tb: Sequence[Token], *,
               vectors_a: Mapping[str, np.ndarray] | None = None,
               vectors_b: Mapping[str, np.ndarray] | None = None,
               dictionary=None, association=None, threshold: float = LINK_THRESHOLD,
               dictionary_min_chars: int = 1) -> WordLinks:
    """Link the content tokens ``ta`` (language ``a``) and ``tb`` (language ``b``).

    ``dictionary_min_chars=2`` ignores dictionary glosses of one-character Chinese
    words, which have dozens of senses (利: profit, sharp, favourable…) and pieces of
    transliterated names are often single characters (布|莱切|利 = Bletchley).
    """
    sim = similarity_matrix(a, ta, b, tb, vectors_a=vectors_a, vectors_b=vectors_b,
                            dictionary=dictionary, association=association,
                            dictionary_min_chars=dictionary_min_chars)
    a_to_b, b_to_a = competitive_link(sim, threshold)
    return WordLinks(tuple(ta), tuple(tb), sim, a_to_b, b_to_a)
