"""The TICO-19 aligner benchmark derives its gold beads itself: pin that derivation.

The bead model is fitted on these beads (bench/fit_bead_model.py), which walks them in
order, so they must be in document order as well as correct.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from align_tico import Version, gold_beads, perturb  # noqa: E402


def beads(x, y):
    return [(b.src, b.tgt) for b in gold_beads(x, y)]


def test_merges_on_both_sides_make_one_many_to_many_bead():
    zh = Version("zh", (), ((0,), (1, 2), (3,)))
    en = Version("en", (), ((0, 1), (2, 3)))
    assert beads(zh, en) == [((0, 1, 2), (0, 1))]


def test_a_unit_left_out_of_one_version_is_a_deletion_in_document_order():
    zh = Version("zh", (), ((0,), (1,), (2,)))
    en = Version("en", (), ((0,), (2,)))
    assert beads(zh, en) == [((0,), (0,)), ((1,), ()), ((2,), (1,))]
    assert beads(en, zh) == [((0,), (0,)), ((), (1,)), ((1,), (2,))]


def test_a_sentence_inside_a_merged_group_joins_it():
    # en merges units 4 and 6; zh has 5 on its own, which en left out: zh 1 lies inside the group
    zh = Version("zh", (), ((4,), (5,), (6,)))
    en = Version("en", (), ((4, 6),))
    assert beads(zh, en) == [((0, 1, 2), (0,))]


def test_every_sentence_of_both_versions_is_covered_once():
    units = [{"zh": f"句{k}。", "fr": f"Phrase {k}.", "en": f"Sentence {k}."} for k in range(60)]
    rng = random.Random(7)
    zh, en = (perturb(units, lang, rng, merge=0.3, drop=0.1) for lang in ("zh", "en"))
    result = gold_beads(zh, en)
    assert [i for b in result for i in b.src] == list(range(len(zh.sentences)))
    assert [j for b in result for j in b.tgt] == list(range(len(en.sentences)))
    assert zh.sentences[0].startswith("句") and "Sentence" not in "".join(zh.sentences)
