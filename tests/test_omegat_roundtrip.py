"""End to end with a real CAT tool: OmegaT fills a zh→fr project from our TMX.

The project's source is the cleaned Chinese text as a plain-text file; our TMX
sits in ``tm/auto/``, whose exact matches OmegaT inserts when it translates in
console mode.  OmegaT segments Chinese after 。？！ (its default SRX rules), which
is how the gold segmentation splits too, so every bead with one Chinese sentence
is an exact match, even when its French side holds two sentences (1-2 beads).
A bead with two Chinese sentences (2-1) can never match: OmegaT looks each of
the two sentences up on its own, and no TMX unit can hold half a French sentence.

Needs Java and OmegaT (``apt-get install -y omegat``; ``.ci/run`` installs it).
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from align.export import export_tmx
from align.models import Alignment
from support.alignments import CORPUS, DOC_ID, gold_alignment

pytestmark = pytest.mark.omegat

OMEGAT_JAR = Path(os.environ.get("TRIGLOT_OMEGAT_JAR", "/usr/share/omegat/OmegaT.jar"))
PROJECT_FILE = """<?xml version="1.0" encoding="UTF-8"?>
<omegat>
  <project version="1.0">
    <source_lang>zh-CN</source_lang>
    <target_lang>fr-FR</target_lang>
  </project>
</omegat>
"""


def omegat_command() -> list[str]:
    java = shutil.which("java")
    if java is None or not OMEGAT_JAR.is_file():
        pytest.skip(
            f"OmegaT is not installed (no java or no {OMEGAT_JAR}): "
            "run `apt-get install -y omegat` or set TRIGLOT_OMEGAT_JAR"
        )
    # /usr/bin/omegat passes paths unquoted; calling the jar directly is safe.
    return [
        java,
        "-Djava.awt.headless=true",
        "-Dfile.encoding=UTF-8",
        "-Djava.library.path=/usr/lib/jni",
        "-jar",
        str(OMEGAT_JAR),
        "--mode=console-translate",
    ]


def translate_with_omegat(work: Path, tmx: Path) -> str:
    """Build a zh-CN → fr-FR OmegaT project around ``tmx`` and return the translated text."""
    command = omegat_command()
    project = work / "project"
    # OmegaT fails without omegat/ and glossary/; the others hold the files.
    for folder in ("omegat", "glossary", "dictionary", "source", "target", "tm/auto"):
        (project / folder).mkdir(parents=True, exist_ok=True)
    (project / "omegat.project").write_text(PROJECT_FILE, encoding="utf-8")
    shutil.copyfile(CORPUS / "zh.txt", project / "source" / "zh.txt")
    shutil.copyfile(tmx, project / "tm" / "auto" / tmx.name)
    result = subprocess.run(
        [*command, f"--config-dir={work / 'omegat-config'}", str(project)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        pytest.fail(f"OmegaT exited {result.returncode}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return (project / "target" / "zh.txt").read_text(encoding="utf-8")


def split_by_chinese_side(
    beads: list[tuple[tuple[int, ...], tuple[int, ...]]], alignment: Alignment
) -> tuple[list[str], list[str], list[str]]:
    """(French that must be inserted, French that cannot be, Chinese left as is)."""
    zh, fr = alignment.texts["zh"].texts, alignment.texts["fr"].texts
    matchable = [fr[j] for src, tgt in beads if len(src) == 1 for j in tgt]
    unmatchable = [fr[j] for src, tgt in beads if len(src) > 1 for j in tgt]
    untranslated = [zh[i] for src, _ in beads if len(src) > 1 for i in src]
    return matchable, unmatchable, untranslated


def test_omegat_inserts_the_french_of_every_one_chinese_sentence_bead_from_the_zh_fr_tmx(tmp_path):
    alignment = gold_alignment()
    export_tmx(alignment, tmp_path / "export", environ={})
    target = translate_with_omegat(tmp_path, tmp_path / "export" / f"{DOC_ID}.zh-fr.tmx")

    beads = [(b.src, b.tgt) for b in alignment.pairs[("zh", "fr")].beads]
    matchable, unmatchable, untranslated = split_by_chinese_side(beads, alignment)
    assert (len(matchable), len(unmatchable)) == (22, 3)  # of the 25 French sentences
    missing = [s for s in matchable if s not in target]
    assert missing == [], f"{len(missing)} French sentences not inserted by OmegaT"
    # The 2-1 beads (zh 8-9, 15-16, 21-22): OmegaT keeps the Chinese source.
    assert all(s not in target for s in unmatchable)
    assert all(s in target for s in untranslated) and len(untranslated) == 6


def test_omegat_with_the_multilingual_tmx_matches_fewer_because_units_are_coarser(tmp_path):
    alignment = gold_alignment()
    export_tmx(alignment, tmp_path / "export", environ={})
    target = translate_with_omegat(tmp_path, tmp_path / "export" / f"{DOC_ID}.tmx")

    beads = [(u.ids["zh"], u.ids["fr"]) for u in alignment.units]
    matchable, unmatchable, _ = split_by_chinese_side(beads, alignment)
    # zh 12-13 ↔ fr 13-14 is one trilingual unit (en 14 spans both) but two
    # 1-1 zh-fr beads: the bilingual file gets both, the multilingual one neither.
    assert (len(matchable), len(unmatchable)) == (20, 5)
    assert [s for s in matchable if s not in target] == []
    assert all(s not in target for s in unmatchable)


def test_omegat_reads_our_xliff_as_a_source_file_and_writes_it_back(tmp_path):
    """OmegaT's XLIFF filter parses the zh-fr XLIFF (every source segment counted) and writes a
    target file with every trans-unit and its target, which the strict schema still accepts."""
    from lxml import etree

    from align.export import export_alignment

    command = omegat_command()
    export_alignment(gold_alignment(), tmp_path / "export", environ={})
    xlf = tmp_path / "export" / f"{DOC_ID}.zh-fr.xlf"
    project = tmp_path / "project"
    for folder in ("omegat", "glossary", "dictionary", "source", "target", "tm/auto"):
        (project / folder).mkdir(parents=True, exist_ok=True)
    (project / "omegat.project").write_text(PROJECT_FILE, encoding="utf-8")
    shutil.copyfile(xlf, project / "source" / xlf.name)
    result = subprocess.run([*command, f"--config-dir={tmp_path / 'omegat-config'}", str(project)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    stats = (project / "omegat" / "project_stats.txt").read_text(encoding="utf-8")
    total = next(line for line in stats.splitlines() if line.startswith("Total:")).split()
    assert int(total[1]) > 0 and total[-1] == "1"  # segments read, from one file
    ns = "{urn:oasis:names:tc:xliff:document:1.2}"
    ours = etree.parse(str(xlf)).getroot()
    theirs = etree.parse(str(project / "target" / xlf.name)).getroot()
    assert len(list(theirs.iter(f"{ns}trans-unit"))) == len(list(ours.iter(f"{ns}trans-unit")))
    assert [t.text for t in theirs.iter(f"{ns}target")] == [t.text for t in ours.iter(f"{ns}target")]
