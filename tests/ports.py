"""Ports of 127.0.0.1 for servers the tests start, without a gap another process can fall into.

A Python server of ours binds port 0 and listens in the same step (socket.create_server), so no one
else can get its port. Dovecot is a separate process that binds the port its config names, so the
port must be known before it starts; "bind to 0, read the port, close the socket" leaves a gap in
which any other process asking the kernel for a free port (another test run's server, an outgoing
connection) can be handed the same one. A reservation closes that gap: a socket bound to the port
with SO_REUSEADDR and never listening. While it is open the kernel gives the port to no one who asks
for a free port, a connection to it is refused, and Dovecot (which sets SO_REUSEADDR on its
listeners) can still bind and listen on it. Only a process that names this very port and also sets
SO_REUSEADDR can bind it beside us; tests/dovecot.py finds that out from the greeting and moves on.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator

HOST = "127.0.0.1"


class Reservation:
    """Holds `port` of 127.0.0.1 until `release`; `port` is fixed for the reservation's life."""

    def __init__(self, port: int = 0) -> None:
        """A free port of the kernel's choosing, or (for tests of a clash) exactly `port`."""
        self._socket: socket.socket | None = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self._socket.bind((HOST, port))
        except BaseException:
            self._socket.close()
            raise
        self.port: int = self._socket.getsockname()[1]

    def release(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def __enter__(self) -> Reservation:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def reserve() -> Reservation:
    return Reservation()


@contextlib.contextmanager
def closed_port() -> Iterator[int]:
    """A port where nothing listens and nothing will while the block runs: connections are refused."""
    with Reservation() as reservation:
        yield reservation.port
