"""Anchors that cost nothing: numbers, dates, months and list numbers.

Each sentence yields language-neutral keys such as ``#2024`` (a number),
``#m5`` (the month May) or ``#L3`` (a list item "3."), so that
``2024年5月5日``, ``5 May 2024`` and ``5 mai 2024`` share ``#2024 #m5 #5``.
Acronyms and Latin-script names are kept by the lexical keys (see lexicon.py).
"""
from __future__ import annotations

import re

_ZH_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 10_000, "亿": 100_000_000}
_ZH_NUMERAL = "〇零一二两三四五六七八九十百千万亿"
_ZH_NUMBER = re.compile(rf"[{_ZH_NUMERAL}]+")
# numerals that are also ordinary words when alone (一 "one/a", 万一 "in case", 千万 "by all means")
_ZH_NOT_NUMBERS = {"一", "万一", "千万", "一一", "十分"}

_EN_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
}
_FR_WORDS = {
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
    "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
    "cent": 100, "mille": 1000, "million": 1_000_000, "milliard": 1_000_000_000,
}
_MONTHS = {
    "en": ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"],
}
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_LIST_MARK = re.compile(r"^\s*(?:[(（]\s*)?(\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:[.)、．）]|\s*[)）])")


def zh_numeral_value(text: str) -> int | None:
    """Value of a Chinese numeral (三十五 → 35, 二〇二四 → 2024); None if malformed."""
    if not text or any(c not in _ZH_NUMERAL for c in text):
        return None
    if all(c in _ZH_DIGITS for c in text):  # digit by digit: 二〇二四
        return int("".join(str(_ZH_DIGITS[c]) for c in text))
    total, section, digit = 0, 0, None
    for c in text:
        if c in _ZH_DIGITS:
            if digit is not None:
                return None
            digit = _ZH_DIGITS[c]
        elif c in _ZH_UNITS:
            section += (1 if digit is None else digit) * _ZH_UNITS[c]
            digit = None
        else:  # 万, 亿
            total = (total + section + (digit or 0)) * _ZH_BIG[c]
            section, digit = 0, None
    return total + section + (digit or 0)


def _zh_runs(run: str) -> list[str]:
    """Split a numeral run where 两 follows a digit: 三两 is "three taels", not 32."""
    parts, start = [], 0
    for k in range(1, len(run)):
        if run[k] == "两" and run[k - 1] in _ZH_DIGITS:
            parts.append(run[start:k])
            start = k
    parts.append(run[start:])
    return parts


def _zh_values(run: str) -> list[int]:
    """Values of a numeral run; an approximate range 十四五 ("14 or 15") gives both."""
    value = zh_numeral_value(run)
    if value is not None:
        return [value]
    if len(run) >= 2 and run[-1] in _ZH_DIGITS and run[-2] in _ZH_DIGITS:
        return [v for v in (zh_numeral_value(run[:-1]), zh_numeral_value(run[:-2] + run[-1])) if v is not None]
    return []


def _digits_value(token: str) -> str:
    # "1,000" and "1.000" are thousands; "2.5" stays as written
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", token):
        return str(int(re.sub(r"[.,]", "", token)))
    return token.lstrip("0") or "0"


def anchor_keys(text: str, lang: str) -> set[str]:
    """Number, month and list-item keys of one sentence."""
    keys = {f"#{_digits_value(d)}" for d in _DIGITS.findall(text)}
    m = _LIST_MARK.match(text)
    if m:
        mark = m.group(1)
        value = int(mark) if mark.isdigit() else zh_numeral_value(mark)
        if value is not None:
            keys.add(f"#L{value}")
    if lang == "zh":
        for match in _ZH_NUMBER.finditer(text):
            for span in _zh_runs(match.group()):
                if span in _ZH_NOT_NUMBERS:
                    continue
                for value in _zh_values(span):
                    if value >= 2:
                        keys.add(f"#{value}")
        for month in re.findall(r"(\d{1,2}|[一二三四五六七八九十]{1,3})月", text):
            value = int(month) if month.isdigit() else zh_numeral_value(month)
            if value is not None and 1 <= value <= 12:
                keys.add(f"#m{value}")
    else:
        words = _NUMBER_WORDS.get(lang, {})
        lowered = re.findall(r"[^\W\d_]+|\d+", text.lower())
        for k, w in enumerate(lowered):
            if w in words:
                keys.add(f"#{words[w]}")
            months = _MONTHS.get(lang)
            if months and w in months:
                # "may"/"mars" are also words: count them as months only beside a number
                near = lowered[max(0, k - 2):k] + lowered[k + 1:k + 3]
                if any(x.isdigit() for x in near):
                    keys.add(f"#m{months.index(w) + 1}")
    return keys


_NUMBER_WORDS = {"en": _EN_WORDS, "fr": _FR_WORDS}
