"""A small IMAP server on 127.0.0.1 that behaves like Gmail's, for the commands the product uses.

Gmail's IMAP is a view of labels (developers.google.com/gmail/imap/imap-extensions): a message is
stored once and shows up in every folder whose label it carries ("INBOX", "[Gmail]/Sent Mail", a
user label), with a UID per folder. This server keeps that model and speaks the real wire protocol
(RFC 3501, with literals and continuations): CAPABILITY (with X-GM-EXT-1, UIDPLUS, SPECIAL-USE),
LOGIN (an app password), AUTHENTICATE XOAUTH2 (developers.google.com/gmail/imap/xoauth2-protocol),
LIST with special-use attributes, SELECT/EXAMINE, STATUS, UID SEARCH (ALL, UID, SINCE, NOT DELETED,
HEADER), UID FETCH (BODY[...] and BODY.PEEK[...] of HEADER, HEADER.FIELDS and TEXT, with <partial>,
RFC822.SIZE, INTERNALDATE, FLAGS, X-GM-THRID, X-GM-MSGID, X-GM-LABELS), APPEND, UID STORE, UID EXPUNGE,
CLOSE, UNSELECT, NOOP and LOGOUT.

It exists because no packaged server speaks X-GM-EXT-1; it checks the product's IMAP code against
Gmail's behaviour, not against itself: the product's functions are never patched.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import email.parser
import email.policy
import email.utils
import itertools
import re
import socketserver
import threading
from collections.abc import Callable
from typing import Any

# Gmail's system labels as X-GM-LABELS shows them, and the folders that present them.
SYSTEM_FOLDERS = {"\\Inbox": "INBOX", "\\Sent": "[Gmail]/Sent Mail", "\\Draft": "[Gmail]/Drafts",
                  "\\Starred": "[Gmail]/Starred", "\\Important": "[Gmail]/Important"}
SPECIAL_USE = {"\\Sent": "\\Sent", "\\Draft": "\\Drafts", "\\Starred": "\\Flagged", "\\Important": "\\Important"}
CAPABILITIES = "IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST CHILDREN X-GM-EXT-1 UIDPLUS ENABLE MOVE SPECIAL-USE"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclasses.dataclass
class GmailMessage:
    msgid: int  # X-GM-MSGID
    thrid: int  # X-GM-THRID
    raw: bytes
    labels: set[str]
    flags: set[str]
    internal_date: dt.datetime


class FakeGmailImap:
    """The mailbox and the server. `folder_names` renames system folders (Gmail localizes them)."""

    def __init__(self, username: str = "candidate@example.org", app_password: str = "abcdefghijklmnop",
                 folder_names: dict[str, str] | None = None, gmail_extensions: bool = True) -> None:
        self.username = username
        self.app_password = app_password
        self.accept_token: Callable[[str], bool] = lambda token: False
        self.folder_names = {**SYSTEM_FOLDERS, **(folder_names or {})}
        self.gmail_extensions = gmail_extensions
        self.lock = threading.RLock()
        self.messages: list[GmailMessage] = []
        self.uids: dict[str, dict[int, int]] = {}  # folder -> X-GM-MSGID -> UID
        self.uid_next: dict[str, int] = {}
        self.commands: list[str] = []
        self._ids = itertools.count(0x1790000000000001)
        self._server: socketserver.ThreadingTCPServer | None = None

    # ------------------------------------------------------------ lifecycle

    def start(self) -> FakeGmailImap:
        fake = self

        class Handler(_Session):
            server_fake = fake

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        # a connection reset before it is accepted must not leave accept() blocking: stop() waits for it
        self._server.socket.setblocking(False)
        threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    # ------------------------------------------------------------ the mailbox

    def deliver(self, raw: bytes, labels: tuple[str, ...] = ("\\Inbox",), flags: tuple[str, ...] = (),
                thread_of: GmailMessage | None = None) -> GmailMessage:
        """A message arrives; it joins the thread of `thread_of` (Gmail's own threading is not modelled)."""
        with self.lock:
            msgid = next(self._ids)
            header = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(raw, headersonly=True)
            try:
                when = email.utils.parsedate_to_datetime(str(header["Date"]))
            except (TypeError, ValueError):
                when = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
            message = GmailMessage(msgid, thread_of.thrid if thread_of else msgid, raw, set(labels), set(flags), when)
            self.messages.append(message)
            for folder in self.folders_of(message):
                self._assign(folder, message)
            return message

    def folders_of(self, message: GmailMessage) -> list[str]:
        return ["[Gmail]/All Mail"] + [self.folder_of_label(label) for label in sorted(message.labels)]

    def folder_of_label(self, label: str) -> str:
        return self.folder_names.get(label, label)

    def label_of_folder(self, folder: str) -> str | None:
        for label, name in self.folder_names.items():
            if name.lower() == folder.lower() or (label == "\\Inbox" and folder.upper() == "INBOX"):
                return label
        return folder if any(folder in m.labels for m in self.messages) else None

    def _assign(self, folder: str, message: GmailMessage) -> None:
        assigned = self.uids.setdefault(folder, {})
        if message.msgid not in assigned:
            uid = self.uid_next.get(folder, 1)
            assigned[message.msgid] = uid
            self.uid_next[folder] = uid + 1

    def in_folder(self, folder: str) -> list[tuple[int, GmailMessage]]:
        """(UID, message) of the folder's messages in UID order."""
        label = None if folder == "[Gmail]/All Mail" else self.label_of_folder(folder)
        chosen = [m for m in self.messages if label is None or label in m.labels]
        for message in chosen:
            self._assign(folder, message)
        uids = self.uids.get(folder, {})
        return sorted(((uids[m.msgid], m) for m in chosen), key=lambda pair: pair[0])

    def folder_list(self) -> list[tuple[str, str]]:
        """(attributes, name) as LIST shows them: Gmail marks its folders with RFC 6154 attributes."""
        found = [("\\HasNoChildren", "INBOX"), ("\\HasChildren \\Noselect", "[Gmail]"),
                 ("\\All \\HasNoChildren", "[Gmail]/All Mail")]
        for label, name in self.folder_names.items():
            if label != "\\Inbox":
                found.append((f"\\HasNoChildren {SPECIAL_USE.get(label, '')}".strip(), name))
        users = sorted({label for m in self.messages for label in m.labels if not label.startswith("\\")})
        found += [("\\HasNoChildren", label) for label in users]
        return found


class _Server(socketserver.ThreadingTCPServer):
    """Binds port 0 and listens in one step: the kernel's free port is ours before anyone can ask for it.

    SO_REUSEADDR is not needed on a port the kernel has just chosen; it used to be switched on by
    setting the stdlib class's attribute, which changed every ThreadingTCPServer in the process.
    """

    allow_reuse_address = False


class _Session(socketserver.StreamRequestHandler):
    """One client connection: reads tagged commands (with literals) and answers like Gmail."""

    server_fake: FakeGmailImap
    disable_nagle_algorithm = True

    def handle(self) -> None:
        self.authenticated = False
        self.selected: str | None = None
        self.readonly = False
        self.send(f"* OK [CAPABILITY {self.capabilities()}] Gimap ready for requests from 127.0.0.1")
        while True:
            line = self.read_command()
            if line is None:
                return
            tag, _, rest = line.partition(b" ")
            words = _parse(rest, self.rfile, self.wfile)
            if not words:
                self.send(f"{tag.decode()} BAD missing command")
                continue
            command = str(words[0]).upper()
            if command == "UID":
                command = "UID " + str(words[1]).upper()
                words = words[1:]
            with self.server_fake.lock:
                self.server_fake.commands.append(command)
                try:
                    done = self.dispatch(tag.decode(), command, words[1:])
                except _No as refusal:
                    self.send(f"{tag.decode()} NO {refusal}")
                    continue
            if done:
                return

    def capabilities(self) -> str:
        text = CAPABILITIES if self.server_fake.gmail_extensions else CAPABILITIES.replace(" X-GM-EXT-1", "")
        return text + ("" if getattr(self, "authenticated", False) else " AUTH=XOAUTH2 AUTH=PLAIN")

    def read_command(self) -> bytes | None:
        line = self.rfile.readline()
        if not line:
            return None
        return line.rstrip(b"\r\n")

    def send(self, text: str | bytes) -> None:
        data = text.encode() if isinstance(text, str) else text
        self.wfile.write(data + b"\r\n")
        self.wfile.flush()

    def dispatch(self, tag: str, command: str, args: list[Any]) -> bool:
        fake = self.server_fake
        if command == "CAPABILITY":
            self.send(f"* CAPABILITY {self.capabilities()}")
        elif command == "NOOP":
            pass
        elif command == "LOGOUT":
            self.send("* BYE LOGOUT Requested")
            self.send(f"{tag} OK 73 good day (Success)")
            return True
        elif command == "LOGIN":
            if (str(args[0]), str(args[1])) != (fake.username, fake.app_password):
                raise _No("[AUTHENTICATIONFAILED] Invalid credentials (Failure)")
            self.authenticated = True
            self.send(f"{tag} OK [CAPABILITY {self.capabilities()}] {fake.username} authenticated (Success)")
            return False
        elif command == "AUTHENTICATE" and str(args[0]).upper() == "XOAUTH2":
            self.send("+ ")
            answer = base64.b64decode(self.rfile.readline().strip() or b"=").decode(errors="replace")
            fields = dict(part.split("=", 1) for part in answer.split("\x01") if "=" in part)
            token = fields.get("auth", "").removeprefix("Bearer ")
            if fields.get("user") != fake.username or not fake.accept_token(token):
                # Gmail answers a failed XOAUTH2 with a JSON challenge, then NO once the client replies.
                self.send("+ " + base64.b64encode(b'{"status":"400","schemes":"Bearer",'
                                                  b'"scope":"https://mail.google.com/"}').decode())
                self.rfile.readline()
                raise _No("[AUTHENTICATIONFAILED] Invalid credentials (Failure)")
            self.authenticated = True
            self.send(f"{tag} OK [CAPABILITY {self.capabilities()}] {fake.username} authenticated (Success)")
            return False
        elif not self.authenticated:
            self.send(f"{tag} BAD Command not allowed now")
            return False
        elif command == "LIST":
            for attributes, name in fake.folder_list():
                self.send(f'* LIST ({attributes}) "/" {_quote(_utf7(name))}')
        elif command in ("SELECT", "EXAMINE"):
            return self.select(tag, _decode_utf7(str(args[0])), readonly=command == "EXAMINE")
        elif command in ("CLOSE", "UNSELECT"):
            self.selected = None
        elif command == "STATUS":
            self.status(_decode_utf7(str(args[0])))
        elif command == "UID SEARCH":
            uids = self.search(args)
            self.send("* SEARCH" + "".join(f" {uid}" for uid in uids))
        elif command == "UID FETCH":
            self.fetch(str(args[0]), args[1] if isinstance(args[1], list) else [args[1]])
        elif command == "UID STORE":
            self.store(str(args[0]), str(args[1]).upper(), args[2] if isinstance(args[2], list) else [args[2]])
        elif command == "UID EXPUNGE":
            self.expunge(str(args[0]))
        elif command == "APPEND":
            self.append(tag, args)
            return False
        else:
            self.send(f"{tag} BAD Unknown command {command}")
            return False
        self.send(f"{tag} OK Success")
        return False

    def select(self, tag: str, folder: str, readonly: bool) -> bool:
        fake = self.server_fake
        if folder.upper() != "INBOX" and folder not in [name for _, name in fake.folder_list()]:
            raise _No(f"[NONEXISTENT] Unknown Mailbox: {folder} (Failure)")
        self.selected, self.readonly = ("INBOX" if folder.upper() == "INBOX" else folder), readonly
        messages = fake.in_folder(self.selected)
        self.send("* FLAGS (\\Answered \\Flagged \\Draft \\Deleted \\Seen $NotPhishing $Phishing)")
        self.send("* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Draft \\Deleted \\Seen \\*)] Flags permitted.")
        self.send(f"* OK [UIDVALIDITY {abs(hash(self.selected)) % 100000 + 1}] UIDs valid.")
        self.send(f"* {len(messages)} EXISTS")
        self.send("* 0 RECENT")
        self.send(f"* OK [UIDNEXT {fake.uid_next.get(self.selected, 1)}] Predicted next UID.")
        self.send(f"{tag} OK [{'READ-ONLY' if readonly else 'READ-WRITE'}] {folder} selected. (Success)")
        return False

    def status(self, folder: str) -> None:
        """STATUS (RFC 3501 section 6.3.10): the counters of a folder, whatever items were asked."""
        fake = self.server_fake
        name = "INBOX" if folder.upper() == "INBOX" else folder
        if name != "INBOX" and name not in [known for _, known in fake.folder_list()]:
            raise _No(f"[NONEXISTENT] Unknown Mailbox: {folder} (Failure)")
        self.send(f"* STATUS {_quote(_utf7(name))} (MESSAGES {len(fake.in_folder(name))} "
                  f"UIDNEXT {fake.uid_next.get(name, 1)} UIDVALIDITY {abs(hash(name)) % 100000 + 1})")

    def current(self) -> list[tuple[int, GmailMessage]]:
        if self.selected is None:
            raise _No("no folder selected")
        return self.server_fake.in_folder(self.selected)

    def search(self, args: list[Any]) -> list[int]:
        chosen = self.current()
        highest = max([uid for uid, _ in chosen] or [0])
        index = 0
        negate = False
        while index < len(args):
            key = str(args[index]).upper()
            if key == "NOT":
                negate, index = True, index + 1
                continue
            width = {"ALL": 1, "DELETED": 1, "UID": 2, "SINCE": 2, "HEADER": 3}.get(key)
            if width is None:
                raise _No(f"unsupported search key {key}")
            test = _search_key(key, [str(arg) for arg in args[index + 1:index + width]], highest)
            chosen = [(uid, m) for uid, m in chosen if test(uid, m) != negate]
            negate, index = False, index + width
        return [uid for uid, _ in chosen]

    def fetch(self, sequence: str, items: list[Any]) -> None:
        messages = self.current()
        wanted = _sequence(sequence, max([uid for uid, _ in messages] or [0]))
        for number, (uid, message) in enumerate(messages, start=1):
            if uid not in wanted:
                continue
            parts: list[bytes] = [f"UID {uid}".encode()]
            for item in map(str, items):  # BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)] is one atom: [...] is kept whole
                upper = item.upper()
                if upper.startswith("BODY"):
                    peek = upper.startswith("BODY.PEEK")
                    section, _, partial = item[item.index("["):].partition("<")
                    data = _section(message.raw, section[1:-1])
                    name = "BODY" + section
                    if partial:  # RFC 3501 section 6.4.5: <origin.octets>, answered as <origin>
                        origin, _, octets = partial.rstrip(">").partition(".")
                        data = data[int(origin):int(origin) + int(octets)]
                        name += f"<{origin}>"
                    parts.append(f"{name} {{{len(data)}}}\r\n".encode() + data)
                    if not peek and not self.readonly:
                        message.flags.add("\\Seen")
                elif upper == "RFC822.SIZE":
                    parts.append(f"RFC822.SIZE {len(message.raw)}".encode())
                elif upper == "INTERNALDATE":
                    parts.append(f'INTERNALDATE "{_internal(message.internal_date)}"'.encode())
                elif upper == "FLAGS":
                    parts.append(f"FLAGS ({' '.join(sorted(message.flags))})".encode())
                elif upper == "X-GM-THRID" and self.server_fake.gmail_extensions:
                    parts.append(f"X-GM-THRID {message.thrid}".encode())
                elif upper == "X-GM-MSGID" and self.server_fake.gmail_extensions:
                    parts.append(f"X-GM-MSGID {message.msgid}".encode())
                elif upper == "X-GM-LABELS" and self.server_fake.gmail_extensions:
                    labels = " ".join(label if label.startswith("\\") else _quote(_utf7(label))
                                      for label in sorted(message.labels))
                    parts.append(f"X-GM-LABELS ({labels})".encode())
                elif upper != "UID":
                    raise _No(f"unsupported fetch item {item}")
            self.wfile.write(f"* {number} FETCH (".encode() + b" ".join(parts) + b")\r\n")
        self.wfile.flush()

    def store(self, sequence: str, mode: str, flags: list[Any]) -> None:
        if self.readonly:
            raise _No("STORE attempt on READ-ONLY folder (Failure)")
        messages = self.current()
        wanted = _sequence(sequence, max([uid for uid, _ in messages] or [0]))
        for number, (uid, message) in enumerate(messages, start=1):
            if uid in wanted:
                if mode.startswith("+"):
                    message.flags |= {str(flag) for flag in flags}
                elif mode.startswith("-"):
                    message.flags -= {str(flag) for flag in flags}
                if not mode.endswith(".SILENT"):
                    self.send(f"* {number} FETCH (UID {uid} FLAGS ({' '.join(sorted(message.flags))}))")

    def expunge(self, sequence: str) -> None:
        fake = self.server_fake
        messages = self.current()
        wanted = _sequence(sequence, max([uid for uid, _ in messages] or [0]))
        label = fake.label_of_folder(self.selected or "")
        for number, (uid, message) in reversed(list(enumerate(messages, start=1))):
            if uid in wanted and "\\Deleted" in message.flags:
                # Expunging in a label's folder removes that label; a draft without it is gone.
                message.labels.discard(label or "")
                if not message.labels or label == "\\Draft":
                    fake.messages.remove(message)
                self.send(f"* {number} EXPUNGE")

    def append(self, tag: str, args: list[Any]) -> None:
        fake = self.server_fake
        folder = _decode_utf7(str(args[0]))
        flags: list[Any] = []
        when = None
        rest = args[1:]
        if rest and isinstance(rest[0], list):
            flags, rest = rest[0], rest[1:]
        if len(rest) == 2:
            when = dt.datetime.strptime(str(rest[0]), "%d-%b-%Y %H:%M:%S %z")
        raw = rest[-1]
        label = fake.label_of_folder(folder)
        if label is None:
            raise _No("[TRYCREATE] Folder doesn't exist. (Failure)")
        message = fake.deliver(bytes(raw), (label,), tuple(str(flag) for flag in flags))
        if when is not None:
            message.internal_date = when
        folder_name = fake.folder_of_label(label)
        uid = fake.uids[folder_name][message.msgid]
        self.send(f"{tag} OK [APPENDUID {abs(hash(folder_name)) % 100000 + 1} {uid}] (Success)")


class _No(Exception):
    """A command refused with a tagged NO."""


class _Literal(bytes):
    """The bytes of an IMAP literal."""


def _parse(line: bytes, rfile: Any, wfile: Any) -> list[Any]:
    """Words of a command line: atoms, quoted strings, literals (read after a continuation), lists."""
    stack: list[list[Any]] = [[]]
    index = 0
    while True:
        if index >= len(line):
            break
        char = line[index:index + 1]
        if char == b" ":
            index += 1
        elif char == b"(":
            stack.append([])
            index += 1
        elif char == b")":
            done = stack.pop()
            stack[-1].append(done)
            index += 1
        elif char == b'"':
            end = index + 1
            value = bytearray()
            while line[end:end + 1] != b'"':
                if line[end:end + 1] == b"\\":
                    end += 1
                value += line[end:end + 1]
                end += 1
            stack[-1].append(value.decode())
            index = end + 1
        elif char == b"{" and line.endswith(b"}") and re.fullmatch(rb"\{\d+\+?\}", line[index:]):
            size = int(line[index + 1:-1].rstrip(b"+"))
            if not line.endswith(b"+}"):
                wfile.write(b"+ go ahead\r\n")
                wfile.flush()
            stack[-1].append(_Literal(rfile.read(size)))
            line = rfile.readline().rstrip(b"\r\n")
            index = 0
        else:
            end = index
            depth = 0
            while end < len(line):
                byte = line[end:end + 1]
                if byte == b"[":
                    depth += 1
                elif byte == b"]":
                    depth -= 1
                elif depth == 0 and byte in (b" ", b"(", b")"):
                    break
                end += 1
            stack[-1].append(line[index:end].decode())
            index = end
    return stack[0]


def _search_key(key: str, values: list[str], highest: int) -> Callable[[int, GmailMessage], bool]:
    """The test for one search key of RFC 3501 section 6.4.4 (the few the product uses)."""
    if key == "UID":
        wanted = _sequence(values[0], highest)
        return lambda uid, message: uid in wanted
    if key == "SINCE":  # dates only, ignoring time and zone
        day = dt.datetime.strptime(values[0], "%d-%b-%Y").replace(tzinfo=dt.UTC).date()
        return lambda uid, message: message.internal_date.astimezone(dt.UTC).date() >= day
    if key == "DELETED":
        return lambda uid, message: "\\Deleted" in message.flags
    if key == "HEADER":
        name, value = values[0], values[1].lower()
        return lambda uid, message: value in _header(message.raw, name).lower()
    return lambda uid, message: True


def _section(raw: bytes, section: str) -> bytes:
    head, _, _body = raw.partition(b"\r\n\r\n") if b"\r\n\r\n" in raw else raw.partition(b"\n\n")
    upper = section.upper()
    if upper == "":
        return raw
    if upper == "HEADER":
        return head + (b"\r\n\r\n" if b"\r\n" in head else b"\n\n")
    if upper == "TEXT":
        return _body
    match = re.fullmatch(r"HEADER\.FIELDS \((.*)\)", upper)
    if match:
        names = {name.strip('"') for name in match.group(1).split()}
        lines = re.split(rb"\r?\n(?![ \t])", head)
        kept = [line for line in lines if line.split(b":", 1)[0].decode(errors="replace").upper() in names]
        return b"".join(line + b"\r\n" for line in kept) + b"\r\n"
    raise _No(f"unsupported section {section}")


def _header(raw: bytes, name: str) -> str:
    parsed = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(raw, headersonly=True)
    return str(parsed.get(name) or "")


def _sequence(text: str, highest: int) -> set[int]:
    found: set[int] = set()
    for part in text.split(","):
        first, _, last = part.partition(":")
        low = highest if first == "*" else int(first)
        high = low if not last else highest if last == "*" else int(last)
        found.update(range(min(low, high), max(low, high) + 1))
    return found


def _internal(when: dt.datetime) -> str:
    return f"{when.day:02d}-{MONTHS[when.month - 1]}-{when.year} {when:%H:%M:%S %z}"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _utf7(text: str) -> str:
    """Modified UTF-7 of mailbox names (RFC 3501 section 5.1.3)."""
    out, pending = [], ""
    for char in text + "\0":
        if char != "\0" and not (0x20 <= ord(char) <= 0x7E):
            pending += char
            continue
        if pending:
            encoded = base64.b64encode(pending.encode("utf-16-be")).decode().rstrip("=").replace("/", ",")
            out.append(f"&{encoded}-")
            pending = ""
        if char != "\0":
            out.append("&-" if char == "&" else char)
    return "".join(out)


def _decode_utf7(text: str) -> str:
    def decode(match: re.Match[str]) -> str:
        body = match.group(1)
        if not body:
            return "&"
        padded = body.replace(",", "/") + "=" * (-len(body) % 4)
        return base64.b64decode(padded).decode("utf-16-be")

    return re.sub(r"&([^-]*)-", decode, text)
