#!/usr/bin/env python3
"""Speed of the review workbench (`triglot review`) on a run of many documents.

    python bench/review_speed.py             # 200 documents, 15 repetitions
    python bench/review_speed.py --docs 50 --repeat 9

Makes one real run of texts/ (the statement), copies its outputs into DOCS document
folders (doc-000 … doc-199, the same texts under other ids: what matters here is how
many files the pages read), starts `triglot review OUT --port 0` as a user would, and
times over HTTP on the loopback, as medians:

* the first page (the documents list, which reads every document's alignment and report);
* a document's units page;
* a flag decision's round trip (POST /api/doc/…/flag: SQLite write + decisions export);
* a concordance query over every unit of every document (first query, which reads and
  folds the documents, and later ones).

Targets (issue 15): first page under 1 s on 200 documents; a decision under 100 ms.
"""
from __future__ import annotations

import argparse
import http.client
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support.review import DOC, Server, run_config  # noqa: E402


def timed(conn, method, path, headers, body=None):
    start = time.perf_counter()
    conn.request(method, path, body, headers)
    response = conn.getresponse()
    data = response.read()
    elapsed = time.perf_counter() - start
    if response.status != 200:
        raise SystemExit(f"{method} {path}: {response.status} {data[:300]!r}")
    return elapsed, data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    from align.pipeline import run

    work = Path(tempfile.mkdtemp(prefix="triglot-review-bench-"))
    try:
        made = work / "made"
        assert run(run_config(made)).ok
        out = work / "out"
        out.mkdir()
        for name in ("glossary.db", "glossary.tbx", "glossary.tsv"):
            shutil.copy(made / name, out / name)
        for i in range(args.docs):
            shutil.copytree(made / DOC, out / f"doc-{i:03d}")
        flags = json.loads((made / DOC / "check.json").read_text(encoding="utf-8"))["flags"]
        server = Server(out)
        try:
            host, port = server.base.removeprefix("http://").split(":")
            conn = http.client.HTTPConnection(host, int(port), timeout=120)
            cookie = {"Cookie": server.cookie}
            write = {**cookie, "Content-Type": "application/json", "X-Triglot-Token": server.token}
            results: dict[str, list[float]] = {"first page (documents)": [], "units page": [],
                                               "flag decision": [], "concordance (later queries)": []}
            first_query, _ = timed(conn, "GET", "/search?q=governance", cookie)
            revision = 0
            for n in range(args.repeat):
                results["first page (documents)"].append(timed(conn, "GET", "/", cookie)[0])
                results["units page"].append(timed(conn, "GET", f"/doc/doc-{n % args.docs:03d}", cookie)[0])
                body = json.dumps({"key": flags[0]["key"], "status": ("dismissed", "open")[n % 2],
                                   "revision": revision, "kind": flags[0]["kind"]})
                elapsed, data = timed(conn, "POST", "/api/doc/doc-000/flag", write, body)
                revision = json.loads(data)["revision"]
                results["flag decision"].append(elapsed)
                results["concordance (later queries)"].append(timed(conn, "GET", "/search?q=rengongzhineng", cookie)[0])
            conn.close()
        finally:
            server.stop()
        print(f"{args.docs} documents, {args.repeat} repetitions; medians (min–max), milliseconds")
        print(f"  concordance, first query: {first_query * 1000:.0f}")
        for name, times in results.items():
            print(f"  {name}: {statistics.median(times) * 1000:.1f} ({min(times) * 1000:.1f}–{max(times) * 1000:.1f})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
