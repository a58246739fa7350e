"""The test servers never answer on another server's port.

A Dovecot learns its port before it starts, so another server can hold that port by the time it
binds: another test run's Dovecot that was handed the same port, or any server that names it. The
clash is made here on purpose, by offering a Dovecot a port that is already taken, and the Dovecot
must notice, move to another port, and be the one that answers there. Each test's outcome is the
same whichever process wins a race: nothing waits for time to pass.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import imaplib
import socket
import threading
from collections.abc import Callable, Iterator

import dovecot
import ports
import pytest
from conftest import NO_DOVECOT

pytestmark = pytest.mark.dovecot

# What an impostor says: Dovecot's own default greeting, so only our id can tell it apart.
IMPOSTOR_GREETING = b"* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE AUTH=PLAIN] Dovecot ready.\r\n"


@pytest.fixture(autouse=True)
def _needs_dovecot() -> None:
    if not dovecot.available():
        pytest.skip(NO_DOVECOT)


def offering(first: ports.Reservation) -> Callable[[], ports.Reservation]:
    """A port source whose first offer is `first`; later ones are the usual free ports."""
    offers = iter([first])
    return lambda: next(offers, None) or ports.reserve()


@contextlib.contextmanager
def impostor_on(port: int) -> Iterator[None]:
    """A server that greets like a Dovecot on `port` (bound beside its reservation, as SO_REUSEADDR allows)."""
    listener = socket.create_server((ports.HOST, port))  # SO_REUSEADDR, like any server that names a port
    accepted: list[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return  # closed
            accepted.append(connection)
            with contextlib.suppress(OSError):
                connection.sendall(IMPOSTOR_GREETING)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield
    finally:
        listener.shutdown(socket.SHUT_RDWR)
        listener.close()
        thread.join(10)
        for connection in accepted:
            connection.close()


def logs_in(server: dovecot.Dovecot, port: int, username: str, password: str) -> bool:
    imap = imaplib.IMAP4(server.host, port, timeout=30)
    try:
        imap.login(username, password)
    except imaplib.IMAP4.error:
        return False
    finally:
        imap.shutdown()
    return True


def test_a_port_where_another_server_answers_is_given_up() -> None:
    with ports.Reservation() as taken, impostor_on(taken.port):
        server = dovecot.Dovecot(reserve=offering(taken))
        server.start()
        try:
            assert (server.clashes, server.port != taken.port) == ([taken.port], True)
            username, password = server.new_user()
            with server.client(username, password) as tool:
                assert "INBOX" in tool.folders()
        finally:
            server.stop()


def test_two_dovecots_offered_the_same_port_at_once_each_answer_on_their_own() -> None:
    # Both hold the one port (reservations do not listen, so SO_REUSEADDR lets both bind it), as two
    # test runs did when each picked the port the other had just closed. One Dovecot binds it; the
    # other's bind fails, and that one must move instead of taking its rival's greeting for its own.
    first = ports.Reservation()
    second = ports.Reservation(first.port)
    servers = [dovecot.Dovecot(reserve=offering(first)), dovecot.Dovecot(reserve=offering(second))]
    try:
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            for started in [pool.submit(server.start) for server in servers]:
                started.result()
        shared = first.port
        assert sorted([server.clashes for server in servers]) == [[], [shared]]
        assert sorted(server.port == shared for server in servers) == [False, True]
        # Each answers its own users on its own port: the other server does not know them.
        one, other = servers
        username, password = one.new_user()
        assert (logs_in(one, one.port, username, password), logs_in(other, other.port, username, password)) == (
            True, False)
    finally:
        for server in servers:
            server.stop()
        first.release()
        second.release()


def test_a_stopped_dovecot_keeps_its_port_for_the_restart() -> None:
    server = dovecot.Dovecot()
    server.start()
    try:
        username, password = server.new_user()
        port = server.port
        server.stop_process()
        # Nothing answers meanwhile, and no one asking for this port gets it.
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection((server.host, port), timeout=5).close()
        with socket.socket() as plain, pytest.raises(OSError, match="in use"):
            plain.bind((ports.HOST, port))
        server.restart()
        assert (server.port, logs_in(server, port, username, password)) == (port, True)
    finally:
        server.stop()


def test_a_closed_port_refuses_connections_and_is_nobody_elses_meanwhile() -> None:
    with ports.closed_port() as port:
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection((ports.HOST, port), timeout=5).close()
        with socket.socket() as plain, pytest.raises(OSError, match="in use"):
            plain.bind((ports.HOST, port))
