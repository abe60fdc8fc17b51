"""The benchmarks' data, read in one place: where ``shared/`` is, TICO-19's memories joined
into trilingual units and documents, and MAC-Dev's chapters.

Every bench script imports from here (``python bench/x.py`` puts this folder on the path);
none reaches into ``tests/``.  Importing this module also makes the repository importable
when triglot is not installed.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from align.aligner import read_beads  # noqa: E402  (after the path set-up)
from align.models import AlignedUnit, Alignment, SegmentedText, Sentence  # noqa: E402

LANGS = ("zh", "fr", "en")

# Checked by hand: in PubMed_8 the French units are shifted against en/zh for all but the
# last ~20 of 329 (fr unit 2 is about the first SARS case, en unit 2 about human CoVs before
# 2003), so it is not a parallel document in French.
NOT_PARALLEL = {"PubMed_8": "French units out of order in the TICO-19 memory",
                # Found by the divergence bench (fr-en cosine median .18 and .10, against
                # .78-.87 for every other document): the French is another document's.
                "Wikinews_1": "French units from another document",
                "Wikinews_3": "French units from another document"}


def shared_dir(arg: str | Path | None = None) -> Path:
    """``arg``, else $TRIGLOT_SHARED, else the ``shared/`` folder beside the repository."""
    return Path(arg or os.environ.get("TRIGLOT_SHARED") or ROOT.parent / "shared")


def read_tmx(data: bytes) -> dict[str, dict[str, str]]:
    from lxml import etree

    root = etree.fromstring(data)
    units = {}
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for tu in root.iter("tu"):
        texts = {}
        for tuv in tu.iter("tuv"):
            lang = (tuv.get(xml_lang) or tuv.get("lang") or "").split("-")[0].split("_")[0].lower()
            seg = tuv.find("seg")
            texts[lang] = "".join(seg.itertext()).strip() if seg is not None else ""
        units[tu.get("tuid")] = texts
    return units


def trilingual_units(shared: Path) -> list[tuple[str, dict[str, str]]]:
    """(unit id, {zh, fr, en}) for the units of the en-fr and en-zh memories with the same
    English, in memory order, without the documents in NOT_PARALLEL."""
    tm = Path(shared) / "bench" / "tico19" / "TM"
    en_fr = read_tmx((tm / "all.en-fr.tmx").read_bytes())
    en_zh = read_tmx((tm / "all.en-zh.tmx").read_bytes())
    return [(i, {"zh": en_zh[i].get("zh", ""), "fr": fr.get("fr", ""), "en": fr.get("en", "")})
            for i, fr in en_fr.items() if i in en_zh and fr.get("en") == en_zh[i].get("en")
            and i.rsplit(":", 1)[0] not in NOT_PARALLEL]


def tico_documents(shared: Path, complete: bool = True) -> dict[str, list[dict[str, str]]]:
    """TICO-19 units joined across en-fr and en-zh, grouped by document in memory order;
    with ``complete``, only units with text in all three languages."""
    docs: dict[str, list[dict[str, str]]] = {}
    for unit_id, unit in trilingual_units(shared):
        if all(unit.values()) or not complete:
            docs.setdefault(unit_id.rsplit(":", 1)[0], []).append(unit)
    return docs


def tico_alignment(shared: Path, limit: int | None = None) -> Alignment:
    """All TICO-19 trilingual units as one aligned document, one unit a sentence."""
    joined = trilingual_units(shared)
    if limit:
        joined = joined[:limit]
    sentences: dict[str, list[Sentence]] = {lang: [] for lang in LANGS}
    units = []
    for n, (_, texts) in enumerate(joined):
        for lang in sentences:
            sentences[lang].append(Sentence(n, texts[lang], n))
        units.append(AlignedUnit({"zh": (n,), "fr": (n,), "en": (n,)}, 1.0))
    texts = {lang: SegmentedText(lang, tuple(s)) for lang, s in sentences.items()}
    return Alignment("tico19", texts, tuple(units))


def load_macdev(shared: Path | None = None) -> list[tuple[str, list[str], list[str], list]]:
    """(chapter, zh sentences, en sentences, gold beads) for each MAC-Dev chapter."""
    base = shared_dir(shared) / "bench" / "mac-dev"
    if not base.is_dir():
        sys.exit(f"MAC-Dev not found at {base} (set TRIGLOT_SHARED)")
    docs = []
    for gold in sorted((base / "gold").glob("*.align")):
        doc = gold.stem
        zh = (base / "zh" / doc).read_text(encoding="utf-8").splitlines()
        en = (base / "en" / doc).read_text(encoding="utf-8").splitlines()
        docs.append((doc, zh, en, read_beads(gold)))
    return docs


# --------------------------------------------------------------------------- splits by document

def split_of(doc_id: str) -> str:
    """``train`` or ``eval``: a fixed split by document (never one document on both sides).
    TICO-19: 14 of 30 documents (1,238 of 2,742 units) are eval; NTREX dev: 28 of 50."""
    import hashlib

    return "eval" if int(hashlib.sha256(("split1" + doc_id).encode()).hexdigest(), 16) % 2 else "train"


def ntrex_documents(shared: Path) -> dict[str, list[dict[str, str]]]:
    """NTREX-128 dev documents, line k of zh, fr and en as one unit (CC BY-SA: read, never commit)."""
    base = Path(shared) / "bench" / "ntrex-dev"
    docs = {}
    for path in sorted((base / "en").glob("*.txt")):
        lines = {lang: (base / lang / path.name).read_text(encoding="utf-8").splitlines() for lang in LANGS}
        n = min(len(v) for v in lines.values())
        docs[path.stem] = [{lang: lines[lang][k].strip() for lang in LANGS} for k in range(n)
                           if all(lines[lang][k].strip() for lang in LANGS)]
    return docs


def documents(shared: Path, split: str) -> list[tuple[str, str, list[dict[str, str]]]]:
    """(source, document id, units) of TICO-19 and NTREX dev in ``split``, in a fixed order."""
    out = []
    for source, docs in (("tico19", tico_documents(shared)), ("ntrex", ntrex_documents(shared))):
        for doc_id in sorted(docs):
            if split_of(doc_id) == split and docs[doc_id]:
                out.append((source, doc_id, docs[doc_id]))
    return out


def units_alignment(doc_id: str, units: list[dict[str, str]], langs=LANGS) -> Alignment:
    """One aligned unit per entry; a version with no text in an entry has no sentence there."""
    sentences: dict[str, list[Sentence]] = {lang: [] for lang in langs}
    aligned = []
    for unit in units:
        ids = {}
        for lang in langs:
            if unit.get(lang, "").strip():
                n = len(sentences[lang])
                sentences[lang].append(Sentence(n, unit[lang], n))
                ids[lang] = (n,)
        aligned.append(AlignedUnit(ids, 1.0))
    texts = {lang: SegmentedText(lang, tuple(s)) for lang, s in sentences.items()}
    return Alignment(doc_id, texts, tuple(aligned))
