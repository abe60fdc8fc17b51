"""`triglot run --jobs N`: documents on worker processes give the outputs of a one-job run,
byte for byte, and the same glossary."""
from __future__ import annotations

from pathlib import Path

import pytest

from align.pipeline import RunConfig, run
from glossary.store import GlossaryStore

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1] / "texts"


def corpus(folder: Path) -> Path:
    for lang in ("zh", "fr", "en"):
        (folder / lang).mkdir(parents=True)
        paras = [p for p in (ROOT / lang / "ai-governance-2024.txt").read_text(encoding="utf-8").split("\n") if p.strip()]
        half = len(paras) // 2
        for name, part in (("part-a", paras[:half]), ("part-b", paras[half:]), ("whole", paras)):
            (folder / lang / f"{name}.txt").write_text("\n".join(part) + "\n", encoding="utf-8")
    return folder


def test_two_workers_write_what_one_writes(tmp_path):
    texts = corpus(tmp_path / "texts")
    one = run(RunConfig(texts_dir=texts, out_dir=tmp_path / "one", mt=False), jobs=1)
    two = run(RunConfig(texts_dir=texts, out_dir=tmp_path / "two", mt=False), jobs=2)
    assert one.ok and two.ok and one.signature == two.signature
    assert [(d.doc_id, d.units, d.terms, d.flags) for d in one.documents] == \
        [(d.doc_id, d.units, d.terms, d.flags) for d in two.documents]
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*") if p.is_file())
    for relative in files:
        if relative.suffix != ".db":
            assert (tmp_path / "one" / relative).read_bytes() == (tmp_path / "two" / relative).read_bytes(), relative
    with GlossaryStore(tmp_path / "one" / "glossary.db") as a, GlossaryStore(tmp_path / "two" / "glossary.db") as b:
        assert a.entries() == b.entries()


def test_jobs_below_one_are_refused(tmp_path):
    from align.errors import UsageError

    with pytest.raises(UsageError, match="at least 1"):
        run(RunConfig(texts_dir=corpus(tmp_path / "texts"), out_dir=tmp_path / "out"), jobs=0)
