"""Find the language versions of each document under ``texts/``.

Layout: ``texts/<lang>/<doc-id>.txt`` is a clean text;
``texts/<lang>/<doc-id>.raw.txt`` (or ``.raw.html``, ``.html``, ``.htm``) is a
scraped page that ``ingest`` cleans, with reviewed fixes in
``texts/<lang>/<doc-id>.corrections.tsv``; ``texts/<lang>/<doc-id>.docx`` (``.odt``,
``.pdf``) is an office file that a reader (``align/readers/``) turns into paragraphs.
Any other file is ignored.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import BadInputError
from .models import LANGUAGES

RAW_SUFFIXES = (".raw.txt", ".raw.html", ".raw.htm", ".html", ".htm")
DOCUMENT_SUFFIXES = (".docx", ".odt", ".pdf")  # read by align/readers (one module a format)
CLEAN_SUFFIX = ".txt"
CORRECTIONS_SUFFIX = ".corrections.tsv"


@dataclass(frozen=True)
class DocumentSources:
    doc_id: str
    clean: dict[str, Path] = field(default_factory=dict)
    raw: dict[str, Path] = field(default_factory=dict)
    corrections: dict[str, Path] = field(default_factory=dict)
    documents: dict[str, Path] = field(default_factory=dict)  # .docx, .odt, .pdf
    ignored: tuple[Path, ...] = ()  # a second file of the same version (doc.docx beside doc.pdf)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in LANGUAGES if lang in self.clean or lang in self.raw or lang in self.documents)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(lang for lang in LANGUAGES if lang not in self.languages)


def _split_name(name: str) -> tuple[str, str] | None:
    """(doc_id, role) for a file name, or None if it is not a corpus file."""
    if name.startswith("."):
        return None
    if name.endswith(CORRECTIONS_SUFFIX):
        return name[: -len(CORRECTIONS_SUFFIX)], "corrections"
    for suffix in RAW_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)], "raw"
    for suffix in DOCUMENT_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)], "documents"
    if name.endswith(CLEAN_SUFFIX):
        return name[: -len(CLEAN_SUFFIX)], "clean"
    return None


def discover(texts_dir: Path) -> list[DocumentSources]:
    """Every document found, sorted by id; a document may lack some languages."""
    texts_dir = Path(texts_dir)
    if not texts_dir.is_dir():
        raise BadInputError(f"{texts_dir}: no such folder (expected texts/<lang>/<doc-id>.txt)")
    found: dict[str, DocumentSources] = {}
    for lang in LANGUAGES:
        folder = texts_dir / lang
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            parsed = _split_name(path.name) if path.is_file() else None
            if not parsed or not parsed[0]:
                continue
            doc_id, role = parsed
            sources = found.setdefault(doc_id, DocumentSources(doc_id))
            if lang in getattr(sources, role):  # files are sorted: the first name read wins, and is said to
                found[doc_id] = sources = DocumentSources(doc_id, sources.clean, sources.raw, sources.corrections,
                                                          sources.documents, sources.ignored + (path,))
                continue
            getattr(sources, role)[lang] = path
    documents = [found[d] for d in sorted(found) if found[d].languages]
    if not documents:
        raise BadInputError(
            f"{texts_dir}: no documents found (expected texts/<lang>/<doc-id>.txt "
            f"for lang in {', '.join(LANGUAGES)})")
    return documents
