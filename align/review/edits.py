"""Alignment edits a reviewer makes, as pure functions ``Alignment → Alignment``.

The operations are those of the alignment editors translators know (InterText,
LF Aligner's review step), on one language column of the trilingual units:

* ``merge``  — unit *u* and the next become one unit;
* ``split``  — in language *lang*, the sentences of unit *u* from sentence *s* on go
  to a new unit right after *u*; each other version follows where the aligner's pairwise
  beads inside the unit link its last sentences to those (zh 12+13 · fr 12+13 split before
  zh 13 splits fr before 13 when the zh-fr beads were 1-1); without such links it stays;
* ``move``   — sentence *s*, the first (``to="prev"``) or the last (``to="next"``) of
  its language in unit *u*, goes to the neighbouring unit;
* ``alone``  — sentence *s*, the first or last of its language in unit *u*, becomes a
  unit of its own: a sentence with no counterpart in the other versions.

Every operation keeps each language's sentences in their reading order, and a unit
left with no sentence disappears.  The pairwise beads are re-derived from the new
units: those of the aligner inside a unit that was not touched are kept (they are
finer, see ``align/export.py``), a touched unit becomes one bead per pair.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from typing import Mapping, Sequence

from ..errors import UsageError
from ..lang.langid import ordered_languages
from ..models import AlignedUnit, Alignment, Bead, PairAlignment, SegmentedText

EDIT_OPS = ("merge", "split", "move", "alone")


@dataclass(frozen=True)
class EditOp:
    op: str
    unit: int  # 0-based unit index in the alignment the edit was made on
    lang: str = ""
    sentence: int = -1  # the sentence id in ``lang``
    to: str = ""  # move: "prev" or "next"

    def describe(self) -> str:
        where = f"unit {self.unit + 1}"
        if self.op == "merge":
            return f"merge {where} with the next"
        if self.op == "split":
            return f"split {where} before {self.lang} sentence {self.sentence}"
        if self.op == "move":
            return f"move {self.lang} sentence {self.sentence} of {where} to the {self.to} unit"
        return f"{self.lang} sentence {self.sentence} of {where} has no counterpart"

    def to_json(self) -> dict:
        return {"op": self.op, "unit": self.unit, "lang": self.lang, "sentence": self.sentence, "to": self.to}


def texts_hash(texts: Mapping[str, SegmentedText]) -> str:
    """A content hash of a document's segmented versions: reviewer edits hold while it is unchanged."""
    payload = {lang: [[s.paragraph, s.text] for s in texts[lang].sentences] for lang in sorted(texts)}
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def apply_edit(alignment: Alignment, edit: EditOp) -> Alignment:
    """The alignment after one edit; a UsageError says why an edit cannot be made."""
    units = [dict(u.ids) for u in alignment.units]
    scores = [u.score for u in alignment.units]
    n = len(units)
    if edit.op not in EDIT_OPS:
        raise UsageError(f"unknown edit {edit.op!r}; choose from {', '.join(EDIT_OPS)}")
    if not 0 <= edit.unit < n:
        raise UsageError(f"no unit {edit.unit + 1} (the document has {n})")
    u = edit.unit
    if edit.op == "merge":
        if u + 1 >= n:
            raise UsageError(f"unit {u + 1} is the last: nothing to merge it with")
        merged = {lang: tuple(units[u].get(lang, ())) + tuple(units[u + 1].get(lang, ()))
                  for lang in alignment.texts}
        units[u:u + 2] = [merged]
        scores[u:u + 2] = [min(scores[u], scores[u + 1])]
        return with_units(alignment, _units(units, scores))
    ids = tuple(units[u].get(edit.lang, ()))
    if edit.lang not in alignment.texts:
        raise UsageError(f"the document has no {edit.lang!r} version")
    if edit.sentence not in ids:
        raise UsageError(f"{edit.lang} sentence {edit.sentence} is not in unit {u + 1}")
    pos = ids.index(edit.sentence)
    if edit.op == "split":
        if pos == 0:
            raise UsageError(f"{edit.lang} sentence {edit.sentence} is the first of unit {u + 1}: "
                             "split before a later sentence")
        new = {edit.lang: ids[pos:]}
        units[u][edit.lang] = ids[:pos]
        for lang in alignment.texts:
            if lang != edit.lang:
                tail = _linked_tail(alignment, edit.lang, ids[:pos], ids[pos:], lang, tuple(units[u].get(lang, ())))
                if tail:
                    units[u][lang] = tuple(units[u][lang])[:-len(tail)]
                    new[lang] = tail
        units.insert(u + 1, new)
        scores.insert(u + 1, scores[u])
    elif edit.op == "move":
        if edit.to not in ("prev", "next"):
            raise UsageError(f"move to 'prev' or 'next', not {edit.to!r}")
        target = u - 1 if edit.to == "prev" else u + 1
        if not 0 <= target < n:
            raise UsageError(f"unit {u + 1} has no {'previous' if edit.to == 'prev' else 'next'} unit")
        if edit.to == "prev" and pos != 0 or edit.to == "next" and pos != len(ids) - 1:
            side = "first" if edit.to == "prev" else "last"
            raise UsageError(f"only the {side} {edit.lang} sentence of unit {u + 1} can move to the "
                             f"{'previous' if edit.to == 'prev' else 'next'} unit (the order must stay)")
        there = tuple(units[target].get(edit.lang, ()))
        units[u][edit.lang] = ids[1:] if edit.to == "prev" else ids[:-1]
        units[target][edit.lang] = there + (edit.sentence,) if edit.to == "prev" else (edit.sentence,) + there
    else:  # alone
        others = any(v for lang, v in units[u].items() if lang != edit.lang)
        if len(ids) == 1 and not others:
            raise UsageError(f"{edit.lang} sentence {edit.sentence} already has no counterpart")
        if pos not in (0, len(ids) - 1):
            raise UsageError(f"{edit.lang} sentence {edit.sentence} is inside unit {u + 1}: split the unit "
                             "first, or take out the first or last sentence")
        if pos == 0:
            units[u][edit.lang] = ids[1:]
            units.insert(u, {edit.lang: (edit.sentence,)})
            scores.insert(u, 0.0)
        else:
            units[u][edit.lang] = ids[:-1]
            units.insert(u + 1, {edit.lang: (edit.sentence,)})
            scores.insert(u + 1, 0.0)
    return with_units(alignment, _units(units, scores))


def _linked_tail(alignment: Alignment, lang: str, head: tuple[int, ...], tail: tuple[int, ...], other: str,
                 ids: tuple[int, ...]) -> tuple[int, ...]:
    """The last sentences of ``other`` in a unit that the aligner linked to ``tail`` (of
    ``lang``) and not to ``head``: what follows ``tail`` when the unit is split (() if none,
    or if the links cross)."""
    beads = []
    for (a, b), pair in alignment.pairs.items():
        if (a, b) == (lang, other):
            beads = [(set(bd.src), set(bd.tgt)) for bd in pair.beads]
        elif (a, b) == (other, lang):
            beads = [(set(bd.tgt), set(bd.src)) for bd in pair.beads]
    to_tail = {i for mine, theirs in beads if mine & set(tail) for i in theirs} & set(ids)
    to_head = {i for mine, theirs in beads if mine & set(head) for i in theirs} & set(ids)
    if not to_tail or to_tail & to_head:
        return ()
    start = min(ids.index(i) for i in to_tail)
    moved = ids[start:]
    if set(moved) & to_head or start == 0:
        return ()
    return moved


def _units(units: Sequence[Mapping[str, tuple[int, ...]]], scores: Sequence[float]) -> tuple[AlignedUnit, ...]:
    kept = []
    for ids, score in zip(units, scores):
        ids = {lang: tuple(v) for lang, v in ids.items() if v}
        if ids:
            kept.append(AlignedUnit({lang: ids.get(lang, ()) for lang in ordered_languages(ids)}, score))
    return tuple(kept)


def with_units(alignment: Alignment, units: Sequence[AlignedUnit]) -> Alignment:
    """``alignment`` with other units (a reviewer's), checked to keep every sentence once and
    in order, and with pairwise beads re-derived from them."""
    units = tuple(AlignedUnit({lang: tuple(ids) for lang, ids in u.ids.items() if lang in alignment.texts
                               and ids}, u.score) for u in units)
    for lang, text in alignment.texts.items():
        seen = [i for u in units for i in u.ids.get(lang, ())]
        before = [i for u in alignment.units for i in u.ids.get(lang, ())]
        if any(a >= b for a, b in zip(seen, seen[1:])) or set(seen) != set(before):
            raise UsageError(f"the edited units do not keep the {lang} sentences once each and in order")
        if any(not 0 <= i < len(text.sentences) for i in seen):
            raise UsageError(f"the edited units refer to a missing {lang} sentence")
    if any(not u.ids for u in units):
        raise UsageError("an edited unit holds no sentence")
    old = {_unit_key(u) for u in alignment.units}
    pairs = {}
    for (src, tgt), pair in alignment.pairs.items():
        beads: list[Bead] = []
        for unit in units:
            a, b = tuple(unit.ids.get(src, ())), tuple(unit.ids.get(tgt, ()))
            if not a and not b:
                continue
            inside = [bd for bd in pair.beads if (bd.src or bd.tgt) and set(bd.src) <= set(a)
                      and set(bd.tgt) <= set(b)]
            covered = sorted(i for bd in inside for i in bd.src), sorted(i for bd in inside for i in bd.tgt)
            if _unit_key(unit) in old and covered == (list(a), list(b)):
                beads += inside
            else:
                beads.append(Bead(a, b, unit.score))
        pairs[(src, tgt)] = PairAlignment(src, tgt, tuple(beads))
    return replace(alignment, units=units, pairs=pairs)


def _unit_key(unit: AlignedUnit) -> tuple:
    return tuple(sorted((lang, tuple(ids)) for lang, ids in unit.ids.items() if ids))
