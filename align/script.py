"""Writing-system facts shared by every stage (Han detection, CJK punctuation).

Ranges are written with eight-digit escapes so astral-plane blocks (CJK
Extension B and later) are really covered -- sacrebleu issue #298 shows what a
five-digit ``\\u`` escape silently misses.
"""
from __future__ import annotations

import re

HAN_RANGES = (
    ("\u3400", "\u4dbf"),  # Extension A
    ("\u4e00", "\u9fff"),  # Unified Ideographs
    ("\uf900", "\ufaff"),  # Compatibility Ideographs
    ("\U00020000", "\U0002a6df"),  # Extension B
    ("\U0002a700", "\U0002ebef"),  # Extensions C-F
    ("\U00030000", "\U000323af"),  # Extensions G-H
)
HAN_CLASS = "".join(f"{lo}-{hi}" for lo, hi in HAN_RANGES)
HAN_RE = re.compile(f"[{HAN_CLASS}]")

# CJK symbols and punctuation, full-width forms, and the curly quotes Chinese uses.
CJK_PUNCT_CLASS = "\u3000-\u303f\uff00-\uffef“”‘’《》「」『』【】…—·"
CJK_PUNCT_RE = re.compile(f"[{CJK_PUNCT_CLASS}]")


def is_han(ch: str) -> bool:
    return bool(HAN_RE.match(ch))


def is_cjk(ch: str) -> bool:
    """A Han character or CJK punctuation: the context in which ASCII punctuation is wrong."""
    return bool(HAN_RE.match(ch) or CJK_PUNCT_RE.match(ch))


def is_private_use(ch: str) -> bool:
    cp = ord(ch)
    return 0xE000 <= cp <= 0xF8FF or 0xF0000 <= cp <= 0x10FFFF


def han_ratio(text: str) -> float:
    """Han characters among letters (Han + alphabetic); 0.0 for text without letters."""
    han = len(HAN_RE.findall(text))
    letters = sum(1 for c in text if c.isalpha())
    return han / letters if letters else 0.0
