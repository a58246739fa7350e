"""Bulk mail the user never answered: a newsletter, a digest, an alert; and an event a mass mailing
announced, whatever the user asked its host."""

from __future__ import annotations

from rules import phrases, senders
from rules.evidence.base import VETO, Evidence, Facts

NAME = "bulk"
# Newsletter words ("unsubscribe", "view in browser", "tips") in mail without an invite: strong, but a
# person's mail sent through a platform carries such a footer too, so an arranged interview can outweigh it.
NEWSLETTER_WORDS = -6.0


def rule(facts: Facts) -> Evidence | None:
    if facts.mine:
        return _event_for_many(facts)
    if all(m.bulk for m in facts.hiring):
        return Evidence(NAME, VETO, "not an interview: bulk mail (mailing-list headers) that you never replied to "
                                    "— a newsletter or an alert")
    words = phrases.hits("bulk_content", facts.hiring_text)
    if len(words) >= 2 and not any(m.calendar for m in facts.hiring):
        return Evidence(NAME, NEWSLETTER_WORDS, "not an interview: reads like a newsletter, digest or job alert",
                        ", ".join(dict.fromkeys(w.lower() for w in words[:3])))
    return None


def _event_for_many(facts: Facts) -> Evidence | None:
    """A person's mass mailing opened the thread with an event for an audience (a webinar's panel, a Q&A
    session), the user answered it, and nobody on the hiring side ever speaks of a candidacy of the
    user's: the host's "see you tomorrow at noon!" arranges no interview. A recruiter's mass outreach
    speaks of the user's profile or a role, and is read as any other thread."""
    if not facts.hiring:
        return None
    first = facts.hiring[0]
    if not first.bulk or first.sender is None or senders.is_automated(first.sender.email) \
            or senders.is_recruiting_system(first.sender.email):
        return None
    said = "\n".join(m.subject + "\n" + m.author_text for m in facts.hiring)
    if phrases.first("event_for_many", first.subject + "\n" + first.author_text) is None \
            or phrases.first("hiring_voice", said) is not None or phrases.first("application_received", said) is not None:
        return None
    return Evidence(NAME, VETO, "not an interview: a mass mailing announced an event for an audience, and "
                                "nothing in the thread is about a candidacy of yours",
                    facts.quote("event_for_many"))
