"""What one message of a thread changes for the etiquette: a decision (the hiring side's, or the user
withdrawing), a request for no follow-ups, an automatic reply (and when its author is back). Read in
the author's own words only.
"""

from __future__ import annotations

import re

from rules import phrases
from rules.dates import absence
from watcher.model import Event, Message, Side

# A conditional ("if we decide not to move forward, ...") is not a decision.
_CONDITIONAL = re.compile(r"\b(if|whether|in case|either way|regardless|should we|once we|until)\b", re.I)
# A legal footer's "Nothing in this e-mail constitutes an offer ...": a statement that it is none.
_DISCLAIMER = re.compile(r"\b(nothing (in|contained in) this|(does|shall|will) not (itself )?constitute|not intended to "
                         r"(be|constitute|create)|no (part of )?this (e-?mail|message) (is|constitutes)|"
                         r"this (e-?mail|message|communication|notification|confirmation) (is|does) not)\b", re.I)
_OUT_OF_OFFICE = re.compile(
    r"\b(out of (the )?office|on (annual |parental |sick )?leave|on vacation|on holiday|away from (the office|my desk|email)"
    r"|limited access to (e-?mail|my inbox)|automatic reply|auto-?reply|currently (away|travell?ing|out))\b",
    re.I,
)
_DECISIONS = (("offer", "decision_offer"), ("rejection", "decision_rejection"), ("on_hold", "decision_on_hold"))


def event(message: Message, side: Side, *, return_date: bool = True) -> Event:
    """Classify `message`, written by `side`, into the one event the planner reads. `return_date`:
    whether an out-of-office's day back is read (only an interview's plan waits for it; a first scan
    has thousands of robots' mail in threads that are none)."""
    text = message.author_text
    automatic = message.auto_submitted or (
        side is Side.HIRING and bool(_OUT_OF_OFFICE.search(message.subject + "\n" + text[:600])
                                     or phrases.first("out_of_office", message.subject + "\n" + text[:600]))
        and len(text) < 1500)
    if side is Side.OTHER:  # an aside (the user's forward to a friend, the friend's answer): no event of the process
        return Event(at=message.date, message_id=message.message_id, side=side)
    if automatic:
        return Event(at=message.date, message_id=message.message_id, side=side, automatic=True,
                     return_date=absence.find_return_date(text, message.date) if return_date else None)
    if side is not Side.HIRING:
        # the user's own decision: they withdrew ("I've accepted another offer, so I'd like to withdraw"),
        # or accepted the offer the hiring side made by phone
        withdrawal = _unconditional("withdrawal", text)
        accepted = None if withdrawal else _unconditional("user_accepts", text)
        return Event(at=message.date, message_id=message.message_id, side=side,
                     decision="withdrawn" if withdrawal else "offer" if accepted else "",
                     sentence=withdrawal or accepted or "")
    decision, sentence = _decision(message.subject + ".\n" + text)
    request = _unconditional("no_followup", text)
    advanced = None if decision or request else _unconditional("advanced", text)
    return Event(
        at=message.date, message_id=message.message_id, side=side, decision=decision,
        no_followup=request is not None, sentence=sentence or request or advanced or "", advanced=advanced is not None)


def decision(text: str) -> str:
    """The decision a text states outright ("offer", "rejection", "on_hold"...), or ""."""
    return _decision(text)[0]


def _decision(text: str) -> tuple[str, str]:
    for name, list_name in _DECISIONS:
        found = _unconditional(list_name, text)
        if found:
            return name, found
    return "", ""


def _unconditional(list_name: str, text: str) -> str | None:
    """The sentence holding the first match of `list_name` that is not inside a conditional.
    After a conditional match the search goes on from its end (the sentence then starts there)."""
    sentences: phrases.Sentences | None = None  # found at the first match: most texts hold none
    position = 0
    for match in phrases.each(list_name, text):
        sentences = sentences or phrases.Sentences(text)
        sentence = sentences.around(match, since=position)
        before = sentence[: max(0, sentence.lower().find(match.group(0).lower()))]
        if not (_CONDITIONAL.search(before) or _DISCLAIMER.search(before)
                or phrases.first("conditional", before)):  # other languages: data
            return sentence
        position = match.end()
    return None
