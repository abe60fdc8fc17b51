import pytest

from align.checks import CheckEngines, CheckSettings, run_checks
from align.models import ApprovedTerm, Termbase
from align.checks.engines import load_dictionary
from support.alignments import alignment_from_rows
from align.checks.terminology import _forms, renders

TERMS = Termbase((
    ApprovedTerm({"zh": ("互操作性",), "fr": ("interopérabilité",), "en": ("interoperability",)}),
    ApprovedTerm({"zh": ("人工智能",), "fr": ("intelligence artificielle",), "en": ("artificial intelligence",)}),
    ApprovedTerm({"zh": ("个人数据",), "fr": ("données personnelles",), "en": ("personal data",)}),
))


def keys(lang, text):
    return _forms(lang, text)


def test_an_approved_rendering_matches_inflected_forms_and_its_acronym():
    assert renders("fr", "données personnelles", keys("fr", "la protection de la donnée personnelle"))
    assert renders("fr", "intelligence artificielle", keys("fr", "les risques de l'IA"))
    assert not renders("fr", "interopérabilité", keys("fr", "la compatibilité entre les cadres"))


def test_a_term_without_its_approved_rendering_is_flagged_with_what_is_said_instead():
    rows = [{"zh": "加强各人工智能治理框架之间的互操作性。",
             "fr": "renforcer la compatibilité entre les cadres de gouvernance de l'IA.",
             "en": "strengthen interoperability between AI governance frameworks."}]
    result = run_checks(alignment_from_rows(rows), termbase=TERMS,
                        engines=CheckEngines(dictionary=load_dictionary()),
                        settings=CheckSettings(decide=False, checks=("terminology",)))
    [flag] = [f for f in result.flags if f.kind == "terminology"]
    assert flag.diverging == "fr" and flag.evidence["term"] == "互操作性"
    assert flag.evidence["approved_present_in"] == ["en"]


def test_without_a_termbase_the_check_is_skipped_with_a_reason():
    result = run_checks(alignment_from_rows([{"zh": "互操作性", "fr": "compatibilité", "en": "interoperability"}]),
                        engines=None, settings=CheckSettings(decide=False, checks=("terminology",)))
    reasons = {s.check: s.reason for s in result.skipped}
    assert "termbase" in reasons["terminology.termbase"]


TWO_RENDERINGS = [
    {"zh": "促进服务于公共利益的开发和利用。", "fr": "promouvoir le développement au service du bien commun.",
     "en": "promote development in the service of the public interest."},
    {"zh": "人工智能必须为公共利益服务。", "fr": "l'IA doit servir l'intérêt général.",
     "en": "AI must serve the public interest."},
    {"zh": "双方强调加强国际合作。", "fr": "Les deux parties soulignent la coopération internationale.",
     "en": "The two sides stress international cooperation."},
]


def test_a_rendering_behind_a_weak_word_link_is_not_compared():
    every_link_weak = CheckSettings(decide=False, checks=("terminology",), rendering_min_similarity=1.01)
    result = run_checks(alignment_from_rows(TWO_RENDERINGS), engines=CheckEngines(dictionary=load_dictionary()),
                        settings=every_link_weak)
    assert [f for f in result.flags if f.kind == "terminology"] == []


def test_one_source_term_rendered_two_ways_is_flagged_in_both_places():
    result = run_checks(alignment_from_rows(TWO_RENDERINGS), engines=CheckEngines(dictionary=load_dictionary()),
                        settings=CheckSettings(decide=False, checks=("terminology",)))
    flags = [f for f in result.flags if f.kind == "terminology"]
    assert sorted(f.unit for f in flags) == [0, 1]
    assert all(f.diverging == "fr" and f.evidence["term"] == "公共利益" for f in flags)


def test_a_rendering_is_quoted_as_the_text_writes_it():
    """Issue 13: "it says 'World Global Governance'" joined words that are apart in the text."""
    from align.lang.words import quote_tokens, tokenize

    text = "the World AI Conference on Global Governance"
    tokens = [t for t in tokenize("en", text) if t.text in ("World", "Global", "Governance")]
    assert quote_tokens(text, tokens) == "“World” … “Global Governance”"
    assert quote_tokens("l'intérêt général", tokenize("fr", "l'intérêt général")[1:]) == "“intérêt général”"


@pytest.mark.slow
def test_a_consistency_message_quotes_the_whole_rendering(encoder_engines):
    """Issue 13: the message quoted “intérêt” where the text says “intérêt général”."""
    from pathlib import Path

    from align.formats.gold import alignment_from_gold

    corpus = Path(__file__).parent / "fixtures" / "corpus"
    result = run_checks(alignment_from_gold(corpus / "gold-alignment.json", doc_id="corpus"),
                        engines=encoder_engines, settings=CheckSettings(checks=("terminology",)))
    messages = [f.message for f in result.flags if f.evidence.get("term") == "公共利益"]
    assert messages and all("“intérêt général”" in m for m in messages), messages
