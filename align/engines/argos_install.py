"""``triglot models install FILE.argosmodel``: install a translation model from a file.

An ``.argosmodel`` is a zip holding one folder with ``metadata.json``
(``from_code``, ``to_code``), a CTranslate2 model in ``model/`` and a
``sentencepiece.model`` or ``bpe.model``.  The file is checked before
argostranslate unpacks it (a wrong or hostile archive is refused with a
message, never half-installed); nothing is downloaded.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path, PurePosixPath

from .argos import InstalledModel, installed_models
from ..errors import BadInputError, MissingEngineError


def inspect_model_file(path: Path) -> dict:
    """The package's metadata, after checking the archive's layout."""
    path = Path(path)
    if not path.is_file():
        raise BadInputError(f"{path}: file not found")
    if not zipfile.is_zipfile(path):
        raise BadInputError(f"{path}: not an .argosmodel (expected a zip archive)")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        for name in names:
            parts = PurePosixPath(name).parts
            if name.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
                raise BadInputError(f"{path}: unsafe path in archive: {name!r}")
        tops = {PurePosixPath(n).parts[0] for n in names if PurePosixPath(n).parts}
        if len(tops) != 1:
            raise BadInputError(f"{path}: an .argosmodel holds exactly one folder; found {sorted(tops)}")
        top = tops.pop()
        try:
            metadata = json.loads(archive.read(f"{top}/metadata.json").decode("utf-8"))
        except KeyError:
            raise BadInputError(f"{path}: no {top}/metadata.json in the archive") from None
        except (UnicodeDecodeError, ValueError) as exc:
            raise BadInputError(f"{path}: metadata.json is not valid JSON ({exc})") from None
        if not isinstance(metadata, dict) or not metadata.get("from_code") or not metadata.get("to_code"):
            raise BadInputError(f"{path}: metadata.json needs from_code and to_code")
        if metadata.get("type", "translate") != "translate":
            raise BadInputError(f"{path}: a {metadata.get('type')!r} package, not a translation model")
        if not any(n.startswith(f"{top}/model/") for n in names):
            raise BadInputError(f"{path}: no CTranslate2 model folder ({top}/model/)")
        if f"{top}/sentencepiece.model" not in names and f"{top}/bpe.model" not in names:
            raise BadInputError(f"{path}: no sentencepiece.model or bpe.model tokenizer")
    return {**metadata, "folder": top}


def install_model(path: Path, package_dir: Path | None = None) -> InstalledModel:
    """Check ``path`` and install it with argostranslate; return what got installed."""
    metadata = inspect_model_file(path)
    try:
        import argostranslate.package as argos_package
        from argostranslate import settings
    except ImportError as exc:
        raise MissingEngineError(
            f"installing a model needs argostranslate (pip install 'triglot[mt]'; "
            f"install torch==2.13.0 first): {exc}"
        ) from None
    if package_dir is not None:
        settings.package_data_dir = Path(package_dir)
        settings.package_dirs = [Path(package_dir)]
        Path(package_dir).mkdir(parents=True, exist_ok=True)
    argos_package.install_from_path(Path(path))
    target = Path(settings.package_data_dir) / metadata["folder"]
    for model in installed_models(package_dir or Path(settings.package_data_dir)):
        if model.path.resolve() == target.resolve():
            return model
    raise BadInputError(f"{path}: unpacked, but argostranslate does not list it as a "
                        f"{metadata['from_code']}→{metadata['to_code']} translation model")
