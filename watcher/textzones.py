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
    """The readable text of a mail: text/plain unless it is a stub for the HTML part."""
    plain = _normalise(plain)
    if not html_body:
        return plain
    from_html = html_to_text(html_body)
    if not plain or _VIEW_IN_BROWSER.search(plain) or len(plain) < 0.4 * len(from_html):
        return from_html
    return plain


def split(text: str) -> Zones:
    """Cut `text` into zones. Conservative: when unsure, a line stays the author's."""
    lines = text.split("\n")
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
    for index, line in enumerate(lines):
        # "On Tue, Oct 6, 2026 at 10:10 AM Dana <dana@x>\nwrote:" is often wrapped over two lines
        joined = line if index + 1 >= len(lines) else line + " " + lines[index + 1]
        for pattern in _QUOTE_HEADERS:
            if pattern.match(line) or (line.strip().lower().startswith("on ") and pattern.match(joined)):
                return index
        if _OUTLOOK_FROM.match(line) and any(_OUTLOOK_NEXT.match(following) for following in lines[index + 1 : index + 4]):
            return index
        if line.lstrip().startswith(">") and _all_quoted_from(lines, index):
            return index
    return len(lines)


def _all_quoted_from(lines: list[str], start: int) -> bool:
    return all(not line.strip() or line.lstrip().startswith(">") for line in lines[start:])


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
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return re.sub(r"[ \t]+\n", "\n", text).strip("\n")


class _HtmlText(HTMLParser):
    """HTML -> text, with blockquotes turned into "> " lines so quotes stay recognisable."""

    _BLOCK = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "hr", "section"}
    _SKIP = {"script", "style", "head", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
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
        if not data.strip() and not self.lines[-1]:
            return
        if not self.lines[-1] and self.quote_depth:
            self.lines[-1] = "> " * self.quote_depth
        self.lines[-1] += data

    def newline(self, paragraph: bool = False) -> None:
        """End the line; a block element (p, div, tr...) also ends the paragraph, as a blank line."""
        if self.lines[-1].strip(" >"):
            self.lines.append("")
        if paragraph and len(self.lines) > 1 and self.lines[-2].strip(" >"):
            self.lines.append("")

    def space(self) -> None:
        if self.lines[-1] and not self.lines[-1].endswith(" "):
            self.lines[-1] += " "


def html_to_text(markup: str) -> str:
    parser = _HtmlText()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):
        return html.unescape(re.sub(r"<[^>]+>", " ", markup))
    lines = [line.strip() for line in parser.lines]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
