"""Strict and lax precision/recall/F1 of sentence alignments, pooled over documents.

The scheme of Bleualign, Vecalign and Bertalign papers (see ../shared/README.md):
- strict: a predicted bead counts if the identical bead is in the gold (and a gold
  bead is recalled if the identical bead was predicted);
- lax: a predicted bead counts if it overlaps a gold link on both sides (some of
  its target ids are linked in the gold to one of its source ids); recall alike
  with the roles swapped;
- beads with an empty side count in precision; for recall they are removed from
  both lists first.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from ..errors import UsageError
from ..models import Bead

_Key = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class PRF:
    tp: int
    total: int  # predicted beads (for precision) or gold beads (for recall)

    @property
    def value(self) -> float:
        return self.tp / self.total if self.total else 0.0


@dataclass(frozen=True)
class TypeScore:
    """Strict scores of one bead type, e.g. ``1-2``."""

    kind: str
    gold: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class EvalResult:
    strict_precision: PRF
    strict_recall: PRF
    lax_precision: PRF
    lax_recall: PRF
    by_type: tuple[TypeScore, ...] = field(default_factory=tuple)
    documents: int = 0

    @property
    def strict_f1(self) -> float:
        return _f1(self.strict_precision.value, self.strict_recall.value)

    @property
    def lax_f1(self) -> float:
        return _f1(self.lax_precision.value, self.lax_recall.value)

    def summary(self) -> str:
        sp, sr = self.strict_precision.value, self.strict_recall.value
        lp, lr = self.lax_precision.value, self.lax_recall.value
        return (f"strict P {sp:.3f} R {sr:.3f} F1 {self.strict_f1:.3f} | "
                f"lax P {lp:.3f} R {lr:.3f} F1 {self.lax_f1:.3f}")

    def type_table(self) -> str:
        lines = [f"{'type':>5} {'gold':>6} {'pred':>6} {'exact':>6} {'P':>6} {'R':>6}"]
        for t in self.by_type:
            lines.append(f"{t.kind:>5} {t.gold:>6} {t.predicted:>6} {t.correct:>6} "
                         f"{t.precision:6.3f} {t.recall:6.3f}")
        return "\n".join(lines)


def _keyed(beads: Iterable[Bead]) -> set[_Key]:
    return {(tuple(b.src), tuple(b.tgt)) for b in beads if b.src or b.tgt}


def _count(reference: set[_Key], system: set[_Key]) -> tuple[int, int, int]:
    """(strict hits, lax hits, system beads) of ``system`` judged against ``reference``."""
    linked = defaultdict(set)
    for src, tgt in reference:
        for s in src:
            linked[s].update(tgt)
    strict = lax = 0
    for src, tgt in system:
        if (src, tgt) in reference:
            strict += 1
            lax += 1
        elif any(t in linked[s] for s in src for t in tgt):
            lax += 1
    return strict, lax, len(system)


def evaluate(gold: Sequence[Sequence[Bead]], pred: Sequence[Sequence[Bead]]) -> EvalResult:
    """Score predicted alignments against gold ones, pooled over all documents."""
    if len(gold) != len(pred):
        raise UsageError(f"{len(gold)} gold documents but {len(pred)} predicted ones")
    p_strict = p_lax = p_total = r_strict = r_lax = r_total = 0
    gold_types: dict[str, int] = defaultdict(int)
    pred_types: dict[str, int] = defaultdict(int)
    hit_types: dict[str, int] = defaultdict(int)
    for gold_doc, pred_doc in zip(gold, pred):
        g, p = _keyed(gold_doc), _keyed(pred_doc)
        s, l, n = _count(g, p)
        p_strict, p_lax, p_total = p_strict + s, p_lax + l, p_total + n
        g_links = {b for b in g if b[0] and b[1]}
        p_links = {b for b in p if b[0] and b[1]}
        s, l, n = _count(p_links, g_links)
        r_strict, r_lax, r_total = r_strict + s, r_lax + l, r_total + n
        for src, tgt in g:
            gold_types[f"{len(src)}-{len(tgt)}"] += 1
        for src, tgt in p:
            kind = f"{len(src)}-{len(tgt)}"
            pred_types[kind] += 1
            if (src, tgt) in g:
                hit_types[kind] += 1
    kinds = sorted(set(gold_types) | set(pred_types), key=lambda k: (-gold_types.get(k, 0), k))
    by_type = tuple(TypeScore(k, gold_types.get(k, 0), pred_types.get(k, 0), hit_types.get(k, 0))
                    for k in kinds)
    return EvalResult(PRF(p_strict, p_total), PRF(r_strict, r_total),
                      PRF(p_lax, p_total), PRF(r_lax, r_total), by_type, len(gold))
