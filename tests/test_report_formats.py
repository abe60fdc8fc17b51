"""JSON, Markdown, CSV and HTML reports: content, determinism, self-containment."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from align.checks import CheckSettings, run_checks
from align.formats.gold import alignment_from_gold
from support.alignments import alignment_from_rows
from align.report import render_csv, render_html, render_markdown, result_to_dict, write_reports
from align.report.json_report import render_json
from align.pipeline import run_check
from align.errors import UsageError

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def checked():
    alignment = alignment_from_gold(CORPUS / "gold-alignment.json", doc_id="ai-governance-2024")
    return alignment, run_checks(alignment, engines=None)


def test_json_has_flags_with_texts_evidence_and_per_unit_scores(checked):
    alignment, result = checked
    data = result_to_dict(result)
    assert data["doc_id"] == "ai-governance-2024" and data["signature"] == result.signature
    [flag] = [f for f in data["flags"] if f["kind"] == "number"]
    assert flag["diverging"] == "fr" and flag["unit"] == 2  # numbered from 1, as in every report
    assert flag["ids"] == {"zh": [1], "fr": [1], "en": [1]}
    assert flag["texts"]["fr"].startswith("À l'invitation")
    assert "2024-05-06/2024-05-07" in json.dumps(flag["evidence"], ensure_ascii=False)
    assert len(data["units"]) == len(alignment.units)
    assert "length.z.zh-fr" in data["units"][1]["scores"]
    assert {s["check"] for s in data["skipped"]} >= {"meaning", "reference-mt"}
    assert data["counts"]["number"] == 1


def test_every_report_is_byte_identical_for_the_same_input(checked, tmp_path):
    alignment, result = checked
    again = run_checks(alignment, engines=None)
    assert render_json(result) == render_json(again)
    assert render_markdown(result) == render_markdown(again)
    assert render_csv(result) == render_csv(again)
    assert render_html(result, alignment) == render_html(again, alignment)


def test_csv_has_one_row_per_flag_with_the_texts(checked):
    _, result = checked
    rows = list(csv.DictReader(io.StringIO(render_csv(result))))
    assert len(rows) == len(result.flags)
    assert {"unit", "kind", "severity", "diverging", "message", "text_zh", "text_fr", "text_en"} <= set(rows[0])
    number = next(r for r in rows if r["kind"] == "number")
    assert number["unit"] == "2" and "6 au 7 mai 2024" in number["text_fr"]


def test_markdown_lists_flags_and_what_was_not_checked(checked):
    _, result = checked
    text = render_markdown(result)
    assert "| number | 1 |" in text
    assert "## Not checked" in text and "meaning" in text
    assert result.signature in text


def test_html_is_self_contained_and_escapes_texts(tmp_path):
    alignment = alignment_from_rows([
        {"zh": "<script>alert(1)</script>2025年", "fr": "en 2026 <b>gras</b>", "en": "in 2025"},
    ])
    html = render_html(run_checks(alignment, engines=None), alignment)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)""", html)
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert html.count("<script>") == 1  # the report's own filter code, inline


def test_html_shows_units_side_by_side_with_highlights_and_counts(checked):
    alignment, result = checked
    html = render_html(result, alignment)
    assert html.count('<tr id="unit-') == len(alignment.units)
    assert 'id="kind-number"' in html and 'id="severity-high"' in html
    assert re.search(r'<mark class="k-number[^"]*"[^>]*>6 au 7 mai 2024</mark>', html)


def test_the_check_stage_writes_the_formats_asked_for(tmp_path):
    alignment = alignment_from_rows([{"zh": "2025年", "fr": "en 2026", "en": "in 2025"}])
    out = run_check(alignment, tmp_path, engines=None, formats=("json", "html"))
    assert sorted(p.name for p in out.paths) == ["check.html", "check.json"]
    assert json.loads((tmp_path / "check.json").read_text(encoding="utf-8"))["flags"]
    with pytest.raises(UsageError):
        run_check(alignment, tmp_path, engines=None, formats=("pdf",))


def test_write_reports_leaves_no_partial_files(tmp_path):
    alignment = alignment_from_rows([{"zh": "一", "fr": "un", "en": "one"}])
    result = run_checks(alignment, engines=None, settings=CheckSettings(checks=("numbers",)))
    paths = write_reports(result, alignment, json_path=tmp_path / "r.json", csv_path=tmp_path / "r.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv", "r.json"] == sorted(p.name for p in paths)


def test_the_alignment_picture_is_labelled_and_opens_units():
    from align.report.html import alignment_svg, unit_links

    rows = [{"zh": f"第{i}句。", "fr": f"Phrase {i}.", "en": f"Sentence {i}."} for i in range(12)]
    alignment = alignment_from_rows(rows, doc_id="pic")
    matrix = [[1.0 if i == j else 0.1 for j in range(12)] for i in range(12)]
    svg = alignment_svg(matrix, alignment, "zh", "fr", {3})
    assert 'class="tick"' in svg and ">10</text>" in svg  # sentence numbers on the axes
    assert svg.count('<a href="#unit-') == 24  # each row's cells and each unit's box
    assert '<a href="#unit-4"><rect class="path flagged"' in svg
    assert str(unit_links("zh “x” in unit 8 but <b>")) == 'zh “x” in unit <a href="#unit-8" class="unit-link">8</a> but &lt;b&gt;'
