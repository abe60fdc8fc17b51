"""The concordance (align/review/concordance.py) and the folding it rests on."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from align.formats.alignment_json import read_alignment, write_alignment
from align.review.concordance import Concordance
from glossary.keys import search_fold, search_fold_with_offsets
from support.alignments import alignment_from_rows


@settings(max_examples=300, deadline=None)
# Letters, digits, punctuation and spaces: text as documents hold it (a lone spacing accent
# such as ¯ folds to a space that search_fold keeps and this drops: harmless for matching).
@given(st.text(alphabet=st.characters(whitelist_categories=("L", "N", "P", "Zs")), max_size=40)
       | st.text(alphabet="人工智慧與發展 ÉéﬁßAa\u00a0—’\t", max_size=30))
def test_folding_with_offsets_is_search_fold(text):
    folded, offsets = search_fold_with_offsets(text)
    assert folded == search_fold(text)
    assert len(offsets) == len(folded) and offsets == sorted(offsets)
    assert all(0 <= o < len(text) for o in offsets)


def concordance(tmp_path, rows):
    for n, doc_rows in enumerate(rows):
        folder = tmp_path / f"doc{n}"
        folder.mkdir()
        write_alignment(folder / "alignment.json", alignment_from_rows(doc_rows, doc_id=f"doc{n}"))
    return Concordance(tmp_path, read_alignment, lambda: sorted(p.name for p in tmp_path.iterdir()))


ROWS = [[{"zh": "人工智能的全球治理。", "fr": "La gouvernance mondiale de l'IA.", "en": "Global governance of AI."},
         {"zh": "两国元首会晤。", "fr": "Les deux chefs d'État se rencontrent.", "en": "The two Heads of State meet."}],
        [{"zh": "数据安全很重要。", "fr": "La sécurité des données compte.", "en": "Data security matters."}]]


def test_exact_matches_ignore_case_accents_and_taiwan_forms_and_point_at_the_words(tmp_path):
    found = concordance(tmp_path, ROWS)
    (hit,) = found.search("人工智慧")  # Taiwan's word for 人工智能
    assert (hit.doc_id, hit.unit, hit.mode) == ("doc0", 0, "phrasing")
    (start, end), = hit.spans["zh"]
    assert hit.texts["zh"][start:end] == "人工智能"
    (hit,) = found.search("SECURITE DES")
    assert hit.doc_id == "doc1" and hit.texts["fr"][slice(*hit.spans["fr"][0])] == "sécurité des"


def test_pinyin_and_typos_find_units_and_nothing_is_found_for_nonsense(tmp_path):
    found = concordance(tmp_path, ROWS)
    assert [(h.doc_id, h.unit, h.mode) for h in found.search("shuju anquan")] == [("doc1", 0, "pinyin")]
    assert [(h.doc_id, h.mode) for h in found.search("governence")] == [("doc0", "fuzzy")]
    assert found.search("xylophone quartet") == [] and found.search("   ") == []


def test_a_rewritten_alignment_is_read_again(tmp_path):
    found = concordance(tmp_path, ROWS)
    assert found.search("rencontrent")
    write_alignment(tmp_path / "doc0" / "alignment.json", alignment_from_rows(ROWS[1], doc_id="doc0"))
    import os
    os.utime(tmp_path / "doc0" / "alignment.json", ns=(1, 10**18))
    assert found.search("rencontrent") == []
