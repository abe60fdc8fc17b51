"""The glossary: one SQLite file with full-text search (FTS5).

Tables: ``entries`` (one row per concept, with its identity key), ``terms`` (one
row per term or variant, with the folded and pinyin keys search needs),
``contexts`` and the FTS5 index ``terms_fts``.  Every write method is one
transaction: a crash or error in the middle leaves the file as it was before the
call, and everything committed earlier stays.

Entry identity is the triple of terms, folded (``keys.identity_key``): the same
zh/fr/en forms are the same entry whatever their case, width or script.
``merge_candidates`` never changes an entry a human approved or rejected.
"""
from __future__ import annotations

import errno
import hashlib  # write path only
import json
import os
import re
import sqlite3
import stat
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Sequence

from align.errors import BadInputError, MissingEngineError, TriglotError, UsageError
from align.lang.script import remove_controls
from align.textio import cannot_write

from . import keys
from .models import APPROVED, CANDIDATE, DECIDED, REJECTED, STATUSES, Context, MergeReport, TermEntry, check_text

DEFAULT_DB = Path("out/glossary.db")
SCHEMA_VERSION = 3  # 2: entries have a definition and a domain; 3: frequencies by document
_XML_ID_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")

_SCHEMA = """
CREATE TABLE entries (
    entry_id   TEXT PRIMARY KEY,
    identity   TEXT NOT NULL UNIQUE,
    status     TEXT NOT NULL CHECK (status IN ('candidate', 'approved', 'rejected')),
    confidence REAL NOT NULL,
    frequency  INTEGER NOT NULL,
    source     TEXT NOT NULL,
    note       TEXT NOT NULL,
    sort_key   TEXT NOT NULL,
    definition TEXT NOT NULL DEFAULT '',
    domain     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX entries_order ON entries (sort_key, entry_id);
CREATE TABLE terms (
    term_rowid     INTEGER PRIMARY KEY,
    entry_id       TEXT NOT NULL REFERENCES entries (entry_id) ON DELETE CASCADE,
    lang           TEXT NOT NULL,
    position       INTEGER NOT NULL,   -- 0: the preferred term, 1…: variants
    term           TEXT NOT NULL,
    folded         TEXT NOT NULL,      -- keys.search_fold(term)
    pinyin         TEXT NOT NULL,      -- toneless syllables, space-separated ('' if no Han)
    pinyin_compact TEXT NOT NULL,      -- the same without spaces
    UNIQUE (entry_id, lang, position)
);
CREATE INDEX terms_folded ON terms (folded);
CREATE INDEX terms_pinyin ON terms (pinyin_compact) WHERE pinyin_compact != '';
CREATE TABLE contexts (
    entry_id    TEXT NOT NULL REFERENCES entries (entry_id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    lang        TEXT NOT NULL,
    text        TEXT NOT NULL,
    segment_ids TEXT NOT NULL,         -- '3,4'
    PRIMARY KEY (entry_id, position, lang)
);
-- Every term's search keys, one row per kind and key length, rebuilt by each write
-- that changes terms.  Fuzzy search reads only the lengths that can reach its
-- cutoff, as a few long strings instead of a row per term (5x faster on 60k terms).
CREATE TABLE fuzzy_keys (
    kind    TEXT NOT NULL,             -- 'folded' (every term) or 'pinyin' (Chinese terms)
    length  INTEGER NOT NULL,          -- length of the keys in this row, in characters
    rowids  TEXT NOT NULL,             -- term_rowid of each key, 10 digits each, no separator
    keys    TEXT NOT NULL,             -- the keys, U+001F-separated, in the same order
    PRIMARY KEY (kind, length)
);
CREATE TABLE occurrences (           -- the documents an entry was mined from
    entry_id  TEXT NOT NULL REFERENCES entries (entry_id) ON DELETE CASCADE,
    document  TEXT NOT NULL,
    frequency INTEGER NOT NULL,
    PRIMARY KEY (entry_id, document)
);
CREATE INDEX occurrences_document ON occurrences (document);
CREATE VIRTUAL TABLE terms_fts USING fts5 (
    body, tokenize = 'unicode61 remove_diacritics 2'
);
"""


_OCCURRENCES_SCHEMA = [statement for statement in _SCHEMA.split(";") if "occurrences" in statement]


@dataclass(frozen=True)
class TermRow:
    """One stored term as search sees it."""

    term_rowid: int
    entry_id: str
    lang: str
    position: int
    term: str
    folded: str
    pinyin: str
    pinyin_compact: str
    status: str
    sort_key: str


_TERM_ROW_SQL = ("SELECT t.term_rowid, t.entry_id, t.lang, t.position, t.term, t.folded, "
                 "t.pinyin, t.pinyin_compact, e.status, e.sort_key "
                 "FROM terms t JOIN entries e USING (entry_id) ")


_FUZZY_COLUMNS = {"folded": "folded", "pinyin": "pinyin_compact"}  # fuzzy_keys.kind → terms column


def _fuzzy_keys_sql(column: str) -> str:
    """The fuzzy-search keys of one terms column, a row per key length: (length, rowids,
    keys).  Within one aggregate the two group_concat calls see the rows in the same order,
    so ids and keys stay aligned whatever order that is."""
    return (f"SELECT length({column}) AS length, group_concat(printf('%010d', term_rowid), '') AS rowids, "
            f"group_concat({column}, char(31)) AS keys FROM terms WHERE {column} != '' GROUP BY length({column})")


class GlossaryStore:
    """A handle on one glossary file.  Use as a context manager or call ``close``.

    Used as a context manager, a glossary this handle created is removed again when
    the block fails (a failed command leaves no database behind), and an SQLite error
    raised in the block becomes a BadInputError naming the file.
    """

    BUSY_TIMEOUT_S = 5.0  # how long to wait for another program's lock before giving up

    def __init__(self, path: Path | str = DEFAULT_DB, *, create: bool = False) -> None:
        self.path = Path(path)
        self.created = False  # True when this handle made the file (and maybe its folders)
        self._version = SCHEMA_VERSION  # an older schema is read as it is, upgraded by the first write
        self._made_dirs: list[Path] = []
        self._conn: sqlite3.Connection | None = None
        found = _stat(self.path)
        if found is not None and stat.S_ISDIR(found.st_mode):
            raise BadInputError(f"{self.path}: is a directory, expected a glossary database file")
        if found is not None and not stat.S_ISREG(found.st_mode):
            raise BadInputError(f"{self.path}: not a regular file (a device, pipe or socket), "
                                "expected a glossary database file")
        if found is None and not create:
            raise BadInputError(
                f"{self.path}: no glossary here; build one with `triglot run` or "
                f"`triglot glossary import FILE --db {self.path}`")
        try:
            self._open(create, exists=found is not None)
        except BaseException:
            self._discard()
            raise

    def _open(self, create: bool, *, exists: bool) -> None:
        if not exists:
            self._made_dirs = _make_parents(self.path)
        try:
            self._conn = self._connect("rwc" if create else "rw")
        except sqlite3.OperationalError:
            try:
                if create:
                    raise
                self._conn = self._connect("ro")  # a read-only file can still be searched
            except sqlite3.OperationalError as exc:
                if not exists and not os.access(self.path.parent, os.W_OK | os.X_OK):
                    raise cannot_write(self.path, PermissionError(
                        errno.EACCES, os.strerror(errno.EACCES))) from None
                doing = "open" if exists else "create"
                raise BadInputError(f"{self.path}: cannot {doing} the glossary ({exc})") from None
        self.created = not exists
        try:
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute("PRAGMA synchronous = FULL")
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            if _is_busy(exc):
                raise self.sqlite_problem(exc) from None
            raise BadInputError(f"{self.path}: not a glossary database ({exc})") from None
        if version == 0:
            empty = not self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if empty and not create:  # a command that only reads never makes a glossary
                raise BadInputError(f"{self.path}: not a glossary database (an empty file)")
            self._create_schema()
        elif version in (1, 2):
            self._version = version  # read as it is; upgraded by the first write (see _transaction)
        elif version != SCHEMA_VERSION:
            raise BadInputError(
                f"{self.path}: glossary schema version {version}, this triglot reads "
                f"version {SCHEMA_VERSION}")

    # ----------------------------------------------------------------- plumbing
    def _connect(self, mode: str) -> sqlite3.Connection:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves (see _transaction).
        return sqlite3.connect(f"{self.path.resolve().as_uri()}?mode={mode}", uri=True,
                               isolation_level=None, timeout=self.BUSY_TIMEOUT_S)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()

    def _discard(self) -> None:
        """Close; and if this handle created the glossary, remove it and the folders made for it."""
        self.close()
        if self.created:
            for suffix in ("", "-journal", "-wal", "-shm"):
                self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
        for folder in reversed(self._made_dirs):  # deepest first; only while empty
            try:
                folder.rmdir()
            except OSError:
                break

    def __enter__(self) -> "GlossaryStore":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc is None:
            self.close()
            return
        self._discard()
        if isinstance(exc, sqlite3.Error):
            raise self.sqlite_problem(exc) from None

    def sqlite_problem(self, exc: sqlite3.Error, doing: str = "use") -> TriglotError:
        """The triglot error for an SQLite error on this glossary, naming the file and why."""
        if _is_busy(exc):
            return BadInputError(f"{self.path}: the glossary is locked by another program "
                                 f"({exc}); try again when it has finished")
        if _error_code(exc) == sqlite3.SQLITE_READONLY or "readonly" in str(exc):
            return BadInputError(f"{self.path}: the glossary is read-only ({exc}); check the "
                                 "permissions of the file and of its folder")
        if "no such module: fts5" in str(exc):
            return MissingEngineError(
                "this Python's SQLite was built without FTS5 full-text search")
        return BadInputError(f"{self.path}: cannot {doing} the glossary ({exc})")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE takes the write lock up front, so two writers fail fast
        # instead of deadlocking halfway through an import.
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            if self._version < SCHEMA_VERSION:
                self._upgrade_in(self._conn)
        except sqlite3.Error as exc:
            try:
                self._conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            raise self.sqlite_problem(exc, "write to") from None
        try:
            yield self._conn
        except BaseException as exc:
            try:
                self._conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite already rolled back (a failed write can do that itself)
            if isinstance(exc, sqlite3.Error):
                raise self.sqlite_problem(exc, "write to") from None
            raise
        try:
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            try:
                self._conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            raise self.sqlite_problem(exc, "write to") from None

    def _upgrade_in(self, conn: sqlite3.Connection) -> None:
        """Inside a write transaction: a glossary of schema 1 (before entries had a definition
        and a domain) gains both columns, empty; one of schema 1 or 2 the table of frequencies
        by document, empty.  The version is read again under the write lock, so two writers
        never upgrade twice; a glossary only read is never changed."""
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 1:
            conn.execute("ALTER TABLE entries ADD COLUMN definition TEXT NOT NULL DEFAULT ''")
            conn.execute("ALTER TABLE entries ADD COLUMN domain TEXT NOT NULL DEFAULT ''")
        if version in (1, 2):
            for statement in _OCCURRENCES_SCHEMA:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self._version = SCHEMA_VERSION

    @property
    def _extra_columns(self) -> str:
        return "'' AS definition, '' AS domain" if self._version < 2 else "definition, domain"

    def _create_schema(self) -> None:
        tables = self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables:
            raise BadInputError(f"{self.path}: an SQLite file, but not a triglot glossary")
        with self._transaction() as conn:  # no FTS5: a MissingEngineError (sqlite_problem)
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # -------------------------------------------------------------------- reads
    def count(self, statuses: Iterable[str] | None = None) -> int:
        where, args = _status_filter(statuses)
        return self._conn.execute(f"SELECT count(*) FROM entries {where}", args).fetchone()[0]

    def get(self, entry_id: str) -> TermEntry | None:
        found = self.get_many([entry_id])
        return found[0] if found else None

    def get_many(self, entry_ids: Sequence[str]) -> list[TermEntry]:
        """Entries with these ids, in the order given (unknown ids are skipped)."""
        by_id: dict[str, TermEntry] = {}
        ids = list(dict.fromkeys(entry_ids))
        for start in range(0, len(ids), 500):  # stay under SQLite's parameter limit
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for entry in self._load(f"WHERE entry_id IN ({marks})", chunk):
                by_id[entry.entry_id] = entry
        return [by_id[i] for i in ids if i in by_id]

    def entries(self, statuses: Iterable[str] | None = None) -> list[TermEntry]:
        """All entries (optionally of some statuses) in export order: see ``keys.sort_key``."""
        where, args = _status_filter(statuses)
        return self._load(where, args)

    def find_exact(self, term: str) -> list[TermEntry]:
        """Entries with ``term`` (folded) as a term or variant in any language."""
        rows = self._conn.execute(
            "SELECT DISTINCT entry_id FROM terms WHERE folded = ?", (keys.search_fold(term),))
        return self.get_many([r[0] for r in rows])

    def has_language(self, lang: str) -> bool:
        """Whether some term of the glossary is in language ``lang``."""
        return self._conn.execute("SELECT 1 FROM terms WHERE lang = ? LIMIT 1",
                                  (lang,)).fetchone() is not None

    def resolve(self, ref: str) -> TermEntry:
        """The one entry an id or a term names; UsageError if none or several."""
        check_text(ref, "the entry id or term")
        entry = self.get(ref)
        if entry is not None:
            return entry
        found = self.find_exact(ref)
        if not found:
            raise UsageError(f"no glossary entry has the id or term {ref!r}")
        if len(found) > 1:
            listed = "; ".join(f"{e.entry_id} ({e.label()})" for e in found)
            raise UsageError(f"{ref!r} names {len(found)} entries, give an id: {listed}")
        return found[0]

    def _load(self, where: str, args: Sequence) -> list[TermEntry]:
        conn = self._conn
        heads = conn.execute(
            f"SELECT entry_id, status, confidence, frequency, source, note, {self._extra_columns} FROM entries "
            f"{where} ORDER BY sort_key, entry_id", args).fetchall()
        if not heads:
            return []
        terms: dict[str, dict[str, str]] = {}
        variants: dict[str, dict[str, list[str]]] = {}
        sub = f"WHERE entry_id IN (SELECT entry_id FROM entries {where})"
        for entry_id, lang, position, term in conn.execute(
                f"SELECT entry_id, lang, position, term FROM terms {sub} "
                "ORDER BY entry_id, lang, position", args):
            term = remove_controls(term)  # a database written before they were refused
            if position == 0:
                terms.setdefault(entry_id, {})[lang] = term
            else:
                variants.setdefault(entry_id, {}).setdefault(lang, []).append(term)
        contexts: dict[str, dict[int, tuple[dict, dict]]] = {}
        for entry_id, position, lang, text, segment_ids in conn.execute(
                f"SELECT entry_id, position, lang, text, segment_ids FROM contexts {sub} "
                "ORDER BY entry_id, position, lang", args):
            texts, ids = contexts.setdefault(entry_id, {}).setdefault(position, ({}, {}))
            if text:
                texts[lang] = remove_controls(text)
            if segment_ids:
                ids[lang] = tuple(int(i) for i in segment_ids.split(","))
        occurrences: dict[str, dict[str, int]] = {}
        if self._version >= 3:
            for entry_id, document, count in conn.execute(
                    f"SELECT entry_id, document, frequency FROM occurrences {sub} ORDER BY entry_id, document", args):
                occurrences.setdefault(entry_id, {})[remove_controls(document)] = count
        out = []
        for entry_id, status, confidence, frequency, source, note, definition, domain in heads:
            ctx = contexts.get(entry_id, {})
            out.append(TermEntry(
                terms=terms.get(entry_id, {}),
                variants={k: tuple(v) for k, v in variants.get(entry_id, {}).items()},
                status=status, confidence=confidence, frequency=frequency,
                contexts=tuple(Context(texts=t, segment_ids=i) for _, (t, i) in sorted(ctx.items())),
                source=remove_controls(source), note=remove_controls(note), entry_id=entry_id,
                definition=remove_controls(definition), domain=remove_controls(domain),
                occurrences=occurrences.get(entry_id, {})))
        return out

    # --------------------------------------------------------- search support
    # search.py composes these; they only read.
    def rows_with_folded(self, folded: str) -> list[TermRow]:
        return self._rows("WHERE t.folded = ?", (folded,))

    # The next three return rows best first for their search mode (shorter terms
    # first, then glossary order), at most ``limit`` of them, so that search can
    # stop reading once it has a page of entries.
    _BEST_FIRST = " ORDER BY length({0}), e.sort_key, t.entry_id, t.term_rowid LIMIT ?"

    def rows_with_folded_prefix(self, folded: str, limit: int) -> list[TermRow]:
        # A range scan on the index: LIKE would not use it (case rules).
        return self._rows("WHERE t.folded > ? AND t.folded < ?"
                          + self._BEST_FIRST.format("t.folded"),
                          (folded, folded + "\U0010ffff", limit))

    def rows_with_pinyin_prefix(self, compact: str, limit: int) -> list[TermRow]:
        return self._rows("WHERE t.pinyin_compact >= ? AND t.pinyin_compact < ?"
                          + self._BEST_FIRST.format("t.pinyin_compact"),
                          (compact, compact + "{", limit))  # '{' sorts right after 'z'

    def rows_matching_fts(self, expression: str, limit: int) -> list[TermRow]:
        try:
            return self._rows(
                "WHERE t.term_rowid IN (SELECT rowid FROM terms_fts WHERE terms_fts MATCH ?)"
                + self._BEST_FIRST.format("t.folded"), (expression, limit))
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise
            return []  # a query FTS5 cannot parse simply has no full-text hits

    def fuzzy_choices(self, kind: str, min_length: int,
                      max_length: int) -> tuple[str, list[str]]:
        """Keys of one kind ('folded' or 'pinyin') whose length is within the bounds,
        and their term_rowids as one string of 10-digit numbers (key i's rowid is
        ``int(rowids[10 * i:10 * i + 10])``; splitting 60k ids would cost more than
        the search)."""
        rowids, keys_ = [], []
        stored = self._conn.execute("SELECT 1 FROM fuzzy_keys LIMIT 1").fetchone() is not None
        if stored or self._conn.execute("SELECT 1 FROM terms LIMIT 1").fetchone() is None:
            rows = self._conn.execute("SELECT rowids, keys FROM fuzzy_keys WHERE kind = ? AND length BETWEEN ? "
                                      "AND ? ORDER BY length", (kind, min_length, max_length))
        else:  # dropped by merges that deferred their rebuild: the same keys, from the terms
            column = _FUZZY_COLUMNS[kind]
            rows = self._conn.execute(f"SELECT rowids, keys FROM ({_fuzzy_keys_sql(column)}) "
                                      "WHERE length BETWEEN ? AND ? ORDER BY length", (min_length, max_length))
        for ids, joined in rows:
            rowids.append(ids)
            keys_.extend(joined.split("\x1f"))
        return "".join(rowids), keys_

    def _refresh_fuzzy_keys(self) -> None:
        conn = self._conn
        conn.execute("DELETE FROM fuzzy_keys")
        for kind, column in _FUZZY_COLUMNS.items():
            conn.execute(f"INSERT INTO fuzzy_keys (kind, length, rowids, keys) SELECT ?, * FROM "
                         f"({_fuzzy_keys_sql(column)})", (kind,))

    def rows_by_rowid(self, rowids: Sequence[int]) -> list[TermRow]:
        out: list[TermRow] = []
        for start in range(0, len(rowids), 500):
            chunk = list(rowids[start:start + 500])
            out += self._rows(f"WHERE t.term_rowid IN ({','.join('?' * len(chunk))})", chunk)
        return out

    def _rows(self, where: str, args: Sequence) -> list[TermRow]:
        return [TermRow(*r) for r in self._conn.execute(_TERM_ROW_SQL + where, args)]

    # ------------------------------------------------------------------- writes
    def merge_candidates(self, entries: Iterable[TermEntry], *,
                         prune_source: str | None = None, refresh_search: bool = True) -> MergeReport:
        """Upsert extraction output as candidates, in one transaction.

        An entry whose identity (its folded terms) is new is inserted; an
        existing *candidate* is refreshed (terms' surface forms, variants,
        confidence, frequency, contexts, source; its note is kept unless the new
        one is non-empty); an approved or rejected entry keeps its forms, status and
        notes (only its frequencies change).
        With ``prune_source`` (the document the entries were mined from), each entry
        records its frequency in that document, and its frequency is the sum over the
        documents; an entry found in several documents reads (forms, confidence,
        contexts) as the first of them by name has it, so merging a run's documents again,
        or in another order, gives the same entries.  The document's frequency goes from
        the entries this batch did not mention, and a candidate found in no other
        document goes with it (a re-run replaces its own stale candidates).
        Within the batch, entries with the same identity keep the most confident.
        Without ``refresh_search`` the stored fuzzy-search keys are dropped rather than
        rebuilt (a run merging thousands of documents rebuilds them once, at its end, with
        :meth:`refresh_search_keys`; until then fuzzy search reads the terms directly).
        """
        batch = [replace(e, status=CANDIDATE, occurrences={prune_source: e.frequency} if prune_source else {})
                 for e in _best_per_identity(entries)]
        return self._upsert(batch, overwrite_decided=False, prune_source=prune_source,
                            keep_status=True, refresh_search=refresh_search)

    def refresh_search_keys(self) -> None:
        """Rebuild the fuzzy-search keys (after merges made without ``refresh_search``)."""
        with self._transaction():
            self._refresh_fuzzy_keys()

    def import_entries(self, entries: Iterable[TermEntry], *,
                       overwrite_decided: bool = False) -> MergeReport:
        """Upsert entries read from a file, in one transaction, keeping their status.

        An existing approved/rejected entry is left as it is unless
        ``overwrite_decided``; existing candidates take the file's data and status.
        Ids from the file are kept when they are valid XML ids and free.

        One concept, one entry: a row whose terms are not an entry's but whose Chinese
        term (or, without one, a term of another language) is the term or a variant of
        exactly one entry is merged into it: its languages the entry lacks become terms,
        its other forms variants (an approved or rejected entry only with
        ``overwrite_decided``).  A form shared by several entries merges nothing.
        """
        batch = list(entries)
        seen: dict[str, TermEntry] = {}
        for entry in batch:
            identity = keys.identity_key(entry.terms)
            if identity in seen:
                raise BadInputError(f"the same entry twice: {entry.label()}")
            seen[identity] = entry
        return self._upsert(batch, overwrite_decided=overwrite_decided,
                            prune_source=None, keep_status=False, merge_forms=True)

    def add(self, entry: TermEntry) -> TermEntry:
        """Add one entry by hand.  An existing candidate with the same terms takes the
        new status and note; an existing approved/rejected one is a UsageError."""
        identity = keys.identity_key(entry.terms)
        with self._transaction() as conn:
            row = conn.execute("SELECT entry_id, status FROM entries WHERE identity = ?",
                               (identity,)).fetchone()
            if row and row[1] in DECIDED:
                raise UsageError(f"already in the glossary as {row[0]} ({row[1]})")
            if row:
                old = self._load("WHERE entry_id = ?", (row[0],))[0]
                merged = replace(old, status=entry.status, note=entry.note or old.note,
                                 variants={**old.variants, **entry.variants},
                                 source=entry.source or old.source,
                                 definition=entry.definition or old.definition,
                                 domain=entry.domain or old.domain)
                self._write(merged, row[0], identity, replace_existing=True)
                entry_id = row[0]
            else:
                entry_id = self._new_id(entry.entry_id, identity)
                self._write(entry, entry_id, identity, replace_existing=False)
            self._refresh_fuzzy_keys()
        return self.get(entry_id)  # type: ignore[return-value]

    def update(self, entry: TermEntry) -> TermEntry:
        """Rewrite entry ``entry.entry_id`` (a reviewer's edit of its forms or note); the
        id stays.  Forms that make it another entry's double are refused."""
        identity = keys.identity_key(entry.terms)
        with self._transaction() as conn:
            if not self._id_taken(entry.entry_id):
                raise UsageError(f"no glossary entry has the id {entry.entry_id!r}")
            row = conn.execute("SELECT entry_id FROM entries WHERE identity = ? AND entry_id != ?",
                               (identity, entry.entry_id)).fetchone()
            if row:
                raise UsageError(f"these forms are already entry {row[0]}")
            self._write(entry, entry.entry_id, identity, replace_existing=True)
            self._refresh_fuzzy_keys()
        return self.get(entry.entry_id)  # type: ignore[return-value]

    def set_status(self, entry_ids: Sequence[str], status: str) -> list[TermEntry]:
        """Approve or reject (or reopen as candidate) entries, all or none."""
        if status not in STATUSES:
            raise UsageError(f"unknown status {status!r}: expected one of {', '.join(STATUSES)}")
        with self._transaction() as conn:
            for entry_id in entry_ids:
                cur = conn.execute("UPDATE entries SET status = ? WHERE entry_id = ?",
                                   (status, entry_id))
                if cur.rowcount != 1:
                    raise UsageError(f"no glossary entry has the id {entry_id!r}")
        return self.get_many(entry_ids)

    def _upsert(self, entries: list[TermEntry], *, overwrite_decided: bool,
                prune_source: str | None, keep_status: bool, merge_forms: bool = False,
                refresh_search: bool = True) -> MergeReport:
        inserted, updated, kept, removed, merged = [], [], [], [], []
        new_forms = 0
        touched: set[str] = set()
        with self._transaction() as conn:
            for entry in entries:
                identity = keys.identity_key(entry.terms)
                row = conn.execute("SELECT entry_id, status, note, definition, domain FROM entries "
                                   "WHERE identity = ?", (identity,)).fetchone()
                same, by_id = None, False
                if row is None and merge_forms:
                    same = self.get(entry.entry_id) if entry.entry_id else None
                    by_id = same is not None  # the row is that entry, exported and edited
                    if same is None and entry.status != REJECTED:  # a rejected row merges into nothing
                        same = self._same_concept(entry)
                if same is not None and same.status in DECIDED and not overwrite_decided:
                    kept.append(same.entry_id)
                    touched.add(same.entry_id)
                    continue
                if same is not None:
                    combined, added = _edited_by(same, entry) if by_id else _with_forms_of(same, entry)
                    combined_identity = keys.identity_key(combined.terms)
                    clash = conn.execute("SELECT entry_id FROM entries WHERE identity = ? AND entry_id != ?",
                                         (combined_identity, same.entry_id)).fetchone()
                    if clash is None:  # else the merged forms would be another entry's: a new entry
                        self._write(combined, same.entry_id, combined_identity, replace_existing=True)
                        (updated if by_id else merged).append(same.entry_id)
                        new_forms += added
                        touched.add(same.entry_id)
                        continue
                if row is None:
                    entry_id = self._new_id(entry.entry_id, identity)
                    self._write(entry, entry_id, identity, replace_existing=False)
                    inserted.append(entry_id)
                else:
                    entry_id, status, note, definition, domain = row
                    if status in DECIDED and not overwrite_decided:
                        self._add_occurrences(entry_id, entry.occurrences)  # evidence, not a decision
                        kept.append(entry_id)
                    else:
                        if keep_status:
                            entry = replace(entry, status=status, note=entry.note or note,
                                            definition=entry.definition or definition,
                                            domain=entry.domain or domain)
                        else:  # an import never rewrites the frequencies runs recorded by document
                            entry = replace(entry, occurrences={})
                        current = self.get(entry_id) if entry.occurrences else None
                        if current is not None and current.source in current.occurrences \
                                and current.source < entry.source:
                            # an entry found in several documents reads as the first of them has it
                            self._add_occurrences(entry_id, entry.occurrences)
                        elif current is None or not _holds(current, entry):
                            self._write(entry, entry_id, identity, replace_existing=True)
                        updated.append(entry_id)
                touched.add(entry_id)
            if prune_source is not None:
                # The document no longer yields these: its frequency goes; a candidate found in
                # no other document goes with it.
                gone = [r[0] for r in conn.execute("SELECT entry_id FROM occurrences WHERE document = ? "
                                                   "ORDER BY entry_id", (prune_source,)) if r[0] not in touched]
                for entry_id in gone:
                    conn.execute("DELETE FROM occurrences WHERE entry_id = ? AND document = ?",
                                 (entry_id, prune_source))
                    self._add_occurrences(entry_id, {}, removed=True)
                stale = [r[0] for r in conn.execute(
                    "SELECT entry_id FROM entries e WHERE status = ? AND NOT EXISTS (SELECT 1 FROM occurrences o "
                    "WHERE o.entry_id = e.entry_id) AND (source = ? OR entry_id IN (SELECT value FROM "
                    "json_each(?))) ORDER BY entry_id", (CANDIDATE, prune_source, json.dumps(gone)))
                    if r[0] not in touched]
                for entry_id in stale:
                    self._delete(entry_id)
                removed = stale
            if refresh_search:
                self._refresh_fuzzy_keys()
            else:
                self._conn.execute("DELETE FROM fuzzy_keys")  # stale: search reads the terms
        return MergeReport(tuple(inserted), tuple(updated), tuple(kept), tuple(removed), tuple(merged), new_forms)

    def _same_concept(self, entry: TermEntry) -> TermEntry | None:
        """The one existing entry of the same concept as ``entry``: the only one holding its
        Chinese term among its forms or, for a row without Chinese, the only one holding its
        forms in two languages at least; never one of another domain.  None otherwise."""
        def holders(lang: str) -> set[str]:
            found: set[str] = set()
            for form in entry.all_forms(lang):
                wanted = keys.identity_fold(form)
                found |= {row.entry_id for row in self.rows_with_folded(keys.search_fold(form))
                          if row.lang == lang and keys.identity_fold(row.term) == wanted}
            return found

        if "zh" in entry.terms:
            found = holders("zh")
        else:
            counts: dict[str, int] = {}
            for lang in entry.terms:
                for entry_id in holders(lang):
                    counts[entry_id] = counts.get(entry_id, 0) + 1
            found = {entry_id for entry_id, n in counts.items() if n >= 2}
        if len(found) != 1:
            return None
        same = self._load("WHERE entry_id = ?", (found.pop(),))[0]
        if entry.domain and same.domain and entry.domain.casefold() != same.domain.casefold():
            return None  # a homonym of another field (保险: insurance, a gun's safety catch)
        return same

    def _new_id(self, wanted: str, identity: str) -> str:
        """Keep a valid, free id from a file; otherwise derive one from the identity,
        so the same entry gets the same id in every glossary built from the same data."""
        if wanted and _XML_ID_RE.match(wanted) and not self._id_taken(wanted):
            return wanted

        digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()
        for length in range(10, len(digest) + 1, 2):
            candidate = "t" + digest[:length]
            if not self._id_taken(candidate):
                return candidate
        raise RuntimeError("no free entry id")  # 2**-256: cannot happen

    def _id_taken(self, entry_id: str) -> bool:
        return self._conn.execute("SELECT 1 FROM entries WHERE entry_id = ?",
                                  (entry_id,)).fetchone() is not None

    def _add_occurrences(self, entry_id: str, occurrences: Mapping[str, int], *, removed: bool = False) -> None:
        """Record the frequencies of ``occurrences`` (document → count) for an entry; its
        frequency becomes the sum over its documents (0 when ``removed`` took the last), and
        a candidate's source one of them if its own is no longer among them; a vetted
        entry's source (where a reviewer or a file said it comes from) stays (inside the
        caller's transaction)."""
        conn = self._conn
        for document, count in occurrences.items():
            conn.execute("INSERT OR REPLACE INTO occurrences (entry_id, document, frequency) VALUES (?, ?, ?)",
                         (entry_id, document, count))
        documents = dict(conn.execute("SELECT document, frequency FROM occurrences WHERE entry_id = ? "
                                      "ORDER BY document", (entry_id,)).fetchall())
        if not documents:
            if removed:
                conn.execute("UPDATE entries SET frequency = 0 WHERE entry_id = ?", (entry_id,))
            return
        conn.execute("UPDATE entries SET frequency = ? WHERE entry_id = ?", (sum(documents.values()), entry_id))
        conn.execute("UPDATE entries SET source = ? WHERE entry_id = ? AND status = ? AND source NOT IN "
                     "(SELECT document FROM occurrences WHERE entry_id = ?)",
                     (next(iter(documents)), entry_id, CANDIDATE, entry_id))

    def _delete(self, entry_id: str) -> None:
        conn = self._conn
        conn.execute("DELETE FROM occurrences WHERE entry_id = ?", (entry_id,))
        conn.execute("DELETE FROM terms_fts WHERE rowid IN "
                     "(SELECT term_rowid FROM terms WHERE entry_id = ?)", (entry_id,))
        conn.execute("DELETE FROM contexts WHERE entry_id = ?", (entry_id,))
        conn.execute("DELETE FROM terms WHERE entry_id = ?", (entry_id,))
        conn.execute("DELETE FROM entries WHERE entry_id = ?", (entry_id,))

    def _write(self, entry: TermEntry, entry_id: str, identity: str, *,
               replace_existing: bool) -> None:
        """Write one entry's rows (inside the caller's transaction)."""
        conn = self._conn
        occurrences = dict(entry.occurrences)
        if replace_existing:  # the entry's frequencies in other documents stay
            occurrences = {**dict(conn.execute("SELECT document, frequency FROM occurrences WHERE entry_id = ?",
                                               (entry_id,)).fetchall()), **occurrences}
            self._delete(entry_id)
        conn.execute(
            "INSERT INTO entries (entry_id, identity, status, confidence, frequency, source, "
            "note, sort_key, definition, domain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (entry_id, identity, entry.status, entry.confidence, entry.frequency, entry.source,
             entry.note, keys.sort_key(dict(entry.terms)), entry.definition, entry.domain))
        for lang in entry.terms:
            for position, term in enumerate(entry.all_forms(lang)):
                pinyin = keys.pinyin_syllables(term) if lang == "zh" else ""
                cur = conn.execute(
                    "INSERT INTO terms (entry_id, lang, position, term, folded, pinyin, "
                    "pinyin_compact) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (entry_id, lang, position, term, keys.search_fold(term), pinyin,
                     pinyin.replace(" ", "")))
                conn.execute("INSERT INTO terms_fts (rowid, body) VALUES (?, ?)",
                             (cur.lastrowid, keys.fts_text(term)))
        self._add_occurrences(entry_id, occurrences)
        for position, context in enumerate(entry.contexts):
            for lang in sorted(set(context.texts) | set(context.segment_ids)):
                conn.execute(
                    "INSERT INTO contexts (entry_id, position, lang, text, segment_ids) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (entry_id, position, lang, context.texts.get(lang, ""),
                     ",".join(str(i) for i in context.segment_ids.get(lang, ()))))


def _holds(current: TermEntry, entry: TermEntry) -> bool:
    """Whether the stored entry is already what writing ``entry`` over it would make (a rerun
    merges every document's candidates again: most change nothing, and reading costs less
    than rewriting the rows and their search keys)."""
    occurrences = {**current.occurrences, **entry.occurrences}
    return current == replace(entry, entry_id=current.entry_id, occurrences=occurrences,
                              frequency=sum(occurrences.values()))


def _with_forms_of(entry: TermEntry, other: TermEntry) -> tuple[TermEntry, int]:
    """``entry`` with ``other``'s languages it lacks as terms and its other forms as variants;
    its status approved if either is (a candidate row never demotes an entry); its note,
    definition and domain kept, ``other``'s filling only those it lacks; and how many forms
    were added."""
    terms, variants, added = dict(entry.terms), {k: list(v) for k, v in entry.variants.items()}, 0
    for lang in other.terms:
        forms = other.all_forms(lang)
        if lang not in terms:
            terms[lang], variants[lang] = forms[0], list(forms[1:])
            added += len(forms)
            continue
        known = {keys.identity_fold(f) for f in entry.all_forms(lang)}
        for form in forms:
            if keys.identity_fold(form) not in known:
                variants.setdefault(lang, []).append(form)
                known.add(keys.identity_fold(form))
                added += 1
    status = APPROVED if APPROVED in (entry.status, other.status) else entry.status
    return replace(entry, terms=terms, variants={k: tuple(v) for k, v in variants.items()}, status=status,
                   note=entry.note or other.note, definition=entry.definition or other.definition,
                   domain=entry.domain or other.domain), added


def _edited_by(entry: TermEntry, row: TermEntry) -> tuple[TermEntry, int]:
    """``entry`` as a row carrying its id gives it (exported, edited, imported back): the row's
    forms replace the entry's in the languages it has (a corrected typo is no variant), its
    status applies, its note, definition and domain where it has them; and how many forms
    are new."""
    terms = {**entry.terms, **row.terms}
    variants = {**entry.variants, **{lang: row.variants.get(lang, ()) for lang in row.terms}}
    old = {(lang, keys.identity_fold(f)) for lang in entry.terms for f in entry.all_forms(lang)}
    added = sum(1 for lang in row.terms for f in row.all_forms(lang) if (lang, keys.identity_fold(f)) not in old)
    return replace(entry, terms=terms, variants=variants, status=row.status, note=row.note or entry.note,
                   definition=row.definition or entry.definition, domain=row.domain or entry.domain), added


def _stat(path: Path) -> os.stat_result | None:
    """The file's status, None when there is no such file."""
    try:
        return path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:  # permission, a name too long, a loop of links
        raise BadInputError(f"{path}: cannot open the glossary ({exc.strerror or exc})") from None


def _make_parents(path: Path) -> list[Path]:
    """Create the missing folders above ``path``; returns them, top first."""
    missing: list[Path] = []
    parent = path.parent
    while (found := _stat(parent)) is None and parent != parent.parent:
        missing.append(parent)
        parent = parent.parent
    if found is not None and not stat.S_ISDIR(found.st_mode):
        raise BadInputError(f"{path}: cannot write ({parent} is a file, not a folder)")
    made: list[Path] = []
    for folder in reversed(missing):
        try:
            folder.mkdir()
        except FileExistsError:
            continue  # made meanwhile by someone else
        except OSError as exc:
            for done in reversed(made):
                done.rmdir()
            raise cannot_write(path, exc) from None
        made.append(folder)
    return made


def _error_code(exc: sqlite3.Error) -> int:
    return getattr(exc, "sqlite_errorcode", 0) & 0xFF  # the primary code of an extended one


def _is_busy(exc: sqlite3.Error) -> bool:
    """Another connection holds a lock SQLite waited for in vain."""
    return _error_code(exc) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) \
        or "database is locked" in str(exc)


def open_store(path: Path | str = DEFAULT_DB, *, create: bool = False) -> GlossaryStore:
    return GlossaryStore(path, create=create)


def _status_filter(statuses: Iterable[str] | None) -> tuple[str, list[str]]:
    if statuses is None:
        return "", []
    wanted = list(dict.fromkeys(statuses))
    for status in wanted:
        if status not in STATUSES:
            raise UsageError(f"unknown status {status!r}: expected one of {', '.join(STATUSES)}")
    if not wanted:
        return "WHERE 0", []
    return f"WHERE status IN ({','.join('?' * len(wanted))})", wanted


def _best_per_identity(entries: Iterable[TermEntry]) -> list[TermEntry]:
    best: dict[str, TermEntry] = {}
    for entry in entries:
        identity = keys.identity_key(entry.terms)
        if identity not in best or entry.confidence > best[identity].confidence:
            best[identity] = entry
    return list(best.values())
