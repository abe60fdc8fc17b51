"""argostranslate: model files, the real loading and translating path with a tiny model.

The tiny model (random weights, built by tests/fixtures/argos/build_tiny_model.py)
checks the path, not the quality.  The translating tests run in a child
process with a private argostranslate data folder, so nothing touches the
user's installed models and argostranslate's settings start fresh.
"""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from align.errors import BadInputError
from align.engines.argos_install import inspect_model_file

HERE = Path(__file__).parent
BUILDER = HERE / "fixtures" / "argos" / "build_tiny_model.py"
HAVE_ARGOS = importlib.util.find_spec("argostranslate") is not None
HAVE_BUILD_TOOLS = all(importlib.util.find_spec(m) for m in ("ctranslate2", "sentencepiece"))
needs_argos = pytest.mark.skipif(
    not (HAVE_ARGOS and HAVE_BUILD_TOOLS),
    reason="argostranslate is not installed (optional extra: pip install torch==2.13.0 'triglot[mt]')",
)


def make_zip(path: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return path


GOOD_META = json.dumps({"from_code": "zh", "to_code": "en", "type": "translate"})


def test_a_well_formed_model_file_is_accepted(tmp_path):
    path = make_zip(tmp_path / "m.argosmodel", {"pkg/metadata.json": GOOD_META, "pkg/model/model.bin": "x",
                                                "pkg/sentencepiece.model": "x"})
    assert inspect_model_file(path)["folder"] == "pkg"


@pytest.mark.parametrize("files, message", [
    ({"pkg/model/model.bin": "x", "pkg/sentencepiece.model": "x"}, "metadata.json"),
    ({"pkg/metadata.json": "{nope", "pkg/model/model.bin": "x", "pkg/sentencepiece.model": "x"}, "JSON"),
    ({"pkg/metadata.json": json.dumps({"from_code": "zh"}), "pkg/model/m": "x",
      "pkg/sentencepiece.model": "x"}, "to_code"),
    ({"pkg/metadata.json": GOOD_META, "pkg/sentencepiece.model": "x"}, "model"),
    ({"pkg/metadata.json": GOOD_META, "pkg/model/m": "x"}, "tokenizer"),
    ({"pkg/metadata.json": GOOD_META, "pkg/model/m": "x", "pkg/sentencepiece.model": "x",
      "../evil.txt": "x"}, "unsafe"),
    ({"a/metadata.json": GOOD_META, "b/model/m": "x"}, "one folder"),
])
def test_a_broken_or_hostile_model_file_is_refused(tmp_path, files, message):
    path = make_zip(tmp_path / "m.argosmodel", files)
    with pytest.raises(BadInputError, match=message):
        inspect_model_file(path)


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "m.argosmodel"
    path.write_text("not a zip")
    with pytest.raises(BadInputError, match="zip"):
        inspect_model_file(path)
    with pytest.raises(BadInputError, match="not found"):
        inspect_model_file(tmp_path / "missing.argosmodel")


CHILD = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    sys.path.insert(0, sys.argv[2])
    sys.path.insert(0, str(Path(sys.argv[1]) / "tests"))
    from build_tiny_model import build_tiny_argos_model
    from align.engines.argos_install import install_model
    from align.engines.argos import installed_translators
    from align.checks import CheckEngines, CheckSettings, run_checks
    from support.alignments import alignment_from_rows

    work = Path(sys.argv[3])
    model_file = build_tiny_argos_model(work / "build")
    installed = install_model(model_file, package_dir=work / "packages")
    translators = installed_translators(max_decoding_length=12, package_dir=work / "packages")
    outputs = translators[("zh", "en")].translate(["中法两国认识到人工智能的关键作用。", "", "应法兰西共和国总统邀请"])
    rows = [{"zh": "两国元首重申共同致力于深化合作。", "en": "The two Heads of State reaffirm their commitment."}] * 6
    result = run_checks(alignment_from_rows(rows, langs=("zh", "en")),
                        engines=CheckEngines(translators=translators),
                        settings=CheckSettings(checks=("reference-mt",)))
    print(json.dumps({
        "installed": [installed.src_lang, installed.tgt_lang, installed.name],
        "outputs": outputs,
        "document": result.document_scores,
        "unit0": dict(result.unit_scores[0].scores),
        "skipped": [s.reason for s in result.skipped],
    }, ensure_ascii=False))
""")


@pytest.mark.mt
@needs_argos
def test_a_tiny_model_installs_translates_offline_and_scores_with_a_signature(tmp_path):
    env = dict(os.environ, HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), ARGOS_PACKAGES_DIR=str(tmp_path / "packages"),
               OMP_NUM_THREADS="1", no_proxy="*", http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9")
    done = subprocess.run([sys.executable, "-c", CHILD, str(HERE.parent), str(BUILDER.parent), str(tmp_path)],
                          capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    data = json.loads(done.stdout.strip().splitlines()[-1])
    assert data["installed"] == ["zh", "en", "tiny-zh-en"]
    assert len(data["outputs"]) == 3 and all(isinstance(o, str) for o in data["outputs"])
    assert data["outputs"][1] == ""
    scores = data["document"]["reference-mt"]["zh-en"]
    assert scores["chrF_signature"].startswith("nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:")
    assert "BLEU" in scores and "mt.chrF.zh-en" in data["unit0"]
    assert data["skipped"] == []


def test_without_models_the_reference_check_says_why():
    from align.checks import CheckEngines, run_checks
    from support.alignments import alignment_from_rows

    result = run_checks(alignment_from_rows([{"zh": "一", "en": "one"}], langs=("zh", "en")),
                        engines=CheckEngines(missing={"translator": "no argostranslate model installed"}))
    reasons = {s.check: s.reason for s in result.skipped}
    assert "no argostranslate model installed" in reasons["reference-mt"]
