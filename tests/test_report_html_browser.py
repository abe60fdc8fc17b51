"""The HTML report in a real browser (headless Chromium): rows, and filters that hide.

The filters can be set from the address (``#kind=…&severity=…&unflagged=0``);
the page applies them by clicking its own checkboxes, so this drives the same
code path as a reviewer's clicks.  ``--dump-dom`` prints the DOM after the
scripts ran.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from align.checks import CheckSettings, run_checks
from support.alignments import alignment_from_rows
from align.report import write_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (apt-get install chromium)"),
]


def dump_dom(page: Path, fragment: str, profile: Path) -> str:
    url = page.resolve().as_uri() + (f"#{fragment}" if fragment else "")
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-extensions", f"--user-data-dir={profile}", "--virtual-time-budget=3000",
           "--dump-dom", url]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=90)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def rows(dom: str) -> dict[str, bool]:
    """unit row id → visible."""
    out = {}
    for tag in re.findall(r'<tr id="unit-\d+"[^>]*>', dom):
        out[re.search(r'id="(unit-\d+)"', tag).group(1)] = " hidden" not in tag
    return out


BASE = {"zh": "两国元首重申共同致力于深化合作。",
        "fr": "Les deux chefs d'État réaffirment leur engagement commun à approfondir la coopération.",
        "en": "The two Heads of State reaffirm their shared commitment to deepening cooperation."}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    rows = [dict(BASE) for _ in range(8)]
    rows[1] = {"zh": "中国将参加2025年的峰会。", "fr": "La Chine participera au sommet de 2026.",
               "en": "China will take part in the 2025 summit."}
    rows[2] = {"zh": "中国愿参加峰会。", "fr": "La Chine refuse de participer au sommet.",
               "en": "China is willing to take part in the summit."}
    rows[5] = dict(BASE, en="They agree on deepening it.")
    alignment = alignment_from_rows(rows, doc_id="browser-test")
    # The checks' own flags (the filters are under test, not the model's cut-off).
    result = run_checks(alignment, engines=None, settings=CheckSettings(decide=False))
    assert {f.severity for f in result.flags} == {"high", "low"}
    path = tmp_path_factory.mktemp("html") / "report.html"
    write_html(result, alignment, path)
    return path, alignment, result


def test_all_units_are_rows_and_all_are_shown_at_first(report, tmp_path):
    path, alignment, result = report
    dom = dump_dom(path, "", tmp_path / "profile")
    visible = rows(dom)
    assert len(visible) == len(alignment.units) and all(visible.values())
    assert re.search(r'id="shown-flags">(\d+)<', dom).group(1) == str(len(result.flags))


def test_a_kind_filter_hides_other_flags_and_unflagged_units(report, tmp_path):
    path, alignment, result = report
    dom = dump_dom(path, "kind=number&unflagged=0", tmp_path / "profile")
    visible = rows(dom)
    number_units = {f"unit-{f.unit + 1}" for f in result.flags if f.kind == "number"}
    assert number_units and {r for r, on in visible.items() if on} == number_units
    assert re.search(r'id="shown-rows">(\d+)<', dom).group(1) == str(len(number_units))
    # flags of other kinds in a visible row are hidden too
    assert re.search(r'<li class="flag[^"]*" data-kind="polarity"[^>]*hidden', dom)


def test_a_severity_filter_hides_rows_whose_flags_are_all_of_other_severities(report, tmp_path):
    path, alignment, result = report
    dom = dump_dom(path, "severity=low&unflagged=0", tmp_path / "profile")
    low_units = {f"unit-{f.unit + 1}" for f in result.flags if f.severity == "low"}
    assert low_units and {r for r, on in rows(dom).items() if on} == low_units


@pytest.fixture(scope="module")
def judged(tmp_path_factory):
    """A report the model judged: each flag with its probability, the cut-off shown."""
    rows = [dict(BASE) for _ in range(6)]
    rows[1] = {"zh": "中国将参加2025年的峰会。", "fr": "La Chine participera au sommet de 2026.",
               "en": "China will take part in the 2025 summit."}
    rows[4] = {"zh": "双方于2023年4月7日签署协议。", "fr": "Les deux parties ont signé l'accord le 7 avril 2023.",
               "en": "The two sides signed the agreement on 9 April 2023."}
    alignment = alignment_from_rows(rows, doc_id="browser-judged")
    result = run_checks(alignment, engines=None)
    assert result.threshold is not None and len({f.unit for f in result.flags}) == 2
    path = tmp_path_factory.mktemp("html") / "judged.html"
    write_html(result, alignment, path)
    return path, result


def test_the_cut_off_hides_flags_below_it(judged, tmp_path):
    path, result = judged
    cut = int(max(f.probability for f in result.flags) * 100) / 100  # the slider moves by 0.01
    dom = dump_dom(path, f"cutoff={cut:.2f}&unflagged=0", tmp_path / "profile")
    shown = int(re.search(r'id="shown-flags">(\d+)<', dom).group(1))
    assert shown == sum(1 for f in result.flags if f.probability >= cut)
    assert 0 < shown < len(result.flags)


def test_units_can_be_sorted_by_probability(judged, tmp_path):
    path, result = judged
    dom = dump_dom(path, "sort=probability", tmp_path / "profile")
    order = [int(n) for n in re.findall(r'<tr id="unit-(\d+)"', dom)]
    best = max(result.flags, key=lambda f: f.probability).unit + 1
    assert order[0] == best and sorted(order) == list(range(1, 7))
