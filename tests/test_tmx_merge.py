"""`triglot export tmx --merge MEMORY`: add a document's units to an existing memory without
duplicating the ones it holds; the memory's own header and units stay as they are."""
from __future__ import annotations

from pathlib import Path

from lxml import etree
from typer.testing import CliRunner

from align.cli import app
from align.export import export_tmx
from support.alignments import DOC_ID, gold_alignment

runner = CliRunner()
DTD = Path(__file__).resolve().parent / "fixtures" / "schemas" / "tmx14.dtd"


def memory_with_first_units(tmp_path: Path, name: str, keep: int) -> Path:
    export_tmx(gold_alignment(), tmp_path / "made", environ={})
    tree = etree.parse(str(tmp_path / "made" / name))
    body = tree.getroot().find("body")
    for tu in list(body)[keep:]:
        body.remove(tu)
    header = tree.getroot().find("header")
    header.set("creationtool", "SomeCATTool")  # the memory's own header must survive
    memory = tmp_path / "memory.tmx"
    tree.write(str(memory), xml_declaration=True, encoding="UTF-8")
    return memory


def merge(memory: Path, tmp_path: Path):
    return runner.invoke(app, ["export", "tmx", "--alignment", str(tmp_path / "alignment.json"), "--merge",
                               str(memory), "--out", str(tmp_path / "out")])


def stored(tmp_path: Path) -> None:
    from align.formats.alignment_json import write_alignment

    write_alignment(tmp_path / "alignment.json", gold_alignment())


def test_a_bilingual_memory_gains_the_units_it_lacks_once(tmp_path):
    stored(tmp_path)
    memory = memory_with_first_units(tmp_path, f"{DOC_ID}.zh-fr.tmx", 5)
    total = len(etree.parse(str(tmp_path / "made" / f"{DOC_ID}.zh-fr.tmx")).getroot().find("body"))
    result = merge(memory, tmp_path)
    assert result.exit_code == 0, result.output
    assert f"{total - 5} unit(s) added, 5 already there" in result.output
    again = merge(memory, tmp_path)
    assert f"0 unit(s) added, {total} already there" in again.output
    root = etree.parse(str(memory)).getroot()
    assert len(root.find("body")) == total and root.find("header").get("creationtool") == "SomeCATTool"
    assert etree.DTD(str(DTD)).validate(etree.parse(str(memory)))


def test_a_trilingual_memory_takes_the_trilingual_units(tmp_path):
    stored(tmp_path)
    memory = memory_with_first_units(tmp_path, f"{DOC_ID}.tmx", 3)
    result = merge(memory, tmp_path)
    assert result.exit_code == 0 and "3 already there" in result.output


def test_a_memory_that_is_no_tmx_is_refused_and_left_as_it_was(tmp_path):
    stored(tmp_path)
    memory = tmp_path / "memory.tmx"
    memory.write_text("<html>not a memory</html>", encoding="utf-8")
    result = merge(memory, tmp_path)
    assert result.exit_code == 1 and "not a TMX file" in result.output
    assert memory.read_text(encoding="utf-8") == "<html>not a memory</html>"
