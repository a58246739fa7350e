"""rules/literals.py: the literal starts of a pattern, a prefilter that must never hide a match."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

from rules import literals

ROOT = Path(__file__).resolve().parents[2]


def test_a_word_with_optional_endings_starts_with_the_word() -> None:
    assert literals.starts(r"\binterview(s|ed|ing)?\b", re.I) == ("interview",)


def test_alternatives_each_give_their_start() -> None:
    assert literals.starts(r"\b(phone|video) (call|chat)\b", re.I) == (
        "phone call", "phone chat", "video call", "video chat")


def test_case_does_not_matter() -> None:
    assert literals.starts(r"Super ?Day", re.I) == ("super day", "superday")


def test_an_optional_first_word_gives_the_starts_with_and_without_it() -> None:
    assert literals.starts(r"\b(please )?submit your\b", re.I) == ("please submit your", "submit your")


def test_a_pattern_that_can_start_with_a_short_word_is_always_run() -> None:
    assert literals.starts(r"\b(no|not)\b.{0,20}\binterview\b", re.I) is None


def test_a_pattern_that_starts_with_a_class_is_always_run() -> None:
    assert literals.starts(r"[a-z]+ job\b", re.I) is None


def test_a_pattern_the_parser_refuses_is_always_run() -> None:
    assert literals.starts(r"(unclosed", re.I) is None


def _patterns() -> list[str]:
    found = []
    for path in sorted((ROOT / "rules" / "data").rglob("*.toml")):
        def walk(value: object) -> None:
            if isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                found.extend(v for v in value if isinstance(v, str) and ("\\b" in v or "(" in v))
        walk(tomllib.loads(path.read_text(encoding="utf-8")))
    return found


def _texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "tests" / "scenarios").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for message in data.get("messages", []):
            body = message.get("body", {})
            texts += [str(body.get(k) or "") for k in ("text", "html")]
            texts.append(str(message.get("headers", {}).get("Subject", "")))
    return [t for t in texts if t]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


def test_every_match_in_the_scenarios_holds_one_of_its_patterns_starts(texts: list[str]) -> None:
    """Soundness on real data: every phrase pattern of every language, over every scenario's mail."""
    missed = []
    for pattern in _patterns():
        try:
            compiled = re.compile(pattern, re.I)
        except re.error:
            continue
        starts = literals.starts(pattern, re.I)
        if starts is None:
            continue
        for text in texts:
            if compiled.search(text) and not any(s in text.casefold() for s in starts):
                missed.append((pattern, text[:80]))
    assert missed == []


def test_every_phrase_pattern_compiles() -> None:
    """Phrase patterns are compiled when a text first holds their start: a broken one must show here,
    not on the day a message happens to hold its words."""
    broken = []
    for path in sorted((ROOT / "rules" / "data").rglob("phrases.toml")):
        for section in tomllib.loads(path.read_text(encoding="utf-8")).values():
            for value in section.values() if isinstance(section, dict) else ():
                for pattern in value if isinstance(value, list) else ():
                    try:
                        re.compile(str(pattern), re.I)
                    except re.error as error:
                        broken.append((path.name, pattern, str(error)))
    assert broken == []


def test_a_long_start_ends_at_max_length() -> None:
    """Past MAX_LENGTH characters the pattern is not read: its optional parts would multiply the work."""
    pattern = r"\bwe will be in touch with you (very )?(soon|shortly|next week)\b"
    assert literals.starts(pattern, re.I) == ("we will be in touch with you"[:literals.MAX_LENGTH],)


def test_answers_kept_by_an_earlier_process_are_used_and_new_ones_are_reported() -> None:
    literals.found_new()
    # a pattern no data file holds, with an answer no parser would give: only `learn` can be its source
    literals.learn({f"{re.I}:\\bkept-elsewhere\\b": ["kept answer"]})
    assert literals.starts(r"\bkept-elsewhere\b", re.I) == ("kept answer",)
    assert not literals.found_new()
    assert literals.starts(r"\bfreshly parsed (here|now)\b", re.I) == ("freshly parsed here", "freshly parsed now")
    assert literals.found_new() and not literals.found_new()
    kept = literals.known()
    assert kept[f"{re.I}:\\bfreshly parsed (here|now)\\b"] == ["freshly parsed here", "freshly parsed now"]
    assert literals.starts(r"[a-z]+ chore\b", re.I) is None
    assert literals.known()[f"{re.I}:[a-z]+ chore\\b"] is None  # "always run" is kept too
