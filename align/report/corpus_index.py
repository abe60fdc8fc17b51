"""The corpus page (``out/index.html``): every document of a run with its counts, the flags
left open and links to its report and files; the run's own files below.  One static file,
deterministic (no clock), to open from disk or mail with the outputs."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

from ..textio import write_text_atomic


@dataclass(frozen=True)
class CorpusRow:
    doc_id: str
    sentences: Mapping[str, int] = field(default_factory=dict)
    units: int = 0
    terms: int = 0
    flags: int = 0  # left open
    error: str | None = None
    warnings: int = 0
    files: Sequence[tuple[str, str]] = ()  # (label, path relative to the page)


def render_corpus_index(rows: Sequence[CorpusRow], run_files: Sequence[tuple[str, str]], signature: str) -> str:
    from .jinja import template

    totals = {"documents": len(rows), "failed": sum(1 for r in rows if r.error), "units": sum(r.units for r in rows),
              "flags": sum(r.flags for r in rows)}
    return template("corpus.html.j2").render(rows=rows, run_files=run_files, signature=signature,
                                                     totals=totals, langs=("zh", "fr", "en"))


def write_corpus_index(path: Path, rows: Sequence[CorpusRow], run_files: Sequence[tuple[str, str]],
                       signature: str) -> Path:
    write_text_atomic(Path(path), render_corpus_index(rows, run_files, signature))
    return Path(path)
