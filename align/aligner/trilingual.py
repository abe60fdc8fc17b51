"""Three versions at once: pairwise alignments made consistent, as trilingual units.

1. Align the three pairs (each language is embedded and tokenised once).
2. Repair with the third language: for each pair X-Y, compose X-Z and Z-Y into
   a pivot alignment; realign X-Y with a bonus for beads the pivot proposes,
   weighted by the pivot beads' confidence and by the direct pair's own doubt
   (1 − posterior) where they fall.  Where the direct evidence is weak (a free
   translation, a poor dictionary for zh-fr), two confident pairs through the
   third language decide; where it is strong, it stays.
3. Close the links through the *hub* (the original, by default the first
   language given): a link zh↔fr and zh↔en implies fr↔en.  When the fr-en
   beads lack an implied link, the beads involved are merged (the smallest
   coarsening that contains it).  Links are not closed through a translation:
   zh [8, 9] ↔ fr [10] and fr [10] ↔ en [9, 10] must not force zh 8 and 9 into
   one zh-en bead when the English keeps the Chinese sentences apart (the
   corpus gold is built this way).
4. Units are the connected components of the union of the three link graphs,
   closed so that every unit is a run of consecutive sentences in each
   language and units never cross: the rows of a trilingual table or TMX.
"""
from __future__ import annotations

import heapq
import warnings
from dataclasses import dataclass
from itertools import combinations
from typing import Mapping, Sequence

import numpy as np

from ..limits import DEFAULT_LIMITS, Limits
from ..models import AlignedUnit, Bead, PairAlignment
from .core import (
    AlignerEngines,
    AlignerSettings,
    align_prepared,
    aligner_signature,
    check_related,
    load_aligner_engines,
    prepare_text,
    validate_pair,
)


@dataclass(frozen=True)
class TrilingualAlignment:
    units: tuple[AlignedUnit, ...]
    pairs: Mapping[tuple[str, str], PairAlignment]  # repaired, mutually consistent pairs
    direct: Mapping[tuple[str, str], PairAlignment]  # each pair aligned on its own, before repair
    warnings: tuple[str, ...] = ()
    signature: str = ""


def align_three(texts: Mapping[str, Sequence[str]], *, paragraphs: Mapping[str, Sequence[int]] | None = None,
                engines: AlignerEngines | None = None, settings: AlignerSettings = AlignerSettings(),
                pivot_bonus: float = 2.0, hub: str | None = None,
                limits: Limits = DEFAULT_LIMITS) -> TrilingualAlignment:
    """Align every pair of the given versions (e.g. zh, fr, en) and make them consistent.

    ``hub`` is the original version (default: the first key of ``texts``);
    links are closed through it (see the module docstring).  Versions that are not
    of one document (``limits``: lengths, a similarity sample) are refused before the
    alignment proper.
    """
    langs = list(texts)
    hub = hub or langs[0]
    pairs = list(combinations(langs, 2))
    warns: list[str] = []
    for x, y in pairs:
        warns += validate_pair(texts[x], texts[y], x, y, limits)
    engines = engines or load_aligner_engines()
    paragraphs = paragraphs or {}
    prepared = {lang: prepare_text(texts[lang], lang, engines, settings, paragraphs.get(lang)) for lang in langs}
    for x, y in pairs:
        warns += check_related(prepared[x], prepared[y], limits)
    for w in warns:
        warnings.warn(w, stacklevel=2)
    direct = {(x, y): align_prepared(prepared[x], prepared[y], engines, settings) for x, y in pairs}
    repaired = dict(direct)
    if len(langs) == 3 and pivot_bonus:
        for x, y in pairs:
            (z,) = [lang for lang in langs if lang not in (x, y)]
            pivot = compose(_oriented(direct, x, z), _oriented(direct, z, y),
                            len(texts[x]), len(texts[y]))
            if {(b.src, b.tgt) for b in pivot} == {(b.src, b.tgt) for b in direct[(x, y)]}:
                continue
            repaired[(x, y)] = align_prepared(prepared[x], prepared[y], engines, settings,
                                              bonus=_bonus(where_doubtful(pivot, direct[(x, y)]), pivot_bonus))
    lengths = {lang: len(texts[lang]) for lang in langs}
    closed = close_links(lengths, separate_unmatched(repaired), hub)
    units = units_from_pairs(lengths, closed)
    consistent = {(x, y): PairAlignment(x, y, tuple(closed[(x, y)])) for x, y in pairs}
    return TrilingualAlignment(tuple(units), consistent,
                               {p: PairAlignment(p[0], p[1], tuple(b)) for p, b in direct.items()},
                               tuple(warns), aligner_signature(engines, settings) + f"|pivot:{pivot_bonus}*doubt")


def _oriented(alignments: Mapping[tuple[str, str], Sequence[Bead]], x: str, y: str) -> list[Bead]:
    if (x, y) in alignments:
        return list(alignments[(x, y)])
    return [Bead(b.tgt, b.src, b.score) for b in alignments[(y, x)]]


def where_doubtful(pivot: Sequence[Bead], direct: Sequence[Bead]) -> list[Bead]:
    """Pivot beads with their confidence scaled by the direct pair's doubt where they fall.

    Doubt of a sentence = 1 − posterior of the direct bead holding it; a pivot bead takes the
    largest doubt among its sentences.  Where the pair is sure of itself the pivot adds nothing
    (on TICO-19 a bonus everywhere cost −.004 to −.010 strict F1, repairing only doubtful
    regions gained up to +.005 over no repair: bench/aligner-experiments.md).
    """
    doubt: dict[tuple[str, int], float] = {}
    for bead in direct:
        doubt.update({("src", i): 1.0 - bead.score for i in bead.src})
        doubt.update({("tgt", j): 1.0 - bead.score for j in bead.tgt})
    out = []
    for bead in pivot:
        where = [doubt.get(("src", i), 0.0) for i in bead.src] + [doubt.get(("tgt", j), 0.0) for j in bead.tgt]
        out.append(Bead(bead.src, bead.tgt, bead.score * max(where, default=0.0)))
    return out


def _bonus(pivot: Sequence[Bead], weight: float):
    proposed = {(b.src[0], len(b.src), b.tgt[0], len(b.tgt)): b.score for b in pivot if b.src and b.tgt}

    def bonus(a: int, b: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        if a == 0 or b == 0:
            return np.zeros(len(i))
        return weight * np.array([proposed.get((int(s), a, int(t), b), 0.0) for s, t in zip(i - a, j - b)])

    return bonus


def compose(xz: Sequence[Bead], zy: Sequence[Bead], n_x: int, n_y: int) -> list[Bead]:
    """The X-Y alignment implied by X-Z and Z-Y (components through Z), scored by their mean confidence."""
    units = units_from_pairs({"x": n_x, "z": max([i for b in xz for i in b.tgt] + [-1]) + 1, "y": n_y},
                             {("x", "z"): xz, ("z", "y"): zy})
    return project(units, "x", "y")


def separate_unmatched(alignments: Mapping[tuple[str, str], Sequence[Bead]]) -> dict[tuple[str, str], list[Bead]]:
    """Where the pairs disagree about a sentence with no counterpart, it stays alone.

    A sentence at the edge of a many-sentence X-Y bead whose Z partners the Z-Y pair leaves
    without any Y sentence is, by that pair, one Y lacks: folding it into the X-Y bead made
    the unit zh 11+12 · fr 11+12 · en 11 when en has no sentence 12.  It is taken out of
    the bead (as a sentence Y lacks), so the unit keeps zh 12 · fr 12 alone and the checks
    see the omission, provided the rest of the bead is linked through Z (the pairs agree
    about everything else).
    """
    current = {pair: list(beads) for pair, beads in alignments.items()}
    langs = sorted({lang for pair in current for lang in pair})
    if len(langs) != 3 or len(current) != 3:  # the rule reads three versions, each pair once
        return current
    for (x, y) in list(current):
        (z,) = [lang for lang in langs if lang not in (x, y)]
        for side, (a, b) in (("src", (x, y)), ("tgt", (y, x))):
            to_z = _partners(_oriented(current, a, z))
            z_alone = {k for bead in _oriented(current, z, b) if not bead.tgt for k in bead.src}
            z_linked = {k for bead in _oriented(current, z, b) if bead.tgt for k in bead.src}
            beads = []
            for bead in current[(x, y)]:
                mine, theirs = (bead.src, bead.tgt) if side == "src" else (bead.tgt, bead.src)
                cut: list[int] = []
                if len(mine) >= 2 and theirs:
                    for i in (mine[0], mine[-1]):
                        rest = [k for k in mine if k != i and k not in cut]
                        if (to_z.get(i) and to_z[i] <= z_alone and rest
                                and all(to_z.get(k, set()) & z_linked for k in rest)):
                            cut.append(i)
                if not cut:
                    beads.append(bead)
                    continue
                kept = tuple(k for k in mine if k not in cut)
                alone = [Bead((i,), (), bead.score) if side == "src" else Bead((), (i,), bead.score) for i in cut]
                main = Bead(kept, bead.tgt, bead.score) if side == "src" else Bead(bead.src, kept, bead.score)
                beads += [b for b in alone if _first_of(b, side) < kept[0]] + [main] + \
                         [b for b in alone if _first_of(b, side) > kept[-1]]
            current[(x, y)] = beads
    return current


def _first_of(bead: Bead, side: str) -> int:
    return (bead.src if side == "src" else bead.tgt)[0]


def _partners(beads: Sequence[Bead]) -> dict[int, set[int]]:
    """Each source sentence's target sentences in these beads."""
    out: dict[int, set[int]] = {}
    for bead in beads:
        for i in bead.src:
            out.setdefault(i, set()).update(bead.tgt)
    return out


def links(beads: Sequence[Bead]) -> set[tuple[int, int]]:
    return {(i, j) for b in beads for i in b.src for j in b.tgt}


def close_links(lengths: Mapping[str, int], alignments: Mapping[tuple[str, str], Sequence[Bead]],
                hub: str, max_rounds: int = 10) -> dict[tuple[str, str], list[Bead]]:
    """Coarsen the pairs without the hub until every link implied through the hub is present."""
    current = {pair: list(beads) for pair, beads in alignments.items()}
    for _ in range(max_rounds):
        changed = False
        for (x, y) in list(current):
            if hub in (x, y):
                continue
            implied = set(links(current[(x, y)]))
            for z in (hub,):
                xz = links(_oriented(current, x, z)) if _has(current, x, z) else set()
                zy = links(_oriented(current, z, y)) if _has(current, z, y) else set()
                by_z: dict[int, set[int]] = {}
                for zz, yy in zy:
                    by_z.setdefault(zz, set()).add(yy)
                implied |= {(xx, yy) for xx, zz in xz for yy in by_z.get(zz, ())}
            if implied <= links(current[(x, y)]):
                continue
            extra = [Bead((i,), (j,), 0.0) for i, j in sorted(implied - links(current[(x, y)]))]
            units = units_from_pairs({"s": lengths[x], "t": lengths[y]},
                                     {("s", "t"): current[(x, y)] + extra})
            old = {(b.src, b.tgt): b.score for b in current[(x, y)]}
            merged = project(units, "s", "t")
            current[(x, y)] = [Bead(b.src, b.tgt, old.get((b.src, b.tgt), b.score)) for b in merged]
            changed = True
        if not changed:
            break
    return current


def _has(alignments, x: str, y: str) -> bool:
    return (x, y) in alignments or (y, x) in alignments


class _Components:
    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, a):
        self.parent.setdefault(a, a)
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def units_from_pairs(lengths: Mapping[str, int], alignments: Mapping[tuple[str, str], Sequence[Bead]]) -> list[AlignedUnit]:
    """Connected components of the union of the pairwise links, made monotone in every language."""
    langs = list(lengths)
    comp = _Components()
    score_sum: dict = {}
    for lang in langs:
        for i in range(lengths[lang]):
            comp.find((lang, i))
    for (x, y), beads in alignments.items():
        for bead in beads:
            nodes = [(x, i) for i in bead.src] + [(y, j) for j in bead.tgt]
            for node in nodes[1:]:
                comp.union(nodes[0], node)
    # Merge components until each is an interval in every language and none cross.
    while True:
        groups = _groups(comp, langs)
        merged = False
        for lang in langs:
            spans = sorted((min(g[lang]), max(g[lang]), root) for root, g in groups.items() if g[lang])
            for (lo1, hi1, r1), (lo2, hi2, r2) in zip(spans, spans[1:]):
                if lo2 <= hi1:  # overlapping intervals
                    comp.union((lang, lo1), (lang, lo2))
                    merged = True
        if not merged:
            for l1, l2 in combinations(langs, 2):
                both = sorted((min(g[l1]), min(g[l2]), root) for root, g in groups.items() if g[l1] and g[l2])
                for (_, p1, r1), (_, p2, r2) in zip(both, both[1:]):
                    if p2 < p1:  # crossing order
                        g1, g2 = groups[r1], groups[r2]
                        comp.union((l1, min(g1[l1])), (l1, min(g2[l1])))
                        merged = True
        if not merged:
            break
    groups = _groups(comp, langs)
    for (x, y), beads in alignments.items():
        for bead in beads:
            if bead.src or bead.tgt:
                root = comp.find((x, bead.src[0]) if bead.src else (y, bead.tgt[0]))
                total, count = score_sum.get(root, (0.0, 0))
                score_sum[root] = (total + bead.score, count + 1)
    ordered = _topological(groups, langs, lengths)
    units = []
    for root in ordered:
        g = groups[root]
        total, count = score_sum.get(root, (0.0, 0))
        units.append(AlignedUnit({lang: tuple(sorted(g[lang])) for lang in langs},
                                 round(total / count, 4) if count else 0.0))
    return units


def _groups(comp: _Components, langs: Sequence[str]) -> dict:
    groups: dict = {}
    for node in list(comp.parent):
        root = comp.find(node)
        groups.setdefault(root, {lang: [] for lang in langs})[node[0]].append(node[1])
    return groups


def _topological(groups: dict, langs: Sequence[str], lengths: Mapping[str, int]) -> list:
    """Order units consistently with every language's sentence order."""
    after: dict = {root: set() for root in groups}
    indegree = {root: 0 for root in groups}
    for lang in langs:
        seq = sorted((min(g[lang]), root) for root, g in groups.items() if g[lang])
        for (_, a), (_, b) in zip(seq, seq[1:]):
            if b not in after[a]:
                after[a].add(b)
                indegree[b] += 1

    def position(root) -> tuple:
        g = groups[root]
        rel = [min(g[lang]) / max(lengths[lang], 1) for lang in langs if g[lang]]
        return (sum(rel) / len(rel), str(root))


    ready = [(position(r), r) for r, d in indegree.items() if d == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        _, root = heapq.heappop(ready)
        order.append(root)
        for nxt in sorted(after[root], key=str):
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                heapq.heappush(ready, (position(nxt), nxt))
    return order


def project(units: Sequence[AlignedUnit], x: str, y: str) -> tuple[Bead, ...]:
    """The X-Y beads of trilingual units; an unmatched run becomes one-sentence deletions."""
    beads = []
    for unit in units:
        xs, ys = tuple(unit.ids.get(x, ())), tuple(unit.ids.get(y, ()))
        if xs and ys:
            beads.append(Bead(xs, ys, unit.score))
        else:
            beads += [Bead((i,), (), unit.score) for i in xs] + [Bead((), (j,), unit.score) for j in ys]
    return tuple(beads)
