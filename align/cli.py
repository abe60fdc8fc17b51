"""The ``triglot`` command: parse arguments, call the library, print.

This is the only module that prints, exits or touches the terminal.  Exit
codes: 0 ok, 1 bad input, 2 usage.  Heavy engines are imported inside the
commands that need them so ``triglot glossary search`` starts fast.
"""
from __future__ import annotations

import json
import sys
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Optional

import typer

from .console import error, fail, literal, stderr, stdout, warn
from .errors import BadInputError, TriglotError, UsageError
from .lang.langid import check_language_code
from .textio import check_writable, write_text_atomic

STAGE_NAMES = ("align", "terms", "check", "export")

app = typer.Typer(
    name="triglot",
    help="Align Chinese, French and English versions of one document, mine its terms, "
    "export TMX/TBX and flag divergences.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help texts are plain: [run], [src]:[tgt] and [default: …] are shown as written
)




# How large an input may be (align/limits.py): the same options on every command that reads texts.
_MAX_FILE_MB = typer.Option(None, "--max-file-mb", help="Largest text file, in MB [default: 16].")
_MAX_LINE = typer.Option(None, "--max-line-chars", help="Longest line (paragraph), in characters [default: 100000].")
_MAX_SENTENCES = typer.Option(None, "--max-sentences", help="Most sentences in one version [default: 10000].")
_MAX_LENGTH_FACTOR = typer.Option(
    None, "--max-length-factor",
    help="Refuse two versions whose lengths differ from the usual by more than this factor [default: 5].")
_MIN_SIMILARITY = typer.Option(
    None, "--min-similarity",
    help="Refuse two versions whose sampled sentences match less than this (0 to 1; 0: no check) [default: 0.3].")


# The report's cut-off, on run and check.
_MIN_PROBABILITY = typer.Option(None, "--min-probability", min=0.0, max=1.0,
                                help="Report a flag from this probability on [default: the model's threshold].")


def _limits(base=None, **given):
    """Limits from the options typed (None: not typed) over ``base`` (the defaults)."""
    from .limits import Limits

    return replace(base or Limits(), **{k: v for k, v in given.items() if v is not None})


def _emit(text: str, output: Optional[Path]) -> None:
    if output is None:
        sys.stdout.write(text)
        return

    write_text_atomic(output, text)


@app.command()
def ingest(
    page: Path = typer.Argument(..., help="Scraped page (text or HTML, UTF-8/GBK/Big5), or a .docx, .odt or .pdf."),
    lang: str = typer.Option("zh", "--lang", help="Language of the page: zh, fr or en."),
    corrections: Optional[Path] = typer.Option(
        None, "--corrections", help="Reviewed fixes (default: <doc-id>.corrections.tsv beside the page)."),
    no_corrections: bool = typer.Option(False, "--no-corrections", help="Ignore any corrections file."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 (writing nothing) if damage remains."),
    max_file_mb: Optional[float] = _MAX_FILE_MB,
) -> None:
    """Clean a scraped page: keep the statement only, in Simplified script.

    Damaged text (mojibake) is reported with its line and column; its fix comes
    from the corrections file, never from a guess.
    """
    from .corpus import DOCUMENT_SUFFIXES
    from .ingest import ingest_file
    from .pipeline import read_office_file

    try:
        if page.suffix.lower() in DOCUMENT_SUFFIXES:  # .docx, .odt, .pdf: a reader, not the page rules
            read = read_office_file(page, check_language_code(lang), _limits(max_file_mb=max_file_mb))
            for warning in read.warnings:
                warn(warning)
            clean = read.clean
        else:
            clean = ingest_file(page, check_language_code(lang), corrections_path=corrections,
                                use_corrections=not no_corrections, limits=_limits(max_file_mb=max_file_mb))
        err = stderr()
        if clean.summary:
            err.print(literal(f"triglot: {page}: {clean.summary}"), soft_wrap=True)
        for issue in clean.issues:
            warn(f"{page}: {issue.message}")
        if strict and clean.issues:
            err.print("triglot: error: --strict: nothing written while warnings remain")
            raise typer.Exit(1)
        _emit(clean.text, output)
    except TriglotError as exc:
        fail(exc)


@app.command()
def segment(
    text_file: Path = typer.Argument(..., help="A clean text (one paragraph a line)."),
    lang: str = typer.Option(..., "--lang", help="zh, fr or en."),
    fmt: str = typer.Option("lines", "--format", help="lines (one sentence a line) or json."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    max_file_mb: Optional[float] = _MAX_FILE_MB, max_line_chars: Optional[int] = _MAX_LINE,
    max_sentences: Optional[int] = _MAX_SENTENCES,
) -> None:
    """Split a text into sentences."""
    from .pipeline import pipeline_signature, read_version, segments_to_json

    if fmt not in ("lines", "json"):
        stderr().print(f"triglot: error: unknown --format {fmt!r}: use lines or json")
        raise typer.Exit(2)
    try:
        limits = _limits(max_file_mb=max_file_mb, max_line_chars=max_line_chars, max_sentences=max_sentences)
        segmented, warnings = read_version(text_file, lang, limits=limits)
        for warning in warnings:
            warn(warning)
        if fmt == "json":
            rendered = segments_to_json(text_file.stem, segmented, str(pipeline_signature()))
        else:
            rendered = "".join(s.text + "\n" for s in segmented.sentences)
        _emit(rendered, output)
    except TriglotError as exc:
        fail(exc)


@app.command()
def run(
    context: typer.Context,
    texts_dir: Path = typer.Argument(Path("texts"), help="Folder with <lang>/<doc-id>.txt files."),
    out_dir: Path = typer.Option(Path("out"), "--out", help="Where results are written."),
    stages: str = typer.Option(",".join(STAGE_NAMES), "--stages",
                               help="Comma-separated stages to run (ingest and segment always run)."),
    db: Optional[Path] = typer.Option(None, "--db", help="Glossary database (default: OUT/glossary.db)."),
    termbase: Optional[Path] = typer.Option(None, "--termbase", help="Approved terms (TBX/CSV/TSV) for the terminology check."),
    no_mt: bool = typer.Option(False, "--no-mt", help="Do not use installed MT models."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=0, show_default=False,
                                       help="Workers, each loading the engines once [default: one a core; "
                                            "with --executor ray, one a CPU of the cluster]. The outputs are "
                                            "the same as with one."),
    executor: str = typer.Option("local", "--executor",
                                 help="Where documents are processed: local (worker processes) or ray "
                                      "(a Ray cluster; pip install 'triglot[ray]')."),
    address: Optional[str] = typer.Option(None, "--address", help="The Ray cluster's HOST:PORT (--executor "
                                                                 "ray; default: Ray starts on this machine)."),
    fresh: bool = typer.Option(False, "--fresh", help="Redo every document, even those an earlier run "
                                                      "finished with the same inputs and settings."),
    config_file: Optional[Path] = typer.Option(
        None, "--config", help="A TOML file of run and stage settings ([run], [align], [terms], [check], "
                               "[report], [tmx], [tsv], [limits]); options given here override it."),
    min_probability: Optional[float] = _MIN_PROBABILITY,
    max_file_mb: Optional[float] = _MAX_FILE_MB, max_line_chars: Optional[int] = _MAX_LINE,
    max_sentences: Optional[int] = _MAX_SENTENCES, max_length_factor: Optional[float] = _MAX_LENGTH_FACTOR,
    min_similarity: Optional[float] = _MIN_SIMILARITY,
) -> None:
    """Run every stage over all documents in TEXTS_DIR, writing results under --out."""
    from .executors import make_executor
    from .pipeline import RunConfig, load_config
    from .pipeline import run as run_pipeline

    def given(name: str) -> bool:  # an option typed on the command line, not its default
        return context.get_parameter_source(name).name not in ("DEFAULT", "DEFAULT_MAP")

    try:
        config = load_config(config_file) if config_file is not None else RunConfig()
        overrides = {}
        if given("texts_dir") or config_file is None:
            overrides["texts_dir"] = texts_dir
        if given("out_dir") or config_file is None:
            overrides["out_dir"] = out_dir
        if given("stages") or config_file is None:
            chosen = tuple(s.strip() for s in stages.split(",") if s.strip())
            overrides["stages"] = tuple(dict.fromkeys(("ingest", "segment") + chosen))
        else:
            overrides["stages"] = tuple(dict.fromkeys(("ingest", "segment") + config.stages))
        if db is not None:
            overrides["glossary_db"] = db
        if termbase is not None:
            overrides["termbase"] = termbase
        if no_mt:
            overrides["mt"] = False
        if min_probability is not None:
            overrides["check"] = replace(config.check, min_probability=min_probability)
        overrides["limits"] = _limits(config.limits, max_file_mb=max_file_mb, max_line_chars=max_line_chars,
                                      max_sentences=max_sentences, max_length_factor=max_length_factor,
                                      min_similarity=min_similarity)
        config = replace(config, **overrides)
        chosen = make_executor(executor, jobs or None, address)
        if as_json:
            report = run_pipeline(config, executor=chosen, fresh=fresh)
        else:
            report = _run_with_progress(config, lambda c, progress=None: run_pipeline(c, progress, executor=chosen,
                                                                                    fresh=fresh))
    except TriglotError as exc:
        fail(exc)
    if as_json:
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=1) + "\n")
    else:
        _print_run_summary(report)
    raise typer.Exit(0 if report.ok else 1)


def _run_with_progress(config, run_pipeline):
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    if not sys.stderr.isatty():  # a progress bar is for a person watching (it left a blank line in logs)
        return run_pipeline(config)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(), console=stderr(),
                  transient=True) as progress:
        task = progress.add_task("triglot run", total=None)

        def on_progress(done: int, total: int, label: str) -> None:
            progress.update(task, completed=done, total=total,
                            description=literal(f"triglot run {label}".rstrip()))

        return run_pipeline(config, on_progress)


SUMMARY_TABLE_MAX = 30  # documents listed one a row; a larger corpus is summed up (index.html lists them)


def _print_run_summary(report) -> None:
    from rich.table import Table

    out = stdout()
    documents = report.documents
    if len(documents) <= SUMMARY_TABLE_MAX:
        table = Table(title="triglot run", title_justify="left")
        for column in ("document", "zh", "fr", "en", "units", "terms", "flags", "status"):
            table.add_column(column)
        for doc in documents:
            cells = [str(doc.sentences.get(lang, "—")) for lang in ("zh", "fr", "en")]
            status = ("ok (kept)" if doc.resumed else "ok") if doc.ok else f"error: {doc.error}"
            if doc.ok and (doc.issues or doc.warnings):
                status = f"{status}, {len(doc.issues) + len(doc.warnings)} warning(s)"
            table.add_row(literal(doc.doc_id), *cells, str(doc.units), str(doc.terms), str(doc.flags),
                          literal(status))
        out.print(table)
        legend = ("zh/fr/en: sentences per version; units: aligned rows; terms: termbase entries; "
                  "flags: divergences in the report left open")
        if any(d.resumed for d in documents):
            legend += "; kept: outputs of an earlier run with the same inputs and settings (--fresh redoes them)"
        out.print(legend)
        for doc in documents:
            named = {p.name: p for p in doc.outputs}
            report_path = named.get("check.html") or named.get("check.md") or named.get("check.json")
            tmx = next((p.parent for p in doc.outputs if p.suffix == ".tmx"), None)
            where = [f"report {report_path}" if report_path else "", f"TMX and TSV {tmx}/" if tmx else ""]
            if any(where):
                out.print(literal(f"{doc.doc_id}: " + ", ".join(w for w in where if w)), soft_wrap=True)
    else:
        ok = [d for d in documents if d.ok]
        kept = sum(d.resumed for d in ok)
        out.print(f"triglot run: {len(documents)} documents, {len(ok)} done ({kept} kept from an earlier run "
                  f"with the same inputs and settings), {len(documents) - len(ok)} failed; "
                  f"{sum(d.units for d in ok)} units, {sum(d.flags for d in ok)} flags left open, "
                  f"{sum(len(d.warnings) + len(d.issues) for d in ok)} warning(s)", soft_wrap=True)
    for path in report.outputs:
        kind = {".tbx": "termbase (TBX)", ".tsv": "termbase (TSV)", ".json": "review decisions",
                ".tmx": "corpus memory (TMX)",
                ".csv": "review decisions", ".html": "corpus page", ".toml": "run settings"}.get(path.suffix, "")
        out.print(f"{kind}: {path}" if kind else f"  {path}", soft_wrap=True)
    listed = len(documents) <= SUMMARY_TABLE_MAX  # a large corpus: its warnings are counted above
    for doc in documents:
        for warning in doc.warnings if listed else ():
            warn(warning)
        for issue in doc.issues if listed else ():
            warn(f"{doc.doc_id}: {issue.message}")
        if doc.error:
            error(doc.error)
    out.print(f"signature: {report.signature}", soft_wrap=True)


# --------------------------------------------------------------------------- align and eval


@app.command()
def align(
    src: Path = typer.Argument(..., help="Source text."),
    tgt: Path = typer.Argument(..., help="Target text."),
    src_lang: str = typer.Option(..., "--src-lang", help="zh, fr or en."),
    tgt_lang: str = typer.Option(..., "--tgt-lang", help="zh, fr or en."),
    presplit: bool = typer.Option(False, "--presplit", help="Inputs are one sentence a line already."),
    fmt: str = typer.Option("beads", "--format", help="beads ([src]:[tgt] a line), tsv or json."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    max_file_mb: Optional[float] = _MAX_FILE_MB, max_line_chars: Optional[int] = _MAX_LINE,
    max_sentences: Optional[int] = _MAX_SENTENCES, max_length_factor: Optional[float] = _MAX_LENGTH_FACTOR,
    min_similarity: Optional[float] = _MIN_SIMILARITY,
) -> None:
    """Align two versions of a text sentence by sentence."""

    from .aligner import align_pair
    from .formats.pair import FORMATS, render_pair
    from .lang.words import load_jieba
    from .pipeline import read_version

    load_jieba()

    if fmt not in FORMATS:
        stderr().print(f"triglot: error: unknown --format {fmt!r}: use {', '.join(FORMATS)}")
        raise typer.Exit(2)
    try:
        if output is not None:
            check_writable(output)  # before aligning, not after
        limits = _limits(max_file_mb=max_file_mb, max_line_chars=max_line_chars, max_sentences=max_sentences,
                         max_length_factor=max_length_factor, min_similarity=min_similarity)
        (a, warnings_a), (b, warnings_b) = (read_version(src, src_lang, presplit, limits),
                                            read_version(tgt, tgt_lang, presplit, limits))
        for warning in warnings_a + warnings_b:
            warn(warning)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # printed below, once each
            result = align_pair(a.texts, b.texts, a.lang, b.lang,
                                src_paragraphs=[s.paragraph for s in a.sentences],
                                tgt_paragraphs=[s.paragraph for s in b.sentences], limits=limits)
        for warning in result.warnings:
            warn(warning)
        _emit(render_pair(result, a, b, fmt, result.signature, result.warnings), output)
    except TriglotError as exc:
        fail(exc)


@app.command("eval")
def evaluate_command(
    gold: Path = typer.Argument(..., help="Gold bead file, or a folder of .align files."),
    pred: Path = typer.Argument(..., help="Predicted bead file, or a folder with the same file names."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Strict and lax precision, recall and F1 of an alignment, pooled over documents."""
    from .aligner import evaluate, read_beads

    try:
        if gold.is_dir():
            names = sorted(p.name for p in gold.glob("*.align"))
            if not names:
                raise BadInputError(f"{gold}: no .align files")
            missing = [n for n in names if not (pred / n).is_file()]
            if missing:
                raise BadInputError(f"{pred}: no prediction for {', '.join(missing)}")
            pairs = [(read_beads(gold / n), read_beads(pred / n)) for n in names]
        else:
            pairs = [(read_beads(gold), read_beads(pred))]
        result = evaluate([g for g, _ in pairs], [p for _, p in pairs])
    except TriglotError as exc:
        fail(exc)
    if as_json:
        sys.stdout.write(json.dumps({
            "documents": result.documents,
            "strict": {"precision": result.strict_precision.value, "recall": result.strict_recall.value,
                       "f1": result.strict_f1},
            "lax": {"precision": result.lax_precision.value, "recall": result.lax_recall.value,
                    "f1": result.lax_f1},
            "by_type": [{"type": t.kind, "gold": t.gold, "predicted": t.predicted, "exact": t.correct}
                        for t in result.by_type],
        }, indent=1) + "\n")
        return
    out = stdout()
    out.print(f"{result.documents} document(s): {result.summary()}")
    out.print(result.type_table())


# --------------------------------------------------------------------------- check and export


def _document_alignment(doc, zh, fr, en, texts_dir, alignment, limits=None, tmx=None, xliff=None, sheet=None):
    from .pipeline import document_alignment

    files = {lang: path for lang, path in (("zh", zh), ("fr", fr), ("en", en)) if path is not None}
    result, warnings = document_alignment(doc=doc, files=files, stored=alignment, texts_dir=texts_dir,
                                          limits=limits or _limits(), tmx=tmx, xliff=xliff, sheet=sheet)
    for warning in warnings:
        warn(warning)
    return result


@app.command()
def check(
    doc: Optional[str] = typer.Argument(None, help="A document id under TEXTS_DIR."),
    zh: Optional[Path] = typer.Option(None, "--zh"), fr: Optional[Path] = typer.Option(None, "--fr"),
    en: Optional[Path] = typer.Option(None, "--en"),
    alignment: Optional[Path] = typer.Option(None, "--alignment", help="A stored alignment.json."),
    tmx: Optional[Path] = typer.Option(None, "--tmx", help="An existing translation memory (TMX, two or three of "
                                                            "zh/fr/en): check it unit by unit as it is aligned."),
    xliff: Optional[Path] = typer.Option(None, "--xliff", help="A bilingual XLIFF file (1.2 or 2.x), checked unit by unit."),
    xlsx: Optional[Path] = typer.Option(None, "--xlsx", help="A spreadsheet (.xlsx, .csv, .tsv) whose first row names "
                                                             "two or three languages, checked row by row."),
    texts_dir: Path = typer.Option(Path("texts"), "--texts"),
    termbase: Optional[Path] = typer.Option(None, "--termbase", help="Approved terms: TBX, CSV or TSV (zh fr en)."),
    out_dir: Optional[Path] = typer.Option(None, "--out", help="Folder for the reports [default: out/check/DOC]."),
    json_path: Optional[Path] = typer.Option(None, "--json", help="Also write the JSON report here."),
    no_mt: bool = typer.Option(False, "--no-mt", help="Do not use installed MT models."),
    min_probability: Optional[float] = _MIN_PROBABILITY,
    max_file_mb: Optional[float] = _MAX_FILE_MB, max_line_chars: Optional[int] = _MAX_LINE,
    max_sentences: Optional[int] = _MAX_SENTENCES, max_length_factor: Optional[float] = _MAX_LENGTH_FACTOR,
    min_similarity: Optional[float] = _MIN_SIMILARITY,
) -> None:
    """Flag divergences between the versions; write HTML, Markdown, CSV and JSON reports."""
    from .checks import CheckSettings
    from .pipeline import RunEngines, run_check, termbase_for_checks
    from .report import write_reports

    try:
        if json_path is not None:
            check_writable(json_path)  # before the reports: a failure then leaves none of them
        limits = _limits(max_file_mb=max_file_mb, max_line_chars=max_line_chars, max_sentences=max_sentences,
                         max_length_factor=max_length_factor, min_similarity=min_similarity)
        given = [name for name, v in (("a document id", doc), ("--alignment", alignment), ("--tmx", tmx),
                                      ("--xliff", xliff), ("--xlsx", xlsx)) if v]
        if len(given) > 1:
            raise UsageError(f"give one of a document id, --alignment, --tmx, --xliff, --xlsx "
                             f"(got {' and '.join(given)})")
        aligned = _document_alignment(doc, zh, fr, en, texts_dir, alignment, limits, tmx=tmx, xliff=xliff,
                                      sheet=xlsx)
        terms = termbase_for_checks(None, termbase) if termbase else None
        if out_dir is None and (Path(aligned.doc_id).name != aligned.doc_id or aligned.doc_id in ("", ".", "..")):
            raise UsageError(f"document id {aligned.doc_id!r} is not a file name; give --out")
        target = out_dir if out_dir is not None else Path("out/check") / aligned.doc_id
        stage = run_check(aligned, target, termbase=terms, engines=RunEngines(mt=not no_mt).checks,
                          settings=CheckSettings(min_probability=min_probability))
        paths = list(stage.paths)
        if json_path is not None:
            paths += write_reports(stage.result, aligned, json_path=json_path)
    except TriglotError as exc:
        fail(exc)
    out = stdout()
    counts: dict[str, int] = {}
    for flag in stage.result.flags:
        counts[flag.kind] = counts.get(flag.kind, 0) + 1
    out.print(f"{aligned.doc_id}: {len(stage.result.flags)} flag(s) "
              + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())))
    for skipped in stage.result.skipped:
        out.print(f"  skipped {skipped.check}: {skipped.reason}", soft_wrap=True)
    for path in paths:
        out.print(f"  {path}")


@app.command()
def terms(
    doc: Optional[str] = typer.Argument(None, help="A document id under TEXTS_DIR."),
    alignment: Optional[Path] = typer.Option(None, "--alignment", help="A stored alignment.json."),
    tmx: Optional[Path] = typer.Option(None, "--tmx", help="A trilingual translation memory (TMX)."),
    xlsx: Optional[Path] = typer.Option(None, "--xlsx", help="A trilingual spreadsheet (.xlsx, .csv, .tsv) whose "
                                                             "first row names zh, fr and en."),
    texts_dir: Path = typer.Option(Path("texts"), "--texts"),
    db: Path = typer.Option(Path("out/glossary.db"), "--db", help="The glossary to add the candidates to."),
) -> None:
    """Mine trilingual term candidates from one aligned source (a document, a stored alignment, a
    TMX or a spreadsheet) into a glossary; approved and rejected entries stay as they are."""
    from glossary.store import GlossaryStore

    from .pipeline import RunEngines, run_terms

    try:
        given = [name for name, v in (("a document id", doc), ("--alignment", alignment), ("--tmx", tmx),
                                      ("--xlsx", xlsx)) if v]
        if len(given) != 1:
            raise UsageError("give one of a document id, --alignment, --tmx, --xlsx")
        aligned = _document_alignment(doc, None, None, None, texts_dir, alignment, _limits(), tmx=tmx, sheet=xlsx)
        missing = [lang for lang in ("zh", "fr", "en") if lang not in aligned.texts]
        if missing:
            raise BadInputError(f"{given[0]}: term entries are trilingual; no {', '.join(missing)} text")
        entries = run_terms(aligned, RunEngines(mt=False))
        with GlossaryStore(db, create=True) as store:
            report = store.merge_candidates(entries, prune_source=aligned.doc_id)
    except TriglotError as exc:
        fail(exc)
    stdout().print(f"{aligned.doc_id}: {len(entries)} candidate(s) into {db}: {report.summary()}", soft_wrap=True)


export_app = typer.Typer(help="Export alignments for CAT tools.", no_args_is_help=True)
app.add_typer(export_app, name="export")


@export_app.command("tmx")
def export_tmx_command(
    doc: Optional[str] = typer.Argument(None, help="A document id under TEXTS_DIR."),
    alignment: Optional[Path] = typer.Option(None, "--alignment", help="A stored alignment.json."),
    zh: Optional[Path] = typer.Option(None, "--zh"), fr: Optional[Path] = typer.Option(None, "--fr"),
    en: Optional[Path] = typer.Option(None, "--en"),
    texts_dir: Path = typer.Option(Path("texts"), "--texts"),
    out_dir: Path = typer.Option(Path("out/tmx"), "--out", help="Folder for the TMX and TSV files."),
    srclang: str = typer.Option("zh", "--srclang", help="Source language of the TMX header."),
    lang_tag: list[str] = typer.Option([], "--lang-tag", help="CODE=TAG, e.g. zh=zh-Hans (repeatable)."),
    merge: Optional[Path] = typer.Option(
        None, "--merge", help="An existing TMX memory: add this document's units it does not hold yet (the file "
                              "is rewritten in place; its own units and header stay as they are)."),
    creation_date: Optional[str] = typer.Option(
        None, "--creation-date", help="The creation date the TMX header and XLIFF files carry (YYYYMMDDThhmmssZ or "
                                      "YYYY-MM-DD) [default: SOURCE_DATE_EPOCH, else the latest full date the "
                                      "document mentions, else 1970-01-01]."),
    max_file_mb: Optional[float] = _MAX_FILE_MB, max_line_chars: Optional[int] = _MAX_LINE,
    max_sentences: Optional[int] = _MAX_SENTENCES, max_length_factor: Optional[float] = _MAX_LENGTH_FACTOR,
    min_similarity: Optional[float] = _MIN_SIMILARITY,
) -> None:
    """Write TMX 1.4b (multilingual and per pair) and TSV files of an alignment."""
    from .export import export_alignment
    from .formats.tmx import TmxSettings

    try:
        limits = _limits(max_file_mb=max_file_mb, max_line_chars=max_line_chars, max_sentences=max_sentences,
                         max_length_factor=max_length_factor, min_similarity=min_similarity)
        aligned = _document_alignment(doc, zh, fr, en, texts_dir, alignment, limits)
        tags = dict(TmxSettings().lang_tags)
        for pair in lang_tag:
            code, _, tag = pair.partition("=")
            if not tag:
                raise UsageError(f"--lang-tag {pair!r}: expected CODE=TAG")
            tags[code.strip()] = tag.strip()
        settings = TmxSettings(srclang=srclang, lang_tags=tags, creation_date=creation_date)
        if merge is not None:
            merged = _merge_into(merge, aligned, settings, limits)
        summary = export_alignment(aligned, out_dir, settings)
    except TriglotError as exc:
        fail(exc)
    out = stdout()
    if merge is not None:
        out.print(f"{merge}: {merged.added} unit(s) added, {merged.already} already there "
                  f"({', '.join(merged.langs)})", soft_wrap=True)
    for report in summary.files:
        out.print(f"{report.path}: {report.units} units ({report.merged} merged, {report.omitted} left out)")
    for skipped in summary.skipped:
        out.print(f"  not written: {skipped}", soft_wrap=True)


def _merge_into(memory: Path, aligned, settings, limits):
    """Add the document's units to ``memory``: its trilingual units when the memory holds
    three languages, else the units of the pair it holds."""
    import tempfile

    from .export import export_tmx
    from .formats.tmx import memory_languages, merge_tmx
    from .lang.langid import code_of_tag
    from .textio import read_bytes, write_bytes_atomic

    data = read_bytes(memory, limits)
    codes = tuple(dict.fromkeys(code_of_tag(tag) for tag in memory_languages(data)))
    with tempfile.TemporaryDirectory() as folder:
        export_tmx(aligned, Path(folder), settings)
        name = f"{aligned.doc_id}.tmx" if len(codes) != 2 else next(
            (f"{aligned.doc_id}.{a}-{b}.tmx" for a, b in settings.pairs if {a, b} == set(codes)), "")
        ours = Path(folder) / name
        if not name or not ours.is_file():
            raise BadInputError(f"{memory}: holds {', '.join(codes) or 'no'} units; this document has no such pair")
        merged = merge_tmx(data, ours.read_bytes(), str(memory))
    write_bytes_atomic(memory, merged.data)
    return merged


models_app = typer.Typer(help="Machine translation models (argostranslate), installed from files.",
                         no_args_is_help=True)
app.add_typer(models_app, name="models")


@models_app.command("install")
def models_install(model: Path = typer.Argument(..., help="An .argosmodel file.")) -> None:
    """Install an argostranslate model from a file (nothing is downloaded)."""
    from .engines.argos_install import install_model

    try:
        installed = install_model(model)
    except TriglotError as exc:
        fail(exc)
    stdout().print(f"installed {installed}")


@models_app.command("list")
def models_list() -> None:
    """The installed models."""
    from .engines.argos import installed_models

    try:
        models = installed_models()
    except TriglotError as exc:
        fail(exc)
    for model in models:
        stdout().print(str(model))
    if not models:
        stdout().print("no model installed")


@app.command()
def review(
    out_dir: Path = typer.Argument(Path("out"), help="A run's output folder (triglot run --out)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (127.0.0.1: this machine only)."),
    port: int = typer.Option(8765, "--port", min=0, max=65535, help="Port (0: any free port)."),
    config_file: Optional[Path] = typer.Option(
        None, "--config", help="The TOML settings the run used [default: OUT/run-settings.toml, which "
                                "triglot run writes]."),
    db: Optional[Path] = typer.Option(None, "--db", help="Glossary database (default: OUT/glossary.db)."),
    no_mt: bool = typer.Option(False, "--no-mt", help="Do not use installed MT models when reports are rewritten."),
) -> None:
    """Start the review workbench on a run's outputs and print its address (Ctrl-C stops it).

    Correct the alignment, confirm or dismiss flags, vet terms, search every unit; decisions
    go to OUT/review.db and every later `triglot run` applies them."""
    import socket

    from .pipeline import RUN_SETTINGS, ReviewSession, RunConfig, load_config

    try:
        if config_file is None and (out_dir / RUN_SETTINGS).is_file():
            config_file = out_dir / RUN_SETTINGS  # the settings the run wrote there
        config = load_config(config_file) if config_file is not None else RunConfig()
        config = replace(config, out_dir=out_dir, **({"glossary_db": db} if db else {}),
                         **({"mt": False} if no_mt else {}))
        session = ReviewSession(config)
    except TriglotError as exc:
        fail(exc)
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)  # connections wait in the backlog from the moment the address is printed
    except OSError as exc:
        session.close()
        fail(BadInputError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); try --port 0"))
    import uvicorn

    from .web.app import create_app

    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    # listening on every interface, any name of the machine may reach it (the token still guards it)
    hosts = ("*",) if host in ("0.0.0.0", "::") else tuple(dict.fromkeys((host, "127.0.0.1", "localhost", "::1")))
    app_ = create_app(session, hosts=hosts)
    if host not in ("127.0.0.1", "localhost", "::1"):
        warn(f"listening on {host}: anyone who can reach it and has the address below can edit this run")
    stdout().print(f"triglot review: http://{shown}:{bound}/?token={app_.state.bench.token}", soft_wrap=True)
    stdout().print(f"decisions: {session.review.path}", soft_wrap=True)
    sys.stdout.flush()
    server = uvicorn.Server(uvicorn.Config(app_, log_level="warning", access_log=False, lifespan="off"))
    try:
        server.run(sockets=[sock])
    finally:
        session.close()


def _mount_subapps() -> None:
    from glossary.cli import (
        app as glossary_app,  # typer only: keeps `triglot glossary search` fast
    )

    app.add_typer(glossary_app, name="glossary", help="Query and edit the termbase (SQLite), import and export TBX/CSV.")


_mount_subapps()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
