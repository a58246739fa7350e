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
        try:
            fanout.each(ITEMS, work, done)
            raised = ""
        except RuntimeError as error:
            raised = str(error)
        try:
            os.waitpid(-1, os.WNOHANG)
            left = True
        except ChildProcessError:
            left = False
        print(json.dumps({"raised": raised, "child left": left}))
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
