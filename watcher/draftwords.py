"""A draft in the thread's language: the template bodies per language and the words they are filled with.

English drafts are watcher/templates/*.txt, filled by compose.py. For every other language with a
folder watcher/templates/<language>/ (de, fr, es, it, nl, pt) this module loads the three bodies and a
words.toml (weekday and month names, "the role", "at the company", the timeline question...) and
fills them itself: compose only hands a thread in such a language over to `render`. A user
overrides any of them with the same file under <[templates] dir>/<language>/ (a words.toml of
theirs replaces single entries; a folder of theirs with all three bodies and a words.toml adds a
language).

The etiquette is the English drafts': grateful and specific (the role, the company, the people met),
the timeline asked for only when none was given, never a word about not hearing back (the
languages' banned phrases are in rules/data/<language>/banned.toml). Day words stay true for a day
or two: no "today" (the user may send it tomorrow), the weekday within the last week, else the date.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from rules import names as rule_names
from rules.dates import zones
from watcher import errors
from watcher.model import Detection, FollowUp, Kind

_VOWELS = frozenset("aeiouyàâäéèêëîïôöûüAEIOUYÀÂÄÉÈÊËÎÏÔÖÛÜ")
_REQUIRED = ("nobody", "on_day", "on_date", "weekdays", "months", "the_role", "the_role_unnamed", "at_company",
             "with_people", "and", "timeline_question")


@dataclass(frozen=True)
class Language:
    """One language's three bodies and its words."""

    code: str
    bodies: Mapping[Kind, str]
    words: Mapping[str, Any]


def _builtin_codes() -> list[str]:
    root = resources.files("watcher").joinpath("templates")
    return sorted(entry.name for entry in root.iterdir() if entry.is_dir() and entry.joinpath("words.toml").is_file())


def load(override_dir: str = "", check: Callable[[Path, str], None] | None = None) -> dict[str, Language]:
    """Every language's templates, the user's files (in `override_dir`/<code>/) before ours.
    `check(path, text)` vets a user's body (compose's placeholder and banned-words check)."""
    found: dict[str, Language] = {}
    codes = set(_builtin_codes())
    if override_dir and Path(override_dir).is_dir():
        codes |= {p.name for p in Path(override_dir).iterdir() if p.is_dir() and (p / "words.toml").is_file()}
    for code in sorted(codes):
        builtin = resources.files("watcher").joinpath("templates", code)
        custom = Path(override_dir) / code if override_dir else None
        words: dict[str, Any] = {}
        if builtin.joinpath("words.toml").is_file():
            words.update(tomllib.loads(builtin.joinpath("words.toml").read_text(encoding="utf-8")))
        if custom is not None and (custom / "words.toml").is_file():
            try:
                words.update(tomllib.loads((custom / "words.toml").read_text(encoding="utf-8")))
            except tomllib.TOMLDecodeError as exc:
                raise errors.UserError(f"{custom / 'words.toml'}: not valid TOML ({exc})") from exc
        missing = [key for key in _REQUIRED if key not in words]
        if missing:
            raise errors.UserError(f"{custom or builtin}/words.toml: missing {', '.join(missing)}")
        bodies: dict[Kind, str] = {}
        for kind in Kind:
            name = f"{kind.value}.txt"
            if custom is not None and (custom / name).is_file():
                text = (custom / name).read_text(encoding="utf-8")
                if check is not None:
                    check(custom / name, text)
            elif builtin.joinpath(name).is_file():
                text = builtin.joinpath(name).read_text(encoding="utf-8")
            else:
                raise errors.UserError(f"{custom or builtin}: no {name} for the drafts in this language")
            bodies[kind] = text
        found[code] = Language(code, bodies, words)
    return found


def render(language: Language, followup: FollowUp, detection: Detection, my_name: str, now: dt.datetime) -> str:
    """The draft's text in `language`."""
    contact = detection.contact
    first = (detection.greeting or rule_names.first_name(contact.name, contact.email)) if contact else ""
    round_ = next((r for r in detection.rounds if r.index == followup.round_index), None)
    held: dt.date | None = None
    days = 0
    if round_ is not None and round_.start is not None:
        zone = zones.named_zone(detection.zone, detection.timezone_offset_minutes)  # the hiring side's
        held = round_.start.astimezone(zone).date()
        days = (now.astimezone(zone).date() - held).days
    people = [rule_names.first_name(n, "") for n in (round_.interviewers if round_ else ())]
    people = [p for p in people if p and p != first][:2]
    ask = followup.kind is Kind.THANK_YOU and round_ is not None and round_.deadline.basis == "default"
    values = fill(language, first_name=first, held=held, days_ago=days, role=detection.role_title,
                  company=detection.company_name, people=people, ask_timeline=ask)
    values |= {"my_name": my_name, "company": detection.company_name, "role": detection.role_title}
    return language.bodies[followup.kind].format_map(values).strip() + "\n"


def fill(language: Language, *, first_name: str, held: dt.date | None, days_ago: int, role: str, company: str,
         people: Sequence[str], ask_timeline: bool) -> dict[str, str]:
    """The placeholders that carry words, in `language`. The day: none when the interview was today
    or is unknown, its weekday within the last week, else its date."""
    w = language.words
    if role:
        elided = w.get("the_role_elided")
        pattern = str(elided) if elided and role[0] in _VOWELS else str(w["the_role"])
        the_role = pattern.format(role=role)
    else:
        the_role = str(w["the_role_unnamed"])
    when = ""
    if held is not None and days_ago > 0:
        if days_ago < 7:
            when = str(w["on_day"]).format(weekday=list(w["weekdays"])[held.weekday()])
        else:
            day = str(w.get("first_of_month", held.day)) if held.day == 1 else str(held.day)
            when = str(w["on_date"]).format(day=day, month=list(w["months"])[held.month - 1])
    return {
        "first_name": first_name or str(w["nobody"]),
        "when_phrase": when,
        "the_role": the_role,
        "at_company": str(w["at_company"]).format(company=company) if company else "",
        "with_interviewers": str(w["with_people"]).format(people=str(w["and"]).join(people)) if people else "",
        "timeline_question": str(w["timeline_question"]) if ask_timeline else "",
    }
