from align.checks import run_checks
from align.checks.gold import alignment_from_rows


def polarity_flags(rows):
    return [f for f in run_checks(alignment_from_rows(rows), engines=None).flags if f.kind == "polarity"]


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
