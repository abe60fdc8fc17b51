"""`triglot align` and `triglot eval` on the command line."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from align.cli import app
from conftest import CORPUS

runner = CliRunner()
GOLD = json.loads((CORPUS / "gold-alignment.json").read_text(encoding="utf-8"))


def _bead_lines(beads) -> str:
    return "".join(f"[{','.join(map(str, s))}]:[{','.join(map(str, t))}]\n" for s, t in beads)


def test_align_prints_beads_that_match_the_gold(tmp_path):
    out = tmp_path / "zh-en.align"
    result = runner.invoke(app, ["align", str(CORPUS / "zh.txt"), str(CORPUS / "en.txt"),
                                 "--src-lang", "zh", "--tgt-lang", "en", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text() == _bead_lines(GOLD["alignments"]["zh-en"])


def test_align_presplit_keeps_line_numbers(tmp_path):
    src, tgt = tmp_path / "zh.txt", tmp_path / "en.txt"
    src.write_text("\n".join(GOLD["sentences"]["zh"]) + "\n", encoding="utf-8")
    tgt.write_text("\n".join(GOLD["sentences"]["en"]) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["align", str(src), str(tgt), "--src-lang", "zh", "--tgt-lang", "en",
                                 "--presplit", "--format", "json"])
    assert result.exit_code == 0, result.output
    beads = [(b["src"], b["tgt"]) for b in json.loads(result.stdout)["beads"]]
    assert beads == [tuple(map(list, pair)) for pair in GOLD["alignments"]["zh-en"]]


def test_align_tsv_has_source_target_and_score():
    result = runner.invoke(app, ["align", str(CORPUS / "fr.txt"), str(CORPUS / "en.txt"),
                                 "--src-lang", "fr", "--tgt-lang", "en", "--format", "tsv"])
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0].split("\t")
    assert first[0].startswith("Déclaration conjointe") and first[1].startswith("Joint Statement")
    assert 0.0 <= float(first[2]) <= 1.0


def test_align_refuses_french_given_as_chinese():
    result = runner.invoke(app, ["align", str(CORPUS / "fr.txt"), str(CORPUS / "en.txt"),
                                 "--src-lang", "zh", "--tgt-lang", "en"])
    assert result.exit_code == 1
    assert "looks French" in result.stderr


def test_align_refuses_wildly_different_lengths_unless_told(tmp_path):
    short = tmp_path / "short.txt"
    short.write_text(GOLD["sentences"]["en"][6] + "\n", encoding="utf-8")
    long = tmp_path / "long.txt"
    long.write_text("\n".join(GOLD["sentences"]["fr"] * 4) + "\n", encoding="utf-8")
    out = tmp_path / "beads.txt"
    command = ["align", str(long), str(short), "--src-lang", "fr", "--tgt-lang", "en", "--presplit", "-o", str(out)]
    result = runner.invoke(app, command)
    assert result.exit_code == 1
    assert "108.5× longer" in result.stderr and "not versions of one document" in result.stderr
    assert "--max-length-factor" in result.stderr and not out.exists()
    result = runner.invoke(app, command + ["--max-length-factor", "200"])
    assert result.exit_code == 0, result.output
    assert "warning" in result.stderr and "longer" in result.stderr and out.exists()


def test_eval_scores_folders_of_bead_files(tmp_path):
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    gold.mkdir(), pred.mkdir()
    for pair in ("zh-fr", "zh-en"):
        (gold / f"{pair}.align").write_text(_bead_lines(GOLD["alignments"][pair]))
        (pred / f"{pair}.align").write_text(_bead_lines(GOLD["alignments"][pair]))
    (pred / "zh-en.align").write_text(_bead_lines([[[0], [0]], [[1, 2], [1, 2]]]
                                                  + GOLD["alignments"]["zh-en"][3:]))
    result = runner.invoke(app, ["eval", str(gold), str(pred), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["documents"] == 2
    assert scores["strict"]["f1"] < 1.0 and scores["lax"]["f1"] > scores["strict"]["f1"]


def test_eval_names_a_bad_bead_line(tmp_path):
    bad = tmp_path / "bad.align"
    bad.write_text("[0]:[0]\nnot a bead\n")
    result = runner.invoke(app, ["eval", str(bad), str(bad)])
    assert result.exit_code == 1
    assert "bad.align:2" in result.stderr
