"""Word (.docx) with python-docx: paragraphs and headings in reading order, the numbers of
numbered lists as Word shows them, table cells one a paragraph, footnotes and endnotes apart.

Word keeps a list's numbers out of the text (``w:numPr`` points at a numbering definition);
a translator sees "1." and the versions' numbers are anchors for the aligner, so they are
rendered from the definition's ``numFmt`` and ``lvlText`` (decimal, letters, Roman numerals,
CJK numerals fall back to decimal); bullets are left out.
"""
from __future__ import annotations

import io
import zipfile
from typing import ClassVar

from ..errors import BadInputError
from . import ReadDocument, clean_paragraph

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + digits, n - value
    return out


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _number(fmt: str, n: int) -> str | None:
    if fmt == "bullet" or fmt == "none":
        return None
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    return str(n)  # decimal and the formats rendered as digits here


class _Numbering:
    """The list numbers Word would show, counted as the paragraphs come."""

    def __init__(self, document) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) → (fmt, text, start)
        self.counters: dict[tuple[str, int], int] = {}  # by (abstract definition, level): lists sharing one continue
        self.abstract_of: dict[str, str] = {}
        self.overrides: dict[tuple[str, int], int] = {}  # (numId, level) → the start a list restarts at
        self.started: set[tuple[str, int]] = set()
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for node in numbering.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in node.iter(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                levels[int(lvl.get(f"{W}ilvl", "0"))] = (
                    fmt.get(f"{W}val") if fmt is not None else "decimal",
                    text.get(f"{W}val") if text is not None else "%1.",
                    int(start.get(f"{W}val")) if start is not None else 1)
            abstract[node.get(f"{W}abstractNumId")] = levels
        for num in numbering.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                num_id = num.get(f"{W}numId")
                self.abstract_of[num_id] = ref.get(f"{W}val")
                for ilvl, level in abstract.get(ref.get(f"{W}val"), {}).items():
                    self.levels[(num_id, ilvl)] = level
                for override in num.iter(f"{W}lvlOverride"):
                    start = override.find(f"{W}startOverride")
                    if start is not None:
                        self.overrides[(num_id, int(override.get(f"{W}ilvl", "0")))] = int(start.get(f"{W}val"))

    def label(self, paragraph) -> str | None:
        num = _num_pr(paragraph._p.pPr)
        style = paragraph.style
        while num is None and style is not None:  # "List Number" numbers its paragraphs by style
            num = _num_pr(style.element.pPr)
            style = style.base_style
        if num is None or num.numId is None:
            return None
        num_id, ilvl = str(num.numId.val), int(num.ilvl.val) if num.ilvl is not None else 0
        level = self.levels.get((num_id, ilvl))
        if level is None:
            return None
        fmt, text, start = level
        abstract = self.abstract_of.get(num_id, num_id)
        key = (abstract, ilvl)
        if (num_id, ilvl) in self.overrides and (num_id, ilvl) not in self.started:
            self.counters[key] = self.overrides[(num_id, ilvl)] - 1  # this list restarts here
        self.started.add((num_id, ilvl))
        self.counters[key] = self.counters.get(key, start - 1) + 1
        for deeper in [k for k in self.counters if k[0] == abstract and k[1] > ilvl]:
            del self.counters[deeper]  # a new item restarts its sub-lists
        label = text
        for depth in range(ilvl + 1):
            count = self.counters.get((abstract, depth))
            fmt_at = self.levels.get((num_id, depth), level)[0]
            shown = _number(fmt_at, count) if count is not None else None
            if shown is None and depth == ilvl:
                return None  # a bullet
            label = label.replace(f"%{depth + 1}", shown or "")
        return label.strip() or None


def _num_pr(props):
    return props.numPr if props is not None else None


class DocxReader:
    name: ClassVar[str] = "Word document"
    suffixes: ClassVar[tuple[str, ...]] = (".docx",)

    def read(self, data: bytes, name: str) -> ReadDocument:
        import docx
        if data[:4] != b"PK\x03\x04":
            raise BadInputError(f"{name}: not a Word .docx file (it is no zip package; an old .doc? save it as .docx)")
        try:
            document = docx.Document(io.BytesIO(data))
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise BadInputError(f"{name}: a damaged or encrypted .docx ({exc})") from None
        except Exception as exc:  # python-docx raises its own PackageNotFoundError and lxml errors
            raise BadInputError(f"{name}: not a readable .docx ({type(exc).__name__}: {exc})") from None
        numbering = _Numbering(document)
        paragraphs: list[str] = []
        self._blocks(document.element.body, document, numbering, paragraphs, set())
        notes = _notes(document)
        dropped = (f"{len(notes)} footnote(s) and endnote(s) kept apart, after the body",) if notes else ()
        title = (document.core_properties.title or "").strip()
        return ReadDocument(tuple(paragraphs), tuple(notes), dropped, title)


    def _blocks(self, parent, document, numbering, paragraphs: list[str], seen: set[str]) -> None:
        """Paragraphs and tables in reading order, into content controls (``w:sdt``) and
        tables inside tables; a text box's paragraphs after the paragraph holding it."""
        from docx.text.paragraph import Paragraph

        for block in parent.iterchildren():
            if block.tag == f"{W}p":
                text = clean_paragraph(_paragraph_text(block))
                label = numbering.label(Paragraph(block, document))
                if text:
                    paragraphs.append(f"{label} {text}" if label and not text.startswith(label) else text)
                for box in block.iter(f"{W}txbxContent"):
                    if next(box.iterancestors(f"{W}txbxContent", f"{MC}Fallback"), None) is None:
                        # not a box in a box, nor the copy Word keeps for older readers
                        self._blocks(box, document, numbering, paragraphs, seen)
            elif block.tag == f"{W}tbl":
                for row in block.iterchildren(f"{W}tr"):
                    for cell in row.iterchildren(f"{W}tc"):
                        merge = cell.find(f"{W}tcPr/{W}vMerge")
                        if merge is not None and merge.get(f"{W}val", "continue") == "continue":
                            continue  # the rest of a vertically merged cell: its text is above
                        self._blocks(cell, document, numbering, paragraphs, seen)
            elif block.tag == f"{W}sdt":
                content = block.find(f"{W}sdtContent")
                if content is not None:
                    self._blocks(content, document, numbering, paragraphs, seen)


def _paragraph_text(p) -> str:
    """A paragraph's text as Word shows it with changes accepted: runs, insertions, hyperlinks
    and inline content controls read; deleted text, field codes and text boxes (read as their
    own paragraphs) left out; tabs and breaks as spaces."""
    out: list[str] = []

    def walk(node) -> None:
        for child in node:
            tag = child.tag
            if tag in (f"{W}del", f"{W}txbxContent", f"{W}instrText", f"{W}delText", f"{W}pPr", f"{W}rPr"):
                continue
            if tag == f"{W}t":
                out.append(child.text or "")
            elif tag in (f"{W}tab", f"{W}br", f"{W}cr"):
                out.append(" ")
            else:
                walk(child)

    walk(p)
    return "".join(out)


def _notes(document) -> list[str]:
    """Footnotes and endnotes, in document order (the separator notes Word adds left out)."""
    out = []
    for rel in document.part.rels.values():
        if rel.reltype.endswith(("/footnotes", "/endnotes")):
            from lxml import etree

            root = etree.fromstring(rel.target_part.blob)
            for note in root:
                if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                text = clean_paragraph(" ".join("".join(t.text or "" for t in p.iter(f"{W}t"))
                                                for p in note.iter(f"{W}p")))
                if text:
                    out.append(text)
    return out
