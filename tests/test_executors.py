"""The executors (align/executors/): results in the items' order whatever finishes first,
one clear message when a worker process dies, the default number of workers."""
from __future__ import annotations

import os
import time

import pytest

from align.errors import TriglotError, UsageError
from align.executors import available_cores, make_executor


def _slower_first(n: int) -> int:
    time.sleep(0.3 if n == 0 else 0.0)
    return n * n


def _start_squares():
    return _slower_first


def _die(n: int) -> int:
    if n == 2:
        os._exit(3)  # as the kernel's OOM killer would end it
    return n


def _start_dying():
    return _die


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_come_in_the_items_order(jobs):
    assert list(make_executor("local", jobs).map(_start_squares, [0, 1, 2, 3, 4])) == [0, 1, 4, 9, 16]


def test_a_worker_process_that_dies_is_one_clear_error():
    with pytest.raises(TriglotError, match="a worker process died"):
        list(make_executor("local", 2).map(_start_dying, [0, 1, 2, 3]))


def test_an_address_without_ray_and_an_unknown_executor_are_refused():
    with pytest.raises(UsageError, match="--address is for --executor ray"):
        make_executor("local", 2, "127.0.0.1:6379")
    with pytest.raises(UsageError, match="unknown executor"):
        make_executor("dask")
    with pytest.raises(UsageError, match="at least 1"):
        make_executor("local", 0)


def test_the_default_workers_follow_a_container_cpu_quota(tmp_path):
    unlimited = available_cores(tmp_path / "absent")
    (tmp_path / "cpu.max").write_text("200000 100000\n")
    assert available_cores(tmp_path / "cpu.max") == min(2, unlimited)
    (tmp_path / "cpu.max").write_text("50000 100000\n")
    assert available_cores(tmp_path / "cpu.max") == 1
    (tmp_path / "cpu.max").write_text("max 100000\n")
    assert available_cores(tmp_path / "cpu.max") == unlimited


def test_the_summary_of_a_large_corpus_is_a_count(capsys):
    from align.cli import SUMMARY_TABLE_MAX, _print_run_summary
    from align.pipeline import DocumentReport, RunReport

    docs = [DocumentReport(f"d{n}", ("zh", "fr", "en"), (), {"zh": 2, "fr": 2, "en": 2}, units=2, flags=1,
                           resumed=n % 2 == 0, warnings=("a warning",)) for n in range(SUMMARY_TABLE_MAX + 10)]
    docs.append(DocumentReport("bad", ("zh", "fr"), ("en",), error="bad: not Chinese"))
    _print_run_summary(RunReport(tuple(docs), "sig"))
    captured = capsys.readouterr()
    assert "41 documents, 40 done (20 kept from an earlier run with the same inputs and settings), 1 failed" in \
        " ".join(captured.out.split())
    assert "d7" not in captured.out and "a warning" not in captured.err
    assert "bad: not Chinese" in captured.err
