"""Bulk mail the user never answered: a newsletter, a digest, an alert."""

from __future__ import annotations

from rules import phrases
from rules.evidence.base import VETO, Evidence, Facts

NAME = "bulk"
# Newsletter words ("unsubscribe", "view in browser", "tips") in mail without an invite: strong, but a
# person's mail sent through a platform carries such a footer too, so an arranged interview can outweigh it.
NEWSLETTER_WORDS = -6.0


def rule(facts: Facts) -> Evidence | None:
    if facts.mine:
        return None
    if all(m.bulk for m in facts.hiring):
        return Evidence(NAME, VETO, "not an interview: bulk mail (mailing-list headers) that you never replied to "
                                    "— a newsletter or an alert")
    words = phrases.hits("bulk_content", facts.hiring_text)
    if len(words) >= 2 and not any(m.calendar for m in facts.hiring):
        return Evidence(NAME, NEWSLETTER_WORDS, "not an interview: reads like a newsletter, digest or job alert",
                        ", ".join(dict.fromkeys(w.lower() for w in words[:3])))
    return None
