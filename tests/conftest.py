"""Shared fixtures: fixture mail, a private Dovecot per session, and one harness per mail backend.

The `mail` fixture is what makes the contract suites one suite: it is parametrized over the memory,
Maildir, IMAP (Dovecot) and Gmail API (a local fake Gmail, tests/fakes/gmail_api.py) backends, and
each harness arranges mail and inspects folders the way a user's own mail client would, without
going through the code under test.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import itertools
import mailbox
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import dovecot
import keyring
import pytest
from backend_replay import gmail_account  # noqa: F401 - the tests' Gmail API account, shared with bench/
from fakes import gmail_api
from keyring.backends import fail

from watcher import backends, config
from watcher.drafts import DraftWriter
from watcher.drafts.maildir import MaildirDraftWriter, message_id_of
from watcher.drafts.memory import MemoryDraftWriter
from watcher.model import Role
from watcher.sources import MailSource
from watcher.sources.maildir import MaildirSource
from watcher.sources.memory import MemoryMailbox, MemorySource

MAIL = Path(__file__).parent / "fixtures" / "mail"

# The program keeps the rules' compiled regular expressions in the user's cache directory
# (watcher/recache.py): the suite's processes share a directory of their own, never the home's.
_CACHE = tempfile.TemporaryDirectory(prefix="fw-test-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE.name
os.environ.pop("CACHE_DIRECTORY", None)
NO_DOVECOT = f"Dovecot is not installed ({dovecot.BINARY}); apt-get install dovecot-imapd (.ci/run does)"


def eml(name: str) -> bytes:
    """The raw bytes of tests/fixtures/mail/NAME.eml."""
    return (MAIL / f"{name}.eml").read_bytes()


def draft(name: str) -> EmailMessage:
    """A fixture mail as the EmailMessage that compose.py would hand to a DraftWriter."""
    message = BytesParser(policy=policy.default).parsebytes(eml(name))
    assert isinstance(message, EmailMessage)
    return message


def message_id(name: str) -> str:
    found = message_id_of(eml(name))
    assert found
    return found


def header_date(raw: bytes) -> dt.datetime:
    match = re.search(rb"^Date:\s*(.+)$", raw, re.IGNORECASE | re.MULTILINE)
    assert match
    return email.utils.parsedate_to_datetime(match.group(1).decode().strip())


# ---------------------------------------------------------------- Dovecot


@pytest.fixture(scope="session")
def dovecot_server() -> Iterator[dovecot.Dovecot]:
    if not dovecot.available():
        pytest.skip(NO_DOVECOT)
    server = dovecot.Dovecot()
    server.start()
    yield server
    _DOVECOT_SAID.extend(server.complaints())
    server.stop()


# What the suite's shared Dovecot logged as warnings and errors, shown at the end of the run: a test
# that failed on a slow or refused connection is explained there (a limit reached, throttling).
_DOVECOT_SAID: list[str] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _DOVECOT_SAID:
        terminalreporter.section("the suite's Dovecot logged")
        for line in _DOVECOT_SAID:
            terminalreporter.write_line(line)


@dataclass(frozen=True)
class DovecotUser:
    """A fresh user of a test Dovecot: empty folders, a password the product reads via password_command."""

    server: dovecot.Dovecot
    username: str
    password: str

    def account(self, **overrides: Any) -> config.Account:
        account = config.Account(
            name="test", backend="imap", host=self.server.host, port=self.server.port, security="none",
            username=self.username, password_command=f"printf {self.password}")
        return replace(account, **overrides)

    def tool(self) -> Any:
        return self.server.client(self.username, self.password)


def new_user(server: dovecot.Dovecot) -> DovecotUser:
    username, password = server.new_user()
    return DovecotUser(server, username, password)


@pytest.fixture
def dovecot_user(dovecot_server: dovecot.Dovecot) -> DovecotUser:
    return new_user(dovecot_server)


# ---------------------------------------------------------------- backend harnesses

ROLE_FOLDERS = {Role.INBOX: "INBOX", Role.SENT: "Sent"}


class MemoryHarness:
    name = "memory"

    def __init__(self) -> None:
        self.mailbox = MemoryMailbox()

    def add(self, role: Role, name: str, flags: tuple[str, ...] = ()) -> None:
        self.mailbox.add(role, eml(name))

    def source(self) -> MailSource:
        return MemorySource(self.mailbox)

    def drafts(self) -> DraftWriter:
        return MemoryDraftWriter(self.mailbox)

    def snapshot(self) -> object:
        return ({role: list(messages) for role, messages in self.mailbox.folders.items()}, dict(self.mailbox.drafts))

    def add_user_draft(self, name: str, deleted: bool = False) -> None:
        self.mailbox.drafts[message_id(name)] = eml(name)

    def drafts_folder(self) -> list[str]:
        return list(self.mailbox.drafts)

    def marked_as_draft(self, message_id: str) -> bool:
        return message_id in self.mailbox.drafts  # everything in the drafts dict is a draft

    def close(self) -> None:
        return None


class MaildirHarness:
    name = "maildir"

    def __init__(self, root: Path) -> None:
        self.root = root
        self._numbers = itertools.count(1)
        mailbox.Maildir(str(root), create=True).add_folder("Sent")

    def _folder_path(self, folder: str) -> Path:
        return self.root if folder == "INBOX" else self.root / f".{folder}"

    def _deliver(self, folder: str, raw: bytes, flags: str) -> None:
        # Written by hand, as a delivery agent would: the bytes stay exactly as in the fixture.
        path = self._folder_path(folder)
        for sub in ("cur", "new", "tmp"):
            (path / sub).mkdir(parents=True, exist_ok=True)
        if folder != "INBOX":
            (path / "maildirfolder").touch()
        unique = f"1791000000.M{next(self._numbers)}P1.test"
        target = path / ("cur" if flags else "new") / (f"{unique}:2,{flags}" if flags else unique)
        target.write_bytes(raw)
        stamp = header_date(raw).timestamp()
        os.utime(target, (stamp, stamp))

    def add(self, role: Role, name: str, flags: tuple[str, ...] = ()) -> None:
        letters = "".join(sorted({"\\Seen": "S", "\\Flagged": "F", "\\Answered": "R"}[flag] for flag in flags))
        self._deliver(ROLE_FOLDERS[role], eml(name), letters)

    def source(self) -> MailSource:
        return MaildirSource(str(self.root))

    def drafts(self) -> DraftWriter:
        return MaildirDraftWriter(str(self.root))

    def snapshot(self) -> object:
        return sorted((str(path.relative_to(self.root)), path.stat().st_mtime_ns) for path in self.root.rglob("*"))

    def add_user_draft(self, name: str, deleted: bool = False) -> None:
        self._deliver("Drafts", eml(name), "DST" if deleted else "DS")

    def _draft_files(self) -> list[Path]:
        drafts = self.root / ".Drafts"
        return sorted(path for sub in ("cur", "new") for path in (drafts / sub).glob("*")) if drafts.is_dir() else []

    def drafts_folder(self) -> list[str]:
        return [message_id_of(path.read_bytes()) or "" for path in self._draft_files()]

    def marked_as_draft(self, message_id: str) -> bool:
        infos = [path.name.partition(":2,")[2] for path in self._draft_files()
                 if message_id_of(path.read_bytes()) == message_id]
        return bool(infos) and all("D" in info for info in infos)

    def close(self) -> None:
        return None


class ImapHarness:
    name = "imap"

    def __init__(self, user: DovecotUser) -> None:
        self.user = user
        self._tool_context = user.tool()
        self.tool = self._tool_context.__enter__()
        self._backend: backends.Backend | None = None

    @property
    def backend(self) -> backends.Backend:
        if self._backend is None:
            self._backend = backends.open_backend(self.user.account(), {})
        return self._backend

    def add(self, role: Role, name: str, flags: tuple[str, ...] = ()) -> None:
        self.tool.append(ROLE_FOLDERS[role], eml(name), flags)

    def source(self) -> MailSource:
        return self.backend.source

    def drafts(self) -> DraftWriter:
        return self.backend.drafts

    def snapshot(self) -> object:
        return {folder: self.tool.messages(folder) for folder in ("INBOX", "Sent", "Drafts")}

    def add_user_draft(self, name: str, deleted: bool = False) -> None:
        self.tool.append("Drafts", eml(name), ("\\Draft", "\\Deleted") if deleted else ("\\Draft",))

    def drafts_folder(self) -> list[str]:
        return [message_id for message_id, _flags in self.tool.messages("Drafts")]

    def marked_as_draft(self, message_id: str) -> bool:
        flags = [found for found_id, found in self.tool.messages("Drafts") if found_id == message_id]
        return bool(flags) and all("\\Draft" in found for found in flags)

    def recreate_folder(self, role: Role) -> None:
        """Delete and create the folder again: the server must give it a new UIDVALIDITY."""
        folder = ROLE_FOLDERS[role]
        self.tool.delete(folder)
        self.tool.create(folder)

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()
        self._tool_context.__exit__(None, None, None)


class GmailHarness:
    """A fake Gmail on loopback, reached through the real backend: OAuth refresh, discovery, batches."""

    name = "gmail"
    ROLE_LABELS = {Role.INBOX: ("INBOX",), Role.SENT: ("SENT",)}
    FLAG_LABELS = {"\\Flagged": "STARRED"}

    def __init__(self, tmp_path: Path) -> None:
        self.fake = gmail_api.FakeGmail().start()
        self.account, self.environ = gmail_account(self.fake, tmp_path)
        self._previous_keyring = keyring.get_keyring()
        keyring.set_keyring(fail.Keyring())  # no keyring: the refresh token comes from the credential file
        self._backend: backends.Backend | None = None

    @property
    def backend(self) -> backends.Backend:
        if self._backend is None:
            self._backend = backends.open_backend(self.account, self.environ)
        return self._backend

    def add(self, role: Role, name: str, flags: tuple[str, ...] = ()) -> str:
        labels = self.ROLE_LABELS[role] + tuple(self.FLAG_LABELS[f] for f in flags if f in self.FLAG_LABELS)
        if role is Role.INBOX and "\\Seen" not in flags:
            labels += ("UNREAD",)
        return self.fake.deliver(eml(name), labels)

    def source(self) -> MailSource:
        return self.backend.source

    def drafts(self) -> DraftWriter:
        return self.backend.drafts

    def snapshot(self) -> object:
        return self.fake.snapshot()

    def add_user_draft(self, name: str, deleted: bool = False) -> None:
        self.fake.add_user_draft(eml(name), trashed=deleted)

    def drafts_folder(self) -> list[str]:
        return [message.message_id() for message in self.fake.draft_messages()]

    def marked_as_draft(self, message_id: str) -> bool:
        labels = [m.labels for m in self.fake.draft_messages() if m.message_id() == message_id]
        return bool(labels) and all("DRAFT" in found for found in labels)

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()
        keyring.set_keyring(self._previous_keyring)
        self.fake.stop()


Harness = MemoryHarness | MaildirHarness | ImapHarness | GmailHarness


def make_harness(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> Harness:
    if kind == "memory":
        return MemoryHarness()
    if kind == "maildir":
        return MaildirHarness(tmp_path / "Mail")
    if kind == "gmail":
        return GmailHarness(tmp_path)
    return ImapHarness(request.getfixturevalue("dovecot_user"))


@pytest.fixture(params=["memory", "maildir", pytest.param("imap", marks=pytest.mark.dovecot), "gmail"])
def mail(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Harness]:
    """A fresh, empty mailbox in each backend."""
    harness = make_harness(request.param, request, tmp_path)
    yield harness
    harness.close()


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """No system keyring: a secret must come from the config's own source (password_command, token_command)."""
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)
