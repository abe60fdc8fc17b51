"""Anchors that cost nothing: numbers, dates, months and list numbers.

Each sentence yields language-neutral keys such as ``#2024`` (a number),
``#m5`` (the month May) or ``#L3`` (a list item "3."), so that
``2024年5月5日``, ``5 May 2024`` and ``5 mai 2024`` share ``#2024 #m5 #5``.
Numbers are read by the shared reader (:mod:`align.lang.numbers`), so ``1 200``,
``1,200`` and ``一千二百`` meet at ``#1200`` and ``150万`` meets ``1.5 million``.
Digits inside codes (COVID-19, G20) are no quantities, but are written alike in
every version: they are keys too.  Acronyms and Latin-script names are kept by the
lexical keys (see lexicon.py).
"""
from __future__ import annotations

import re

from ..lang.numbers import chinese_numeral, extract_numbers

_LIST_MARK = re.compile(r"^\s*(?:[(（]\s*)?(\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:[.)、．）]|\s*[)）])")
_CODE_DIGITS = re.compile(r"(?<=[A-Za-z]-)\d+|(?<=[A-Za-z])\d+|\d+(?=[A-Za-z])")


def anchor_keys(text: str, lang: str) -> set[str]:
    """Number, month and list-item keys of one sentence."""
    keys = set()
    for mention in extract_numbers(lang, text):
        for atom in mention.atoms:
            kind, value = atom.split(":", 1)
            if kind == "m":
                if mention.hard:  # a month name alone ("mars", "may") may be a word
                    keys.add(f"#m{value}")
            elif mention.hard or value not in ("0", "1"):  # soft 一 / "a single" carry nothing
                keys.add(f"#{value}")
    keys.update(f"#{int(d)}" for d in _CODE_DIGITS.findall(text))
    m = _LIST_MARK.match(text)
    if m:
        mark = m.group(1)
        value = int(mark) if mark.isdigit() else chinese_numeral(mark)
        if value is not None:
            keys.add(f"#L{value}")
    return keys
