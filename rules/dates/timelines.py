"""Timeline rules: every family of timeline phrase ("the week after next", "in 3-5 business days",
"early December", "before Christmas", "end of Q1") is a named `Rule` whose `resolve(match,
reference)` gives the day it names, seen from `reference` (the message's date in the hiring side's
zone). The rules are built from the data files (`rules/data/deadline_phrases.toml`,
`rules/data/holidays.toml`); the deadline reader decides which of them counts.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rules.dates import mentions

Resolver = Callable[[re.Match[str], dt.date], dt.date | None]


@dataclass(frozen=True)
class Rule:
    """One family of timeline phrases: its name, its pattern and how a match becomes a day."""

    name: str
    pattern: re.Pattern[str]
    resolver: Resolver
    needs: tuple[str, ...] = ()  # lower-case words one of which a text must have to be searched at all

    def may_match(self, lowered: str) -> bool:
        """False when `lowered` (a lower-cased text) cannot hold a match: a cheap test before the search."""
        return not self.needs or any(word in lowered for word in self.needs)

    def resolve(self, match: re.Match[str], reference: dt.date) -> dt.date | None:
        """The day `match` names, seen from `reference`; None when it names none."""
        return self.resolver(match, reference)


def build(phrases: dict[str, Any], holidays: list[dict[str, Any]]) -> tuple[Rule, ...]:
    """Every timeline rule, from the parsed phrase and holiday tables."""
    return (*_table_rules(phrases), Rule("calendar week", _CALENDAR_WEEK, _calendar_week, needs=("week", "kw", "cw")),
            Rule("duration", *_duration_rule(phrases), needs=("hour", "day", "week", "month", "fortnight")),
            Rule("part of a month", *_month_part_rule(phrases["month_part"]), needs=tuple(mentions.MONTHS)),
            Rule("holiday", *_holiday_rule(holidays)),
            Rule("weekdays from now", *_weekday_count_rule(phrases), needs=("from",)),
            Rule("quarter", _QUARTER, _quarter, needs=("quarter", "q1", "q2", "q3", "q4")))


# --- calendar arithmetic -----------------------------------------------------------------------


def week_day(d: dt.date, weeks: int, weekday: int) -> dt.date:
    """`weekday` of the Mon-Sun week `weeks` after d's; in d's own week a past day means next week's."""
    day = d - dt.timedelta(days=d.weekday()) + dt.timedelta(days=7 * weeks + weekday)
    return day + dt.timedelta(days=7) if weeks == 0 and day < d else day


def month_day(year: int, month: int, day: int) -> dt.date:
    """`day` of a month, 31 meaning its last day and 0 the day before it begins."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    first = dt.date(year, month, 1)
    if day == 0:
        return first - dt.timedelta(days=1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return min(first + dt.timedelta(days=day - 1), following - dt.timedelta(days=1))


def add_months(d: dt.date, months: int) -> dt.date:
    return month_day(d.year, d.month + months, d.day)


def add_business_days(d: dt.date, days: int) -> dt.date:
    for _ in range(days):
        d = mentions.next_business_day(d)
    return d


def next_on_or_after(d: dt.date, month: int, day: int) -> dt.date:
    this_year = month_day(d.year, month, day)
    return this_year if this_year >= d else month_day(d.year + 1, month, day)


# --- phrase rules built from the data files ----------------------------------------------------


def _table_rules(phrases: dict[str, Any]) -> list[Rule]:
    def rule(name: str, pattern: str, resolve: Callable[[dt.date], dt.date]) -> Rule:
        return Rule(name, re.compile(rf"\b(?:{pattern})", re.IGNORECASE), lambda match, d: resolve(d))

    return [
        *(rule("week", p, functools.partial(week_day, weeks=w, weekday=k)) for p, (w, k) in phrases["week"].items()),
        *(rule("day offset", p, functools.partial(_add_days, days=n)) for p, n in phrases["day_offset"].items()),
        *(rule("month offset", p, functools.partial(_month_offset, months=m, day=k))
          for p, (m, k) in phrases["month_offset"].items()),
        *(rule("fixed day", p, functools.partial(next_on_or_after, month=m, day=k))
          for p, (m, k) in phrases["fixed_day"].items()),
    ]


# "in calendar week 51", "KW 51", "by week 51": the Friday of that ISO 8601 week, this year or next
_CALENDAR_WEEK = re.compile(r"\b(?:(?:calendar|cal\.?|ISO)\s+week|KW|CW|week)\s*(?:no\.?\s*)?(?P<week>[1-9]|[1-4]\d|5[0-3])\b",
                            re.IGNORECASE)


def _calendar_week(match: re.Match[str], d: dt.date) -> dt.date:
    week = int(match.group("week"))
    for year in (d.isocalendar().year, d.isocalendar().year + 1):
        try:
            friday = dt.date.fromisocalendar(year, week, 5)
        except ValueError:
            continue
        if friday >= d:
            return friday
    return d


def _add_days(d: dt.date, days: int) -> dt.date:
    return d + dt.timedelta(days=days)


def _month_offset(d: dt.date, months: int, day: int) -> dt.date:
    day_in_month = month_day(d.year, d.month + months, day)
    return day_in_month if day_in_month >= d else month_day(d.year, d.month + 1, day)


def _alternatives(table: dict[str, Any], prefix: str) -> str:
    return "|".join(f"(?P<{prefix}{i}>{pattern})" for i, pattern in enumerate(table))


_WEEK_END = 100  # a month_part above it: the end of that week of the month (101: the first)


def _month_part_rule(table: dict[str, int]) -> tuple[re.Pattern[str], Resolver]:
    pattern = re.compile(
        rf"\b(?:{_alternatives(table, 'part')})[\s-]+(?:of\s+)?(?P<month>{mentions.MONTH_PATTERN})"
        r"(?:,?\s+(?P<year>20\d\d))?(?![\s,]*\d{1,2}(?:st|nd|rd|th)?\b)",
        re.IGNORECASE,
    )
    days = list(table.values())

    def resolve(match: re.Match[str], d: dt.date) -> dt.date:
        month = mentions.month_number(match.group("month"))
        year = int(match.group("year") or (d.year if month >= d.month else d.year + 1))
        part = next(name for name, value in match.groupdict().items() if value and name.startswith("part"))
        day = days[int(part.removeprefix("part"))]
        if day > _WEEK_END:  # the Friday ending the month's first, second... week
            third = dt.date(year, month, 3)
            return third + dt.timedelta(days=(4 - third.weekday()) % 7 + 7 * (day - _WEEK_END - 1))
        return month_day(year, month, day)

    return pattern, resolve


def _amount_pattern(phrases: dict[str, Any]) -> str:
    words = sorted([*phrases["numbers"], *phrases["fuzzy_numbers"]], key=len, reverse=True)
    return r"(?:\d+|" + "|".join(f"(?:{w})" for w in words) + ")"


def _duration_rule(phrases: dict[str, Any]) -> tuple[re.Pattern[str], Resolver]:
    amount = _amount_pattern(phrases)
    pattern = re.compile(
        r"\b(?:(?P<lead>within|in|inside(?:\s+of)?|over|during|after|takes?|taking|give\s+us|allow|up\s+to|"
        r"need(?:s|ed)?|needing|usually|typically|normally|generally)\s+(?:the\s+)?)?(?P<next>(?:next|coming|following|upcoming)\s+)?"
        r"(?:about\s+|around\s+|approximately\s+|approx\.?\s*|roughly\s+|ca\.\s*|circa\s+)?(?P<another>another\s+|one\s+more\s+|an?\s+(?:extra|further|additional)\s+)?"
        rf"(?P<n1>{amount})?(?:\s*(?:-|–|to|or)\s*(?P<n2>{amount}))?\s*(?P<business>business\s+|working\s+|work\s+)?"
        r"(?P<unit>hours?|days?|weeks?|months?|fortnight)\b(?:\x27s?\s+time)?"
        rf"(?:\s+or\s+(?P<n3>{amount}|so)\b)?"
        rf"(?:\s+from\s+(?P<anchor>today|now|tomorrow|{mentions.WEEKDAY_PATTERN})|\s+(?P<hence>hence)\b)?",
        re.IGNORECASE,
    )
    numbers = [(re.compile(p, re.IGNORECASE), n) for p, n in phrases["numbers"].items()]
    fuzzy = [(re.compile(p, re.IGNORECASE), n) for p, n in phrases["fuzzy_numbers"].items()]

    def value(text: str | None, unit: str) -> int | None:
        if text is None or text.lower() == "so":
            return None
        if text.isdigit():
            return int(text)
        found = [n for p, n in numbers if p.fullmatch(text)] + [n[unit] for p, n in fuzzy if p.fullmatch(text)]
        return found[0] if found else None

    def resolve(match: re.Match[str], d: dt.date) -> dt.date | None:
        unit = match.group("unit").lower().rstrip("s")
        if not (match.group("lead") or match.group("anchor") or match.group("hence") or match.group("next")) \
                or not (match.group("n1") or match.group("next") or match.group("another")
                        or (unit == "fortnight" and match.group("lead"))):
            # "two weeks" alone is not a timeline; "in the next week" is one week, "next 3 days" three,
            # "within the fortnight" (British and Irish English) two weeks
            return None
        # "we need another week": a week from the day it is said (the promise it replaces is not re-read)
        unit, scale = ("day", 14) if unit == "fortnight" else (unit, 1)
        amounts = [value(match.group(g), unit) for g in ("n1", "n2", "n3")]
        # "in the coming days" has no number: as many as "a few"
        unnamed = value("few", unit) if match.group("unit").lower().endswith("s") else 1
        count = scale * max([a for a in amounts if a is not None] or [unnamed or 1])
        start = _anchor(match.group("anchor"), d)
        if match.group("business") and unit == "day":
            return add_business_days(start, count)
        if unit == "month":
            return add_months(start, count)
        return start + dt.timedelta(days=count * 7 if unit == "week" else -(-count // 24) if unit == "hour" else count)

    return pattern, resolve


def _weekday_count_rule(phrases: dict[str, Any]) -> tuple[re.Pattern[str], Resolver]:
    """"3 Fridays from now", "two sundays from today": the nth coming such weekday."""
    pattern = re.compile(rf"\b(?P<n>\d|{_number_words(phrases)})\s+(?P<wd>(?:mon|tues|wednes|thurs|fri|satur|sun)day)s\s+from\s+(?:now|today)\b",
                         re.IGNORECASE)
    numbers = [(re.compile(p, re.IGNORECASE), n) for p, n in phrases["numbers"].items()]

    def resolve(match: re.Match[str], d: dt.date) -> dt.date | None:
        word = match.group("n")
        count = int(word) if word.isdigit() else next((n for p, n in numbers if p.fullmatch(word)), 0)
        if count < 1:
            return None
        return mentions.next_weekday(mentions.weekday_number(match.group("wd")), d) + dt.timedelta(days=7 * (count - 1))

    return pattern, resolve


def _number_words(phrases: dict[str, Any]) -> str:
    return "|".join(f"(?:{w})" for w in sorted(phrases["numbers"], key=len, reverse=True))


_QUARTER_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": 4}
# "in Q1", "by the end of the quarter", "the first quarter of next year", "end of Q4 2027"
_QUARTER = re.compile(
    r"\b(?:(?:the\s+)?(?:end|close)\s+of\s+)?(?:the\s+)?(?:(?:calendar\s+)?Q(?P<q>[1-4])\b|(?P<word>first|1st|second|2nd|third|3rd|fourth|4th|last)\s+quarter\b"
    r"|(?P<rel>this|the|current|next|following)\s+quarter\b)"
    r"(?:\s+(?:of\s+)?(?P<year>20\d\d\b|next\s+year\b|this\s+year\b))?",
    re.IGNORECASE,
)


def _quarter(match: re.Match[str], d: dt.date) -> dt.date | None:
    """The last day of the quarter named (calendar quarters; a fiscal year that differs would have to be said)."""
    current = (d.month - 1) // 3 + 1
    year_word = (match.group("year") or "").lower()
    year = int(year_word) if year_word.isdigit() else d.year + 1 if year_word.startswith("next") else None
    if match.group("rel"):
        quarter = current + (1 if match.group("rel").lower() in {"next", "following"} else 0)
        year, quarter = (year or d.year) + (quarter - 1) // 4, (quarter - 1) % 4 + 1
    else:
        quarter = int(match.group("q")) if match.group("q") else _QUARTER_WORDS[match.group("word").lower()]
    end = month_day(year or d.year, quarter * 3, 31)
    return end if year is not None or end >= d else month_day(d.year + 1, quarter * 3, 31)


def _anchor(word: str | None, d: dt.date) -> dt.date:
    if word is None or word.lower() in {"today", "now"}:
        return d
    if word.lower() == "tomorrow":
        return d + dt.timedelta(days=1)
    return mentions.next_weekday(mentions.weekday_number(word), d)


@dataclass(frozen=True)
class _Holiday:
    month: int
    day: int | None
    nth_weekday: tuple[int, int] | None
    after: str
    offset: int = 0  # days after the dated day: Black Friday is Thanksgiving + 1

    def in_year(self, year: int) -> dt.date:
        if self.day is not None:
            return dt.date(year, self.month, self.day) + dt.timedelta(days=self.offset)
        nth, weekday = self.nth_weekday or (1, 0)
        day = mentions.nth_weekday(nth, weekday, year, self.month) or dt.date(year, self.month, 1)
        return day + dt.timedelta(days=self.offset)

    def first_since(self, d: dt.date) -> dt.date:
        return next(h for h in (self.in_year(y) for y in (d.year - 1, d.year, d.year + 1)) if h >= d)

    def day_after(self, holiday: dt.date) -> dt.date:
        if self.after == "january-10":
            return next_on_or_after(holiday + dt.timedelta(days=1), 1, 10)
        return holiday + dt.timedelta(days=7 - holiday.weekday() + 4)  # Monday after + 4 days


def days_off(entries: list[dict[str, Any]]) -> tuple[tuple[_Holiday, frozenset[str]], ...]:
    """The holidays that are a day off for nearly every employer in the countries they list (`closed_in`)."""
    found = []
    for entry in entries:
        if entry.get("closed_in"):
            nth = entry.get("nth_weekday")
            found.append((_Holiday(entry["month"], entry.get("day"), (nth[0], nth[1]) if nth else None,
                                   entry.get("after", ""), entry.get("offset_days", 0)),
                          frozenset(str(c).upper() for c in entry["closed_in"])))
    return tuple(found)


def closed_between(off: tuple[tuple[_Holiday, frozenset[str]], ...], country: str, first: dt.date,
                   last: dt.date) -> set[dt.date]:
    """The days off of `country` from `first` to `last`."""
    if not country:
        return set()
    return {day for holiday, countries in off if country in countries
            for year in range(first.year, last.year + 1) if first <= (day := holiday.in_year(year)) <= last}


def _holiday_rule(entries: list[dict[str, Any]]) -> tuple[re.Pattern[str], Resolver]:
    by_name: dict[str, _Holiday] = {}
    for entry in entries:
        nth = entry.get("nth_weekday")
        holiday = _Holiday(entry["month"], entry.get("day"), (nth[0], nth[1]) if nth else None, entry.get("after", ""),
                           entry.get("offset_days", 0))
        by_name.update({name.lower().removeprefix("the "): holiday for name in entry["names"]})
    names = "|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True))
    pattern = re.compile(
        r"\b(?:(?P<prep>by|before|prior\s+to|ahead\s+of|until|till|after|following|post|once|in|into|on|around|over|at|for|with)\s+)?"
        rf"(?:the\s+)?(?P<name>{names})(?:\s+(?:break|holidays?|weekend|week|vacation|period))?(?:\s+(?:is|are)\s+over)?\b(?:,?\s+(?P<year>20\d\d)\b)?",
        re.IGNORECASE,
    )

    def resolve(match: re.Match[str], d: dt.date) -> dt.date | None:
        holiday = by_name[" ".join(match.group("name").lower().split())]
        prep = (match.group("prep") or "-").lower().split()[0]
        if match.group("year"):  # "Thanksgiving 2027"
            d = max(d, dt.date(int(match.group("year")), 1, 1))
        if prep in {"after", "following", "post", "once", "in", "into"}:  # a holiday just past still counts
            return holiday.day_after(holiday.first_since(d - dt.timedelta(days=14)))
        if prep in {"for", "with"}:
            # "hiring for the holiday season", "with the Thanksgiving holiday next week": the holiday is the
            # circumstance, no timeline by it
            return None
        day = holiday.first_since(d)
        return day - dt.timedelta(days=1) if prep in {"by", "before", "prior", "ahead", "until", "till"} else day

    return pattern, resolve

