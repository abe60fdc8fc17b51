"""Readers of office files (align/readers/): .docx, .odt, .pdf.  The test files come from a
real producer: python-docx writes a .docx (or a hand-written flat ODT is the source) and
LibreOffice, headless, converts it to .odt and .pdf; the three readers must give the same
paragraphs.  Needs LibreOffice (`apt-get install libreoffice-writer-nogui`; .ci/run does)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from align.errors import BadInputError
from align.readers import read_document
from align.readers.pdf import _join

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_office = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice not installed (apt-get install libreoffice-writer-nogui)")


def convert(source: Path, to: str, out: Path | None = None) -> Path:
    out = out or source.parent
    done = subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{source.parent / 'lo-profile'}",
                           "--convert-to", to, "--outdir", str(out), str(source)],
                          capture_output=True, text=True, timeout=180)
    made = out / f"{source.stem}.{to.split(':')[0]}"
    assert done.returncode == 0 and made.exists(), done.stderr
    return made


LONG = ("The two Heads of State reaffirm their shared commitment to deepening cooperation on artificial "
        "intelligence, and to its governance at the international level, in the service of the common good. ")


@pytest.fixture(scope="module")
def statement(tmp_path_factory) -> Path:
    """A three-page statement with a heading, a numbered list, a table, a running header, and
    page numbers in the footer, as Word would hold it."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    folder = tmp_path_factory.mktemp("office")
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Joint Statement on AI — Paris, 6 May 2024"
    footer = section.footer.paragraphs[0]
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)
    document.add_heading("Joint Statement on Artificial Intelligence and Global Governance", level=1)
    for n in range(9):
        document.add_paragraph(f"Paragraph {n + 1}. " + " ".join(f"{LONG.strip()[:-1]} ({n + 1}.{k})." for k in range(4)))
    document.add_paragraph("The first commitment of the two sides.", style="List Number")
    document.add_paragraph("The second commitment of the two sides.", style="List Number")
    table = document.add_table(rows=2, cols=2)
    for (r, c), value in {(0, 0): "Paris", (0, 1): "Beijing", (1, 0): "Summit", (1, 1): "Forum"}.items():
        table.cell(r, c).text = value
    for n in range(6):
        document.add_paragraph(f"Closing {n + 1}. " + " ".join(f"{LONG.strip()[:-1]} (c{n + 1}.{k})." for k in range(3)))
    path = folder / "statement.docx"
    document.save(path)
    return path


@needs_office
def test_docx_odt_and_pdf_of_one_document_give_the_same_paragraphs(statement):
    odt = convert(statement, "odt")
    pdf = convert(statement, "pdf")
    docx_read, odt_read, pdf_read = (read_document(p) for p in (statement, odt, pdf))
    assert docx_read.paragraphs == odt_read.paragraphs == pdf_read.paragraphs
    paragraphs = docx_read.paragraphs
    assert paragraphs[0] == "Joint Statement on Artificial Intelligence and Global Governance"
    assert "1. The first commitment of the two sides." in paragraphs
    assert "2. The second commitment of the two sides." in paragraphs
    assert paragraphs.index("Paris") + 1 == paragraphs.index("Beijing")  # table cells, row by row
    # the PDF's running header and page numbers are gone, and said to be
    assert not any("Paris, 6 May 2024" in p for p in pdf_read.paragraphs)
    assert any("running header" in d for d in pdf_read.dropped) and any("page number" in d for d in pdf_read.dropped)


@needs_office
def test_footnotes_are_kept_apart_after_the_body(tmp_path):
    source = tmp_path / "note.fodt"
    source.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"
 office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text>
<text:p>The two sides agree to meet again.<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>See the statement of 7 April 2023.</text:p></text:note-body></text:note> They will report in 2025.</text:p>
<text:p>A second paragraph follows.</text:p>
</office:text></office:body></office:document>""", encoding="utf-8")
    for made in (convert(source, "docx"), convert(source, "odt")):
        read = read_document(made)
        assert read.paragraphs == ("The two sides agree to meet again. They will report in 2025.",
                                   "A second paragraph follows.")
        assert read.notes == ("See the statement of 7 April 2023.",)
        assert read.text().endswith("A second paragraph follows.\nSee the statement of 7 April 2023.\n")


@needs_office
def test_an_encrypted_pdf_and_one_without_text_are_refused_with_a_reason(tmp_path):
    import docx

    blank = tmp_path / "blank.docx"
    docx.Document().save(blank)
    with pytest.raises(BadInputError, match="no text layer"):
        read_document(convert(blank, "pdf"))
    written = tmp_path / "secret.docx"
    document = docx.Document()
    document.add_paragraph("Confidential text.")
    document.save(written)
    locked = convert(written, 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
                              '"DocumentOpenPassword":{"type":"string","value":"secret"}}', tmp_path / "locked")
    with pytest.raises(BadInputError, match="encrypted"):
        read_document(locked)


@pytest.mark.parametrize("name, content, says", [
    ("empty.docx", b"", "file is empty"),
    ("truncated.docx", b"PK\x03\x04" + b"\x00" * 40, "damaged"),
    ("text.pdf", b"This is plain text, not a PDF.", "not a PDF"),
    ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "not a Word .docx"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n", "PDF"),
    ("notes.odt", b"PK\x03\x04garbage", "damaged"),
    ("table.xls", b"x", "no reader for .xls"),
])
def test_bad_files_get_one_message(tmp_path, name, content, says):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(BadInputError, match=says):
        read_document(path)


def test_a_word_hyphenated_at_a_line_end_is_made_whole_unless_the_document_hyphenates_it():
    from align.readers.pdf import _unhyphenate

    def read(*paragraphs):
        return _unhyphenate([_join(list(p)) for p in paragraphs])

    assert read(["the inter-", "national community"]) == ["the international community"]
    assert read(["a Sino-", "French summit"]) == ["a Sino-French summit"]  # a capital: the hyphen stays
    # the statement writes franco-chinoise: a compound the line end fell on keeps its hyphen
    assert read(["la déclaration franco-", "chinoise"], ["la coopération franco-chinoise"]) == [
        "la déclaration franco-chinoise", "la coopération franco-chinoise"]
    assert read(["une coopé-", "ration"], ["la coopération"]) == ["une coopération", "la coopération"]
    assert read(["两国元首", "重申"]) == ["两国元首重申"]


@needs_office
@pytest.mark.slow
def test_a_run_over_office_versions_aligns_as_over_the_texts(tmp_path):
    import docx

    from align.pipeline import RunConfig, run

    root = Path(__file__).resolve().parents[1] / "texts"
    texts = tmp_path / "texts"
    for lang in ("zh", "fr", "en"):
        (texts / lang).mkdir(parents=True)
    shutil.copy(root / "zh" / "ai-governance-2024.txt", texts / "zh")
    for lang, to in (("fr", "odt"), ("en", "pdf")):
        document = docx.Document()
        for line in (root / lang / "ai-governance-2024.txt").read_text(encoding="utf-8").splitlines():
            if line.strip():
                document.add_paragraph(line.strip())
        source = tmp_path / f"{lang}.docx"
        document.save(source)
        made = convert(source, to, tmp_path / lang)
        shutil.move(made, texts / lang / f"ai-governance-2024.{to}")
    office = run(RunConfig(texts_dir=texts, out_dir=tmp_path / "out", mt=False, stages=("align",)))
    plain = run(RunConfig(texts_dir=root, out_dir=tmp_path / "plain", mt=False, stages=("align",)))
    assert office.ok and office.documents[0].sentences == plain.documents[0].sentences
    assert office.documents[0].units == plain.documents[0].units


def test_word_changes_controls_nested_tables_and_list_restarts_read_as_word_shows_them(tmp_path):
    """Tracked insertions kept and deletions left out, content controls read, a nested table's
    cells read, a vertically merged cell once, a list restarted by startOverride."""
    import zipfile

    W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = f"""<w:document {W}><w:body>
<w:p><w:r><w:t>Kept </w:t></w:r><w:ins w:id="1" w:author="a"><w:r><w:t>INSERTED</w:t></w:r></w:ins><w:del w:id="2" w:author="a"><w:r><w:delText>GONE</w:delText></w:r></w:del><w:r><w:t> tail.</w:t></w:r></w:p>
<w:sdt><w:sdtContent><w:p><w:r><w:t>Inside a control.</w:t></w:r></w:p></w:sdtContent></w:sdt>
<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>Merged.</w:t></w:r></w:p></w:tc>
<w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Nested.</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>Right.</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>One.</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr><w:r><w:t>Restarted at three.</w:t></w:r></w:p>
</w:body></w:document>"""
    numbering = f"""<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>
<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num></w:numbering>"""
    path = tmp_path / "changes.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", """<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>""")
        z.writestr("_rels/.rels", """<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>""")
        z.writestr("word/_rels/document.xml.rels", """<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="r2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>""")
        z.writestr("word/document.xml", body)
        z.writestr("word/numbering.xml", numbering)
    assert read_document(path).paragraphs == ("Kept INSERTED tail.", "Inside a control.", "Merged.", "Nested.",
                                              "Right.", "1. One.", "3. Restarted at three.")


def test_a_pdf_keeps_chapter_headings_a_table_number_and_drops_only_page_furniture():
    from align.readers.pdf import _running_lines

    pages = [[(f"Chapter {n}\n", True), ("Body text of the page.\n", False), ("2024\n", False),
              (f"Page {n} of 3\n", True)] for n in (1, 2, 3)]
    running = _running_lines(pages)
    assert "chapter #" not in running and "page # of #" in running


def test_a_second_file_of_one_version_is_said_not_silently_dropped(tmp_path):
    from align.corpus import discover

    for lang in ("zh", "fr", "en"):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "doc.txt").write_text("x\n", encoding="utf-8")
    (tmp_path / "en" / "doc.docx").write_bytes(b"PK")
    (tmp_path / "en" / "doc.pdf").write_bytes(b"%PDF")
    (sources,) = discover(tmp_path)
    assert sources.documents["en"].name == "doc.docx" and [p.name for p in sources.ignored] == ["doc.pdf"]
