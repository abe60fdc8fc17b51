"""Resumable runs (align/ledger.py): a rerun keeps the documents an earlier run finished
with the same inputs, code, settings, approved terms and review decisions, redoes the
others, and writes what a fresh run writes; a run killed with ``kill -9`` at any moment,
then run again, gives the outputs of a run never interrupted."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from align.ledger import STAMP
from align.pipeline import RunConfig, run
from glossary.store import GlossaryStore

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1] / "texts"


def corpus(folder: Path, pieces: int = 3) -> Path:
    """The statement cut into ``pieces`` documents of consecutive paragraphs."""
    for lang in ("zh", "fr", "en"):
        (folder / lang).mkdir(parents=True, exist_ok=True)
        paras = [p for p in (ROOT / lang / "ai-governance-2024.txt").read_text(encoding="utf-8").split("\n")
                 if p.strip()]
        size = -(-len(paras) // pieces)
        for n in range(pieces):
            part = paras[n * size:(n + 1) * size] or paras[-2:]
            (folder / lang / f"doc-{n:02d}.txt").write_text("\n".join(part) + "\n", encoding="utf-8")
    return folder


def tree(out: Path) -> dict[str, bytes]:
    """Every file under ``out`` but the glossary database (compared by its entries)."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.suffix != ".db"}


def assert_same_outputs(a: Path, b: Path) -> None:
    left, right = tree(a), tree(b)
    assert sorted(left) == sorted(right)
    for name in left:
        assert left[name] == right[name], name
    with GlossaryStore(a / "glossary.db") as x, GlossaryStore(b / "glossary.db") as y:
        assert x.entries() == y.entries()


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A corpus of three documents and one uninterrupted run of it."""
    base = tmp_path_factory.mktemp("resume")
    texts = corpus(base / "texts")
    report = run(RunConfig(texts_dir=texts, out_dir=base / "fresh", mt=False))
    assert report.ok and not any(d.resumed for d in report.documents)
    return texts, base / "fresh"


def copy(source: Path, target: Path) -> Path:
    import shutil

    shutil.copytree(source, target)
    return target


def test_a_rerun_keeps_every_finished_document_and_writes_the_same(fresh, tmp_path):
    texts, first = fresh
    out = copy(first, tmp_path / "out")
    again = run(RunConfig(texts_dir=texts, out_dir=out, mt=False))
    assert [d.resumed for d in again.documents] == [True, True, True]
    assert again.signature == run(RunConfig(texts_dir=texts, out_dir=copy(first, tmp_path / "b"), mt=False),
                                  fresh=True).signature
    assert_same_outputs(first, out)


def test_a_changed_input_redoes_that_document_only(tmp_path):
    texts = corpus(tmp_path / "texts")
    out = tmp_path / "out"
    assert run(RunConfig(texts_dir=texts, out_dir=out, mt=False)).ok
    path = texts / "en" / "doc-01.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("2024", "2025", 1), encoding="utf-8")
    report = run(RunConfig(texts_dir=texts, out_dir=out, mt=False))
    assert [d.resumed for d in report.documents] == [True, False, True]
    assert run(RunConfig(texts_dir=texts, out_dir=tmp_path / "reference", mt=False)).ok
    assert_same_outputs(tmp_path / "reference", out)


def test_changed_settings_or_fresh_redo_everything(fresh, tmp_path):
    texts, first = fresh
    out = copy(first, tmp_path / "out")
    config = RunConfig(texts_dir=texts, out_dir=out, mt=False)
    changed = replace(config, report_formats=("json", "html"))
    assert not any(d.resumed for d in run(changed).documents)
    assert all(d.resumed for d in run(changed).documents)
    assert not any(d.resumed for d in run(changed, fresh=True).documents)


def test_a_missing_or_altered_output_redoes_the_document(fresh, tmp_path):
    texts, first = fresh
    out = copy(first, tmp_path / "out")
    (out / "doc-00" / "check.md").unlink()
    with open(out / "doc-02" / "alignment.json", "ab") as handle:
        handle.write(b" ")
    stamp = out / "doc-01" / STAMP
    stamp.write_text("{not json", encoding="utf-8")
    report = run(RunConfig(texts_dir=texts, out_dir=out, mt=False))
    assert [d.resumed for d in report.documents] == [False, False, False]
    assert_same_outputs(first, out)


def test_a_lost_glossary_is_rebuilt_from_the_kept_documents(fresh, tmp_path):
    texts, first = fresh
    out = copy(first, tmp_path / "out")
    (out / "glossary.db").unlink()
    (out / "glossary.tbx").unlink()
    report = run(RunConfig(texts_dir=texts, out_dir=out, mt=False))
    assert all(d.resumed for d in report.documents)
    assert_same_outputs(first, out)


def test_a_review_decision_redoes_its_document(fresh, tmp_path):
    from align.review import ReviewStore

    texts, first = fresh
    out = copy(first, tmp_path / "out")
    flags = json.loads((out / "doc-00" / "check.json").read_text(encoding="utf-8"))["flags"]
    assert flags, "the test needs a flag to decide on"
    with ReviewStore.beside(out, create=True) as review:
        review.decide("doc-00", flags[0]["key"], "dismissed", "checked", based_on=0)
    report = run(RunConfig(texts_dir=texts, out_dir=out, mt=False))
    assert [d.resumed for d in report.documents] == [False, True, True]
    dismissed = json.loads((out / "doc-00" / "check.json").read_text(encoding="utf-8"))["flags"]
    assert [f["status"] for f in dismissed if f["key"] == flags[0]["key"]] == ["dismissed"]


def _started(out: Path) -> int:
    return sum(1 for _ in out.glob(f"*/{STAMP}")) if out.is_dir() else 0


@pytest.mark.parametrize("when", ["while the first documents run", "after some documents finished"])
def test_kill_minus_nine_then_rerun_gives_the_uninterrupted_outputs(tmp_path, when):
    texts = corpus(tmp_path / "texts", pieces=6)
    reference = tmp_path / "reference"
    assert run(RunConfig(texts_dir=texts, out_dir=reference, mt=False)).ok
    out = tmp_path / "out"
    command = [str(Path(sys.executable).parent / "triglot"), "run", str(texts), "--out", str(out), "--no-mt", "--jobs", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True, cwd=Path(__file__).resolve().parents[1])
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline and process.poll() is None:
            if when.startswith("while") and (out / "glossary.db").exists():
                time.sleep(0.5)
                break
            if when.startswith("after") and _started(out) >= 2:
                break
            time.sleep(0.05)
        assert process.poll() is None, "the run ended before it could be killed"
        finished = _started(out)
        os.killpg(process.pid, signal.SIGKILL)  # the run and its worker processes
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert finished < 6
    report = run(RunConfig(texts_dir=texts, out_dir=out, mt=False))
    assert report.ok and sum(d.resumed for d in report.documents) >= finished
    assert_same_outputs(reference, out)
