"""TBX-Basic (ISO 30042:2019, DCA style) export and import.

What goes where (all data categories TBX-Basic permits):

* ``conceptEntry/@id``                       the entry id
* ``conceptEntry/admin[@type=source]``       the entry's source (document id)
* ``conceptEntry/descrip[@type=subjectField]``  the entry's domain
* ``conceptEntry/descrip[@type=definition]``    the entry's definition
* ``conceptEntry/note``                      the entry's note, and one machine note
                                             ``triglot: confidence=0.8730; frequency=5``
                                             (TBX-Basic has no category for either); for an
                                             entry mined from a run's documents a second,
                                             ``triglot: frequency by document {"doc-a": 3, …}``
* ``langSec/@xml:lang``                      zh-Hans / fr / en by default (configurable)
* ``termSec/term``                           the preferred term, then one termSec per
                                             variant with ``termType=variant``
* ``termNote[@type=administrativeStatus]``   approved → preferredTerm-admn-sts (its variants
                                             admittedTerm-admn-sts), rejected →
                                             deprecatedTerm-admn-sts; a candidate nobody has
                                             vetted carries none (TBX-Basic has no status
                                             for "proposed"): its machine note says
                                             ``triglot: status=candidate; …`` instead
* ``termSec/descripGrp``                     one example context: ``descrip[@type=context]``
                                             and ``admin[@type=source]`` naming the
                                             sentences ("ai-governance-2024, sentences 3, 4");
                                             its id ``<entry>.c<n>.<lang>`` ties the
                                             languages of one example together.

The caller's signature string goes in ``fileDesc/sourceDesc/p``.  Output is
deterministic, so export → import → export gives the same bytes.  Import reads
files in this layout and TBX files from other tools (TBX v3 ``conceptEntry`` /
``langSec`` / ``termSec`` and TBX v2 ``martif`` / ``termEntry`` / ``langSet`` /
``tig``); a file that is not well-formed or lacks required parts is refused with
its line number, before anything is written.  lxml is imported inside functions.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from align.errors import BadInputError
from align.textio import read_bytes, write_bytes_atomic

from .models import (APPROVED, CANDIDATE, REJECTED, STATUSES, Context, MergeReport,
                     TermEntry, lang_code, lang_tag, shortened)

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DEFAULT_TITLE = "triglot glossary"

# Only a vetted entry carries an administrative status: a machine-extracted candidate is
# neither preferred nor admitted (and TBX-Basic allows no other value), so it has none.
STATUS_TO_ADMIN = {APPROVED: "preferredTerm-admn-sts", CANDIDATE: None, REJECTED: "deprecatedTerm-admn-sts"}
VARIANT_ADMIN = {APPROVED: "admittedTerm-admn-sts", CANDIDATE: None, REJECTED: "deprecatedTerm-admn-sts"}
_ADMIN_RANK = {"preferredTerm-admn-sts": APPROVED, "admittedTerm-admn-sts": CANDIDATE,
               "deprecatedTerm-admn-sts": REJECTED, "supersededTerm-admn-sts": REJECTED}
_META_RE = re.compile(r"^triglot: (status=candidate; )?confidence=([0-9.eE+-]+); frequency=(\d+)$")
_BY_DOCUMENT = "triglot: frequency by document "  # then a JSON object, document → frequency
_SENTENCES_RE = re.compile(r"(?:^|, )sentences? (\d+(?:, \d+)*)$")
_CONTEXT_ID_RE = re.compile(r"\.c(\d+)\.[^.]*$")
# TBX v2 (martif) element names and their TBX v3 equivalents.
_V2_NAMES = {"martif": "tbx", "martifHeader": "tbxHeader", "termEntry": "conceptEntry",
             "langSet": "langSec", "tig": "termSec", "ntig": "termSec"}


@dataclass(frozen=True)
class TbxFile:
    entries: tuple[TermEntry, ...]
    signature: str  # the first paragraph of the header's sourceDesc


# ------------------------------------------------------------------------ export
def tbx_bytes(entries: Iterable[TermEntry], *, signature: str,
              lang_tags: Mapping[str, str] | None = None, title: str = DEFAULT_TITLE) -> bytes:
    """The TBX-Basic document of ``entries`` (which must have ids), as UTF-8 bytes."""
    from lxml import etree

    def sub(parent, name: str, text: str | None = None, **attrib: str):
        element = etree.SubElement(parent, f"{{{TBX_NS}}}{name}")
        for key, value in attrib.items():  # insertion order = output order
            element.set(XML_LANG if key == "xml_lang" else key, value)
        if text is not None:
            element.text = text
        return element

    root = etree.Element(f"{{{TBX_NS}}}tbx", nsmap={None: TBX_NS})
    root.set("type", "TBX-Basic")
    root.set("style", "dca")
    root.set(XML_LANG, "en")  # the language of the notes
    file_desc = sub(sub(root, "tbxHeader"), "fileDesc")
    sub(sub(file_desc, "titleStmt"), "title", title or DEFAULT_TITLE)
    sub(sub(file_desc, "sourceDesc"), "p", signature or "triglot")
    text = sub(root, "text")
    entries = list(entries)
    if entries:  # <body> needs at least one conceptEntry
        body = sub(text, "body")
        for entry in entries:
            _write_entry(sub, body, entry, lang_tags)
    # The declaration is written by hand: lxml's own uses single quotes.
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(
        root, encoding="UTF-8", xml_declaration=False, pretty_print=True)


def _write_entry(sub, body, entry: TermEntry, lang_tags) -> None:
    if not entry.entry_id:
        raise ValueError("entries must come from the store (they need ids) to be exported")
    concept = sub(body, "conceptEntry", id=entry.entry_id)
    if entry.domain:
        sub(concept, "descrip", entry.domain, type="subjectField")
    if entry.definition:
        sub(concept, "descrip", entry.definition, type="definition")
    if entry.source:
        sub(concept, "admin", entry.source, type="source")
    if entry.note:
        sub(concept, "note", entry.note)
    candidate = "status=candidate; " if entry.status == CANDIDATE else ""
    sub(concept, "note", f"triglot: {candidate}confidence={entry.confidence:.4f}; frequency={entry.frequency}")
    if entry.occurrences:
        sub(concept, "note", f"{_BY_DOCUMENT}{json.dumps(dict(entry.occurrences), ensure_ascii=False)}")
    admin_status = STATUS_TO_ADMIN[entry.status]
    variant_status = VARIANT_ADMIN[entry.status]
    for lang in entry.terms:
        lang_sec = sub(concept, "langSec", xml_lang=lang_tag(lang, lang_tags))
        term_sec = sub(lang_sec, "termSec")
        sub(term_sec, "term", entry.terms[lang])
        if admin_status:
            sub(term_sec, "termNote", admin_status, type="administrativeStatus")
        for number, context in enumerate(entry.contexts, start=1):
            if lang not in context.texts:
                continue
            group = sub(term_sec, "descripGrp", id=f"{entry.entry_id}.c{number}.{lang}")
            sub(group, "descrip", context.texts[lang], type="context")
            where = _sentences_label(entry.source, context.segment_ids.get(lang, ()))
            if where:
                sub(group, "admin", where, type="source")
        for variant in entry.variants.get(lang, ()):
            variant_sec = sub(lang_sec, "termSec")
            sub(variant_sec, "term", variant)
            if variant_status:
                sub(variant_sec, "termNote", variant_status, type="administrativeStatus")
            sub(variant_sec, "termNote", "variant", type="termType")


def _sentences_label(source: str, ids: tuple[int, ...]) -> str:
    if not ids:
        return ""
    label = ("sentence " if len(ids) == 1 else "sentences ") + ", ".join(map(str, ids))
    return f"{source}, {label}" if source else label


def export_tbx(entries: Iterable[TermEntry], path: Path | str, *, signature: str,
               lang_tags: Mapping[str, str] | None = None, title: str = DEFAULT_TITLE) -> int:
    """Write entries (e.g. ``store.entries()``) as TBX-Basic, atomically; returns the count."""
    entries = list(entries)
    write_bytes_atomic(Path(path), tbx_bytes(entries, signature=signature, lang_tags=lang_tags,
                                             title=title))
    return len(entries)


# ------------------------------------------------------------------------ import
def read_tbx(path: Path | str, *, lang_tags: Mapping[str, str] | None = None,
             default_status: str = CANDIDATE) -> TbxFile:
    """Parse a TBX file into entries; BadInputError naming the line if it is broken.

    ``default_status`` applies to entries whose terms carry no administrativeStatus.
    """
    path = Path(path)
    return parse_tbx(read_bytes(path), str(path), lang_tags=lang_tags,
                     default_status=default_status)


def parse_tbx(data: bytes, name: str = "<tbx>", *, lang_tags: Mapping[str, str] | None = None,
              default_status: str = CANDIDATE) -> TbxFile:
    from lxml import etree

    if default_status not in STATUSES:
        raise BadInputError(f"unknown status {default_status!r}")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else 0)
        raise BadInputError(
            f"{name}, line {line}: not well-formed XML, so not a TBX file: {exc.msg}") from None
    reader = _Reader(name, lang_tags, default_status)
    if reader.local(root) != "tbx":
        reader.fail(root, f"not a TBX file: the root element is <{reader.local(root)}>")
    signature = ""
    for element in root.iter("{*}sourceDesc"):
        paragraph = next((p for p in element if reader.local(p) == "p"), None)
        signature = _text(paragraph) if paragraph is not None else ""
        break
    entries: list[TermEntry] = []
    seen_ids: dict[str, int] = {}
    for body in root.iter("{*}body"):
        for element in body:
            if not isinstance(element.tag, str):
                continue
            if reader.local(element) != "conceptEntry":
                reader.fail(element, f"unexpected <{reader.local(element)}> in <body>, "
                                     "expected <conceptEntry>")
            entry = reader.entry(element)
            if entry.entry_id:
                if entry.entry_id in seen_ids:
                    reader.fail(element, f"entry id {entry.entry_id!r} already used on line "
                                         f"{seen_ids[entry.entry_id]}")
                seen_ids[entry.entry_id] = element.sourceline
            entries.append(entry)
    return TbxFile(tuple(entries), signature)


def import_tbx(store, path: Path | str, *, overwrite_decided: bool = False,
               lang_tags: Mapping[str, str] | None = None,
               default_status: str = CANDIDATE) -> tuple[MergeReport, str]:
    """Read the whole file, then import it in one transaction: all entries or none.

    Returns the store's report and the file's header signature.
    """
    parsed = read_tbx(path, lang_tags=lang_tags, default_status=default_status)
    return store.import_entries(parsed.entries, overwrite_decided=overwrite_decided), \
        parsed.signature


def _text(element) -> str:
    return "".join(element.itertext()) if element is not None else ""


class _Reader:
    """Turns <conceptEntry> elements into TermEntry, failing with line numbers."""

    def __init__(self, name: str, lang_tags, default_status: str) -> None:
        self.name = name
        self.lang_tags = lang_tags
        self.default_status = default_status

    @staticmethod
    def local(element) -> str:
        tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        return _V2_NAMES.get(tag, tag)

    def fail(self, element, message: str):
        raise BadInputError(f"{self.name}, line {element.sourceline}: {message}")

    def children(self, element, *names: str):
        return [c for c in element if isinstance(c.tag, str) and self.local(c) in names]

    def entry(self, concept) -> TermEntry:
        entry_id = (concept.get("id") or "").strip()
        source, notes = "", []
        confidence, frequency = "0", "0"
        occurrences: dict = {}
        marked_candidate = False  # triglot's own mark of an entry nobody has vetted
        definition = domain = ""
        for child in self.children(concept, "admin", "note", "descrip", "descripGrp"):
            if self.local(child) == "descripGrp":  # <descripGrp><descrip type="definition">…
                child = next(iter(self.children(child, "descrip")), None)
                if child is None:
                    continue
            kind, text = self.local(child), _text(child).strip()
            if kind == "admin" and child.get("type") == "source" and not source:
                source = text
            elif kind == "descrip" and child.get("type") == "definition" and not definition:
                definition = text
            elif kind == "descrip" and child.get("type") == "subjectField" and not domain:
                domain = text
            elif kind == "note":
                meta = _META_RE.match(text)
                if text.startswith(_BY_DOCUMENT):
                    try:
                        occurrences = json.loads(text[len(_BY_DOCUMENT):])
                        if not isinstance(occurrences, dict):
                            raise ValueError("not an object")
                    except ValueError:
                        self.fail(child, f"bad frequencies by document in note: {shortened(text, 60)!r}")
                elif meta:
                    try:
                        float(meta.group(2))
                    except ValueError:
                        self.fail(child, f"bad confidence {shortened(meta.group(2))!r} in note")
                    # as written: TermEntry checks both and quotes them (shortened) when wrong
                    confidence, frequency = meta.group(2), meta.group(3)
                    marked_candidate = bool(meta.group(1))
                elif text:
                    notes.append(text)
        lang_secs = self.children(concept, "langSec")
        if not lang_secs:
            self.fail(concept, f"<conceptEntry> {entry_id!r} has no <langSec>")
        terms: dict[str, str] = {}
        variants: dict[str, list[str]] = {}
        statuses: list[str] = []
        contexts: dict[int, tuple[dict, dict]] = {}
        for lang_sec in lang_secs:
            tag = lang_sec.get(XML_LANG) or lang_sec.get("lang") or ""
            if not tag.strip():
                self.fail(lang_sec, "<langSec> without xml:lang")
            lang = lang_code(tag, self.lang_tags)
            term_secs = self.children(lang_sec, "termSec")
            if not term_secs:
                self.fail(lang_sec, f"<langSec xml:lang=\"{tag}\"> has no <termSec>")
            for term_sec in term_secs:
                term, status, is_variant = self.term(term_sec)
                if lang not in terms and not is_variant:
                    terms[lang] = term
                    if status:
                        statuses.append(status)
                    self.contexts(term_sec, lang, contexts)
                else:
                    variants.setdefault(lang, []).append(term)
        if not definition:  # TBX-Basic also allows a definition per language section
            for lang_sec in lang_secs:
                for child in self.children(lang_sec, "descrip", "descripGrp"):
                    inner = child if self.local(child) == "descrip" else next(iter(self.children(child, "descrip")), None)
                    if inner is not None and inner.get("type") == "definition" and _text(inner).strip():
                        definition = definition or _text(inner).strip()
        for lang, forms in list(variants.items()):
            if lang not in terms:  # only variants given: the first stands in as the term
                terms[lang] = forms.pop(0)
        try:
            return TermEntry(
                terms=terms, variants={k: tuple(v) for k, v in variants.items()},
                status=CANDIDATE if marked_candidate and not statuses else self.status(statuses),
                confidence=confidence, frequency=frequency,
                contexts=tuple(Context(texts=t, segment_ids=i)
                               for _, (t, i) in sorted(contexts.items())),
                source=source, note="\n".join(notes), entry_id=entry_id, definition=definition,
                domain=domain, occurrences=occurrences)
        except BadInputError as exc:
            self.fail(concept, str(exc))
            raise  # unreachable: fail raises

    def term(self, term_sec) -> tuple[str, str, bool]:
        term_el = next(iter(self.children(term_sec, "term")), None)
        if term_el is None:  # TBX v2 <ntig><termGrp><term>
            for group in self.children(term_sec, "termGrp"):
                term_el = next(iter(self.children(group, "term")), None)
        term = " ".join(_text(term_el).split()) if term_el is not None else ""
        if not term:
            self.fail(term_sec, "<termSec> without a <term> or with an empty one")
        status, is_variant = "", False
        for note in term_sec.iter("{*}termNote", "termNote"):
            value = _text(note).strip()
            if note.get("type") == "administrativeStatus":
                if value not in _ADMIN_RANK:
                    self.fail(note, f"unknown administrativeStatus {value!r}")
                status = _ADMIN_RANK[value]
            elif note.get("type") == "termType" and value == "variant":
                is_variant = True
        return term, status, is_variant

    def contexts(self, term_sec, lang: str, out: dict[int, tuple[dict, dict]]) -> None:
        number = 0
        for child in term_sec:
            if not isinstance(child.tag, str):
                continue
            kind = self.local(child)
            if kind == "descripGrp":
                descrip = next((d for d in self.children(child, "descrip")
                                if d.get("type") == "context"), None)
                admin = next((a for a in self.children(child, "admin")
                              if a.get("type") == "source"), None)
            elif kind == "descrip" and child.get("type") == "context":
                descrip, admin = child, None
            else:
                continue
            if descrip is None:
                continue
            number += 1
            link = _CONTEXT_ID_RE.search(child.get("id") or "") if kind == "descripGrp" else None
            index = int(link.group(1)) if link else number
            texts, ids = out.setdefault(index, ({}, {}))
            texts[lang] = _text(descrip)
            where = _SENTENCES_RE.search(_text(admin).strip()) if admin is not None else None
            if where:
                ids[lang] = tuple(int(i) for i in where.group(1).split(", "))

    def status(self, statuses: list[str]) -> str:
        if not statuses:
            return self.default_status
        if REJECTED in statuses:
            return REJECTED
        if all(s == APPROVED for s in statuses):
            return APPROVED
        return CANDIDATE
