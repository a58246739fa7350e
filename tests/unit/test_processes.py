"""processes.py: threads -> hiring processes, by links, provider ids, people, the company's ATS and the role.

Threads are given as Gmail would split them (one provider thread id each), so that every join here is
the process layer's own doing, not threads.py's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st

from watcher import processes
from watcher.model import Address, Message, Role, Thread

ME = frozenset({"alex@example.org", "alex@employer.example.com"})
ALEX = Address("alex@example.org", "Alex Rivera")
MAREN = Address("maren.holt@larkspur.example.com", "Maren Holt")
JONAS = Address("jonas.berg@larkspur.example.com", "Jonas Berg")
OTHER = Address("pat@quillon.example.net", "Pat Quill")
ATS = Address("no-reply@greenhouse.io", "Larkspur Robotics")
OTHER_ATS = Address("no-reply@lever.co", "Quillon Labs")
COLLEAGUE = Address("sam@employer.example.com", "Sam Lee")
START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def message(message_id: str, day: float, sender: Address = MAREN, *, role: Role = Role.INBOX,
            to: tuple[Address, ...] = (ALEX,), references: tuple[str, ...] = (), subject: str = "Interview",
            reply_to: tuple[Address, ...] = (), bulk: bool = False) -> Message:
    return Message(account="main", message_id=message_id, role=role, date=START + dt.timedelta(days=day),
                   sender=sender, to=to, reply_to=reply_to, subject=subject,
                   in_reply_to=references[-1] if references else None, references=references, bulk=bulk,
                   provider_thread_id=f"thr-{message_id}")


def thread(thread_id: str, *messages: Message) -> Thread:
    return Thread(thread_id, "main", messages)


def grouped(*threads: Thread, preferred: frozenset[str] = frozenset()) -> list[list[str]]:
    return sorted(sorted(p.thread_ids) for p in processes.group(threads, ME, preferred))


def test_a_timeline_update_under_a_new_subject_joins_by_references() -> None:
    first = thread("t1", message("<a@x>", 0, subject="Interview: Robotics Engineer"))
    update = thread("t2", message("<b@x>", 5, references=("<a@x>",), subject="Timeline update"))
    assert grouped(first, update) == [["t1", "t2"]]


def test_the_same_recruiter_in_a_new_thread_is_the_same_process() -> None:
    first = thread("t1", message("<a@x>", 0, subject="Interview: Robotics Engineer"))
    later = thread("t2", message("<b@x>", 9, subject="Quick question"))
    assert grouped(first, later) == [["t1", "t2"]]


def test_someone_who_writes_every_month_is_not_one_endless_process() -> None:
    monthly = [thread(f"t{n}", message(f"<m{n}@x>", 30 * n, subject=f"News {n}")) for n in range(12)]
    found = processes.group(monthly, ME)
    spans = [p.threads[-1].messages[0].date - p.threads[0].messages[0].date for p in found]
    assert len(found) > 1 and max(spans) <= dt.timedelta(days=processes.SPAN_DAYS)


AGENT = Address("felix.lind@northgate-recruit.example.com", "Felix Lind")
AGENT_COLLEAGUE = Address("ines.moreau@northgate-recruit.example.com", "Ines Moreau")


def agency_mail(message_id: str, day: float, sender: Address, client: str, role: str) -> Message:
    return replace(message(message_id, day, sender, subject=f"{role} opportunity with my client {client}"),
                   author_text=f"Hi Alex, my client {client} is hiring a {role}. Are you free to talk on Thursday?")


def test_one_agency_recruiter_writing_for_two_clients_is_in_two_processes() -> None:
    nimbus = thread("t1", agency_mail("<a@x>", 0, AGENT, "Nimbus Forge", "Senior Software Engineer"))
    fernhill = thread("t2", agency_mail("<b@x>", 9, AGENT, "Fernhill Analytics", "Product Engineer"))
    assert grouped(nimbus, fernhill) == [["t1"], ["t2"]]


def test_two_recruiters_of_one_agency_writing_for_two_clients_are_in_two_processes() -> None:
    nimbus = thread("t1", agency_mail("<a@x>", 0, AGENT, "Nimbus Forge", "Senior Software Engineer"))
    fernhill = thread("t2", agency_mail("<b@x>", 9, AGENT_COLLEAGUE, "Fernhill Analytics", "Product Engineer"))
    assert grouped(nimbus, fernhill) == [["t1"], ["t2"]]


def test_two_recruiters_of_one_agency_for_two_clients_with_one_title_are_in_two_processes() -> None:
    nimbus = thread("t1", agency_mail("<a@x>", 0, AGENT, "Nimbus Forge", "Product Engineer"))
    fernhill = thread("t2", agency_mail("<b@x>", 9, AGENT_COLLEAGUE, "Fernhill Analytics", "Product Engineer"))
    assert grouped(nimbus, fernhill) == [["t1"], ["t2"]]


def test_an_agencys_cold_outreach_exciting_about_two_roles_does_not_chain_two_clients_together() -> None:
    scout = Address("lena.petrov@northgate-recruit.example.com", "Lena Petrov")
    other_scout = Address("aisha.ibarra@northgate-recruit.example.com", "Aisha Ibarra")
    infra = thread("t0", message("<o@x>", -20, scout, subject="Exciting Senior Software Engineer, Infrastructure opportunity"))
    nimbus = thread("t1", agency_mail("<a@x>", 0, AGENT, "Nimbus Forge", "Senior Software Engineer, Infrastructure"))
    product = thread("t2", message("<p@x>", 8, other_scout, subject="Exciting Product Engineer opportunity"))
    fernhill = thread("t3", agency_mail("<b@x>", 13, AGENT_COLLEAGUE, "Fernhill Analytics", "Product Engineer"))
    assert not any({"t1", "t3"} <= set(p) for p in grouped(infra, nimbus, product, fernhill))


def test_counter_example_an_agency_recruiters_new_thread_for_the_same_client_and_role_joins() -> None:
    first = thread("t1", agency_mail("<a@x>", 0, AGENT, "Nimbus Forge", "Senior Software Engineer"))
    again = thread("t2", agency_mail("<b@x>", 9, AGENT, "Nimbus Forge", "Senior Software Engineer"))
    assert grouped(first, again) == [["t1", "t2"]]


def test_the_user_writing_to_the_recruiter_in_a_new_thread_joins_too() -> None:
    first = thread("t1", message("<a@x>", 0))
    mine = thread("t2", message("<b@x>", 3, ALEX, role=Role.SENT, to=(MAREN,), subject="Following up"))
    assert grouped(first, mine) == [["t1", "t2"]]


def test_a_colleague_of_the_recruiter_about_the_same_role_joins() -> None:
    first = thread("t1", message("<a@x>", 0, subject="Robotics Engineer: phone screen"))
    panel = thread("t2", message("<b@x>", 6, JONAS, subject="Panel interview - Robotics Engineer"))
    assert grouped(first, panel) == [["t1", "t2"]]


def test_the_same_recruiter_about_another_role_weeks_later_is_another_candidacy() -> None:
    first = thread("t1", message("<a@x>", 0, subject="Interview invitation - Data Analyst II"))
    second = thread("t2", message("<b@x>", 40, subject="Senior Analytics Engineer - Larkspur"))
    assert grouped(first, second) == [["t1"], ["t2"]]


def test_the_same_recruiter_days_later_about_another_opening_she_calls_so_is_another_candidacy() -> None:
    first = thread("t1", message("<a@x>", 0, subject="Harrowgate Systems - SRE phone screen"))
    second = thread("t2", replace(message("<b@x>", 2, subject="Another Harrowgate opening: Engineering Manager, Payments"),
                                  author_text="Separate from your SRE process - we've just opened a role you may like."))
    assert grouped(first, second) == [["t1"], ["t2"]]


def test_counter_example_the_same_recruiter_about_the_same_role_under_a_new_subject_joins() -> None:
    first = thread("t1", message("<a@x>", 0, subject="Interview invitation - Data Analyst II"))
    second = thread("t2", message("<b@x>", 10, subject="Next steps: Data Analyst II"))
    assert grouped(first, second) == [["t1", "t2"]]


def test_counter_example_the_same_recruiters_role_abbreviated_days_later_is_the_same_process() -> None:
    first = thread("t1", message("<a@x>", 0, subject="Larkspur - Senior Site Reliability Engineer - initial call"))
    second = thread("t2", message("<b@x>", 3, subject="Larkspur - technical interview (Senior SRE)"))
    assert grouped(first, second) == [["t1", "t2"]]


def test_a_colleague_the_recruiter_named_in_full_joins_under_a_subject_of_their_own() -> None:
    first = thread("t1", replace(message("<a@x>", 0, subject="Larkspur - next step for Firmware Test Engineer"),
                                 author_text="My colleague Jonas Berg from our coordination team will reach out "
                                             "separately to find a time."))
    panel = thread("t2", message("<b@x>", 1, JONAS, subject="Scheduling: virtual panel - Alex Rivera"))
    assert grouped(first, panel) == [["t1", "t2"]]


def test_counter_example_a_colleague_named_by_first_name_alone_stays_apart() -> None:
    first = thread("t1", replace(message("<a@x>", 0, subject="Larkspur - next step for Firmware Test Engineer"),
                                 author_text="Jonas on our team says hello."))
    panel = thread("t2", message("<b@x>", 1, JONAS, subject="Scheduling: virtual panel - Alex Rivera"))
    assert grouped(first, panel) == [["t1"], ["t2"]]


def test_two_roles_at_one_company_with_different_people_stay_apart() -> None:
    first = thread("t1", message("<a@x>", 0, subject="Robotics Engineer: phone screen"))
    other = thread("t2", message("<b@x>", 6, JONAS, subject="Data Analyst role"))
    assert grouped(first, other) == [["t1"], ["t2"]]


def test_two_roles_at_one_company_whose_recruiters_were_both_away_stay_apart() -> None:
    # each recruiter's out-of-office answered the user: "Automatic reply: ..." is in both threads
    first = thread("t1", message("<a@x>", 0, subject="Robotics Engineer: phone screen"),
                   replace(message("<a2@x>", 1, subject="Automatic reply: Re: Robotics Engineer"), auto_submitted=True))
    other = thread("t2", message("<b@x>", 6, JONAS, subject="Data Analyst role"),
                   replace(message("<b2@x>", 7, JONAS, subject="Automatic reply: Re: Data Analyst role"),
                           auto_submitted=True))
    assert grouped(first, other) == [["t1"], ["t2"]]


ROSA = Address("rosa.ines@corvid.example.com", "Rosa Ines")
IVO = Address("ivo.marsh@corvid.example.com", "Ivo Marsh")


def test_two_roles_whose_subjects_share_a_company_name_longer_than_its_domain_stay_apart() -> None:
    # "Corvid Analytics" writes from corvid.example.com: "analytics" is the company's name, not a role
    first = thread("t1", message("<a@x>", 0, ROSA, subject="Corvid Analytics: Platform Engineer - interview process"))
    other = thread("t2", message("<b@x>", 9, IVO, subject="Corvid Analytics: Senior Backend Engineer - interview process"))
    assert grouped(first, other) == [["t1"], ["t2"]]


def test_counter_example_the_same_role_named_beside_the_company_name_joins() -> None:
    first = thread("t1", message("<a@x>", 0, ROSA, subject="Corvid Analytics | Data Engineer - next steps"))
    other = thread("t2", message("<b@x>", 4, IVO, subject="Data Engineer panel - Corvid Analytics"))
    assert grouped(first, other) == [["t1", "t2"]]


def test_counter_example_the_same_role_at_the_named_company_joins() -> None:
    # "at Corvid Analytics" names the company; "Platform Engineer" before it is still the role
    first = thread("t1", message("<a@x>", 0, ROSA, subject="Interview confirmed: Platform Engineer at Corvid Analytics"))
    offer = thread("t2", message("<b@x>", 12, IVO, subject="Offer: Platform Engineer at Corvid Analytics"))
    assert grouped(first, offer) == [["t1", "t2"]]


def test_two_roles_whose_subjects_share_only_the_company_name_stay_apart() -> None:
    omar = Address("omar.haddad@brackwater-media.example.com", "Omar Haddad")
    tamsin = Address("tamsin.greaves@brackwater-media.example.com", "Tamsin Greaves")
    first = thread("t1", message("<a@x>", 0, omar, subject="Brackwater Media - Analytics Engineer, Ad Platform"))
    other = thread("t2", message("<b@x>", 4, tamsin, subject="Brackwater Media: panel interview for Senior Data Analyst"))
    assert grouped(first, other) == [["t1"], ["t2"]]


def test_the_ats_writing_for_the_company_joins_the_recruiters_thread() -> None:
    recruiter = thread("t1", message("<a@x>", 0, subject="Robotics Engineer"))
    confirmation = thread("t2", message("<b@x>", 1, ATS, subject="Interview confirmed: Larkspur Robotics"))
    assert grouped(recruiter, confirmation) == [["t1", "t2"]]


def test_a_system_writing_for_another_company_of_the_same_first_word_stays_apart() -> None:
    recruiter = thread("t1", message("<a@x>", 0, subject="Larkspur Biosystems - Senior Data Engineer - next steps"))
    other = thread("t2", message("<b@x>", 20, Address("noreply-larkspurmutual@talent.icims.com", "Larkspur Mutual Careers"),
                                 subject="Interview invitation - Claims Analyst"))
    assert grouped(recruiter, other) == [["t1"], ["t2"]]


def test_the_recruiter_writing_after_the_ats_joins_its_confirmation() -> None:
    confirmation = thread("t1", message("<a@x>", 0, ATS, subject="Your interview with Larkspur Robotics"))
    recruiter = thread("t2", message("<b@x>", 2, subject="Robotics Engineer next steps"))
    assert grouped(confirmation, recruiter) == [["t1", "t2"]]


def test_a_robots_mails_that_name_the_same_recruiter_in_their_text_are_one_process() -> None:
    robot = Address("no-reply@scheduler.example.net", "Kelpwise Recruiting")
    text = "This inbox isn't monitored - email me directly at rosalie.vance@kelpwise.example.com."
    confirmed = thread("t1", replace(message("<a@x>", 0, robot, subject="Your interview is confirmed"), author_text=text))
    thanks = thread("t2", replace(message("<b@x>", 7, robot, subject="Thanks for interviewing"), author_text=text))
    assert grouped(confirmed, thanks) == [["t1", "t2"]]


def test_counter_example_a_companys_no_reply_newsletter_is_no_hiring_voice() -> None:
    robot = Address("noreply@larkspur.example.com", "Larkspur Robotics")
    schedule = thread("t1", message("<a@x>", 0, subject="Interview Schedule - Graduate Trainee"))
    news = thread("t2", message("<b@x>", 13, robot, subject="Larkspur Robotics product update"))
    assert grouped(schedule, news) == [["t1"], ["t2"]]


def test_a_robots_mails_naming_different_people_stay_apart() -> None:
    robot = Address("no-reply@scheduler.example.net", "Scheduling")
    first = thread("t1", replace(message("<a@x>", 0, robot), author_text="Write to dana@kelpwise.example.com."))
    other = thread("t2", replace(message("<b@x>", 3, robot), author_text="Write to omar@quillon.example.net."))
    assert grouped(first, other) == [["t1"], ["t2"]]


def test_a_robots_mails_listing_a_directory_of_addresses_are_not_tied_by_it() -> None:
    robot = Address("no-reply@scheduler.example.net", "Scheduling")
    directory = ("Offices: ams@quillon.example.net, ber@quillon.example.net, lis@quillon.example.net, "
                 "mad@quillon.example.net.")
    first = thread("t1", replace(message("<a@x>", 0, robot, subject="Office hours"), author_text=directory))
    other = thread("t2", replace(message("<b@x>", 3, robot, subject="Holiday hours"), author_text=directory))
    assert grouped(first, other) == [["t1"], ["t2"]]


def test_an_ats_naming_another_company_stays_apart() -> None:
    recruiter = thread("t1", message("<a@x>", 0, subject="Robotics Engineer"))
    confirmation = thread("t2", message("<b@x>", 1, OTHER_ATS, subject="Interview confirmed: Quillon Labs"))
    assert grouped(recruiter, confirmation) == [["t1"], ["t2"]]


def test_the_same_ats_voice_is_one_process() -> None:
    first = thread("t1", message("<a@x>", 0, ATS, subject="Interview confirmed"))
    second = thread("t2", message("<b@x>", 4, ATS, subject="Interview rescheduled"))
    assert grouped(first, second) == [["t1", "t2"]]


def test_the_same_person_two_months_later_is_a_new_candidacy() -> None:
    first = thread("t1", message("<a@x>", 0))
    later = thread("t2", message("<b@x>", processes.WINDOW_DAYS + 1))
    assert grouped(first, later) == [["t1"], ["t2"]]


def test_different_companies_stay_apart() -> None:
    assert grouped(thread("t1", message("<a@x>", 0)), thread("t2", message("<b@x>", 1, OTHER))) == [["t1"], ["t2"]]


def test_the_users_own_employer_is_never_a_shared_company() -> None:
    one = thread("t1", message("<a@x>", 0, COLLEAGUE, subject="Robotics Engineer interview loop"))
    two = thread("t2", message("<b@x>", 1, Address("kim@employer.example.com"), subject="Robotics Engineer interview loop"))
    assert grouped(one, two) == [["t1"], ["t2"]]


def test_mailing_list_people_join_nothing() -> None:
    first = thread("t1", message("<a@x>", 0))
    newsletter = thread("t2", message("<b@x>", 1, bulk=True))
    assert grouped(first, newsletter) == [["t1"], ["t2"]]


def test_a_process_is_named_after_its_earliest_thread_or_one_with_follow_ups() -> None:
    first = thread("t1", message("<a@x>", 0))
    later = thread("t2", message("<b@x>", 2))
    assert [p.process_id for p in processes.group([later, first], ME)] == ["t1"]
    assert [p.process_id for p in processes.group([first, later], ME, frozenset({"t2"}))] == ["t2"]


def test_the_merged_thread_holds_every_message_once_in_date_order() -> None:
    a, b = message("<a@x>", 0), message("<b@x>", 2, references=("<a@x>",), subject="Timeline update")
    (process,) = processes.group([thread("t2", b), thread("t1", a, b)], ME)
    merged = process.merged()
    assert merged.thread_id == "t1"
    assert [m.message_id for m in merged.messages] == ["<a@x>", "<b@x>"]


def test_every_thread_is_in_exactly_one_process() -> None:
    threads = [thread(f"t{n}", message(f"<{n}@x>", n, sender)) for n, sender in
               enumerate([MAREN, OTHER, ATS, JONAS, OTHER_ATS, MAREN])]
    found = processes.group(threads, ME)
    ids = [t for p in found for t in p.thread_ids]
    assert sorted(ids) == sorted(t.thread_id for t in threads)
    assert processes.of_threads(found)["t5"] == processes.of_threads(found)["t0"]


SENDERS = [MAREN, JONAS, OTHER, ATS, OTHER_ATS, COLLEAGUE, ALEX]
SUBJECTS = ["Robotics Engineer interview", "Timeline update", "Interview confirmed: Larkspur Robotics",
            "Data Analyst role", "Offer - Robotics Engineer", "Quick question"]


@st.composite
def mailboxes(draw: st.DrawFn) -> list[Thread]:
    count = draw(st.integers(1, 8))
    threads = []
    for number in range(count):
        sender = draw(st.sampled_from(SENDERS))
        role = Role.SENT if sender is ALEX else Role.INBOX
        earlier = [f"<{n}@x>" for n in range(number)]
        references = tuple(draw(st.lists(st.sampled_from(earlier), max_size=1))) if earlier else ()
        first = message(f"<{number}@x>", draw(st.integers(0, 90)), sender, role=role,
                        to=(MAREN,) if role is Role.SENT else (ALEX,), references=references,
                        subject=draw(st.sampled_from(SUBJECTS)))
        threads.append(thread(f"t{number}", first))
    return threads


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(mailboxes(), st.randoms(use_true_random=False))
def test_processes_partition_the_threads_whatever_their_order(threads: list[Thread], shuffler: Random) -> None:
    found = grouped(*threads)
    assert sorted(t for p in found for t in p) == sorted(t.thread_id for t in threads)
    shuffled = list(threads)
    shuffler.shuffle(shuffled)
    assert grouped(*shuffled) == found


def test_a_draft_answers_the_contacts_own_thread_not_the_ats_mail_beside_it() -> None:
    recruiter = thread("t1", message("<a@x>", 0, subject="Robotics Engineer"),
                       message("<b@x>", 1, ALEX, role=Role.SENT, to=(MAREN,), references=("<a@x>",)))
    confirmation = thread("t2", message("<c@x>", 2, ATS, subject="Interview confirmed: Larkspur Robotics"))
    (process,) = processes.group((recruiter, confirmation), ME)
    target = processes.reply_target(process, MAREN.email)
    assert target is not None and target.message_id == "<b@x>"


def test_a_one_thread_process_leaves_the_reply_to_its_detection() -> None:
    (process,) = processes.group((thread("t1", message("<a@x>", 0)),), ME)
    assert processes.reply_target(process, MAREN.email) is None


def test_two_roles_sharing_only_title_words_stay_apart() -> None:
    jordan = Address("jordan.okafor@linkedin.example.com", "Jordan Okafor")
    linnea = Address("lforsberg@linkedin.example.com", "Linnea Forsberg")
    first = thread("t1", message("<a@x>", 0, jordan, subject="Senior Site Reliability Engineer at LinkedIn - phone screen"))
    other = thread("t2", message("<b@x>", 3, linnea, subject="LinkedIn - Senior Data Engineer, Trust Infrastructure"))
    assert grouped(first, other) == [["t1"], ["t2"]]


def test_an_ats_naming_the_company_joins_its_recruiter_at_a_hyphenated_domain() -> None:
    """larchmont-bio.example.com is "Larchmont Biosystems" as the ATS writes it."""
    rosalind = Address("rteague@larchmont-bio.example.com", "Rosalind Teague")
    ats = Address("no-reply@us.greenhouse-mail.io", "Larchmont Biosystems")
    confirmation = thread("t1", message("<a@x>", 0, ats, subject="Interview confirmation: Lab Data Engineer at Larchmont Biosystems"))
    notes = thread("t2", message("<b@x>", 1, rosalind, subject="Tuesday's interview - a few notes"))
    assert grouped(confirmation, notes) == [["t1", "t2"]]


def test_an_ats_naming_another_company_with_the_same_first_word_stays_apart() -> None:
    rosalind = Address("rteague@larchmont-bio.example.com", "Rosalind Teague")
    ats = Address("no-reply@us.greenhouse-mail.io", "Larchmont Health")
    confirmation = thread("t1", message("<a@x>", 0, ats, subject="Interview confirmation: Nurse at Larchmont Health"))
    notes = thread("t2", message("<b@x>", 1, rosalind, subject="Tuesday's interview - a few notes"))
    assert grouped(confirmation, notes) == [["t1"], ["t2"]]



def test_an_ats_naming_the_company_joins_its_recruiter_at_a_domain_that_adds_group() -> None:
    """hallorangroup.example.com is "Halloran Logistics" as the ATS writes it."""
    kayla = Address("kayla.romero@hallorangroup.example.com", "Kayla Romero")
    ats = Address("no-reply@greenhouse.io", "Halloran Logistics")
    recruiter = thread("t1", message("<a@x>", 0, kayla, subject="Halloran Logistics - Senior Financial Analyst"))
    confirmation = thread("t2", message("<b@x>", 1, ats, subject="Interview Confirmation: Phone Screen with Halloran Logistics"))
    assert grouped(recruiter, confirmation) == [["t1", "t2"]]


def test_counter_example_a_group_domain_joins_no_ats_of_another_company() -> None:
    kayla = Address("kayla.romero@hallorangroup.example.com", "Kayla Romero")
    ats = Address("no-reply@greenhouse.io", "Harlow Logistics")
    recruiter = thread("t1", message("<a@x>", 0, kayla, subject="Halloran Logistics - Senior Financial Analyst"))
    confirmation = thread("t2", message("<b@x>", 1, ats, subject="Interview Confirmation: Phone Screen with Harlow Logistics"))
    assert grouped(recruiter, confirmation) == [["t1"], ["t2"]]

GENERIC_ATS = Address("no-reply@greenhouse.io", "Greenhouse")


def test_a_systems_voice_in_its_own_words_ties_no_two_companies() -> None:
    applied = thread("t1", message("<a@x>", 0, GENERIC_ATS, subject="Thank you for applying to Larkspur Robotics"))
    confirmed = thread("t2", message("<b@x>", 4, GENERIC_ATS, subject="Your interview with Quillon Labs is confirmed"))
    assert grouped(applied, confirmed) == [["t1"], ["t2"]]


def test_counter_example_a_systems_voice_in_its_own_words_still_joins_the_company_it_names() -> None:
    recruiter = thread("t1", message("<a@x>", 0, subject="Robotics Engineer"))
    confirmed = thread("t2", message("<b@x>", 1, GENERIC_ATS, subject="Your interview with Larkspur Robotics"))
    assert grouped(recruiter, confirmed) == [["t1", "t2"]]


def test_two_roles_applied_for_through_one_system_keep_their_recruiters_apart() -> None:
    # the receipts name the company alone; each recruiter then writes about her own role
    first = thread("t1", message("<a@x>", 0, ATS, subject="Thank you for applying to Larkspur Robotics"))
    second = thread("t2", message("<b@x>", 2, ATS, subject="Thank you for applying to Larkspur Robotics"))
    analyst = thread("t3", message("<c@x>", 8, MAREN, subject="Interview: Data Analyst"))
    designer = thread("t4", message("<d@x>", 12, JONAS, subject="Interview: Product Designer"))
    found = grouped(first, second, analyst, designer)
    assert not any({"t3", "t4"} <= set(p) for p in found)


def test_counter_example_a_colleague_on_the_same_role_still_joins_through_the_systems_thread() -> None:
    confirmed = thread("t1", message("<a@x>", 0, ATS, subject="Your interview with Larkspur Robotics is confirmed"))
    recruiter = thread("t2", message("<b@x>", 1, MAREN, subject="Robotics Engineer: next steps"))
    manager = thread("t3", message("<c@x>", 3, JONAS, subject="Robotics Engineer onsite agenda"))
    assert grouped(confirmed, recruiter, manager) == [["t1", "t2", "t3"]]


DANA_VIA = Address("messages-noreply@linkedin.com", "Maren Holt via LinkedIn")


def test_a_platforms_copy_of_the_recruiters_message_joins_her_process_by_her_full_name() -> None:
    relayed = thread("t1", replace(message("<a@x>", 0, DANA_VIA, subject="Maren Holt sent you a new message"), bulk=True))
    recruiter = thread("t2", message("<b@x>", 1, subject="Phone Screen: Alex / Senior Data Engineer"))
    later = thread("t3", replace(message("<c@x>", 6, DANA_VIA, subject="Maren Holt sent you a new message"), bulk=True))
    assert grouped(relayed, recruiter, later) == [["t1", "t2", "t3"]]


def test_counter_example_someone_else_relayed_by_the_platform_stays_apart() -> None:
    other = Address("messages-noreply@linkedin.com", "Maren Okafor via LinkedIn")
    relayed = thread("t1", replace(message("<a@x>", 0, other, subject="Maren Okafor sent you a new message"), bulk=True))
    recruiter = thread("t2", message("<b@x>", 1, subject="Phone Screen: Alex / Senior Data Engineer"))
    assert grouped(relayed, recruiter) == [["t1"], ["t2"]]


ORRERY_ATS = Address("no-reply@ashbyhq.com", "Orrery Labs")
CAMILLE = Address("camille.roux@orrery-labs.example.com", "Camille Roux")
MIA = Address("mia.thornton@orrerylabs.example.com", "Mia Thornton")


def test_one_systems_voice_for_two_candidacies_each_with_its_recruiter_keeps_them_apart() -> None:
    confirmed = thread("t1", message("<a@x>", 0, ORRERY_ATS, subject="Interview confirmed: Senior Platform Engineer"))
    mia = thread("t2", message("<b@x>", 1, MIA, subject="Thanks from Orrery Labs - what happens next"))
    scheduled = thread("t3", message("<c@x>", 14, ORRERY_ATS, subject="Interview scheduled: Pair Programming",
                                     reply_to=(CAMILLE,)))
    found = grouped(confirmed, mia, scheduled)
    assert not any({"t2", "t3"} <= set(p) for p in found)


def test_counter_example_the_systems_voice_naming_the_same_recruiter_joins_her_process() -> None:
    confirmed = thread("t1", message("<a@x>", 0, ORRERY_ATS, subject="Interview confirmed: Senior Platform Engineer"))
    mia = thread("t2", message("<b@x>", 1, MIA, subject="Thanks from Orrery Labs - what happens next"))
    onsite = thread("t3", message("<c@x>", 14, ORRERY_ATS, subject="Onsite scheduled", reply_to=(MIA,)))
    assert grouped(confirmed, mia, onsite) == [["t1", "t2", "t3"]]


KEYSTONE_AGENT = Address("priya@keystonetalent.example.com", "Priya Desai")
CLIENT = Address("brent@corviday.example.com", "Brent Sowinski")


def test_a_client_invitation_copying_the_agency_recruiter_joins_her_process() -> None:
    agency = thread("t1", message("<a@x>", 0, KEYSTONE_AGENT, subject="Corviday Systems - interview for Platform Engineer (Kubernetes)"))
    invite = thread("t2", replace(message("<b@x>", 3, CLIENT, subject="Corviday interview: Alex Rivera - Platform Engineer "
                                                                      "(Kubernetes)"), cc=(KEYSTONE_AGENT,)))
    assert grouped(agency, invite) == [["t1", "t2"]]


def test_a_client_invitation_naming_no_role_copying_the_agency_recruiter_about_that_client_joins() -> None:
    agency = thread("t1", message("<a@x>", 0, KEYSTONE_AGENT, subject="Corviday Systems - interview request (Platform Engineer)"))
    invite = thread("t2", replace(message("<b@x>", 3, CLIENT, subject="Corviday Systems - Interview: Alex Rivera "
                                                                      "(Keystone)"), cc=(KEYSTONE_AGENT,)))
    assert grouped(agency, invite) == [["t1", "t2"]]


def test_counter_example_the_clients_name_in_both_subjects_ties_no_two_roles() -> None:
    agency = thread("t1", message("<a@x>", 0, KEYSTONE_AGENT, subject="Corviday Systems - interview for Platform Engineer (Kubernetes)"))
    invite = thread("t2", replace(message("<b@x>", 3, CLIENT, subject="Corviday Systems interview: Alex Rivera - Finance "
                                                                      "Analyst"), cc=(KEYSTONE_AGENT,)))
    assert grouped(agency, invite) == [["t1"], ["t2"]]


def test_counter_example_a_client_copying_the_agency_recruiter_on_another_role_stays_apart() -> None:
    agency = thread("t1", message("<a@x>", 0, KEYSTONE_AGENT, subject="Corviday Systems - interview for Platform Engineer (Kubernetes)"))
    invite = thread("t2", replace(message("<b@x>", 3, CLIENT, subject="Corviday interview: Alex Rivera - Finance Analyst"),
                                  cc=(KEYSTONE_AGENT,)))
    assert grouped(agency, invite) == [["t1"], ["t2"]]
