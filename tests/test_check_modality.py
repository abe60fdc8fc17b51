"""The markers check (align/checks/modality.py): modality, quantifiers, degree, contraries."""
import pytest

from align.checks import CheckSettings, run_checks
from support.alignments import alignment_from_rows

EVIDENCE = CheckSettings(decide=False, checks=("modality",))

BASE = {"zh": "各国必须大幅增加对人工智能安全的投资。",
        "fr": "Tous les pays doivent fortement augmenter leurs investissements dans la sûreté de l'IA.",
        "en": "All countries must sharply increase their investment in AI safety."}
EDITED = {
    ("modality", "zh"): "各国可以大幅增加对人工智能安全的投资。",
    ("modality", "fr"): "Tous les pays pourraient fortement augmenter leurs investissements dans la sûreté de l'IA.",
    ("modality", "en"): "All countries may sharply increase their investment in AI safety.",
    ("contrary", "zh"): "各国必须大幅减少对人工智能安全的投资。",
    ("contrary", "fr"): "Tous les pays doivent fortement réduire leurs investissements dans la sûreté de l'IA.",
    ("contrary", "en"): "All countries must sharply decrease their investment in AI safety.",
    ("degree", "fr"): "Tous les pays doivent légèrement augmenter leurs investissements dans la sûreté de l'IA.",
    ("degree", "en"): "All countries must slightly increase their investment in AI safety.",
    ("quantity", "fr"): "Certains pays doivent fortement augmenter leurs investissements dans la sûreté de l'IA.",
    ("quantity", "en"): "Some countries must sharply increase their investment in AI safety.",
}


def flags(row, langs=("zh", "fr", "en")):
    return run_checks(alignment_from_rows([row], langs=langs), engines=None, settings=EVIDENCE).flags


def test_faithful_versions_raise_nothing():
    assert flags(BASE) == ()


@pytest.mark.parametrize("kind,lang", sorted(EDITED), ids=[f"{k}-{lang}" for k, lang in sorted(EDITED)])
def test_each_kind_names_the_edited_version(kind, lang):
    found = [f for f in flags(dict(BASE, **{lang: EDITED[(kind, lang)]})) if f.kind == kind]
    assert found and all(f.diverging == lang for f in found), [f.message for f in found]
    assert any(f.evidence.get("conflict") or kind == "contrary" for f in found)
    for f in found:  # the words responsible are highlighted in every version involved
        assert f.highlights[lang]


def test_a_replacement_is_quoted_in_a_reviewers_words():
    [flag] = [f for f in flags(dict(BASE, en=EDITED[("modality", "en")])) if f.kind == "modality"]
    assert flag.message == ("en says a possibility (may / could), “may”, where zh and fr say an obligation "
                            "(zh “必须”; fr “doivent”)")


def test_with_two_versions_the_pair_is_named_not_a_version():
    found = flags({"fr": BASE["fr"], "en": EDITED[("modality", "en")]}, langs=("fr", "en"))
    assert found and all(f.diverging is None for f in found)


def test_neighbouring_categories_are_no_replacement():
    """会 is "will" and "can"; many and several, a prediction and a possibility are neighbours."""
    found = flags({"zh": "这些方法会用于多个城市。",
                   "fr": "Ces méthodes peuvent être utilisées dans plusieurs villes.",
                   "en": "These methods can be used in several cities."})
    assert not [f for f in found if f.evidence.get("conflict")]


def test_a_contrasting_quantifier_is_a_replacement_in_any_language():
    for lang, text in (("zh", "泰国对部分游客实施隔离。"),
                       ("fr", "La Thaïlande impose une quarantaine à certains voyageurs."),
                       ("en", "Thailand enforces a quarantine on some travelers.")):
        row = {"zh": "泰国对所有游客实施隔离。",
               "fr": "La Thaïlande impose une quarantaine à tous les voyageurs.",
               "en": "Thailand enforces a quarantine on all travelers.", lang: text}
        [flag] = [f for f in flags(row) if f.evidence.get("conflict")]
        assert (flag.kind, flag.diverging, flag.evidence["category"]) == ("quantity", lang, "partial")


def test_a_softened_degree_is_a_replacement():
    [flag] = [f for f in flags({"zh": "上周的销售额小幅增加。",
                                "fr": "Les ventes ont connu une forte augmentation la semaine dernière.",
                                "en": "Sales saw a sharp increase last week."}) if f.evidence.get("conflict")]
    assert (flag.kind, flag.diverging, flag.evidence["category"]) == ("degree", "zh", "diminisher")
