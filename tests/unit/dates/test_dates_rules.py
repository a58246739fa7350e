"""The date rules one family at a time, each with counter-examples: calendar mentions
(rules.dates.mentions), timeline rules (rules.dates.timelines) and the German, French and Spanish
rewrites (rules.dates.languages)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from rules.dates import deadline, languages, mentions, slots, vocab

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
WEDNESDAY = dt.date(2026, 11, 4)
SAID_AT = dt.datetime(2026, 11, 4, 10, 0, tzinfo=NEW_YORK)


def day_of(text: str, reference: dt.date = WEDNESDAY) -> dt.date | None:
    found = mentions.find_dates(mentions.normalize(text))
    assert len(found) == 1, found
    return mentions.resolve(found[0], reference)


@pytest.mark.parametrize(("text", "expected"), [
    ("the first of March", dt.date(2027, 3, 1)),
    ("March third", dt.date(2027, 3, 3)),
    ("the twenty-first of December", dt.date(2026, 12, 21)),
    ("by may 8", dt.date(2027, 5, 8)),
    ("the 20th of next month", dt.date(2026, 12, 20)),
    ("20 of this month", dt.date(2026, 11, 20)),
    ("the first Monday of December", dt.date(2026, 12, 7)),
    ("the last Friday of November", dt.date(2026, 11, 27)),
    ("the second Tuesday in December 2027", dt.date(2027, 12, 14)),
    ("Friday of next week", dt.date(2026, 11, 13)),
    ("Friday after next", dt.date(2026, 11, 13)),
    ("Monday after next", dt.date(2026, 11, 16)),
    ("thu", dt.date(2026, 11, 5)),
    ("on 24th", dt.date(2026, 11, 24)),
    ("2026/12/03", dt.date(2026, 12, 3)),
    ("by wed the 4th latest", dt.date(2026, 11, 4)),  # lower case, typed on a phone
    ("sat 14th works", dt.date(2026, 11, 14)),
])
def test_a_calendar_mention_names_its_day(text: str, expected: dt.date) -> None:
    assert day_of(text) == expected


@pytest.mark.parametrize("text", [
    "You may want to prepare a short demo.",  # "may" the verb
    "We sat down with the team.",  # "sat" the verb
    "They wed the day after.",  # "wed" the verb, no day of the month after it
    "The first step is a short call.",  # an ordinal that is no day
    "Our second round takes an hour.",
])
def test_words_that_only_look_like_dates_are_none(text: str) -> None:
    assert mentions.find_dates(mentions.normalize(text)) == []


def test_the_fifth_monday_of_a_month_that_has_four_is_no_day() -> None:
    assert mentions.nth_weekday(5, 0, 2027, 2) is None


def test_every_timeline_rule_is_named_and_resolves_its_own_matches() -> None:
    rules = deadline.load_vocabulary([]).rules
    assert {"week", "duration", "holiday", "quarter", "part of a month", "weekdays from now"} <= {r.name for r in rules}
    quarter = next(r for r in rules if r.name == "quarter")
    match = quarter.pattern.search("by the end of the quarter")
    assert match is not None and quarter.resolve(match, WEDNESDAY) == dt.date(2026, 12, 31)


@pytest.mark.parametrize(("phrase", "expected"), [
    ("in Q3", dt.date(2027, 9, 30)),  # the third quarter is past: next year's
    ("next quarter", dt.date(2027, 3, 31)),
    ("end of Q4 2027", dt.date(2027, 12, 31)),
    ("3 Fridays from now", dt.date(2026, 11, 20)),
    ("two weeks hence", dt.date(2026, 11, 18)),
    ("the next 3 days", dt.date(2026, 11, 7)),
    ("Black Friday", dt.date(2026, 11, 27)),
])
def test_a_timeline_rule_names_its_day(phrase: str, expected: dt.date) -> None:
    match = deadline.find_deadline(f"We will get back to you {phrase}.", SAID_AT)
    assert match is not None and match.date == expected


@pytest.mark.parametrize("text", ["Please revert with your availability by Monday.",
                                  "Kindly revert by Monday with your preferred slot."])
def test_the_candidate_asked_to_revert_is_no_timeline(text: str) -> None:
    assert deadline.find_deadline(text, SAID_AT) is None


def test_a_quarter_needs_the_word_or_a_q_number() -> None:
    assert deadline.find_deadline("We will decide once a quarter of the candidates have been seen.", SAID_AT) == \
        deadline.DeadlineMatch(None, "vague", "We will decide once a quarter of the candidates have been seen.",
                               "once a quarter of the candidates have been seen")


# --- German, French, Spanish ----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "english"), [
    ("Wir melden uns bis Ende nächster Woche.", "by the end of next week"),
    ("Wir entscheiden bis zum 20. November.", "by 20 November"),
    ("Nous reviendrons vers vous d'ici vendredi.", "by Friday"),
    ("Nous vous répondrons avant la fin de la semaine prochaine.", "by the end of next week"),
    ("Le daremos una respuesta antes del viernes.", "by Friday"),
    ("Nos pondremos en contacto la próxima semana.", "next week"),
    ("Tomaremos una decisión antes del 20 de noviembre.", "by 20 November"),
])
def test_a_foreign_timeline_is_rewritten_into_its_english_form(text: str, english: str) -> None:
    assert english in languages.to_english(text, ())


@pytest.mark.parametrize("text", [
    "I am 30 minutes away and will decide by Friday.",
    "We will get back to you by the end of next week.",
])
def test_english_text_keeps_its_words(text: str) -> None:
    assert languages.to_english(text, ()) == text


def test_guten_morgen_is_a_greeting_not_tomorrow() -> None:
    match = deadline.find_deadline("Guten Morgen Alex, wir melden uns bis Freitag.", SAID_AT, BERLIN)
    assert match is not None and match.date == dt.date(2026, 11, 6)


def test_a_german_deadline_quotes_the_sentence_as_written() -> None:
    match = deadline.find_deadline("Wir melden uns bis Ende nächster Woche.", SAID_AT, BERLIN)
    assert match is not None
    assert (match.date, match.sentence) == (dt.date(2026, 11, 13), "Wir melden uns bis Ende nächster Woche.")


def test_a_german_dotted_day_does_not_end_the_sentence() -> None:
    match = deadline.find_deadline("Wir entscheiden bis zum 3. Dezember. Danke für Ihre Geduld.", SAID_AT, BERLIN)
    assert match is not None and match.date == dt.date(2026, 12, 3)


@pytest.mark.parametrize(("text", "expected"), [
    ("Passt Ihnen Dienstag, 10. November um 14:00 Uhr?", dt.datetime(2026, 11, 10, 14, 0, tzinfo=BERLIN)),
    ("Wir sehen uns am 10. November um 9 Uhr.", dt.datetime(2026, 11, 10, 9, 0, tzinfo=BERLIN)),
    ("Seriez-vous disponible mardi 10 novembre à 14h30 ?", dt.datetime(2026, 11, 10, 14, 30, tzinfo=BERLIN)),
    ("¿Le viene bien el martes 10 de noviembre a las 10:00?", dt.datetime(2026, 11, 10, 10, 0, tzinfo=BERLIN)),
    ("¿Le viene bien el jueves a las 4 de la tarde?", dt.datetime(2026, 11, 5, 16, 0, tzinfo=BERLIN)),
])
def test_a_foreign_interview_slot_is_read(text: str, expected: dt.datetime) -> None:
    found = slots.find_slots(text, SAID_AT, BERLIN)
    assert [s.start for s in found] == [expected]


def test_a_time_written_the_french_way_in_english_mail_is_read() -> None:
    found = slots.find_slots("Could you do Tuesday 10 November at 15h30 (Paris time)?", SAID_AT, BERLIN)
    assert [s.start for s in found] == [dt.datetime(2026, 11, 10, 15, 30, tzinfo=BERLIN)]


@pytest.mark.parametrize(("words", "hour", "minute"), [("half past two", 14, 30), ("quarter past 10", 10, 15),
                                                    ("a quarter to three", 14, 45)])
def test_a_time_in_words_is_read(words: str, hour: int, minute: int) -> None:
    found = slots.find_slots(f"Could you do Tuesday 10 November at {words}?", SAID_AT, BERLIN)
    assert [s.start for s in found] == [dt.datetime(2026, 11, 10, hour, minute, tzinfo=BERLIN)]


def test_counter_example_a_length_written_so_is_no_time() -> None:
    assert slots.find_slots("Tuesday 10 November: plan for 2h30 with the team.", SAID_AT, BERLIN) == []


def test_a_user_adds_a_language_in_their_rules_folder(tmp_path: Path) -> None:
    (tmp_path / "date_words.toml").write_text('[sv]\ntriggers = ["senast"]\n[sv.phrases]\n\'\\bsenast\\s+\' = "by "\n'
                                              '[sv.words]\nfredag = "Friday"\n', "utf-8")
    assert languages.to_english("Vi hör av oss senast fredag.", (tmp_path,)) == "Vi hör av oss by Friday."
    assert languages.to_english("Vi hör av oss senast fredag.", ()) == "Vi hör av oss senast fredag."


def test_a_users_file_extends_the_packaged_table_without_changing_it(tmp_path: Path) -> None:
    """The packaged file is parsed once per process and shared: a user's file makes a new table."""
    packaged = vocab.packaged("date_words.toml")
    german_words = dict(packaged["de"]["words"])
    english_triggers = list(packaged["en"].get("triggers", []))
    (tmp_path / "date_words.toml").write_text('[de.words]\nfreitags = "Friday"\n[en]\ntriggers = ["zzz"]\n', "utf-8")
    merged = vocab.read("date_words.toml", (tmp_path,))
    assert merged["de"]["words"] == {**german_words, "freitags": "Friday"}
    assert merged["en"]["triggers"] == [*english_triggers, "zzz"]
    assert packaged["de"]["words"] == german_words and packaged["en"].get("triggers", []) == english_triggers
    assert vocab.read("date_words.toml", ()) is packaged


@pytest.mark.parametrize("text", [
    "Quick update - we're still deciding, a couple of interviews slipped to next week. Should know by the 30th "
    "and I'll be in touch then.",
    "Should know by the 30th.",
])
def test_a_timeline_without_its_subject_names_its_day(text: str) -> None:
    match = deadline.find_deadline(text, SAID_AT)
    assert match is not None and match.date == dt.date(2026, 11, 30)


def test_counter_example_interviews_moved_to_a_day_are_no_decision_on_it() -> None:
    match = deadline.find_deadline("Our last interviews slipped to next week, so we will decide by Friday.", SAID_AT)
    assert match is not None and match.date == dt.date(2026, 11, 6)


def test_an_hour_written_the_portuguese_way_keeps_its_zone() -> None:
    found = slots.find_slots("a conversation with our CTO, 25/11 (wednesday) at 11h Brasília time (9am NY), 30 min.",
                             dt.datetime(2026, 11, 18, 10, 15, tzinfo=NEW_YORK), NEW_YORK)
    assert [s.start.astimezone(dt.UTC) for s in found] == [dt.datetime(2026, 11, 25, 14, 0, tzinfo=dt.UTC)]


def test_a_date_from_a_sender_east_of_greenwich_known_by_offset_only_is_day_first() -> None:
    assert mentions.day_first(dt.timezone(dt.timedelta(hours=7)))
    assert not mentions.day_first(dt.UTC)  # American systems date their mail in UTC too
    assert not mentions.day_first(dt.timezone(dt.timedelta(hours=-5)))
