"""The reviewers' decisions as files: ``review-decisions.json`` and ``.csv`` beside a run's outputs.

One row a flag decision (document, unit, kind, status, comment, the message the
reviewer saw, when), then the project's ignore rules, then the alignment edits.
What a QA tool's exported report with statuses and comments holds (Xbench, Verifika).
"""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone
from pathlib import Path

from ..textio import spreadsheet_cell, write_text_atomic
from .store import ReviewStore

COLUMNS = ("doc_id", "unit", "kind", "status", "comment", "message", "flag_key", "decided")


def decision_paths(out_dir: Path) -> list[Path]:
    return [Path(out_dir) / "review-decisions.json", Path(out_dir) / "review-decisions.csv"]


def _when(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def decisions_to_dict(store: ReviewStore) -> dict:
    rows = store.decision_rows()
    return {
        "format": "triglot-review-decisions",
        "version": 1,
        "flags": [{"doc_id": r.doc_id, "unit": r.unit + 1, "kind": r.kind, "status": r.decision.status,
                   "comment": r.decision.comment, "message": r.message, "flag_key": r.decision.key,
                   "decided": _when(r.updated)} for r in rows],
        "ignore_rules": [{"id": r.id, "kind": r.kind, "pattern": r.pattern, "regex": r.regex, "note": r.note}
                         for r in store.rules()],
        "alignment_edits": {doc: [_edit_row(e) for e in log] for doc, log in store.edit_log().items()},
    }


def _edit_row(edit: dict) -> dict:
    """An edit as the export shows it: units numbered from 1, as in every report."""
    row = {k: v for k, v in edit.items() if k not in ("at", "undone")} | {"at": _when(edit["at"])}
    if "unit" in row:
        row["unit"] = row["unit"] + 1
    if "undone" in edit:
        row["undone"] = _edit_row({**edit["undone"], "at": edit["at"]})
        row["undone"].pop("at")
    return row


def render_decisions_csv(store: ReviewStore) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in decisions_to_dict(store)["flags"]:
        writer.writerow([spreadsheet_cell(str(row[c])) for c in COLUMNS])
    return out.getvalue()


def write_decisions(store: ReviewStore, out_dir: Path) -> list[Path]:
    json_path, csv_path = decision_paths(out_dir)
    write_text_atomic(json_path, json.dumps(decisions_to_dict(store), ensure_ascii=False, indent=1) + "\n")
    write_text_atomic(csv_path, render_decisions_csv(store))
    return [json_path, csv_path]
