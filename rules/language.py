"""Which language a thread is written in, from the short words its authors use (data: rules/data/language.toml).

Drafts are written in the thread's language (POLICY: "A thread in another language gets its
drafts in that language"). Every language's common words are counted over the authors' own text
(quotes and signatures are already gone); the language with most hits wins when it is clearly
ahead, else English, the product's default. One pass over the words: linear in the text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping

from rules import lists

_FILE = "language.toml"
DEFAULT = lists.ENGLISH
READ_CHARS = 6000  # a few paragraphs tell the language; a long quoted history adds nothing
MIN_HITS = 4  # below this many common words, a text is too short to tell (a one-line "Thanks!")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@functools.cache
def _words() -> Mapping[str, frozenset[str]]:
    table = lists.load(_FILE)
    return {code: frozenset(str(w).lower() for w in entry.get("words", ()))
            for code, entry in table.items() if isinstance(entry, dict)}


def detect(texts: Iterable[str]) -> str:
    """The language code ("en", "de", "fr", "es", ...) the texts are written in; "en" when unsure."""
    budget = READ_CHARS
    counts = dict.fromkeys(_words(), 0)
    words = _words()
    for text in texts:
        if budget <= 0:
            break
        chunk = text[:budget].lower().replace("\u2019", "'")
        budget -= len(chunk)
        for word in _WORD.findall(chunk):
            for code, common in words.items():
                if word in common:
                    counts[code] += 1
    if not counts:
        return DEFAULT
    ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)
    best, hits = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    # clearly ahead: shared words ("la", "de") must not tip French against Spanish
    if hits >= MIN_HITS and hits >= 1.25 * runner_up:
        return best
    return DEFAULT


lists.on_change(_words.cache_clear)
