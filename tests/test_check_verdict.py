from align.checks.verdict import majority_verdict, pairwise_verdict

LANGS = ("zh", "fr", "en")


def test_two_agreeing_versions_blame_the_third():
    agree = {("zh", "fr"): False, ("zh", "en"): True, ("fr", "en"): False}
    [verdict] = pairwise_verdict(LANGS, agree)
    assert verdict.diverging == "fr"
    assert set(verdict.pairs) == {("zh", "fr"), ("fr", "en")}


def test_all_disagreeing_blames_nobody():
    agree = {("zh", "fr"): False, ("zh", "en"): False, ("fr", "en"): False}
    [verdict] = pairwise_verdict(LANGS, agree)
    assert verdict.diverging is None and set(verdict.langs) == set(LANGS)


def test_a_single_disagreeing_pair_blames_nobody():
    agree = {("zh", "fr"): False, ("zh", "en"): True, ("fr", "en"): True}
    [verdict] = pairwise_verdict(LANGS, agree)
    assert verdict.diverging is None and set(verdict.langs) == {"zh", "fr"}


def test_agreement_gives_no_verdict():
    assert pairwise_verdict(LANGS, {("zh", "fr"): True, ("zh", "en"): True, ("fr", "en"): True}) == []


def test_majority_verdict():
    assert majority_verdict(LANGS, ["zh", "fr"]) == "en"
    assert majority_verdict(LANGS, ["en"]) == "en"
    assert majority_verdict(("fr", "en"), ["fr"]) is None
