"""A private Dovecot IMAP server for tests, and a small stdlib IMAP client to arrange and inspect mail.

The server listens on a free port of 127.0.0.1 without TLS, keeps everything in a directory under
/tmp (world-readable: Dovecot's login and mail processes run as other users) and authenticates
users from a passwd-file, so each test can add a user of its own and start with empty folders.
The client here is `imaplib`, deliberately not imapclient: tests check the product's IMAP code
against an independent implementation.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import grp
import imaplib
import itertools
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

BINARY = Path("/usr/sbin/dovecot")
START_TIMEOUT_SECONDS = 20.0

_CONF = """# private dovecot for followup-watcher tests (generated)
instance_name = fw-test-{port}
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/log/dovecot.log
info_log_path = {root}/log/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = {mechanisms}
auth_failure_delay = 0
login_trusted_networks = 127.0.0.0/8
default_internal_user = {internal}
default_internal_group = {internal_group}
default_login_user = {login}
first_valid_uid = {first_uid}
mail_location = maildir:{root}/mail/%u
mail_fsync = never
mail_max_userip_connections = 50
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users/%u
}}
userdb {{
  driver = static
  args = uid={mail_user} gid={mail_group} home={root}/mail/%u
}}
{anvil}service imap-login {{
{login_chroot}  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
namespace inbox {{
  inbox = yes
  separator = /
{mailboxes}}}
"""

# RFC 6154 attribute -> folder name, each created for every user at login ("auto = create").
STANDARD_FOLDERS = {"Sent": "Sent", "Drafts": "Drafts", "Trash": "Trash", "Junk": "Junk"}


def available() -> bool:
    return BINARY.is_file() and os.access(BINARY, os.X_OK)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Dovecot:
    """One Dovecot process; `special_use` maps RFC 6154 attributes to the folders that carry them.

    An empty mapping gives a server that marks no folder and creates none. `mechanisms` are the SASL
    mechanisms offered; with "xoauth2 oauthbearer" a passwd-file checks the bearer token as the password.
    """

    host = "127.0.0.1"

    def __init__(self, special_use: Mapping[str, str] = STANDARD_FOLDERS, mechanisms: str = "plain login") -> None:
        self.special_use = dict(special_use)
        self.mechanisms = mechanisms
        self.root = Path(tempfile.mkdtemp(prefix="fw-dovecot-", dir="/tmp"))
        # pytest's tmp_path is 0700; Dovecot's unprivileged processes must be able to enter this one.
        self.root.chmod(0o755)
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._numbers = itertools.count(1)

    def start(self) -> None:
        for sub in ("run", "state", "log", "mail"):
            (self.root / sub).mkdir()
        if os.geteuid() == 0:
            internal = "dovecot" if _user_exists("dovecot") else "nobody"
            login = "dovenull" if _user_exists("dovenull") else internal
            mail_user = internal
            first_uid = 1
            account = pwd.getpwnam(mail_user)
            os.chown(self.root / "mail", account.pw_uid, account.pw_gid)
            anvil, login_chroot = "", ""
        else:
            # Unprivileged: every Dovecot process runs as the current user, and cannot chroot.
            me = pwd.getpwuid(os.geteuid())
            internal = login = mail_user = me.pw_name
            first_uid = min(me.pw_uid, 500)
            anvil, login_chroot = "service anvil {\n  chroot =\n}\n", "  chroot =\n"
        (self.root / "users").mkdir()
        config = _CONF.format(
            root=self.root, port=self.port, internal=internal, login=login, mail_user=mail_user,
            first_uid=first_uid, internal_group=_group_of(internal), mail_group=_group_of(mail_user),
            anvil=anvil, login_chroot=login_chroot, mailboxes=self._mailboxes(), mechanisms=self.mechanisms)
        config_path = self.root / "dovecot.conf"
        config_path.write_text(config, encoding="utf-8")
        with (self.root / "log" / "stderr").open("wb") as stderr:
            self.process = subprocess.Popen(
                [str(BINARY), "-F", "-c", str(config_path)], stdout=subprocess.DEVNULL, stderr=stderr)
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot exited at start: {self.log_tail()}")
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)  # waiting for the port to open, not for time to pass
        self.stop()
        raise RuntimeError(f"dovecot did not listen on {self.port} within {START_TIMEOUT_SECONDS} s")

    def _mailboxes(self) -> str:
        return "".join(f'  mailbox "{name}" {{\n    special_use = \\{attribute}\n    auto = create\n  }}\n'
                       for attribute, name in self.special_use.items())

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None
        shutil.rmtree(self.root, ignore_errors=True)

    def log_tail(self, lines: int = 20) -> str:
        text = ""
        for name in ("stderr", "dovecot.log"):
            path = self.root / "log" / name
            if path.is_file():
                text += path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def new_user(self) -> tuple[str, str]:
        """A user nobody has logged in as yet: (username, password); its folders start empty."""
        number = next(self._numbers)
        username, password = f"user{number}@example.org", f"pass-{number}"
        self._write_user(username, password)
        return username, password

    def _write_user(self, username: str, password: str) -> None:
        # One passwd-file per user: Dovecot re-reads a changed passwd-file at most once a second, but
        # loads a file it has not seen before on first use, so a new user can log in at once.
        path = self.root / "users" / username
        path.write_text(f"{username}:{{PLAIN}}{password}::::::\n", encoding="utf-8")
        path.chmod(0o644)

    @contextlib.contextmanager
    def client(self, username: str, password: str) -> Iterator[ImapTool]:
        tool = ImapTool(self.host, self.port, username, password)
        try:
            yield tool
        finally:
            tool.close()


_FETCH_UID = re.compile(rb"UID (\d+)")
_FETCH_FLAGS = re.compile(rb"FLAGS \(([^)]*)\)")
_MESSAGE_ID = re.compile(rb"(?:^|\s)Message-ID:\s*(<[^>]+>)", re.IGNORECASE)


class ImapTool:
    """Arranges and inspects a mailbox the way a user's mail client would."""

    def __init__(self, host: str, port: int, username: str, password: str) -> None:
        self.imap = imaplib.IMAP4(host, port, timeout=30)
        try:
            self.imap.login(username, password)
        except BaseException:
            self.imap.shutdown()
            raise

    def close(self) -> None:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            self.imap.logout()

    def _ok(self, result: tuple[str, list[object]]) -> list[object]:
        status, data = result
        if status != "OK":
            raise AssertionError(f"IMAP command failed: {status} {data!r}")
        return data

    def append(self, folder: str, raw: bytes, flags: tuple[str, ...] = (), when: dt.datetime | None = None) -> None:
        """APPEND `raw` with `flags`; the internal date is `when`, else the message's Date header."""
        if when is None:
            header = raw.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
            match = re.search(rb"^Date:\s*(.+)$", header, re.IGNORECASE | re.MULTILINE)
            when = email.utils.parsedate_to_datetime(match.group(1).decode().strip()) if match else None
        crlf = re.sub(rb"\r?\n", b"\r\n", raw)
        self._ok(self.imap.append(_quote(folder), f"({' '.join(flags)})" if flags else None,
                                  imaplib.Time2Internaldate(when) if when else None, crlf))

    def create(self, folder: str) -> None:
        self._ok(self.imap.create(_quote(folder)))

    def delete(self, folder: str) -> None:
        self._ok(self.imap.delete(_quote(folder)))

    def rename(self, old: str, new: str) -> None:
        self._ok(self.imap.rename(_quote(old), _quote(new)))

    def uidvalidity(self, folder: str) -> int:
        data = self._ok(self.imap.status(_quote(folder), "(UIDVALIDITY)"))
        match = re.search(rb"UIDVALIDITY (\d+)", bytes(data[0]))  # type: ignore[arg-type]
        assert match
        return int(match.group(1))

    def messages(self, folder: str) -> list[tuple[str, frozenset[str]]]:
        """(Message-ID, flags) of every message in `folder`, in UID order, read without changing them."""
        self._ok(self.imap.select(_quote(folder), readonly=True))
        data = self._ok(self.imap.uid("FETCH", "1:*", "(UID FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])"))
        found: list[tuple[int, str, frozenset[str]]] = []
        pending = b""
        for item in data:
            if isinstance(item, tuple):
                pending = bytes(item[0]) + b" " + bytes(item[1])
                continue
            if item is None:
                continue
            text = pending + bytes(item)  # type: ignore[arg-type]
            pending = b""
            uid, flags = _FETCH_UID.search(text), _FETCH_FLAGS.search(text)
            message_id = _MESSAGE_ID.search(text)
            if uid and flags:
                # \Recent belongs to whichever session saw the message first (RFC 3501 2.3.2), not to the mail.
                found.append((int(uid.group(1)), message_id.group(1).decode() if message_id else "",
                              frozenset(flags.group(1).decode().split()) - {"\\Recent"}))
        self._ok(self.imap.unselect())
        return [(message_id, flags) for _uid, message_id, flags in sorted(found)]

    def flags(self, folder: str) -> dict[str, frozenset[str]]:
        return dict(self.messages(folder))

    def folders(self) -> list[str]:
        data = self._ok(self.imap.list())
        names = []
        for line in data:
            match = re.search(rb'"/" "?([^"]*)"?$', bytes(line))  # type: ignore[arg-type]
            if match:
                names.append(match.group(1).decode())
        return names


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _group_of(user: str) -> str:
    return grp.getgrgid(pwd.getpwnam(user).pw_gid).gr_name
