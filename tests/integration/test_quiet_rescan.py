"""A `scan --once` with nothing to do ends at the launcher's quiet look (quiet.py), against a real Dovecot.

The rule is the daemon's: a scan is needed when mail changed (INBOX, Sent, Drafts or Trash), when a
planned follow-up falls due, when `reconcile_seconds` have passed, or when the config, the code or
the state changed. Each test changes one of these after two complete scans and asks the look.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DovecotUser, eml
from faultproxy import FaultProxy
from tls_server import TlsListener

from watcher import launch, quiet
from watcher.model import Status
from watcher.state import State

pytestmark = pytest.mark.dovecot

AFTER_INTERVIEW = dt.datetime(2026, 11, 12, 22, 0, tzinfo=dt.UTC)  # three hours after it began


class Box:
    """A Dovecot user with an interview thread, its config file, and scans run as the command runs them."""

    def __init__(self, user: DovecotUser, tmp_path: Path, reconcile_seconds: int = 3600,
                 tls_port: int | None = None, port: int | None = None) -> None:
        self.user = user
        self.state = tmp_path / "state" / "state.sqlite3"
        self.config = tmp_path / "config.toml"
        server = (f'port = {tls_port}\nsecurity = "ssl"\ntls_verify = false\n' if tls_port
                  else f'port = {port or user.server.port}\nsecurity = "none"\n')
        self.config.write_text(
            f'[[accounts]]\nname = "test"\nbackend = "imap"\nhost = "{user.server.host}"\n{server}'
            f'username = "{user.username}"\npassword_command = "printf {user.password}"\n\n'
            '[me]\nname = "Alex Rivera"\naddresses = ["alex@example.org"]\n\n'
            f'[daemon]\nreconcile_seconds = {reconcile_seconds}\n\n'
            f'[state]\npath = "{self.state}"\n', encoding="utf-8")
        with user.tool() as tool:
            tool.append("INBOX", eml("larkspur-invite"))
            tool.append("Sent", eml("larkspur-confirmation"), ("\\Seen",))

    def argv(self, now: dt.datetime) -> list[str]:
        return ["--config", str(self.config), "scan", "--once", "--now", now.isoformat()]

    def scan(self, now: dt.datetime = AFTER_INTERVIEW) -> None:
        assert launch.main(self.argv(now)) == 0

    def scan_alone(self, now: dt.datetime = AFTER_INTERVIEW) -> None:
        """The scan as a process of its own, as a user runs it: nothing of the suite's process (other
        tests' modules, caches and threads) is in it."""
        done = subprocess.run([sys.executable, "-m", "watcher", *self.argv(now)], capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
                              timeout=120, check=False)
        assert done.returncode == 0, done.stderr[-2000:]

    def planned(self) -> list[dt.datetime]:
        state = State.open(self.state, readonly=True)
        try:
            return sorted(f.due for f in state.followups() if f.status is Status.PLANNED and f.due is not None)
        finally:
            state.close()

    def quiet_at(self, now: dt.datetime = AFTER_INTERVIEW) -> bool:
        seen = quiet.look(self.argv(now), os.environ)
        return seen is not None and seen.quiet

    def settled(self) -> Box:
        """Two complete scans: the first writes the thank-you, the second sees Drafts with it."""
        self.scan()
        self.scan()
        return self


@pytest.fixture
def box(dovecot_user: DovecotUser, tmp_path: Path) -> Box:
    """Settled, and quiet: each test changes one thing and asks again."""
    settled = Box(dovecot_user, tmp_path).settled()
    assert settled.quiet_at()
    return settled


def test_nothing_new_and_nothing_due_is_quiet(box: Box) -> None:
    assert box.quiet_at()


def test_the_scan_after_the_first_is_quiet_though_the_first_wrote_a_draft(dovecot_user: DovecotUser,
                                                                         tmp_path: Path) -> None:
    fresh = Box(dovecot_user, tmp_path)
    assert not fresh.quiet_at()  # no state yet
    fresh.scan()
    with dovecot_user.tool() as tool:
        assert len(tool.messages("Drafts")) == 1  # the thank-you: Drafts changed by our own hand
    assert fresh.quiet_at()


def test_new_mail_in_the_inbox_is_not_quiet(box: Box) -> None:
    with box.user.tool() as tool:
        tool.append("INBOX", eml("larkspur-invite").replace(b"larkspur-invite-0911", b"larkspur-later-0912"))
    assert not box.quiet_at()


def test_a_mail_the_user_sent_is_not_quiet(box: Box) -> None:
    with box.user.tool() as tool:
        tool.append("Sent", eml("larkspur-confirmation").replace(b"confirm-larkspur-7f3a", b"confirm-larkspur-7f3b"),
                    ("\\Seen",))
    assert not box.quiet_at()


def test_a_deleted_draft_is_not_quiet(box: Box) -> None:
    with box.user.tool() as tool:
        tool.imap.select('"Drafts"')
        tool.imap.uid("STORE", "1:*", "+FLAGS.SILENT", "(\\Deleted)")
        tool.imap.expunge()
        tool.imap.close()
    assert not box.quiet_at()


def test_a_draft_flag_change_is_not_quiet(box: Box) -> None:
    with box.user.tool() as tool:
        tool.imap.select('"Drafts"')
        tool.imap.uid("STORE", "1:*", "+FLAGS.SILENT", "(\\Flagged)")
        tool.imap.close()
    assert not box.quiet_at()


def test_a_planned_follow_up_falling_due_is_not_quiet(dovecot_user: DovecotUser, tmp_path: Path) -> None:
    box = Box(dovecot_user, tmp_path, reconcile_seconds=86400).settled()
    planned = box.planned()
    assert planned, "the interview thread plans a status inquiry"
    due = planned[0]
    box.scan(due - dt.timedelta(hours=2))
    box.scan(due - dt.timedelta(hours=2))
    assert box.quiet_at(due - dt.timedelta(minutes=1))
    assert not box.quiet_at(due)


def test_reconcile_seconds_after_the_last_scan_is_not_quiet(box: Box) -> None:
    assert box.quiet_at(AFTER_INTERVIEW + dt.timedelta(minutes=59))
    assert not box.quiet_at(AFTER_INTERVIEW + dt.timedelta(hours=1))


def test_a_time_before_the_last_scan_is_not_quiet(box: Box) -> None:
    assert not box.quiet_at(AFTER_INTERVIEW - dt.timedelta(minutes=1))


def test_an_edited_config_is_not_quiet(box: Box) -> None:
    box.config.write_text(box.config.read_text(encoding="utf-8").replace("Alex Rivera", "Alex R. Rivera"),
                          encoding="utf-8")
    assert not box.quiet_at()


def test_any_other_write_to_the_state_is_not_quiet(box: Box) -> None:
    # an `ignore`, `snooze` or `forget` writes through State.transaction, as every writer does
    state = State.open(box.state)
    try:
        with state.transaction():
            state.set_meta("written-by-another-command", "1")
    finally:
        state.close()
    assert not box.quiet_at()


def test_a_running_scan_or_daemon_is_left_to_the_full_path(box: Box) -> None:
    import fcntl

    handle = os.open(f"{box.state}.lock", os.O_RDWR)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert quiet.look(box.argv(AFTER_INTERVIEW), os.environ) is None
    finally:
        os.close(handle)


@pytest.mark.parametrize("extra", [["--dry-run"], ["--verbose"], ["--now"]])
def test_other_command_lines_are_left_to_the_cli(box: Box, extra: list[str]) -> None:
    assert quiet.look([*box.argv(AFTER_INTERVIEW), *extra], os.environ) is None


def test_a_quiet_rescan_loads_neither_the_cli_nor_the_mail_libraries(box: Box) -> None:
    probe = ("import sys; from watcher import launch; code = launch.main(sys.argv[1:]); "
             "print(code, sorted(m for m in ('watcher.cli', 'watcher.scan', 'imapclient', 'rules') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe, *box.argv(AFTER_INTERVIEW)], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.stdout.split("\n")[0] == "0 []", done.stderr


def test_the_scan_after_new_mail_reads_it(box: Box) -> None:
    # the look's STATUS of INBOX, handed to the scan, must not hide what it saw arrive
    later = eml("larkspur-invite").replace(b"larkspur-invite-0911", b"larkspur-later-0912")
    with box.user.tool() as tool:
        tool.append("INBOX", later)
    box.scan(AFTER_INTERVIEW + dt.timedelta(minutes=5))
    state = State.open(box.state, readonly=True)
    try:
        assert state.index_size() == 3
    finally:
        state.close()


class TlsRelay(TlsListener):
    """Implicit TLS in front of the test Dovecot: what a provider's port 993 is to the product, with
    `tls_verify = false`."""

    def __init__(self, directory: Path, target: tuple[str, int]) -> None:
        self.target = target
        super().__init__(directory)

    def handle(self, raw: socket.socket) -> None:
        with contextlib.suppress(OSError):
            client = self.context.wrap_socket(raw, server_side=True)
            upstream = socket.create_connection(self.target)
            self.open += [client, upstream]
            threading.Thread(target=self._pipe, args=(upstream, client), daemon=True).start()
            self._pipe(client, upstream)

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


@pytest.fixture
def relay(dovecot_user: DovecotUser, tmp_path: Path) -> Iterator[TlsRelay]:
    found = TlsRelay(tmp_path, (dovecot_user.server.host, dovecot_user.server.port))
    yield found
    found.close()


def test_over_implicit_tls_a_settled_mailbox_is_quiet_and_new_mail_is_not(
        dovecot_user: DovecotUser, tmp_path: Path, relay: TlsRelay) -> None:
    box = Box(dovecot_user, tmp_path, tls_port=relay.port).settled()
    assert box.quiet_at()
    with box.user.tool() as tool:
        tool.append("INBOX", eml("larkspur-invite").replace(b"larkspur-invite-0911", b"larkspur-later-0912"))
    assert not box.quiet_at()


def test_a_password_command_runs_once_for_a_look_and_the_scan_after_it(dovecot_user: DovecotUser,
                                                                         tmp_path: Path) -> None:
    """A password_command may ask the user (a pinentry): the scan logs in with what the look got."""
    runs = tmp_path / "runs"
    box = Box(dovecot_user, tmp_path)
    config = box.config.read_text(encoding="utf-8")
    counting = f"password_command = \"sh -c 'echo run >> {runs}; printf {dovecot_user.password}'\""
    box.config.write_text(config.replace(f'password_command = "printf {dovecot_user.password}"', counting),
                          encoding="utf-8")
    box.settled()
    before = runs.read_text().count("run")
    with box.user.tool() as tool:
        tool.append("INBOX", eml("larkspur-invite").replace(b"larkspur-invite-0911", b"larkspur-later-0912"))
    box.scan()  # the look sees new mail; the complete scan follows in the same process
    assert runs.read_text().count("run") == before + 1


DINNER_REPLY = b"""From: Alex Rivera <alex@example.org>
To: Jo Marsh <jo.marsh@gmail.example.com>
Subject: Re: Saturday?
Date: Thu, 15 Oct 2026 20:00:00 -0400
Message-ID: <reply-dinner@example.org>
In-Reply-To: <friend-long-dinner@mail.gmail.example.com>
References: <friend-long-dinner@mail.gmail.example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Yes, Saturday works. See you there!
""".replace(b"\n", b"\r\n")


def test_a_scan_after_new_mail_in_both_folders_opens_the_inbox_once(dovecot_user: DovecotUser,
                                                                      tmp_path: Path) -> None:
    """Each EXAMINE of a large Inbox costs the server a read of its index (~50 ms for 80,000 messages
    on Dovecot's Maildir): a person's new mail and the user's reply, both needing a look at their
    start, are read with one opening of the Inbox."""
    proxy = FaultProxy(dovecot_user.server.host, dovecot_user.server.port, seed=1)  # never armed: it watches
    commands: list[bytes] = []
    proxy.before_command = lambda line, _drafts: commands.append(line)
    try:
        box = Box(dovecot_user, tmp_path, port=proxy.port).settled()
        with box.user.tool() as tool:
            tool.append("INBOX", eml("inbox-friend-long-dinner"))
            tool.append("Sent", DINNER_REPLY, ("\\Seen",))
        commands.clear()
        # in a process of its own: in the whole suite's process this scan met no server (or none in
        # time) after hundreds of other tests, and passed alone; the cause is not found (session 6's note)
        box.scan_alone(AFTER_INTERVIEW + dt.timedelta(minutes=5))
        opens = [c for c in commands if re.match(rb'\S+ (?:EXAMINE|SELECT) "?INBOX"?\r\n', c, re.IGNORECASE)]
        assert len(opens) == 1, commands
        assert any(b"BODY.PEEK[TEXT]" in c for c in commands)  # the starts were read: the case is the one meant
        state = State.open(box.state, readonly=True)
        try:
            assert state.index_size() == 4
        finally:
            state.close()
    finally:
        proxy.close()


def test_a_look_through_a_relay_sees_what_the_server_answers(dovecot_user: DovecotUser, tmp_path: Path) -> None:
    """The look sends LOGIN and its STATUS commands at once (RFC 3501 section 5.5): a server, or a
    relay, that takes them one line at a time answers each."""
    proxy = FaultProxy(dovecot_user.server.host, dovecot_user.server.port, seed=1)  # never armed: it watches
    commands: list[bytes] = []
    proxy.before_command = lambda line, _drafts: commands.append(line)
    try:
        box = Box(dovecot_user, tmp_path, port=proxy.port).settled()
        commands.clear()
        seen = quiet.look(box.argv(AFTER_INTERVIEW), os.environ)
        # None: the look gave up (its 5 s budget, an answer it did not expect); not quiet: the stamps differ
        assert seen is not None and seen.quiet, (seen and seen.stamps, commands)
        verbs = [c.split(b" ")[1].upper() for c in commands]
        # a LOGOUT's line can reach the relay after the connection's end, or after clear(): not counted
        assert [v for v in verbs if not v.startswith(b"LOGOUT")] == [b"LOGIN", b"STATUS", b"STATUS", b"STATUS", b"STATUS"]
    finally:
        proxy.close()


def test_a_server_gone_since_the_last_scan_leaves_the_scan_to_the_full_path(dovecot_user: DovecotUser,
                                                                              tmp_path: Path) -> None:
    proxy = FaultProxy(dovecot_user.server.host, dovecot_user.server.port, seed=1)
    box = Box(dovecot_user, tmp_path, port=proxy.port).settled()
    proxy.close()  # nothing listens at the config's port any more
    assert quiet.look(box.argv(AFTER_INTERVIEW), os.environ) is None
