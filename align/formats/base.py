"""The Writer base class and the format-neutral translation-memory values it writes.

A format is a class with its metadata as class attributes (``name``,
``extensions``, ``mimetype``) and two small hooks: ``clean_text`` (what the format
cannot carry) and ``serialize`` (the bytes).  ``Writer.render`` is the template
method that runs both and counts what cleaning changed, so every format reports
the same way.  XML formats share ``XmlWriter`` (cf. translate-toolkit's
``storage/base.py`` → ``lisa.py`` → ``tmx.py``).
"""
from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar, Mapping

if TYPE_CHECKING:  # lxml is imported where it is used
    from lxml import etree


@dataclass(frozen=True)
class TmVariant:
    """One language side of a unit: joined sentence text and the sentence ids it came from."""

    lang: str  # triglot language code (zh, fr, en); writers map it to a tag
    text: str
    sentence_ids: tuple[int, ...]


@dataclass(frozen=True)
class TmFlag:
    """A divergence the checks left open on a unit, as a CAT tool should show it."""

    kind: str  # number, name, omission…
    langs: tuple[str, ...]  # the versions it concerns
    message: str


@dataclass(frozen=True)
class TmUnit:
    """One translation unit: two or more language sides of one aligned segment."""

    key: str  # stable within the document: "u7" (trilingual unit 7), "b7" (pair bead 7)
    variants: tuple[TmVariant, ...]  # in the document's language order, source first
    score: float
    flags: tuple[TmFlag, ...] = ()  # open divergence flags: the unit needs a reviewer's eye

    @property
    def kind(self) -> str:
        """Bead shape, e.g. ``2-1`` or ``1-2-2`` (sentences per language)."""
        return "-".join(str(len(v.sentence_ids)) for v in self.variants)

    @property
    def merged(self) -> bool:
        return any(len(v.sentence_ids) > 1 for v in self.variants)

    def text(self, lang: str) -> str | None:
        for variant in self.variants:
            if variant.lang == lang:
                return variant.text
        return None


@dataclass(frozen=True)
class TmDocument:
    """What a writer receives: the units of one document for a set of languages."""

    doc_id: str
    langs: tuple[str, ...]  # source language first
    units: tuple[TmUnit, ...]
    signature: str = ""
    notes: tuple[str, ...] = ()  # said in the file itself (e.g. a missing language)


@dataclass(frozen=True)
class Rendered:
    """Serialized bytes plus what had to change to make the text fit the format."""

    data: bytes
    cleaned_chars: int = 0
    cleaned_units: tuple[str, ...] = ()  # keys of the units whose text changed


def format_score(score: float) -> str:
    """Scores as fixed-precision text, so reruns are byte-identical; "" for a score that is
    not a number (no CAT tool reads "nan")."""
    if not math.isfinite(score):
        return ""
    return f"{score:.4f}"


class Writer(ABC):
    """A file format for translation-memory documents."""

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]
    mimetype: ClassVar[str]

    def render(self, document: TmDocument) -> Rendered:
        """Clean every segment text with ``clean_text``, then ``serialize``."""
        cleaned_chars = 0
        cleaned_units: list[str] = []
        units = []
        for unit in document.units:
            variants = []
            changed = 0
            for variant in unit.variants:
                text, count = self.clean_text(variant.text)
                changed += count
                variants.append(replace(variant, text=text) if count else variant)
            if changed:
                cleaned_chars += changed
                cleaned_units.append(unit.key)
                unit = replace(unit, variants=tuple(variants))
            units.append(unit)
        data = self.serialize(replace(document, units=tuple(units)))
        return Rendered(data, cleaned_chars, tuple(cleaned_units))

    def filename(self, stem: str) -> str:
        return f"{stem}.{self.extensions[0]}"

    def clean_text(self, text: str) -> tuple[str, int]:
        """Hook: make ``text`` representable; return it and how many characters changed."""
        return text, 0

    @abstractmethod
    def serialize(self, document: TmDocument) -> bytes:
        """Hook: the file's bytes.  Must be deterministic."""


# XML 1.0 allows TAB, LF, CR and U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF
# (https://www.w3.org/TR/xml/#charsets).  Anything else (C0 controls, lone
# surrogates, U+FFFE/U+FFFF) cannot be written at all, not even as &#…; references.
_XML_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Vertical tab and form feed come from word processors as line/page breaks: a
# space keeps the words apart; every other illegal character is dropped.
_XML_SPACE_LIKE = "\x0b\x0c"


def clean_xml_text(text: str) -> tuple[str, int]:
    """Remove characters XML 1.0 forbids; return the text and the number changed."""
    count = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return " " if match.group() in _XML_SPACE_LIKE else ""

    return _XML_ILLEGAL.sub(fix, text), count


class XmlWriter(Writer):
    """Shared XML machinery: element building, cleaning, deterministic serialization.

    Subclasses fill ``build_tree``.  Output is UTF-8 with an XML declaration and
    no DOCTYPE: a SYSTEM identifier naming a DTD we do not ship makes
    DTD-loading parsers (Java's default DocumentBuilder among them) fail, and the
    DOCTYPE is optional in XML.
    """

    XML_NS: ClassVar[str] = "http://www.w3.org/XML/1998/namespace"
    XML_DECLARATION: ClassVar[bytes] = b'<?xml version="1.0" encoding="UTF-8"?>\n'

    def clean_text(self, text: str) -> tuple[str, int]:
        return clean_xml_text(text)

    @abstractmethod
    def build_tree(self, document: TmDocument) -> "etree._Element":
        """Hook: the root element of the file."""

    def serialize(self, document: TmDocument) -> bytes:
        from lxml import etree

        root = self.build_tree(document)
        # lxml writes the declaration with single quotes; a few TM tools sniff
        # for the usual double-quoted form, so it is written here as a constant.
        body = etree.tostring(root, encoding="UTF-8", xml_declaration=False, pretty_print=True)
        return self.XML_DECLARATION + body

    @staticmethod
    def element(
        parent: "etree._Element | None",
        tag: str,
        attrib: Mapping[str, str] | None = None,
        text: str | None = None,
    ) -> "etree._Element":
        """One element, attributes in the given order, text cleaned as a safety net.

        Segment text is cleaned (and counted) in ``render``; metadata such as a
        document id is cleaned here silently, because lxml refuses illegal
        characters outright.
        """
        from lxml import etree

        attrs = {k: clean_xml_text(v)[0] for k, v in (attrib or {}).items()}
        node = etree.Element(tag, attrs) if parent is None else etree.SubElement(parent, tag, attrs)
        if text is not None:
            node.text = clean_xml_text(text)[0]
        return node

    @classmethod
    def xml_attr(cls, name: str) -> str:
        """Clark name of an ``xml:`` attribute (``xml:lang``)."""
        return f"{{{cls.XML_NS}}}{name}"


def alignment_of_units(rows, doc_id: str, name: str, signature: str, scores=None):
    """An alignment the checks can read from units already aligned (a memory, a bilingual
    file, a spreadsheet): ``rows`` are ``{lang: text}``, one a unit; each text is one segment
    of its language.  Languages other than zh, fr and en are left out; a unit with no text
    is skipped.  A BadInputError when fewer than two languages have text."""
    from ..errors import BadInputError
    from ..lang.langid import LANGUAGES, ordered_languages
    from ..lang.script import to_simplified
    from ..models import AlignedUnit, Alignment, Sentence, SegmentedText

    segments: dict[str, list] = {}
    units = []
    for index, row in enumerate(rows):
        ids: dict[str, tuple[int, ...]] = {}
        for lang, text in row.items():
            text = " ".join((text or "").split())
            if lang == "zh":
                text = to_simplified(text)  # zh-TW / zh-Hant units read as the checks read Chinese
            if lang not in LANGUAGES or lang in ids or not text:
                continue
            sentences = segments.setdefault(lang, [])
            ids[lang] = (len(sentences),)
            sentences.append(Sentence(len(sentences), text, index))
        if ids:
            score = scores[index] if scores is not None else 0.0
            units.append(AlignedUnit({lang: ids[lang] for lang in ordered_languages(ids)}, score))
    if not units:
        raise BadInputError(f"{name}: no unit with zh, fr or en text")
    if len(segments) < 2:
        raise BadInputError(f"{name}: only {', '.join(segments)} segments: nothing to compare "
                            "(the checks need two of zh, fr, en)")
    texts = {lang: SegmentedText(lang, tuple(segments[lang])) for lang in ordered_languages(segments)}
    return Alignment(doc_id, texts, tuple(units), {}, signature)
