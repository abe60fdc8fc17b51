"""The SQLite glossary: identity, the never-overwrite rule, transactions."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from align.errors import BadInputError, UsageError
from glossary.models import Context, TermEntry
from glossary.store import GlossaryStore
from glossary.tabular import read_table

FIXTURES = Path(__file__).parent / "fixtures" / "glossary"
REPO = Path(__file__).resolve().parents[1]


def seed_entries() -> tuple[TermEntry, ...]:
    return read_table(FIXTURES / "seed-termbase.tsv").entries


@pytest.fixture
def store(tmp_path):
    with GlossaryStore(tmp_path / "glossary.db", create=True) as opened:
        opened.import_entries(seed_entries())
        yield opened


def candidate(zh, fr, en, confidence=0.5, **kw) -> TermEntry:
    return TermEntry(terms={"zh": zh, "fr": fr, "en": en}, confidence=confidence, **kw)


def by_zh(store, zh) -> TermEntry:
    (entry,) = [e for e in store.entries() if e.terms.get("zh") == zh]
    return entry


def test_seed_termbase_holds_the_six_sample_entries_with_exact_forms(store):
    sample = (FIXTURES / "terms-sample.tsv").read_text(encoding="utf-8").splitlines()[1:]
    stored = {tuple(e.terms.get(lang) for lang in ("zh", "fr", "en")) for e in store.entries()}
    for line in sample:
        assert tuple(line.split("\t")) in stored
    assert store.count() == 12


def test_entries_round_trip_through_the_database_unchanged(tmp_path):
    entry = TermEntry(
        terms={"zh": "互操作性", "fr": "interopérabilité", "en": "interoperability", "es": "interoperabilidad"},
        variants={"en": ("interoperation",)}, status="approved", confidence=0.8731, frequency=4,
        contexts=(Context(texts={"zh": "促进互操作性。", "fr": "favoriser l'interopérabilité.", "en": "promote interoperability."},
                          segment_ids={"zh": (3, 4), "fr": (3,), "en": (3,)}),
                  Context(texts={"zh": "第二例。", "en": "second example."})),
        source="ai-governance-2024", note="checked by hand")
    with GlossaryStore(tmp_path / "g.db", create=True) as store:
        store.import_entries([entry])
        (back,) = store.entries()
    assert replace(back, entry_id="") == entry
    assert back.entry_id.startswith("t")


def test_merge_candidates_never_overwrites_approved_or_rejected_entries(store):
    approved = by_zh(store, "人工智能")
    rejected = by_zh(store, "可持续发展")
    report = store.merge_candidates([
        candidate("人工智能", "intelligence artificielle", "artificial intelligence", 0.1,
                  note="re-run", frequency=1, variants={"en": ("A.I.",)}),
        candidate("可持续发展", "développement durable", "sustainable development", 0.99),
    ])
    assert set(report.kept_decided) == {approved.entry_id, rejected.entry_id}
    assert report.inserted == report.updated == ()
    assert store.get(approved.entry_id) == approved
    assert store.get(rejected.entry_id) == rejected


def test_identity_ignores_case_width_and_chinese_script_but_not_other_terms(store):
    approved = by_zh(store, "发展中国家")
    report = store.merge_candidates([
        # Traditional script, other case, full-width letters: the same entry, kept as approved
        candidate("發展中國家", "Pays en Développement", "ＤＥＶＥＬＯＰＩＮＧ countries"),
        # a different English term: a different entry, proposed as a new candidate
        candidate("发展中国家", "pays en développement", "developing nations"),
    ])
    assert report.kept_decided == (approved.entry_id,)
    assert len(report.inserted) == 1
    assert store.get(approved.entry_id) == approved
    assert store.get(report.inserted[0]).terms["en"] == "developing nations"


def test_traditional_form_of_an_approved_entry_is_kept_not_duplicated(store):
    approved = by_zh(store, "数字鸿沟")
    store.set_status([approved.entry_id], "approved")
    report = store.merge_candidates([candidate("數字鴻溝", "fracture numérique", "digital divide")])
    assert report.kept_decided == (approved.entry_id,)
    assert store.count() == 12


def test_merge_candidates_refreshes_an_existing_candidate_and_keeps_its_note(store):
    old = by_zh(store, "公共利益")
    ctx = Context(texts={"zh": "公共利益。", "fr": "l'intérêt général.", "en": "the public interest."},
                  segment_ids={"zh": (7,), "fr": (7,), "en": (7,)})
    report = store.merge_candidates([candidate("公共利益", "intérêt général", "public interest", 0.91,
                                               frequency=5, contexts=(ctx,))])
    assert report.updated == (old.entry_id,)
    new = store.get(old.entry_id)
    assert (new.confidence, new.frequency, new.contexts) == (0.91, 5, (ctx,))
    assert new.status == "candidate"
    assert new.note == old.note  # a human note on a candidate survives the re-run


def test_merge_candidates_inserts_new_entries_as_candidates_with_stable_ids(tmp_path):
    entries = [candidate("数据安全", "sécurité des données", "data security", status="approved"),
               candidate("算法", "algorithme", "algorithm")]
    ids = []
    for name, order in (("a.db", entries), ("b.db", entries[::-1])):
        with GlossaryStore(tmp_path / name, create=True) as store:
            report = store.merge_candidates(order)
            assert len(report.inserted) == 2
            assert {e.status for e in store.entries()} == {"candidate"}
            ids.append(sorted(report.inserted))
    assert ids[0] == ids[1]  # ids derive from the entry, not from insertion order


def test_merge_candidates_keeps_the_most_confident_duplicate_of_a_batch(tmp_path):
    with GlossaryStore(tmp_path / "g.db", create=True) as store:
        store.merge_candidates([candidate("算法", "algorithme", "algorithm", 0.3),
                                candidate("算法", "Algorithme", "algorithm", 0.8),
                                candidate("算法", "algorithme", "Algorithm", 0.5)])
        (entry,) = store.entries()
    assert entry.confidence == 0.8 and entry.terms["fr"] == "Algorithme"


def test_prune_source_removes_only_stale_candidates_of_that_source(store):
    kept = by_zh(store, "互操作性")
    report = store.merge_candidates([candidate("互操作性", "interopérabilité", "interoperability", 0.9,
                                               source="ai-governance-2024")],
                                    prune_source="ai-governance-2024")
    remaining = {e.terms["zh"]: e.status for e in store.entries()}
    # candidates of this source not in the batch are gone, decided ones and other sources stay
    assert "数字鸿沟" not in remaining and "全球治理" not in remaining
    assert remaining["人工智能"] == "approved" and remaining["个人信息"] == "candidate"
    assert kept.entry_id in report.updated and len(report.removed) == 6


def test_a_failing_import_rolls_back_the_whole_batch(store, monkeypatch):
    before = store.entries()
    calls = {"n": 0}
    real_write = GlossaryStore._write

    def failing_write(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full (simulated)")
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(GlossaryStore, "_write", failing_write)
    batch = [candidate(f"术语{i}", f"terme {i}", f"term {i}") for i in range(5)]
    with pytest.raises(OSError):
        store.merge_candidates(batch)
    assert calls["n"] == 3
    assert store.entries() == before


def test_a_crash_mid_import_keeps_earlier_commits_and_nothing_of_the_import(tmp_path):
    db = tmp_path / "crash.db"
    script = textwrap.dedent(f"""
        import os
        from glossary.models import TermEntry
        from glossary.store import GlossaryStore
        store = GlossaryStore({str(db)!r}, create=True)
        store.merge_candidates([TermEntry(terms={{"zh": "人工智能", "en": "artificial intelligence"}})])
        real_write, calls = GlossaryStore._write, []
        def dying_write(self, *args, **kwargs):
            calls.append(1)
            if len(calls) == 4:
                os._exit(3)  # the process dies without cleanup, mid-transaction
            return real_write(self, *args, **kwargs)
        GlossaryStore._write = dying_write
        store.merge_candidates([TermEntry(terms={{"zh": f"术语{{i}}", "en": f"term {{i}}"}})
                                for i in range(10)])
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert done.returncode == 3, done.stderr
    with GlossaryStore(db) as store:
        assert [e.terms["zh"] for e in store.entries()] == ["人工智能"]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_import_keeps_decided_entries_unless_told_to_overwrite(store):
    approved = by_zh(store, "人工智能")
    changed = replace(approved, status="rejected", note="from a reviewer's file", entry_id="")
    report = store.import_entries([changed])
    assert report.kept_decided == (approved.entry_id,)
    assert store.get(approved.entry_id).status == "approved"
    report = store.import_entries([changed], overwrite_decided=True)
    assert report.updated == (approved.entry_id,)
    assert store.get(approved.entry_id).status == "rejected"


def test_import_refuses_the_same_entry_twice_in_one_file(tmp_path):
    with GlossaryStore(tmp_path / "g.db", create=True) as store:
        with pytest.raises(BadInputError, match="twice"):
            store.import_entries([candidate("算法", "algorithme", "algorithm"),
                                  candidate("算法", "Algorithme", "algorithm")])
        assert store.count() == 0


def test_add_approves_an_existing_candidate_and_refuses_a_decided_duplicate(store):
    old = by_zh(store, "互操作性")
    saved = store.add(TermEntry(terms=dict(old.terms), status="approved", note="ok"))
    assert saved.entry_id == old.entry_id and saved.status == "approved"
    with pytest.raises(UsageError, match="already in the glossary"):
        store.add(TermEntry(terms=dict(old.terms), status="rejected"))


def test_set_status_is_all_or_nothing(store):
    entry = by_zh(store, "互操作性")
    with pytest.raises(UsageError, match="no glossary entry"):
        store.set_status([entry.entry_id, "no-such-id"], "approved")
    assert store.get(entry.entry_id).status == "candidate"


def test_resolve_names_ambiguous_terms(store):
    store.merge_candidates([candidate("数据", "données", "data"), candidate("数据", "data", "data")])
    with pytest.raises(UsageError, match="names 2 entries"):
        store.resolve("data")
    assert store.resolve("interopérabilité").terms["zh"] == "互操作性"


def test_opening_a_missing_glossary_says_how_to_build_one(tmp_path):
    with pytest.raises(BadInputError, match="no glossary here"):
        GlossaryStore(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()


def test_opening_a_foreign_file_is_refused(tmp_path):
    text = tmp_path / "notes.db"
    text.write_text("not a database at all, just text\n" * 100)
    with pytest.raises(BadInputError, match="not a glossary database"):
        GlossaryStore(text)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(BadInputError, match="not a triglot glossary"):
        GlossaryStore(other)


def test_entry_validation_rejects_bad_values():
    with pytest.raises(BadInputError, match="status"):
        TermEntry(terms={"en": "x"}, status="done")
    with pytest.raises(BadInputError, match="confidence"):
        TermEntry(terms={"en": "x"}, confidence=1.5)
    with pytest.raises(BadInputError, match="at least one language"):
        TermEntry(terms={"en": "  "})


def test_a_glossary_of_schema_1_gains_a_definition_and_a_domain(tmp_path):
    """A glossary written before entries had a definition and a domain opens, upgraded in place."""
    import sqlite3

    from glossary.models import TermEntry
    from glossary.store import GlossaryStore

    path = tmp_path / "old.db"
    with GlossaryStore(path, create=True) as store:
        store.add(TermEntry({"zh": "人工智能", "en": "artificial intelligence"}, note="kept"))
    # make it look like a version-1 file: no columns, version 1
    _as_older_schema(path, 1, "ALTER TABLE entries DROP COLUMN definition",
                     "ALTER TABLE entries DROP COLUMN domain", "DROP TABLE occurrences")
    with GlossaryStore(path) as store:
        (entry,) = store.entries()
        assert (entry.note, entry.definition, entry.domain) == ("kept", "", "")
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version == 1  # reading never upgrades: an older triglot can still open it
    with GlossaryStore(path) as store:
        saved = store.update(entry.__class__(**{**entry.__dict__, "definition": "Machines that learn.",
                                                "domain": "computing"}))
        assert (saved.definition, saved.domain) == ("Machines that learn.", "computing")
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 3


def test_a_glossary_of_schema_2_gains_frequencies_by_document(tmp_path):
    """A glossary written before frequencies were kept by document reads as it is; the first
    merge of a document's candidates upgrades it and records them."""
    import sqlite3

    from glossary.models import TermEntry
    from glossary.store import GlossaryStore

    path = tmp_path / "old.db"
    with GlossaryStore(path, create=True) as store:
        store.merge_candidates([TermEntry({"zh": "人工智能", "en": "artificial intelligence"}, frequency=4,
                                          source="a")])
    _as_older_schema(path, 2, "DROP TABLE occurrences")
    with GlossaryStore(path) as store:
        (entry,) = store.entries()
        assert (entry.frequency, entry.occurrences) == (4, {})
    with GlossaryStore(path) as store:
        store.merge_candidates([TermEntry({"zh": "人工智能", "en": "artificial intelligence"}, frequency=2)],
                               prune_source="b")
        (entry,) = store.entries()
        assert (entry.frequency, entry.occurrences) == (2, {"b": 2})
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 3


def test_frequencies_by_document_add_up_and_go_with_their_document(tmp_path):
    from glossary.models import TermEntry
    from glossary.store import GlossaryStore

    ai = {"zh": "人工智能", "fr": "intelligence artificielle", "en": "artificial intelligence"}
    gov = {"zh": "全球治理", "fr": "gouvernance mondiale", "en": "global governance"}
    with GlossaryStore(tmp_path / "g.db", create=True) as store:
        store.merge_candidates([TermEntry(ai, frequency=3, source="a"), TermEntry(gov, frequency=1, source="a")],
                               prune_source="a")
        store.merge_candidates([TermEntry(ai, frequency=2, source="b")], prune_source="b")
        by_zh = {e.terms["zh"]: e for e in store.entries()}
        assert (by_zh["人工智能"].frequency, by_zh["人工智能"].occurrences) == (5, {"a": 3, "b": 2})
        assert by_zh["全球治理"].occurrences == {"a": 1}
        store.set_status([by_zh["人工智能"].entry_id], "approved")
        # a rerun of a: it no longer has 全球治理 (gone, found nowhere else) and has 人工智能 once
        store.merge_candidates([TermEntry(ai, frequency=1, source="a")], prune_source="a")
        by_zh = {e.terms["zh"]: e for e in store.entries()}
        assert sorted(by_zh) == ["人工智能"]
        assert (by_zh["人工智能"].status, by_zh["人工智能"].frequency) == ("approved", 3)
        assert by_zh["人工智能"].occurrences == {"a": 1, "b": 2}
        # b drops it: the approved entry stays, with a's frequency only
        store.merge_candidates([], prune_source="b")
        (entry,) = store.entries()
        assert (entry.status, entry.frequency, entry.occurrences) == ("approved", 1, {"a": 1})


def test_an_entry_of_several_documents_reads_as_the_first_has_it_whatever_the_merge_order(tmp_path):
    from glossary.models import Context, TermEntry
    from glossary.store import GlossaryStore

    terms = {"zh": "人工智能", "fr": "intelligence artificielle", "en": "artificial intelligence"}
    a = TermEntry(terms, confidence=0.7, frequency=2, source="a", contexts=(Context({"zh": "甲。"}),))
    b = TermEntry(terms, variants={"en": ("AI",)}, confidence=0.9, frequency=1, source="b",
                  contexts=(Context({"zh": "乙。"}),))
    results = []
    for order in ((a, b), (b, a), (a, b, a, b)):
        with GlossaryStore(tmp_path / f"g{len(results)}.db", create=True) as store:
            for entry in order:
                store.merge_candidates([entry], prune_source=entry.source)
            results.append(store.entries())
    assert results[0] == results[1] == results[2]
    (entry,) = results[0]
    assert (entry.source, entry.confidence, entry.contexts[0].texts["zh"]) == ("a", 0.7, "甲。")
    assert (entry.frequency, entry.occurrences) == (3, {"a": 2, "b": 1})


def test_a_vetted_entry_keeps_its_source_and_an_import_never_rewrites_frequencies_by_document(tmp_path):
    from glossary.models import TermEntry
    from glossary.store import GlossaryStore

    terms = {"zh": "人工智能", "en": "artificial intelligence"}
    with GlossaryStore(tmp_path / "g.db", create=True) as store:
        store.import_entries([TermEntry(terms, status="approved", frequency=7, source="client.tbx")])
        store.merge_candidates([TermEntry(terms, frequency=2, source="doc-a")], prune_source="doc-a")
        (entry,) = store.entries()
        assert (entry.status, entry.source, entry.frequency, entry.occurrences) == \
            ("approved", "client.tbx", 2, {"doc-a": 2})
        # an old export imported again brings back no frequencies of its own
        store.import_entries([TermEntry(terms, status="approved", frequency=9, source="client.tbx",
                                        occurrences={"doc-z": 9}, entry_id=entry.entry_id)],
                             overwrite_decided=True)
        (entry,) = store.entries()
        assert (entry.frequency, entry.occurrences) == (2, {"doc-a": 2})
        store.merge_candidates([], prune_source="doc-a")  # the document no longer has it
        (entry,) = store.entries()
        assert (entry.status, entry.source, entry.frequency, entry.occurrences) == ("approved", "client.tbx", 0, {})


def _as_older_schema(path, version: int, *statements: str) -> None:
    """Rewrite a glossary file as an older triglot wrote it: ``statements``, then its version."""
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
