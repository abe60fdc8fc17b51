"""Writing-system facts shared by every stage: Han characters, CJK punctuation, joining.

Han ranges are written once, as code points, and give both a plain range test
(no regular expression to compile on the glossary's search path) and a character
class for regular expressions.  The class uses eight-digit escapes so that the
astral-plane blocks (CJK Extension B and later) are really covered -- sacrebleu
issue #298 shows what a five-digit ``\\u`` escape silently misses.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

# (first, last) code points of the Han blocks, in order.
HAN_BLOCKS = (
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # Unified Ideographs
    (0xF900, 0xFAFF),  # Compatibility Ideographs
    (0x20000, 0x2A6DF),  # Extension B
    (0x2A700, 0x2EE5F),  # Extensions C, D, E, F, I
    (0x2F800, 0x2FA1F),  # Compatibility Ideographs Supplement
    (0x30000, 0x323AF),  # Extensions G, H
)
_HAN_STARTS = tuple(lo for lo, _ in HAN_BLOCKS)
HAN_CLASS = "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in HAN_BLOCKS)

# The Unified Ideographs block alone: the common characters of real Chinese text.
# A wrong legacy decoding yields rare ideographs instead (see textio).
COMMON_HAN = (0x4E00, 0x9FFF)

# CJK symbols and punctuation, full-width forms, and the curly quotes Chinese uses.
CJK_PUNCT_CLASS = "\u3000-\u303f\uff00-\uffef“”‘’《》「」『』【】…—·"
CJK_PUNCT_RE = re.compile(f"[{CJK_PUNCT_CLASS}]")

# Languages whose sentences and words are written without spaces between them.
UNSPACED_LANGUAGES = frozenset({"zh", "ja"})


def is_han(ch: str) -> bool:
    code = ord(ch)
    k = bisect_right(_HAN_STARTS, code) - 1
    return k >= 0 and code <= HAN_BLOCKS[k][1]


def has_han(text: str) -> bool:
    return any(is_han(c) for c in text)


@lru_cache(maxsize=1)
def han_re() -> re.Pattern:
    """A compiled ``[Han]`` class (compiled on first use: ~5 ms with the astral ranges)."""
    return re.compile(f"[{HAN_CLASS}]")


def is_cjk(ch: str) -> bool:
    """A Han character or CJK punctuation: the context in which ASCII punctuation is wrong."""
    return is_han(ch) or bool(CJK_PUNCT_RE.match(ch))


def is_common_cjk(ch: str) -> bool:
    """A common Han character or CJK punctuation: what a right decoding of Chinese yields."""
    return (COMMON_HAN[0] <= ord(ch) <= COMMON_HAN[1] or "\u3000" <= ch <= "\u303f"
            or "\uff00" <= ch <= "\uffef" or ch in "“”‘’…—·")


# C0 controls but tab, line feed and carriage return; DEL; C1 controls; the noncharacters
# U+FFFE and U+FFFF.  No text means them, XML 1.0 cannot carry them, and pysbd chokes on some.
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# Vertical tab and form feed are line and page breaks in exports from office tools and PDFs.
_BREAK_CONTROLS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def remove_controls(text: str) -> str:
    """``text`` without control characters (vertical tab and form feed become line breaks)."""
    if not CONTROL_RE.search(text):
        return text
    return CONTROL_RE.sub("", text.translate(_BREAK_CONTROLS))


def is_private_use(ch: str) -> bool:
    cp = ord(ch)
    return 0xE000 <= cp <= 0xF8FF or 0xF0000 <= cp <= 0x10FFFF


def han_counts(text: str) -> tuple[int, int]:
    """(Han characters, letters): what :func:`han_ratio` divides, additive over pieces of a text."""
    return len(han_re().findall(text)), sum(1 for c in text if c.isalpha())


def han_ratio(text: str) -> float:
    """Han characters among letters (Han + alphabetic); 0.0 for text without letters."""
    han, letters = han_counts(text)
    return han / letters if letters else 0.0


def strip_accents(text: str) -> str:
    """interopérabilité → interoperabilite; case and everything else kept."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


@lru_cache(maxsize=1 << 16)
def plain_key(text: str) -> str:
    """Lower-case, accent-free, compatibility forms folded (ﬁ → fi, Ｗ → w): the form in
    which French and English words are compared (memoised: the word links ask for the key
    of every word of a unit against every word of the other, three million times for ten
    times the statement)."""
    return strip_accents(unicodedata.normalize("NFKC", text)).lower()


def joiner(lang: str) -> str:
    """What stands between two sentences (or clauses) of ``lang`` put together: Chinese
    sentences join without a space."""
    return "" if lang in UNSPACED_LANGUAGES else " "


def join(lang: str, parts) -> str:
    return joiner(lang).join(parts)


@lru_cache(maxsize=4)
def opencc_converter(config: str):
    """An OpenCC converter (t2s, tw2sp, hk2s…), made once: every script conversion uses these."""
    import opencc  # light (~15 ms); only needed for Chinese input

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional → Simplified Chinese (OpenCC t2s, characters and common phrases); text
    without Han characters unchanged."""
    return opencc_converter("t2s").convert(text) if has_han(text) else text
