"""PDF with a text layer, with pdfminer.six (MIT): the text boxes of each page in reading
order, one paragraph a box, with what would derail alignment removed:

- running headers and footers: a line at the top or the bottom of most pages that says the
  same thing on each (digits aside);
- page numbers: a box holding only a number ("3", "- 3 -", "Page 3", "3/12", "第3页");
- a paragraph cut by a page break (the page's last one does not end a sentence) joined
  to its continuation at the top of the next page;
- hyphenation at line ends undone ("inter-\\nnational" → "international" when the next line
  starts in lower case), line breaks inside a paragraph joined (no space between Chinese
  characters).

A PDF without any text (a scan) is refused with a message saying OCR is needed; an encrypted
one, or one that is not a PDF, with one message naming it.
"""
from __future__ import annotations

import io
import re
from typing import ClassVar

from ..errors import BadInputError
from . import ReadDocument, clean_paragraph

_PAGE_NUMBER = re.compile(r"^(?:(?:page|p\.|seite)\s*)?[-–—(]?\s*(?:\d{1,4}|[ivxlc]{1,7})\s*[-–—)]?"
                          r"(?:\s*(?:/|of|sur|de)\s*\d{1,4})?$"
                          r"|^第\s*\d{1,4}\s*页(?:\s*[/共]\s*\d{1,4}\s*页?)?$", re.IGNORECASE)
_PAGE_WORD = re.compile(r"\bpages?\b|\bp\.\s*\d|\d\s*(?:/|of|sur|de)\s*\d|第\s*\d+\s*页|\bseite\b", re.IGNORECASE)
_HYPHEN_END = re.compile(r"(\w)-$")
_SOFT = "\u00ad"  # marks a line-end hyphen until the document's words say which kind it is
_BROKEN = re.compile(rf"(\w+){_SOFT}(\w+)")
_EDGE = 0.12  # a line within 12 % of the page's height from its top or bottom is at an edge


class PdfReader:
    name: ClassVar[str] = "PDF"
    suffixes: ClassVar[tuple[str, ...]] = (".pdf",)

    def read(self, data: bytes, name: str) -> ReadDocument:
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LAParams, LTTextBox
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
        from pdfminer.pdfparser import PDFSyntaxError
        from pdfminer.psparser import PSException

        if not data.lstrip()[:5].startswith(b"%PDF"):
            raise BadInputError(f"{name}: not a PDF file (no %PDF header)")
        pages: list[list[tuple[str, bool]]] = []  # per page: (box text, at the top or bottom edge)
        try:
            for page in extract_pages(io.BytesIO(data), laparams=LAParams()):
                height = page.height or 1
                boxes = sorted((b for b in page if isinstance(b, LTTextBox)), key=lambda b: (-b.y1, b.x0))
                pages.append([(text, top < height * _EDGE or bottom > height * (1 - _EDGE))
                              for b in boxes for text, top, bottom in _paragraphs_of(b, height)])
        except (PDFPasswordIncorrect, PDFEncryptionError):
            raise BadInputError(f"{name}: the PDF is encrypted; save a copy without a password") from None
        except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
            raise BadInputError(f"{name}: a damaged PDF ({type(exc).__name__}: {exc})") from None
        except Exception as exc:  # pdfminer raises many kinds on broken files
            if "encrypt" in type(exc).__name__.lower() or "password" in str(exc).lower():
                raise BadInputError(f"{name}: the PDF is encrypted; save a copy without a password") from None
            raise BadInputError(f"{name}: a damaged PDF ({type(exc).__name__}: {exc})") from None
        if not pages:
            raise BadInputError(f"{name}: the PDF has no pages")
        if not any(text.strip() for page in pages for text, _ in page):
            raise BadInputError(f"{name}: the PDF has no text layer (a scan?): run OCR on it first")
        running = _running_lines(pages)
        paragraphs, headers, numbers = [], 0, 0
        for page in pages:
            page_start = len(paragraphs)
            for text, at_edge in page:
                lines = [line.strip() for line in text.splitlines() if line.strip()]
                if at_edge and len(lines) == 1 and _PAGE_NUMBER.match(lines[0]):
                    numbers += 1
                    continue
                if at_edge and 0 < len(lines) <= 3 and all(_key(line) in running for line in lines):
                    headers += 1
                    continue
                paragraph = _join(lines)
                if not paragraph:
                    continue
                cut = paragraphs and not paragraphs[-1].endswith(_FINAL)
                if cut and (len(paragraphs) == page_start or paragraph[:1].islower()):
                    # a paragraph a page or column break cut: it goes on here
                    paragraphs[-1] = _join([paragraphs[-1], paragraph])
                else:
                    paragraphs.append(paragraph)
        paragraphs = _unhyphenate(paragraphs)
        dropped = tuple(message for count, message in (
            (headers, f"{headers} running header or footer line(s)"), (numbers, f"{numbers} page number(s)")) if count)
        return ReadDocument(tuple(paragraphs), (), dropped)


_LIST_MARK = re.compile(r"^(?:\d{1,3}|[a-z]|[ivx]{1,5})[.)]\s|^[•·▪●◦–-]\s|^[（(]?[一二三四五六七八九十]{1,3}[、）)]")
_FINAL = tuple(".!?。！？:;»\"”")


def _paragraphs_of(box, height: float) -> list[tuple[str, float, float]]:
    """A text box cut into paragraphs where a new one starts: a change of font size (a heading
    above its text), a gap between lines, a list item's mark, or a short line that ends a
    sentence.  pdfminer puts a heading and its paragraph, or a whole list, in one box.  Each
    paragraph with how far from the page's top its top and bottom lines are (a running header
    is a paragraph of its own at the very top, whatever box pdfminer put it in)."""
    from pdfminer.layout import LTChar, LTTextLine

    lines = [line for line in box if isinstance(line, LTTextLine) and line.get_text().strip()]
    if not lines:
        return []

    def size(line) -> float:  # noqa: E306
        sizes = [c.size for c in line if isinstance(c, LTChar)]
        return sum(sizes) / len(sizes) if sizes else line.height

    width = max(1.0, box.x1 - box.x0)
    out, current = [], [lines[0]]

    def close() -> None:
        out.append(("".join(x.get_text() for x in current), height - current[0].y1, height - current[-1].y0))

    for previous, line in zip(lines, lines[1:]):
        text = line.get_text().strip()
        gap = previous.y0 - line.y1
        new = (abs(size(line) - size(previous)) > 0.15 * max(size(previous), 1)
               or gap > 0.6 * max(previous.height, 1)
               or _LIST_MARK.match(text)
               or (previous.get_text().rstrip().endswith(_FINAL) and previous.x1 < box.x1 - 0.15 * width))
        if new:
            close()
            current = []
        current.append(line)
    close()
    return out


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).casefold()


def _running_lines(pages: list[list[tuple[str, bool]]]) -> set[str]:
    """Lines at a page's edge that come back on at least half the pages (two at least)."""
    if len(pages) < 2:
        return set()
    seen: dict[str, list[tuple[int, str]]] = {}
    for number, page in enumerate(pages):
        lines = {" ".join(line.split()) for text, at_edge in page if at_edge for line in text.splitlines() if line.strip()}
        for line in lines:
            seen.setdefault(_key(line), []).append((number, line))
    running = set()
    for key, found in seen.items():
        if len(found) < max(2, (len(pages) + 1) // 2):
            continue
        texts = {line for _, line in found}
        # the same words on every page, or words with a page counter ("Page 3 of 10"): not
        # "Chapter 1", "Chapter 2" heading each page
        if len(texts) == 1 or _counts_pages(found):
            running.add(key)
    return running


def _counts_pages(found: list[tuple[int, str]]) -> bool:
    """Whether a line is a page counter: it says "page" (or p., /, of, sur, 第…页) and its number
    goes up by one from page to page ("Chapter 1", "Chapter 2" on successive pages is none)."""
    if not all(_PAGE_WORD.search(line) for _, line in found):
        return False
    firsts = []
    for number, line in found:
        digits = re.findall(r"\d+", line)
        if not digits:
            return False
        firsts.append((number, int(digits[0])))
    return all(b[1] - a[1] == b[0] - a[0] for a, b in zip(firsts, firsts[1:]))


def _join(lines: list[str]) -> str:
    """The lines of one box as one paragraph: a word hyphenated at a line end made whole."""
    out = ""
    for line in lines:
        if out and _HYPHEN_END.search(out) and line[:1].islower():
            out = out[:-1] + _SOFT + line  # inter-|national: decided on the whole document (_unhyphenate)
        elif out and _HYPHEN_END.search(out):
            out = out + line  # Sino-|French: a compound's own hyphen stays, with no space
        else:
            out = f"{out}\n{line}" if out else line
    return clean_paragraph(out)


def _unhyphenate(paragraphs: list[str]) -> list[str]:
    """Each hyphen at a line end, undone when the document writes the word whole elsewhere
    (inter-|national where "international" occurs) or never with a hyphen, kept when it writes
    the word hyphenated elsewhere (franco-|chinoise where "franco-chinoise" occurs) or both
    parts are words on their own and the joined word is nowhere (multi-|stakeholder)."""
    text = _BROKEN.sub(" ", " ".join(paragraphs))  # the rest of the document: the broken words left out
    words = {w.casefold() for w in re.findall(r"\w+(?:-\w+)*", text)}
    plain = {w for word in words for w in word.split("-")}

    def decide(match: re.Match) -> str:
        left, right = match.group(1), match.group(2)
        joined, hyphenated = (left + right).casefold(), f"{left}-{right}".casefold()
        if hyphenated in words and joined not in words:
            return f"{left}-{right}"
        if joined in words or joined in plain:
            return left + right
        if left.casefold() in plain and right.casefold() in plain and len(left) > 2 and len(right) > 2:
            return f"{left}-{right}"
        return left + right  # nothing says otherwise: a word the line end broke

    return [_BROKEN.sub(decide, p) if _SOFT in p else p for p in paragraphs]
