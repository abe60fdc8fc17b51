"""CSV and TSV with one column per language: what translators open in a spreadsheet.

Columns, in this order (language columns for zh, fr, en and any other language
present)::

    id  zh  fr  en  status  confidence  frequency  source  note  definition  domain
    zh variants  fr variants  en variants  zh context  fr context  en context  documents

Variants are separated by `` | ``; ``documents`` lists the documents of a run the entry
was found in with its frequency in each (``doc-a (3); doc-b (1)``).  The context columns hold the first example
context of the entry (sentence ids and further examples live in the database and
in TBX, not here).  On import only one language column is required, so the
corpus sample ``zh<TAB>fr<TAB>en`` imports as it is; headers may also use tags
such as ``zh-Hans``.  Unknown columns are refused (a typo would otherwise lose
data).  (Named ``tabular`` so that it never shadows the standard ``csv`` module.)
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from align.errors import BadInputError
from align.lang.langid import LANGUAGES, code_of_name, ordered_languages
from align.textio import (
    decode,
    read_bytes,
    spreadsheet_cell,
    spreadsheet_text,
    write_text_atomic,
)

from .models import CANDIDATE, STATUSES, Context, MergeReport, TermEntry, lang_code

VARIANT_SEPARATOR = " | "
_META_COLUMNS = ("status", "confidence", "frequency", "source", "note", "definition", "domain")
DOCUMENTS_COLUMN = "documents"  # last: the documents of a run the entry was found in, with its frequency
_DOCUMENT_RE = re.compile(r"(.+?) \((\d{1,18})\)")
_MORE_RE = re.compile(r"… \d+ more")
DIALECTS = {"csv": ",", "tsv": "\t"}


@dataclass(frozen=True)
class Table:
    entries: tuple[TermEntry, ...]
    languages: tuple[str, ...]


def table_text(entries: Iterable[TermEntry], *, delimiter: str = "\t",
               languages: Iterable[str] = LANGUAGES) -> str:
    entries = list(entries)
    langs = set(languages)
    for entry in entries:
        langs.update(entry.terms)
    langs_ordered = ordered_languages(langs)
    header = (["id", *langs_ordered, *_META_COLUMNS]
              + [f"{lang} variants" for lang in langs_ordered]
              + [f"{lang} context" for lang in langs_ordered] + [DOCUMENTS_COLUMN])
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    for entry in entries:
        first = entry.contexts[0].texts if entry.contexts else {}
        writer.writerow([spreadsheet_cell(cell) for cell in (
            [entry.entry_id, *(entry.terms.get(lang, "") for lang in langs_ordered),
             entry.status, f"{entry.confidence:.4f}", str(entry.frequency), entry.source,
             entry.note, entry.definition, entry.domain]
            + [VARIANT_SEPARATOR.join(entry.variants.get(lang, ())) for lang in langs_ordered]
            + [first.get(lang, "") for lang in langs_ordered]
            + [documents_cell(entry.occurrences)])])
    return buffer.getvalue()


DOCUMENTS_LISTED = 100  # a spreadsheet cell holds 32,767 characters, Python's csv 131,072


def documents_cell(occurrences: Mapping[str, int], limit: int = DOCUMENTS_LISTED) -> str:
    """``doc-a (3); doc-b (1)``: the documents an entry was found in, with its frequency;
    past ``limit`` documents, ``… N more`` (the database and the TBX list them all)."""
    listed = "; ".join(f"{document} ({count})" for document, count in list(occurrences.items())[:limit])
    more = len(occurrences) - limit
    return f"{listed}; … {more} more" if more > 0 else listed


def parse_documents_cell(cell: str) -> dict[str, int]:
    occurrences = {}
    for item in (part.strip() for part in cell.split("; ")):
        if _MORE_RE.fullmatch(item):
            continue
        found = _DOCUMENT_RE.fullmatch(item)
        if item and not found:
            raise BadInputError(f"documents: {item!r} is not 'document (frequency)'")
        if found:
            occurrences[found.group(1)] = int(found.group(2))
    return occurrences


def export_table(entries: Iterable[TermEntry], path: Path | str, *, delimiter: str = "\t",
                 languages: Iterable[str] = LANGUAGES) -> int:
    """Write entries as TSV (default) or CSV (``delimiter=","``), atomically; returns the count."""
    entries = list(entries)
    write_text_atomic(Path(path), table_text(entries, delimiter=delimiter, languages=languages))
    return len(entries)


def read_table(path: Path | str, *, delimiter: str = "\t",
               lang_tags: Mapping[str, str] | None = None,
               default_status: str = CANDIDATE) -> Table:
    path = Path(path)
    text, _ = decode(read_bytes(path), str(path))
    return parse_table(text, str(path), delimiter=delimiter, lang_tags=lang_tags,
                       default_status=default_status)


def parse_table(text: str, name: str = "<table>", *, delimiter: str = "\t",
                lang_tags: Mapping[str, str] | None = None,
                default_status: str = CANDIDATE) -> Table:
    """Rows → entries; BadInputError naming the line of the first bad row."""
    if default_status not in STATUSES:
        raise BadInputError(f"unknown status {default_status!r}")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise BadInputError(f"{name}, line 1: {exc}") from None
    if not header:
        raise BadInputError(f"{name}: no header row")
    columns = _columns(header, name, lang_tags, delimiter)
    term_langs = [lang for kind, lang in columns if kind == "term"]
    entries: list[TermEntry] = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise BadInputError(f"{name}, line {reader.line_num}: {exc}") from None
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            raise BadInputError(f"{name}, line {line}: {len(row)} fields, the header has "
                                f"{len(columns)}")
        cells = [spreadsheet_text(cell) for cell in row]
        entries.append(_entry(dict(zip(columns, cells)), term_langs, default_status, name, line))
    return Table(tuple(entries), tuple(term_langs))


def _columns(header: list[str], name: str, lang_tags, delimiter: str) -> list[tuple[str, str]]:
    columns: list[tuple[str, str]] = []
    for raw in header:
        label = raw.strip().lstrip("\ufeff")
        lowered = label.lower()
        if lowered == "id" or lowered in _META_COLUMNS or lowered == DOCUMENTS_COLUMN:
            column = (lowered, "")
        elif lowered.endswith(" variants") or lowered.endswith(" context"):
            tag, kind = label.rsplit(" ", 1)
            column = (kind.lower().rstrip("s"), code_of_name(tag) or lang_code(tag, lang_tags))
        elif code_of_name(label):  # Chinese, 中文, Français, English…
            column = ("term", code_of_name(label))
        elif _looks_like_language(label):
            column = ("term", lang_code(label, lang_tags))
        else:
            hint = " (is the file comma-separated? use --format csv)" \
                if delimiter == "\t" and "," in label else ""
            raise BadInputError(f"{name}, line 1: unknown column {label!r}{hint}")
        if column == ("term", "zh") and column in columns and _names_traditional(label):
            column = ("variant", "zh")  # Simplified and Traditional columns: the Traditional forms are variants
        elif column == ("term", "zh") and column in columns and _names_traditional(header[columns.index(column)]):
            columns[columns.index(column)] = ("variant", "zh")
        if column in columns:
            raise BadInputError(f"{name}, line 1: column {label!r} appears twice")
        columns.append(column)
    if not any(kind == "term" for kind, _ in columns):
        raise BadInputError(f"{name}, line 1: no language column (expected e.g. zh, fr, en)")
    return columns


def _names_traditional(label: str) -> bool:
    """A header naming Traditional Chinese (Traditional Chinese, chinois traditionnel, 繁體中文,
    zh-Hant, zh-TW, zh-HK)."""
    folded = label.strip().casefold()
    return any(mark in folded for mark in ("tradition", "繁", "hant", "zh-tw", "zh_tw", "zh-hk", "zh_hk"))


def _looks_like_language(label: str) -> bool:
    # BCP 47-ish: zh, zh-Hans, fr-FR, en_GB
    parts = label.replace("_", "-").split("-")
    return 2 <= len(parts[0]) <= 3 and parts[0].isalpha() and parts[0].isascii() and all(
        p.isalnum() and p.isascii() and 1 <= len(p) <= 8 for p in parts[1:])


def _entry(cells: dict[tuple[str, str], str], term_langs: list[str], default_status: str,
           name: str, line: int) -> TermEntry:
    def meta(key: str) -> str:
        return cells.get((key, ""), "").strip()

    variants = {lang: tuple(v.strip() for v in cell.split(VARIANT_SEPARATOR.strip()) if v.strip())
                for (kind, lang), cell in cells.items() if kind == "variant"}
    context_texts = {lang: cell for (kind, lang), cell in cells.items()
                     if kind == "context" and cell.strip()}
    try:
        return TermEntry(
            terms={lang: cells[("term", lang)] for lang in term_langs},
            variants=variants,
            status=meta("status").lower() or default_status,
            confidence=meta("confidence") or 0.0,
            frequency=meta("frequency") or 0,
            contexts=(Context(texts=context_texts),) if context_texts else (),
            source=meta("source"), note=cells.get(("note", ""), ""),
            entry_id=meta("id"), definition=cells.get(("definition", ""), ""), domain=meta("domain"),
            occurrences=parse_documents_cell(meta(DOCUMENTS_COLUMN)))
    except BadInputError as exc:
        raise BadInputError(f"{name}, line {line}: {exc}") from None


def import_table(store, path: Path | str, *, delimiter: str = "\t",
                 overwrite_decided: bool = False, lang_tags: Mapping[str, str] | None = None,
                 default_status: str = CANDIDATE) -> MergeReport:
    """Read the whole file, then import it in one transaction: all rows or none."""
    table = read_table(path, delimiter=delimiter, lang_tags=lang_tags,
                       default_status=default_status)
    return store.import_entries(table.entries, overwrite_decided=overwrite_decided)
