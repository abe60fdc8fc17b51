"""TMX 1.4b: writer (multilingual or bilingual) and a small reader.

Choices, and why:

- Language tags default to ``zh-CN``, ``fr-FR``, ``en-GB``.  OmegaT (3.6 and
  later) picks a ``<tuv>`` by comparing the first two letters of the tag with the
  project language and then letters 4–5 with the project country; ``zh-Hans``
  would be read as country "Ha" and only match as "same language, other
  country".  ``zh-CN``/``fr-FR`` are also what Trados, memoQ and OmegaT's own
  project files use.  ``en-GB`` because the English version uses British
  spelling (behaviour).  All are configurable (``TmxSettings.lang_tags``).
- ``segtype="sentence"``: our units are sentence beads.  OmegaT re-segments the
  entries of a ``paragraph`` TMX, which would gain nothing here.
- No ``tuid``: recent OmegaT versions treat a unit carrying id-like properties as
  an *alternative* translation when "ignore file context" is on, and then never
  insert it automatically.  The unit key is in ``<prop type="x-triglot-unit">``.
- ``creationdate`` comes from ``TmxSettings.creation_date`` (``--creation-date``),
  else ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention), else the date the
  document gives itself (the latest full date its source version mentions: a joint
  statement's own date), else the Unix epoch — never the clock nor a file's time, so the
  same texts give byte-identical files wherever they are.
- A unit the checks flagged carries ``<prop type="x-triglot-flag">`` (the kind) and a
  ``<note>`` with the message, which CAT tools show beside the match.
- Property types start with ``x-`` as TMX 1.4b asks for user-defined types.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, ClassVar, Iterable, Mapping, Sequence

from .. import __version__
from ..errors import BadInputError, UsageError
from .base import TmDocument, TmUnit, XmlWriter, format_score

if TYPE_CHECKING:
    from lxml import etree

    from ..models import Alignment

TMX_LANG_TAGS: Mapping[str, str] = {"zh": "zh-CN", "fr": "fr-FR", "en": "en-GB"}
DEFAULT_PAIRS: tuple[tuple[str, str], ...] = (("zh", "fr"), ("zh", "en"), ("fr", "en"))
EPOCH_DATE = "19700101T000000Z"

# Property types written by triglot (TMX 1.4b: user-defined types start with "x-").
PROP_DOC_ID = "x-triglot-doc-id"
PROP_SIGNATURE = "x-triglot-signature"
PROP_UNIT = "x-triglot-unit"
PROP_SCORE = "x-triglot-score"
PROP_BEAD = "x-triglot-bead"
PROP_SENTENCE_IDS = "x-triglot-sentence-ids"
PROP_FLAG = "x-triglot-flag"  # the kind of a divergence left open; the message is a <note>

_TMX_DATE = "%Y%m%dT%H%M%SZ"
_LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True)
class TmxSettings:
    """Everything that changes the TMX files (and nothing else)."""

    srclang: str = "zh"
    lang_tags: Mapping[str, str] = field(default_factory=lambda: dict(TMX_LANG_TAGS))
    adminlang: str = "en"
    o_tmf: str = "triglot"
    # "YYYYMMDDThhmmssZ", "YYYY-MM-DD" or "YYYY-MM-DDThh:mm:ssZ"; None → see module doc.
    creation_date: str | None = None
    pairs: tuple[tuple[str, str], ...] = DEFAULT_PAIRS
    multilingual: bool = True

    def __post_init__(self) -> None:
        for lang, tag in self.lang_tags.items():
            if not _LANG_TAG.match(tag):
                raise UsageError(f"language tag for {lang!r} is not a BCP 47 tag: {tag!r}")
        if not _LANG_TAG.match(self.adminlang):
            raise UsageError(f"adminlang is not a BCP 47 tag: {self.adminlang!r}")
        if self.srclang not in self.lang_tags:
            raise UsageError(
                f"source language {self.srclang!r} has no language tag "
                f"(known: {', '.join(sorted(self.lang_tags))})"
            )
        for a, b in self.pairs:
            if a == b or a not in self.lang_tags or b not in self.lang_tags:
                raise UsageError(f"language pair {a}-{b} is not two different known languages")
        if self.creation_date is not None:
            parse_tmx_date(self.creation_date)

    def tag(self, lang: str) -> str:
        return self.lang_tags[lang]


def parse_tmx_date(value: str) -> str:
    """Normalise a date to TMX's ``YYYYMMDDThhmmssZ`` (UTC); UsageError if malformed."""
    for fmt in (_TMX_DATE, "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d"):
        try:
            parsed = datetime.strptime(value, fmt)
        except ValueError:
            continue
        return parsed.strftime(_TMX_DATE)
    raise UsageError(
        f"creation date {value!r}: expected YYYYMMDDThhmmssZ, YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ"
    )


def resolve_creation_date(value: str | None, environ: Mapping[str, str] | None = None,
                          inputs: str | None = None) -> str:
    """The header's creationdate: explicit value, else SOURCE_DATE_EPOCH, else ``inputs``
    (the date the documents themselves give, see ``align.export.document_date``), else the epoch."""
    if value is not None:
        return parse_tmx_date(value)
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise UsageError(f"SOURCE_DATE_EPOCH must be whole seconds, got {epoch!r}")
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc).strftime(_TMX_DATE)
        except (OverflowError, OSError, ValueError):
            raise UsageError(f"SOURCE_DATE_EPOCH {epoch} is not a date a TMX header can hold") from None
    return parse_tmx_date(inputs) if inputs else EPOCH_DATE


def flag_note(flag) -> str:
    """A divergence as a note a CAT tool shows beside the unit."""
    return f"triglot: check this unit ({flag.kind}, {'-'.join(flag.langs)}): {flag.message}"


class TmxWriter(XmlWriter):
    """TMX 1.4b, level 1 (plain text segments, no inline markup)."""

    name: ClassVar[str] = "TMX 1.4b translation memory"
    extensions: ClassVar[tuple[str, ...]] = ("tmx",)
    mimetype: ClassVar[str] = "application/x-tmx+xml"

    def __init__(self, settings: TmxSettings, creation_date: str) -> None:
        self.settings = settings
        self.creation_date = creation_date

    def build_tree(self, document: TmDocument) -> "etree._Element":
        if not document.langs:
            raise BadInputError(f"{document.doc_id}: no language to write")
        root = self.element(None, "tmx", {"version": "1.4"})
        header_props = [(PROP_DOC_ID, document.doc_id)]
        if document.signature:
            header_props.append((PROP_SIGNATURE, document.signature))
        notes = (
            "Sentence ids are 0-based positions in the segmented text of each language version.",
            *document.notes,
        )
        self._with_meta(root, "header", self._header_attrs(document), props=header_props, notes=notes)
        body = self.element(root, "body")
        for unit in document.units:
            self._write_unit(body, document, unit)
        return root

    def _header_attrs(self, document: TmDocument) -> dict[str, str]:
        # Attribute order is fixed here (lxml keeps insertion order) for stable bytes.
        return {
            "creationtool": "triglot",
            "creationtoolversion": __version__,
            "segtype": "sentence",
            "o-tmf": self.settings.o_tmf,
            "adminlang": self.settings.adminlang,
            "srclang": self.settings.tag(document.langs[0]),
            "datatype": "plaintext",
            "creationdate": self.creation_date,
        }

    def _write_unit(self, body: "etree._Element", document: TmDocument, unit: TmUnit) -> None:
        props = [
            (PROP_DOC_ID, document.doc_id),
            (PROP_UNIT, unit.key),
            (PROP_BEAD, unit.kind),
        ]
        score = format_score(unit.score)
        if score:  # a unit whose score is no number has no score prop
            props.append((PROP_SCORE, score))
        props += [(PROP_FLAG, flag.kind) for flag in unit.flags]
        notes = [flag_note(flag) for flag in unit.flags]
        tu = self._with_meta(body, "tu", {}, props=props, notes=notes)
        for variant in unit.variants:
            ids = ",".join(str(i) for i in variant.sentence_ids)
            tuv = self._with_meta(
                tu, "tuv", {self.xml_attr("lang"): self.settings.tag(variant.lang)},
                props=[(PROP_SENTENCE_IDS, ids)],
            )
            self.element(tuv, "seg", text=variant.text)

    def _with_meta(
        self,
        parent: "etree._Element",
        tag: str,
        attrib: Mapping[str, str],
        *,
        props: Sequence[tuple[str, str]] = (),
        notes: Sequence[str] = (),
    ) -> "etree._Element":
        """Create ``tag`` with its notes and props first.

        The TMX DTD requires metadata before content — header: (note|prop|ude)*;
        tu: ((note|prop)*, tuv+); tuv: ((note|prop)*, seg) — so every element
        that carries metadata is created here, before any content is appended.
        """
        node = self.element(parent, tag, attrib)
        for note in notes:
            self.element(node, "note", text=note)
        for prop_type, value in props:
            self.element(node, "prop", {"type": prop_type}, text=value)
        return node


# --- reading (for round trips and tests) --------------------------------------


@dataclass(frozen=True)
class TmxVariantRead:
    lang: str  # the tag as written, e.g. "zh-CN"
    text: str
    props: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class TmxUnitRead:
    props: tuple[tuple[str, str], ...]
    variants: tuple[TmxVariantRead, ...]

    def prop(self, prop_type: str) -> str | None:
        return next((v for t, v in self.props if t == prop_type), None)

    def text(self, lang_tag: str) -> str | None:
        return next((v.text for v in self.variants if v.lang == lang_tag), None)


@dataclass(frozen=True)
class TmxRead:
    header: Mapping[str, str]
    header_props: tuple[tuple[str, str], ...]
    header_notes: tuple[str, ...]
    units: tuple[TmxUnitRead, ...]


def read_tmx(data: bytes) -> TmxRead:
    """Parse TMX bytes (level 1: text inside inline tags is kept, tags dropped)."""
    from lxml import etree

    # No DTD loading, no network, no entity expansion: TMX files come from anywhere.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise BadInputError(f"not well-formed TMX: {exc}") from None
    if root.tag != "tmx":
        raise BadInputError(f"not a TMX file: root element is <{root.tag}>")
    header = root.find("header")
    if header is None:
        raise BadInputError("TMX file has no <header>")
    lang_attr = XmlWriter.xml_attr("lang")

    def props(node: "etree._Element") -> tuple[tuple[str, str], ...]:
        return tuple((p.get("type", ""), p.text or "") for p in node.findall("prop"))

    units = []
    for tu in root.iterfind("body/tu"):
        variants = []
        for tuv in tu.findall("tuv"):
            seg = tuv.find("seg")
            text = "" if seg is None else segment_text(seg)
            lang = tuv.get(lang_attr) or tuv.get("lang") or ""
            variants.append(TmxVariantRead(lang, text, props(tuv)))
        units.append(TmxUnitRead(props(tu), tuple(variants)))
    return TmxRead(
        header=dict(header.attrib),
        header_props=props(header),
        header_notes=tuple(n.text or "" for n in header.findall("note")),
        units=tuple(units),
    )


def alignment_from_tmx(data: bytes, name: str) -> "Alignment":
    """An existing translation memory as an alignment the checks can read: each ``<tu>`` one
    unit, each of its ``<tuv>`` in zh, fr or en one segment of that language (tags such as
    zh-CN, fr-FR, en-GB read as zh, fr, en; other languages left out).  What ``triglot check
    --tmx`` runs the divergence checks on: quality control of a memory already aligned."""
    from ..lang.langid import code_of_tag
    from .base import alignment_of_units

    try:
        read = read_tmx(data)
    except BadInputError as exc:
        raise BadInputError(f"{name}: {exc}") from None
    rows, scores = [], []
    for tu in read.units:
        row: dict[str, str] = {}
        for variant in tu.variants:
            row.setdefault(code_of_tag(variant.lang), variant.text)
        score = tu.prop(PROP_SCORE)
        rows.append(row)
        scores.append(float(score) if score and score.replace(".", "", 1).isdigit() else 0.0)
    return alignment_of_units(rows, _stem(name), name, f"tmx:{read.header.get('creationtool', '?')}", scores)


def _stem(name: str) -> str:
    from pathlib import Path

    return Path(name).stem or "memory"


@dataclass(frozen=True)
class MergeResult:
    data: bytes  # the memory with the new units appended
    added: int
    already: int  # units of ours the memory held already (same languages, same texts)
    langs: tuple[str, ...]  # the memory's language tags


_CODES = ("bpt", "ept", "ph", "it", "ut")  # TMX inline codes: markup of the original file, not text


def segment_text(seg: "etree._Element") -> str:
    """The text of a ``<seg>``: inline codes (bpt, ept, ph, it, ut) left out, the text around
    them and inside ``<hi>``/``<sub>`` kept."""
    out = [seg.text or ""]
    for child in seg:
        if child.tag not in _CODES:
            out.append(segment_text(child))
        out.append(child.tail or "")
    return "".join(out)


def tu_key(tu: "etree._Element") -> tuple:
    """What makes two ``<tu>`` the same unit: the text of each language variant (tags
    compared case-blind, whitespace collapsed), whatever their properties and notes."""
    lang_attr = XmlWriter.xml_attr("lang")
    pairs = []
    for tuv in tu.findall("tuv"):
        seg = tuv.find("seg")
        text = " ".join(segment_text(seg).split()) if seg is not None else ""
        pairs.append(((tuv.get(lang_attr) or tuv.get("lang") or "").lower(), text))
    return tuple(sorted(pairs))


def memory_languages(data: bytes) -> tuple[str, ...]:
    """The language tags a TMX's units use, in first-seen order."""
    read = read_tmx(data)
    return tuple(dict.fromkeys(v.lang for u in read.units for v in u.variants))


def merge_tmx(memory: bytes, ours: bytes, name: str = "memory") -> MergeResult:
    """``memory`` with the units of ``ours`` it does not hold yet appended to its body, written
    with the memory's own language tags (a zh-Hans memory gets zh-Hans, not zh-CN); its header,
    DOCTYPE, comments and own units as they were.  Both must be TMX."""
    import io

    from lxml import etree

    from ..lang.langid import code_of_tag

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        tree = etree.parse(io.BytesIO(memory), parser)
    except etree.XMLSyntaxError as exc:
        raise BadInputError(f"{name}: not well-formed TMX: {exc}") from None
    root = tree.getroot()
    body = root.find("body") if root.tag == "tmx" else None
    if body is None:
        raise BadInputError(f"{name}: not a TMX file with a <body>")
    lang_attr = XmlWriter.xml_attr("lang")
    theirs: dict[str, str] = {}  # language code → the memory's tag for it
    for tuv in body.iter("tuv"):
        tag = tuv.get(lang_attr) or tuv.get("lang") or ""
        theirs.setdefault(code_of_tag(tag), tag)
    held = {tu_key(tu) for tu in body.iterfind("tu")}
    added, already = _append_units(body, etree.fromstring(ours, parser).iterfind("body/tu"), held, theirs)
    return MergeResult(_tmx_bytes(tree), added, already, memory_languages(memory))


def _append_units(body: "etree._Element", units: Iterable["etree._Element"], held: set,
                  tags: Mapping[str, str]) -> tuple[int, int]:
    """Append to ``body`` each ``<tu>`` whose key is not in ``held`` (which grows), its
    languages written with ``tags`` (code → tag); (added, already held)."""
    from ..lang.langid import code_of_tag

    lang_attr = XmlWriter.xml_attr("lang")
    added = already = 0
    for tu in units:
        for tuv in tu.iter("tuv"):
            tag = tuv.get(lang_attr) or ""
            tuv.set(lang_attr, tags.get(code_of_tag(tag), tag))
        key = tu_key(tu)
        if key in held:
            already += 1
            continue
        held.add(key)
        if len(body):
            body[-1].tail = "\n    "
        else:
            body.text = "\n    "
        tu.tail = "\n  "
        body.append(tu)
        added += 1
    return added, already


def _tmx_bytes(tree) -> bytes:
    from lxml import etree

    data = etree.tostring(tree, encoding="UTF-8", xml_declaration=True)
    if data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n"):
        data = XmlWriter.XML_DECLARATION + data.split(b"\n", 1)[1]
    return data + (b"" if data.endswith(b"\n") else b"\n")


def join_memories(head: bytes, memories: Iterable[tuple[str, bytes]]) -> MergeResult:
    """``head`` (a TMX whose header is the joined memory's, its body empty) with the units of
    every memory appended in order, each unit once (the first memory that has it keeps it,
    with its properties and notes); ``memories`` are (name, TMX bytes) pairs."""
    import io

    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    tree = etree.parse(io.BytesIO(head), parser)
    body = tree.getroot().find("body")
    held: set = set()
    added = already = 0
    for name, data in memories:
        try:
            units = etree.fromstring(data, parser).iterfind("body/tu")
        except etree.XMLSyntaxError as exc:
            raise BadInputError(f"{name}: not well-formed TMX: {exc}") from None
        more, seen = _append_units(body, units, held, {})
        added, already = added + more, already + seen
    return MergeResult(_tmx_bytes(tree), added, already, ())
