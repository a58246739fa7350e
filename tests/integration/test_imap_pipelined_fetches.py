"""Pipelined UID FETCHes against the suite's Dovecot: the same answers as imaplib read one command at a
time, and a connection dropped with commands in flight goes through the reconnect path.

The INBOX holds a little more than one header chunk (`HEADER_CHUNK`) of small messages, written
straight into Dovecot's store, so the listing, the peeks (`PEEK_CHUNK`) and the fetches
(`BODY_CHUNK`) each send several commands. A relay between the product and Dovecot cuts the
connection (an RST) a few bytes after a chosen command went through, while the server still
answers the command before it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import imaplib
import os
import socket
import struct
import subprocess
import threading
from collections.abc import Iterator

import dovecot
import pytest
from conftest import DovecotUser, new_user
from listener import Listener

from watcher import errors
from watcher.model import Role
from watcher.sources import PEEK_BYTES
from watcher.sources.imap import (
    BODY_CHUNK,
    HEADER_CHUNK,
    HEADER_FIELDS,
    PEEK_CHUNK,
    ImapConnection,
    ImapSource,
)

pytestmark = pytest.mark.dovecot

MESSAGES = HEADER_CHUNK + 300
SINCE = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
assert MESSAGES > PEEK_CHUNK * 2 and BODY_CHUNK * 3 < MESSAGES


def _message(number: int) -> bytes:
    return (f"From: Person {number % 50} <person{number % 50}@example.com>\r\nTo: alex@example.org\r\n"
            f"Subject: note {number}\r\nDate: Mon, 2 Nov 2026 10:{number % 60:02d}:00 +0000\r\n"
            f"Message-ID: <note-{number}@example.com>\r\n\r\n"
            + f"line {number} of a note\r\n" * (1 + number % 40)).encode()


def _write_inbox(user: DovecotUser) -> None:
    """Maildir files straight into the user's store (an APPEND each would take the test's time)."""
    store = user.server.root / "mail" / user.username
    for sub in ("cur", "new", "tmp"):
        (store / sub).mkdir(parents=True, exist_ok=True)
    for number in range(1, MESSAGES + 1):
        (store / "cur" / f"{1790000000 + number}.M{number}P1.pipeline:2,S").write_bytes(_message(number))
    owner = (user.server.root / "mail").stat()
    if os.geteuid() == 0 and owner.st_uid != 0:  # Dovecot's mail processes run as its mail user
        subprocess.run(["chown", "-R", f"{owner.st_uid}:{owner.st_gid}", str(store)], check=True)


@pytest.fixture(scope="module")
def mailbox(dovecot_server: dovecot.Dovecot) -> DovecotUser:
    user = new_user(dovecot_server)
    _write_inbox(user)
    return user


def _reference(user: DovecotUser, items: str, uids: list[int] | None = None) -> dict[int, tuple[bytes, bytes]]:
    """UID -> (the response line before the literal, the literal): stdlib imaplib, one command."""
    imap = imaplib.IMAP4(user.server.host, user.server.port)
    try:
        imap.login(user.username, user.password)
        imap.select("INBOX", readonly=True)
        wanted = ",".join(map(str, uids)) if uids else "1:*"
        kind, data = imap.uid("FETCH", wanted, items)
        assert kind == "OK"
        found = {}
        for item in data:
            if isinstance(item, tuple):
                uid = int(item[0].split(b"UID ")[1].split()[0])
                found[uid] = (bytes(item[0]), bytes(item[1]))
        return found
    finally:
        imap.logout()


def _source(user: DovecotUser, port: int | None = None) -> ImapSource:
    account = user.account(port=port) if port else user.account()
    return ImapSource(ImapConnection(account, user.password))


def _listed(source: ImapSource) -> tuple[list[list[tuple[str, bytes, dt.datetime | None]]], int]:
    listing = source.listing(Role.INBOX, None, SINCE)
    chunks = [[(m.ref, m.header, m.internal_date) for m in chunk] for chunk in listing.chunks]
    validity = int(chunks[0][0][0].partition(":")[0]) if chunks and chunks[0] else 0
    return chunks, validity


def test_listing_peeks_and_fetches_read_what_imaplib_reads(mailbox: DovecotUser) -> None:
    headers = _reference(mailbox, f"(UID BODY.PEEK[HEADER.FIELDS ({HEADER_FIELDS})])")
    source = _source(mailbox)
    try:
        chunks, validity = _listed(source)
        assert [len(chunk) for chunk in chunks] == [HEADER_CHUNK, MESSAGES - HEADER_CHUNK]
        listed = [item for chunk in chunks for item in chunk]
        assert [ref for ref, _, _ in listed] == [f"{validity}:{uid}" for uid in sorted(headers)]
        assert [header for _, header, _ in listed] == [headers[uid][1] for uid in sorted(headers)]
        assert all(when is not None for _, _, when in listed)

        refs = [ref for ref, _, _ in listed]
        starts = _reference(mailbox, f"(UID BODY.PEEK[TEXT]<0.{PEEK_BYTES}>)")
        peeked = source.peek(Role.INBOX, refs + [f"{validity}:{MESSAGES + 50}", f"{validity + 1}:1"])
        assert peeked == {f"{validity}:{uid}": starts[uid][1] for uid in starts}

        wanted = refs[::7][:BODY_CHUNK * 3 + 5]  # four body chunks
        bodies = _reference(mailbox, "(UID BODY.PEEK[])", [int(ref.partition(":")[2]) for ref in wanted])
        fetched = source.fetch(Role.INBOX, wanted)
        assert {ref: mail.raw for ref, mail in fetched.items()} == {
            f"{validity}:{uid}": body for uid, (_, body) in bodies.items()}
        assert len(fetched) == len(wanted)
    finally:
        source.close()


class _CuttingRelay(Listener):
    """Relays one connection after another to Dovecot; on the connection it is armed for, it resets
    both ends `after` bytes of the server's answer past the `nth` command line containing `marker`."""

    def __init__(self, upstream: tuple[str, int], marker: bytes, nth: int, after: int) -> None:
        self.upstream, self.marker, self.nth, self.after = upstream, marker, nth, after
        self.connections = 0
        self._lock = threading.Lock()
        self.cut = threading.Event()
        super().__init__()

    def handle(self, raw: socket.socket) -> None:
        server = socket.create_connection(self.upstream)
        self.open.append(server)
        with self._lock:
            self.connections += 1
            armed = self.connections == 1
        counting = threading.Event()
        threading.Thread(target=self._answers, args=(server, raw, counting), daemon=True).start()
        self._commands(raw, server, armed, counting)

    def _commands(self, client: socket.socket, server: socket.socket, armed: bool, counting: threading.Event) -> None:
        seen = 0
        with contextlib.suppress(OSError):
            for line in client.makefile("rb"):
                if armed and self.marker in line:
                    seen += 1
                    if seen == self.nth:
                        counting.set()
                server.sendall(line)
        _reset(client, server)

    def _answers(self, server: socket.socket, client: socket.socket, counting: threading.Event) -> None:
        left = self.after
        with contextlib.suppress(OSError):
            while True:
                data = server.recv(65536)
                if not data:
                    break
                if counting.is_set():
                    if len(data) >= left:
                        client.sendall(data[:left])
                        self.cut.set()
                        break
                    left -= len(data)
                client.sendall(data)
        _reset(client, server)


def _reset(*ends: socket.socket) -> None:
    for end in ends:
        with contextlib.suppress(OSError):
            end.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        with contextlib.suppress(OSError):
            end.shutdown(socket.SHUT_RDWR)  # at once: a file made over the socket keeps close() from closing it
        with contextlib.suppress(OSError):
            end.close()


@contextlib.contextmanager
def _relay(user: DovecotUser, marker: bytes, nth: int, after: int) -> Iterator[_CuttingRelay]:
    relay = _CuttingRelay((user.server.host, user.server.port), marker, nth, after)
    try:
        yield relay
    finally:
        relay.close()


def test_fetch_dropped_with_a_command_in_flight_reconnects(mailbox: DovecotUser) -> None:
    """The second body chunk's FETCH is sent while the first is answered; the connection dies then.
    The fetch fails as a transient error, and the next one connects again and reads everything."""
    plain = _source(mailbox)
    try:
        refs = [ref for chunk in _listed(plain)[0] for ref, _, _ in chunk][::5][:BODY_CHUNK * 3]
        expected = {ref: mail.raw for ref, mail in plain.fetch(Role.INBOX, refs).items()}
    finally:
        plain.close()
    with _relay(mailbox, b"BODY.PEEK[])", nth=2, after=3000) as relay:
        source = _source(mailbox, relay.port)
        try:
            with pytest.raises(errors.TransientError, match="reading messages"):
                source.fetch(Role.INBOX, refs)
            assert relay.cut.is_set() and relay.connections == 1
            again = source.fetch(Role.INBOX, refs)
            assert relay.connections == 2
            assert {ref: mail.raw for ref, mail in again.items()} == expected
        finally:
            source.close()


def test_listing_dropped_between_chunks_reconnects(mailbox: DovecotUser) -> None:
    """The listing's second FETCH goes out before its first chunk is handed on; the connection dies
    in the first answer. The chunks handed on before are the right ones; the next scan lists it all."""
    plain = _source(mailbox)
    try:
        expected, _ = _listed(plain)
    finally:
        plain.close()
    with _relay(mailbox, b"HEADER.FIELDS", nth=2, after=200_000) as relay:
        source = _source(mailbox, relay.port)
        try:
            got = []
            with pytest.raises(errors.TransientError, match="reading INBOX"):
                for chunk in source.listing(Role.INBOX, None, SINCE).chunks:
                    got.append([(m.ref, m.header, m.internal_date) for m in chunk])
            assert relay.cut.is_set() and got == expected[:len(got)]
            assert _listed(source)[0] == expected
            assert relay.connections == 2
        finally:
            source.close()


def test_listing_left_early_leaves_the_connection_usable(mailbox: DovecotUser) -> None:
    """A caller that stops after the first chunk (the second's FETCH is in flight): the same
    connection goes on to answer the peeks rightly."""
    with _relay(mailbox, b"never sent", nth=1, after=0) as relay:
        source = _source(mailbox, relay.port)
        try:
            chunks = source.listing(Role.INBOX, None, SINCE).chunks
            first = next(iter(chunks))
            chunks.close()  # type: ignore[attr-defined]
            # nothing of the FETCH sent ahead is left to come: a NOOP's answer holds no FETCH response
            assert [r for r in source.connection.client.noop()[1] if b"FETCH" in r] == []
            refs = [m.ref for m in first][:PEEK_CHUNK + 10]
            starts = _reference(mailbox, f"(UID BODY.PEEK[TEXT]<0.{PEEK_BYTES}>)",
                                [int(ref.partition(":")[2]) for ref in refs])
            assert source.peek(Role.INBOX, refs) == {
                f"{refs[0].partition(':')[0]}:{uid}": start for uid, (_, start) in starts.items()}
            assert relay.connections == 1
        finally:
            source.close()


def test_peeks_answer_as_peek_does_batch_by_batch(mailbox: DovecotUser) -> None:
    """`peeks` over batches (empty ones, stale refs, one larger than a chunk) gives what `peek` gives for
    each batch in turn, reading the batches one ahead of what it hands on."""
    source = _source(mailbox)
    try:
        refs = [ref for chunk in _listed(source)[0] for ref, _, _ in chunk]
        validity = refs[0].partition(":")[0]
        batches = [refs[:10], [], refs[10:510], [f"{int(validity) + 1}:3", f"{validity}:{MESSAGES + 9}"],
                   refs[510:510 + PEEK_CHUNK + 20], refs[3000:3001], []]
        one_by_one = [source.peek(Role.INBOX, batch) for batch in batches]
        read: list[int] = []

        def lazily() -> Iterator[list[str]]:
            for number, batch in enumerate(batches):
                read.append(number)
                yield batch

        handed: list[dict[str, bytes]] = []
        for answers in source.peeks(Role.INBOX, lazily()):
            handed.append(answers)
            # the batch after this one was read already (its FETCH is on its way), not more
            assert read[-1] <= len(handed) + 1
        assert handed == one_by_one
        assert [len(answers) for answers in handed] == [10, 0, 500, 0, PEEK_CHUNK + 20, 1, 0]
    finally:
        source.close()


def test_peeks_whose_caller_fails_leave_the_connection_usable(mailbox: DovecotUser) -> None:
    """The caller's batches fail while a FETCH is in flight: that FETCH is read to its end first."""
    source = _source(mailbox)
    try:
        refs = [ref for chunk in _listed(source)[0] for ref, _, _ in chunk]

        def failing() -> Iterator[list[str]]:
            yield refs[:300]
            yield refs[300:600]
            raise LookupError("the caller's own failure")

        handed = []
        with pytest.raises(LookupError):
            for answers in source.peeks(Role.INBOX, failing()):
                handed.append(answers)
        assert [len(answers) for answers in handed] == [300]
        assert [r for r in source.connection.client.noop()[1] if b"FETCH" in r] == []
        assert source.peek(Role.INBOX, refs[:5]) == {ref: handed[0][ref] for ref in refs[:5]}
    finally:
        source.close()
