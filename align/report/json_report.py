"""JSON: the flags with their evidence, per-unit scores, and what was skipped."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..checks.base import CheckResult, Flag
from ..errors import BadInputError
from ..textio import read_text, write_text_atomic

# 2: units numbered from 1, as in every other report; flags carry their probability.
# 3: flags carry their key and the reviewers' decision (status, comment); counts of open flags.
FORMAT_VERSION = 3


def flag_to_dict(flag: Flag, result: CheckResult | None = None) -> dict[str, Any]:
    review = result.review_of(flag) if result is not None else None
    return {
        "key": flag.key,
        "status": review.status if review else "open",
        "comment": review.comment if review else "",
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
        "open_flags": len(result.open_flags),
        "document_scores": _plain(result.document_scores),
        "flags": [flag_to_dict(f, result) for f in result.flags],
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


def flag_from_dict(data: dict[str, Any]) -> Flag:
    """A flag as ``flag_to_dict`` wrote it (its evidence as plain JSON values)."""
    return Flag(
        kind=str(data["kind"]), severity=str(data["severity"]), langs=tuple(data["langs"]),
        unit=int(data["unit"]) - 1, ids={lang: tuple(ids) for lang, ids in data["ids"].items()},
        texts=dict(data["texts"]), message=str(data["message"]), evidence=dict(data.get("evidence", {})),
        diverging=data.get("diverging"),
        highlights={lang: tuple(tuple(span) for span in spans) for lang, spans in data.get("highlights", {}).items()},
        probability=data.get("probability"),
    )


def read_flags(path: Path) -> tuple[Flag, ...]:
    """The flags of a check report written as JSON (``check.json``)."""
    try:
        return tuple(flag_from_dict(f) for f in json.loads(read_text(Path(path)))["flags"])
    except (ValueError, KeyError, TypeError) as exc:
        raise BadInputError(f"{path}: not a triglot check report ({exc})") from None
