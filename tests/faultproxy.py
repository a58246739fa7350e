"""A seeded TCP fault proxy for IMAP, between the product and the suite's Dovecot, on 127.0.0.1.

It passes bytes through untouched, framing both directions just enough to know where an IMAP
command starts and ends (lines, and `{n}` literals as in APPEND) and where the server's tagged answer
to it is. While armed, each new connection gets one planned fault, drawn from `random.Random(seed)`:

    reset            the connection is reset (RST) before the n-th command reaches the server
    stall            the n-th command is held a moment, then the connection is reset
    truncate         the server's whole answer to the n-th command, cut short, then a reset
    drafts-reset     as reset, at a command while the Drafts folder is selected (its listing)
    drafts-truncate  as truncate, at a command while the Drafts folder is selected
    append-cut       an APPEND's literal is cut short and the connection reset: nothing is stored
    append-ok-lost   the whole APPEND reaches the server; its OK is dropped and the client reset
    append-ok-close  the APPEND's OK reaches the client, and the connection is reset right after

A planned fault whose command never comes (the session ended first) is not injected; `injected`
counts the faults that were. The product's command sequence is fixed for a given mailbox, so a seed
replays the same faults.
"""

from __future__ import annotations

import collections
import contextlib
import random
import re
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

KINDS = ("reset", "stall", "truncate", "drafts-reset", "drafts-truncate", "append-cut", "append-ok-lost",
         "append-ok-close")
STALL_SECONDS = (0.02, 0.15)
_LITERAL = re.compile(rb"\{(\d+)\+?\}\r\n$")
_COMMAND = re.compile(rb"^(\S+) (?:UID )?(\S+)", re.IGNORECASE)
_DRAFTS_SELECTED = re.compile(rb"^\S+ (?:SELECT|EXAMINE) \"?Drafts\"?", re.IGNORECASE)
# the Drafts stamp (STATUS of Drafts): a scan whose Drafts did not change touches Drafts only there
_DRAFTS_STATUS = re.compile(rb"^\S+ STATUS \"?Drafts\"? ", re.IGNORECASE)


@dataclass(frozen=True)
class Plan:
    """One connection's fault: its kind and the index of the command (of those that match) it hits."""

    kind: str
    at: int


class FaultProxy:
    """Listens on 127.0.0.1 (port `port`) and relays to `upstream`; `arm()` plans faults."""

    def __init__(self, upstream_host: str, upstream_port: int, seed: int, spare: frozenset[bytes] = frozenset()) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.spare = spare  # command names (b"LOGIN") never faulted: the fault moves to the next command
        # called with each command line before it is forwarded: what another client does meanwhile
        self.before_command: Callable[[bytes, bool], None] | None = None
        self.rng = random.Random(seed)
        self.injected: collections.Counter[str] = collections.Counter()
        self.kinds: tuple[str, ...] = ()
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._sessions: list[_Session] = []
        self._accepting = threading.Thread(target=self._accept, name="faultproxy-accept", daemon=True)
        self._accepting.start()

    @property
    def total(self) -> int:
        return sum(self.injected.values())

    def arm(self, kinds: tuple[str, ...] = KINDS) -> None:
        """Every connection from now on gets one fault of these kinds (none when empty)."""
        self.kinds = kinds

    def disarm(self) -> None:
        self.kinds = ()

    def plan(self) -> Plan | None:
        if not self.kinds:
            return None
        kind = self.rng.choice(self.kinds)
        # CAPABILITY, LOGIN, LIST, EXAMINE, SEARCH, FETCH...: a quiet scan is about ten commands
        if kind.startswith("append-"):
            at = 0  # the first APPEND: a scan that meets it does not get to the next one
        elif kind.startswith("drafts-"):
            at = self.rng.randint(0, 3)  # STATUS of Drafts, or EXAMINE, SEARCH or FETCH of the listing
        else:
            at = self.rng.randint(0, 9)
        return Plan(kind, at)

    def record(self, kind: str) -> None:
        with self._lock:
            self.injected[kind] += 1

    def close(self) -> None:
        with contextlib.suppress(OSError):
            # shutdown first: on Linux, close() alone leaves the port listening while accept() waits;
            # closed once the accepting thread has ended (see _Session._pump)
            self._listener.shutdown(socket.SHUT_RDWR)
        self._accepting.join(timeout=5)
        with contextlib.suppress(OSError):
            self._listener.close()
        for session in list(self._sessions):
            session.reset()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream, timeout=10)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            session = _Session(self, client, server, self.plan())
            self._sessions = [s for s in self._sessions if not s.closed] + [session]
            session.start()


class _Session:
    """One proxied connection: a pump each way, and the fault planned for it."""

    def __init__(self, proxy: FaultProxy, client: socket.socket, server: socket.socket, plan: Plan | None) -> None:
        self.proxy = proxy
        self.client = client
        self.server = server
        self.plan = plan
        self.closed = False
        self._pumps = 2  # the last pump to end closes both sockets
        self._lock = threading.Lock()
        # set by the client pump before a command is forwarded, read by the server pump
        self.watch_tag: bytes | None = None
        self.watch_action = ""
        self.commands = 0
        self.drafts_commands = 0
        self.appends = 0
        self.drafts_selected = False

    def start(self) -> None:
        for target, name in ((self._from_client, "faultproxy-c2s"), (self._from_server, "faultproxy-s2c")):
            threading.Thread(target=self._pump, args=(target,), name=name, daemon=True).start()

    def _pump(self, work: Callable[[], None]) -> None:
        try:
            work()
        finally:
            self.reset()
            with self._lock:
                self._pumps -= 1
                last = self._pumps == 0
            if last:
                # Closed only when neither pump can touch them again: a socket closed while the other pump
                # is entering recv or send frees its descriptor, the next accepted connection gets the same
                # number, and the old pump then reads or writes that new connection (a stolen greeting, a
                # connection shut under a scan that had no fault planned)
                for end in (self.client, self.server):
                    with contextlib.suppress(OSError):
                        end.close()

    def reset(self) -> None:
        """End both ends, the client's with an RST (SO_LINGER 0, sent when the pumps close it), as a
        failing network would. Shut down, not closed: that wakes both pumps and keeps the descriptors."""
        with self._lock:
            if self.closed:
                return
            self.closed = True
        with contextlib.suppress(OSError):
            self.client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        for end in (self.client, self.server):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def _inject(self, kind: str) -> None:
        self.proxy.record(kind)
        self.plan = None

    # ------------------------------------------------------------------ client -> server

    def _from_client(self) -> None:
        buffer = b""
        literal = 0
        in_command = False
        command = b""
        try:
            while not self.closed:
                data = self.client.recv(65536)
                if not data:
                    break
                buffer += data
                while buffer and not self.closed:
                    if literal:
                        chunk, buffer = buffer[:literal], buffer[literal:]
                        if self._cut_literal(command, chunk):
                            return
                        literal -= len(chunk)
                        self.server.sendall(chunk)
                        continue
                    end = buffer.find(b"\r\n")
                    if end < 0:
                        break
                    line, buffer = buffer[:end + 2], buffer[end + 2:]
                    if not in_command:
                        command = line
                        if self._before_command(line):
                            return
                    found = _LITERAL.search(line)
                    literal = int(found.group(1)) if found else 0
                    in_command = bool(found)
                    self.server.sendall(line)
        except OSError:
            pass
        self.reset()

    def _before_command(self, line: bytes) -> bool:
        """Called once per command before it is forwarded; True when the connection was reset."""
        plan = self.plan
        index = self.commands
        self.commands += 1
        if self.drafts_selected:
            self.drafts_commands += 1
        # a drafts fault hits the Drafts stamp (at 0) or the listing's EXAMINE, SEARCH or FETCH (1 to 3)
        drafts_status = bool(_DRAFTS_STATUS.match(line))
        if _DRAFTS_SELECTED.match(line):
            self.drafts_selected = True
            self.drafts_commands = 1
        elif re.match(rb"^\S+ (?:SELECT|EXAMINE) ", line, re.IGNORECASE):
            self.drafts_selected = False
        if self.proxy.before_command is not None:
            self.proxy.before_command(line, self.drafts_selected)
        if plan is None:
            return False
        match = _COMMAND.match(line)
        tag = match.group(1) if match else b""
        name = match.group(2).upper() if match else b""
        if plan.kind in ("reset", "stall", "truncate"):
            hit = index == plan.at
            if hit and name in self.proxy.spare:
                self.plan = Plan(plan.kind, plan.at + 1)  # the next command takes the fault
                return False
        elif plan.kind.startswith("drafts-"):
            hit = (drafts_status and plan.at == 0) or (self.drafts_selected and self.drafts_commands == plan.at)
        else:
            hit = False
            if name == b"APPEND":
                self.appends += 1
                hit = self.appends - 1 == plan.at
                if hit and plan.kind != "append-cut":
                    self.watch_tag, self.watch_action = tag, plan.kind
        if not hit or plan.kind.startswith("append-"):
            return False
        if plan.kind in ("truncate", "drafts-truncate"):
            if name == b"IDLE" or match is None:
                # IDLE's tagged answer comes only after DONE, and DONE (untagged) has none of its own:
                # holding them would hide the news the client waits for (a black hole, not a
                # truncation); the next command takes the fault
                self.plan = Plan(plan.kind, plan.at + 1)
                return False
            self.watch_tag, self.watch_action = tag, "truncate"
            return False
        if plan.kind == "stall":
            time.sleep(self.proxy.rng.uniform(*STALL_SECONDS))
        self._inject(plan.kind)
        self.reset()
        return True

    def _cut_literal(self, command: bytes, chunk: bytes) -> bool:
        """append-cut: forward part of the APPEND's literal, then reset."""
        plan = self.plan
        if plan is None or plan.kind != "append-cut" or not _is_append(command):
            return False
        if self.appends - 1 != plan.at:
            return False
        self.server.sendall(chunk[:max(1, len(chunk) // 2)])
        self._inject(plan.kind)
        self.reset()
        return True

    # ------------------------------------------------------------------ server -> client

    def _from_server(self) -> None:
        buffer = b""
        held = b""  # a watched answer that is to be truncated is held until it is complete
        literal = 0
        try:
            while not self.closed:
                data = self.server.recv(65536)
                if not data:
                    break
                buffer += data
                out = b""
                while buffer and not self.closed:
                    if literal:
                        chunk, buffer = buffer[:literal], buffer[literal:]
                        literal -= len(chunk)
                        out += chunk
                        continue
                    end = buffer.find(b"\r\n")
                    if end < 0:
                        break
                    line, buffer = buffer[:end + 2], buffer[end + 2:]
                    found = _LITERAL.search(line)
                    literal = int(found.group(1)) if found else 0
                    out += line
                    if line.startswith(b"+") and self.watch_action == "truncate":
                        # a continuation request is never held: the client waits for it to send the literal
                        self.client.sendall(held + out)
                        held, out = b"", b""
                    tag = self.watch_tag
                    if tag is not None and line.startswith(tag + b" "):
                        self._answered(held + out, line)
                        return
                if self.watch_tag is not None and self.watch_action == "truncate":
                    held += out
                elif out:
                    self.client.sendall(out)  # an APPEND's "+ OK" continuation passes at once
        except OSError:
            pass
        self.reset()

    def _answered(self, answer: bytes, tagged: bytes) -> None:
        """The tagged answer to the watched command is complete (it ends `answer`): act on it, reset."""
        action, self.watch_tag, self.watch_action = self.watch_action, None, ""
        if action == "truncate":
            cut = self.proxy.rng.randint(1, max(1, len(answer) - 1))
            self.client.sendall(answer[:cut])
        elif action == "append-ok-lost":
            self.client.sendall(answer[:len(answer) - len(tagged)])  # all but the OK
        else:
            self.client.sendall(answer)  # append-ok-close: the OK arrives, then the connection dies
        self._inject(self.plan.kind if self.plan else action)
        self.reset()


def _is_append(command: bytes) -> bool:
    match = _COMMAND.match(command)
    return bool(match and match.group(2).upper() == b"APPEND")
