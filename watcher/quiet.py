"""Whether `scan --once` has anything to do, told before the rest of the program is loaded.

The daemon scans when mail comes, when a follow-up falls due, and every `reconcile_seconds` whatever
happens (daemon.py). `scan --once` keeps the same rule. A complete scan leaves a record in the state
(`keep`): the config and code it ran with, each watched folder's STATUS (UIDVALIDITY, UIDNEXT,
MESSAGES, HIGHESTMODSEQ: RFC 3501 section 6.3.10, RFC 7162 section 3.1.2.1) as it was just before
the scan, and the time until which nothing falls due. The next `scan --once` (`look`) that finds the
same config file and code, a time before then, and every folder as it was ends there: nothing it
would read is new, and nothing it would write is due. Any other write to the state (an `ignore`, a
`snooze`, the daemon) drops the record (state.py, `transaction`).

Why this module speaks IMAP itself and imports so little: it runs before anything else is loaded,
so that a quiet rescan of a years-deep mailbox costs a login and four STATUS commands, not the
program's start-up (importing imapclient alone takes 50 ms, the config and state modules 40). It
speaks only LOGIN, STATUS and LOGOUT, and at the first thing it does not expect it gives up,
silently: the full scan then runs as always, with imapclient, the validated config and every error
message. It never decides anything but "nothing to do"; accounts it cannot check that way (Maildir,
the Gmail API, OAuth logins) always get the full scan. The record holds no secret: the password
comes from where the config says, as for any scan.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import time
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (5 ms on this path); mypy knows the name
if TYPE_CHECKING:
    from typing import Any

    from watcher.backends import Backend
    from watcher.config import Config
    from watcher.scan import Report
    from watcher.sources.imap import ImapConnection
    from watcher.state import State

KEY = "quiet"  # the state's meta key of the record
_ITEMS = ("UIDVALIDITY", "UIDNEXT", "MESSAGES", "HIGHESTMODSEQ")
_TIMEOUT = 5.0  # a server this slow gets the full scan, with its own timeouts and messages
_COMMAND_TIMEOUT = 120  # secrets.COMMAND_TIMEOUT_SECONDS: room for a pinentry prompt
_CODE_DIRS = ("watcher", "rules")


class Look:
    """What `look` saw: whether the scan can end now, and each account's folders as they were (the
    record a complete scan keeps, when it started from this look). Not a dataclass: importing
    dataclasses costs this path 8 ms."""

    __slots__ = ("quiet", "config", "config_sum", "stamps", "passwords")

    def __init__(self, quiet: bool, config: str = "", config_sum: str = "",
                 stamps: Mapping[str, Any] | None = None, passwords: Mapping[str, tuple[str, str]] | None = None) -> None:
        self.quiet = quiet
        self.config = config  # the config file looked at, and its checksum then
        self.config_sum = config_sum
        self.stamps = stamps  # account -> [[folder, UIDVALIDITY, UIDNEXT, MESSAGES, HIGHESTMODSEQ], ...]
        # account -> (password, where it came from): the server took it moments ago. Kept in memory for
        # the scan that follows, so that a password_command that asks (a pinentry) asks once; never stored.
        self.passwords = passwords or {}

    def password(self, config: Config, account: str) -> tuple[str, str] | None:
        """The password the look logged in with for `account`, when the scan's config is the one looked at."""
        found = self.passwords.get(account)
        return found if found is not None and self.of(config) else None

    def of(self, config: Config) -> bool:
        """Whether this look was of `config`, as the scan read it (not of a file edited since)."""
        try:
            with open(config.source, "rb") as file:
                return self.config == os.path.abspath(config.source) and self.config_sum == checksum(file.read())
        except OSError:
            return False


def look(argv: Sequence[str], environ: Mapping[str, str], lock: bool = True) -> Look | None:
    """For a plain `scan [--once] [--now T]` (with `--config`), whether nothing can have changed since
    the last complete scan; None for any other command, or when it cannot tell."""
    asked = _asked(argv)
    if asked is None:
        return None
    config_path, now = asked
    dials: dict[tuple[str, int], socket.socket] = {}
    try:
        with open(config_path, "rb") as file:
            config_bytes = file.read()
        # read, not validated: the record below proves that a complete scan validated these very bytes
        data = _config_values(config_bytes.decode("utf-8"))
        # Connected before the state is read: the server's greeting (a login process, 10 ms on Dovecot)
        # is prepared while this process loads sqlite3 and json and reads the record
        dials = _dial(data)
        state_path = os.path.abspath(_state_path(data, environ))
        with _locked(state_path) if lock else _unlocked():
            record = _record(state_path)
            if (record is None or record.get("config") != os.path.abspath(config_path)
                    or record.get("config_sum") != checksum(config_bytes) or record.get("state") != state_path):
                return None
            passwords: dict[str, tuple[str, str]] = {}
            questions = _ask(record, data, environ, passwords, dials)
            code = code_fingerprint(record["rules_dirs"])  # while the server answers
            stamps = {name: _answers(question) for name, question in questions.items()}
            quiet = (stamps == record.get("stamps") and record.get("code") == code
                     and dt.datetime.fromisoformat(record["at"]) <= now < dt.datetime.fromisoformat(record["until"])
                     and os.path.exists(os.path.join(os.path.dirname(state_path), "plan.ics")))
            return Look(quiet, os.path.abspath(config_path), checksum(config_bytes), stamps, passwords)
    except Exception:  # noqa: BLE001 - whatever it is, the full scan meets it again and says what to do
        return None
    finally:
        for sock in dials.values():
            sock.close()


def keep(config: Config, state: State, backends: Mapping[str, Backend], seen: Look | None, now: dt.datetime) -> None:
    """After a complete scan: the record the next `look` compares with (none when an account cannot be
    checked that way). The stamps are those `seen` took before this scan began, so that mail that came
    during it makes the next look differ."""
    if not os.path.isfile(config.source) or not _all_imap_with_password(config):
        return  # a config given as text (tests), or an account a look cannot check
    from watcher.model import Status
    from watcher.sources.imap import ImapSource

    source = os.path.abspath(config.source)
    accounts: list[dict[str, Any]] = []
    for account in config.accounts:
        reader = backends[account.name].source
        if account.backend != "imap" or account.auth != "password" or not isinstance(reader, ImapSource):
            return
        folders = _watched(reader.connection)
        accounts.append({"name": account.name, "host": account.host, "port": account.port,
                         "security": account.security, "tls_verify": account.tls_verify,
                         "username": account.username, "folders": folders})
    planned = [f.due for f in state.followups() if f.status is Status.PLANNED and f.due is not None]
    until = min([now + dt.timedelta(seconds=config.daemon.reconcile_seconds),
                 *(due for due in planned if due > now)])
    if any(due <= now for due in planned):
        until = now  # something due could not be written: the next scan tries again
    rules_dirs = [os.path.abspath(d) for d in config.rules_dirs]
    stamps = seen.stamps if seen is not None and seen.of(config) else None
    if stamps is not None and [[s[0] for s in stamps.get(a["name"], [])] for a in accounts] != \
            [a["folders"] for a in accounts]:
        stamps = None  # taken of other folders (a changed config)
    with open(source, "rb") as file:
        config_sum = checksum(file.read())
    record = {"config": source, "config_sum": config_sum, "code": code_fingerprint(rules_dirs), "rules_dirs": rules_dirs,
              "state": os.path.abspath(config.state_path), "at": now.isoformat(), "until": until.isoformat(),
              "accounts": accounts, "stamps": stamps}
    import json

    with state.transaction():
        state.set_meta(KEY, json.dumps(record))


def stamp_now(config: Config, backends: Mapping[str, Backend]) -> Look | None:
    """The folders as they are before a scan that no look came before (the first one, or one whose
    look could not tell), taken over the scan's own connection; None when they cannot be taken."""
    if not os.path.isfile(config.source) or not _all_imap_with_password(config):
        return None  # nothing to import the IMAP modules for (a Maildir scan never loads them)
    import imapclient.exceptions

    from watcher import errors
    from watcher.sources.imap import ImapSource

    stamps: dict[str, list[list[Any]]] = {}
    try:
        for account in config.accounts:
            reader = backends[account.name].source
            if account.backend != "imap" or account.auth != "password" or not isinstance(reader, ImapSource):
                return None
            connection = reader.connection
            if not connection.has_capability("CONDSTORE") or not connection.deselect():
                return None
            # INBOX first, before the LIST that finds the others: Dovecot answers a STATUS of INBOX
            # that follows a LIST by syncing the whole folder again (sources/imap.py, `folder`)
            inbox = _status_now(connection, connection.folder("inbox"))
            stamps[account.name] = [inbox, *(_status_now(connection, f) for f in _watched(connection)[1:])]
    except (imapclient.exceptions.IMAPClientError, errors.WatcherError, OSError):
        return None  # the scan meets it again and says what to do, or the next scan is a complete one
    with open(config.source, "rb") as file:
        config_sum = checksum(file.read())
    return Look(False, os.path.abspath(config.source), config_sum, stamps)


def _all_imap_with_password(config: Config) -> bool:
    return all(a.backend == "imap" and a.auth == "password" for a in config.accounts)


def _watched(connection: ImapConnection) -> list[str]:
    """The folders a record holds the STATUS of: INBOX, Sent, Drafts, and Trash when there is one."""
    folders = [connection.folder(purpose) for purpose in ("inbox", "sent", "drafts")]
    trash = next((name for flags, name in connection.folders() if any(f.lower() == b"\\trash" for f in flags)), None)
    if trash is not None and trash not in folders:
        folders.append(trash)
    return folders


def _status_now(connection: ImapConnection, folder: str) -> list[Any]:
    with connection.errors(f"reading the state of {folder}"):
        status = connection.client.folder_status(folder, [item.encode() for item in _ITEMS])
    if any(item.encode() not in status for item in _ITEMS):
        raise OSError(f"{folder}: STATUS left out an item")  # a server that cannot vouch for the folder
    return [folder, *(int(status[item.encode()]) for item in _ITEMS)]


def after_own_drafts(config: Config, backends: Mapping[str, Backend], seen: Look | None,
                     rescan: Callable[[], Report]) -> tuple[Look | None, Report | None]:
    """The scan wrote or withdrew drafts: Drafts (and Trash) changed by our own hand, and the stamps
    `seen` took before it no longer hold. Their STATUS now, then `rescan` (nothing new to read: it
    lists Drafts and finds our drafts as written); when that changes nothing, the record may hold
    Drafts and Trash as they are now, and the next look is quiet without a complete scan in between.
    Returns the look to keep and the rescan's report (None when there was no rescan)."""
    if seen is None or not seen.stamps or not seen.of(config):
        return seen, None
    try:
        return _after_own_drafts(config, backends, seen, seen.stamps, rescan)
    except Exception as exc:  # noqa: BLE001 - the scan's work is saved; the next scan is a complete one
        import logging  # not at the top: the look imports as little as it can

        # the type only: an exception's text can quote mail
        logging.getLogger(__name__).warning("the folders after our own drafts could not be read (%s); "
                                            "the next scan is a complete one", type(exc).__name__)
        return seen, None


def _after_own_drafts(config: Config, backends: Mapping[str, Backend], seen: Look, before: Mapping[str, Any],
                      rescan: Callable[[], Report]) -> tuple[Look | None, Report | None]:
    from watcher.sources.imap import ImapSource

    now_seen: dict[str, dict[str, list[Any]]] = {}
    for account in config.accounts:
        reader = backends[account.name].source
        if not isinstance(reader, ImapSource) or account.name not in before:
            return seen, None
        connection = reader.connection
        # STATUS is only exact for a folder that is not selected (RFC 3501 section 6.3.10)
        if not connection.deselect():
            return seen, None
        inbox, sent = connection.folder("inbox"), connection.folder("sent")
        now_seen[account.name] = {}
        for folder, *_ in before[account.name]:
            if folder not in (inbox, sent):  # those as the look saw them: what came since is the next scan's
                now_seen[account.name][folder] = _status_now(connection, folder)
    again = rescan()
    if again.written or again.withdrawn:
        return seen, again
    stamps = {name: [now_seen[name].get(stamp[0], stamp) for stamp in stamps] for name, stamps in before.items()}
    return Look(False, seen.config, seen.config_sum, stamps), again


def hand_over(seen: Look | None, config: Config, backends: Mapping[str, Backend]) -> None:
    """Give each IMAP source the INBOX and Sent STATUS the look took moments ago: the scan does not ask
    the server again (on Dovecot's Maildir, a STATUS of a folder with undelivered mail in new/ costs a
    resync of the whole folder each time)."""
    if seen is None or not seen.stamps or not seen.of(config):
        return  # (a Maildir scan never loads the IMAP modules)
    from watcher.sources.imap import ImapSource

    for name, stamps in seen.stamps.items():
        source = backends[name].source if name in backends else None
        if isinstance(source, ImapSource):
            source.status_seen = {str(folder): (int(validity), int(uidnext))
                                  for folder, validity, uidnext, _messages, _modseq in stamps}


def code_fingerprint(rules_dirs: Sequence[str]) -> str:
    """The program's own files and the user's rule files, by name, size and modification time: an
    upgrade or an edited rule makes the next scan a complete one."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    listed = "".join(f"{path}\0{size}\0{mtime}\n" for root in [*(os.path.join(here, d) for d in _CODE_DIRS), *rules_dirs]
                     for path, size, mtime in _files(root))
    return checksum(listed.encode())


def checksum(data: bytes) -> str:
    """Tells a changed file from the same one (CRC-32 and length: zlib is already loaded, hashlib's
    OpenSSL takes 4 ms; nobody forges a config against their own watcher)."""
    return f"{zlib.crc32(data):08x}-{len(data)}"


def _files(root: str) -> Iterator[tuple[str, int, int]]:
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if entry.name != "__pycache__":
                yield from _files(entry.path)
        elif entry.name.endswith((".py", ".toml")):
            info = entry.stat()
            yield entry.path, info.st_size, info.st_mtime_ns


class _GiveUp(Exception):
    """Something this small look does not handle: the full scan will."""


def _asked(argv: Sequence[str]) -> tuple[str, dt.datetime] | None:
    """The config path and the time of `[--config PATH] scan [--once] [--now T]`, as argparse reads
    them (global options before the command, the command's after); None for anything else."""
    args = list(argv)
    config_path: str | None = None
    now: dt.datetime | None = None
    if "scan" not in args:
        return None
    head, tail = args[:args.index("scan")], args[args.index("scan") + 1:]
    while head:
        option = head.pop(0)
        if option == "--config" and head:
            config_path = head.pop(0)
        elif option.startswith("--config="):
            config_path = option.partition("=")[2]
        else:
            return None
    while tail:
        option = tail.pop(0)
        if option == "--once":
            continue
        if option == "--now" and tail:
            value = tail.pop(0)
        elif option.startswith("--now="):
            value = option.partition("=")[2]
        else:
            return None
        try:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        now = moment if moment.tzinfo is not None else moment.astimezone()
    if config_path is None:  # config.default_config_path()
        base = os.environ.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config")
        config_path = os.path.join(base, "followup-watcher", "config.toml")
    return config_path, now or dt.datetime.now(dt.UTC)


def _config_values(text: str) -> Mapping[str, Any]:
    """What the look needs of the config: `[state] path`, and each account's name, password_command, host
    and port.
    Read line by line when those keep to the plain `key = "string"` form that `init` and the example
    write; anything else (escapes, multi-line strings, quoted or dotted keys) is read by tomllib, whose
    import costs this path 8 ms. A misreading cannot pass: the state path must lead to a record of
    this very file, and the password must be the server's."""
    state: dict[str, str] = {}
    accounts: list[dict[str, str | int]] = []
    table = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            table = line.partition("#")[0].strip()
            if table == "[[accounts]]":
                accounts.append({})
            continue
        key, equals, value = line.partition("=")
        key = key.strip()
        if not equals or not key.replace("_", "").replace("-", "").isalnum():
            return _toml(text)  # a quoted or dotted key, or no key at all
        if (table, key) in (("[state]", "path"), ("[[accounts]]", "name"), ("[[accounts]]", "password_command"),
                            ("[[accounts]]", "host")):
            plain = _plain_string(value.strip())
            if plain is None:
                return _toml(text)
            (state if table == "[state]" else accounts[-1])[key] = plain
        elif (table, key) == ("[[accounts]]", "port"):
            digits = value.partition("#")[0].strip()
            if not digits.isdigit() or digits.startswith("0"):
                return _toml(text)  # 0x8f, 1_43, a string: whatever it is, tomllib says
            accounts[-1][key] = int(digits)
    return {"state": state, "accounts": accounts}


def _plain_string(value: str) -> str | None:
    """A TOML basic string without escapes, or a literal string, followed by nothing but a comment."""
    quote = value[:1]
    if quote not in ('"', "'") or value.startswith(quote * 3):
        return None
    end = value.find(quote, 1)
    if end < 0 or (quote == '"' and "\\" in value[1:end]) or value[end + 1:].strip()[:1] not in ("", "#"):
        return None
    return value[1:end]


def _toml(text: str) -> Mapping[str, Any]:
    import tomllib

    return tomllib.loads(text)


def _state_path(data: Mapping[str, Any], environ: Mapping[str, str]) -> str:
    """The state file the config names (config.py: `[state] path`, else the default)."""
    named = data.get("state", {}).get("path")
    if named:
        return os.path.expanduser(str(named))
    base = environ.get("XDG_STATE_HOME") or os.path.expanduser("~/.local/state")
    return os.path.join(base, "followup-watcher", "state.sqlite3")


class _locked:
    """The state's single-instance lock (session.instance_lock), without waiting: a scan or daemon
    that holds it is told apart by the full path, with its message."""

    def __init__(self, state_path: str) -> None:
        self.path = state_path + ".lock"
        self.handle = -1

    def __enter__(self) -> None:
        import fcntl

        self.handle = os.open(self.path, os.O_RDWR)
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(self.handle)
            raise _GiveUp from None

    def __exit__(self, *exc: object) -> None:
        os.close(self.handle)


class _unlocked:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _record(state_path: str) -> dict[str, Any] | None:
    import json
    import sqlite3

    db = sqlite3.connect(f"file:{state_path}?mode=ro", uri=True)
    try:
        row = db.execute("SELECT value FROM meta WHERE key = ?", (KEY,)).fetchone()
    finally:
        db.close()
    record = json.loads(row[0]) if row else None
    return record if isinstance(record, dict) and isinstance(record.get("accounts"), list) else None


def _dial(data: Mapping[str, Any]) -> dict[tuple[str, int], socket.socket]:
    """A connection begun to each server the config names with a host and a port, without waiting for
    it (the look may end without a word to the server: no record yet, a changed config). The look
    takes those it needs (`_ready`) and closes the rest."""
    dials = {}
    for account in data.get("accounts", []):
        host, port = account.get("host"), account.get("port")
        if isinstance(host, str) and isinstance(port, int) and (host, port) not in dials:
            try:
                family, kind, proto, _, address = socket.getaddrinfo(_host(host), port, type=socket.SOCK_STREAM)[0]
                sock = socket.socket(family, kind, proto)
                sock.setblocking(False)
                sock.connect_ex(address)
                dials[host, port] = sock
            except OSError:
                continue
    return dials


def _ready(dialled: socket.socket | None) -> socket.socket | None:
    """The connection `_dial` began, once made; None when it was not, or failed (the look then
    connects as it always did, and meets the error there)."""
    if dialled is None:
        return None
    import select

    _, writable, _ = select.select([], [dialled], [], _TIMEOUT)
    if not writable or dialled.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) != 0:
        dialled.close()
        return None
    dialled.settimeout(_TIMEOUT)
    return dialled


def _connect(host: str, port: int) -> socket.socket:
    return socket.create_connection((_host(host), port), timeout=_TIMEOUT)  # type: ignore[arg-type]  # bytes: _host


def _host(host: str) -> str | bytes:
    """An ASCII host as bytes: getaddrinfo then skips the IDNA codec, whose import costs this path 3 ms."""
    return host.encode() if host.isascii() else host


class _Question:
    """One account's LOGIN and STATUS commands, sent; `_answers` reads what the server said."""

    __slots__ = ("folders", "sock", "reader", "opened")

    def __init__(self, folders: Sequence[str], sock: socket.socket, reader: Any, opened: list[Any]) -> None:
        self.folders, self.sock, self.reader, self.opened = folders, sock, reader, opened

    def close(self) -> None:
        for item in reversed(self.opened):  # the readers, the TLS layer, the socket
            item.close()


def _ask(record: Mapping[str, Any], data: Mapping[str, Any], environ: Mapping[str, str],
         passwords: dict[str, tuple[str, str]], dials: dict[tuple[str, int], socket.socket]) -> dict[str, _Question]:
    """Each account's questions, sent (the answers are read after); `passwords` gets each password."""
    configured = {str(a.get("name")): a for a in data.get("accounts", [])}
    asked: dict[str, _Question] = {}
    try:
        for account in record["accounts"]:
            password = _password(account["name"], configured[account["name"]], environ)
            early = dials.pop((account["host"], account["port"]), None)
            asked[account["name"]] = _send(account, password[0], early)
            passwords[account["name"]] = password
    except BaseException:
        for question in asked.values():
            question.close()
        raise
    return asked


def _password(name: str, configured: Mapping[str, Any], environ: Mapping[str, str]) -> tuple[str, str]:
    """The account's password from where the config says. password_command is run here as
    `secrets.command_output` runs it (split like a shell, `~` expanded, no shell, its first line),
    without loading that module and its error messages: when it fails, the full scan runs it again
    and says why."""
    command = str(configured.get("password_command", ""))
    if not command:
        from watcher import secrets  # the keyring (or systemd's credentials)

        return secrets.password_of(name, "", environ)
    import shlex

    arguments = [os.path.expanduser(word) if word.startswith("~") else word for word in shlex.split(command)]
    secret = _output(arguments, environ).decode("utf-8", errors="replace").split("\n", 1)[0].rstrip("\r")
    if not secret:
        raise _GiveUp
    return secret, "password from password_command"  # as secrets.password_of says it


def _output(arguments: Sequence[str], environ: Mapping[str, str]) -> bytes:
    """What a command prints, when it exits 0 within the time secrets.py allows. posix_spawn and a pipe
    rather than subprocess, whose import costs this path 4 ms; the program is looked up in the PATH of
    `environ`, as subprocess does."""
    import select
    import signal

    program = arguments[0]
    if "/" not in program:
        program = next((os.path.join(d, program) for d in os.get_exec_path(dict(environ))
                        if os.access(os.path.join(d, program), os.X_OK)), program)
    read_end, write_end = os.pipe()
    try:
        pid = os.posix_spawn(program, list(arguments), dict(environ), file_actions=[
            (os.POSIX_SPAWN_DUP2, write_end, 1), (os.POSIX_SPAWN_CLOSE, read_end),
            (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
    finally:
        os.close(write_end)
    chunks = []
    deadline = time.monotonic() + _COMMAND_TIMEOUT
    try:
        while True:
            ready, _, _ = select.select([read_end], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise _GiveUp
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise _GiveUp
    return b"".join(chunks)


def _send(account: Mapping[str, Any], password: str, early: socket.socket | None) -> _Question:
    """The greeting read, then LOGIN and a STATUS of each folder sent at once (RFC 3501 section 5.5):
    the server works through them while this process goes on."""
    raw = _ready(early) or _connect(account["host"], account["port"])
    opened: list[Any] = [raw]
    try:
        sock: socket.socket = raw
        if account["security"] == "ssl":
            sock = _tls(raw, account)
            opened.append(sock)
        reader = sock.makefile("rb")
        opened.append(reader)
        greeting = reader.readline()
        if not greeting.startswith(b"* OK"):
            raise _GiveUp
        if account["security"] == "starttls":
            _send_lines(sock, [b"a0 STARTTLS"])
            _answer(reader, b"a0")
            sock = _tls(raw, account)
            reader = sock.makefile("rb")
            opened += [sock, reader]
        items = b" (" + " ".join(_ITEMS).encode() + b")"
        _send_lines(sock, [b"a1 LOGIN " + _quoted(account["username"]) + b" " + _quoted(password),
                           *(f"s{number}".encode() + b" STATUS " + _quoted(folder) + items
                             for number, folder in enumerate(account["folders"]))])
        return _Question(account["folders"], sock, reader, opened)
    except BaseException:
        for item in reversed(opened):
            item.close()
        raise


def _answers(question: _Question) -> list[list[Any]]:
    """[[folder, UIDVALIDITY, UIDNEXT, MESSAGES, HIGHESTMODSEQ], ...], from the server's answers to `_send`."""
    try:
        _answer(question.reader, b"a1")
        found = []
        for number, folder in enumerate(question.folders):
            values = _status_values(_answer(question.reader, f"s{number}".encode()))
            found.append([folder, *(values[item] for item in _ITEMS)])
        question.sock.sendall(b"z LOGOUT\r\n")
        return found
    finally:
        question.close()


def _tls(raw: socket.socket, account: Mapping[str, Any]) -> socket.socket:
    import ssl

    context = ssl.create_default_context()
    if not account["tls_verify"]:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context.wrap_socket(raw, server_hostname=account["host"])


def _send_lines(sock: socket.socket, lines: Sequence[bytes]) -> None:
    sock.sendall(b"".join(line + b"\r\n" for line in lines))


def _answer(reader: Any, tag: bytes) -> list[bytes]:
    """The untagged answers before the tagged one, when it ends in OK."""
    answers: list[bytes] = []
    while True:
        answer = reader.readline(65536)
        if not answer.endswith(b"\n") or answer.rstrip().endswith(b"}"):
            raise _GiveUp  # the connection ended, or a literal: not for this small look
        if answer.startswith(tag + b" "):
            if not answer[len(tag) + 1:].upper().startswith(b"OK"):
                raise _GiveUp
            return answers
        answers.append(answer)


def _quoted(text: str) -> bytes:
    """An IMAP quoted string (RFC 3501 section 4.3), for ASCII without line breaks only."""
    if not text.isascii() or "\r" in text or "\n" in text or "&" in text:
        raise _GiveUp  # a literal, or a folder name in modified UTF-7: the full scan's work
    return b'"' + text.replace("\\", "\\\\").replace('"', '\\"').encode() + b'"'


def _status_values(lines: Sequence[bytes]) -> dict[str, int]:
    for line in lines:
        if line.upper().startswith(b"* STATUS ") and line.rstrip().endswith(b")"):
            words = line.rstrip()[line.rindex(b"(") + 1:-1].split()
            values = {words[i].decode().upper(): int(words[i + 1]) for i in range(0, len(words) - 1, 2)}
            if all(item in values for item in _ITEMS):
                return values
    raise _GiveUp  # a server that leaves an item out cannot vouch for the folder
