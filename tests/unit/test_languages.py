"""German, French and Spanish threads: the language is told, the rules read it, the drafts speak it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from rules import banned, language, lists, phrases, replies
from watcher import compose, detect, identity
from watcher.config import Me, Policy
from watcher.model import (
    Address,
    Deadline,
    Detection,
    Event,
    FollowUp,
    Kind,
    Message,
    Role,
    Round,
    Side,
    Status,
    Thread,
)

NOW = dt.datetime(2026, 11, 12, 20, 0, tzinfo=dt.UTC)
START = dt.datetime(2026, 11, 10, 9, 0, tzinfo=dt.UTC)  # a Tuesday
CONTACT = Address("katrin.vogel@halbmond.example.de", "Katrin Vogel")


def _detection(lang: str, role: str = "Backend-Entwickler (m/w/d)", company: str = "Halbmond Logistik",
               basis: str = "stated", contact: Address | None = CONTACT) -> Detection:
    deadline = Deadline(dt.date(2026, 11, 20) if basis == "stated" else None, basis)
    return Detection(thread_id="t1", account="main", subject="Einladung", is_interview=True, why=(), company=company, company_name=company,
                     contact=contact, role_title=role, rounds=(Round(
                         index=0, start=START, minutes=60, scheduled_at=START - dt.timedelta(days=7), source="test",
                         deadline=deadline, interviewers=("Jonas Albers",)),),
                     message_ids=("<a@halbmond.example.de>",), last_message_id="<a@halbmond.example.de>",
                     references=("<a@halbmond.example.de>",), language=lang)


def _body(found: Detection, kind: Kind = Kind.THANK_YOU, templates: compose.Templates | None = None) -> str:
    followup = FollowUp(followup_id=f"t1:0:{kind.value}", thread_id="t1", account="main", round_index=0, kind=kind,
                        due=START, status=Status.PLANNED, reason="due", to=(CONTACT,))
    return compose.render(followup, found, "Alex Candidate", templates or compose.Templates.load(), NOW)


@pytest.mark.parametrize(("text", "code"), [
    ("Hallo Alex, vielen Dank für Ihre Bewerbung. Wir würden Sie gerne zu einem Gespräch einladen. Viele Grüße", "de"),
    ("Bonjour Alex, merci pour votre candidature. Nous aimerions vous rencontrer pour un entretien.", "fr"),
    ("Hola Alex, gracias por tu interés en la vacante. Nos gustaría conocerte en una entrevista por videollamada.", "es"),
    ("Ciao Alex, grazie per la tua candidatura. Ti scriviamo per fissare un colloquio conoscitivo con il nostro team. "
     "Cordiali saluti", "it"),
    ("Olá Alex, tudo bem? Obrigado pela sua candidatura. Gostaríamos de marcar uma entrevista com você. Abraço", "pt"),
    ("Hoi Alex, leuk dat je hebt gesolliciteerd op onze vacature! Graag nodigen we je uit voor een eerste gesprek met "
     "onze Lead Data Platform en mij. Hartelijke groet", "nl"),
    ("Hi Alex, thanks for applying. We would like to invite you to an interview with the team.", "en"),
    ("Danke!", "en"),  # too short to tell: the default
])
def test_the_language_of_a_text(text: str, code: str) -> None:
    assert language.detect([text]) == code


def test_every_language_folder_is_merged_and_readable_alone() -> None:
    assert {"de", "fr", "es"} <= set(lists.languages())
    merged = lists.strings("phrases.toml", "no_followup", "patterns")
    german = lists.load_language("phrases.toml", "de")["no_followup"]["patterns"]
    english = lists.load_language("phrases.toml", "en")["no_followup"]["patterns"]
    assert set(german) <= set(merged) and set(english) <= set(merged)
    assert not set(german) & set(english)


def _event(text: str) -> Event:
    message = Message(account="main", message_id="<1@example.com>", role=Role.INBOX, date=NOW,
                      sender=Address("hr@example.com", "HR"), subject="Re: Bewerbung", text=text, author_text=text)
    return replies.event(message, Side.HIRING)


@pytest.mark.parametrize(("text", "decision", "no_followup"), [
    ("Leider müssen wir Ihnen mitteilen, dass wir uns für eine andere Kandidatin entschieden haben.", "rejection", False),
    ("Wir freuen uns sehr, Ihnen die Stelle als Firmware-Ingenieur anbieten zu können!", "offer", False),
    ("Bitte haben Sie Verständnis, dass wir keine Anfragen zum Stand des Verfahrens beantworten können.", "", True),
    ("Bitte haben Sie Verständnis dafür, dass wir Zwischenanfragen zum Stand des Verfahrens nicht beantworten können.",
     "", True),
    ("Rückfragen zum Stand können wir leider nicht bearbeiten.", "", True),
    ("Wir haben Ihre Anfragen erhalten und werden nicht zögern, sie zu beantworten.", "", False),
    ("Nous sommes au regret de vous informer que nous ne donnerons pas suite à votre candidature.", "rejection", False),
    ("Nous avons le plaisir de vous proposer le poste d'Architecte Cloud !", "offer", False),
    ("J'ai le grand plaisir de t'annoncer que nous souhaitons te faire une offre pour le poste de Développeur back-end!",
     "offer", False),
    ("Suite à une réorganisation, le recrutement pour ce poste est suspendu jusqu'à nouvel ordre.", "on_hold", False),
    ("Merci de ne pas nous relancer, nous reviendrons vers chaque candidat.", "", True),
    ("Lamentamos informarte que hemos decidido avanzar con otros candidatos.", "rejection", False),
    ("Nos alegra mucho ofrecerte el puesto de Desarrolladora Mobile.", "offer", False),
    ("Te pedimos por favor no escribir para consultar el estado de tu proceso.", "", True),
    ("L'Ufficio Risorse Umane e i responsabili di funzione non possono rispondere a richieste sullo stato della "
     "candidatura.", "", True),
    ("Per garantire parità di trattamento, non forniamo aggiornamenti individuali.", "", True),
])
def test_decisions_and_requests_in_each_language(text: str, decision: str, no_followup: bool) -> None:
    found = _event(text)
    assert (found.decision, found.no_followup) == (decision, no_followup)


def test_an_interview_invitation_reads_as_one_in_each_language() -> None:
    for text in ("Wir laden Sie herzlich zu einem Vorstellungsgespräch per Video ein.",
                 "Nous souhaitons vous inviter à un entretien technique en visio.",
                 "Queremos invitarte a una entrevista técnica con el equipo."):
        assert phrases.first("interview", text) is not None, text


@pytest.mark.parametrize(("lang", "greeting", "words"), [
    ("de", "Hallo Katrin,", ["am Dienstag", "die Position Backend-Entwickler (m/w/d) bei Halbmond Logistik", "mit Jonas"]),
    ("fr", "Bonjour Katrin,", ["mardi", "le poste de Backend-Entwickler (m/w/d) chez Halbmond Logistik", "avec Jonas"]),
    ("es", "Hola Katrin,", ["el martes", "el puesto de Backend-Entwickler (m/w/d) en Halbmond Logistik", "con Jonas"]),
    ("it", "Gentile Katrin,", ["martedì", "della posizione di Backend-Entwickler (m/w/d) presso Halbmond Logistik",
                               "con Jonas"]),
    ("pt", "Olá Katrin,", ["na terça-feira", "a vaga de Backend-Entwickler (m/w/d) na Halbmond Logistik", "com Jonas"]),
    ("nl", "Beste Katrin,", ["van dinsdag", "de functie van Backend-Entwickler (m/w/d) bij Halbmond Logistik", "met Jonas"]),
])
def test_a_thank_you_is_written_in_the_threads_language(lang: str, greeting: str, words: list[str]) -> None:
    text = _body(_detection(lang))
    assert text.splitlines()[0] == greeting
    for phrase in words:
        assert phrase in text
    assert "Thank you" not in text and "{" not in text


@pytest.mark.parametrize("lang", ["de", "fr", "es", "it", "nl", "pt"])
@pytest.mark.parametrize("kind", list(Kind))
def test_no_template_mentions_not_hearing_back(lang: str, kind: Kind) -> None:
    text = _body(_detection(lang, basis="default"), kind)
    assert banned.find(text) is None, text
    assert "Alex Candidate" in text


def test_french_elides_before_a_vowel_and_nameless_drafts_still_read() -> None:
    assert "le poste d'Architecte Cloud" in _body(_detection("fr", role="Architecte Cloud"))
    nameless = _body(_detection("de", role="", company="", contact=None))
    assert nameless.startswith("Hallo zusammen,") and "über die Position genommen" in nameless and " bei " not in nameless


@pytest.mark.parametrize(("now", "lang", "said"), [
    (dt.datetime(2026, 11, 10, 20, 0, tzinfo=dt.UTC), "de", "dass Sie sich Zeit"),  # the same day: no day word
    (dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC), "de", "dass Sie sich am 10. November Zeit"),
    (dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC), "fr", "avec moi le 10 novembre concernant"),
    (dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC), "es", "conmigo el 10 de noviembre sobre"),
])
def test_the_day_words_stay_true_whenever_the_draft_is_sent(now: dt.datetime, lang: str, said: str) -> None:
    followup = FollowUp(followup_id="t1:0:thank_you", thread_id="t1", account="main", round_index=0,
                        kind=Kind.THANK_YOU, due=START, status=Status.PLANNED, reason="due", to=(CONTACT,))
    text = compose.render(followup, _detection(lang), "Alex Candidate", compose.Templates.load(), now)
    assert said in text
    assert not any(word in text.lower() for word in ("heute", "gestern", "aujourd'hui", "hier", "hoy", "ayer"))


def test_the_timeline_question_is_asked_in_the_threads_language() -> None:
    assert "bis wann Sie Ihre Entscheidung" in _body(_detection("de", basis="default"))
    assert "bis wann" not in _body(_detection("de", basis="stated"))


def test_an_unknown_language_gets_the_english_drafts() -> None:
    assert _body(_detection("sv")).startswith("Hi Katrin,")


def test_a_user_overrides_one_languages_template_and_words(tmp_path: Path) -> None:
    (tmp_path / "de").mkdir()
    (tmp_path / "de" / "words.toml").write_text('nobody = "liebes Team"\n', encoding="utf-8")  # one entry replaced
    (tmp_path / "de" / "thank_you.txt").write_text("Liebe/r {first_name},\n\ndanke für {the_role}!\n\n{my_name}\n",
                                                    encoding="utf-8")
    templates = compose.Templates.load(str(tmp_path))
    assert _body(_detection("de"), templates=templates).startswith("Liebe/r Katrin,\n\ndanke für die Position")
    assert _body(_detection("de", contact=None), templates=templates).startswith("Liebe/r liebes Team,")
    # the other kinds and languages are still ours
    assert "Neuigkeiten" in _body(_detection("de"), Kind.FOLLOW_UP, templates)
    assert _body(_detection("es"), templates=templates).startswith("Hola Katrin,")


def test_a_user_template_with_an_unknown_placeholder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "words.toml").write_text("", encoding="utf-8")
    (tmp_path / "fr" / "follow_up.txt").write_text("Bonjour {prenom},\n", encoding="utf-8")
    with pytest.raises(Exception, match="prenom"):
        compose.Templates.load(str(tmp_path))


def test_a_german_thread_is_detected_as_an_interview_in_german() -> None:
    me = identity.Identity.of(Me("Alex Candidate", ("candidate@example.org",)))
    alex = Address("candidate@example.org", "Alex Candidate")
    invite = ("Hallo Alex,\n\nvielen Dank für Ihre Bewerbung als Backend-Entwickler (m/w/d). Wir möchten Sie gerne\n"
              "zu einem Vorstellungsgespräch per Video einladen und freuen uns auf das Gespräch.\n\nViele Grüße\nKatrin")
    after = "Hallo Alex,\n\nvielen Dank für das angenehme Gespräch heute. Wir melden uns bei Ihnen.\n\nViele Grüße\nKatrin"
    thread = Thread("t1", "main", (
        Message(account="main", message_id="<1@halbmond.example.de>", role=Role.INBOX, date=START - dt.timedelta(days=7),
                sender=CONTACT, to=(alex,), subject="Einladung zum Vorstellungsgespräch", text=invite, author_text=invite),
        Message(account="main", message_id="<2@halbmond.example.de>", role=Role.INBOX, date=START + dt.timedelta(hours=5),
                sender=CONTACT, to=(alex,), subject="Re: Einladung zum Vorstellungsgespräch", text=after,
                author_text=after, in_reply_to="<1@halbmond.example.de>"),
    ))
    found = detect.detect(thread, me, Policy())
    assert found.is_interview and found.language == "de"
    assert found.role_title == "Backend-Entwickler (m/w/d)"


@pytest.mark.parametrize("text", [
    "Sollten wir Ihnen leider eine Absage erteilen müssen, melden wir uns trotzdem.",
    "Si nous ne donnerons pas suite à votre candidature, nous vous le dirons.",
    "En caso de que decidamos avanzar con otros candidatos, te avisaremos.",
])
def test_a_conditional_is_no_decision_in_any_language(text: str) -> None:
    assert _event(text).decision == ""


@pytest.mark.parametrize("text", [
    "Vielen Dank für Ihre Nachricht. Ich bin bis einschließlich 4. Dezember nicht im Büro.",
    "Je suis absente du bureau jusqu'au 1er décembre inclus.",
    "Estaré fuera de la oficina hasta el 9 de diciembre (inclusive).",
])
def test_an_out_of_office_without_its_header_is_an_automatic_reply(text: str) -> None:
    assert _event(text).automatic


def test_a_draft_opens_as_the_user_opened_their_own_mail_to_the_contact() -> None:
    formal = dataclasses.replace(_detection("de"), salutation="Sehr geehrte Frau Vogel,")
    lines = _body(formal).splitlines()
    assert lines[0] == "Sehr geehrte Frau Vogel,"
    assert "Katrin" not in _body(formal)
