"""imaplib over one end of a socket pair: our IMAP readers against a scripted server, in unit tests."""

from __future__ import annotations

import imaplib
import socket


class Paired(imaplib.IMAP4):
    """imaplib over one end of a socket pair."""

    def __init__(self, sock: socket.socket) -> None:
        self._paired = sock
        super().__init__()

    def _create_socket(self, timeout: float | None = None) -> socket.socket:
        return self._paired
