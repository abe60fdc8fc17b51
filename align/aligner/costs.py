"""Scoring a candidate bead: evidence → features → probability that the bead is exact.

Everything here is a formula over precomputed arrays (no text, no engines):

- :class:`SpanSims` holds, for a band of the alignment grid, the cosine of every
  source run (start s, length a) with every target run (start t, length b); each
  embedding was computed once.  A bead's features are lookups in it.
- :func:`bead_features` turns a batch of beads of one type into the feature
  matrix described by :data:`FEATURES`.
- :func:`bead_score` is linear in those features: the alignment's score is the
  sum of its beads' scores, i.e. a linear-chain CRF over segmentations.  The
  weights (:data:`DEFAULT_MODEL`) were fitted by maximum likelihood of gold
  segmentations: MAC-Dev (zh-en literature) and TICO-19 zh-fr/zh-en/fr-en with
  synthetic merges and omissions (``bench/fit_bead_model.py``; leave-one-chapter-out
  and held-out numbers are in the aligner log).  Features are normalised per
  document (cosines against the document's own neighbours and random sentences,
  lengths against its own length ratio and spread), so the few weights carry over
  to other texts and language pairs.
- :func:`make_cost` is the negated score, for :func:`dp.search`.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .dp import Band, CostFunction
from .lexicon import CoverageTable

FEATURES = (
    "bias",
    "cos",  # cosine of the two concatenated runs
    "cos_hub",  # cos minus the runs' mean cosine with random sentences (hubness, as Vecalign)
    "cos_neighbours",  # cos minus the mean cosine with the adjacent single sentences (as Bertalign)
    "extend_gain",  # best gain in cos from adding an adjacent sentence (> 0: bead looks incomplete)
    "shrink_gain",  # smallest loss in cos from dropping an edge sentence (small: a member is superfluous)
    "lex_src",  # share of source words with a translation in the target run
    "lex_tgt",  # share of target words with a translation in the source run
    "lex_words",  # log(1 + words on both sides): how much the lexical shares can be trusted
    "length",  # squared log length ratio, in units of the document's own spread
    "merge",  # a + b - 2
    "many_many",  # both sides have 2+ sentences
    "skew",  # (b - a) * log(n_tgt / n_src): beads that follow the document's split rate
    "lex_extend_gain",  # best gain in lexical coverage from adding an adjacent sentence
    "lex_shrink_gain",  # smallest loss in lexical coverage from dropping an edge sentence
    "end_mismatch",  # the two sides end differently (question, exclamation, ellipsis, colon, full stop)
    "quote_mismatch",  # after the bead a quotation is open on one side only (structure.py)
    "clause_length",  # squared log ratio of clause counts against the document's own ratio
    "gloss_cos",  # cosine of the Chinese side's word-by-word English gloss with the other side
    "gloss_neighbours",  # gloss_cos minus the mean over the adjacent single sentences
    "deletion",  # 1 for a bead with an empty side
    "deletion_match",  # deletions only: best cosine of the sentence with nearby sentences of the other side
)
_F = {name: k for k, name in enumerate(FEATURES)}


@dataclass(frozen=True)
class BeadModel:
    weights: Mapping[str, float]
    paragraph_penalty: float = 4.0  # score lost per paragraph boundary a bead contradicts
    name: str = "crf"

    def vector(self) -> np.ndarray:
        return np.array([self.weights.get(name, 0.0) for name in FEATURES])


# Fitted by bench/fit_bead_model.py on the six MAC-Dev chapters (zh-en literature) and, at
# weight 0.3 per document pair, on zh-fr, zh-en and fr-en pairs of half the TICO-19 documents
# with synthetic merges and omissions (MAC-Dev alone has 6 deletions and no French).
# Leave-one-chapter-out and held-out TICO-19 numbers are in bench/aligner-experiments.md.
# The paragraph penalty is not learnt (neither corpus has paragraphs): one contradicted
# boundary costs about as much as a deletion.  Gloss features are off (no gain on MAC-Dev).
DEFAULT_MODEL = BeadModel(
    weights={"bias": 2.41, "cos": 1.67, "cos_hub": 2.43, "cos_neighbours": 4.35, "extend_gain": -3.3,
             "shrink_gain": 2.11, "lex_src": 1.54, "lex_tgt": 1.66, "lex_words": -1.27, "length": -0.64,
             "merge": -1.21, "many_many": 0.16, "skew": 1.79, "lex_extend_gain": -2.62,
             "lex_shrink_gain": 2.12, "end_mismatch": 0.1, "quote_mismatch": -2.37, "clause_length": -1.15,
             "deletion": -3.61, "deletion_match": -0.34},
    paragraph_penalty=4.0,
    name="crf-macdev-tico-v4",
)


class SpanSims:
    """Banded table of cosines between source runs and target runs.

    ``cos(a, b, s, t)`` is the cosine of source sentences s..s+a-1 (joined) with
    target sentences t..t+b-1.  Only starts near the band are stored; lookups
    outside return ``nan``.
    """

    def __init__(self, src_spans: np.ndarray, tgt_spans: np.ndarray, band: Band, max_side: int,
                 max_total: int | None = None) -> None:
        self.max_side = max_side
        self.n = src_spans.shape[1]
        self.m = tgt_spans.shape[1]
        reach = max_side + 1  # features look one sentence beyond the largest bead
        max_total = (2 * max_side if max_total is None else max_total) + 1
        lo, hi = band.lo, band.hi
        off = np.zeros(self.n + 1, dtype=np.int64)
        end = np.zeros(self.n + 1, dtype=np.int64)
        for s in range(self.n + 1):
            rows = slice(s, min(self.n, s + reach) + 1)
            off[s] = max(0, int(lo[rows].min()) - reach)
            end[s] = min(self.m, int(hi[rows].max()) + 1)
        self.offset = off
        self.width = int((end - off).max()) + 1
        kinds = [(a, b) for a in range(1, reach + 1) for b in range(1, reach + 1)
                 if (a + b <= max_total or a == 1 or b == 1)
                 and a <= src_spans.shape[0] and b <= tgt_spans.shape[0]]
        self.table: dict[tuple[int, int], np.ndarray] = {}
        step = 64
        for a, b in kinds:
            out = np.full((self.n, self.width), np.nan, dtype=np.float32)
            x, y = src_spans[a - 1], tgt_spans[b - 1]
            for start in range(0, self.n - a + 1, step):
                rows = np.arange(start, min(self.n - a + 1, start + step))
                c0 = int(off[rows[0]])
                c1 = min(self.m - b + 1, int(off[rows[-1]]) + self.width)
                if c1 <= c0:
                    continue
                block = x[rows] @ y[c0:c1].T  # one matrix product per block of rows
                cols = off[rows][:, None] - c0 + np.arange(self.width)[None, :]
                ok = cols < c1 - c0
                out[rows] = np.where(ok, np.take_along_axis(block, np.minimum(cols, c1 - c0 - 1), 1), np.nan)
            self.table[(a, b)] = out

    def cos(self, a: int, b: int, s: np.ndarray, t: np.ndarray) -> np.ndarray:
        table = self.table.get((a, b))
        if table is None:
            return np.full(len(s), np.nan, dtype=np.float32)
        s = np.asarray(s)
        t = np.asarray(t)
        ok = (s >= 0) & (s < self.n) & (t >= 0)
        sc = np.where(ok, s, 0)
        col = t - self.offset[sc]
        ok &= (col >= 0) & (col < self.width)
        out = np.full(len(s), np.nan, dtype=np.float32)
        out[ok] = table[sc[ok], col[ok]]
        return out


@dataclass
class PairEvidence:
    """Everything the scorer knows about one document pair."""

    sims: SpanSims
    src_hub: np.ndarray  # (max_side, n): mean cosine of each source run with random target sentences
    tgt_hub: np.ndarray
    src_chars: np.ndarray  # cumulative character counts, length n + 1
    tgt_chars: np.ndarray
    char_ratio: float  # target characters per source character, whole document
    length_spread: float  # std of the log length ratio of reliable 1-1 pairs
    coverage: CoverageTable | None
    log_count_ratio: float  # log(m / n)
    src_paragraph_start: np.ndarray | None = None  # bool, length n + 1 (True at n)
    tgt_paragraph_start: np.ndarray | None = None
    src_end_class: np.ndarray | None = None  # per sentence, see lexicon.end_class
    tgt_end_class: np.ndarray | None = None
    gloss_sims: SpanSims | None = None  # like sims, with one side replaced by its dictionary gloss
    src_quote_open: np.ndarray | None = None  # bool, n + 1: a quotation is open after sentence k - 1
    tgt_quote_open: np.ndarray | None = None
    src_clauses: np.ndarray | None = None  # cumulative clause-mark counts, n + 1
    tgt_clauses: np.ndarray | None = None


def _nz(x: np.ndarray, default: float = 0.0) -> np.ndarray:
    return np.where(np.isnan(x), default, x)


def bead_features(ev: PairEvidence, a: int, b: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Feature matrix (len(i), len(FEATURES)) of beads of type (a, b) ending at nodes (i, j)."""
    f = np.zeros((len(i), len(FEATURES)))
    sims = ev.sims
    if ev.src_quote_open is not None and ev.tgt_quote_open is not None:
        # a property of the bead's end node; every node of a path ends exactly one bead
        f[:, _F["quote_mismatch"]] = ev.src_quote_open[i] != ev.tgt_quote_open[j]
    if a == 0 or b == 0:
        f[:, _F["deletion"]] = 1.0
        best = np.full(len(i), -1.0)
        for d in (-2, -1, 0, 1):  # the other side's sentences around the gap
            v = sims.cos(1, 1, i - 1, j + d) if b == 0 else sims.cos(1, 1, i + d, j - 1)
            best = np.fmax(best, v)
        f[:, _F["deletion_match"]] = np.maximum(best, 0.0)
        return f
    s, t = i - a, j - b
    cos = _nz(sims.cos(a, b, s, t))
    f[:, 0] = 1.0
    f[:, 1] = cos
    f[:, 2] = cos - (ev.src_hub[a - 1, s] + ev.tgt_hub[b - 1, t]) / 2
    f[:, 3] = cos - _neighbour_mean(sims, a, b, i, j)
    # would an adjacent sentence make the bead better?
    ext = np.full(len(i), -1.0)
    for v in (sims.cos(a, b + 1, s, t), sims.cos(a, b + 1, s, t - 1),
              sims.cos(a + 1, b, s, t), sims.cos(a + 1, b, s - 1, t)):
        ext = np.fmax(ext, v)
    f[:, 4] = np.where(ext > -1.0, ext - cos, 0.0)
    # does every member matter?
    shrink = np.full(len(i), np.inf)
    if b >= 2:
        shrink = np.fmin(shrink, cos - np.fmax(sims.cos(a, b - 1, s, t + 1), sims.cos(a, b - 1, s, t)))
    if a >= 2:
        shrink = np.fmin(shrink, cos - np.fmax(sims.cos(a - 1, b, s + 1, t), sims.cos(a - 1, b, s, t)))
    f[:, 5] = np.where(np.isfinite(shrink), shrink, 0.0)
    if ev.coverage is not None:
        cov = ev.coverage
        ws, wt = cov.words_src(a, i), cov.words_tgt(b, j)
        cs, ct = cov.covered_src(a, b, i, j), cov.covered_tgt(a, b, i, j)
        f[:, 6] = cs / np.maximum(ws, 1)
        f[:, 7] = ct / np.maximum(wt, 1)
        f[:, 8] = np.log1p(ws + wt)
        dice = (cs + ct) / np.maximum(ws + wt, 1)
        gain = np.zeros(len(i))
        for aa, bb, ii, jj, ok in ((a, b + 1, i, j + 1, j + 1 <= sims.m), (a, b + 1, i, j, t >= 1),
                                   (a + 1, b, i + 1, j, i + 1 <= sims.n), (a + 1, b, i, j, s >= 1)):
            if aa > cov.max_side or bb > cov.max_side:
                continue
            ii, jj = np.where(ok, ii, i), np.where(ok, jj, j)
            d = _dice(cov, aa, bb, ii, jj)
            gain = np.where(ok, np.maximum(gain, d - dice), gain)
        f[:, _F["lex_extend_gain"]] = gain
        loss = np.full(len(i), np.inf)
        if b >= 2:
            loss = np.fmin(loss, dice - np.fmax(_dice(cov, a, b - 1, i, j), _dice(cov, a, b - 1, i, j - 1)))
        if a >= 2:
            loss = np.fmin(loss, dice - np.fmax(_dice(cov, a - 1, b, i, j), _dice(cov, a - 1, b, i - 1, j)))
        f[:, _F["lex_shrink_gain"]] = np.where(np.isfinite(loss), loss, 0.0)
    if ev.gloss_sims is not None:
        g = ev.gloss_sims
        gcos = _nz(g.cos(a, b, s, t))
        f[:, _F["gloss_cos"]] = gcos
        f[:, _F["gloss_neighbours"]] = gcos - _neighbour_mean(g, a, b, i, j)
    if ev.src_end_class is not None and ev.tgt_end_class is not None:
        f[:, _F["end_mismatch"]] = ev.src_end_class[i - 1] != ev.tgt_end_class[j - 1]
    if ev.src_clauses is not None and ev.tgt_clauses is not None:
        clause_ratio = np.log((ev.tgt_clauses[-1] + 1.0) / (ev.src_clauses[-1] + 1.0))
        cs = ev.src_clauses[i] - ev.src_clauses[s]
        ct = ev.tgt_clauses[j] - ev.tgt_clauses[t]
        f[:, _F["clause_length"]] = (np.log((ct + 1.0) / (cs + 1.0)) - clause_ratio) ** 2
    ls = ev.src_chars[i] - ev.src_chars[s]
    lt = ev.tgt_chars[j] - ev.tgt_chars[t]
    delta = np.log((lt + 5.0) / (ev.char_ratio * ls + 5.0)) / ev.length_spread
    f[:, 9] = delta ** 2
    f[:, 10] = a + b - 2
    f[:, 11] = float(a >= 2 and b >= 2)
    f[:, 12] = (b - a) * ev.log_count_ratio
    return f


def _neighbour_mean(sims: SpanSims, a: int, b: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Mean cosine of each run with the single sentences just before and after the other run
    (as Bertalign's margin); sentences beyond the text or the band are left out."""
    s, t = i - a, j - b
    acc = np.zeros(len(i))
    cnt = np.zeros(len(i))
    for v in (sims.cos(a, 1, s, t - 1), sims.cos(a, 1, s, j), sims.cos(1, b, s - 1, t), sims.cos(1, b, i, t)):
        ok = ~np.isnan(v)
        acc += np.where(ok, v, 0.0)
        cnt += ok
    return acc / np.maximum(cnt, 1)


def _dice(cov: CoverageTable, a: int, b: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Share of the words of both runs that find a translation in the other run."""
    ws, wt = cov.words_src(a, i), cov.words_tgt(b, j)
    return (cov.covered_src(a, b, i, j) + cov.covered_tgt(a, b, i, j)) / np.maximum(ws + wt, 1)


def paragraph_conflicts(ev: PairEvidence, a: int, b: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """How many paragraph boundaries the bead contradicts (0 when paragraphs are unknown).

    A bead should start a paragraph on one side exactly when it does on the
    other, and should not contain a paragraph break on one side only.
    """
    sp, tp = ev.src_paragraph_start, ev.tgt_paragraph_start
    out = np.zeros(len(i))
    if sp is None or tp is None:
        return out
    s, t = i - a, j - b
    if a and b:  # (the end of a bead is the start of the next one, checked there)
        out += sp[s] != tp[t]
    inner_src = np.zeros(len(i))
    inner_tgt = np.zeros(len(i))
    for k in range(1, a):
        inner_src += sp[s + k]
    for k in range(1, b):
        inner_tgt += tp[t + k]
    out += np.abs(inner_src - inner_tgt)
    return out


def bead_score(ev: PairEvidence, model: BeadModel, a: int, b: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Score (log-potential) of beads of type (a, b) ending at nodes (i, j)."""
    score = bead_features(ev, a, b, i, j) @ model.vector()
    if model.paragraph_penalty:
        score = score - model.paragraph_penalty * paragraph_conflicts(ev, a, b, i, j)
    return score


def make_cost(ev: PairEvidence, model: BeadModel) -> CostFunction:
    """DP cost of a bead: its negated score, so the search maximises the summed score."""

    def cost(a: int, b: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        return -bead_score(ev, model, a, b, i, j)

    return cost
