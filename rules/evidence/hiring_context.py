"""The mail is about a job the user could get: a role, an application, a recruiter.

Words that also turn up in mail about other things ("hiring", "offer") count half, and one such loose
word alone is no hiring context. With no hiring context at all (and no applicant-tracking system)
the thread is not a job interview, whatever else it says.
"""

from __future__ import annotations

import re

from rules import names, phrases, senders
from rules.evidence.base import VETO, Evidence, Facts
from watcher.model import Side

NAME = "hiring_context"
PER_WORD, PER_LOOSE_WORD, MOST = 1.0, 0.5, 3.0
_RECRUITING_DOMAIN = re.compile(r"recruit|staffing|talent|careers|headhunt|executive-?search|hiring", re.I)


_RECRUITING_WORD = re.compile(r"recruit|talent|hiring", re.I)
_SIGNATURE_LINES = 6


def rule(facts: Facts) -> Evidence | None:
    # a job title under the writer's own name is their job ("Tyler Benson / Account Executive |
    # Routewise" selling software), not one offered; a recruiter's title there still says who writes
    kept, name_blocks = _without_own_titles(facts)
    job = list(dict.fromkeys(h.lower() for h in phrases.hits("job", kept)))
    job += [h.lower() for h in dict.fromkeys(phrases.hits("job", name_blocks))
            if _RECRUITING_WORD.search(h) and h.lower() not in job]
    job += [f"a recruiting firm ({m.sender.domain})" for m in facts.hiring
            if m.sender and _RECRUITING_DOMAIN.search(m.sender.domain) and not senders.is_automated(m.sender.email)][:1]
    weak = list(dict.fromkeys(h.lower() for h in phrases.hits("job", facts.text, "weak_patterns")))
    score = PER_WORD * len(job) + PER_LOOSE_WORD * len(weak)
    if score < PER_WORD:
        if facts.ats:
            return None  # the applicant-tracking system is the context (its own rule)
        return Evidence(NAME, VETO, "not an interview: nothing in the mail is about a job, a role or an application")
    return Evidence(NAME, min(score, MOST), f"hiring context: {', '.join((job + weak)[:3])}")


def _without_own_titles(facts: Facts) -> tuple[str, str]:
    """The thread's text with each hiring-side writer's name block at the end of their words left out
    (their name on a line of its own, then a few short lines: title, company, phone), and those blocks."""
    if not any(m.sender is not None and m.sender.name for m in facts.hiring):
        return facts.text, ""
    texts, blocks = [], []
    for message, side in facts.messages:
        text, block = message.author_text, ""
        sender = message.sender
        if side is Side.HIRING and sender is not None and sender.name:
            text, block = _cut_name_block(text, sender.name)
        blocks.append(block)
        texts.append(message.subject + "\n" + text
                     + "".join(f"\n{e.summary}\n{e.description[:300]}" for e in message.calendar))
    return "\n".join(texts), "\n".join(blocks)


def _cut_name_block(text: str, display_name: str) -> tuple[str, str]:
    """`text` without the writer's name block at its end, and that block ("" when there is none)."""
    person = names.person_part(display_name).strip().casefold()
    if not person:
        return text, ""
    own = {person, person.split()[0]}
    lines = text.splitlines()
    filled = [index for index, line in enumerate(lines) if line.strip()]
    for index in filled[-(_SIGNATURE_LINES + 2):]:
        if index == filled[0] or lines[index].strip().rstrip(",.").casefold() not in own:
            continue
        block = [lines[later].strip() for later in filled if later > index]
        if len(block) <= _SIGNATURE_LINES and all(len(line) < 90 for line in block):
            return "\n".join(lines[:index]), "\n".join(lines[index:])
    return text, ""
