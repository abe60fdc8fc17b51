"""Segment: the corpus gold segmentation, and the cases that break naive splitters."""
from __future__ import annotations

import json

import pytest
from conftest import CORPUS

from align.errors import UsageError
from align.segment import presplit_text, segment_text, split_paragraphs, split_sentences

GOLD = json.loads((CORPUS / "gold-alignment.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["zh", "fr", "en"])
def test_corpus_reproduces_gold_segmentation(lang):
    text = (CORPUS / f"{lang}.txt").read_text(encoding="utf-8")
    assert segment_text(text, lang).texts == GOLD["sentences"][lang]


@pytest.mark.parametrize("lang", ["zh", "fr", "en"])
def test_title_is_its_own_segment_and_paragraphs_are_numbered(lang):
    text = (CORPUS / f"{lang}.txt").read_text(encoding="utf-8")
    segmented = segment_text(text, lang)
    assert segmented.sentences[0].paragraph == 0
    assert segmented.sentences[1].paragraph == 1
    assert segmented.sentences[-1].paragraph == 13  # title + 3 preamble paragraphs + 10 articles


@pytest.mark.parametrize("lang,paragraph,expected", [
    ("fr", "À l'invitation du Président, M. Emmanuel Macron, le Président est venu. Il a parlé.",
     ["À l'invitation du Président, M. Emmanuel Macron, le Président est venu.", "Il a parlé."]),
    ("fr", "Mme Dupont et MM. Martin et Durand sont là. Oui.",
     ["Mme Dupont et MM. Martin et Durand sont là.", "Oui."]),
    ("fr", "Voir p. 12 et l'art. 3 du traité. Fin.", ["Voir p. 12 et l'art. 3 du traité.", "Fin."]),
    ("fr", "10. L'utilisation généralisée de l'IA transformera le travail. Face à ce défi, rien.",
     ["10. L'utilisation généralisée de l'IA transformera le travail.", "Face à ce défi, rien."]),
    ("fr", "Il a dit « Bonjour. Comment allez-vous ? » Puis il est parti.",
     ["Il a dit « Bonjour. Comment allez-vous ? »", "Puis il est parti."]),
    ("fr", "conformément au principe de « l'IA pour le bien » (AI for good), et à exploiter. Fin.",
     ["conformément au principe de « l'IA pour le bien » (AI for good), et à exploiter.", "Fin."]),
    ("en", 'He said "Stop. Now." Then he left.', ['He said "Stop. Now."', "Then he left."]),
    ("en", "Dr. Smith met Mr. Jones on Jan. 5. They talked.",
     ["Dr. Smith met Mr. Jones on Jan. 5.", "They talked."]),
    ("en", "1. China and France agree. They do.", ["1. China and France agree.", "They do."]),
    ("en", "The U.S. and the U.K. agreed. Fine.", ["The U.S. and the U.K. agreed.", "Fine."]),
    ("zh", "1.中法两国认识到，人工智能的机遇是全球性的。双方强调合作。",
     ["1.中法两国认识到，人工智能的机遇是全球性的。", "双方强调合作。"]),
    ("zh", "坚持“智能向善(AI for good)”的宗旨。降低其风险。",
     ["坚持“智能向善(AI for good)”的宗旨。", "降低其风险。"]),
    ("zh", "他说：“我们走吧。你来吗？”他问。好的！",
     ["他说：“我们走吧。你来吗？”", "他问。", "好的！"]),
    ("zh", "真的吗？！是的……结束", ["真的吗？！", "是的……", "结束"]),
])
def test_tricky_sentence_boundaries(lang, paragraph, expected):
    assert split_sentences(paragraph, lang) == expected


@pytest.mark.parametrize("lang,paragraph,expected", [
    ("en", "It is awaited (see below. It is not known. It may survive.",
     ["It is awaited (see below.", "It is not known.", "It may survive."]),
    ("en", 'He said "Stop. Now. Then he left.', ['He said "Stop.', "Now.", "Then he left."]),
    # pysbd itself reads a stray straight quote as a quotation running to the next one
    ("en", '"The government was affected. Iran asked for help. The outbreak spread.',
     ['"The government was affected.', "Iran asked for help.", "The outbreak spread."]),
    ("en", 'It was a "charm offensive. Critics agreed. He said "yes." Then he left.',
     ['It was a "charm offensive.', "Critics agreed.", 'He said "yes."', "Then he left."]),
    ("fr", "Il a dit « Bonjour. Puis il est parti. Fin.", ["Il a dit « Bonjour.", "Puis il est parti.", "Fin."]),
    ("zh", "他说：“我们走吧。你来吗？他问。好的！", ["他说：“我们走吧。", "你来吗？", "他问。", "好的！"]),
    ("zh", "影响预后的因素（见表。年龄。性别。", ["影响预后的因素（见表。", "年龄。", "性别。"]),
])
def test_an_opening_mark_never_closed_does_not_swallow_the_paragraph(lang, paragraph, expected):
    # a typo or a cut-off quotation used to hold every later sentence in one segment
    assert split_sentences(paragraph, lang) == expected


@pytest.mark.parametrize("lang,paragraph,expected", [
    ("en", 'He said "Stop. Now." Then (he left. Or not) he came. Fine.',
     ['He said "Stop. Now."', "Then (he left. Or not) he came.", "Fine."]),
    ("zh", "他说：“走吧。（真的。）走。”好。", ["他说：“走吧。（真的。）走。”", "好。"]),
])
def test_closed_quotes_and_brackets_still_hold_their_sentences(lang, paragraph, expected):
    assert split_sentences(paragraph, lang) == expected


def test_a_boundary_inside_a_word_is_not_a_sentence_end():
    paragraph = "Une affection bénigne, c.-à-d. une infection des voies respiratoires. Le reste est grave."
    assert split_sentences(paragraph, "fr") == [
        "Une affection bénigne, c.-à-d. une infection des voies respiratoires.", "Le reste est grave."]


def test_hard_wrapped_lines_are_rejoined():
    text = "The two countries fully recognize the profound\nimpact of AI. They agree.\n\nNext one.\n"
    assert split_paragraphs(text) == [
        "The two countries fully recognize the profound impact of AI. They agree.", "Next one."]


def test_title_line_without_full_stop_is_not_glued_to_the_next_paragraph():
    text = "Joint Statement on AI\nAt the invitation of the President, he came.\n"
    assert split_paragraphs(text) == ["Joint Statement on AI",
                                      "At the invitation of the President, he came."]


def test_presplit_keeps_line_numbers_as_ids():
    segmented = presplit_text("一。\n\n二。\n三。\n", "zh")
    assert [s.id for s in segmented.sentences] == [0, 1, 2, 3]
    assert [s.text for s in segmented.sentences] == ["一。", "", "二。", "三。"]
    assert [s.paragraph for s in segmented.sentences] == [0, 1, 1, 1]


def test_unknown_language_code_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown language code 'de'"):
        segment_text("Guten Tag.", "de")
