"""Segment: split a clean text into paragraphs and sentences.

French and English go through pysbd (rule-based, covers abbreviations,
numbers and initials); a few rules on top fix what it does not know: French
titles such as ``M.``/``MM.``, list markers split off their item, and text
inside quotes.  Chinese has no such ambiguity around its full stops, so a
small scanner that respects quotation marks and brackets is clearer and more
exact than a general library.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .langid import check_language_code
from .models import SegmentedText, Sentence

SEGMENTER_VERSION = "seg-1"

_ZH_TERMINALS = "。！？!?…"
_OPENERS = {"“": "”", "「": "」", "『": "』", "《": "》", "（": "）", "(": ")", "«": "»", "‘": "’"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}

# Abbreviations after which pysbd may wrongly end a sentence.  Titles always
# precede a name; month and reference abbreviations precede a number.
_TITLE_ABBREVIATIONS = {
    "fr": {"M.", "MM.", "Mme", "Mmes", "Mlle", "Mlles", "Me", "Mgr", "Dr", "Pr", "St", "Ste"},
    "en": {"Mr.", "Mrs.", "Ms.", "Messrs.", "Dr.", "Prof.", "St.", "Rev.", "Gen.", "Sen.", "Hon."},
}
_NUMBER_ABBREVIATIONS = {
    "fr": {"p.", "pp.", "art.", "n°", "vol.", "chap.", "janv.", "févr.", "avr.", "juil.",
           "sept.", "oct.", "nov.", "déc."},
    "en": {"p.", "pp.", "art.", "No.", "no.", "vol.", "ch.", "Jan.", "Feb.", "Mar.", "Apr.",
           "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec."},
}
_LIST_MARKER_RE = re.compile(r"^(?:\(?\d{1,3}[.)]|[a-z][.)]|[IVXLC]{1,6}\.)$")
_QUOTE_END_SPLIT_RE = re.compile(r"(?<=[.!?…])(\s*[»”\"])\s+(?=[«“\"A-ZÀ-ÖØ-Þ])")
_TERMINAL_END_RE = re.compile(r"[.!?…:;。！？][\s\"'»”’)\]]*$")


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are non-empty lines; a line broken inside a sentence is re-joined."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    paragraphs: list[str] = []
    previous_blank = True
    for line in lines:
        if not line:
            previous_blank = True
            continue
        if paragraphs and not previous_blank and _is_wrapped(paragraphs[-1], line):
            joiner = "" if _is_cjk_line(paragraphs[-1]) else " "
            paragraphs[-1] = paragraphs[-1] + joiner + line
        else:
            paragraphs.append(line)
        previous_blank = False
    return paragraphs


def _is_cjk_line(line: str) -> bool:
    from .script import han_ratio

    return han_ratio(line) >= 0.3


def _is_wrapped(previous: str, line: str) -> bool:
    """Hard-wrapped prose: the previous line stops mid-sentence and this one continues it."""
    if _TERMINAL_END_RE.search(previous):
        return False
    if _is_cjk_line(previous):
        return len(previous) >= 30
    return line[:1].islower()


def split_sentences_zh(paragraph: str) -> list[str]:
    """Sentences end at 。！？… outside quotes and brackets; closing marks stay attached."""
    sentences: list[str] = []
    depth: list[str] = []
    start = 0
    i = 0
    n = len(paragraph)
    while i < n:
        ch = paragraph[i]
        if ch in _OPENERS and not (ch == "(" and depth and depth[-1] != "("):
            depth.append(ch)
        elif ch in _CLOSERS and depth and depth[-1] == _CLOSERS[ch]:
            depth.pop()
            if not depth and i > 0 and paragraph[i - 1] in _ZH_TERMINALS:
                end = _skip_closers(paragraph, i + 1)
                sentences.append(paragraph[start:end])
                start = i = end
                continue
        elif ch in _ZH_TERMINALS and not depth:
            end = i + 1
            while end < n and paragraph[end] in _ZH_TERMINALS:
                end += 1
            end = _skip_closers(paragraph, end)
            sentences.append(paragraph[start:end])
            start = i = end
            continue
        i += 1
    if start < n:
        sentences.append(paragraph[start:])
    return [s.strip() for s in sentences if s.strip()]


def _skip_closers(text: str, i: int) -> int:
    while i < len(text) and text[i] in _CLOSERS:
        i += 1
    return i


@lru_cache(maxsize=4)
def _pysbd(lang: str):
    import pysbd

    return pysbd.Segmenter(language=lang, clean=False)


def split_sentences_latin(paragraph: str, lang: str) -> list[str]:
    pieces = [p.strip() for p in _pysbd(lang).segment(paragraph) if p.strip()]
    pieces = _merge_unbalanced(pieces)
    pieces = _merge_after_abbreviations(pieces, lang)
    out: list[str] = []
    for piece in pieces:
        out.extend(p.strip() for p in _split_after_closing_quotes(piece) if p.strip())
    return out


def _merge_unbalanced(pieces: list[str]) -> list[str]:
    """Never end a sentence inside « », “ ” or brackets."""
    merged: list[str] = []
    for piece in pieces:
        if merged and _is_open(merged[-1]):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return merged


def _is_open(text: str) -> bool:
    pairs = (("«", "»"), ("“", "”"), ("(", ")"), ("[", "]"))
    if any(text.count(a) > text.count(b) for a, b in pairs):
        return True
    return text.count('"') % 2 == 1


def _merge_after_abbreviations(pieces: list[str], lang: str) -> list[str]:
    titles = _TITLE_ABBREVIATIONS.get(lang, set())
    numbered = _NUMBER_ABBREVIATIONS.get(lang, set())
    merged: list[str] = []
    for piece in pieces:
        if merged:
            last_word = re.split(r"['’]", merged[-1].rsplit(None, 1)[-1])[-1]  # l'art. → art.
            if (_LIST_MARKER_RE.match(merged[-1])
                    or last_word in titles
                    or (last_word in numbered and piece[:1].isdigit())):
                merged[-1] = f"{merged[-1]} {piece}"
                continue
        merged.append(piece)
    return merged


def _split_after_closing_quotes(piece: str) -> list[str]:
    """« Comment allez-vous ? » Puis … : a quoted sentence ends, a new one starts."""
    parts: list[str] = []
    start = 0
    for m in _QUOTE_END_SPLIT_RE.finditer(piece):
        candidate = piece[start:m.end(1)]
        if not _is_open(candidate):
            parts.append(candidate)
            start = m.end()
    parts.append(piece[start:])
    return parts


def split_sentences(paragraph: str, lang: str) -> list[str]:
    if lang == "zh":
        return split_sentences_zh(paragraph)
    return split_sentences_latin(paragraph, lang)


def segment_text(text: str, lang: str) -> SegmentedText:
    """Segment a clean text; sentence ids are 0-based in document order."""
    lang = check_language_code(lang)
    sentences: list[Sentence] = []
    for paragraph_id, paragraph in enumerate(split_paragraphs(text)):
        for sentence in split_sentences(paragraph, lang):
            sentences.append(Sentence(len(sentences), sentence, paragraph_id))
    return SegmentedText(lang=lang, sentences=tuple(sentences))


def presplit_text(text: str, lang: str) -> SegmentedText:
    """One sentence a line, as benchmark corpora come: sentence id = 0-based line number.

    Blank lines keep their id (as empty sentences) so gold bead files still match,
    and mark a paragraph break.
    """
    lang = check_language_code(lang)
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    sentences: list[Sentence] = []
    paragraph_id = 0
    for number, line in enumerate(lines):
        if not line.strip() and sentences and sentences[-1].text:
            paragraph_id += 1
        sentences.append(Sentence(number, line.strip(), paragraph_id))
    return SegmentedText(lang=lang, sentences=tuple(sentences))
