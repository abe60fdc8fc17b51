"""The ``triglot`` command: parse arguments, call the library, print.

This is the only module that prints, exits or touches the terminal.  Exit
codes: 0 ok, 1 bad input, 2 usage.  Heavy engines are imported inside the
commands that need them so ``triglot glossary search`` starts fast.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from .errors import TriglotError

app = typer.Typer(
    name="triglot",
    help="Align Chinese, French and English versions of one document, mine its terms, "
    "export TMX/TBX and flag divergences.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _stderr():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _stdout():
    from rich.console import Console

    return Console(highlight=False)


def _fail(exc: TriglotError) -> None:
    _stderr().print(f"[bold red]triglot: error:[/] {exc}", markup=True, soft_wrap=True)
    raise typer.Exit(exc.exit_code)


def _emit(text: str, output: Optional[Path]) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from .textio import write_text_atomic

    write_text_atomic(output, text)


@app.command()
def ingest(
    page: Path = typer.Argument(..., help="Scraped page: text or HTML, UTF-8/GBK/Big5."),
    lang: str = typer.Option("zh", "--lang", help="Language of the page: zh, fr or en."),
    corrections: Optional[Path] = typer.Option(
        None, "--corrections", help="Reviewed fixes (default: <doc-id>.corrections.tsv beside the page)."),
    no_corrections: bool = typer.Option(False, "--no-corrections", help="Ignore any corrections file."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 (writing nothing) if damage remains."),
) -> None:
    """Clean a scraped page: keep the statement only, in Simplified script.

    Damaged text (mojibake) is reported with its line and column; its fix comes
    from the corrections file, never from a guess.
    """
    from .ingest import ingest_file
    from .langid import check_language_code

    try:
        clean = ingest_file(page, check_language_code(lang), corrections_path=corrections,
                            use_corrections=not no_corrections)
        err = _stderr()
        for issue in clean.issues:
            err.print(f"[yellow]triglot: warning:[/] {page}: {issue.message}", soft_wrap=True)
        if strict and clean.issues:
            err.print("triglot: error: --strict: nothing written while warnings remain")
            raise typer.Exit(1)
        _emit(clean.text, output)
    except TriglotError as exc:
        _fail(exc)


@app.command()
def segment(
    text_file: Path = typer.Argument(..., help="A clean text (one paragraph a line)."),
    lang: str = typer.Option(..., "--lang", help="zh, fr or en."),
    fmt: str = typer.Option("lines", "--format", help="lines (one sentence a line) or json."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
) -> None:
    """Split a text into sentences."""
    from .langid import check_language_code, ensure_language
    from .pipeline import pipeline_signature, segments_to_json
    from .segment import segment_text
    from .textio import read_text

    if fmt not in ("lines", "json"):
        _stderr().print(f"triglot: error: unknown --format {fmt!r}: use lines or json")
        raise typer.Exit(2)
    try:
        code = check_language_code(lang)
        text = read_text(text_file)
        ensure_language(text, code, str(text_file))
        segmented = segment_text(text, code)
        if fmt == "json":
            rendered = segments_to_json(text_file.stem, segmented, str(pipeline_signature()))
        else:
            rendered = "".join(s.text + "\n" for s in segmented.sentences)
        _emit(rendered, output)
    except TriglotError as exc:
        _fail(exc)


@app.command()
def run(
    texts_dir: Path = typer.Argument(Path("texts"), help="Folder with <lang>/<doc-id>.txt files."),
    out_dir: Path = typer.Option(Path("out"), "--out", help="Where results are written."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Run every stage over all documents in TEXTS_DIR, writing results under --out."""
    from .pipeline import RunConfig
    from .pipeline import run as run_pipeline

    config = RunConfig(texts_dir=texts_dir, out_dir=out_dir)
    try:
        if as_json:
            report = run_pipeline(config)
        else:
            report = _run_with_progress(config, run_pipeline)
    except TriglotError as exc:
        _fail(exc)
    if as_json:
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=1) + "\n")
    else:
        _print_run_summary(report)
    raise typer.Exit(0 if report.ok else 1)


def _run_with_progress(config, run_pipeline):
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=_stderr(), transient=True) as progress:
        task = progress.add_task("triglot run", total=None)

        def on_progress(done: int, total: int, label: str) -> None:
            progress.update(task, completed=done, total=total,
                            description=f"triglot run {label}".rstrip())

        return run_pipeline(config, on_progress)


def _print_run_summary(report) -> None:
    from rich.table import Table

    out, err = _stdout(), _stderr()
    table = Table(title="triglot run", title_justify="left")
    for column in ("document", "zh", "fr", "en", "status"):
        table.add_column(column)
    for doc in report.documents:
        cells = [str(doc.sentences.get(lang, "—")) for lang in ("zh", "fr", "en")]
        status = "ok" if doc.ok else f"error: {doc.error}"
        if doc.ok and (doc.issues or doc.warnings):
            status = f"ok, {len(doc.issues) + len(doc.warnings)} warning(s)"
        table.add_row(doc.doc_id, *cells, status)
    out.print(table)
    out.print("sentences per language version; outputs under the --out folder")
    for doc in report.documents:
        for warning in doc.warnings:
            err.print(f"[yellow]triglot: warning:[/] {warning}", soft_wrap=True)
        for issue in doc.issues:
            err.print(f"[yellow]triglot: warning:[/] {doc.doc_id}: {issue.message}", soft_wrap=True)
        if doc.error:
            err.print(f"[bold red]triglot: error:[/] {doc.error}", soft_wrap=True)
    out.print(f"signature: {report.signature}", soft_wrap=True)


def _mount_subapps() -> None:
    from glossary.cli import app as glossary_app  # typer only: keeps `triglot glossary search` fast

    app.add_typer(glossary_app, name="glossary", help="Query and edit the termbase (SQLite), import and export TBX/CSV.")


_mount_subapps()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
