"""Meaning markers (align/lang/markers.py): modality, quantifiers, degree and scale words."""
import pytest

from align.lang.markers import marker_profile, markers, opposite
from align.lang.words import tokenize


def profile(lang, text):
    return marker_profile(markers(lang, tokenize(lang, text)))


@pytest.mark.parametrize("lang,text,category", [
    ("en", "Both sides must act.", "obligation"),
    ("en", "States have to cooperate.", "obligation"),
    ("fr", "Les parties doivent agir.", "obligation"),
    ("fr", "Il faut agir.", "obligation"),
    ("zh", "双方必须采取行动。", "obligation"),
    ("en", "AI may pose risks.", "possibility"),
    ("fr", "L'IA pourrait présenter des risques.", "possibility"),
    ("zh", "人工智能可能带来风险。", "possibility"),
    ("en", "The talks will resume.", "prediction"),
    ("fr", "Les discussions reprendront.", "prediction"),
    ("zh", "会谈将恢复。", "prediction"),
    ("en", "The suspect reportedly fled.", "hearsay"),
    ("fr", "Le suspect aurait fui.", "hearsay"),
    ("zh", "据报道，嫌疑人已逃离。", "hearsay"),
    ("en", "All countries agree.", "universal"),
    ("fr", "Tous les pays sont d'accord.", "universal"),
    ("zh", "所有国家都同意。", "universal"),
    ("en", "Some countries agree.", "partial"),
    ("fr", "Certains pays sont d'accord.", "partial"),
    ("zh", "部分国家同意。", "partial"),
    ("en", "Most countries agree.", "majority"),
    ("fr", "La plupart des pays sont d'accord.", "majority"),
    ("zh", "大多数国家同意。", "majority"),
    ("en", "Prices rose sharply.", "intensifier"),
    ("fr", "Les prix ont fortement augmenté.", "intensifier"),
    ("zh", "价格大幅上涨。", "intensifier"),
    ("en", "Prices rose slightly.", "diminisher"),
    ("fr", "Les prix ont légèrement augmenté.", "diminisher"),
    ("zh", "价格略微上涨。", "diminisher"),
])
def test_categories(lang, text, category):
    assert category in profile(lang, text)


@pytest.mark.parametrize("lang,up,down", [
    ("en", "Exports increased.", "Exports decreased."),
    ("fr", "Les exportations ont augmenté.", "Les exportations ont diminué."),
    ("zh", "出口增加了。", "出口减少了。"),
    ("en", "We support the plan.", "We oppose the plan."),
    ("fr", "Nous soutenons le plan.", "Nous condamnons le plan."),
    ("zh", "我们支持这个计划。", "我们反对这个计划。"),
])
def test_scale_words_have_a_direction(lang, up, down):
    plus = {c for c in profile(lang, up) if c.startswith("scale:")}
    minus = {c for c in profile(lang, down) if c.startswith("scale:")}
    assert plus and minus
    assert {opposite(c) for c in plus} & minus


@pytest.mark.parametrize("lang,text", [
    ("zh", "他在学会工作。"),        # 会 inside 学会 is no modal
    ("fr", "Le Sahara est vaste."),  # a noun ending in -ra is no future
    ("en", "The report was published."),
])
def test_no_modality_where_there_is_none(lang, text):
    assert not profile(lang, text) & {"obligation", "possibility", "prediction", "certainty", "hearsay"}


def test_offsets_point_at_the_words():
    text = "Les parties devraient peut-être agir."
    found = markers("fr", tokenize("fr", text))
    assert {text[m.start:m.end] for m in found} >= {"devraient", "peut-être"}
