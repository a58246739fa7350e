"""Which messages can belong to a job interview, judged cheaply: headers first, then a body's first lines.

Every message of a mailbox is triaged (years of mail: newsletters, alerts, invoices, colleagues,
friends), and only the conversations triage keeps are fetched whole and read by the detection
rules. So triage must never drop an interview and should drop nearly everything else:

- `look` reads the headers. A recruiting system's mail is kept (`YES`); bulk mail, robots that are
  no recruiting system, and mail among the user's own colleagues are dropped (`NO`) unless the
  subject speaks of an interview; a person's mail about an interview in its subject is kept; any
  other mail with a person on the other side is `MAYBE`.
- `about_a_job` reads the first lines of a `MAYBE`'s body: any word of a hiring context in any of
  the languages we read (`rules/data/triage.toml`) keeps it.

Both match word stems in one pass over the words, never a regular expression per phrase: triage
runs over every subject of a mailbox of 100,000 messages.

The people and companies on the other side of a kept message are returned too: the caller keeps
later mail with them (a recruiter's "Quick update" names no job, but it is the same process).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import IntEnum

from rules import lists, senders
from watcher.model import Envelope

_FILE = "triage.toml"
BODY_CHARS = 2000  # the greeting and the first paragraphs: where a mail says what it is about


class Verdict(IntEnum):
    NO = 0
    MAYBE = 1
    YES = 2


@dataclass(frozen=True)
class Look:
    """Triage's verdict on one message, and who is on the other side of it."""

    verdict: Verdict
    people: tuple[str, ...] = ()  # human addresses on the other side (never the user, never a robot)
    companies: tuple[str, ...] = ()  # their registrable domains (business domains only, not the user's)


def look(envelope: Envelope, sent: bool, me: frozenset[str], my_domains: frozenset[str],
         lists: frozenset[str] = frozenset()) -> Look:
    """The headers' verdict; `sent` when the message is the user's own (Sent folder, or from them).
    `lists`: mailing lists' addresses (a reply to a list goes to everyone on it: no one to follow up)."""
    sender = envelope.sender
    if not sent and sender in me:
        sent = True
    if not sent:
        if sender and senders.is_recruiting_system(sender) and not senders.is_job_board(sender):
            return _seen(Verdict.YES, (sender, *envelope.reply_to), me, my_domains)
        if sender and senders.is_automated(sender) and senders.relayed_person(envelope.sender_name):
            # "Dana Whitfield via LinkedIn": a platform's copy of a person's message; its body tells
            return Look(Verdict.MAYBE)
        if envelope.bulk:
            # newsletters, job alerts and mailing lists; a person writing to the user through a
            # mass-mail tool or a group address still gets a look, a post to a list does not
            if senders.is_automated(sender) or senders.is_job_board(sender) or not _subject_hits(envelope.subject) \
                    or not any(a in me for a in (*envelope.to, *envelope.cc)):
                return _NO
            return _seen(Verdict.MAYBE, (sender, *envelope.reply_to), me, my_domains)
        if senders.is_automated(sender) and all(senders.is_automated(a) or a in me for a in envelope.reply_to):
            # a robot that is no recruiting system we know, and no person to answer: receipts and alerts,
            # unless its subject speaks of an interview (a scheduling tool's "Your interview is confirmed",
            # where the recruiter writes her address into the text)
            if _subject_hits(envelope.subject) and not senders.is_job_board(sender):
                return _seen(Verdict.YES, (), me, my_domains)
            return _NO
        others: tuple[str, ...] = (sender, *envelope.reply_to) if sender else envelope.reply_to
    else:
        others = tuple(a for a in envelope.to + envelope.cc if a not in lists)
    found = _seen(Verdict.MAYBE, others, me, my_domains)
    if not found.people:
        return _NO
    if not found.companies and not any(senders.is_free_mail(a) for a in found.people):
        # only the user's own colleagues: their interviews are ones the user holds, unless it says so
        return _keep(found) if _subject_hits(envelope.subject) else _NO
    return _keep(found) if _subject_hits(envelope.subject) else found


_NO = Look(Verdict.NO)



def _seen(verdict: Verdict, others: tuple[str, ...], me: frozenset[str], my_domains: frozenset[str]) -> Look:
    people = tuple(dict.fromkeys(a for a in others if a and a not in me and not senders.is_automated(a)))
    companies = tuple(dict.fromkeys(
        d for d in (senders.registrable_domain(a.rpartition("@")[2]) for a in people if not senders.is_free_mail(a))
        if d not in my_domains))
    return Look(verdict, people, companies)


def _keep(found: Look) -> Look:
    return Look(Verdict.YES, found.people, found.companies)


@functools.lru_cache(maxsize=4096)
def _subject_hits(subject: str) -> bool:
    # subjects repeat (every issue of a newsletter, every receipt): each is read once
    return _hits(subject, _subject_stems())


# a job title as a company writes it, in title case ("Tues - Senior Data Engineer"): as the `job` phrase list
_JOB_TITLE = re.compile(r"\b[A-Z][a-z]+ (?:Engineer|Developer|Designer|Scientist|Analyst|Architect|Manager|Director|"
                        r"Consultant|Specialist|Researcher|Administrator|Accountant|Strategist|Coordinator)\b")


def names_a_job_title(subject: str) -> bool:
    """Whether a subject names a job by its title: a hiring manager's "Tues - Senior Data Engineer" over
    a body that only says "see you Tues 2pm at our office"."""
    return _JOB_TITLE.search(subject[:300]) is not None


def about_a_job(text: str, my_name: str = "") -> bool:
    """Whether the start of a body speaks of a job, an application or an interview. The words of
    the user's own name are no evidence (a quote header "Alex Candidate wrote:")."""
    return _hits(text[:BODY_CHARS], _body_stems(), frozenset(_WORD.findall(my_name.lower())))


def _hits(text: str, stems: _Stems, ignored: frozenset[str] = frozenset()) -> bool:
    """Whether a word of `text` starts with one of `stems`, or a stem of two words is in it: one pass
    over the distinct words, one dictionary look-up each (by their first letters) — linear in the
    text, whatever it holds."""
    lower = text.lower()
    if "@" in lower or "/" in lower:
        # an address or a link is no word of the author's ("candidate@example.org", ".../careers/")
        lower = " ".join(token for token in lower.split() if "@" not in token and "/" not in token)
    words = _WORD.findall(lower)
    by_start = stems.by_start
    for word in set(words) - ignored:
        for stem in by_start.get(word[:_START], ()):
            if word.startswith(stem):
                return True
    if stems.phrases:
        joined = " ".join(words)
        return any(phrase in joined for phrase in stems.phrases)
    return False


@dataclass(frozen=True)
class _Stems:
    by_start: dict[str, tuple[str, ...]]  # one-word stems by their first _START letters (or fewer)
    phrases: tuple[str, ...]  # stems of several words, matched at word starts ("next steps")

    @classmethod
    def of(cls, stems: tuple[str, ...]) -> _Stems:
        lower = {stem.lower() for stem in stems}
        by_start: dict[str, list[str]] = {}
        for stem in sorted(s for s in lower if " " not in s):
            by_start.setdefault(stem[:_START], []).append(stem)
        return cls({k: tuple(v) for k, v in by_start.items()}, tuple(sorted(s for s in lower if " " in s)))


_START = 3  # stems shorter than this ("cv") are looked up whole, and match only the whole word
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


@functools.cache
def _subject_stems() -> _Stems:
    return _Stems.of(lists.strings(_FILE, "subject", "stems"))


@functools.cache
def _body_stems() -> _Stems:
    return _Stems.of(lists.strings(_FILE, "subject", "stems") + lists.strings(_FILE, "body", "stems"))


for _cached in (_subject_stems, _body_stems, _subject_hits):
    lists.on_change(_cached.cache_clear)
