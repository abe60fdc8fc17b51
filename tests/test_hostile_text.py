"""Clean text in, clean text out (issue 14): control characters are removed at ingest with a
warning and never stored, spreadsheets get no formulas, Markdown runs no HTML, the terminal
gets no escape sequences, and messages print file names literally."""
from __future__ import annotations

import json
import math
import os
import stat
from pathlib import Path

import pytest
from lxml import etree
from support.alignments import alignment_from_rows
from typer.testing import CliRunner

from align.cli import app
from align.formats.base import format_score
from align.ingest import normalise_controls
from align.lang.script import CONTROL_RE, remove_controls
from align.report.markdown import render_markdown
from align.segment import segment_text
from align.textio import spreadsheet_cell, spreadsheet_text
from glossary.cli import app as glossary_app
from glossary.store import GlossaryStore

runner = CliRunner()

ZH = "中法两国认识到人工智能的关键作用。\n两国元首重申在2024年5月6日加强合作。\n"
FR = "La Chine et la France reconnaissent le rôle clé de l'intelligence\x07 artificielle.\n" \
     "Les deux chefs d'État réaffirment le 6 mai 2024 leur\x1c1. coopération.\n"
EN = "China and France recognise the key role of artificial intelligence.\n" \
     "The two Heads of State reaffirm their cooperation on 6 May 2024.\x1b[31m\n"


def test_controls_are_removed_and_each_one_named():
    text, issues = normalise_controls("ab\x07c\nd\x1c1.\x7f")
    assert text == "abc\nd1."
    assert [(i.line, i.column, i.text) for i in issues] == [(1, 3, "U+0007"), (2, 2, "U+001C"), (2, 5, "U+007F")]
    assert remove_controls("page\x0cnext\x0bline") == "page\nnext\nline"
    assert remove_controls("tab\tand\nnewline") == "tab\tand\nnewline"


def test_the_segmenter_survives_what_crashed_pysbd():
    sentences = segment_text("Le texte\x1c1. Une phrase. Autre\x07 phrase.", "fr").texts
    assert sentences == ["Le texte1.", "Une phrase.", "Autre phrase."]


def test_segment_command_warns_and_writes_clean_sentences(tmp_path):
    path = tmp_path / "fr.txt"
    path.write_text(FR, encoding="utf-8")
    result = runner.invoke(app, ["segment", str(path), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert "control character U+0007 removed" in result.stderr
    assert not CONTROL_RE.search(result.stdout)


def test_a_run_over_texts_with_controls_stores_none_and_exports_valid_tbx(tmp_path):
    texts = tmp_path / "texts"
    for lang, text in (("zh", ZH), ("fr", FR), ("en", EN)):
        (texts / lang).mkdir(parents=True)
        (texts / lang / "doc.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(texts), "--out", str(out), "--no-mt"])
    assert result.exit_code == 0, result.output
    assert "control character U+001B removed" in result.stderr
    assert "\x1b" not in result.stderr  # the warning names it, never sends it
    for path in out.rglob("*"):
        if path.is_file() and path.suffix not in (".db", ".xlsx"):
            assert not CONTROL_RE.search(path.read_text(encoding="utf-8")), path
    from openpyxl import load_workbook

    for path in out.rglob("*.xlsx"):  # a zip: its cells, as a spreadsheet reads them
        cells = [c.value for row in load_workbook(path).active.iter_rows() for c in row if isinstance(c.value, str)]
        assert cells and not any(CONTROL_RE.search(c) for c in cells), path
    etree.parse(str(out / "glossary.tbx"))  # lxml refused the controls before: now well formed
    with GlossaryStore(out / "glossary.db") as store:
        assert not any(CONTROL_RE.search(t) for e in store.entries() for t in e.terms.values())


def test_glossary_refuses_a_term_holding_an_escape_sequence(tmp_path):
    db = tmp_path / "glossary.db"
    result = runner.invoke(glossary_app, ["add", "--zh", "人工智能", "--en", "\x1b[31mAI", "--db", str(db)])
    assert result.exit_code == 1
    assert "control character U+001B" in result.output and "\x1b" not in result.output


def test_glossary_import_with_a_control_character_changes_nothing(tmp_path):
    db = tmp_path / "glossary.db"
    assert runner.invoke(glossary_app, ["add", "--zh", "人工智能", "--en", "AI", "--db", str(db)]).exit_code == 0
    bad = tmp_path / "bad.tsv"
    bad.write_text("zh\ten\n互操作性\tinter\x07operability\n", encoding="utf-8")
    result = runner.invoke(glossary_app, ["import", str(bad), "--db", str(db)])
    assert result.exit_code == 1 and "U+0007" in result.output
    with GlossaryStore(db) as store:
        assert [e.terms["zh"] for e in store.entries()] == ["人工智能"]


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tx"])
def test_spreadsheet_cells_never_start_a_formula_and_read_back(cell):
    written = spreadsheet_cell(cell)
    assert written.startswith("'") and spreadsheet_text(written) == cell


@pytest.mark.parametrize("cell", ["-3", "+4.5", "0.9512", "intelligence artificielle", "中法"])
def test_plain_cells_are_left_alone(cell):
    assert spreadsheet_cell(cell) == cell == spreadsheet_text(cell)


def test_a_formula_term_round_trips_through_a_csv_export(tmp_path):
    db = tmp_path / "glossary.db"
    formula = '=HYPERLINK("http://evil","clique")'
    assert runner.invoke(glossary_app, ["add", "--zh", "链接", "--fr", formula, "--db", str(db)]).exit_code == 0
    csv_path = tmp_path / "terms.csv"
    assert runner.invoke(glossary_app, ["export", str(csv_path), "--db", str(db)]).exit_code == 0
    assert "'=HYPERLINK" in csv_path.read_text(encoding="utf-8")
    again = tmp_path / "again.db"
    assert runner.invoke(glossary_app, ["import", str(csv_path), "--db", str(again)]).exit_code == 0
    with GlossaryStore(again) as store:
        assert [e.terms["fr"] for e in store.entries()] == [formula]


def test_markdown_report_shows_html_and_runs_none():
    result_md = render_markdown(_checked([{"zh": "<script>alert(1)</script>2025年", "fr": "en 2026 <b>gras</b>",
                                           "en": "in 2025 | [x](javascript:y)"}]))
    assert "<script>" not in result_md and "&lt;script&gt;" in result_md
    assert "<b>" not in result_md and "\\[x\\](javascript:y)" in result_md


def _checked(rows):
    from align.checks import run_checks

    return run_checks(alignment_from_rows(rows), engines=None)


def test_a_score_that_is_no_number_is_left_out():
    assert format_score(math.nan) == "" and format_score(math.inf) == "" and format_score(0.5) == "0.5000"


def test_messages_print_file_names_literally(tmp_path):
    missing = tmp_path / "[bold]notes\x07.txt"
    result = runner.invoke(app, ["segment", str(missing), "--lang", "fr"])
    assert result.exit_code == 1
    assert "[bold]notes\\x07.txt: file not found" in result.stderr


def test_check_reports_hold_no_control_characters(tmp_path):
    out = tmp_path / "out"
    files = []
    for lang, text in (("zh", ZH), ("fr", FR)):
        path = tmp_path / f"{lang}.txt"
        path.write_text(text, encoding="utf-8")
        files += [f"--{lang}", str(path)]
    result = runner.invoke(app, ["check", *files, "--out", str(out), "--no-mt"])
    assert result.exit_code == 0, result.output
    assert "fr.txt: line 1, column 66: control character U+0007 removed" in result.stderr
    html = (out / "check.html").read_text(encoding="utf-8")
    assert "intelligence artificielle" in html  # the side-by-side view holds the cleaned text
    for name in ("check.html", "check.json", "check.md", "check.csv"):
        assert not CONTROL_RE.search((out / name).read_text(encoding="utf-8")), name


# --- one error path for outputs (issue 14) -------------------------------------------------


def _segment_to(target: Path, tmp_path: Path):
    text = tmp_path / "fr.txt"
    text.write_text("Une phrase. Une autre.\n", encoding="utf-8")
    return runner.invoke(app, ["segment", str(text), "--lang", "fr", "-o", str(target)])


def test_output_to_a_directory_is_one_message(tmp_path):
    result = _segment_to(tmp_path, tmp_path)
    assert result.exit_code == 1 and "is a directory; give a file name" in result.stderr
    assert "Traceback" not in result.output


def test_a_fifo_is_never_replaced_by_a_file(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = _segment_to(fifo, tmp_path)
    assert result.exit_code == 1 and "not a regular file" in result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_name_too_long_is_one_message_and_leaves_nothing(tmp_path):
    result = _segment_to(tmp_path / ("x" * 300), tmp_path)
    assert result.exit_code == 1 and "cannot write" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fr.txt"]


def test_run_out_an_existing_file_is_one_message(tmp_path):
    existing = tmp_path / "out"
    existing.write_text("not a folder", encoding="utf-8")
    result = runner.invoke(app, ["run", "texts", "--out", str(existing), "--stages", "align"])
    assert result.exit_code == 1 and "is not a folder" in result.stderr


def test_a_deeply_nested_or_infinite_alignment_file_is_refused(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    result = runner.invoke(app, ["check", "--alignment", str(deep), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and "nested too deeply" in result.stderr
    assert not (tmp_path / "o").exists()


def test_an_impossible_source_date_epoch_is_a_usage_error(tmp_path, monkeypatch):
    from align.errors import UsageError
    from align.formats.tmx import resolve_creation_date

    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        resolve_creation_date(None, {"SOURCE_DATE_EPOCH": "99999999999999999"})


def test_glossary_min_score_out_of_range_is_a_usage_error(tmp_path):
    db = tmp_path / "glossary.db"
    assert runner.invoke(glossary_app, ["add", "--zh", "人工智能", "--en", "AI", "--db", str(db)]).exit_code == 0
    result = runner.invoke(glossary_app, ["search", "AI", "--min-score", "150", "--db", str(db)])
    assert result.exit_code == 2 and "--min-score must be between 0 and 100" in result.output


def test_a_document_that_fails_leaves_neither_partial_nor_stale_outputs(tmp_path):
    texts = tmp_path / "texts"
    for lang, text in (("zh", ZH), ("fr", FR), ("en", EN)):
        for doc in ("good", "bad"):
            (texts / lang).mkdir(parents=True, exist_ok=True)
            (texts / lang / f"{doc}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    first = runner.invoke(app, ["run", str(texts), "--out", str(out), "--no-mt", "--stages", "align,export", "--json"])
    assert first.exit_code == 0, first.output
    assert (out / "bad" / "alignment.json").is_file()
    (texts / "fr" / "bad.txt").write_text(EN, encoding="utf-8")  # English given as French: refused
    second = runner.invoke(app, ["run", str(texts), "--out", str(out), "--no-mt", "--stages", "align,export", "--json"])
    assert second.exit_code == 1
    summary = {d["doc_id"]: d for d in json.loads(second.stdout)["documents"]}
    assert "looks English" in summary["bad"]["error"] and summary["bad"]["outputs"] == []
    assert not (out / "bad").exists()  # no stale alignment, TMX or clean text from the first run
    assert sorted(p.name for p in out.iterdir()) == [  # the run's own files
        ".triglot-run.lock", "corpus.fr-en.tmx", "corpus.tmx", "corpus.zh-en.tmx", "corpus.zh-fr.tmx", "good",
        "index.html", "run-settings.toml"]
    assert b"<tuv" in (out / "corpus.tmx").read_bytes()
    assert all(Path(p).is_file() and str(p).startswith(str(out / "good")) for p in summary["good"]["outputs"])


def test_searching_an_empty_file_does_not_turn_it_into_a_glossary(tmp_path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    result = runner.invoke(glossary_app, ["search", "AI", "--db", str(empty)])
    assert result.exit_code == 1 and "not a glossary database (an empty file)" in result.output
    assert empty.read_bytes() == b""


def test_a_failed_import_creates_no_database(tmp_path):
    db = tmp_path / "new" / "glossary.db"
    bad = tmp_path / "bad.tsv"
    bad.write_text("zh\ten\n互操作性\tinter\x07operability\n", encoding="utf-8")
    result = runner.invoke(glossary_app, ["import", str(bad), "--db", str(db)])
    assert result.exit_code == 1
    assert not db.exists() and not list(db.parent.glob("glossary.db*"))


def test_messages_show_bidirectional_overrides_and_undecodable_bytes_as_escapes():
    from align.console import literal

    assert literal("doc\u202etxt.exe [bold] \x1b[31m \udcff") == "doc\\u202etxt.exe \\[bold] \\x1b[31m \\udcff"


def test_an_output_under_a_file_is_one_message_naming_it(tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    (tmp_path / "in.txt").write_text("Une phrase.\n", encoding="utf-8")
    result = runner.invoke(app, ["segment", str(tmp_path / "in.txt"), "--lang", "fr", "-o", str(blocker / "out.txt")])
    assert result.exit_code == 1
    assert f"cannot write ({blocker} is not a folder)" in result.stderr
