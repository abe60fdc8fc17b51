"""Input that is too large or not one document (issue 14): caps checked before the heavy work,
each with one message naming the file and the flag that raises it; versions that are not of
one document refused before alignment; outputs and settings a run would fail on at its end
refused at its start; segmenting a long line stays linear."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from align.aligner.core import similarity_sample
from align.cli import app
from align.errors import UsageError
from align.limits import Limits
from align.pipeline import RunConfig, load_config
from align.segment import _chunks, segment_text
from align.textio import decode

runner = CliRunner()
CORPUS = Path(__file__).resolve().parents[1] / "texts"
ZH = "中法两国认识到人工智能的关键作用。\n两国元首重申在2024年5月6日加强合作。\n"
FR = "La Chine et la France reconnaissent le rôle clé de l'intelligence artificielle.\n" \
     "Les deux chefs d'État réaffirment le 6 mai 2024 leur coopération.\n"
EN = "China and France recognise the key role of artificial intelligence.\n" \
     "The two Heads of State reaffirm their cooperation on 6 May 2024.\n"


def _texts(tmp_path: Path, doc: str = "doc", **versions: str) -> Path:
    texts = tmp_path / "texts"
    for lang, text in {"zh": ZH, "fr": FR, "en": EN, **versions}.items():
        (texts / lang).mkdir(parents=True, exist_ok=True)
        (texts / lang / f"{doc}.txt").write_text(text, encoding="utf-8")
    return texts


def test_limits_refuse_impossible_values():
    for bad in ({"max_sentences": 0}, {"max_file_mb": float("nan")}, {"max_line_chars": -1},
                {"max_length_factor": 1.0}, {"min_similarity": 1.5}, {"max_sentences": True}):
        with pytest.raises(UsageError):
            Limits(**bad)


def test_a_file_too_large_is_refused_from_its_size_with_the_flag_to_raise_it(tmp_path):
    path = tmp_path / "fr.txt"
    path.write_text(FR * 20_000, encoding="utf-8")  # 2.9 MB
    result = runner.invoke(app, ["segment", str(path), "--lang", "fr", "--max-file-mb", "1"])
    assert result.exit_code == 1
    assert "2.9 MB, more than the 1 MB" in result.stderr and "--max-file-mb" in result.stderr
    assert "Traceback" not in result.output


def test_a_line_too_long_is_refused_with_its_number(tmp_path):
    path = tmp_path / "en.txt"
    path.write_text(EN + "word " * 30_000 + "\n", encoding="utf-8")
    result = runner.invoke(app, ["segment", str(path), "--lang", "en", "--max-line-chars", "100000"])
    assert result.exit_code == 1
    assert "line 3 has 150,000 characters" in result.stderr and "--max-line-chars" in result.stderr
    result = runner.invoke(app, ["segment", str(path), "--lang", "en", "--max-line-chars", "200000"])
    assert result.exit_code == 0, result.output


def test_too_many_sentences_are_refused_before_alignment(tmp_path):
    texts = _texts(tmp_path, en=EN * 40)
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(texts), "--out", str(out), "--no-mt", "--max-sentences", "50"])
    assert result.exit_code == 1
    assert "doc: the en version: 80 sentences, more than the 50" in result.stderr
    assert not (out / "doc").exists()  # nothing half-done is left


def test_run_config_takes_limits_and_they_stay_out_of_the_signature(tmp_path):
    path = tmp_path / "run.toml"
    path.write_text("[limits]\nmax_sentences = 20000\nmin_similarity = 0\n", encoding="utf-8")
    config = load_config(path)
    assert config.limits == Limits(max_sentences=20000, min_similarity=0)
    assert config.changed_settings() == RunConfig().changed_settings() == ""
    path.write_text("[limits]\nmax_sentences = -3\n", encoding="utf-8")
    with pytest.raises(Exception, match="max_sentences must be a positive number"):
        load_config(path)


def test_unrelated_versions_are_refused_and_doubtful_ones_warned(tmp_path):
    zh = (CORPUS / "zh" / "ai-governance-2024.txt").read_text(encoding="utf-8")
    fr = (CORPUS / "fr" / "ai-governance-2024.txt").read_text(encoding="utf-8")
    other = tmp_path / "other.txt"  # French of the same size about something else entirely
    other.write_text("\n".join(
        f"Le match de football numéro {k} s'est terminé par une victoire de l'équipe locale devant "
        f"ses supporteurs, sous la pluie, après une prolongation." for k in range(30)) + "\n", encoding="utf-8")
    zh_path = tmp_path / "zh.txt"
    zh_path.write_text(zh, encoding="utf-8")
    result = runner.invoke(app, ["align", str(zh_path), str(other), "--src-lang", "zh", "--tgt-lang", "fr"])
    assert result.exit_code == 1
    assert "hardly match" in result.stderr and "--min-similarity 0" in result.stderr
    result = runner.invoke(app, ["align", str(zh_path), str(other), "--src-lang", "zh", "--tgt-lang", "fr",
                                 "--min-similarity", "0"])
    assert result.exit_code == 0, result.output
    fr_path = tmp_path / "fr.txt"
    fr_path.write_text(fr, encoding="utf-8")
    result = runner.invoke(app, ["align", str(zh_path), str(fr_path), "--src-lang", "zh", "--tgt-lang", "fr"])
    assert result.exit_code == 0 and "hardly match" not in result.stderr


def test_the_similarity_sample_reads_the_right_place():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(50, 16))
    a /= np.linalg.norm(a, axis=1, keepdims=True)
    assert similarity_sample(a, a) == pytest.approx(1.0)
    other = rng.normal(size=(50, 16))
    other /= np.linalg.norm(other, axis=1, keepdims=True)
    assert similarity_sample(a, other) < 0.6  # unrelated sentences: only chance matches
    assert similarity_sample(a, np.zeros((0, 16))) == 0.0


def test_a_run_refuses_a_version_ten_times_too_long_in_seconds(tmp_path):
    texts = _texts(tmp_path, en=EN * 10)
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(texts), "--out", str(out), "--no-mt"])
    assert result.exit_code == 1
    assert "not versions of one document" in result.stderr
    assert not (out / "doc").exists()


def test_a_document_named_like_a_run_output_is_refused_before_any_work(tmp_path):
    texts = _texts(tmp_path, doc="glossary.db")
    out = tmp_path / "out"
    out.mkdir()
    (out / "glossary.db").write_bytes(b"keep me")
    result = runner.invoke(app, ["run", str(texts), "--out", str(out), "--no-mt"])
    assert result.exit_code == 1
    assert "document id 'glossary.db'" in result.stderr and "rename" in result.stderr
    assert (out / "glossary.db").read_bytes() == b"keep me"


def test_a_bad_source_date_epoch_stops_a_run_before_any_work(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "abc")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(_texts(tmp_path)), "--out", str(out), "--no-mt"])
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH" in result.stderr and not out.exists()


def test_check_json_that_cannot_be_written_is_refused_before_the_reports(tmp_path):
    texts = _texts(tmp_path)
    out = tmp_path / "reports"
    folder = tmp_path / "a-folder"
    folder.mkdir()
    result = runner.invoke(app, ["check", "doc", "--texts", str(texts), "--out", str(out), "--no-mt",
                                 "--json", str(folder)])
    assert result.exit_code == 1 and "is a directory" in result.stderr
    assert not out.exists()


def test_a_cut_off_that_is_no_probability_is_refused(tmp_path):
    result = runner.invoke(app, ["check", "doc", "--texts", str(_texts(tmp_path)), "--no-mt",
                                 "--out", str(tmp_path / "r"), "--min-probability", "nan"])
    assert result.exit_code == 2 and "min_probability must be from 0 to 1, not nan" in result.stderr


def test_latin1_french_is_never_read_as_chinese():
    data = "Elle était étudiée par les délégués.\n".encode("latin-1")
    assert decode(data, "fr.txt", "fr") == ("Elle était étudiée par les délégués.\n", "cp1252")
    assert decode("“Quoted” – text…\n".encode("cp1252"), "en.txt", "en")[0] == "“Quoted” – text…\n"
    assert decode("两国元首重申".encode("gbk"), "zh.txt", "zh")[1] == "gb18030"


def test_help_shows_brackets_as_written():
    result = runner.invoke(app, ["run", "--help"])
    assert "[run]" in result.output and "[limits]" in result.output


def test_a_run_table_prints_a_document_id_literally(tmp_path):
    result = runner.invoke(app, ["run", str(_texts(tmp_path, doc="[red]e")), "--out", str(tmp_path / "out"),
                                 "--no-mt", "--stages", "align"])
    assert result.exit_code == 0, result.output
    assert "[red]e" in result.stdout


def test_a_long_paragraph_is_cut_where_a_sentence_surely_ends():
    text = "Les deux chefs d'État soulignent l'importance du dialogue. " * 200 + "M. Dupont arrive. " * 200
    spans = _chunks(text, 2000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(b == c for (_, b, _), (c, _, _) in zip(spans, spans[1:]))
    assert all(end - start <= 2000 for start, end, _ in spans)
    for _, end, _ in spans[:-1]:  # never after an abbreviation: "M. Dupont" stays whole
        assert text[end - 3:end] != "M. "
    assert [sure for _, _, sure in _chunks("a" * 5000, 2000)] == [True, False, False]  # no space: cut anyway


def test_a_long_paragraph_segments_as_its_sentences_do():
    sentences = [f"La réunion numéro {k} a eu lieu à Paris le {k % 28 + 1} mai." for k in range(400)]
    paragraph = " ".join(sentences)
    assert len(paragraph) > 10_000
    assert segment_text(paragraph, "fr").texts == sentences
    quoted = "« " + " ".join(sentences[:100]) + " »"  # a quotation longer than a chunk stays one sentence
    assert segment_text(quoted, "fr").texts == [quoted]


def test_a_chunk_cut_at_a_space_does_not_end_a_sentence():
    # no sure end in reach (each ends in a bracket): the cut falls at a space, inside a sentence
    sentences = [f"Le Conseil de sécurité a examiné la question lors de sa séance numéro {7000 + i}, tenue à "
                 f"New York le {i + 1} mars 2015 (voir S/PV.{7000 + i})." for i in range(17)]
    assert segment_text(" ".join(sentences), "fr").texts == sentences


def test_a_version_with_a_long_passage_the_other_lacks_is_not_called_unrelated():
    rng = np.random.default_rng(1)
    common = rng.normal(size=(60, 32))
    common /= np.linalg.norm(common, axis=1, keepdims=True)
    noise = rng.normal(size=(60, 32)) * 0.03
    translated = common + noise
    translated /= np.linalg.norm(translated, axis=1, keepdims=True)
    annex = rng.normal(size=(30, 32))  # half as much again, in one version only
    annex /= np.linalg.norm(annex, axis=1, keepdims=True)
    longer = np.vstack([translated, annex])
    assert similarity_sample(longer, common) < similarity_sample(common, longer)  # hence both directions
    assert similarity_sample(common, longer) > 0.8


def test_windows_1252_french_with_no_break_spaces_is_read():
    text = "« C'est fermé\xa0». Puis ÉTÉ\xa0: œuvre.\n"
    assert decode(text.encode("cp1252"), "fr.txt", "fr") == (text, "cp1252")


def test_a_pipe_is_read_no_further_than_the_size_limit(tmp_path):
    import os
    import threading

    from align.errors import BadInputError
    from align.textio import read_bytes

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)

    def feed():
        with open(fifo, "wb") as handle:
            try:
                while True:
                    handle.write(b"mot " * 65536)
            except BrokenPipeError:
                pass

    threading.Thread(target=feed, daemon=True).start()
    with pytest.raises(BadInputError, match="more than the 1 MB"):
        read_bytes(fifo, Limits(max_file_mb=1))


def test_the_larger_length_factor_decides():
    from align.aligner.core import validate_pair
    from align.errors import BadInputError

    # characters 4.9x apart (a warning alone), sentences 8x apart: refused
    short = ["Une phrase assez longue pour peser dans le compte des caractères, vraiment."] * 5
    many = ["Court."] * 40
    with pytest.raises(BadInputError, match="in sentences"):
        validate_pair(short, many, "fr", "en", Limits())


def test_a_huge_size_limit_allocates_nothing_for_it(tmp_path):
    path = tmp_path / "fr.txt"
    path.write_text(FR, encoding="utf-8")
    result = runner.invoke(app, ["segment", str(path), "--lang", "fr", "--max-file-mb", "24106"])
    assert result.exit_code == 0, result.output  # was a MemoryError: read(25 GB) allocates 25 GB
