"""The corpus memory (`out/corpus.tmx`, `corpus.<a>-<b>.tmx`): the units of every document's
TMX, each unit once (the first document keeps it), valid TMX, deterministic."""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from align.export import export_corpus_memory, export_tmx
from align.formats.tmx import TmxSettings, read_tmx
from support.alignments import alignment_from_rows

DTD = Path(__file__).resolve().parent / "fixtures" / "schemas" / "tmx14.dtd"
ROWS = [("各方同意加强合作。", "Les parties conviennent de renforcer la coopération.", "The parties agree to strengthen cooperation."),
        ("会议于2024年5月6日举行。", "La réunion s'est tenue le 6 mai 2024.", "The meeting was held on 6 May 2024."),
        ("谢谢。", "Merci.", "Thank you.")]


def documents(tmp_path: Path) -> list[tuple[str, Path]]:
    """Three documents: ``b`` repeats two units of ``a`` (boilerplate) and has one of its own;
    ``c`` has no English version."""
    docs = {"a": ROWS[:2], "b": [ROWS[2], ROWS[0], ROWS[1]],
            "c": [("只有中文和法文。", "Seulement le chinois et le français.", "")]}
    folders = []
    for doc_id, rows in docs.items():
        langs = ("zh", "fr") if doc_id == "c" else ("zh", "fr", "en")
        alignment = alignment_from_rows([dict(zip(langs, row)) for row in rows], doc_id=doc_id, langs=langs)
        export_tmx(alignment, tmp_path / doc_id / "tmx", environ={})
        folders.append((doc_id, tmp_path / doc_id))
    return folders


def test_each_unit_once_the_first_document_keeps_it(tmp_path):
    files = {f.path.name: f for f in export_corpus_memory(documents(tmp_path), tmp_path / "out")}
    assert sorted(files) == ["corpus.fr-en.tmx", "corpus.tmx", "corpus.zh-en.tmx", "corpus.zh-fr.tmx"]
    trilingual = files["corpus.tmx"]
    assert (trilingual.documents, trilingual.units, trilingual.duplicates) == (3, 4, 2)
    read = read_tmx(trilingual.path.read_bytes())
    assert [u.prop("x-triglot-doc-id") for u in read.units] == ["a", "a", "b", "c"]
    assert "Thank you." in [v.text for v in read.units[2].variants]
    assert files["corpus.zh-en.tmx"].documents == 2  # c has no English
    assert (files["corpus.zh-fr.tmx"].units, files["corpus.zh-fr.tmx"].duplicates) == (4, 2)
    dtd = etree.DTD(str(DTD))
    for f in files.values():
        assert dtd.validate(etree.parse(str(f.path))), (f.path, dtd.error_log)


def test_the_same_documents_give_the_same_bytes_and_a_pair_nobody_has_goes(tmp_path):
    folders = documents(tmp_path)
    first = {f.path.name: f.path.read_bytes() for f in export_corpus_memory(folders, tmp_path / "out")}
    again = {f.path.name: f.path.read_bytes() for f in export_corpus_memory(folders, tmp_path / "out")}
    assert first == again
    only_c = export_corpus_memory([folders[2]], tmp_path / "out", TmxSettings())
    assert sorted(f.path.name for f in only_c) == ["corpus.tmx", "corpus.zh-fr.tmx"]
    assert not (tmp_path / "out" / "corpus.zh-en.tmx").exists()
    assert not (tmp_path / "out" / "corpus.fr-en.tmx").exists()
