"""Reading and writing bead files: one bead a line, ``[src ids]:[tgt ids]``, 0-based.

The format of Vecalign/Bertalign gold files, e.g. ``[3]:[4,5]`` or ``[7]:[]``.
A third ``:score`` field (as Vecalign prints) is accepted and kept.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from ..errors import BadInputError
from ..models import Bead
from ..textio import read_text, write_text_atomic

_IDS = r"\[\s*(?:\d+\s*(?:,\s*\d+\s*)*)?\]"
_LINE = re.compile(rf"^\s*({_IDS})\s*:\s*({_IDS})\s*(?::\s*([-+0-9.eE]+|nan|inf))?\s*$")


def _ids(text: str) -> tuple[int, ...]:
    inner = text.strip()[1:-1].strip()
    return tuple(int(x) for x in inner.split(",")) if inner else ()


def parse_beads(text: str, name: str = "<beads>") -> list[Bead]:
    beads = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if match is None:
            raise BadInputError(f"{name}:{number}: not a bead line ([src ids]:[tgt ids]): {line.strip()[:80]!r}")
        score = float(match.group(3)) if match.group(3) else 0.0
        beads.append(Bead(_ids(match.group(1)), _ids(match.group(2)), score))
    return beads


def format_bead(bead: Bead) -> str:
    return f"[{','.join(map(str, bead.src))}]:[{','.join(map(str, bead.tgt))}]"


def format_beads(beads: Iterable[Bead]) -> str:
    return "".join(format_bead(b) + "\n" for b in beads)


def read_beads(path: Path) -> list[Bead]:
    return parse_beads(read_text(Path(path)), str(path))


def write_beads(path: Path, beads: Iterable[Bead]) -> None:
    write_text_atomic(Path(path), format_beads(beads))
