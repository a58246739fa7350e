"""The zones of a mail body: what the author wrote, what they quoted or forwarded, their signature.

Phrases are only read in the author's own words (POLICY.md): a candidate quoting a newsletter is not
the company speaking. We zone the text ourselves rather than use email-reply-parser /
mail-parser-reply: both only cut at the first quote header, and neither separates a signature that
ends in contact details from the body, which is exactly where personal addresses hide.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

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

# Lines that open quoted or forwarded history; everything from there on is not the author's.
_QUOTE_HEADERS = [
    re.compile(r"^\s*On\b.{0,300}\bwrote:\s*$", re.I | re.S),
    re.compile(r"^\s*-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d.origine|Mensaje original|"
               r"Messaggio originale|Oorspronkelijk bericht|Originalmeddelande|Oprindelig meddelelse)\s*-{2,}", re.I),
    re.compile(r"^\s*-{2,}\s*Forwarded message\s*-{2,}", re.I),
    re.compile(r"^\s*Begin forwarded message:", re.I),
    re.compile(r"^\s*_{10,}\s*$"),
    re.compile(r"^\s*(Am|Le|El|Il|Op)\s.{4,200}(schrieb|a écrit|escribió|ha scritto|geschreven).*:\s*$", re.I),
]
# Outlook's quoted header block, in the languages candidates meet most ("Von:/Gesendet:", "De :/Envoyé :")
_OUTLOOK_FROM = re.compile(r"^\s*\**(From|Von|De|Da|Van|Från|Fra|Od)\s?:\**\s+\S", re.I)
_OUTLOOK_NEXT = re.compile(
    r"^\s*\**(Sent|Date|To|Subject|Cc|Gesendet|Datum|An|Betreff|Envoyé|Objet|À|Enviado|Para|Asunto|Fecha|Inviato|"
    r"Oggetto|Verzonden|Aan|Onderwerp|Skickat|Till|Ämne|Sendt|Til|Emne)\s?:\**\s", re.I)
_SIGNATURE_DELIMITER = re.compile(r"^\s*--\s*$")
_SIGN_OFFS = re.compile(
    r"^\s*(best|best regards|best wishes|all the best|kind regards|regards|warm regards|warmly|warm wishes|"
    r"many thanks|thanks|thank you|thanks again|thanks so much|cheers|sincerely|yours sincerely|yours truly|"
    r"respectfully|talk soon|speak soon|with thanks|take care|have a great (day|weekend)),?\s*[!.]?\s*$",
    re.I,
)
_SENTENCE = re.compile(r"^\s*(\S+\s+){4,}\S*[.!?]\s*$")
_MOBILE_FOOTER = re.compile(r"^\s*Sent from my (iPhone|iPad|Android|mobile|phone)|^\s*Get Outlook for", re.I)
_VIEW_IN_BROWSER = re.compile(r"view (this|the) (e-?mail|message) (in|with) (your )?(html|browser|web)", re.I)


@dataclass(frozen=True)
class Zones:
    """A body split into the author's words, the signature, and the quoted/forwarded rest."""

    author: str
    signature: str
    quoted: str


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


def split(text: str) -> Zones:
    """Cut `text` into zones. Conservative: when unsure, a line stays the author's."""
    lines = cap(text).split("\n")
    cut = _quote_start(lines)
    own, rest = lines[:cut], lines[cut:]
    # interleaved replies keep "> " lines inside the author's part: drop those, they are quotes
    quoted_inline = [line for line in own if line.lstrip().startswith(">")]
    own = [line for line in own if not line.lstrip().startswith(">")]
    sig_start = _signature_start(own)
    author = "\n".join(own[:sig_start]).strip()
    signature = "\n".join(own[sig_start:]).strip()
    quoted = "\n".join(quoted_inline + rest).strip()
    return Zones(author=author, signature=signature, quoted=quoted)


def _quote_start(lines: list[str]) -> int:
    # where the lines from each index on are all quoted or blank, computed once from the end: asking
    # it afresh at every ">" line read the rest of a long quoted thread again for each of its lines
    quoted_to_end = [True] * (len(lines) + 1)
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        quoted_to_end[index] = quoted_to_end[index + 1] and (not line.strip() or line.lstrip().startswith(">"))
    for index, line in enumerate(lines):
        # "On Tue, Oct 6, 2026 at 10:10 AM Dana <dana@x>\nwrote:" is often wrapped over two lines
        joined = line if index + 1 >= len(lines) else line + " " + lines[index + 1]
        for pattern in _QUOTE_HEADERS:
            if pattern.match(line) or (line.strip().lower().startswith("on ") and pattern.match(joined)):
                return index
        if _OUTLOOK_FROM.match(line) and any(_OUTLOOK_NEXT.match(following) for following in lines[index + 1 : index + 4]):
            return index
        if line.lstrip().startswith(">") and quoted_to_end[index]:
            return index
    return len(lines)


def _signature_start(lines: list[str]) -> int:
    for index, line in enumerate(lines):
        if _SIGNATURE_DELIMITER.match(line) or _MOBILE_FOOTER.match(line):
            return index
    # a sign-off line followed only by a short block (name, title, phone) starts the signature
    for index in range(len(lines) - 1, -1, -1):
        if _SIGN_OFFS.match(lines[index]):
            tail = [t for t in lines[index + 1 :] if t.strip()]
            # a signature is names, titles and numbers, not sentences ("Thanks!\nPlease don't call.")
            if len(tail) <= 8 and all(len(t) < 90 and not _SENTENCE.search(t) for t in tail):
                return index
            break
    return len(lines)


def _normalise(text: str) -> str:
    # capped before the work, and after it (the line breaks may have moved)
    text = text[: 2 * MAX_TEXT].replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    # per line, not re.sub(r"[ \t]+\n"): that rescans a long run of spaces from each of its spaces
    lines = text.split("\n")
    return cap("\n".join([*(line.rstrip(" \t") for line in lines[:-1]), lines[-1]]).strip("\n"))


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
        data = re.sub(r"\s+", " ", data)
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
_TAG = re.compile(r"""<(/?[A-Za-z][^\s/<>]*+)(?:[^<>"']++|"[^"]*+"|'[^']*+')*+(>?)""")


def _defused(markup: str) -> str:
    """Markup HTMLParser reads in linear time: no unclosed comments, no unclosed or quoted tags."""
    kept, position = [], 0
    while (opening := markup.find("<!--", position)) >= 0:
        closing = markup.find("-->", opening + 4)
        kept.append(markup[position:opening])
        position = len(markup) if closing < 0 else closing + 3  # an unclosed comment hides the rest
    kept.append(markup[position:])
    return _TAG.sub(lambda tag: f"<{tag.group(1)}>" if tag.group(2) else tag.group(0).replace("<", "&lt;"), "".join(kept))


def html_to_text(markup: str) -> str:
    markup = _defused(markup[:MAX_MARKUP])
    parser = _HtmlText()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):
        return html.unescape(re.sub(r"<[^<>]*+>", " ", markup))
    lines = [line.strip() for line in parser.text_lines()]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
