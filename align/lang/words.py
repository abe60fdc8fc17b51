"""Words of a segment: tokens with offsets, lemmas and a content-word mark.

French and English are tokenised with a regular expression and lemmatised
with simplemma; Chinese is cut with jieba's part-of-speech tagger (content =
nouns, verbs, adjectives, idioms, Latin words).  Function words are closed
classes, so short hand lists are enough for them.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .script import plain_key
from .stopwords import STOPWORDS

# A word: letters (with inner apostrophes or hyphens) or digits.  French
# elisions (l', d', qu') are split off so that « l'IA » yields « IA ».
_LATIN_WORD = re.compile(
    r"(?:[A-Za-zÀ-ÖØ-öø-ÿŒœ]['’](?=[A-Za-zÀ-ÖØ-öø-ÿŒœ]))"  # elided article/pronoun
    r"|[A-Za-zÀ-ÖØ-öø-ÿŒœ0-9]+(?:[-'’][A-Za-zÀ-ÖØ-öø-ÿŒœ0-9]+)*"
)

# jieba part-of-speech tags that mark content words (nouns, verbs, adjectives,
# idioms and fixed expressions, abbreviations, Latin words, time nouns).
_ZH_CONTENT_TAGS = ("n", "v", "a", "i", "l", "j", "eng", "t", "b", "z", "s")


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # character offsets in the unit text
    end: int
    lemma: str  # lower-cased lemma (the word itself for Chinese; term keys keep IA, OpenAI)
    content: bool
    tag: str = ""  # jieba part of speech (Chinese only)

    @property
    def key(self) -> str:
        """Accent-free lemma: the form compared across French and English."""
        return plain_key(self.lemma)


def tokenize(lang: str, text: str) -> tuple[Token, ...]:
    if lang == "zh":
        return _tokenize_zh(text)
    return _tokenize_latin(lang, text)


def _tokenize_latin(lang: str, text: str) -> tuple[Token, ...]:
    stop = STOPWORDS.get(lang, frozenset())
    out = []
    for match in _LATIN_WORD.finditer(text):
        word = match.group()
        if word[-1] in "'’":  # elided article: never content
            out.append(Token(word, match.start(), match.end(), word.lower(), False))
            continue
        lower = word.lower()
        lemma_ = lemma(lang, lower) if not word.isupper() or len(word) > 5 else lower
        content = (
            lower not in stop
            and lemma_ not in stop
            and not lower.isdigit()
            and len(lower) > 1
            and not _ROMAN.fullmatch(word)
        )
        out.append(Token(word, match.start(), match.end(), lemma_, content))
    return tuple(out)


_ROMAN = re.compile(r"[IVXLC]{1,5}")


LEMMATISED = ("en", "fr")


@lru_cache(maxsize=1)
def _simplemma():
    import simplemma  # ~0.1 s: imported on the first lemma, not by every command

    return simplemma


@lru_cache(maxsize=300_000)
def lemma(lang: str, word: str) -> str:
    """simplemma's lemma of ``word``, lower-cased; the word itself in other languages.
    The one lemmatiser cache of triglot."""
    if lang not in LEMMATISED:
        return word
    return _simplemma().lemmatize(word, lang=lang).lower()


@lru_cache(maxsize=50_000)
def is_known_word(lang: str, word: str) -> bool:
    """Does simplemma's lexicon of ``lang`` know ``word`` (a common word, not a name)?"""
    return lang in LEMMATISED and _simplemma().is_known(word, lang=lang)


@lru_cache(maxsize=1)
def load_jieba():
    """jieba, quiet: it logs its dictionary loading to stderr at DEBUG level by default.
    Imported here on first use (about a second): the glossary's search never needs it."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


@lru_cache(maxsize=1)
def jieba_posseg():
    """jieba's part-of-speech tagger (``cut`` and the dictionary's tag table ``dt.word_tag_tab``)."""
    load_jieba()
    import jieba.posseg

    return jieba.posseg


def _tokenize_zh(text: str) -> tuple[Token, ...]:
    pseg = jieba_posseg()
    stop = STOPWORDS["zh"]
    out, pos = [], 0
    for pair in pseg.cut(text):
        word, flag = pair.word, pair.flag
        start = text.find(word, pos)
        if start < 0:  # jieba normalises nothing, but stay safe
            start = pos
        end = start + len(word)
        pos = end
        if not word.strip() or _is_punct(word):
            continue
        content = flag.startswith(_ZH_CONTENT_TAGS) and word not in stop
        out.append(Token(word, start, end, word.lower() if flag == "eng" else word, content, flag))
    return tuple(out)


def _is_punct(word: str) -> bool:
    return all(unicodedata.category(c)[0] in "PZS" for c in word)


@lru_cache(maxsize=1)
def jieba_frequencies() -> dict[str, int]:
    """jieba's dictionary counts: how common a Chinese word is in general language."""
    jieba = load_jieba()
    jieba.initialize()
    return jieba.dt.FREQ


def dictionary_pieces(word: str) -> tuple[str, ...]:
    """Fewest dictionary words of two or more characters covering ``word``
    (国事访问 → 国事 访问), or the word itself when it does not split cleanly."""
    frequencies = jieba_frequencies()
    n = len(word)
    best: list[tuple[int, tuple[str, ...]] | None] = [None] * (n + 1)
    best[0] = (0, ())
    for end in range(1, n + 1):
        for start in range(max(0, end - 4), end):
            piece = word[start:end]
            if best[start] is None or piece == word or (end - start > 1 and not frequencies.get(piece)):
                continue
            cost = best[start][0] + (1 if end - start > 1 else 3)
            if best[end] is None or cost < best[end][0]:
                best[end] = (cost, best[start][1] + (piece,))
    pieces = best[n][1] if best[n] else (word,)
    # A one-character piece (互, 性, 中) is a prefix, suffix or particle: keep the word whole.
    return pieces if all(len(p) > 1 for p in pieces) else (word,)


def quote_tokens(text: str, tokens) -> str:
    """Words of ``text`` as it writes them, for a reviewer's message: neighbours (nothing but
    spaces, hyphens or an apostrophe between them) quoted together, runs apart joined with
    “…” — never a phrase that is not in the text."""
    runs: list[list] = []
    for tok in sorted(tokens, key=lambda t: t.start):
        if runs and not text[runs[-1][-1].end:tok.start].strip(" -'’\u00a0"):
            runs[-1].append(tok)
        else:
            runs.append([tok])
    return " … ".join(f"“{text[run[0].start:run[-1].end]}”" for run in runs)
