"""`triglot run` end to end on the corpus: every stage, one consistent set of outputs."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from align.aligner import evaluate, read_beads
from align.cli import app
from align.formats.alignment_json import read_alignment
from align.models import Bead
from conftest import CORPUS, FIXTURES, SEED, SEED_CORRECTIONS

runner = CliRunner()
DOC = "ai-governance-2024"
GOLD = json.loads((CORPUS / "gold-alignment.json").read_text(encoding="utf-8"))


def make_texts(root: Path, fr: Path = CORPUS / "fr.txt", en: Path = CORPUS / "en.txt") -> Path:
    for lang in ("zh", "fr", "en"):
        (root / lang).mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED, root / "zh" / f"{DOC}.raw.txt")
    shutil.copy(SEED_CORRECTIONS, root / "zh" / f"{DOC}.corrections.tsv")
    shutil.copy(fr, root / "fr" / f"{DOC}.txt")
    shutil.copy(en, root / "en" / f"{DOC}.txt")
    return root


@pytest.fixture(scope="module")
def run_out(tmp_path_factory) -> tuple[Path, dict]:
    base = tmp_path_factory.mktemp("run")
    texts = make_texts(base / "texts")
    result = runner.invoke(app, ["run", str(texts), "--out", str(base / "out"), "--json", "--no-mt"])
    assert result.exit_code == 0, result.output
    return base / "out", json.loads(result.stdout)


def test_run_reports_every_stage(run_out):
    _, summary = run_out
    (doc,) = summary["documents"]
    assert doc["sentences"] == {"zh": 26, "fr": 25, "en": 28}
    assert doc["units"] == 22
    assert doc["terms"] >= 30
    assert doc["flags"] >= 3
    assert doc["error"] is None


@pytest.mark.parametrize("pair", ["zh-fr", "zh-en", "fr-en"])
def test_run_alignment_matches_the_corpus_gold(run_out, pair):
    out, _ = run_out
    predicted = read_beads(out / DOC / "align" / f"{pair}.align")
    gold = [Bead(tuple(s), tuple(t)) for s, t in GOLD["alignments"][pair]]
    assert evaluate([gold], [predicted]).strict_f1 == 1.0


def test_stored_alignment_is_consistent_across_the_three_languages(run_out):
    out, _ = run_out
    alignment = read_alignment(out / DOC / "alignment.json")
    for lang, count in (("zh", 26), ("fr", 25), ("en", 28)):
        ids = [i for unit in alignment.units for i in unit.ids[lang]]
        assert ids == list(range(count))  # every sentence once, in order


def test_run_termbase_holds_the_sample_terms(run_out):
    """glossary.db holds every candidate for review; the TBX and TSV only the candidates at or
    above the term model's export threshold (chosen for precision)."""
    from glossary.confidence import export_threshold
    from glossary.store import GlossaryStore

    out, _ = run_out
    with GlossaryStore(out / "glossary.db") as store:
        entries = store.entries()
    triples = {(e.terms.get("zh"), e.terms.get("fr"), e.terms.get("en")) for e in entries}
    for line in (CORPUS / "terms-sample.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        assert tuple(line.split("\t")) in triples
    rows = (out / "glossary.tsv").read_text(encoding="utf-8").splitlines()
    exported = [e for e in entries if e.confidence >= export_threshold()]
    assert 0 < len(exported) < len(entries)
    assert len(rows) == 1 + len(exported)
    assert {r.split("\t")[1] for r in rows[1:]} == {e.terms["zh"] for e in exported}
    assert (out / "glossary.tbx").read_bytes().startswith(b"<?xml")


def test_run_report_shows_the_known_divergences(run_out):
    out, _ = run_out
    report = json.loads((out / DOC / "check.json").read_text(encoding="utf-8"))
    texts = " ".join(json.dumps(flag, ensure_ascii=False) for flag in report["flags"])
    assert "6 au 7 mai 2024" in texts  # the visit dates
    assert "gouvernance des enjeux mondiaux" in texts  # the title
    assert "bien commun" in texts and "intérêt général" in texts  # 公共利益 rendered two ways
    assert (out / DOC / "check.html").exists()


def test_run_tmx_is_valid(run_out):
    out, _ = run_out
    dtd = etree.DTD(str(FIXTURES / "schemas" / "tmx14.dtd"))
    files = sorted((out / DOC / "tmx").glob("*.tmx"))
    assert [f.name for f in files] == [f"{DOC}.fr-en.tmx", f"{DOC}.tmx", f"{DOC}.zh-en.tmx", f"{DOC}.zh-fr.tmx"]
    for path in files:
        assert dtd.validate(etree.parse(str(path))), path.name


def test_rerun_is_byte_identical(run_out, tmp_path):
    out, _ = run_out
    texts = make_texts(tmp_path / "texts")
    result = runner.invoke(app, ["run", str(texts), "--out", str(tmp_path / "out"), "--no-mt"])
    assert result.exit_code == 0, result.output
    for path in sorted(p for p in out.rglob("*") if p.is_file() and p.suffix != ".db"):
        again = tmp_path / "out" / path.relative_to(out)
        assert again.read_bytes() == path.read_bytes(), path.relative_to(out)


def test_stages_option_limits_the_work(tmp_path):
    texts = make_texts(tmp_path / "texts")
    result = runner.invoke(app, ["run", str(texts), "--out", str(tmp_path / "out"), "--stages", "align",
                                 "--json"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / DOC / "alignment.json").exists()
    assert not (tmp_path / "out" / "glossary.db").exists()
    assert not (tmp_path / "out" / DOC / "check.html").exists()


def test_unknown_stage_is_a_usage_error(tmp_path):
    texts = make_texts(tmp_path / "texts")
    result = runner.invoke(app, ["run", str(texts), "--out", str(tmp_path / "out"), "--stages", "translate"])
    assert result.exit_code == 2
    assert "unknown stage" in result.stderr


def test_check_command_on_divergence_dev(tmp_path):
    dev = FIXTURES / "divergence-dev"
    result = runner.invoke(app, ["check", "--zh", str(CORPUS / "zh.txt"), "--fr", str(dev / "fr.txt"),
                                 "--en", str(dev / "en.txt"), "--out", str(tmp_path), "--no-mt",
                                 "--termbase", str(CORPUS / "terms-sample.tsv")])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "check.json").read_text(encoding="utf-8"))
    gold = json.loads((dev / "gold.json").read_text(encoding="utf-8"))
    edits = [e for e in gold["planted"] if not e["what"].startswith("omission")]  # see test_check_run
    flagged_texts = [flag["texts"] for flag in report["flags"]]
    for edit in edits:
        lang, sentence = edit["lang"], edit["edited"]
        assert any(sentence in texts.get(lang, "") for texts in flagged_texts), edit
    assert report["threshold"] and all(f["probability"] is None or f["probability"] >= report["threshold"]
                                       for f in report["flags"])


def test_export_tmx_command_from_a_stored_alignment(run_out, tmp_path):
    out, _ = run_out
    result = runner.invoke(app, ["export", "tmx", "--alignment", str(out / DOC / "alignment.json"),
                                 "--out", str(tmp_path), "--lang-tag", "zh=zh-Hans"])
    assert result.exit_code == 0, result.output
    assert b'xml:lang="zh-Hans"' in (tmp_path / f"{DOC}.zh-fr.tmx").read_bytes()


def test_rerun_keeps_the_reviewers_decisions(run_out, tmp_path):
    out, _ = run_out
    shutil.copytree(out, tmp_path / "out")
    db = str(tmp_path / "out" / "glossary.db")
    assert runner.invoke(app, ["glossary", "approve", "互操作性", "--db", db]).exit_code == 0
    assert runner.invoke(app, ["glossary", "reject", "峰会", "--db", db]).exit_code == 0
    texts = make_texts(tmp_path / "texts")
    result = runner.invoke(app, ["run", str(texts), "--out", str(tmp_path / "out"), "--no-mt"])
    assert result.exit_code == 0, result.output
    shown = runner.invoke(app, ["glossary", "show", "互操作性", "--db", db, "--json"])
    assert json.loads(shown.stdout)["status"] == "approved"
    shown = runner.invoke(app, ["glossary", "show", "峰会", "--db", db, "--json"])
    assert json.loads(shown.stdout)["status"] == "rejected"
    tsv = (tmp_path / "out" / "glossary.tsv").read_text(encoding="utf-8")
    assert "互操作性" in tsv and "\n峰会\t" not in tsv  # rejected entries are not exported


def test_check_without_out_writes_beside_other_documents(tmp_path, monkeypatch):
    """`triglot check DOC` writes out/check/DOC/, so a second document does not overwrite the first."""
    texts = tmp_path / "texts"
    for doc in ("first", "second"):
        for lang in ("zh", "fr", "en"):
            (texts / lang).mkdir(parents=True, exist_ok=True)
            shutil.copy(CORPUS / f"{lang}.txt", texts / lang / f"{doc}.txt")
    monkeypatch.chdir(tmp_path)
    for doc in ("first", "second"):
        result = runner.invoke(app, ["check", doc, "--texts", str(texts), "--no-mt"])
        assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "check" / "first" / "check.json").exists()
    assert (tmp_path / "out" / "check" / "second" / "check.json").exists()


def test_the_corpus_page_lists_the_documents_and_links_their_files(run_out):
    out, _ = run_out
    page = (out / "index.html").read_text(encoding="utf-8")
    assert f'data-doc="{DOC}"' in page and f'href="{DOC}/check.html">report</a>' in page
    assert f'href="{DOC}/tmx/{DOC}.zh-fr.xlf">XLIFF zh-fr</a>' in page and 'href="glossary.tbx"' in page


def test_the_corpus_page_escapes_and_says_what_failed():
    from align.report.corpus_index import CorpusRow, render_corpus_index

    page = render_corpus_index([CorpusRow("<script>x</script>", {"zh": 3}, error="fr: looks English")], [], "sig")
    assert "<script>x" not in page and "&lt;script&gt;" in page and "1 failed" in page and "looks English" in page
