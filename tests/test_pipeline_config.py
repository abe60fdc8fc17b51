"""`triglot run --config FILE.toml`: every stage's settings from one file, into the signature."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.cli import app
from align.errors import BadInputError
from align.pipeline import RunConfig, load_config

runner = CliRunner()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "run.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_section_reaches_its_stage(tmp_path):
    config = load_config(write(tmp_path, """
[run]
texts = "corpus"
stages = ["ingest", "segment", "align", "check"]
mt = false
[align]
mbr_tau = 0.3
max_side = 5
use_paragraphs = false
[terms]
min_confidence = 0.5
[check]
checks = ["numbers", "names"]
meaning_z = 4
[report]
formats = ["json", "html"]
[tmx]
srclang = "fr"
lang_tags = { zh = "zh-Hans", fr = "fr-CA", en = "en-US" }
pairs = ["zh-fr", "fr-en"]
[tsv]
header = true
"""))
    assert config.texts_dir == Path("corpus") and config.stages == ("ingest", "segment", "align", "check")
    assert config.mt is False
    assert (config.align.mbr_tau, config.align.max_side, config.align.use_paragraphs) == (0.3, 5, False)
    assert config.terms.min_confidence == 0.5
    assert config.check.checks == ("numbers", "names") and config.check.meaning_z == 4.0
    assert config.report_formats == ("json", "html")
    assert config.tmx.srclang == "fr" and config.tmx.lang_tags["fr"] == "fr-CA"
    assert config.tmx.pairs == (("zh", "fr"), ("fr", "en")) and config.tsv.header is True


def test_changed_settings_are_named_and_defaults_are_not():
    assert RunConfig().changed_settings() == ""
    config = load_config_text("[check]\nmeaning_z = 4.5\n[align]\nmax_side = 5\n")
    assert config.changed_settings() == "align.max_side=5,check.meaning_z=4.5"


def load_config_text(text: str) -> RunConfig:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        return load_config(write(Path(tmp), text))


@pytest.mark.parametrize("text, message", [
    ("[align]\nmax_sides = 3\n", "[align] has no setting 'max_sides'"),
    ("[aligner]\nmax_side = 3\n", "unknown section [aligner]"),
    ("[align]\nmax_side = 2.5\n", "align.max_side must be a whole number"),
    ("[align]\nuse_lexicon = 1\n", "align.use_lexicon must be true or false"),
    ("[check]\nchecks = \"numbers\"\n", "check.checks must be a list"),
    ("[run]\nstages = [\"ingest\", \"polish\"]\n", "unknown stage(s) polish"),
    ("[report]\nformats = [\"pdf\"]\n", "unknown report format(s) pdf"),
    ("[tmx]\nsrclang = \"de\"\n", "source language 'de' has no language tag"),
    ("[run\n", "not a valid TOML file"),
    ("stages = 3\n", "'stages' must be a [section]"),
    ("[check]\nsource_lang = 7\n", "check.source_lang must be a string"),
    ("[tmx]\ncreation_date = 20240101\n", "tmx.creation_date must be a string"),
    ("[terms]\nmin_frequency = true\n", "terms.min_frequency must be a whole number"),
    ("[align]\nmbr_tau = \"0.2\"\n", "align.mbr_tau must be a number"),
    ("[report_formats]\nx = 1\n", "unknown section [report_formats]"),
    ("[check]\nchecks = [\"numbrs\"]\n", "unknown check(s) numbrs"),
    ("[terms]\nlanguages = [\"zh\", \"en\"]\n", "terms.languages must name zh, fr and en"),
])
def test_bad_settings_are_refused_with_one_clear_message(text, message):
    with pytest.raises(BadInputError) as caught:  # bad input: exit 1, the file named
        load_config_text(text)
    assert message in str(caught.value) and "run.toml" in str(caught.value)


def test_a_table_is_merged_over_the_default_one():
    config = load_config_text('[tmx.lang_tags]\nzh = "zh-Hant"\n')
    assert dict(config.tmx.lang_tags) == {"zh": "zh-Hant", "fr": "fr-FR", "en": "en-GB"}


def test_the_command_line_reads_the_file_and_its_options_win(tmp_path):
    texts = tmp_path / "texts"
    for lang, text in (("zh", "2024年5月5日，中法两国签署了协定。\n"),
                       ("fr", "Le 5 mai 2024, la Chine et la France ont signé l'accord.\n"),
                       ("en", "On 5 May 2024, China and France signed the agreement.\n")):
        (texts / lang).mkdir(parents=True)
        (texts / lang / "doc.txt").write_text(text, encoding="utf-8")
    config = write(tmp_path, f"""
[run]
texts = "{texts.as_posix()}"
out = "{(tmp_path / 'ignored').as_posix()}"
stages = ["align", "check"]
mt = false
[check]
checks = ["numbers"]
[report]
formats = ["json"]
""")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", "--config", str(config), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["signature"].endswith("|config:check.checks=numbers,report.formats=json")
    assert sorted(p.name for p in (out / "doc").iterdir()) == [".triglot-done.json", "align", "alignment.json",
                                                                 "check.json", "clean", "segments"]
    report = json.loads((out / "doc" / "check.json").read_text(encoding="utf-8"))
    assert report["checks_run"] == ["numbers"]
    assert not (tmp_path / "ignored").exists()


def test_a_missing_config_file_is_one_message(tmp_path):
    result = runner.invoke(app, ["run", "--config", str(tmp_path / "none.toml")])
    assert result.exit_code == 1
    assert "none.toml: file not found" in result.output


def test_the_readme_example_is_a_valid_config(tmp_path):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    config = load_config(write(tmp_path, example))
    assert config.mt is False and config.terms.min_confidence == 0.4 and config.tsv.header is True
    assert config.report_formats == ("html", "json")


def test_run_takes_the_report_cut_off_from_the_command_line(tmp_path):
    texts = tmp_path / "texts"
    lines = {"zh": "两国元首在2024年5月6日会晤。\n", "fr": "Les deux chefs d'État se sont rencontrés le 6 mai 2025.\n",
             "en": "The two heads of state met on 6 May 2024.\n"}
    for lang, text in lines.items():
        (texts / lang).mkdir(parents=True)
        (texts / lang / "doc.txt").write_text(text, encoding="utf-8")
    flagged = {}
    for cut in ("0.01", "1"):
        out = tmp_path / f"out-{cut}"
        result = runner.invoke(app, ["run", str(texts), "--out", str(out), "--no-mt", "--stages", "align,check",
                                     "--min-probability", cut, "--json"])
        assert result.exit_code == 0, result.output
        report = json.loads((out / "doc" / "check.json").read_text(encoding="utf-8"))
        assert report["threshold"] == float(cut)
        flagged[cut] = [f for f in report["flags"] if f["probability"] is not None]
    assert flagged["0.01"] and not flagged["1"]


def test_a_path_holding_a_nul_is_refused(tmp_path):
    path = tmp_path / "run.toml"
    path.write_text('[run]\nout = "a\\u0000b"\n', encoding="utf-8")
    with pytest.raises(BadInputError, match="run.out"):
        load_config(path)


def test_a_runs_settings_written_as_toml_read_back_the_same(tmp_path):
    from align.pipeline import RunConfig, load_config

    source = tmp_path / "in.toml"
    source.write_text("""[run]
mt = false
stages = ["align", "check"]
[report]
formats = ["html", "json"]
[check]
min_probability = 0.6
checks = ["numbers", "names"]
[tmx]
lang_tags = { zh = "zh-Hans" }
pairs = ["zh-fr", "fr-en"]
[tsv]
header = true
""", encoding="utf-8")
    config = load_config(source)
    written = tmp_path / "run-settings.toml"
    written.write_text(config.to_toml(), encoding="utf-8")
    again = load_config(written)
    assert again.changed_settings() == config.changed_settings()
    assert (again.mt, again.stages, again.report_formats) == (config.mt, config.stages, config.report_formats)
    (tmp_path / "default.toml").write_text(RunConfig().to_toml(), encoding="utf-8")
    assert load_config(tmp_path / "default.toml").changed_settings() == ""
