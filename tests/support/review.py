"""A run of the statement for the review tests (made once a session, copied for each test),
and a `triglot review` server on a copy, started as a user starts it."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEXTS = ROOT / "texts"
DOC = "ai-governance-2024"


def run_config(out: Path, texts: Path = TEXTS):
    from align.pipeline import RunConfig

    return RunConfig(texts_dir=texts, out_dir=out, mt=False)


def copy_run(made: Path, where: Path) -> Path:
    out = where / "out"
    shutil.copytree(made, out)
    return out


def check_report(out: Path) -> dict:
    return json.loads((out / DOC / "check.json").read_text(encoding="utf-8"))


def tmx_units(out: Path) -> int:
    text = (out / DOC / "tmx" / f"{DOC}.tmx").read_text(encoding="utf-8")
    return text.count("<tu>") + text.count("<tu ")


class Server:
    """`python -m align.cli review OUT --port 0`, its printed address, and its end."""

    def __init__(self, out: Path) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "align.cli", "review", str(out), "--port", "0",
                                         "--no-mt"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        cwd=ROOT)
        line = self.process.stdout.readline()
        found = re.search(r"(http://127\.0\.0\.1:\d+)/\?token=(\S+)", line)
        if not found:
            self.stop()
            raise RuntimeError(f"no address printed: {line!r} {self.process.stderr.read()[-2000:]}")
        self.base, self.token = found.group(1), found.group(2)
        self.address = f"{self.base}/?token={self.token}"
        self.cookie = f"triglot_token_{self.base.rsplit(':', 1)[1]}={self.token}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        for stream in (self.process.stdout, self.process.stderr):
            stream.close()
