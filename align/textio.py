"""Reading user files safely and writing outputs atomically."""
from __future__ import annotations

import codecs
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import BadInputError
from .lang.script import is_common_cjk
from .limits import Limits

# Encodings we try, in order, when a file is not valid UTF-8.  Chinese web pages
# in the wild are UTF-8, GB18030 (a superset of GBK/GB2312) or Big5; French and
# English files are UTF-8 or Windows-1252 (a superset of Latin-1 but for C1 controls).
_FALLBACK_ENCODINGS = ("gb18030", "big5")
_LATIN_FALLBACK = ("cp1252", "latin-1")
# UTF-8 for a Latin-1 letter or œ (é is C3 A9, œ C5 93).  Read as Windows-1252 these give
# "Ã©", "Å“": never French or English, so a file holding one is UTF-8 with some bad bytes.
# (Windows-1252 French does hold other well-formed sequences by chance: é before a no-break
# space and » is E9 A0 BB.)
_UTF8_LATIN_RE = re.compile(rb"[\xc2\xc3\xc5][\x80-\xbf]")


def _damaged_utf8(data: bytes) -> bool:
    return _UTF8_LATIN_RE.search(data) is not None


def read_bytes(path: Path, limits: Limits | None = None) -> bytes:
    """A file's bytes; with ``limits``, one larger than they allow is refused from its
    size, before it is read."""
    path = Path(path)
    if not path.exists():
        raise BadInputError(f"{path}: file not found")
    if path.is_dir():
        raise BadInputError(f"{path}: is a directory, expected a text file")
    try:
        if limits is None:
            data = path.read_bytes()
        else:
            limits.check_size(str(path), path.stat().st_size)
            data = _read_at_most(path, limits.max_bytes + 1)  # a pipe or device has no size
            limits.check_size(str(path), len(data))
    except OSError as exc:
        raise BadInputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not data.strip():
        raise BadInputError(f"{path}: file is empty")
    return data


def _read_at_most(path: Path, most: int) -> bytes:
    """At most ``most`` bytes of a file, read a megabyte at a time (``read(most)`` would
    allocate ``most`` bytes at once, whatever the file holds)."""
    parts, held = [], 0
    with open(path, "rb") as handle:
        while held < most:
            part = handle.read(min(1 << 20, most - held))
            if not part:
                break
            parts.append(part)
            held += len(part)
    return b"".join(parts)


def decode(data: bytes, name: str, lang: str | None = None) -> tuple[str, str]:
    """Decode bytes to text, returning (text, encoding).

    UTF-8 (with or without BOM) first; then, for Chinese or a text of unknown language,
    GB18030 and Big5 are tried and kept only when the result looks like real Chinese
    text; for French or English, Windows-1252 and Latin-1 (never a Chinese encoding:
    Latin-1 French is often valid GBK, read as 閠ait for était).  Binary data is refused.
    """
    if data.startswith(codecs.BOM_UTF8):
        data, bom = data[len(codecs.BOM_UTF8):], True
    else:
        bom = False
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise BadInputError(f"{name}: invalid UTF-16 data ({exc.reason})") from None
    if b"\x00" in data or _looks_binary(data):
        raise BadInputError(f"{name}: binary file, expected text")
    try:
        return data.decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if lang in ("fr", "en"):
        if not _damaged_utf8(data):
            for enc in _LATIN_FALLBACK:
                try:
                    text = data.decode(enc)
                except UnicodeDecodeError:
                    continue
                if _latin_plausibility(text) > 0.5:
                    return text, enc
        raise BadInputError(f"{name}: cannot decode: not UTF-8 (byte {utf8_error.start}: "
                            f"{utf8_error.reason}) nor Windows-1252/Latin-1 {lang} text")
    candidates = []
    for enc in _FALLBACK_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_chinese_plausibility(text), enc, text))
    if candidates:
        score, enc, text = max(candidates, key=lambda c: c[0])
        if score > 0.5:
            return text, enc
    raise BadInputError(
        f"{name}: cannot decode: not UTF-8 (byte {utf8_error.start}: "
        f"{utf8_error.reason}) nor GBK/GB18030 or Big5 Chinese text"
    )


def read_text(path: Path, limits: Limits | None = None, lang: str | None = None) -> str:
    """Read a user text file (any supported encoding), normalising newlines; with
    ``limits``, a file or a line larger than they allow is refused."""
    text, _ = decode(read_bytes(path, limits), str(path), lang)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise BadInputError(f"{path}: file has no text")
    if limits is not None:
        limits.check_lines(str(path), text)
    return text


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(2, len(sample) // 100)


def _latin_plausibility(text: str) -> float:
    """Share of non-ASCII characters that are letters (é, ç, œ, ’ and « » count): a wrong
    decoding of UTF-16 or of Chinese gives symbols and C1 controls instead."""
    return _share_of_non_ascii(text, lambda c: c.isalpha() or c in "’‘“”«»–—…€°")


def _chinese_plausibility(text: str) -> float:
    """Share of non-ASCII characters that are common CJK characters or punctuation.

    A wrong legacy decoding yields rare ideographs, private-use characters and
    odd symbols; the right one yields mostly common Han characters.
    """
    return _share_of_non_ascii(text, is_common_cjk)


def _share_of_non_ascii(text: str, good) -> float:
    """Share of the non-ASCII characters of ``text`` that ``good`` accepts (1.0 for none)."""
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii:
        return 1.0
    return sum(1 for c in non_ascii if good(c)) / len(non_ascii)


@contextmanager
def atomic_writer(path: Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator:
    """Write to a temporary file beside ``path`` and rename it into place on success.

    On any error the temporary file is removed, so no half-written output is left.
    """
    path = Path(path)
    try:
        check_writable(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    try:
        kwargs = {"encoding": encoding, "newline": "\n"} if "b" not in mode else {}
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):  # permission, disk full, read-only file system, name too long
            raise cannot_write(path, exc) from None
        raise


def check_writable(path: Path) -> None:
    """Refuse, before any work, an output :func:`atomic_writer` would refuse at the end: a
    folder, a device or pipe, a parent that is a file or a folder that cannot be written."""
    path = Path(path)
    if path.is_dir():
        raise BadInputError(f"{path}: is a directory; give a file name to write")
    if path.exists() and not path.is_file():
        raise BadInputError(f"{path}: not a regular file (a device, pipe or socket); not replaced")
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise BadInputError(f"{path}: cannot write ({parent} is not a folder)")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise BadInputError(f"{path}: cannot write (Permission denied)")


def cannot_write(path: Path, exc: OSError) -> BadInputError:
    """The one message for an output that could not be written, naming the file and why."""
    return BadInputError(f"{path}: cannot write ({exc.strerror or exc})")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# A spreadsheet takes a cell that starts with one of these for a formula (=HYPERLINK(…)).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def spreadsheet_cell(text: str) -> str:
    """A CSV/TSV cell that a spreadsheet shows as text, never runs: a leading formula
    character is escaped with an apostrophe (OWASP's advice); plain numbers are left alone."""
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def spreadsheet_text(cell: str) -> str:
    """The text of a cell written by :func:`spreadsheet_cell` (the apostrophe removed)."""
    if cell.startswith("'") and cell[1:].startswith(_FORMULA_START):
        return cell[1:]
    return cell


def write_text_atomic(path: Path, text: str) -> None:
    with atomic_writer(path) as handle:
        handle.write(text)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    with atomic_writer(path, "wb", encoding=None) as handle:
        handle.write(data)
