"""Much pure work shared with one forked worker, on a machine with a second core.

A first scan of a years-deep mailbox reads ~2,800 conversations for interviews: ~3.5 s of CPU in
the rules while the mail server sits idle. The rules are pure (a thread, the user, the policy -> a
Detection), so the second half of the work goes to a child process forked for it: it inherits the
loaded rules, their compiled patterns and the threads themselves (nothing is sent to it), and
sends back only its results, pickled through a pipe. The results come back in order, each handed
to `done` as the sequential loop would: the first half as it is done, the second when the child
is.

`halves` is the same for work that comes in batches over time (mail read from a server, batch after
batch): one worker is forked when the stream starts, and of each batch it does the second half
(sent to it through a pipe, so the items must pickle) while this process does the first.

Only a process with no other thread forks (a `scan --once`: the daemon's threads could hold a lock
the child would wait on forever), on a system with fork, with a second core, for enough items to
pay for the fork. Anything that goes wrong with the child (it dies, says nothing, or sends what
cannot be read): its half is done here after all, as without it. The child never runs the
parent's exit handlers or flushes its buffers (`os._exit`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import signal
import struct
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import BinaryIO, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

log = logging.getLogger(__name__)

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
    log.debug("a worker (pid %d) does %d of %d items", pid, len(items) - split, len(items))
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


@contextlib.contextmanager
def halves(work: Callable[[T], R], expected: int) -> Iterator[Callable[[Sequence[T]], list[R]]]:
    """A function that maps `work` over a batch, in order; while the block runs, a forked worker does
    the second half of each batch when that pays for `expected` items in all (see the docstring)."""
    pair = _Pair(work)
    if expected >= MIN_ITEMS and can_fork():
        pair.fork()
    finished = False
    try:
        yield pair.run
        finished = True
    finally:
        pair.stop(kill=not finished)


_LENGTH = struct.Struct(">Q")  # each batch and each answer on the pipes: its length, then its pickle


class _Pair(Generic[T, R]):
    """This process and, once forked, one worker: the halves of each batch."""

    def __init__(self, work: Callable[[T], R]) -> None:
        self.work = work
        self.pid = 0
        self.to_worker: BinaryIO | None = None
        self.from_worker: BinaryIO | None = None

    def fork(self) -> None:
        to_worker, from_here = os.pipe()
        to_here, from_worker = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: batches in, results out, until the pipe closes; no exit handler
            status = 1
            try:
                os.close(from_here)
                os.close(to_here)
                signal.signal(signal.SIGINT, signal.SIG_DFL)  # an interrupt ends it at once
                with os.fdopen(to_worker, "rb") as batches, os.fdopen(from_worker, "wb") as answers:
                    _serve(batches, answers, self.work)
                status = 0
            finally:
                os._exit(status)
        os.close(to_worker)
        os.close(from_worker)
        log.debug("a worker (pid %d) does half of each batch", pid)
        self.pid = pid
        self.to_worker = os.fdopen(from_here, "wb")
        self.from_worker = os.fdopen(to_here, "rb")

    def run(self, items: Sequence[T]) -> list[R]:
        if not self.pid or len(items) < 2:
            return [self.work(item) for item in items]
        split = (len(items) + 1) // 2
        sent = self._send(items[split:])
        mine = [self.work(item) for item in items[:split]]
        theirs = self._receive(len(items) - split) if sent else None
        if theirs is None:  # the worker failed: its half is done here, and so is every later batch
            self.stop(kill=True)
            theirs = [self.work(item) for item in items[split:]]
        return mine + theirs

    def _send(self, items: Sequence[T]) -> bool:
        assert self.to_worker is not None
        try:
            data = pickle.dumps(list(items), protocol=pickle.HIGHEST_PROTOCOL)
            self.to_worker.write(_LENGTH.pack(len(data)) + data)
            self.to_worker.flush()
        except Exception:  # noqa: BLE001 - a worker gone or items that do not pickle: done here instead
            return False
        return True

    def _receive(self, expected: int) -> list[R] | None:
        assert self.from_worker is not None
        try:
            results = pickle.loads(_read_exactly(self.from_worker))  # noqa: S301 - our own worker's pickles
        except Exception:  # noqa: BLE001 - whatever it sent or failed to send, the half is done here
            return None
        return results if isinstance(results, list) and len(results) == expected else None

    def stop(self, kill: bool) -> None:
        """End the worker: it sees its input close and exits (or is killed); it is waited for."""
        if not self.pid:
            return
        pid, self.pid = self.pid, 0
        if kill:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        for pipe in (self.to_worker, self.from_worker):
            with contextlib.suppress(OSError):
                if pipe is not None:
                    pipe.close()
        self.to_worker = self.from_worker = None
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def _serve(batches: BinaryIO, answers: BinaryIO, work: Callable[[T], R]) -> None:
    while True:
        try:
            data = _read_exactly(batches)
        except EOFError:
            return
        items = pickle.loads(data)  # noqa: S301 - our own parent's pickles, through our own pipe
        result = pickle.dumps([work(item) for item in items], protocol=pickle.HIGHEST_PROTOCOL)
        answers.write(_LENGTH.pack(len(result)) + result)
        answers.flush()


def _read_exactly(pipe: BinaryIO) -> bytes:
    """One length-prefixed pickle from `pipe`; EOFError when the pipe ends before it does."""
    head = pipe.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        raise EOFError("the pipe ended")
    (length,) = _LENGTH.unpack(head)
    data = pipe.read(length)
    if len(data) < length:
        raise EOFError("the pipe ended inside a batch")
    return data


def can_fork() -> bool:
    """Whether forking a worker is safe (no other thread in this process) and useful (a second core)."""
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores > 1


def _collect(reader: int, pid: int, expected: int) -> list[R] | None:
    """The child's results, or None when it failed to give all of them. Unpickled as they come through
    the pipe: the pickle (megabytes, on a first scan) is never held whole beside what it gives."""
    results: object = None
    with os.fdopen(reader, "rb") as pipe:
        try:
            results = pickle.load(pipe)  # noqa: S301 - our own child's pickles, through our own pipe
        except Exception:  # noqa: BLE001 - whatever it sent, the work is done here instead
            results = None
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    return results if isinstance(results, list) and len(results) == expected else None
