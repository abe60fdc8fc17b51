"""`triglot check --tmx`: the divergence checks on a translation memory that is already
aligned (quality control of a TM), the same flags as the pipeline on the same units."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from align.cli import app
from align.pipeline import run
from support.review import DOC, run_config

runner = CliRunner()


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "out"
    assert run(run_config(out)).ok
    return out


def flags(path):
    return sorted((f["kind"], f["unit"], f["message"]) for f in json.loads(path.read_text(encoding="utf-8"))["flags"])


def check(option: str, path, out):
    """``triglot check --tmx|--xlsx|--xliff PATH --out OUT --no-mt``."""
    return runner.invoke(app, ["check", option, str(path), "--out", str(out), "--no-mt"])


@pytest.mark.slow
def test_the_trilingual_tmx_of_a_run_gives_the_runs_flags(made, tmp_path):
    tmx = made / DOC / "tmx" / f"{DOC}.tmx"
    result = check("--tmx", tmx, tmp_path / "qa")
    assert result.exit_code == 0, result.output
    assert flags(tmp_path / "qa" / "check.json") == flags(made / DOC / "check.json")
    assert flags(made / DOC / "check.json")  # the statement has some


@pytest.mark.slow
def test_a_bilingual_tmx_is_checked_too(made, tmp_path):
    tmx = made / DOC / "tmx" / f"{DOC}.zh-fr.tmx"
    result = check("--tmx", tmx, tmp_path / "qa")
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "qa" / "check.json").read_text(encoding="utf-8"))
    assert report["langs"] == ["zh", "fr"] and any(f["kind"] == "number" for f in report["flags"])


TU = '<tu><tuv xml:lang="{a}"><seg>{x}</seg></tuv><tuv xml:lang="{b}"><seg>{y}</seg></tuv></tu>'
HEAD = '<?xml version="1.0"?><tmx version="1.4"><header srclang="zh-CN" creationtool="t"/><body>{}</body></tmx>'


@pytest.mark.parametrize("content, says", [
    (b"", "file is empty"),
    (b"<tmx><header>", "not well-formed TMX"),
    (b"<html><body>no</body></html>", "not a TMX file"),
    (HEAD.format("").encode(), "no unit with zh, fr or en text"),
    (HEAD.format(TU.format(a="zh-CN", x="你好。", b="de-DE", y="Hallo.")).encode(), "only zh segments"),
    (HEAD.format(TU.format(a="zh-CN", x="Ceci est du français, pas du chinois.", b="fr-FR",
                           y="Bonjour tout le monde, voici une phrase.")).encode(), "zh"),
])
def test_bad_memories_get_one_message_and_no_report(tmp_path, content, says):
    tmx = tmp_path / "memory.tmx"
    tmx.write_bytes(content)
    result = check("--tmx", tmx, tmp_path / "qa")
    assert result.exit_code == 1 and says in result.output, result.output
    assert not (tmp_path / "qa").exists()


def test_a_document_and_a_tmx_together_are_refused(tmp_path):
    result = runner.invoke(app, ["check", DOC, "--tmx", str(tmp_path / "m.tmx")])
    assert result.exit_code == 2 and "give one of" in result.output


@pytest.mark.slow
def test_the_runs_spreadsheet_and_xliff_are_checked_too(made, tmp_path):
    sheet = made / DOC / "tmx" / f"{DOC}.xlsx"
    result = check("--xlsx", sheet, tmp_path / "s")
    assert result.exit_code == 0, result.output
    assert flags(tmp_path / "s" / "check.json") == flags(made / DOC / "check.json")
    xlf = made / DOC / "tmx" / f"{DOC}.zh-fr.xlf"
    result = check("--xliff", xlf, tmp_path / "x")
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "x" / "check.json").read_text(encoding="utf-8"))["langs"] == ["zh", "fr"]


def test_a_csv_with_named_languages_and_an_xliff_2_are_read(tmp_path):
    from align.formats.xliff import alignment_from_xliff
    from align.formats.xlsx import alignment_from_sheet

    sheet = tmp_path / "pairs.csv"
    sheet.write_text("Chinese,English,comment\n两国元首会晤。,The two Heads of State meet.,ok\n"
                     "双方同意合作。,Both sides agree to cooperate.,\n", encoding="utf-8")
    alignment = alignment_from_sheet(sheet)
    assert list(alignment.texts) == ["zh", "en"] and len(alignment.units) == 2
    xliff2 = b"""<?xml version="1.0"?><xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0"
      srcLang="zh-CN" trgLang="fr-FR"><file id="f1"><unit id="u1"><segment><source>\xe4\xbd\xa0\xe5\xa5\xbd\xe3\x80\x82</source>
      <target>Bonjour.</target></segment></unit></file></xliff>"""
    alignment = alignment_from_xliff(xliff2, "memo.xlf")
    assert alignment.unit_text(alignment.units[0], "fr") == "Bonjour." and list(alignment.texts) == ["zh", "fr"]


def test_a_sheet_without_language_columns_is_refused(tmp_path):
    sheet = tmp_path / "data.csv"
    sheet.write_text("source,target\na,b\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--xlsx", str(sheet), "--out", str(tmp_path / "qa")])
    assert result.exit_code == 1 and "must name two or three of zh, fr, en" in result.output


@pytest.mark.slow
def test_the_terms_stage_reads_a_memory_too(made, tmp_path):
    from glossary.store import GlossaryStore

    db = tmp_path / "from-tmx.db"
    result = runner.invoke(app, ["terms", "--tmx", str(made / DOC / "tmx" / f"{DOC}.tmx"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with GlossaryStore(db) as from_tmx, GlossaryStore(made / "glossary.db") as from_run:
        assert {tuple(e.terms.values()) for e in from_tmx.entries()} == {tuple(e.terms.values()) for e in from_run.entries()}
    result = runner.invoke(app, ["terms", "--tmx", str(made / DOC / "tmx" / f"{DOC}.zh-fr.tmx"), "--db", str(db)])
    assert result.exit_code == 1 and "term entries are trilingual" in result.output
