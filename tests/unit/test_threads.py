"""threads.py: messages -> threads, by References/In-Reply-To, then a careful fallback; ids stay stable."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from watcher import threads
from watcher.model import Address, Message, Role

ME = frozenset({"alex@example.org"})
ALEX = Address("alex@example.org", "Alex Rivera")
MAREN = Address("maren.holt@larkspur.example.com", "Maren Holt")
ATS = Address("no-reply@greenhouse.io", "Larkspur Robotics")
START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def message(message_id: str, day: float, sender: Address = MAREN, *, role: Role = Role.INBOX,
            to: tuple[Address, ...] = (ALEX,), in_reply_to: str | None = None, references: tuple[str, ...] = (),
            reply_to: tuple[Address, ...] = (), subject: str = "Interview", bulk: bool = False) -> Message:
    return Message(
        account="main", message_id=message_id, role=role, date=START + dt.timedelta(days=day), sender=sender,
        to=to, reply_to=reply_to, subject=subject, in_reply_to=in_reply_to, references=references, bulk=bulk)


def mine(message_id: str, day: float, **links: object) -> Message:
    return message(message_id, day, ALEX, role=Role.SENT, to=(MAREN,), **links)  # type: ignore[arg-type]


def groups(messages: list[Message], known: dict[str, str] | None = None) -> list[list[str]]:
    found = threads.build(messages, ME, known or {})
    return sorted(sorted(m.message_id for m in t.messages) for t in found.threads)


def thread_of(found: threads.Threading, message_id: str) -> str:
    return next(t.thread_id for t in found.threads if any(m.message_id == message_id for m in t.messages))


def test_in_reply_to_joins_a_reply_to_its_parent() -> None:
    messages = [message("<a@x>", 0), mine("<b@x>", 1, in_reply_to="<a@x>")]
    assert groups(messages) == [["<a@x>", "<b@x>"]]


def test_references_chain_makes_one_thread() -> None:
    messages = [message("<a@x>", 0), mine("<b@x>", 1, references=("<a@x>",)),
                message("<c@x>", 2, references=("<a@x>", "<b@x>"))]
    assert groups(messages) == [["<a@x>", "<b@x>", "<c@x>"]]


def test_messages_sharing_an_ancestor_never_seen_are_one_thread() -> None:
    messages = [message("<b@x>", 1, in_reply_to="<root@x>", references=("<root@x>",)),
                mine("<c@x>", 2, references=("<root@x>",), subject="Something else")]
    assert groups(messages) == [["<b@x>", "<c@x>"]]


def test_messages_of_a_thread_are_in_date_order() -> None:
    messages = [message("<c@x>", 2, in_reply_to="<b@x>"), message("<a@x>", 0), mine("<b@x>", 1, in_reply_to="<a@x>")]
    (thread,) = threads.build(messages, ME, {}).threads
    assert [m.message_id for m in thread.messages] == ["<a@x>", "<b@x>", "<c@x>"]


def test_the_same_mail_in_two_folders_is_counted_once() -> None:
    copy = mine("<b@x>", 1, in_reply_to="<a@x>")
    (thread,) = threads.build([message("<a@x>", 0), copy, copy], ME, {}).threads
    assert [m.message_id for m in thread.messages] == ["<a@x>", "<b@x>"]


def test_provider_thread_id_joins_messages_without_headers() -> None:
    first = Message(account="main", message_id="<a@x>", role=Role.INBOX, date=START, sender=MAREN,
                    provider_thread_id="gm-1")
    second = Message(account="main", message_id="<b@x>", role=Role.SENT, date=START + dt.timedelta(days=1),
                     sender=ALEX, to=(Address("someone@elsewhere.example.net"),), provider_thread_id="gm-1")
    assert groups([first, second]) == [["<a@x>", "<b@x>"]]


# ---------------------------------------------------------------- the fallback


def test_ats_mail_without_threading_headers_joins_by_the_same_human_reply_to() -> None:
    invite = message("<ats-1@greenhouse.io>", 0, ATS, reply_to=(MAREN,), subject="Interview with Larkspur")
    confirmation = message("<ats-2@greenhouse.io>", 3, ATS, reply_to=(MAREN,), subject="Your interview is confirmed")
    assert groups([invite, confirmation]) == [["<ats-1@greenhouse.io>", "<ats-2@greenhouse.io>"]]


def test_direct_mail_from_the_recruiter_joins_her_ats_thread() -> None:
    invite = message("<ats-1@greenhouse.io>", 0, ATS, reply_to=(MAREN,), subject="Interview with Larkspur")
    direct = message("<direct-1@larkspur.example.com>", 4, MAREN, subject="Next steps")
    assert groups([invite, direct]) == [["<ats-1@greenhouse.io>", "<direct-1@larkspur.example.com>"]]


CALENDLY = Address("notifications@calendly.com", "Calendly")
JONAS = Address("jonas.berg@larkspur.example.com", "Jonas Berg")


def test_a_scheduling_tools_confirmation_for_a_colleague_joins_the_recruiters_conversation() -> None:
    # the recruiter sends her colleague's booking link; the tool confirms, with him in Reply-To
    recruiter = message("<r-1@larkspur.example.com>", 0, MAREN, subject="Next steps - Firmware Engineer")
    booked = replace(message("<cal-1@calendly.com>", 1, CALENDLY, reply_to=(JONAS,),
                             subject="Confirmed: 60 Minute Interview with Jonas Berg on Monday"), auto_submitted=True)
    assert groups([recruiter, booked]) == [["<cal-1@calendly.com>", "<r-1@larkspur.example.com>"]]


TOMAS = Address("tomas.ruiz@larkspur.example.com", "Tomas Ruiz")


def test_a_scheduling_tools_confirmation_joins_the_process_that_named_its_person() -> None:
    # two roles at one company at once: Maren's message names Jonas and his booking link; Tomas writes
    # later about another role; the tool's confirmation for Jonas belongs to Maren's process
    recruiter = replace(message("<r-1@larkspur.example.com>", 0, MAREN, subject="Next steps - Firmware Engineer"),
                        text="Please grab a 45-minute slot with Jonas Berg here: https://calendly.com/jberg/45min")
    other = replace(message("<t-1@larkspur.example.com>", 1, TOMAS, subject="Your application: Data Analyst"),
                    text="Thanks for applying! Could we talk on Thursday?")
    booked = replace(message("<cal-1@calendly.com>", 2, CALENDLY, reply_to=(JONAS,),
                             subject="Confirmed: 45 Minute Interview with Jonas Berg on Monday"), auto_submitted=True)
    assert groups([recruiter, other, booked]) == [["<cal-1@calendly.com>", "<r-1@larkspur.example.com>"],
                                                 ["<t-1@larkspur.example.com>"]]


def test_two_recruiters_of_one_agency_writing_for_two_clients_start_two_conversations() -> None:
    nadia = Address("nadia.k@quarry-search.example", "Nadia Kerr")
    bram = Address("bram.v@quarry-search.example", "Bram Voss")
    first = message("<n-1@quarry-search.example>", 0, nadia, subject="Product Engineer opportunity with my client Fenwick")
    second = message("<b-1@quarry-search.example>", 2, bram,
                     subject="Senior Software Engineer, Infrastructure opportunity with my client Ostrava Labs")
    assert groups([first, second]) == [["<b-1@quarry-search.example>"], ["<n-1@quarry-search.example>"]]


def test_counter_example_a_systems_mail_with_no_event_for_a_colleague_stays_apart() -> None:
    recruiter = message("<r-1@larkspur.example.com>", 0, MAREN, subject="Next steps - Firmware Engineer")
    survey = replace(message("<cal-1@calendly.com>", 1, CALENDLY, reply_to=(JONAS,), subject="How did we do?"),
                     auto_submitted=True)
    assert groups([recruiter, survey]) == [["<cal-1@calendly.com>"], ["<r-1@larkspur.example.com>"]]


def test_recruiting_system_mails_for_one_company_join() -> None:
    first = message("<ats-1@greenhouse.io>", 0, ATS, subject="Application received")
    second = message("<ats-2@greenhouse.io>", 1, ATS, subject="Interview scheduled")
    assert groups([first, second]) == [["<ats-1@greenhouse.io>", "<ats-2@greenhouse.io>"]]


def test_a_recruiting_systems_tenant_address_that_looks_personal_is_no_person() -> None:
    # "carrowvalley@" on the system's own domain, marked Auto-Submitted: another company's mail through
    # the same system ("quarrington@myworkday...") is not the same person's, nor of one company
    workday = Address("quarrington@myworkday.com", "Quarrington Foods")
    tenant = Address("carrowvalley@myworkday.example.com", "Carrow Valley Health")
    first = message("<wd-1@myworkday.com>", 0, workday, subject="Interview Scheduled - Supply Chain Data Analyst")
    other = replace(message("<wd-2@myworkday.example.com>", 2, tenant, subject="Interview Scheduled - Clinical Data Analyst"),
                    auto_submitted=True)
    assert groups([first, other]) == [["<wd-1@myworkday.com>"], ["<wd-2@myworkday.example.com>"]]


def test_recruiting_system_mails_for_two_companies_stay_apart() -> None:
    larkspur = message("<ats-1@greenhouse.io>", 0, ATS, subject="Interview scheduled")
    other = message("<ats-2@greenhouse.io>", 1, Address("no-reply@greenhouse.io", "Quillfeather"),
                    subject="Interview scheduled")
    assert groups([larkspur, other]) == [["<ats-1@greenhouse.io>"], ["<ats-2@greenhouse.io>"]]


def test_a_systems_mails_in_its_own_words_only_for_two_companies_stay_apart() -> None:
    greenhouse = Address("no-reply@greenhouse.io", "Greenhouse")
    larkspur = message("<ats-1@greenhouse.io>", 0, greenhouse, subject="Thank you for applying to Larkspur Robotics")
    other = message("<ats-2@greenhouse.io>", 1, greenhouse, subject="Your interview with Quillfeather is confirmed")
    assert groups([larkspur, other]) == [["<ats-1@greenhouse.io>"], ["<ats-2@greenhouse.io>"]]


def test_recruiter_mail_joins_the_ats_thread_of_her_company() -> None:
    ats = message("<ats-1@greenhouse.io>", 0, ATS, subject="Your interview with Larkspur Robotics is confirmed")
    direct = message("<direct-1@larkspur.example.com>", 2, MAREN, subject="Looking forward to Thursday")
    assert groups([ats, direct]) == [["<ats-1@greenhouse.io>", "<direct-1@larkspur.example.com>"]]


def test_a_systems_mail_for_another_role_stays_out_of_a_recruiters_conversation() -> None:
    # Maren's process is a Product Engineer's; the system's receipt names the company but another role,
    # and Tomas writing later about that other role joins the receipt, not Maren's process
    maren = message("<m1@larkspur.example.com>", 0, MAREN, subject="Larkspur: Product Engineer - interview process")
    ats = message("<ats-2@greenhouse.io>", 20, ATS, subject="Your application: Machine Learning Engineer")
    tomas = message("<t1@larkspur.example.com>", 40, TOMAS, subject="Interview scheduling")
    assert groups([maren, ats, tomas]) == [["<ats-2@greenhouse.io>", "<t1@larkspur.example.com>"],
                                          ["<m1@larkspur.example.com>"]]


def test_counter_example_a_systems_mail_for_the_same_role_joins_the_recruiters_conversation() -> None:
    maren = message("<m1@larkspur.example.com>", 0, MAREN, subject="Larkspur: Product Engineer - interview process")
    ats = message("<ats-2@greenhouse.io>", 20, ATS, subject="Interview confirmed: Senior Product Engineer")
    assert groups([maren, ats]) == [["<ats-2@greenhouse.io>", "<m1@larkspur.example.com>"]]


def test_recruiter_mail_does_not_join_the_ats_thread_of_a_company_whose_name_only_contains_hers() -> None:
    ats = message("<ats-1@greenhouse.io>", 0, Address("no-reply@greenhouse.io", "Larkspurworks"),
                  subject="Your interview with Larkspurworks is confirmed")
    direct = message("<direct-1@larkspur.example.com>", 2, MAREN, subject="Looking forward to Thursday")
    assert groups([ats, direct]) == [["<ats-1@greenhouse.io>"], ["<direct-1@larkspur.example.com>"]]


def test_ats_mail_naming_the_company_in_two_words_joins_its_recruiter() -> None:
    recruiter = Address("maren@acmecloud.example.com", "Maren Holt")
    direct = message("<direct-1@acmecloud.example.com>", 0, recruiter, subject="Looking forward to Thursday")
    ats = message("<ats-1@greenhouse.io>", 2, Address("no-reply@greenhouse.io", "Acme Cloud"),
                  subject="Your interview is confirmed")
    assert groups([direct, ats]) == [["<ats-1@greenhouse.io>", "<direct-1@acmecloud.example.com>"]]


def test_ats_mail_whose_sender_name_contains_the_company_inside_a_word_stays_apart() -> None:
    recruiter = Address("maren@acme.example.com", "Maren Holt")
    direct = message("<direct-1@acme.example.com>", 0, recruiter, subject="Looking forward to Thursday")
    ats = message("<ats-1@greenhouse.io>", 2, Address("no-reply@greenhouse.io", "Acmecorp Billing"),
                  subject="Your interview is confirmed")
    assert groups([direct, ats]) == [["<ats-1@greenhouse.io>"], ["<direct-1@acme.example.com>"]]


def test_automated_sender_that_is_not_a_recruiting_system_does_not_join_threads() -> None:
    bank = Address("no-reply@alerts.fernbank.example.com", "Fernbank")
    first = message("<bank-1@fernbank.example.com>", 0, bank, subject="Your statement")
    second = message("<bank-2@fernbank.example.com>", 1, bank, subject="Your statement")
    assert groups([first, second]) == [["<bank-1@fernbank.example.com>"], ["<bank-2@fernbank.example.com>"]]


def test_unrelated_sender_does_not_join() -> None:
    invite = message("<a@larkspur.example.com>", 0, MAREN)
    other = message("<z@quillfeather.example.com>", 1, Address("ines@quillfeather.example.com"), subject="Interview")
    assert groups([invite, other]) == [["<a@larkspur.example.com>"], ["<z@quillfeather.example.com>"]]


def test_bulk_mail_never_joins_a_thread() -> None:
    invite = message("<a@larkspur.example.com>", 0, MAREN)
    newsletter = message("<news@larkspur.example.com>", 1, MAREN, subject="Larkspur newsletter", bulk=True)
    assert groups([invite, newsletter]) == [["<a@larkspur.example.com>"], ["<news@larkspur.example.com>"]]


def test_bulk_mail_is_never_what_a_later_message_joins() -> None:
    newsletter = message("<news@larkspur.example.com>", 0, MAREN, subject="Larkspur newsletter", bulk=True)
    invite = message("<a@larkspur.example.com>", 1, MAREN)
    assert groups([newsletter, invite]) == [["<a@larkspur.example.com>"], ["<news@larkspur.example.com>"]]


def test_fallback_does_not_reach_back_further_than_its_window() -> None:
    old = message("<a@larkspur.example.com>", 0, MAREN)
    much_later = message("<b@larkspur.example.com>", threads.FALLBACK_DAYS + 1, MAREN, subject="A new role")
    assert groups([old, much_later]) == [["<a@larkspur.example.com>"], ["<b@larkspur.example.com>"]]


def test_someone_who_writes_every_month_is_not_one_endless_conversation() -> None:
    # a new conversation every 30 days, none linked: each joins the one before while it is young
    monthly = [message(f"<m{n}@larkspur.example.com>", 30 * n, MAREN, subject=f"News {n}") for n in range(12)]
    found = threads.build(monthly, ME, {})
    spans = [t.messages[-1].date - t.messages[0].date for t in found.threads]
    assert len(found.threads) > 1 and max(spans) <= dt.timedelta(days=threads.SPAN_DAYS)


def test_a_hiring_process_of_link_less_steps_over_three_months_stays_one_conversation() -> None:
    steps = [message(f"<s{n}@larkspur.example.com>", day, MAREN, subject=subject)
             for n, (day, subject) in enumerate([(0, "Your application"), (20, "Phone screen"), (50, "Onsite"),
                                                 (80, "Final round"), (100, "Offer")])]
    assert len(threads.build(steps, ME, {}).threads) == 1


def test_my_own_address_never_joins_threads() -> None:
    to_maren = mine("<a@example.org>", 0)
    to_ines = message("<b@example.org>", 1, ALEX, role=Role.SENT, to=(Address("ines@quillfeather.example.com"),))
    assert groups([to_maren, to_ines]) == [["<a@example.org>"], ["<b@example.org>"]]


# ---------------------------------------------------------------- stable ids


def test_thread_id_stays_the_same_when_a_new_message_arrives() -> None:
    first = threads.build([message("<a@x>", 0), mine("<b@x>", 1, in_reply_to="<a@x>")], ME, {})
    known = dict(first.new_assignments)
    later = threads.build([message("<a@x>", 0), mine("<b@x>", 1, in_reply_to="<a@x>"),
                           message("<c@x>", 2, in_reply_to="<b@x>")], ME, known)
    assert thread_of(later, "<c@x>") == thread_of(first, "<a@x>")


def test_only_the_new_message_gets_a_new_assignment() -> None:
    first = threads.build([message("<a@x>", 0)], ME, {})
    later = threads.build([message("<a@x>", 0), mine("<b@x>", 1, in_reply_to="<a@x>")], ME,
                          dict(first.new_assignments))
    assert set(later.new_assignments) == {"<b@x>"}


def test_thread_id_stays_the_same_when_an_older_message_shows_up_later() -> None:
    first = threads.build([mine("<b@x>", 1, in_reply_to="<a@x>")], ME, {})
    known = dict(first.new_assignments)
    later = threads.build([message("<a@x>", 0), mine("<b@x>", 1, in_reply_to="<a@x>")], ME, known)
    assert thread_of(later, "<a@x>") == thread_of(first, "<b@x>")


def test_merged_threads_keep_the_older_threads_id() -> None:
    first = threads.build([message("<a@x>", 0), message("<p@y>", 1, Address("ines@quillfeather.example.com"))],
                          ME, {})
    known = dict(first.new_assignments)
    bridge = mine("<m@x>", 2, references=("<a@x>", "<p@y>"))
    later = threads.build([message("<a@x>", 0), message("<p@y>", 1, Address("ines@quillfeather.example.com")),
                           bridge], ME, known)
    assert thread_of(later, "<m@x>") == thread_of(first, "<a@x>")


def test_thread_ids_do_not_depend_on_the_order_messages_are_given_in() -> None:
    messages = [message("<a@x>", 0), mine("<b@x>", 1, in_reply_to="<a@x>"), message("<z@y>", 3, ATS)]
    forward = threads.build(messages, ME, {})
    backward = threads.build(list(reversed(messages)), ME, {})
    assert {t.thread_id for t in forward.threads} == {t.thread_id for t in backward.threads}


def test_a_reply_answers_the_last_person_not_an_automatic_reply() -> None:
    away = replace(message("<ooo@x>", 2, subject="Automatic reply: Re: Interview"), auto_submitted=True)
    parent = threads.reply_parent([message("<a@x>", 0), mine("<b@x>", 1, in_reply_to="<a@x>"), away])
    assert parent.message_id == "<b@x>"


def test_the_same_recruiters_new_conversation_about_another_role_is_a_thread_of_its_own() -> None:
    first = message("<a@x>", 0, subject="Interview invitation - Data Analyst II")
    second = message("<b@x>", 40, subject="Senior Analytics Engineer - Larkspur")
    assert groups([first, second]) == [["<a@x>"], ["<b@x>"]]


def test_the_same_recruiters_new_conversation_days_later_about_another_opening_is_a_thread_of_its_own() -> None:
    first = message("<a@x>", 0, subject="Harrowgate Systems - SRE phone screen")
    second = message("<b@x>", 2, subject="Another Harrowgate opening: Engineering Manager, Payments Platform")
    assert groups([first, second]) == [["<a@x>"], ["<b@x>"]]


def test_the_contact_writing_from_a_private_address_joins_her_conversation() -> None:
    work = message("<a@x>", 0, subject="Interview invitation: Senior Python Developer")
    private = message("<b@x>", 4, Address("marenholt.privat@gmail.com", "Maren Holt"), subject="Your interview today")
    assert groups([work, private]) == [["<a@x>", "<b@x>"]]


def test_a_private_address_naming_the_work_address_joins_its_conversation() -> None:
    work = message("<a@x>", 0, subject="Interview invitation: Senior Python Developer")
    private = replace(message("<b@x>", 4, Address("mh1988@gmail.com", "M."), subject="Your interview today"),
                      author_text="Please keep writing to my work address (maren.holt@larkspur.example.com).")
    assert groups([work, private]) == [["<a@x>", "<b@x>"]]


def test_counter_example_someone_else_writing_from_a_private_address_stays_apart() -> None:
    work = message("<a@x>", 0, subject="Interview invitation: Senior Python Developer")
    private = message("<b@x>", 4, Address("sam.lee@gmail.com", "Sam Lee"), subject="Your interview today")
    assert groups([work, private]) == [["<a@x>"], ["<b@x>"]]


def test_a_reply_answers_the_invitation_not_the_users_calendar_accepting_it() -> None:
    accepted = replace(mine("<acc@x>", 1, in_reply_to="<a@x>"), subject="Accepted: Technical Interview", author_text="")
    assert threads.reply_parent([message("<a@x>", 0), accepted]).message_id == "<a@x>"


def test_counter_example_the_users_own_words_under_an_accepted_subject_are_answered() -> None:
    accepted = replace(mine("<acc@x>", 1, in_reply_to="<a@x>"), subject="Accepted: Technical Interview",
                       author_text="Accepted - and could we use Zoom rather than Teams? My Teams client keeps "
                                   "crashing on this laptop.")
    assert threads.reply_parent([message("<a@x>", 0), accepted]).message_id == "<acc@x>"


def test_a_reply_answers_the_last_person_not_a_scheduling_tools_survey() -> None:
    survey = message("<s@x>", 3, Address("surveys@goodtime.io", "GoodTime"), subject="How was your interview experience?")
    assert threads.reply_parent([message("<a@x>", 0), survey]).message_id == "<a@x>"


def test_counter_example_a_systems_own_conversation_is_answered_at_its_latest_mail() -> None:
    ats = [message("<c1@greenhouse.io>", 0, ATS), message("<c2@greenhouse.io>", 1, ATS)]
    assert threads.reply_parent(ats).message_id == "<c2@greenhouse.io>"


def test_a_system_naming_another_company_of_the_same_first_word_joins_no_conversation() -> None:
    found = groups([message("<a@x>", 0, subject="Larkspur Biosystems - Senior Data Engineer - next steps"),
                    message("<b@x>", 20, Address("noreply-larkspurmutual@talent.icims.com", "Larkspur Mutual Careers"),
                            subject="Interview invitation - Claims Analyst")])
    assert found == [["<a@x>"], ["<b@x>"]]


def test_counter_example_a_system_naming_the_company_as_its_people_do_joins_their_conversation() -> None:
    found = groups([message("<a@x>", 0, subject="Larkspur Robotics - Senior Data Engineer - next steps"),
                    message("<b@x>", 2, ATS, subject="Interview confirmed")])
    assert found == [["<a@x>", "<b@x>"]]


RAVI = Address("ravi.iyer@ashgrovesearch.example.com", "Ravi Iyer")


def test_a_search_consultants_second_client_starts_a_conversation_of_its_own() -> None:
    first = replace(message("<p1>", 0, RAVI, subject="Pellucid Freight - Chief Technology Officer"),
                    author_text="I'm putting you forward on two of my current mandates; the other follows separately.")
    second = replace(message("<o1>", 0.1, RAVI, subject="Orla Health - Head of Platform Engineering"),
                     author_text="And here's the second one, as promised.")
    assert groups([first, second]) == [["<o1>"], ["<p1>"]]


def test_counter_example_a_recruiters_new_subject_joins_her_conversation() -> None:
    first = replace(message("<m1>", 0, subject="Staff Engineer at Larkspur"),
                    author_text="Could you do a video call on Thursday at 10?")
    second = replace(message("<m2>", 2, subject="Your onsite schedule"), author_text="Here is your onsite schedule.")
    assert groups([first, second]) == [["<m1>", "<m2>"]]


FRIEND = Address("marisa@quintalhome.example.net", "Marisa Quintal")
HIRING_MANAGER = Address("jonas.berg@larkspur.example.com", "Jonas Berg")


def forwarded_to(person: Address) -> list[Message]:
    """The invitation, the user's yes, then the user's forward of it and the answer to that forward."""
    return [message("<a@x>", 0, subject="Panel interview"),
            mine("<b@x>", 0.1, in_reply_to="<a@x>", subject="Re: Panel interview"),
            message("<c@x>", 7, ALEX, role=Role.SENT, to=(person,), in_reply_to="<a@x>", subject="Fwd: Panel interview"),
            message("<d@x>", 7.1, person, in_reply_to="<c@x>", subject="Re: Fwd: Panel interview")]


def test_the_users_forward_to_a_friend_and_the_friends_answer_are_asides() -> None:
    mail = forwarded_to(FRIEND)
    assert threads.asides(mail) == {"<c@x>", "<d@x>"}
    assert threads.reply_parent(mail).message_id == "<b@x>"


def test_counter_example_a_forward_to_someone_of_the_companys_domain_is_part_of_the_conversation() -> None:
    assert threads.asides(forwarded_to(HIRING_MANAGER)) == frozenset()
