"""Readers of the office files translators hold: one module a format behind one interface.

``read_document(path, limits)`` picks the reader by the file's extension and returns a
:class:`ReadDocument`: the body's paragraphs in reading order (headings, list items with
their numbers, table cells one a paragraph), notes kept apart (footnotes, endnotes), and
what the reader dropped (running headers and footers, page numbers) so ingest can say so.
A format is one module with a class that has ``suffixes`` and ``read``; adding one is one
new file and a line in ``READERS``.

Bad files (empty, truncated, not the format the extension says, encrypted, a PDF with no
text layer) are a :class:`~align.errors.BadInputError` naming the file and the problem.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..errors import BadInputError
from ..limits import DEFAULT_LIMITS, Limits


@dataclass(frozen=True)
class ReadDocument:
    paragraphs: tuple[str, ...]
    notes: tuple[str, ...] = ()  # footnotes and endnotes, in order: kept apart from the body
    dropped: tuple[str, ...] = ()  # what was left out, said in a reviewer's words
    title: str = ""

    def text(self) -> str:
        """The clean-text form ingest writes: one paragraph a line, then the notes."""
        lines = list(self.paragraphs) + list(self.notes)
        return "\n".join(lines) + ("\n" if lines else "")


class Reader(Protocol):
    name: str
    suffixes: tuple[str, ...]

    def read(self, data: bytes, name: str) -> ReadDocument: ...


def _readers() -> dict[str, Reader]:
    from .docx import DocxReader
    from .odt import OdtReader
    from .pdf import PdfReader

    return {suffix: reader for reader in (DocxReader(), OdtReader(), PdfReader()) for suffix in reader.suffixes}


DOCUMENT_SUFFIXES = (".docx", ".odt", ".pdf")


def read_document(path: Path, limits: Limits = DEFAULT_LIMITS) -> ReadDocument:
    from ..textio import read_bytes

    path = Path(path)
    reader = _readers().get(path.suffix.lower())
    if reader is None:
        raise BadInputError(f"{path}: no reader for {path.suffix or 'a file without extension'} "
                            f"(known: {', '.join(DOCUMENT_SUFFIXES)})")
    data = read_bytes(path, limits)
    document = reader.read(data, str(path))
    if not any(p.strip() for p in document.paragraphs):
        raise BadInputError(f"{path}: no text in this {reader.name}")
    return document


def clean_paragraph(text: str) -> str:
    """One paragraph on one line: inner line breaks and runs of spaces become one space
    (none between Chinese characters)."""
    import re

    from ..lang.script import HAN_CLASS

    cjk = f"[{HAN_CLASS}\u3000-\u303f\uff00-\uffef]"  # Han and CJK punctuation: no space between
    text = re.sub(rf"(?<={cjk})[ \t]*\n\s*(?={cjk})", "", text)
    return " ".join(text.split())
