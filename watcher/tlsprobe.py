"""Tells a TLS port from a plain IMAP port, to turn a failed connection into the setting to change.

Only called after a connection failed: a TLS handshake against a plain IMAP server fails at once
(the server's "* OK" greeting is not a TLS record), and against a TLS port it succeeds. The
certificate is not checked here: the question is only which protocol the port speaks.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
from typing import Literal

PROBE_SECONDS = 5.0

Speaks = Literal["tls", "plain", "unknown"]


def speaks(host: str, port: int, timeout: float = PROBE_SECONDS) -> Speaks:
    """"tls" if a TLS handshake succeeds, "plain" if the port greets in plain IMAP, else "unknown"."""
    try:
        raw = socket.create_connection((host, port), timeout=timeout)
    except OSError:
        return "unknown"
    with contextlib.closing(raw):
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        try:
            with context.wrap_socket(raw, server_hostname=host, do_handshake_on_connect=True):
                return "tls"
        except ssl.SSLError:
            pass
        except OSError:
            return "unknown"
    # the handshake failed: does the port greet like an IMAP server in plain text?
    try:
        with socket.create_connection((host, port), timeout=timeout) as plain:
            greeting = plain.recv(64)
    except OSError:
        return "unknown"
    return "plain" if greeting.startswith((b"* OK", b"* PREAUTH", b"* BYE")) else "unknown"


def diagnose(host: str, port: int, security: str, timeout: float = PROBE_SECONDS) -> str:
    """The config change a failed connection calls for, or "" when the port is not the problem."""
    found = speaks(host, port, timeout)
    if found == "tls" and security in ("none", "starttls"):
        return (f"{host}:{port} speaks TLS from the first byte, but the account has security = \"{security}\" — "
                "set security = \"ssl\" for this port (or use the server's plain/STARTTLS port, usually 143)")
    if found == "plain" and security == "ssl":
        return (f"{host}:{port} speaks plain IMAP, not TLS, but the account has security = \"ssl\" — set "
                "security = \"starttls\" for this port (or use the server's TLS port, usually 993)")
    return ""
