"""The zones of a mail body: what the author wrote, what they quoted or forwarded, their signature.

Phrases are only read in the author's own words (POLICY.md): a candidate quoting a newsletter is not
the company speaking. We zone the text ourselves rather than use email-reply-parser /
mail-parser-reply: both only cut at the first quote header, and neither separates a signature that
ends in contact details from the body, which is exactly where personal addresses hide.
"""

from __future__ import annotations

import functools
import html
import re
import tomllib
from dataclasses import dataclass
from html.parser import HTMLParser

from rules import lists

# What the rules may read of one message. A real message's own words fit many times over; hostile
# or broken mail (a 1 MB single line, a base64 blob sent as text) would only make every rule slower.
MAX_TEXT = 64 * 1024
# A longer line is broken at a space (its words stay, the sentence reader joins them again): the
# per-line patterns below then never scan further than this.
MAX_LINE = 4096
# HTML is wordier than its text; markup past this is not read.
MAX_MARKUP = 4 * MAX_TEXT
# "> " per blockquote level: past this depth a line is quoted all the same, and deeper prefixes
# would only grow the text with the square of the nesting.
MAX_QUOTE_DEPTH = 10

# A quote header is at most this long once its wrapped lines are joined, and spans at most this many
# lines: every line is looked at a bounded number of times, so zoning stays linear in the text.
MAX_HEADER = 500
MAX_HEADER_LINES = 6
# A signature is a short block at the end of the author's words.
MAX_SIGNATURE_LINES = 10

# the packaged file only: the parser's version hashes it, and a user's extra rule folders do not change it
_VOCABULARY = lists.DATA_DIR / "quote_headers.toml"


def _alternation(words: list[str]) -> str:
    # longest first, so "napisał(a)" wins over "napisał"; a space in a word matches any run of spaces.
    # The same text in every process (not the set's order), so that recache.py finds it compiled.
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class _Rules:
    """The zoning patterns, built once from rules/data/quote_headers.toml."""

    lead: re.Pattern[str]  # a line opening "On <date>, <name> wrote:" in some language
    lead_inside: re.Pattern[str]  # the same lead word after the reply's own words on that line
    verb_end: re.Pattern[str]  # "... wrote:" (the colon optional in a dash-framed line)
    verb_any: re.Pattern[str]
    verb_words: frozenset[str]  # the first word of each verb: a cheap test before the patterns
    separator: re.Pattern[str]  # "-----Original Message-----", "Begin forwarded message:"
    appointment: re.Pattern[str]  # "-----Original Appointment-----"
    when: re.Pattern[str]  # an appointment's "When:" field
    field: re.Pattern[str]  # "From:", "*Von:*", "De :"
    field_kinds: dict[str, str]
    footer: re.Pattern[str]  # "Sent from my iPhone"
    sign_off: re.Pattern[str]  # "Best,", "Regards, Dana"


@functools.cache
def _rules() -> _Rules:
    data = tomllib.loads(_VOCABULARY.read_text("utf-8"))
    leads = _alternation(data["wrote"]["leads"])
    verbs = _alternation(data["wrote"]["verbs"])
    separators = _alternation(data["separators"]["lines"])
    openers = _alternation(data["separators"]["openers"])
    kinds = {name.lower(): kind for kind, names in data["fields"].items() for name in names}
    fields = _alternation(list(data["fields"]["from"]) + [n for k, ns in data["fields"].items() if k != "from" for n in ns])
    return _Rules(
        lead=re.compile(rf"^[\s>*-]*+(?:{leads})(?!\w)", re.I),
        lead_inside=re.compile(rf"(?:-{{2,}}\s*|\s)(?:{leads})\s", re.I),
        verb_end=re.compile(rf"(?<!\w)(?:{verbs})\s*(?::|(?<=\S)\s*-{{2,}})\s*$", re.I),
        verb_any=re.compile(rf"(?<!\w)(?:{verbs})(?!\w)", re.I),
        verb_words=frozenset(_WORD.findall(" ".join(data["wrote"]["verbs"]).lower())),
        # "-----Original Message-----" alone, or with the next line glued to its dashes
        separator=re.compile(rf"^[\s>*_=-]*+(?:(?:{separators})(?:\s*+[-_=*]*+:?\s*$|\s*+-{{2,}})|(?:{openers})\s*$)"
                             rf"|^\s*+_{{10,}}+\s*$", re.I),
        appointment=re.compile(rf"^[\s*_=-]*+(?:{_alternation(data['appointments']['separators'])})[\s*_=-]*+$", re.I),
        when=re.compile(rf"^\s*+[*_]{{0,2}}+(?:{_alternation(data['appointments']['when'])})[*_]{{0,2}}\s?:", re.I),
        field=re.compile(rf"^\s*+[*_]{{0,2}}+(?P<name>{fields})[*_]{{0,2}}\s?[*_]{{0,2}}:[*_]{{0,2}}(?:\s|$)", re.I),
        field_kinds=kinds,
        footer=re.compile(rf"^\s*+(?:{_alternation(data['signature']['footers'])})(?!\w)", re.I),
        sign_off=re.compile(
            # "Best,", "Thanks!", "Regards, Dana Smith": a closing alone or with a name, not a sentence
            rf"^\s*+(?:{_alternation(data['signature']['sign_offs'])})"
            rf"(?:\s*[,!.]*|\s*,\s*(?-i:[^\W\d_a-z])[\w.'’-]*(?:\s[^\W\d_][\w.'’-]*){{0,2}})\s*$", re.I),
    )


_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"\w+")
_MAY_OPEN = re.compile(r"[\d@]")
_LETTER = re.compile(r"[^\W\d_]")
_DATE_FIRST = re.compile(r"^[\s>*-]*+\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?!\d)")
_ENDS_AT_ADDRESS = re.compile(r"@[^\s<>()]{1,200}\s?[>)]?\s*:\s*$")
# a header without its colon ends in its verb: "... <dana@example.org> wrote"
_VERB_LAST = re.compile(r"[^\W\d_]\s*$")
# a line drawn with one character, as clients put above quoted history
_RULE_LINE = re.compile(r"^\s*+(?:[-=_*~]{3,}+\s*+)?$")
_SIGNATURE_DELIMITER = re.compile(r"^--\s?$")
_RULE_SIGNATURE = re.compile(r"^\s*+(?:--|---|__)\s*$")
# Possessive where a pattern opens with a run of spaces or marks: the words after it never start with
# them, so giving characters back can only repeat work (a 4 KB line of spaces read 4 K times).
# "-Dana", "- Dana Smith", "/Dana": a dash or slash and a name, alone on the reply's last line
_DASH_NAME = re.compile(r"^[-–—~/]\s?[^\W\d_a-z][\w.'’]*(?: [^\W\d_][\w.'’]*){0,3}\s*$")
_SENTENCE = re.compile(r"^\s*(\S+\s+){4,}\S*[.!?]\s*$")
_LEGAL_FOOTER = re.compile(
    r"\b(?:intended (?:solely |only )?for the (?:named )?(?:addressee|recipient|use)|received this (?:e-?mail|message) in error|"
    r"registered (?:in England|office|charity)|exempt charity|authori[sz]ed and regulated|confidential(?:ity)? (?:notice|information)|"
    # a land acknowledgement under a Canadian or Australian signature
    r"traditional (?:and unceded )?(?:territor(?:y|ies)|lands?|owners|custodians)|unceded)\b",
    re.I)
_FIELD_LINE = re.compile(r"^\s*(?!(?:p\.?s|n\.?b|note|update|reminder|important)\b)[A-Z][a-z]+(?: [a-z]+){0,2}:\s", re.I)
_VIEW_IN_BROWSER = re.compile(r"view (this|the) (e-?mail|message) (in|with) (your )?(html|browser|web)", re.I)

OWN, QUOTE = "own", "quote"


@dataclass(frozen=True)
class Zones:
    """A body split into the author's words, the signature, and the quoted/forwarded rest."""

    author: str
    signature: str
    quoted: str
    # the author's words and signature as written (blank lines kept), quoted lines taken out
    own: str = ""


def choose_text(plain: str, html_body: str) -> str:
    """The readable text of a mail: text/plain unless it is a stub for the HTML part. At most
    MAX_TEXT characters in lines of at most MAX_LINE: every rule reads this, or less."""
    plain = _normalise(plain)
    if not html_body:
        return plain
    from_html = cap(html_to_text(html_body))
    if not plain or _VIEW_IN_BROWSER.search(plain) or len(plain) < 0.4 * len(from_html):
        return from_html
    return plain


def cap(text: str) -> str:
    """`text` cut to MAX_TEXT characters, its lines broken to at most MAX_LINE."""
    text = text[:MAX_TEXT]
    if len(text) <= MAX_LINE or all(len(line) <= MAX_LINE for line in text.split("\n")):
        return text
    # the markers the pieces of quoted lines carry may add a little: cut again
    return "\n".join(piece for line in text.split("\n") for piece in _broken(line))[:MAX_TEXT]


def _broken(line: str) -> list[str]:
    # the pieces of a quoted line stay quoted: each carries the line's "> > " marker
    bare = line.lstrip(" >")
    marker = line[: min(len(line) - len(bare), 64)] if line.lstrip().startswith(">") else ""
    pieces, start, room = [], 0, MAX_LINE
    while len(line) - start > room:
        space = line.rfind(" ", start + 1, start + room + 1)
        cut = space if space > start else start + room
        pieces.append(line[start:cut])
        start = cut
        while start < len(line) and line[start] == " ":
            start += 1
        room = MAX_LINE - len(marker)
    rest = [line[start:]] if start < len(line) else []
    return pieces[:1] + [marker + piece for piece in pieces[1:] + rest]


def split(text: str, appointments: bool = False) -> Zones:
    """Cut `text` into zones. Conservative: when unsure, a line stays the author's. `appointments`:
    a meeting its sender forwards ("-----Original Appointment-----") is their statement of its title,
    time and place (true of anyone's mail but the user's own)."""
    zoned = zone_lines(cap(text).split("\n"), appointments)
    own = [line for line, kind in zoned if kind == OWN]
    quoted = [line for line, kind in zoned if kind == QUOTE]
    sig_start = _signature_start(own)
    return Zones(
        author="\n".join(own[:sig_start]).strip(),
        signature="\n".join(own[sig_start:]).strip(),
        quoted="\n".join(quoted).strip(),
        own="\n".join(own).strip(),
    )


def zone_lines(lines: list[str], appointments: bool = False) -> list[tuple[str, str]]:
    """Each line with OWN or QUOTE, in order; a line holding the end of the reply and the start of a
    quote header ("Thanks! On Mon, ... wrote:") comes back as its two pieces.

    Quoted history starts at a quote header ("On <date>, <name> wrote:" in many languages, wrapped or
    not), an Outlook header block ("From: ... Sent: ..."), a separator ("-----Original Message-----")
    or a forward. After a header that introduces ">" lines, the text below the quote is the author's
    again (replies written under or between quotes); after anything else, the rest is history. A
    forwarded appointment outside quoted history is history too, except with `appointments` its
    fields but the forward's own (From, Sent, To...): its title, time and place are the author's.
    Linear: each line starts a bounded number of header attempts of bounded length, and a run of
    header fields is read once."""
    rules = _rules()
    closers = _Closers(lines, rules)
    zoned: list[tuple[str, str]] = []
    index, in_quote = 0, False
    while index < len(lines):
        line = lines[index]
        if line.lstrip().startswith(">") or (in_quote and (not line.strip() or _wrapped_quote(lines, index))):
            # blank lines under a quote belong to it up to the next words, and so do the pieces of a
            # quoted line the sender's client wrapped without a ">"
            zoned.append((line, QUOTE))
            in_quote = True
            index += 1
            continue
        in_quote = False
        if rules.appointment.match(line) is not None:
            _absorb_rules(zoned)
            zoned.append((line, QUOTE))
            if appointments:
                zoned += (fields := _appointment_fields(lines, index + 1, rules))
                index += len(fields)
            zoned += [(rest, QUOTE) for rest in lines[index + 1 :]]
            break
        header = _header_at(lines, index, rules, closers) if closers.near(index) else None
        if header is not None:
            end, own_part = header
            if own_part:
                zoned.append((own_part, OWN))
            else:
                _absorb_rules(zoned)
            zoned += [(quoted, QUOTE) for quoted in lines[index : end + 1]]
            index = end + 1
            following = next((later for later in lines[index : index + 50] if later.strip()), "")
            if _quoted(following):
                in_quote = True
                continue
            zoned += [(rest, QUOTE) for rest in lines[index:]]
            break
        block_end = _field_block(lines, index, rules) if ":" in line else None  # a field has its colon
        if block_end is None and rules.separator.match(line) is None:
            zoned.append((line, OWN))
            index += 1
            continue
        if block_end is not None and block_end < 0:
            # a run of field lines that is no header block ("Date: Friday / Time: 10am"): the author's
            zoned += [(own, OWN) for own in lines[index:-block_end]]
            index = -block_end
            continue
        _absorb_rules(zoned)
        fields = _when_block(lines, index, block_end, rules) if appointments else []
        zoned += fields  # a forwarded appointment without its separator (under a drawn line or none)
        zoned += [(rest, QUOTE) for rest in lines[index + len(fields):]]
        break
    return zoned


def _quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _wrapped_quote(lines: list[str], index: int) -> bool:
    """An unquoted line between two quoted ones that continues the first: its client wrapped a long
    quoted line ("> ... Nullam pharetra d\nignissim odio?\n>") or broke a link in it. An answer written
    between quotes is not: it follows a short line, a blank one, or the end of a sentence and starts
    with a capital."""
    if index == 0 or index + 1 >= len(lines) or not _quoted(lines[index - 1]) or not _quoted(lines[index + 1]):
        return False
    line = lines[index].strip()
    link_piece = ("http" in line or line.startswith("(") or line.endswith(">")
                  or (" " not in line and any(c in line for c in "/=_&?%")))
    above = lines[index - 1].rstrip()
    mid_sentence = line[:1].islower() or not above.endswith((".", "!", "?", ":"))
    return link_piece or (len(above) >= 60 and mid_sentence)


def _absorb_rules(zoned: list[tuple[str, str]]) -> None:
    """The rule lines ("-----", "====") and blank lines just above the start of quoted history are
    part of it, not the author's words."""
    position = len(zoned)
    while position > 0 and zoned[position - 1][1] == OWN and _RULE_LINE.match(zoned[position - 1][0]):
        position -= 1
    if any(line.strip() for line, _ in zoned[position:]):
        zoned[position:] = [(line, QUOTE) for line, _ in zoned[position:]]


class _Closers:
    """Which lines could end a quote header (a colon at the end, dashes, an address, a header field
    below): no header is looked for where none is near. Each line is judged once, when first asked,
    so a long quoted thread that no header attempt reaches costs nothing here."""

    def __init__(self, lines: list[str], rules: _Rules) -> None:
        self.lines, self.rules = lines, rules
        self.known: list[bool | None] = [None] * len(lines)
        # zone_lines asks `near` with growing indexes: the lines scanned so far, and the closing line
        # found last, let each line be scanned once
        self.scanned, self.next_closer = 0, -1

    def closes(self, index: int) -> bool:
        known = self.known[index]
        if known is None:
            line = self.lines[index].rstrip()
            below = self.lines[index + 1] if index + 1 < len(self.lines) else ""
            known = (line.endswith((":", "：", "--")) or "@" in line
                     or (":" in below and not _quoted(below) and _field(self.rules, below) is not None))
            self.known[index] = known
        return known

    def near(self, index: int) -> bool:
        """Whether a line from `index` on, within a header's reach, could end one."""
        if self.next_closer >= index:
            return self.next_closer - index < MAX_HEADER_LINES
        for later in range(max(index, self.scanned), min(index + MAX_HEADER_LINES, len(self.lines))):
            self.scanned = later + 1
            if self.closes(later):
                self.next_closer = later
                return True
        return False


def _header_at(lines: list[str], index: int, rules: _Rules, closers: _Closers) -> tuple[int, str] | None:
    """(last line, the reply's words before it on the first line) when a quote header starts at
    `index`, else None. A header that starts on a later line of the window is left to that line, so
    the reply's last line is not taken for the header's first."""
    end = _header_end(lines, index, rules, closers)
    if end is None:
        return None
    # the header starts later when a later line opens one ("On ...", a date first); when this line
    # does not open one either, also when a later line carries the date, this line ends a sentence or
    # has neither a date nor an address. Else this line is the header's wrapped start.
    opens = _opens(lines[index], rules)
    dated = opens or _MAY_OPEN.search(lines[index]) is not None
    ends_sentence = lines[index].rstrip().endswith((".", "!", "?", "…", "。", "！", "？"))
    for later in range(index + 1, end + 1):
        strong = _opens(lines[later], rules) or (
            not opens and (ends_sentence or not dated or _DIGIT.search(lines[later]) is not None))
        if strong and _header_end(lines, later, rules, closers) == end:
            return None
    return end, _own_part(lines, index, end, rules)


def _opens(line: str, rules: _Rules) -> bool:
    """Whether a line starts the way a header does: "On ...", "Am ...", "2014-10-17 ..."."""
    return rules.lead.match(line) is not None or _DATE_FIRST.match(line) is not None


def _header_end(lines: list[str], index: int, rules: _Rules, closers: _Closers) -> int | None:
    first = lines[index]
    if len(first) > MAX_HEADER or _quoted(first):
        return None
    # only a line with a lead word, a digit, an address or dashes and words can open a header
    lead = rules.lead.match(first) is not None
    if not lead and _MAY_OPEN.search(first) is None and not ("-" in first and _LETTER.search(first)):
        return None
    # what does not change as the window grows is read once, from its first line or piece by piece
    lead = lead or _lead_inside(first, rules) is not None
    window = _Window(lead=lead, date_first=_DATE_FIRST.match(first) is not None)
    pieces: list[str] = []
    size = 0
    for end in range(index, min(index + MAX_HEADER_LINES, len(lines))):
        piece = lines[end].strip()
        if not piece:
            if end == index:
                return None
            continue
        if end > index and _quoted(piece) and len(piece) > 20:
            return None  # a quoted line, not the "> wrote:" a header's wrapped tail may carry
        pieces.append(piece)
        size += len(piece) + 1
        if size > MAX_HEADER:
            return None
        window.add(piece, rules)
        # a header ends in a colon, in dashes, or (without its colon) after an address
        if closers.closes(end) and _is_header(" ".join(pieces), window, rules, lines, end):
            # a header does not run into a header field or a separator below it
            if any(rules.field.match(later) or rules.separator.match(later) for later in pieces[1:]):
                return None
            return end
        if end > index and _quoted(piece):
            # a wrapped header's tail may carry a ">" ("<\nmailto:...\n> wrote:"); a quote may not
            return None
    return None


class _Window:
    """What a candidate header's lines hold so far."""

    def __init__(self, *, lead: bool, date_first: bool) -> None:
        self.lead, self.date_first = lead, date_first
        self.date = self.address = self.verb = False

    def add(self, piece: str, rules: _Rules) -> None:
        self.date = self.date or _DIGIT.search(piece) is not None
        self.address = self.address or "@" in piece
        self.verb = self.verb or not rules.verb_words.isdisjoint(_WORD.findall(piece.lower()))


def _next_is_quoted(lines: list[str], index: int) -> bool:
    following = next((later for later in lines[index + 1 : index + 4] if later.strip()), "")
    return _quoted(following)


def _is_header(joined: str, window: _Window, rules: _Rules, lines: list[str], end: int) -> bool:
    tail = joined[-80:].replace("：", ":")
    if joined.startswith("--") and tail.endswith("--"):
        return window.verb and rules.verb_end.search(tail) is not None  # "---- Dana Smith wrote ----"
    if not (window.date or window.address):
        return False
    if not tail.endswith(":"):
        # no colon: "On <date> <name> <address> wrote", or "2011/4/7 <name> <address>" over a quote
        if window.lead and window.verb and end + 1 < len(lines) and rules.field.match(lines[end + 1]):
            return True  # "Am 20.06.24 um 16:20 schrieb Dana Smith" over "Von: ... Datum: ..."
        if not (window.date and window.address):
            return False
        if tail.endswith(">"):
            return window.date_first and _next_is_quoted(lines, end)
        return (window.verb and window.lead and _VERB_LAST.search(tail) is not None
                and rules.verb_any.search(tail[-30:]) is not None)
    verb_end = window.verb and rules.verb_end.search(tail) is not None
    if verb_end:
        return True  # "On <date>, <name> wrote:", "<name> <address> wrote:", "2012/4/2 <name> <address> написал:"
    at_address = window.address and _ENDS_AT_ADDRESS.search(tail) is not None
    if window.date and at_address and (window.lead or "<" in tail or window.verb):
        # "Op <date> schreef <name> <address>:", "<weekday>, <date> from <name> <address>:"
        return True
    if window.date and window.lead and window.verb:
        return rules.verb_any.search(joined) is not None  # "Op <date>, heeft <name> het volgende geschreven:"
    return window.date_first and window.address  # "2014-10-17 11:28 GMT+03:00 <name> <address>:"


def _lead_inside(joined: str, rules: _Rules) -> re.Match[str] | None:
    return rules.lead_inside.search(joined, 0, 200)


def _own_part(lines: list[str], index: int, end: int, rules: _Rules) -> str:
    """The reply's words before a header that starts mid-line ("reply On Wed, ... wrote:"): only when
    what follows the lead word is a header by itself ("Dana <...> schrieb am Do., 16. Mai:" is one
    header, its "am" no lead)."""
    first = lines[index]
    if rules.lead.match(first) or _DATE_FIRST.match(first):
        return ""
    inside = _lead_inside(first, rules)
    if inside is None:
        return ""
    rest = " ".join([first[inside.start() :].strip(" -"), *(line.strip() for line in lines[index + 1 : end + 1])])
    window = _Window(lead=True, date_first=False)
    window.add(rest, rules)
    return first[: inside.start()].rstrip(" -") if _is_header(rest.strip(), window, rules, lines, end) else ""


def _field(rules: _Rules, line: str) -> re.Match[str] | None:
    # every field has its colon: most lines are not tried at all
    return rules.field.match(line) if ":" in line else None


def _field_block(lines: list[str], index: int, rules: _Rules) -> int | None:
    """Where a block of header fields starting at `index` ends: its end when it is a quoted message's
    header block, minus its end when it is only a run of "Name: value" lines, None when no field starts
    here. A field's value may wrap over two more lines."""
    if _field(rules, lines[index]) is None:
        return None
    kinds: set[str] = set()
    end, wrapped = index, 0
    while end < len(lines) and end - index < 40:
        line = lines[end]
        match = rules.field.match(line)
        if match:
            kinds.add(rules.field_kinds.get(match.group("name").lower(), "other"))
            wrapped = 0
        elif line.strip() and wrapped < 2 and not _quoted(line) and len(line) < 200:
            wrapped += 1
        else:
            break
        end += 1
    # a sender and one more field, or an addressee and a date: "Subject: / Date: / Time:" in an
    # invitation is the author's
    if ("from" in kinds and len(kinds) >= 2) or (kinds & {"to", "cc"} and kinds & {"date", "sent"}):
        return end
    return -end


# a field of a forwarded appointment that is not a mail header's ("When:", "Where:", "Location:")
_LABEL = re.compile(r"\s*+[*_]{0,2}+[^\W\d_][^\W\d_ ]{0,20}+[*_]{0,2}+\s?:")
# the forward's own fields: who forwarded it to whom and when, no statement of the meeting
_FORWARD_FIELDS = frozenset({"from", "sent", "date", "to", "cc"})


def _when_block(lines: list[str], index: int, block_end: int | None, rules: _Rules) -> list[tuple[str, str]]:
    """The zones of the lines from `index` (a header block, or a drawn line over one) when the header
    block is a forwarded appointment's (it has a When: field), else []."""
    start = index
    if block_end is None:
        if not _RULE_LINE.match(lines[index]):
            return []  # "-----Original Message-----", "Begin forwarded message:"
        start = next((later for later in range(index + 1, min(index + 3, len(lines))) if lines[later].strip()), index)
        block_end = _field_block(lines, start, rules) if start > index and ":" in lines[start] else None
    if block_end is None or block_end < 0 or not any(rules.when.match(line) for line in lines[start:block_end]):
        return []
    return [(line, QUOTE) for line in lines[index:start]] + _appointment_fields(lines, start, rules)


def _appointment_fields(lines: list[str], index: int, rules: _Rules) -> list[tuple[str, str]]:
    """The field lines of a forwarded appointment from `index` to the first blank line after them (at
    most 40 lines): the forward's own fields quoted, the appointment's (title, when, where) the
    author's. A field's value wrapped onto the next lines goes with it."""
    zoned: list[tuple[str, str]] = []
    kind = QUOTE
    for line in lines[index : index + 40]:
        if not line.strip() and not any(text.strip() for text, _ in zoned) and len(zoned) < 2:
            zoned.append((line, QUOTE))  # a blank line or two under the separator
            continue
        if not line.strip() or _quoted(line):
            break
        field = _field(rules, line)
        if field is not None:
            kind = QUOTE if rules.field_kinds.get(field.group("name").lower()) in _FORWARD_FIELDS else OWN
        elif _LABEL.match(line) is not None:
            kind = OWN
        zoned.append((line, kind))
    return zoned


def _signature_start(lines: list[str]) -> int:
    """Where the signature starts in the author's lines (len(lines) when there is none)."""
    rules = _rules()
    words = [index for index, line in enumerate(lines) if line.strip()]
    if not words:
        return len(lines)
    # "-- " is the signature delimiter wherever it stands; "---" and "__" only near the end
    for index in words[1:]:
        if lines[index].startswith("--") and _SIGNATURE_DELIMITER.match(lines[index]):
            return index
    tail = words[-MAX_SIGNATURE_LINES:]
    for position, index in enumerate(tail):
        line = lines[index]
        after = len(tail) - position - 1
        if _RULE_SIGNATURE.match(line) and index > words[0] and _signature_block([lines[i] for i in tail[position + 1 :]]):
            return index  # "---" over a name, not over a P.S. with a deadline in it
        if rules.footer.match(line) and _short(line) and after <= 3:
            return index  # "Sent from my iPhone"
    last = lines[words[-1]]
    # "-Dana" ends the mail; "- Onsite" under "- Coding exercise" ends a list
    if len(words) > 1 and _DASH_NAME.match(last) and not lines[words[-2]].lstrip().startswith(("-", "–", "•", "*")):
        return words[-1]
    # a sign-off line followed only by a short block (name, title, phone) starts the signature
    for position in range(len(tail) - 1, -1, -1):
        index = tail[position]
        if index > words[0] and len(lines[index]) <= 60 and rules.sign_off.match(lines[index]):
            if _signature_block([lines[later] for later in tail[position + 1 :]]):
                return index
            break
    # no sign-off: "Jasmine" alone over "Jasmine Kaur (she/her)", a title, a phone: the name signs the mail
    for position in range(len(tail) - 2, 0, -1):
        index, following = tail[position], lines[tail[position + 1]].strip()
        name = lines[index].strip()
        if _FIRST_NAME_LINE.fullmatch(name) and following.startswith(name + " ") \
                and _signature_block([lines[later] for later in tail[position + 1 :]]):
            return index
    return len(lines)


_FIRST_NAME_LINE = re.compile(r"[A-Z][^\W\d_]{1,20}")


def _signature_block(block: list[str]) -> bool:
    # a signature is names, titles and numbers, not sentences ("Thanks!\nPlease don't call."); a labelled
    # field is none either ("Working pattern: Monday to Thursday."), nor is a legal footer under it ("This email
    # ... is intended solely for the addressee"), but a postscript is ("P.S. ...")
    return len(block) <= 8 and all(
        _LEGAL_FOOTER.search(t) or (len(t) < 90 and (not _SENTENCE.search(t) or _FIELD_LINE.match(t))) for t in block)


def _short(line: str) -> bool:
    # a device name or a closing, not a sentence ("Sent from my desk, which is easier")
    return len(line) <= 60 and len(line.split()) <= 8 and "," not in line.strip().rstrip(",")[:-1]


def _normalise(text: str) -> str:
    # capped before the work, and after it (the line breaks may have moved)
    text = text[: 2 * MAX_TEXT].replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    # per line, not re.sub(r"[ \t]+\n"): that rescans a long run of spaces from each of its spaces
    lines = text.split("\n")
    return cap("\n".join([*(line.rstrip(" \t") for line in lines[:-1]), lines[-1]]).strip("\n"))


def _collapsed(data: str) -> str:
    r"""re.sub(r"\s+", " ", data), by str.split: both take the same characters for white space
    (Py_UNICODE_ISSPACE), and this is the one call made for every piece of text in HTML."""
    words = data.split()
    if not words:
        return " " if data else ""
    return (" " if data[0].isspace() else "") + " ".join(words) + (" " if data[-1].isspace() else "")


class _HtmlText(HTMLParser):
    """HTML -> text, with blockquotes turned into "> " lines so quotes stay recognisable."""

    _BLOCK = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "hr", "section"}
    _SKIP = {"script", "style", "head", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []  # finished lines
        # the line being written, in pieces: adding to one string would copy it for every piece
        self.parts: list[str] = []
        self.has_words = False  # whether the line being written has more than spaces and ">"
        self.quote_depth = 0
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skip_depth += 1
        elif tag == "blockquote":
            self.newline(paragraph=True)
            self.quote_depth += 1
        elif tag == "br":
            self.newline()
        elif tag in ("td", "th"):
            self.space()
        elif tag in self._BLOCK:
            self.newline(paragraph=True)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag == "blockquote":
            self.newline(paragraph=True)
            self.quote_depth = max(0, self.quote_depth - 1)
        elif tag in self._BLOCK and tag != "br":
            self.newline(paragraph=True)

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        data = _collapsed(data)
        if not data or (not data.strip() and not self.parts):
            return
        if not self.parts and self.quote_depth:
            self.parts.append("> " * min(self.quote_depth, MAX_QUOTE_DEPTH))
        self.parts.append(data)
        self.has_words = self.has_words or bool(data.strip(" >"))

    def newline(self, paragraph: bool = False) -> None:
        """End the line; a block element (p, div, tr...) also ends the paragraph, as a blank line."""
        if self.has_words:
            self.end_line()
        if paragraph and self.lines and self.lines[-1].strip(" >"):
            self.end_line()  # a line without words (or an empty one) becomes the blank line

    def end_line(self) -> None:
        self.lines.append("".join(self.parts))
        self.parts, self.has_words = [], False

    def space(self) -> None:
        if self.parts and not self.parts[-1].endswith(" "):
            self.parts.append(" ")

    def text_lines(self) -> list[str]:
        return [*self.lines, "".join(self.parts)]


# A start or end tag, its attributes dropped (nothing here reads them); without its ">" it is text.
# HTMLParser rescans to the end of the markup for every "<" whose quoted attribute never closes.
# Possessive throughout, and every attempt succeeds (the ">" is optional): each character is read once.
_TAG = re.compile(r"""<(/?[A-Za-z][^\s/<>]*+)((?:[^<>"']++|"[^"]*+"|'[^']*+')*+)(>?)""")


def _defused(markup: str) -> str:
    """Markup HTMLParser reads in linear time: no unclosed comments, no unclosed or quoted tags."""
    kept, position = [], 0
    while (opening := markup.find("<!--", position)) >= 0:
        closing = markup.find("-->", opening + 4)
        kept.append(markup[position:opening])
        position = len(markup) if closing < 0 else closing + 3  # an unclosed comment hides the rest
    kept.append(markup[position:])
    # split, not sub with a function: the tags come back as [text, name, attributes, ">" or "", text...]
    # and are rebuilt in one comprehension instead of one Python call per tag
    pieces = _TAG.split("".join(kept))
    tags = [f"<{name}>" if closed else f"<{name}{attributes}".replace("<", "&lt;")
            for name, attributes, closed in zip(pieces[1::4], pieces[2::4], pieces[3::4], strict=True)]
    out = pieces[0::4]
    joined: list[str] = [""] * (len(out) + len(tags))
    joined[0::2], joined[1::2] = out, tags
    return "".join(joined)


def html_to_text(markup: str) -> str:
    markup = _defused(markup[:MAX_MARKUP])
    parser = _read_html(markup)
    if parser is None:
        return html.unescape(re.sub(r"<[^<>]*+>", " ", markup))
    lines = [line.strip() for line in parser.text_lines()]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _read_html(markup: str, fast: bool = True) -> _HtmlText | None:
    """`markup` (defused) read into an _HtmlText; None when HTMLParser gives up on it."""
    parser = _HtmlText()
    if fast and _read_plain_markup(markup, parser):
        return parser
    parser = _HtmlText()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):
        return None
    return parser


# After _defused, a tag is "<name>" or "</name>": no attributes, no spaces.
_PLAIN_TAG = re.compile(r"<(/?)([A-Za-z][^\s/<>\x00]*+)>")
_RAW_TEXT_END = {name: re.compile(rf"</\s*{name}\s*>", re.I) for name in HTMLParser.CDATA_CONTENT_ELEMENTS}


def _read_plain_markup(markup: str, parser: _HtmlText) -> bool:
    """Feed `parser` the calls HTMLParser(convert_charrefs=True).feed(markup) + close() would make, for
    markup whose every "<" opens a plain tag, a declaration or processing instruction that ends, or
    is a lone "<"; False (having fed part of it) on anything else: comments, CDATA sections, odd end
    tags, a NUL in a tag, an unended "<!" or "<?". HTMLParser spends most of its time on the generality
    of tags that _defused has already removed. The steps are those of html.parser's goahead,
    parse_starttag, parse_endtag, parse_html_declaration, parse_bogus_comment and parse_pi, for these
    inputs (tests/unit/test_textzones_html.py compares the two readers)."""
    position, size = 0, len(markup)
    while position < size:
        opening = markup.find("<", position)
        if opening < 0:
            opening = size
        if position < opening:
            parser.handle_data(html.unescape(markup[position:opening]))
        if opening == size:
            break
        tag = _PLAIN_TAG.match(markup, opening)
        if tag is not None:
            name = tag.group(2).lower()
            position = tag.end()
            if tag.group(1):
                parser.handle_endtag(name)
                continue
            parser.handle_starttag(name, [])
            if name in _RAW_TEXT_END:
                # script and style hold raw text up to their end tag; without one, the rest is never read
                end = _RAW_TEXT_END[name].search(markup, position)
                if end is None:
                    return True
                if position < end.start():
                    parser.handle_data(markup[position:end.start()])
                parser.handle_endtag(name)
                position = end.end()
            continue
        following = markup[opening + 1:opening + 2]
        if following == "/" or (following.isascii() and following.isalpha()) or markup.startswith(("<!--", "<!["), opening):
            return False
        if following in ("!", "?"):
            # HTMLParser looks for the ">" of a doctype from after "<!doctype": no ">" can be in that word
            closing = markup.find(">", opening + 2)
            if closing < 0:
                return False
            position = closing + 1  # a declaration, bogus comment or processing instruction: not text
            continue
        parser.handle_data("<")
        position = opening + 1
    return True
