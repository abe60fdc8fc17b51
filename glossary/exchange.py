"""One entry point for import and export in any supported format (TBX, CSV, TSV)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from align.errors import UsageError
from align.lang.langid import LANGUAGES
from align.models import ApprovedTerm, Termbase

from .models import CANDIDATE, MergeReport, TermEntry
from .tabular import DIALECTS, export_table, import_table, read_table
from .tbx import export_tbx, import_tbx, read_tbx

FORMATS = ("tbx", "csv", "tsv")
_BY_SUFFIX = {".tbx": "tbx", ".xml": "tbx", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
              ".txt": "tsv"}


@dataclass(frozen=True)
class ImportResult:
    format: str
    report: MergeReport
    signature: str = ""  # a TBX file's header signature


def detect_format(path: Path | str, explicit: str | None = None) -> str:
    """``explicit`` if given, else from the file name: .tbx/.xml, .csv, .tsv/.tab/.txt."""
    if explicit:
        fmt = explicit.lower()
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {explicit!r}: expected one of {', '.join(FORMATS)}")
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix not in _BY_SUFFIX:
        raise UsageError(f"{path}: cannot tell the format from {suffix or 'no suffix'!r}; "
                         f"give --format {'|'.join(FORMATS)}")
    return _BY_SUFFIX[suffix]


def export_glossary(store, path: Path | str, *, fmt: str | None = None, signature: str = "",
                    statuses: Iterable[str] | None = None,
                    lang_tags: Mapping[str, str] | None = None) -> int:
    """Export the store's entries (optionally only some statuses); returns the count."""
    fmt = detect_format(path, fmt)
    entries = store.entries(statuses)
    if fmt == "tbx":
        return export_tbx(entries, path, signature=signature, lang_tags=lang_tags)

    return export_table(entries, path, delimiter=DIALECTS[fmt])


def read_glossary(path: Path | str, *, fmt: str | None = None,
                  lang_tags: Mapping[str, str] | None = None) -> list:
    """The entries of a TBX, CSV or TSV file, without storing them anywhere."""
    fmt = detect_format(path, fmt)
    if fmt == "tbx":
        return list(read_tbx(path, lang_tags=lang_tags).entries)

    return list(read_table(path, delimiter=DIALECTS[fmt], lang_tags=lang_tags).entries)


def approved_termbase(entries: Iterable[TermEntry]) -> Termbase:
    """The check stage's value of ``entries``: each entry's forms (preferred term, then
    variants) in zh, fr and en; entries without a Chinese term compare nothing."""
    terms = []
    for entry in entries:
        forms = {lang: entry.all_forms(lang) for lang in LANGUAGES}
        if forms["zh"]:
            terms.append(ApprovedTerm(forms))
    return Termbase(tuple(terms))


def read_termbase(path: Path | str) -> Termbase:
    """Approved renderings from a TBX, CSV or TSV termbase (``zh fr en`` columns)."""
    return approved_termbase(read_glossary(Path(path)))


def import_glossary(store, path: Path | str, *, fmt: str | None = None,
                    overwrite_decided: bool = False, lang_tags: Mapping[str, str] | None = None,
                    default_status: str = CANDIDATE) -> ImportResult:
    """Parse the whole file first, then import it in one transaction (all or nothing)."""
    fmt = detect_format(path, fmt)
    if fmt == "tbx":
        report, signature = import_tbx(store, path, overwrite_decided=overwrite_decided,
                                       lang_tags=lang_tags, default_status=default_status)
        return ImportResult(fmt, report, signature)

    report = import_table(store, path, delimiter=DIALECTS[fmt], overwrite_decided=overwrite_decided,
                          lang_tags=lang_tags, default_status=default_status)
    return ImportResult(fmt, report)
