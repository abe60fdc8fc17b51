"""Finding entries by any of their terms.

Modes, best first (an entry is ranked by its best-matching term):

1. ``exact``    the query equals a term or variant.  Case, accents, width and
                Traditional/Simplified script are ignored (score 100 when the
                forms are identical, 99 when only case/width/script differ, 98
                when accents differ too).
2. ``prefix``   a term starts with the query.
3. ``contains`` the query's words (or Chinese characters, contiguously) occur
                inside a term (SQLite FTS5; the last word may be a prefix).
4. ``pinyin``   the query is the toneless pinyin of a Chinese term
                (``hucaozuoxing``, ``hu cao zuo xing``) or a whole-syllable prefix of it.
5. ``phrasing`` a Chinese query in its Mainland phrasing (OpenCC tw2sp, hk2s) equals a
                term or starts one: 人工智慧 (Taiwan) finds 人工智能.  Below the modes of
                the query as typed, since a Mainland 文件 is no Taiwan 文件 (文档).
6. ``near``     the query is within one edit (four to seven letters) or two (eight or
                more) of a term, or of as many consecutive words of a term as it has
                (*governence* → global governance).
7. ``fuzzy``    rapidfuzz similarity of the accent-free forms (or of the pinyin)
                is at least ``min_fuzzy`` (typos: *interopérabilty*).


Within a mode, higher score first, then the glossary's own order.  Nothing here
imports pypinyin, jieba or numpy: the keys it compares were written by the store.
"""
from __future__ import annotations

import unicodedata
from typing import Callable, Iterable, Sequence

from align.errors import UsageError
from align.lang.langid import LANGUAGES, check_language_code

from . import keys
from .models import SearchHit, check_text, shortened
from .store import GlossaryStore, TermRow

MODES = ("exact", "prefix", "contains", "pinyin", "phrasing", "near", "fuzzy")
_RANK = {mode: rank for rank, mode in enumerate(MODES)}
DEFAULT_LIMIT = 20
DEFAULT_MIN_FUZZY = 80.0
# A larger --limit means "all": SQLite's LIMIT takes 64-bit numbers, and the search reads
# up to 4**k times the limit.
MAX_LIMIT = 10**9
# Fuzzy matches kept per key kind before ranking (far more than a page shows).
_ROW_CAP = 2000


def search(store: GlossaryStore, query: str, *, limit: int = DEFAULT_LIMIT,
           langs: Iterable[str] | None = None, statuses: Iterable[str] | None = None,
           min_fuzzy: float = DEFAULT_MIN_FUZZY, modes: Sequence[str] = MODES) -> list[SearchHit]:
    """Entries matching ``query`` in any language, best first, at most ``limit``."""
    text = " ".join(unicodedata.normalize("NFC", check_text(query, "the query")).split())
    if not text:
        raise UsageError("empty search query")
    if limit < 1:
        raise UsageError(f"--limit must be at least 1, not {shortened(limit)}")
    limit = min(limit, MAX_LIMIT)  # more than any glossary holds: all entries
    if not 0 <= min_fuzzy <= 100:  # also refuses NaN
        raise UsageError(f"--min-score must be between 0 and 100, not {min_fuzzy:g}")
    for mode in modes:
        if mode not in _RANK:
            raise UsageError(f"unknown search mode {mode!r}: expected one of {', '.join(MODES)}")
    lang_filter = {_language(store, lang) for lang in langs} if langs else None
    status_filter = set(statuses) if statuses else None

    folded = keys.search_fold(text)
    # the query as typed first, then its Mainland phrasing (Taiwan / Hong Kong forms)
    forms = list(dict.fromkeys(f for f in (keys.search_fold(m) for m in keys.mainland_forms(text)) if f))
    # best[entry_id] = (ranking key, row, mode, score) of the entry's best-matching term.
    best: dict[str, tuple] = {}

    def offer(row: TermRow, mode: str, score: float) -> None:
        if lang_filter is not None and row.lang not in lang_filter:
            return
        if status_filter is not None and row.status not in status_filter:
            return
        # Within a mode: higher score, then glossary order; the store's "best first"
        # queries sort the same way, which is what lets _read_best_first stop early.
        key = (_RANK[mode], -score, row.sort_key, row.entry_id, _lang_rank(row.lang),
               row.position, row.term_rowid)
        held = best.get(row.entry_id)
        if held is None or key < held[0]:
            best[row.entry_id] = (key, row, mode, score)

    def page_full() -> bool:
        return len(best) >= limit

    if "exact" in modes:
        for row in store.rows_with_folded(folded):
            offer(row, "exact", _exact_score(text, row.term))
    for form in forms[:1]:
        if "prefix" in modes and not page_full():
            def offer_prefix(row: TermRow, form=form) -> None:
                offer(row, "prefix", 100.0 * len(form) / len(row.folded))
            _read_best_first(lambda cap, form=form: store.rows_with_folded_prefix(form, cap),
                             offer_prefix, page_full, limit)
        if "contains" in modes and not page_full():
            expression = _fts_expression(form)

            def offer_contains(row: TermRow, form=form) -> None:
                if row.folded != form and not row.folded.startswith(form):
                    offer(row, "contains", 100.0 * len(form) / len(row.folded))
            if expression:
                _read_best_first(lambda cap, expression=expression: store.rows_matching_fts(expression, cap),
                                 offer_contains, page_full, limit)
    pinyin = keys.pinyin_query_key(text) if "pinyin" in modes else ""
    if len(pinyin) >= 2 and not page_full():
        def offer_pinyin(row: TermRow) -> None:
            # A prefix must stop at a syllable boundary: "shuzihon" is not 数字鸿.
            if len(pinyin) in keys.pinyin_boundaries(row.pinyin):
                offer(row, "pinyin", 100.0 * len(pinyin) / len(row.pinyin_compact))
        _read_best_first(lambda cap: store.rows_with_pinyin_prefix(pinyin, cap),
                         offer_pinyin, page_full, limit)
    if "phrasing" in modes and not page_full():
        for form in forms[1:]:
            for row in store.rows_with_folded(form):
                offer(row, "phrasing", 100.0)
            _read_best_first(lambda cap, form=form: store.rows_with_folded_prefix(form, cap),
                             lambda row, form=form: offer(row, "phrasing", 100.0 * len(form) / len(row.folded)),
                             page_full, limit)
    if "near" in modes and not page_full() and not keys.has_han(folded) and len(folded) >= 4:
        for row, score in _near_rows(store, folded):
            offer(row, "near", score)
    # Fuzzy hits rank last: when better modes already fill the page, they cannot show.
    if "fuzzy" in modes and not page_full():
        for row, score in _fuzzy_rows(store, folded, pinyin, min_fuzzy):
            offer(row, "fuzzy", score)

    ranked = sorted(best.values(), key=lambda held: held[0])[:limit]
    entries = {e.entry_id: e for e in store.get_many([row.entry_id for _, row, _, _ in ranked])}
    return [SearchHit(entry=entries[row.entry_id], mode=mode, score=round(score, 1),
                      lang=row.lang, matched=row.term) for _, row, mode, score in ranked]


def _read_best_first(fetch: Callable[[int], list[TermRow]], handle: Callable[[TermRow], None],
                     page_full: Callable[[], bool], limit: int) -> None:
    """Feed rows to ``handle`` best first, reading more only while the page is not full.

    Rows not read rank below every row read, so once the page is full they cannot
    show; re-handling a row already seen changes nothing.
    """
    cap = max(4 * limit, 50)
    while True:
        rows = fetch(cap)
        for row in rows:
            handle(row)
        if len(rows) < cap or page_full():
            return
        cap *= 4


def _fuzzy_rows(store: GlossaryStore, folded: str, pinyin: str,
                min_score: float) -> list[tuple[TermRow, float]]:
    from rapidfuzz import fuzz, process  # ~10 ms; C extension, no numpy needed

    scored: dict[int, float] = {}
    queries = [("folded", folded)]
    if len(pinyin) >= 4:  # short Latin strings are pinyin of too many terms
        queries.append(("pinyin", pinyin))
    for kind, query in queries:
        low, high = _length_bounds(len(query), min_score)
        rowids, choices = store.fuzzy_choices(kind, low, high)
        for _, score, index in process.extract(query, choices, scorer=fuzz.ratio,
                                               score_cutoff=min_score, limit=_ROW_CAP):
            rowid = int(rowids[10 * index:10 * index + 10])
            scored[rowid] = max(score, scored.get(rowid, 0.0))
    rows = {row.term_rowid: row for row in store.rows_by_rowid(sorted(scored))}
    return [(rows[rowid], score) for rowid, score in sorted(scored.items()) if rowid in rows]


def near_edits(query: str) -> int:
    """How many edits a query may be from a term and still be the term mistyped."""
    return 1 if len(query) < 8 else 2


def _near_rows(store: GlossaryStore, folded: str) -> list[tuple[TermRow, float]]:
    """Terms within ``near_edits`` of the query, whole or in a run of as many words as the
    query has; score 100 less 10 an edit."""
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import Levenshtein

    edits = near_edits(folded)
    words = len(folded.split())
    rowids, choices = store.fuzzy_choices("folded", len(folded) - edits, 10**9)
    found: dict[int, float] = {}
    # partial_ratio keeps the terms holding something like the query; Levenshtein decides
    least = 100.0 * (1 - 2 * edits / (2 * len(folded)))
    for choice, _, index in process.extract(folded, choices, scorer=fuzz.partial_ratio,
                                            score_cutoff=max(least - 10, 50), limit=_ROW_CAP):
        term_words = choice.split()
        runs = {" ".join(term_words[i:i + words]) for i in range(max(1, len(term_words) - words + 1))}
        best = min(Levenshtein.distance(folded, run, score_cutoff=edits + 1) for run in runs | {choice})
        if best <= edits:
            rowid = int(rowids[10 * index:10 * index + 10])
            found[rowid] = max(found.get(rowid, 0.0), 100.0 - 10.0 * best)
    rows = {row.term_rowid: row for row in store.rows_by_rowid(sorted(found))}
    return [(rows[rowid], score) for rowid, score in sorted(found.items()) if rowid in rows]


def _length_bounds(length: int, min_score: float) -> tuple[int, int]:
    """Lengths a string can have and still reach ``min_score`` with fuzz.ratio.

    ratio = 100 * (1 - indel / (n + m)) and indel >= |n - m|, so with c = min_score/100:
    n * c / (2 - c) <= m <= n * (2 - c) / c.
    """
    c = max(min(min_score, 100.0), 1.0) / 100.0
    return int(length * c / (2 - c)), int(length * (2 - c) / c) + 1


def _fts_expression(folded: str) -> str:
    """An FTS5 query: each word quoted, runs of Han characters as phrases, last token a prefix."""
    parts: list[str] = []
    han_run: list[str] = []
    for token in keys.fts_tokens(folded):
        if keys.has_han(token):
            han_run.append(token)
            continue
        if han_run:
            parts.append('"' + " ".join(han_run) + '"')
            han_run = []
        parts.append('"' + token.replace('"', '""') + '"')
    if han_run:
        parts.append('"' + " ".join(han_run) + '"')
    if not parts:
        return ""
    parts[-1] += "*"
    return " ".join(parts)


def _exact_score(query: str, term: str) -> float:
    if query == term:
        return 100.0
    if keys.identity_fold(query) == keys.identity_fold(term):
        return 99.0  # only case, width or Chinese script differ
    return 98.0  # accents differ too


def _language(store: GlossaryStore, lang: str) -> str:
    """The code of a --lang value: zh, fr, en (or a tag of them), or another language the
    glossary has terms in (added with --term es=…); else a UsageError."""
    check_text(lang, "--lang")
    try:
        return check_language_code(lang)
    except UsageError:
        if lang.strip() and store.has_language(lang.strip()):
            return lang.strip()
        raise


def _lang_rank(lang: str) -> int:
    return LANGUAGES.index(lang) if lang in LANGUAGES else len(LANGUAGES)
