"""Time and peak memory of `triglot run` on documents larger than the statement (issue 14).

    python bench/limits.py [--runs 3] [--cases 1x,4x,10x,en10x,line1mb,lines50k]

Cases, each a fresh `triglot run` process on a texts folder built in a temporary folder:

  1x, 4x, 10x   the statement (clean zh, fr, en), each version repeated 1, 4 or 10 times
  en10x         the English ten times longer than the Chinese and French (a wrong file)
  line1mb       one French line of a megabyte, beside the statement's zh and en
  lines50k      50,000 short lines in every version

Every case must be refused with one message (exit 1, no traceback) or finish, in under 60 s
and 1.5 GB of peak memory (issue 14's target).  Peak memory is the child's own maximum
resident set (each run is measured from its own interpreter), so one case does not hide another.  The machines are shared and
noisy: read the medians.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = "ai-governance-2024"
TIME_LIMIT_S = 60.0
MEMORY_LIMIT_MB = 1536.0


def _statement() -> dict[str, str]:
    return {lang: (ROOT / "texts" / lang / f"{DOC}.txt").read_text(encoding="utf-8") for lang in ("zh", "fr", "en")}


def build_case(name: str, folder: Path) -> None:
    texts = _statement()
    if name.endswith("x") and name[:-1].isdigit():
        times = int(name[:-1])
        texts = {lang: "\n\n".join([text] * times) for lang, text in texts.items()}
    elif name == "en10x":
        texts["en"] = "\n\n".join([texts["en"]] * 10)
    elif name == "line1mb":
        sentence = "Les deux chefs d'État soulignent l'importance du dialogue. "
        texts["fr"] = sentence * (1_000_000 // len(sentence)) + "\n"
    elif name == "lines50k":
        texts = {"zh": "会议在巴黎举行。\n" * 50_000, "fr": "La réunion a lieu à Paris.\n" * 50_000,
                 "en": "The meeting takes place in Paris.\n" * 50_000}
    else:
        raise SystemExit(f"unknown case {name!r}")
    for lang, text in texts.items():
        (folder / lang).mkdir(parents=True, exist_ok=True)
        (folder / lang / f"{DOC}.txt").write_text(text, encoding="utf-8")


def one_run(name: str) -> tuple[float, float, int, str]:
    """(wall seconds, peak MB, exit code, last line of stderr) of one run of case ``name``."""
    with tempfile.TemporaryDirectory() as tmp:
        texts, out = Path(tmp) / "texts", Path(tmp) / "out"
        build_case(name, texts)
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "align.cli", "run", str(texts), "--out", str(out)],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            _, stderr = proc.communicate(timeout=10 * TIME_LIMIT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, stderr = proc.communicate()
        wall = time.perf_counter() - start
        # this interpreter runs one case (see main): its children's maximum is this run's
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        lines = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        if any("Traceback" in line for line in lines):
            last = "TRACEBACK: " + lines[-1]
        else:
            last = lines[-1] if lines else ""
        return wall, peak, proc.returncode, last


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cases", default="1x,4x,10x,en10x,line1mb,lines50k")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one case, print its numbers
    args = parser.parse_args()
    if args.one:
        wall, peak, code, last = one_run(args.one)
        print(f"{wall}\t{peak}\t{code}\t{last}")
        return
    failed = False
    print(f"{'case':<9} {'median s':>9} {'peak MB':>8}  exit  verdict  last message")
    for name in args.cases.split(","):
        runs = []
        for _ in range(args.runs):
            done = subprocess.run([sys.executable, __file__, "--one", name], capture_output=True, text=True,
                                  check=True, cwd=ROOT)
            wall, peak, code, last = done.stdout.rstrip("\n").split("\t", 3)
            runs.append((float(wall), float(peak), int(code), last))
        wall = statistics.median(r[0] for r in runs)
        peak = max(r[1] for r in runs)
        codes = {r[2] for r in runs}
        last = runs[-1][3]
        ok = (wall < TIME_LIMIT_S and peak < MEMORY_LIMIT_MB and codes <= {0, 1}
              and not last.startswith("TRACEBACK"))
        failed |= not ok
        verdict = "ok" if ok else "FAIL"
        outcome = "finished" if codes == {0} else "refused" if codes == {1} else "/".join(map(str, sorted(codes)))
        print(f"{name:<9} {wall:>9.1f} {peak:>8.0f}  {outcome:<8} {verdict:<4} {last[:90]}")
    print(f"targets: refused (exit 1, one message) or finished, in < {TIME_LIMIT_S:.0f} s and "
          f"< {MEMORY_LIMIT_MB:.0f} MB; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
