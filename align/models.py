"""Typed values passed between pipeline stages.

Every stage takes and returns these frozen dataclasses; JSON exists only at the
edges (files written under ``out/``).  Sentence ids are 0-based positions in the
segmented text of one language version.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

from .lang.langid import LANGUAGES  # noqa: F401  (the stages read it with the values)
from .lang.script import joiner as script_joiner



@dataclass(frozen=True)
class Issue:
    """Something ingest noticed but could not (or may not) fix silently."""

    kind: str  # e.g. "mojibake", "stale-clean-text"
    line: int  # 1-based, in the raw input
    column: int  # 1-based
    text: str  # the offending span, verbatim
    message: str


@dataclass(frozen=True)
class CleanText:
    """Result of ingest: the statement text only, paragraphs separated by blank lines."""

    lang: str
    text: str
    issues: tuple[Issue, ...] = ()
    corrections_applied: int = 0
    summary: str = ""  # what ingest kept of the page and what it left out, in a reviewer's words


@dataclass(frozen=True)
class Sentence:
    id: int
    text: str
    paragraph: int  # 0-based paragraph index; paragraph breaks are free alignment anchors


@dataclass(frozen=True)
class SegmentedText:
    lang: str
    sentences: tuple[Sentence, ...]

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.sentences]

    def joined(self, ids: Sequence[int], joiner: str | None = None) -> str:
        """Sentences ``ids`` as one text, joined as the language joins sentences."""
        if joiner is None:
            joiner = script_joiner(self.lang)
        return joiner.join(self.sentences[i].text for i in ids)


@dataclass(frozen=True)
class Bead:
    """One alignment link: source ids ↔ target ids (either side may be empty)."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 0.0

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"


@dataclass(frozen=True)
class PairAlignment:
    src_lang: str
    tgt_lang: str
    beads: tuple[Bead, ...]


@dataclass(frozen=True)
class AlignedUnit:
    """A row of the trilingual alignment: the sentence ids of each language version.

    A language with no counterpart has an empty tuple.
    """

    ids: Mapping[str, tuple[int, ...]]
    score: float = 0.0


@dataclass(frozen=True)
class Document:
    """The versions of one document, as found under ``texts/<lang>/<doc_id>.*``."""

    doc_id: str
    texts: Mapping[str, SegmentedText] = field(default_factory=dict)


@dataclass(frozen=True)
class Alignment:
    """The consistent trilingual alignment of one document: what later stages read."""

    doc_id: str
    texts: Mapping[str, SegmentedText]
    units: tuple[AlignedUnit, ...]
    pairs: Mapping[tuple[str, str], PairAlignment] = field(default_factory=dict)
    signature: str = ""

    def unit_text(self, unit: AlignedUnit, lang: str, joiner: str | None = None) -> str:
        """The text of one language side of a unit, sentences joined (no space for zh)."""
        return self.texts[lang].joined(unit.ids.get(lang, ()), joiner)


@dataclass(frozen=True)
class ApprovedTerm:
    """One concept's approved renderings in each language: what the terminology check
    holds every version to (the preferred term first, then accepted variants)."""

    forms: Mapping[str, tuple[str, ...]]

    def renderings(self, lang: str) -> tuple[str, ...]:
        return tuple(self.forms.get(lang, ()))


@dataclass(frozen=True)
class Termbase:
    """The approved terms a run checks against, built by the pipeline from the glossary
    (approved entries) and any termbase file the user gives."""

    entries: tuple[ApprovedTerm, ...] = ()

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __add__(self, other: "Termbase") -> "Termbase":
        return Termbase(self.entries + other.entries)


# --------------------------------------------------------------------------- review decisions
# What a reviewer decided in the workbench (``triglot review``), read back by every later run.

FLAG_STATUSES = ("open", "confirmed", "dismissed", "ignored")


@dataclass(frozen=True)
class FlagDecision:
    """A reviewer's decision on one flag, keyed by the flag's content key (kind, languages,
    the involved texts and the words it points at): it holds while those are unchanged."""

    key: str
    status: str  # confirmed, dismissed (a false alarm) or open (looked at, left open)
    comment: str = ""
    revision: int = 0  # bumped on every write: a stale write is a conflict
    # What the decision still holds for after an alignment edit changed the flag's unit: the
    # flag's kind, languages and words (Flag.loose_key) on one of the same sentences.
    loose: str = ""
    ids: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    texts: Mapping[str, str] = field(default_factory=dict)  # the unit's texts the reviewer saw
    updated: float = 0.0  # when it was made (the latest of two that match a flag wins)


@dataclass(frozen=True)
class IgnoreRule:
    """A project-wide silence: flags of ``kind`` ("" for any) whose message or highlighted
    words contain ``pattern`` (a regular expression when ``regex``)."""

    id: int
    pattern: str
    kind: str = ""
    regex: bool = False
    note: str = ""


@dataclass(frozen=True)
class FlagReview:
    """A flag's review status as the reports show it."""

    status: str = "open"
    comment: str = ""
    rule: int | None = None  # the ignore rule that silenced it
