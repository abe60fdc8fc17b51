"""Reviewers' decisions in SQLite beside a run's outputs (``OUT/review.db``).

Tables:

* ``alignments``     one row a document edited by a reviewer: the content hash of its
                     segmented texts, the units after the edits (JSON), a revision;
* ``edit_log``       every edit, in order, with the revision it made, the texts it was
                     made on and the units before it (what an undo puts back);
* ``flags``          a decision on a flag (confirmed / dismissed / open), keyed by the
                     document and the flag's content key, with a comment and a revision;
* ``ignore_rules``   project-wide silences (a kind, a pattern);

Every write states the revision it was based on; a write based on an older one
(another tab wrote first) is a :class:`~align.errors.ConflictError` and changes
nothing.  One connection, serialised by a lock: the web application calls in
from several threads.
"""
from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping, Sequence

from ..errors import BadInputError, ConflictError, UsageError
from ..lang.langid import ordered_languages
from ..models import FLAG_STATUSES, AlignedUnit, Bead, FlagDecision, IgnoreRule, PairAlignment

REVIEW_DB = "review.db"
SCHEMA_VERSION = 1
MAX_COMMENT = 4000
MAX_PATTERN = 200

_SCHEMA = """
CREATE TABLE alignments (
    doc_id TEXT PRIMARY KEY,
    texts_hash TEXT NOT NULL,
    units TEXT NOT NULL,
    revision INTEGER NOT NULL,
    updated REAL NOT NULL
);
CREATE TABLE edit_log (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    edit TEXT NOT NULL,
    before TEXT NOT NULL,
    texts_hash TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE TABLE flags (
    doc_id TEXT NOT NULL,
    flag_key TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'confirmed', 'dismissed')),
    comment TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT '',
    unit INTEGER NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    loose_key TEXT NOT NULL DEFAULT '',
    ids TEXT NOT NULL DEFAULT '{}',
    texts TEXT NOT NULL DEFAULT '{}',
    revision INTEGER NOT NULL,
    updated REAL NOT NULL,
    PRIMARY KEY (doc_id, flag_key)
);
CREATE TABLE ignore_rules (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT '',
    pattern TEXT NOT NULL,
    regex INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL
)
"""


@dataclass(frozen=True)
class StoredUnits:
    """A document's units as a reviewer left them, for the texts they were made on."""

    doc_id: str
    texts_hash: str
    units: tuple[AlignedUnit, ...]
    revision: int
    edits: int  # how many edits made them


@dataclass(frozen=True)
class DecisionRow:
    """A flag decision with what the reviewer saw, for the exported list of decisions."""

    doc_id: str
    decision: FlagDecision
    kind: str
    unit: int
    message: str
    updated: float


class ReviewStore:
    """A handle on ``review.db``; ``create`` makes the file when it is not there."""

    def __init__(self, path: Path | str, *, create: bool = False) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        if self.path.is_dir():
            raise BadInputError(f"{self.path}: is a directory, expected the review database")
        exists = self.path.exists()
        if not exists and not create:
            raise BadInputError(f"{self.path}: no review database here")
        try:
            if not exists:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=5.0,
                                         check_same_thread=False)
            self._conn.execute("PRAGMA synchronous = FULL")
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                if self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise BadInputError(f"{self.path}: an SQLite file, but not a triglot review database")
                with self._transaction() as conn:
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif version != SCHEMA_VERSION:
                raise BadInputError(f"{self.path}: review database version {version}, this triglot reads "
                                    f"version {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            raise BadInputError(f"{self.path}: cannot open the review database ({exc})") from None
        except OSError as exc:
            raise BadInputError(f"{self.path}: cannot create the review database ({exc.strerror or exc})") from None

    @classmethod
    def beside(cls, out_dir: Path, *, create: bool = False) -> "ReviewStore | None":
        """The review store of a run's outputs; None when nobody has reviewed (and not ``create``)."""
        path = Path(out_dir) / REVIEW_DB
        if not create and not path.exists():
            return None
        return cls(path, create=create)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "ReviewStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise BadInputError(f"{self.path}: cannot write the review database ({exc})") from None
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _read(self, sql: str, args: Sequence = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, args).fetchall()

    def state_digest(self, doc_id: str) -> str:
        """A digest of everything reviewers decided that shapes the document's outputs: its
        stored units, its flag decisions and every ignore rule (a run redoes a document
        whose digest changed since it was last written)."""
        rows = [self._read("SELECT texts_hash, units, revision FROM alignments WHERE doc_id = ?", (doc_id,)),
                self._read("SELECT flag_key, status, comment, revision, loose_key, ids, texts FROM flags "
                           "WHERE doc_id = ? ORDER BY flag_key", (doc_id,)),
                self._read("SELECT id, kind, pattern, regex, note FROM ignore_rules ORDER BY id")]
        if not any(rows):
            return ""  # nothing decided: as with no review store at all
        return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()

    # ---------------------------------------------------------------- alignments
    def units(self, doc_id: str) -> StoredUnits | None:
        rows = self._read("SELECT texts_hash, units, revision FROM alignments WHERE doc_id = ?", (doc_id,))
        if not rows:
            return None
        texts_hash, units, revision = rows[0]
        edits = self._read("SELECT count(*) FROM edit_log WHERE doc_id = ?", (doc_id,))[0][0]
        return StoredUnits(doc_id, texts_hash, _units_from_json(units), revision, edits)

    def revision(self, doc_id: str) -> int:
        """The document's alignment revision: 0 before any edit."""
        rows = self._read("SELECT revision FROM alignments WHERE doc_id = ?", (doc_id,))
        return rows[0][0] if rows else 0

    def save_units(self, doc_id: str, texts_hash: str, units: Sequence[AlignedUnit], *, based_on: int,
                   edit: Mapping, before: Sequence[AlignedUnit] = (),
                   before_pairs: Mapping[tuple[str, str], PairAlignment] | None = None) -> int:
        """Store the units after one edit made on revision ``based_on`` (``before``: the units
        it was made on, and their pairwise beads: what an undo puts back); the new revision."""
        with self._transaction() as conn:
            row = conn.execute("SELECT revision FROM alignments WHERE doc_id = ?", (doc_id,)).fetchone()
            current = row[0] if row else 0
            if current != based_on:
                raise ConflictError(f"{doc_id}: the alignment changed since this page was loaded "
                                    f"(revision {current}, the edit was made on {based_on}); "
                                    "reload to see the other edit, then edit again")
            revision = current + 1
            now = time.time()
            conn.execute("INSERT OR REPLACE INTO alignments (doc_id, texts_hash, units, revision, updated) "
                         "VALUES (?, ?, ?, ?, ?)", (doc_id, texts_hash, _units_to_json(units), revision, now))
            conn.execute("INSERT INTO edit_log (doc_id, revision, edit, before, texts_hash, at) "
                         "VALUES (?, ?, ?, ?, ?, ?)",
                         (doc_id, revision, json.dumps(dict(edit), ensure_ascii=False, sort_keys=True),
                          json.dumps({"units": json.loads(_units_to_json(before)),
                                      "pairs": _pairs_to_json(before_pairs or {})}, sort_keys=True),
                          texts_hash, now))
        return revision

    def last_edit(self, doc_id: str) -> tuple[dict, tuple[AlignedUnit, ...], dict, str] | None:
        """The most recent edit of a document that is not an undo's own, with the units and
        pairwise beads before it and the hash of the texts it was made on (None: nothing to undo)."""
        rows = self._read("SELECT edit, before, texts_hash FROM edit_log WHERE doc_id = ? ORDER BY id DESC",
                          (doc_id,))
        undone = 0
        for edit, before, texts_hash in rows:
            op = json.loads(edit).get("op")
            if op == "undo":
                undone += 1
            elif undone:
                undone -= 1
            else:
                stored = json.loads(before)
                return (json.loads(edit), _units_from_json(json.dumps(stored["units"])),
                        _pairs_from_json(stored["pairs"]), texts_hash)
        return None

    def edit_log(self, doc_id: str | None = None) -> dict[str, list[dict]]:
        """Every edit of one document (or of all), by document, in the order they were made."""
        where, args = ("WHERE doc_id = ?", (doc_id,)) if doc_id is not None else ("", ())
        logs: dict[str, list[dict]] = {}
        for doc, revision, edit, at in self._read(f"SELECT doc_id, revision, edit, at FROM edit_log {where} "
                                                  "ORDER BY doc_id, id", args):
            logs.setdefault(doc, []).append(dict(json.loads(edit), revision=revision, at=at))
        return logs

    # --------------------------------------------------------------------- flags
    def decisions(self, doc_id: str) -> dict[str, FlagDecision]:
        return {key: FlagDecision(key, status, comment, revision, loose, _ids_from_json(ids), json.loads(texts),
                                  updated)
                for key, status, comment, revision, loose, ids, texts, updated in self._read(
                    "SELECT flag_key, status, comment, revision, loose_key, ids, texts, updated FROM flags "
                    "WHERE doc_id = ?", (doc_id,))}

    def decide(self, doc_id: str, key: str, status: str, comment: str | None = None, *, based_on: int,
               kind: str = "", unit: int = 0, message: str = "", loose: str = "",
               ids: Mapping[str, Sequence[int]] | None = None,
               texts: Mapping[str, str] | None = None) -> FlagDecision:
        """Record a decision on one flag; ``based_on`` is the decision revision the reviewer saw
        (0 for a flag nobody decided on).  ``comment`` None keeps the one there."""
        if status not in FLAG_STATUSES or status == "ignored":
            raise UsageError(f"unknown decision {status!r}; choose from open, confirmed, dismissed")
        if not re.fullmatch(r"[0-9a-f]{8,64}", key or ""):
            raise UsageError(f"not a flag key: {key!r}")
        if comment is not None and len(comment) > MAX_COMMENT:
            raise UsageError(f"a comment holds at most {MAX_COMMENT} characters")
        with self._transaction() as conn:
            row = conn.execute("SELECT revision, comment FROM flags WHERE doc_id = ? AND flag_key = ?",
                               (doc_id, key)).fetchone()
            current = row[0] if row else 0
            if current != based_on:
                raise ConflictError(f"{doc_id}: this flag was decided elsewhere since the page was loaded "
                                    f"(revision {current}, not {based_on}); reload to see that decision")
            if comment is None:
                comment = row[1] if row else ""
            revision = current + 1
            ids_json = json.dumps({lang: list(v) for lang, v in (ids or {}).items()}, sort_keys=True)
            texts_json = json.dumps(dict(texts or {}), ensure_ascii=False, sort_keys=True)
            now = time.time()
            conn.execute("INSERT OR REPLACE INTO flags (doc_id, flag_key, status, comment, kind, unit, message, "
                         "loose_key, ids, texts, revision, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (doc_id, key, status, comment, kind, unit, message, loose, ids_json, texts_json, revision,
                          now))
        return FlagDecision(key, status, comment, revision, loose, _ids_from_json(ids_json), dict(texts or {}), now)

    def decision_rows(self) -> list[DecisionRow]:
        return [DecisionRow(doc, FlagDecision(key, status, comment, revision), kind, unit, message, updated)
                for doc, key, status, comment, revision, kind, unit, message, updated in self._read(
                    "SELECT doc_id, flag_key, status, comment, revision, kind, unit, message, updated FROM flags "
                    "ORDER BY doc_id, unit, kind, flag_key")]

    # -------------------------------------------------------------- ignore rules
    def rules(self) -> list[IgnoreRule]:
        return [IgnoreRule(i, pattern, kind, bool(regex), note) for i, kind, pattern, regex, note in
                self._read("SELECT id, kind, pattern, regex, note FROM ignore_rules ORDER BY id")]

    def add_rule(self, pattern: str, kind: str = "", regex: bool = False, note: str = "") -> IgnoreRule:
        pattern = (pattern or "").strip()
        if not pattern:
            raise UsageError("an ignore rule needs a pattern (a name, a term, words of the message)")
        if len(pattern) > MAX_PATTERN or len(note) > MAX_COMMENT:
            raise UsageError(f"a pattern holds at most {MAX_PATTERN} characters")
        if regex:
            import regex as regex_module  # what the rule is matched with (align/checks/review.py)

            try:
                regex_module.compile(pattern)
            except regex_module.error as exc:
                raise UsageError(f"not a regular expression: {pattern!r} ({exc})") from None
        with self._transaction() as conn:
            cur = conn.execute("INSERT INTO ignore_rules (kind, pattern, regex, note, created) VALUES (?, ?, ?, ?, ?)",
                               (kind, pattern, int(regex), note, time.time()))
        return IgnoreRule(cur.lastrowid, pattern, kind, regex, note)

    def remove_rule(self, rule_id: int) -> None:
        with self._transaction() as conn:
            if not conn.execute("DELETE FROM ignore_rules WHERE id = ?", (rule_id,)).rowcount:
                raise UsageError(f"no ignore rule {rule_id}")


def _pairs_to_json(pairs: Mapping[tuple[str, str], PairAlignment]) -> dict:
    return {f"{a}-{b}": [[list(bd.src), list(bd.tgt), round(bd.score, 6)] for bd in pair.beads]
            for (a, b), pair in sorted(pairs.items())}


def _pairs_from_json(data: dict) -> dict[tuple[str, str], PairAlignment]:
    out = {}
    for key, beads in data.items():
        a, b = key.split("-")
        out[(a, b)] = PairAlignment(a, b, tuple(Bead(tuple(s), tuple(t), float(x)) for s, t, x in beads))
    return out


def _ids_from_json(text: str) -> dict[str, tuple[int, ...]]:
    return {lang: tuple(ids) for lang, ids in json.loads(text or "{}").items()}


def _units_to_json(units: Sequence[AlignedUnit]) -> str:
    return json.dumps([{"ids": {lang: list(ids) for lang, ids in u.ids.items()}, "score": round(u.score, 6)}
                       for u in units], separators=(",", ":"), sort_keys=True)


def _units_from_json(text: str) -> tuple[AlignedUnit, ...]:
    return tuple(AlignedUnit({lang: tuple(u["ids"][lang]) for lang in ordered_languages(u["ids"])},
                             float(u["score"])) for u in json.loads(text))
