"""The pipeline: ingest → segment → align → terms → check → export.

``run`` drives every stage over all documents under ``texts/`` and writes
results under ``out/<doc-id>/``.  Stages are plain functions of typed values;
this module only wires them and writes files (atomically).  Nothing here prints:
progress goes to the ``on_progress`` callback the CLI supplies.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .corpus import DocumentSources, discover
from .errors import TriglotError
from .ingest import ingest_file
from .langid import ensure_language
from .models import CleanText, Issue, SegmentedText
from .segment import SEGMENTER_VERSION, segment_text
from .signature import Signature, base_signature
from .textio import read_text, write_text_atomic


@dataclass(frozen=True)
class RunConfig:
    texts_dir: Path = Path("texts")
    out_dir: Path = Path("out")


@dataclass(frozen=True)
class DocumentReport:
    doc_id: str
    languages: tuple[str, ...]
    missing: tuple[str, ...]
    sentences: dict[str, int] = field(default_factory=dict)
    outputs: tuple[Path, ...] = ()
    issues: tuple[Issue, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class RunReport:
    documents: tuple[DocumentReport, ...]
    signature: str

    @property
    def ok(self) -> bool:
        return all(d.ok for d in self.documents)

    def to_json(self) -> dict:
        return {
            "signature": self.signature,
            "ok": self.ok,
            "documents": [
                {
                    "doc_id": d.doc_id,
                    "languages": list(d.languages),
                    "missing": list(d.missing),
                    "sentences": d.sentences,
                    "outputs": [str(p) for p in d.outputs],
                    "issues": [issue.__dict__ for issue in d.issues],
                    "warnings": list(d.warnings),
                    "error": d.error,
                }
                for d in self.documents
            ],
        }


def pipeline_signature() -> Signature:
    return base_signature().with_part("seg", SEGMENTER_VERSION)


# --------------------------------------------------------------------------- stages


def load_clean_text(sources: DocumentSources, lang: str) -> tuple[CleanText, list[str]]:
    """The clean text of one version: ingested from the raw page when there is one."""
    warnings: list[str] = []
    if lang in sources.raw:
        clean = ingest_file(sources.raw[lang], lang, corrections_path=sources.corrections.get(lang))
        committed = sources.clean.get(lang)
        if committed is not None and read_text(committed).rstrip("\n") != clean.text.rstrip("\n"):
            warnings.append(
                f"{committed} differs from what ingest makes of {sources.raw[lang]}; "
                f"using the freshly ingested text (run `triglot ingest` to refresh it)")
        return clean, warnings
    path = sources.clean[lang]
    text = read_text(path)
    ensure_language(text, lang, str(path))
    return CleanText(lang=lang, text=text), warnings


def segments_to_json(doc_id: str, segmented: SegmentedText, signature: str) -> str:
    payload = {
        "doc_id": doc_id,
        "lang": segmented.lang,
        "signature": signature,
        "sentences": [
            {"id": s.id, "paragraph": s.paragraph, "text": s.text} for s in segmented.sentences
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def run_document(sources: DocumentSources, config: RunConfig, signature: str) -> DocumentReport:
    out = config.out_dir / sources.doc_id
    outputs: list[Path] = []
    issues: list[Issue] = []
    warnings: list[str] = []
    sentences: dict[str, int] = {}
    if sources.missing:
        warnings.append(f"{sources.doc_id}: no {', '.join(sources.missing)} version; "
                        f"stages needing it are skipped")
    try:
        segmented: dict[str, SegmentedText] = {}
        for lang in sources.languages:
            clean, clean_warnings = load_clean_text(sources, lang)
            warnings.extend(clean_warnings)
            issues.extend(clean.issues)
            path = out / "clean" / f"{lang}.txt"
            write_text_atomic(path, clean.text)
            outputs.append(path)
            segmented[lang] = segment_text(clean.text, lang)
            sentences[lang] = len(segmented[lang].sentences)
        for lang, seg in segmented.items():
            path = out / "segments" / f"{lang}.json"
            write_text_atomic(path, segments_to_json(sources.doc_id, seg, signature))
            outputs.append(path)
    except TriglotError as exc:
        return DocumentReport(sources.doc_id, sources.languages, sources.missing, sentences,
                              tuple(outputs), tuple(issues), tuple(warnings), error=str(exc))
    return DocumentReport(sources.doc_id, sources.languages, sources.missing, sentences,
                          tuple(outputs), tuple(issues), tuple(warnings))


ProgressCallback = Callable[[int, int, str], None]  # (done, total, what is starting)


def run(config: RunConfig, on_progress: ProgressCallback | None = None) -> RunReport:
    """Run every stage over every document; one document's bad input does not stop the others."""
    documents = discover(config.texts_dir)
    signature = str(pipeline_signature())
    reports = []
    for done, sources in enumerate(documents):
        if on_progress:
            on_progress(done, len(documents), sources.doc_id)
        reports.append(run_document(sources, config, signature))
    if on_progress:
        on_progress(len(documents), len(documents), "")
    return RunReport(tuple(reports), signature)
