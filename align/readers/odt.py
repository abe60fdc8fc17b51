"""OpenDocument text (.odt) with odfpy: headings, paragraphs, list items and table cells in
reading order; footnotes and endnotes (``text:note``) taken out of their paragraphs and kept
apart.  The numbers of numbered lists are rendered as the list's style says (``num-format``,
prefix and suffix; bullets left out), counted as LibreOffice counts them."""
from __future__ import annotations

import io
import zipfile
from typing import ClassVar

from ..errors import BadInputError
from . import ReadDocument, clean_paragraph

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


class OdtReader:
    name: ClassVar[str] = "OpenDocument text"
    suffixes: ClassVar[tuple[str, ...]] = (".odt",)

    def read(self, data: bytes, name: str) -> ReadDocument:
        from lxml import etree

        if data[:4] != b"PK\x03\x04":
            raise BadInputError(f"{name}: not an OpenDocument .odt file (it is no zip package)")
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                names = package.namelist()
                if "META-INF/manifest.xml" in names and b"encryption-data" in package.read("META-INF/manifest.xml"):
                    raise BadInputError(f"{name}: the .odt is password-protected; save a copy without a password")
                content = package.read("content.xml")
                styles = package.read("styles.xml") if "styles.xml" in package.namelist() else b""
        except (zipfile.BadZipFile, KeyError, OSError) as exc:
            raise BadInputError(f"{name}: a damaged .odt ({exc})") from None
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        try:
            root = etree.fromstring(content, parser)
        except etree.XMLSyntaxError as exc:
            raise BadInputError(f"{name}: a damaged .odt ({exc})") from None
        body = root.find(f"{{{OFFICE}}}body/{{{OFFICE}}}text")
        if body is None:
            raise BadInputError(f"{name}: an OpenDocument file, but not a text document")
        formats = _list_formats(root)
        if styles:
            try:
                formats = {**_list_formats(etree.fromstring(styles, parser)), **formats}
            except etree.XMLSyntaxError:
                pass
        numbers = _ListNumbers(formats)
        paragraphs: list[str] = []
        notes: list[str] = []
        for node in body.iter(f"{{{TEXT}}}p", f"{{{TEXT}}}h"):
            if _inside(node, *_NOT_BODY):
                continue  # a note's own paragraphs are read with the note; the rest is no text
            text = clean_paragraph(_text(node, notes))
            label = numbers.label(node)
            if text:
                paragraphs.append(f"{label} {text}" if label else text)
        dropped = (f"{len(notes)} footnote(s) and endnote(s) kept apart, after the body",) if notes else ()
        return ReadDocument(tuple(paragraphs), tuple(notes), dropped)


OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
# What is no paragraph of the body: notes (read apart), deleted text kept for tracked changes,
# comments, a table of contents (it repeats the headings) and index bodies.
_NOT_BODY = (f"{{{TEXT}}}note", f"{{{TEXT}}}tracked-changes", f"{{{OFFICE_NS}}}annotation",
             f"{{{TEXT}}}table-of-content", f"{{{TEXT}}}alphabetical-index", f"{{{TEXT}}}index-body")
# Inside a paragraph: text a reader does not see in the line (a comment, a frame read on its own).
_NOT_INLINE = {f"{{{OFFICE_NS}}}annotation", f"{{{OFFICE_NS}}}annotation-end", f"{{{DRAW}}}frame",
               f"{{{TEXT}}}number"}


def _inside(node, *tags: str) -> bool:
    parent = node.getparent()
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _text(node, notes: list[str]) -> str:
    """A paragraph's text: spaces (``text:s``), tabs and line breaks as spaces; a note's body
    goes to ``notes`` and its citation mark is left out."""
    out: list[str] = [node.text or ""]
    for child in node:
        tag = child.tag
        if tag == f"{{{TEXT}}}note":
            body = child.find(f"{{{TEXT}}}note-body")
            if body is not None:
                note = clean_paragraph(" ".join("".join(p.itertext()) for p in body.iter(f"{{{TEXT}}}p")))
                if note:
                    notes.append(note)
        elif tag in _NOT_INLINE:
            pass  # a comment, a frame (its paragraphs are read in their place), a cached list label
        elif tag == f"{{{TEXT}}}s":
            out.append(" " * int(child.get(f"{{{TEXT}}}c", "1")))
        elif tag in (f"{{{TEXT}}}tab", f"{{{TEXT}}}line-break"):
            out.append(" ")
        else:
            out.append(_text(child, notes))
        out.append(child.tail or "")
    return "".join(out)


STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"


def _list_formats(root) -> dict[tuple[str, int], tuple[str, str, str] | None]:
    """(list style, level) → (num-format, prefix, suffix); None for a bullet level."""
    out: dict[tuple[str, int], tuple[str, str, str] | None] = {}
    for style in root.iter(f"{{{TEXT}}}list-style"):
        name = style.get(f"{{{STYLE}}}name", "")
        for level in style:
            depth = int(level.get(f"{{{TEXT}}}level", "1"))
            if level.tag == f"{{{TEXT}}}list-level-style-number" and level.get(f"{{{STYLE}}}num-format"):
                out[(name, depth)] = (level.get(f"{{{STYLE}}}num-format"), level.get(f"{{{STYLE}}}num-prefix", ""),
                                      level.get(f"{{{STYLE}}}num-suffix", ""))
            else:
                out[(name, depth)] = None
    return out


class _ListNumbers:
    """The label of each list item's first paragraph, counted per list style and level."""

    def __init__(self, formats) -> None:
        self.formats = formats
        self.counters: dict[tuple[str, int], int] = {}
        self.lists_seen: set[str] = set()

    def label(self, node) -> str:
        item = node.getparent()
        if item is None or item.tag != f"{{{TEXT}}}list-item" or item.index(node) != _first_text(item):
            return ""
        lists = []
        parent = item.getparent()
        while parent is not None:
            if parent.tag == f"{{{TEXT}}}list":
                lists.append(parent)
            parent = parent.getparent()
        if not lists:
            return ""
        outer = lists[-1]
        name = next((x.get(f"{{{TEXT}}}style-name") for x in lists if x.get(f"{{{TEXT}}}style-name")), "")
        depth = len(lists)
        where = outer.getroottree().getpath(outer)  # lxml's element proxies have no stable id()
        if where not in self.lists_seen:  # a new list restarts unless it says it continues
            self.lists_seen.add(where)
            if outer.get(f"{{{TEXT}}}continue-numbering") != "true" and not outer.get(f"{{{TEXT}}}continue-list"):
                for key in [k for k in self.counters if k[0] == name]:
                    del self.counters[key]
        fmt = self.formats.get((name, depth))
        self.counters[(name, depth)] = self.counters.get((name, depth), 0) + 1
        for key in [k for k in self.counters if k[0] == name and k[1] > depth]:
            del self.counters[key]
        if fmt is None:
            return ""
        num_format, prefix, suffix = fmt
        return f"{prefix}{_format(num_format, self.counters[(name, depth)])}{suffix}".strip()


def _first_text(item) -> int:
    return next((i for i, child in enumerate(item) if child.tag in (f"{{{TEXT}}}p", f"{{{TEXT}}}h")), -1)


def _format(num_format: str, n: int) -> str:
    from .docx import _letters, _roman

    return {"a": _letters(n), "A": _letters(n).upper(), "i": _roman(n), "I": _roman(n).upper()}.get(num_format, str(n))
