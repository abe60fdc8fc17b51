"""Reviewer decisions through the pipeline: an alignment edit rewrites the document's outputs
and survives the next `triglot run` while the texts are unchanged; a dismissed flag stays
dismissed; an ignore rule silences its class; decisions are exported."""
from __future__ import annotations

import shutil

import pytest

from align.models import FlagDecision
from align.pipeline import ReviewSession, run
from align.review import EditOp
from support.review import DOC, TEXTS, check_report, copy_run, run_config, tmx_units

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "out"
    assert run(run_config(out)).ok
    return out


def test_an_edit_rewrites_the_outputs_and_the_next_run_keeps_it(made, tmp_path):
    out = copy_run(made, tmp_path)
    units = len(check_report(out)["units"])
    assert tmx_units(out) == units
    session = ReviewSession(run_config(out))
    try:
        revision, edited = session.edit(DOC, EditOp("merge", 2), based_on=0)
    finally:
        session.close()
    assert revision == 1 and len(edited.units) == units - 1
    assert tmx_units(out) == units - 1 and len(check_report(out)["units"]) == units - 1
    report = run(run_config(out))
    (doc,) = report.documents
    assert doc.ok and doc.units == units - 1 and not doc.warnings
    assert tmx_units(out) == units - 1
    assert (out / "review-decisions.json").is_file()


def test_a_dismissed_flag_stays_dismissed_and_a_rule_silences_its_class(made, tmp_path):
    out = copy_run(made, tmp_path)
    flags = check_report(out)["flags"]
    assert len(flags) >= 3
    first, second = flags[0], flags[1]
    session = ReviewSession(run_config(out))
    try:
        session.decide(DOC, first["key"], "dismissed", "the reviewer's reason", 0)
        word = next(w for w in second["message"].split() if len(w) > 3)
        session.add_rule(word, kind=second["kind"], note="house style")
    finally:
        session.close()
    report = run(run_config(out))
    after = {f["key"]: f for f in check_report(out)["flags"]}
    assert after[first["key"]]["status"] == "dismissed" and after[first["key"]]["comment"] == "the reviewer's reason"
    assert after[second["key"]]["status"] == "ignored"
    assert check_report(out)["open_flags"] == report.documents[0].flags < len(flags)
    html = (out / DOC / "check.html").read_text(encoding="utf-8")
    assert "the reviewer&#39;s reason" in html and 'data-status="dismissed"' in html
    csv = (out / "review-decisions.csv").read_text(encoding="utf-8")
    assert first["key"] in csv and "the reviewer's reason" in csv


def test_edits_made_on_other_texts_are_kept_but_not_applied(made, tmp_path):
    texts = tmp_path / "texts"
    shutil.copytree(TEXTS, texts)
    out = copy_run(made, tmp_path)
    units = len(check_report(out)["units"])
    session = ReviewSession(run_config(out, texts))
    try:
        session.edit(DOC, EditOp("merge", 0), based_on=0)
    finally:
        session.close()
    en = texts / "en" / f"{DOC}.txt"
    en.write_text(en.read_text(encoding="utf-8").replace("Joint Statement", "Joint Declaration", 1), encoding="utf-8")
    (doc,) = run(run_config(out, texts)).documents
    assert doc.units == units
    assert any("texts changed since a reviewer edited" in w for w in doc.warnings)


def test_flag_keys_ignore_the_message_wording_and_the_unit_number():
    from dataclasses import replace

    from align.checks.base import Flag

    flag = Flag("number", "high", ("zh", "fr"), 3, {"zh": (3,), "fr": (3,)}, {"zh": "2024年", "fr": "2025"},
                "fr differs", {}, "fr", {"fr": ((0, 4),)})
    assert replace(flag, message="fr differs: 2025", unit=7).key == flag.key
    assert replace(flag, texts={"zh": "2024年", "fr": "2026"}).key != flag.key
    assert FlagDecision(flag.key, "dismissed").key == flag.key


def test_a_decision_survives_an_edit_of_its_unit_and_an_edit_can_be_undone(made, tmp_path):
    out = copy_run(made, tmp_path)
    flags = check_report(out)["flags"]
    flag = flags[0]
    unit = flag["unit"] - 1
    session = ReviewSession(run_config(out))
    try:
        session.decide(DOC, flag["key"], "dismissed", "both fine", 0)
        neighbour = unit + 1 if unit + 1 < len(check_report(out)["units"]) else unit - 1
        revision, _ = session.edit(DOC, EditOp("merge", min(unit, neighbour)), based_on=0)
        moved = [f for f in check_report(out)["flags"] if f["key"] != flag["key"] and f["status"] == "dismissed"]
        assert moved and moved[0]["comment"] == "both fine"  # same words, same sentences, new unit
        units_merged = len(check_report(out)["units"])
        revision, restored = session.undo(DOC, based_on=revision)
        assert revision == 2 and len(restored.units) == units_merged + 1
        assert len(check_report(out)["units"]) == units_merged + 1
        with pytest.raises(Exception, match="no alignment edit to undo"):
            session.undo(DOC, based_on=revision)
        log = session.review.edit_log(DOC)[DOC]
        assert [e["op"] for e in log] == ["merge", "undo"]
    finally:
        session.close()


def test_reopening_a_flag_a_rule_silenced_outranks_the_rule(made, tmp_path):
    out = copy_run(made, tmp_path)
    flag = check_report(out)["flags"][0]
    session = ReviewSession(run_config(out))
    try:
        word = next(w for w in flag["message"].split() if len(w) > 3)
        session.add_rule(word, kind=flag["kind"], note="house style")
        session.rewrite(DOC)
        assert {f["key"]: f for f in check_report(out)["flags"]}[flag["key"]]["status"] == "ignored"
        session.decide(DOC, flag["key"], "open", "this one matters", 0)
        session.rewrite(DOC)
        again = {f["key"]: f for f in check_report(out)["flags"]}[flag["key"]]
        assert (again["status"], again["comment"]) == ("open", "this one matters")
    finally:
        session.close()


def test_undo_puts_back_the_aligners_pairwise_beads(made, tmp_path):
    import json

    out = copy_run(made, tmp_path)
    before = json.loads((out / DOC / "alignment.json").read_text(encoding="utf-8"))
    session = ReviewSession(run_config(out))
    try:
        revision, _ = session.edit(DOC, EditOp("merge", 2), based_on=0)
        revision, _ = session.edit(DOC, EditOp("merge", 5), based_on=revision)
        revision, _ = session.undo(DOC, based_on=revision)
        revision, _ = session.undo(DOC, based_on=revision)
    finally:
        session.close()
    after = json.loads((out / DOC / "alignment.json").read_text(encoding="utf-8"))
    assert after["units"] == before["units"] and after["pairs"] == before["pairs"]
