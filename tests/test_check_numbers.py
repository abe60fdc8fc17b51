"""Numbers and dates normalised across zh, fr and en, and the numbers check."""
from __future__ import annotations

import pytest

from align.checks import CheckSettings, run_checks
from support.alignments import alignment_from_rows
from align.checks.numbers import compare_numbers
from align.lang.numbers import extract_numbers

# The checks' own flags, before the divergence model weighs them.
EVIDENCE = CheckSettings(decide=False)


def values(lang, text):
    return [m.value for m in extract_numbers(lang, text) if m.hard]


@pytest.mark.parametrize("lang, text, expected", [
    ("zh", "于2024年5月5日至7日对法国进行国事访问", ["2024-05-05/2024-05-07"]),
    ("en", "paid a state visit to France from 5 to 7 May 2024.", ["2024-05-05/2024-05-07"]),
    ("fr", "une visite d'État en France du 5 au 7 mai 2024.", ["2024-05-05/2024-05-07"]),
    ("en", "on May 5-7, 2024", ["2024-05-05/2024-05-07"]),
    ("en", "5–7 May 2024", ["2024-05-05/2024-05-07"]),
    ("fr", "du 30 avril au 2 mai 2024", ["2024-04-30/2024-05-02"]),
    ("zh", "在两国建交60周年之际", ["60"]),
    ("en", "the 60th anniversary", ["60"]),
    ("fr", "du 60e anniversaire", ["60"]),
    ("fr", "signée le 1er novembre 2023", ["2023-11-01"]),
    ("en", "signed on 1 November 2023", ["2023-11-01"]),
    ("en", "signed on November 1, 2023", ["2023-11-01"]),
    ("zh", "2023年11月1日签署", ["2023-11-01"]),
    ("zh", "二〇二四年十月一日", ["2024-10-01"]),
    ("zh", "第十届会议", ["10"]),
    ("zh", "百分之五十", ["50%"]),
    ("en", "50% of", ["50%"]),
    ("fr", "50 % des", ["50%"]),
    ("en", "1,500 people and 2.5 million", ["1500", "2500000"]),
    ("fr", "12 500 personnes et 1,5 million", ["12500", "1500000"]),
    ("zh", "1.5万人", ["15000"]),
    ("en", "the June 2023 Summit", ["2023-06"]),
    ("fr", "de juin 2023", ["2023-06"]),
    ("zh", "2023年6月", ["2023-06"]),
    ("zh", "1.中法两国", []),  # the figure one alone is soft: "un gramme" answers "1 克"
    ("en", "the Paris Pact (4P), the G20 and COVID-19", []),
    ("en", "AI may pose a range of challenges", []),
    # text typeset with spaces around digits, as many Chinese sites and TICO-19 do
    ("zh", "与 COVID-19 相关的 SARS-CoV-2", []),
    ("zh", "截至 2020 年 2 月 11 日，共 10 万例", ["2020-02-11", "100000"]),
    ("zh", "2020 年 1 月 1 日至 3 月 15 日期间", ["2020-01-01/2020-03-15"]),
    # a Chinese year always says 年: a bare number after a date is not its year
    ("zh", "5月7日8时", ["--05-07", "8"]),
])
def test_normalised_values(lang, text, expected):
    assert values(lang, text) == expected


def test_number_words_are_soft_and_never_raise_a_mismatch():
    zh = extract_numbers("zh", "两国元首重申")
    en = extract_numbers("en", "the Heads of State reaffirmed")
    assert zh and not zh[0].hard
    assert compare_numbers(zh, en) is None


def test_a_hard_number_is_satisfied_by_a_number_word():
    assert compare_numbers(extract_numbers("en", "two countries"), extract_numbers("zh", "2个国家")) is None


@pytest.mark.parametrize("a, b", [
    (("zh", "2024年5月5日至7日"), ("fr", "du 6 au 7 mai 2024")),
    (("zh", "将于2025年举办"), ("fr", "accueillera en 2026")),
    (("zh", "2023年11月1日签署"), ("en", "signed on 1 December 2023")),
    (("en", "in 2024"), ("fr", "en 2024 et en 2026")),
])
def test_mismatches_are_found(a, b):
    assert compare_numbers(extract_numbers(*a), extract_numbers(*b)) is not None


def test_a_date_cannot_hide_behind_the_same_day_in_another_date():
    zh = extract_numbers("zh", "于2024年5月5日至7日访问。2023年4月5日至7日")
    fr = extract_numbers("fr", "du 6 au 7 mai 2024. du 5 au 7 avril 2023")
    mismatch = compare_numbers(zh, fr)
    assert mismatch is not None
    assert [m.text for m in mismatch.mentions_a] == ["2024年5月5日至7日"]
    assert [m.value for m in mismatch.mentions_b] == ["2024-05-06/2024-05-07"]


@pytest.mark.parametrize("zh, fr, en", [
    ("2024年5月5日至7日", "du 5 au 7 mai 2024", "from 5 to 7 May 2024"),
    ("建交60周年", "60e anniversaire", "60th anniversary"),
    ("2023年11月1日", "le 1er novembre 2023", "on 1 November 2023"),
    ("2023年6月", "juin 2023", "June 2023"),
])
def test_the_three_languages_agree(zh, fr, en):
    z, f, e = (extract_numbers(lang, t) for lang, t in (("zh", zh), ("fr", fr), ("en", en)))
    assert compare_numbers(z, f) is None and compare_numbers(z, e) is None and compare_numbers(f, e) is None


def test_numbers_check_names_the_diverging_version_and_both_values():
    alignment = alignment_from_rows([
        {"zh": "中国愿参加法国将于2025年举办的峰会。", "fr": "La Chine participera au sommet que la France accueillera en 2026.",
         "en": "China will take part in the summit that France will host in 2025."},
    ])
    result = run_checks(alignment, engines=None, settings=EVIDENCE)
    flags = [f for f in result.flags if f.kind == "number"]
    assert len(flags) == 1
    flag = flags[0]
    assert flag.diverging == "fr" and flag.severity == "high"
    assert "2025" in flag.message and "2026" in flag.message
    assert flag.texts["fr"].endswith("en 2026.")
    start, end = flag.highlights["fr"][0]
    assert flag.texts["fr"][start:end] == "2026"


def test_with_two_versions_the_flag_names_no_culprit():
    alignment = alignment_from_rows([{"fr": "en 2026", "en": "in 2025"}], langs=("fr", "en"))
    [flag] = [f for f in run_checks(alignment, engines=None, settings=EVIDENCE).flags if f.kind == "number"]
    assert flag.diverging is None and set(flag.langs) == {"fr", "en"}


@pytest.mark.parametrize("a, text_a, b, text_b, agree", [
    # a conversion is not a divergence; a wrong one is (issue 13)
    ("en", "He is 6-foot-6 tall.", "fr", "Il mesure 1,98 m.", True),
    ("en", "He is 6.6 feet tall.", "fr", "Il mesure 1,98 m.", False),
    ("en", "1 to 4 inches of rain", "fr", "entre 2,5 et 10 cm de pluie", True),
    ("zh", "1 至 4 英寸的降雨", "fr", "entre 2,5 et 10 cm de pluie", True),
    ("en", "130 miles of coastline", "fr", "environ 209 km de côtes", True),
    ("en", "a fever of 102 °F", "fr", "une fièvre de 38,9 °C", True),
    ("en", "two weeks of food, 2 weeks", "zh", "14 天的食物", True),
    ("en", "a distance of 2 metres", "en", "a distance of 2 feet", False),
    ("en", "US$5 million", "fr", "5 millions d'euros", False),
    ("zh", "投资 490 万美元", "en", "invested US$ 4.9 million", True),
    # other writings of the same figure
    ("en", "more than 42.000 participants", "fr", "plus de 42 000 participants", True),
    ("zh", "2019-20 冠状病毒大流行", "fr", "la pandémie de 2019-2020", True),
    ("zh", "9月中旬", "fr", "à la mi-septembre", True),
    ("zh", "每天服用 1 克", "fr", "une dose quotidienne d'un gramme", True),
    # scale words: no float noise, spaced out digits, shared by the ends of a range
    ("zh", "8.7 亿美元", "en", "$870 million", True),
    ("zh", "83 亿美元", "fr", "8,3 milliards de dollars", True),
    ("zh", "多出 1,400 万至 2,200 万", "en", "between 14 and 22 million", True),
    ("zh", "菲律宾有 5,000 多万人", "en", "more than 50 million people", True),
])
def test_conversions_and_other_writings(a, text_a, b, text_b, agree):
    assert (compare_numbers(extract_numbers(a, text_a), extract_numbers(b, text_b)) is None) == agree


def test_figures_are_quoted_as_the_text_writes_them():
    """Issue 13: "zh nothing vs en 1500000000" and "zh -----03" were the code's values."""
    result = run_checks(alignment_from_rows([
        {"zh": "投资十二亿元。", "fr": "un investissement de 1,5 milliard.", "en": "an investment of 1.5 billion."},
        {"zh": "他三月来了。", "fr": "Il est venu en avril 2023.", "en": "He came."},
    ]), engines=None, settings=EVIDENCE)
    messages = " ".join(f.message for f in result.flags if f.kind == "number")
    assert "“十二亿元”" in messages and "“1.5 billion”" in messages
    assert "1500000000" not in messages and "--03" not in messages and "nothing" not in messages


def test_a_unit_that_alone_differs_is_quoted_with_the_figure():
    result = run_checks(alignment_from_rows([
        {"zh": "隔离 14 周。", "fr": "Isolement de 14 jours.", "en": "Isolation for 14 days."},
        {"zh": "储备2周的食物", "fr": "un stock de nourriture de 2 semaines", "en": "a 2-month supply of food"},
    ]), engines=None, settings=EVIDENCE)
    flags = [f for f in result.flags if f.kind == "number"]
    assert [(f.unit, f.diverging) for f in flags] == [(0, "zh"), (1, "en")]
    assert "zh “14 周” vs fr “14 jours”" in flags[0].message
    assert "“2-month”" in flags[1].message  # a hyphenated unit is read as a unit


def test_figures_in_words_that_differ_disagree_but_small_ones_do_not():
    def agree(a, text_a, b, text_b):
        return compare_numbers(extract_numbers(a, text_a), extract_numbers(b, text_b)) is None

    assert not agree("fr", "six limitations au moins", "en", "at least five limitations")
    assert not agree("zh", "六个局限性", "en", "five limitations")
    assert agree("zh", "六个局限性", "fr", "six limitations")
    assert agree("zh", "两国", "en", "both countries")  # two is "both", one is "a"
    assert agree("en", "the first step", "fr", "une première étape")


def test_number_words_read_whole_and_french_sept_is_seven():
    def atoms(lang, text):
        return [sorted(m.atoms) for m in extract_numbers(lang, text)]

    assert atoms("en", "a fever of one hundred and two") == [["n:102"]]
    assert atoms("fr", "cent-quatre de fièvre") == [["n:104"]]
    assert atoms("en", "an eight-page insert") == [["n:8"]]
    assert atoms("en", "two hundred people") == [["n:200"]]
    assert atoms("fr", "sept candidats vaccins") == [["n:7"]]
    assert atoms("fr", "en sept 2020") == [["m:9", "n:2020"]]


def test_months_named_alone_that_differ_disagree():
    assert compare_numbers(extract_numbers("fr", "en janvier"), extract_numbers("en", "in February")) is not None
    assert compare_numbers(extract_numbers("fr", "en janvier"), extract_numbers("en", "in January")) is None


def test_a_day_of_the_week_is_a_figure():
    def atoms(lang, text):
        return [sorted(m.atoms) for m in extract_numbers(lang, text)]

    assert atoms("zh", "3月11日星期三") == [["m:3", "n:11"], ["w:3"]]
    assert atoms("zh", "周四举行") == [["w:4"]] and atoms("zh", "两周后") == [["n:2"]]
    assert atoms("fr", "le jeudi 12 mars")[0] == ["w:4"]
    assert compare_numbers(extract_numbers("fr", "le match de jeudi"),
                           extract_numbers("en", "Wednesday's game")) is not None
    assert compare_numbers(extract_numbers("zh", "周三的比赛"), extract_numbers("en", "Wednesday's game")) is None
    # a day left out is no other date: news translators drop "on Tuesday"
    assert compare_numbers(extract_numbers("fr", "le match"), extract_numbers("en", "Tuesday's game")) is None


def test_what_a_review_found_in_the_number_reader():
    def atoms(lang, text):
        return [sorted(m.atoms) for m in extract_numbers(lang, text)]

    assert atoms("zh", "每周三次") == [["n:3"]] and atoms("zh", "四周一次") == [["n:4"]]  # 周 is a week
    assert atoms("en", "two thousand three hundred") == [["n:2300"]]
    assert atoms("fr", "deux mille trois cents") == [["n:2300"]]
    assert atoms("fr", "Ils étaient sept.") == [["n:7"]]
    assert atoms("en", "on Good Friday") == [] and atoms("fr", "Mardi gras") == []
