"""A private Dovecot IMAP server for tests, and a small stdlib IMAP client to arrange and inspect mail.

The server listens on a free port of 127.0.0.1 without TLS, keeps everything in a directory under
/tmp (world-readable: Dovecot's login and mail processes run as other users) and authenticates
users from a passwd-file, so each test can add a user of its own and start with empty folders.
Its port is reserved before it starts and stays reserved until `stop` (tests/ports.py), and it
counts as started only when its own greeting (a random id in `login_greeting`) comes from that port:
when another server holds the port, Dovecot fails to bind or a stranger answers, and `start` tries
again on another port instead of handing the tests a port where someone else's server answers.
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
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import ports

BINARY = Path("/usr/sbin/dovecot")
START_TIMEOUT_SECONDS = 20.0
START_ATTEMPTS = 8  # ports tried before giving up; a clash is rare, several in a row mean something else
GREETING_TIMEOUT_SECONDS = 2.0  # per look at the port; a slow start is retried until START_TIMEOUT_SECONDS

_CONF = """# private dovecot for followup-watcher tests (generated)
instance_name = fw-test-{greeting_id}
login_greeting = fw-test {greeting_id} ready.
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


class Dovecot:
    """One Dovecot process; `special_use` maps RFC 6154 attributes to the folders that carry them.

    An empty mapping gives a server that marks no folder and creates none. `mechanisms` are the SASL
    mechanisms offered; with "xoauth2 oauthbearer" a passwd-file checks the bearer token as the password.
    `reserve` hands out the ports to try (tests of a clash pass one that offers a taken port); `port`
    is known once `start` returns, and `clashes` lists the ports given up because another server held them.
    """

    host = ports.HOST

    def __init__(self, special_use: Mapping[str, str] = STANDARD_FOLDERS, mechanisms: str = "plain login",
                 reserve: Callable[[], ports.Reservation] = ports.reserve) -> None:
        self.special_use = dict(special_use)
        self.mechanisms = mechanisms
        self.reserve = reserve
        self.root = Path(tempfile.mkdtemp(prefix="fw-dovecot-", dir="/tmp"))
        # pytest's tmp_path is 0700; Dovecot's unprivileged processes must be able to enter this one.
        self.root.chmod(0o755)
        # In the greeting, so that `start` can tell this Dovecot from any other server on the port.
        self.greeting_id = secrets.token_hex(8)
        self.port = 0
        self.clashes: list[int] = []
        self._reservation: ports.Reservation | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self._numbers = itertools.count(1)

    def start(self) -> None:
        for sub in ("run", "state", "log", "mail", "users"):
            (self.root / sub).mkdir()
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        for _attempt in range(START_ATTEMPTS):
            self._reservation = self.reserve()
            self.port = self._reservation.port
            self._write_config()
            self._spawn()
            clash = self._await_own_greeting(deadline)
            if clash is None:
                return
            # Another server holds the port: ours could not bind it, or a stranger answers there.
            self._end_process()
            self._reservation.release()
            self._reservation = None
            self.clashes.append(self.port)
            # A fresh runtime directory: no pid file of the ended process for the next one to weigh.
            shutil.rmtree(self.root / "run")
            (self.root / "run").mkdir()
        self.stop()
        raise RuntimeError(f"dovecot found each of the ports {self.clashes} taken by another server: {clash}")

    def stop_process(self) -> None:
        """Stop Dovecot but keep its directory (mail, users) and its port, still reserved, for `restart`."""
        self._end_process()

    def restart(self) -> None:
        """Start Dovecot again on the same port (clients know it) after `stop_process`."""
        assert self.process is None and self._reservation is not None, "restart follows stop_process"
        self._spawn(append_log=True)
        clash = self._await_own_greeting(time.monotonic() + START_TIMEOUT_SECONDS)
        if clash is not None:
            self._end_process()
            raise RuntimeError(f"dovecot could not have its port {self.port} again: {clash}")

    def _write_config(self) -> None:
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
        config = _CONF.format(
            root=self.root, port=self.port, greeting_id=self.greeting_id, internal=internal, login=login,
            mail_user=mail_user, first_uid=first_uid, internal_group=_group_of(internal),
            mail_group=_group_of(mail_user), anvil=anvil, login_chroot=login_chroot, mailboxes=self._mailboxes(),
            mechanisms=self.mechanisms)
        (self.root / "dovecot.conf").write_text(config, encoding="utf-8")

    def _spawn(self, append_log: bool = False) -> None:
        # A new start's stderr replaces the last one's, so that a bind failure read there is this start's.
        with (self.root / "log" / "stderr").open("ab" if append_log else "wb") as stderr:
            self.process = subprocess.Popen([str(BINARY), "-F", "-c", str(self.root / "dovecot.conf")],
                                            stdout=subprocess.DEVNULL, stderr=stderr)

    def _await_own_greeting(self, deadline: float) -> str | None:
        """None once this Dovecot greets on `port`; what shows the port is another server's otherwise.

        Raises when Dovecot fails for any other reason or does not answer by `deadline`.
        """
        assert self.process is not None
        expected = f" fw-test {self.greeting_id} ready.".encode()
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                errors = (self.root / "log" / "stderr").read_text(encoding="utf-8", errors="replace")
                if f"listen(127.0.0.1, {self.port}) failed: Address already in use" in errors:
                    return f"port {self.port}: Address already in use"
                tail = self.log_tail()
                self.stop()
                raise RuntimeError(f"dovecot exited at start: {tail}")
            greeting = _greeting(self.host, self.port)
            if greeting and greeting.rstrip(b"\r\n").endswith(expected):
                return None
            if greeting:
                return f"port {self.port}: another server answered {greeting[:100]!r}"
            time.sleep(0.01)  # waiting for the port to open, not for time to pass
        self.stop()
        raise RuntimeError(f"dovecot did not greet on {self.port} within {START_TIMEOUT_SECONDS} s")

    def _end_process(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None

    def _mailboxes(self) -> str:
        return "".join(f'  mailbox "{name}" {{\n    special_use = \\{attribute}\n    auto = create\n  }}\n'
                       for attribute, name in self.special_use.items())

    def stop(self) -> None:
        self._end_process()
        if self._reservation is not None:
            self._reservation.release()
            self._reservation = None
        shutil.rmtree(self.root, ignore_errors=True)

    def complaints(self, most: int = 20) -> list[str]:
        """Dovecot's warnings and errors so far, each once, without their time stamps (its own stop's aside)."""
        found: dict[str, None] = {}
        for line in self.log_lines():
            if any(word in line for word in (" Warning: ", " Error: ", " Fatal: ", " Panic: ")) \
                    and "Killed with signal" not in line:
                found.setdefault(line.split(" ", 3)[-1], None)
        return list(found)[:most]

    def log_lines(self) -> list[str]:
        """Every line of Dovecot's own log so far (none when it has not written one)."""
        path = self.root / "log" / "dovecot.log"
        return path.read_text(encoding="utf-8", errors="replace").splitlines() if path.is_file() else []

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


def _greeting(host: str, port: int) -> bytes | None:
    """The first line a server on `port` sends; None when nothing there accepts and greets in time."""
    try:
        with socket.create_connection((host, port), timeout=GREETING_TIMEOUT_SECONDS) as connection:
            return connection.makefile("rb").readline(1000)
    except OSError:  # refused (nothing listens yet) or no greeting within the timeout
        return None


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
