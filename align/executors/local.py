"""Executors on this machine: this process, or spawned worker processes."""
from __future__ import annotations

from typing import Callable, Iterator, Sequence

from ..errors import TriglotError
from . import WorkerStart


class InProcess:
    """Every item in this process, one after another."""

    name = "local"

    def map(self, start: WorkerStart, items: Sequence) -> Iterator:
        if not items:
            return
        work = start()
        for item in items:
            yield work(item)


# One worker process's function, made by ``start`` when the process starts.
_WORK: Callable | None = None


def _start(start: WorkerStart, cores_each: int) -> None:
    global _WORK
    from threadpoolctl import threadpool_limits

    # BLAS's own threads, one a core in every worker, would oversubscribe the cores the
    # workers already share out (as joblib does): each worker keeps to its share
    threadpool_limits(cores_each)
    _WORK = start()


def _call(item):
    assert _WORK is not None, "worker not started"
    return _WORK(item)


class Processes:
    """Items on ``jobs`` spawned worker processes (spawned, not forked: no state shared by
    accident), each starting once; results in the items' order."""

    name = "local"

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs

    def map(self, start: WorkerStart, items: Sequence) -> Iterator:
        if len(items) < 2:  # not worth a process start
            yield from InProcess().map(start, items)
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        from . import available_cores

        context = multiprocessing.get_context("spawn")
        workers = min(self.jobs, len(items))
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start,
                                   initargs=(start, max(1, available_cores() // workers)))
        try:
            yield from pool.map(_call, items)
        except BrokenProcessPool:
            raise TriglotError("a worker process died (out of memory? killed?); run again: the documents "
                               "finished so far are kept") from None
        finally:  # also when the caller stops early: queued documents are not started
            pool.shutdown(wait=True, cancel_futures=True)
