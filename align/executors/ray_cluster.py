"""Documents on a Ray cluster: one actor a worker, each holding its loaded engines.

``triglot run CORPUS --executor ray --address HOST:PORT`` connects to a running cluster
(``ray start --head`` on one node, ``ray start --address HEAD:PORT`` on the others, or a
cluster launcher / KubeRay); without ``--address`` Ray starts on this machine for the run.
Every node needs triglot installed in the same Python, and the texts and the output folder
on a shared filesystem at the same path: actors read the documents and write each
document's folder there (staged, then swapped in, as locally); the driver merges the
glossary and writes the run's own outputs.  Results come back in the documents' order,
so the outputs are those of a local run, byte for byte.

Ray is an optional extra (``pip install 'triglot[ray]'``), imported only here.
"""
from __future__ import annotations

from typing import Iterator, Sequence

from ..errors import MissingEngineError, TriglotError, UsageError
from . import WorkerStart


class _Worker:
    """The actor: ``start()`` once, then one call a document."""

    def __init__(self, start: WorkerStart) -> None:
        self.work = start()

    def run(self, item):
        return self.work(item)


def _ray():
    try:
        import ray
    except ImportError as exc:
        raise MissingEngineError(f"--executor ray needs Ray (pip install 'triglot[ray]'): {exc}") from None
    return ray


def _check_reachable(address: str, timeout: float = 10.0) -> None:
    """A UsageError at once when nothing listens at ``address`` (HOST:PORT; Ray's own forms,
    ``auto`` and ``ray://``, are left to Ray)."""
    import socket

    if address == "auto" or "://" in address:
        return
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise UsageError(f"--address {address!r}: give the Ray cluster's HOST:PORT (ray start --head prints it)")
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout):
            pass
    except OSError as exc:
        raise UsageError(f"cannot reach the Ray cluster at {address}: {exc.strerror or exc}; "
                         "is `ray start --head` running there?") from None


class RayCluster:
    name = "ray"

    def __init__(self, address: str | None = None, jobs: int | None = None) -> None:
        self.address = address
        self.jobs = jobs

    def map(self, start: WorkerStart, items: Sequence) -> Iterator:
        if not items:
            return
        ray = _ray()
        from ray.util import ActorPool

        started = not ray.is_initialized()
        if started and self.address:
            _check_reachable(self.address)  # Ray itself retries an absent cluster for minutes
        if started:
            options = dict(include_dashboard=False, log_to_driver=False, logging_level="ERROR",
                           configure_logging=True)
            try:
                if self.address:
                    ray.init(address=self.address, **options)
                else:
                    ray.init(num_cpus=self.jobs or None, **options)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                where = f"the Ray cluster at {self.address}" if self.address else "a local Ray instance"
                raise UsageError(f"cannot start or reach {where}: {exc}") from None
        try:
            cpus = int(ray.cluster_resources().get("CPU", 0))
            if cpus < 1:
                raise UsageError("the Ray cluster has no CPU to run documents on")
            # never more actors than the cluster has CPUs: one that cannot be placed would hold
            # its document, and the results, taken in order, would wait for it forever
            count = max(1, min(self.jobs or cpus, cpus, len(items)))
            actor = ray.remote(num_cpus=1)(_Worker)
            pool = ActorPool([actor.remote(start) for _ in range(count)])
            try:
                yield from pool.map(lambda worker, item: worker.run.remote(item), items)
            except ray.exceptions.RayError as exc:
                raise TriglotError(f"the Ray cluster failed while running documents ({type(exc).__name__}: "
                                   f"{str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ''}); "
                                   "run again: the documents finished so far are kept") from None
        finally:
            if started:
                ray.shutdown()
