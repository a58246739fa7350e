"""Much pure work shared with one forked worker, on a machine with a second core.

A first scan of a years-deep mailbox reads ~2,800 conversations for interviews: ~3.5 s of CPU in
the rules while the mail server sits idle. The rules are pure (a thread, the user, the policy -> a
Detection), so the second half of the work goes to a child process forked for it: it inherits the
loaded rules, their compiled patterns and the threads themselves (nothing is sent to it), and
sends back only its results, pickled through a pipe. The results come back in order, each handed
to `done` as the sequential loop would: the first half as it is done, the second when the child
is.

Only a process with no other thread forks (a `scan --once`: the daemon's threads could hold a lock
the child would wait on forever), on a system with fork, with a second core, for enough items to
pay for the fork. Anything that goes wrong with the child (it dies, says nothing, or sends what
cannot be read): its half is done here after all, as without it. The child never runs the
parent's exit handlers or flushes its buffers (`os._exit`).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 400  # below this the fork and the pickles cost more than half the work saves


def each(items: Sequence[T], work: Callable[[T], R], done: Callable[[T, R], None]) -> None:
    """`done(item, work(item))` for every item, in order; the second half computed in a forked child
    when that pays (see the module's docstring)."""
    if len(items) < MIN_ITEMS or not can_fork():
        for item in items:
            done(item, work(item))
        return
    split = len(items) // 2
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its half, pickled to the pipe, and out without any exit handler
        status = 1
        try:
            os.close(reader)
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # an interrupt ends it at once
            data = pickle.dumps([work(item) for item in items[split:]], protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writer, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    theirs: list[R] | None = None
    finished = False
    try:
        for item in items[:split]:
            done(item, work(item))
        theirs = _collect(reader, pid, len(items) - split)
        finished = True
    finally:
        if not finished:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.close(reader)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
    if theirs is None:
        theirs = [work(item) for item in items[split:]]
    for item, result in zip(items[split:], theirs, strict=True):
        done(item, result)


def can_fork() -> bool:
    """Whether forking a worker is safe (no other thread in this process) and useful (a second core)."""
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores > 1


def _collect(reader: int, pid: int, expected: int) -> list[R] | None:
    """The child's results, or None when it failed to give all of them."""
    with os.fdopen(reader, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    try:
        results = pickle.loads(data)  # noqa: S301 - our own child's pickles, through our own pipe
    except Exception:  # noqa: BLE001 - whatever it sent, the work is done here instead
        return None
    return results if isinstance(results, list) and len(results) == expected else None
