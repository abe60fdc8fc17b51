"""Segment: split a clean text into paragraphs and sentences.

French and English go through pysbd (rule-based, covers abbreviations,
numbers and initials); a few rules on top fix what it does not know: French
titles such as ``M.``/``MM.``, list markers split off their item, text
inside quotes, a split inside a word (``c.-à-d.``).  Chinese has no such
ambiguity around its full stops, so a small scanner that respects quotation
marks and brackets is clearer and more exact than a general library.

A quotation mark or bracket that is never closed (a typo, a cut-off quotation:
common in scraped and converted text) is ignored everywhere; before, it held
the rest of its paragraph in one "sentence" that no translation could match
(bench/segment_tico.py: boundary recall on TICO-19 zh .952 → .997,
fr .852 → .989, en .855 → .996).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lang.langid import check_language_code
from .lang.script import CONTROL_RE, han_ratio, remove_controls
from .models import SegmentedText, Sentence

SEGMENTER_VERSION = "seg-2"  # seg-2: stray opening marks no longer hold the paragraph together

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
    return han_ratio(line) >= 0.3


def _is_wrapped(previous: str, line: str) -> bool:
    """Hard-wrapped prose: the previous line stops mid-sentence and this one continues it."""
    if _TERMINAL_END_RE.search(previous):
        return False
    if _is_cjk_line(previous):
        return len(previous) >= 30
    return line[:1].islower()


def split_sentences_zh(paragraph: str) -> list[str]:
    """Sentences end at 。！？… outside quotes and brackets; closing marks stay attached.

    An opening mark that nothing closes (a typo, a cut-off quotation) is ignored, or it
    would hold the rest of the paragraph in one sentence.
    """
    stray = stray_marks(paragraph, _OPENERS)
    sentences: list[str] = []
    depth: list[str] = []
    start = 0
    i = 0
    n = len(paragraph)
    while i < n:
        ch = paragraph[i]
        if ch in _OPENERS and i not in stray and not (ch == "(" and depth and depth[-1] != "("):
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


def stray_marks(text: str, pairs: dict[str, str], straight_quote: str | None = None) -> set[int]:
    """Positions of quotation marks and brackets that open nothing closed, or close nothing opened.

    A closer pops back to its own opener; openers skipped on the way were never closed.
    A straight quote opens after a space or a bracket and closes before one; one that does
    neither pairs with what is open.
    """
    closers = {close: open_ for open_, close in pairs.items()}
    stack: list[tuple[int, str]] = []
    stray: set[int] = set()
    for i, ch in enumerate(text):
        if ch == straight_quote:
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            quote_open = any(mark == ch for _, mark in stack)
            opens = (before.isspace() or before in "([{—–/") and not after.isspace()
            closes = not before.isspace() and (after.isspace() or not after.isalnum())
            if quote_open and (closes or not opens):
                k = max(k for k, (_, mark) in enumerate(stack) if mark == ch)
                stray.update(pos for pos, _ in stack[k + 1:])
                del stack[k:]
            elif opens or not closes:
                stack.append((i, ch))
            else:
                stray.add(i)
        elif ch in pairs:
            stack.append((i, ch))
        elif ch in closers:
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][1] == closers[ch]:
                    stray.update(pos for pos, _ in stack[k + 1:])
                    del stack[k:]
                    break
    stray.update(pos for pos, _ in stack)
    return stray


def _skip_closers(text: str, i: int) -> int:
    while i < len(text) and text[i] in _CLOSERS:
        i += 1
    return i


@lru_cache(maxsize=4)
def _pysbd(lang: str):
    import pysbd

    return pysbd.Segmenter(language=lang, clean=False)


_LATIN_PAIRS = {"«": "»", "“": "”", "(": ")", "[": "]"}
_IGNORED_MARK = "\ufffc"  # stands in for a stray mark (for pysbd and when counting marks)


@dataclass(frozen=True)
class _Piece:
    text: str
    marks: str  # the same text with stray marks masked, for counting quotes and brackets
    spaced: bool = True  # whitespace separates it from the previous piece


def split_sentences_latin(paragraph: str, lang: str) -> list[str]:
    pieces = _pieces(paragraph, lang)
    pieces = _merge_unbalanced(pieces)
    pieces = _merge_after_abbreviations(pieces, lang)
    out: list[str] = []
    for piece in pieces:
        out.extend(p.strip() for p in _split_after_closing_quotes(piece) if p.strip())
    return out


def _pieces(paragraph: str, lang: str) -> list[_Piece]:
    """pysbd's sentences, located in the paragraph to know the marks and spaces around them.

    pysbd reads a stray quotation mark as the start of a quotation that runs to the next
    one, so it is given the paragraph with stray marks masked; the text comes back from
    the paragraph itself.
    """
    stray = stray_marks(paragraph, _LATIN_PAIRS, straight_quote='"')
    marks = "".join(_IGNORED_MARK if i in stray else ch for i, ch in enumerate(paragraph))
    pieces: list[_Piece] = []
    cursor = 0
    for raw in _pysbd(lang).segment(marks):
        found = raw.strip()
        if not found:
            continue
        at = marks.find(found, cursor)
        if at < 0:  # pysbd changed the text: take its pieces as they are
            return [_Piece(p.strip(), p.strip()) for p in _pysbd(lang).segment(paragraph) if p.strip()]
        pieces.append(_Piece(paragraph[at:at + len(found)], found, not pieces or at > cursor))
        cursor = at + len(found)
    return pieces


def _join(a: _Piece, b: _Piece) -> _Piece:
    sep = " " if b.spaced else ""
    return _Piece(f"{a.text}{sep}{b.text}", f"{a.marks}{sep}{b.marks}", a.spaced)


def _merge_unbalanced(pieces: list[_Piece]) -> list[_Piece]:
    """Never end a sentence inside « », “ ” or brackets, nor inside a word (c.-à-d.)."""
    merged: list[_Piece] = []
    for piece in pieces:
        if merged and (_is_open(merged[-1].marks) or not piece.spaced):
            merged[-1] = _join(merged[-1], piece)
        else:
            merged.append(piece)
    return merged


def _is_open(text: str) -> bool:
    if any(text.count(a) > text.count(b) for a, b in _LATIN_PAIRS.items()):
        return True
    return text.count('"') % 2 == 1


def _merge_after_abbreviations(pieces: list[_Piece], lang: str) -> list[_Piece]:
    titles = _TITLE_ABBREVIATIONS.get(lang, set())
    numbered = _NUMBER_ABBREVIATIONS.get(lang, set())
    merged: list[_Piece] = []
    for piece in pieces:
        if merged:
            previous = merged[-1].text
            last_word = re.split(r"['’]", previous.rsplit(None, 1)[-1])[-1]  # l'art. → art.
            if (_LIST_MARKER_RE.match(previous)
                    or last_word in titles
                    or (last_word in numbered and piece.text[:1].isdigit())):
                merged[-1] = _join(merged[-1], piece)
                continue
        merged.append(piece)
    return merged


def _split_after_closing_quotes(piece: _Piece) -> list[str]:
    """« Comment allez-vous ? » Puis … : a quoted sentence ends, a new one starts."""
    parts: list[str] = []
    start = 0
    for m in _QUOTE_END_SPLIT_RE.finditer(piece.text):
        if not _is_open(piece.marks[start:m.end(1)]):
            parts.append(piece.text[start:m.end(1)])
            start = m.end()
    parts.append(piece.text[start:])
    return parts


def split_sentences(paragraph: str, lang: str) -> list[str]:
    if lang == "zh":
        return split_sentences_zh(paragraph)
    return split_sentences_latin(paragraph, lang)


def segment_text(text: str, lang: str) -> SegmentedText:
    """Segment a clean text; sentence ids are 0-based in document order.  Control
    characters, which no sentence means and pysbd chokes on, are left out."""
    lang = check_language_code(lang)
    text = remove_controls(text)
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
    lines = CONTROL_RE.sub("", text.replace("\r\n", "\n")).split("\n")  # no control char is a line break here
    if lines and lines[-1] == "":
        lines.pop()
    sentences: list[Sentence] = []
    paragraph_id = 0
    for number, line in enumerate(lines):
        if not line.strip() and sentences and sentences[-1].text:
            paragraph_id += 1
        sentences.append(Sentence(number, line.strip(), paragraph_id))
    return SegmentedText(lang=lang, sentences=tuple(sentences))
