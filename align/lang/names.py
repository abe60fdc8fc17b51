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
