"""XLIFF 1.2 and XLSX exports: the strict OASIS schema, the spreadsheet as openpyxl reads it,
flags marked in every format, and the creation date the documents give themselves."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import etree

from align.export import document_date, export_alignment
from align.formats.base import TmFlag
from align.formats.tmx import read_tmx
from support.alignments import DOC_ID, alignment_from_rows, gold_alignment

SCHEMAS = Path(__file__).resolve().parent / "fixtures" / "schemas" / "xliff"
XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}"
NO_ENV: dict = {}


class _LocalXmlNamespace(etree.Resolver):
    """The XLIFF schema imports http://www.w3.org/2001/xml.xsd: the local copy, never the network."""

    def resolve(self, url, pubid, context):
        if url.endswith("xml.xsd"):
            return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
        return None


def strict_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalXmlNamespace())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-core-1.2-strict.xsd"), parser))


def test_fixture_schemas_are_the_shared_ones():
    shared = Path(os.environ.get("TRIGLOT_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "schemas" / "xliff"
    if not shared.exists():
        pytest.skip(f"{shared} not present")
    for name in ("xliff-core-1.2-strict.xsd", "xml.xsd"):
        assert (SCHEMAS / name).read_bytes() == (shared / name).read_bytes()


@pytest.fixture
def exported(tmp_path):
    alignment = gold_alignment()
    flags = {2: (TmFlag("number", ("zh", "fr"), "fr differs: zh “2024年5月5日至7日” vs fr “6 au 7 mai 2024”"),)}
    summary = export_alignment(alignment, tmp_path, environ=NO_ENV, flags=flags)
    return alignment, tmp_path, summary


def test_one_xliff_per_target_language_valid_against_the_strict_schema(exported):
    _, out, summary = exported
    files = sorted(f.path.name for f in summary.files if f.format == "xliff")
    assert files == [f"{DOC_ID}.zh-en.xlf", f"{DOC_ID}.zh-fr.xlf"]
    schema = strict_schema()
    for name in files:
        document = etree.parse(str(out / name))
        assert schema.validate(document), schema.error_log
        file_ = document.getroot().find(f"{XLIFF}file")
        assert file_.get("source-language") == "zh-CN" and file_.get("original") == DOC_ID


def test_a_flagged_bead_needs_review_and_says_why(exported):
    _, out, _ = exported
    root = etree.parse(str(out / f"{DOC_ID}.zh-fr.xlf")).getroot()
    units = root.iter(f"{XLIFF}trans-unit")
    flagged = [u for u in units if u.find(f"{XLIFF}target").get("state") == "needs-review-translation"]
    assert flagged and all("6 au 7 mai 2024" in u.find(f"{XLIFF}note").text for u in flagged)
    en = etree.parse(str(out / f"{DOC_ID}.zh-en.xlf")).getroot()  # the flag concerns zh-fr only
    assert all(t.get("state") == "translated" for t in en.iter(f"{XLIFF}target"))


def test_a_flagged_unit_carries_a_prop_and_a_note_in_the_tmx(exported):
    _, out, _ = exported
    read = read_tmx((out / f"{DOC_ID}.tmx").read_bytes())
    flagged = [u for u in read.units if u.prop("x-triglot-flag")]
    assert [u.prop("x-triglot-unit") for u in flagged] == ["u2"]
    assert b"<note>triglot: check this unit (number, zh-fr): fr differs" in (out / f"{DOC_ID}.tmx").read_bytes()
    dtd = etree.DTD(str(SCHEMAS.parent / "tmx14.dtd"))
    assert dtd.validate(etree.parse(str(out / f"{DOC_ID}.tmx")))


def test_the_spreadsheet_reopens_with_every_unit_frozen_header_and_text_not_formulas(tmp_path):
    from openpyxl import load_workbook

    rows = [{"zh": "第一句。", "fr": "=SUM(A1:A3)", "en": "First."}, {"zh": "第二句。", "fr": "Deux.", "en": "Second."}]
    alignment = alignment_from_rows(rows, doc_id="sheet")
    export_alignment(alignment, tmp_path, environ=NO_ENV, flags={1: (TmFlag("omission", ("zh", "en"), "en lacks x"),)})
    book = load_workbook(tmp_path / "sheet.xlsx")
    sheet = book.active
    assert [c.value for c in sheet[1]] == ["unit", "zh", "fr", "en", "confidence", "sentences", "flags"]
    assert sheet.freeze_panes == "A2" and sheet.max_row == 3
    formula_cell = sheet["C2"]
    assert formula_cell.value == "=SUM(A1:A3)" and formula_cell.data_type == "s"
    assert sheet["G3"].value == "omission (zh-en): en lacks x" and sheet["B2"].alignment.wrap_text


def test_the_creation_date_is_the_documents_own_unless_set(tmp_path):
    alignment = gold_alignment()
    assert document_date(alignment) == "20240507T000000Z"  # the visit of 5 to 7 May 2024
    export_alignment(alignment, tmp_path / "a", environ=NO_ENV)
    assert read_tmx((tmp_path / "a" / f"{DOC_ID}.tmx").read_bytes()).header["creationdate"] == "20240507T000000Z"
    assert b'date="2024-05-07T00:00:00Z"' in (tmp_path / "a" / f"{DOC_ID}.zh-fr.xlf").read_bytes()
    export_alignment(alignment, tmp_path / "b", environ={"SOURCE_DATE_EPOCH": "1700000000"})
    assert read_tmx((tmp_path / "b" / f"{DOC_ID}.tmx").read_bytes()).header["creationdate"] == "20231114T221320Z"
    undated = alignment_from_rows([{"zh": "你好。", "fr": "Bonjour.", "en": "Hello."}], doc_id="undated")
    assert document_date(undated) is None


def test_the_schema_check_catches_a_broken_file(exported):
    _, out, _ = exported
    document = etree.parse(str(out / f"{DOC_ID}.zh-fr.xlf"))
    unit = next(document.getroot().iter(f"{XLIFF}trans-unit"))
    del unit.attrib["id"]
    unit.find(f"{XLIFF}target").set("state", "bogus")
    assert not strict_schema().validate(document)
