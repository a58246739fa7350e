"""The header policy of our drafts: headers every mail client reads back as written (issue #12).

The stdlib's SMTP policy folds any token longer than a line as RFC 2047 encoded words. For a
Message-ID of 78 characters or more — every Exchange id — that writes `In-Reply-To:
=?utf-8?q?=3C...` which RFC 5322 forbids and mutt threads wrongly; a Subject with one long word
became encoded words too, folded right after the colon. So this policy folds those headers itself:

- Message-ID, In-Reply-To, References: raw msg-ids, folded only between ids (RFC 5322 3.6.4, 2.2.3);
  an id longer than a line stays whole on its own line (up to the 998-octet limit).
- Subject: folded only at spaces and never before its first word; an ASCII subject is never encoded,
  a non-ASCII stretch is one run of UTF-8 encoded words (RFC 2047), which may fold between words.

Everything else (From, To, Date, MIME headers) is the SMTP policy's own.
"""

from __future__ import annotations

import email.policy
import re
from typing import Any

LINE = 78  # RFC 5322 2.1.1: SHOULD be no more than 78 characters, CRLF excluded
MSG_ID = re.compile(r"<[!-;=?-~]{1,900}>")  # printable ASCII, no "<" or ">" inside
_ID_HEADERS = frozenset({"message-id", "in-reply-to", "references"})
_Q_SAFE = re.compile(rb"[A-Za-z0-9!*+\-/]")
_WORD_ROOM = 75 - len("=?utf-8?q??=")  # RFC 2047 2: an encoded word is at most 75 characters


class DraftPolicy(email.policy.EmailPolicy):
    """`email.policy.SMTP` with our folding of the msg-id headers and the Subject."""

    def header_store_parse(self, name: str, value: Any) -> tuple[str, Any]:
        # a msg-id is no text: "=?" is atext (RFC 5322 3.2.3), so "<=?utf-8?q?x?=@example.com>" is
        # an id, which the header registry would decode as an encoded word when the header is set
        if name.lower() in _ID_HEADERS and isinstance(value, str):
            return name, value
        return super().header_store_parse(name, value)

    def fold(self, name: str, value: Any) -> str:
        ours = _fold(name, str(value), self.linesep)
        return ours if ours is not None else super().fold(name, value)

    def fold_binary(self, name: str, value: Any) -> bytes:
        ours = _fold(name, str(value), self.linesep)
        return ours.encode("ascii") if ours is not None else super().fold_binary(name, value)


POLICY = DraftPolicy(linesep="\r\n")


def _fold(name: str, value: str, linesep: str) -> str | None:
    key = name.lower()
    if key in _ID_HEADERS:
        ids = value.split()
        if not ids or not all(MSG_ID.fullmatch(one) for one in ids):
            raise ValueError(f"{name} must hold msg-ids only")  # compose checks first: a bug if reached
        return _join(name, ids, linesep, each_long_atom_alone=True)
    if key == "subject":
        return _join(name, _subject_atoms(" ".join(value.split())), linesep, each_long_atom_alone=False)
    return None


def literal(text: str) -> str:
    """`text` for an unstructured header value, so that the header registry (which decodes encoded
    words when a header is set) keeps a literal "=?...?=" as text instead of decoding it."""
    return " ".join(_subject_atoms(text))


def _join(name: str, atoms: list[str], linesep: str, *, each_long_atom_alone: bool) -> str:
    """`name: atom atom ...`, breaking the line before an atom that would pass column 78 — never
    before the first atom (no fold right after the colon). An atom too long for any line is given a
    line of its own only when `each_long_atom_alone` (ids); in a subject, folding would not help."""
    lines = [f"{name}:"]
    for index, atom in enumerate(atoms):
        too_long = len(lines[-1]) + 1 + len(atom) > LINE
        if index and too_long and (each_long_atom_alone or 1 + len(atom) <= LINE):
            lines.append(" " + atom)
        else:
            lines[-1] += " " + atom
    return linesep.join(lines) + linesep


def _subject_atoms(subject: str) -> list[str]:
    words = subject.split(" ") if subject else []
    # a literal "=?...?=" would be decoded by readers, so it is encoded like non-ASCII text
    foreign = [i for i, word in enumerate(words) if not word.isascii() or "=?" in word]
    if not foreign:
        return words
    first, last = foreign[0], foreign[-1]
    # One encoded run from the first to the last non-ASCII word, spaces inside it encoded, so that
    # readers joining adjacent encoded words (RFC 2047 6.2) get the spaces back.
    return words[:first] + _encoded_words(" ".join(words[first:last + 1])) + words[last + 1:]


def _encoded_words(text: str) -> list[str]:
    chunks: list[str] = []
    current = ""
    for char in text:
        encoded = "".join(chr(b) if _Q_SAFE.fullmatch(bytes([b])) else ("_" if b == 0x20 else f"={b:02X}")
                          for b in char.encode("utf-8"))
        if len(current) + len(encoded) > _WORD_ROOM:
            chunks.append(current)
            current = ""
        current += encoded
    chunks.append(current)
    return [f"=?utf-8?q?{chunk}?=" for chunk in chunks if chunk]
