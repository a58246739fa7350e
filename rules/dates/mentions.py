"""Calendar expressions in mail text ("Oct 12", "13 November 2026", "Tue 11/10", "Monday the 19th",
"on the 12th", "tomorrow") and the calendar arithmetic that resolves them against a reference day.

Everything is resolved against a reference passed in; nothing here reads the clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from rules.dates import vocab

# A month-day without a year that lies up to this far back stays in this year (a re-quoted date).
GRACE_DAYS = 7

WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
          "nov": 11, "dec": 12}  # fmt: skip

# Abbreviations only in capitals: "Sat" and "Wed" are days, "sat" and "wed" are verbs; "May" is a
# month, "may" a modal.
# Lower case, only the abbreviations no English word shares ("thu", "fri", "tue", "mon." with its dot),
# and the others where a day of the month follows as an ordinal: "by wed the 4th" (typed on a phone), or
# where a timeline's word comes before: "will send next steps by wed" (no verb follows "by" or "next").
WEEKDAY_PATTERN = (
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|(?-i:(?:Mon|Tues?|Weds?|Thu(?:rs?)?|Fri|Sat|Sun)\b\.?)|(?:thu(?:rs?)?|tues?|fri)\b\.?|mon\."
    r"|(?:mon|weds?|sat|sun)\b(?=,?\s+(?:the\s+)?(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)\b)"
    r"|(?:(?<=\bby )|(?<=\buntil )|(?<=\bbefore )|(?<=\bnext )|(?<=\bthis ))(?:mon|weds?|sat)\b(?!['’-]))"
)
MONTH_PATTERN = (
    r"(?:(?:january|february|march|april|june|july|august|september|october|november|december)\b"
    r"|(?-i:May|MAY)\b|(?-i:(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?))"
)
_DAY = r"(?<![\d:])(?P<{0}>3[01]|[12]\d|0?[1-9])(?P<{0}ord>st|nd|rd|th)?(?![\d:])"
_DAY_RANGE = _DAY.format("day") + r"(?:\s*(?:-|–|to|through|or|and|&)\s*" + _DAY.format("day2") + ")?"


def _words() -> dict[str, Any]:
    table: dict[str, Any] = vocab.packaged("date_words.toml")["en"]
    return table


_WORDS = _words()
ORDINALS: dict[str, int] = {k.lower(): v for k, v in _WORDS["ordinals"].items()}
NTH: dict[str, int] = {k.lower(): v for k, v in _WORDS["nth"].items()}
# an ordinal word as a day: "the first of March", "March third" (longest first: "twenty-first" before "first")
_DAY_WORD = r"\b(?P<dayword>" + "|".join(
    re.escape(w).replace(r"\-", r"[\s-]") for w in sorted(ORDINALS, key=len, reverse=True)) + r")\b"
_NTH = "|".join(re.escape(w) for w in sorted(NTH, key=len, reverse=True))
# "may" is a modal verb unless a day number follows: "by may 8"
_MONTH_OR_MAY = r"(?:{MONTH_PATTERN}|(?-i:may)(?=\s*\d))"
_YEAR = r"(?:,?\s+(?P<year>20\d\d)(?![\d:]))?"
_WD_PREFIX = rf"(?:(?P<wd>{WEEKDAY_PATTERN}),?\s+)?"
_NOT_A_TIME = r"(?!\s*(?:[ap]\.?m\b|o'clock))"

# What a pattern cannot match without: a month's name, a weekday's, a slash. A pattern that starts
# with optional words is tried by the engine at every position of the text; it runs only on the texts
# that have what it needs (most mail names no month). Whether a text has it: first the three-letter
# stems every form starts with (a substring test, in C), then, where one is there, the words themselves.
_MONTH = "month"
_WEEKDAY = "weekday"
_SLASH = "slash"
_DOT = "dot"
_NEEDS: dict[str, tuple[tuple[str, ...], re.Pattern[str]]] = {
    _MONTH: (tuple(MONTHS), re.compile(_MONTH_OR_MAY.format(MONTH_PATTERN=MONTH_PATTERN), re.IGNORECASE)),
    _WEEKDAY: (tuple(WEEKDAYS), re.compile(WEEKDAY_PATTERN, re.IGNORECASE)),
    _SLASH: (("/",), re.compile(r"\d/\d")),
    _DOT: ((".",), re.compile(r"\d\.[01]?\d\.")),
}
# "30.10.2026", "Friday 30.10.": day first wherever it is written so (Europe), in any language's mail
_DOTTED = r"(?<![\w.:])(?P<day>3[01]|[12]\d|0?[1-9])\.(?P<month>1[0-2]|0?[1-9])\."
_DATE_PATTERNS = tuple(
    (re.compile(pattern, re.IGNORECASE), need)
    for pattern, need in (
        # Monday, October 12 / Oct. 12th, 2026 / Nov 19-21 / may 8
        (rf"{_WD_PREFIX}(?P<month>{_MONTH_OR_MAY.format(MONTH_PATTERN=MONTH_PATTERN)})\s*{_DAY_RANGE}{_YEAR}{_NOT_A_TIME}",
         _MONTH),
        # Friday 13 November 2026 / the 13th of November / 19-21 November
        (rf"{_WD_PREFIX}(?:the\s+)?{_DAY_RANGE}\s+(?:of\s+)?(?P<month>{MONTH_PATTERN}){_YEAR}", _MONTH),
        # Tue 11/10 / 11/20/2026 (month first unless the sender's zone writes day first)
        (rf"{_WD_PREFIX}(?<![\w/.:-])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)(?:/(?P<year>(?:20)?\d\d))?(?![\w/])", _SLASH),
        # Friday, 30.10.2026 / 30.10.2026 (a year, or a weekday before it: "3.10." alone is no date)
        (rf"{_WD_PREFIX}{_DOTTED}(?P<year>20\d\d)(?![\d.]\d|\d)", _DOT),
        (rf"(?P<wd>{WEEKDAY_PATTERN}),?\s+{_DOTTED}(?![\w.])", _DOT),
        # "by 20.11. at the latest", "bis 20.11.": after a word that can only go before a date
        (r"(?:" + "|".join(rf"(?<=\b{word} )" for word in ("by", "until", "till", "before", "bis", "vor", "zum", "am"))
         + rf"){_DOTTED}(?![\w]|\.\d)", _DOT),
        # 2026-11-13 / 2026/11/13
        (r"(?<!\d)(?P<year>20\d\d)(?P<sep>[-/])(?P<month>[01]\d)(?P=sep)(?P<day>[0-3]\d)(?!\d)", None),
        # Monday the 19th / Tuesday 17th
        (rf"(?P<wd>{WEEKDAY_PATTERN}),?\s+(?P<the>the\s+)?{_DAY.format('day')}{_NOT_A_TIME}", _WEEKDAY),
        # on 24th
        (r"\bon\s+(?P<on>(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th))(?=\s|[,.;:!?)]|$)", None),
        # (on) the 12th
        (r"\bthe\s+" + _DAY.format("day") + r"(?=\s|[,.;:!?)]|$)"
         r"(?!\s+(?:round|interview|candidate|floor|stage|step|time|place|person|one|position|of\s+them))", None),
        # this Thursday / next Friday / Thursday / Tuesday next week
        (r"(?:\b(?P<rel>this\s+coming|the\s+coming|coming|this|next|the\s+following|following)\s+)?"
         rf"\b(?P<wd>{WEEKDAY_PATTERN})(?:,?\s+(?:of\s+)?(?P<week>this|next|the\s+following|the\s+coming)\s+week\b"
         r"|\s+(?P<after>after\s+next)\b)?", _WEEKDAY),
        # today / tomorrow / the day after tomorrow
        (r"\b(?P<offset>today|tonight|tomorrow|tmrw|(?:the\s+)?day\s+after\s+tomorrow)\b", None),
    )
)
# Patterns that need a word most text lacks, tried only when the text has it (a long mail is read
# in a fraction of the time): (pattern, words one of which must be in the lower-cased text).
_WORDED_PATTERNS = tuple(
    (re.compile(pattern, re.IGNORECASE), needs)
    for pattern, needs in (
        # March first / the first of March / third of March 2027
        (rf"{_WD_PREFIX}(?P<month>{MONTH_PATTERN})\s+(?:the\s+)?{_DAY_WORD}{_YEAR}", tuple(ORDINALS)),
        (rf"{_WD_PREFIX}(?:the\s+)?{_DAY_WORD}\s+of\s+(?P<month>{MONTH_PATTERN}){_YEAR}", tuple(ORDINALS)),
        # the 20th of next month / 20 of this month / the 20th day of the current month
        (rf"(?:\bthe\s+)?(?:{_DAY.format('day')}|{_DAY_WORD})(?:\s+day)?\s+of\s+(?:the\s+)?"
         r"(?P<mrel>next|this|current|following|coming)\s+month\b", ("month",)),
        # the first Monday of December / the last Friday in November 2026
        (rf"(?:\bthe\s+)?\b(?P<nth>{_NTH})\s+(?P<wd>{WEEKDAY_PATTERN})\s+(?:of|in)\s+(?P<month>{MONTH_PATTERN}){_YEAR}",
         tuple(NTH)),
    )
)
_OFFSETS = {"today": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1}


@dataclass(frozen=True)
class DateMention:
    """One calendar expression in a text, not yet resolved to a date."""

    start: int
    end: int
    text: str
    weekday: int | None = None
    month: int | None = None
    day: int | None = None
    last_day: int | None = None  # the later bound of "Nov 19-21"
    year: int | None = None
    relation: str = ""  # "this" / "next" / "coming" for a weekday alone
    offset: int | None = None  # days from the reference date: today, tomorrow
    month_offset: int | None = None  # "the 20th of next month": months after the reference's
    nth: int | None = None  # "the first Monday of December": 1..5, -1 for the last

    @property
    def is_calendar_date(self) -> bool:
        return self.day is not None



def normalize(text: str) -> str:
    """Mail text with typographic quotes, odd spaces and line breaks reduced to plain ASCII forms."""
    text = text.translate({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"', 0x2014: "–", 0x200B: None})
    return " ".join(text.split())


def weekday_number(word: str) -> int:
    return WEEKDAYS[word.strip(".").lower()[:3]]


def month_number(word: str) -> int:
    return MONTHS[word.strip(".").lower()[:3]]


def day_first(zone: dt.tzinfo | None) -> bool:
    """Whether "10/11" means 10 November for a sender in `zone` (outside the Americas it does)."""
    key = str(getattr(zone, "key", ""))
    if not key and zone is not None:
        # a bare UTC offset (a Date header's "+0700"): east of Greenwich is Europe, Africa, Asia or
        # Oceania; UTC itself is also where American systems date their mail, so it stays month-first
        offset = zone.utcoffset(None)
        return offset is not None and offset > dt.timedelta(0)
    return key.split("/")[0] in {"Europe", "Asia", "Africa", "Australia", "Pacific", "Indian"}


def find_dates(text: str, day_first_numbers: bool = False) -> list[DateMention]:
    """Every calendar expression in (normalized) `text`, in order; the longest wins where they overlap."""
    found: list[DateMention] = []
    lowered = text.lower()
    has = {need for need, (stems, pattern) in _NEEDS.items()
           if any(stem in lowered for stem in stems) and pattern.search(text)}
    patterns = [*(p for p, need in _DATE_PATTERNS if need is None or need in has),
                *(p for p, needs in _WORDED_PATTERNS if any(word in lowered for word in needs))]
    for pattern in patterns:
        for match in pattern.finditer(text):
            mention = _mention(match, day_first_numbers)
            if mention is not None:
                found.append(mention)
    return _with_trailing_weekdays(text, longest_first(found))


_BETWEEN_DATE_AND_WEEKDAY = re.compile(r"[ \t]*[,(][ \t]*|[ \t]+")


def _with_trailing_weekdays(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """A weekday written after its date ("November 19 (Thu)", "19 November, Thursday") is part of that
    date, not a second one: read alone, "Thu" would be the next Thursday, a week early."""
    merged: list[DateMention] = []
    for mention in mentions:
        previous = merged[-1] if merged else None
        if (previous is not None and previous.day is not None and previous.month is not None
                and mention.weekday is not None and mention.day is None and mention.month is None
                and not mention.relation and mention.offset is None and mention.nth is None
                and previous.weekday in (None, mention.weekday)
                and _BETWEEN_DATE_AND_WEEKDAY.fullmatch(text[previous.end:mention.start])):
            end = mention.end + 1 if text[mention.end:mention.end + 1] == ")" else mention.end
            merged[-1] = dataclasses.replace(previous, end=end, text=text[previous.start:end], weekday=mention.weekday)
            continue
        merged.append(mention)
    return merged


class _Span(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


SpanT = TypeVar("SpanT", bound=_Span)


def longest_first(spans: Iterable[SpanT], preferred: Callable[[SpanT], bool] = lambda span: True) -> list[SpanT]:
    """Text spans without overlaps, in order: of overlapping ones the longest stays (on a tie the
    `preferred`, then the earlier)."""
    chosen: list[SpanT] = []
    for span in sorted(spans, key=lambda s: (s.start, s.start - s.end, not preferred(s))):
        if not chosen or span.start >= chosen[-1].end:
            chosen.append(span)
        elif (span.end - span.start, preferred(span)) > (chosen[-1].end - chosen[-1].start, preferred(chosen[-1])):
            chosen[-1] = span
    return chosen


def _mention(match: re.Match[str], day_first_numbers: bool) -> DateMention | None:
    groups = {key: value for key, value in match.groupdict().items() if value}
    weekday = weekday_number(groups["wd"]) if "wd" in groups else None
    base = DateMention(match.start(), match.end(), match.group(0), weekday)
    if "offset" in groups:
        return dataclasses.replace(base, offset=_OFFSETS.get(groups["offset"].lower(), 2))
    if "a" in groups:
        return _numeric_mention(groups, base, day_first_numbers)
    if "on" in groups:
        return dataclasses.replace(base, day=int(groups["on"][:-2]))
    if "dayword" in groups:
        groups["day"] = str(ORDINALS[re.sub(r"[\s-]+", "-", groups["dayword"].lower())])
    if "mrel" in groups:
        return dataclasses.replace(base, day=int(groups["day"]), month_offset=0 if groups["mrel"].lower() in {"this", "current"} else 1)
    if "nth" in groups:
        year = groups.get("year")
        return dataclasses.replace(base, month=month_number(groups["month"]), nth=NTH[groups["nth"].lower()],
                                   year=None if year is None else int(year))
    if "day" not in groups:
        # "Friday of next week": the Friday of the following week; "Friday after next": the second Friday
        relation = "after" if "after" in groups else groups.get("week") or groups.get("rel", "")
        return dataclasses.replace(base, relation=" ".join(relation.lower().split()[-1:]))
    if "month" not in groups and "wd" in groups and not ("the" in groups or "dayord" in groups):
        return None  # "Thursday 10" is a weekday and an hour, not a date
    month, year = groups.get("month", ""), groups.get("year")
    return dataclasses.replace(
        base,
        month=None if not month else int(month) if month.isdigit() else month_number(month),
        day=int(groups["day"]),
        last_day=int(groups["day2"]) if "day2" in groups else None,
        year=None if year is None else int(year),
    )


def _numeric_mention(groups: dict[str, str], base: DateMention, day_first_numbers: bool) -> DateMention | None:
    first, second = int(groups["a"]), int(groups["b"])
    month, day = (second, first) if day_first_numbers else (first, second)
    if month > 12:
        month, day = day, month
    if not (1 <= month <= 12 and 1 <= day <= 31) or groups["a"] + "/" + groups["b"] == "24/7":
        return None
    year = groups.get("year")
    full_year = None if year is None else int(year) + (2000 if len(year) == 2 else 0)
    return dataclasses.replace(base, month=month, day=day, year=full_year)


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def upcoming_date(month: int, day: int, year: int | None, reference: dt.date) -> dt.date | None:
    """The next `month`/`day` on or after `reference` (up to GRACE_DAYS back stays in this year)."""
    if year is not None:
        return safe_date(year, month, day)
    for candidate_year in (reference.year, reference.year + 1):
        candidate = safe_date(candidate_year, month, day)
        if candidate is not None and candidate >= reference - dt.timedelta(days=GRACE_DAYS):
            return candidate
    return None


def upcoming_day_of_month(day: int, weekday: int | None, reference: dt.date) -> dt.date | None:
    """The next "the 19th" on or after `reference`; with a weekday ("Monday the 19th"), one that fits."""
    candidates = []
    for months_ahead in range(3):
        month_index = reference.month - 1 + months_ahead
        candidate = safe_date(reference.year + month_index // 12, month_index % 12 + 1, day)
        if candidate is not None and candidate >= reference:
            candidates.append(candidate)
    matching = [c for c in candidates if weekday is None or c.weekday() == weekday]
    return next(iter(matching or candidates), None)


def next_weekday(weekday: int, reference: dt.date, relation: str = "", same_day: bool = False) -> dt.date:
    """A named weekday: "next" = in the following Mon-Sun week; "this" = in this week (else the next);
    plain or "coming" = the first one after `reference` (or `reference` itself when `same_day`)."""
    monday = reference - dt.timedelta(days=reference.weekday())
    if relation == "after":  # "Friday after next": the Friday after the coming one
        return next_weekday(weekday, reference) + dt.timedelta(days=7)
    if relation in {"next", "following"}:
        return monday + dt.timedelta(days=7 + weekday)
    if relation == "this" and monday + dt.timedelta(days=weekday) >= reference:
        return monday + dt.timedelta(days=weekday)
    ahead = (weekday - reference.weekday()) % 7
    return reference + dt.timedelta(days=ahead if ahead or same_day else 7)


def resolve(mention: DateMention, reference: dt.date, *, last: bool = False, same_day: bool = False) -> dt.date | None:
    """The date a mention names, seen from `reference`; `last` takes the later bound of a range.
    None when there is no such date (February 30, or past the end of the calendar)."""
    try:
        return _resolve(mention, reference, last, same_day)
    except OverflowError:
        return None


def _resolve(mention: DateMention, reference: dt.date, last: bool, same_day: bool) -> dt.date | None:
    if mention.offset is not None:
        return reference + dt.timedelta(days=mention.offset)
    if mention.nth is not None and mention.month is not None and mention.weekday is not None:
        return nth_weekday_after(mention.nth, mention.weekday, mention.month, mention.year, reference)
    if mention.month_offset is not None and mention.day is not None:
        index = reference.month - 1 + mention.month_offset
        return safe_date(reference.year + index // 12, index % 12 + 1, mention.day)
    if mention.day is None:
        assert mention.weekday is not None
        # a writer means today by "today", not by today's weekday name: "15:00 on Thursday" written
        # on a Thursday morning is next week's
        return next_weekday(mention.weekday, reference, mention.relation, False)
    day = mention.last_day if last and mention.last_day else mention.day
    if mention.month is None:
        return upcoming_day_of_month(day, mention.weekday, reference)
    return upcoming_date(mention.month, day, mention.year, reference)


def nth_weekday(nth: int, weekday: int, year: int, month: int) -> dt.date | None:
    """The `nth` `weekday` of a month (-1: its last); None when the month has no such day."""
    if nth < 0:
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        last = following - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    day = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return day if day.month == month else None


def nth_weekday_after(nth: int, weekday: int, month: int, year: int | None, reference: dt.date) -> dt.date | None:
    """"The first Monday of December": in the given year, else the next one on or after `reference`."""
    if year is not None:
        return nth_weekday(nth, weekday, year, month)
    for candidate_year in (reference.year, reference.year + 1):
        day = nth_weekday(nth, weekday, candidate_year, month)
        if day is not None and day >= reference:
            return day
    return None


def next_business_day(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day

