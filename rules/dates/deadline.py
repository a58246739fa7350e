"""Decision deadlines: the date a hiring-side timeline ("we'll decide by Friday") names.

`find_deadline` reads the author's own words, keeps the timeline phrases of clauses that speak of
the decision or of hearing back, and resolves them against d, the message's local date (said_at
in the company's zone). Phrase lists are data (`rules/data/deadline_phrases.toml`,
`rules/data/holidays.toml`), extended by users through `load_vocabulary(extra_dirs)`; calendar
expressions ("Thursday, October 29", "the 19th", "tomorrow") are read by `rules.dates.mentions`.

House conventions. Business days skip Saturday and Sunday only; a range takes its later bound; a
date already past (a re-quoted "by October 30" written in November) is no timeline.

| phrase | date |
|---|---|
| "by Friday", "on Monday", "Friday", "COB/EOD Friday", "close of business Thursday" | next such weekday strictly after d (d a Friday: a week later) |
| "this Friday" / "next Friday" | Friday of d's Mon-Sun week (if past: the next) / of the following week |
| "by Monday 23 November", "by November 20", "by 11/20", "on the 19th", "Monday the 19th" | that date, next occurrence (the 19th of a month whose weekday fits) |
| "Nov 19-21", "Monday or Tuesday", "COB tomorrow" | the later day |
| "a week from today" / "a week from Friday" | d+7 / that Friday+7 |
| "in calendar week 51", "KW 51", "by week 51" | the Friday of that ISO 8601 week (this year, else next) |
| "end of Q4", "by end of the fourth quarter", "in Q1", "by the end of the quarter", "the first quarter of next year" | the last day of that calendar quarter (the next one not past) |
| "Friday week" (British) | the Friday of the following week |
| "Friday of next week", "Wednesday next week" / "Friday after next" | that weekday of the following week / the second such weekday after d |
| "the 20th of next month", "20 of this month" | that day of that month |
| "the first Monday of December", "the last Friday of November" | that weekday of that month (this year, else next) |
| "3 Fridays from now" | the third such weekday after d |
| "today", "EOD", "COB", "end of day" / "tomorrow" | d / d+1 |
| "within/in two weeks", "in the next 2 weeks", "in a couple of weeks", "in a week or two" | d+14 |
| "within 10 days" / "within 48 hours" | d+10 / d+2 (hours round up to days) |
| "in a few days", "in the next few days", "in the coming days" / "several days" | d+5 / d+7 ("a few weeks", "the coming weeks" d+21) |
| "within the next week (or so)" | d+7 |
| "in the next 3 days", "the upcoming two days", "7 days hence" | d+3 / d+2 / d+7 |
| "within a week of the interview" | the interview day this text names + 7 (else d+7) |
| "in a month", "within a month" | the same day next month |
| "in 3-5 business days", "in the next 7-10 business days", "within 5 working days" | the later bound, in business days after d |
| "end of the week", "by the end of this week", "later this week", "this week", "EOW" | Friday of d's week (d Sat/Sun: next Friday) |
| "next week", "end of next week", "we'll be in touch next week" | Friday of the following week |
| "early next week" / "mid next week", "middle of next week" | Tuesday / Wednesday of the following week |
| "the week after next" / "this weekend" | Friday two weeks on / the Sunday ending d's week |
| "w/c 16 November", "the week of November 16" | Friday of that week |
| "end of the month", "by month end", "this month" / "next month" | last day of d's month / of the next |
| "mid-month" | the 15th (of next month once past) |
| "end of <Month>", "in <Month>", "during <Month>" | last day of that month |
| "early" / "mid-", "middle of" / "late <Month>" | the 7th / 15th / 25th |
| "first" / "second" / "third week of <Month>", "beginning of <Month>" | the 7th / 14th / 21st, the 7th |
| "the end of the first" / "second" / "third week of <Month>" | that week's Friday (the first week holds the 3rd) |
| "by <Month>" | the day before it starts ("by December" = Nov 30) |
| "before/by Thanksgiving" | the day before US Thanksgiving (4th Thursday of November) |
| "before/by Christmas" / "by/before the holidays" | Dec 24 / Dec 23 |
| "before the end of the year", "by year end" | Dec 31 |
| "after the holidays", "after Christmas", "in the new year" | January 10 (the next one) |
| "after Thanksgiving" | the Monday after Thanksgiving + 4 days (Friday of the following week) |
| "Black Friday", "Thanksgiving 2027" | the day after Thanksgiving / Thanksgiving of that year |
| "bis Freitag", "d'ici vendredi", "entro venerdì", "até sexta-feira", "antes del viernes", "bis Ende nächster Woche", "la próxima semana" | as their English forms ("by Friday", "by the end of next week", "next week"): German, French, Italian, Portuguese and Spanish words are rewritten (`rules/data/date_words.toml`) |
| "once the budget is approved", "as soon as we can", "when we have an update", "in due course", "soon" | basis "vague", no date |

A month without a year is the next one (this month counts); "next Friday" is labelled ambiguous
by the eval README, so it follows the week rule above rather than guessing.

Which phrase wins: text splits into sentences and clauses (";", ", and", ", but", "and we", "- we");
a clause counts when it has decision/hearing-back words not inside a request to the candidate
("please reply by Friday") and is not an absence notice ("out of the office until Monday"). A
phrase right after words of another subject ("interview on", "starts in", "back on") or followed
by a clock time ("Tuesday at 2pm", unless "by") is dropped. In a clause a dated phrase beats a
vague one, then the one nearest the vocabulary. Across clauses: dated beats vague ("we expect to
wrap up in the first week of December; we'll reach out as soon as there's a decision" gives a date),
then decision words beat process words ("wrap up", "feedback"), then later beats earlier. A clause
without vocabulary that continues the previous one ("...; this typically takes three weeks") shares it.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from rules import lists
from rules.dates import languages, mentions, slots, timelines, vocab, zones

PHRASES_FILE = "deadline_phrases.toml"
HOLIDAYS_FILE = "holidays.toml"
DECISION, PROCESS = 2, 1


@dataclass(frozen=True)
class DeadlineMatch:
    """A decision timeline found in text."""

    date: dt.date | None  # None when basis == "vague"
    basis: str  # "stated" | "vague"
    sentence: str  # the whole sentence that carried it, trimmed
    phrase: str  # the timeline words matched ("a week from today, Monday the 19th")


@dataclass(frozen=True)
class Vocabulary:
    """Compiled phrase lists: which clauses count, and the dated and vague timeline phrases."""

    decision: re.Pattern[str]
    process: re.Pattern[str]
    candidate_action: re.Pattern[str]
    other_subject: re.Pattern[str]
    away: re.Pattern[str]
    continuation: re.Pattern[str]
    vague: re.Pattern[str]
    rules: tuple[timelines.Rule, ...]
    negated: re.Pattern[str] = re.compile(r"(?!)")  # a promise withdrawn: "I won't have an answer within 48 hours"
    days_off: tuple[Any, ...] = ()  # public holidays that are days off, and where (timelines.days_off)


@dataclass(frozen=True)
class _Phrase:
    start: int
    end: int
    date: dt.date | None  # None: a vague timeline
    calendar: bool = False  # a calendar date was named: it beats relative words in apposition
    weekday: bool = False  # a weekday alone: in "Monday or Tuesday" the second follows the first


def load_vocabulary(extra_dirs: Sequence[Path] | None = None) -> Vocabulary:
    """The packaged phrase lists, extended by the same files in each of `extra_dirs`."""
    # by default, the folders of the config's `[rules] dirs` (see rules.lists)
    dirs = lists.extra_dirs() if extra_dirs is None else extra_dirs
    return _load_vocabulary(tuple(Path(directory) for directory in dirs))


def _any(patterns: Sequence[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!x)x", re.IGNORECASE)


@functools.lru_cache(maxsize=8)
def _load_vocabulary(extra_dirs: tuple[Path, ...]) -> Vocabulary:
    phrases = vocab.read(PHRASES_FILE, extra_dirs)
    words = phrases["vocabulary"]
    holidays = vocab.read(HOLIDAYS_FILE, extra_dirs)["holiday"]
    return Vocabulary(
        decision=_any(words["decision"]),
        process=_any(words["process"]),
        candidate_action=_any(words["candidate_action"]),
        other_subject=_any(words["other_subject"]),
        away=_any(words["away"]),
        continuation=_any(words["continuation"]),
        vague=_any(phrases["vague"]["patterns"]),
        rules=timelines.build(phrases, holidays),
        negated=_any(words.get("negated", [])),
        days_off=timelines.days_off(holidays),
    )


# --- reading text ------------------------------------------------------------------------------

_PARAGRAPH = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:[-*•>]|\d+[.)])\s)")
# a sentence starts with a capital, or (a quick note typed on a phone: "great chatting today. will send
# next steps by wed") with a small letter after a full stop
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])|(?<=[a-z]\.)\s+(?=[a-z]{2})")
_ABBREVIATION = re.compile(
    r"(?:\b(?:mr|mrs|ms|dr|prof|st|jr|sr|vs|approx|etc|no|inc|ltd|co|corp|[ap]\.m|e\.g|i\.e|"
    # the other languages' ("ca. zwei Wochen", "aprox. dos semanas", "p. ex. vendredi")
    r"ca|bzw|evtl|ggf|usw|inkl|vgl|z\.\s?b|d\.\s?h|u\.\s?a|aprox|ecc|env|p\.\s?ex|min|max|nr|tel|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|mon|tues?|wed|thu|thurs?|fri|sat|sun)\.)$",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(
    r";\s*|,\s*(?:and|but|so|while|whereas)\s+|\s+(?:but|whereas)\s+"
    r"|\s+(?:and|[–-])\s+(?=(?:I|we|you|they|he|she|it|our|the\s+team|someone)\b)"
    # "I spoke to their coordinator this afternoon - Meridian will decide ... by the end of next week"
    r"|\s+[–-]\s+(?=(?-i:[A-Z])\w+\s+(?:will|would|should|is|are|has|have|plans?|hopes?|expects?)\b)",
    re.IGNORECASE,
)
# What may stand between two phrases of one timeline. Every repetition is atomic and possessive:
# "at the latest" also reads as "at" + "the" + "latest", and with backtracking a gap that finally
# fails ("... at the latest at the latest x Monday") was tried every way, 2^n of them (44 s at n=8).
# The words are prefix-free (a longer one listed first), so committing to the first that fits
# accepts exactly the gaps the backtracking pattern did.
_JOINER = re.compile(
    r"\s*+(?:[,()–/-]\s*+)*+(?>(?:or|and|to|through|i\.e\.?|that\s+is|so|which\s+is|at\s+the\s+latest|latest|on|by|at|the)"
    r"\s*+[,()–-]?+\s*+)*+",
    re.IGNORECASE,
)
_LEADING_WORDS = re.compile(
    r"(?:\b(?:by|before|on\s+or\s+before|no\s+later\s+than|not\s+later\s+than|until|till|within|on|around|about|"
    r"sometime|approximately|approx\.|ca\.|circa|roughly|ideally|hopefully|the)\s+)+$",
    re.IGNORECASE,
)
_WEEK_OF = re.compile(r"\b(?:w/c|w\.c\.|(?:the\s+)?week\s+(?:of|commencing|beginning|starting))\s+(?:the\s+|on\s+)?$", re.I)
_COUNTS_WEEKS = re.compile(r"\bweek|\b(?:business|working|work)\s+days?\b", re.I)
_BUSINESS_DAYS = re.compile(r"\b(?:business|working|work)\s+days?\b", re.I)
_CLOSED = re.compile(r"\b(?:(?:public|national|bank|federal|state)\s+holiday|(?:office|offices|we)\s+(?:will\s+be|are|is)\s+closed|closed\s+(?:that|on\s+that)\s+day)\b", re.I)
_THE_DAY_AFTER = re.compile(r"(?:(?:by\s+)?(?:the\s+)?(?:end\s+of\s+)?the\s+)?(?:following|next)\s+day|(?:on\s+)?the\s+day\s+after", re.I)
_ADJACENT = re.compile(r"\s*(?:(?:by|before|until|till|on|within|in|no\s+later\s+than)\s+)?", re.I)
_LOOK_BACK = 80  # characters before a phrase searched for the words that qualify it
_THAT_WEEK = re.compile(r"\b(?:that|that same|the same) week\b", re.I)  # the week a date before it in the sentence is in
_ON_THE_DAY = re.compile(r"\b(?:on|by the end of) the (?:same )?day\b(?!\s+(?:before|after|of)\b)", re.IGNORECASE)
_NEGATION_REACH = 60  # a denial governs the timeline right after its verb, not one a clause further
# what turns a denial into a timeline ("we won't know until Friday"), or ends its reach ("..., but by Friday")
_NOT_UNTIL = re.compile(r"\b(?:until|till|before|but|however)\b", re.IGNORECASE)
# a sentence that opens on the interview counts its span from it: "After interview, result will be given
# within 3 working days."
_EVENT_FIRST = re.compile(r"\W{0,8}(?:after|following)\s+(?:the\s+|your\s+|our\s+)?(?:interview|call|conversation|meeting|onsite|"
                          r"final\s+round)\b", re.IGNORECASE)
# the same, anywhere in a text: at its start or after a sentence's end
_EVENT_OPENS = re.compile(r"(?:^|[.!?]\s)\W{0,8}(?:after|following)\s+(?:the\s+|your\s+|our\s+)?(?:interview|call|conversation|"
                          r"meeting|onsite|final\s+round)\b", re.IGNORECASE | re.MULTILINE)
_OF_THE_EVENT = re.compile(
    r"\s+(?:of|after|following|from)\s+(?:the|your|our|their)\s+(?:interview|call|conversation|chat|meeting|onsite|on-site|"
    r"visit|panel|final\s+round|(?:final|last)\s+interview(?:\s+(?:date|day))?|assessment\s+(?:centre|center|day)|"
    r"selection\s+day|super\s*day)\b",
    re.IGNORECASE,
)
# "within three weeks of the final interview date": of the last day the board interviews, named before
# ("The board is continuing to interview until Friday 6 November")
_OF_THE_LAST = re.compile(r"\b(?:of|after|following|from)\s+(?:the|our)\s+(?:final|last)\s+interview(?:\s+(?:date|day))?\b",
                          re.IGNORECASE)
_PUNCTUATION = re.compile(r"[,;:.!?()–]")
_DEADLINE_BY = re.compile(r"\b(?:by|before|no\s+later\s+than|not\s+later\s+than)\s+$", re.IGNORECASE)
_CLOCK_AFTER = re.compile(
    r"\s*,?\s*(?:at|@|from|between)?\s*(?:\d{1,2}(?:[:.]\d{2})?\s*[ap]\.?\s?m\b|\d{1,2}:\d{2}|noon\b)", re.IGNORECASE
)


def _sentences(text: str) -> list[str]:
    sentences = []
    for paragraph in _PARAGRAPH.split(html.unescape(text)):
        paragraph = mentions.normalize(paragraph)
        start = 0
        for boundary in _SENTENCE_END.finditer(paragraph):
            if not _ABBREVIATION.search(paragraph, max(start, boundary.start() - 12), boundary.start()) \
                    and not languages.dotted_day_before_month(paragraph, boundary.end()):
                sentences.append(paragraph[start : boundary.start()])
                start = boundary.end()
        sentences.append(paragraph[start:])
    return [s.strip() for s in sentences if s.strip()]


def _clauses(sentence: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for split in _CLAUSE_BREAK.finditer(sentence):
        bounds.append((start, split.start()))
        start = split.end()
    return [*bounds, (start, len(sentence))]


def _phrases(sentence: str, d: dt.date, zone: dt.tzinfo | None, event: dt.date | None,
             vocabulary: Vocabulary) -> list[_Phrase]:  # fmt: skip
    """Every dated or vague timeline phrase of a sentence; the longest wins where they overlap.
    A span counted from the interview ("within a week of the interview") starts at `event`, the
    day of the interview this text names, when it names one."""
    found: list[_Phrase] = []
    for mention in mentions.find_dates(sentence, mentions.day_first(zone)):
        day = mentions.resolve(mention, d, last=True)
        if day is not None and day < d:
            continue  # "I promised an answer by October 30" written in November: the past, no timeline
        week_of = _WEEK_OF.search(sentence, max(0, mention.start - _LOOK_BACK), mention.start)
        if day is not None and week_of and mention.is_calendar_date:
            found.append(_Phrase(week_of.start(), mention.end, timelines.week_day(day, 0, 4) if day.weekday() < 5 else day, True))
        elif day is not None:
            weekday_only = mention.weekday is not None and not mention.is_calendar_date
            found.append(_Phrase(mention.start, mention.end, day, mention.is_calendar_date, weekday_only))
    lowered = sentence.lower()
    for rule in (r for r in vocabulary.rules if r.may_match(lowered)):
        for match in rule.pattern.finditer(sentence):
            anchored = _OF_THE_EVENT.match(sentence, match.end()) if event else None
            try:
                # "After interview, result will be given within 3 working days" written before it; written
                # after it, "Following our call, ..." counts from the mail, as a reader would
                from_event = event is not None and (anchored is not None
                                                    or (event >= d and _EVENT_FIRST.match(sentence) is not None))
                day = rule.resolve(match, event if from_event and event else d)
            except (ValueError, OverflowError):  # a date past year 9999: not a timeline
                continue
            if day is not None and day >= d:
                found.append(_Phrase(match.start(), anchored.end() if anchored else match.end(), day))
    if event is not None and event >= d:
        # "the Headteacher will telephone all candidates with the outcome on the day": the interview's day
        found += [_Phrase(m.start(), m.end(), event) for m in _ON_THE_DAY.finditer(sentence)]
    # "... the week of January 4, and I'll reach out with a decision that week": the week of a date named
    # before it (in another clause: `find_deadline` puts it on that week's Friday; the mail's day until then)
    found += [_Phrase(m.start(), m.end(), d) for m in _THAT_WEEK.finditer(sentence)]
    found += [_Phrase(m.start(), _clause_end(sentence, m.end()), None) for m in vocabulary.vague.finditer(sentence)]
    return mentions.longest_first(found, preferred=lambda phrase: phrase.date is not None)


def _clause_end(sentence: str, start: int) -> int:
    """Where a vague phrase ("once the budget is approved") ends: the next punctuation, or where the
    main clause starts without one ("Once I've spoken with them you should hear from me by Friday")."""
    stop = _PUNCTUATION.search(sentence, start)
    end = stop.start() if stop else len(sentence)
    main = _MAIN_CLAUSE.search(sentence, start + 1, end)
    return main.start() if main else end


# a subject and its modal starting the main clause after a subordinate one with no comma between
_MAIN_CLAUSE = re.compile(r"\s(?:you|we|I|they|she|he)(?:['’]ll| will| should| shall| would| can| are going to)\b", re.I)


def _groups(sentence: str, phrases: list[_Phrase]) -> list[_Phrase]:
    """Phrases in apposition or alternation ("a week from today, Monday the 19th", "Monday or
    Tuesday", "COB Friday") are one timeline: a named calendar date wins, else the latest day."""
    groups: list[list[_Phrase]] = []
    for phrase in phrases:
        previous = groups[-1][-1] if groups else None
        if previous and previous.date and phrase.date and _JOINER.fullmatch(sentence, previous.end, phrase.start):
            groups[-1].append(phrase)
        else:
            groups.append([phrase])
    merged = []
    for members in groups:
        for i, (before, phrase) in enumerate(zip(members, members[1:], strict=False), 1):
            if before.weekday and phrase.weekday and before.date and phrase.date and phrase.date < before.date:
                members[i] = dataclasses.replace(phrase, date=phrase.date + dt.timedelta(days=7))
        calendar = [p.date for p in members if p.calendar and p.date]
        dated = calendar or [p.date for p in members if p.date]
        merged.append(_Phrase(members[0].start, members[-1].end, max(dated) if dated else None, bool(calendar)))
    return merged


class _Span(NamedTuple):
    start: int
    end: int
    tier: int  # DECISION or PROCESS


def _about_something_else(clause: str, phrase: _Phrase, vocabulary: Vocabulary) -> bool:
    window = max(0, phrase.start - _LOOK_BACK)
    if vocabulary.other_subject.search(clause, window, phrase.start):
        return True  # "I'm out until Monday", "the role starts in January"
    denied = vocabulary.negated.search(clause, max(0, phrase.start - _NEGATION_REACH), phrase.start)
    if denied and not _NOT_UNTIL.search(clause, denied.end(), phrase.start):
        return True  # "I won't have an answer within 48 hours as I'd hoped" (but "we won't know until Friday")
    clock = _CLOCK_AFTER.match(clause, phrase.end)  # "Tuesday at 2pm" is an appointment...
    return bool(clock) and not _DEADLINE_BY.search(clause, window, phrase.start)  # ...unless "by Friday 5pm"


def _vocabulary_spans(clause: str, vocabulary: Vocabulary) -> list[_Span]:
    """Decision and process words of a clause, except those inside a request to the candidate."""
    asks = [m.span() for m in vocabulary.candidate_action.finditer(clause)]
    spans = [_Span(m.start(), m.end(), tier) for tier, pattern in ((DECISION, vocabulary.decision),
             (PROCESS, vocabulary.process)) for m in pattern.finditer(clause)]  # fmt: skip
    return [s for s in spans if all(s.end <= a or s.start >= b for a, b in asks)]


def _best_in_clause(clause: str, spans: list[_Span], d: dt.date, zone: dt.tzinfo | None, event: dt.date | None,
                    vocabulary: Vocabulary) -> tuple[int, _Phrase] | None:  # fmt: skip
    """The clause's timeline and the tier of the words it goes with; None if none counts.
    A dated phrase beats a vague one, then the one nearest the vocabulary (the stronger word on a tie)."""
    if not spans or vocabulary.away.search(clause):
        return None
    # in text order (decision words come before process words in `spans`): bisect needs it
    spans = sorted(spans, key=lambda s: s.start)
    starts = [s.start for s in spans]
    ranked = []
    for group in _groups(clause, _phrases(clause, d, zone, event, vocabulary)):
        if _about_something_else(clause, group, vocabulary):
            continue
        # only the words around the phrase can be the nearest (a clause may be one long run-on line);
        # with none around, the last before and the first after: not every word of the clause again
        first = bisect.bisect_left(starts, group.start - _LOOK_BACK)
        last = bisect.bisect_right(starts, group.end + _LOOK_BACK)
        near = spans[first:last] or spans[max(0, first - 1) : last + 1]
        distance, tier = min((_distance(clause, s, group), -s.tier) for s in near)
        ranked.append(((group.date is not None, -distance, -tier, group.start), -tier, group))
    if not ranked:
        return None
    _, tier, group = max(ranked, key=lambda candidate: candidate[0])
    return tier, group


def _closed_days(text: str, d: dt.date, zone: dt.tzinfo | None) -> set[dt.date]:
    """The days the text says the hiring side is closed ("Friday, 20 November is a national holiday"):
    a business-day count skips them."""
    closed: set[dt.date] = set()
    for sentence in _sentences(text):
        english = languages.to_english(sentence)
        if _CLOSED.search(english):
            for mention in mentions.find_dates(english, mentions.day_first(zone)):
                # a date, or a weekday of the coming days: "our offices are closed this Thursday and Friday"
                weekday = mention.weekday is not None and mention.offset is None and mention.month is None
                day = mentions.resolve(mention, d, last=True) if mention.is_calendar_date or weekday else None
                if day is not None and (mention.is_calendar_date or day - d <= dt.timedelta(days=13)):
                    closed.add(day)
    return closed


def _last_named_day(text: str, written: str, sentence: str, before: int, d: dt.date,
                    zone: dt.tzinfo | None) -> dt.date | None:
    """The calendar date the text names last before position `before` of `sentence` (the English form
    of `written`), in it or in the sentences before it; None when that is no later than `d`."""
    head = text[:text.find(written)] if written in text else ""
    for part in (sentence[:before], languages.to_english(head)):
        dates = [m for m in mentions.find_dates(part, mentions.day_first(zone)) if m.is_calendar_date]
        if dates:
            day = mentions.resolve(dates[-1], d, last=True)
            return day if day is not None and day > d else None
    return None


def _distance(clause: str, span: _Span, group: _Phrase) -> int:
    """Characters between a word of the vocabulary and a timeline; none for a bare preposition between
    them ("our final decision by Thursday 10 December" is as near as "our feedback this week")."""
    gap = clause[span.end:group.start] if span.end <= group.start else clause[group.end:span.start]
    return 0 if _ADJACENT.fullmatch(gap) else len(gap)


def _event_day(text: str, said_at: dt.datetime, zone: dt.tzinfo | None) -> dt.date | None:
    """The day of the interview `text` names, for spans counted from it; None when it names none."""
    # on normalised text: its leading \s+ would rescan a long run of blank lines from each of them
    normal = mentions.normalize(text)
    if not _OF_THE_EVENT.search(normal) and not _EVENT_OPENS.search(normal):
        return None
    named = [slot for slot in slots.find_slots(text, said_at, zone or dt.UTC) if slot.explicit_date]
    return named[0].start.astimezone(zone).date() if named else None


def find_deadline(text: str, said_at: dt.datetime, zone: dt.tzinfo | None = None, *,
                  vocabulary: Vocabulary | None = None, interview: dt.date | None = None,
                  sunday_week: bool = False) -> DeadlineMatch | None:  # fmt: skip
    """The decision timeline the author of `text` gave, resolved against the date of `said_at` in
    `zone` (default: said_at's own tzinfo). `text` is the author's own words (quotes and signature
    already removed). When several timeline sentences are present, the one about the hiring decision
    or hearing back wins; among equals the last one. None when the text gives no timeline. `interview`:
    the day of the interview arranged when the text was written, for a span counted from it ("within 10
    working days of your interview") when the text names no day of its own. `sunday_week`: the hiring side
    works Sunday to Thursday, so a week they count ("by the end of next week", "within 5 business days")
    is that week: the Monday-to-Friday week one day later."""
    if sunday_week:
        ours = find_deadline(text, said_at, zone, vocabulary=vocabulary, interview=interview)
        if ours is None or ours.date is None or not _COUNTS_WEEKS.search(ours.phrase) \
                or any(m.is_calendar_date or m.weekday is not None for m in mentions.find_dates(ours.phrase)):
            return ours
        later = find_deadline(text, said_at + dt.timedelta(days=1), zone, vocabulary=vocabulary, interview=interview)
        if later is None or later.date is None or later.phrase != ours.phrase:
            return ours
        return dataclasses.replace(later, date=later.date - dt.timedelta(days=1))
    vocabulary = vocabulary or load_vocabulary()
    zone = zone or said_at.tzinfo
    d = said_at.astimezone(zone).date()
    # a span counted "of your interview" starts on its day: the one the text names, else the one arranged;
    # one counted from the board's last interview, on the last day the text names
    last = _OF_THE_LAST.search(text)
    event = (_last_named_day(text, text[last.start():], "", 0, d, zone) if last else None) \
        or _event_day(text, said_at, zone) or interview
    best: tuple[tuple[bool, int, int, int], str, str, _Phrase] | None = None
    inherited = 0  # the vocabulary tier of the previous clause, for one that continues it ("this takes...")
    for index, written in enumerate(_sentences(text)):
        sentence = languages.to_english(written)  # other languages: read in English forms
        for start, end in _clauses(sentence):
            clause = sentence[start:end]
            spans = _vocabulary_spans(clause, vocabulary)
            if not spans and inherited and vocabulary.continuation.match(clause):
                spans = [_Span(0, 0, inherited)]
            inherited = max((s.tier for s in spans), default=0)
            found = _best_in_clause(clause, spans, d, zone, event, vocabulary)
            if found is None:
                continue
            tier, phrase = found
            if _THAT_WEEK.fullmatch(clause, phrase.start, phrase.end):
                named = _last_named_day(text, written, sentence, start + phrase.start, d, zone)
                if named is None:
                    continue  # "that week" of no date named before it
                phrase = dataclasses.replace(phrase, date=timelines.week_day(named, 0, 4) if named.weekday() < 5 else named)
            if _THE_DAY_AFTER.fullmatch(clause, phrase.start, phrase.end):
                # "the Board meets on Thursday 19 November. I will write to you by the end of the following
                # day": the day after the last date named before it, not after the mail
                named = _last_named_day(text, written, sentence, start + phrase.start, d, zone)
                if named is not None:
                    phrase = dataclasses.replace(phrase, date=named + dt.timedelta(days=1))
            rank = (phrase.date is not None, tier, index, start + phrase.start)
            if best is None or rank >= best[0]:
                best = (rank, written, sentence,
                        dataclasses.replace(phrase, start=start + phrase.start, end=start + phrase.end))
    if best is None:
        return None
    _, written, sentence, phrase = best
    leading = _LEADING_WORDS.search(sentence, max(0, phrase.start - _LOOK_BACK), phrase.start)
    words = sentence[leading.start() if leading else phrase.start : phrase.end].strip(" ,(")
    if phrase.date is None:
        return DeadlineMatch(None, "vague", written, words)
    day = max(phrase.date, d)
    if _BUSINESS_DAYS.search(words):
        # "within 10 business days. Friday, 20 November is a national holiday, and our office will be closed",
        # and the country's own days off (Thanksgiving for a company in Chicago)
        closed = _closed_days(text, d, zone) | timelines.closed_between(
            vocabulary.days_off, zones.country_of(zone or said_at.tzinfo), d, d + dt.timedelta(days=120))
        counted: set[dt.date] = set()
        while new := {c for c in closed if d < c <= day and c.weekday() < 5} - counted:
            counted |= new
            for _ in new:
                day = mentions.next_business_day(day)
                while day in closed:
                    day = mentions.next_business_day(day)
    return DeadlineMatch(day, "stated", written, words)
