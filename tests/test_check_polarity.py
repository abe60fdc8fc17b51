from align.checks import CheckSettings, run_checks
from support.alignments import alignment_from_rows


def polarity_flags(rows):
    """The check's own flags, before the divergence model weighs them."""
    return [f for f in run_checks(alignment_from_rows(rows), engines=None,
                                  settings=CheckSettings(decide=False)).flags if f.kind == "polarity"]


def test_a_refusal_in_one_version_is_flagged_on_that_version():
    [flag] = polarity_flags([{
        "zh": "中国愿参加峰会。",
        "fr": "La Chine refuse de participer au sommet.",
        "en": "China is willing to take part in the summit.",
    }])
    assert flag.diverging == "fr" and flag.severity == "high"
    start, end = flag.highlights["fr"][0]
    assert flag.texts["fr"][start:end] == "refuse"


def test_lexicalised_chinese_negatives_and_ne_pas_count_once():
    assert polarity_flags([{
        "zh": "技术不断快速发展，不可避免地带来变化，这不是问题。",
        "fr": "La technologie évolue constamment et apporte inévitablement des changements ; ce n'est pas un problème.",
        "en": "Technology keeps evolving and inevitably brings changes; this is not a problem.",
    }]) == []


def test_a_dropped_negation_is_flagged():
    [flag] = polarity_flags([{
        "zh": "双方不会使用武力。",
        "fr": "Les deux parties n'utiliseront pas la force.",
        "en": "The two sides will use force.",
    }])
    assert flag.diverging == "en"


def test_restrictive_and_expletive_ne_and_the_tag_question_are_not_negations():
    assert polarity_flags([{
        "zh": "因此，我们只能参考以前的研究，控制疫情比以前更难，对吗？",
        "fr": "Nous ne pouvons donc nous référer qu'aux études antérieures, il est plus difficile qu'il ne l'a été, n'est-ce pas ?",
        "en": "Thus we can only refer to previous studies, it is harder than it was, right?",
    }]) == []


def test_a_negation_moved_into_a_word_is_not_a_divergence():
    assert polarity_flags([{
        "zh": "但是，大剂量类固醇对严重肺损伤无益，病毒仍然未知。",
        "fr": "Cependant, les stéroïdes n'ont pas eu d'effets bénéfiques, et le virus reste inconnu.",
        "en": "However, steroids were not beneficial, and the virus remains unknown.",
    }]) == []


def test_a_negation_added_beside_a_lexical_one_is_still_flagged():
    [flag] = polarity_flags([{
        "zh": "病毒仍然未知，但治疗有效。",
        "fr": "Le virus reste inconnu, mais le traitement est efficace.",
        "en": "The virus remains unknown, but the treatment is not effective.",
    }])
    assert flag.diverging == "en"


def test_rather_than_is_the_negation_of_er_bu_shi_and_a_yes_no_field_is_none():
    assert polarity_flags([{
        "zh": "我们将继续采样，而不是终止；接触史（是/否）。",
        "fr": "Nous poursuivrons l'échantillonnage au lieu de l'interrompre ; contact (O/N).",
        "en": "We will continue sampling rather than discontinuing; contact (Y/N).",
    }]) == []


def test_a_negation_over_two_words_answers_one_over_both():
    assert polarity_flags([{
        "zh": "如果调查不全面、不公平，我们将如何回应？",
        "fr": "Que répondrons-nous si l'enquête n'est pas exhaustive ou impartiale ?",
        "en": "How will we respond if the investigation is not full or fair?",
    }]) == []


def test_without_answers_in_the_absence_of():
    assert polarity_flags([{
        "zh": "在没有肥皂和水的情况下，可以使用消毒湿巾。",
        "fr": "En l'absence de savon et d'eau, on peut utiliser des lingettes.",
        "en": "Wipes can be used in the absence of soap and water.",
    }]) == []


def test_a_dropped_negation_beside_another_is_still_flagged():
    [flag] = polarity_flags([{
        "zh": "他们没有去，也没有打电话。",
        "fr": "Ils ne sont pas allés et ont appelé.",
        "en": "They did not go and did not call.",
    }])
    assert flag.diverging == "fr"


def test_a_negation_missing_from_one_version_is_clear_and_a_count_is_not():
    [clear] = polarity_flags([{"zh": "您的症状五天内不会消失",
                               "fr": "et vos symptômes ne disparaissent pas en cinq jours",
                               "en": "and your symptoms go away in five days"}])
    assert clear.diverging == "en" and clear.evidence["clear"] is True
    [count] = polarity_flags([{"zh": "他不来，也不打电话。",
                               "fr": "Il ne vient pas et il appelle.",
                               "en": "He does not come or call."}])
    assert count.evidence["clear"] is False
