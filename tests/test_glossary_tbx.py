"""TBX-Basic export and import: schema validity, byte-identical round trip, bad files."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from align.errors import BadInputError
from glossary.models import Context, TermEntry
from glossary.store import GlossaryStore
from glossary.tabular import read_table
from glossary.tbx import TBX_NS, export_tbx, parse_tbx, read_tbx, tbx_bytes

FIXTURES = Path(__file__).parent / "fixtures"
SCHEMAS = FIXTURES / "schemas" / "tbx"
SIGNATURE = "triglot:0.1.0|glossary:test"
NS = {"tbx": TBX_NS}


def rich_entries() -> list[TermEntry]:
    """Entries using every field: statuses, variants, contexts, XML-special characters."""
    seed = list(read_table(FIXTURES / "glossary" / "seed-termbase.tsv").entries)
    return seed + [
        TermEntry(terms={"zh": "数据安全", "fr": "sécurité des données", "en": "data security",
                         "es": "seguridad de los datos"},
                  variants={"en": ("security of data", "data safety")}, status="approved",
                  confidence=0.87306, frequency=7,
                  contexts=(Context(texts={"zh": "维护数据安全。", "fr": "Préserver la « sécurité des données ».",
                                           "en": 'Keep "data security" & <privacy>.'},
                                    segment_ids={"zh": (12, 13), "fr": (12,), "en": (12,)}),
                            Context(texts={"fr": "Seulement en français."}, segment_ids={"fr": (20,)}),
                            Context(texts={"zh": "第三例。", "en": "Third."})),
                  source="ai-governance-2024", note="line one\nline two & <three>",
                  occurrences={"ai-governance-2024": 5, "déclaration « 2 »": 2}),
        TermEntry(terms={"en": "Only English"}, status="rejected"),
    ]


@pytest.fixture
def store(tmp_path):
    with GlossaryStore(tmp_path / "glossary.db", create=True) as opened:
        opened.import_entries(rich_entries())
        yield opened


def export_bytes(store, **kw) -> bytes:
    return tbx_bytes(store.entries(), signature=SIGNATURE, **kw)


def test_export_is_valid_against_the_tbx_core_relaxng(store):
    schema = etree.RelaxNG(etree.parse(str(SCHEMAS / "TBXcoreStructV03.rng")))
    document = etree.fromstring(export_bytes(store))
    assert schema.validate(document), schema.error_log


def test_export_is_valid_against_the_tbx_basic_integrated_relaxng(store):
    schema = etree.RelaxNG(etree.parse(str(SCHEMAS / "TBXcoreStructV03_TBX-Basic_integrated.rng")))
    document = etree.fromstring(export_bytes(store))
    assert schema.validate(document), schema.error_log


def test_relaxng_check_catches_a_broken_structure(store):
    schema = etree.RelaxNG(etree.parse(str(SCHEMAS / "TBXcoreStructV03.rng")))
    document = etree.fromstring(export_bytes(store))
    term = document.find(".//tbx:term", NS)
    term.getparent().remove(term)  # a termSec without its term
    assert not schema.validate(document)


# ------------------------------------------------ TBX-Basic DCA Schematron rules
SCH = "http://purl.oclc.org/dsdl/schematron"


def schematron_failures(document, sch_path: Path) -> list[str]:
    """Evaluate an XPath-2 Schematron (queryBinding xslt2) with elementpath.

    lxml's isoschematron only knows XPath 1, and the TBX-Basic rules use XPath 2.
    Within a pattern, a node is checked by the first rule whose context matches it,
    as Schematron specifies.
    """
    elementpath = pytest.importorskip("elementpath")
    sch = etree.parse(str(sch_path))
    namespaces = {ns.get("prefix"): ns.get("uri") for ns in sch.iter(f"{{{SCH}}}ns")}
    parser = elementpath.XPath2Parser(namespaces=namespaces)
    tree = etree.ElementTree(document)
    failures = []
    for pattern in sch.iter(f"{{{SCH}}}pattern"):
        fired: set[str] = set()
        for rule in pattern.iter(f"{{{SCH}}}rule"):
            selector = parser.parse("//" + rule.get("context"))
            for node in selector.select(elementpath.XPathContext(tree)):
                if node.path in fired:
                    continue
                fired.add(node.path)
                for check in rule.iter(f"{{{SCH}}}assert"):
                    test = parser.parse(check.get("test"))
                    if not test.boolean_value(test.evaluate(elementpath.XPathContext(tree, item=node))):
                        failures.append(f"{node.path}: {(check.text or '').strip()}")
    return failures


def test_export_follows_the_tbx_basic_dca_dialect_rules(store):
    assert schematron_failures(etree.fromstring(export_bytes(store)),
                               SCHEMAS / "TBX-Basic_DCA.sch") == []


def test_dialect_check_accepts_the_reference_example_and_catches_violations(store):
    example = etree.parse(str(SCHEMAS / "Example_Astronomy_DCA_VALID.tbx")).getroot()
    for extra in example.findall(".//tbx:conceptEntry", NS)[3:]:  # the whole file takes minutes
        extra.getparent().remove(extra)
    assert schematron_failures(example, SCHEMAS / "TBX-Basic_DCA.sch") == []
    document = etree.fromstring(export_bytes(store))
    document.find(".//tbx:termNote", NS).text = "approved"  # not a TBX-Basic value
    document.find(".//tbx:descrip", NS).set("type", "example")  # not a TBX-Basic category
    failures = schematron_failures(document, SCHEMAS / "TBX-Basic_DCA.sch")
    assert any("administrativeStatus" in f for f in failures)
    assert any("subjectField, context, definition" in f for f in failures)


# ------------------------------------------------------------------- round trip
def test_export_import_export_is_byte_identical(store, tmp_path):
    first = tmp_path / "first.tbx"
    second = tmp_path / "second.tbx"
    export_tbx(store.entries(), first, signature=SIGNATURE)
    with GlossaryStore(tmp_path / "copy.db", create=True) as copy:
        parsed = read_tbx(first)
        copy.import_entries(parsed.entries)
        assert parsed.signature == SIGNATURE
        export_tbx(copy.entries(), second, signature=parsed.signature)
        assert copy.entries() == [_rounded(e) for e in store.entries()]
    assert first.read_bytes() == second.read_bytes()


def _rounded(entry: TermEntry) -> TermEntry:
    from dataclasses import replace

    return replace(entry, confidence=round(entry.confidence, 4))


def test_round_trip_keeps_status_confidence_variants_and_contexts(store):
    parsed = parse_tbx(export_bytes(store))
    (security,) = [e for e in parsed.entries if e.terms.get("zh") == "数据安全"]
    assert security.status == "approved" and security.confidence == 0.8731
    assert security.frequency == 7 and security.source == "ai-governance-2024"
    assert security.occurrences == {"ai-governance-2024": 5, "déclaration « 2 »": 2}
    assert security.variants == {"en": ("security of data", "data safety")}
    assert security.terms["es"] == "seguridad de los datos"
    assert security.contexts[0].segment_ids == {"zh": (12, 13), "fr": (12,), "en": (12,)}
    assert security.contexts[0].texts["en"] == 'Keep "data security" & <privacy>.'
    assert security.contexts[1].texts == {"fr": "Seulement en français."}
    assert security.note == "line one\nline two & <three>"
    statuses = {e.terms.get("zh", e.terms.get("en")): e.status for e in parsed.entries}
    assert statuses["可持续发展"] == "rejected" and statuses["互操作性"] == "candidate"


def test_export_writes_statuses_as_tbx_administrative_status(store):
    document = etree.fromstring(export_bytes(store))
    def status_of(term):
        notes = document.xpath(f"//tbx:termSec[tbx:term='{term}']/tbx:termNote"
                               "[@type='administrativeStatus']", namespaces=NS)
        return notes[0].text if notes else None
    assert status_of("人工智能") == "preferredTerm-admn-sts"
    # a candidate nobody vetted is neither preferred nor admitted: no status, and its note says so
    assert status_of("互操作性") is None
    (concept,) = document.xpath("//tbx:conceptEntry[.//tbx:term='互操作性']", namespaces=NS)
    assert any(n.text.startswith("triglot: status=candidate; ") for n in concept.findall("tbx:note", NS))
    assert status_of("可持续发展") == "deprecatedTerm-admn-sts"


def test_an_entry_marked_candidate_stays_one_whatever_the_import_default(store):
    parsed = parse_tbx(export_bytes(store), default_status="approved")
    statuses = {e.terms.get("zh", e.terms.get("en")): e.status for e in parsed.entries}
    assert statuses["互操作性"] == "candidate" and statuses["人工智能"] == "approved"


def test_header_carries_the_signature_and_languages_use_configured_tags(store):
    document = etree.fromstring(export_bytes(store, lang_tags={"zh": "zh-Hant", "fr": "fr-FR", "en": "en"}))
    assert document.get("type") == "TBX-Basic" and document.get("style") == "dca"
    assert document.findtext(".//tbx:sourceDesc/tbx:p", namespaces=NS) == SIGNATURE
    tags = {el.get("{http://www.w3.org/XML/1998/namespace}lang") for el in document.iter(f"{{{TBX_NS}}}langSec")}
    assert tags == {"zh-Hant", "fr-FR", "en", "es"}
    default = etree.fromstring(export_bytes(store))
    assert {el.get("{http://www.w3.org/XML/1998/namespace}lang")
            for el in default.iter(f"{{{TBX_NS}}}langSec")} == {"zh-Hans", "fr", "en", "es"}
    # reading back with the same tags gives the codes again
    parsed = parse_tbx(export_bytes(store, lang_tags={"zh": "zh-Hant", "fr": "fr-FR", "en": "en"}),
                       lang_tags={"zh": "zh-Hant", "fr": "fr-FR", "en": "en"})
    assert {lang for e in parsed.entries for lang in e.terms} == {"zh", "fr", "en", "es"}


def test_an_empty_glossary_exports_a_valid_document(tmp_path):
    schema = etree.RelaxNG(etree.parse(str(SCHEMAS / "TBXcoreStructV03.rng")))
    data = tbx_bytes([], signature=SIGNATURE)
    assert schema.validate(etree.fromstring(data)), schema.error_log
    assert parse_tbx(data).entries == ()


def test_export_is_deterministic(store):
    assert export_bytes(store) == export_bytes(store)


# ---------------------------------------------------------- files from elsewhere
def test_imports_the_reference_tbx_basic_example(tmp_path):
    parsed = read_tbx(SCHEMAS / "Example_Astronomy_DCA_VALID.tbx")
    assert len(parsed.entries) > 20
    first = parsed.entries[0]
    assert first.terms["en"] == "open cluster" and first.variants["en"] == ("galactic cluster",)
    assert first.terms["es"] == "cúmulo abierto"
    assert first.contexts[0].texts["en"].startswith("Over 1100 open clusters")
    with GlossaryStore(tmp_path / "g.db", create=True) as store:
        store.import_entries(parsed.entries)
        assert store.count() == len(parsed.entries)


def test_imports_tbx_v2_martif_files():
    data = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en">
  <martifHeader><fileDesc><sourceDesc><p>from a CAT tool</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="e1">
      <langSet xml:lang="zh-CN"><tig><term>數字鴻溝</term>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet>
      <langSet xml:lang="fr-FR"><ntig><termGrp><term>fracture numérique</term></termGrp></ntig></langSet>
    </termEntry>
  </body></text>
</martif>""".encode()
    parsed = parse_tbx(data)
    assert parsed.signature == "from a CAT tool"
    (entry,) = parsed.entries
    assert entry.terms == {"zh": "數字鴻溝", "fr": "fracture numérique"}
    assert entry.status == "approved" and entry.entry_id == "e1"


# -------------------------------------------------------------------- bad input
BROKEN = """<?xml version="1.0" encoding="UTF-8"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">
  <tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
  <text>
    <body>
      <conceptEntry id="a1">
        <langSec xml:lang="en"><termSec><term>first entry</term></termSec></langSec>
      </conceptEntry>
      <conceptEntry id="a2">
        <langSec xml:lang="en"><termSec><term>second entry</termSec></langSec>
      </conceptEntry>
    </body>
  </text>
</tbx>
"""


def test_a_broken_tbx_file_names_its_line_and_imports_nothing(store, tmp_path):
    from glossary.exchange import import_glossary

    path = tmp_path / "broken.tbx"
    path.write_text(BROKEN, encoding="utf-8")
    before = store.entries()
    with pytest.raises(BadInputError) as caught:
        import_glossary(store, path)
    message = str(caught.value)
    assert "broken.tbx" in message and "line 10" in message and "not well-formed" in message
    assert store.entries() == before


@pytest.mark.parametrize("body, line, words", [
    ('<conceptEntry id="a"><langSec xml:lang="en"><termSec><term>ok</term></termSec></langSec>'
     '</conceptEntry>\n<conceptEntry id="b">\n<langSec xml:lang="en"><termSec><term> </term>'
     '</termSec></langSec></conceptEntry>', 8, "empty"),
    ('<conceptEntry id="a">\n<langSec><termSec><term>x</term></termSec></langSec></conceptEntry>',
     7, "without xml:lang"),
    ('<conceptEntry id="a">\n</conceptEntry>', 6, "no <langSec>"),
    ('<conceptEntry id="a"><langSec xml:lang="en"><termSec><term>x</term></termSec></langSec>'
     '</conceptEntry>\n<conceptEntry id="a"><langSec xml:lang="en"><termSec><term>y</term>'
     '</termSec></langSec></conceptEntry>', 7, "already used on line 6"),
    ('<conceptEntry id="a"><langSec xml:lang="en"><termSec><term>x</term>\n'
     '<termNote type="administrativeStatus">approvedTerm</termNote></termSec></langSec>'
     '</conceptEntry>', 7, "unknown administrativeStatus"),
    ('<termEntry id="a">\n</termEntry>\n<glossEntry/>', 6, "no <langSec>"),
])
def test_structural_errors_name_their_line(body, line, words):
    data = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">\n'
            '<tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>\n'
            '<text>\n<body>\n' + body + '\n</body>\n</text>\n</tbx>\n').encode()
    with pytest.raises(BadInputError) as caught:
        parse_tbx(data, "t.tbx")
    assert f"t.tbx, line {line}:" in str(caught.value)
    assert words in str(caught.value)


def test_a_non_tbx_xml_file_is_refused():
    with pytest.raises(BadInputError, match="line 1: not a TBX file"):
        parse_tbx(b"<html><body/></html>", "page.tbx")


def test_entity_expansion_is_not_performed():
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">
<tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
<text><body><conceptEntry id="a"><langSec xml:lang="en"><termSec><term>&b;</term></termSec>
</langSec></conceptEntry></body></text></tbx>"""
    try:
        parsed = parse_tbx(bomb)
    except BadInputError:
        return  # refusing the file is fine too
    assert "aaaaaaaaaa" not in parsed.entries[0].terms.get("en", "")


def test_definition_and_domain_go_to_tbx_basic_descrips_and_come_back(tmp_path):
    from dataclasses import replace

    with GlossaryStore(tmp_path / "g.db", create=True) as store:
        store.import_entries(rich_entries())
        entry = store.entries()[0]
        store.update(replace(entry, definition="What the concept is & <why>.", domain="law"))
        data = export_bytes(store)
        document = etree.fromstring(data)
        assert schematron_failures(document, SCHEMAS / "TBX-Basic_DCA.sch") == []
        schema = etree.RelaxNG(etree.parse(str(SCHEMAS / "TBXcoreStructV03_TBX-Basic_integrated.rng")))
        assert schema.validate(document), schema.error_log
        (back,) = [e for e in parse_tbx(data).entries if e.entry_id == entry.entry_id]
        assert (back.definition, back.domain) == ("What the concept is & <why>.", "law")


def test_definitions_in_a_descripgrp_or_a_language_section_are_read():
    data = f"""<?xml version="1.0" encoding="UTF-8"?>
<tbx xmlns="{TBX_NS}" type="TBX-Basic" style="dca" xml:lang="en"><tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
<text><body>
<conceptEntry id="a"><descripGrp><descrip type="definition">Defined in a group.</descrip></descripGrp>
<langSec xml:lang="en"><termSec><term>alpha</term></termSec></langSec></conceptEntry>
<conceptEntry id="b"><langSec xml:lang="en"><descrip type="definition">Defined in English.</descrip><termSec><term>beta</term></termSec></langSec></conceptEntry>
</body></text></tbx>""".encode()
    entries = {e.entry_id: e for e in parse_tbx(data).entries}
    assert entries["a"].definition == "Defined in a group." and entries["b"].definition == "Defined in English."
