"""Normalised keys that the store writes once per term so that search stays cheap.

* ``identity_fold`` — what makes two entries the same entry (case, width,
  whitespace and Traditional/Simplified script do not count; accents do).
* ``search_fold`` — what search compares: also accent-free, so *interoperabilite*
  equals *interopérabilité*.
* ``pinyin_syllables`` — toneless pinyin of a Chinese term (pypinyin, imported
  only when a term is written, never on the search path).
* ``fts_text`` — the text given to SQLite FTS5: Han characters are spaced out so
  that the ``unicode61`` tokenizer indexes each one and infixes (鸿沟 in 数字鸿沟)
  can be found with a phrase query.

OpenCC is imported only when a string contains Han characters (~15 ms).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from align.lang.script import has_han, is_han, opencc_converter, strip_accents, to_simplified

_PUNCT_MAP = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "‐": "-", "‑": "-",
                            "‒": "-", "–": "-", "—": "-", "\u00a0": " "})
_PINYIN_QUERY_RE = re.compile(r"^[a-z]+$")


def mainland_forms(text: str) -> list[str]:
    """``text`` and, for Chinese, its Mainland phrasing from Taiwan and Hong Kong forms
    (OpenCC tw2sp, hk2s: 人工智慧 → 人工智能, 軟體 → 软件), distinct, as typed first."""
    forms = [text]
    if has_han(text):
        forms += [opencc_converter(config).convert(text) for config in ("tw2sp", "hk2s")]
    return list(dict.fromkeys(forms))


def _base_fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_PUNCT_MAP)
    return " ".join(to_simplified(text).casefold().split())


def identity_fold(text: str) -> str:
    return _base_fold(text)


def search_fold(text: str) -> str:
    return strip_accents(_base_fold(text))


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return strip_accents(unicodedata.normalize("NFKC", char).translate(_PUNCT_MAP).casefold())


def search_fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """``search_fold(text)`` and, for each of its characters, the offset in ``text`` it came
    from: a match found in folded text can be shown in the original.  Script is converted
    once for the whole text (OpenCC is slow character by character); where the conversion
    changes the length, character by character after all."""
    simplified = to_simplified(text)
    chars = list(simplified) if len(simplified) == len(text) else [to_simplified(c) for c in text]
    folded: list[str] = []
    offsets: list[int] = []
    for i, char in enumerate(chars):
        for out in (" " if char.isspace() else _fold_char(char)):
            if out.isspace() and (not folded or folded[-1] == " "):
                continue  # whitespace collapsed, as search_fold does
            folded.append(" " if out.isspace() else out)
            offsets.append(i)
    if folded and folded[-1] == " ":
        folded.pop()
        offsets.pop()
    return "".join(folded), offsets


def identity_key(terms: dict[str, str]) -> str:
    """The entry identity: every language's term, folded, in a fixed order."""
    return "\x1f".join(f"{lang}={identity_fold(terms[lang])}" for lang in sorted(terms))


def fts_text(text: str) -> str:
    """Tokens of ``search_fold(text)`` separated by spaces, one token per Han character."""
    return " ".join(fts_tokens(search_fold(text)))


def fts_tokens(folded: str) -> list[str]:
    """Runs of letters and digits, except that each Han character is a token alone
    (as FTS5's unicode61 tokenizer sees the text once Han characters are spaced)."""
    tokens: list[str] = []
    word: list[str] = []
    for char in folded:
        if is_han(char):
            if word:
                tokens.append("".join(word))
                word = []
            tokens.append(char)
        elif char.isalnum():
            word.append(char)
        elif word:
            tokens.append("".join(word))
            word = []
    if word:
        tokens.append("".join(word))
    return tokens


def pinyin_syllables(text: str) -> str:
    """Toneless pinyin syllables of the Han characters of ``text``, space-separated.

    ``互操作性`` → ``hu cao zuo xing``; ü is written ``v`` (lv, nv) as IMEs do.
    Latin letters inside the term are kept (AI治理 → ``ai zhi li``).
    """
    if not has_han(text):
        return ""
    from pypinyin import Style, lazy_pinyin  # ~0.3 s import: write path only

    syllables: list[str] = []
    for item in lazy_pinyin(to_simplified(text), style=Style.NORMAL, v_to_u=False):
        syllables.extend(re.findall(r"[a-z]+", item.lower().replace("ü", "v")))
    return " ".join(syllables)


def pinyin_query_key(query: str) -> str:
    """The compact toneless pinyin of a query, or "" when it cannot be pinyin.

    Accepts ``hucaozuoxing``, ``hu cao zuo xing``, ``Hù cāo zuò xìng``, ``hu4 cao1``,
    ``xi'an``; ``ü`` may be typed ``v`` or ``ü``.
    """
    text = unicodedata.normalize("NFKC", query).lower().replace("ü", "v").replace("u:", "v")
    text = strip_accents(text)
    text = re.sub(r"[\s'’\-1-5]", "", text)
    return text if _PINYIN_QUERY_RE.match(text) else ""


def pinyin_boundaries(syllables: str) -> frozenset[int]:
    """Offsets in the compact key where a syllable starts or the key ends."""
    offsets, pos = {0}, 0
    for syllable in syllables.split():
        pos += len(syllable)
        offsets.add(pos)
    return frozenset(offsets)


def sort_key(terms: dict[str, str]) -> str:
    """Export order: by the pinyin of the Chinese term, else the first term, folded."""
    if "zh" in terms:
        return pinyin_syllables(terms["zh"]) + " " + search_fold(terms["zh"])
    first = next(iter(terms.values()))
    return search_fold(first)
