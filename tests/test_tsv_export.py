"""TSV export: source<TAB>target<TAB>score, one unit a line, as LF Aligner users expect."""
from __future__ import annotations

import pytest

from align.errors import BadInputError
from align.export import export_tsv
from align.formats.tsv import TsvSettings, TsvWriter
from support.alignments import DOC_ID, WriterConformance, gold_alignment, make_alignment


def rows(data: bytes) -> list[list[str]]:
    return [line.split("\t") for line in data.decode("utf-8").split("\n")[:-1]]


def test_each_pair_gets_a_file_of_source_target_score_rows(tmp_path):
    alignment = gold_alignment()
    summary = export_tsv(alignment, tmp_path)
    assert [f.path.name for f in summary.files] == [
        f"{DOC_ID}.zh-fr.tsv", f"{DOC_ID}.zh-en.tsv", f"{DOC_ID}.fr-en.tsv"
    ]
    table = rows((tmp_path / f"{DOC_ID}.zh-fr.tsv").read_bytes())
    assert len(table) == 23 and all(len(row) == 3 for row in table)
    zh, fr = alignment.texts["zh"].texts, alignment.texts["fr"].texts
    assert table[0] == [zh[0], fr[0], "1.0000"]
    # the 2-1 bead zh 8-9 → fr 10, joined without a space in Chinese
    assert [zh[8] + zh[9], fr[10], "1.0000"] in table


def test_file_is_utf8_without_bom_with_lf_line_ends(tmp_path):
    export_tsv(gold_alignment(), tmp_path)
    data = (tmp_path / f"{DOC_ID}.fr-en.tsv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in data and data.endswith(b"\n")
    data.decode("utf-8")


def test_tabs_and_line_breaks_inside_text_become_spaces_and_are_counted(tmp_path):
    alignment = make_alignment(
        {"zh": ["甲\t乙。", "丙\n丁。"], "fr": ["A\r\nB.", "C\u2028D\x00."]},
        [{"zh": [0], "fr": [0]}, {"zh": [1], "fr": [1]}],
        scores=[0.5, 0.25],
    )
    summary = export_tsv(alignment, tmp_path, TsvSettings(pairs=(("zh", "fr"),)))
    assert summary.files[0].cleaned_chars == 6
    assert rows((tmp_path / "doc.zh-fr.tsv").read_bytes()) == [
        ["甲 乙。", "A  B.", "0.5000"],
        ["丙 丁。", "C D.", "0.2500"],
    ]


def test_header_row_is_optional(tmp_path):
    export_tsv(gold_alignment(), tmp_path, TsvSettings(header=True, pairs=(("fr", "en"),)))
    assert rows((tmp_path / f"{DOC_ID}.fr-en.tsv").read_bytes())[0] == ["fr", "en", "score"]


def test_source_language_setting_chooses_the_first_column(tmp_path):
    alignment = gold_alignment()
    export_tsv(alignment, tmp_path, TsvSettings(srclang="fr", pairs=(("zh", "fr"),)))
    first = rows((tmp_path / f"{DOC_ID}.zh-fr.tsv").read_bytes())[0]
    assert first[:2] == [alignment.texts["fr"].texts[0], alignment.texts["zh"].texts[0]]


def test_missing_language_skips_its_pairs(tmp_path):
    summary = export_tsv(gold_alignment(languages=("zh", "en")), tmp_path)
    assert [f.path.name for f in summary.files] == [f"{DOC_ID}.zh-en.tsv"]
    assert len(summary.skipped) == 2 and summary.missing_languages == ("fr",)


def test_unwritable_output_directory_is_bad_input(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(BadInputError, match="cannot write"):
        export_tsv(gold_alignment(), tmp_path / "file" / "out")


class TestTsvWriterConformance(WriterConformance):
    def make_writer(self):
        return TsvWriter()

    def read_back(self, data):
        return [(src, tgt) for src, tgt, _score in rows(data)]
