import pytest

from align.checks import CheckEngines, CheckSettings, run_checks
from align.checks.engines import load_dictionary
from support.alignments import alignment_from_rows
from align.checks.names import latin_names

# The checks' own flags, before the divergence model weighs them.
EVIDENCE = CheckSettings(decide=False)


def name_flags(rows, engines=None):
    return [f for f in run_checks(alignment_from_rows(rows), engines=engines, settings=EVIDENCE).flags if f.kind == "name"]


@pytest.fixture(scope="module")
def with_dictionary():
    return CheckEngines(dictionary=load_dictionary())


def test_names_are_acronyms_and_uncommon_capitalised_words():
    found = [n for n, _, _ in latin_names("Building on the UN work, the Bletchley Declaration and the 4P.", "en")]
    assert found == ["UN", "Bletchley", "4P"]


def test_acronym_spellings_and_expansions_match():
    assert name_flags([{
        "zh": "联合国秘书长人工智能问题高级别咨询机构",
        "fr": "l'Organe consultatif du Secrétaire général des Nations unies sur l'IA et l'OCDE",
        "en": "the UN Secretary-General's Advisory Body on AI and the OECD",
    }]) == []


def test_a_swapped_organisation_is_blamed_on_the_version_the_chinese_contradicts(with_dictionary):
    [flag] = name_flags([{
        "zh": "在联合国教科文组织《人工智能伦理问题建议书》的基础上开展的工作。",
        "fr": "sur la base de la Recommandation de l'UNESCO sur l'éthique de l'intelligence artificielle.",
        "en": "the work based on the OECD Recommendation on the Ethics of Artificial Intelligence.",
    }], with_dictionary)
    assert flag.diverging == "en" and flag.severity == "high"
    assert "UNESCO" in flag.message and "OECD" in flag.message


def test_without_the_dictionary_the_culprit_is_unknown():
    [flag] = name_flags([{
        "zh": "在联合国教科文组织的基础上。",
        "fr": "sur la base de l'UNESCO.",
        "en": "based on the OECD.",
    }])
    assert flag.diverging is None


def test_a_missing_place_name_is_flagged():
    [flag] = name_flags([{
        "zh": "包括2023年11月1日签署的《布莱切利宣言》。",
        "fr": "notamment la Déclaration signée le 1er novembre 2023.",
        "en": "including the Bletchley Declaration signed on 1 November 2023.",
    }])
    assert "Bletchley" in flag.message and "fr" in flag.langs


def test_an_acronym_each_language_spells_its_own_way_is_not_a_divergence():
    assert name_flags([{
        "zh": "在 EU/EEA，COPD 患者被送入 ICU。",
        "fr": "Au sein de l’UE/l’EEE, les patients atteints de MPOC sont admis en USI.",
        "en": "In the EU/EEA, patients with COPD are admitted to the ICU.",
    }]) == []


def test_an_elided_acronym_with_digits_is_found():
    assert name_flags([{
        "zh": "该病毒是否会结合表达 ACE2 的细胞？",
        "fr": "Le virus se lie-t-il aux cellules exprimant l’ACE2 ?",
        "en": "Does the virus bind ACE2-expressing cells?",
    }]) == []


def test_g20_and_g7_are_two_names():
    flags = name_flags([{"fr": "Les dirigeants du G20 se sont réunis à Rio.",
                         "en": "The G7 leaders met in Rio."}])
    assert flags and {"G20", "G7"} & set(" ".join(f.message for f in flags).split())


@pytest.mark.parametrize("fr, en", [("des souris ACE-2 transgéniques", "ACE2-transgenic mice"),
                                    ("pour le COVID-19", "for COVID19"),
                                    ("secrétant l'IL6", "IL-6-secreting monocytes")])
def test_a_code_with_or_without_its_hyphen_is_one_name(fr, en):
    assert name_flags([{"fr": fr, "en": en}]) == []


def test_a_city_swapped_for_another_is_found_across_scripts():
    [flag] = name_flags([{
        "zh": "两国元首在巴黎会晤。",
        "fr": "Les deux chefs d'État se sont rencontrés à Madrid.",
        "en": "The two heads of state met in Paris.",
    }])
    assert flag.diverging == "fr" and flag.evidence["swap"] is True
    assert "Paris (en/zh) not in fr" in flag.message and "Madrid" in flag.message


def test_a_country_left_out_of_the_chinese_is_blamed_on_it():
    [flag] = name_flags([{
        "zh": "两国元首在会晤。",
        "fr": "Les deux chefs d'État se sont rencontrés en Italie.",
        "en": "The two heads of state met in Italy.",
    }])
    assert flag.diverging == "zh" and flag.evidence["swap"] is False


def test_a_language_adjective_answers_the_country():
    assert name_flags([{
        "zh": "法国总统在巴黎会见了中国代表团。",
        "fr": "Le président français a reçu à Paris la délégation chinoise.",
        "en": "The French President received the Chinese delegation in Paris.",
    }]) == []


def test_a_place_answered_by_its_adjective_or_a_longer_word_is_no_divergence():
    assert name_flags([{
        "zh": "亚洲国家和韩国人都关注此事。",
        "fr": "Les pays d'Asie et les Coréens suivent l'affaire.",
        "en": "Asian countries and Koreans follow the matter.",
    }]) == []


def test_words_in_capitals_are_no_acronyms():
    assert [n for n, _, _ in latin_names("SUBJECT: the WHO report", "en")] == ["WHO"]
    assert [n for n, _, _ in latin_names("OBJET : le rapport de l'OMS", "fr")] == ["OMS"]


def test_an_adjective_of_a_name_answers_it(with_dictionary):
    assert name_flags([{
        "zh": "美国研究人员在周一发现了这一点。",
        "fr": "Des chercheurs américains l'ont découvert lundi.",
        "en": "American researchers found it on Monday.",
    }], with_dictionary) == []
