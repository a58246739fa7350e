"""The Maildir backend as mbsync users run it: server -> mbsync -> Maildir -> followup-watcher -> mbsync -> server.

A real mbsync (Debian's isync) syncs the suite's Dovecot into a local store with `SubFolders
Verbatim` (mbsync's recommended layout: INBOX/, Sent/, Drafts/ as directories). The product scans
that store with backend = "maildir" after the interview and writes its thank-you draft into the
local Drafts folder; the next mbsync run must carry it to the server's Drafts, still a draft, with
its threading headers as written, and nothing else on the server may change.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DovecotUser, eml, message_id

pytestmark = [pytest.mark.dovecot,
              pytest.mark.skipif(shutil.which("mbsync") is None, reason="mbsync is not installed (apt-get install isync)")]

INTERVIEW_START = dt.datetime(2026, 11, 12, 19, 0, tzinfo=dt.UTC)
AFTER_INTERVIEW = (INTERVIEW_START + dt.timedelta(hours=3)).isoformat()


def mbsync_config(user: DovecotUser, store: Path) -> str:
    return f"""IMAPAccount test
Host {user.server.host}
Port {user.server.port}
User {user.username}
Pass {user.password}
SSLType None
AuthMechs LOGIN

IMAPStore remote
Account test

MaildirStore local
Path {store}/
Inbox {store}/INBOX
SubFolders Verbatim

Channel test
Far :remote:
Near :local:
Patterns *
Create Both
Expunge None
SyncState *
"""


class Synced:
    """A Dovecot user, its mbsync store, and followup-watcher configured on that store."""

    def __init__(self, user: DovecotUser, tmp: Path) -> None:
        self.user = user
        self.store = tmp / "Mail"
        self.store.mkdir()
        self.rc = tmp / "mbsyncrc"
        self.rc.write_text(mbsync_config(user, self.store), encoding="utf-8")
        self.rc.chmod(0o600)
        self.config = tmp / "config.toml"
        self.config.write_text(
            f'[[accounts]]\nname = "local"\nbackend = "maildir"\npath = "{self.store}"\n\n'
            '[me]\nname = "Alex Rivera"\naddresses = ["alex@example.org"]\n\n'
            f'[state]\npath = "{tmp / "state" / "state.sqlite3"}"\n', encoding="utf-8")
        home = tmp / "home"
        self.env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8",
                    "XDG_STATE_HOME": str(home / "state"), "XDG_CONFIG_HOME": str(home / "config"),
                    "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}

    def mbsync(self) -> None:
        done = subprocess.run(["mbsync", "-c", str(self.rc), "-a"], env=self.env, capture_output=True, text=True,
                              timeout=60, check=False)
        assert done.returncode == 0, done.stdout + done.stderr

    def scan(self) -> None:
        done = subprocess.run([sys.executable, "-m", "watcher", "--config", str(self.config), "scan", "--once",
                               "--now", AFTER_INTERVIEW], env=self.env, capture_output=True, text=True, timeout=60,
                              check=False)
        assert done.returncode == 0, done.stderr


@pytest.fixture
def synced(dovecot_user: DovecotUser, tmp_path: Path) -> Synced:
    with dovecot_user.tool() as imap:
        imap.append("INBOX", eml("larkspur-invite"), when=dt.datetime(2026, 11, 9, 9, 0, tzinfo=dt.UTC))
        imap.append("Sent", eml("larkspur-confirmation"), ("\\Seen",), when=dt.datetime(2026, 11, 9, 10, 0, tzinfo=dt.UTC))
    return Synced(dovecot_user, tmp_path)


def test_the_draft_written_into_an_mbsync_store_reaches_the_servers_drafts_as_a_draft(synced: Synced) -> None:
    synced.mbsync()
    synced.scan()
    synced.mbsync()
    with synced.user.tool() as imap:
        drafts = imap.messages("Drafts")
    assert [(flags >= {"\\Draft"}) for _, flags in drafts] == [True]


def test_the_draft_on_the_server_answers_the_thread_with_its_headers_as_written(synced: Synced) -> None:
    synced.mbsync()
    synced.scan()
    local = next((synced.store / "Drafts" / "cur").iterdir()).read_bytes()
    synced.mbsync()
    with synced.user.tool() as imap:
        ((draft_id, _),) = imap.messages("Drafts")
        imap.imap.select('"Drafts"', readonly=True)
        _, data = imap.imap.fetch("1", "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID IN-REPLY-TO REFERENCES TO)])")
    on_server = email.message_from_bytes(bytes(data[0][1]), policy=email.policy.default)  # type: ignore[index]
    written = email.message_from_bytes(local, policy=email.policy.default)
    assert ([on_server[h] for h in ("Message-ID", "In-Reply-To", "To")], str(on_server["In-Reply-To"])) == (
        [written[h] for h in ("Message-ID", "In-Reply-To", "To")], message_id("larkspur-confirmation"))


def test_a_second_round_trip_writes_nothing_twice_and_changes_no_mail(synced: Synced) -> None:
    synced.mbsync()
    synced.scan()
    synced.mbsync()
    with synced.user.tool() as imap:
        before = {folder: imap.messages(folder) for folder in ("INBOX", "Sent", "Drafts")}
    synced.scan()  # mbsync renamed the local draft file (flags, UID in the name): still ours, still there
    synced.mbsync()
    with synced.user.tool() as imap:
        after = {folder: imap.messages(folder) for folder in ("INBOX", "Sent", "Drafts")}
    assert after == before
