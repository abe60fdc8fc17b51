"""Names and acronyms: how the three languages write them, and when two spellings are one.

- an acronym is 2–10 capitals, digits or ``&`` with at least one capital (UNESCO, G20, 4P);
- two acronyms are the same when they hold the same characters in another order
  (AI/IA, OECD/OCDE, EU/UE, R&D/RD — but not G20/G7);
- some pairs share no such order and are listed (UN/ONU, WHO/OMS);
- a code of letters and digits is one code with or without a hyphen (COVID-19 / COVID19);
- the initials of a run of words spell its acronym (Nations unies → nu, intelligence
  artificielle → ia), accents aside.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from .script import plain_key

ACRONYM = re.compile(r"^(?=.*[A-Z])[A-Z0-9&]{2,10}$")

# Acronyms whose French and English forms share no letters order-free.
ACRONYM_PAIRS = (
    {"UN", "ONU"}, {"WHO", "OMS"}, {"WTO", "OMC"}, {"IMF", "FMI"}, {"ILO", "OIT"},
    {"FAO", "FAO"}, {"UNDP", "PNUD"}, {"UNEP", "PNUE"}, {"IAEA", "AIEA"}, {"EU", "UE"},
    {"NATO", "OTAN"}, {"SDG", "ODD"}, {"SDGS", "ODD"}, {"USA", "EUA"}, {"UK", "RU"},
)


def is_acronym(word: str) -> bool:
    return bool(ACRONYM.match(word))


def same_acronym(x: str, y: str) -> bool:
    """AI/IA, OECD/OCDE, R&D/RD: two acronyms with the same letters and digits in any order."""
    return is_acronym(x) and is_acronym(y) and sorted(x.replace("&", "")) == sorted(y.replace("&", ""))


def same_but_number(x: str, y: str) -> bool:
    """ACE / ACE2, COVID / COVID19: the same acronym, one version leaving out its number
    (a translator's shorthand).  Two different numbers (G20 / G7) are two names."""
    letters = [sorted(c for c in v if c.isalpha()) for v in (x, y)]
    digits = [[c for c in v if c.isdigit()] for v in (x, y)]
    return (is_acronym(x) and is_acronym(y) and letters[0] == letters[1]
            and (digits[0] == digits[1] or not digits[0] or not digits[1]))


def paired_acronyms(x: str, y: str) -> bool:
    """UN/ONU, WHO/OMS: a listed French–English pair."""
    return any(x in pair and y in pair for pair in ACRONYM_PAIRS)


def partners(acronym: str) -> set[str]:
    """The listed other-language forms of ``acronym`` (UN → ONU)."""
    return {other for pair in ACRONYM_PAIRS if acronym in pair for other in pair if other != acronym}


_CODE_JOIN = re.compile(r"(?<=[A-Z])[-‐‑](?=\d)")


def code_form(text: str) -> str:
    """Codes of capitals and digits written with or without a hyphen are one code:
    COVID-19 / COVID19, ACE-2 / ACE2, IL-6 / IL6 → covid19, ace2, il6 (lower-cased)."""
    return _CODE_JOIN.sub("", text).lower()


def initials(words: Iterable[str]) -> str:
    """The accent-free, lower-case first letters of ``words``: what an acronym of them spells."""
    return "".join(plain_key(w[0]) for w in words if w)


# --------------------------------------------------------------------------- Chinese transliterations

NAME_DOTS = frozenset("·・‧•")  # the interpunct between the parts of a transliterated name
TRANSLITERATION_FLOOR = 0.05  # share below which a character is not a transliteration syllable


def transliteration_share(char: str) -> float:
    """How much a Han character is a syllable of transliterated foreign names: the share of
    jieba's dictionary words holding it that jieba tags as foreign names (nrt, nrfg).
    斯 .31, 尔 .31, 诺 .31, 克 .27, 比 .13, 利 .08; 和 .01, 表 0, 国 0.  Learnt from the
    dictionary the segmenter ships, not listed by hand."""
    return _transliteration_shares().get(char, 0.0)


def transliterated(piece: str) -> bool:
    """Could ``piece`` be part of a transliterated name (every character a name syllable; the
    interpunct of 伊丽莎白·沃伦 aside)?"""
    chars = [c for c in piece if c not in NAME_DOTS]
    return bool(chars) and all(transliteration_share(c) >= TRANSLITERATION_FLOOR for c in chars)


FOREIGN_NAME_TAGS = ("nr", "ns")  # jieba's nr, nrt, nrfg (persons), ns (places)


def glued_name_syllable(left: tuple[str, str], right: tuple[str, str], following: str = "") -> bool:
    """Given two neighbouring (word, jieba tag) pairs: is one a transliterated name and the
    other one or two name syllables the segmenter cut from it (卡瓦|诺, 威洛|比, 布|莱西)?
    A piece that is a word of its own beyond one character (普通) is not taken.  A function
    word's character (比 "than", 克) is taken only after the name, only when a strong name
    syllable, and not when ``following`` (the tag of the word after it) is a noun, name or
    pronoun: then it is the function word (特朗普比拜登年轻)."""
    from .words import jieba_frequencies

    for name, piece, piece_after in ((left, right, True), (right, left, False)):
        function_word = piece[1].startswith(FUNCTION_TAGS)
        if name[1].startswith(FOREIGN_NAME_TAGS) and len(name[0]) >= 2 and transliterated(name[0]) \
                and len(piece[0]) <= 2 and transliterated(piece[0]) \
                and not piece[1].startswith(FOREIGN_NAME_TAGS) \
                and (not function_word or (piece_after and min(map(transliteration_share, piece[0])) >= 0.1
                                           and not following.startswith(("n", "r")))) \
                and (len(piece[0]) == 1 or not jieba_frequencies().get(piece[0])):
            return True
    return False


# jieba tags of function words: a piece of a name only after it, when a strong name syllable
# (威洛|比, 弗雷|克) that no noun follows; never 和 or 的.
FUNCTION_TAGS = ("p", "c", "u", "d", "r", "f", "e", "y", "o", "m", "x")
# The tag of a name that took a function word's character (威洛|比): it takes no further piece.
CLOSED_NAME_TAG = "nrz"


def joined_name_tag(piece_tag: str) -> str:
    """The tag of a name once :func:`glued_name_syllable` joined a piece tagged ``piece_tag``
    to it: closed when the piece was a function word's character, else a person's name."""
    return CLOSED_NAME_TAG if piece_tag.startswith(FUNCTION_TAGS) else "nr"


@lru_cache(maxsize=1)
def _transliteration_shares() -> dict[str, float]:
    from .words import jieba_posseg

    names: dict[str, int] = {}
    every: dict[str, int] = {}
    for word, tag in jieba_posseg().dt.word_tag_tab.items():
        for char in set(word):
            every[char] = every.get(char, 0) + 1
            if tag in ("nrt", "nrfg"):
                names[char] = names.get(char, 0) + 1
    return {c: names.get(c, 0) / n for c, n in every.items() if n >= 3}


@lru_cache(maxsize=262144)
def sounds_alike(zh: str, latin: str) -> float:
    """0–1: how close a Chinese name's pinyin is to a Latin spelling, compared on classes of
    consonants (伦敦 lundun / London, 卡瓦诺 / Kavanaugh 1.0, 特朗普 / Trump .75; 朝鲜
    chaoxian / Pyongyang .5, 丰田 / Toyota .4): evidence that a name is rendered by its transliteration rather
    than by another name."""
    from rapidfuzz import fuzz

    spoken = _consonants(_pinyin(zh))
    written = _consonants(plain_key(latin))
    if len(spoken) < 2 or len(written) < 2:
        return 0.0  # one consonant (安娜 "n") would match any word holding it
    return fuzz.ratio(spoken, written) / 100


@lru_cache(maxsize=65536)
def _pinyin(zh: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(zh, style=Style.NORMAL, errors="ignore", v_to_u=True))


_DIGRAPHS = (("zh", "s"), ("ch", "s"), ("sh", "s"), ("ng", "n"), ("gh", ""), ("ph", "f"), ("th", "t"))
# Consonants the two writing systems confuse, folded together: pinyin has no r/l or p/b contrast
# as English hears it (罗莎 luosha = Rosa, 特朗普 telangpu = Trump).
_FOLD = str.maketrans("rptkcqxzjvfh", "lbdggssssww ")


def _consonants(text: str) -> str:
    """A coarse phonetic key: consonant classes, vowels and repeats dropped."""
    text = re.sub(r"[^a-z]", "", text.lower())
    for digraph, simple in _DIGRAPHS:
        text = text.replace(digraph, simple)
    key = re.sub(r"[aeiouy ]+", "", text.translate(_FOLD))
    return re.sub(r"(.)\1+", r"\1", key)
