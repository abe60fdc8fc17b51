"""The review store (OUT/review.db): decisions, ignore rules, stored units, and conflicts."""
from __future__ import annotations

import sqlite3
import threading

import pytest

from align.errors import BadInputError, ConflictError, UsageError
from align.models import AlignedUnit
from align.review import ReviewStore

KEY = "0123456789abcdef0123"


def test_a_decision_is_kept_and_a_stale_one_is_a_conflict(tmp_path):
    with ReviewStore(tmp_path / "review.db", create=True) as store:
        first = store.decide("doc", KEY, "dismissed", "a unit conversion", based_on=0, kind="number")
        assert (first.status, first.comment, first.revision) == ("dismissed", "a unit conversion", 1)
        with pytest.raises(ConflictError, match="decided elsewhere"):
            store.decide("doc", KEY, "confirmed", None, based_on=0)
        again = store.decide("doc", KEY, "confirmed", None, based_on=1)
        assert (again.status, again.comment) == ("confirmed", "a unit conversion")  # comment kept
    with ReviewStore(tmp_path / "review.db") as store:  # reopened: still there
        assert store.decisions("doc")[KEY].status == "confirmed"
        assert store.decisions("other") == {}


def test_two_threads_deciding_on_one_revision_one_wins(tmp_path):
    store = ReviewStore(tmp_path / "review.db", create=True)
    results = []

    def decide(status):
        try:
            results.append(store.decide("doc", KEY, status, None, based_on=0).status)
        except ConflictError:
            results.append("conflict")

    threads = [threading.Thread(target=decide, args=(s,)) for s in ("confirmed", "dismissed")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("conflict") == 1 and len(results) == 2
    store.close()


@pytest.mark.parametrize("args, says", [
    (("doc", KEY, "maybe"), "unknown decision"),
    (("doc", KEY, "ignored"), "unknown decision"),
    (("doc", "../../etc", "dismissed"), "not a flag key"),
])
def test_bad_decisions_are_refused(tmp_path, args, says):
    with ReviewStore(tmp_path / "review.db", create=True) as store:
        with pytest.raises(UsageError, match=says):
            store.decide(*args, None, based_on=0)


def test_units_are_stored_with_revision_and_log(tmp_path):
    units = (AlignedUnit({"zh": (0, 1), "fr": (0,), "en": (0,)}, .5), AlignedUnit({"fr": (1,)}, 0.0))
    with ReviewStore(tmp_path / "review.db", create=True) as store:
        assert store.units("doc") is None and store.revision("doc") == 0
        assert store.save_units("doc", "h1", units, based_on=0, edit={"op": "merge", "unit": 0}) == 1
        with pytest.raises(ConflictError, match="changed since"):
            store.save_units("doc", "h1", units, based_on=0, edit={"op": "merge", "unit": 0})
        stored = store.units("doc")
        assert stored.units == units and stored.texts_hash == "h1" and stored.revision == 1 and stored.edits == 1
        assert list(stored.units[0].ids) == ["zh", "fr", "en"]
        assert [e["op"] for e in store.edit_log("doc")["doc"]] == ["merge"] and list(store.edit_log()) == ["doc"]


def test_ignore_rules(tmp_path):
    with ReviewStore(tmp_path / "review.db", create=True) as store:
        rule = store.add_rule("Daesh", kind="name", note="the French name of ISIS")
        with pytest.raises(UsageError, match="not a regular expression"):
            store.add_rule("(unclosed", regex=True)
        with pytest.raises(UsageError, match="needs a pattern"):
            store.add_rule("  ")
        assert [r.pattern for r in store.rules()] == ["Daesh"]
        store.remove_rule(rule.id)
        assert store.rules() == []
        with pytest.raises(UsageError, match="no ignore rule"):
            store.remove_rule(rule.id)


def test_a_foreign_sqlite_file_or_a_folder_is_refused(tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(BadInputError, match="not a triglot review database"):
        ReviewStore(other)
    (tmp_path / "folder.db").mkdir()
    with pytest.raises(BadInputError, match="is a directory"):
        ReviewStore(tmp_path / "folder.db", create=True)
    assert ReviewStore.beside(tmp_path / "nowhere") is None
