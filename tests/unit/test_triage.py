"""rules/triage.py: which messages can belong to an interview, from headers and a body's first lines."""

from __future__ import annotations

from rules import triage
from watcher import headers

ME = frozenset({"alex@example.org", "alex@employer.example.com"})
MY_DOMAINS = frozenset({"employer.example.com"})


def look(block: str, sent: bool = False) -> triage.Look:
    return triage.look(headers.read(block.encode() + b"\r\n\r\n"), sent, ME, MY_DOMAINS)


def test_recruiting_system_mail_is_kept() -> None:
    found = look("From: Larkspur <no-reply@greenhouse.io>\r\nSubject: Thanks for applying")
    assert found.verdict is triage.Verdict.YES


def test_a_persons_mail_about_an_interview_in_its_subject_is_kept() -> None:
    assert look("From: Maren <maren@larkspur.example.com>\r\nSubject: Interview next week").verdict is triage.Verdict.YES


def test_a_persons_mail_about_something_else_needs_a_look_at_its_body() -> None:
    assert look("From: Maren <maren@larkspur.example.com>\r\nSubject: Quick question").verdict is triage.Verdict.MAYBE


def test_newsletter_is_dropped_on_its_headers() -> None:
    found = look("From: Careers Weekly <news@careers.example.com>\r\nList-Unsubscribe: <mailto:u@x>\r\n"
                 "Subject: Ace your next interview")
    assert found.verdict is triage.Verdict.NO


def test_job_alert_from_a_job_board_is_dropped() -> None:
    found = look("From: LinkedIn <jobalerts-noreply@linkedin.com>\r\nSubject: Companies interviewing now")
    assert found.verdict is triage.Verdict.NO


def test_a_persons_message_relayed_by_a_platform_needs_a_look_at_its_body() -> None:
    found = look("From: Dana Whitfield via LinkedIn <messages-noreply@linkedin.com>\r\n"
                 "List-Unsubscribe: <https://www.linkedin.com/e/unsub>\r\nSubject: Dana Whitfield sent you a new message")
    assert found.verdict is triage.Verdict.MAYBE


def test_counter_example_a_platforms_own_digest_via_nobody_is_dropped() -> None:
    found = look("From: LinkedIn <messages-noreply@linkedin.com>\r\nList-Unsubscribe: <https://www.linkedin.com/e/u>\r\n"
                 "Subject: You have 3 new messages")
    assert found.verdict is triage.Verdict.NO


def test_invoice_from_a_robot_is_dropped() -> None:
    assert look("From: Billing <no-reply@billing.example.com>\r\nSubject: Your invoice").verdict is triage.Verdict.NO


def test_a_scheduling_robots_interview_confirmation_is_kept() -> None:
    # a tool we do not know as a recruiting system, no Reply-To: the recruiter's address is in the text
    found = look("From: Kelpwise Recruiting <no-reply@scheduler.example.net>\r\n"
                 "Subject: Your technical interview with Kelpwise is confirmed")
    assert found.verdict is triage.Verdict.YES


def test_colleagues_meeting_is_dropped() -> None:
    found = look("From: Sam <sam@employer.example.com>\r\nSubject: Sprint planning")
    assert found.verdict is triage.Verdict.NO


def test_colleagues_interview_panel_is_kept_for_detection_to_judge() -> None:
    found = look("From: Sam <sam@employer.example.com>\r\nSubject: Interview panel for a candidate")
    assert found.verdict is triage.Verdict.YES


def test_the_users_own_mail_looks_at_whom_it_went_to() -> None:
    found = look("From: Alex <alex@example.org>\r\nTo: Maren <maren@larkspur.example.com>\r\nSubject: Re: Hello", sent=True)
    assert (found.verdict, found.people) == (triage.Verdict.MAYBE, ("maren@larkspur.example.com",))


def test_people_and_companies_of_the_other_side_are_returned() -> None:
    found = look("From: Maren <maren@mail.larkspur.example.com>\r\nSubject: Hello")
    assert found.companies == ("larkspur.example.com",)


def test_a_free_mail_person_names_no_company() -> None:
    assert look("From: Jo <jo@gmail.com>\r\nSubject: Hello").companies == ()


def test_mail_to_nobody_but_the_user_is_dropped() -> None:
    assert look("From: Alex <alex@example.org>\r\nTo: alex@employer.example.com\r\nSubject: note").verdict is triage.Verdict.NO


def test_body_about_an_application_is_about_a_job() -> None:
    assert triage.about_a_job("Following up on your application for Backend Engineer, we'd like to take the next step")


def test_a_subject_naming_a_job_title_names_a_job() -> None:
    assert triage.names_a_job_title("Tues - Senior Data Engineer")


def test_counter_example_a_subject_with_no_title_names_no_job() -> None:
    assert not triage.names_a_job_title("Tues - lunch with the data team")


def test_body_in_german_about_an_application_is_about_a_job() -> None:
    assert triage.about_a_job("vielen Dank für Ihre Bewerbung als Backend-Entwickler")


def test_body_about_a_dinner_is_not_about_a_job() -> None:
    assert not triage.about_a_job("Are we still on for dinner on Saturday? Bring the photos from the trip")


def test_a_post_to_a_mailing_list_about_interviews_is_dropped() -> None:
    found = look("From: Jo <jo@gmail.com>\r\nTo: users@lists.example.org\r\nList-Id: <users.lists.example.org>\r\n"
                 "Subject: Interview with the maintainers")
    assert found.verdict is triage.Verdict.NO


def test_a_recruiter_writing_to_the_user_through_a_group_address_gets_a_look() -> None:
    found = look("From: Maren <maren@larkspur.example.com>\r\nTo: alex@example.org\r\n"
                 "List-Id: <jobs.larkspur.example.com>\r\nSubject: Interview next week")
    assert found.verdict is triage.Verdict.MAYBE


def test_the_users_own_name_is_no_evidence_of_a_job() -> None:
    assert not triage.about_a_job("On Tuesday, Alex Candidate wrote: see you at dinner", "Alex Candidate")


def test_an_address_is_no_evidence_of_a_job() -> None:
    assert not triage.about_a_job("Forwarding this to candidate@example.org and jobs@example.com, see you at dinner")


def test_the_users_reply_to_a_mailing_list_is_dropped_when_the_list_is_known() -> None:
    reply = headers.read(b"From: Alex <alex@example.org>\r\nTo: dev@lists.example.org\r\n"
                         b"Subject: Re: [users] Interview with the maintainers\r\n\r\n")
    lists = frozenset({"dev@lists.example.org"})
    assert (triage.look(reply, True, ME, MY_DOMAINS, lists).verdict,
            triage.look(reply, True, ME, MY_DOMAINS).verdict) == (triage.Verdict.NO, triage.Verdict.YES)


def test_the_users_reply_to_a_list_with_a_person_in_copy_is_still_looked_at() -> None:
    reply = headers.read(b"From: Alex <alex@example.org>\r\nTo: maren@larkspur.example.com\r\n"
                         b"Cc: dev@lists.example.org\r\nSubject: Re: Friday\r\n\r\n")
    found = triage.look(reply, True, ME, MY_DOMAINS, frozenset({"dev@lists.example.org"}))
    assert (found.verdict, found.people) == (triage.Verdict.MAYBE, ("maren@larkspur.example.com",))


def test_a_graduate_schemes_assessment_centre_from_its_recruiting_system_is_kept() -> None:
    found = look("From: Harcourt & Vale Early Careers <no-reply@harcourtvale.tal.net>\r\n"
                 "Subject: Booking confirmed: Assessment Centre - Wednesday 25 November 2026")
    assert found.verdict is triage.Verdict.YES


def test_an_assessment_centre_in_a_robots_subject_is_kept() -> None:
    found = look("From: Early Careers <no-reply@careers.harcourtvale.example.co.uk>\r\n"
                 "Subject: Invitation to Assessment Centre - Technology Graduate Programme")
    assert found.verdict is triage.Verdict.YES


def test_a_founder_looking_for_a_first_hire_speaks_of_a_job() -> None:
    assert triage.about_a_job("hey alex - we're looking for our first hire, a founding engineer. any chance you'd hop "
                              "on a call this week? thu 4ish my time")


def test_counter_example_a_friends_weekend_plans_speak_of_no_job() -> None:
    assert not triage.about_a_job("hey! are we still on for saturday? bring the board games, I'll get the pizza")
