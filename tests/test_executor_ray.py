"""`triglot run --executor ray`: a real Ray cluster started on 127.0.0.1 by the test
(`ray start --head`, stopped at the end) writes the outputs of a local run, byte for byte."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from align.pipeline import RunConfig, run

from test_pipeline_resume import assert_same_outputs, corpus

ray = pytest.importorskip("ray", reason="the Ray extra is not installed (pip install 'triglot[ray]')")
pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A one-node Ray cluster on the loopback, as `ray start --head` makes one."""
    temp = Path("/tmp") / f"ray-triglot-{os.getpid()}"  # Ray's socket paths must stay short
    port = free_port()
    # a loopback cluster of its own: no token authentication (a token another Ray left in
    # ~/.ray/auth_token would otherwise be sent to a cluster that has another)
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "disabled"}
    start = subprocess.run([str(BIN / "ray"), "start", "--head", "--node-ip-address", "127.0.0.1",
                            "--port", str(port), "--num-cpus", "2", "--include-dashboard", "false",
                            "--disable-usage-stats", "--temp-dir", str(temp)],
                           capture_output=True, text=True, env=env, timeout=180)
    assert start.returncode == 0, start.stdout + start.stderr
    try:
        yield f"127.0.0.1:{port}", env
    finally:
        subprocess.run([str(BIN / "ray"), "stop", "--force"], capture_output=True, env=env, timeout=120)
        shutil.rmtree(temp, ignore_errors=True)


def test_a_ray_cluster_writes_what_a_local_run_writes(cluster, tmp_path):
    address, env = cluster
    texts = corpus(tmp_path / "texts")
    assert run(RunConfig(texts_dir=texts, out_dir=tmp_path / "local", mt=False)).ok
    result = subprocess.run([str(BIN / "triglot"), "run", str(texts), "--out", str(tmp_path / "ray"), "--no-mt",
                             "--executor", "ray", "--address", address, "--jobs", "2", "--json"],
                            capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert_same_outputs(tmp_path / "local", tmp_path / "ray")
    # and a rerun through the cluster keeps every document
    again = subprocess.run([str(BIN / "triglot"), "run", str(texts), "--out", str(tmp_path / "ray"), "--no-mt",
                            "--executor", "ray", "--address", address, "--json"],
                           capture_output=True, text=True, env=env, timeout=600)
    assert again.returncode == 0, again.stderr[-4000:]
    import json

    assert all(d["resumed"] for d in json.loads(again.stdout)["documents"])
    assert_same_outputs(tmp_path / "local", tmp_path / "ray")


def test_an_unreachable_cluster_is_one_clear_error(tmp_path):
    texts = corpus(tmp_path / "texts")
    result = subprocess.run([str(BIN / "triglot"), "run", str(texts), "--out", str(tmp_path / "out"), "--no-mt",
                             "--executor", "ray", "--address", f"127.0.0.1:{free_port()}"],
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "RAY_USAGE_STATS_ENABLED": "0"})
    assert result.returncode != 0
    assert "Ray cluster at 127.0.0.1" in result.stderr, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
