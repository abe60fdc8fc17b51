"""Where a run's documents are processed: one process, worker processes, a Ray cluster.

An executor maps a per-document function over documents and yields the results **in the
documents' order**, whichever worker finished first, so a run's outputs do not depend on
the executor.  It never sees what a document is: it gets a ``start`` callable (picklable:
a top-level function or a ``functools.partial`` of one) that each worker calls once to
load its state (the engines) and that returns the function applied to every item.

Adding an executor is one new module here with a class that has ``name`` and ``map``,
and one line in :data:`EXECUTORS`.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterator, Protocol, Sequence, TypeVar

from ..errors import UsageError

T = TypeVar("T")
R = TypeVar("R")
WorkerStart = Callable[[], Callable[[T], R]]


class Executor(Protocol):
    name: str

    def map(self, start: WorkerStart, items: Sequence[T]) -> Iterator[R]:
        """``start()(item)`` for every item, yielded in the items' order."""
        ...


EXECUTORS = ("local", "ray")


def available_cores(cpu_max: Path = Path("/sys/fs/cgroup/cpu.max")) -> int:
    """The cores this process may use: those ``taskset`` allows, fewer under a container's
    CPU quota (cgroup v2 ``cpu.max``: a 2-CPU container on a 64-core host gets 2)."""
    try:
        cores = len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    try:
        quota, period = cpu_max.read_text().split()[:2]
        if quota != "max":
            cores = min(cores, max(1, int(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return cores


def make_executor(name: str = "local", jobs: int | None = None, address: str | None = None) -> Executor:
    """The executor called ``name``: ``local`` (``jobs`` processes, default one a core; one:
    this process) or ``ray`` (the cluster at ``address``, else one Ray starts on this
    machine; ``jobs`` actors, default one a CPU of the cluster)."""
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs must be at least 1, not {jobs}")
    if name == "local":
        if address:
            raise UsageError("--address is for --executor ray")
        from .local import InProcess, Processes

        jobs = jobs or available_cores()
        return Processes(jobs) if jobs > 1 else InProcess()
    if name == "ray":
        from .ray_cluster import RayCluster

        return RayCluster(address, jobs)
    raise UsageError(f"unknown executor {name!r}; choose from {', '.join(EXECUTORS)}")
