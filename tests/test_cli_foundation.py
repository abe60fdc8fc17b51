"""The command line: ingest, segment and run, exit codes and bad input."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.cli import app
from conftest import CORPUS, SEED, SEED_CORRECTIONS

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def texts(tmp_path) -> Path:
    root = tmp_path / "texts"
    for lang in ("zh", "fr", "en"):
        (root / lang).mkdir(parents=True)
    shutil.copy(SEED, root / "zh" / "ai-governance-2024.raw.txt")
    shutil.copy(SEED_CORRECTIONS, root / "zh" / "ai-governance-2024.corrections.tsv")
    for lang in ("fr", "en"):
        shutil.copy(CORPUS / f"{lang}.txt", root / lang / "ai-governance-2024.txt")
    return root


def test_ingest_writes_the_clean_statement(tmp_path, reference_zh):
    out = tmp_path / "zh.txt"
    result = invoke("ingest", SEED, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").rstrip("\n") == reference_zh.rstrip("\n")


def test_ingest_without_fix_writes_the_text_and_warns_naming_the_span(tmp_path):
    out = tmp_path / "zh.txt"
    result = invoke("ingest", SEED, "--no-corrections", "-o", out)
    assert result.exit_code == 0
    assert "line 16, column 109" in result.stderr and "?shù)膰\\ue27eH" in result.stderr
    assert out.exists()


def test_ingest_strict_refuses_to_write_while_damage_remains(tmp_path):
    out = tmp_path / "zh.txt"
    result = invoke("ingest", SEED, "--no-corrections", "--strict", "-o", out)
    assert result.exit_code == 1
    assert not out.exists()


def test_segment_prints_one_sentence_a_line():
    result = invoke("segment", CORPUS / "fr.txt", "--lang", "fr")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 25
    assert lines[1].startswith("À l'invitation du Président de la République française, M. Emmanuel Macron")


def test_segment_json_carries_ids_paragraphs_and_signature():
    result = invoke("segment", CORPUS / "en.txt", "--lang", "en", "--format", "json")
    payload = json.loads(result.stdout)
    assert payload["lang"] == "en" and len(payload["sentences"]) == 28
    assert payload["sentences"][6] == {"id": 6, "paragraph": 4, "text": payload["sentences"][6]["text"]}
    assert payload["signature"].startswith("triglot:")


def test_run_writes_clean_texts_and_segments(texts, tmp_path, reference_zh):
    out = tmp_path / "out"
    result = invoke("run", texts, "--out", out)
    assert result.exit_code == 0, result.output
    doc = out / "ai-governance-2024"
    assert (doc / "clean" / "zh.txt").read_text(encoding="utf-8").rstrip() == reference_zh.rstrip()
    counts = {lang: len(json.loads((doc / "segments" / f"{lang}.json").read_text())["sentences"])
              for lang in ("zh", "fr", "en")}
    assert counts == {"zh": 26, "fr": 25, "en": 28}
    assert "ai-governance-2024" in result.stdout


def test_run_json_summary(texts, tmp_path):
    result = invoke("run", texts, "--out", tmp_path / "out", "--json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert summary["ok"] is True
    assert summary["documents"][0]["sentences"] == {"zh": 26, "fr": 25, "en": 28}


def test_run_is_deterministic(texts, tmp_path):
    invoke("run", texts, "--out", tmp_path / "a")
    invoke("run", texts, "--out", tmp_path / "b")
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()


def test_document_missing_a_language_is_reported_not_fatal(texts, tmp_path):
    (texts / "en" / "ai-governance-2024.txt").unlink()
    (texts / "fr" / "other-doc.txt").write_text("La Chine et la France coopèrent sur l'IA.\n")
    result = invoke("run", texts, "--out", tmp_path / "out", "--json")
    assert result.exit_code == 0
    docs = {d["doc_id"]: d for d in json.loads(result.stdout)["documents"]}
    assert docs["ai-governance-2024"]["missing"] == ["en"]
    assert docs["other-doc"]["missing"] == ["zh", "en"]
    assert any("no en version" in w for w in docs["ai-governance-2024"]["warnings"])


def test_stale_committed_clean_text_is_flagged(texts, tmp_path):
    (texts / "zh" / "ai-governance-2024.txt").write_text("旧的文本。\n", encoding="utf-8")
    result = invoke("run", texts, "--out", tmp_path / "out", "--json")
    (doc,) = json.loads(result.stdout)["documents"]
    assert any("differs from what ingest makes" in w for w in doc["warnings"])


# --------------------------------------------------------------------------- bad input


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty": tmp_path / "empty.txt",
        "blank": tmp_path / "blank.txt",
        "binary": tmp_path / "binary.txt",
        "undecodable": tmp_path / "undecodable.txt",
    }
    files["empty"].write_bytes(b"")
    files["blank"].write_bytes(b"  \n\n \n")
    files["binary"].write_bytes(bytes(range(256)) * 8)
    files["undecodable"].write_bytes("Déclaration conjointe ".encode("utf-8") + b"\xff\xfe\xfa\x80 \xc3(")
    return files


@pytest.mark.parametrize("kind,message", [
    ("empty", "file is empty"),
    ("blank", "file is empty"),
    ("binary", "binary file"),
    ("undecodable", "cannot decode"),
])
@pytest.mark.parametrize("command", ["ingest", "segment"])
def test_bad_input_gives_one_clear_message_and_exit_1_and_no_output(tmp_path, kind, message, command):
    path = _bad_files(tmp_path)[kind]
    out = tmp_path / "out.txt"
    extra = ["--lang", "fr"] if command == "segment" else []
    result = invoke(command, path, *extra, "-o", out)
    assert result.exit_code == 1
    assert message in result.stderr and str(path) in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()
    assert not list(tmp_path.glob(".out.txt.*"))  # no temporary file left behind


def test_missing_file_is_named(tmp_path):
    result = invoke("segment", tmp_path / "nope.txt", "--lang", "en")
    assert result.exit_code == 1
    assert "nope.txt: file not found" in result.stderr


def test_french_given_as_chinese_is_refused(tmp_path):
    out = tmp_path / "out.txt"
    result = invoke("segment", CORPUS / "fr.txt", "--lang", "zh", "-o", out)
    assert result.exit_code == 1
    assert "given as Chinese (zh) but the text looks French (fr)" in result.stderr
    assert not out.exists()


def test_english_given_as_french_is_refused():
    result = invoke("segment", CORPUS / "en.txt", "--lang", "fr")
    assert result.exit_code == 1
    assert "looks English" in result.stderr


def test_unknown_language_code_is_a_usage_error():
    result = invoke("segment", CORPUS / "en.txt", "--lang", "xx")
    assert result.exit_code == 2
    assert "unknown language code 'xx'" in result.stderr


def test_unknown_option_is_a_usage_error():
    assert invoke("run", "--no-such-option").exit_code == 2


def test_run_on_missing_folder_is_bad_input(tmp_path):
    result = invoke("run", tmp_path / "nothing", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "no such folder" in result.stderr


def test_run_with_a_bad_document_exits_1_and_keeps_the_others(texts, tmp_path):
    (texts / "en" / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    out = tmp_path / "out"
    result = invoke("run", texts, "--out", out, "--json")
    assert result.exit_code == 1
    docs = {d["doc_id"]: d for d in json.loads(result.stdout)["documents"]}
    assert "binary file" in docs["broken"]["error"]
    assert docs["ai-governance-2024"]["error"] is None
    assert not (out / "broken").exists()
