"""Anchors that cost nothing: numbers, dates, months and list numbers.

Each sentence yields language-neutral keys such as ``#2024`` (a number),
``#m5`` (the month May) or ``#L3`` (a list item "3."), so that
``2024年5月5日``, ``5 May 2024`` and ``5 mai 2024`` share ``#2024 #m5 #5``.
Numbers are read by the shared reader (:mod:`align.lang.numbers`), so ``1 200``,
``1,200`` and ``一千二百`` meet at ``#1200`` and ``150万`` meets ``1.5 million``.
Digits the reader does not take for a quantity (COVID-19, G20, 3.5km, Article 3.1.2)
are written alike in every version: each run of them is a key too.  Acronyms and Latin-script names are kept by the
lexical keys (see lexicon.py).
"""
from __future__ import annotations

import re

from ..lang.numbers import chinese_numeral, extract_numbers

_LIST_MARK = re.compile(r"^\s*(?:[(（]\s*)?(\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:[.)、．）]|\s*[)）])")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def _digits_key(run: str) -> str:
    """A run of digits as written: "1,000" and "1.000" are thousands, "2.5" stays."""
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", run):
        return f"#{int(re.sub(r'[.,]', '', run))}"
    return f"#{run.lstrip('0') or '0'}"


def anchor_keys(text: str, lang: str) -> set[str]:
    """Number, month and list-item keys of one sentence."""
    keys = set()
    mentions = extract_numbers(lang, text)
    for mention in mentions:
        for atom in mention.atoms:
            kind, value = atom.split(":", 1)
            if kind == "m":
                if mention.hard:  # a month name alone ("mars", "may") may be a word
                    keys.add(f"#m{value}")
            elif mention.hard or value not in ("0", "1"):  # soft 一 / "a single" carry nothing
                keys.add(f"#{value}")
    for run in _DIGITS.finditer(text):  # digits inside codes and units, which the reader leaves
        if not any(m.start <= run.start() < m.end for m in mentions):
            keys.add(_digits_key(run.group()))
    m = _LIST_MARK.match(text)
    if m:
        mark = m.group(1)
        value = int(mark) if mark.isdigit() else chinese_numeral(mark)
        if value is not None:
            keys.add(f"#L{value}")
    return keys
