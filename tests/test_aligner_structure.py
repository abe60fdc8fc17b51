"""Quotation states and clause counts, and the bead features built on them."""
from __future__ import annotations

import numpy as np
import pytest

from align.aligner.costs import FEATURES, PairEvidence, SpanSims, bead_features
from align.aligner.dp import Band
from align.aligner.structure import (
    cumulative_clauses,
    han_quote_events,
    latin_quote_events,
    quote_open_after,
)


def directions(text):
    return [d for _, d in latin_quote_events(text)]


@pytest.mark.parametrize("text, expected", [
    ("'You're hopeless!' cried Trinket with a grin.", [1, -1]),  # apostrophe inside a word ignored
    ("'No, ma'am.", [1]),
    ("A few more goes and I'd have had you, though—'", [-1]),  # a dash then a closing mark
    ("'Too-tah – too-tah –'", [1, -1]),
    ("« Bonjour », dit-il.", [1, -1]),
    ("“Curly” quotes", [1, -1]),
    ("He was quiet ' for once.", []),  # a mark alone between spaces says nothing
])
def test_latin_quote_marks_are_read_from_their_neighbours(text, expected):
    assert directions(text) == expected


def test_single_and_double_quotes_are_tracked_apart():
    # Hawkes nests "…" inside '…': closing the inner quotation leaves the outer one open
    sentences = ["'You know what they say, \"A prince's door is like the deep sea.\"",
                 "What sort of creature do you take me for?'"]
    assert quote_open_after(sentences, "en").tolist() == [False, True, False]


def test_chinese_quotation_stays_open_across_sentences():
    sentences = ["小玄子摇手笑道：“今天不打了，明天再来。", "咱们打个彩头。”", "说着出屋而去。"]
    assert [d for _, d in han_quote_events(sentences[0])] == [1]
    assert quote_open_after(sentences, "zh").tolist() == [False, True, False, False]


def test_english_dialogue_state_matches_the_chinese_at_bead_boundaries():
    zh = ["小玄子摇手笑道：“今天不打了，明天再来。”", "韦小宝不服气。"]
    en = ["'No more for today!", "Tomorrow, if you like.'", "Trinket was not having this."]
    zh_open, en_open = quote_open_after(zh, "zh"), quote_open_after(en, "en")
    assert en_open.tolist() == [False, True, False, False]
    assert zh_open[1] == en_open[2]  # the gold boundary zh[0]:en[0, 1] agrees
    assert zh_open[1] != en_open[1]  # the boundary one sentence early does not


def test_an_unclosed_quotation_is_forgotten_after_many_quiet_sentences():
    sentences = ["He said: 'Listen."] + ["Nothing here."] * 20
    state = quote_open_after(sentences, "en")
    assert state[1] and state[5] and not state[-1]


def test_clause_marks_are_counted_cumulatively():
    assert cumulative_clauses(["一，二；三。", "好！"], "zh").tolist() == [0, 3, 4]
    assert cumulative_clauses(["One, two; three.", "Yes!"], "en").tolist() == [0, 3, 4]


def evidence(src_open, tgt_open, src_clauses, tgt_clauses):
    vec = np.zeros((2, 2, 3), dtype=np.float32)
    vec[0] = [[1, 0, 0], [0, 1, 0]]
    vec[1, 0] = [0.7071, 0.7071, 0]
    sims = SpanSims(vec, vec.copy(), Band.full(2, 2), max_side=2)
    return PairEvidence(sims, np.zeros((2, 2)), np.zeros((2, 2)), np.array([0.0, 10, 20]),
                        np.array([0.0, 30, 60]), char_ratio=3.0, length_spread=0.5, coverage=None,
                        log_count_ratio=0.0, src_quote_open=np.array(src_open),
                        tgt_quote_open=np.array(tgt_open), src_clauses=np.array(src_clauses, dtype=float),
                        tgt_clauses=np.array(tgt_clauses, dtype=float))


def feature(ev, name, a, b, i, j):
    return float(bead_features(ev, a, b, np.array([i]), np.array([j]))[0, FEATURES.index(name)])


def test_quote_mismatch_marks_a_bead_ending_inside_a_quotation_on_one_side_only():
    ev = evidence([False, True, False], [False, False, False], [0, 2, 4], [0, 2, 4])
    assert feature(ev, "quote_mismatch", 1, 1, 1, 1) == 1.0  # the source is still inside a speech
    assert feature(ev, "quote_mismatch", 2, 1, 2, 1) == 0.0
    assert feature(ev, "quote_mismatch", 1, 0, 1, 0) == 1.0  # deletions end at a node too


def test_clause_length_worked_example():
    # the document has as many clauses on both sides (ratio 1); a bead of 2 source
    # clauses against 4 target clauses is off by log(5/3)
    ev = evidence([False] * 3, [False] * 3, [0, 2, 4], [0, 4, 4])
    assert feature(ev, "clause_length", 1, 1, 1, 1) == pytest.approx(np.log(5 / 3) ** 2)
    assert feature(ev, "clause_length", 2, 2, 2, 2) == pytest.approx(0.0)
    assert feature(ev, "clause_length", 1, 0, 1, 0) == 0.0
