"""The pipelined FETCH reader (`imap._raw_fetches`) against one command at a time, over a real socket.

A scripted server answers each `UID FETCH` by its UID set. The same script is read twice: chunk by
chunk with imaplib's own `imap.uid("FETCH", ...)` (the reference: what the product did before it
pipelined), and with `_raw_fetches`, which sends the next chunk's command before it reads the
current answer. Both must hand back the same answers chunk by chunk, leave the same untagged
responses after each chunk, fail at the same chunk with the same error, and leave the connection
in the same state: a command after the failure (or after the reader was closed early) gets the same
answer. A last case has the server answer two commands in flight at once, interleaved.
"""

from __future__ import annotations

import imaplib
import random
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from imap_pair import Paired

from watcher.sources.imap import _answers, _raw_fetches, _uid_set

ITEMS = "(UID BODY.PEEK[TEXT]<0.100>)"
AFTER = [99]  # the UID set of the command sent after the reading ends, to see the connection is usable


class _Client:
    """What `_raw_fetches` takes from imapclient's client: the imaplib connection beneath it."""

    def __init__(self, imap: imaplib.IMAP4) -> None:
        self._imap = imap


Script = dict[str, bytes]  # UID set -> the answer to its UID FETCH ("TAG" stands for the command's tag)


def _serve(sock: socket.socket, script: Script, seen: list[bytes], together: bool) -> None:
    """Greet, then answer each UID FETCH from `script`; `together`: wait for a second command and
    answer both at once, the first answer's responses split around the second's."""
    with sock, sock.makefile("rb") as commands:
        sock.sendall(b"* PREAUTH [CAPABILITY IMAP4rev1] ready\r\n")
        for line in commands:
            seen.append(line)
            tag, _, command = line.partition(b" ")
            if command.upper().startswith(b"CAPABILITY"):
                sock.sendall(b"* CAPABILITY IMAP4rev1\r\n" + tag + b" OK done\r\n")
                continue
            if not command.upper().startswith(b"UID FETCH"):
                sock.sendall(tag + b" OK done\r\n")
                continue
            answer = script[command.split()[2].decode()].replace(b"TAG", tag)
            if together and command.split()[2] != _uid_set(AFTER).encode():
                second = next(commands)
                seen.append(second)
                other_tag, _, other = second.partition(b" ")
                later = script[other.split()[2].decode()].replace(b"TAG", other_tag)
                # the second command's responses but its completion, then the first's answer, then the rest
                split = later.rfind(b"\r\n", 0, len(later) - 2) + 2
                answer = later[:split] + answer + later[split:]
            sock.sendall(answer)
            if b"TAG " not in script[command.split()[2].decode()]:
                # no completion: the connection ends mid-answer (EOF). What the client sent meanwhile
                # (a command sent ahead) is read first: closing with it unread would reset the
                # connection instead, or not, by the threads' timing
                sock.shutdown(socket.SHUT_WR)
                for _ in commands:
                    pass
                return


Outcome = list[tuple[Any, ...]]


def _run(script: Script, chunks: list[list[int]], read: Callable[[imaplib.IMAP4, list[list[int]]], Iterator[Any]],
         stop_after: int | None = None, together: bool = False) -> Outcome:
    """Each chunk's answers and the untagged responses after it; then the error, if any, and what a
    command sent after the reading gets."""
    client_end, server_end = socket.socketpair()
    seen: list[bytes] = []
    server = threading.Thread(target=_serve, args=(server_end, script, seen, together), daemon=True)
    server.start()
    imap = Paired(client_end)
    imap.state = "SELECTED"
    outcome: Outcome = []
    try:
        try:
            answers = read(imap, chunks)
            try:
                for number, answer in enumerate(answers):
                    outcome.append(("chunk", answer, _untagged(imap)))
                    if stop_after is not None and number + 1 == stop_after:
                        break
            finally:
                close = getattr(answers, "close", None)
                if close is not None:
                    close()
        except imaplib.IMAP4.error as error:
            # imaplib's tags have a random prefix per connection
            outcome.append(("error", type(error), str(error).replace(imap.tagpre.decode(), "TAG"), _untagged(imap)))
        try:
            outcome.append(("after", imap.uid("FETCH", _uid_set(AFTER), ITEMS), _untagged(imap)))
        except imaplib.IMAP4.error as error:
            outcome.append(("after-error", type(error)))
    finally:
        imap.shutdown()  # whatever was raised: no socket is left open for a later test to find
        server.join(10)
    return outcome


def _untagged(imap: imaplib.IMAP4) -> dict[str, list[Any]]:
    return {kind: list(data) for kind, data in imap.untagged_responses.items()}


def _one_at_a_time(imap: imaplib.IMAP4, chunks: list[list[int]]) -> Iterator[Any]:
    """The reading before pipelining: `_raw_fetch` of each chunk, with imaplib's reader."""
    for chunk in chunks:
        kind, data = imap.uid("FETCH", _uid_set(chunk), ITEMS)
        if kind != "OK":
            raise imaplib.IMAP4.error(f"FETCH failed: {data!r}")
        yield _answers(data)


def _pipelined(imap: imaplib.IMAP4, chunks: list[list[int]]) -> Iterator[Any]:
    return _raw_fetches(_Client(imap), chunks, ITEMS)  # type: ignore[arg-type]


def _same(script: Script, chunks: list[list[int]], stop_after: int | None = None) -> Outcome:
    reference = _run(script, chunks, _one_at_a_time, stop_after)
    assert _run(script, chunks, _pipelined, stop_after) == reference
    return reference


def _message(uid: int, literal: bytes, after: bytes = b")") -> bytes:
    return (f"* {uid} FETCH (UID {uid} BODY[TEXT]<0> {{{len(literal)}}}\r\n").encode() + literal + after + b"\r\n"


def _answer(uids: list[int], end: bytes = b"TAG OK done\r\n", between: bytes = b"") -> bytes:
    return between.join(_message(uid, f"text of {uid}\r\n".encode()) for uid in uids) + end


CHUNKS = [[1, 2, 3], [4, 5, 7], [8, 10], [11]]


def _script(**replaced: bytes) -> Script:
    script = {_uid_set(chunk): _answer(chunk) for chunk in CHUNKS}
    script.update({_uid_set(CHUNKS[int(index[1:])]): answer for index, answer in replaced.items()})
    script[_uid_set(AFTER)] = _answer(AFTER)
    return script


def test_chunks_answered_alike() -> None:
    outcome = _same(_script(), CHUNKS)
    assert [len(step[1]) for step in outcome if step[0] == "chunk"] == [3, 3, 2, 1]
    assert outcome[-1][0] == "after" and outcome[-1][1][0] == "OK"


def test_one_chunk_and_none() -> None:
    _same(_script(), CHUNKS[:1])
    _same(_script(), [])


UNSOLICITED = b"* 7 FETCH (FLAGS (\\Seen))\r\n* 12 EXISTS\r\n* 3 EXPUNGE\r\n* OK [ALERT] going down soon\r\n"


@pytest.mark.parametrize("replaced", [
    # responses nobody asked for, between the answers: each chunk must be left with the same ones
    {"c0": _answer(CHUNKS[0], between=UNSOLICITED), "c2": _answer(CHUNKS[2], between=b"* NO [ALERT] hm\r\n")},
    {"c3": _answer(CHUNKS[3], between=UNSOLICITED, end=UNSOLICITED + b"TAG OK done\r\n")},
    # an expunged message does not answer; an empty answer
    {"c1": _answer([4, 7]), "c2": b"TAG OK done\r\n"},
    # a NO or BAD completion: at the first, a middle and the last chunk
    {"c0": _answer([1], end=b"TAG NO [SERVERBUG] sorry\r\n")},
    {"c1": _answer([4], end=b"TAG NO [SERVERBUG] sorry\r\n")},
    {"c3": b"TAG NO sorry\r\n"},
    {"c1": b"TAG BAD no such thing\r\n"},
    # the command sent ahead fails too, or instead: NO, BAD
    {"c1": b"TAG NO sorry\r\n", "c2": b"TAG BAD what\r\n"},
    {"c1": b"TAG NO sorry\r\n", "c2": _answer(CHUNKS[2], between=b"* 7 FETCH (FLAGS (\\Seen))\r\n")},
    # the server hangs up: with a BYE, mid-answer, mid-literal, on the last chunk
    {"c1": _answer([4], end=b"* BYE shutting down\r\n")},
    {"c1": _answer([4, 5], end=b"")},
    {"c1": _answer([4], end=b"") + _message(5, b"x" * 40)[:-20]},
    {"c3": _answer([11], end=b"")},
], ids=["unsolicited", "unsolicited-last", "expunged", "no-first", "no-middle", "no-last", "bad", "no-then-bad",
        "no-then-ok", "bye", "eof", "eof-literal", "eof-last"])
def test_quirks(replaced: dict[str, bytes]) -> None:
    _same(_script(**replaced), CHUNKS)


def test_closed_early() -> None:
    """A caller that stops after a chunk: the command sent ahead is read to its end, and the connection
    answers the next command as if it had never been sent."""
    outcome = _same(_script(c1=_answer(CHUNKS[1], between=b"* 7 FETCH (FLAGS (\\Seen))\r\n")), CHUNKS, stop_after=1)
    assert [step[0] for step in outcome] == ["chunk", "after"]
    _same(_script(c1=b"TAG NO sorry\r\n"), CHUNKS, stop_after=1)
    _same(_script(), CHUNKS, stop_after=3)


def test_closed_early_then_dropped() -> None:
    """The connection ends while the command sent ahead is read on closing: imaplib's abort, from close()."""
    outcome = _run(_script(c1=_answer([4], end=b"")), CHUNKS, _pipelined, stop_after=1)
    assert [step[0] for step in outcome] == ["chunk", "error", "after-error"]
    assert outcome[1][1] is imaplib.IMAP4.abort


def test_long_answers_straddle_the_buffer() -> None:
    """Chunks of hundreds of responses of every size: answers and completions end anywhere in the
    socket buffer, and the command sent ahead waits behind megabytes."""
    rng = random.Random(5)
    chunks = [list(range(start, start + 300)) for start in range(1, 1500, 300)]
    script = {_uid_set(AFTER): _answer(AFTER)}
    for chunk in chunks:
        parts = []
        for uid in chunk:
            literal = bytes(rng.choice(b"ab\r\n{}* 0123456789") for _ in range(rng.choice((0, 1, 300, 8190, 8192))))
            parts.append(_message(uid, literal))
            if uid % 97 == 0:
                parts.append(f"* {uid} FETCH (FLAGS ())\r\n".encode())
        script[_uid_set(chunk)] = b"".join(parts) + b"TAG OK done\r\n"
    outcome = _same(script, chunks)
    assert sum(len(step[1]) for step in outcome if step[0] == "chunk") == 1500


def test_server_answering_two_commands_at_once() -> None:
    """RFC 3501 section 5.5 lets a server run the two commands at once: the next chunk's answers that
    come before the current command's completion still go with the next chunk."""
    reference = _run(_script(), CHUNKS, _one_at_a_time)
    assert _run(_script(), CHUNKS, _pipelined, together=True) == reference


def test_news_in_a_dropped_answer_is_kept() -> None:
    """The answers of a command read only to be dropped go, but what the server said of the mailbox
    meanwhile (EXISTS, EXPUNGE: it says so once, at whatever command comes) stays for imapclient."""
    script = _script(c1=_answer(CHUNKS[1], between=UNSOLICITED))
    outcome = _run(script, CHUNKS, _pipelined, stop_after=1)
    reference = _run(_script(), CHUNKS, _one_at_a_time, stop_after=1)
    assert outcome[0] == reference[0]
    after = outcome[1][2]
    assert after["EXISTS"] == [b"12", b"12"] and after["EXPUNGE"] == [b"3", b"3"]
    assert outcome[1][1] == reference[1][1] and "FETCH" not in after
