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


def look(envelope: Envelope, sent: bool, me: frozenset[str], my_domains: frozenset[str]) -> Look:
    """The headers' verdict; `sent` when the message is the user's own (Sent folder, or from them)."""
    sender = envelope.sender.email if envelope.sender else ""
    if not sent and sender in me:
        sent = True
    others = (*envelope.to, *envelope.cc) if sent else ((sender,) if sender else ()) + envelope.reply_to
    people = tuple(dict.fromkeys(a for a in others if a not in me and not senders.is_automated(a)))
    companies = tuple(dict.fromkeys(
        d for d in (senders.registrable_domain(a.rpartition("@")[2]) for a in people if not senders.is_free_mail(a))
        if d not in my_domains))
    interview_subject = _hits(envelope.subject, _subject_stems())
    if not sent and sender and senders.is_recruiting_system(sender) and not senders.is_job_board(sender):
        return Look(Verdict.YES, people, companies)
    if envelope.bulk and not sent:
        # newsletters and job alerts; a person behind a mass-mail tool still gets a look
        human = bool(people) and not senders.is_job_board(sender)
        return Look(Verdict.MAYBE if human and interview_subject else Verdict.NO, people, companies)
    if not people:
        return Look(Verdict.NO)
    if not companies and all(not senders.is_free_mail(a) for a in people):
        # only the user's own colleagues: their interviews are ones the user holds, unless it says so
        return Look(Verdict.YES if interview_subject else Verdict.NO, people, companies)
    return Look(Verdict.YES if interview_subject else Verdict.MAYBE, people, companies)


def about_a_job(text: str) -> bool:
    """Whether the start of a body speaks of a job, an application or an interview."""
    return _hits(text[:BODY_CHARS], _body_stems())


def _hits(text: str, stems: _Stems) -> bool:
    """Whether a word of `text` starts with one of `stems`, or a stem of two words is in it: each
    distinct word once, a few set look-ups each — linear in the text, whatever it holds."""
    lower = text.lower()
    for word in set(_WORD.findall(lower)):
        for length in stems.lengths:
            if word[:length] in stems.words:
                return True
    if stems.phrases:
        joined = " ".join(_WORD.findall(lower))
        return any(phrase in joined for phrase in stems.phrases)
    return False


@dataclass(frozen=True)
class _Stems:
    words: frozenset[str]  # one-word stems
    lengths: tuple[int, ...]  # their lengths
    phrases: tuple[str, ...]  # stems of several words, matched at word starts ("next steps")

    @classmethod
    def of(cls, stems: tuple[str, ...]) -> _Stems:
        lower = {stem.lower() for stem in stems}
        words = frozenset(s for s in lower if " " not in s)
        return cls(words, tuple(sorted({len(w) for w in words})), tuple(sorted(s for s in lower if " " in s)))


_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


@functools.cache
def _subject_stems() -> _Stems:
    return _Stems.of(lists.strings(_FILE, "subject", "stems"))


@functools.cache
def _body_stems() -> _Stems:
    return _Stems.of(lists.strings(_FILE, "subject", "stems") + lists.strings(_FILE, "body", "stems"))


for _cached in (_subject_stems, _body_stems):
    lists.on_change(_cached.cache_clear)
