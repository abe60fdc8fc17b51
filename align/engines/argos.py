"""argostranslate as a reference translator (optional extra: ``pip install triglot[mt]``).

Only installed models are used (``triglot models install FILE.argosmodel``);
nothing is downloaded.  A model is read with argostranslate's own package
reader (``argostranslate.package.Package``: metadata, SentencePiece or BPE
tokenizer, target prefix) and run with CTranslate2 the way argostranslate's
``apply_packaged_translation`` does, with two differences:

- no sentence splitter: argostranslate's (MiniSBD/stanza) downloads a model
  on first use, and our inputs are already segments;
- decoding is capped (``max_decoding_length``), which argostranslate does not do.

Going through ``argostranslate.translate`` instead would import stanza and
torch (≈300 MB more memory and seconds of start-up) for nothing we use.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, Sequence, runtime_checkable

from ..errors import MissingEngineError

# argostranslate language codes → ours
_CODES = {"zh": "zh", "zt": "zh", "zh-hans": "zh", "fr": "fr", "en": "en"}


@runtime_checkable
class Translator(Protocol):
    """Translates segments from ``src_lang`` to ``tgt_lang``, one output per input."""

    name: str
    src_lang: str
    tgt_lang: str

    def translate(self, texts: Sequence[str]) -> list[str]:
        ...


def _require_argos():
    try:
        import argostranslate.package  # noqa: F401  (light: no torch)
    except ImportError as exc:
        raise MissingEngineError(
            f"reference translations need argostranslate (pip install 'triglot[mt]'; "
            f"install torch==2.13.0 first): {exc}"
        ) from None


@dataclass(frozen=True)
class InstalledModel:
    src_lang: str
    tgt_lang: str
    name: str
    version: str
    path: Path


def installed_models(package_dir: Path | None = None) -> list[InstalledModel]:
    """argostranslate packages installed on this machine (no network)."""
    _require_argos()
    import argostranslate.package as argos_package

    paths = [Path(package_dir)] if package_dir else None
    out = []
    for pkg in argos_package.get_installed_packages(paths):
        if getattr(pkg, "type", "translate") != "translate":
            continue
        src, tgt = _CODES.get(pkg.from_code or ""), _CODES.get(pkg.to_code or "")
        if src and tgt:
            out.append(InstalledModel(src, tgt, pkg.code or f"{pkg.from_code}-{pkg.to_code}",
                                      pkg.package_version or "?", Path(pkg.package_path)))
    return sorted(out, key=lambda m: (m.src_lang, m.tgt_lang, m.name))


def installed_translators(max_decoding_length: int = 256, threads: int = 1,
                          package_dir: Path | None = None) -> dict[tuple[str, str], "ArgosTranslator"]:
    """One translator per installed language pair (the first package wins)."""
    out: dict[tuple[str, str], ArgosTranslator] = {}
    for model in installed_models(package_dir):
        key = (model.src_lang, model.tgt_lang)
        if key not in out:
            out[key] = ArgosTranslator(model.path, max_decoding_length=max_decoding_length,
                                       threads=threads)
    return out


class ArgosTranslator:
    """``Translator`` over one installed argostranslate package."""

    def __init__(self, package_path: Path, *, max_decoding_length: int = 256, threads: int = 1,
                 beam_size: int = 2):
        _require_argos()
        import argostranslate.package as argos_package

        self._pkg = argos_package.Package(Path(package_path))
        if getattr(self._pkg, "tokenizer", None) is None:
            raise MissingEngineError(f"{package_path}: the package has no sentencepiece.model or bpe.model")
        self.src_lang = _CODES.get(self._pkg.from_code, self._pkg.from_code)
        self.tgt_lang = _CODES.get(self._pkg.to_code, self._pkg.to_code)
        self.name = f"argos:{self._pkg.code or self._pkg.from_code + '-' + self._pkg.to_code}" \
                    f"@{self._pkg.package_version or '?'}"
        self.max_decoding_length = max_decoding_length
        self.threads = threads
        self.beam_size = beam_size
        self._translator = None

    def _load(self):
        if self._translator is None:
            import ctranslate2

            self._translator = ctranslate2.Translator(
                str(self._pkg.package_path / "model"), device="cpu", inter_threads=1,
                intra_threads=self.threads)
        return self._translator

    def translate(self, texts: Sequence[str]) -> list[str]:
        translator = self._load()
        pkg = self._pkg
        segments = [" ".join(t.split()) for t in texts]
        todo = [i for i, t in enumerate(segments) if t]
        out = [""] * len(segments)
        if not todo:
            return out
        tokenized = [pkg.tokenizer.encode(segments[i]) for i in todo]
        prefix = [[pkg.target_prefix]] * len(tokenized) if pkg.target_prefix else None
        results = translator.translate_batch(
            tokenized,
            target_prefix=prefix,
            replace_unknowns=True,
            beam_size=self.beam_size,
            num_hypotheses=1,
            length_penalty=0.2,
            max_decoding_length=self.max_decoding_length,
            max_batch_size=16,
        )
        for i, result in zip(todo, results):
            value = pkg.tokenizer.decode(result.hypotheses[0])
            if pkg.target_prefix and value.startswith(pkg.target_prefix):
                value = value[len(pkg.target_prefix):]
            out[i] = value.lstrip(" ")
        return out
