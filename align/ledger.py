"""What a run has finished, so that a rerun, or a run killed at any moment, does only what
is left.

A document's outputs are written into a staging folder that replaces ``out/<doc>`` only
once complete (``pipeline.run_document``).  The last file written into the staging folder
is the **stamp**, ``.triglot-done.json``: the document's key and its report.  So a
document folder with a stamp is complete, whatever moment a run was killed at, and a
rerun skips a document whose stamp holds the key it would write now and whose outputs
are all there with the sizes the stamp lists.

A document's key is the SHA-256 of
- its input files, names and bytes;
- the run's key: triglot's code (every module and data file of its packages), the
  versions of the packages it depends on, every setting (limits included), the approved
  terms the checks compare against, the installed MT models, SOURCE_DATE_EPOCH;
- what reviewers decided for it (edits, flag decisions, ignore rules).

A failed document gets no stamp: it is redone by every run.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import json
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Iterable, Mapping, Sequence

from .textio import write_text_atomic

STAMP = ".triglot-done.json"
FORMAT = 1
_PACKAGES = ("align", "glossary")  # triglot's own packages: a change of any file is a new run key
# Environment variables that change outputs (the TMX/XLIFF creation date): in the key, and
# handed to workers on other machines.
OUTPUT_ENVIRONMENT = ("SOURCE_DATE_EPOCH",)


def _digest(parts: Iterable[bytes]) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(len(part).to_bytes(8, "big"))  # lengths first: no two sequences hash alike
        hasher.update(part)
    return hasher.hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of triglot's code (every file of its packages: modules, templates, model
    data) and of the versions of the packages it runs on (its core dependencies and the MT
    extra; not the test tools or Ray, which change no output)."""
    import align

    root = Path(align.__file__).resolve().parent.parent
    parts: list[bytes] = []
    for package in _PACKAGES:
        for path in sorted((root / package).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                parts += [path.relative_to(root).as_posix().encode(), path.read_bytes()]
    try:
        requires = importlib.metadata.requires("triglot") or []
    except importlib.metadata.PackageNotFoundError:  # run from a source tree
        requires = []
    for requirement in sorted(requires):
        if "extra ==" in requirement and 'extra == "mt"' not in requirement:
            continue
        name = requirement.split(";")[0].split("[")[0]
        for cut in "<>=!~ ":
            name = name.split(cut)[0]
        try:
            parts.append(f"{name}=={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{name}: absent".encode())
    return _digest(parts)


def run_key(settings: str, termbase: str, models: Sequence[str], environment: Mapping[str, str]) -> str:
    """The part of every document's key that belongs to the run: code, ``settings`` (every
    setting, as text), ``termbase`` (the approved terms, as text), the installed MT
    ``models`` and the ``environment`` variables that change outputs."""
    return _digest([code_digest().encode(), settings.encode(), termbase.encode(),
                    "\n".join(models).encode(), json.dumps(dict(environment), sort_keys=True).encode()])


def document_key(run: str, doc_id: str, inputs: Sequence[Path], review_state: str = "") -> str:
    """The key of one document's outputs: the run's key, its id, its input files (each
    named by its language folder and file name, and its bytes, in the order given: the
    same texts moved elsewhere keep their key) and its reviewers' decisions."""
    parts = [run.encode(), doc_id.encode(), review_state.encode()]
    for path in inputs:
        path = Path(path)
        parts += [f"{path.parent.name}/{path.name}".encode(), path.read_bytes()]
    return _digest(parts)


def write_stamp(folder: Path, key: str, report: Mapping, outputs: Sequence[Path]) -> Path:
    """The stamp of a complete document folder (the last file written into it): its key, the
    report (JSON values) and every output with its size."""
    listed = [[path.relative_to(folder).as_posix(), path.stat().st_size] for path in outputs]
    stamp = folder / STAMP  # the report's own key order kept (the languages' order in it)
    write_text_atomic(stamp, json.dumps({"format": FORMAT, "key": key, "outputs": listed, "report": dict(report)},
                                        ensure_ascii=False, indent=1) + "\n")
    return stamp


def read_stamp(folder: Path, key: str) -> tuple[dict, tuple[Path, ...]] | None:
    """The report and outputs a stamp in ``folder`` records, when it holds ``key`` and every
    output it lists is there with its size; None otherwise (the document is to be redone)."""
    try:
        data = json.loads((folder / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
        return None
    outputs = []
    try:
        for name, size in data.get("outputs") or ():
            relative = PurePosixPath(name)
            if relative.is_absolute() or ".." in relative.parts:  # never a file outside the folder
                return None
            path = folder / relative
            if path.stat().st_size != size:
                return None
            outputs.append(path)
    except (OSError, TypeError, ValueError):
        return None
    report = data.get("report")
    return (report, tuple(outputs)) if isinstance(report, dict) else None
