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
from dataclasses import dataclass, replace
from functools import lru_cache

from .lang.langid import check_language_code
from .lang.script import CONTROL_RE, han_counts, remove_controls
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
    """Paragraphs are non-empty lines; a line broken inside a sentence is re-joined.

    Each paragraph keeps its parts and its letter counts as it grows, so re-joining
    100,000 wrapped lines costs what reading them does (joining string by string was
    quadratic)."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    paragraphs: list[_Paragraph] = []
    previous_blank = True
    for line in lines:
        if not line:
            previous_blank = True
            continue
        if paragraphs and not previous_blank and _is_wrapped(paragraphs[-1], line):
            paragraphs[-1].add(line)
        else:
            paragraphs.append(_Paragraph(line))
        previous_blank = False
    return ["".join(p.parts) for p in paragraphs]


class _Paragraph:
    """A paragraph being re-joined from lines: its parts, length and letters so far."""

    def __init__(self, line: str) -> None:
        self.parts = [line]
        self.length = 0
        self.han = self.letters = 0
        self._count(line)

    def _count(self, part: str) -> None:
        han, letters = han_counts(part)
        self.length += len(part)
        self.han += han
        self.letters += letters

    @property
    def last(self) -> str:
        return self.parts[-1]

    @property
    def is_cjk(self) -> bool:
        return self.letters > 0 and self.han / self.letters >= _CJK_LINE

    def add(self, line: str) -> None:
        joiner = "" if self.is_cjk else " "
        self.parts += [joiner, line]
        self._count(joiner + line)


_CJK_LINE = 0.3  # Han share of letters above which a line is Chinese


def _is_wrapped(previous: _Paragraph, line: str) -> bool:
    """Hard-wrapped prose: the previous line stops mid-sentence and this one continues it."""
    if _TERMINAL_END_RE.search(previous.last):
        return False
    if previous.is_cjk:
        return previous.length >= 30
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
    neither pairs with what is open.  Linear in the text: each mark is pushed and popped
    once, and where each kind of mark last opened is kept (a line of a million openers
    costs no more than a sentence's worth each).
    """
    closers = {close: open_ for open_, close in pairs.items()}
    stack: list[tuple[int, str]] = []
    where: dict[str, list[int]] = {}  # mark -> its indices in the stack, ascending
    stray: set[int] = set()

    def close_from(k: int) -> None:  # stack[k] is closed; the openers after it never were
        stray.update(pos for pos, _ in stack[k + 1:])
        for _, mark in stack[k:]:
            where[mark].pop()
        del stack[k:]

    def push(i: int, mark: str) -> None:
        where.setdefault(mark, []).append(len(stack))
        stack.append((i, mark))

    for i, ch in enumerate(text):
        if ch == straight_quote:
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            quote_open = bool(where.get(ch))
            opens = (before.isspace() or before in "([{—–/") and not after.isspace()
            closes = not before.isspace() and (after.isspace() or not after.isalnum())
            if quote_open and (closes or not opens):
                close_from(where[ch][-1])
            elif opens or not closes:
                push(i, ch)
            else:
                stray.add(i)
        elif ch in pairs:
            push(i, ch)
        elif ch in closers and where.get(closers[ch]):
            close_from(where[closers[ch]][-1])
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


# pysbd's cost grows with the square of its input (it searches the whole text for each
# sentence it found): a long paragraph is given to it in chunks cut where a sentence surely
# ends, so segmenting stays linear (a 1 MB line: 451 s before, bench/limits.py).  Paragraphs
# up to _PYSBD_CHUNK characters, nearly all, go whole.
_PYSBD_CHUNK = 2000
# a lower-case word of three letters or more, a terminal mark, a space and a capital: no
# abbreviation (U.S. President, M. Dupont) ends that way
_SURE_END_RE = re.compile(r"(?<=[a-zß-öø-ÿ]{3})[.!?…][»”\"')\]]*\s+(?=[«“\"(]?[A-ZÀ-ÖØ-Þ])")


@dataclass(frozen=True)
class _Piece:
    text: str
    marks: str  # the same text with stray marks masked, for counting quotes and brackets
    spaced: bool = True  # whitespace separates it from the previous piece
    gap: str = " "  # the whitespace that does, as the paragraph writes it
    glued: bool = False  # it starts where a chunk was cut mid-sentence: it continues the previous one


def _balance(marks: str) -> tuple[int, ...]:
    """Openers less closers of each pair, and straight quotes: additive over pieces."""
    return (*(marks.count(a) - marks.count(b) for a, b in _LATIN_PAIRS.items()), marks.count('"'))


def _is_open(balance: tuple[int, ...]) -> bool:
    return any(c > 0 for c in balance[:-1]) or balance[-1] % 2 == 1


def _add(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(x + y for x, y in zip(a, b))


def split_sentences_latin(paragraph: str, lang: str) -> list[str]:
    groups = _merge_unbalanced(_pieces(paragraph, lang))
    groups = _merge_after_abbreviations(groups, lang)
    out: list[str] = []
    for group in groups:
        out.extend(p.strip() for p in _split_after_closing_quotes(_joined(group)) if p.strip())
    return out


def _chunks(text: str, size: int = _PYSBD_CHUNK) -> list[tuple[int, int, bool]]:
    """(start, end, sure) spans of at most about ``size`` characters, cut after a sentence
    that surely ends (terminal mark, space, capital), else at a space, else anywhere; ``sure``
    says whether the cut before the span is a sentence end (the first span's is)."""
    spans: list[tuple[int, int, bool]] = []
    start, sure = 0, True
    while len(text) - start > size:
        window = text[start:start + size]
        cut = None
        for m in _SURE_END_RE.finditer(window, size // 2):
            cut = m.end()
        next_sure = cut is not None
        if cut is None:
            space = window.rfind(" ", size // 2)
            cut = space + 1 if space > 0 else size
        spans.append((start, start + cut, sure))
        start, sure = start + cut, next_sure
    spans.append((start, len(text), sure))
    return spans


def _pieces(paragraph: str, lang: str) -> list[_Piece]:
    """pysbd's sentences, located in the paragraph to know the marks and spaces around them.

    pysbd reads a stray quotation mark as the start of a quotation that runs to the next
    one, so it is given the paragraph with stray marks masked; the text comes back from
    the paragraph itself.
    """
    stray = stray_marks(paragraph, _LATIN_PAIRS, straight_quote='"')
    marks = "".join(_IGNORED_MARK if i in stray else ch for i, ch in enumerate(paragraph))
    pieces: list[_Piece] = []
    for start, end, sure in _chunks(marks):
        chunk: list[_Piece] = []
        cursor = start
        for raw in _pysbd(lang).segment(marks[start:end]):
            found = raw.strip()
            if not found:
                continue
            at = marks.find(found, cursor, end)
            if at < 0:  # pysbd changed the text: take its pieces of this chunk as they are
                chunk = [_Piece(p.strip(), p.strip()) for p in _pysbd(lang).segment(paragraph[start:end])
                         if p.strip()]
                break
            gap = _space_before(paragraph, at)
            spaced = not (pieces or chunk) or at > cursor or bool(gap)
            chunk.append(_Piece(paragraph[at:at + len(found)], found, spaced, gap or " "))
            cursor = at + len(found)
        if chunk and not sure:  # cut at a space, not a sentence end: the first piece continues
            chunk[0] = replace(chunk[0], glued=True)
        pieces += chunk
    return pieces


def _space_before(text: str, at: int) -> str:
    start = at
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return text[start:at]


def _joined(group: list[_Piece]) -> _Piece:
    """One piece of a group of pieces, built once (joining two at a time is quadratic)."""
    text = [group[0].text]
    marks = [group[0].marks]
    for piece in group[1:]:
        sep = piece.gap if piece.spaced else ""
        text += [sep, piece.text]
        marks += [sep, piece.marks]
    return _Piece("".join(text), "".join(marks), group[0].spaced)


def _merge_unbalanced(pieces: list[_Piece]) -> list[list[_Piece]]:
    """Never end a sentence inside « », “ ” or brackets, nor inside a word (c.-à-d.)."""
    groups: list[list[_Piece]] = []
    balance: tuple[int, ...] = ()
    for piece in pieces:
        if groups and (_is_open(balance) or not piece.spaced or piece.glued):
            groups[-1].append(piece)
            balance = _add(balance, _balance(piece.marks))
        else:
            groups.append([piece])
            balance = _balance(piece.marks)
    return groups


def _merge_after_abbreviations(groups: list[list[_Piece]], lang: str) -> list[list[_Piece]]:
    titles = _TITLE_ABBREVIATIONS.get(lang, set())
    numbered = _NUMBER_ABBREVIATIONS.get(lang, set())
    merged: list[list[_Piece]] = []
    for group in groups:
        if merged:
            previous = merged[-1]
            last_word = re.split(r"['’]", _last_word(previous))[-1]  # l'art. → art.
            first = group[0].text
            if ((len(previous) == 1 and _LIST_MARKER_RE.match(previous[0].text))
                    or last_word in titles
                    or (last_word in numbered and first[:1].isdigit())):
                previous.extend(group)
                continue
        merged.append(list(group))
    return merged


def _last_word(group: list[_Piece]) -> str:
    """The last word of a group of pieces (a word may run over pieces joined without a space)."""
    tail = ""
    for piece in reversed(group):
        tail = piece.text + tail
        if piece.spaced or any(c.isspace() for c in piece.text):
            break
    return tail.rsplit(None, 1)[-1]  # pieces are stripped, never blank


def _split_after_closing_quotes(piece: _Piece) -> list[str]:
    """« Comment allez-vous ? » Puis … : a quoted sentence ends, a new one starts."""
    parts: list[str] = []
    start = counted = 0
    balance = _balance("")
    for m in _QUOTE_END_SPLIT_RE.finditer(piece.text):
        balance = _add(balance, _balance(piece.marks[counted:m.end(1)]))
        counted = m.end(1)
        if not _is_open(balance):
            parts.append(piece.text[start:m.end(1)])
            start = counted = m.end()  # only spaces lie between: nothing to count
            balance = _balance("")
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
