"""rules/evidence/bulk.py: mailing-list mail and newsletters the user never answered."""

from __future__ import annotations

from rule_threads import facts, hiring, mine

from rules.evidence import bulk
from watcher.model import CalendarEvent


def test_mailing_list_mail_never_answered_is_vetoed() -> None:
    found = bulk.rule(facts(hiring("Five tips to ace your next interview.", bulk=True)))
    assert found is not None and found.veto


def test_newsletter_words_weigh_against_but_are_no_veto() -> None:
    found = bulk.rule(facts(hiring("This week's issue: interview tips. Read more on our site. Unsubscribe here.")))
    assert found is not None and not found.veto and found.weight == bulk.NEWSLETTER_WORDS
    assert "unsubscribe" in found.quote


def test_counter_example_a_thread_i_answered_is_not_bulk() -> None:
    thread = facts(hiring("Interview on Thursday at 10? Unsubscribe from our tips any time.", bulk=True),
                   mine("Thursday at 10 works for me."))
    assert bulk.rule(thread) is None


def test_counter_example_one_footer_word_with_an_invite_is_not_a_newsletter() -> None:
    invite = CalendarEvent(uid="u1", sequence=0, method="REQUEST", status="", start=None, end=None, summary="Interview")
    thread = facts(hiring("Your interview is booked. Read more about us. Unsubscribe.", calendar=(invite,)))
    assert bulk.rule(thread) is None


def test_a_webinar_hosts_mass_mailing_the_user_answered_is_vetoed() -> None:
    thread = facts(hiring("Thursday's 'After the Interview' session is almost here! Our panelists: an engineering manager "
                          "and a senior technical recruiter. Hit reply and we'll work your question into the Q&A.",
                          bulk=True, subject="Your questions for Thursday's panel"),
                   mine("My question: how long should I wait before following up?"),
                   hiring("Great question - we'll open the Q&A with it. See you tomorrow at noon!", hours=20,
                          subject="Re: Your questions for Thursday's panel"))
    found = bulk.rule(thread)
    assert found is not None and found.veto


def test_counter_example_a_recruiters_mass_outreach_about_the_users_profile_is_read_as_any_thread() -> None:
    thread = facts(hiring("Your profile caught my eye for our Staff Engineer role - join our info session on Thursday, "
                          "or reply and I'd like to invite you to an interview.", bulk=True),
                   mine("I'd love to chat."),
                   hiring("Great, see you Tuesday at 2pm!", hours=20))
    assert bulk.rule(thread) is None
