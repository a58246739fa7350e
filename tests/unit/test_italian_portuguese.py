"""Italian and Portuguese (pt-BR and pt-PT) mail read by the rules: an interview thread is told from
a press interview or a newsletter, its slot, length and decision timeline are read, and so are the
hiring side's decisions, requests and absence notices. One scenario, one expectation each; the
counter-examples show the rewrites leave the other languages' mail as it was."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from rules import phrases, replies
from rules.dates import absence, deadline, durations, languages, slots
from watcher import detect, identity
from watcher.config import Me, Policy
from watcher.model import Address, Event, Message, Role, Side, Thread

ROME = ZoneInfo("Europe/Rome")
SAO_PAULO = ZoneInfo("America/Sao_Paulo")
LISBON = ZoneInfo("Europe/Lisbon")
NEW_YORK = ZoneInfo("America/New_York")
# Wednesday 4 November 2026, as the hiring side's Date header gives it
WEDNESDAY = dt.datetime(2026, 11, 4, 10, 0, tzinfo=ROME)
FRIDAY = dt.datetime(2026, 11, 20, 10, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))

ME = identity.Identity.of(Me("Alex Candidate", ("candidate@example.org",)))
ALEX = Address("candidate@example.org", "Alex Candidate")


def _message(number: int, sender: Address, role: Role, at: dt.datetime, subject: str, text: str) -> Message:
    domain = sender.email.rpartition("@")[2]
    return Message(account="main", message_id=f"<{number}@{domain}>", role=role, date=at, sender=sender,
                   to=(ALEX,) if role is Role.INBOX else (), subject=subject if number == 1 else f"Re: {subject}",
                   text=text, author_text=text, in_reply_to=f"<{number - 1}@{domain}>" if number > 1 else None)


def _thread(*messages: Message) -> Thread:
    return Thread("t1", "main", messages)


# --- whole threads ---------------------------------------------------------------------------------

CHIARA = Address("chiara.ferrante@vetreriaborsari.example", "Chiara Ferrante")
ITALIAN_SUBJECT = "Colloquio conoscitivo - Analista Dati"


def _italian_thread() -> Thread:
    start = dt.datetime(2026, 11, 2, 9, 30, tzinfo=ROME)
    return _thread(
        _message(1, CHIARA, Role.INBOX, start, ITALIAN_SUBJECT,
                 "Gentile Alex,\n\ngrazie per la sua candidatura per la posizione di Analista Dati presso Vetreria "
                 "Borsari. Saremmo lieti di conoscerla con un primo colloquio conoscitivo in videochiamata, della "
                 "durata di circa 45 minuti.\n\nLe andrebbe bene giovedì 12/11 alle 10:30?\n\nCordiali saluti,\n"
                 "Chiara Ferrante\nRicerca e Selezione"),
        _message(2, CHIARA, Role.INBOX, dt.datetime(2026, 11, 12, 12, 0, tzinfo=ROME), ITALIAN_SUBJECT,
                 "Gentile Alex,\n\ngrazie ancora per il colloquio di oggi. Nei prossimi giorni incontreremo gli "
                 "altri candidati e le faremo sapere entro venerdì 20 novembre.\n\nCordiali saluti,\nChiara"),
    )


def test_an_italian_interview_thread_is_detected_in_italian() -> None:
    found = detect.detect(_italian_thread(), ME, Policy())
    assert (found.is_interview, found.language) == (True, "it"), found.why


def test_an_italian_interviews_slot_and_length_are_read() -> None:
    found = detect.detect(_italian_thread(), ME, Policy())
    assert [(r.start, r.minutes) for r in found.rounds] == [(dt.datetime(2026, 11, 12, 10, 30, tzinfo=ROME), 45)]


def test_an_italian_decision_timeline_is_the_deadline() -> None:
    (round_,) = detect.detect(_italian_thread(), ME, Policy()).rounds
    assert (round_.deadline.date, round_.deadline.basis) == (dt.date(2026, 11, 20), "stated")


FERNANDA = Address("fernanda.lima@pitangatech.example.com.br", "Fernanda Lima")
BRAZILIAN_SUBJECT = "Entrevista - Desenvolvedora Backend Pleno"


def _brazilian_thread() -> Thread:
    sent = dt.datetime(2026, 11, 3, 11, 0, tzinfo=SAO_PAULO)
    return _thread(
        _message(1, FERNANDA, Role.INBOX, sent, BRAZILIAN_SUBJECT,
                 "Oi, Alex! Tudo bem?\n\nObrigada pelo seu interesse na vaga de Desenvolvedora Backend Pleno aqui "
                 "na Pitanga. Gostaríamos de agendar uma entrevista por vídeo com o nosso time, com duração de "
                 "uma hora.\n\nQue tal terça-feira, 10/11, às 15h (horário de Brasília)?\n\nAbraços,\nFernanda"),
        _message(2, ALEX, Role.SENT, sent + dt.timedelta(hours=2), BRAZILIAN_SUBJECT,
                 "Olá, Fernanda! Terça-feira, 10/11, às 15h está ótimo. Obrigado!"),
        _message(3, FERNANDA, Role.INBOX, dt.datetime(2026, 11, 10, 17, 0, tzinfo=SAO_PAULO), BRAZILIAN_SUBJECT,
                 "Oi, Alex!\n\nObrigada pela conversa de hoje. Vamos concluir as entrevistas com os demais "
                 "candidatos e te daremos um retorno até sexta-feira, 20/11.\n\nAbraços,\nFernanda"),
    )


def test_a_brazilian_interview_thread_is_detected_in_portuguese() -> None:
    found = detect.detect(_brazilian_thread(), ME, Policy())
    assert (found.is_interview, found.language) == (True, "pt"), found.why


def test_a_brazilian_day_first_slot_is_read_in_an_american_zone() -> None:
    # São Paulo is in the Americas, where "10/11" would be October 11: the Portuguese words say day first
    found = detect.detect(_brazilian_thread(), ME, Policy())
    assert [(r.start, r.minutes) for r in found.rounds] == [(dt.datetime(2026, 11, 10, 15, 0, tzinfo=SAO_PAULO), 60)]


def test_a_brazilian_decision_timeline_is_the_deadline() -> None:
    (round_,) = detect.detect(_brazilian_thread(), ME, Policy()).rounds
    assert (round_.deadline.date, round_.deadline.basis) == (dt.date(2026, 11, 20), "stated")


RITA = Address("rita.carvalho@azulejaria-norte.example.pt", "Rita Carvalho")
PORTUGUESE_SUBJECT = "Processo de recrutamento - Engenheira de Dados"


def _portuguese_thread() -> Thread:
    sent = dt.datetime(2026, 11, 3, 10, 0, tzinfo=LISBON)
    return _thread(
        _message(1, RITA, Role.INBOX, sent, PORTUGUESE_SUBJECT,
                 "Cara Alex,\n\nObrigada pela sua candidatura à vaga de Engenheira de Dados na Azulejaria Norte. "
                 "Gostaríamos de a convidar para uma entrevista presencial no nosso escritório do Porto, com a "
                 "equipa de dados.\n\nA entrevista será na quarta-feira, 11 de novembro, às 14h30.\n\n"
                 "Com os melhores cumprimentos,\nRita Carvalho\nRecursos Humanos"),
        _message(2, RITA, Role.INBOX, dt.datetime(2026, 11, 11, 17, 0, tzinfo=LISBON), PORTUGUESE_SUBJECT,
                 "Cara Alex,\n\nMuito obrigada pela sua visita e pela conversa de hoje. Entraremos em contacto "
                 "consigo até ao final da próxima semana.\n\nCom os melhores cumprimentos,\nRita Carvalho"),
    )


def test_a_portuguese_interview_thread_is_detected_in_portuguese() -> None:
    found = detect.detect(_portuguese_thread(), ME, Policy())
    assert (found.is_interview, found.language) == (True, "pt"), found.why


def test_a_portuguese_slot_is_read() -> None:
    found = detect.detect(_portuguese_thread(), ME, Policy())
    assert [r.start for r in found.rounds] == [dt.datetime(2026, 11, 11, 14, 30, tzinfo=LISBON)]


def test_a_portuguese_decision_timeline_is_the_deadline() -> None:
    (round_,) = detect.detect(_portuguese_thread(), ME, Policy()).rounds
    assert (round_.deadline.date, round_.deadline.basis) == (dt.date(2026, 11, 20), "stated")


def test_counter_example_a_journalists_intervista_is_no_interview() -> None:
    reporter = Address("davide.conti@gazzettadellavoro.example", "Davide Conti")
    subject = "Richiesta di intervista per un articolo sul lavoro da remoto"
    found = detect.detect(_thread(
        _message(1, reporter, Role.INBOX, dt.datetime(2026, 11, 2, 9, 0, tzinfo=ROME), subject,
                 "Buongiorno Alex,\n\nsono un giornalista della Gazzetta del Lavoro e sto scrivendo un articolo su come "
                 "si svolge un colloquio di lavoro e un processo di selezione nel settore tecnologico, dal punto di "
                 "vista dei candidati. Le andrebbe di rilasciarmi una breve intervista "
                 "telefonica giovedì 12/11 alle 11:00? La chiamata durerebbe circa 20 minuti e l'articolo uscirà "
                 "sulla nostra rivista a dicembre.\n\nCordiali saluti,\nDavide Conti"),
        _message(2, ALEX, Role.SENT, dt.datetime(2026, 11, 2, 14, 0, tzinfo=ROME), subject,
                 "Buongiorno Davide, volentieri: giovedì 12/11 alle 11:00 va benissimo. Alex"),
    ), ME, Policy())
    assert not found.is_interview, found.why


def test_counter_example_an_italian_newsletter_about_interviews_is_no_interview() -> None:
    sender = Address("newsletter@carrieraoggi.example", "Carriera Oggi")
    text = ("Ciao Alex,\n\nnella newsletter di questa settimana: 5 consigli per il tuo prossimo colloquio di lavoro "
            "e come scrivere una mail di ringraziamento dopo il colloquio. Scopri le nuove offerte di lavoro per "
            "te.\n\nNon vuoi più ricevere queste email? Disiscriviti qui.")
    message = Message(account="main", message_id="<1@carrieraoggi.example>", role=Role.INBOX,
                      date=dt.datetime(2026, 11, 2, 9, 0, tzinfo=ROME), sender=sender, to=(ALEX,),
                      subject="5 consigli per il tuo prossimo colloquio", text=text, author_text=text, bulk=True)
    assert not detect.detect(_thread(message), ME, Policy()).is_interview


# --- out-of-office notices -------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Sono fuori ufficio fino al 4 dicembre compreso, senza accesso alla posta.", dt.date(2026, 12, 7)),
    ("Rientrerò in ufficio lunedì 7 dicembre.", dt.date(2026, 12, 7)),
    ("Sono in ferie e sarò di nuovo in ufficio dal 2 dicembre.", dt.date(2026, 12, 2)),
    ("Sono assente fino al 04/12 e rientrerò il 07/12.", dt.date(2026, 12, 7)),
    ("Estou de férias até 4 de dezembro e sem acesso ao e-mail.", dt.date(2026, 12, 7)),
    ("Estarei de volta no dia 7 de dezembro.", dt.date(2026, 12, 7)),
    ("Estou fora do escritório e volto a partir do dia 02/12.", dt.date(2026, 12, 2)),
])
def test_an_absence_notice_names_the_first_day_back(text: str, expected: dt.date) -> None:
    assert absence.find_return_date(text, FRIDAY) == expected


@pytest.mark.parametrize("text", [
    "Le faremo sapere entro il 4 dicembre.",  # a timeline, not an absence
    "Daremos um retorno até 4 de dezembro.",
])
def test_a_date_that_is_no_return_is_none(text: str) -> None:
    assert absence.find_return_date(text, FRIDAY) is None


def _event(text: str, subject: str = "Re: Colloquio") -> Event:
    message = Message(account="main", message_id="<1@example.com>", role=Role.INBOX, date=FRIDAY,
                      sender=Address("hr@example.com", "HR"), subject=subject, text=text, author_text=text)
    return replies.event(message, Side.HIRING)


def test_an_italian_out_of_office_is_an_automatic_reply_with_its_return_date() -> None:
    found = _event("Grazie per il messaggio. Sono fuori ufficio fino al 4 dicembre e rientrerò lunedì 7 dicembre.",
                   "Risposta automatica: Colloquio")
    assert (found.automatic, found.return_date) == (True, dt.date(2026, 12, 7))


def test_counter_example_a_hiring_update_is_no_automatic_reply() -> None:
    assert not _event("Daremos um retorno em até 5 dias úteis.", "Re: Entrevista").automatic


# --- decisions and requests ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "decision", "no_followup"), [
    ("Ci dispiace comunicarle che abbiamo deciso di proseguire con altri candidati.", "rejection", False),
    ("Siamo lieti di offrirle la posizione di Analista Dati!", "offer", False),
    ("La selezione per questa posizione è stata sospesa fino a nuovo avviso.", "on_hold", False),
    ("Le chiediamo gentilmente di non inviare solleciti: contatteremo noi ogni candidato.", "", True),
    ("Qualora decidessimo di proseguire con altri candidati, glielo comunicheremo.", "", False),
    ("Il presente messaggio non costituisce offerta di lavoro né proposta contrattuale.", "", False),
    ("Infelizmente, precisamos informar que decidimos seguir com outros candidatos.", "rejection", False),
    ("Temos o prazer de oferecer a você a vaga de Desenvolvedora Backend!", "offer", False),
    ("O processo seletivo para esta vaga foi suspenso.", "on_hold", False),
    ("Pedimos que não nos escreva para consultar o andamento do processo.", "", True),
    ("Caso decidamos seguir com outros candidatos, avisaremos.", "", False),
    ("Obrigada por se candidatar! Decidimos não seguir com a sua candidatura.", "rejection", False),
])
def test_decisions_and_requests_in_italian_and_portuguese(text: str, decision: str, no_followup: bool) -> None:
    found = _event(text)
    assert (found.decision, found.no_followup) == (decision, no_followup)


@pytest.mark.parametrize("text", [
    "Vorremmo invitarla a un videocolloquio con il responsabile del team.",
    "Gostaríamos de convidar você para uma entrevista técnica com o gestor da área.",
])
def test_an_interview_invitation_reads_as_one(text: str) -> None:
    assert phrases.first("interview", text) is not None


# --- timelines, slots and lengths ------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Le faremo sapere entro venerdì.", dt.date(2026, 11, 6)),
    ("Ti daremo un riscontro entro la fine della prossima settimana.", dt.date(2026, 11, 13)),
    ("Vi faremo sapere entro fine settimana.", dt.date(2026, 11, 6)),
    ("Le daremo una risposta entro due settimane.", dt.date(2026, 11, 18)),
    ("Ci faremo sentire nei prossimi 7-10 giorni lavorativi.", dt.date(2026, 11, 18)),
    ("La ricontatteremo la prossima settimana.", dt.date(2026, 11, 13)),
    ("Prenderemo una decisione entro il 20 novembre.", dt.date(2026, 11, 20)),
    ("Le faremo sapere l'esito entro il 16/11.", dt.date(2026, 11, 16)),
    ("Daremos um retorno até sexta-feira.", dt.date(2026, 11, 6)),
    ("Daremos um retorno até sexta.", dt.date(2026, 11, 6)),
    ("Vamos te dar um retorno em até 5 dias úteis.", dt.date(2026, 11, 11)),
    ("Entraremos em contato com você na próxima semana.", dt.date(2026, 11, 13)),
    ("Entraremos em contato dentro das próximas duas semanas.", dt.date(2026, 11, 18)),
    ("Entraremos em contacto consigo até ao final desta semana.", dt.date(2026, 11, 6)),
    ("Nosso novo prazo para retorno é até 04/12 (sexta-feira).", dt.date(2026, 12, 4)),
])
def test_a_timeline_names_its_day(text: str, expected: dt.date) -> None:
    match = deadline.find_deadline(text, WEDNESDAY)
    assert match is not None and (match.date, match.basis) == (expected, "stated")


@pytest.mark.parametrize("text", [
    "Abbiamo incontrato dodici candidati per questa posizione.",  # a count of people, no timeline
    "Entrevistamos oito pessoas para esta vaga.",
    "Il processo resterà aperto fino a nuovo avviso.",
    "Manteremos o processo até segunda ordem.",  # "until further notice", not Monday
])
def test_counter_example_no_timeline(text: str) -> None:
    assert deadline.find_deadline(text, WEDNESDAY) is None


@pytest.mark.parametrize(("text", "zone", "start", "end"), [
    ("giovedì 12/11 alle 10:30 (ora italiana)", ROME, (11, 12, 10, 30), None),
    ("giovedì 12 novembre dalle 10:00 alle 11:00", ROME, (11, 12, 10, 0), (11, 0)),
    ("lunedì 9 novembre alle ore 14.30", ROME, (11, 9, 14, 30), None),
    ("quinta-feira, 12/11, às 14h (horário de Brasília)", SAO_PAULO, (11, 12, 14, 0), None),
    ("na terça-feira, 10 de novembro, às 15h30", LISBON, (11, 10, 15, 30), None),
    ("quinta-feira, 12/11, das 14h às 15h", SAO_PAULO, (11, 12, 14, 0), (15, 0)),
])
def test_a_slot_is_read(text: str, zone: ZoneInfo, start: tuple[int, int, int, int],
                        end: tuple[int, int] | None) -> None:
    month, day, hour, minute = start
    found = slots.find_slots(text, WEDNESDAY, zone)
    assert [(s.start, s.end) for s in found] == [(
        dt.datetime(2026, month, day, hour, minute, tzinfo=zone),
        None if end is None else dt.datetime(2026, month, day, *end, tzinfo=zone))]


@pytest.mark.parametrize(("text", "minutes"), [
    ("un colloquio della durata di circa 45 minuti", 45),
    ("il colloquio durerà un'ora", 60),
    ("un colloquio di un'ora e mezza", 90),
    ("uma entrevista de uma hora", 60),
    ("uma conversa de meia hora", 30),
    ("a entrevista terá duração de 1 hora", 60),
])
def test_a_meeting_length_is_read(text: str, minutes: int) -> None:
    assert durations.find_duration(text) == minutes


@pytest.mark.parametrize("text", [
    "Le risponderemo entro 48 ore.",
    "Daremos um retorno em até 48 horas.",
])
def test_a_lead_time_is_no_meeting_length(text: str) -> None:
    assert durations.find_duration(text) is None


# --- the other languages' mail is left as it was -------------------------------------------------


@pytest.mark.parametrize(("text", "english"), [
    # Spanish shares words with Portuguese ("próxima semana", "dos"): Spanish rewrites read it as before
    ("Le daremos una respuesta antes del final de la próxima semana.", "by the end of next week"),
    ("Nos pondremos en contacto contigo dentro de dos semanas.", "within two weeks"),
    ("Te responderemos esta semana.", "this week"),
    # "Dez." is German December, "Marco" a name, "11/12" an American date (month first, read elsewhere)
    ("Interview @ Do. 3. Dez. 2026 16:00 - 17:00 (MEZ)", "3. Dez. 2026 16:00 - 17:00"),
    ("Looking forward to meeting Marco on 11/12.", "meeting Marco on 11/12"),
])
def test_counter_example_other_languages_read_as_before(text: str, english: str) -> None:
    assert english in languages.to_english(text, ())


def test_counter_example_an_english_absence_keeps_its_date_as_written() -> None:
    assert "back on 11/12" in languages.to_english("Out of the office, back on 11/12.", (), absence=True)


def test_counter_example_an_american_slash_date_stays_month_first() -> None:
    found = slots.find_slots("Could you do Thursday 11/12 at 10:00 with Marco?", WEDNESDAY, NEW_YORK)
    assert [s.start for s in found] == [dt.datetime(2026, 11, 12, 10, 0, tzinfo=NEW_YORK)]
