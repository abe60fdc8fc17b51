"""The divergence model (align/checks/decision.py): loading, scoring, the trilingual vote.

Small hand-made trilingual units: for each kind of edit and each language as the odd one, the
faithful unit scores low and its edited twin high, and the edited version is the one named.
"""
import json

import pytest

from align.checks import CheckSettings, run_checks
from align.checks.decision import FEATURES, MODEL_PATH, load_model, model_from_dict
from support.alignments import alignment_from_rows

FAITHFUL = [
    {"zh": "双方必须加强在人工智能领域的合作。",
     "fr": "Les deux parties doivent renforcer leur coopération dans le domaine de l'intelligence artificielle.",
     "en": "Both sides must strengthen their cooperation in the field of artificial intelligence."},
    {"zh": "2024年5月，两国元首在巴黎会晤。",
     "fr": "En mai 2024, les deux chefs d'État se sont rencontrés à Paris.",
     "en": "In May 2024, the two heads of state met in Paris."},
    {"zh": "所有国家都应平等参与全球治理。",
     "fr": "Tous les pays doivent participer sur un pied d'égalité à la gouvernance mondiale.",
     "en": "All countries should participate equally in global governance."},
    {"zh": "该项目将创造3000个就业岗位。",
     "fr": "Le projet créera 3000 emplois.",
     "en": "The project will create 3,000 jobs."},
    {"zh": "人工智能的发展不应加剧数字鸿沟。",
     "fr": "Le développement de l'intelligence artificielle ne doit pas aggraver la fracture numérique.",
     "en": "The development of artificial intelligence should not widen the digital divide."},
    {"zh": "出口在第一季度大幅增加。",
     "fr": "Les exportations ont fortement augmenté au premier trimestre.",
     "en": "Exports increased sharply in the first quarter."},
]

# (unit, language, edited text, kind of the edit)
EDITS = [
    (0, "fr", "Les deux parties pourraient renforcer leur coopération dans le domaine de l'intelligence artificielle.",
     "modality"),
    (0, "en", "Both sides may strengthen their cooperation in the field of artificial intelligence.", "modality"),
    (0, "zh", "双方可以加强在人工智能领域的合作。", "modality"),
    (1, "en", "In June 2024, the two heads of state met in Paris.", "date"),
    (1, "zh", "2023年5月，两国元首在巴黎会晤。", "date"),
    (2, "fr", "Certains pays doivent participer sur un pied d'égalité à la gouvernance mondiale.", "quantifier"),
    (3, "fr", "Le projet créera 2000 emplois.", "number"),
    (3, "zh", "该项目将创造5000个就业岗位。", "number"),
    (4, "en", "The development of artificial intelligence should widen the digital divide.", "negation"),
    (5, "fr", "Les exportations ont fortement diminué au premier trimestre.", "contrary"),
    (5, "zh", "出口在第一季度大幅减少。", "contrary"),
]


def alignment(units):
    return alignment_from_rows(units, doc_id="hand")


def probability(result, unit, lang):
    return result.unit_scores[unit].scores.get(f"divergence.p.{lang}", 0.0)


def test_the_shipped_model_loads_and_has_every_feature():
    model = load_model()
    assert model.features == FEATURES
    assert 0 < model.threshold < 1
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert data["metrics"]["tri_eval"]["reliability"], "the model file carries its reliability table"


def test_a_model_file_with_the_wrong_shape_is_refused():
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    trees = json.loads(json.dumps(data))
    split = next(node for node in trees["tri"]["trees"][0] if not node[5])
    split[0] = len(FEATURES) + 3
    with pytest.raises(ValueError, match="feature it does not have"):
        model_from_dict(trees)
    logistic = dict(data, tri={"type": "logistic", "coef": [0.0] * (len(FEATURES) - 1), "intercept": 0.0})
    with pytest.raises(ValueError, match="coefficients"):
        model_from_dict(logistic)


def test_exported_trees_score_as_written():
    from align.checks.decision import TreeEnsemble

    # one stump: x[0] <= 0.5 → -1, else +1; baseline 0
    stump = TreeEnsemble(0.0, (((0, 0.5, 1, 2, 0.0, False), (0, 0.0, 0, 0, -1.0, True),
                                (0, 0.0, 0, 0, 1.0, True)),))
    import numpy as np

    assert stump.raw(np.array([0.0])) == -1.0 and stump.raw(np.array([0.9])) == 1.0


def test_probability_is_a_logistic_of_the_features():
    model = load_model()
    zero = model.tri.probability(model.vector({}))
    number = model.tri.probability(model.vector({"flag_number": 1.0}))
    assert 0 < zero < number < 1


@pytest.fixture(scope="module")
def faithful_result(encoder_engines):
    return run_checks(alignment(FAITHFUL), engines=encoder_engines)


@pytest.mark.slow
def test_faithful_units_are_not_flagged(faithful_result):
    assert not [f for f in faithful_result.flags if f.probability is not None], \
        [f.message for f in faithful_result.flags]
    for u in range(len(FAITHFUL)):
        for lang in ("zh", "fr", "en"):
            assert probability(faithful_result, u, lang) < 0.5


@pytest.mark.slow
@pytest.mark.parametrize("unit,lang,edited,kind", EDITS, ids=[f"{k}-{lang}-{u}" for u, lang, _, k in EDITS])
def test_an_edited_twin_scores_higher_and_its_version_is_the_odd_one(encoder_engines, faithful_result,
                                                                     unit, lang, edited, kind):
    units = [dict(u) for u in FAITHFUL]
    units[unit][lang] = edited
    result = run_checks(alignment(units), engines=encoder_engines)
    p = probability(result, unit, lang)
    assert p > probability(faithful_result, unit, lang)
    assert p > max(probability(result, unit, other) for other in ("zh", "fr", "en") if other != lang)


# The twins the shipped model reports at its threshold: every one but the French contrary
# (augmenté / diminué), which scores higher than its faithful unit but stays below the cut-off:
# an opposite scale word fires on too many faithful translations for the model to trust it
# alone (issue 13).  Model 2 reported only the number, date, negation and English modality twins;
# a replacement between contrasting categories (may for must, certains for tous) is now trusted.
REPORTED = [e for e in EDITS if e[:2] != (5, "fr")]


@pytest.mark.slow
@pytest.mark.parametrize("unit,lang,edited,kind", REPORTED, ids=[f"{k}-{lang}-{u}" for u, lang, _, k in REPORTED])
def test_an_edited_twin_is_reported_on_its_version(encoder_engines, unit, lang, edited, kind):
    units = [dict(u) for u in FAITHFUL]
    units[unit][lang] = edited
    result = run_checks(alignment(units), engines=encoder_engines)
    flags = [f for f in result.flags if f.unit == unit]
    assert flags and all(f.diverging == lang for f in flags), [(f.kind, f.diverging, f.message) for f in flags]
    assert all(f.probability is not None and f.probability >= result.threshold for f in flags)


@pytest.mark.slow
def test_a_document_where_everything_diverges_is_flagged_everywhere(encoder_engines):
    """Absolute, not relative to the document: every unit edited, every unit flagged."""
    units = [dict(u) for u in FAITHFUL]
    units[0]["fr"] = "Les trois parties doivent renforcer leur coopération dans le domaine de l'intelligence artificielle d'ici 2030."
    units[1]["en"] = "In June 2024, the two heads of state met in Paris."
    units[2]["zh"] = "2019年，所有国家都应平等参与全球治理。"
    units[3]["fr"] = "Le projet créera 2000 emplois."
    units[4]["zh"] = "2023年，人工智能的发展不应加剧数字鸿沟。"
    units[5]["en"] = "Exports increased sharply in the first quarter of 2021, officials said."
    result = run_checks(alignment(units), engines=encoder_engines)
    assert {f.unit for f in result.flags} == set(range(len(FAITHFUL)))


def test_without_the_decision_every_check_speaks():
    units = [dict(u) for u in FAITHFUL]
    units[3]["fr"] = "Le projet créera 2000 emplois."
    raw = run_checks(alignment(units), engines=None, settings=CheckSettings(decide=False))
    assert any(f.kind == "number" and f.probability is None for f in raw.flags)


def test_the_cut_off_moves():
    units = [dict(u) for u in FAITHFUL]
    units[3]["fr"] = "Le projet créera 2000 emplois."
    low = run_checks(alignment(units), engines=None, settings=CheckSettings(min_probability=0.0))
    high = run_checks(alignment(units), engines=None, settings=CheckSettings(min_probability=0.999999))
    assert len(low.flags) > len(high.flags)
    assert all(f.probability is not None for f in low.flags)


def test_a_sentence_only_one_version_has_is_reported():
    """The model never saw a unit with one version alone; the aligner's evidence is kept."""
    units = [dict(u) for u in FAITHFUL[:3]] + [{"zh": "这是一个只有中文版本才有的句子。"}]
    result = run_checks(alignment(units), engines=None)
    [flag] = [f for f in result.flags if f.unit == 3]
    assert (flag.kind, flag.diverging) == ("addition", "zh")


def test_own_flags_quote_words_as_the_text_writes_them():
    from align.checks.decision import _own_flag, load_model
    from align.checks.evidence import Evidence
    from align.checks.engines import NO_ENGINES
    from align.models import Termbase

    units = [dict(FAITHFUL[0], fr=FAITHFUL[0]["fr"][:-1] + ", et nous saluons l'Union européenne.")]
    ev = Evidence(alignment(units), NO_ENGINES, Termbase(), CheckSettings())
    flag = _own_flag(ev, 0, "fr", {"add_n": 3.0, "add_share": 0.5}, load_model(), 0.9)
    assert flag.kind in ("addition", "meaning") and "with no counterpart: fr “" in flag.message
    for quoted in flag.message.split("“")[1:]:
        assert quoted.split("”")[0] in units[0]["fr"]


def test_strong_and_weak_evidence_are_features_apart():
    """A negation one version lacks is ``flag_polarity``, negations counted differently
    ``flag_polarity_count``; a place named in place of the others' is ``flag_name_swap``."""
    from align.checks import gather_evidence
    from align.checks.decision import version_features
    from align.checks.engines import NO_ENGINES
    from align.models import Termbase

    units = [{"zh": "您的症状五天内不会消失", "fr": "et vos symptômes ne disparaissent pas en cinq jours",
              "en": "and your symptoms go away in five days"},
             {"zh": "他不来，也不打电话。", "fr": "Il ne vient pas et il appelle.", "en": "He does not come or call."},
             {"zh": "两国元首在巴黎会晤。", "fr": "Les deux chefs d'État se sont rencontrés à Madrid.",
              "en": "The two heads of state met in Paris."}]
    ev, flags, *_ = gather_evidence(alignment(units), NO_ENGINES, Termbase(), CheckSettings(decide=False))
    feats = version_features(ev, flags, load_model())
    assert feats[(0, "en")].get("flag_polarity") == 1.0 and not feats[(0, "en")].get("flag_polarity_count")
    assert any(feats[(1, v)].get("flag_polarity_count") for v in ("zh", "fr", "en"))
    assert not any(feats[(1, v)].get("flag_polarity") for v in ("zh", "fr", "en"))
    assert feats[(2, "fr")].get("flag_name_swap") == 1.0 and feats[(2, "fr")].get("flag_name") == 1.0
