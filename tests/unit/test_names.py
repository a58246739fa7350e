"""rules/names.py: the company, the role, the contact's role and each round's people, as the mail writes them."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from rules import names
from watcher.model import Address, CalendarEvent, Deadline, Message, Role, Round, Side

AT = dt.datetime(2026, 10, 6, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
ME = "Alex Candidate"
RECRUITER = Address("tamsin.reyes@corvina-pay.example.com", "Tamsin Reyes")


def mail(text: str = "", subject: str = "Hello", sender: Address = RECRUITER, hours: float = 0, signature: str = "",
         reply_to: tuple[Address, ...] = (), calendar: tuple[CalendarEvent, ...] = ()) -> tuple[Message, Side]:
    return (Message(account="main", message_id=f"<{hours}-{subject}@example.com>", role=Role.INBOX,
                    date=AT + dt.timedelta(hours=hours), sender=sender, subject=subject, text=text + "\n" + signature,
                    author_text=text, signature=signature, reply_to=reply_to, calendar=calendar), Side.HIRING)


def interview(index: int = 0, hours: float = 72, minutes: int = 60, interviewers: tuple[str, ...] = ()) -> Round:
    start = AT + dt.timedelta(hours=hours)
    return Round(index=index, start=start, minutes=minutes, scheduled_at=start - dt.timedelta(hours=48), source="test",
                 deadline=Deadline(None, "default"), interviewers=interviewers)


# ---------------------------------------------------------------------------------------------- company


@pytest.mark.parametrize(("thread", "expected"), [
    # the subject, in the company's own spelling
    ([mail("Hi Alex,\nLet's talk.", subject="Corvina Payments - Backend Engineer (Payments Risk)")], "Corvina Payments"),
    # a display name "Jane at AcmeCloud": capitals inside a word are kept
    ([mail("Hi Alex, can we talk?", sender=Address("jane@acmecloud.example.com", "Jane at AcmeCloud"))], "AcmeCloud"),
    # Unicode kept: never "Gruenwald Robotics" from the domain
    ([mail("I'm a recruiter at Grünwald Robotics and would like to set up an interview.",
           sender=Address("eva@gruenwald-robotics.example.de", "Eva Maier"))], "Grünwald Robotics"),
    # an applicant-tracking system writes under the company's name
    ([mail("Your interview is confirmed.", subject="Interview confirmed",
           sender=Address("no-reply@hire.lever.co", "Kestrel Logistics"))], "Kestrel Logistics"),
    # a signature line "Title | Company"
    ([mail("Does Tuesday work for an interview?", signature="Tamsin Reyes\nTechnical Recruiter | Corvina Payments")],
     "Corvina Payments"),
    # the legal suffix is left out, the longest form the mail uses is kept
    ([mail("Thank you for your application to Kagerou Systems Inc. for the Platform Engineer position.",
           subject="[Kagerou Systems] Invitation to the first interview",
           sender=Address("y.nakamura@kagerou.example.co.jp", "Yui Nakamura"))], "Kagerou Systems"),
    # an all-capitals acronym is the company's own spelling
    ([mail("Thanks for applying to SAP. Can we schedule an interview?",
           sender=Address("hr.partner@sap.example.com", "Lena Roth"))], "SAP"),
    # the meeting's name in the mail's language is no part of the company's
    ([mail("Voici l'invitation.", subject="Entretien Vauban Énergie – Alex Candidate / Julien Marchand",
           sender=Address("camille.roy@vauban-energie.example.fr", "Camille Roy"))], "Vauban Énergie"),
])
def test_company_is_read_as_the_mail_writes_it(thread: list[tuple[Message, Side]], expected: str) -> None:
    contact = thread[0][0].sender
    assert names.company(thread, contact, ME) == expected


def test_an_invites_event_after_the_company_is_no_part_of_its_name() -> None:
    maya = Address("maya.ortiz@larkspuranalytics.example.com", "Maya Ortiz")
    thread = [mail("See you at the super day.", sender=maya,
                   subject="Invitation: Larkspur Analytics Super Day @ Tue Nov 10, 2026 9am - 1pm (CST)")]
    assert names.company(thread, maya, ME) == "Larkspur Analytics"



def test_the_users_title_in_a_subject_is_no_company() -> None:
    callum = Address("callum.reyes@southerncross-medstaff.example.com", "Callum Reyes")
    summary = "Interview - Locum SMO Emergency - Dr Alex Candidate"
    invite = CalendarEvent(uid="g1", sequence=0, method="REQUEST", status="CONFIRMED", start=AT + dt.timedelta(days=2),
                           end=AT + dt.timedelta(days=2, minutes=30), summary=summary,
                           organizer="harriet.blaine@goldfieldshealth.example.org")
    thread = [mail("Invite from the hospital below and attached - please accept it in your calendar.", sender=callum,
                   subject="FW: " + summary, calendar=(invite,))]
    assert names.company(thread, callum, ME) != "Dr"


def test_a_company_at_a_lines_end_stops_before_the_dated_line_under_it() -> None:
    malia = Address("mkahale@kaimanahotels.example.com", "Malia Kahale")
    thread = [mail("Your travel for the on-site:\nHotel: Kaimana Beach Hotel, Dec 2-4, billed to Kaimana Hotel Group\n"
                   "Thu Dec 3, 10:00 AM: please ask for Lisa Nakamura at the front desk", sender=malia,
                   subject="Travel - on-site visit")]
    assert names.company(thread, malia, ME) == "Kaimana Hotel Group"


def test_an_ats_invite_makes_no_agency_of_the_recruiter_it_copies() -> None:
    # SAP SuccessFactors sends the invite; the recruiter is in Cc and writes afterwards
    ingrid = Address("ingrid.solberg@halvorsen-maritime.example", "Ingrid Solberg")
    robot = Address("noreply@successfactors.eu", "Halvorsen Maritime Recruiting")
    invite = CalendarEvent(uid="sf1", sequence=0, method="REQUEST", status="", start=AT + dt.timedelta(days=7), end=None,
                           summary="Interview: Senior Software Engineer, Vessel Telemetry", organizer="mailto:noreply@successfactors.eu")
    thread = [mail("Your interview has been scheduled.", subject="Interview confirmation: Senior Software Engineer, "
                   "Vessel Telemetry - 27.10.2026 10:00 CET", sender=robot, calendar=(invite,)),
              mail("Thank you for taking the time this morning.", sender=ingrid, hours=170,
                   subject="SV: Interview confirmation: Senior Software Engineer, Vessel Telemetry - 27.10.2026 10:00 CET",
                   signature="Ingrid Solberg\nSenior Talent Acquisition Partner\nHalvorsen Maritime")]
    assert names.company(thread, ingrid, ME) == "Halvorsen Maritime"


def test_a_resourcing_teams_sign_off_names_the_company_without_its_team() -> None:
    robot = Address("noreply@corvane.taleo.net", "Corvane Energy Resourcing")
    thread = [mail("We are delighted to invite you to an Assessment Centre.\n\nKind regards,\nCorvane Energy Resourcing Team",
                   subject="Invitation to Assessment Centre - Network Planning Engineer", sender=robot)]
    assert names.company(thread, robot, ME) == "Corvane Energy"

@pytest.mark.parametrize("display", ["Tarumbeta Carreiras", "Tarumbeta Recrutamento", "Tarumbeta Karriere"])
def test_a_systems_team_name_in_another_language_names_the_company_without_its_team(display: str) -> None:
    robot = Address("no-reply@hire.lever.co", display)
    thread = [mail("Sua entrevista está confirmada.", subject="Entrevista confirmada", sender=robot)]
    assert names.company(thread, robot, ME) == "Tarumbeta"


def test_a_requisition_code_after_the_title_is_no_company() -> None:
    kate = Address("katherine.olsen@quillon-tech.example.com", "Olsen, Katherine")
    summary = "QUILLON – Senior Analyst II (Req #48213) – Alex Candidate"
    invite = CalendarEvent(uid="q1", sequence=0, method="REQUEST", status="CONFIRMED", start=AT + dt.timedelta(days=8),
                           end=AT + dt.timedelta(days=8, hours=1), summary=summary, organizer=kate.email)
    footer = "QUILLON is a trading name of Quillon Technologies Ltd, a company registered in England and Wales."
    thread = [mail("Thank you for applying to QUILLON. Priya Raman would like to meet you for the Senior Analyst II "
                   "role (Req #48213).", subject="QUILLON | Interview invitation – Senior Analyst II (Req #48213)",
                   sender=kate, signature='Katherine "Kate" Olsen\nTalent Partner | QUILLON\n' + footer),
              mail("Hi Alex – Teams link for Tuesday below. Speak then!\nKate", subject=summary, sender=kate, hours=6,
                   calendar=(invite,), signature=footer)]
    assert names.company(thread, kate, ME) != "Req"


def test_a_brand_the_company_writes_in_capitals_in_its_sentences_is_its_name() -> None:
    kate = Address("katherine.olsen@quillon-tech.example.com", "Olsen, Katherine")
    thread = [mail("Thank you for applying to QUILLON. Priya Raman would like to meet you for the Senior Analyst II "
                   "role.", subject="QUILLON | Interview invitation – Senior Analyst II", sender=kate,
                   signature='Katherine "Kate" Olsen\nTalent Partner | QUILLON')]
    assert names.company(thread, kate, ME) == "QUILLON"


def test_a_programmes_words_after_the_company_are_no_part_of_its_name() -> None:
    hannah = Address("hannah.okafor@northgatelyle.example.co.uk", "Hannah Okafor")
    thread = [mail("Thank you for applying to Northgate Lyle. You are invited to our assessment centre.",
                   subject="Northgate Lyle Virtual Assessment Centre - 18 November", sender=hannah),
              mail("Reminder: the day starts at 9:00.", subject="Northgate Lyle Virtual Assessment Centre - joining "
                   "details", sender=hannah, hours=20)]
    assert names.company(thread, hannah, ME) == "Northgate Lyle"


def test_an_interviewers_short_name_is_no_company() -> None:
    agent = Address("ciaran.walsh@hollissearch.example.com", "Ciarán Walsh | Hollis Search")
    gwen = Address("gmarsh-whitaker@pqinsurance.example.com", "Gwendolyn Marsh-Whitaker")
    thread = [mail("Great news - the client would like to meet you on Wednesday at 2pm with Gwen, their VP.",
                   subject="Interview confirmed - Actuarial Systems Developer", sender=agent),
              mail("Just got off the phone with Gwen - very positive! I had a call with Gwen again today.",
                   subject="RE: Interview confirmed - Actuarial Systems Developer", sender=agent, hours=50),
              mail("See you at reception.", subject="RE: Interview confirmed", hours=1,
                   sender=Address("tford@pqinsurance.example.com", "Tamsin Ford"),
                   signature="Tamsin Ford\nExecutive Assistant\nPemberton & Quayle Insurance Company")]
    thread = [(dataclasses.replace(m, cc=(gwen,)), side) for m, side in thread]
    assert names.company(thread, agent, ME, agency=frozenset({agent.email})) == "Pemberton & Quayle Insurance Company"


def test_a_company_whose_name_ends_in_a_meeting_word_keeps_it_when_its_domain_spells_it() -> None:
    marisela = Address("marisela.fuentes@obsidianloop.example.com", "Marisela Fuentes")
    thread = [mail("We'd love to have you for the final round at Obsidian Loop.", sender=marisela,
                   subject="Obsidian Loop - final round for Staff Product Engineer",
                   signature="Marisela Fuentes\nRecruiting Coordinator | Obsidian Loop")]
    assert names.company(thread, marisela, ME) == "Obsidian Loop"


def test_a_german_agencys_client_is_the_company_it_names_after_mandanten() -> None:
    agent = Address("k.roehler@feldmann-personal.example.com", "Karin Röhler")
    thread = [mail("Wie besprochen habe ich Ihr Profil unserem Mandanten, der Ostravik GmbH in Kassel, vorgestellt.",
                   subject="Ostravik GmbH – Vorstellungsgespräch", sender=agent)]
    assert names.company(thread, agent, ME, agency=frozenset({agent.email})) == "Ostravik"


def test_a_company_whose_domain_is_its_initials_is_named_so() -> None:
    tamsin = Address("tford@pqinsurance.example.com", "Tamsin Ford")
    thread = [mail("Please check in at reception on the 22nd floor.", sender=tamsin,
                   signature="Tamsin Ford\nExecutive Assistant\nPemberton & Quayle Insurance Company")]
    assert names.company(thread, tamsin, ME) == "Pemberton & Quayle Insurance Company"


def test_a_brand_written_in_lower_case_is_named_as_written() -> None:
    recruiter = Address("mc.gagnon@getnorthwind.example", "Marie-Claude Gagnon")
    thread = [mail("I'm Marie-Claude, technical recruiter at northwind. Could we talk on Tuesday?", sender=recruiter,
                   subject="northwind | Software Engineer II - Payments | quick chat?")]
    assert names.company(thread, recruiter, ME) == "northwind"


def test_counter_example_a_common_word_in_lower_case_is_not_the_company() -> None:
    recruiter = Address("sam.lee@bright.example.com", "Sam Lee")
    thread = [mail("Thanks for applying to Bright! You have a bright future; can we talk Tuesday?", sender=recruiter,
                   subject="Bright - Operations Lead")]
    assert names.company(thread, recruiter, ME) == "Bright"


def test_a_department_tag_in_a_display_name_does_not_hide_the_company() -> None:
    katrin = Address("katrin.hofmann@bmt-group.example", "Hofmann, Katrin (BMT-HR)")
    thread = [mail("Thank you for your application and your interest in Brandauer Messtechnik. We would like to "
                   "invite you to an interview.", sender=katrin,
                   signature="Katrin Hofmann\nBrandauer Messtechnik GmbH\nFreiburg")]
    reply = mail("Thank you, the team at Brandauer Messtechnik looks forward to it.", sender=katrin, hours=30,
                 signature="Katrin Hofmann\nBrandauer Messtechnik GmbH")
    notes = [mail("Kurze Info: the room is 2.14.", sender=katrin, hours=40 + n) for n in range(3)]
    assert names.company([*thread, reply, *notes], katrin, ME) == "Brandauer Messtechnik"


def test_company_is_never_rebuilt_from_the_domain() -> None:
    thread = [mail("Hi Alex, are you free for an interview on Tuesday?", subject="Interview",
                   sender=Address("dana@acmecloud.example.com", "Dana Whitlock"))]
    assert names.company(thread, thread[0][0].sender, ME) == ""


def test_an_agency_recruiter_draft_names_the_employer_not_the_agency() -> None:
    agent = Address("dmercer@keystone-talent.example.com", "Dwayne Mercer")
    thread = [mail("Good news - my client liked your resume and would like an interview with Oakhurst Mutual.",
                   subject="Interview request - Oakhurst Mutual, Senior .NET Developer", sender=agent,
                   signature="Dwayne Mercer\nSenior Technical Recruiter | Keystone Talent")]
    assert names.company(thread, agent, ME, frozenset({agent.email})) == "Oakhurst Mutual"


def test_an_agencys_client_named_at_a_sentences_start_is_the_employer() -> None:
    agent = Address("priya.nair@finchharte.example.co.uk", "Priya Nair")
    thread = [mail("Great news - Hollybrook Housing Group would like to meet you for the Finance Business Partner role!",
                   subject="Finance Business Partner - Hollybrook Housing Group", sender=agent,
                   signature="Priya Nair\nSenior Consultant\nFinch Harte Recruitment")]
    assert names.company(thread, agent, ME, frozenset({agent.email})) == "Hollybrook Housing Group"


def test_counter_example_a_person_before_those_words_is_no_company() -> None:
    agent = Address("priya.nair@finchharte.example.co.uk", "Priya Nair")
    thread = [mail("Good news: Martin Okafor would like to meet you on Thursday.", subject="Finance Business Partner",
                   sender=agent, signature="Priya Nair\nSenior Consultant\nFinch Harte Recruitment")]
    assert names.company(thread, agent, ME, frozenset({agent.email})) == ""


def test_a_public_employers_portal_names_the_employer_on_its_labelled_line_not_itself() -> None:
    portal = Address("noreply@jobs.nhs.uk", "NHS Jobs")
    manager = Address("rachel.whitcombe@westmarch-hospitals.example.org", "Whitcombe Rachel")
    thread = [mail("You have been shortlisted for interview.\n\nEmployer: Westmarch Hospitals NHS Trust\nDate: "
                   "18/11/2026 at 10:00\n\nPlease confirm your attendance in your NHS Jobs account.",
                   subject="Invitation to interview - Service Manager", sender=portal, signature="NHS Jobs"),
              mail("Looking forward to seeing you on the 18th.", subject="Service Manager interview", sender=manager,
                   hours=24, signature="Rachel Whitcombe\nDivisional General Manager")]
    assert names.company(thread, manager, ME) == "Westmarch Hospitals NHS Trust"


AGENT = Address("owen@northgatesearch.example.com", "Owen Mercer")


def test_people_named_together_are_never_the_company() -> None:
    thread = [mail("Confirmed with Rachel: Thursday 11/5, 11:00 AM - 12:00 PM Pacific, with Rachel Ng and Dmitri Volkov.",
                   subject="Fwd: Candidate - Alex C. - Embedded Software Engineer", sender=AGENT,
                   signature="Owen Mercer\nSenior Recruiter, Embedded & IoT\nNorthgate Search"),
              mail("From: Rachel Ng <rachel.ng@halvorsenmarine.example.com>\nShe and Dmitri Volkov will join.",
                   sender=AGENT, hours=1),
              mail("They will decide by Friday - thanks again for meeting with Rachel Ng and Dmitri Volkov.",
                   sender=AGENT, hours=50, signature="Owen Mercer\nSenior Recruiter, Embedded & IoT\nNorthgate Search")]
    assert names.company(thread, AGENT, ME, frozenset({AGENT.email})) == ""


def test_counter_example_a_company_named_after_its_founder_beside_a_desk_is_still_read() -> None:
    recruiter = Address("ines@ashford-marsh.example.com", "Ines Duarte")
    thread = [mail("I'm a recruiter at Ashford Marsh and would love to set up an interview.", sender=recruiter,
                   signature="Ines Duarte\nTalent Partner, Ashford Marsh")]
    assert names.company(thread, recruiter, ME) == "Ashford Marsh"


def test_a_founder_on_free_mail_names_the_company_the_subject_and_invite_name() -> None:
    founder = Address("dara.oyelaran@gmail.example.com", "Dara Oyelaran")
    invite = CalendarEvent(uid="u1", sequence=0, method="REQUEST", status="", start=AT + dt.timedelta(days=3), end=None,
                           summary="Tilth & Tally x Alex Candidate")
    thread = [mail("We're a two-person team building farm analytics.", subject="Tilth & Tally - founding data engineer",
                   sender=founder, calendar=(invite,))]
    assert names.company(thread, founder, ME) == "Tilth & Tally"


def test_a_job_title_in_the_subject_is_never_the_company() -> None:
    agent = Address("marcus.bell@keystone-staffing.example.com", "Marcus Bell")
    thread = [mail("Great news - Ridgeline Distribution reviewed your resume for the Warehouse Supervisor (2nd Shift) "
                   "position and they'd like to set up a phone interview.", sender=agent,
                   subject="Ridgeline Distribution - Warehouse Supervisor (2nd Shift) phone interview")]
    assert names.company(thread, agent, ME, frozenset({agent.email})) != "Warehouse Supervisor"


def test_the_users_own_name_is_never_the_company() -> None:
    thread = [mail("Hi!", subject="Alex Candidate / Oliver Brandt - interview",
                   sender=Address("hamza@greyfriars.example.com", "Hamza Rahman"))]
    assert "Alex" not in names.company(thread, thread[0][0].sender, ME)


# ------------------------------------------------------------------------------------------------- role


@pytest.mark.parametrize(("subjects", "texts", "expected"), [
    (["Corvina Payments - Backend Engineer (Payments Risk)"], [], "Backend Engineer (Payments Risk)"),
    # hospitals' and universities' titles
    (["Consultant Geriatrician (Ref MMD-2026-118) - Invitation to Interview"], [], "Consultant Geriatrician"),
    ([], ["I am delighted to invite you for a campus visit for the Assistant Professor, Data Systems position."],
     "Assistant Professor, Data Systems"),
    ([], ["Thanks for applying for the Systems Analyst II position at Juniper Flats Credit Union."], "Systems Analyst II"),
    ([], ["I'd like you to meet the team for the Head of Payments Engineering role."], "Head of Payments Engineering"),
    (["Your interview for Senior Software Engineer, Fleet Routing"], [], "Senior Software Engineer, Fleet Routing"),
    (["Interview Request - Senior .NET Developer (contract-to-hire)"], [], "Senior .NET Developer"),
    (["Saffronline | Technical Interview - Senior Backend Engineer (Remote, US)"], [], "Senior Backend Engineer"),
    (["Invitation to the first interview (Platform Engineer)"], [], "Platform Engineer"),
    # the words that name the mail or the meeting are not part of the title after them
    (["Interview for Senior Data Engineer"], [], "Senior Data Engineer"),
    (["Reminder: Your interview for Product Designer tomorrow"], [], "Product Designer"),
    (["Interview for Technical Recruiter"], [], "Technical Recruiter"),
    # who holds the meeting is not the job: the role is the one the scheduler names
    (["Confirmed: Recruiter Screen with Moraine Credit - Mon, Nov 23 10:30 AM CST"],
     ["Recruiter Screen for the Application Security Engineer role"], "Application Security Engineer"),
    (["Hiring Manager Interview - Senior Data Engineer"], [], "Senior Data Engineer"),
    (["Quenby - quick chat re: Lifecycle Marketing Mgr role"], [], "Lifecycle Marketing Mgr"),
    # titles of jobs beyond offices
    (["Ridgeline Distribution - Warehouse Supervisor (2nd Shift) phone interview"], [], "Warehouse Supervisor"),
    (["Interview - Paralegal"], ["You are invited to interview for the role of Paralegal - Residential Property."],
     "Paralegal"),
    # the meeting's name in another language is no part of the title either
    (["Kennenlerngespräch Senior Backend Engineer (m/w/d)"], [], "Senior Backend Engineer"),
    ([], ["Thanks for applying for the Front Desk Agent (Winter Season) position at Silvertip Lodge!"],
     "Front Desk Agent (Winter Season)"),
    # a French title that goes on from an English head word ("Chef", a cook, in English)
    (["Votre candidature - Chef de projet data (H/F) - Vaudrelle Énergie"],
     ["Suite à votre candidature au poste de Chef de projet data (H/F), nous souhaitons vous rencontrer."],
     "Chef de projet data (H/F)"),
    # a scheduling tool's words around the title: "the ... process", "virtual onsite for ..."
    (["Thrennick would like to schedule your virtual onsite"],
     ["Congratulations on moving forward in the Staff Data Engineer process at Thrennick!"], "Staff Data Engineer"),
    (["Your virtual onsite is confirmed"], ["Your virtual onsite for Staff Data Engineer is confirmed."],
     "Staff Data Engineer"),
    # a hospital's locum post: "SMO" (a senior medical officer) is the title's head
    (["Interview - Locum SMO Emergency - Dr Alex Candidate"], [], "Locum SMO"),
    # a trainee's title ends in the word: "Graduate Engineer", cut short, is another job
    (["Interview Schedule - Graduate Engineer Trainee - International Campus Programme 2027"], [],
     "Graduate Engineer Trainee"),
    # "the position X", as German mail writes it in English
    (["Interview"], ["Thank you for your application for the position Backend Engineer – Charging Platform."],
     "Backend Engineer"),
    # an institution's office is a title's head too
    (["Interview - Tidewater University"],
     ["Thank you for applying for the position of Assistant Registrar, Scheduling and Systems (Competition #2026-214)."],
     "Assistant Registrar, Scheduling and Systems"),
    # a seniority's abbreviation is part of the title, its dot ends no sentence
    (["Quill & Ledger | Sr. Data Analyst (Remote, EMEA) - interview"], [], "Sr. Data Analyst"),
    # a role re-titled during the process is called by its new title, whatever the subject still says
    (["Tidewater Labs - Cloud Infrastructure Engineer - interview"],
     ["Quick update: we've re-titled this role Site Reliability Engineer (Platform) - same team, same scope."],
     "Site Reliability Engineer (Platform)"),
    # French and Portuguese titles have no English head word: their subjects' and sentences' own forms
    (["Re: Votre candidature – Développeur Backend Python (H/F) chez Atelier Lumen"], [], "Développeur Backend Python (H/F)"),
    ([], ["Votre candidature pour le poste de Développeur Backend Python (H/F) a retenu toute notre attention."],
     "Développeur Backend Python (H/F)"),
    (["Re: Convite para entrevista | Pessoa Engenheira de Software Sênior – Backend | Ipê Pagamentos"], [],
     "Pessoa Engenheira de Software Sênior – Backend"),
    # a rank before "Director of ..." is part of the title
    (["Associate Director of Admissions - Kingsbury Hall School"],
     ["Thank you for your application for the position of Associate Director of Admissions at Kingsbury Hall School."],
     "Associate Director of Admissions"),
    # a German title on a line of its own under "für die Position"
    (["Vorstellungsgespräch in KW 48"],
     ["Unser Mandant möchte Sie gerne für die Position\n\n   Gruppenleiter Hardware-Test (m/w/d)\n\nkennenlernen."],
     "Gruppenleiter Hardware-Test (m/w/d)"),
])
def test_role_title_is_read_as_written(subjects: list[str], texts: list[str], expected: str) -> None:
    assert names.role_title(subjects, texts) == expected


@pytest.mark.parametrize("text", [
    "I'm the Director of Lab Informatics at Halvard Biologics.",  # the writer's own job
    "You'll meet Daniel Okafor, our Engineering Manager.",  # the interviewer's job
    "Prairie Grid Analytics - interview with their VP of Data",
])
def test_a_persons_title_is_not_the_role(text: str) -> None:
    assert names.role_title([text], [text]) == ""


def test_a_meeting_named_after_who_holds_it_is_no_role() -> None:
    assert names.role_title(["Confirmed: Recruiter Screen with Moraine Credit"], []) == ""


# ----------------------------------------------------------------------------------------------- people


def test_interviewers_named_in_the_text_are_the_rounds_people() -> None:
    thread = [mail("We'd like to invite you to an interview with Daniel Okafor, our Engineering Manager, on Friday.")]
    (found,) = names.read(thread, (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == ("Daniel Okafor",)


def test_a_line_opening_with_with_names_the_people_not_with() -> None:
    thread = [mail("The technical panel is on Tuesday 1 December at 14:00 CET.\nWith Pieter Jansen (Lead ML Engineer) "
                   "and Noor El Amrani (Senior Data Scientist).")]
    (found,) = names.read(thread, (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == ("Pieter Jansen", "Noor El Amrani")


def test_an_interviewer_with_a_title_in_brackets_is_found() -> None:
    thread = [mail("Lorenzo Batista (Engineering Manager, Payments Risk) has an hour this Thursday.")]
    (found,) = names.read(thread, (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == ("Lorenzo Batista",)


@pytest.mark.parametrize(("text", "people"), [
    ("The last step is a final conversation with our CTO, Ananya Rao, on Thursday.", ("Ananya Rao",)),
    ("Your video interview:\nWith: Dana Whitfield, Director of Engineering\nWhen: Tuesday at 10:00", ("Dana Whitfield",)),
    ("It's 90 minutes over Google Meet with Tom and Nadia Rahman.", ("Tom", "Nadia Rahman")),
    ("The interview will be with Dr. Fiona MacLeod, Head of Research.", ("Fiona MacLeod",)),
    # a second title-then-name after "and", and a list that starts with the writer herself
    ("For the interview, you will meet our board chair, Graham Pyke, and our treasurer, Anjali Rao.",
     ("Graham Pyke", "Anjali Rao")),
    ("For the interview you'll meet me, Owen Pratt (Engineering Manager) and Lucía Márquez from Design.",
     ("Owen Pratt", "Lucía Márquez")),
])
def test_interviewers_named_the_ways_invitations_name_them(text: str, people: tuple[str, ...]) -> None:
    (found,) = names.read([mail(text)], (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == people


def test_counter_example_a_first_name_alone_names_no_interviewer() -> None:
    (found,) = names.read([mail("You'll meet Tom on Thursday.")], (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == ()


@pytest.mark.parametrize("people", [["Leilani Park", "Tomasz Nowak", "Park"], ["Park", "Leilani Park", "Tomasz Nowak"]])
def test_a_surname_alone_joins_the_full_name_it_ends(people: list[str]) -> None:
    assert sorted(names._merge_people(people)) == ["Leilani Park", "Tomasz Nowak"]


def test_an_agendas_times_are_no_part_of_the_interviewers_names() -> None:
    thread = [mail("It's four conversations on Zoom:\n- 9:00 AM  Raj Mehta (Engineering Manager, Infrastructure)\n"
                   "- 10:00 AM Lena Vogt (Staff SRE)\n- 12:00 PM Priscilla Tan (VP Engineering)\n- 14:00 CET Anna "
                   "Berg (Head of QA)")]
    (found,) = names.read(thread, (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == ("Raj Mehta", "Lena Vogt", "Priscilla Tan", "Anna Berg")


def test_a_first_name_after_the_interview_joins_the_full_name() -> None:
    thread = [mail("A 45-minute interview with Desmond Park, Director of Pricing Systems."),
              mail("Thanks for meeting with Desmond today!", hours=80)]
    (found,) = names.read(thread, (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == ("Desmond Park",)


def test_a_recruiter_who_calls_the_user_holds_the_screen() -> None:
    thread = [mail("I'd like to start with a 30-minute phone screen. I'll call you on Friday.")]
    (found,) = names.read(thread, (interview(minutes=30),), RECRUITER, ME).rounds
    assert found.interviewers == ("Tamsin Reyes",)
    assert (found.stage, found.label) == ("early", "phone screen")


def test_a_roles_own_brackets_in_the_invitation_title_are_no_interviewer() -> None:
    invite = CalendarEvent(uid="1", sequence=0, method="REQUEST", status="", start=AT + dt.timedelta(hours=72), end=None,
                           summary="Interview: Alex Candidate - Quantitative Developer (Fixed Income)")
    thread = [mail("I'm happy to confirm the video interview with Rupert Ashdown and Kavita Desai.", calendar=(invite,))]
    (found,) = names.read(thread, (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == ("Rupert Ashdown", "Kavita Desai")


def test_a_footer_listing_places_with_and_names_nobody() -> None:
    thread = [mail("Your interview with Rupert Ashdown is on Thursday."),
              mail("Thanks for speaking with Rupert today! Quillstone Capital LLP is registered in England and Wales, "
                   "no. OC312456.", hours=80)]
    (found,) = names.read(thread, (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == ("Rupert Ashdown",)


def test_a_recruiter_who_was_great_chatting_with_this_morning_held_the_screen() -> None:
    thread = [mail("Your 30-minute phone screen is booked for Tuesday."),
              mail("Great chatting this morning! I'll share my notes with the hiring manager.", hours=74)]
    (found,) = names.read(thread, (interview(minutes=30),), RECRUITER, ME).rounds
    assert found.interviewers == ("Tamsin Reyes",)



def test_a_recruiter_who_names_herself_among_the_interviewers_holds_the_round() -> None:
    thread = [mail("Your video interview is on Thursday with Henrik Claussen, our Head of Data, and myself.")]
    (found,) = names.read(thread, (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == ("Henrik Claussen", "Tamsin Reyes")


@pytest.mark.parametrize("text", [
    "You'll have a 45-minute video interview with Henrik Claussen, our Head of Data, and me.",
    "The panel will be Henrik Claussen, Aisha Obi and me.",
    "You'll meet Henrik Claussen, our Head of Data, with me joining as well.",
])
def test_a_recruiter_who_says_she_sits_in_holds_the_round(text: str) -> None:
    (found,) = names.read([mail(text)], (interview(),), RECRUITER, ME).rounds
    assert "Tamsin Reyes" in found.interviewers


@pytest.mark.parametrize("text", [
    "Could we do a quick 30-minute phone chat next Thursday at 1:00 pm PT? Nothing formal.",
    "Nothing formal - I just want to hear about you and tell you more about the team. Thursday at 1 pm PT?",
])
def test_a_recruiter_who_asks_for_a_chat_herself_holds_it(text: str) -> None:
    (found,) = names.read([mail(text)], (interview(minutes=30),), RECRUITER, ME).rounds
    assert found.interviewers == ("Tamsin Reyes",)


def test_counter_example_a_call_asked_for_with_someone_else_is_theirs() -> None:
    thread = [mail("Could we set up a quick call with Henrik Claussen, our Head of Data, next Thursday at 1 pm?")]
    (found,) = names.read(thread, (interview(minutes=30),), RECRUITER, ME).rounds
    assert found.interviewers == ("Henrik Claussen",)


@pytest.mark.parametrize("text", [
    "Ellen Brody, our Paralegal Manager, would like to speak with you by phone for about 30 minutes on Wednesday "
    "at 2:00 PM. Ellen will call you at the number on your resume.",
    "Ellen enjoyed speaking with you yesterday. Ellen Brody will call you on Wednesday at 2:00 PM.",
])
def test_a_coordinator_whose_sentence_names_someone_else_speaking_with_the_user_does_not_hold_it(text: str) -> None:
    (found,) = names.read([mail(text)], (interview(minutes=30),), RECRUITER, ME).rounds
    assert "Tamsin Reyes" not in found.interviewers


def test_counter_example_let_him_and_me_know_is_no_seat_on_the_panel() -> None:
    thread = [mail("You'll meet Henrik Claussen on Thursday. Let Henrik and me know if you need anything.")]
    (found,) = names.read(thread, (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == ("Henrik Claussen",)


def test_a_name_at_a_lines_end_stops_before_a_label_of_two_words_under_it() -> None:
    text = ("Your interview has been rescheduled.\n\nSite Reliability Engineer - Interview with Liam O'Connor\n"
            "NEW TIME: Wednesday, 18 November 2026, 8:00 AM - 9:00 AM AEDT")
    (found,) = names.read([mail(text)], (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == ("Liam O'Connor",)


def test_an_agendas_people_are_the_rounds_interviewers() -> None:
    text = ("Florian would like to invite you to a virtual on-site day with the team on Thursday, 5 November:\n\n"
            "14:00 – 15:00  Technical deep-dive (Florian Brandt, Anja Petrović)\n"
            "15:15 – 16:00  Pair programming on a motor-control simulation (Anja Petrović)\n"
            "16:15 – 17:00  Conversation with our CTO, Dr. Heike Albrecht\n")
    (found,) = names.read([mail(text)], (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == ("Florian Brandt", "Anja Petrović", "Heike Albrecht")


def test_the_people_of_a_technical_discussion_hold_the_round() -> None:
    text = ("The next round is a 2-hour virtual panel: the first hour is a technical discussion with Wen Li and Ahmed "
            "Saleh from the data platform group, the second hour is with our product lead, Claire Thibodeau.")
    (found,) = names.read([mail(text)], (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == ("Wen Li", "Ahmed Saleh", "Claire Thibodeau")


@pytest.mark.parametrize("summary", ["Analytics Engineer interview - Alex Candidate / Tomás Ibarra",
                                     "Tomás Ibarra <> Alex Candidate", "Alex Candidate + Tomás Ibarra"])
def test_the_person_an_invites_title_pairs_with_the_user_holds_the_round(summary: str) -> None:
    invite = CalendarEvent(uid="f1", sequence=0, method="REQUEST", status="CONFIRMED", start=AT + dt.timedelta(hours=72),
                           end=AT + dt.timedelta(hours=73), summary=summary)
    thread = [mail("Hi Alex - here's the invite for Tuesday. Looking forward to it!", calendar=(invite,))]
    (found,) = names.read(thread, (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == ("Tomás Ibarra",)


def test_a_labelled_line_of_interviewers_names_them_all() -> None:
    text = "Your panel interview is confirmed.\nInterviewers: Denise Arkwright, Tomás Ibarra, Keisha Monroe\nWhen: Tuesday"
    (found,) = names.read([mail(text)], (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == ("Denise Arkwright", "Tomás Ibarra", "Keisha Monroe")


def test_the_next_rounds_people_named_after_a_screen_did_not_hold_it() -> None:
    thread = [mail("I'd like to start with a 30-minute phone screen. I'll call you on Friday."),
              mail("Thanks again for your time on the phone this morning. I'd like to move you forward to a video "
                   "interview with Mark Feeney, Manager of Clinical Applications.", hours=74)]
    (found,) = names.read(thread, (interview(minutes=30),), RECRUITER, ME).rounds
    assert found.interviewers == ("Tamsin Reyes",)


def test_a_portal_messages_recruiter_named_with_her_title_arranges_and_does_not_hold() -> None:
    portal = Address("noreply@tidewick.icims.com", "Tidewick Bank")
    thread = [mail("From: Jordan Pyke, Senior Recruiter\n\nCeleste Amari, our Head of Data Governance, would like to "
                   "speak with you over video. Questions? Contact your recruiter, Jordan Pyke.", sender=portal)]
    (found,) = names.read(thread, (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == ("Celeste Amari",)

def test_the_person_who_wants_to_meet_the_user_holds_the_interview() -> None:
    thread = [mail("Great news - Tom Baca at Saguaro Credit Union wants to meet you! He's proposed Thursday at 9:00 AM.")]
    (found,) = names.read(thread, (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == ("Tom Baca",)


def test_a_committee_and_the_room_it_meets_in_are_no_interviewers() -> None:
    thread = [mail("I'm pleased to let you know that the Search Committee would like to meet you.\n\n9:45 - 11:15    "
                   "Search Committee interview (Senate Room)\n11:30 - 12:15    Meeting with Dr. Amira Haddad, Provost")]
    (found,) = names.read(thread, (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == ("Amira Haddad",)


def test_counter_example_a_surname_that_names_buildings_too_is_still_a_person() -> None:
    thread = [mail("You'll have a 45-minute interview with Jessica Hall, our Head of Finance, on Thursday.")]
    (found,) = names.read(thread, (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == ("Jessica Hall",)


def test_each_round_has_its_own_people_and_stage() -> None:
    thread = [mail("I'd like to start with a 30-minute phone screen. I'll call you.", hours=0),
              mail("Next is the technical interview with Lorenzo Batista on Thursday.", hours=102),
              mail("On to the final round: a conversation with Dolores Achebe, our VP of Engineering.", hours=202)]
    rounds = (interview(0, 48, 30), interview(1, 150), interview(2, 250))
    found = names.read(thread, rounds, RECRUITER, ME).rounds
    assert [r.interviewers for r in found] == [("Tamsin Reyes",), ("Lorenzo Batista",), ("Dolores Achebe",)]
    assert [r.stage for r in found] == ["early", "", "final"]
    assert [r.label for r in found] == ["phone screen", "technical interview", ""]


def test_the_user_and_the_company_are_never_interviewers() -> None:
    thread = [mail("Your interview with Corvina Payments is confirmed: a call with Alex Candidate and the team.")]
    (found,) = names.read(thread, (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == ()


def test_invite_attendees_without_a_name_are_left_out() -> None:
    (found,) = names.read([mail("See you then.")], (interview(interviewers=("x@example.com", "Oliver Brandt")),),
                          RECRUITER, ME).rounds
    assert found.interviewers == ("Oliver Brandt",)


# ------------------------------------------------------------------------------------------ the contact


def test_contact_role_comes_from_the_lines_under_their_name_when_no_signature_was_set_apart() -> None:
    hannah = Address("hannah.okafor@northgale.example.co.uk", "Hannah Okafor")
    text = ("Thank you for attending our assessment centre today.\n\nKind regards,\n\nHannah Okafor\n"
            "Graduate Recruitment Adviser | Early Careers\nNorthgale Lyndale")
    assert names.contact_role([mail(text, sender=hannah)], hannah) == "Graduate Recruitment Adviser"


def test_contact_role_comes_from_their_signature() -> None:
    thread = [mail("Does Tuesday work?", signature="Tamsin Reyes\nTechnical Recruiter | Corvina Payments\n2100 Ross Ave")]
    assert names.contact_role(thread, RECRUITER) == "Technical Recruiter"
    assert names.is_coordinator("Technical Recruiter")
    assert not names.is_coordinator("Director, Lab Informatics")


@pytest.mark.parametrize(("display", "expected"), [
    ("Maren Holt", "Maren"), ("Holt, Maren", "Maren"), ("Dr. Maren Holt", "Maren"), ("Maren Holt via Greenhouse", "Maren"),
    ("Maren Holt, PhD", "Maren"), ("Maartje Hoekstra | Noordkaap", "Maartje"), ("Elin Sjöberg - Strandvik Games", "Elin"),
])
def test_first_name(display: str, expected: str) -> None:
    assert names.first_name(display, "m.holt@example.com") == expected


def test_a_past_interview_named_in_the_invitation_does_not_make_an_onsite_a_screen() -> None:
    thread = [mail("The team loved your phone interview, and we'd like to bring you out for an onsite on Thursday.",
                   subject="Your onsite at Marrowby")]
    (found,) = names.read(thread, (interview(),), RECRUITER, ME).rounds
    assert (found.stage, found.label) == ("final", "onsite")


def test_people_in_brackets_in_an_invite_title_held_the_round() -> None:
    invite = CalendarEvent(uid="u1", sequence=0, method="REQUEST", status="", start=AT + dt.timedelta(days=3), end=None,
                           summary="Gannet Bay onsite - Coding (Mei-Lin Sato)")
    (found,) = names.read([mail("Here is your itinerary.", calendar=(invite,))], (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == ("Mei-Lin Sato",)



def test_a_name_at_a_lines_end_stops_before_the_label_under_it() -> None:
    text = "Interview: Backend Engineer, video interview with Callum Price\nWhen: Wednesday, October 21, 2:00 PM"
    (found,) = names.read([mail(text)], (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == ("Callum Price",)



def test_a_name_at_a_lines_end_stops_before_a_sentence_about_them() -> None:
    text = "Phone Screen - Senior Financial Analyst\nInterviewer: Kayla Romero\nKayla will call you at the number you gave."
    (found,) = names.read([mail(text)], (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == ("Kayla Romero",)

def test_counter_example_a_name_hard_wrapped_over_two_lines_is_whole() -> None:
    text = "We would like to invite you to a video interview with our engineering manager, Callum\nPrice, on Wednesday."
    (found,) = names.read([mail(text)], (interview(),), RECRUITER, ME).rounds
    assert found.interviewers == ("Callum Price",)

def test_a_first_name_is_completed_from_elsewhere_in_the_thread() -> None:
    thread = [mail("I'm passing your details to Bianca Whitfield, the hiring manager."),
              mail("She'd like to meet you: Tuesday on Teams with Bianca and one of her engineers.", hours=24)]
    (found,) = names.read(thread, (interview(hours=72),), RECRUITER, ME).rounds
    assert found.interviewers == ("Bianca Whitfield",)


def test_an_agendas_people_written_with_their_titles_are_the_interviewers() -> None:
    robot = Address("no-reply@goodtime.io", "Marrowfield Mutual")
    thread = [mail("Your virtual onsite with Marrowfield Mutual is confirmed.\n\nThursday, October 22, 2026\n"
                   "10:00 - 11:00 AM  Hiring manager interview - Graham Lutz, Director of Pricing Analytics\n"
                   "11:00 AM - 12:00 PM  Technical interview - Ana Sousa, Principal Data Scientist",
                   subject="Interview confirmed: Marrowfield Mutual - Staff Data Scientist", sender=robot)]
    found = names.read(thread, (interview(),), RECRUITER, ME)
    assert found.rounds[0].interviewers == ("Graham Lutz", "Ana Sousa")


def test_an_agency_recruiter_is_never_counted_as_an_interviewer() -> None:
    agent = Address("caleb.yoon@northpointsearch.example.com", "Caleb Yoon")
    thread = [mail("Good news from Fenwick Biotech: they'd like a video interview. You'd meet Dr. Ilse Marchetti, "
                   "their Director of Computational Biology. I'd love to talk with you before then.",
                   subject="Fenwick Biotech - interview with Dr. Ilse Marchetti", sender=agent,
                   signature="Caleb Yoon\nPrincipal Consultant\nNorthpoint Search Group | 100 King St W")]
    found = names.read(thread, (interview(),), agent, ME)
    assert found.company == "Fenwick Biotech"
    assert found.rounds[0].interviewers == ("Ilse Marchetti",)


def test_a_firm_of_talent_partners_is_the_agency_and_its_client_the_employer() -> None:
    agent = Address("sanjay.kapoor@northpointtalent.example.com", "Sanjay Kapoor")
    thread = [mail("Great news - Harrowgate Insurance would like to meet you for the Senior QA Automation Engineer "
                   "role. You'll meet Elaine Fournier, their Director of Quality Engineering.",
                   subject="Interview confirmed - Senior QA Automation Engineer @ Harrowgate Insurance", sender=agent,
                   signature="Sanjay Kapoor\nSenior Recruiter\nNorthpoint Talent Partners")]
    assert names.company(thread, agent, ME) == "Harrowgate Insurance"


def test_a_family_name_first_display_name_is_read_by_its_address() -> None:
    assert (names.first_name("Tan Wei Ling", "weiling.tan@straits-ledger.example.com"),
            names.first_name("Wei Ling Tan", "weiling.tan@straits-ledger.example.com")) == ("Wei Ling", "Wei Ling")


KATHERINE = Address("katherine.price@larkspur.example.com", "Katherine Price")


def _signed(sender: Address, name: str) -> tuple[Message, Side]:
    return mail(f"Would Tuesday at 2pm work for the interview?\n\nBest,\n{name}", sender=sender)


def test_a_contact_signing_with_a_short_form_of_her_name_is_greeted_by_it() -> None:
    assert names.greeting([_signed(KATHERINE, "Kate")], KATHERINE) == "Kate"


def test_a_given_name_of_two_words_signed_so_is_greeted_whole() -> None:
    mary_kate = Address("mk.dolan@bridgewell.example.com", "Mary Kate Dolan")
    assert names.greeting([_signed(mary_kate, "Mary Kate")], mary_kate) == "Mary Kate"


TRANG = Address("trang.ntt@songhong.example.com", "Nguyen Thi Thu Trang")


def _greeted_by_me(to: Address, text: str) -> tuple[Message, Side]:
    message = mail(text, sender=Address("candidate@example.org", "Alex Candidate"))[0]
    return dataclasses.replace(message, role=Role.SENT, to=(to,)), Side.ME


def test_a_contact_the_user_greets_by_another_part_of_her_name_is_greeted_so() -> None:
    thread = [_signed(TRANG, "Ms. Trang (HR)"), _greeted_by_me(TRANG, "Dear Trang,\n\nTuesday at 10 works for me.")]
    assert names.greeting(thread, TRANG) == "Trang"


def test_counter_example_a_user_greeting_a_name_not_in_the_contacts_is_not_followed() -> None:
    thread = [_signed(KATHERINE, "Katherine"), _greeted_by_me(KATHERINE, "Hi Team,\n\nTuesday works.")]
    assert names.greeting(thread, KATHERINE) == ""


def test_counter_example_a_user_greeting_the_full_name_keeps_the_first_name() -> None:
    thread = [_signed(KATHERINE, "Katherine"), _greeted_by_me(KATHERINE, "Hi Katherine Price,\n\nTuesday works.")]
    assert names.greeting(thread, KATHERINE) == ""


def test_a_given_name_of_two_accented_words_is_greeted_whole() -> None:
    maria = Address("mjferrer@greenloop-energy.example", "María José Ferrer Solà")
    assert names.greeting([_signed(maria, "María José")], maria) == "María José"


def test_a_contact_known_by_an_initial_is_greeted_by_the_name_she_signs() -> None:
    josefina = Address("jramirez@hfxlogistics.example.com", "J. Ramirez")
    assert names.greeting([_signed(josefina, "Josefina")], josefina) == "Josefina"


def test_an_assistant_writing_on_the_contacts_behalf_does_not_make_him_a_coordinator() -> None:
    marcus = Address("marcus.achterberg@castellangroup.example.com", "Marcus Achterberg")
    thread = [mail("I am writing on behalf of Marcus Achterberg, Head of Operations, to invite you to an interview.",
                   sender=marcus, signature="Hannah Lindgren\nRecruiting Coordinator, on behalf of Marcus Achterberg")]
    assert not names.is_coordinator(names.contact_role(thread, marcus))


def test_counter_example_hr_writing_on_behalf_of_a_committee_is_still_a_coordinator() -> None:
    graham = Address("gpillai@eastbrook.example.edu", "Graham Pillai")
    thread = [mail("On behalf of the search committee, thank you for applying. We would like to invite you to an "
                   "interview.", sender=graham, signature="Graham Pillai\nHuman Resources | Eastbrook College")]
    assert names.contact_role(thread, graham) == "Human Resources"


def test_counter_example_a_contact_signing_her_full_name_keeps_the_first_name() -> None:
    assert names.greeting([_signed(KATHERINE, "Katherine Price")], KATHERINE) == ""


def test_counter_example_a_team_signature_is_no_name_to_greet() -> None:
    assert names.greeting([_signed(KATHERINE, "Recruiting")], KATHERINE) == ""


CAREERS = Address("careers@glenrockgames.example.com", "Glenrock Games Careers")


def test_a_team_mailbox_named_after_its_company_has_no_first_name() -> None:
    assert names.first_name(CAREERS.name, CAREERS.email) == ""


def test_a_team_mailbox_answered_by_a_person_who_signs_is_greeted_by_her_name() -> None:
    assert names.greeting([_signed(CAREERS, "Hannah")], CAREERS) == "Hannah"


def test_counter_example_a_person_whose_name_is_in_her_companys_domain_keeps_it() -> None:
    assert names.first_name("Dana Glenrock", "dana@glenrock.example.com") == "Dana"


HARTMANN = Address("s.hartmann@kesselbach.example.de", "Sabine Hartmann")


def test_a_contact_the_user_addresses_as_frau_hartmann_is_greeted_so() -> None:
    thread = [_signed(HARTMANN, "Sabine Hartmann"),
              _greeted_by_me(HARTMANN, "Sehr geehrte Frau Hartmann,\n\nvielen Dank für die Einladung.")]
    assert names.salutation(thread, HARTMANN) == "Sehr geehrte Frau Hartmann,"


def test_a_doctor_the_user_writes_to_as_dear_dr_is_greeted_so() -> None:
    okafor = Address("d.okafor@fenwick.example.com", "Daniel Okafor")
    thread = [_greeted_by_me(okafor, "Dear Dr. Okafor\n\nTuesday at 10 works for me.")]
    assert names.salutation(thread, okafor) == "Dear Dr. Okafor,"


def test_counter_example_the_users_latest_greeting_by_first_name_wins() -> None:
    thread = [_greeted_by_me(HARTMANN, "Sehr geehrte Frau Hartmann,\n\ndanke."),
              _greeted_by_me(HARTMANN, "Hallo Sabine,\n\ngerne, bis Dienstag.")]
    assert names.salutation(thread, HARTMANN) == ""


def test_counter_example_a_surname_not_the_contacts_is_not_followed() -> None:
    thread = [_greeted_by_me(HARTMANN, "Sehr geehrter Herr Kesselbach,\n\nvielen Dank.")]
    assert names.salutation(thread, HARTMANN) == ""


def test_counter_example_a_contact_on_first_name_terms_keeps_the_first_name_greeting() -> None:
    tafoya = Address("lorraine.tafoya@brenmoor.example.org", "Tafoya, Lorraine")
    thread = [mail("Dear Alex,\n\nWe would like to invite you to a video interview.", sender=tafoya),
              _greeted_by_me(tafoya, "Dear Ms. Tafoya,\n\nThank you, Tuesday works.")]
    assert names.salutation(thread, tafoya, "Alex Candidate") == ""
    assert names.salutation(thread[1:], tafoya, "Alex Candidate") == "Dear Ms. Tafoya,"


def test_a_renamed_subjects_note_of_the_old_one_does_not_name_the_new_round() -> None:
    thread = [mail("Let's start with a 30-minute phone screen.", subject="Platform Engineer phone screen", hours=0),
              mail("Colette would like to move you forward to a 60-minute technical interview with her.", hours=102,
                   subject="Next step: technical interview (was: Re: Platform Engineer phone screen)")]
    rounds = (interview(0, 48, 30), interview(1, 150))
    assert [r.label for r in names.read(thread, rounds, RECRUITER, ME).rounds] == ["phone screen", "technical interview"]
