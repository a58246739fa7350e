"""Is this thread a job interview of the user, as the candidate? A verdict and its reasons.

Each rule below either rejects the thread with a reason or adds a reason for accepting it. The
order matters: the cheap, certain rejections (the user's own colleagues, bulk mail) come first, so a
newsletter full of interview vocabulary is never read as an interview.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rules import phrases, senders
from watcher.model import Message, Round, Side


@dataclass(frozen=True)
class Verdict:
    is_interview: bool
    why: tuple[str, ...]


@dataclass(frozen=True)
class Facts:
    """What detection already worked out about the thread."""

    messages: Sequence[tuple[Message, Side]]
    rounds: Sequence[Round]
    my_domains: frozenset[str]


def classify(facts: Facts) -> Verdict:
    hiring = [m for m, side in facts.messages if side is Side.HIRING]
    mine = [m for m, side in facts.messages if side is Side.ME]
    if not hiring:
        return Verdict(False, ("not an interview: nobody else has written in this thread",))
    # what the mail says, including its calendar invites' titles ("Q4 Hiring Market Briefing")
    text = "\n".join(m.subject + "\n" + m.author_text + "".join(f"\n{e.summary}\n{e.description[:300]}" for e in m.calendar)
                     for m, _ in facts.messages)
    hiring_text = "\n".join(m.subject + "\n" + m.author_text for m in hiring)
    for check in (_colleagues, _bulk, _job_board, _interviewer, _reference, _user_is_hiring, _not_a_job_interview):
        reason = check(facts, hiring, mine, text, hiring_text)
        if reason:
            return Verdict(False, (reason,))
    why: list[str] = []
    ats = next((senders.ats_name(m.sender.email) for m in hiring
                if m.sender and senders.is_recruiting_system(m.sender.email)), "")
    job = list(dict.fromkeys(h.lower() for h in phrases.hits("job", text)))
    job += [f"a recruiting firm ({m.sender.domain})" for m in hiring
            if m.sender and _RECRUITING_DOMAIN.search(m.sender.domain) and not senders.is_automated(m.sender.email)][:1]
    weak = list(dict.fromkeys(h.lower() for h in phrases.hits("job", text, "weak_patterns")))
    if not ats and len(job) + 0.5 * len(weak) < 1:
        job = []  # one loose word ("hiring", "offer") is no hiring context
    if not job and not ats:
        return Verdict(False, ("not an interview: nothing in the mail is about a job, a role or an application",))
    if ats:
        why.append(f"sent through {ats}, an applicant-tracking / scheduling system")
    if job:
        why.append(f"hiring context: {', '.join((job + weak)[:3])}")
    happened = phrases.first("post_interview", hiring_text)
    if facts.rounds:
        first = facts.rounds[0]
        when = first.start.isoformat(timespec="minutes") if first.start else "an unknown time"
        why.append(f"interview arranged for {when} ({first.source})")
    elif happened:
        why.append(f'the hiring side speaks of an interview that took place: "{phrases.sentence(hiring_text, happened)}"')
    else:
        reason = "not an interview: no interview was arranged"
        if phrases.first("application_received", hiring_text):
            reason += " (an application acknowledgement)"
        elif phrases.first("decision_rejection", hiring_text):
            reason += " (a rejection before any interview)"
        return Verdict(False, (reason,))
    denial = phrases.first("not_an_interview", hiring_text)
    word = phrases.first("interview", text)
    if denial is not None:
        return Verdict(False, (f'not an interview: "{phrases.sentence(hiring_text, denial)}"',))
    if word is not None:
        why.append(f'interview language: "{word.group(0)}"')
    else:
        why.append("a call about the role, arranged with the hiring side (a screening conversation)")
    return Verdict(True, tuple(why))


def _colleagues(facts: Facts, hiring: list[Message], mine: list[Message], text: str, hiring_text: str) -> str:
    people = {m.sender.email for m in hiring if m.sender and not senders.is_automated(m.sender.email)}
    people |= {a.email for m in hiring for a in m.reply_to}
    if people and all(senders.registrable_domain(p.rpartition("@")[2]) in facts.my_domains for p in people):
        return "not an interview: the other side is your own employer's domain (you are on the hiring side or it is a colleague)"
    return ""


def _bulk(facts: Facts, hiring: list[Message], mine: list[Message], text: str, hiring_text: str) -> str:
    if not mine and all(m.bulk for m in hiring):
        return "not an interview: bulk mail (mailing-list headers) that you never replied to — a newsletter or an alert"
    if not mine and phrases.count("bulk_content", hiring_text) >= 2 and not any(m.calendar for m in hiring):
        return "not an interview: reads like a newsletter, digest or job alert"
    return ""


def _job_board(facts: Facts, hiring: list[Message], mine: list[Message], text: str, hiring_text: str) -> str:
    if not mine and all(m.sender and senders.is_job_board(m.sender.email) for m in hiring):
        return "not an interview: mail from a job board (alerts and suggestions)"
    return ""


_RECRUITING_DOMAIN = re.compile(r"recruit|staffing|talent|careers|headhunt|executive-?search|hiring", re.I)
_WEAK_INTERVIEWER = re.compile(r"^(interviewers?|panelists?|scorecards?|debrief|feedback form|shadow(ing)?)$", re.I)


def _interviewer(facts: Facts, hiring: list[Message], mine: list[Message], text: str, hiring_text: str) -> str:
    hits = phrases.hits("interviewer", hiring_text)
    strong = [h for h in hits if not _WEAK_INTERVIEWER.match(h.strip())]
    # words only an interviewer is told ("the candidate", "submit your scorecard"), not the ones a
    # candidate hears too ("your interviewers", "the team will debrief")
    if len(strong) >= 2 or (strong and len(hits) > len(strong)):
        return f'not an interview of yours: you are the interviewer ("{(strong or hits)[0]}")'
    return ""


def _reference(facts: Facts, hiring: list[Message], mine: list[Message], text: str, hiring_text: str) -> str:
    found = phrases.first("reference_check", text)
    if found:
        return f'not an interview of yours: a reference for someone else ("{found.group(0)}")'
    return ""


def _user_is_hiring(facts: Facts, hiring: list[Message], mine: list[Message], text: str, hiring_text: str) -> str:
    """The user writing like the hiring side, and the other side like a candidate: the user is hiring."""
    my_text = "\n".join(m.author_text for m in mine)
    theirs = phrases.count("hiring_voice", my_text) + phrases.count("candidate_voice", hiring_text)
    ours = phrases.count("hiring_voice", hiring_text) + phrases.count("candidate_voice", my_text)
    if theirs >= 2 and theirs > ours:
        return "not an interview of yours: you write as the one hiring, and they write as the candidate"
    return ""


def _not_a_job_interview(facts: Facts, hiring: list[Message], mine: list[Message], text: str, hiring_text: str) -> str:
    other = phrases.hits("not_job_interview", text)
    job = phrases.hits("job", text)
    if len(other) >= 2 and len(other) > len(job):
        return f"not a job interview: press, research or event language ({', '.join(dict.fromkeys(w.lower() for w in other[:3]))})"
    return ""
