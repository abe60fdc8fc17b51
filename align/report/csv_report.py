"""CSV: one row per flag, for spreadsheets and review trackers."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..checks.base import CheckResult
from ..textio import spreadsheet_cell, write_text_atomic
from .json_report import _plain

COLUMNS = ("unit", "kind", "severity", "probability", "diverging", "langs", "ids", "message", "evidence",
           "status", "comment")


def render_csv(result: CheckResult) -> str:
    langs = list(result.langs)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(COLUMNS) + [f"text_{lang}" for lang in langs])
    for f in result.flags:
        review = result.review_of(f)
        ids = " ".join(f"{lang}:{','.join(str(i) for i in f.ids.get(lang, ()))}" for lang in langs)
        writer.writerow([spreadsheet_cell(str(cell)) for cell in [
            f.unit + 1, f.kind, f.severity, "" if f.probability is None else f"{f.probability:.3f}",
            f.diverging or "", " ".join(f.langs), ids, f.message,
            json.dumps(_plain(f.evidence), ensure_ascii=False, sort_keys=True),
            review.status, review.comment,
        ] + [f.texts.get(lang, "") for lang in langs]])
    return out.getvalue()


def write_csv(result: CheckResult, path: Path) -> None:
    write_text_atomic(Path(path), render_csv(result))
