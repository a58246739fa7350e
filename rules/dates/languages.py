"""German, French, Italian, Portuguese and Spanish timelines (and a language a user adds), read by
the English rules: a sentence's calendar and timeline words rewritten into English forms ("bis Ende
nächster Woche" -> "by the end of next week", "d'ici vendredi" -> "by Friday", "entro venerdì" ->
"by Friday", "até 04/12" -> "by 4 December", "antes del 20 de noviembre" -> "by 20 November").
The languages are rewritten in the order of the data file (Italian and Portuguese before Spanish,
which reads some Portuguese words as its own: see the file).

The vocabulary is data (`rules/data/date_words.toml`, per language), extended from the user's
folders. Each pattern is a plain alternation or a fixed phrase, applied once left to right, so a
sentence is rewritten in linear time. Only a copy is rewritten, for reading: what is shown quotes
the mail as written.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from rules import lists
from rules.dates import vocab

ENGLISH = "en"  # the words the rules read themselves: no rewrite


_Compiled = tuple[tuple[tuple[re.Pattern[str], str], ...], re.Pattern[str] | None, tuple[tuple[re.Pattern[str], str], ...]]


@dataclass(frozen=True)
class Rewriter:
    """The rewrites of one language: phrases in order, then whole words. Its patterns are compiled the
    first time a text of the language is read: a scan of English mail (a daemon's every wake-up) compiles
    none of the hundreds of patterns of the other languages."""

    language: str
    phrase_sources: tuple[tuple[str, str], ...]
    replacements: dict[str, str]
    triggers: frozenset[str]  # words only this language writes: without one, its rewrites are skipped
    # an absence notice's words ("bin ich wieder im Büro" -> "I am back"), tried before the others
    # when an automatic reply is read: elsewhere "bis" is a deadline's "by", there the last day away
    absence_sources: tuple[tuple[str, str], ...] = ()
    _patterns: list[_Compiled] = field(default_factory=list, compare=False, repr=False)  # once compiled

    def apply(self, text: str, absence: bool = False) -> str:
        if not self._patterns:
            self._patterns.append(_compile(self))
        phrases, words, away = self._patterns[0]
        for pattern, replacement in (*away, *phrases) if absence else phrases:
            text = pattern.sub(replacement, text)
        if words is None:
            return text
        return words.sub(self._english_word, text)

    def _english_word(self, match: re.Match[str]) -> str:
        return self.replacements[match.group(0).lower()]


def _compile(rewriter: Rewriter) -> _Compiled:
    alternation = "|".join(re.escape(w) for w in sorted(rewriter.replacements, key=len, reverse=True))
    return (tuple((re.compile(p, re.IGNORECASE), r) for p, r in rewriter.phrase_sources),
            re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE) if alternation else None,
            tuple((re.compile(p, re.IGNORECASE), r) for p, r in rewriter.absence_sources))


def to_english(text: str, extra_dirs: tuple[Path, ...] | None = None, absence: bool = False) -> str:
    """`text` with the German, French, Italian, Portuguese and Spanish timeline words rewritten into
    English forms; English text comes back unchanged (the patterns are words of those languages only).
    With `absence`, an out-of-office notice's words too ([xx.absence]: away, back, the last day away)."""
    # Indian English: "we will update you by next to next week Friday" is the week after next
    text = _NEXT_TO_NEXT.sub("the week after next", text)
    rewriters = _rewriters(tuple(lists.extra_dirs()) if extra_dirs is None else extra_dirs)
    # one pass to find the words of the text: English mail (most of it) costs no rewrite at all
    tokens = {token.lower() for token in _TOKEN.findall(text.replace("\u2019", "'"))}
    for rewriter in rewriters:
        if not rewriter.triggers.isdisjoint(tokens):
            text = rewriter.apply(text, absence)
    return text


_NEXT_TO_NEXT = re.compile(r"\bnext\s+to\s+next\s+week\b", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@functools.lru_cache(maxsize=8)
def _rewriters(extra_dirs: tuple[Path, ...]) -> tuple[Rewriter, ...]:
    table = vocab.read("date_words.toml", extra_dirs)
    rewriters = []
    for language, entry in table.items():
        if language == ENGLISH or not isinstance(entry, dict):
            continue
        phrases = tuple((str(p), str(r)) for p, r in entry.get("phrases", {}).items())
        away = tuple((str(p), str(r)) for p, r in entry.get("absence", {}).items())
        replacements = {word.lower(): english for word, english in entry.get("words", {}).items()}
        # a word spelled the same in English ("November", "April") says nothing about the language
        own_words = {w for w, english in replacements.items() if w != english.lower() and " " not in w}
        triggers = frozenset(own_words | {t.lower() for t in entry.get("triggers", [])})
        rewriters.append(Rewriter(language, phrases, replacements, triggers, away))
    return tuple(rewriters)


def dotted_day_before_month(text: str, position: int) -> bool:
    """Whether the "." before `position` ends a German day ("bis zum 20. November"), not a sentence."""
    return bool(_month_after_dot().match(text, position)) and text[max(0, position - 4) : position].rstrip()[-2:-1].isdigit()


@functools.lru_cache(maxsize=1)
def _month_after_dot() -> re.Pattern[str]:
    words = vocab.read("date_words.toml", tuple(lists.extra_dirs())).get("de", {}).get("words", {})
    months = [w for w, english in words.items() if english in _MONTHS]
    return re.compile("(?:" + "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True)) + r")\b", re.I)


_MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"}


# a change of the user's rule folders (SIGHUP) takes effect at once
lists.on_change(_rewriters.cache_clear)
lists.on_change(_month_after_dot.cache_clear)
