"""One entry point for import and export in any supported format (TBX, CSV, TSV)."""
from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from align.errors import BadInputError, UsageError
from align.lang.langid import LANGUAGES
from align.models import ApprovedTerm, Termbase

from .models import CANDIDATE, MergeReport, TermEntry
from .store import GlossaryStore
from .tabular import DIALECTS, export_table, read_table
from .tbx import export_tbx, read_tbx

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
                    lang_tags: Mapping[str, str] | None = None, min_confidence: float = 0.0) -> int:
    """Export the store's entries (optionally only some statuses, and only the candidates at
    or above ``min_confidence``: vetted entries are always exported); returns the count."""
    fmt = detect_format(path, fmt)
    entries = [e for e in store.entries(statuses) if e.status != CANDIDATE or e.confidence >= min_confidence]
    if fmt == "tbx":
        return export_tbx(entries, path, signature=signature, lang_tags=lang_tags)

    return export_table(entries, path, delimiter=DIALECTS[fmt])


def read_glossary(path: Path | str, *, fmt: str | None = None,
                  lang_tags: Mapping[str, str] | None = None) -> list:
    """The entries of a TBX, CSV or TSV file, without storing them anywhere."""
    return list(_parse(path, fmt, lang_tags, CANDIDATE)[1])


def read_glossary_signature(path: Path | str) -> str:
    """The signature in a TBX file's header ("" when it has none)."""
    return _parse(path, "tbx", None, CANDIDATE)[2]


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
    fmt, entries, signature = _parse(path, fmt, lang_tags, default_status)
    report = store.import_entries(entries, overwrite_decided=overwrite_decided)
    return ImportResult(fmt, report, signature)


def import_into(db: Path | str, path: Path | str, *, fmt: str | None = None,
                overwrite_decided: bool = False, lang_tags: Mapping[str, str] | None = None,
                default_status: str = CANDIDATE) -> ImportResult:
    """Import a file into the glossary ``db``, creating it if needed: the file is read and
    checked before the glossary is opened, and a failed import leaves no new glossary behind."""
    fmt, entries, signature = _parse(path, fmt, lang_tags, default_status)
    with GlossaryStore(db, create=True) as store:  # removes a glossary it made if this fails
        report = store.import_entries(entries, overwrite_decided=overwrite_decided)
    return ImportResult(fmt, report, signature)


def _parse(path: Path | str, fmt: str | None, lang_tags: Mapping[str, str] | None,
           default_status: str) -> tuple[str, tuple[TermEntry, ...], str]:
    """The format, entries and (TBX) signature of a file to import."""
    fmt = detect_format(path, fmt)
    _check_readable(Path(path))
    if fmt == "tbx":
        parsed = read_tbx(path, lang_tags=lang_tags, default_status=default_status)
        return fmt, parsed.entries, parsed.signature
    table = read_table(path, delimiter=DIALECTS[fmt], lang_tags=lang_tags,
                       default_status=default_status)
    return fmt, table.entries, ""


def _check_readable(path: Path) -> None:
    """Refuse a device or socket before reading it (/dev/zero never ends); a pipe is read."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # reading reports it, naming the file
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
        raise BadInputError(f"{path}: a device or socket, not a file to import")
