"""The readable parts of a raw MIME message (RFC 2045/2046), found without decoding the rest.

One pass over the raw bytes by offsets: multipart bodies are split at their boundary lines with one
linear regex search each, and only the parts the rules read are decoded — text/plain and text/html
that are not attachments (each capped), and text/calendar parts (capped, attachment or not: invites
arrive as `invite.ics`). Attachments are never decoded, so a 20 MB message costs its own bytes plus
the capped text. Nothing here raises on hostile input: what cannot be read is left out.

Why not the stdlib parser or mail-parser: both build the whole tree in memory as str (an 8-bit body
becomes surrogate-escaped, four bytes per character) and decode every part, attachments included.
"""

from __future__ import annotations

import binascii
import codecs
import email.message
import email.policy
import functools
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

TEXT_CAP = 256 * 1024  # decoded characters kept of each text part
CALENDAR_CAP = 256 * 1024  # decoded bytes of a text/calendar part; a bigger one is not an invite
TOTAL_CAP = 2 * 1024 * 1024  # decoded bytes of all parts of one message together
MAX_DEPTH = 16  # nested multiparts deeper than this are not read (real mail nests 3-4 deep)
MAX_PARTS = 512
_HEADER_CAP = 2 * 1024 * 1024  # a part's "header" beyond this is a body without its blank line
_FIELD_CAP = 64 * 1024  # one header field, folded lines included (a References of 500 ids fits)

# ends where rb"\r?\n\r?\n" would (the first LF of a blank line is the same either way), and is found
# from that LF instead of trying the optional CR at every byte
_HEADER_END = re.compile(rb"\n\r?\n")
# the fields a part's header is read for (Message.get_content_type, get_params and
# get_content_disposition read only these)
_PART_FIELDS = frozenset({"content-type", "content-disposition", "content-transfer-encoding"})
# email.feedparser's test of a header line: a field, a continuation, or a Unix "From " line
_HEADER_LINE = re.compile(r"^(From |[\041-\071\073-\176]*:|[\t ])")
_HEADER_LINE_AT = re.compile(r"From |[\041-\071\073-\176]*:|[\t ]")  # the same, at a given line start
# A field with a name (the stdlib's field-name characters; no space, so never a "From " line), the rest
# of its line and its continuation lines, each line ended as the stdlib's line buffer ends lines
_PLAIN_FIELD = re.compile(r"([\041-\071\073-\176]++):([^\r\n]*+(?:\r\n|\r|\n|\Z))((?:[\t ][^\r\n]*+(?:\r\n|\r|\n|\Z))*+)")
_LINES = re.compile(r"[^\n]*\n|[^\n]+")


@dataclass(frozen=True)
class Parts:
    """The decoded parts the rules read, in message order."""

    plain: tuple[str, ...] = ()
    html: tuple[str, ...] = ()
    calendars: tuple[tuple[bytes, str], ...] = ()  # (iCalendar data, Content-Type's method parameter)


@dataclass(frozen=True)
class _Leaf:
    content_type: str
    disposition: str
    charset: str
    transfer_encoding: str
    method: str
    start: int
    end: int
    flowed: bool = False  # text/plain; format=flowed (RFC 3676)
    delsp: bool = False


def read(raw: bytes) -> Parts:
    """The text, HTML and calendar parts of a whole raw message."""
    plain: list[str] = []
    html: list[str] = []
    calendars: list[tuple[bytes, str]] = []
    budget = TOTAL_CAP
    for leaf in _leaves(raw, 0, len(raw), "text/plain", 0, [0]):
        if budget <= 0:
            break
        if leaf.content_type == "text/calendar":
            data = _transfer_decode(raw, leaf, min(CALENDAR_CAP, budget))
            if data is not None:
                calendars.append((data, leaf.method))
                budget -= len(data)
        elif leaf.content_type in ("text/plain", "text/html") and leaf.disposition != "attachment":
            data = _transfer_decode(raw, leaf, min(TEXT_CAP * 4, budget)) or b""  # UTF-8: up to 4 bytes a character
            text = decode_text(data, leaf.charset)
            if leaf.flowed:
                text = unflow(text, leaf.delsp)
            (plain if leaf.content_type == "text/plain" else html).append(text[:TEXT_CAP])
            budget -= len(data)
    return Parts(tuple(plain), tuple(html), tuple(calendars))


def decode_text(data: bytes, charset: str) -> str:
    """Bytes in a declared charset; an unknown, bogus or non-text charset reads as UTF-8, then
    Windows-1252 (what undeclared 8-bit mail nearly always is)."""
    name = charset.strip().lower()
    if name and name not in ("us-ascii", "ascii", "utf-8", "utf8", "unknown-8bit", "x-unknown"):
        try:
            if codecs.lookup(name)._is_text_encoding:
                text = data.decode(name, errors="replace")
                # UTF-7 can yield lone surrogates, which later encode back to arbitrary bytes (a CR or
                # LF in a draft's header); make them replacement characters
                return text.encode("utf-8", errors="replace").decode("utf-8").replace("\x00", "")
        except (LookupError, UnicodeError, ValueError, TypeError):
            pass  # e.g. "x-bogus-9000", or "idna" refusing errors="replace"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.replace("\x00", "")


def unflow(text: str, delsp: bool = False) -> str:
    """A format=flowed body (RFC 3676 section 4) as the paragraphs its author wrote: a line ending in
    a space continues on the next line of the same quote depth (with DelSp=yes that space is the
    sender's, not the author's, and goes); space-stuffing is undone; "-- " stays a signature line.
    One pass over the lines."""
    out: list[str] = []
    paragraph: list[str] = []
    depth_open = -1  # quote depth of the paragraph being joined, -1 when none is open
    for line in text.replace("\r\n", "\n").split("\n"):
        stripped = line.lstrip(">")
        depth = len(line) - len(stripped)
        if stripped.startswith(" "):
            stripped = stripped[1:]  # space-stuffing (4.4), after the quote marks
        if paragraph and depth != depth_open:
            out.append(_quoted(depth_open, "".join(paragraph)))
            paragraph = []
        flowed = stripped.endswith(" ") and stripped != "-- "
        if flowed:
            paragraph.append(stripped[:-1] if delsp else stripped)
            depth_open = depth
        elif paragraph:
            out.append(_quoted(depth_open, "".join(paragraph) + stripped))
            paragraph = []
        else:
            out.append(_quoted(depth, stripped))
    if paragraph:
        out.append(_quoted(depth_open, "".join(paragraph)))
    return "\n".join(out)


def _quoted(depth: int, line: str) -> str:
    return ">" * depth + " " + line if depth > 0 else line


def _leaves(raw: bytes, start: int, end: int, default_type: str, depth: int, count: list[int]) -> Iterator[_Leaf]:
    count[0] += 1
    if depth > MAX_DEPTH or count[0] > MAX_PARTS:
        return
    body_start = _body_start(raw, start, end)
    fields = _part_fields(raw[start:min(body_start, start + _HEADER_CAP)])
    type_value = fields.get("content-type")
    content_type, params = _content_type(type_value) if type_value is not None else ("", {})
    if not type_value:
        content_type = default_type
    maintype = content_type.partition("/")[0]
    disposition = _disposition(fields["content-disposition"]) if "content-disposition" in fields else ""
    if maintype == "multipart":
        boundary = params.get("boundary", "")
        if not boundary:
            return  # RFC 2046 5.1.1 requires one; without it the parts cannot be told apart
        child_default = "message/rfc822" if content_type == "multipart/digest" else "text/plain"
        for part_start, part_end in _split(raw, body_start, end, boundary.encode("latin-1", "replace")):
            yield from _leaves(raw, part_start, part_end, child_default, depth + 1, count)
    elif content_type == "message/rfc822" and disposition != "attachment":
        yield from _leaves(raw, body_start, end, "text/plain", depth + 1, count)  # a forward shown inline
    elif maintype == "text":
        yield _Leaf(content_type=content_type, disposition=disposition, charset=params.get("charset", ""),
                    transfer_encoding=fields.get("content-transfer-encoding", "").strip().lower(),
                    method=params.get("method", "").upper(), start=body_start, end=end,
                    flowed=content_type == "text/plain" and params.get("format", "").lower() == "flowed",
                    delsp=params.get("delsp", "").lower() == "yes")


def _body_start(raw: bytes, start: int, end: int) -> int:
    if raw.startswith((b"\n", b"\r\n"), start):  # no header fields at all
        return start + (1 if raw[start:start + 1] == b"\n" else 2)
    found = _HEADER_END.search(raw, start, end)
    return end if found is None else found.end()


def _part_fields(block: bytes) -> dict[str, str]:
    """The first value of each Content-* field a part is read for (what Message.get answers), names
    lower-cased. latin-1 maps every byte, so a part's header can always be read, and a boundary maps
    back to its bytes."""
    found: dict[str, str] = {}
    for name, value in header_pairs(trim_fields(block.decode("latin-1")), _PART_FIELDS):
        found.setdefault(name.lower(), value)
    return found


def _content_type(value: str) -> tuple[str, Mapping[str, str]]:
    """(Message.get_content_type(), `_params`) of a header whose Content-Type is `value`. Most parts
    repeat a few values ("text/plain; charset=utf-8"): short ones are read once."""
    return _content_type_of(value) if len(value) <= _CACHED_VALUE else _content_type_read(value)


def _content_type_read(value: str) -> tuple[str, Mapping[str, str]]:
    header = email.message.Message(policy=email.policy.compat32)
    header.set_raw("Content-Type", value)
    return header.get_content_type(), _params(header)


def _disposition(value: str) -> str:
    """Message.get_content_disposition() of a header whose Content-Disposition is `value`, or ""."""
    return _disposition_of(value) if len(value) <= _CACHED_VALUE else _disposition_read(value)


def _disposition_read(value: str) -> str:
    header = email.message.Message(policy=email.policy.compat32)
    header.set_raw("Content-Disposition", value)
    return str(header.get_content_disposition() or "")


_CACHED_VALUE = 200  # longer values are read each time: a hostile one must not stay in memory
_content_type_of = functools.lru_cache(maxsize=256)(_content_type_read)
_disposition_of = functools.lru_cache(maxsize=256)(_disposition_read)


def header_message(text: str, names: frozenset[str] | None = None) -> email.message.Message:
    """The fields of a header block as `email.parser.HeaderParser(policy=compat32).parsestr(text)` reads
    them, field for field (tests/unit/test_header_message.py compares the two), without its
    machinery: the stdlib feeds the text through a line buffer in 8 KB chunks and a generator, and that
    costs three times what the fields themselves do. Neither the body after the block, the Unix "From "
    line nor the parser's notes of defects are kept: nothing here reads them. With `names` (lower-case),
    only the fields of those names."""
    message = email.message.Message(policy=email.policy.compat32)
    for name, value in header_pairs(text, names):
        message.set_raw(name, value)
    return message


def header_pairs(text: str, names: frozenset[str] | None = None) -> list[tuple[str, str]]:
    """(name, value) of each field of a header block, as the stdlib's parser stores them: the steps of
    email.feedparser.FeedParser._parsegen and _parse_headers, and compat32's header_source_parse.
    With `names` (lower-case), only the fields of those names."""
    pairs = _plain_header_pairs(text, names)
    return pairs if pairs is not None else _header_pairs_by_line(text, names)


def _plain_header_pairs(text: str, names: frozenset[str] | None) -> list[tuple[str, str]] | None:
    """`header_pairs` for a block of "Name: value" fields and their continuation lines only (nearly
    every block), by one regular expression per field; None when a line the stdlib treats specially
    (a "From " line, a field without a name, a continuation with no field above) comes before the
    block ends."""
    pairs: list[tuple[str, str]] = []
    position, size = 0, len(text)
    while position < size:
        field = _PLAIN_FIELD.match(text, position)
        if field is None:
            # the end of the block, unless a header line the stdlib reads in its own way stands here
            return None if _HEADER_LINE_AT.match(text, position) else pairs
        position = field.end()
        name = field.group(1)
        if names is None or name.lower() in names:
            # compat32's header_source_parse: the first line after its colon, white space before the
            # value dropped, the continuation lines as they are, the last line break dropped
            pairs.append((name, (field.group(2).lstrip(" \t") + field.group(3)).rstrip("\r\n")))
    return pairs


def _header_pairs_by_line(text: str, names: frozenset[str] | None) -> list[tuple[str, str]]:
    # lines split at CRLF, CR or LF, their ends kept, as the stdlib's line buffer splits them
    lines: list[str] = []
    for line in io.StringIO(text, newline="").readlines():
        if not _HEADER_LINE.match(line):
            break  # the blank line that ends the block, or the first line of a body without one
        lines.append(line)
    source = email.policy.compat32.header_source_parse
    pairs: list[tuple[str, str]] = []
    field: list[str] = []
    wanted = True  # whether the field being read is one of `names`
    for number, line in enumerate(lines):
        if line[0] in " \t":
            if field:
                field.append(line)
            continue  # a continuation with no field above it is dropped
        if field:
            if wanted:
                pairs.append(source(field))
            field = []
        if line.startswith("From "):
            if number == len(lines) - 1 and number > 0:
                return pairs  # a "From " line last is the body's first line
            continue  # the Unix envelope line, or a misplaced one: not a field
        colon = line.find(":")
        if colon == 0:
            continue  # no field name
        field = [line]
        # header_source_parse names a field by what is before its first colon
        wanted = names is None or line[:colon].lower() in names
    if field and wanted:
        pairs.append(source(field))
    return pairs


def trim_fields(text: str) -> str:
    """A header block without NULs and without fields longer than any real one (a 1 MB line is an
    attack or a broken client, and would only slow every rule that reads it)."""
    text = text.replace("\x00", "")
    if len(text) <= _FIELD_CAP:
        return text
    kept: list[str] = []
    field: list[str] = []
    size = 0
    for line in _LINES.findall(text):
        if field and line[:1] not in (" ", "\t"):
            if size <= _FIELD_CAP:
                kept.extend(field)
            field, size = [], 0
        field.append(line)
        size += len(line)
    if size <= _FIELD_CAP:
        kept.extend(field)
    return "".join(kept)


def _params(header: email.message.Message) -> Mapping[str, str]:
    """The Content-Type parameters (names lower-cased, the first of each wins), parsed once per part:
    the stdlib parses the whole field again for every parameter asked for."""
    try:
        pairs = header.get_params() or []
    except (ValueError, LookupError, TypeError, IndexError):
        return {}
    found: dict[str, str] = {}
    for name, value in pairs[1:]:  # the first pair is the type itself
        if isinstance(value, tuple):  # RFC 2231 (charset, language, value)
            value = value[2]
        found.setdefault(name.lower(), str(value or "").strip())
    return found


def _split(raw: bytes, start: int, end: int, boundary: bytes) -> Iterator[tuple[int, int]]:
    """Spans of the body parts between `--boundary` lines; the preamble and epilogue are skipped and a
    missing close delimiter ends the last part at the end of the body, as the stdlib does."""
    part_start = -1
    for found, line_end, closing in _delimiters(raw, start, end, b"--" + boundary):
        if part_start >= 0:
            part_end = found
            if raw[part_end - 2:part_end] == b"\r\n":  # the line break before a delimiter belongs to it
                part_end -= 2
            elif raw[part_end - 1:part_end] == b"\n":
                part_end -= 1
            yield part_start, max(part_start, part_end)
        if closing:
            return
        part_start = min(line_end + (1 if raw[line_end:line_end + 1] == b"\n" else 0), end)
    if part_start >= 0:
        yield part_start, end


def _delimiters(raw: bytes, start: int, end: int, marker: bytes) -> Iterator[tuple[int, int, bool]]:
    """(where, where its line break is, whether it closes) of each line between
    `start` and `end` that is `marker`, maybe `--`, then only blanks (RFC 2046 5.1.1). Found with
    bytes.find: every message has its own boundary, and a regular expression per message would be
    compiled for each one."""
    position = start
    while True:
        found = raw.find(marker, position, end)
        if found < 0:
            return
        line_end = raw.find(b"\n", found, end)
        line_end = end if line_end < 0 else line_end
        position = found + 1
        if found > 0 and raw[found - 1:found] != b"\n":
            continue  # not at a line start
        rest = raw[found + len(marker):line_end]
        rest = rest[:-1] if rest.endswith(b"\r") else rest
        closing = rest.startswith(b"--")
        if (rest[2:] if closing else rest).strip(b" \t"):
            continue  # a longer line that starts like the boundary
        yield found, line_end, closing


def _transfer_decode(raw: bytes, leaf: _Leaf, cap: int) -> bytes | None:
    """The part's bytes with its Content-Transfer-Encoding undone; None for a calendar over the cap."""
    encoded_cap = cap * 3 + 1024  # quoted-printable triples a byte at worst
    chunk = raw[leaf.start:min(leaf.end, leaf.start + encoded_cap)]
    if leaf.content_type == "text/calendar" and leaf.end - leaf.start > encoded_cap:
        return None
    if leaf.transfer_encoding == "base64":
        data = base64_bytes(chunk)
    elif leaf.transfer_encoding == "quoted-printable":
        data = binascii.a2b_qp(chunk)
    else:
        data = chunk
    return data[:cap]


def base64_bytes(encoded: bytes) -> bytes:
    """Base64 read leniently: line breaks and stray characters skipped, missing padding supplied, a
    dangling last letter dropped — what mail clients do, where `binascii` in strict mode would raise."""
    letters = re.sub(rb"[^A-Za-z0-9+/]", b"", encoded)
    letters = letters[: len(letters) - 1] if len(letters) % 4 == 1 else letters
    letters += b"=" * (-len(letters) % 4)
    try:
        return binascii.a2b_base64(letters)
    except binascii.Error:
        return b""
