"""TMX 1.4b export: validity, reproducibility, content and bad input."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import etree

import align
from align.errors import BadInputError, UsageError
from align.export import export_alignment, export_tmx
from align.formats.tmx import (
    EPOCH_DATE,
    PROP_BEAD,
    PROP_DOC_ID,
    PROP_SCORE,
    PROP_SENTENCE_IDS,
    PROP_SIGNATURE,
    PROP_UNIT,
    TmxSettings,
    TmxWriter,
    read_tmx,
    resolve_creation_date,
)
from support.alignments import (
    DOC_ID,
    GOLD_SIGNATURE,
    WriterConformance,
    gold_alignment,
    make_alignment,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DTD_PATH = FIXTURES / "schemas" / "tmx14.dtd"
NO_ENV: dict[str, str] = {}  # keeps SOURCE_DATE_EPOCH of the calling shell out of the tests


def shared_dir() -> Path:
    env = os.environ.get("TRIGLOT_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def dtd() -> etree.DTD:
    return etree.DTD(str(DTD_PATH))


def export(alignment, out: Path, settings: TmxSettings | None = None):
    return export_tmx(alignment, out, settings, environ=NO_ENV)


def read(path: Path):
    return read_tmx(path.read_bytes())


# --- validity and reproducibility ----------------------------------------------


def test_every_tmx_file_is_valid_against_the_tmx14_dtd(tmp_path, dtd):
    summary = export(gold_alignment(), tmp_path)
    names = sorted(f.path.name for f in summary.files)
    assert names == sorted(
        f"{DOC_ID}{suffix}.tmx" for suffix in ("", ".zh-fr", ".zh-en", ".fr-en")
    )
    for report in summary.files:
        tree = etree.parse(str(report.path))
        assert dtd.validate(tree), (report.path.name, dtd.error_log.filter_from_errors())


def test_fixture_dtd_is_the_shared_one():
    shared = shared_dir() / "schemas" / "tmx" / "tmx14.dtd"
    if not shared.exists():
        pytest.skip(f"{shared} not present (set TRIGLOT_SHARED to the shared folder)")
    assert DTD_PATH.read_bytes() == shared.read_bytes()


def test_rerun_writes_byte_identical_files(tmp_path):
    first = export_alignment(gold_alignment(), tmp_path / "a", environ=NO_ENV)
    second = export_alignment(gold_alignment(), tmp_path / "b", environ=NO_ENV)
    assert [f.path.name for f in first.files] == [f.path.name for f in second.files]
    assert len(first.files) == 10  # 4 TMX + 3 TSV + 2 XLIFF + 1 XLSX
    for a, b in zip(first.files, second.files):
        assert a.path.read_bytes() == b.path.read_bytes(), a.path.name


def test_file_starts_with_a_double_quoted_utf8_declaration_and_no_doctype(tmp_path):
    export(gold_alignment(), tmp_path)
    data = (tmp_path / f"{DOC_ID}.tmx").read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">')
    assert b"<!DOCTYPE" not in data


# --- header --------------------------------------------------------------------


def test_header_names_tool_version_segtype_languages_and_signature(tmp_path):
    export(gold_alignment(), tmp_path)
    tmx = read(tmp_path / f"{DOC_ID}.tmx")
    assert tmx.header == {
        "creationtool": "triglot",
        "creationtoolversion": align.__version__,
        "segtype": "sentence",
        "o-tmf": "triglot",
        "adminlang": "en",
        "srclang": "zh-CN",
        "datatype": "plaintext",
        "creationdate": EPOCH_DATE,
    }
    assert (PROP_DOC_ID, DOC_ID) in tmx.header_props
    assert (PROP_SIGNATURE, GOLD_SIGNATURE) in tmx.header_props


def test_creation_date_comes_from_settings_then_source_date_epoch_then_epoch():
    assert resolve_creation_date("2024-05-06", {"SOURCE_DATE_EPOCH": "0"}) == "20240506T000000Z"
    assert resolve_creation_date("20240506T120000Z", {}) == "20240506T120000Z"
    assert resolve_creation_date(None, {"SOURCE_DATE_EPOCH": "1715000000"}) == "20240506T125320Z"
    assert resolve_creation_date(None, {}) == EPOCH_DATE


def test_creation_date_setting_reaches_the_header(tmp_path):
    export(gold_alignment(), tmp_path, TmxSettings(creation_date="2024-05-06"))
    assert read(tmp_path / f"{DOC_ID}.zh-fr.tmx").header["creationdate"] == "20240506T000000Z"


@pytest.mark.parametrize("bad", ["yesterday", "2024-13-01", "20240506"])
def test_malformed_creation_date_is_a_usage_error(bad):
    with pytest.raises(UsageError, match="creation date"):
        TmxSettings(creation_date=bad)


def test_malformed_source_date_epoch_is_a_usage_error():
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        resolve_creation_date(None, {"SOURCE_DATE_EPOCH": "soon"})


def test_language_tags_and_source_language_are_configurable(tmp_path):
    settings = TmxSettings(
        srclang="fr", lang_tags={"zh": "zh-Hans", "fr": "fr-CA", "en": "en-US"}, adminlang="fr"
    )
    export(gold_alignment(), tmp_path, settings)
    multi = read(tmp_path / f"{DOC_ID}.tmx")
    assert multi.header["srclang"] == "fr-CA"
    assert multi.header["adminlang"] == "fr"
    assert [v.lang for v in multi.units[0].variants] == ["fr-CA", "zh-Hans", "en-US"]
    pair = read(tmp_path / f"{DOC_ID}.zh-fr.tmx")
    assert pair.header["srclang"] == "fr-CA"
    assert [v.lang for v in pair.units[0].variants] == ["fr-CA", "zh-Hans"]
    # fr is not in zh-en: that file keeps the pair's own order
    assert read(tmp_path / f"{DOC_ID}.zh-en.tmx").header["srclang"] == "zh-Hans"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"lang_tags": {"zh": "zh CN", "fr": "fr-FR", "en": "en-GB"}},
        {"srclang": "de"},
        {"adminlang": ""},
        {"pairs": (("zh", "zh"),)},
    ],
)
def test_nonsense_settings_are_usage_errors(kwargs):
    with pytest.raises(UsageError):
        TmxSettings(**kwargs)


# --- units -----------------------------------------------------------------------


def test_units_carry_document_id_sentence_ids_bead_shape_and_score(tmp_path):
    alignment = make_alignment(
        {"zh": ["甲。", "乙。", "丙。"], "fr": ["A.", "B."], "en": ["A.", "B."]},
        [{"zh": [0], "fr": [0], "en": [0]}, {"zh": [1, 2], "fr": [1], "en": [1]}],
        scores=[0.876549, 0.25],
    )
    export(alignment, tmp_path)
    units = read(tmp_path / "doc.tmx").units
    second = units[1]
    assert second.prop(PROP_DOC_ID) == "doc"
    assert second.prop(PROP_UNIT) == "u1"
    assert second.prop(PROP_BEAD) == "2-1-1"
    assert second.prop(PROP_SCORE) == "0.2500"
    assert units[0].prop(PROP_SCORE) == "0.8765"
    assert [dict(v.props)[PROP_SENTENCE_IDS] for v in second.variants] == ["1,2", "1", "1"]


def test_n_m_beads_join_sentences_without_space_in_zh_and_with_space_in_fr_en(tmp_path):
    alignment = gold_alignment()
    zh, fr, en = (alignment.texts[lang].texts for lang in ("zh", "fr", "en"))
    export(alignment, tmp_path)
    units = read(tmp_path / f"{DOC_ID}.tmx").units
    # unit zh 8-9 / fr 10 / en 9-10
    unit = next(u for u in units if u.text("fr-FR") == fr[10])
    assert unit.text("zh-CN") == zh[8] + zh[9]
    assert unit.text("en-GB") == en[9] + " " + en[10]
    # unit zh 6 / fr 6-7 / en 6-7
    unit = next(u for u in units if u.text("zh-CN") == zh[6])
    assert unit.text("fr-FR") == fr[6] + " " + fr[7]


def test_empty_side_beads_are_left_out_and_counted(tmp_path):
    alignment = make_alignment(
        {"zh": ["甲。", "乙。", "丙。"], "fr": ["A.", "B.", "C."], "en": ["A.", "B."]},
        [
            {"zh": [0], "fr": [0], "en": [0]},
            {"zh": [1], "fr": [], "en": []},  # 1-0-0: only Chinese
            {"zh": [2], "fr": [1], "en": [1]},
            {"zh": [], "fr": [2], "en": []},  # 0-1-0: only French
        ],
        pairs={("zh", "fr"): [([0], [0], 0.9), ([1], [], 0.0), ([2], [1], 0.8), ([], [2], 0.0)]},
    )
    summary = export(alignment, tmp_path)
    by_name = {f.path.name: f for f in summary.files}
    assert (by_name["doc.tmx"].units, by_name["doc.tmx"].omitted) == (2, 2)
    assert (by_name["doc.zh-fr.tmx"].units, by_name["doc.zh-fr.tmx"].omitted) == (2, 2)
    assert (by_name["doc.zh-en.tmx"].units, by_name["doc.zh-en.tmx"].omitted) == (2, 1)
    assert summary.omitted == 2 + 2 + 1 + 1  # fr-en: the French-only unit
    assert [u.text("zh-CN") for u in read(tmp_path / "doc.zh-fr.tmx").units] == ["甲。", "丙。"]


def test_bilingual_files_use_pairwise_beads_when_present(tmp_path):
    alignment = gold_alignment()
    zh, fr = alignment.texts["zh"].texts, alignment.texts["fr"].texts
    export(alignment, tmp_path / "pairs")
    units = read(tmp_path / "pairs" / f"{DOC_ID}.zh-fr.tmx").units
    assert len(units) == 23  # the gold zh-fr beads
    assert any(u.text("zh-CN") == zh[12] and u.text("fr-FR") == fr[13] for u in units)

    export(gold_alignment(with_pairs=False), tmp_path / "units")
    units = read(tmp_path / "units" / f"{DOC_ID}.zh-fr.tmx").units
    assert len(units) == 22  # projected trilingual units
    assert any(
        u.text("zh-CN") == zh[12] + zh[13] and u.text("fr-FR") == fr[13] + " " + fr[14] for u in units
    )


def test_reversed_pair_beads_are_turned_round(tmp_path):
    alignment = make_alignment(
        {"zh": ["甲。", "乙。"], "fr": ["A.", "B."]},
        [{"zh": [0, 1], "fr": [0, 1]}],
        pairs={("fr", "zh"): [([0], [1], 0.5), ([1], [0], 0.5)]},
    )
    export(alignment, tmp_path, TmxSettings(pairs=(("zh", "fr"),)))
    units = read(tmp_path / "doc.zh-fr.tmx").units
    assert [(u.text("zh-CN"), u.text("fr-FR")) for u in units] == [("乙。", "A."), ("甲。", "B.")]


# --- XML safety ------------------------------------------------------------------


def test_special_characters_survive_write_and_read_back(tmp_path):
    zh = ["“智能向善”&<>'\"。", "𠀀𪚥扩展区字。"]  # U+20000 and U+2A6A5: CJK Extension B
    fr = ["« L'IA » & <balise> \"citée\" 'ici'.", "Œuvre 🤖 e\u0301 fin\u00a0!"]
    alignment = make_alignment({"zh": zh, "fr": fr}, [{"zh": [0], "fr": [0]}, {"zh": [1], "fr": [1]}])
    summary = export(alignment, tmp_path, TmxSettings(pairs=(("zh", "fr"),)))
    assert summary.cleaned_chars == 0
    data = (tmp_path / "doc.zh-fr.tmx").read_bytes()
    assert "𠀀".encode() in data and b"&#" not in data  # astral characters as UTF-8, not references
    assert b"&amp;" in data and b"&lt;balise&gt;" in data
    units = read_tmx(data).units
    assert [(u.text("zh-CN"), u.text("fr-FR")) for u in units] == list(zip(zh, fr))


def test_control_characters_are_removed_and_reported(tmp_path, dtd):
    zh = ["甲\x00乙\x1b。", "丙。"]
    fr = ["A\x0bB\x0cC\x07.", "D."]
    alignment = make_alignment({"zh": zh, "fr": fr}, [{"zh": [0], "fr": [0]}, {"zh": [1], "fr": [1]}])
    summary = export(alignment, tmp_path, TmxSettings(pairs=()))
    report = summary.files[0]
    assert report.cleaned_chars == 5
    assert report.cleaned_units == ("u0",)
    assert dtd.validate(etree.parse(str(report.path)))
    unit = read(report.path).units[0]
    # vertical tab and form feed become spaces; other controls are dropped
    assert (unit.text("zh-CN"), unit.text("fr-FR")) == ("甲乙。", "A B C.")


def test_writer_never_builds_xml_by_hand():
    # The tree is built with lxml: a text that looks like markup stays text.
    from align.formats.base import TmDocument, TmUnit, TmVariant

    trap = "</seg></tuv><tuv xml:lang=\"xx\"><seg>injected"
    document = TmDocument(
        "doc", ("zh", "fr"), (TmUnit("b0", (TmVariant("zh", trap, (0,)), TmVariant("fr", "x", (0,))), 1.0),)
    )
    data = TmxWriter(TmxSettings(), EPOCH_DATE).render(document).data
    unit = read_tmx(data).units[0]
    assert [v.lang for v in unit.variants] == ["zh-CN", "fr-FR"]
    assert unit.text("zh-CN") == trap


class TestTmxWriterConformance(WriterConformance):
    def make_writer(self):
        return TmxWriter(TmxSettings(), EPOCH_DATE)

    def read_back(self, data):
        return [(u.text("zh-CN"), u.text("fr-FR")) for u in read_tmx(data).units]


# --- bad input -------------------------------------------------------------------


def test_missing_language_writes_the_pairs_it_can_and_says_what_is_missing(tmp_path, dtd):
    summary = export(gold_alignment(languages=("zh", "fr")), tmp_path)
    assert sorted(f.path.name for f in summary.files) == [f"{DOC_ID}.tmx", f"{DOC_ID}.zh-fr.tmx"]
    assert summary.missing_languages == ("en",)
    assert summary.skipped == (
        f"{DOC_ID}.zh-en.tmx not written: no en text",
        f"{DOC_ID}.fr-en.tmx not written: no en text",
    )
    multi = read(tmp_path / f"{DOC_ID}.tmx")
    assert any("No en version" in note for note in multi.header_notes)
    assert {v.lang for u in multi.units for v in u.variants} == {"zh-CN", "fr-FR"}
    assert dtd.validate(etree.parse(str(tmp_path / f"{DOC_ID}.tmx")))


def test_missing_source_language_falls_back_to_the_next_language(tmp_path):
    export(gold_alignment(languages=("fr", "en")), tmp_path)
    assert read(tmp_path / f"{DOC_ID}.tmx").header["srclang"] == "fr-FR"
    assert (tmp_path / f"{DOC_ID}.fr-en.tmx").exists()


def test_a_single_language_is_bad_input(tmp_path):
    with pytest.raises(BadInputError, match="need two language versions"):
        export(gold_alignment(languages=("zh",)), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_unwritable_output_directory_is_bad_input(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the output folder should be")
    with pytest.raises(BadInputError, match="cannot write"):
        export(gold_alignment(), blocker / "out")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_output_directory_is_bad_input(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        with pytest.raises(BadInputError, match="cannot write"):
            export(gold_alignment(), out)
        assert list(out.iterdir()) == []
    finally:
        out.chmod(0o700)


def test_failed_write_leaves_no_partial_or_temporary_file(tmp_path):
    # A directory squatting on the zh-fr file name makes that rename fail.
    (tmp_path / f"{DOC_ID}.zh-fr.tmx").mkdir()
    with pytest.raises(BadInputError, match=f"{DOC_ID}.zh-fr.tmx"):
        export(gold_alignment(), tmp_path)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    assert not (tmp_path / f"{DOC_ID}.zh-en.tmx").exists()  # nothing after the failure


def test_sentence_id_outside_the_text_is_bad_input(tmp_path):
    alignment = make_alignment({"zh": ["甲。"], "fr": ["A."]}, [{"zh": [0], "fr": [3]}])
    with pytest.raises(BadInputError, match="fr sentence 3"):
        export(alignment, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_document_id_that_is_a_path_is_bad_input(tmp_path):
    alignment = make_alignment({"zh": ["甲。"], "fr": ["A."]}, [{"zh": [0], "fr": [0]}], doc_id="../x")
    with pytest.raises(BadInputError, match="file name"):
        export(alignment, tmp_path)


def test_reader_refuses_what_is_not_tmx():
    with pytest.raises(BadInputError, match="root element"):
        read_tmx(b"<xliff/>")
    with pytest.raises(BadInputError, match="well-formed"):
        read_tmx(b"<tmx><header>")
