"""A real client reads the draft: mutt, in tmux, against the suite's Dovecot.

The thread's ids are Exchange-length (the kind that were once written as encoded words, which mutt
threads wrongly and drops when the draft is sent). followup-watcher writes its thank-you into Drafts
(backend = "imap"); mutt then must show the draft in the thread, keep its Message-ID and threading
headers when the user recalls and postpones it, and send it (to a sendmail stand-in that records
the message and sends nothing) to the right recipient with those headers intact.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import mailbox
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from conftest import DovecotUser, eml

pytestmark = [pytest.mark.dovecot,
              pytest.mark.skipif(shutil.which("mutt") is None or shutil.which("tmux") is None,
                                 reason="mutt and tmux are not installed (apt-get install mutt tmux)")]

AFTER_INTERVIEW = "2026-11-12T22:00:00+00:00"
# Exchange/Outlook Message-IDs: 78 characters and more
INVITE_ID = "<DM6PR11MB4657A1B2C3D4E5F60718293A4B5C6D7E8F9A0B1C2D3E4F5@DM6PR11MB4657.namprd11.prod.outlook.com>"
CONFIRM_ID = "<SJ0PR02MB8765F4E3D2C1B0A9F8E7D6C5B4A3928170F6E5D4C3B2A1@SJ0PR02MB8765.namprd02.prod.outlook.com>"
WAIT_SECONDS = 30.0  # for mutt's screen to reach a state; a poll, never a sleep for time to pass


def exchange_thread() -> tuple[bytes, bytes]:
    invite = eml("larkspur-invite").replace(b"<larkspur-invite-0911@larkspur.example.com>", INVITE_ID.encode())
    confirm = eml("larkspur-confirmation").replace(b"<larkspur-invite-0911@larkspur.example.com>", INVITE_ID.encode())
    return invite, confirm.replace(b"<confirm-larkspur-7f3a@example.org>", CONFIRM_ID.encode())


def muttrc(user: DovecotUser, sendmail: Path) -> str:
    login = user.username.replace("@", "%40")
    return f"""set folder="imap://{login}@{user.server.host}:{user.server.port}/"
set imap_pass="{user.password}"
set spoolfile="+INBOX"
set postponed="+Drafts"
set record=""
set ssl_starttls=no
set ssl_force_tls=no
set sendmail="{sendmail}"
set editor="true"
set sort=threads
set ascii_chars=yes
set from="alex@example.org"
set realname="Alex Rivera"
set header_cache=""
set message_cachedir=""
set mail_check=0
set timeout=0
set recall=yes
set postpone=ask-yes
set abort_unmodified=no
set confirmappend=no
set wait_key=no
set date_format="%Y-%m-%d"
set index_format="%4C %Z %{{%b %d}} %-15.15L %s  [%i]"
"""


class Mutt:
    """One mutt in a detached tmux session, driven by keys and read from its screen."""

    def __init__(self, session: str, muttrc: Path, folder: str, env: dict[str, str]) -> None:
        self.session = session
        command = f"mutt -n -F {muttrc} -f '{folder}'"
        subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "250", "-y", "40", command],
                       env=env, check=True)

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.session], capture_output=True, text=True,
                              check=False).stdout

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"mutt never showed {text!r}; its screen:\n{screen}")
            time.sleep(0.1)

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.session, *keys], check=True)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.session], capture_output=True, check=False)


class Setup:
    def __init__(self, user: DovecotUser, tmp: Path) -> None:
        self.user = user
        self.tmp = tmp
        self.sent = tmp / "sent.eml"
        self.sendmail = tmp / "sendmail"
        # a sendmail stand-in: the recipients mutt passes and the message it would send, kept; nothing sent
        self.sendmail.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {tmp}/sent.args\ncat > {self.sent}\n',
                                 encoding="utf-8")
        self.sendmail.chmod(0o755)
        self.muttrc = tmp / "muttrc"
        self.muttrc.write_text(muttrc(user, self.sendmail), encoding="utf-8")
        self.muttrc.chmod(0o600)
        home = tmp / "home"
        home.mkdir()
        self.env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8",
                    "TERM": "xterm", "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
                    "XDG_STATE_HOME": str(home / "state"), "XDG_CONFIG_HOME": str(home / "config")}
        self.config = tmp / "config.toml"
        self.config.write_text(
            f'[[accounts]]\nname = "test"\nbackend = "imap"\nhost = "{user.server.host}"\nport = {user.server.port}\n'
            f'security = "none"\nusername = "{user.username}"\npassword_command = "printf {user.password}"\n\n'
            '[me]\nname = "Alex Rivera"\naddresses = ["alex@example.org"]\n\n'
            f'[state]\npath = "{tmp / "state" / "state.sqlite3"}"\n', encoding="utf-8")
        self.count = 0

    def scan(self) -> None:
        done = subprocess.run([sys.executable, "-m", "watcher", "--config", str(self.config), "scan", "--once",
                               "--now", AFTER_INTERVIEW], env=self.env, capture_output=True, text=True, timeout=60,
                              check=False)
        assert done.returncode == 0, done.stderr

    def mutt(self, folder: str) -> Mutt:
        self.count += 1
        return Mutt(f"fw-mutt-{os.getpid()}-{id(self)}-{self.count}", self.muttrc, folder, self.env)

    def drafts(self) -> list[EmailMessage]:
        return [self.parsed(raw) for raw in self.raw_drafts()]

    @staticmethod
    def parsed(raw: bytes) -> EmailMessage:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        return message

    def raw_drafts(self) -> list[bytes]:
        """The drafts as the server has them, byte for byte (re-serialising would re-fold their headers)."""
        with self.user.tool() as imap:
            imap.imap.select('"Drafts"', readonly=True)
            _, numbers = imap.imap.search(None, "ALL")
            found = []
            for number in numbers[0].split():
                _, data = imap.imap.fetch(number, "(BODY.PEEK[])")
                found.append(bytes(data[0][1]))  # type: ignore[index]
            imap.imap.unselect()
        return found


@pytest.fixture
def setup(dovecot_user: DovecotUser, tmp_path: Path) -> Iterator[Setup]:
    invite, confirm = exchange_thread()
    with dovecot_user.tool() as imap:
        imap.append("INBOX", invite, when=dt.datetime(2026, 11, 9, 9, 0, tzinfo=dt.UTC))
        imap.append("Sent", confirm, ("\\Seen",), when=dt.datetime(2026, 11, 9, 10, 0, tzinfo=dt.UTC))
    made = Setup(dovecot_user, tmp_path)
    made.scan()
    yield made


def threading(message: EmailMessage) -> tuple[str, str, str]:
    return (str(message["Message-ID"]), str(message["In-Reply-To"]), " ".join(str(message["References"]).split()))


def test_mutt_shows_the_draft_inside_the_thread_it_answers(setup: Setup) -> None:
    (raw_draft,) = setup.raw_drafts()
    draft = setup.parsed(raw_draft)
    thread = setup.tmp / "thread"
    box = mailbox.Maildir(str(thread), create=True)
    for raw in (*exchange_thread(), raw_draft):
        box.add(raw)
    mutt = setup.mutt(str(thread))
    try:
        screen = mutt.wait_for("Interview invitation")
    finally:
        mutt.close()
    # the thread in date order, each answer one level below the message it answers: mutt's tree, "->"
    # under the parent, indented one more step per level ("*>" would be a message joined by subject only)
    rows = [(line.split("[")[-1].rstrip("] "), line.split("[")[0]) for line in screen.splitlines() if "  [<" in line]
    depth = {message_id: (tree.find(">") if "->" in tree else -1) for message_id, tree in rows}
    assert ([message_id for message_id, _ in rows], depth[INVITE_ID] < depth[CONFIRM_ID] < depth[str(draft["Message-ID"])],
            any("*>" in tree for _, tree in rows)) == ([INVITE_ID, CONFIRM_ID, str(draft["Message-ID"])], True, False)


def recalled(setup: Setup) -> Mutt:
    """mutt on Drafts with our draft recalled into its compose screen."""
    mutt = setup.mutt("=Drafts")
    mutt.wait_for("Interview")
    mutt.keys("R")
    mutt.wait_for("Subject: Re: Interview")
    return mutt


def test_recalled_and_postponed_in_mutt_the_draft_keeps_its_message_id_and_threading(setup: Setup) -> None:
    (before,) = setup.drafts()
    mutt = recalled(setup)
    try:
        mutt.keys("P")
        mutt.wait_for("Mail  r:Reply")
    finally:
        mutt.close()
    (after,) = setup.drafts()
    assert threading(after) == threading(before)


def test_sent_from_mutt_the_draft_goes_to_the_recruiter_answering_the_thread(setup: Setup) -> None:
    (draft,) = setup.drafts()
    mutt = recalled(setup)
    try:
        mutt.keys("y")
        deadline = time.monotonic() + WAIT_SECONDS
        while not setup.sent.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        mutt.close()
    sent = email.message_from_bytes(setup.sent.read_bytes(), policy=email.policy.default)
    assert isinstance(sent, EmailMessage)
    recipients = (setup.tmp / "sent.args").read_text(encoding="utf-8").split()
    assert (recipients[-1:], threading(sent), threading(draft)[1]) == (
        ["maren.holt@larkspur.example.com"], threading(draft), CONFIRM_ID)
