"""Which version diverges, from pairwise agreement.

With three versions a check compares each pair.  When zh–en agree and both
disagree with fr, the French is the odd one out; when every pair disagrees, or
only one pair does (one version sits between the other two), no single version
can be blamed and the flag names the pairs only.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence


@dataclass(frozen=True)
class Verdict:
    langs: tuple[str, ...]  # the versions involved in the disagreement
    pairs: tuple[tuple[str, str], ...]  # the pairs that disagree
    diverging: str | None


def pairwise_verdict(langs: Sequence[str], agree: Mapping[tuple[str, str], bool]) -> list[Verdict]:
    """At most one verdict for a unit, from ``agree[(a, b)]`` over the pairs of ``langs``."""
    disagreeing = tuple(pair for pair, ok in agree.items() if not ok)
    if not disagreeing:
        return []
    langs = tuple(langs)
    if len(langs) >= 3:
        for odd in langs:
            with_odd = [p for p in agree if odd in p]
            without = [p for p in agree if odd not in p]
            if all(not agree[p] for p in with_odd) and all(agree[p] for p in without):
                others = tuple(lang for lang in langs if lang != odd)
                return [Verdict((odd,) + others, disagreeing, odd)]
    involved = tuple(lang for lang in langs if any(lang in pair for pair in disagreeing))
    return [Verdict(involved, disagreeing, None)]


def majority_verdict(langs: Sequence[str], having: Sequence[str]) -> str | None:
    """The odd version when an item is in all versions but one, or in only one of three."""
    having_set = set(having)
    lacking = [lang for lang in langs if lang not in having_set]
    if len(langs) < 3:
        return None
    if len(lacking) == 1:
        return lacking[0]
    if len(having_set) == 1:
        return next(iter(having_set))
    return None
