"""A TLS listener on 127.0.0.1 with a throw-away self-signed certificate, for tests that need a
server's port 993: each accepted connection is handed to `handle` in a thread of its own."""

from __future__ import annotations

import socket
import ssl
import subprocess
from pathlib import Path

from listener import Listener


class TlsListener(Listener):
    def __init__(self, directory: Path) -> None:
        key, cert = directory / "key.pem", directory / "cert.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                        str(cert), "-days", "2", "-subj", "/CN=localhost"], check=True, capture_output=True)
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)
        super().__init__()

    def handle(self, raw: socket.socket) -> None:
        """One accepted connection (plain: the handshake is the handler's to do)."""
        raise NotImplementedError
