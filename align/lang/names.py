"""Names and acronyms: how the three languages write them, and when two spellings are one.

- an acronym is 2–10 capitals, digits or ``&`` with at least one capital (UNESCO, G20, 4P);
- two acronyms are the same when they hold the same characters in another order
  (AI/IA, OECD/OCDE, EU/UE, R&D/RD — but not G20/G7);
- some pairs share no such order and are listed (UN/ONU, WHO/OMS);
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


def paired_acronyms(x: str, y: str) -> bool:
    """UN/ONU, WHO/OMS: a listed French–English pair."""
    return any(x in pair and y in pair for pair in ACRONYM_PAIRS)


def partners(acronym: str) -> set[str]:
    """The listed other-language forms of ``acronym`` (UN → ONU)."""
    return {other for pair in ACRONYM_PAIRS if acronym in pair for other in pair if other != acronym}


def initials(words: Iterable[str]) -> str:
    """The accent-free, lower-case first letters of ``words``: what an acronym of them spells."""
    return "".join(plain_key(w[0]) for w in words if w)
