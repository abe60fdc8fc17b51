"""align_pair / align_three end to end with a tiny fake encoder, and bad input."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from align.aligner import AlignerEngines, AlignerSettings, align_pair, align_three, units_from_pairs
from align.errors import BadInputError
from align.limits import Limits
from align.models import Bead

# A toy "translation": each Chinese character stands for one English word.
LEXICON = {"甲": "alpha", "乙": "bravo", "丙": "charlie", "丁": "delta", "戊": "echo", "己": "foxtrot",
           "庚": "golf", "辛": "hotel", "壬": "india", "癸": "juliet", "子": "kilo", "丑": "lima",
           "寅": "mike", "卯": "november", "辰": "oscar", "巳": "papa"}
CONCEPTS = {w: k for k, w in enumerate(LEXICON.values())}
CONCEPTS.update({c: CONCEPTS[w] for c, w in LEXICON.items()})


class ConceptEncoder:
    """Bag of concepts: a sentence's vector is the normalised sum of its words' random vectors."""

    name = "concepts"
    version = "1"

    def __init__(self, dim: int = 64) -> None:
        rng = np.random.default_rng(7)
        self.table = rng.normal(size=(len(LEXICON) + 1, dim)).astype(np.float32)

    def encode(self, texts):
        out = np.zeros((len(texts), self.table.shape[1]), dtype=np.float32)
        for k, text in enumerate(texts):
            units = [c for c in text if c in CONCEPTS] + [w.strip(".") for w in text.split() if w.strip(".") in CONCEPTS]
            v = sum((self.table[CONCEPTS[u]] for u in units), np.zeros(self.table.shape[1], np.float32))
            v = v if np.linalg.norm(v) > 0 else self.table[-1]
            out[k] = v / np.linalg.norm(v)
        return out


ENGINES = AlignerEngines(ConceptEncoder())
SETTINGS = AlignerSettings(use_lexicon=False)


def en(zh_sentence: str) -> str:
    return " ".join(LEXICON[c] for c in zh_sentence if c in LEXICON).capitalize() + "."


def test_one_to_one_and_one_to_two_beads():
    zh = ["甲乙丙。", "丁戊己庚辛。", "壬癸。", "子丑寅。"]
    english = [en("甲乙丙"), en("丁戊己"), en("庚辛"), en("壬癸"), en("子丑寅")]
    result = align_pair(zh, english, "zh", "en", engines=ENGINES, settings=SETTINGS)
    assert [(b.src, b.tgt) for b in result.beads] == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), (4,))]
    assert all(0.0 <= b.score <= 1.0 for b in result.beads)
    assert result.signature.startswith("aligner:") and "concepts-1" in result.signature


def test_result_is_deterministic():
    zh = ["甲乙丙。", "丁戊己庚辛。", "壬癸。"]
    english = [en("甲乙丙"), en("丁戊己"), en("庚辛"), en("壬癸")]
    a = align_pair(zh, english, "zh", "en", engines=ENGINES, settings=SETTINGS)
    b = align_pair(zh, english, "zh", "en", engines=ENGINES, settings=SETTINGS)
    assert a == b


def test_empty_side_is_refused():
    with pytest.raises(BadInputError, match="no sentences"):
        align_pair([], ["Hello."], "zh", "en", engines=ENGINES, settings=SETTINGS)
    with pytest.raises(BadInputError, match="no sentences"):
        align_pair(["甲乙。"], ["  ", ""], "zh", "en", engines=ENGINES, settings=SETTINGS)


def test_french_given_as_chinese_is_refused():
    with pytest.raises(BadInputError, match="Chinese"):
        align_pair(["La Chine et la France reconnaissent le rôle de l'IA."], ["China and France."], "zh", "en",
                   engines=ENGINES, settings=SETTINGS)


def test_chinese_given_as_english_is_refused():
    with pytest.raises(BadInputError, match="Chinese version"):
        align_pair(["甲乙丙。"], ["中法两国认识到人工智能的作用。"], "zh", "en", engines=ENGINES, settings=SETTINGS)


def test_wildly_different_lengths_are_refused():
    zh = ["甲乙丙。"]
    english = [en("甲乙丙")] + [en("丁戊己庚辛壬癸子丑寅") for _ in range(12)]
    with pytest.raises(BadInputError, match=r"55\.9× longer .* not versions of one document"):
        align_pair(zh, english, "zh", "en", engines=ENGINES, settings=SETTINGS)


def test_very_different_lengths_warn_but_align_when_the_limit_allows():
    zh = ["甲乙丙。"]
    english = [en("甲乙丙")] + [en("丁戊己庚辛壬癸子丑寅") for _ in range(12)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = align_pair(zh, english, "zh", "en", engines=ENGINES, settings=SETTINGS,
                            limits=Limits(max_length_factor=100))
    assert result.warnings and "longer" in result.warnings[0]
    assert any("longer" in str(w.message) for w in caught)
    covered = sorted(j for b in result.beads for j in b.tgt)
    assert covered == list(range(len(english)))


def test_three_versions_give_consistent_units():
    zh = ["甲乙丙。", "丁戊己庚辛。", "壬癸。"]
    fr = [en("甲乙丙"), en("丁戊己庚辛"), en("壬癸")]
    english = [en("甲乙丙"), en("丁戊己"), en("庚辛"), en("壬癸")]
    result = align_three({"zh": zh, "fr": fr, "en": english}, engines=ENGINES, settings=SETTINGS)
    assert [dict(u.ids) for u in result.units] == [
        {"zh": (0,), "fr": (0,), "en": (0,)},
        {"zh": (1,), "fr": (1,), "en": (1, 2)},
        {"zh": (2,), "fr": (2,), "en": (3,)},
    ]
    assert [(b.src, b.tgt) for b in result.pairs[("fr", "en")].beads] == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]


def test_links_through_the_original_are_closed_in_the_translation_pair():
    # zh 0 ↔ fr 0-1 and zh 0 ↔ en 0-1, but fr-en was aligned 1-1 twice: it must become one 2-2 bead
    from align.aligner.trilingual import close_links

    pairs = {("zh", "fr"): [Bead((0,), (0, 1))], ("zh", "en"): [Bead((0,), (0, 1))],
             ("fr", "en"): [Bead((0,), (0,)), Bead((1,), (1,))]}
    closed = close_links({"zh": 1, "fr": 2, "en": 2}, pairs, hub="zh")
    assert [(b.src, b.tgt) for b in closed[("fr", "en")]] == [((0, 1), (0, 1))]
    assert closed[("zh", "fr")] == pairs[("zh", "fr")]


def test_a_sentence_one_pair_leaves_alone_is_not_folded_in_by_the_other():
    # en lacks the second sentence: zh-en rightly leaves zh 1 unmatched, fr-en merged fr 0-1 with en 0.
    # The unit must not become zh 0+1 · fr 0+1 · en 0: zh 1 · fr 1 stay alone, an omission the checks see.
    from align.aligner.trilingual import close_links, separate_unmatched

    pairs = {("zh", "fr"): [Bead((0,), (0,)), Bead((1,), (1,))],
             ("zh", "en"): [Bead((0,), (0,)), Bead((1,), ())],
             ("fr", "en"): [Bead((0, 1), (0,))]}
    separated = separate_unmatched(pairs)
    assert [(b.src, b.tgt) for b in separated[("fr", "en")]] == [((0,), (0,)), ((1,), ())]
    units = units_from_pairs({"zh": 2, "fr": 2, "en": 1}, close_links({"zh": 2, "fr": 2, "en": 1}, separated, "zh"))
    assert [dict(u.ids) for u in units] == [{"zh": (0,), "fr": (0,), "en": (0,)}, {"zh": (1,), "fr": (1,), "en": ()}]
    # the same disagreement the other way round (the Chinese lacks it) and on the other side of the bead
    pairs = {("zh", "fr"): [Bead((0,), (1,))], ("zh", "en"): [Bead((0,), (0, 1))],
             ("fr", "en"): [Bead((), (0,)), Bead((0,), ()), Bead((1,), (1,))]}
    separated = separate_unmatched(pairs)
    assert separated == {k: list(v) for k, v in pairs.items()}  # nothing folded: nothing to undo
    # a bead whose other sentences are not linked through the third language is left as it is
    pairs = {("zh", "fr"): [Bead((0,), ()), Bead((1,), (1,))], ("zh", "en"): [Bead((0,), ()), Bead((1,), ())],
             ("fr", "en"): [Bead((0, 1), (0,))]}
    assert separate_unmatched(pairs)[("fr", "en")] == [Bead((0, 1), (0,))]


def test_the_pivot_repairs_only_where_the_pair_doubts_itself():
    from align.aligner.trilingual import where_doubtful

    direct = [Bead((0,), (0,), 0.99), Bead((1,), (1, 2), 0.4), Bead((2,), (3,), 0.9)]
    pivot = [Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.8), Bead((2,), (2, 3), 0.5)]
    scaled = [round(b.score, 3) for b in where_doubtful(pivot, direct)]
    # sure of zh 0 ↔ en 0: nothing to add; doubtful about en 1-2: the pivot's 1-1 counts (0.8 × 0.6);
    # the last pivot bead touches en 2 (doubt 0.6) and en 3 (doubt 0.1): the larger doubt counts
    assert scaled == [0.009, 0.48, 0.3]


def test_units_never_cross():
    # zh-fr and zh-en disagree in order: the crossing pieces end up in one unit
    pairs = {("zh", "fr"): [Bead((0,), (0,)), Bead((1,), (1,))],
             ("zh", "en"): [Bead((0,), (1,)), Bead((1,), (0,))]}
    units = units_from_pairs({"zh": 2, "fr": 2, "en": 2}, pairs)
    assert [dict(u.ids) for u in units] == [{"zh": (0, 1), "fr": (0, 1), "en": (0, 1)}]
