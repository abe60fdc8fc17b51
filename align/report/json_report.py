"""JSON: the flags with their evidence, per-unit scores, and what was skipped."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..checks.base import CheckResult, Flag
from ..textio import write_text_atomic

# 2: units numbered from 1, as in every other report; flags carry their probability.
FORMAT_VERSION = 2


def flag_to_dict(flag: Flag) -> dict[str, Any]:
    return {
        "unit": flag.unit + 1,
        "kind": flag.kind,
        "severity": flag.severity,
        "probability": flag.probability,
        "langs": list(flag.langs),
        "diverging": flag.diverging,
        "ids": {lang: list(ids) for lang, ids in flag.ids.items()},
        "message": flag.message,
        "evidence": _plain(flag.evidence),
        "texts": dict(flag.texts),
        "highlights": {lang: [list(span) for span in spans] for lang, spans in flag.highlights.items()},
    }


def result_to_dict(result: CheckResult) -> dict[str, Any]:
    return {
        "format": FORMAT_VERSION,
        "doc_id": result.doc_id,
        "signature": result.signature,
        "langs": list(result.langs),
        "checks_run": list(result.checks_run),
        "threshold": result.threshold,
        "skipped": [{"check": s.check, "reason": s.reason} for s in result.skipped],
        "counts": result.counts_by_kind(),
        "document_scores": _plain(result.document_scores),
        "flags": [flag_to_dict(f) for f in result.flags],
        "units": [
            {"unit": row.unit + 1, "ids": {lang: list(ids) for lang, ids in row.ids.items()},
             "scores": dict(row.scores)}
            for row in result.unit_scores
        ],
    }


def render_json(result: CheckResult) -> str:
    return json.dumps(result_to_dict(result), ensure_ascii=False, indent=1) + "\n"


def write_json(result: CheckResult, path: Path) -> None:
    write_text_atomic(Path(path), render_json(result))


def _plain(value: Any) -> Any:
    """Tuples, sets and mappings → JSON lists and dicts (sets sorted, for stable output)."""
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return round(value, 6)
    return value
