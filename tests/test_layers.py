"""The layers of triglot, and a walk over every import that fails when one reaches up.

From the bottom:

    core        align (the version), align.errors
    lang        align.lang.*             language knowledge, written once
    values      align.models, align.signature, align.textio, align.limits
    engines     align.engines.*          encoders, dictionaries, MT behind protocols;
                align.executors.*        where documents run (this process, workers, Ray);
                align.ledger             what a run finished (resumable runs)
    stages      ingest · segment · align · terms · check · export
    pipeline    align.pipeline           one run_<stage>() per stage
    interface   align.cli, align.console, glossary.cli  parse, call the library, print

A module may import any module of a lower layer, and modules of its own layer only
within its own group: one stage never imports another (the checks read a Termbase
value, not the glossary), except for the few edges listed in ``STAGE_EDGES``.
Function-level imports count as much as those at the top.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("align", "glossary")

# (layer rank, group) by module-name prefix; the longest matching prefix wins.
LAYERS = {
    "align": (0, "core"),
    "align.errors": (0, "core"),
    "align.lang": (1, "lang"),
    "align.models": (2, "values"),
    "align.signature": (2, "values"),
    "align.textio": (2, "values"),
    "align.limits": (2, "values"),
    "align.engines": (3, "engines"),
    "align.executors": (3, "executors"),
    "align.ledger": (3, "ledger"),
    "align.corpus": (4, "ingest"),
    "align.ingest": (4, "ingest"),
    "align.readers": (4, "ingest"),
    "align.segment": (4, "segment"),
    "align.aligner": (4, "align"),
    "glossary": (4, "terms"),
    "align.checks": (4, "check"),
    "align.report": (4, "check"),
    "align.export": (4, "export"),
    "align.review": (4, "review"),
    "align.formats": (4, "export"),
    "align.pipeline": (5, "pipeline"),
    "align.cli": (6, "interface"),
    "align.console": (6, "interface"),
    "glossary.cli": (6, "interface"),
    "align.web": (6, "interface"),
}
# Stage → stage imports that are allowed, and why.
STAGE_EDGES = {
    # the export formats write the aligner's bead lines and read gold alignments into
    # the aligner's trilingual units
    ("export", "align"),
    # the review concordance matches units as the glossary search matches terms (glossary/keys.py)
    ("review", "terms"),
}


def layer_of(module: str) -> tuple[int, str]:
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        prefix = ".".join(parts[:n])
        if prefix == "align" and module != "align":
            continue  # "align" names the package's __init__ only, not everything in it
        if prefix in LAYERS:
            return LAYERS[prefix]
    raise KeyError(f"{module}: no layer; add it to LAYERS in tests/test_layers.py")


def modules(root: Path = ROOT) -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def imports(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """triglot modules that ``module`` imports anywhere in its body."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            targets = [f"{target}.{a.name}" if f"{target}.{a.name}" in known else target for a in node.names]
        for target in targets:
            if target.split(".")[0] not in PACKAGES:
                continue
            while target not in known and "." in target:
                target = target.rsplit(".", 1)[0]
            out.add(target)
    return out


def violations(graph: dict[str, set[str]]) -> list[str]:
    found = []
    for module, targets in sorted(graph.items()):
        rank, group = layer_of(module)
        for target in sorted(targets):
            their_rank, their_group = layer_of(target)
            if their_rank < rank or their_group == group or (group, their_group) in STAGE_EDGES:
                continue
            found.append(f"{module} ({group}) imports {target} ({their_group})")
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def test_every_module_has_a_layer(graph):
    for module in graph:
        layer_of(module)


def test_no_layer_reaches_up(graph):
    assert violations(graph) == []


@pytest.mark.parametrize("module, target", [
    ("align.lang.words", "align.checks.base"),  # the language layer reaching a stage
    ("align.checks.terminology", "glossary.exchange"),  # a stage reaching another
    ("glossary.extract", "align.aligner.core"),
    ("align.models", "align.engines.base"),
    ("align.aligner.core", "align.pipeline"),
])
def test_a_reach_up_is_caught(graph, module, target):
    tampered = {name: set(targets) for name, targets in graph.items()}
    tampered[module].add(target)
    assert violations(tampered) == [f"{module} ({layer_of(module)[1]}) imports {target} "
                                    f"({layer_of(target)[1]})"]


def test_the_walk_sees_imports_inside_functions(tmp_path):
    (tmp_path / "align" / "lang").mkdir(parents=True)
    (tmp_path / "glossary").mkdir()
    for name in ("align/__init__.py", "align/lang/__init__.py", "glossary/__init__.py", "glossary/store.py"):
        (tmp_path / name).write_text("")
    (tmp_path / "align" / "lang" / "words.py").write_text(
        "def f():\n    from glossary.store import X\n    from ..errors import Y\n")
    (tmp_path / "align" / "errors.py").write_text("")
    known = modules(tmp_path)
    assert imports("align.lang.words", known["align.lang.words"], known) == {"glossary.store", "align.errors"}
