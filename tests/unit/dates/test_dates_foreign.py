"""German, French and Spanish mail read by the date rules, one phrase and one expectation each, with
counter-examples: out-of-office return dates (rules.dates.absence), time ranges as one slot with
its end (rules.dates.slots), spelled-out amounts in timelines (rules.dates.deadline) and meeting
lengths (rules.dates.durations). English forms the same readers learned alongside are here too."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from rules.dates import absence, deadline, durations, slots

BERLIN = ZoneInfo("Europe/Berlin")
MADRID = ZoneInfo("Europe/Madrid")
MONTREAL = ZoneInfo("America/Toronto")
# Friday 20 November 2026, as a Date header gives it: a bare offset, no zone name
FRIDAY = dt.datetime(2026, 11, 20, 10, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))
WEDNESDAY = dt.datetime(2026, 11, 4, 10, 0, tzinfo=BERLIN)


# --- out-of-office return dates ------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    # the day named as the first day back
    ("Ab Montag, 7. Dezember, bin ich wieder für Sie da.", dt.date(2026, 12, 7)),
    ("Ich bin ab dem 7. Dezember wieder im Büro.", dt.date(2026, 12, 7)),
    ("Ab dem 7. Dezember bin ich wieder erreichbar.", dt.date(2026, 12, 7)),
    ("Am Montag, den 7. Dezember, bin ich zurück.", dt.date(2026, 12, 7)),
    ("Ich bin am 7.12. wieder im Haus.", dt.date(2026, 12, 7)),
    # the last day away: back the next business day
    ("Ich bin bis einschließlich Freitag, 4. Dezember, nicht im Büro.", dt.date(2026, 12, 7)),
    ("Ich bin bis zum 4. Dezember im Urlaub und habe keinen Zugriff auf meine E-Mails.", dt.date(2026, 12, 7)),
    ("Vom 20.11. bis 04.12.2026 bin ich abwesend.", dt.date(2026, 12, 7)),
    ("Ich bin derzeit außer Haus und ab Mittwoch, 2. Dezember wieder erreichbar.", dt.date(2026, 12, 2)),
])
def test_a_german_absence_notice_names_the_first_day_back(text: str, expected: dt.date) -> None:
    assert absence.find_return_date(text, FRIDAY) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Je serai de retour le mercredi 2 décembre.", dt.date(2026, 12, 2)),
    ("Je suis absente du bureau jusqu'au mardi 1er décembre inclusivement.", dt.date(2026, 12, 2)),
    ("Je suis en congé jusqu'au 4 décembre et n'ai pas accès à mes courriels.", dt.date(2026, 12, 7)),
    ("De retour au bureau le lundi 7 décembre.", dt.date(2026, 12, 7)),
    ("Je serai de retour à partir du 7 décembre.", dt.date(2026, 12, 7)),
    ("Je suis en vacances et je reviendrai le 3 décembre.", dt.date(2026, 12, 3)),
    ("Je suis absent jusqu'au 1er décembre. Je serai de retour le 2 décembre.", dt.date(2026, 12, 2)),
])
def test_a_french_absence_notice_names_the_first_day_back(text: str, expected: dt.date) -> None:
    assert absence.find_return_date(text, FRIDAY) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Volveré el jueves 10 de diciembre.", dt.date(2026, 12, 10)),
    ("Estaré fuera de la oficina hasta el 9 de diciembre (inclusive), sin acceso al correo.", dt.date(2026, 12, 10)),
    ("Estoy de vacaciones hasta el viernes 4 de diciembre.", dt.date(2026, 12, 7)),
    ("Me reincorporo el lunes 7 de diciembre.", dt.date(2026, 12, 7)),
    ("Estaré de vuelta en la oficina el 7 de diciembre.", dt.date(2026, 12, 7)),
    ("Regresaré a partir del 7 de diciembre.", dt.date(2026, 12, 7)),
])
def test_a_spanish_absence_notice_names_the_first_day_back(text: str, expected: dt.date) -> None:
    assert absence.find_return_date(text, FRIDAY) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("From Monday, December 7, I will be back in the office.", dt.date(2026, 12, 7)),
    ("Through Friday, December 4, I am out of the office.", dt.date(2026, 12, 7)),
    ("Until Monday, December 7, I am out of the office.", dt.date(2026, 12, 7)),
    ("I'm out until Friday, December 4 and back on Monday, December 7.", dt.date(2026, 12, 7)),
    ("On December 7 I'll be back at my desk.", dt.date(2026, 12, 7)),
])
def test_an_english_notice_may_name_the_day_before_saying_back(text: str, expected: dt.date) -> None:
    assert absence.find_return_date(text, FRIDAY) == expected


@pytest.mark.parametrize("text", [
    "Wir melden uns bis Freitag, 4. Dezember, bei Ihnen.",  # a timeline, not an absence
    "Ich melde mich am Montag wieder bei Ihnen.",  # getting back to someone
    "Nous reviendrons vers vous d'ici le 4 décembre.",
    "Je vous répondrai le lundi 7 décembre.",
    "Le responderemos antes del 4 de diciembre.",
    "Le escribiré de vuelta el lunes 7 de diciembre.",
    "On Monday I'll get back to you.",
    "Our office is closed on December 24; you can reach us again afterwards.",
])
def test_a_date_that_is_no_return_is_none(text: str) -> None:
    assert absence.find_return_date(text, FRIDAY) is None


# --- time ranges: one slot with its end ----------------------------------------------------------


@pytest.mark.parametrize(("text", "zone", "start", "end"), [
    ("le mardi 17 novembre, de 14 h à 15 h 30", MONTREAL, (11, 17, 14, 0), (15, 30)),
    ("le mardi 17 novembre, de 13 h à 14 h (heure de l'Est)", MONTREAL, (11, 17, 13, 0), (14, 0)),
    ("jeudi 19 novembre de 9h30 à 11h", BERLIN, (11, 19, 9, 30), (11, 0)),
    ("le 19 novembre entre 10 h et 11 h", BERLIN, (11, 19, 10, 0), (11, 0)),
    ("martes 10 de noviembre de 14:00 a 15:30 (hora de Madrid)", MADRID, (11, 10, 14, 0), (15, 30)),
    ("el lunes 23 de noviembre, de 16:00 a 17:00", MADRID, (11, 23, 16, 0), (17, 0)),
    ("el jueves 19 de noviembre entre las 10:00 y las 11:00", MADRID, (11, 19, 10, 0), (11, 0)),
    ("el jueves 19 de noviembre de 10 a 11 h", MADRID, (11, 19, 10, 0), (11, 0)),
    ("Donnerstag, 19. November, von 10:00 bis 11:30 Uhr", BERLIN, (11, 19, 10, 0), (11, 30)),
    ("am 19. November von 14 bis 15 Uhr", BERLIN, (11, 19, 14, 0), (15, 0)),
    ("Dienstag, 10. November 2026, 13:30 bis 16:30 Uhr", BERLIN, (11, 10, 13, 30), (16, 30)),
    ("Passt Ihnen Dienstag, 17. November, 09:00 bis 10:00 Uhr?", BERLIN, (11, 17, 9, 0), (10, 0)),
    ("lundi 16 novembre, 14 h à 15 h 30", BERLIN, (11, 16, 14, 0), (15, 30)),
    ("el martes 10 de noviembre, 14:00 a 16:00", MADRID, (11, 10, 14, 0), (16, 0)),
])
def test_a_foreign_time_range_is_one_slot_with_its_end(text: str, zone: ZoneInfo, start: tuple[int, int, int, int],
                                                      end: tuple[int, int]) -> None:
    found = slots.find_slots(text, WEDNESDAY, zone)
    month, day, hour, minute = start
    assert [(s.start, s.end) for s in found] == [(
        dt.datetime(2026, month, day, hour, minute, tzinfo=zone), dt.datetime(2026, month, day, *end, tzinfo=zone))]


@pytest.mark.parametrize(("text", "zone"), [
    ("Te propongo el martes 20 de octubre a las 10:00 h (hora del centro de México), por Google Meet.",
     "America/Mexico_City"),  # UTC-6 all year since 2022: no US Central daylight time
    ("La entrevista es el martes 20 de octubre a las 10:00, hora de Ciudad de México.", "America/Mexico_City"),
    ("La entrevista es el martes 20 de octubre a las 10:00 (hora de Bogotá).", "America/Bogota"),
    ("La entrevista es el martes 20 de octubre a las 10:00, hora peninsular.", "Europe/Madrid"),
])
def test_a_spanish_time_in_a_named_zone_is_that_zones(text: str, zone: str) -> None:
    (slot,) = slots.find_slots(text, dt.datetime(2026, 10, 14, 16, 0, tzinfo=dt.UTC), ZoneInfo("America/New_York"))
    assert slot.start == dt.datetime(2026, 10, 20, 10, 0, tzinfo=ZoneInfo(zone))


@pytest.mark.parametrize("text", [
    "Nous vous répondrons sous 48 h.",  # a lead time, not a time of day
    "Le daremos una respuesta en 24 horas.",
])
def test_a_lead_time_in_hours_is_no_slot(text: str) -> None:
    assert slots.find_slots(text, WEDNESDAY, BERLIN) == []


# --- spelled-out amounts in timelines ------------------------------------------------------------


@pytest.mark.parametrize(("text", "days"), [
    ("Nous vous répondrons sous dix jours.", 10),
    ("Nous vous donnerons une réponse dans les dix jours.", 10),
    ("Nous vous répondrons d'ici quinze jours.", 14),
    ("Vous aurez une réponse sous huit jours.", 7),
    ("Nous reviendrons vers vous dans les douze jours.", 12),
    ("Nous vous répondrons d'ici trois semaines.", 21),
    ("Wir melden uns innerhalb von zehn Tagen.", 10),
    ("Wir melden uns innerhalb der nächsten zwölf Tage.", 12),
    ("Wir melden uns in acht Tagen.", 8),
    ("Wir melden uns innerhalb von vierzehn Tagen.", 14),
    ("Le responderemos en diez días.", 10),
    ("Le responderemos dentro de quince días.", 15),
    ("Le daremos una respuesta en siete días.", 7),
    ("Le daremos una respuesta en un plazo de doce días.", 12),
    ("We will get back to you within fourteen days.", 14),
    ("Nous vous ferons un retour sous dix jours.", 10),
    ("Vous aurez un retour dans les quinze jours.", 14),
    ("Wir werden uns innerhalb von zwei Wochen bei Ihnen melden.", 14),
])
def test_a_spelled_out_amount_names_its_day(text: str, days: int) -> None:
    match = deadline.find_deadline(text, WEDNESDAY, BERLIN)
    assert match is not None and match.date == WEDNESDAY.date() + dt.timedelta(days=days)


@pytest.mark.parametrize("text", [
    "Wir haben acht Kandidaten eingeladen.",  # a count of people, no timeline
    "Nous avons reçu douze candidatures.",
    "Hemos entrevistado a quince personas.",
])
def test_a_spelled_out_count_is_no_timeline(text: str) -> None:
    assert deadline.find_deadline(text, WEDNESDAY, BERLIN) is None


# --- meeting lengths -----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "minutes"), [
    ("una videollamada de 45 minutos", 45),
    ("ein Gespräch von 45 Minuten", 45),
    ("ein einstündiges Gespräch", 60),
    ("das Gespräch dauert eine Stunde", 60),
    ("l'entretien durera une heure", 60),
    ("un entretien d'une heure et demie", 90),
    ("la entrevista dura una hora", 60),
    ("una entrevista de hora y media", 90),
    ("ein Gespräch von anderthalb Stunden", 90),
])
def test_a_foreign_meeting_length_is_read(text: str, minutes: int) -> None:
    assert durations.find_duration(text) == minutes


@pytest.mark.parametrize("text", [
    "Wir melden uns innerhalb von 48 Stunden.",
    "Nous vous répondrons dans les 24 heures.",
    "Le responderemos en 48 horas.",
    "mardi 17 novembre à 13 h (heure de l'Est)",
])
def test_a_foreign_lead_time_is_no_meeting_length(text: str) -> None:
    assert durations.find_duration(text) is None


def test_quebec_french_je_te_reviens_au_plus_tard_is_a_timeline() -> None:
    found = deadline.find_deadline("Merci encore pour ton temps! Je te reviens au plus tard vendredi le 16 octobre "
                                   "pour la suite.", dt.datetime(2026, 10, 8, 10, 0, tzinfo=MONTREAL))
    assert found is not None and found.date == dt.date(2026, 10, 16)


@pytest.mark.parametrize(("text", "zone", "said", "expected"), [
    ("Merci encore pour votre temps, je reviens vers vous d'ici la fin de la semaine prochaine.",
     "Europe/Paris", dt.datetime(2026, 10, 13, 17, 0), dt.date(2026, 10, 23)),
    ("Vamos falar com os outros candidatos e retornamos com uma posição até o dia 27/11.",
     "America/Sao_Paulo", dt.datetime(2026, 11, 18, 17, 0), dt.date(2026, 11, 27)),
    # the feedback's vague "nos próximos dias" is the team's step; the decision's date is the timeline
    ("A Marta e o João vão partilhar o feedback comigo nos próximos dias e teremos uma decisão final até dia 27 de "
     "novembro.", "Europe/Lisbon", dt.datetime(2026, 11, 18, 17, 0), dt.date(2026, 11, 27)),
])
def test_french_and_portuguese_ways_of_getting_back_by_a_day(text: str, zone: str, said: dt.datetime,
                                                              expected: dt.date) -> None:
    found = deadline.find_deadline(text, said.replace(tzinfo=ZoneInfo(zone)), ZoneInfo(zone))
    assert found is not None and found.date == expected


AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize(("text", "expected"), [
    ("Na het gesprek hoor je binnen een week van ons of we verder gaan met de tweede ronde.", dt.date(2026, 11, 3)),
    ("We laten je uiterlijk vrijdag weten of je door bent naar de volgende ronde.", dt.date(2026, 10, 30)),
    ("Wij nemen voor het einde van volgende week contact met je op.", dt.date(2026, 11, 6)),
    ("Je hoort binnen twee weken van ons.", dt.date(2026, 11, 10)),
])
def test_dutch_timelines(text: str, expected: dt.date) -> None:
    found = deadline.find_deadline(text, dt.datetime(2026, 10, 27, 10, 0, tzinfo=AMSTERDAM), AMSTERDAM)
    assert found is not None and found.date == expected


def test_counter_example_a_dutch_request_for_the_users_answer_is_no_timeline() -> None:
    assert deadline.find_deadline("Laat je ons voor vrijdag weten welk moment je schikt?",
                                  dt.datetime(2026, 10, 27, 10, 0, tzinfo=AMSTERDAM), AMSTERDAM) is None
