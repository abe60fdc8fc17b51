"""Sentence alignment of two versions of a text (and of three, made consistent).

Pipeline of :func:`align_pair`:

1. *Prepare* each side once: embeddings of every run of up to ``max_side``
   consecutive sentences (one encoder pass; see ``engines/usem3_encoder.py``),
   lexical keys of its words (``lexicon.py``), character counts, paragraphs.
2. *First pass* (as Bertalign, coarse-to-fine as Vecalign): a monotone path
   through block-averaged embeddings (8 sentences a block) says roughly where
   the texts correspond; for every source sentence, its top-k target sentences
   within ±30 of that path; a 1-1 monotone path through those candidates gives
   reliable anchors.
3. *Second pass*: a band around the anchors; every bead type up to
   ``max_bead`` sentences (1-2, 3-1, 2-2, …, 1-0, 0-1) is scored by the linear
   model of ``costs.py`` (a CRF over segmentations); forward-backward gives each
   bead its posterior probability, and the segmentation with the most expected
   exact beads (minimum Bayes risk, ``mbr_tau`` per bead) is returned.

Time and memory are linear in the band's area, which grows linearly with the
document for a fixed band margin (the coarse block matrix is (n/8)×(m/8)).
"""
from __future__ import annotations

import logging
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from ..engines.registry import load_engine
from ..engines.usem3_encoder import encode_joined_spans
from ..errors import BadInputError, UsageError
from ..lang.script import han_ratio
from ..lang.script import joiner as script_joiner
from ..limits import DEFAULT_LIMITS, Limits
from ..models import Bead, PairAlignment
from ..signature import Signature
from . import dp
from .costs import DEFAULT_MODEL, BeadModel, PairEvidence, SpanSims, make_cost
from .lexicon import (
    CoverageTable,
    add_word_pairs,
    end_class,
    gloss_sentence,
    learn_word_pairs,
    sentence_keys,
)
from .structure import cumulative_clauses, quote_open_after

logger = logging.getLogger(__name__)

# Expected characters of the second language per character of the first, used only
# to warn about texts of wildly different lengths (the aligner itself measures the ratio).
_EXPECTED_CHAR_RATIO = {("zh", "en"): 3.2, ("zh", "fr"): 3.6, ("fr", "en"): 0.87}
_LENGTH_WARNING_FACTOR = 5.0


@dataclass(frozen=True)
class AlignerSettings:
    max_bead: int = 8  # sentences in one bead, both sides together
    max_side: int = 7  # sentences on one side of a bead
    top_k: int = 3  # first pass: candidate targets per source sentence
    coarse_block: int = 8  # first pass: sentences per block of the coarse path
    first_pass_window: int = 30  # first pass: candidates within this many sentences of the coarse path
    band_margin: int = 6  # second pass: sentences around the first-pass path
    hub_samples: int = 100  # random sentences for the hubness normaliser
    use_lexicon: bool = True
    learn_lexicon: bool = False  # second round with word pairs learnt from the first alignment
    use_gloss: bool = False  # also embed a word-by-word dictionary gloss of the Chinese side (no gain on MAC-Dev)
    lexicon_idf: bool = False  # weigh words by inverse sentence frequency in the coverage features
    use_paragraphs: bool = True
    posteriors: bool = True  # bead scores = posterior probabilities (costs one more pass)
    mbr_tau: float | None = 0.2  # decode by max Σ (posterior − tau) instead of the best path (needs posteriors)
    seed: int = 0

    def signature(self) -> str:
        return (f"beads{self.max_bead}/{self.max_side}|k{self.top_k}|band{self.band_margin}"
                f"|{'viterbi' if self.mbr_tau is None or not self.posteriors else f'mbr{self.mbr_tau:g}'}"
                f"|lex{'+idf' if self.use_lexicon and self.lexicon_idf else '+' if self.use_lexicon else '-'}"
                f"{'+learn' if self.use_lexicon and self.learn_lexicon else ''}"
                f"{'|gloss' if self.use_gloss else ''}|para{'+' if self.use_paragraphs else '-'}")


@dataclass
class AlignerEngines:
    """The engines the aligner uses; any object satisfying the protocols works."""

    encoder: object  # SentenceEncoder (optionally SpanEncoder)
    dictionaries: Mapping[str, object] = field(default_factory=dict)  # lang -> dictionary into English
    model: BeadModel = DEFAULT_MODEL

    def signature(self) -> str:
        parts = [f"enc:{self.encoder.name}-{self.encoder.version}"]
        for lang, d in sorted(self.dictionaries.items()):
            parts.append(f"dict:{lang}:{d.name}-{d.version}")
        parts.append(f"model:{self.model.name}")
        return "|".join(parts)


@lru_cache(maxsize=4)
def load_aligner_engines(encoder: str = "usem3", dictionary: str | None = "cedict",
                         threads: int = 1) -> AlignerEngines:
    """The default engines, loaded once per process (they take a few seconds)."""

    enc = load_engine(encoder, threads=threads)
    dicts = {}
    if dictionary:
        d = load_engine(dictionary)
        dicts[d.src_lang] = d
    return AlignerEngines(enc, dicts)


@dataclass(frozen=True)
class AlignedPair(PairAlignment):
    """A :class:`PairAlignment` with the warnings raised while aligning and a signature."""

    warnings: tuple[str, ...] = ()
    signature: str = ""


@dataclass
class PreparedText:
    """One language version, ready to be aligned with any other."""

    lang: str
    sentences: list[str]
    spans: np.ndarray  # (max_side, n, dim) run embeddings
    keys: list[list[frozenset[str]]] | None
    chars: np.ndarray  # cumulative character counts, n + 1
    paragraph_start: np.ndarray | None  # bool, n + 1
    end_class: np.ndarray  # how each sentence ends (lexicon.end_class)
    gloss_spans: np.ndarray | None = None  # run embeddings of the dictionary gloss (Chinese side)
    quote_open: np.ndarray | None = None  # bool, n + 1: a quotation is open after sentence k - 1
    clauses: np.ndarray | None = None  # cumulative clause-mark counts, n + 1


def prepare_text(sentences: Sequence[str], lang: str, engines: AlignerEngines,
                 settings: AlignerSettings, paragraphs: Sequence[int] | None = None) -> PreparedText:
    sentences = [s.strip() for s in sentences]
    joiner = script_joiner(lang)
    encoder = engines.encoder
    if hasattr(encoder, "encode_spans"):
        spans = encoder.encode_spans(sentences, settings.max_side, joiner)
    else:
        spans = encode_joined_spans(encoder, sentences, settings.max_side, joiner)
    keys = None
    if settings.use_lexicon:
        keys = sentence_keys(sentences, lang, engines.dictionaries.get(lang))
    chars = np.concatenate([[0], np.cumsum([len(s) for s in sentences])]).astype(np.float64)
    para = None
    if paragraphs is not None and settings.use_paragraphs:
        if len(paragraphs) != len(sentences):
            raise UsageError(f"{len(paragraphs)} paragraph indices for {len(sentences)} {lang} sentences")
        p = np.asarray(paragraphs)
        para = np.ones(len(sentences) + 1, dtype=bool)
        para[1:-1] = p[1:] != p[:-1]
    ends = np.array([end_class(s) for s in sentences], dtype=np.int8)
    gloss_spans = None
    dictionary = engines.dictionaries.get(lang)
    if settings.use_gloss and lang == "zh" and hasattr(dictionary, "gloss"):
        glosses = [gloss_sentence(s, dictionary) for s in sentences]
        if hasattr(encoder, "encode_spans"):
            gloss_spans = encoder.encode_spans(glosses, settings.max_side, " ")
        else:
            gloss_spans = encode_joined_spans(encoder, glosses, settings.max_side, " ")
    return PreparedText(lang, sentences, spans, keys, chars, para, ends, gloss_spans,
                        quote_open_after(sentences, lang), cumulative_clauses(sentences, lang))


# ---------------------------------------------------------------------------
# validation

def validate_pair(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str,
                  limits: Limits = DEFAULT_LIMITS) -> list[str]:
    """Refuse unusable input (BadInputError); return warnings for suspicious input.

    Versions whose lengths differ from what is usual for the language pair by more than
    ``limits.max_length_factor`` (in characters or in sentences) are refused: they are not
    versions of one document, and aligning them costs what the longer one does; from half
    that factor the result carries a warning."""
    for lang in (src_lang, tgt_lang):
        if not isinstance(lang, str) or not lang:
            raise UsageError(f"bad language code {lang!r}")
    for side, lang, sents in (("source", src_lang, src), ("target", tgt_lang, tgt)):
        if not sents or not any(s.strip() for s in sents):
            raise BadInputError(f"the {side} text ({lang}) has no sentences")
        sample = "".join(sents[:400])
        ratio = han_ratio(sample)
        if lang == "zh" and ratio < 0.3:
            raise BadInputError(f"the {side} text is given as Chinese (zh) but only {ratio:.0%} of its "
                                f"letters are Han characters: is it another language?")
        if lang != "zh" and ratio > 0.5:
            raise BadInputError(f"the {side} text is given as {lang} but {ratio:.0%} of its letters are "
                                f"Han characters: is it the Chinese version?")
    warns = []
    n, m = len(src), len(tgt)
    chars_src, chars_tgt = sum(map(len, src)), sum(map(len, tgt))
    expected = _EXPECTED_CHAR_RATIO.get((src_lang, tgt_lang))
    if expected is None and (tgt_lang, src_lang) in _EXPECTED_CHAR_RATIO:
        expected = 1 / _EXPECTED_CHAR_RATIO[(tgt_lang, src_lang)]
    expected = expected or 1.0
    length_factor = (chars_tgt / max(chars_src, 1)) / expected
    count_factor = m / n
    refuse = limits.max_length_factor
    # the larger of the two factors speaks (a 4.9× length must not hide 8× the sentences)
    factor, what = max(((length_factor, "characters"), (count_factor, "sentences")),
                       key=lambda fw: max(fw[0], 1 / fw[0]))
    size = max(factor, 1 / factor)
    if size > refuse / 2:
        big, small = (tgt_lang, src_lang) if factor > 1 else (src_lang, tgt_lang)
        said = (f"the {big} text is {size:.1f}× longer than the {small} text (in {what}, relative "
                f"to what is usual for {src_lang}-{tgt_lang})")
        if size > refuse:
            raise BadInputError(f"{said}: they are not versions of one document; check the files "
                                f"(--max-length-factor {size + 0.5:.0f} aligns them anyway)")
        warns.append(f"{said}: are they versions of the same document? Expect many unaligned sentences.")
    return warns


def similarity_sample(src: np.ndarray, tgt: np.ndarray, samples: int = 40) -> float:
    """How well one version matches the other: for sentences spread along ``src``, the best
    cosine with a ``tgt`` sentence within half the text of the same relative place, the
    median over the sample.  Cheap (samples × m products), from the sentence vectors the
    aligner has already.  The window is wide so that a version with a long passage the other
    lacks (an annex, a cut section) still finds its sentences; see :func:`check_related`."""
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return 0.0
    half = max(3, m // 2)
    best = []
    for i in np.unique(np.linspace(0, n - 1, min(samples, n)).round().astype(np.int64)):
        centre = int(round(i * (m - 1) / max(n - 1, 1)))
        window = tgt[max(0, centre - half):centre + half + 1]
        best.append(float((window @ src[i]).max()))
    return float(np.median(best))


_SIMILARITY_WARNING = 0.45  # versions of one document: .54 and more; unrelated ones at most .44 (limits.py)


def check_related(src: PreparedText, tgt: PreparedText, limits: Limits = DEFAULT_LIMITS) -> list[str]:
    """Refuse two texts that are not versions of one document; warn for doubtful ones."""
    if not limits.min_similarity:
        return []
    # Sampled from each side in turn, the better kept: sentences of a passage only one version
    # has find nothing, so the side without it speaks for the pair.
    score = max(similarity_sample(src.spans[0], tgt.spans[0]), similarity_sample(tgt.spans[0], src.spans[0]))
    said = (f"the {src.lang} and {tgt.lang} texts hardly match (sampled sentences find their "
            f"translation at similarity {score:.2f}; versions of one document score .54 or more)")
    if score < limits.min_similarity:
        raise BadInputError(f"{said}: they look like different documents; check the files "
                            f"(--min-similarity 0 aligns them anyway)")
    if score < _SIMILARITY_WARNING:
        return [f"{said}: are they versions of the same document?"]
    return []


# ---------------------------------------------------------------------------
# the two passes

def coarse_centres(src: np.ndarray, tgt: np.ndarray, block: int) -> np.ndarray:
    """For each source sentence, the target position the text is roughly at (coarse-to-fine).

    Sentences are averaged in blocks of ``block``; a monotone path through the
    block similarities (1-1 blocks score their cosine, skips score nothing)
    follows the texts even where one has long passages the other lacks.  The
    block matrix is (n/block) × (m/block): small for any real document.
    """
    n, m = len(src), len(tgt)
    nb, mb = -(-n // block), -(-m // block)
    if nb < 3 or mb < 3:
        return np.round(np.arange(n) * (m / n)).astype(np.int64)

    def blocks(x: np.ndarray, count: int) -> np.ndarray:
        sums = np.add.reduceat(x, np.arange(0, len(x), block), axis=0)[:count]
        return sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-9)

    sims = blocks(src, nb) @ blocks(tgt, mb).T
    # expected similarity of unrelated blocks; only better-than-chance blocks attract the path
    floor = float(np.median(sims))

    def cost(a: int, b: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        if a == 1 and b == 1:
            return floor - sims[i - 1, j - 1]
        return np.zeros(len(i))

    steps = dp.search(nb, mb, [(1, 1), (1, 0), (0, 1)], dp.Band.full(nb, mb), cost)
    # node positions of the block path, interpolated to sentences
    xs, ys = [0.0], [0.0]
    i = j = 0
    for step in steps:
        i, j = i + len(step.src), j + len(step.tgt)
        xs.append(min(i * block, n))
        ys.append(min(j * block, m))
    return np.round(np.interp(np.arange(n) + 0.5, xs, ys)).astype(np.int64)


def first_pass_anchors(src: np.ndarray, tgt: np.ndarray, settings: AlignerSettings) -> list[tuple[int, int]]:
    """Reliable 1-1 links (as DP nodes (i+1, j+1)) from top-k neighbours near the coarse path."""
    n, m = len(src), len(tgt)
    half = settings.first_pass_window
    k = settings.top_k
    top = np.full((n, k), -1, dtype=np.int64)
    top_sim = np.zeros((n, k))
    width = 2 * half + 1
    centres = coarse_centres(src, tgt, settings.coarse_block)
    for start in range(0, n, 256):  # chunks bound the (rows, width, dim) temporary
        rows = np.arange(start, min(n, start + 256))
        lo = np.clip(centres[rows] - half, 0, max(m - width, 0))
        cols = lo[:, None] + np.arange(width)[None, :]
        valid = cols < m
        sims = np.einsum("rd,rwd->rw", src[rows], tgt[np.minimum(cols, m - 1)])
        sims = np.where(valid, sims, -np.inf)
        kk = min(k, width)
        order = np.argsort(-sims, axis=1, kind="stable")[:, :kk]
        top[rows, :kk] = np.take_along_axis(cols, order, 1)
        top_sim[rows, :kk] = np.take_along_axis(sims, order, 1)
    top_sim[~np.isfinite(top_sim)] = 0.0
    top[top_sim <= 0] = -1
    # the 1-1 search may go wherever a candidate is, plus room to reach it
    pad = half + 2
    lo_nodes = np.concatenate([[0], np.clip(np.minimum(centres - pad, m - width - 1), 0, m)])
    hi_nodes = np.concatenate([np.clip(centres + pad, 0, m), [m]])
    lo_nodes = np.minimum.accumulate(lo_nodes[::-1])[::-1]
    hi_nodes = np.maximum.accumulate(hi_nodes)
    lo_nodes[0], hi_nodes[-1] = 0, m
    band = dp.Band(lo_nodes, hi_nodes)

    def cost(a: int, b: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        out = np.zeros(len(i))
        if a == 1 and b == 1:
            for q in range(k):
                hit = top[i - 1, q] == j - 1
                out[hit] = -top_sim[i - 1, q][hit]
        return out

    steps = dp.search(n, m, [(1, 1), (1, 0), (0, 1)], band, cost)
    return [(s.src[0] + 1, s.tgt[0] + 1) for s in steps if s.src and s.tgt and s.cost < 0]


def _hubness(spans: np.ndarray, other: np.ndarray, samples: int, rng: np.random.Generator) -> np.ndarray:
    pick = other[rng.integers(0, len(other), samples)]
    return np.stack([spans[k] @ pick.T for k in range(spans.shape[0])]).mean(axis=-1)


def build_evidence(src: PreparedText, tgt: PreparedText, band: dp.Band, anchors: list[tuple[int, int]],
                   settings: AlignerSettings) -> PairEvidence:
    n, m = len(src.sentences), len(tgt.sentences)
    sims = SpanSims(src.spans, tgt.spans, band, settings.max_side, settings.max_bead)
    rng = np.random.default_rng(settings.seed)
    src_hub = _hubness(src.spans, tgt.spans[0], settings.hub_samples, rng)
    tgt_hub = _hubness(tgt.spans, src.spans[0], settings.hub_samples, rng)
    ratio = max(tgt.chars[-1], 1.0) / max(src.chars[-1], 1.0)
    if anchors:
        a = np.array(anchors) - 1
        ls = np.diff(src.chars)[a[:, 0]]
        lt = np.diff(tgt.chars)[a[:, 1]]
        spread = float(np.sqrt(np.mean(np.log((lt + 5.0) / (ratio * ls + 5.0)) ** 2)))
    else:
        spread = 0.5
    spread = max(spread, 0.1)  # a handful of identical-length anchors must not make length decisive
    coverage = None
    if src.keys is not None and tgt.keys is not None:
        # one more than the longest run: features look at beads extended by a sentence
        coverage = CoverageTable.build(src.keys, tgt.keys, band, settings.max_side + 1, settings.lexicon_idf)
    gloss_sims = None
    if src.gloss_spans is not None and tgt.gloss_spans is None:
        gloss_sims = SpanSims(src.gloss_spans, tgt.spans, band, settings.max_side, settings.max_bead)
    elif tgt.gloss_spans is not None and src.gloss_spans is None:
        gloss_sims = SpanSims(src.spans, tgt.gloss_spans, band, settings.max_side, settings.max_bead)
    return PairEvidence(sims, src_hub, tgt_hub, src.chars, tgt.chars, float(ratio), spread, coverage,
                        float(np.log(m / n)), src.paragraph_start, tgt.paragraph_start,
                        src.end_class, tgt.end_class, gloss_sims,
                        src.quote_open, tgt.quote_open, src.clauses, tgt.clauses)


def bead_types(settings: AlignerSettings, n: int, m: int) -> list[tuple[int, int]]:
    types = dp.bead_types_up_to(settings.max_bead, settings.max_side)
    return [(a, b) for a, b in types if a <= max(n, 1) and b <= max(m, 1)]


def pair_evidence(src: PreparedText, tgt: PreparedText, engines: AlignerEngines, settings: AlignerSettings,
                  bonus=None) -> tuple[dp.Band, PairEvidence, list[tuple[int, int]]]:
    """First pass, band and evidence; with ``learn_lexicon``, the lexical evidence is
    recomputed with word pairs learnt from a first alignment of the same texts."""
    n, m = len(src.sentences), len(tgt.sentences)
    anchors = first_pass_anchors(src.spans[0], tgt.spans[0], settings)
    band = dp.Band.around_path(anchors, n, m, settings.band_margin)
    ev = build_evidence(src, tgt, band, anchors, settings)
    types = bead_types(settings, n, m)
    if settings.learn_lexicon and ev.coverage is not None and src.keys and tgt.keys:
        steps = dp.search(n, m, types, band, _cost(ev, engines.model, bonus))
        pairs = learn_word_pairs(src.keys, tgt.keys, [(s.src, s.tgt) for s in steps])
        if pairs:
            src_keys, tgt_keys = add_word_pairs(src.keys, tgt.keys, pairs)
            ev = replace(ev, coverage=CoverageTable.build(src_keys, tgt_keys, band, settings.max_side + 1,
                                                          settings.lexicon_idf))
    return band, ev, types


def _cost(ev: PairEvidence, model: BeadModel, bonus=None):
    base_cost = make_cost(ev, model)
    if bonus is None:
        return base_cost

    def cost(a, b, i, j):
        return base_cost(a, b, i, j) - bonus(a, b, i, j)

    return cost


def align_prepared(src: PreparedText, tgt: PreparedText, engines: AlignerEngines,
                   settings: AlignerSettings, bonus=None) -> list[Bead]:
    """Align two prepared texts; ``bonus(a, b, i, j)`` may add to bead scores (pivot evidence)."""
    n, m = len(src.sentences), len(tgt.sentences)
    band, ev, types = pair_evidence(src, tgt, engines, settings, bonus)
    grids = dp.bead_costs(n, m, types, band, _cost(ev, engines.model, bonus))
    if not settings.posteriors:
        steps = dp.best_path(n, m, types, band, grids)
        return [Bead(step.src, step.tgt, 0.0) for step in steps]
    _, probs = dp.marginals(n, m, types, band, grids)
    if settings.mbr_tau is not None:
        # Minimum Bayes risk: the path with the most expected exact beads, tau per bead
        # trading precision for recall (F1-optimal near F1/2 of the posteriors' own accuracy).
        mbr = [np.where(np.isfinite(g), settings.mbr_tau - p, np.inf) for g, p in zip(grids, probs)]
        steps = dp.best_path(n, m, types, band, mbr)
    else:
        steps = dp.best_path(n, m, types, band, grids)
    index = {t: k for k, t in enumerate(types)}
    beads = []
    i = j = 0
    for step in steps:
        i += len(step.src)
        j += len(step.tgt)
        score = float(probs[index[(len(step.src), len(step.tgt))]][i, j - band.lo[i]])
        beads.append(Bead(step.src, step.tgt, round(score, 4)))
    return beads


def align_pair(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str, *,
               src_paragraphs: Sequence[int] | None = None, tgt_paragraphs: Sequence[int] | None = None,
               engines: AlignerEngines | None = None,
               settings: AlignerSettings = AlignerSettings(), limits: Limits = DEFAULT_LIMITS) -> AlignedPair:
    """Align two versions of a text, one sentence per list item.

    Returns beads covering every sentence once, in order (``[3]:[4,5]``,
    ``[7]:[]``), each scored with its posterior probability.  Raises
    :class:`BadInputError` for an empty side, a text in the wrong script, and texts
    that are not versions of one document (lengths or a similarity sample beyond
    ``limits``); doubtful ones give a warning in the result.
    """
    warns = validate_pair(src, tgt, src_lang, tgt_lang, limits)
    engines = engines or load_aligner_engines()
    prepared_src = prepare_text(src, src_lang, engines, settings, src_paragraphs)
    prepared_tgt = prepare_text(tgt, tgt_lang, engines, settings, tgt_paragraphs)
    warns += check_related(prepared_src, prepared_tgt, limits)
    for w in warns:
        warnings.warn(w, stacklevel=2)
    beads = align_prepared(prepared_src, prepared_tgt, engines, settings)
    return AlignedPair(src_lang, tgt_lang, tuple(beads), tuple(warns), aligner_signature(engines, settings))


def aligner_signature(engines: AlignerEngines, settings: AlignerSettings) -> str:
    """Settings and engine versions that change alignments, as one signature string."""
    sig = Signature().with_part("aligner", settings.signature()).with_part("engines", engines.signature())
    return str(sig)
