"""The pipeline: ingest → segment → align → terms → check → export.

``run`` drives every stage over all documents under ``texts/`` and writes
results under ``out/``:

    out/<doc>/clean/<lang>.txt        ingest (from a raw page, or the clean text as given)
    out/<doc>/segments/<lang>.json    segment
    out/<doc>/alignment.json          align: the one alignment later stages read
    out/<doc>/align/<a>-<b>.align     align: pairwise beads, one a line
    out/glossary.db, glossary.tbx, glossary.tsv   terms: the termbase of all documents
    out/<doc>/check.{html,md,csv,json}            check: the reviewer's report
    out/<doc>/tmx/<doc>[.<a>-<b>].{tmx,tsv}       export: translation memories,
    out/<doc>/tmx/<doc>.zh-<x>.xlf, <doc>.xlsx      XLIFF for CAT tools, a spreadsheet
    out/corpus.tmx, corpus.<a>-<b>.tmx            export: the memory of all documents, each unit once
    out/index.html                                the corpus page: every document, its counts and files
    out/review.db, review-decisions.{json,csv}    what reviewers decided (``triglot review``),
                                                  read back and applied by every run

Stages are plain functions of typed values; this module only wires them and
writes files (atomically).  Nothing here prints: progress goes to the
``on_progress`` callback the CLI supplies.  Engines (the sentence encoder, the
dictionary, installed MT models) are loaded once per run and shared.
"""
from __future__ import annotations

import collections.abc
import json
import os
import shutil
import threading
import tomllib
import types
import typing
from contextlib import closing, contextmanager
import warnings as py_warnings
from dataclasses import dataclass, field, fields, replace
from functools import cached_property, partial
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from glossary.exchange import approved_termbase, export_glossary, read_glossary, read_glossary_signature
from glossary.confidence import export_threshold
from glossary.extract import EXTRACTOR_VERSION, ExtractionSettings, extract_terms
from glossary.models import APPROVED, CANDIDATE, TermEntry
from glossary.store import GlossaryStore

from .aligner import AlignerSettings, align_three, format_beads, load_aligner_engines
from .checks import CheckEngines, CheckResult, CheckSettings, all_checks, run_checks
from .checks.engines import translators_or_reason
from .corpus import DocumentSources, discover
from .executors import Executor, make_executor
from .engines.cache import CachingEncoder
from .errors import BadInputError, ConflictError, TriglotError, UsageError
from .export import CORPUS_STEM, ExportSummary, export_alignment, export_corpus_memory
from .formats.alignment_json import read_alignment, write_alignment
from .formats.base import TmFlag
from .formats.tmx import TmxSettings, alignment_from_tmx, resolve_creation_date
from .formats.xliff import XliffSettings, alignment_from_xliff
from .formats.xlsx import alignment_from_sheet
from .formats.tsv import TsvSettings
from .ingest import ingest_file, normalise_controls
from .ledger import OUTPUT_ENVIRONMENT, document_key, read_stamp, run_key, write_stamp
from .readers import read_document
from .lang.langid import check_language_code, ensure_language, ordered_languages
from .lang.script import to_simplified
from .lang.words import load_jieba
from .limits import DEFAULT_LIMITS, Limits
from .models import LANGUAGES, Alignment, CleanText, Issue, SegmentedText, Termbase
from .report import REPORT_FORMATS, write_report_set
from .report.corpus_index import CorpusRow, write_corpus_index
from .report.json_report import read_flags
from .review import REVIEW_DB, ReviewStore, texts_hash, with_units
from .review.concordance import Concordance
from .review.export import decision_paths, write_decisions
from .checks.review import apply_reviews
from .segment import SEGMENTER_VERSION, presplit_text, segment_text
from .signature import Signature, base_signature
from .textio import cannot_write, read_bytes, read_text, write_text_atomic

STAGES = ("ingest", "segment", "align", "terms", "check", "export")


@dataclass(frozen=True)
class RunConfig:
    """Everything a run depends on: where texts and outputs are, which stages run, and
    every stage's settings (``triglot run --config FILE.toml`` sets them; see
    :func:`load_config`).  Settings that differ from the defaults go into the signature."""

    texts_dir: Path = Path("texts")
    out_dir: Path = Path("out")
    stages: tuple[str, ...] = STAGES
    glossary_db: Path | None = None  # default: <out_dir>/glossary.db
    termbase: Path | None = None  # extra approved terms (TBX/CSV/TSV) for the terminology check
    mt: bool = True  # use installed argostranslate models for reference-translation scores
    align: AlignerSettings = field(default_factory=AlignerSettings)
    terms: ExtractionSettings = field(default_factory=ExtractionSettings)
    check: CheckSettings = field(default_factory=CheckSettings)
    report_formats: tuple[str, ...] = REPORT_FORMATS
    tmx: TmxSettings = field(default_factory=TmxSettings)
    tsv: TsvSettings = field(default_factory=TsvSettings)
    xliff: XliffSettings = field(default_factory=XliffSettings)
    limits: Limits = field(default_factory=Limits)  # how large an input may be (not in the signature)

    def __post_init__(self) -> None:
        unknown = [s for s in self.stages if s not in STAGES]
        if unknown:
            raise UsageError(f"unknown stage(s) {', '.join(unknown)}; choose from {', '.join(STAGES)}")
        bad = [f for f in self.report_formats if f not in REPORT_FORMATS]
        if bad:
            raise UsageError(f"unknown report format(s) {', '.join(bad)}; choose from {', '.join(REPORT_FORMATS)}")
        all_checks(self.check)  # an unknown check is refused now, not after every document aligned
        if len(self.terms.languages) != 3 or set(self.terms.languages) != set(LANGUAGES):
            raise UsageError(f"terms.languages must name zh, fr and en once each, not {self.terms.languages}")

    @property
    def glossary_path(self) -> Path:
        return self.glossary_db or self.out_dir / "glossary.db"

    def with_absolute_paths(self) -> "RunConfig":
        """The same settings with every path absolute (for workers on other machines, which
        start in another folder: the texts and outputs must be on a shared filesystem)."""
        return replace(self, texts_dir=self.texts_dir.resolve(), out_dir=self.out_dir.resolve(),
                       glossary_db=self.glossary_db.resolve() if self.glossary_db else None,
                       termbase=self.termbase.resolve() if self.termbase else None)

    def changed_settings(self) -> str:
        """``section.name=value`` for every stage setting that is not the default, in a
        fixed order ("" for a run with the defaults): the config part of the signature.
        (Whether MT and a termbase were used is in the check report's own signature.)"""
        default = RunConfig()
        changed = []
        for section in _SECTIONS:
            if section == "limits":  # they refuse input, never change an output
                continue
            ours, theirs = getattr(self, section), getattr(default, section)
            for f in fields(ours):
                value = getattr(ours, f.name)
                if value != getattr(theirs, f.name):
                    changed.append(f"{section}.{f.name}={_plain(value)}")
            if section == "check" and self.report_formats != default.report_formats:
                changed.append(f"report.formats={'+'.join(self.report_formats)}")
        return ",".join(changed)


    def to_toml(self) -> str:
        """The settings that differ from the defaults as a TOML file ``load_config`` reads back
        (what ``triglot review`` needs to rewrite reports as the run wrote them)."""
        default = RunConfig()
        lines = ["# The settings of the last `triglot run` into this folder that differ from the defaults;",
                 "# `triglot review` reads them to rewrite reports and exports the same way.", ""]
        run_lines = [f"{key} = {_toml(getattr(self, name))}" for key, name in _RUN_KEYS.items()
                     if name not in ("texts_dir", "out_dir") and getattr(self, name) != getattr(default, name)
                     and getattr(self, name) is not None]
        if run_lines:
            lines += ["[run]", *run_lines, ""]
        if self.report_formats != default.report_formats:
            lines += ["[report]", f"formats = {_toml(self.report_formats)}", ""]
        for section in _SECTIONS:
            ours, theirs = getattr(self, section), getattr(default, section)
            changed = [f"{f.name} = {_toml(getattr(ours, f.name))}" for f in fields(ours)
                       if getattr(ours, f.name) != getattr(theirs, f.name) and getattr(ours, f.name) is not None]
            if changed:
                lines += [f"[{section}]", *changed, ""]
        return "\n".join(lines).rstrip() + "\n"


RUN_SETTINGS = "run-settings.toml"  # beside a run's outputs
RUN_LOCK = ".triglot-run.lock"  # held by the run writing into an output folder


def _toml(value: Any) -> str:
    """A TOML value for a setting: text, number, boolean, a list (pairs as "zh-fr"), a table."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, Path):
        return json.dumps(str(value.resolve()), ensure_ascii=False)
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(json.dumps("-".join(v) if isinstance(v, (tuple, list)) else str(v), ensure_ascii=False)
                               for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{json.dumps(str(k))} = {json.dumps(str(v), ensure_ascii=False)}"
                                 for k, v in sorted(value.items())) + " }"
    return json.dumps(str(value), ensure_ascii=False)


# TOML sections holding one stage's settings: the RunConfig field of each.
_SECTIONS = ("align", "terms", "check", "tmx", "tsv", "xliff", "limits")
_RUN_KEYS = {"texts": "texts_dir", "out": "out_dir", "stages": "stages", "db": "glossary_db",
             "termbase": "termbase", "mt": "mt"}


def _plain(value: Any) -> str:
    if isinstance(value, (tuple, list)):
        return "+".join(_plain(v) for v in value)
    if isinstance(value, Mapping):
        return "+".join(f"{k}:{v}" for k, v in sorted(value.items()))
    return str(value)


def load_config(path: Path, base: RunConfig | None = None) -> RunConfig:
    """A run configuration from a TOML file, over ``base`` (defaults when None).

    ``[run]`` takes texts, out, stages, db, termbase, mt; ``[align]``, ``[terms]``,
    ``[check]``, ``[tmx]``, ``[tsv]`` take the fields of that stage's settings, ``[limits]``
    those of :class:`~align.limits.Limits` (a table
    such as ``tmx.lang_tags`` is merged over the default one); ``[report] formats =
    ["html", "json"]``.  Relative paths are read from the working directory.  Unknown
    sections or keys, wrongly typed or impossible values: one message naming the file.
    """
    path = Path(path)
    try:
        table = tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise BadInputError(f"{path}: not a valid TOML file ({exc})") from None
    config = base or RunConfig()
    changes: dict[str, Any] = {}
    try:
        for section, values in table.items():
            if not isinstance(values, dict):
                raise BadInputError(f"{path}: {section!r} must be a [section]")
            if section == "run":
                for key, value in values.items():
                    if key not in _RUN_KEYS:
                        raise BadInputError(f"{path}: [run] has no setting {key!r} "
                                            f"(known: {', '.join(_RUN_KEYS)})")
                    field_name = _RUN_KEYS[key]
                    changes[field_name] = _config_value(path, f"run.{key}", RunConfig, field_name,
                                                        getattr(config, field_name), value)
            elif section == "report":
                for key, value in values.items():
                    if key != "formats":
                        raise BadInputError(f"{path}: [report] has no setting {key!r} (known: formats)")
                    changes["report_formats"] = _config_value(path, "report.formats", RunConfig,
                                                              "report_formats", config.report_formats, value)
            elif section in _SECTIONS:
                current = getattr(config, section)
                known = {f.name for f in fields(current)}
                updates = {}
                for key, value in values.items():
                    if key not in known:
                        raise BadInputError(f"{path}: [{section}] has no setting {key!r} "
                                            f"(known: {', '.join(sorted(known))})")
                    updates[key] = _config_value(path, f"{section}.{key}", type(current), key,
                                                 getattr(current, key), value)
                changes[section] = replace(current, **updates)
            else:
                raise BadInputError(f"{path}: unknown section [{section}] "
                                    f"(known: run, report, {', '.join(_SECTIONS)})")
        return replace(config, **changes)
    except UsageError as exc:  # a value the settings refuse (an unknown stage, check, tag…)
        raise BadInputError(f"{path}: {exc}") from None


def _setting_type(cls: type, name: str) -> Any:
    """The declared type of setting ``name`` of dataclass ``cls``, ``X`` for ``X | None``."""
    hint = typing.get_type_hints(cls)[name]
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
    return hint


def _config_value(path: Path, name: str, cls: type, field_name: str, current: Any, value: Any) -> Any:
    """``value`` from TOML as the declared type of the setting it replaces."""
    def wrong(expected: str):
        return BadInputError(f"{path}: {name} must be {expected}, not {value!r}")

    kind = _setting_type(cls, field_name)
    origin = typing.get_origin(kind) or kind
    if kind is bool:
        if not isinstance(value, bool):
            raise wrong("true or false")
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise wrong("a whole number")
        return value
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise wrong("a number")
        return float(value)
    if kind is str:
        if not isinstance(value, str):
            raise wrong("a string")
        return value
    if kind is Path:
        if not isinstance(value, str) or not value or "\x00" in value:  # no file name holds a NUL
            raise wrong("a path")
        return Path(value)
    if origin is tuple:
        if not isinstance(value, list):
            raise wrong("a list")
        item = typing.get_args(kind)[0]
        if typing.get_origin(item) is tuple:  # language pairs: ["zh-fr", "fr-en"]
            if not all(isinstance(v, str) and v.count("-") == 1 for v in value):
                raise wrong('a list of pairs such as "zh-fr"')
            return tuple(tuple(v.split("-")) for v in value)
        if not all(isinstance(v, str) for v in value):
            raise wrong("a list of strings")
        return tuple(value)
    if origin in (Mapping, dict, collections.abc.Mapping):
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise wrong("a table of strings")
        return {**current, **value}
    raise wrong(getattr(kind, "__name__", str(kind)))


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
    # For the run, not the summary: the document's term candidates (merged into the glossary
    # in document order, whichever worker made them) and the engines' signature.
    entries: tuple = field(default=(), repr=False, compare=False)
    engines: str = field(default="", repr=False, compare=False)
    resumed: bool = False  # the outputs of an earlier run were kept: nothing had changed

    @property
    def ok(self) -> bool:
        return self.error is None

    def counts_json(self) -> dict:
        """What the document is and what its stages found, as JSON values."""
        return {"doc_id": self.doc_id, "languages": list(self.languages), "missing": list(self.missing),
                "sentences": dict(self.sentences), "units": self.units, "terms": self.terms, "flags": self.flags,
                "issues": [issue.__dict__ for issue in self.issues], "warnings": list(self.warnings)}

    def to_stamp(self) -> dict:
        """What a document's stamp records of its report (the outputs it lists itself)."""
        return {**self.counts_json(), "entries": [entry.to_json() for entry in self.entries],
                "engines": self.engines}

    @classmethod
    def from_stamp(cls, data: Mapping, outputs: tuple[Path, ...]) -> "DocumentReport":
        return cls(data["doc_id"], tuple(data["languages"]), tuple(data["missing"]), dict(data["sentences"]),
                   data["units"], data["terms"], data["flags"], outputs,
                   tuple(Issue(**issue) for issue in data["issues"]), tuple(data["warnings"]), None,
                   tuple(TermEntry.from_json(e) for e in data["entries"]), data["engines"], resumed=True)


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
            "documents": [{**d.counts_json(), "outputs": [str(p) for p in d.outputs], "error": d.error,
                           "resumed": d.resumed} for d in self.documents],
        }


def pipeline_signature() -> Signature:
    return base_signature().with_part("seg", SEGMENTER_VERSION)


# --------------------------------------------------------------------------- engines


class RunEngines:
    """The engines of one run, loaded on first use and shared by every stage (each stage
    gets the bundle it needs: :class:`align.aligner.AlignerEngines`, :class:`CheckEngines`)."""

    def __init__(self, mt: bool = True, max_decoding_length: int = CheckSettings().mt_max_decoding_length):
        self.mt = mt
        self.max_decoding_length = max_decoding_length

    @classmethod
    def for_config(cls, config: "RunConfig") -> "RunEngines":
        """The engines a run with ``config`` uses (MT as its settings say)."""
        return cls(config.mt, config.check.mt_max_decoding_length)

    @cached_property
    def aligner(self):
        load_jieba()  # before any stage cuts words: keeps jieba's start-up chatter off stderr
        return load_aligner_engines()

    @cached_property
    def encoder(self):
        return CachingEncoder(self.aligner.encoder)

    @property
    def dictionary(self):
        return self.aligner.dictionaries.get("zh")

    @cached_property
    def checks(self) -> CheckEngines:
        translators, missing = translators_or_reason(self.mt, self.max_decoding_length)
        return CheckEngines(self.encoder, self.dictionary, translators, missing)

    def next_document(self) -> None:
        """Forget what the last document left in the engines' memos (bounded memory over an
        archive; each document's results independent of the documents before it)."""
        if "encoder" in self.__dict__:
            self.encoder.clear()


# --------------------------------------------------------------------------- the stages
# One function a stage: typed values in, typed values out; each writes its own outputs
# (atomically) under the document's folder and returns their paths.


@dataclass(frozen=True)
class Ingested:
    clean: CleanText
    warnings: tuple[str, ...] = ()


def run_ingest(sources: DocumentSources, lang: str, limits: Limits = DEFAULT_LIMITS) -> Ingested:
    """The clean text of one version: ingested from the raw page when there is one."""
    warnings: list[str] = []
    if lang in sources.raw:
        clean = ingest_file(sources.raw[lang], lang, corrections_path=sources.corrections.get(lang),
                            limits=limits)
        limits.check_lines(f"{sources.raw[lang]} (cleaned)", clean.text)  # a page may be one long line
        committed = sources.clean.get(lang)
        if committed is not None and read_text(committed, limits, lang).rstrip("\n") != clean.text.rstrip("\n"):
            warnings.append(
                f"{committed} differs from what ingest makes of {sources.raw[lang]}; "
                f"using the freshly ingested text (run `triglot ingest` to refresh it)")
        return Ingested(clean, tuple(warnings))
    if lang in sources.documents:
        return read_office_file(sources.documents[lang], lang, limits, committed=sources.clean.get(lang))
    path = sources.clean[lang]
    text, issues = normalise_controls(read_text(path, limits, lang))
    ensure_language(text, lang, str(path))
    return Ingested(CleanText(lang=lang, text=text, issues=issues))


def read_office_file(path: Path, lang: str, limits: Limits = DEFAULT_LIMITS, *,
                     committed: Path | None = None) -> Ingested:
    """The clean text of a .docx, .odt or .pdf version (one paragraph a line, notes after the
    body), with a warning for what the reader left out or kept apart."""
    document = read_document(path, limits)
    text, issues = normalise_controls(document.text())
    if lang == "zh":
        text = to_simplified(text)  # as ingest does for pages: the checks read Simplified script
    limits.check_lines(f"{path} (read)", text)
    ensure_language(text, lang, str(path))
    warnings = [f"{path}: {what}" for what in document.dropped]
    summary = f"read {len(document.paragraphs)} paragraph(s)" + (f" and {len(document.notes)} note(s)" if document.notes else "")
    if committed is not None and read_text(committed, limits, lang).rstrip("\n") != text.rstrip("\n"):
        warnings.append(f"{committed} differs from what the reader makes of {path}; using {path}")
    return Ingested(CleanText(lang=lang, text=text, issues=issues, summary=summary), tuple(warnings))


def run_segment(clean: CleanText, limits: Limits = DEFAULT_LIMITS, name: str = "") -> SegmentedText:
    """Sentences of a clean text; more than ``limits`` allow is refused here, before the
    stages that grow with them."""
    segmented = segment_text(clean.text, clean.lang)
    limits.check_sentences(name or f"the {clean.lang} version", len(segmented.sentences))
    return segmented


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


def run_align(doc_id: str, texts: Mapping[str, SegmentedText], engines,
              settings: AlignerSettings | None = None,
              limits: Limits = DEFAULT_LIMITS) -> tuple[Alignment, tuple[str, ...]]:
    """Align every pair of the versions and make them consistent (trilingual units);
    ``engines`` are the aligner's (:attr:`RunEngines.aligner`)."""
    langs = ordered_languages(texts)
    with py_warnings.catch_warnings():
        py_warnings.simplefilter("ignore")  # returned in the result instead
        result = align_three({lang: texts[lang].texts for lang in langs},
                             paragraphs={lang: [s.paragraph for s in texts[lang].sentences] for lang in langs},
                             engines=engines, settings=settings or AlignerSettings(), limits=limits)
    alignment = Alignment(doc_id, {lang: texts[lang] for lang in langs}, result.units,
                          dict(result.pairs), result.signature)
    return alignment, tuple(result.warnings)


def write_alignment_files(alignment: Alignment, out: Path) -> list[Path]:
    paths = [out / "alignment.json"]
    write_alignment(paths[0], alignment)
    for (src, tgt), pair in alignment.pairs.items():
        path = out / "align" / f"{src}-{tgt}.align"
        write_text_atomic(path, format_beads(pair.beads))
        paths.append(path)
    return paths


def run_terms(alignment: Alignment, engines: RunEngines, settings: ExtractionSettings | None = None):
    """Trilingual term candidates of one document (glossary entries, not yet stored)."""
    return extract_terms(alignment, encoder=engines.encoder, dictionary=engines.dictionary,
                         settings=settings or ExtractionSettings())


@dataclass(frozen=True)
class Checked:
    result: CheckResult
    paths: tuple[Path, ...]


def run_check(alignment: Alignment, out_dir: Path, *, termbase: Termbase | None = None,
              engines: CheckEngines | str | None = "auto", settings: CheckSettings | None = None,
              formats=REPORT_FORMATS, stem: str = "check", review: ReviewStore | None = None) -> Checked:
    """Check one aligned document and write ``out_dir/<stem>.{json,md,csv,html}``, with the
    reviewers' decisions on its flags when there is a review store."""
    result = run_checks(alignment, termbase=termbase, engines=engines, settings=settings)
    if review is not None:
        result = apply_reviews(result, review.decisions(alignment.doc_id), review.rules())
    return Checked(result, tuple(write_report_set(result, alignment, out_dir, formats, stem)))


def reviewed_alignment(alignment: Alignment, review: ReviewStore | None) -> tuple[Alignment, tuple[str, ...]]:
    """The aligner's alignment with a reviewer's edits when they were made on these very texts
    (the edits are kept, not applied, when the texts have changed since)."""
    stored = review.units(alignment.doc_id) if review is not None else None
    if stored is None:
        return alignment, ()
    doc = alignment.doc_id
    if stored.texts_hash != texts_hash(alignment.texts):
        return alignment, (f"{doc}: the texts changed since a reviewer edited the alignment; the "
                           f"{stored.edits} edit(s) are kept in {review.path} but not applied",)
    return with_units(alignment, stored.units), ()


def run_export(alignment: Alignment, out_dir: Path, tmx: TmxSettings | None = None,
               tsv: TsvSettings | None = None, *, xliff: XliffSettings | None = None,
               checked: CheckResult | None = None) -> ExportSummary:
    """TMX, TSV, XLIFF and XLSX of one document; the flags ``checked`` left open are marked."""
    return export_alignment(alignment, out_dir, tmx, tsv, xliff=xliff, flags=unit_flags(checked))


def unit_flags(checked: CheckResult | None) -> dict[int, tuple[TmFlag, ...]]:
    """The open flags of a check, by unit, as the export formats mark them."""
    out: dict[int, list[TmFlag]] = {}
    for flag in checked.open_flags if checked is not None else ():
        out.setdefault(flag.unit, []).append(TmFlag(flag.kind, tuple(flag.langs), flag.message))
    return {unit: tuple(flags) for unit, flags in out.items()}


def termbase_for_checks(store, extra: Path | None) -> Termbase:
    """What the terminology check compares against: approved entries of the glossary
    (candidates are not yet renderings anyone has agreed on), plus a termbase file."""
    entries = list(store.entries([APPROVED])) if store is not None else []
    if extra is not None:
        entries += read_glossary(extra)
    return approved_termbase(entries)


def termbase_paths(out_dir: Path) -> list[Path]:
    """Where a run writes its termbase."""
    return [out_dir / "glossary.tbx", out_dir / "glossary.tsv"]


def export_termbase(store, out_dir: Path, signature: str) -> list[Path]:
    """The run's termbase as TBX (for CAT tools) and TSV (for spreadsheets): approved entries and
    the candidates at or above the term model's export threshold (chosen for precision, see
    ``glossary.confidence``); rejected entries and weaker candidates stay in glossary.db for review."""
    paths = termbase_paths(out_dir)
    for path in paths:
        export_glossary(store, path, signature=signature, statuses=[APPROVED, CANDIDATE],
                        min_confidence=export_threshold())
    return paths


# --------------------------------------------------------------------------- one command's document


def read_version(path: Path, lang: str, presplit: bool = False,
                 limits: Limits = DEFAULT_LIMITS) -> tuple[SegmentedText, tuple[str, ...]]:
    """One language version from a file (a clean text to segment, or one sentence a line),
    and a warning for each control character left out of it."""
    code = check_language_code(lang)
    text, issues = normalise_controls(read_text(path, limits, code))
    ensure_language(text, code, str(path))
    segmented = presplit_text(text, code) if presplit else segment_text(text, code)
    limits.check_sentences(str(path), len(segmented.sentences))
    return segmented, tuple(f"{path}: {issue.message}" for issue in issues)


def document_alignment(*, doc: str | None = None, files: Mapping[str, Path] | None = None,
                       stored: Path | None = None, texts_dir: Path = Path("texts"),
                       engines: RunEngines | None = None, tmx: Path | None = None,
                       xliff: Path | None = None, sheet: Path | None = None,
                       limits: Limits = DEFAULT_LIMITS) -> tuple[Alignment, tuple[str, ...]]:
    """The alignment a command works on: a stored ``alignment.json``, an existing translation
    memory (``tmx``: each unit as it is aligned), a document id under ``texts_dir``, or two
    or three language versions given as files."""
    if stored is not None:
        return read_alignment(stored), ()
    given = tmx or xliff or sheet
    if given is not None:
        if tmx is not None:
            alignment = alignment_from_tmx(read_bytes(tmx, limits), str(tmx))
        elif xliff is not None:
            alignment = alignment_from_xliff(read_bytes(xliff, limits), str(xliff))
        else:
            alignment = alignment_from_sheet(sheet, limits)
        for lang, text in alignment.texts.items():
            limits.check_sentences(f"{given} ({lang})", len(text.sentences))
            ensure_language(" ".join(text.texts[:200]), lang, f"{given} ({lang} segments)")
        return alignment, ()
    if doc:
        found = {d.doc_id: d for d in discover(texts_dir)}
        if doc not in found:
            raise UsageError(f"no document {doc!r} under {texts_dir} (found: {', '.join(sorted(found))})")
        sources = found[doc]
        segmented, warnings = {}, []
        for lang in sources.languages:
            ingested = run_ingest(sources, lang, limits)
            warnings += [*ingested.warnings, *(f"{doc}: {i.message}" for i in ingested.clean.issues)]
            segmented[lang] = run_segment(ingested.clean, limits, f"{doc}: the {lang} version")
        doc_id = doc
    else:
        files = dict(files or {})
        if len(files) < 2:
            raise UsageError("give a document id, --alignment FILE, or at least two of --zh/--fr/--en")
        segmented, warnings = {}, []
        for lang, path in files.items():
            segmented[lang], version_warnings = read_version(path, lang, limits=limits)
            warnings += version_warnings
        doc_id = next(iter(files.values())).stem
    if len(segmented) < 2:
        raise UsageError(f"document {doc_id!r} has only {', '.join(segmented)}: nothing to align")
    alignment, align_warnings = run_align(doc_id, segmented, (engines or RunEngines()).aligner, limits=limits)
    return alignment, (*warnings, *align_warnings)


# --------------------------------------------------------------------------- the run


ProgressCallback = Callable[[int, int, str], None]  # (done, total, what is starting)


@dataclass
class _Shared:
    """State of one run shared across documents: engines and the glossary store."""

    config: RunConfig
    signature: str
    engines: RunEngines
    store: GlossaryStore | None = None
    review: ReviewStore | None = None
    termbase: Termbase | None = None  # the approved terms the checks compare against (fixed for a run)
    terms: bool = False  # whether documents' term candidates are mined (a glossary takes them)


def run_document(sources: DocumentSources, shared: _Shared, key: str | None = None) -> DocumentReport:
    """One document's stages, written into a staging folder that replaces ``out/<doc>`` only
    when every stage succeeded; a document that fails leaves no outputs at all, neither
    partial new ones nor stale ones from an earlier run (its error is in the report).
    With ``key`` (see :mod:`align.ledger`), the last file of the staging folder is the stamp
    that lets a later run keep these outputs."""
    final = shared.config.out_dir / sources.doc_id
    staging = _staging(final)
    _remove_tree(staging)
    report = _run_document(sources, shared, staging)
    if report.ok:
        if key is not None:
            write_stamp(staging, key, report.to_stamp(), report.outputs)
        _swap_in(staging, final)
        outputs = tuple(final / p.relative_to(staging) for p in report.outputs)
    else:
        _remove_tree(staging)
        _remove_tree(final)
        outputs = ()
    return replace(report, outputs=outputs)


def _remove_tree(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
    except OSError as exc:
        raise BadInputError(f"{path}: cannot remove ({exc.strerror or exc})") from None


def _swap_in(staging: Path, final: Path) -> None:
    """``staging`` becomes ``final``; the old ``final`` goes only once the new one is there."""
    old = _replaced(final)
    _remove_tree(old)
    try:
        if final.exists() or final.is_symlink():
            os.replace(final, old)
        staging.mkdir(parents=True, exist_ok=True)  # a document with no outputs still has a folder
        os.replace(staging, final)
    except OSError as exc:
        raise cannot_write(final, exc) from None
    _remove_tree(old)


def _run_document(sources: DocumentSources, shared: _Shared, out: Path) -> DocumentReport:
    config = shared.config
    shared.engines.next_document()
    report = DocumentReport(sources.doc_id, sources.languages, sources.missing)
    outputs: list[Path] = []
    issues: list[Issue] = []
    warnings: list[str] = []
    sentences: dict[str, int] = {}
    if sources.missing:
        warnings.append(f"{sources.doc_id}: no {', '.join(sources.missing)} version; "
                        f"stages needing it are skipped")
    for path in sources.ignored:
        used = next((p for role in (sources.documents, sources.raw, sources.clean) for lang, p in role.items()
                     if p.parent == path.parent), None)
        warnings.append(f"{path}: a second file of the same version; {used} is the one read")
    try:
        segmented: dict[str, SegmentedText] = {}
        for lang in sources.languages:
            ingested = run_ingest(sources, lang, config.limits)
            warnings.extend(ingested.warnings)
            issues.extend(ingested.clean.issues)
            path = out / "clean" / f"{lang}.txt"
            write_text_atomic(path, ingested.clean.text)
            outputs.append(path)
            segmented[lang] = run_segment(ingested.clean, config.limits, f"{sources.doc_id}: the {lang} version")
            sentences[lang] = len(segmented[lang].sentences)
        for lang, seg in segmented.items():
            path = out / "segments" / f"{lang}.json"
            write_text_atomic(path, segments_to_json(sources.doc_id, seg, shared.signature))
            outputs.append(path)
        report = replace(report, sentences=sentences)

        if "align" not in config.stages or len(segmented) < 2:
            return replace(report, outputs=tuple(outputs), issues=tuple(issues), warnings=tuple(warnings))
        alignment, align_warnings = run_align(sources.doc_id, segmented, shared.engines.aligner, config.align,
                                              config.limits)
        warnings.extend(f"{sources.doc_id}: {w}" for w in align_warnings)
        alignment, review_warnings = reviewed_alignment(alignment, shared.review)
        warnings.extend(review_warnings)
        report = replace(report, units=len(alignment.units))

        report = replace(report, engines=f"{shared.engines.aligner.signature()}|terms:{EXTRACTOR_VERSION}")
        if "terms" in config.stages and shared.terms and len(segmented) == 3:
            entries = run_terms(alignment, shared.engines, config.terms)
            report = replace(report, terms=len(entries), entries=tuple(entries))

        written, flags = write_after_alignment(alignment, out, shared)
        outputs += written
        report = replace(report, flags=flags)
    except TriglotError as exc:
        return replace(report, outputs=tuple(outputs), issues=tuple(issues), warnings=tuple(warnings),
                       error=str(exc))
    return replace(report, outputs=tuple(outputs), issues=tuple(issues), warnings=tuple(warnings))


def write_after_alignment(alignment: Alignment, out: Path, shared: _Shared) -> tuple[list[Path], int]:
    """The outputs that follow from an alignment (the alignment files, the check reports and
    the translation memories, with the flags left open marked), written into the document's
    folder ``out``; the paths and the number of flags left open.  A run calls it once a
    document; the review workbench after each alignment edit, to rewrite the exports of the
    edited document."""
    config = shared.config
    outputs = write_alignment_files(alignment, out)
    flags = 0
    result = None
    if "check" in config.stages:
        termbase = shared.termbase if shared.termbase is not None else termbase_for_checks(shared.store, config.termbase)
        checked = run_check(alignment, out, termbase=termbase or None, engines=shared.engines.checks,
                            settings=config.check, formats=config.report_formats, review=shared.review)
        outputs += checked.paths
        result = checked.result
        flags = len(result.open_flags)
    if "export" in config.stages:
        exported = run_export(alignment, out / "tmx", config.tmx, config.tsv, xliff=config.xliff,
                              checked=result)
        outputs += [f.path for f in exported.files]
    return outputs, flags


def run(config: RunConfig, on_progress: ProgressCallback | None = None, jobs: int = 1, *,
        executor: Executor | None = None, fresh: bool = False) -> RunReport:
    """Run every stage over every document; one document's bad input does not stop the others.

    Documents go to ``executor`` (default: ``jobs`` local worker processes, one: this
    process), each worker loading the engines once; the outputs are byte-identical whatever
    the executor: every document writes only its own folder, the glossary takes the
    documents' candidates in document order, and the checks compare against the approved
    terms as they were when the run started (a run never approves a term).

    A document whose folder holds the stamp of the same inputs, code, settings, approved
    terms and review decisions is not redone (:mod:`align.ledger`): a rerun, or a run
    after one that was killed, does only what is left.  ``fresh`` redoes every document."""
    if config.out_dir.exists() and not config.out_dir.is_dir():
        raise BadInputError(f"{config.out_dir}: exists and is not a folder; give --out a folder")
    if executor is None:
        executor = make_executor("local", jobs)
    if executor.name != "local":  # workers elsewhere do not share this process's working folder
        config = config.with_absolute_paths()
    documents = discover(config.texts_dir)
    _refuse_colliding_ids(documents, config)
    if "export" in config.stages:
        resolve_creation_date(config.tmx.creation_date)  # a bad SOURCE_DATE_EPOCH, before any work
    with _run_lock(config.out_dir):
        return _run(config, documents, executor, on_progress, fresh)


@contextmanager
def _run_lock(out_dir: Path):
    """One run at a time writes into ``out_dir`` (a second would delete the first one's
    staging folders): an exclusive lock on ``out_dir/.triglot-run.lock`` for the run."""
    import fcntl

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        handle = open(out_dir / RUN_LOCK, "a+b")
    except OSError as exc:
        raise cannot_write(out_dir / RUN_LOCK, exc) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BadInputError(f"{out_dir}: another `triglot run` is writing here; wait for it to finish "
                                "or give another --out") from None
        yield


def _run(config: RunConfig, documents: Sequence[DocumentSources], executor: Executor,
         on_progress: ProgressCallback | None, fresh: bool) -> RunReport:
    _remove_leftovers(config.out_dir)
    signature = str(pipeline_signature())
    outputs: list[Path] = []
    store = None
    if "terms" in config.stages and "align" in config.stages:
        store = GlossaryStore(config.glossary_path, create=True)
    review = ReviewStore.beside(config.out_dir)
    termbase = termbase_for_checks(store, config.termbase) if "check" in config.stages else None
    setup = _WorkerSetup(config, signature, termbase, store is not None)
    reports: list[DocumentReport] = []

    def finished(report: DocumentReport) -> None:
        if store is not None:  # also with no candidates: the document's earlier ones go
            store.merge_candidates(report.entries, prune_source=report.doc_id, refresh_search=False)
        reports.append(replace(report, entries=()))
        if on_progress:
            on_progress(len(reports), len(documents), "")

    try:
        keys = _document_keys(documents, setup, review)
        kept = set() if fresh else {s.doc_id for s in documents
                                    if keys[s.doc_id] and read_stamp(config.out_dir / s.doc_id, keys[s.doc_id])}
        todo = [(sources, keys[sources.doc_id]) for sources in documents if sources.doc_id not in kept]
        if on_progress:
            on_progress(0, len(documents), f"{len(kept)} done before, {len(todo)} to do" if kept else "")
        local_worker = None  # for a kept document whose outputs changed since they were checked
        with closing(executor.map(partial(_document_worker, setup), todo)) as results:
            for sources in documents:
                if sources.doc_id not in kept:
                    finished(next(results))
                    continue
                report = _kept_report(sources, keys, config.out_dir)  # read again: one at a time in memory
                if report is None:
                    local_worker = local_worker or _document_worker(setup)
                    report = local_worker((sources, keys[sources.doc_id]))
                finished(report)
        aligned = next((r.engines for r in reports if r.engines), "")
        signature = run_signature(signature, config, aligned)
        if store is not None:
            store.refresh_search_keys()
            outputs += export_termbase(store, config.out_dir, signature)
        exported = [(r.doc_id, config.out_dir / r.doc_id) for r in reports if r.ok] if "export" in config.stages else []
        outputs += [f.path for f in export_corpus_memory(exported, config.out_dir, config.tmx, signature)]
        if review is not None:
            outputs += write_decisions(review, config.out_dir)
        outputs.append(write_index(config.out_dir, reports, outputs, signature))
        settings = config.out_dir / RUN_SETTINGS  # only when the run changed settings (review reads them)
        if config.to_toml() != RunConfig().to_toml():
            write_text_atomic(settings, config.to_toml())
            outputs.append(settings)
        elif settings.is_file():
            settings.unlink()  # an earlier run's settings no longer hold
    finally:
        if store is not None:
            store.close()
        if review is not None:
            review.close()
    if on_progress:
        on_progress(len(documents), len(documents), "")
    return RunReport(tuple(reports), signature, tuple(outputs))


def _document_keys(documents: Sequence[DocumentSources], setup: "_WorkerSetup",
                   review: ReviewStore | None) -> dict[str, str]:
    """Each document's key (:mod:`align.ledger`): its inputs, the run's and its reviews."""
    config = setup.config
    models: list[str] = []
    if config.mt and "check" in config.stages:
        try:
            from .engines.argos import installed_models

            models = [f"{m.name} {m.version} {m.src_lang}-{m.tgt_lang}" for m in installed_models()]
        except TriglotError:
            models = []
    environment = {name: setup.environment.get(name, "") for name in OUTPUT_ENVIRONMENT}
    run = run_key(config.to_toml() + "\n".join(config.stages), repr(setup.termbase), models, environment)
    keys = {}
    for sources in documents:
        inputs = sorted({*sources.clean.values(), *sources.raw.values(), *sources.corrections.values(),
                         *sources.documents.values(), *sources.ignored})
        try:
            keys[sources.doc_id] = document_key(run, sources.doc_id, inputs,
                                                review.state_digest(sources.doc_id) if review else "")
        except OSError:
            keys[sources.doc_id] = ""  # an unreadable input: the document's own run says why
    return keys


def _kept_report(sources: DocumentSources, keys: Mapping[str, str], out_dir: Path) -> DocumentReport | None:
    """The report of a document an earlier run left complete for the same key, else None."""
    key = keys[sources.doc_id]
    stamped = read_stamp(out_dir / sources.doc_id, key) if key else None
    if stamped is None:
        return None
    try:
        return DocumentReport.from_stamp(*stamped)
    except (KeyError, TypeError, ValueError, TriglotError):
        return None  # a stamp this code cannot read: the document is redone


def _staging(final: Path) -> Path:
    """Where a document's outputs are written before they replace ``final`` (``out/.D.partial``)."""
    return final.with_name(f".{final.name}.partial")


def _replaced(final: Path) -> Path:
    """Where ``final`` goes while its new version is swapped in (``out/.D.old``)."""
    return final.with_name(f".{final.name}.old")


def _remove_leftovers(out_dir: Path) -> None:
    """What a killed run can leave in ``out_dir`` (under the run lock: no other run is
    writing): documents' staging folders and the folders they were replacing, and
    temporary files of the run's own outputs (``.glossary.tbx.x7k2.tmp``)."""
    if not out_dir.is_dir():
        return
    own = (*(p.name for p in termbase_paths(out_dir)), "index.html", RUN_SETTINGS, f"{CORPUS_STEM}.")
    for path in out_dir.iterdir():
        name = path.name
        if name.startswith(".") and (name.endswith((".partial", ".old")) or
                                     (name.endswith(".tmp") and name[1:].startswith(own))):
            _remove_tree(path)


def write_index(out_dir: Path, reports: Sequence[DocumentReport], run_outputs: Sequence[Path], signature: str) -> Path:
    """``out_dir/index.html``: the corpus page, every document with its counts and files."""
    def href(path: Path) -> str:
        return path.relative_to(out_dir).as_posix() if path.is_relative_to(out_dir) else path.as_posix()

    labels = {"check.html": "report", ".tmx": "TMX", ".xlsx": "XLSX"}
    rows = []
    for report in reports:
        files = []
        for path in report.outputs:
            if path.suffix == ".xlf":  # one a target language: D.zh-fr.xlf
                files.append((f"XLIFF {path.stem.rsplit('.', 1)[-1]}", href(path)))
                continue
            label = labels.get(path.name) or (labels.get(path.suffix) if path.stem.count(".") == 0 else None)
            if label:
                files.append((label, href(path)))
        rows.append(CorpusRow(report.doc_id, dict(report.sentences), report.units, report.terms, report.flags,
                              report.error, len(report.warnings) + len(report.issues), tuple(files)))
    run_files = [(path.name, href(path)) for path in run_outputs]
    return write_corpus_index(out_dir / "index.html", rows, run_files, signature)


@dataclass(frozen=True)
class _WorkerSetup:
    """What a worker needs to process documents (picklable: it travels to worker processes
    and cluster nodes)."""

    config: RunConfig
    signature: str
    termbase: Termbase | None
    terms: bool
    # the driver's values of the variables that change outputs: a worker on another
    # machine takes them (the keys were made with them)
    environment: Mapping[str, str] = field(default_factory=lambda: {
        name: os.environ[name] for name in OUTPUT_ENVIRONMENT if name in os.environ})


def _document_worker(setup: _WorkerSetup) -> Callable[[tuple[DocumentSources, str]], DocumentReport]:
    """A worker's function over (document, key): its engines load on its first document and
    serve the rest."""
    for name in OUTPUT_ENVIRONMENT:
        if name in setup.environment:
            os.environ[name] = setup.environment[name]
        else:
            os.environ.pop(name, None)
    review = ReviewStore.beside(setup.config.out_dir)
    shared = _Shared(setup.config, setup.signature, RunEngines.for_config(setup.config), None, review,
                     setup.termbase, setup.terms)

    def work(item: tuple[DocumentSources, str]) -> DocumentReport:
        sources, key = item
        return run_document(sources, shared, key or None)

    return work


def _refuse_colliding_ids(documents: Sequence[DocumentSources], config: RunConfig) -> None:
    """A document's outputs go to ``out/<doc>``, staged in ``out/.<doc>.partial``; the run's
    own outputs (the glossary) sit beside them.  A document named like one of those would
    replace it (``texts/*/glossary.db.txt`` replaced the termbase): refused before any work."""
    glossary = config.glossary_path
    taken = {p.name for p in termbase_paths(config.out_dir)} | {p.name for p in decision_paths(config.out_dir)}
    taken |= {REVIEW_DB, f"{REVIEW_DB}-journal", RUN_SETTINGS, "index.html"}
    taken |= {f"{CORPUS_STEM}{suffix}.tmx" for suffix in ("", *(f".{a}-{b}" for a, b in config.tmx.pairs))}
    if glossary.parent == config.out_dir:
        taken |= {glossary.name, f"{glossary.name}-journal", f"{glossary.name}-wal"}
    for sources in documents:
        if sources.doc_id in taken:
            files = ", ".join(str(p) for p in (*sources.clean.values(), *sources.raw.values()))
            raise BadInputError(f"document id {sources.doc_id!r} ({files}) is the name of a run output "
                                f"under {config.out_dir}; rename its files")


def run_signature(signature: str, config: RunConfig | None = None, aligned: str = "") -> str:
    """The run's signature: segmenter, the engines and models when a worker loaded them to
    align a document (``aligned``: the signature it reported), and every setting the run
    changed from the defaults."""
    if aligned:
        signature = f"{signature}|{aligned}"
    changed = config.changed_settings() if config is not None else ""
    return f"{signature}|config:{changed}" if changed else signature


# --------------------------------------------------------------------------- review


class ReviewSession:
    """What the review workbench changes in a run's outputs: alignment edits (the document's
    alignment, reports and translation memories are rewritten), flag decisions and ignore
    rules (kept in ``OUT/review.db``; the reports show them once rewritten), term decisions
    (the glossary's TBX and TSV are rewritten at once).  Engines load on the first edit.
    Safe to call from several threads: writes are serialised, and the glossary is opened
    by each call that needs it (an SQLite handle belongs to the thread that opened it)."""

    def __init__(self, config: RunConfig) -> None:
        self.config = config
        self.out_dir = Path(config.out_dir)
        if not self.out_dir.is_dir():
            raise BadInputError(f"{self.out_dir}: no run output here; run `triglot run --out {self.out_dir}` first")
        self.review = ReviewStore.beside(self.out_dir, create=True)
        self._shared = _Shared(config, str(pipeline_signature()), RunEngines.for_config(config), None, self.review)
        self._lock = threading.RLock()
        self.concordance = Concordance(self.out_dir, read_alignment, self.documents)

    def close(self) -> None:
        self.review.close()

    @property
    def has_glossary(self) -> bool:
        return self.config.glossary_path.is_file()

    @contextmanager
    def glossary(self, *, required: bool = False):
        """The run's glossary, opened for one call (None when the run has none)."""
        if not self.has_glossary:
            if required:
                raise BadInputError(f"{self.config.glossary_path}: no glossary in this run")
            yield None
            return
        with GlossaryStore(self.config.glossary_path) as store:
            yield store

    def documents(self) -> list[str]:
        """The documents of the run that have an alignment, in name order."""
        return sorted(p.parent.name for p in self.out_dir.glob("*/alignment.json") if not p.parent.name.startswith("."))

    def document_dir(self, doc_id: str) -> Path:
        """The folder of a document of the run (one with an alignment); a UsageError otherwise.
        A name with a path separator or a leading dot is never a document (nothing outside OUT)."""
        folder = self.out_dir / doc_id
        if (not doc_id or doc_id.startswith(".") or "/" in doc_id or "\\" in doc_id or "\x00" in doc_id
                or not (folder / "alignment.json").is_file()):
            raise UsageError(f"no document {doc_id!r} in {self.out_dir}")
        return folder

    def alignment(self, doc_id: str) -> Alignment:
        return read_alignment(self.document_dir(doc_id) / "alignment.json")

    def edit_state(self, doc_id: str) -> tuple[int, bool]:
        """How many reviewer edits the document has, and whether they hold for its texts
        (False: the texts changed since; the run kept them in the store but did not apply them)."""
        stored = self.review.units(doc_id)
        if stored is None:
            return 0, True
        return stored.edits, stored.texts_hash == texts_hash(self.alignment(doc_id).texts)

    def edit(self, doc_id: str, edit, based_on: int) -> tuple[int, Alignment]:
        """Apply one alignment edit made on revision ``based_on``: rewrite the document's
        outputs (alignment, reports with the checks rerun, TMX/TSV), then store the edit;
        the new revision and alignment.  A stale revision is a ConflictError and changes
        nothing; a failure while rewriting puts the previous outputs back.  Edits stored
        for texts that have changed since are replaced (the log keeps them, and says so)."""
        from .review import apply_edit

        with self._lock:
            alignment = self.alignment(doc_id)
            self._check_revision(doc_id, based_on)
            edited = apply_edit(alignment, edit)
            return self._store(doc_id, alignment, edited, based_on, edit.to_json())

    def undo(self, doc_id: str, based_on: int) -> tuple[int, Alignment]:
        """Put back the units as they were before the last edit (an undo of an undo goes one
        edit further back)."""
        with self._lock:
            alignment = self.alignment(doc_id)
            self._check_revision(doc_id, based_on)
            last = self.review.last_edit(doc_id)
            if last is None:
                raise UsageError(f"{doc_id}: no alignment edit to undo")
            edit, before, before_pairs, made_on = last
            if made_on != texts_hash(alignment.texts):
                raise UsageError(f"{doc_id}: the last edit was made on texts that have changed since")
            restored = replace(with_units(alignment, before), pairs=before_pairs or with_units(alignment, before).pairs)
            return self._store(doc_id, alignment, restored, based_on, {"op": "undo", "undone": edit})

    def _check_revision(self, doc_id: str, based_on: int) -> None:
        current = self.review.revision(doc_id)
        if current != based_on:
            raise ConflictError(f"{doc_id}: the alignment changed since this page was loaded (revision "
                                f"{current}, the edit was made on {based_on}); reload to see the other "
                                "edit, then edit again")

    def _store(self, doc_id: str, alignment: Alignment, edited: Alignment, based_on: int,
               edit: dict) -> tuple[int, Alignment]:
        hashed = texts_hash(alignment.texts)
        stored = self.review.units(doc_id)
        if stored is not None and stored.texts_hash != hashed:
            edit = {**edit, "replaces": f"{stored.edits} edit(s) made on earlier texts, not applied"}
        try:
            self.rewrite(doc_id, edited)
            revision = self.review.save_units(doc_id, hashed, edited.units, based_on=based_on, edit=edit,
                                              before=alignment.units, before_pairs=alignment.pairs)
        except BaseException:
            self.rewrite(doc_id, alignment)
            raise
        return revision, edited

    def rewrite(self, doc_id: str, alignment: Alignment | None = None) -> list[Path]:
        """Rewrite a document's outputs from its (reviewed) alignment with today's decisions."""
        with self._lock, self.glossary() as store:
            alignment = alignment or self.alignment(doc_id)
            self._shared.store = store
            folder = self.document_dir(doc_id)
            try:
                written, _ = write_after_alignment(alignment, folder, self._shared)
            finally:
                self._shared.store = None
            written += write_decisions(self.review, self.out_dir)
            return written

    def flags(self, doc_id: str):
        """The flags of the document's report as last written (``check.json``)."""
        check = self.document_dir(doc_id) / "check.json"
        return read_flags(check) if check.is_file() else ()

    def decide(self, doc_id: str, key: str, status: str, comment: str | None, based_on: int):
        """A reviewer's decision on the flag ``key`` of the document's report; what the
        decision records of the flag (kind, unit, message, words, sentences) is read from
        the report, not taken from the request."""
        flag = next((f for f in self.flags(doc_id) if f.key == key), None)
        if flag is None:
            raise UsageError(f"{doc_id}: no flag {key!r} in the report (it changed since the page was "
                             "loaded: reload)")
        with self._lock:
            decision = self.review.decide(doc_id, key, status, comment, based_on=based_on, kind=flag.kind,
                                          unit=flag.unit, message=flag.message, loose=flag.loose_key,
                                          ids=flag.ids, texts=flag.texts)
            write_decisions(self.review, self.out_dir)
            return decision

    def add_rule(self, pattern: str, kind: str = "", regex: bool = False, note: str = ""):
        with self._lock:
            rule = self.review.add_rule(pattern, kind, regex, note)
            write_decisions(self.review, self.out_dir)
            return rule

    def remove_rule(self, rule_id: int) -> None:
        with self._lock:
            self.review.remove_rule(rule_id)
            write_decisions(self.review, self.out_dir)

    def set_term_status(self, entry_ids, status: str):
        """Approve or reject termbase entries; the glossary's TBX and TSV follow at once."""
        with self._lock, self.glossary(required=True) as store:
            changed = store.set_status(list(entry_ids), status)
            self._export_termbase(store)
            return changed

    def update_term(self, entry):
        """A reviewer's edit of an entry's forms or note; the TBX and TSV follow at once."""
        with self._lock, self.glossary(required=True) as store:
            saved = store.update(entry)
            self._export_termbase(store)
            return saved

    def _export_termbase(self, store) -> list[Path]:
        tbx = self.out_dir / "glossary.tbx"
        signature = read_glossary_signature(tbx) if tbx.is_file() else str(pipeline_signature())
        return export_termbase(store, self.out_dir, signature)
