"""A TLS listener on 127.0.0.1 with a throw-away self-signed certificate, for tests that need a
server's port 993: each accepted connection is handed to `handle` in a thread of its own."""

from __future__ import annotations

import contextlib
import socket
import ssl
import subprocess
import threading
from pathlib import Path


class TlsListener:
    def __init__(self, directory: Path) -> None:
        key, cert = directory / "key.pem", directory / "cert.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                        str(cert), "-days", "2", "-subj", "/CN=localhost"], check=True, capture_output=True)
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.server.getsockname()[1]
        self.open: list[socket.socket] = []  # closed by `close`
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                raw, _ = self.server.accept()
            except OSError:
                return
            self.open.append(raw)
            threading.Thread(target=self.handle, args=(raw,), daemon=True).start()

    def handle(self, raw: socket.socket) -> None:
        """One accepted connection (plain: the handshake is the handler's to do)."""
        raise NotImplementedError

    def close(self) -> None:
        self.server.close()
        for item in self.open:
            with contextlib.suppress(OSError):
                item.close()
