"""The pipeline: ingest → segment → align → terms → check → export.

``run`` drives every stage over all documents under ``texts/`` and writes
results under ``out/``:

    out/<doc>/clean/<lang>.txt        ingest (from a raw page, or the clean text as given)
    out/<doc>/segments/<lang>.json    segment
    out/<doc>/alignment.json          align: the one alignment later stages read
    out/<doc>/align/<a>-<b>.align     align: pairwise beads, one a line
    out/glossary.db, glossary.tbx, glossary.tsv   terms: the termbase of all documents
    out/<doc>/check.{html,md,csv,json}            check: the reviewer's report
    out/<doc>/tmx/<doc>[.<a>-<b>].{tmx,tsv}       export: translation memories

Stages are plain functions of typed values; this module only wires them and
writes files (atomically).  Nothing here prints: progress goes to the
``on_progress`` callback the CLI supplies.  Engines (the sentence encoder, the
dictionary, installed MT models) are loaded once per run and shared.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Callable, Mapping

from .corpus import DocumentSources, discover
from .errors import TriglotError
from .ingest import ingest_file
from .lang.langid import ensure_language
from .models import LANGUAGES, Alignment, CleanText, Issue, SegmentedText, Termbase
from .segment import SEGMENTER_VERSION, segment_text
from .signature import Signature, base_signature
from .textio import read_text, write_text_atomic

STAGES = ("ingest", "segment", "align", "terms", "check", "export")


@dataclass(frozen=True)
class RunConfig:
    texts_dir: Path = Path("texts")
    out_dir: Path = Path("out")
    stages: tuple[str, ...] = STAGES
    glossary_db: Path | None = None  # default: <out_dir>/glossary.db
    termbase: Path | None = None  # extra approved terms (TBX/CSV/TSV) for the terminology check
    mt: bool = True  # use installed argostranslate models for reference-translation scores

    @property
    def glossary_path(self) -> Path:
        return self.glossary_db or self.out_dir / "glossary.db"


@dataclass(frozen=True)
class DocumentReport:
    doc_id: str
    languages: tuple[str, ...]
    missing: tuple[str, ...]
    sentences: dict[str, int] = field(default_factory=dict)
    units: int = 0
    terms: int = 0
    flags: int = 0
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
    outputs: tuple[Path, ...] = ()  # outputs of the whole run (the glossary exports)

    @property
    def ok(self) -> bool:
        return all(d.ok for d in self.documents)

    def to_json(self) -> dict:
        return {
            "signature": self.signature,
            "ok": self.ok,
            "outputs": [str(p) for p in self.outputs],
            "documents": [
                {
                    "doc_id": d.doc_id,
                    "languages": list(d.languages),
                    "missing": list(d.missing),
                    "sentences": d.sentences,
                    "units": d.units,
                    "terms": d.terms,
                    "flags": d.flags,
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


# --------------------------------------------------------------------------- engines


class Engines:
    """The engines of one run, loaded on first use and shared by every stage."""

    def __init__(self, mt: bool = True):
        self.mt = mt

    @cached_property
    def aligner(self):
        from .aligner import load_aligner_engines
        from .lang.words import load_jieba

        load_jieba()  # before any stage cuts words: keeps jieba's start-up chatter off stderr
        return load_aligner_engines()

    @cached_property
    def encoder(self):
        from .engines.cache import CachingEncoder

        return CachingEncoder(self.aligner.encoder)

    @property
    def dictionary(self):
        return self.aligner.dictionaries.get("zh")

    @cached_property
    def checks(self):
        from .checks import CheckEngines
        from .checks.engines import translators_or_reason

        translators, missing = translators_or_reason(self.mt)
        return CheckEngines(self.encoder, self.dictionary, translators, missing)


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


def align_document(doc_id: str, texts: Mapping[str, SegmentedText], engines) -> tuple[Alignment, tuple[str, ...]]:
    """Align every pair of the versions and make them consistent (trilingual units)."""
    import warnings as py_warnings

    from .aligner import align_three

    langs = [lang for lang in LANGUAGES if lang in texts] + sorted(set(texts) - set(LANGUAGES))
    with py_warnings.catch_warnings():
        py_warnings.simplefilter("ignore")  # returned in the result instead
        result = align_three({lang: texts[lang].texts for lang in langs},
                             paragraphs={lang: [s.paragraph for s in texts[lang].sentences] for lang in langs},
                             engines=engines)
    alignment = Alignment(doc_id, {lang: texts[lang] for lang in langs}, result.units,
                          dict(result.pairs), result.signature)
    return alignment, tuple(result.warnings)


def read_version(path: Path, lang: str, presplit: bool = False) -> SegmentedText:
    """One language version from a file: a clean text to segment, or one sentence a line."""
    from .lang.langid import check_language_code
    from .segment import presplit_text

    code = check_language_code(lang)
    text = read_text(path)
    ensure_language(text, code, str(path))
    return presplit_text(text, code) if presplit else segment_text(text, code)


def document_alignment(*, doc: str | None = None, files: Mapping[str, Path] | None = None,
                       stored: Path | None = None, texts_dir: Path = Path("texts"),
                       engines: "Engines | None" = None) -> tuple[Alignment, tuple[str, ...]]:
    """The alignment a command works on: a stored ``alignment.json``, a document id under
    ``texts_dir``, or two or three language versions given as files."""
    from .errors import UsageError

    if stored is not None:
        from .formats.alignment_json import read_alignment

        return read_alignment(stored), ()
    if doc:
        found = {d.doc_id: d for d in discover(texts_dir)}
        if doc not in found:
            raise UsageError(f"no document {doc!r} under {texts_dir} (found: {', '.join(sorted(found))})")
        sources = found[doc]
        segmented = {lang: segment_text(load_clean_text(sources, lang)[0].text, lang)
                     for lang in sources.languages}
        doc_id = doc
    else:
        files = dict(files or {})
        if len(files) < 2:
            raise UsageError("give a document id, --alignment FILE, or at least two of --zh/--fr/--en")
        segmented = {lang: read_version(path, lang) for lang, path in files.items()}
        doc_id = next(iter(files.values())).stem
    if len(segmented) < 2:
        raise UsageError(f"document {doc_id!r} has only {', '.join(segmented)}: nothing to align")
    return align_document(doc_id, segmented, (engines or Engines()).aligner)


def write_alignment_files(alignment: Alignment, out: Path) -> list[Path]:
    from .aligner import format_beads
    from .formats.alignment_json import write_alignment

    paths = [out / "alignment.json"]
    write_alignment(paths[0], alignment)
    for (src, tgt), pair in alignment.pairs.items():
        path = out / "align" / f"{src}-{tgt}.align"
        write_text_atomic(path, format_beads(pair.beads))
        paths.append(path)
    return paths


def termbase_for_checks(store, extra: Path | None) -> Termbase:
    """What the terminology check compares against: approved entries of the glossary
    (candidates are not yet renderings anyone has agreed on), plus a termbase file."""
    from glossary.exchange import approved_termbase
    from glossary.models import APPROVED

    entries = list(store.entries([APPROVED])) if store is not None else []
    if extra is not None:
        from glossary.exchange import read_glossary

        entries += read_glossary(extra)
    return approved_termbase(entries)


# --------------------------------------------------------------------------- the run


ProgressCallback = Callable[[int, int, str], None]  # (done, total, what is starting)


@dataclass
class _Shared:
    """State of one run shared across documents: engines and the glossary store."""

    config: RunConfig
    signature: str
    engines: Engines
    store: object | None = None


def run_document(sources: DocumentSources, shared: _Shared) -> DocumentReport:
    config = shared.config
    out = config.out_dir / sources.doc_id
    report = DocumentReport(sources.doc_id, sources.languages, sources.missing)
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
            write_text_atomic(path, segments_to_json(sources.doc_id, seg, shared.signature))
            outputs.append(path)
        report = replace(report, sentences=sentences)

        if "align" not in config.stages or len(segmented) < 2:
            return replace(report, outputs=tuple(outputs), issues=tuple(issues), warnings=tuple(warnings))
        alignment, align_warnings = align_document(sources.doc_id, segmented, shared.engines.aligner)
        warnings.extend(f"{sources.doc_id}: {w}" for w in align_warnings)
        outputs += write_alignment_files(alignment, out)
        report = replace(report, units=len(alignment.units))

        if "terms" in config.stages and shared.store is not None and len(segmented) == 3:
            from glossary.extract import extract_terms

            entries = extract_terms(alignment, encoder=shared.engines.encoder,
                                    dictionary=shared.engines.dictionary)
            shared.store.merge_candidates(entries, prune_source=sources.doc_id)
            report = replace(report, terms=len(entries))

        if "check" in config.stages:
            from .report.stage import run_check_stage

            termbase = termbase_for_checks(shared.store, config.termbase)
            checked = run_check_stage(alignment, out, termbase=termbase or None,
                                      engines=shared.engines.checks)
            outputs += checked.paths
            report = replace(report, flags=len(checked.result.flags))

        if "export" in config.stages:
            from .export import export_alignment

            exported = export_alignment(alignment, out / "tmx")
            outputs += [f.path for f in exported.files]
    except TriglotError as exc:
        return replace(report, outputs=tuple(outputs), issues=tuple(issues), warnings=tuple(warnings),
                       error=str(exc))
    return replace(report, outputs=tuple(outputs), issues=tuple(issues), warnings=tuple(warnings))


def run(config: RunConfig, on_progress: ProgressCallback | None = None) -> RunReport:
    """Run every stage over every document; one document's bad input does not stop the others."""
    unknown = [s for s in config.stages if s not in STAGES]
    if unknown:
        from .errors import UsageError

        raise UsageError(f"unknown stage(s) {', '.join(unknown)}; choose from {', '.join(STAGES)}")
    documents = discover(config.texts_dir)
    signature = str(pipeline_signature())
    shared = _Shared(config, signature, Engines(mt=config.mt))
    outputs: list[Path] = []
    store = None
    if "terms" in config.stages and "align" in config.stages:
        from glossary.store import GlossaryStore

        store = GlossaryStore(config.glossary_path, create=True)
    shared.store = store
    reports = []
    try:
        for done, sources in enumerate(documents):
            if on_progress:
                on_progress(done, len(documents), sources.doc_id)
            reports.append(run_document(sources, shared))
        signature = run_signature(signature, shared.engines)
        if store is not None:
            outputs += export_termbase(store, config.out_dir, signature)
    finally:
        if store is not None:
            store.close()
    if on_progress:
        on_progress(len(documents), len(documents), "")
    return RunReport(tuple(reports), signature, tuple(outputs))


def run_signature(signature: str, engines: Engines) -> str:
    """The run's signature: segmenter, and the engines and models when a stage loaded them."""
    if "aligner" not in engines.__dict__:  # nothing was aligned: no engine was loaded
        return signature
    from glossary.extract import EXTRACTOR_VERSION

    return f"{signature}|{engines.aligner.signature()}|terms:{EXTRACTOR_VERSION}"


def export_termbase(store, out_dir: Path, signature: str) -> list[Path]:
    """The run's termbase as TBX (for CAT tools) and TSV (for spreadsheets); rejected entries left out."""
    from glossary.exchange import export_glossary
    from glossary.models import APPROVED, CANDIDATE

    paths = [out_dir / "glossary.tbx", out_dir / "glossary.tsv"]
    for path in paths:
        export_glossary(store, path, signature=signature, statuses=[APPROVED, CANDIDATE])
    return paths
