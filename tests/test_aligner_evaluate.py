"""Strict/lax scoring and bead files, against hand-computed numbers."""
from __future__ import annotations

import pytest

from align.aligner import evaluate, format_beads, parse_beads, read_beads, write_beads
from align.errors import BadInputError
from align.models import Bead


def B(src, tgt):
    return Bead(tuple(src), tuple(tgt))


GOLD = [B([0], [0]), B([1], [1, 2]), B([2, 3], [3]), B([4], [])]
PRED = [B([0], [0]), B([1], [1]), B([], [2]), B([2], [3]), B([3], []), B([4], [])]


def test_worked_example_strict_and_lax():
    r = evaluate([GOLD], [PRED])
    # precision over all 6 predicted beads: exact [0]:[0] and [4]:[]; lax adds [1]:[1] and [2]:[3]
    assert (r.strict_precision.tp, r.strict_precision.total) == (2, 6)
    assert (r.lax_precision.tp, r.lax_precision.total) == (4, 6)
    # recall over the 3 gold beads with two sides: exact [0]:[0]; every one overlaps a prediction
    assert (r.strict_recall.tp, r.strict_recall.total) == (1, 3)
    assert (r.lax_recall.tp, r.lax_recall.total) == (3, 3)
    assert r.strict_f1 == pytest.approx(1 / 3)
    assert r.lax_f1 == pytest.approx(0.8)


def test_breakdown_by_bead_type():
    r = evaluate([GOLD], [PRED])
    table = {t.kind: (t.gold, t.predicted, t.correct) for t in r.by_type}
    assert table == {"1-1": (1, 3, 1), "1-2": (1, 0, 0), "2-1": (1, 0, 0), "1-0": (1, 2, 1), "0-1": (0, 1, 0)}


def test_counts_are_pooled_over_documents():
    r = evaluate([GOLD, [B([0], [0])]], [PRED, [B([0], [0])]])
    assert (r.strict_precision.tp, r.strict_precision.total) == (3, 7)
    assert (r.strict_recall.tp, r.strict_recall.total) == (2, 4)
    assert r.documents == 2


def test_perfect_alignment_scores_one():
    r = evaluate([GOLD], [GOLD])
    assert r.strict_f1 == 1.0 and r.lax_f1 == 1.0


def test_bead_lines_round_trip(tmp_path):
    text = "[0]:[0]\n[1]:[1,2]\n[2,3]:[3]\n[4]:[]\n[]:[4]\n"
    beads = parse_beads(text)
    assert beads[1] == B([1], [1, 2]) and beads[4] == B([], [4])
    assert format_beads(beads) == text
    write_beads(tmp_path / "x.align", beads)
    assert read_beads(tmp_path / "x.align") == beads


def test_vecalign_score_column_is_accepted():
    assert parse_beads("[0, 1]:[2]:0.123456\n") == [Bead((0, 1), (2,), 0.123456)]


def test_malformed_bead_line_names_file_and_line():
    with pytest.raises(BadInputError, match=r"gold.align:2"):
        parse_beads("[0]:[0]\n0-1\n", "gold.align")
