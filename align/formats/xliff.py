"""XLIFF 1.2 (OASIS, strict schema): one bilingual file per target language.

What CAT tools exchange for review: ``D.zh-fr.xlf`` and ``D.zh-en.xlf`` by default
(source zh, ``XliffSettings.srclang``).  Choices, and why:

- Every ``<trans-unit>`` holds one pairwise bead, source and target, ``state="translated"``:
  the target is a human translation, aligned, not yet reviewed.  A bead whose unit the
  checks flagged is ``state="needs-review-translation"`` and carries the flag as a
  ``<note from="triglot" priority="1">`` (the tool shows it beside the segment).
- The aligner's confidence and the sentence ids go in a ``<note annotates="general">``:
  XLIFF 1.2 has no attribute for either outside ``<alt-trans>``.
- ``id`` is the bead key (``b7``), stable for the same inputs; ``original`` is the
  document id; ``date`` the creation date the TMX header has (never the clock).
- Language tags as in TMX (``zh-CN``, ``fr-FR``, ``en-GB``; configurable).
- Strict XLIFF allows no ``x-`` attribute values and no deprecated elements: none is used.
  The files validate against ``xliff-core-1.2-strict.xsd`` (tests/test_xliff_export.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Mapping

from .. import __version__
from ..errors import UsageError
from .base import TmDocument, XmlWriter, format_score
from .tmx import TMX_LANG_TAGS, flag_note

if TYPE_CHECKING:
    from lxml import etree

    from ..models import Alignment

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"


@dataclass(frozen=True)
class XliffSettings:
    srclang: str = "zh"  # the source of every file; one file per other language
    lang_tags: Mapping[str, str] = field(default_factory=lambda: dict(TMX_LANG_TAGS))
    write: bool = True

    def __post_init__(self) -> None:
        if self.srclang not in self.lang_tags:
            raise UsageError(f"XLIFF source language {self.srclang!r} has no language tag "
                             f"(known: {', '.join(sorted(self.lang_tags))})")


def xliff_date(tmx_date: str) -> str:
    """TMX's ``YYYYMMDDThhmmssZ`` as the xsd:dateTime XLIFF's ``date`` wants."""
    return datetime.strptime(tmx_date, "%Y%m%dT%H%M%SZ").strftime("%Y-%m-%dT%H:%M:%SZ")


class XliffWriter(XmlWriter):
    """XLIFF 1.2, plain-text segments (no inline markup), one ``<file>``."""

    name: ClassVar[str] = "XLIFF 1.2 bilingual file"
    extensions: ClassVar[tuple[str, ...]] = ("xlf",)
    mimetype: ClassVar[str] = "application/x-xliff+xml"

    def __init__(self, settings: XliffSettings, creation_date: str) -> None:
        self.settings = settings
        self.creation_date = creation_date

    def build_tree(self, document: TmDocument) -> "etree._Element":
        if len(document.langs) != 2:
            raise UsageError(f"{document.doc_id}: an XLIFF file holds two languages, not {document.langs}")
        src, tgt = document.langs
        tags = self.settings.lang_tags
        from lxml import etree

        root = etree.Element(f"{{{XLIFF_NS}}}xliff", {"version": "1.2"}, nsmap={None: XLIFF_NS})  # no ns0: prefix
        file_ = self.element(root, f"{{{XLIFF_NS}}}file", {
            "original": document.doc_id, "source-language": tags[src], "target-language": tags[tgt],
            "datatype": "plaintext", "date": xliff_date(self.creation_date), "tool-id": "triglot",
        })
        header = self.element(file_, f"{{{XLIFF_NS}}}header")
        self.element(header, f"{{{XLIFF_NS}}}tool", {"tool-id": "triglot", "tool-name": "triglot",
                                                     "tool-version": __version__})
        for note in (*document.notes, *([f"triglot signature: {document.signature}"] if document.signature else [])):
            self.element(header, f"{{{XLIFF_NS}}}note", {"from": "triglot"}, text=note)
        body = self.element(file_, f"{{{XLIFF_NS}}}body")
        for unit in document.units:
            source, target = unit.variants
            tu = self.element(body, f"{{{XLIFF_NS}}}trans-unit", {"id": unit.key, self.xml_attr("space"): "preserve"})
            self.element(tu, f"{{{XLIFF_NS}}}source", {self.xml_attr("lang"): tags[src]}, text=source.text)
            state = "needs-review-translation" if unit.flags else "translated"
            self.element(tu, f"{{{XLIFF_NS}}}target", {self.xml_attr("lang"): tags[tgt], "state": state},
                         text=target.text)
            for flag in unit.flags:
                self.element(tu, f"{{{XLIFF_NS}}}note", {"from": "triglot", "priority": "1"}, text=flag_note(flag))
            where = " · ".join(f"{v.lang} {'+'.join(str(i) for i in v.sentence_ids)}" for v in unit.variants)
            score = format_score(unit.score)
            self.element(tu, f"{{{XLIFF_NS}}}note", {"from": "triglot", "annotates": "general"},
                         text=f"sentences {where}" + (f"; aligner confidence {score}" if score else ""))
        return root

    def serialize(self, document: TmDocument) -> bytes:
        from lxml import etree

        root = self.build_tree(document)
        body = etree.tostring(root, encoding="UTF-8", xml_declaration=False, pretty_print=True)
        return self.XML_DECLARATION + body


def alignment_from_xliff(data: bytes, name: str) -> "Alignment":
    """A bilingual XLIFF file (1.2, or 2.x) as an alignment the checks can read: each unit's
    source and target one unit of two languages (``trans-unit`` in 1.2, ``segment`` in 2.x).
    Inline markup is read as its text; units with no target are left as they are (an
    omission the checks may flag)."""
    from lxml import etree

    from ..errors import BadInputError
    from ..lang.langid import code_of_tag
    from .base import alignment_of_units

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise BadInputError(f"{name}: not well-formed XLIFF: {exc}") from None
    if etree.QName(root).localname != "xliff":
        raise BadInputError(f"{name}: not an XLIFF file: root element is <{etree.QName(root).localname}>")
    ns = etree.QName(root).namespace or ""
    q = (lambda tag: f"{{{ns}}}{tag}") if ns else (lambda tag: tag)
    version = root.get("version", "")
    rows = []
    for file_ in root.iter(q("file")):
        if version.startswith("2"):
            src = code_of_tag(root.get("srcLang", ""))
            tgt = code_of_tag(root.get("trgLang", ""))
            units = file_.iter(q("segment"))
        else:
            src = code_of_tag(file_.get("source-language", ""))
            tgt = code_of_tag(file_.get("target-language", ""))
            units = file_.iter(q("trans-unit"))
        for unit in units:
            source, target = unit.find(q("source")), unit.find(q("target"))
            rows.append({src: _plain(source) if source is not None else "",
                         tgt: _plain(target) if target is not None else ""})
    from pathlib import Path

    return alignment_of_units(rows, Path(name).stem or "xliff", name, f"xliff:{version or '?'}")


# Inline codes of XLIFF 1.2 (bpt, ept, ph, it, x, bx, ex) and 2.x (ph, sc, ec): the original
# file's markup, not text.  <g>, <mrk>, <pc> hold text and are read.
_CODES = {"bpt", "ept", "ph", "it", "x", "bx", "ex", "sc", "ec"}


def _plain(element) -> str:
    from lxml import etree

    out = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str) or etree.QName(child).localname not in _CODES:
            if isinstance(child.tag, str):
                out.append(_plain(child))
        out.append(child.tail or "")
    return "".join(out)
