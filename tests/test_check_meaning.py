import pytest

from align.checks import CheckSettings, run_checks
from align.checks.engines import load_engines
from support.alignments import alignment_from_rows
from align.checks.meaning import coverage, divergence_score

import numpy as np

ROWS = [
    ("中法两国认识到人工智能的关键作用。", "La Chine et la France reconnaissent le rôle essentiel de l'IA.",
     "China and France recognize the key role of AI."),
    ("双方强调加强国际合作。", "Les deux parties soulignent l'importance de la coopération internationale.",
     "The two sides stress the importance of international cooperation."),
    ("中国将继续参加后续委员会会议。", "La Chine continuera de participer aux réunions du comité de suivi.",
     "China will continue to take part in the follow-up committee meetings."),
    ("人工智能的广泛应用将给工作带来深远的变化。", "L'utilisation généralisée de l'IA transformera profondément le travail.",
     "The widespread use of AI will bring far-reaching changes to work."),
    ("双方致力于保护个人数据。", "Les deux parties s'engagent à protéger les données personnelles.",
     "The two sides are committed to protecting personal data."),
    ("两国元首决定加强中法关系。", "Les deux chefs d'État ont décidé de renforcer la relation franco-chinoise.",
     "The two Heads of State decided to strengthen China-France relations."),
    ("中国邀请法国参加世界人工智能大会。", "La Chine invite la France à la Conférence mondiale sur l'intelligence artificielle.",
     "China invites France to the World Artificial Intelligence Conference."),
    ("双方强调弥合数字鸿沟。", "Les deux parties insistent sur la réduction de la fracture numérique.",
     "The two sides emphasize bridging the digital divide."),
]


def test_the_score_is_a_mean_of_robust_z_scores_plus_a_number_unit():
    feats = {"cos": np.array([0.8, 0.8, 0.8, 0.2]), "coverage": np.array([0.9, 0.9, 0.9, 0.9]),
             "length": np.array([0.0, 0.0, 0.0, 0.0]), "numbers": np.array([0, 0, 1, 0.0])}
    score, z = divergence_score(feats)
    assert score[3] > score[0] and score[2] == pytest.approx(score[0] + 1.0)


def test_coverage_is_the_lower_direction():
    class Links:
        a, b = (1, 2, 3, 4), (1, 2)
        a_to_b, b_to_a = {0: (0,), 1: (1,)}, {0: (0,), 1: (1,)}
    assert coverage(Links) == 0.5


@pytest.mark.slow
def test_an_unrelated_translation_is_the_outlier_and_its_version_is_named():
    rows = [{"zh": z, "fr": f, "en": e} for z, f, e in ROWS]
    rows[2] = dict(rows[2], fr="Le festival de musique aura lieu en plein air sous la pluie battante.")
    result = run_checks(alignment_from_rows(rows), engines=load_engines(mt=False),
                        settings=CheckSettings(decide=False, checks=("meaning",)))
    flags = [f for f in result.flags if f.kind == "meaning"]
    assert [(f.unit, f.diverging) for f in flags] == [(2, "fr")]
    scores = result.unit_scores[2].scores
    assert scores["meaning.cos.zh-fr"] < result.unit_scores[0].scores["meaning.cos.zh-fr"]
    assert result.similarity[("zh", "fr")]  # the sentence matrix for the report picture
