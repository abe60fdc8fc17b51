"""run_checks on whole documents and on incomplete input."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from align.checks import CheckSettings, run_checks
from glossary.exchange import read_termbase
from align.checks.engines import load_engines
from align.formats.gold import alignment_from_gold
from support.alignments import alignment_from_rows
from align.errors import BadInputError, UsageError

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"
DEV = FIXTURES / "divergence-dev"
KNOWN = (("fr", "du 6 au 7 mai 2024"), ("fr", "gouvernance des enjeux mondiaux"),
         ("fr", "au service du bien commun"), ("fr", "servir l'intérêt général"))


def test_not_an_alignment_is_bad_input():
    with pytest.raises(BadInputError):
        run_checks({"zh": "文本"}, engines=None)


def test_an_unknown_check_name_is_a_usage_error():
    with pytest.raises(UsageError):
        run_checks(alignment_from_rows([{"zh": "一", "fr": "un", "en": "one"}]), engines=None,
                   settings=CheckSettings(checks=("numbers", "spelling")))


def test_a_missing_language_leaves_the_other_checks_running_and_says_what_was_skipped():
    alignment = alignment_from_gold(CORPUS / "gold-alignment.json", langs=("zh", "fr"))
    result = run_checks(alignment, engines=None, settings=CheckSettings(decide=False))  # the checks' own flags
    assert result.langs == ("zh", "fr")
    assert "numbers" in result.checks_run and "polarity" in result.checks_run
    assert any(f.kind == "number" and f.unit == 1 for f in result.flags)  # 5–7 vs 6–7 May
    skipped = {s.check: s.reason for s in result.skipped}
    assert "three" in skipped["omissions.words"] or "3" in skipped["omissions.words"]
    assert "encoder" in skipped["meaning"]


def test_a_single_version_runs_nothing_and_says_so():
    result = run_checks(alignment_from_rows([{"zh": "中法两国"}], langs=("zh",)), engines=None)
    assert result.flags == ()
    assert any(s.check == "all" and "two language versions" in s.reason for s in result.skipped)


def test_an_empty_version_is_reported():
    alignment = alignment_from_rows([{"zh": "一", "fr": "un"}])
    result = run_checks(alignment, engines=None)
    assert any("en" in s.reason and "no sentences" in s.reason for s in result.skipped)


@pytest.mark.slow
def test_divergence_dev_targets():
    """All eight planted edits and the corpus's own three divergences; at most one other flag."""
    gold = json.loads((DEV / "gold.json").read_text(encoding="utf-8"))
    texts = {lang: (CORPUS / f"{lang}.txt").read_text(encoding="utf-8") for lang in ("zh", "fr", "en")}
    texts.update({lang: (DEV / f"{lang}.txt").read_text(encoding="utf-8") for lang in ("fr", "en")})
    alignment = alignment_from_gold(CORPUS / "gold-alignment.json", texts, doc_id="divergence-dev")
    result = run_checks(alignment, termbase=read_termbase(CORPUS / "terms-sample.tsv"),
                        engines=load_engines(mt=False))
    missed = [item["what"] for item in gold["planted"]
              if not any(item["lang"] in f.langs and item["edited"] in f.texts.get(item["lang"], "")
                         for f in result.flags)]
    # Since the divergence model decides (issue 13), the two single dropped words (农业生产,
    # 稳定) stay below the cut-off; every other edit is reported.
    assert len(missed) <= 2 and all(what.startswith("omission") for what in missed), missed
    for lang, words in KNOWN:
        assert any(words in f.texts.get(lang, "") for f in result.flags), words
    explained = [(p["lang"], p["edited"]) for p in gold["planted"]] + list(KNOWN)
    others = [f for f in result.flags
              if not any(w in f.texts.get(f.diverging or "", "") for lang, w in explained if lang == f.diverging)]
    assert len(others) <= 1, [f.message for f in others]


@pytest.mark.slow
def test_same_input_same_result():
    alignment = alignment_from_gold(CORPUS / "gold-alignment.json", doc_id="corpus")
    engines = load_engines(mt=False)
    a = run_checks(alignment, engines=engines)
    b = run_checks(alignment, engines=engines)
    assert a == b
