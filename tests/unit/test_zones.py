"""rules.dates.zones: zone words and Date-header offsets -> IANA zones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from rules.dates import zones

OCTOBER = dt.datetime(2026, 10, 12, 21, 5, tzinfo=dt.UTC)  # US and EU still on summer time
DECEMBER = dt.datetime(2026, 12, 7, 15, 0, tzinfo=dt.UTC)  # everyone on standard time


def hours(value: float) -> dt.timedelta:
    return dt.timedelta(hours=value)


@pytest.mark.parametrize(
    ("word", "zone"),
    [
        ("Central", "America/Chicago"), ("CT", "America/Chicago"), ("CDT", "America/Chicago"),
        ("Eastern", "America/New_York"), ("ET", "America/New_York"), ("US Eastern", "America/New_York"),
        ("Eastern Time (US & Canada)", "America/New_York"), ("PT", "America/Los_Angeles"),
        ("Pacific", "America/Los_Angeles"), ("Pacific Standard Time", "America/Los_Angeles"),
        ("Arizona time", "America/Phoenix"), ("BST", "Europe/London"), ("Irish time", "Europe/Dublin"),
        ("Dublin", "Europe/Dublin"), ("London", "Europe/London"), ("UK time", "Europe/London"),
        ("CET", "Europe/Berlin"), ("CEST", "Europe/Berlin"), ("IST", "Asia/Kolkata"),
        ("Irish Standard Time", "Europe/Dublin"), ("AEST", "Australia/Sydney"), ("Singapore", "Asia/Singapore"),
        ("central", "America/Chicago"), ("  Mountain  time ", "America/Denver"),
        ("SAST", "Africa/Johannesburg"), ("South Africa time", "Africa/Johannesburg"), ("KST", "Asia/Seoul"),
        ("São Paulo time", "America/Sao_Paulo"), ("MEZ", "Europe/Berlin"),
        ("Swedish time", "Europe/Stockholm"), ("Atlantic Time", "America/Halifax"), ("Dutch time", "Europe/Amsterdam"),
    ],
)  # fmt: skip
def test_zone_word_names_its_iana_zone(word: str, zone: str) -> None:
    assert zones.zone_for_word(word) == ZoneInfo(zone)


@pytest.mark.parametrize("word", ["GMT", "UTC"])
def test_gmt_is_fixed_utc_not_london_summer_time(word: str) -> None:
    assert zones.zone_for_word(word) == dt.UTC


@pytest.mark.parametrize("word", ["", "Gotham", "time", "Monday"])
def test_unknown_word_names_no_zone(word: str) -> None:
    assert zones.zone_for_word(word) is None


@pytest.mark.parametrize(
    ("offset", "at", "zone"),
    [
        (hours(-4), OCTOBER, "America/New_York"),
        (hours(-5), OCTOBER, "America/Chicago"),
        (hours(-5), DECEMBER, "America/New_York"),
        (hours(-6), DECEMBER, "America/Chicago"),
        (hours(-7), OCTOBER, "America/Los_Angeles"),
        (hours(-7), DECEMBER, "America/Denver"),
        (hours(-8), DECEMBER, "America/Los_Angeles"),
        (hours(1), OCTOBER, "Europe/London"),
        (hours(0), DECEMBER, "Europe/London"),
        (hours(1), DECEMBER, "Europe/Berlin"),
        (hours(5.5), OCTOBER, "Asia/Kolkata"),
        (hours(8), OCTOBER, "Asia/Singapore"),
        (hours(11), DECEMBER, "Australia/Sydney"),
    ],
)
def test_guess_zone_takes_the_first_preferred_zone_with_that_offset(offset: dt.timedelta, at: dt.datetime, zone: str) -> None:
    assert zones.guess_zone(offset, at) == ZoneInfo(zone)


def test_guess_zone_falls_back_to_a_fixed_offset() -> None:
    guessed = zones.guess_zone(hours(3.25), OCTOBER)
    assert guessed == dt.timezone(hours(3.25))
    assert OCTOBER.astimezone(guessed).utcoffset() == hours(3.25)


def test_guess_zone_reads_the_offset_at_the_given_moment_across_dst() -> None:
    before, after = dt.datetime(2026, 10, 31, 12, tzinfo=dt.UTC), dt.datetime(2026, 11, 2, 12, tzinfo=dt.UTC)
    assert zones.guess_zone(hours(-5), before) == ZoneInfo("America/Chicago")
    assert zones.guess_zone(hours(-5), after) == ZoneInfo("America/New_York")


def test_extra_data_dir_adds_words_and_reorders_the_preference(tmp_path: Path) -> None:
    (tmp_path / "timezones.toml").write_text(
        '[names]\n"gotham" = "America/New_York"\n[guess]\npreference = ["America/Toronto"]\n'
    )
    words = zones.load_zone_words([tmp_path])
    assert zones.zone_for_word("Gotham time", words=words) == ZoneInfo("America/New_York")
    assert zones.zone_for_word("Central", words=words) == ZoneInfo("America/Chicago")
    assert zones.guess_zone(hours(-4), OCTOBER, words=words) == ZoneInfo("America/Toronto")


def test_greenwich_headers_from_mail_that_names_an_english_county_are_london_time() -> None:
    from rules.dates import clock
    at = dt.datetime(2026, 10, 27, 16, 20, tzinfo=dt.UTC)
    text = "The process will run over two days at the school (Marlowe Lane, Hitchin, Hertfordshire)."
    mine = [at.astimezone(ZoneInfo("America/New_York"))]  # the user writes from New York
    assert clock.hiring_zone([(text, at)], [], [at], mine).zone == ZoneInfo("Europe/London")


def test_counter_example_new_hampshire_is_no_english_county() -> None:
    from rules.dates import clock
    at = dt.datetime(2026, 10, 27, 16, 20, tzinfo=dt.UTC)
    text = "The interview is at our office in Concord, New Hampshire."
    mine = [at.astimezone(ZoneInfo("America/New_York"))]
    assert clock.hiring_zone([(text, at)], [], [at], mine).zone != ZoneInfo("Europe/London")
