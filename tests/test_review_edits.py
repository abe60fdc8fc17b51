"""Alignment edits (align/review/edits.py): each operation, its refusals, and the invariant
that every sentence stays in exactly one unit, in reading order, whatever edits are made."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.errors import UsageError
from align.models import AlignedUnit, Alignment, Bead, PairAlignment, Sentence, SegmentedText
from align.review import EditOp, apply_edit, texts_hash, with_units


def doc(units, n=None, pairs=None) -> Alignment:
    n = n or {lang: 1 + max((i for u in units for i in u.get(lang, ())), default=-1) for lang in ("zh", "fr", "en")}
    texts = {lang: SegmentedText(lang, tuple(Sentence(i, f"{lang}{i}", 0) for i in range(n[lang])))
             for lang in ("zh", "fr", "en")}
    return Alignment("d", texts, tuple(AlignedUnit({k: tuple(v) for k, v in u.items()}, 0.9) for u in units),
                     pairs or {})


def ids(alignment):
    return [{lang: list(v) for lang, v in u.ids.items() if v} for u in alignment.units]


THREE = [{"zh": [0], "fr": [0], "en": [0]}, {"zh": [1, 2], "fr": [1, 2], "en": [1]}, {"zh": [3], "fr": [3], "en": [2]}]


def test_merge_joins_a_unit_with_the_next():
    out = apply_edit(doc(THREE), EditOp("merge", 0))
    assert ids(out) == [{"zh": [0, 1, 2], "fr": [0, 1, 2], "en": [0, 1]}, {"zh": [3], "fr": [3], "en": [2]}]


def test_split_then_move_separates_a_folded_sentence():
    out = apply_edit(doc(THREE), EditOp("split", 1, "zh", 2))
    assert ids(out)[1:3] == [{"zh": [1], "fr": [1, 2], "en": [1]}, {"zh": [2]}]
    out = apply_edit(out, EditOp("move", 1, "fr", 2, "next"))
    assert ids(out)[1:3] == [{"zh": [1], "fr": [1], "en": [1]}, {"zh": [2], "fr": [2]}]


def test_alone_gives_a_sentence_no_counterpart():
    out = apply_edit(doc(THREE), EditOp("alone", 1, "zh", 2))
    assert ids(out)[1:3] == [{"zh": [1], "fr": [1, 2], "en": [1]}, {"zh": [2]}]
    first = apply_edit(doc(THREE), EditOp("alone", 1, "fr", 1))
    assert ids(first)[1:3] == [{"fr": [1]}, {"zh": [1, 2], "fr": [2], "en": [1]}]


def test_a_unit_left_empty_disappears():
    out = apply_edit(doc(THREE), EditOp("move", 0, "zh", 0, "next"))
    out = apply_edit(out, EditOp("move", 0, "fr", 0, "next"))
    out = apply_edit(out, EditOp("move", 0, "en", 0, "next"))
    assert len(out.units) == 2 and ids(out)[0] == {"zh": [0, 1, 2], "fr": [0, 1, 2], "en": [0, 1]}


@pytest.mark.parametrize("edit, says", [
    (EditOp("merge", 2), "last"),
    (EditOp("merge", 9), "no unit 10"),
    (EditOp("split", 1, "zh", 1), "first"),
    (EditOp("split", 1, "zh", 3), "not in unit 2"),
    (EditOp("move", 1, "zh", 1, "next"), "only the last"),
    (EditOp("move", 0, "zh", 0, "prev"), "no previous"),
    (EditOp("move", 1, "zh", 1, "up"), "'prev' or 'next'"),
    (EditOp("alone", 1, "de", 1), "no 'de' version"),
    (EditOp("rotate", 1), "unknown edit"),
])
def test_impossible_edits_are_refused_with_a_reason(edit, says):
    with pytest.raises(UsageError, match=says):
        apply_edit(doc(THREE), edit)


def test_alone_on_a_sentence_that_already_stands_alone_is_refused():
    lone = doc([{"zh": [0], "fr": [0], "en": [0]}, {"zh": [1]}])
    with pytest.raises(UsageError, match="already has no counterpart"):
        apply_edit(lone, EditOp("alone", 1, "zh", 1))


def test_pair_beads_of_untouched_units_are_kept_and_edited_units_become_one_bead():
    pairs = {("zh", "fr"): PairAlignment("zh", "fr", (Bead((0,), (0,), .9), Bead((1,), (1,), .8),
                                                      Bead((2,), (2,), .7), Bead((3,), (3,), .9)))}
    out = apply_edit(doc(THREE, pairs=pairs), EditOp("merge", 0))
    beads = out.pairs[("zh", "fr")].beads
    assert [(b.src, b.tgt) for b in beads] == [((0, 1, 2), (0, 1, 2)), ((3,), (3,))]
    untouched = apply_edit(doc(THREE, pairs=pairs), EditOp("alone", 0, "en", 0))
    # unit 2 (zh 1+2 · fr 1+2) keeps the aligner's two finer zh-fr beads
    assert ((1,), (1,)) in [(b.src, b.tgt) for b in untouched.pairs[("zh", "fr")].beads]


def test_stored_units_that_lose_or_reorder_a_sentence_are_refused():
    alignment = doc(THREE)
    bad = (AlignedUnit({"zh": (0,), "fr": (0,), "en": (0,)}), AlignedUnit({"zh": (2, 1), "fr": (1, 2, 3), "en": (1, 2)}),
           AlignedUnit({"zh": (3,)}))
    with pytest.raises(UsageError, match="zh sentences once each and in order"):
        with_units(alignment, bad)


def test_texts_hash_changes_with_any_sentence():
    a = doc(THREE)
    b = doc(THREE)
    assert texts_hash(a.texts) == texts_hash(b.texts)
    changed = dict(a.texts)
    changed["fr"] = SegmentedText("fr", a.texts["fr"].sentences[:-1] + (Sentence(3, "fr3!", 0),))
    assert texts_hash(changed) != texts_hash(a.texts)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["merge", "split", "move", "alone"]), st.integers(0, 6),
                          st.sampled_from(["zh", "fr", "en"]), st.integers(0, 6), st.sampled_from(["prev", "next"])),
                max_size=12))
def test_any_sequence_of_edits_keeps_every_sentence_once_and_in_order(steps):
    pairs = {(a, b): PairAlignment(a, b, tuple(Bead(u[a], u[b], .9) for u in
                                               ({k: tuple(v) for k, v in unit.items()} for unit in THREE)))
             for a, b in (("zh", "fr"), ("zh", "en"), ("fr", "en"))}
    alignment = doc(THREE, pairs=pairs)
    for op, unit, lang, sentence, to in steps:
        try:
            alignment = apply_edit(alignment, EditOp(op, unit, lang, sentence, to))
        except UsageError:
            continue
        for lang_ in ("zh", "fr", "en"):
            seen = [i for u in alignment.units for i in u.ids.get(lang_, ())]
            assert seen == list(range(len(alignment.texts[lang_].sentences)))
        assert all(any(u.ids.values()) for u in alignment.units)


def test_a_split_takes_the_other_versions_along_where_the_aligner_linked_them():
    pairs = {("zh", "fr"): PairAlignment("zh", "fr", (Bead((0,), (0,), .9), Bead((1,), (1,), .8),
                                                      Bead((2,), (2,), .7), Bead((3,), (3,), .9))),
             ("zh", "en"): PairAlignment("zh", "en", (Bead((0,), (0,), .9), Bead((1, 2), (1,), .8),
                                                      Bead((3,), (2,), .9))),
             ("fr", "en"): PairAlignment("fr", "en", (Bead((0,), (0,), .9), Bead((1, 2), (1,), .8),
                                                      Bead((3,), (2,), .9)))}
    out = apply_edit(doc(THREE, pairs=pairs), EditOp("split", 1, "zh", 2))
    # fr follows (1-1 beads); en's one sentence is linked to both zh halves: it stays
    assert ids(out)[1:3] == [{"zh": [1], "fr": [1], "en": [1]}, {"zh": [2], "fr": [2]}]


def test_a_decision_follows_its_flag_only_through_a_regrouping_of_the_same_words():
    from align.checks.base import Flag
    from align.checks.review import decision_for
    from align.models import FlagDecision

    old = Flag("number", "high", ("zh", "fr"), 2, {"zh": (2,), "fr": (2,)}, {"zh": "2024年", "fr": "en 2025"},
               "fr differs", {}, "fr", {"fr": ((3, 7),)})
    decided = FlagDecision(old.key, "dismissed", "fine", 1, old.loose_key, old.ids, old.texts, updated=10.0)
    merged = Flag("number", "high", ("zh", "fr"), 2, {"zh": (2, 3), "fr": (2, 3)},
                  {"zh": "2024年。下一句。", "fr": "en 2025 Suite."}, "fr differs", {}, "fr", {"fr": ((3, 7),)})
    assert decision_for(merged, {old.key: decided}) is decided
    changed = Flag("number", "high", ("zh", "fr"), 2, {"zh": (2,), "fr": (2,)}, {"zh": "2024年", "fr": "vers 2025"},
                   "fr differs", {}, "fr", {"fr": ((5, 9),)})
    assert decision_for(changed, {old.key: decided}) is None  # the text changed: the decision does not hold
    elsewhere = Flag("number", "high", ("zh", "fr"), 9, {"zh": (9,), "fr": (9,)}, {"zh": "2024年。", "fr": "en 2025."},
                     "fr differs", {}, "fr", {"fr": ((3, 7),)})
    assert decision_for(elsewhere, {old.key: decided}) is None  # other sentences
    meaning = Flag("meaning", "low", ("zh", "fr"), 2, {"zh": (2,), "fr": (2,)}, {"zh": "a", "fr": "b"}, "m", {}, "fr")
    later = Flag("meaning", "low", ("zh", "fr"), 2, {"zh": (2, 3), "fr": (2,)}, {"zh": "ab", "fr": "b"}, "m", {}, "fr")
    on_meaning = FlagDecision(meaning.key, "dismissed", "", 1, meaning.loose_key, meaning.ids, meaning.texts, 1.0)
    assert decision_for(later, {meaning.key: on_meaning}) is None  # points at no words: no carry-over
    newer = FlagDecision(merged.key, "confirmed", "", 1, merged.loose_key, merged.ids, merged.texts, updated=20.0)
    assert decision_for(old, {old.key: decided, merged.key: newer}) is newer  # after an undo: the latest
