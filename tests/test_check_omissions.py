import pytest

from align.checks import CheckEngines, CheckSettings, run_checks
from align.checks.engines import load_dictionary, load_engines
from support.alignments import alignment_from_rows

# The checks' own flags, before the divergence model weighs them.
EVIDENCE = CheckSettings(decide=False)

ROWS = [
    {"zh": "中法两国认识到人工智能在发展与创新中的关键作用。",
     "fr": "La Chine et la France reconnaissent le rôle essentiel de l'IA pour le développement et l'innovation.",
     "en": "China and France recognize the key role of AI in development and innovation."},
    {"zh": "双方强调加强国际合作，以弥合数字鸿沟。",
     "fr": "Les deux parties insistent sur la coopération internationale pour réduire la fracture numérique.",
     "en": "The two sides stress international cooperation to bridge the digital divide."},
    {"zh": "为确保国际安全与稳定以及尊重主权和基本权利，加强国际合作具有重要意义。",
     "fr": "Il est important de renforcer la coopération afin de garantir la sécurité et la stabilité internationales ainsi que le respect de la souveraineté et des droits fondamentaux.",
     "en": "It is important to strengthen cooperation to ensure international security and respect for sovereignty and fundamental rights."},
]


def kinds(result, kind):
    return [f for f in result.flags if f.kind == kind]


def test_a_sentence_without_counterpart_is_an_omission_in_that_version():
    rows = ROWS[:2] + [{"zh": "这一治理应顾及灵活性。", "fr": None, "en": "Such governance should allow for flexibility."}]
    result = run_checks(alignment_from_rows(rows), engines=None, settings=EVIDENCE)
    [flag] = [f for f in kinds(result, "omission") if f.unit == 2]
    assert flag.diverging == "fr" and flag.severity == "high"
    assert set(flag.texts) == {"zh", "en"}


def test_a_sentence_only_one_version_has_is_an_addition():
    rows = ROWS[:2] + [{"zh": None, "fr": None, "en": "They will also sign a treaty."}]
    [flag] = kinds(run_checks(alignment_from_rows(rows), engines=None, settings=EVIDENCE), "addition")
    assert flag.diverging == "en"


def test_length_outliers_are_judged_against_the_document():
    base = {"zh": "两国元首重申共同致力于深化合作。", "fr": "Les deux chefs d'État réaffirment leur engagement commun à approfondir la coopération.",
            "en": "The two Heads of State reaffirm their shared commitment to deepening cooperation."}
    rows = [dict(base) for _ in range(7)]
    rows[3] = dict(base, en="They agree on deepening it.")
    result = run_checks(alignment_from_rows(rows), engines=None, settings=EVIDENCE)
    flags = kinds(result, "length")
    assert [f.unit for f in flags] == [3] and flags[0].diverging == "en"
    assert all(abs(result.unit_scores[u].scores["length.z.zh-fr"]) < 1 for u in range(7))


def test_a_dropped_word_confirmed_by_source_and_witness_is_an_omission():
    engines = CheckEngines(dictionary=load_dictionary())
    result = run_checks(alignment_from_rows(ROWS), engines=engines,
                        settings=CheckSettings(decide=False, checks=("omissions",)))
    flags = kinds(result, "omission")
    assert [(f.unit, f.diverging) for f in flags] == [(2, "en")]
    assert "稳定" in flags[0].message and "stabilité" in flags[0].message


def test_one_missing_word_needs_the_version_to_be_shorter_than_usual():
    engines = CheckEngines(dictionary=load_dictionary())
    rows = ROWS[:2] * 2 + [dict(ROWS[2], en=ROWS[2]["en"].rstrip(".") + (
        ", as both sides have repeatedly stated in their earlier joint declarations and meetings."))]
    result = run_checks(alignment_from_rows(rows), engines=engines, settings=CheckSettings(decide=False, checks=("omissions",)))
    assert [f for f in kinds(result, "omission") if f.unit == 4] == []
    dropped = ROWS[:2] * 2 + [ROWS[2]]  # the same word dropped from a shorter sentence is still found
    result = run_checks(alignment_from_rows(dropped), engines=engines, settings=CheckSettings(decide=False, checks=("omissions",)))
    assert [(f.unit, f.diverging) for f in kinds(result, "omission")] == [(4, "en")]


@pytest.mark.slow
def test_an_added_clause_is_found_by_what_removing_it_gains():
    rows = [dict(r) for r in ROWS]
    rows[1]["en"] = ("The two sides stress international cooperation to bridge the digital divide, "
                     "and to concluding a binding international treaty on AI by 2026.")
    result = run_checks(alignment_from_rows(rows), engines=load_engines(mt=False),
                        settings=CheckSettings(decide=False, checks=("omissions",)))
    [flag] = [f for f in kinds(result, "addition")]
    assert flag.unit == 1 and flag.diverging == "en"
    assert "binding international treaty" in flag.evidence["clause"]


def test_with_two_versions_a_sentence_the_original_lacks_is_an_addition():
    """Issue 13: an English sentence with no Chinese counterpart was called an omission."""
    rows = [{"zh": "双方同意。", "en": "Both sides agreed."}, {"en": "The weather was fine."},
            {"zh": "会议结束。"}]
    result = run_checks(alignment_from_rows(rows, langs=("zh", "en")), engines=None, settings=EVIDENCE)
    [added] = [f for f in result.flags if f.unit == 1]
    [dropped] = [f for f in result.flags if f.unit == 2]
    assert (added.kind, added.diverging) == ("addition", "en")
    assert (dropped.kind, dropped.diverging) == ("omission", "en")
