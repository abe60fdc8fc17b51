"""The real engines reproduce the corpus gold alignment exactly (zh-fr, zh-en, fr-en)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from align.aligner import align_pair, align_three, evaluate
from align.models import Bead

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"

pytestmark = pytest.mark.slow
LANGS = ("zh", "fr", "en")


@pytest.fixture(scope="module")
def gold():
    return json.loads((CORPUS / "gold-alignment.json").read_text(encoding="utf-8"))


def paragraph_indices(lang: str, sentences: list[str]) -> list[int]:
    """Sentences of one paragraph share a line of the corpus text."""
    lines = [line for line in (CORPUS / f"{lang}.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    out, p = [], 0
    for sentence in sentences:
        while sentence not in lines[p]:
            p += 1
        out.append(p)
    return out


def gold_beads(gold, pair: str) -> list[Bead]:
    return [Bead(tuple(s), tuple(t)) for s, t in gold["alignments"][pair]]


@pytest.fixture(scope="module")
def trilingual(gold):
    texts = {lang: gold["sentences"][lang] for lang in LANGS}
    paragraphs = {lang: paragraph_indices(lang, texts[lang]) for lang in LANGS}
    return align_three(texts, paragraphs=paragraphs)


@pytest.mark.parametrize("pair", ["zh-fr", "zh-en", "fr-en"])
def test_three_versions_match_the_gold_exactly(trilingual, gold, pair):
    x, y = pair.split("-")
    result = evaluate([gold_beads(gold, pair)], [list(trilingual.pairs[(x, y)].beads)])
    assert result.strict_f1 == 1.0, result.summary()


def test_trilingual_units_cover_every_sentence_once(trilingual, gold):
    for lang in LANGS:
        ids = [i for unit in trilingual.units for i in unit.ids[lang]]
        assert ids == list(range(len(gold["sentences"][lang])))


@pytest.mark.parametrize("pair", ["zh-fr", "zh-en"])
def test_pairs_with_the_original_match_the_gold_without_paragraphs(gold, pair):
    x, y = pair.split("-")
    result = align_pair(gold["sentences"][x], gold["sentences"][y], x, y)
    assert evaluate([gold_beads(gold, pair)], [list(result.beads)]).strict_f1 == 1.0


@pytest.mark.parametrize("pair,side,position,line", [
    ("zh-en", "zh", 10, "欢迎访问本网站，扫码关注公众号，了解更多精彩内容。"),
    ("fr-en", "en", 5, "Click here to subscribe to our newsletter and win a free phone."),
])
def test_an_injected_line_is_left_unaligned(gold, pair, side, position, line):
    x, y = pair.split("-")
    texts = {lang: list(gold["sentences"][lang]) for lang in (x, y)}
    texts[side].insert(position, line)
    result = align_pair(texts[x], texts[y], x, y)
    alone = [b for b in result.beads if not (b.src and b.tgt)]
    assert [(b.src or b.tgt) for b in alone] == [(position,)]
