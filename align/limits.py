"""How large an input triglot takes, checked before any heavy work.

Each cap has a reason and a flag to raise it.  At the defaults a run stays in bounded
time and memory (bench/limits.py: a version ten times the others is refused in seconds,
ten times the statement is aligned and checked; a 1 MB line is segmented linearly):

* ``max_file_mb`` — one text file.  16 MB is ten long books; a scraped page or a
  report is a few hundred KB.  Checked from the file's size before it is read.
* ``max_line_chars`` — one line (a paragraph).  A paragraph of 100,000 characters is
  a file without line breaks or not text at all.
* ``max_sentences`` — one version after segmentation, before alignment: the aligner,
  the checks and the term extractor grow with it (10,000 sentences ≈ 400 pages).
* ``max_length_factor`` — how far two versions' lengths may differ from what is usual
  for the language pair before they are refused as versions of the same document
  (the aligner warns from half of it).
* ``min_similarity`` — before aligning, sentences sampled along each version are matched
  with the other within half the text of the same place (encoder cosine, median of the
  best matches, the better of the two directions).  Versions of one document score .54 or
  more, also with 60 % more text in one of them (NTREX and TICO-19, 234 pairs of
  languages); unrelated documents .20 (90 % under .34, at most .44): below this the pair is
  refused, below .45 the aligner warns.  0 turns the check off.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .errors import BadInputError, UsageError


@dataclass(frozen=True)
class Limits:
    max_file_mb: float = 16.0
    max_line_chars: int = 100_000
    max_sentences: int = 10_000
    max_length_factor: float = 5.0
    min_similarity: float = 0.30

    def __post_init__(self) -> None:
        if not isinstance(self.min_similarity, (int, float)) or not 0 <= self.min_similarity <= 1:
            raise UsageError(f"limit min_similarity must be from 0 to 1, not {self.min_similarity!r}")
        for name in ("max_file_mb", "max_line_chars", "max_sentences", "max_length_factor"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not value > 0 \
                    or not math.isfinite(value):
                raise UsageError(f"limit {name} must be a positive number, not {value!r}")
        if self.max_length_factor < 1.5:
            raise UsageError(f"limit max_length_factor must be at least 1.5, not {self.max_length_factor}")

    @property
    def max_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    def check_size(self, name: str, size: int) -> None:
        if size > self.max_bytes:
            raise BadInputError(f"{name}: {size / 1024 / 1024:.1f} MB, more than the {self.max_file_mb:g} MB "
                                f"a text may have (--max-file-mb raises the limit)")

    def check_lines(self, name: str, text: str) -> None:
        if len(text) <= self.max_line_chars:
            return
        for number, line in enumerate(text.split("\n"), 1):
            if len(line) > self.max_line_chars:
                raise BadInputError(
                    f"{name}: line {number} has {len(line):,} characters, more than the "
                    f"{self.max_line_chars:,} a line may have: is it a text with line breaks? "
                    f"(--max-line-chars raises the limit)")

    def check_sentences(self, name: str, count: int) -> None:
        if count > self.max_sentences:
            raise BadInputError(f"{name}: {count:,} sentences, more than the {self.max_sentences:,} a version "
                                f"may have (--max-sentences raises the limit)")


DEFAULT_LIMITS = Limits()
