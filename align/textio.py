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

# Encodings we try, in order, when a file is not valid UTF-8.  Chinese web pages
# in the wild are UTF-8, GB18030 (a superset of GBK/GB2312) or Big5.
_FALLBACK_ENCODINGS = ("gb18030", "big5")


def read_bytes(path: Path) -> bytes:
    path = Path(path)
    if not path.exists():
        raise BadInputError(f"{path}: file not found")
    if path.is_dir():
        raise BadInputError(f"{path}: is a directory, expected a text file")
    data = path.read_bytes()
    if not data.strip():
        raise BadInputError(f"{path}: file is empty")
    return data


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes to text, returning (text, encoding).

    UTF-8 (with or without BOM) first; then GB18030 and Big5 are tried and kept
    only when the result looks like real Chinese text.  Binary data is refused.
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


def read_text(path: Path) -> str:
    """Read a user text file (any supported encoding), normalising newlines."""
    text, _ = decode(read_bytes(path), str(path))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise BadInputError(f"{path}: file has no text")
    return text


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(2, len(sample) // 100)


def _chinese_plausibility(text: str) -> float:
    """Share of non-ASCII characters that are common CJK characters or punctuation.

    A wrong legacy decoding yields rare ideographs, private-use characters and
    odd symbols; the right one yields mostly common Han characters.
    """
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii:
        return 1.0
    good = sum(1 for c in non_ascii if is_common_cjk(c))
    return good / len(non_ascii)


@contextmanager
def atomic_writer(path: Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator:
    """Write to a temporary file beside ``path`` and rename it into place on success.

    On any error the temporary file is removed, so no half-written output is left.
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise BadInputError(f"{path}: is a directory; give a file name to write")
        if path.exists() and not path.is_file():
            raise BadInputError(f"{path}: not a regular file (a device, pipe or socket); not replaced")
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
