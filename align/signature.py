"""One reproducibility string for every output (cf. sacrebleu's metric signatures).

Each stage contributes the settings and engine versions that change its result;
the joined string goes into TMX headers, TBX notes, report footers and eval lines,
so two outputs can be compared only when their signatures match.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import __version__


@dataclass(frozen=True)
class Signature:
    parts: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def with_part(self, key: str, value: str) -> "Signature":
        kept = tuple((k, v) for k, v in self.parts if k != key)
        return Signature(kept + ((key, value),))

    def merged(self, other: "Signature") -> "Signature":
        sig = self
        for key, value in other.parts:
            sig = sig.with_part(key, value)
        return sig

    def __str__(self) -> str:
        return "|".join(f"{k}:{v}" for k, v in self.parts)


def base_signature() -> Signature:
    return Signature((("triglot", __version__),))
