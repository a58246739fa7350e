"""Mail text as clients send it -> the one form the phrase lists are matched against. Pure.

The same words reach us in many shapes: plain text hard-wrapped at ~72 columns ("Following up on
your⏎application"), HTML whose `<br>` became line breaks, non-breaking and other Unicode spaces,
tabs and indentation, typographic quotes ("we’d"), dashes ("60‑minute", "Bewerbung – Einladung"),
soft hyphens and zero-width characters, and accents sent decomposed (macOS writes "a" + U+0308 for
"ä"). `for_matching` maps all of them to one form, so a phrase list needs one spelling per phrase:

- NFC composition; every kind of space and tab -> " "; runs of spaces -> one space;
- ‘ ’ ‚ ‛ ʼ ′ ‹ › -> ' and “ ” „ ‟ ″ « » -> "; every dash and minus sign -> "-"; … -> ...;
- soft hyphens and zero-width characters removed; CR LF, CR, U+2028/2029/0085 -> line feed;
- a single line break inside a paragraph -> a space (after a word-hyphen, nothing: "Backend-⏎Engineer"
  is "Backend-Engineer"); a blank line stays a paragraph break and a line break before a list item
  ("- ", "• ", "2. ") stays a line break: both end a sentence.

Linear in the text: one `str.translate`, one NFC pass and one regex substitution whose pattern
cannot backtrack (a run of spaces and line feeds, consumed once). The result is cached for the few
texts a detection reads over and over (each list of the rules is matched against the same text).
"""

from __future__ import annotations

import functools
import re
import unicodedata

_SPACE = " "
_TABLE = str.maketrans(
    {
        **dict.fromkeys(["\t", "\x0b", "\x0c", "\xa0", "\u1680", "\u202f", "\u205f", "\u3000"], _SPACE),
        **dict.fromkeys([chr(c) for c in range(0x2000, 0x200B)], _SPACE),  # en quad .. hair space
        **dict.fromkeys(["\u2018", "\u2019", "\u201a", "\u201b", "\u02bc", "\u2032", "\u2039", "\u203a"], "'"),
        **dict.fromkeys(["\u201c", "\u201d", "\u201e", "\u201f", "\u2033", "\u00ab", "\u00bb"], '"'),
        **dict.fromkeys(["\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\ufe58", "\ufe63",
                         "\uff0d"], "-"),
        **dict.fromkeys(["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\r"], None),
        **dict.fromkeys(["\u2028", "\u2029", "\x85"], "\n"),
        "\u2026": "...",
    }
)
# a run of several spaces, or of spaces and line feeds: each is read once, never backtracked into
_RUN = re.compile(r"[ \n]{2,}+|\n")
_LIST_ITEM = re.compile(r"[-*•·▪◦>]\s|\d{1,3}[.)]\s|[a-z][.)]\s")


def for_matching(text: str) -> str:
    """`text` in the one form the phrase lists are written for (see the module's docstring), cached."""
    if not text:
        return text
    return _cached(text)


@functools.lru_cache(maxsize=64)
def _cached(text: str) -> str:
    return normalised(text)


def normalised(text: str) -> str:
    """`for_matching` without the cache (what it costs: bench/adversarial_text.py)."""
    flat = unicodedata.normalize("NFC", text.translate(_TABLE))
    return _RUN.sub(_join, flat).strip(" ")


def _join(run: re.Match[str]) -> str:
    breaks = run.group(0).count("\n")
    if breaks >= 2:
        return "\n\n"
    if breaks == 0:
        return _SPACE
    text, end = run.string, run.end()
    if _LIST_ITEM.match(text, end, end + 4):
        return "\n"
    start = run.start()
    if start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha() and end < len(text) and text[end].isalpha():
        return ""  # a compound broken at its own hyphen: "Backend-⏎Engineer"
    return _SPACE
