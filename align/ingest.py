"""Ingest: turn a scraped page (text or HTML) into the statement text only.

The page is read line by line.  Each line is repaired (reviewed corrections,
lost full-width spaces, pinyin annotations), converted to Simplified script,
then classified as prose, heading, metadata, navigation, boilerplate or spam.
The statement is the longest run of prose (headings may sit inside it, and
injected spam is dropped from it; other furniture ends it), and its title the
nearest heading above it.  Nothing here knows the wording of any particular
page: the rules describe what news-page furniture looks like in general, and
bench/ingest_tico.py measures them on pages they were not written from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path

from .errors import BadInputError
from .lang.langid import ensure_language
from .lang.numbers import MONTH_NAMES
from .lang.script import (
    CONTROL_RE,
    HAN_CLASS,
    is_cjk,
    is_han,
    is_private_use,
    remove_controls,
    to_simplified,
)
from .limits import DEFAULT_LIMITS, Limits
from .models import CleanText, Issue
from .textio import decode, read_bytes

# --------------------------------------------------------------------------- corrections


@dataclass(frozen=True)
class Correction:
    """One reviewed fix: replace ``raw`` (verbatim in the page) with ``fixed``."""

    raw: str
    fixed: str
    reason: str
    source_line: int


_ESCAPE_RE = re.compile(r"\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})|\\t|\\\\")


def _unescape(field: str) -> str:
    """Corrections may spell invisible characters as \\uXXXX so reviewers can see them."""

    def sub(m: re.Match) -> str:
        if m.group(1) or m.group(2):
            return chr(int(m.group(1) or m.group(2), 16))
        return "\t" if m.group(0) == "\\t" else "\\"

    return _ESCAPE_RE.sub(sub, field)


def load_corrections(path: Path) -> tuple[Correction, ...]:
    """Read a corrections file: ``raw<TAB>fixed<TAB>reason`` a line, ``#`` comments."""
    text, _ = decode(read_bytes(path), str(path))
    corrections = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 2 or not fields[0]:
            raise BadInputError(
                f"{path}:{number}: expected 'raw text<TAB>replacement<TAB>reason'")
        corrections.append(Correction(_unescape(fields[0]), _unescape(fields[1]),
                                      fields[2].strip() if len(fields) > 2 else "", number))
    return tuple(corrections)


def default_corrections_path(page: Path) -> Path:
    """``texts/zh/doc.raw.txt`` → ``texts/zh/doc.corrections.tsv``."""
    stem = page.name.split(".")[0]
    return page.with_name(f"{stem}.corrections.tsv")


# --------------------------------------------------------------------------- HTML

_DROPPED_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside",
                 "form", "iframe", "svg", "button", "select", "template")
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5",
               "h6", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th", "table",
               "blockquote", "pre", "title", "figcaption", "hr", "address"}


def looks_like_html(text: str) -> bool:
    head = text[:4000].lower()
    return "<html" in head or "<!doctype html" in head or (
        head.count("<p") + head.count("<div") + head.count("<br")) >= 3


def html_to_lines(html: str) -> str:
    """Visible text of an HTML page, one block element a line (lxml, not regexes)."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except Exception as exc:  # lxml raises several types for garbage input
        raise BadInputError(f"cannot parse HTML: {exc}") from None
    for tag in _DROPPED_TAGS:
        for element in root.iter(tag):
            if element.getparent() is not None:
                element.drop_tree()
    if root.find(".//h1") is not None:  # the page's own heading names the document, not the tab's <title>
        for element in root.iter("title"):
            if element.getparent() is not None:
                element.drop_tree()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "br" or element.tag in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
        if element.tag in _BLOCK_TAGS:
            element.text = "\n" + (element.text or "")
    return root.text_content()


# --------------------------------------------------------------------------- line repairs

# Lost full-width spaces (U+3000 paragraph indents) that a converter wrote as "??".
_LOST_SPACES_RE = re.compile(r"^(?:\?\?|？？)+")

_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_LETTERS = f"a-zü{_TONE_VOWELS}ńňǹḿ"
_PINYIN_NOTE_RE = re.compile(
    f"(?P<han>[{HAN_CLASS}])(?P<open>[(（])(?P<syl>[{_PINYIN_LETTERS}]{{1,7}})[)）]")
_TONELESS = str.maketrans({**{v: b for b, vs in (
    ("a", "āáǎà"), ("e", "ēéěè"), ("i", "īíǐì"), ("o", "ōóǒò"), ("u", "ūúǔù"),
    ("v", "ǖǘǚǜü"), ("n", "ńňǹ"), ("m", "ḿ")) for v in vs}})


def _toneless(syllable: str) -> str:
    return syllable.translate(_TONELESS)


@lru_cache(maxsize=1)
def _pinyin_syllables() -> frozenset[str]:
    from pypinyin.pinyin_dict import pinyin_dict

    syllables = set()
    for readings in pinyin_dict.values():
        syllables.update(_toneless(r) for r in readings.split(","))
    return frozenset(syllables)


@lru_cache(maxsize=4096)
def _readings(han: str) -> frozenset[str]:
    from pypinyin import Style, pinyin

    return frozenset(_toneless(r) for r in pinyin(han, style=Style.TONE, heteronym=True)[0])


def is_pinyin_note(han: str, syllable: str) -> bool:
    """True when ``syllable`` in ``han(syllable)`` is a reading annotation, not real text.

    The syllable must be one of the character's readings, or a well-formed
    tone-marked syllable (converters and dictionaries disagree on rare readings).
    ``能(ai)`` or ``善(AI for good)`` stay: not a reading, not a marked syllable.
    """
    toneless = _toneless(syllable)
    if toneless in _readings(han):
        return True
    has_tone = any(c in _TONE_VOWELS for c in syllable)
    return has_tone and toneless in _pinyin_syllables()


def remove_pinyin_notes(line: str) -> str:
    return _PINYIN_NOTE_RE.sub(
        lambda m: m.group("han") if is_pinyin_note(m.group("han"), m.group("syl")) else m.group(0),
        line)


# --------------------------------------------------------------------------- mojibake

_PINYIN_FRAGMENT_RE = re.compile(f"[{_PINYIN_LETTERS}]*[{_TONE_VOWELS}][{_PINYIN_LETTERS}]*\\)?")
_LATIN_MOJIBAKE_RE = re.compile("[ÃÂâ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")


def _strong_signal_spans(line: str) -> list[tuple[int, int]]:
    """Characters that do not occur in sound text: each a certain sign of damage."""
    spans = []
    for i, ch in enumerate(line):
        if is_private_use(ch) or ch == "\ufffd":
            spans.append((i, i + 1))
        elif ch in "?？" and _han_near(line, i):
            spans.append((i, i + 1))
    for m in _PINYIN_FRAGMENT_RE.finditer(line):
        # A tone-marked syllable glued to Han text without its "(": a broken annotation.
        start = m.start()
        if start > 0 and line[start - 1] not in "(（" and _han_near(line, start, m.end()):
            spans.append((start, m.end()))
    for m in _LATIN_MOJIBAKE_RE.finditer(line):
        spans.append((m.start(), m.end()))
    return spans


def _han_near(line: str, start: int, end: int | None = None) -> bool:
    end = start + 1 if end is None else end
    before = line[start - 1] if start > 0 else ""
    after = line[end] if end < len(line) else ""
    return bool(before and is_han(before)) or bool(after and is_han(after))


def _is_weak_signal(line: str, i: int) -> bool:
    """Characters that are odd here but possible in sound text: they extend a damaged span."""
    ch = line[i]
    if ch.isascii() and ch.isalpha():
        word_start, word_end = i, i + 1
        while word_start > 0 and line[word_start - 1].isascii() and line[word_start - 1].isalpha():
            word_start -= 1
        while word_end < len(line) and line[word_end].isascii() and line[word_end].isalpha():
            word_end += 1
        # A stray letter or two glued to Han text or to other damage.
        glued = any(0 <= j < len(line) and (is_han(line[j]) or is_private_use(line[j]))
                    for j in (word_start - 1, word_end))
        return word_end - word_start <= 2 and glued
    if is_han(ch):
        return _is_rare_han(ch)
    return ch in ")）" or is_private_use(ch)


@lru_cache(maxsize=8192)
def _is_rare_han(ch: str) -> bool:
    """Outside both GB2312 and Big5's common sets: typical of mis-decoded bytes."""
    for encoding in ("gb2312", "big5"):
        try:
            ch.encode(encoding)
            return False
        except UnicodeEncodeError:
            pass
    return True


def find_mojibake(line: str) -> list[tuple[int, int]]:
    """Spans of damaged text in one line, as (start, end) offsets."""
    spans = sorted(_strong_signal_spans(line))
    merged: list[list[int]] = []
    for start, end in spans:
        while start > 0 and _is_weak_signal(line, start - 1):
            start -= 1
        while end < len(line) and _is_weak_signal(line, end):
            end += 1
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


# --------------------------------------------------------------------------- classification


class LineKind(Enum):
    BLANK = "blank"
    PROSE = "prose"
    HEADING = "heading"
    META = "meta"
    NAV = "nav"
    BOILERPLATE = "boilerplate"
    SPAM = "spam"  # injected junk, not page structure: the statement may go on after it


# What the furniture of Chinese news pages says (reprint notices, app and social
# blocks, bylines).  A strong phrase marks a line on its own; weak words need company,
# because a statement may well speak of 版权 (copyright) or a 客户端 (client) itself.
_STRONG_BOILERPLATE = ("版权所有", "版权声明", "转载请", "禁止转载", "不得转载", "严禁转载",
                       "扫码", "扫一扫", "二维码", "关注公众号", "微信公众号", "客户端下载",
                       "责任编辑", "免责声明", "不得复制", "依法追究", "上一篇", "下一篇",
                       "当前位置", "分享到", "关注@", "官方微博", "官方微信", "Copyright", "©",
                       "All rights reserved", "Tous droits réservés")
_SPAM = ("无码", "在线观看", "人妻", "一区二区", "彩票", "博彩", "成人精品")
_WEAK_BOILERPLATE = ("微信", "微博", "下载", "APP", "授权", "来源", "编辑", "记者", "网站",
                     "联系电话", "邮箱", "本网", "首页", "登录", "注册", "订阅", "视频", "频道",
                     "版权", "转载", "客户端", "公众号", "抖音")
_LABEL_RE = re.compile(r"^[^\s:：,，。]{1,6}\s*[:：]\s*\S")
_DATE_RE = re.compile(r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
_TIME_RE = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")
# a date in words, as French and English datelines write it: 6 mai 2024, 1er juin 2023, May 6, 2024
_MONTHS = "|".join(m for lang in ("fr", "en") for m in MONTH_NAMES[lang])
_WORD_DATE_RE = re.compile(rf"\b\d{{1,2}}(?:er)?\s+(?:{_MONTHS})\s+(?:19|20)\d\d\b"
                           rf"|\b(?:{_MONTHS})\s+\d{{1,2}},?\s+(?:19|20)\d\d\b", re.IGNORECASE)
_BREADCRUMB_RE = re.compile(r"\S\s*[>»›]\s*\S")
# a colon ends a sentence that introduces a list
_SENTENCE_END_RE = re.compile(r"[。！？!?…．.;；：:][”’」』》)）\"'»]*\s*$")


def _count_words(text: str) -> int:
    """Han characters count one each; other words by whitespace."""
    han = sum(1 for c in text if is_han(c))
    latin = len(re.sub(f"[{HAN_CLASS}]", " ", text).split())
    return han + latin


def classify_line(line: str) -> LineKind:
    text = line.strip()
    if not text:
        return LineKind.BLANK
    strong = sum(1 for w in _STRONG_BOILERPLATE if w.lower() in text.lower())
    weak = sum(1 for w in _WEAK_BOILERPLATE if w.lower() in text.lower())
    is_sentence = bool(_SENTENCE_END_RE.search(text)) and _count_words(text) >= 8
    tokens = text.split()
    if not is_sentence and any(w in text for w in _SPAM):
        return LineKind.SPAM
    if strong:
        return LineKind.BOILERPLATE
    if not is_sentence and (_DATE_RE.search(text) or _TIME_RE.search(text)
                            or (_WORD_DATE_RE.search(text) and _count_words(_WORD_DATE_RE.sub(" ", text)) <= 4)):
        return LineKind.META  # dateline, often with source and author
    if not is_sentence and _LABEL_RE.match(text) and _count_words(text) <= 20:
        return LineKind.META  # "label: value" bylines
    if weak >= (3 if is_sentence else 1):
        return LineKind.BOILERPLATE
    if _BREADCRUMB_RE.search(text) and not is_sentence:
        return LineKind.NAV
    if not is_sentence and _is_menu(text, tokens):
        return LineKind.NAV
    if is_sentence:
        return LineKind.PROSE
    if _is_keyword_list(text):
        return LineKind.SPAM
    return LineKind.HEADING


def _is_menu(text: str, tokens: list[str]) -> bool:
    """A menu: many short items.  Chinese items are separated by spaces (新闻 政策 图片 视频);
    in French or English every word is separated so, and a heading (Déclaration conjointe sur
    l'intelligence artificielle) is no menu: there the items need a separator (| · • /)."""
    if any(is_han(c) for c in text):
        return len(tokens) >= 4 and all(_count_words(t) <= 6 for t in tokens)
    items = [i for i in re.split(r"\s*[|·•/]\s*", text) if i.strip()]
    return len(items) >= 3 and all(_count_words(i) <= 4 for i in items)


def _is_keyword_list(text: str) -> bool:
    """Keyword stuffing: a long list of short phrases, with no sentence inside."""
    fragments = [f for f in re.split(r"[,，、|]\s*", text) if f.strip()]
    return (len(fragments) >= 3 and _count_words(text) >= 15
            and not re.search(r"[。！？!?]", text)
            and max(_count_words(f) for f in fragments) <= 15)


@dataclass(frozen=True)
class PageLine:
    number: int  # 1-based line number in the (corrected) page
    raw: str  # the line as it came
    text: str  # repaired and converted
    kind: LineKind = LineKind.BLANK


def select_statement(lines: list[PageLine]) -> tuple[PageLine | None, list[PageLine]]:
    """The title and body paragraphs: the run of prose with the most words.

    A run is prose and headings without metadata, navigation or boilerplate in
    between; injected spam is dropped without ending the run.  Headings at its
    end are page furniture, not statement.
    """
    runs: list[list[PageLine]] = []
    current: list[PageLine] = []
    for line in lines:
        if line.kind in (LineKind.PROSE, LineKind.HEADING):
            current.append(line)
        elif line.kind not in (LineKind.BLANK, LineKind.SPAM):
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)

    def prose_words(run: list[PageLine]) -> int:
        return sum(_count_words(line.text) for line in run if line.kind == LineKind.PROSE)

    runs = [run for run in runs if prose_words(run) > 0]
    if not runs:
        return None, []
    best = max(runs, key=prose_words)
    first = next(i for i, line in enumerate(best) if line.kind == LineKind.PROSE)
    last = max(i for i, line in enumerate(best) if line.kind == LineKind.PROSE)
    body = best[first:last + 1]
    title = _title_above(lines, body[0])
    return title, body


_TITLE_LOOKBACK = 3  # furniture lines (dateline, share buttons…) allowed between title and text


def _title_above(lines: list[PageLine], first_body_line: PageLine) -> PageLine | None:
    """The nearest heading above the body, looking past a few furniture lines."""
    index = next(i for i, line in enumerate(lines) if line is first_body_line)
    skipped = 0
    for line in reversed(lines[:index]):
        if line.kind == LineKind.BLANK:
            continue
        if line.kind == LineKind.HEADING:
            return line
        skipped += 1
        if line.kind == LineKind.PROSE or skipped > _TITLE_LOOKBACK:
            return None
    return None


# --------------------------------------------------------------------------- punctuation

_ASCII_TO_FULLWIDTH = {",": "，", ":": "：", ";": "；"}


def fullwidth_punctuation(text: str) -> str:
    """ASCII , : ; beside Chinese text become full-width; 12:30 or 1,000 stay."""
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch in _ASCII_TO_FULLWIDTH:
            before = chars[i - 1] if i > 0 else ""
            after = chars[i + 1] if i + 1 < len(chars) else ""
            if (before and is_cjk(before)) or (after and is_cjk(after)):
                chars[i] = _ASCII_TO_FULLWIDTH[ch]
    return "".join(chars)


# --------------------------------------------------------------------------- the stage


def apply_corrections(text: str, corrections: tuple[Correction, ...]) -> tuple[str, int, list[Issue]]:
    applied, issues = 0, []
    for correction in corrections:
        count = text.count(correction.raw)
        if count == 0:
            issues.append(Issue("unused-correction", correction.source_line, 1, correction.raw,
                                f"correction on line {correction.source_line} of the corrections "
                                f"file matches nothing in the page"))
            continue
        text = text.replace(correction.raw, correction.fixed)
        applied += count
    return text, applied, issues


MAX_CONTROL_ISSUES = 10


def normalise_controls(text: str) -> tuple[str, tuple[Issue, ...]]:
    """``text`` without control characters, and an issue for each one removed (the first
    MAX_CONTROL_ISSUES, then one that counts the rest): they are never stored."""
    if not CONTROL_RE.search(text):
        return text, ()
    issues: list[Issue] = []
    found = 0
    for number, line in enumerate(text.split("\n"), 1):
        for m in CONTROL_RE.finditer(line):
            found += 1
            if found <= MAX_CONTROL_ISSUES:
                issues.append(Issue("control-character", number, m.start() + 1, f"U+{ord(m.group()):04X}",
                                    f"line {number}, column {m.start() + 1}: control character "
                                    f"U+{ord(m.group()):04X} removed"))
    if found > MAX_CONTROL_ISSUES:
        issues.append(Issue("control-character", 0, 0, "",
                            f"{found - MAX_CONTROL_ISSUES} more control characters removed"))
    return remove_controls(text), tuple(issues)


def ingest_text(page: str, lang: str = "zh", *, corrections: tuple[Correction, ...] = (),
                name: str = "<page>") -> CleanText:
    """Clean one scraped page; pure function of its arguments."""
    if looks_like_html(page):
        page = html_to_lines(page)
    page = page.replace("\r\n", "\n").replace("\r", "\n")
    page, control_issues = normalise_controls(page)
    page, applied, issues = apply_corrections(page, corrections)
    issues = list(control_issues) + issues

    lines: list[PageLine] = []
    for number, raw in enumerate(page.split("\n"), 1):
        text = raw.strip(" \t\u3000\u00a0\ufeff")
        text = _LOST_SPACES_RE.sub("", text).strip(" \t\u3000\u00a0")
        if lang == "zh":
            text = to_simplified(remove_pinyin_notes(text))
        lines.append(PageLine(number, raw, text, classify_line(text)))

    title, body = select_statement(lines)
    if not body:
        raise BadInputError(f"{name}: no statement text found (no run of sentences in the page)")
    kept = ([title] if title else []) + body
    for line in kept:
        issues.extend(_mojibake_issues(line))
    paragraphs = [line.text for line in kept]
    if lang == "zh":
        paragraphs = [fullwidth_punctuation(p) for p in paragraphs]
    text = "\n\n".join(paragraphs) + "\n"
    ensure_language(text, lang, name)
    return CleanText(lang=lang, text=text, issues=tuple(issues), corrections_applied=applied,
                     summary=_summary(lines, title, body))


_LEFT_OUT = {LineKind.NAV: "navigation", LineKind.META: "dateline or byline", LineKind.BOILERPLATE: "boilerplate",
             LineKind.SPAM: "spam", LineKind.HEADING: "heading outside the text", LineKind.PROSE: "text outside the statement"}


def _summary(lines: list[PageLine], title: PageLine | None, body: list[PageLine]) -> str:
    """"kept the title and 12 paragraphs; left out 9 lines: 4 navigation, 3 boilerplate, …"."""
    kept = {id(line) for line in ([title] if title else []) + body}
    left: dict[str, int] = {}
    for line in lines:
        if line.kind != LineKind.BLANK and id(line) not in kept:
            left[_LEFT_OUT[line.kind]] = left.get(_LEFT_OUT[line.kind], 0) + 1
    head = f"kept {'the title and ' if title else 'no title, '}{len(body)} paragraph(s)"
    if not left:
        return head + "; left out nothing"
    return (f"{head}; left out {sum(left.values())} line(s): "
            + ", ".join(f"{n} {what}" for what, n in sorted(left.items(), key=lambda kv: -kv[1])))


def _mojibake_issues(line: PageLine) -> list[Issue]:
    issues = []
    content = line.raw.lstrip(" \t\u3000\u00a0\ufeff")
    marker = _LOST_SPACES_RE.match(content)
    offset = len(line.raw) - len(content) + (marker.end() if marker else 0)
    for start, end in find_mojibake(line.raw[offset:]):
        start, end = start + offset, end + offset
        span = line.raw[start:end]
        shown = "".join(c if c.isprintable() and not is_private_use(c) else f"\\u{ord(c):04x}"
                        for c in span)
        issues.append(Issue("mojibake", line.number, start + 1, span,
                            f"line {line.number}, column {start + 1}: damaged text '{shown}' "
                            f"({len(span)} characters); add a fix to the corrections file"))
    return issues


def ingest_file(path: Path, lang: str = "zh", *, corrections_path: Path | None = None,
                use_corrections: bool = True, limits: Limits = DEFAULT_LIMITS) -> CleanText:
    path = Path(path)
    page, _encoding = decode(read_bytes(path, limits), str(path), lang)  # lines: of the clean text
    if not use_corrections:
        corrections_path = None
    elif corrections_path is None:
        candidate = default_corrections_path(path)
        corrections_path = candidate if candidate.exists() else None
    corrections = load_corrections(corrections_path) if corrections_path else ()
    return ingest_text(page, lang, corrections=corrections, name=str(path))
