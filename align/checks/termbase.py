"""The approved renderings the terminology check compares against.

A :class:`Termbase` is a tuple of :class:`TermEntry` (zh, fr and en variants).
It is read from a TSV with a ``zh fr en`` header (variants separated by
`` | ``), or adapted from the glossary stage's entries: anything with ``zh``,
``fr``, ``en`` attributes or keys (strings or sequences of strings).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..errors import BadInputError


@dataclass(frozen=True)
class TermEntry:
    zh: tuple[str, ...]
    fr: tuple[str, ...] = ()
    en: tuple[str, ...] = ()

    def renderings(self, lang: str) -> tuple[str, ...]:
        return getattr(self, lang, ())


Termbase = tuple[TermEntry, ...]


def load_termbase(path: Path) -> Termbase:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInputError(f"{path}: cannot read termbase ({exc})") from None
    rows = list(csv.reader(text.splitlines(), delimiter="\t"))
    if not rows:
        raise BadInputError(f"{path}: termbase is empty")
    header = [h.strip().lower() for h in rows[0]]
    if "zh" not in header:
        raise BadInputError(f"{path}: termbase needs a header row with a 'zh' column (zh fr en)")
    col = {name: header.index(name) for name in ("zh", "fr", "en") if name in header}
    entries = []
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {name: _variants(row[i]) if i < len(row) else () for name, i in col.items()}
        if not values.get("zh"):
            raise BadInputError(f"{path}:{line_no}: no zh term")
        entries.append(TermEntry(values["zh"], values.get("fr", ()), values.get("en", ())))
    return tuple(entries)


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
