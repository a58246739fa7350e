"""textzones' own reader of plain markup makes the calls HTMLParser would (issue #9: the HTML of a
mail is read faster, and to the same text)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import hostile_mail
import pytest

from watcher import mimeparts, textzones

FIXTURES = Path(__file__).parent.parent / "fixtures"
# pieces of markup, real and broken, that the fast reader must read as HTMLParser does or leave to it
_PIECES = ("<p>", "</p>", "<div class='x'>", "</DIV>", "<br>", "<br/>", "<BR />", "<blockquote>", "</blockquote>",
           "<td>", "<th>", "<tr>", "<table>", "text", " more words ", "&amp;", "&nbsp;", "&#8217;", "&#x41;", "&",
           "&am", "&#", "<", "< 3", "<<", ">", "<!DOCTYPE html>", "<!doctype", "<!x>", "<!", "<?xml v?>", "<?",
           "<!-- c -->", "<!--", "-->", "<![CDATA[x]]>", "</ p>", "</3>", "</>", "<style>", "p{}", "</style>",
           "</STYLE >", "<script>", "if (a<b) {}", "</script>", "<head>", "<title>", "</title>", "<a href=\"x>\">",
           "<a\x00b>", "\x00", "\n", "\r\n", "\t", "<ü>", "</ü>", "<a\"b>", "</a\"b>", "<img src=x", "<b", "ü",
           "> quoted", "<li>", "<ul>", "<h1>", "<section>", "<hr>", "<scr<script>ipt>", "</scr</script>ipt>")


def same(markup: str) -> bool:
    """Whether the fast reader took `markup` (it must then read it as HTMLParser does)."""
    defused = textzones._defused(markup)
    stdlib = textzones._read_html(defused, fast=False)
    fast = textzones._read_html(defused)
    assert stdlib is not None and fast is not None
    assert fast.text_lines() == stdlib.text_lines(), markup
    return textzones._read_plain_markup(defused, textzones._HtmlText())


def test_the_html_of_real_and_hostile_mail_reads_as_htmlparser_reads_it() -> None:
    raws = [p.read_bytes() for p in sorted(FIXTURES.glob("mail/*.eml"))]
    raws += [p.read_bytes() for p in sorted(FIXTURES.glob("hostile/**/*")) if p.is_file()]
    raws += [p.read_bytes() for p in sorted(FIXTURES.glob("cpython_email/msg_*.txt"))]
    raws += list(hostile_mail.generated(300, 5))
    read = 0
    for raw in raws:
        for markup in mimeparts.read(raw).html:
            same(markup)
            read += 1
    assert read > 10


@pytest.mark.parametrize("seed", range(20))
def test_random_tag_soup_reads_as_htmlparser_reads_it(seed: int) -> None:
    rng = random.Random(seed)
    taken = sum(same("".join(rng.choices(_PIECES, k=rng.randint(0, 30)))) for _ in range(300))
    assert taken > 50


def test_the_plain_markup_of_most_mail_takes_the_fast_reader() -> None:
    markup = textzones._defused('<!DOCTYPE html><html><head><style>p{color:red}</style></head><body>'
                                '<p class="x">Hi &amp; welcome</p><blockquote>quoted</blockquote></body></html>')
    parser = textzones._HtmlText()
    assert textzones._read_plain_markup(markup, parser)
    assert parser.text_lines() == ["Hi & welcome", "", "> quoted", "", ""]


def test_white_space_collapses_as_the_regex_collapsed_it() -> None:
    spaces = [chr(code) for code in range(0x110000) if chr(code).isspace()]
    assert all(re.fullmatch(r"\s", space) for space in spaces)
    rng = random.Random(7)
    for _ in range(20_000):
        data = "".join(rng.choices([*spaces, "a", "b", "<", "é"], k=rng.randint(0, 8)))
        assert textzones._collapsed(data) == re.sub(r"\s+", " ", data)
