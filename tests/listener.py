"""A TCP listener on 127.0.0.1 for the tests' own servers and relays: bound to a port of its own at
once (no gap another server could take), each accepted connection handed to `handle` in a thread of
its own, and `close` ending the listener and every socket in `open`."""

from __future__ import annotations

import contextlib
import socket
import threading


class Listener:
    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.server.getsockname()[1]
        self.open: list[socket.socket] = []  # accepted connections, and whatever a handler adds: closed by `close`
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                raw, _ = self.server.accept()
            except OSError:
                return  # closed
            self.open.append(raw)
            threading.Thread(target=self.handle, args=(raw,), daemon=True).start()

    def handle(self, raw: socket.socket) -> None:
        """One accepted connection."""
        raise NotImplementedError

    def close(self) -> None:
        self.server.close()
        for item in list(self.open):
            with contextlib.suppress(OSError):
                item.close()
