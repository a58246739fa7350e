"""The listing's own reader of UID FETCH answers (`imap._uid_fetch`) against imaplib's, byte for byte.

Each case is a server's answer, sent over a real socket to two imaplib connections: one reads it with
`imap.uid("FETCH", ...)`, the other with `_uid_fetch`; both must give the same data, leave the same
untagged responses behind, or fail with the same error. The answers hold what RFC 3501 section 7.4.2
allows and what servers do: unsolicited FETCH, EXISTS and EXPUNGE responses among the answers,
several literals in one response, items after a literal, empty literals, literals that look like
responses, a BYE, a NO or BAD completion, a connection that ends mid-answer, and answers long
enough that responses straddle the socket buffer's end.
"""

from __future__ import annotations

import imaplib
import random
import socket
import threading
from typing import Any

import pytest
from imap_pair import Paired

from watcher.sources.imap import _uid_fetch

ITEMS = "(UID INTERNALDATE BODY.PEEK[HEADER.FIELDS (FROM SUBJECT)])"


def _serve(sock: socket.socket, answer: bytes) -> None:
    """Greet, answer CAPABILITY, then answer the FETCH with `answer` (TAG replaced by its tag)."""
    with sock, sock.makefile("rb") as commands:
        sock.sendall(b"* PREAUTH [CAPABILITY IMAP4rev1] ready\r\n")
        for line in commands:
            tag, _, command = line.partition(b" ")
            if command.upper().startswith(b"CAPABILITY"):
                sock.sendall(b"* CAPABILITY IMAP4rev1\r\n" + tag + b" OK done\r\n")
            elif command.upper().startswith(b"UID FETCH"):
                sock.sendall(answer.replace(b"TAG", tag))
                if b"TAG " not in answer:
                    return  # no completion: the connection ends mid-answer (EOF)
            else:
                sock.sendall(tag + b" OK done\r\n")


def _outcome(answer: bytes, ours: bool, before: dict[str, list[Any]] | None = None) -> tuple[Any, ...]:
    client_end, server_end = socket.socketpair()
    server = threading.Thread(target=_serve, args=(server_end, answer), daemon=True)
    server.start()
    imap = Paired(client_end)
    imap.state = "SELECTED"  # the reader's concern is the FETCH; the folder is the server script's
    imap.untagged_responses.update({kind: list(data) for kind, data in (before or {}).items()})
    try:
        result = _uid_fetch(imap, "1:*", ITEMS) if ours else imap.uid("FETCH", "1:*", ITEMS)
        outcome: tuple[Any, ...] = ("answer", result, dict(imap.untagged_responses), dict(imap.tagged_commands))
    except imaplib.IMAP4.error as error:
        outcome = ("error", type(error), str(error))
    finally:
        imap.shutdown()  # closes the socket and imaplib's file over it: the server sees the end
        server.join(10)
    return outcome


def _same(answer: bytes, before: dict[str, list[Any]] | None = None) -> tuple[Any, ...]:
    theirs = _outcome(answer, False, before)
    assert _outcome(answer, True, before) == theirs
    return theirs


def _message(uid: int, literal: bytes, after: bytes = b")") -> bytes:
    return (f'* {uid} FETCH (UID {uid} INTERNALDATE "17-Jul-1996 02:44:25 -0700" '
            f"BODY[HEADER.FIELDS (FROM SUBJECT)] {{{len(literal)}}}\r\n").encode() + literal + after + b"\r\n"


HEADER = b"From: a@example.org\r\nSubject: hello\r\n\r\n"


def test_plain_answers() -> None:
    outcome = _same(b"".join(_message(uid, HEADER) for uid in range(1, 4)) + b"TAG OK done\r\n")
    assert outcome[0] == "answer" and len(outcome[1][1]) == 6  # (line, literal) and ")" per message


@pytest.mark.parametrize("answer", [
    # unsolicited responses among the answers: flags set by another client, new mail, an expunge
    _message(1, HEADER) + b"* 7 FETCH (FLAGS (\\Seen))\r\n* 9 EXISTS\r\n* 3 EXPUNGE\r\n" + _message(2, HEADER)
    + b"* OK [ALERT] system going down soon\r\nTAG OK done\r\n",
    # several literals in one response, and items after a literal (X-GM-THRID)
    b"* 1 FETCH (UID 1 BODY[HEADER] {5}\r\nabcde BODY[TEXT] {3}\r\nxyz X-GM-THRID 123)\r\nTAG OK done\r\n",
    # an empty literal; a literal that looks like responses; a "{" inside the item names
    _message(1, b"") + _message(2, b"x\r\n* 3 FETCH (UID 3 {2}\r\nA001 OK done\r\n") + _message(3, b"{5}")
    + b"* 4 FETCH (UID 4 BODY[HEADER.FIELDS (X{1})] {4}\r\nabcd)\r\n"
    + b"* 5 FETCH (UID 5 BODY[] {3}\r\nabc12}\r\n* 6 FETCH (UID 6)\r\nTAG OK done\r\n",
    # a line that ends in a brace that is no literal; FETCH with no data and with empty data
    b"* 1 FETCH (UID 1 X {a})\r\n* 2 FETCH\r\n* 3 FETCH \r\n* 4 FETCH \rX\r\n* 5 FETCHES (UID 5)\r\n"
    b"* 6 FETCH {}\r\n* 7 FETCH ({12x})\r\nTAG OK done\r\n",
    # completions: NO (the answers so far are kept for the next command), BAD
    _message(1, HEADER) + b"TAG NO [SERVERBUG] sorry\r\n",
    _message(1, HEADER) + b"TAG BAD no such thing\r\n",
    # the server hangs up: BYE first, or not even that; mid-literal; a line without CRLF
    _message(1, HEADER) + b"* BYE shutting down\r\n",
    _message(1, HEADER),
    _message(1, HEADER)[:-20],
    _message(1, HEADER) + b"* 2 FETCH (UID 2)",
    # another tag's completion, and a continuation request, where none was expected
    _message(1, HEADER) + b"ZZZZ1 OK what\r\nTAG OK done\r\n",
    _message(1, HEADER) + b"+ go ahead\r\nTAG OK done\r\n",
], ids=["unsolicited", "literals", "odd-literals", "odd-lines", "no", "bad", "bye", "eof", "eof-literal",
        "unterminated", "other-tag", "continuation"])
def test_quirks(answer: bytes) -> None:
    _same(answer)


def test_long_answers_straddle_the_buffer() -> None:
    """Thousands of responses of every size: some start, some end, some literals end right at the
    8 KB socket buffer's edge."""
    rng = random.Random(9)
    parts = []
    for uid in range(1, 3000):
        literal = bytes(rng.choice(b"ab\r\n{}* 0123456789") for _ in range(rng.choice((0, 1, 7, 300, 8190, 8192))))
        parts.append(_message(uid, literal, b" X-GM-THRID 42)" if uid % 7 == 0 else b")"))
        if uid % 500 == 0:
            parts.append(f"* {uid} FETCH (FLAGS ())\r\n".encode())
    outcome = _same(b"".join(parts) + b"TAG OK done\r\n")
    assert outcome[0] == "answer"


def test_earlier_unsolicited_responses() -> None:
    """FETCH responses that came before the command (a NOOP's) are handed back first, with the answer;
    other untagged responses stay for imapclient."""
    before = {"FETCH": [b"9 (FLAGS (\\Deleted))"], "EXISTS": [b"9"]}
    outcome = _same(_message(1, HEADER) + b"* 10 EXISTS\r\nTAG OK done\r\n", before)
    assert outcome[1][1][0] == b"9 (FLAGS (\\Deleted))" and outcome[2]["EXISTS"] == [b"9", b"10"]
    _same(_message(1, HEADER) + b"TAG NO sorry\r\n", before)
