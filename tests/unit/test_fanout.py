"""Pure work shared with a forked worker (watcher/fanout.py): the same results, in order, whatever happens."""

from __future__ import annotations

import os
import threading

import pytest

from watcher import fanout

pytestmark = pytest.mark.skipif(not fanout.can_fork(), reason="needs fork and a second core")

ITEMS = list(range(fanout.MIN_ITEMS * 2 + 1))


def _run(work: object) -> list[tuple[int, object]]:
    seen: list[tuple[int, object]] = []
    fanout.each(ITEMS, work, lambda item, result: seen.append((item, result)))  # type: ignore[arg-type]
    return seen


def test_every_item_is_done_once_in_order_with_its_own_result() -> None:
    assert _run(lambda n: n * n) == [(n, n * n) for n in ITEMS]


def test_the_second_half_is_worked_in_another_process() -> None:
    parent = os.getpid()
    workers = {pid for _, pid in _run(lambda n: os.getpid())}
    assert parent in workers and len(workers) == 2


def test_a_worker_that_dies_leaves_its_half_to_this_process() -> None:
    parent = os.getpid()

    def work(n: int) -> int:
        if os.getpid() != parent:
            os._exit(3)
        return n + 1

    assert _run(work) == [(n, n + 1) for n in ITEMS]


def test_a_worker_whose_results_cannot_be_sent_leaves_its_half_to_this_process() -> None:
    parent = os.getpid()
    assert _run(lambda n: (lambda: n) if os.getpid() != parent else n) == [(n, n) for n in ITEMS]


def test_a_failure_here_ends_the_worker_and_is_raised() -> None:
    def work(n: int) -> int:
        if n == 3 and os.getpid() == parent:
            raise RuntimeError("here")
        return n

    parent = os.getpid()
    with pytest.raises(RuntimeError, match="here"):
        _run(work)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left behind


def test_a_process_with_another_thread_does_not_fork() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert {pid for _, pid in _run(lambda n: os.getpid())} == {os.getpid()}
    finally:
        stop.set()
        other.join()


def test_a_short_list_does_not_fork() -> None:
    seen: list[int] = []
    fanout.each(list(range(fanout.MIN_ITEMS - 1)), lambda n: os.getpid(), lambda n, pid: seen.append(pid))
    assert set(seen) == {os.getpid()}
