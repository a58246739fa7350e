"""The daemon's parts that need no mailbox: the grace after a stop signal, and the generic guard in front
of a scan's mail calls."""

from __future__ import annotations

import threading

import pytest

from watcher.guard import guarded
from watcher.lifecycle import Lifecycle, Stopping
from watcher.notify import Notifier


def test_a_stop_the_loop_does_not_finish_within_the_grace_ends_the_process_with_status_0() -> None:
    ended: list[int] = []
    done = threading.Event()

    def end(status: int) -> None:
        ended.append(status)
        done.set()

    lifecycle = Lifecycle(Notifier(None), lambda: None, grace=0.0, end=end)
    lifecycle.request_stop()
    assert done.wait(30)  # a bound only a hang could exceed
    lifecycle.finish()
    assert ended == [0]


def test_a_loop_that_finishes_within_the_grace_is_not_ended() -> None:
    ended: list[int] = []
    lifecycle = Lifecycle(Notifier(None), lambda: None, grace=3600.0, end=ended.append)
    lifecycle.request_stop()
    lifecycle.request_stop()  # a second signal changes nothing
    lifecycle.finish()
    assert ended == []
    lifecycle.request_stop()  # after finish: harmless


# ---------------------------------------------------------------------- the guard


class Recorder:
    """Stands for any source or draft writer, with methods the protocol may gain later."""

    description = "recorder"

    def __init__(self, log: list[str]) -> None:
        self.log = log

    def header_index(self, folder: str) -> int:
        self.log.append(f"header_index {folder}")
        return 7

    def close(self) -> None:
        self.log.append("close")


def test_every_method_call_passes_the_checkpoint_first_except_close() -> None:
    log: list[str] = []
    proxy = guarded(Recorder(log), lambda: log.append("checkpoint"))
    assert proxy.header_index("INBOX") == 7
    assert proxy.description == "recorder"
    proxy.close()
    assert log == ["checkpoint", "header_index INBOX", "close"]


def test_a_checkpoint_that_stops_keeps_the_call_from_reaching_the_server() -> None:
    log: list[str] = []

    def stop() -> None:
        raise Stopping

    proxy = guarded(Recorder(log), stop)
    with pytest.raises(Stopping):
        proxy.header_index("INBOX")
    assert log == []
