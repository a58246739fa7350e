"""sd_notify: datagrams on the socket systemd names, the watchdog's rhythm, and silence without systemd."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from watcher.notify import Notifier


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def listener(tmp_path: Path) -> Iterator[tuple[socket.socket, str]]:
    path = tmp_path / "notify"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(path))
    server.settimeout(5)
    yield server, str(path)
    server.close()


def test_ready_and_status_arrive_in_one_datagram(listener: tuple[socket.socket, str]) -> None:
    server, path = listener
    notifier = Notifier.from_environ({"NOTIFY_SOCKET": path})
    notifier.ready("started; reading new mail")
    notifier.status("watching personal (IMAP IDLE on the Inbox)")
    notifier.stopping("stopping")
    notifier.close()
    assert server.recv(4096).decode().splitlines() == ["READY=1", "STATUS=started; reading new mail"]
    assert server.recv(4096).decode() == "STATUS=watching personal (IMAP IDLE on the Inbox)"
    assert server.recv(4096).decode().splitlines() == ["STOPPING=1", "STATUS=stopping"]


def test_an_abstract_socket_name_starts_with_an_at_sign() -> None:
    name = f"fw-unit-{os.getpid()}"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind("\0" + name)
    server.settimeout(5)
    try:
        notifier = Notifier.from_environ({"NOTIFY_SOCKET": "@" + name})
        assert notifier.send("STATUS=hello")
        notifier.close()
        assert server.recv(4096) == b"STATUS=hello"
    finally:
        server.close()


def test_without_notify_socket_nothing_is_sent_and_nothing_fails() -> None:
    notifier = Notifier.from_environ({})
    assert not notifier.enabled
    assert notifier.send("READY=1") is False
    notifier.ready("started")
    notifier.keepalive()
    assert notifier.next_ping() is None


def test_a_vanished_socket_is_not_an_error(tmp_path: Path) -> None:
    notifier = Notifier.from_environ({"NOTIFY_SOCKET": str(tmp_path / "gone")})
    assert notifier.send("STATUS=anyone?") is False
    notifier.close()


class Recording(Notifier):
    def __init__(self) -> None:
        super().__init__("@unused")
        self.sent: list[tuple[str, ...]] = []

    def send(self, *lines: str) -> bool:
        self.sent.append(lines)
        return True


def test_status_is_one_short_line() -> None:
    notifier = Recording()
    notifier.status("first line\nsecond   line")
    notifier.status("x" * 500)
    assert notifier.sent[0] == ("STATUS=first line second line",)
    assert len(notifier.sent[1][0]) == len("STATUS=") + 200


def test_watchdog_pings_every_half_interval(listener: tuple[socket.socket, str]) -> None:
    server, path = listener
    clock = FakeClock()
    notifier = Notifier.from_environ({"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "30000000"}, monotonic=clock)
    assert notifier.watchdog_interval == 15
    notifier.ready("started")
    assert server.recv(4096).startswith(b"READY=1")
    assert notifier.next_ping() == 1015
    clock.now += 14
    notifier.keepalive()  # too early: nothing
    clock.now += 1
    notifier.keepalive()
    assert server.recv(4096) == b"WATCHDOG=1"
    assert notifier.next_ping() == 1030
    notifier.close()


def test_a_watchdog_meant_for_another_process_is_ignored() -> None:
    environ = {"NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "1000000", "WATCHDOG_PID": str(os.getpid() + 1)}
    assert Notifier.from_environ(environ).watchdog_interval is None
    environ["WATCHDOG_PID"] = str(os.getpid())
    assert Notifier.from_environ(environ).watchdog_interval == 0.5


def test_an_unreadable_watchdog_usec_means_no_watchdog() -> None:
    assert Notifier.from_environ({"NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "soon"}).watchdog_interval is None


def test_a_manager_that_does_not_read_never_blocks_the_sender(listener: tuple[socket.socket, str]) -> None:
    _server, path = listener  # bound, never read: its queue fills after a few hundred datagrams
    notifier = Notifier.from_environ({"NOTIFY_SOCKET": path})
    results: list[bool] = []
    sender = threading.Thread(target=lambda: results.extend(notifier.send("WATCHDOG=1") for _ in range(5000)))
    sender.start()
    sender.join(30)  # a bound that only a blocked send could exceed
    notifier.close()
    assert not sender.is_alive()
    assert results[0] is True and results[-1] is False
