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


def test_a_word_hyphenated_at_a_line_end_is_made_whole():
    assert _join(["the inter-", "national community"]) == "the international community"
    assert _join(["a Sino-", "French summit"]) == "a Sino-French summit"  # a capital: the hyphen stays
    assert _join(["两国元首", "重申"]) == "两国元首重申"


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
