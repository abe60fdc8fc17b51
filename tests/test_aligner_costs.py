"""The bead scorer on a worked example with hand-made embeddings."""
from __future__ import annotations

import numpy as np
import pytest

from align.aligner.costs import FEATURES, BeadModel, PairEvidence, SpanSims, bead_features, bead_score
from align.aligner.dp import Band


def unit(v):
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v)


def evidence(paragraphs=False):
    s0, s1 = unit([1, 0, 0]), unit([0, 1, 0])
    t0, t1 = unit([0.8, 0.6, 0]), unit([0, 0.6, 0.8])
    src = np.zeros((2, 2, 3), dtype=np.float32)
    tgt = np.zeros((2, 2, 3), dtype=np.float32)
    src[0] = [s0, s1]
    src[1, 0] = unit(s0 + s1)
    tgt[0] = [t0, t1]
    tgt[1, 0] = unit(t0 + t1)
    sims = SpanSims(src, tgt, Band.full(2, 2), max_side=2)
    para = (np.array([True, False, True]), np.array([True, True, True])) if paragraphs else (None, None)
    return PairEvidence(sims, np.zeros((2, 2)), np.zeros((2, 2)), np.array([0.0, 10, 20]),
                        np.array([0.0, 30, 60]), char_ratio=3.0, length_spread=0.5, coverage=None,
                        log_count_ratio=0.0, src_paragraph_start=para[0], tgt_paragraph_start=para[1])


def features_of(a, b, i, j, ev=None):
    f = bead_features(ev or evidence(), a, b, np.array([i]), np.array([j]))[0]
    return dict(zip(FEATURES, f))


def test_one_to_one_bead_features_worked_example():
    f = features_of(1, 1, 1, 1)  # source 0 with target 0
    assert f["cos"] == pytest.approx(0.8)  # s0 · t0
    assert f["cos_hub"] == pytest.approx(0.8)  # hub terms are zero here
    # neighbours that exist: s0·t1 = 0 and s1·t0 = 0.6 → mean 0.3
    assert f["cos_neighbours"] == pytest.approx(0.5)
    # best extension: (s0+s1)/√2 · t0 = 1.4/√2
    assert f["extend_gain"] == pytest.approx(1.4 / np.sqrt(2) - 0.8, abs=1e-6)
    assert f["shrink_gain"] == 0.0
    assert f["length"] == pytest.approx(0.0)  # 30 chars for 10 at a ratio of 3
    assert (f["merge"], f["many_many"], f["skew"], f["deletion"]) == (0, 0, 0, 0)


def test_one_to_two_bead_features_worked_example():
    f = features_of(1, 2, 1, 2)  # source 0 with targets 0-1
    t01 = unit(unit([0.8, 0.6, 0]) + unit([0, 0.6, 0.8]))
    assert f["cos"] == pytest.approx(float(t01[0]), abs=1e-6)
    # dropping target 1 gives cos 0.8 (better), dropping target 0 gives 0
    assert f["shrink_gain"] == pytest.approx(float(t01[0]) - 0.8, abs=1e-6)
    assert f["merge"] == 1
    delta = np.log((60 + 5) / (3 * 10 + 5)) / 0.5
    assert f["length"] == pytest.approx(delta ** 2)


def test_deletion_bead_features_worked_example():
    f = features_of(1, 0, 1, 0)  # source 0 left unaligned before target 0
    assert f["deletion"] == 1
    assert f["deletion_match"] == pytest.approx(0.8)  # it would match target 0 well: s0 · t0
    assert sum(abs(v) for k, v in f.items() if not k.startswith("deletion")) == 0


def test_score_is_the_weighted_sum_of_features():
    model = BeadModel({"bias": 1.0, "cos": 2.0, "cos_neighbours": -1.0, "length": -3.0}, paragraph_penalty=0.0)
    score = bead_score(evidence(), model, 1, 1, np.array([1]), np.array([1]))[0]
    assert score == pytest.approx(1.0 + 2.0 * 0.8 - 1.0 * 0.5)


def test_paragraph_boundaries_penalise_beads_that_contradict_them():
    ev = evidence(paragraphs=True)  # source paragraphs {0, 1}; target {0}, {1}
    model = BeadModel({"bias": 1.0}, paragraph_penalty=4.0)

    def score(a, b, i, j):
        return bead_score(ev, model, a, b, np.array([i]), np.array([j]))[0]

    assert score(1, 1, 1, 1) == pytest.approx(1.0)  # both start a paragraph
    assert score(1, 1, 2, 2) == pytest.approx(-3.0)  # source 1 continues a paragraph, target 1 starts one
    assert score(2, 1, 2, 1) == pytest.approx(1.0)  # one source paragraph ↔ one target sentence
    assert score(1, 2, 1, 2) == pytest.approx(-3.0)  # crosses a target paragraph break only
