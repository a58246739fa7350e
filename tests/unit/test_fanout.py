"""Pure work shared with a forked worker (watcher/fanout.py): the same results, in order, whatever happens.

Each case runs in a fresh interpreter, as a `scan --once` does: the test process has threads and
children of other tests (servers), which fanout rightly refuses to fork beside."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import pytest

from watcher import fanout

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2,
                                reason="needs fork and a second core")

_PRELUDE = """
import json, os, sys
from watcher import fanout
ITEMS = list(range(fanout.MIN_ITEMS * 2 + 1))
PARENT = os.getpid()
seen = []
def done(item, result):
    seen.append([item, result])
def outcome(call):  # what `call` raised, and whether a child of this process is left behind after it
    try:
        call()
        raised = ""
    except RuntimeError as error:
        raised = str(error)
    try:
        os.waitpid(-1, os.WNOHANG)
        left = True
    except ChildProcessError:
        left = False
    return {"raised": raised, "child left": left}
"""


def _fresh(body: str) -> Any:
    """Run `body` after the prelude in a new interpreter; what it prints, as JSON."""
    code = _PRELUDE + textwrap.dedent(body)
    finished = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    return json.loads(finished.stdout)


def test_every_item_is_done_once_in_order_with_its_own_result() -> None:
    seen = _fresh("""
        fanout.each(ITEMS, lambda n: n * n, done)
        print(json.dumps(seen))
    """)
    assert seen == [[n, n * n] for n in range(fanout.MIN_ITEMS * 2 + 1)]


def test_the_second_half_is_worked_in_another_process() -> None:
    found = _fresh("""
        fanout.each(ITEMS, lambda n: os.getpid(), done)
        print(json.dumps({"parent": PARENT, "first": seen[0][1], "last": seen[-1][1]}))
    """)
    assert found["first"] == found["parent"] != found["last"]


def test_a_worker_that_dies_leaves_its_half_to_this_process() -> None:
    seen = _fresh("""
        def work(n):
            if os.getpid() != PARENT:
                os._exit(3)
            return n + 1
        fanout.each(ITEMS, work, done)
        print(json.dumps(seen))
    """)
    assert seen == [[n, n + 1] for n in range(fanout.MIN_ITEMS * 2 + 1)]


def test_a_worker_whose_results_cannot_be_sent_leaves_its_half_to_this_process() -> None:
    seen = _fresh("""
        fanout.each(ITEMS, lambda n: (lambda: n) if os.getpid() != PARENT else n, done)  # a lambda: no pickle
        print(json.dumps(seen))
    """)
    assert seen == [[n, n] for n in range(fanout.MIN_ITEMS * 2 + 1)]


def test_a_failure_here_ends_the_worker_and_is_raised() -> None:
    found = _fresh("""
        def work(n):
            if n == 3 and os.getpid() == PARENT:
                raise RuntimeError("here")
            return n
        print(json.dumps(outcome(lambda: fanout.each(ITEMS, work, done))))
    """)
    assert found == {"raised": "here", "child left": False}


def test_a_process_with_another_thread_does_not_fork() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not fanout.can_fork()
        pids: set[int] = set()
        fanout.each(list(range(fanout.MIN_ITEMS * 2)), lambda n: os.getpid(), lambda n, pid: pids.add(pid))
        assert pids == {os.getpid()}
    finally:
        stop.set()
        other.join()


def test_a_short_list_does_not_fork() -> None:
    found = _fresh("""
        fanout.each(ITEMS[:fanout.MIN_ITEMS - 1], lambda n: os.getpid(), done)
        print(json.dumps(sorted({pid for _, pid in seen} | {PARENT})))
    """)
    assert len(found) == 1


# ---------------------------------------------------------------- halves: batches that come one at a time

_BATCHES = """
BATCHES = [list(range(start, start + 100)) for start in range(0, fanout.MIN_ITEMS + 100, 100)]
def stream(work):
    out = []
    with fanout.halves(work, sum(len(b) for b in BATCHES)) as run:
        for batch in BATCHES:
            out.append(run(batch))
    return out
"""


def _stream(body: str) -> Any:
    """`_fresh` with BATCHES and `stream(work)`: `halves` over the batches, one at a time."""
    return _fresh(_BATCHES + textwrap.dedent(body))


def test_every_batch_comes_back_whole_and_in_order() -> None:
    out = _stream("""
        print(json.dumps(stream(lambda n: n * n)))
    """)
    assert out == [[n * n for n in range(start, start + 100)] for start in range(0, fanout.MIN_ITEMS + 100, 100)]


def test_the_second_half_of_each_batch_is_worked_in_another_process() -> None:
    out = _stream("""
        pids = stream(lambda n: os.getpid())
        print(json.dumps({"parent": PARENT, "batches": [[b[0], b[-1]] for b in pids]}))
    """)
    assert all(first == out["parent"] != last for first, last in out["batches"])


def test_a_worker_that_dies_leaves_that_batch_and_the_later_ones_to_this_process() -> None:
    out = _stream("""
        def work(n):
            if os.getpid() != PARENT and n >= 250:
                os._exit(3)
            return [n, os.getpid() == PARENT]
        print(json.dumps(stream(work)))
    """)
    flat = [item for batch in out for item in batch]
    assert [n for n, _ in flat] == list(range(fanout.MIN_ITEMS + 100))
    assert all(here for n, here in flat if n >= 300)  # after the worker died, every batch is done here


def test_items_that_cannot_be_sent_are_worked_here() -> None:
    out = _stream("""
        import threading
        lock = threading.Lock()  # a lock does not pickle
        with fanout.halves(lambda item: item[0] + 1, 1000) as run:
            print(json.dumps(run([(n, lock) for n in range(10)])))
    """)
    assert out == list(range(1, 11))


def test_a_failure_here_kills_the_worker_and_is_raised() -> None:
    found = _stream("""
        def work(n):
            if n == 120 and os.getpid() == PARENT:
                raise RuntimeError("here")
            return n
        print(json.dumps(outcome(lambda: stream(work))))
    """)
    assert found == {"raised": "here", "child left": False}


def test_a_short_stream_does_not_fork() -> None:
    found = _stream("""
        with fanout.halves(lambda n: os.getpid(), fanout.MIN_ITEMS - 1) as run:
            pids = run(list(range(100)))
        print(json.dumps(sorted(set(pids) | {PARENT})))
    """)
    assert len(found) == 1


def test_a_stream_in_a_process_with_another_thread_does_not_fork() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with fanout.halves(lambda n: os.getpid(), fanout.MIN_ITEMS * 2) as run:
            assert set(run(list(range(100)))) == {os.getpid()}
    finally:
        stop.set()
        other.join()
