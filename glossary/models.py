"""Typed values of the termbase: entries, their example contexts, search hits.

One :class:`TermEntry` is one concept with its term in each language
(``{"zh": "互操作性", "fr": "interopérabilité", "en": "interoperability"}``),
optional variants, a review status and the evidence extraction found for it.
Language keys are triglot's short codes (``zh``/``fr``/``en``); exchange formats
map them to tags such as ``zh-Hans`` at their edges.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Mapping

from align.errors import BadInputError, UsageError
from align.lang.langid import code_of_tag, ordered_languages
from align.lang.script import CONTROL_RE

CANDIDATE = "candidate"
APPROVED = "approved"
REJECTED = "rejected"
STATUSES = (CANDIDATE, APPROVED, REJECTED)
# Entries a human has decided on: re-runs and default imports never touch them.
DECIDED = frozenset({APPROVED, REJECTED})

MAX_CONTEXTS = 3
MAX_FREQUENCY = 2**63 - 1  # SQLite's largest integer
_WHOLE_NUMBER_RE = re.compile(r"[+-]?\d+")
# Python keeps bytes of a command line that are not UTF-8 as lone surrogates (surrogateescape).
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def shortened(value: object, limit: int = 20) -> str:
    """``value`` as text for a message, cut after ``limit`` characters (a 5 KB number or
    term from a file would otherwise fill the screen)."""
    text = str(value)
    return text if len(text) <= limit + 4 else text[:limit] + "…"


def _quoted(value: object) -> str:
    return repr(shortened(value)) if isinstance(value, str) else shortened(value)


def check_text(value: str, what: str) -> str:
    """``value`` (a command-line argument) if it is valid text; a UsageError naming
    ``what`` when it holds bytes that are not UTF-8."""
    if _SURROGATE_RE.search(value):
        raise UsageError(f"{what} is not valid text (invalid UTF-8 bytes)")
    return value


def _clean(text: str) -> str:
    return " ".join(_no_controls(str(text)).split())


def _no_controls(text: str) -> str:
    """Terms, notes and contexts never hold control characters: refused, naming the character
    (an escape sequence in a term would reach every terminal that prints it, and TBX cannot
    carry them)."""
    found = CONTROL_RE.search(text)
    if found:
        raise BadInputError(f"control character U+{ord(found.group()):04X} in {ascii(text)}")
    return text


@dataclass(frozen=True)
class Context:
    """One example of the entry in use: the aligned sentences of each language.

    ``segment_ids`` are the 0-based sentence ids of the aligned unit the example
    comes from (see ``align.models.AlignedUnit``); they may be empty when the
    example came from a spreadsheet or a foreign TBX file.
    """

    texts: Mapping[str, str]
    segment_ids: Mapping[str, tuple[int, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        texts = {lang: _clean(t) for lang, t in self.texts.items() if _clean(t)}
        ids = {lang: tuple(int(i) for i in v) for lang, v in self.segment_ids.items() if v}
        for lang, seg in ids.items():
            if any(i < 0 for i in seg):
                raise BadInputError(f"context of {lang}: negative sentence id in {seg}")
        object.__setattr__(self, "texts", {k: texts[k] for k in ordered_languages(texts)})
        object.__setattr__(self, "segment_ids", {k: ids[k] for k in ordered_languages(ids)})


@dataclass(frozen=True)
class TermEntry:
    """One trilingual (or n-lingual) termbase entry.

    ``entry_id`` is empty until the store assigns one.  ``terms`` holds the
    preferred term per language; ``variants`` further accepted forms.
    """

    terms: Mapping[str, str]
    variants: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    status: str = CANDIDATE
    confidence: float = 0.0
    frequency: int = 0
    contexts: tuple[Context, ...] = ()
    source: str = ""  # the document id the entry was mined from, or an import's file name
    note: str = ""
    entry_id: str = ""
    definition: str = ""  # what the concept is, in the reviewer's words (TBX descrip definition)
    domain: str = ""  # the subject field (TBX descrip subjectField)
    # The documents of a run the entry was mined from, with its frequency in each (the
    # frequency above is then their sum); empty for entries from elsewhere.
    occurrences: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Normalise once here so every stage sees the same canonical value
        # (whitespace collapsed, languages in a fixed order): determinism of exports.
        terms = {lang: _clean(t) for lang, t in self.terms.items() if _clean(t)}
        if not terms:
            raise BadInputError("a termbase entry needs a term in at least one language")
        variants: dict[str, tuple[str, ...]] = {}
        for lang, forms in self.variants.items():
            if isinstance(forms, str):
                forms = (forms,)
            kept: list[str] = []
            for form in forms:
                form = _clean(form)
                if form and form != terms.get(lang) and form not in kept:
                    kept.append(form)
            if kept:
                variants[lang] = tuple(kept)
        if self.status not in STATUSES:
            raise BadInputError(
                f"unknown status {self.status!r}: expected one of {', '.join(STATUSES)}")
        try:
            confidence = float(self.confidence)
        except (TypeError, ValueError):
            raise BadInputError(f"confidence {_quoted(self.confidence)} is not a number") from None
        if math.isnan(confidence) or not 0.0 <= confidence <= 1.0:
            raise BadInputError(f"confidence {_quoted(self.confidence)} is outside 0..1")
        frequency = _frequency(self.frequency)
        object.__setattr__(self, "terms", {k: terms[k] for k in ordered_languages(terms)})
        object.__setattr__(self, "variants", {k: variants[k] for k in ordered_languages(variants)})
        object.__setattr__(self, "confidence", confidence)
        object.__setattr__(self, "frequency", frequency)
        object.__setattr__(self, "contexts", tuple(self.contexts)[:MAX_CONTEXTS])
        object.__setattr__(self, "source", _clean(self.source))
        object.__setattr__(self, "note", _no_controls(str(self.note)).strip())
        object.__setattr__(self, "definition", _no_controls(str(self.definition)).strip())
        object.__setattr__(self, "domain", " ".join(_no_controls(str(self.domain)).split()))
        occurrences = {_clean(doc): _frequency(n) for doc, n in dict(self.occurrences).items() if _clean(doc)}
        object.__setattr__(self, "occurrences", dict(sorted(occurrences.items())))

    @property
    def languages(self) -> list[str]:
        return list(self.terms)

    def all_forms(self, lang: str) -> tuple[str, ...]:
        """The preferred term of ``lang`` followed by its variants."""
        main = (self.terms[lang],) if lang in self.terms else ()
        return main + tuple(self.variants.get(lang, ()))

    def label(self) -> str:
        return " / ".join(self.terms.values())

    def to_json(self) -> dict:
        """Every field as JSON values (what :meth:`from_json` reads back to an equal entry)."""
        return {"terms": dict(self.terms), "variants": {k: list(v) for k, v in self.variants.items()},
                "status": self.status, "confidence": self.confidence, "frequency": self.frequency,
                "contexts": [{"texts": dict(c.texts), "segment_ids": {k: list(v) for k, v in c.segment_ids.items()}}
                             for c in self.contexts],
                "source": self.source, "note": self.note, "entry_id": self.entry_id,
                "definition": self.definition, "domain": self.domain, "occurrences": dict(self.occurrences)}

    @classmethod
    def from_json(cls, data: Mapping) -> "TermEntry":
        contexts = tuple(Context(c["texts"], {k: tuple(v) for k, v in c.get("segment_ids", {}).items()})
                         for c in data.get("contexts", ()))
        return cls(data["terms"],
                   {k: tuple(v) for k, v in data.get("variants", {}).items()},
                   data.get("status", CANDIDATE), data.get("confidence", 0.0), data.get("frequency", 0),
                   contexts, data.get("source", ""), data.get("note", ""), data.get("entry_id", ""),
                   data.get("definition", ""), data.get("domain", ""), data.get("occurrences", {}))


def _frequency(value: object) -> int:
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, str) and _WHOLE_NUMBER_RE.fullmatch(text) \
            and len(text.lstrip("+-").lstrip("0")) > len(str(MAX_FREQUENCY)):
        frequency = -1 if text.startswith("-") else MAX_FREQUENCY + 1  # int() stops at 4300 digits
    else:
        try:
            frequency = int(text)  # type: ignore[call-overload]
        except (TypeError, ValueError, OverflowError):
            raise BadInputError(f"frequency {_quoted(value)} is not a whole number") from None
    if frequency < 0:
        raise BadInputError(f"frequency {shortened(text)} is negative")
    if frequency > MAX_FREQUENCY:
        raise BadInputError(
            f"frequency {shortened(text)} is too large: a termbase holds at most {MAX_FREQUENCY}")
    return frequency


@dataclass(frozen=True)
class MergeReport:
    """What one ``merge_candidates`` or import call did, entry ids per outcome."""

    inserted: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()  # existing candidates refreshed with new data
    kept_decided: tuple[str, ...] = ()  # approved/rejected entries left untouched
    removed: tuple[str, ...] = ()  # stale candidates pruned (only when asked)
    merged: tuple[str, ...] = ()  # existing entries of the same concept that took the rows' forms
    new_forms: int = 0  # forms the merged rows added (as terms of new languages or as variants)

    def summary(self) -> str:
        merged = (f"{len(self.merged)} merged into entries of the same concept ({self.new_forms} "
                  f"new form(s) as terms or variants), " if self.merged else "")
        return (f"{len(self.inserted)} new, {merged}{len(self.updated)} updated, "
                f"{len(self.kept_decided)} kept (approved/rejected), {len(self.removed)} removed")


@dataclass(frozen=True)
class SearchHit:
    """One search result: the entry and why it matched.

    ``mode`` is exact, prefix, contains, pinyin or fuzzy (best first);
    ``matched`` the stored form that matched, in language ``lang``.
    """

    entry: TermEntry
    mode: str
    score: float
    lang: str
    matched: str


# Language tags the glossary's exchange files (TBX, CSV, TSV) write (BCP 47); configurable per call.
GLOSSARY_LANG_TAGS: Mapping[str, str] = {"zh": "zh-Hans", "fr": "fr", "en": "en"}


def lang_tag(code: str, tags: Mapping[str, str] | None = None) -> str:
    """The exchange-file tag of a language code (zh → zh-Hans by default)."""
    return (GLOSSARY_LANG_TAGS if tags is None else tags).get(code, code)


def lang_code(tag: str, tags: Mapping[str, str] | None = None) -> str:
    """The language code of a tag read from a file: the configured tag, or any tag
    whose primary subtag is zh, fr or en (zh-CN, fr-FR, en-GB), else the tag itself."""
    tag = tag.strip()
    for code, known in (GLOSSARY_LANG_TAGS if tags is None else tags).items():
        if known.lower() == tag.lower():
            return code
    return code_of_tag(tag)


def parse_lang_tags(pairs: list[str] | None) -> dict[str, str]:
    """``["zh=zh-Hant", "fr=fr-FR"]`` → the default tags with those replaced."""
    tags = dict(GLOSSARY_LANG_TAGS)
    for pair in pairs or ():
        code, sep, tag = check_text(pair, "--lang-tag").partition("=")
        if not sep or not code.strip() or not tag.strip():
            raise UsageError(f"language tag {pair!r}: expected CODE=TAG, e.g. zh=zh-Hans")
        tags[code.strip()] = tag.strip()
    return tags
