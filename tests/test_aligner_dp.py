"""The alignment search on hand-made cost tables (no text, no encoder)."""
from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from align.aligner.dp import Band, bead_costs, bead_types_up_to, marginals, search

TYPES = bead_types_up_to(4, 3)


def table_cost(good: dict[tuple[tuple[int, ...], tuple[int, ...]], float], other: float = 1.0, deletion: float = 0.8):
    """Cost function: listed beads cost what is given, other beads ``other``, deletions ``deletion``."""

    def cost(a, b, i, j):
        out = []
        for ii, jj in zip(i, j):
            key = (tuple(range(ii - a, ii)), tuple(range(jj - b, jj)))
            out.append(deletion if a == 0 or b == 0 else good.get(key, other))
        return np.array(out, dtype=float)

    return cost


def beads(steps):
    return [(s.src, s.tgt) for s in steps]


def test_one_to_two_bead_is_found_when_it_is_cheapest():
    good = {((0,), (0,)): 0.1, ((1,), (1, 2)): 0.1, ((2,), (3,)): 0.1}
    steps = search(3, 4, TYPES, Band.full(3, 4), table_cost(good))
    assert beads(steps) == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]


def test_two_to_one_bead_is_found_when_it_is_cheapest():
    good = {((0, 1), (0,)): 0.2, ((2,), (1,)): 0.1}
    steps = search(3, 2, TYPES, Band.full(3, 2), table_cost(good))
    assert beads(steps) == [((0, 1), (0,)), ((2,), (1,))]


def test_a_sentence_without_counterpart_becomes_a_deletion():
    # source 1 matches nothing: 1-0 (0.8) is cheaper than any bead containing it (1.0)
    good = {((0,), (0,)): 0.1, ((2,), (1,)): 0.1}
    steps = search(3, 2, TYPES, Band.full(3, 2), table_cost(good, deletion=0.8))
    assert beads(steps) == [((0,), (0,)), ((1,), ()), ((2,), (1,))]


def test_an_insertion_on_the_target_side_becomes_a_zero_to_one_bead():
    good = {((0,), (0,)): 0.1, ((1,), (2,)): 0.1}
    steps = search(2, 3, TYPES, Band.full(2, 3), table_cost(good, deletion=0.5))
    assert beads(steps) == [((0,), (0,)), ((), (1,)), ((1,), (2,))]


def test_step_costs_add_up_to_the_path_cost():
    good = {((0,), (0,)): 0.1, ((1,), (1, 2)): 0.3}
    steps = search(2, 3, TYPES, Band.full(2, 3), table_cost(good))
    assert [round(s.cost, 6) for s in steps] == [0.1, 0.3]


def test_the_band_restricts_the_search():
    # the cheap 1-1 path lies off the diagonal band; the search must stay inside it
    n = 6
    good = {((i,), (i + 3,)): 0.0 for i in range(3)}
    band = Band.diagonal(n, n, 1)
    steps = search(n, n, TYPES, band, table_cost(good))
    i = j = 0
    for s in steps:
        i, j = i + len(s.src), j + len(s.tgt)
        assert band.lo[i] <= j <= band.hi[i]


def test_band_around_path_contains_the_path_and_its_margin():
    band = Band.around_path([(2, 3), (5, 5)], 8, 9, margin=1)
    for i, j in [(0, 0), (2, 3), (5, 5), (8, 9), (2, 4), (5, 4)]:
        assert band.lo[i] <= j <= band.hi[i]
    assert not band.lo[0] <= 9 <= band.hi[0]


def test_bead_types_are_ordered_small_first_and_end_with_deletions():
    types = bead_types_up_to(8, 7)
    assert types[0] == (1, 1) and types[-2:] == [(1, 0), (0, 1)]
    assert (3, 5) in types and (4, 5) not in types
    assert all(a + b <= 8 for a, b in types)


def test_unsupported_bead_type_is_refused():
    with pytest.raises(ValueError):
        search(2, 2, [(0, 2)], Band.full(2, 2), table_cost({}))


def _brute_force_marginals(n, m, types, cost):
    """Enumerate every segmentation; return {bead: probability} under exp(-cost)."""
    weights = {}

    def walk(i, j, path, total):
        if (i, j) == (n, m):
            weights[tuple(path)] = math.exp(-total)
            return
        for a, b in types:
            if i + a <= n and j + b <= m:
                c = float(cost(a, b, np.array([i + a]), np.array([j + b]))[0])
                walk(i + a, j + b, path + [(i, j, a, b)], total + c)

    walk(0, 0, [], 0.0)
    z = sum(weights.values())
    probs = {}
    for path, w in weights.items():
        for bead in path:
            probs[bead] = probs.get(bead, 0.0) + w / z
    return math.log(z), probs


def test_marginals_match_brute_force_enumeration():
    rng = np.random.default_rng(3)
    n, m = 3, 4
    types = bead_types_up_to(4, 3)
    costs = {}

    def cost(a, b, i, j):
        return np.array([costs.setdefault((a, b, int(x), int(y)), float(rng.uniform(0, 2))) for x, y in zip(i, j)])

    band = Band.full(n, m)
    grids = bead_costs(n, m, types, band, cost)
    log_z, probs = marginals(n, m, types, band, grids)
    want_log_z, want = _brute_force_marginals(n, m, types, cost)
    assert log_z == pytest.approx(want_log_z)
    for t, (a, b) in enumerate(types):
        for i, j in itertools.product(range(n + 1), range(m + 1)):
            if i >= a and j >= b:
                assert probs[t][i, j] == pytest.approx(want.get((i - a, j - b, a, b), 0.0), abs=1e-9)
