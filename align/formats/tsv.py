"""Tab-separated export: one unit a line, ``source<TAB>target<TAB>score``.

This is the shape hunalign's text output and LF Aligner's aligned ``.txt`` files
have: UTF-8, LF line ends, no quoting, no header row (optional here), merged
sentences joined into one cell.  Without quoting, a tab or a line break inside a
sentence would shift columns or split the row, so each becomes one space and
the summary counts it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from ..errors import UsageError
from .base import TmDocument, Writer, format_score
from .tmx import DEFAULT_PAIRS

# Tab plus every character str.splitlines() treats as a line boundary, so each
# row stays one line for spreadsheet imports and line-based tools alike.
_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# NUL, the other C0 controls and lone surrogates carry no text (and the latter
# cannot even be encoded as UTF-8).
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f\ud800-\udfff]")


@dataclass(frozen=True)
class TsvSettings:
    pairs: tuple[tuple[str, str], ...] = DEFAULT_PAIRS
    srclang: str = "zh"  # the first column when it is one of the pair
    header: bool = False  # LF Aligner/hunalign files have none; a header row is opt-in

    def __post_init__(self) -> None:
        for a, b in self.pairs:
            if a == b:
                raise UsageError(f"language pair {a}-{b} is not two different languages")


def clean_tsv_text(text: str) -> tuple[str, int]:
    count = 0

    def to_space(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return " "

    def drop(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return ""

    return _CONTROLS.sub(drop, _BREAKS.sub(to_space, text)), count


class TsvWriter(Writer):
    name: ClassVar[str] = "Tab-separated aligned segments"
    extensions: ClassVar[tuple[str, ...]] = ("tsv",)
    mimetype: ClassVar[str] = "text/tab-separated-values"

    def __init__(self, settings: TsvSettings | None = None) -> None:
        self.settings = settings or TsvSettings()

    def clean_text(self, text: str) -> tuple[str, int]:
        return clean_tsv_text(text)

    def serialize(self, document: TmDocument) -> bytes:
        lines = []
        if self.settings.header:
            lines.append("\t".join((*document.langs, "score")))
        for unit in document.units:
            cells = [unit.text(lang) or "" for lang in document.langs]
            lines.append("\t".join((*cells, format_score(unit.score))))
        return "".join(line + "\n" for line in lines).encode("utf-8")
