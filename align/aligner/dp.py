"""Monotone alignment search over a cost function (no text, no embeddings in here).

Nodes are pairs (i, j) of sentence *boundaries*: ``i`` source sentences and ``j``
target sentences consumed.  A bead of type (a, b) goes from (i - a, j - b) to
(i, j) and covers source sentences ``i - a .. i - 1`` and target sentences
``j - b .. j - 1``.  The search keeps only nodes inside a :class:`Band` (for
each ``i`` an interval of ``j``), so time and memory grow with the band's area,
not with n × m.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

# cost_fn(a, b, i, j) -> cost of each bead of type (a, b) ending at nodes (i[k], j[k]);
# i and j are equal-length int arrays, the result a float array of the same length.
CostFunction = Callable[[int, int, np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Band:
    """Allowed nodes: for every source boundary ``i`` (0..n_src), ``lo[i] <= j <= hi[i]``."""

    lo: np.ndarray
    hi: np.ndarray

    @property
    def width(self) -> int:
        return int((self.hi - self.lo).max()) + 1

    @property
    def area(self) -> int:
        return int((self.hi - self.lo + 1).sum())

    @staticmethod
    def full(n_src: int, n_tgt: int) -> "Band":
        return Band(np.zeros(n_src + 1, dtype=np.int64), np.full(n_src + 1, n_tgt, dtype=np.int64))

    @staticmethod
    def around_path(path: Sequence[tuple[int, int]], n_src: int, n_tgt: int, margin: int) -> "Band":
        """The band that contains every node within ``margin`` of a monotone path.

        ``path`` lists nodes (i, j) in order, starting anywhere; (0, 0) and
        (n_src, n_tgt) are added.  Between consecutive path nodes the band is the
        rectangle they span, widened by ``margin`` in both directions.
        """
        pts = sorted({(0, 0), (n_src, n_tgt), *((int(i), int(j)) for i, j in path)})
        lo = np.full(n_src + 1, n_tgt, dtype=np.int64)
        hi = np.zeros(n_src + 1, dtype=np.int64)
        for (i0, j0), (i1, j1) in zip(pts, pts[1:]):
            rows = slice(max(0, i0 - margin), min(n_src, i1 + margin) + 1)
            lo[rows] = np.minimum(lo[rows], max(0, j0 - margin))
            hi[rows] = np.maximum(hi[rows], min(n_tgt, j1 + margin))
        # keep the band monotone so that every node can be reached
        lo = np.minimum.accumulate(lo[::-1])[::-1]
        hi = np.maximum.accumulate(hi)
        return Band(lo, hi)

    @staticmethod
    def diagonal(n_src: int, n_tgt: int, half_width: int) -> "Band":
        i = np.arange(n_src + 1)
        centre = np.round(i * (n_tgt / max(n_src, 1))).astype(np.int64)
        return Band(np.clip(centre - half_width, 0, n_tgt), np.clip(centre + half_width, 0, n_tgt))


@dataclass(frozen=True)
class PathStep:
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    cost: float


def search(n_src: int, n_tgt: int, bead_types: Sequence[tuple[int, int]], band: Band,
           cost_fn: CostFunction) -> list[PathStep]:
    """Minimum-cost sequence of beads from (0, 0) to (n_src, n_tgt) inside ``band``.

    ``bead_types`` lists the allowed (a, b); (0, 1) is the only type allowed
    with a = 0.  Ties are broken by the order of ``bead_types`` (earlier wins),
    so results are deterministic.
    """
    types = _check_types(bead_types)
    grids = bead_costs(n_src, n_tgt, types, band, cost_fn)
    return best_path(n_src, n_tgt, types, band, grids)


def _check_types(bead_types: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    types = [(int(a), int(b)) for a, b in bead_types]
    for a, b in types:
        if a < 0 or b < 0 or a + b == 0 or (a == 0 and b != 1):
            raise ValueError(f"unsupported bead type {(a, b)}")
    return types


def _check_band(n_src: int, n_tgt: int, band: Band) -> tuple[np.ndarray, np.ndarray, int]:
    lo, hi = band.lo.astype(np.int64), band.hi.astype(np.int64)
    if len(lo) != n_src + 1 or lo[0] != 0 or hi[-1] != n_tgt or (lo > hi).any():
        raise ValueError("band must span (0, 0) to (n_src, n_tgt)")
    return lo, hi, int((hi - lo).max()) + 1


def bead_cells(n_src: int, band: Band, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
    """End nodes (i, j) of the beads of type (a, b) whose both ends lie in the band."""
    lo, hi = band.lo, band.hi
    rows = np.arange(a, n_src + 1)
    if not len(rows):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    counts = hi[rows] - lo[rows] + 1
    i = np.repeat(rows, counts)
    j = np.concatenate([np.arange(lo[r], hi[r] + 1) for r in rows])
    pi, pj = i - a, j - b
    ok = (pj >= lo[pi]) & (pj <= hi[pi])
    return i[ok], j[ok]


def bead_costs(n_src: int, n_tgt: int, types: Sequence[tuple[int, int]], band: Band,
               cost_fn: CostFunction) -> list[np.ndarray]:
    """Cost grids, one per bead type: grid[i, j - lo[i]] for the bead ending at (i, j) (inf if none).

    One vectorised ``cost_fn`` call per type covers the whole band.
    """
    lo, hi, width = _check_band(n_src, n_tgt, band)
    grids = []
    for a, b in types:
        grid = np.full((n_src + 1, width), np.inf)
        i, j = bead_cells(n_src, band, a, b)
        if len(i):
            grid[i, j - lo[i]] = cost_fn(a, b, i, j)
        grids.append(grid)
    return grids


def best_path(n_src: int, n_tgt: int, types: Sequence[tuple[int, int]], band: Band,
              grids: Sequence[np.ndarray]) -> list[PathStep]:
    """Viterbi over precomputed cost grids (see :func:`bead_costs`)."""
    lo, hi, width = _check_band(n_src, n_tgt, band)
    inf = np.inf
    total = np.full((n_src + 1, width), inf)
    choice = np.full((n_src + 1, width), -1, dtype=np.int16)
    total[0, 0] = 0.0
    insert = [t for t, (a, b) in enumerate(types) if a == 0]
    for i in range(n_src + 1):
        j = np.arange(lo[i], hi[i] + 1)
        row = total[i, : len(j)]
        row_choice = choice[i, : len(j)]
        for t, (a, b) in enumerate(types):
            if a == 0 or a > i:
                continue
            prev = j - b - lo[i - a]
            ok = (prev >= 0) & (prev <= hi[i - a] - lo[i - a])
            if not ok.any():
                continue
            cand = np.full(len(j), inf)
            cand[ok] = total[i - a, prev[ok]] + grids[t][i, : len(j)][ok]
            better = cand < row
            row[better] = cand[better]
            row_choice[better] = t
        if insert:
            t = insert[0]
            ins_cost = grids[t][i, : len(j)]
            for k in range(1, len(j)):
                c = row[k - 1] + ins_cost[k]
                if c < row[k]:
                    row[k] = c
                    row_choice[k] = t
    if not np.isfinite(total[n_src, n_tgt - lo[n_src]]):
        raise ValueError("no path through the band")
    steps: list[PathStep] = []
    i, j = n_src, n_tgt
    while i or j:
        t = int(choice[i, j - lo[i]])
        a, b = types[t]
        cost = total[i, j - lo[i]] - total[i - a, j - b - lo[i - a]]
        steps.append(PathStep(tuple(range(i - a, i)), tuple(range(j - b, j)), float(cost)))
        i, j = i - a, j - b
    steps.reverse()
    return steps


def marginals(n_src: int, n_tgt: int, types: Sequence[tuple[int, int]], band: Band,
              grids: Sequence[np.ndarray]) -> tuple[float, list[np.ndarray]]:
    """Posterior probability of every bead when paths are weighted by exp(-total cost).

    Returns (log partition function, one grid of bead probabilities per type,
    laid out like the cost grids).  This is the forward-backward pass of a
    linear-chain CRF over segmentations; it gives each chosen bead a confidence
    and gives the trainer its expected feature counts.
    """
    lo, hi, width = _check_band(n_src, n_tgt, band)
    neg = -np.inf
    scores = [-g for g in grids]
    insert = [t for t, (a, b) in enumerate(types) if a == 0]
    fwd = np.full((n_src + 1, width), neg)
    fwd[0, 0] = 0.0
    for i in range(n_src + 1):
        j = np.arange(lo[i], hi[i] + 1)
        row = fwd[i, : len(j)]
        terms = [row.copy()]
        for t, (a, b) in enumerate(types):
            if a == 0 or a > i:
                continue
            prev = j - b - lo[i - a]
            ok = (prev >= 0) & (prev <= hi[i - a] - lo[i - a])
            if ok.any():
                v = np.full(len(j), neg)
                v[ok] = fwd[i - a, prev[ok]] + scores[t][i, : len(j)][ok]
                terms.append(v)
        row[:] = np.logaddexp.reduce(np.array(terms), axis=0)
        if insert:
            ins = scores[insert[0]][i, : len(j)]
            for k in range(1, len(j)):
                row[k] = np.logaddexp(row[k], row[k - 1] + ins[k])
    log_z = float(fwd[n_src, n_tgt - lo[n_src]])
    bwd = np.full((n_src + 1, width), neg)
    bwd[n_src, n_tgt - lo[n_src]] = 0.0
    for i in range(n_src, -1, -1):
        j = np.arange(lo[i], hi[i] + 1)
        row = bwd[i, : len(j)]
        terms = [row.copy()]
        for t, (a, b) in enumerate(types):
            if a == 0 or i + a > n_src:
                continue
            nxt = j + b - lo[i + a]
            ok = (nxt >= 0) & (nxt <= hi[i + a] - lo[i + a])
            if ok.any():
                v = np.full(len(j), neg)
                v[ok] = bwd[i + a, nxt[ok]] + scores[t][i + a, nxt[ok]]
                terms.append(v)
        row[:] = np.logaddexp.reduce(np.array(terms), axis=0)
        if insert:
            ins = scores[insert[0]][i, : len(j)]
            for k in range(len(j) - 2, -1, -1):
                row[k] = np.logaddexp(row[k], row[k + 1] + ins[k + 1])
    probs = []
    for t, (a, b) in enumerate(types):
        p = np.zeros((n_src + 1, width))
        ii, jj = np.nonzero(np.isfinite(scores[t]))
        if len(ii):
            start = fwd[ii - a, jj + lo[ii] - b - lo[ii - a]]
            p[ii, jj] = np.exp(start + scores[t][ii, jj] + bwd[ii, jj] - log_z)
        probs.append(p)
    return log_z, probs


def bead_types_up_to(max_total: int, max_side: int | None = None) -> list[tuple[int, int]]:
    """All (a, b) with a, b >= 1 and a + b <= max_total, then deletions (1, 0), (0, 1).

    Ordered by size so that, on equal cost, smaller beads win.
    """
    side = max_total - 1 if max_side is None else max_side
    types = [(a, b) for a in range(1, side + 1) for b in range(1, side + 1) if a + b <= max_total]
    types.sort(key=lambda t: (t[0] + t[1], abs(t[0] - t[1]), t))
    return types + [(1, 0), (0, 1)]
