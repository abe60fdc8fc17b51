"""CSV/TSV with one column per language: round trip, spreadsheets' files, bad rows."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from align.errors import BadInputError, UsageError
from glossary.exchange import detect_format, export_glossary, import_glossary
from glossary.models import Context, TermEntry
from glossary.store import GlossaryStore
from glossary.tabular import parse_table, read_table, table_text

FIXTURES = Path(__file__).parent / "fixtures" / "glossary"


@pytest.fixture
def store(tmp_path):
    with GlossaryStore(tmp_path / "glossary.db", create=True) as opened:
        opened.import_entries(read_table(FIXTURES / "seed-termbase.tsv").entries)
        opened.import_entries([TermEntry(
            terms={"zh": "数据安全", "fr": 'sécurité "des" données, etc.', "en": "data\tsecurity"},
            variants={"en": ("security of data", "data safety")}, status="approved",
            confidence=0.5, frequency=3, note="two\nlines",
            contexts=(Context(texts={"fr": "Un exemple, avec virgule."}),))])
        yield opened


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_export_import_export_is_byte_identical(store, tmp_path, suffix):
    first, second = tmp_path / f"first{suffix}", tmp_path / f"second{suffix}"
    export_glossary(store, first)
    with GlossaryStore(tmp_path / f"copy{suffix}.db", create=True) as copy:
        result = import_glossary(copy, first)
        assert len(result.report.inserted) == store.count()
        export_glossary(copy, second)
        assert [e.terms for e in copy.entries()] == [e.terms for e in store.entries()]
        assert [e.status for e in copy.entries()] == [e.status for e in store.entries()]
    assert first.read_bytes() == second.read_bytes()


def test_one_column_per_language_and_the_documented_header(store):
    lines = table_text(store.entries()).splitlines()
    assert lines[0].split("\t") == [
        "id", "zh", "fr", "en", "status", "confidence", "frequency", "source", "note", "definition", "domain",
        "zh variants", "fr variants", "en variants", "zh context", "fr context", "en context", "documents"]
    row = next(line for line in lines if "互操作性" in line).split("\t")
    assert row[1:5] == ["互操作性", "interopérabilité", "interoperability", "candidate"]


def test_the_corpus_term_sample_imports_as_it_is(tmp_path):
    with GlossaryStore(tmp_path / "g.db", create=True) as store:
        result = import_glossary(store, FIXTURES / "terms-sample.tsv")
        assert len(result.report.inserted) == 6
        assert store.find_exact("Charte des Nations unies")[0].terms == {
            "zh": "联合国宪章", "fr": "Charte des Nations unies", "en": "Charter of the United Nations"}
        assert {e.status for e in store.entries()} == {"candidate"}


def test_spreadsheet_files_with_bom_crlf_tags_and_default_status(tmp_path):
    path = tmp_path / "from-excel.csv"
    path.write_bytes(codecs.BOM_UTF8 + "zh-Hans,fr-FR,en-GB\r\n互操作性,interopérabilité,interoperability\r\n"
                     "\r\n数字鸿沟,fracture numérique,digital divide\r\n".encode("utf-8"))
    with GlossaryStore(tmp_path / "g.db", create=True) as store:
        import_glossary(store, path, default_status="approved")
        entries = store.entries()
    assert [e.terms["fr"] for e in entries] == ["interopérabilité", "fracture numérique"]
    assert {e.status for e in entries} == {"approved"}


def test_variants_split_on_the_bar_and_a_missing_language_is_allowed():
    table = parse_table("zh\ten\ten variants\n人工智能\tartificial intelligence\tAI | A.I.\n"
                        "\tgovernance\t\n")
    first, second = table.entries
    assert first.variants == {"en": ("AI", "A.I.")}
    assert second.terms == {"en": "governance"}


@pytest.mark.parametrize("text, line, words", [
    ("zh\tfr\n人工智能\tIA\textra\n", 2, "3 fields"),
    ("zh\tfr\tstatus\n人工智能\tIA\tok\n", 2, "unknown status"),
    ("zh\tfr\tconfidence\n人工智能\tIA\thigh\n", 2, "not a number"),
    ("zh\tfr\n人工智能\tIA\n\n\t\n互操作性\tinteropérabilité\tx\n", 5, "3 fields"),
    ("zh\tterme\n人工智能\tIA\n", 1, "unknown column 'terme'"),
    ("zh,fr,en\n", 1, "use --format csv"),
    ("status\tnote\napproved\tx\n", 1, "no language column"),
    ("zh\tzh\n", 1, "appears twice"),
])
def test_bad_rows_name_their_line(text, line, words):
    with pytest.raises(BadInputError) as caught:
        parse_table(text, "t.tsv")
    assert f"t.tsv, line {line}" in str(caught.value)
    assert words in str(caught.value)


def test_a_bad_row_imports_nothing_of_the_file(store, tmp_path):
    path = tmp_path / "half.tsv"
    path.write_text("zh\tfr\tstatus\n算法\talgorithme\tapproved\n模型\tmodèle\tmaybe\n", encoding="utf-8")
    before = store.entries()
    with pytest.raises(BadInputError, match="half.tsv, line 3"):
        import_glossary(store, path)
    assert store.entries() == before


def test_format_follows_the_file_name_or_the_option(tmp_path):
    assert detect_format("a.TBX") == "tbx" and detect_format("a.csv") == "csv"
    assert detect_format("a.tsv") == "tsv" and detect_format("a.dat", "tsv") == "tsv"
    with pytest.raises(UsageError, match="--format"):
        detect_format("a.dat")
    with pytest.raises(UsageError, match="unknown format"):
        detect_format("a.tsv", "xlsx")


@pytest.mark.parametrize("header, langs", [
    ("Chinese,English", ["zh", "en"]), ("中文,Français,English", ["zh", "fr", "en"]),
    ("zh-CN,fr-FR,en-GB", ["zh", "fr", "en"]), ("Simplified Chinese,anglais", ["zh", "en"]),
    ("中文（简体）,英语", ["zh", "en"]),
])
def test_headers_people_write_name_the_languages(header, langs):
    from glossary.tabular import parse_table

    row = ",".join(["人工智能", "intelligence artificielle", "AI"][:len(langs)] if len(langs) == 3
                   else ["人工智能", "AI"])
    table = parse_table(f"{header}\n{row}\n", delimiter=",")
    assert list(table.languages) == langs


def test_an_import_merges_rows_into_the_entry_of_the_same_chinese_term(tmp_path):
    from glossary.exchange import import_into
    from glossary.store import GlossaryStore

    db = tmp_path / "g.db"
    with GlossaryStore(db, create=True) as store:
        store.import_entries([TermEntry({"zh": "人工智能", "fr": "intelligence artificielle",
                                         "en": "artificial intelligence"})])
        store.add(TermEntry({"zh": "治理", "en": "governance"}, status="candidate"))  # two concepts
        store.add(TermEntry({"zh": "治理", "en": "pollution control"}, status="candidate"))
    sheet = tmp_path / "terms.csv"
    sheet.write_text("Chinese,English,note\n人工智能,AI,short form\n數字鴻溝,digital divide,\n治理,steering,\n",
                     encoding="utf-8")
    result = import_into(db, sheet)
    assert len(result.report.merged) == 1 and result.report.new_forms == 1
    assert "1 merged into entries of the same concept (1 new form(s)" in result.report.summary()
    with GlossaryStore(db) as store:
        (ai,) = store.find_exact("人工智能")
        assert ai.variants == {"en": ("AI",)} and ai.note == "short form"
        assert len(store.find_exact("人工智能")) == 1
        # 治理 is two entries already: the row is a third, not merged into either
        assert len([e for e in store.entries() if e.terms.get("zh") == "治理"]) == 3
        assert store.find_exact("数字鸿沟")  # a new concept, Traditional script folded


def _import(tmp_path, db, text, **kw):
    from glossary.exchange import import_into

    sheet = tmp_path / "rows.csv"
    sheet.write_text(text, encoding="utf-8")
    return import_into(db, sheet, **kw)


def test_an_import_never_merges_a_rejected_row_another_domain_or_one_language_without_chinese(tmp_path):
    from glossary.store import GlossaryStore

    db = tmp_path / "g.db"
    with GlossaryStore(db, create=True) as store:
        store.add(TermEntry({"zh": "人工智能", "en": "artificial intelligence"}, status="candidate", note="line one"))
        store.add(TermEntry({"zh": "保险", "en": "insurance"}, status="candidate", domain="finance"))
        store.add(TermEntry({"zh": "电荷", "fr": "charge", "en": "electric charge"}, status="candidate"))
    _import(tmp_path, db, "zh,en,status,note\n人工智能,artificial intelligent,rejected,bad English\n")
    _import(tmp_path, db, "zh,en,domain\n保险,safety catch,firearms\n")
    _import(tmp_path, db, "en,fr,domain\naccusation,charge,law\n")
    with GlossaryStore(db) as store:
        (ai,) = [e for e in store.find_exact("人工智能") if e.terms.get("en") == "artificial intelligence"]
        assert ai.status == "candidate" and ai.note == "line one" and not ai.variants
        insurance = [e for e in store.entries() if e.terms.get("zh") == "保险"]
        assert sorted(e.domain for e in insurance) == ["finance", "firearms"]
        (charge,) = [e for e in store.entries() if e.terms.get("zh") == "电荷"]
        assert charge.variants == {}


def test_a_merge_keeps_the_entrys_status_note_and_domain_and_a_row_with_its_id_corrects_it(tmp_path):
    from glossary.store import GlossaryStore

    db = tmp_path / "g.db"
    with GlossaryStore(db, create=True) as store:
        bank = store.add(TermEntry({"zh": "银行", "en": "bank"}, status="approved", note="house style", domain="finance"))
        typo = store.add(TermEntry({"zh": "人工智能", "en": "artifical intelligence"}, status="candidate"))
    _import(tmp_path, db, "zh,en,note\n银行,banking institution,\n", overwrite_decided=True)
    _import(tmp_path, db, f"id,zh,en\n{typo.entry_id},人工智能,artificial intelligence\n", overwrite_decided=True)
    with GlossaryStore(db) as store:
        bank_after = store.get(bank.entry_id)
        assert bank_after.status == "approved" and bank_after.note == "house style"
        assert bank_after.variants == {"en": ("banking institution",)} and bank_after.domain == "finance"
        fixed = store.get(typo.entry_id)
        assert fixed.terms["en"] == "artificial intelligence" and fixed.variants == {}


def test_named_variant_and_context_columns_and_a_traditional_column_beside_the_simplified_one():
    from glossary.tabular import parse_table

    table = parse_table("Simplified Chinese,Traditional Chinese,English,English variants,Chinese context\n"
                        "人工智能,人工智慧,artificial intelligence,AI,关于人工智能的声明\n", delimiter=",")
    (entry,) = table.entries
    assert entry.terms == {"zh": "人工智能", "en": "artificial intelligence"}
    assert entry.variants == {"zh": ("人工智慧",), "en": ("AI",)}
    assert entry.contexts[0].texts == {"zh": "关于人工智能的声明"}


def test_frequencies_by_document_go_out_and_come_back():
    from glossary.models import TermEntry
    from glossary.tabular import parse_table, table_text

    entry = TermEntry({"zh": "人工智能", "en": "artificial intelligence"}, frequency=4,
                      occurrences={"b (2024)": 1, "a": 3})
    text = table_text([entry])
    assert text.splitlines()[1].endswith("\ta (3); b (2024) (1)")
    (back,) = parse_table(text).entries
    assert back.occurrences == {"a": 3, "b (2024)": 1}
    import pytest

    from align.errors import BadInputError

    with pytest.raises(BadInputError, match="not 'document \\(frequency\\)'"):
        parse_table("zh\tdocuments\n人工智能\ta, b\n")


def test_a_term_of_thousands_of_documents_lists_the_first_hundred_in_its_cell():
    from glossary.models import TermEntry
    from glossary.tabular import parse_table, table_text

    entry = TermEntry({"zh": "人工智能"}, occurrences={f"doc-{n:05d}": 1 for n in range(5000)})
    cell = table_text([entry]).splitlines()[1].rsplit("\t", 1)[1]
    assert cell.endswith("doc-00099 (1); … 4900 more") and len(cell) < 2000
    (back,) = parse_table(table_text([entry])).entries
    assert len(back.occurrences) == 100
