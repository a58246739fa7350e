"""A draft in the thread's language: the template bodies per language and the words they are filled with.

English drafts are watcher/templates/*.txt, filled by compose.py. For every other language with a
folder watcher/templates/<language>/ (de, fr, es) this module loads the three bodies and a
words.toml (the weekday names, "the role", "at the company", the timeline question...), and gives
compose the placeholder values in that language. A user overrides any of them with the same file
under <[drafts] templates dir>/<language>/ (a words.toml of theirs replaces single entries).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from watcher import errors
from watcher.model import Kind

_VOWELS = frozenset("aeiouyàâäéèêëîïôöûüAEIOUYÀÂÄÉÈÊËÎÏÔÖÛÜ")
_REQUIRED = ("nobody", "today", "on_day", "weekdays", "the_role", "the_role_unnamed", "at_company", "with_people", "and",
             "timeline_question")


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


def values(language: Language, *, first_name: str, day: dt.date | None, role: str, company: str,
           people: Sequence[str], ask_timeline: bool) -> dict[str, str]:
    """The placeholders that carry words, in `language` (`day` None: the interview was today)."""
    w = language.words
    if role:
        elided = w.get("the_role_elided")
        pattern = str(elided) if elided and role[0] in _VOWELS else str(w["the_role"])
        the_role = pattern.format(role=role)
    else:
        the_role = str(w["the_role_unnamed"])
    if day is None:
        when = str(w["today"])
    else:
        when = str(w["on_day"]).format(weekday=list(w["weekdays"])[day.weekday()])
    return {
        "first_name": first_name or str(w["nobody"]),
        "when_phrase": when,
        "the_role": the_role,
        "at_company": str(w["at_company"]).format(company=company) if company else "",
        "with_interviewers": str(w["with_people"]).format(people=str(w["and"]).join(people)) if people else "",
        "timeline_question": str(w["timeline_question"]) if ask_timeline else "",
    }
