"""``triglot glossary`` commands through typer's CliRunner."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary.cli import app
from glossary.store import GlossaryStore

FIXTURES = Path(__file__).parent / "fixtures" / "glossary"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def db(tmp_path, runner):
    path = tmp_path / "out" / "glossary.db"
    result = runner.invoke(app, ["import", str(FIXTURES / "seed-termbase.tsv"), "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "12 new" in result.output
    return path


def run(runner, *args):
    return runner.invoke(app, [str(a) for a in args])


def test_search_prints_a_table(runner, db):
    result = run(runner, "search", "hucaozuoxing", "--db", db)
    assert result.exit_code == 0, result.output
    assert "互操作性" in result.output and "pinyin" in result.output


def test_search_json_lists_entries_with_their_match(runner, db):
    result = run(runner, "search", "數字鴻溝", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert hits[0]["terms"] == {"zh": "数字鸿沟", "fr": "fracture numérique", "en": "digital divide"}
    assert hits[0]["match"]["mode"] == "exact" and hits[0]["status"] == "candidate"


def test_search_with_no_hit_exits_1(runner, db):
    result = run(runner, "search", "zzzzqqqq", "--db", db)
    assert result.exit_code == 1 and "no entry matches" in result.output
    assert json.loads(run(runner, "search", "zzzzqqqq", "--db", db, "--json").output) == []


def test_a_missing_database_is_a_clear_error(runner, tmp_path):
    result = run(runner, "search", "x", "--db", tmp_path / "none.db")
    assert result.exit_code == 1
    assert "no glossary here" in result.output
    assert not (tmp_path / "none.db").exists()


def test_db_defaults_to_out_glossary_db(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TRIGLOT_GLOSSARY_DB", raising=False)
    result = run(runner, "add", "--zh", "算法", "--fr", "algorithme", "--en", "algorithm")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "glossary.db").exists()


def test_add_then_show(runner, db):
    result = run(runner, "add", "--zh", "算法", "--fr", "algorithme", "--en", "algorithm",
                 "--variant", "en=algorithms", "--term", "es=algoritmo", "--note", "by hand", "--db", db)
    assert result.exit_code == 0, result.output
    entry_id = result.output.split()[0]
    shown = run(runner, "show", entry_id, "--db", db, "--json")
    data = json.loads(shown.output)
    assert data["status"] == "approved" and data["terms"]["es"] == "algoritmo"
    assert data["variants"] == {"en": ["algorithms"]} and data["note"] == "by hand"
    text = run(runner, "show", "algorithme", "--db", db)
    assert "en: algorithm  (variants: algorithms)" in text.output


def test_add_needs_a_term(runner, db):
    result = run(runner, "add", "--db", db)
    assert result.exit_code == 2 and "at least one term" in result.output


def test_approve_and_reject_by_term_or_id(runner, db):
    result = run(runner, "approve", "interopérabilité", "数字鸿沟", "--db", db)
    assert result.exit_code == 0, result.output
    with GlossaryStore(db) as store:
        assert store.find_exact("互操作性")[0].status == "approved"
        entry_id = store.find_exact("个人信息")[0].entry_id
    assert run(runner, "reject", entry_id, "--db", db).exit_code == 0
    with GlossaryStore(db) as store:
        assert store.get(entry_id).status == "rejected"
        assert store.find_exact("数字鸿沟")[0].status == "approved"


def test_approve_an_unknown_term_changes_nothing(runner, db):
    result = run(runner, "approve", "互操作性", "nonexistent", "--db", db)
    assert result.exit_code == 2 and "nonexistent" in result.output
    with GlossaryStore(db) as store:
        assert store.find_exact("互操作性")[0].status == "candidate"


def test_export_and_import_tbx_round_trip_byte_identical(runner, db, tmp_path):
    first, second = tmp_path / "a.tbx", tmp_path / "b.tbx"
    assert run(runner, "export", first, "--db", db, "--signature", "sig-1").exit_code == 0
    copy = tmp_path / "copy.db"
    result = run(runner, "import", first, "--db", copy)
    assert result.exit_code == 0 and "12 new" in result.output
    assert run(runner, "export", second, "--db", copy, "--signature", "sig-1").exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert b"<p>sig-1</p>" in first.read_bytes()


def test_export_filters_status_and_sets_language_tags(runner, db, tmp_path):
    path = tmp_path / "approved.tbx"
    result = run(runner, "export", path, "--db", db, "--status", "approved", "--lang-tag", "zh=zh-CN")
    assert result.exit_code == 0 and "wrote 3 entries" in result.output
    text = path.read_text(encoding="utf-8")
    assert 'xml:lang="zh-CN"' in text and "triglot:" in text  # default signature: the version
    assert run(runner, "export", path, "--db", db, "--lang-tag", "zh").exit_code == 2


def test_export_csv(runner, db, tmp_path):
    path = tmp_path / "g.csv"
    assert run(runner, "export", path, "--db", db).exit_code == 0
    assert path.read_text(encoding="utf-8").startswith("id,zh,fr,en,status,")


def test_import_of_a_broken_tbx_names_the_line_and_imports_nothing(runner, db, tmp_path):
    bad = tmp_path / "bad.tbx"
    bad.write_text('<?xml version="1.0"?>\n<tbx xmlns="urn:iso:std:iso:30042:ed-2">\n<text>\n'
                   '<body><conceptEntry id="x">\n</body></text></tbx>\n', encoding="utf-8")
    result = run(runner, "import", bad, "--db", db)
    assert result.exit_code == 1
    assert "bad.tbx, line 5" in result.output
    with GlossaryStore(db) as store:
        assert store.count() == 12


def test_import_keeps_approved_entries_unless_overwrite(runner, db, tmp_path):
    sheet = tmp_path / "review.tsv"
    sheet.write_text("zh\tfr\ten\tstatus\n人工智能\tintelligence artificielle\tartificial intelligence"
                     "\trejected\n", encoding="utf-8")
    assert "1 kept" in run(runner, "import", sheet, "--db", db).output
    with GlossaryStore(db) as store:
        assert store.find_exact("人工智能")[0].status == "approved"
    assert "1 updated" in run(runner, "import", sheet, "--db", db, "--overwrite").output
    with GlossaryStore(db) as store:
        assert store.find_exact("人工智能")[0].status == "rejected"


def test_unknown_status_option_is_a_usage_error(runner, db):
    result = run(runner, "search", "data", "--db", db, "--status", "done")
    assert result.exit_code == 2 and "unknown status" in result.output


def test_export_can_leave_out_weak_candidates_but_keeps_approved_entries(runner, db, tmp_path):
    path = tmp_path / "strong.tsv"
    result = run(runner, "export", path, "--db", db, "--min-confidence", "0.9")
    assert result.exit_code == 0, result.output
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    assert any("\tinteroperability\tcandidate\t0.9100\t" in r for r in rows)  # ≥ 0.9
    assert not any("\tdigital divide\t" in r for r in rows)  # a candidate at 0.88
    assert run(runner, "export", path, "--db", db, "--min-confidence", "0.96").exit_code == 0
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    assert any("\tdeveloping countries\tapproved\t0.9300\t" in r for r in rows)  # approved, below
    assert not any("\tcandidate\t" in r for r in rows)
    assert run(runner, "export", path, "--db", db, "--min-confidence", "1.5").exit_code == 2
