"""``triglot glossary …``: a typer sub-app.  It parses, calls the library, prints.

Mount it with ``app.add_typer(glossary.cli.app, name="glossary")``.  Importing
this module costs typer only: the store, search and formats are imported inside
the commands, rich's table only when a table is printed.
"""
from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from align.console import fail
from align.errors import TriglotError, UsageError
from align.lang.langid import ordered_languages
from align.signature import base_signature

from .exchange import export_glossary, import_into
from .models import STATUSES, TermEntry, check_text, parse_lang_tags
from .search import search as run_search
from .store import GlossaryStore

app = typer.Typer(
    name="glossary", no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    help="Search, review, import and export the termbase (an SQLite file).")

DB_HELP = "The glossary database file."
_DB = typer.Option(Path("out/glossary.db"), "--db", envvar="TRIGLOT_GLOSSARY_DB", help=DB_HELP,
                   dir_okay=False)


def _reports_errors(command):
    """Turn triglot's typed errors into a one-line message and its exit code."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except TriglotError as exc:
            fail(exc)
    return wrapper


def _open(db: Path, *, create: bool = False):
    return GlossaryStore(db, create=create)


@app.command()
@_reports_errors
def search(
    query: str = typer.Argument(..., help="A term in any language, its pinyin, or a fragment."),
    db: Path = _DB,
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    limit: int = typer.Option(20, "--limit", "-n", help="Show at most this many entries."),
    lang: Optional[List[str]] = typer.Option(None, "--lang", help="Match only terms of this "
                                             "language (zh, fr, en); repeatable."),
    status: Optional[List[str]] = typer.Option(None, "--status", help="Only entries with this "
                                               "status; repeatable."),
    min_score: float = typer.Option(80.0, "--min-score", help="Fuzzy matches below this "
                                    "similarity (0-100) are left out."),
) -> None:
    """Find entries: exact, prefix, contains, pinyin, then fuzzy matches."""

    with _open(db) as store:
        hits = run_search(store, query, limit=limit, langs=lang, statuses=_statuses(status),
                          min_fuzzy=min_score)
    if as_json:
        typer.echo(json.dumps([{**entry_to_dict(h.entry), "match": {
            "mode": h.mode, "score": h.score, "lang": h.lang, "term": h.matched}} for h in hits],
            ensure_ascii=False, indent=2))
        return
    if not hits:
        typer.echo(f"no entry matches {query!r}")
        raise typer.Exit(1)
    _print_table([h.entry for h in hits], [f"{h.mode} {h.score:g}" for h in hits])


@app.command()
@_reports_errors
def show(
    ref: str = typer.Argument(..., help="An entry id, or a term naming exactly one entry."),
    db: Path = _DB,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show one entry with its variants and example contexts."""
    with _open(db) as store:
        entry = store.resolve(ref)
    if as_json:
        typer.echo(json.dumps(entry_to_dict(entry), ensure_ascii=False, indent=2))
        return
    lines = [f"{entry.entry_id}  {entry.status}  confidence {entry.confidence:.4f}  "
             f"frequency {entry.frequency}"]
    if entry.occurrences:
        from .tabular import documents_cell

        lines.append(f"  found in {len(entry.occurrences)} document(s): {documents_cell(entry.occurrences)}")
    for lang in entry.terms:
        forms = entry.all_forms(lang)
        extra = f"  (variants: {', '.join(forms[1:])})" if len(forms) > 1 else ""
        lines.append(f"  {lang}: {forms[0]}{extra}")
    if entry.source:
        lines.append(f"  source: {entry.source}")
    if entry.domain:
        lines.append(f"  domain: {entry.domain}")
    if entry.definition:
        lines.append(f"  definition: {entry.definition}")
    if entry.note:
        lines.append(f"  note: {entry.note}")
    for number, context in enumerate(entry.contexts, start=1):
        lines.append(f"  example {number}:")
        for lang, text in context.texts.items():
            ids = context.segment_ids.get(lang)
            where = f" [sentences {', '.join(map(str, ids))}]" if ids else ""
            lines.append(f"    {lang}{where}: {text}")
    typer.echo("\n".join(lines))


@app.command()
@_reports_errors
def add(
    zh: Optional[str] = typer.Option(None, "--zh", help="The Chinese term."),
    fr: Optional[str] = typer.Option(None, "--fr", help="The French term."),
    en: Optional[str] = typer.Option(None, "--en", help="The English term."),
    term: Optional[List[str]] = typer.Option(None, "--term", help="LANG=TERM for another "
                                             "language; repeatable."),
    variant: Optional[List[str]] = typer.Option(None, "--variant", help="LANG=FORM, another "
                                                "accepted form; repeatable."),
    status: str = typer.Option("approved", "--status", help="candidate, approved or rejected."),
    note: str = typer.Option("", "--note", help="A free note."),
    source: str = typer.Option("", "--source", help="Where the entry comes from."),
    definition: str = typer.Option("", "--definition", help="What the concept is."),
    domain: str = typer.Option("", "--domain", help="Its subject field (law, health…)."),
    db: Path = _DB,
) -> None:
    """Add an entry by hand (approved unless --status says otherwise)."""

    terms = {k: check_text(v, f"--{k}") for k, v in (("zh", zh), ("fr", fr), ("en", en)) if v}
    terms.update(_pairs(term, "--term"))
    variants: dict[str, list[str]] = {}
    for lang, form in _pair_list(variant, "--variant"):
        variants.setdefault(lang, []).append(form)
    if not terms:
        raise UsageError("give at least one term: --zh, --fr, --en or --term LANG=TERM")
    entry = TermEntry(terms=terms, variants={k: tuple(v) for k, v in variants.items()},
                      status=_status(status), note=check_text(note, "--note"),
                      source=check_text(source, "--source"),
                      definition=check_text(definition, "--definition"), domain=check_text(domain, "--domain"))
    with _open(db, create=True) as store:
        saved = store.add(entry)
    typer.echo(f"{saved.entry_id}  {saved.status}  {saved.label()}")


@app.command()
@_reports_errors
def approve(
    refs: List[str] = typer.Argument(..., help="Entry ids, or terms naming one entry each."),
    db: Path = _DB,
) -> None:
    """Mark entries approved (re-runs will never change them)."""
    _set_status(refs, "approved", db)


@app.command()
@_reports_errors
def reject(
    refs: List[str] = typer.Argument(..., help="Entry ids, or terms naming one entry each."),
    db: Path = _DB,
) -> None:
    """Mark entries rejected (re-runs will not propose them again)."""
    _set_status(refs, "rejected", db)


@app.command()
@_reports_errors
def export(
    path: Path = typer.Argument(..., help="Output file: .tbx, .csv or .tsv.", dir_okay=False),
    db: Path = _DB,
    fmt: Optional[str] = typer.Option(None, "--format", help="tbx, csv or tsv (default: from "
                                      "the file name)."),
    status: Optional[List[str]] = typer.Option(None, "--status", help="Only entries with this "
                                               "status; repeatable."),
    lang_tag: Optional[List[str]] = typer.Option(None, "--lang-tag", help="CODE=TAG language "
                                                 "tag in the file, e.g. zh=zh-Hant; repeatable."),
    signature: Optional[str] = typer.Option(None, "--signature", help="Text for the TBX "
                                            "header (default: triglot's version)."),
    min_confidence: float = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0,
                                         help="Leave out candidates less likely than this to be "
                                         "correct (approved entries are always exported); "
                                         "`triglot run` exports at the term model's threshold."),
) -> None:
    """Export the glossary as TBX-Basic, CSV or TSV (one column per language)."""

    signature = str(base_signature()) if signature is None else check_text(signature, "--signature")
    with _open(db) as store:
        count = export_glossary(store, path, fmt=fmt, signature=signature,
                                statuses=_statuses(status), lang_tags=parse_lang_tags(lang_tag),
                                min_confidence=min_confidence)
    typer.echo(f"wrote {count} entries to {path}")


@app.command("import")
@_reports_errors
def import_(
    path: Path = typer.Argument(..., help="A .tbx, .csv or .tsv file."),
    db: Path = _DB,
    fmt: Optional[str] = typer.Option(None, "--format", help="tbx, csv or tsv (default: from "
                                      "the file name)."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Let the file replace entries "
                                   "already approved or rejected."),
    default_status: str = typer.Option("candidate", "--default-status", help="Status of "
                                       "entries the file gives none."),
    lang_tag: Optional[List[str]] = typer.Option(None, "--lang-tag", help="CODE=TAG language "
                                                 "tag in the file, e.g. zh=zh-Hant; repeatable."),
) -> None:
    """Import a TBX, CSV or TSV file: the whole file or, on any error, nothing."""

    result = import_into(db, path, fmt=fmt, overwrite_decided=overwrite,
                         lang_tags=parse_lang_tags(lang_tag),
                         default_status=_status(default_status))
    typer.echo(f"imported {path}: {result.report.summary()}")


# ---------------------------------------------------------------- helpers
def entry_to_dict(entry) -> dict:
    """The JSON shape of an entry (used by --json): its fields, the id first."""
    data = entry.to_json()
    return {"id": data.pop("entry_id"), **data}


def _print_table(entries, match_labels: list[str]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text


    langs = ordered_languages({lang for e in entries for lang in e.terms} | {"zh", "fr", "en"})
    table = Table(show_lines=False)
    for column in ("id", *langs, "status", "match"):
        table.add_column(column, overflow="fold")
    for entry, label in zip(entries, match_labels):
        # Text(), not str: a term like "[x]" must not be read as rich markup.
        table.add_row(Text(entry.entry_id), *(Text(entry.terms.get(lang, "")) for lang in langs),
                      Text(entry.status), Text(label))
    Console().print(table)


def _set_status(refs: List[str], status: str, db: Path) -> None:
    with _open(db) as store:
        ids = [store.resolve(ref).entry_id for ref in refs]
        for entry in store.set_status(ids, status):
            typer.echo(f"{entry.entry_id}  {entry.status}  {entry.label()}")


def _status(value: str) -> str:
    if check_text(value, "--status") not in STATUSES:
        raise UsageError(f"unknown status {value!r}: expected one of {', '.join(STATUSES)}")
    return value


def _statuses(values: Optional[List[str]]) -> Optional[list[str]]:
    return [_status(v) for v in values] if values else None


def _pair_list(values: Optional[List[str]], option: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values or ():
        lang, sep, text = check_text(value, option).partition("=")
        if not sep or not lang.strip() or not text.strip():
            raise UsageError(f"{option} {value!r}: expected LANG=TEXT, e.g. fr=IA")
        pairs.append((lang.strip(), text.strip()))
    return pairs


def _pairs(values: Optional[List[str]], option: str) -> dict[str, str]:
    return dict(_pair_list(values, option))


def main() -> None:
    app()


if __name__ == "__main__":
    sys.exit(main())
