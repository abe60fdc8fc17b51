"""The language layer's shared pieces: scripts, joining, lemmas, acronyms, language order."""
from __future__ import annotations

import pytest

from align.lang import names, script
from align.lang.langid import code_of_tag, ordered_languages
from align.lang.words import lemma, tokenize


@pytest.mark.parametrize("char", ["人", "㐀", "𠀀", "𪜀", "\U0002ebf0", "\U0002f800", "\U00030000", "丽"])
def test_every_han_block_is_han_including_the_astral_ones(char):
    assert script.is_han(char) and script.han_re().fullmatch(char)


@pytest.mark.parametrize("char", ["a", "。", "《", "ア", "한", "\u4dc0", "\U0002a6e0"])
def test_punctuation_kana_hangul_and_unassigned_gaps_are_not_han(char):
    assert not script.is_han(char) and not script.han_re().fullmatch(char)


def test_the_regex_class_and_the_range_test_agree_on_every_code_point():
    han_re = script.han_re()
    sample = range(0x3000, 0x32400, 7)
    assert all(bool(han_re.fullmatch(chr(cp))) == script.is_han(chr(cp)) for cp in sample)


def test_sentences_join_as_their_language_writes():
    assert script.join("zh", ["第一句。", "第二句。"]) == "第一句。第二句。"
    assert script.join("fr", ["Une phrase.", "Une autre."]) == "Une phrase. Une autre."


def test_accents_are_folded_once_for_every_stage():
    assert script.strip_accents("Interopérabilité") == "Interoperabilite"
    assert script.plain_key("Interopérabilité") == "interoperabilite"
    assert script.plain_key("ﬁnance") == "finance"


def test_one_lemmatiser_for_every_stage():
    assert lemma("fr", "données") == [t.lemma for t in tokenize("fr", "données")][0]
    assert lemma("en", "countries") == "country"
    assert lemma("zh", "国家") == "国家"  # no lemmas outside French and English


@pytest.mark.parametrize("x, y, same", [
    ("AI", "IA", True), ("OECD", "OCDE", True), ("EU", "UE", True),
    ("G20", "G7", False), ("G20", "G20", True), ("UN", "ONU", False), ("Ai", "IA", False),
    ("R&D", "RD", True),
])
def test_same_acronym(x, y, same):
    assert names.same_acronym(x, y) is same


def test_listed_pairs_and_initials():
    assert names.paired_acronyms("UN", "ONU") and names.partners("WHO") == {"OMS"}
    assert names.initials(["Nations", "unies"]) == "nu"
    assert names.initials(["Écoles", "normales"]) == "en"


def test_language_order_and_tags():
    assert ordered_languages({"en", "de", "zh", "fr", "ar"}) == ["zh", "fr", "en", "ar", "de"]
    assert [code_of_tag(t) for t in ("zh-Hans", "zh_CN", "FR-fr", "en-GB", "de-DE")] == [
        "zh", "zh", "fr", "en", "de-DE"]


@pytest.mark.parametrize("x, y, same", [("ACE", "ACE2", True), ("COVID", "COVID19", True), ("G20", "G7", False),
                                        ("ACE2", "ACE2", True), ("ACE", "ECA", True), ("ACE", "ACB", False)])
def test_an_acronym_may_leave_out_its_number_but_not_change_it(x, y, same):
    assert names.same_but_number(x, y) is same
