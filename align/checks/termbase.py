"""The approved renderings the terminology check compares against.

A :class:`Termbase` is a tuple of :class:`TermEntry` (zh, fr and en variants),
read with the glossary's readers (TBX, CSV, TSV) or adapted from glossary
entries, or from anything with ``zh``, ``fr``, ``en`` attributes or keys.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable



@dataclass(frozen=True)
class TermEntry:
    zh: tuple[str, ...]
    fr: tuple[str, ...] = ()
    en: tuple[str, ...] = ()

    def renderings(self, lang: str) -> tuple[str, ...]:
        return getattr(self, lang, ())


Termbase = tuple[TermEntry, ...]


def load_termbase(path: Path) -> Termbase:
    """Approved renderings from a TBX, CSV or TSV termbase (``zh fr en`` columns)."""
    from glossary.exchange import read_glossary

    return as_termbase(read_glossary(Path(path)))


def _variants(cell: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in cell.split("|") if v.strip())


def as_termbase(source: Any) -> Termbase:
    """Accept a Termbase, a TSV path, or duck-typed entries from the glossary stage."""
    if source is None:
        return ()
    if isinstance(source, (str, Path)):
        return load_termbase(Path(source))
    entries = []
    for item in source:
        if isinstance(item, TermEntry):
            entries.append(item)
            continue
        if hasattr(item, "all_forms"):  # a glossary.models.TermEntry: preferred term and variants
            forms = {lang: tuple(item.all_forms(lang)) for lang in ("zh", "fr", "en")}
            if forms["zh"]:
                entries.append(TermEntry(forms["zh"], forms["fr"], forms["en"]))
            continue
        fields = {}
        for lang in ("zh", "fr", "en"):
            value = item.get(lang) if isinstance(item, dict) else getattr(item, lang, None)
            fields[lang] = _as_tuple(value)
        if fields["zh"]:
            entries.append(TermEntry(fields["zh"], fields["fr"], fields["en"]))
    return tuple(entries)


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return _variants(value)
    if isinstance(value, Iterable):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return (str(value),)
