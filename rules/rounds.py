"""Interview rounds and their decision deadlines, read from a thread's mail in date order.

Where a round's time comes from, best first: a calendar invite (latest SEQUENCE of its UID; a
CANCEL removes it), a confirmed slot (a scheduling tool's confirmation, the hiring side stating the
time as set - "You're set.", a calendar entry's "When:" line - or the user accepting one time), a
single time the hiring side proposed (a call's, never confirmed nor called an interview, is no round). A time set while the current round still lies ahead
reschedules it; a time set after the current round began is a new round. Deadlines belong to the
round that was current when the hiring side stated them; a later statement replaces an earlier one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from rules import phrases, replies, senders
from rules.dates import deadline as deadlines
from rules.dates import durations, mentions, slots, zones
from watcher.model import Deadline, Message, Round, Side

# Strength of the evidence for a round's time.
_PROPOSED, _CONFIRMED, _INVITE = 1, 2, 3
_BASIS = {_PROPOSED: "proposed", _CONFIRMED: "confirmed", _INVITE: "invite"}
_CONFIRM_WORDS = re.compile(
    r"\b(confirm(ed|ing)?|booked|scheduled|is set|all set|locked in|see you|calendar invit|invite|works (for|with) me|"
    r"suits me|sounds (good|great|perfect)|(that|this) works|i.ll be there|look(ing)? forward|"
    # "You're set." confirms a time; "you're set up in our system", "you're set to start Monday" do not
    r"(you.re|you are) set\b(?!\s+(up|to)\b))\b", re.I)
# A time on a calendar entry's "When:" line ("When: Tue Nov 10, 2026 3:00pm - 3:45pm (EST)" over
# "Where: Zoom"), as calendars and recruiters' confirmations lay out a booked meeting: the time is set,
# not offered
_ENTRY_WHEN = re.compile(r"[ \t*_]*+when[ \t*_]*+:[ \t*_]*+", re.I)
_RESCHEDULE_WORDS = re.compile(r"\b(re-?schedul\w*|mov(e|ed|ing) (it|the|our|your)|instead|push(ed)? (back|to)|new time|change(d)? (the )?time)\b", re.I)
_DECISION_WORDS = re.compile(r"\b(decision|decide|hear back|get back to you|let you know|update you|be in touch|outcome|feedback|offer)\b", re.I)
_DECLINE_WORDS = re.compile(
    r"\b(not (looking|interested|available for this)|(i.ll|i will|going to|have to|need to) (pass|decline)|pass on (this|it)|"
    r"withdraw (my|from)|no longer interested|accepted (another|an(other)? offer)|respectfully decline)\b", re.I)
# "at 10 or 2", "10am / 3pm": a choice; "at 10:00 AM ET, 60 minutes on Zoom" is one time and its length
_ALTERNATIVE = re.compile(r"\s*(,|or|/)\s*(\d{1,2}([:.]\d\d)?\s*([ap]\.?m\.?)?|noon)\b"
                          r"(?!\s*-?\s*(min|mins|minutes?|h|hrs?|hours?)\b)", re.I)
_DEADLINE_PREPOSITION = re.compile(r"\b(by|before|until|till|no later than|not later than|at the latest)\s+(the\s+)?$", re.I)
_HORIZON = dt.timedelta(days=120)
_ANSWER = re.compile(r"\s*(re|fwd?|aw|wg|tr|rv|sv)\s*:", re.I)  # a reply's or a forward's subject
_SENTENCE_REACH = 400
# the author's pointer to what they forward: "see her note below", "details below", "her email is below"
_POINTS_BELOW = re.compile(r"\b(?:see|find|read) (?:her|his|their|the|my|our) (?:note|message|e-?mail|reply|details|"
                           r"invite|invitation)s? (?:below|underneath)\b|\b(?:details|note|message|e-?mail|invite|"
                           r"invitation) (?:is |are )?(?:below|underneath)\b|\bsee below\b", re.I)
_FORWARD_REACH = 3000  # of the forwarded text: the note itself, not the history under it
_HELD_REACH = dt.timedelta(days=2)  # from a proposed time to the mail that speaks of it as held

# Whether a message is about arranging an interview (decided by detection, which sees the thread).
AboutInterview = Callable[[Message], bool]


@dataclass
class _Draft:
    """A round under construction (mutable while the thread is read)."""

    start: dt.datetime
    end: dt.datetime | None
    scheduled_at: dt.datetime
    source: str
    strength: int
    uid: str = ""
    sequence: int = 0
    deadlines: list[Deadline] = field(default_factory=list)
    interviewers: tuple[str, ...] = ()
    named_interview: bool = False  # the mail that set it called it an interview (not just "a call")
    minutes_hint: int | None = None  # a length the mail gave ("a 45-minute call") when no end time was
    tentative: bool = False  # set after an interview by mail that does not call it one: kept only if held


@dataclass(frozen=True)
class Context:
    """What the reader needs besides the mail: the zone to read bare times in, and defaults."""

    zone: dt.tzinfo
    default_minutes: int
    default_decision_days: int
    about_interview: AboutInterview
    names_interview: AboutInterview  # the message itself says "interview", "phone screen", "onsite"...
    me: frozenset[str]


def read(messages: Sequence[tuple[Message, Side]], context: Context) -> tuple[Round, ...]:
    rounds: list[_Draft] = []
    options: list[slots.Slot] = []
    early_deadlines: list[Deadline] = []
    duration: int | None = None  # the latest length the mail gave, for the round it arranges
    # "our week runs Sunday to Thursday": the weeks they count are theirs
    sunday_week = any(side is Side.HIRING and phrases.first("sunday_week", m.author_text) for m, side in messages)
    for message, side in messages:
        at = message.date
        said = durations.find_duration(message.author_text) if message.author_text and side is Side.HIRING else None
        duration = said or duration
        cancelled = _apply_cancellation(rounds, message, context) if side is Side.HIRING else frozenset()
        invited = _apply_invites(rounds, message, context)
        if not invited and side is not Side.OTHER and not message.auto_submitted and context.about_interview(message):
            options = _apply_text(rounds, options, message, side, context, duration, cancelled)
        # an invite's description is the hiring side's words too ("Next steps: ... a final decision by the
        # end of the month"), when the mail itself only says "Agenda and next steps are in the description"
        said_text = "\n\n".join((message.author_text, *(e.description for e in message.calendar if e.description))).strip()
        if side is Side.HIRING and not message.auto_submitted and said_text:
            arranged = [r for r in rounds if r.scheduled_at <= at]
            interview = arranged[-1].start.astimezone(context.zone).date() if arranged else None
            match = deadlines.find_deadline(said_text, at, context.zone, interview=interview,
                                            sunday_week=sunday_week)
            # a rejection's "if anything opens up in the new year I'll reach out" is no timeline for a decision
            # (asked only of the few messages with a timeline: the decision lists are long)
            if match is not None and replies.decision(message.subject + ".\n" + message.author_text) != "rejection":
                stated = Deadline(date=match.date, basis=match.basis, stated_at=at, sentence=match.sentence,
                                  message_id=message.message_id)
                current = [r for r in rounds if r.scheduled_at <= at]
                known = current[-1].deadlines if current else early_deadlines
                # a system's form words ("We will contact you once a decision has been made") take back
                # no date a person gave; a person's own "it will take longer" does
                form = match.basis == "vague" and message.sender is not None \
                    and senders.is_automated(message.sender.email) and any(d.date for d in known)
                if not form:
                    known.append(stated)
    # a time the hiring side merely proposed for "a call", never confirmed nor called an interview,
    # is not a round (recruiters' cold outreach offers such calls)
    # ... unless the hiring side thanks the user for it within hours ("let's do Monday at 10:00" ...
    # "thanks for the conversation this morning", "thank you for spending the morning with us")
    any_weak = any(r.tentative or (r.strength == _PROPOSED and not r.named_interview) for r in rounds)
    told = _told_after_the_fact(messages) if any_weak or not rounds else []
    kept: list[_Draft] = []
    for r in rounds:
        weak = r.tentative or (r.strength == _PROPOSED and not r.named_interview)
        if weak and kept and _accepted(r, messages):
            # a time the hiring side set after an interview, which the user answered: the next round
            r.source += ", which you accepted"
        elif weak:
            if not any(r.start <= m.date <= r.start + _HELD_REACH for m in told):
                if r.tentative and kept:
                    kept[-1].deadlines += r.deadlines  # stated while it seemed ahead: the interview before it's
                continue
            r.source += ", and they spoke of it as held afterwards"
        kept.append(r)
    if not kept:
        timeline = [d for r in rounds for d in r.deadlines] + early_deadlines
        return () if not told else (_held_round(0, told[0], timeline, context),)
    # an interview the hiring side thanks the user for in the mail that arranges the next one ("thanks
    # for speaking with us last week; here is your technical interview") was a screening before the
    # process reached the mail: the rounds start with the one the mail arranges
    if early_deadlines:
        rounds[0].deadlines[:0] = early_deadlines
    return tuple(_finish(index, draft, context) for index, draft in enumerate(kept))


def _accepted(draft: _Draft, messages: Sequence[tuple[Message, Side]]) -> bool:
    """Whether the user answered the time the hiring side set, before it, without turning it down
    ("Thank you - November 5 works")."""
    return any(side is Side.ME and draft.scheduled_at < m.date < draft.start and m.author_text
               and not _DECLINE_WORDS.search(m.author_text) for m, side in messages)


def _told_after_the_fact(messages: Sequence[tuple[Message, Side]]) -> list[Message]:
    """The mail in which the hiring side speaks of an interview that took place, in date order."""
    return [m for m, side in messages if side is Side.HIRING and not m.auto_submitted
            and phrases.first("post_interview", m.author_text)]


def _held_round(index: int, told: Message, stated: list[Deadline], context: Context) -> Round:
    """An interview the mail never dated, known only from the hiring side thanking the user for it:
    a round without a start, so the follow-ups can still be planned from the stated timeline."""
    day = told.date.astimezone(context.zone).date()
    default = Deadline(date=day + dt.timedelta(days=context.default_decision_days), basis="default",
                       sentence=f"no timeline given: {context.default_decision_days} days after they wrote about the interview")
    relevant = [d for d in stated if d.date is None or d.date >= day]
    return Round(index=index, start=None, minutes=context.default_minutes, scheduled_at=told.date,
                 source="the hiring side's mail after the interview (its time was never given)",
                 deadline=relevant[-1] if relevant else default, deadline_history=tuple(relevant), basis="held")


def _apply_cancellation(rounds: list[_Draft], message: Message, context: Context) -> frozenset[dt.datetime]:
    """A coming round the hiring side says is cancelled, by its time: "Your interview ... scheduled for
    Wednesday, 28 October 2026 at 9:00 PM SGT has been cancelled" (a recruiting system's notice, which
    carries no calendar part). The times the mail cancels, which its text arranges nothing for; a new
    time in the same mail is read as any other."""
    text = message.subject + "\n" + message.author_text
    if not _CANCELLED.search(text) and not _CANCELLED_NOTICE.search(message.subject):
        return frozenset()
    at = message.date
    read = _Read(text)
    # a calendar's own notice says it in its subject ("Canceled event: ... @ Tue 13 Oct 2026 9pm"), and
    # the time on a line of its own
    notice = _CANCELLED_NOTICE.search(message.subject) is not None
    named = frozenset(s.start for s in slots.find_slots(text, at, context.zone)
                      if s.explicit_date and (notice or _CANCELLED.search(_sentence_of(read.having(s.phrase), s.phrase))))
    coming = [r for r in rounds if r.start > at]
    gone = [r for r in coming if r.start in named]
    if not named:
        gone = _cancelled_by_day(coming, message, context)
    for draft in gone:
        rounds.remove(draft)
    return named | frozenset(r.start for r in gone)


def _cancelled_by_day(coming: list[_Draft], message: Message, context: Context) -> list[_Draft]:
    """The coming round a cancellation that names no date means: "we need to cancel tomorrow's interview"
    (the round on that day), "our call is cancelled" (the one coming round, when there is just one)."""
    said = _CANCELLED.search(message.author_text)
    sentence = _sentence_of(message.author_text, said.group(0)) if said else ""
    if not sentence or not coming or any(phrases.first(name, message.author_text)
                                          for name in ("decision_rejection", "decision_on_hold")):
        return []  # a decision cancelling it ends the process: the round stays, its follow-ups end with it
    today = message.date.astimezone(context.zone).date()
    day = _CANCELLED_DAY.search(sentence)
    if day is not None:
        when = today + dt.timedelta(days=1 if day.group(0).lower().startswith("tomorrow") else 0)
        return [r for r in coming if r.start.astimezone(context.zone).date() == when]
    if _CANCELLED_ROUND.search(sentence) and len(coming) == 1:
        return coming
    return []


def _sentence_of(text: str, phrase: str) -> str:
    """The sentence (or line) of `text` that holds `phrase`; "" when it is not there."""
    index = text.find(phrase)
    if index < 0:
        return ""
    start = max(text.rfind(".", 0, index), text.rfind("\n", 0, index), text.rfind("!", 0, index)) + 1
    ends = [e for e in (text.find(".", index + len(phrase)), text.find("\n", index + len(phrase))) if e >= 0]
    return text[start:min(ends) if ends else len(text)]


_CANCELLED_NOTICE = re.compile(r"^\s*(?:cancel+ed(?:\s+(?:event|meeting|invitation))?|(?:event|meeting)\s+cancel+ed)\s*:", re.I)
_CANCELLED_DAY = re.compile(r"\b(?:tomorrow|today|tonight|this (?:morning|afternoon|evening))\b", re.I)
_CANCELLED_ROUND = re.compile(r"\b(?:the|our|your|this|next|upcoming)\s+(?:\w+\s+){0,2}?(?:interview|call|meeting|chat|"
                              r"conversation|screen)\b", re.I)
# said of an interview or meeting that will not take place (never "if you need to cancel")
_CANCELLED = re.compile(r"\b(?:has|have) been (?:cancel+ed|called off)\b|\b(?:interview|meeting|call) (?:is )?cancel+ed\b|"
                        r"\b(?:we|I) (?:need|have|had) to cancel\b", re.I)


def _apply_invites(rounds: list[_Draft], message: Message, context: Context) -> bool:
    """Fold the message's calendar invites into the rounds; True when it carried one for an interview."""
    used = False
    made: list[_Draft] = []  # the rounds this message's events set
    for event in message.calendar:
        if event.start is None:
            continue
        cancelled = event.method == "CANCEL" or event.status == "CANCELLED"
        same = next((r for r in rounds if event.uid and r.uid == event.uid), None)
        if cancelled:
            if same is not None and same.start > message.date:
                rounds.remove(same)
            used = True
            continue
        if not (context.about_interview(message) or _event_about_interview(event.summary + " " + event.description)):
            continue
        used = True
        end = event.end if event.end and event.end > event.start else None
        people = tuple(a.name or a.email for a in event.attendees if a.email not in context.me)
        if same is not None:
            if event.sequence >= same.sequence:
                same.start, same.end, same.sequence = event.start, end, event.sequence
                same.source = f"calendar invite (updated, sequence {event.sequence})"
            made.append(same)
            continue
        # one invite's sessions of one day are one round ("Onsite: Coding 9:00", "System Design 10:00", ...)
        part_of = next((r for r in made if abs(event.start - r.start) <= _ONE_SITTING), None)
        if part_of is not None:
            part_of.start = min(part_of.start, event.start)
            ends_at = end or event.start + dt.timedelta(minutes=context.default_minutes)
            part_of.end = max(part_of.end or ends_at, ends_at)
            part_of.interviewers = tuple(dict.fromkeys((*part_of.interviewers, *people)))
            continue
        current = rounds[-1] if rounds else None
        if current is not None and current.start > message.date and current not in made:
            current.start, current.end, current.uid, current.sequence = event.start, end, event.uid, event.sequence
            current.strength, current.source = _INVITE, "calendar invite (replacing an earlier time)"
            made.append(current)
            continue
        if event.start <= message.date:
            continue
        rounds.append(_Draft(start=event.start, end=end, scheduled_at=message.date, source="calendar invite",
                             strength=_INVITE, uid=event.uid, sequence=event.sequence, interviewers=people))
        made.append(rounds[-1])
    return used


_ONE_SITTING = dt.timedelta(hours=10)  # an invite's events this close to the first one it set are its sessions


def _on_the_agreed_day(slot: slots.Slot, message: Message, context: Context) -> slots.Slot:
    """A time the mail names with no day ("Perfect, let's do 4:30 then") on the one day the mail it
    answers agreed on ("Thursday afternoon works"), when its quoted history names exactly one day."""
    if slot.explicit_date or not message.author_text or len(message.text) <= len(message.author_text):
        return slot
    at = message.author_text.find(slot.phrase)
    if at >= 0 and slots.restates_for_someone(message.author_text, at + len(slot.phrase)):
        return slot  # "Exactly - noon for you": a time restated in the other's zone, no new day
    quoted = message.text[len(message.author_text):][:4000]
    said = message.date.astimezone(context.zone).date()
    # a weekday the two sides agreed on ("Does Thursday afternoon work?"), not any date the history names
    # ("once US clocks go back on 1 November")
    days = {day for mention in mentions.find_dates(quoted, mentions.day_first(context.zone))
            if mention.weekday is not None and not mention.is_calendar_date
            if (day := mentions.resolve(mention, said)) is not None and day > said}
    if len(days) != 1:
        return slot
    day = days.pop()
    local = slot.start.astimezone(context.zone)
    start = dt.datetime.combine(day, local.time(), tzinfo=local.tzinfo).astimezone(slot.start.tzinfo)
    shift = start - slot.start
    return replace(slot, start=start, end=slot.end + shift if slot.end else None, explicit_date=True)


def _apply_text(
    rounds: list[_Draft], options: list[slots.Slot], message: Message, side: Side, context: Context,
    duration: int | None, cancelled: frozenset[dt.datetime] = frozenset(),
) -> list[slots.Slot]:
    """Fold the times named in the message's text into the rounds, but those it `cancelled`; return the
    open options."""
    at = message.date
    read = _Read(message.author_text)
    named = [_on_the_agreed_day(s, message, context) for s in
             slots.find_slots(message.author_text, at, context.zone, side is Side.HIRING) if s.start not in cancelled]
    found = [s for s in named
             if s.explicit_date and at < s.start <= at + _HORIZON and not _about_decision(read.having(s.phrase), s.phrase)]
    if not found and side is Side.HIRING and _POINTS_BELOW.search(message.author_text) \
            and len(message.text) > len(message.author_text) and message.text.startswith(message.author_text):
        # an agency forwarding the client's note ("she wants you to meet her team; see her note below"): the
        # time is the client's words below, the hiring side's too (a forward's own "Sent:" is in the past)
        below = message.text[len(message.author_text):][:_FORWARD_REACH]
        read = _Read(below)
        found = [s for s in slots.find_slots(below, at, context.zone, True)
                 if s.explicit_date and at < s.start <= at + _HORIZON and s.start not in cancelled
                 and not _about_decision(read.having(s.phrase), s.phrase)]
    if not found and side is Side.HIRING and not _ANSWER.match(message.subject):
        # "Interview - Thu 19 Nov 10:00 GMT" over "... at the time above": the subject of the hiring side's own
        # mail (a reply's repeats an earlier one's, whatever the mail says now)
        read = _Read(message.subject)
        found = [s for s in slots.find_slots(message.subject, at, context.zone)
                 if s.explicit_date and at < s.start <= at + _HORIZON and s.start not in cancelled]
    by_start: dict[dt.datetime, slots.Slot] = {}
    for found_slot in found:
        # the same time named twice ("9:30 AM - 1:00 PM ... see you at 9:30"): keep the one with an end
        known = by_start.get(found_slot.start)
        if known is None or (known.end is None and found_slot.end is not None):
            by_start[found_slot.start] = found_slot
    distinct = _as_agenda(sorted(by_start.values(), key=lambda s: s.start), context.zone, message.author_text)
    if not distinct and side is Side.HIRING and options:
        distinct = _picked_by_time([s for s in named if not s.explicit_date], options)
    current = rounds[-1] if rounds else None
    if not distinct:
        moved = _moved_same_time(message.author_text, at, current, context.zone) \
            if side is Side.HIRING and current is not None and current.start > at else None
        if current is not None and moved is not None:
            if current.end is not None:
                current.end = moved + (current.end - current.start)
            current.start, current.source = moved, f'the hiring side\'s mail: "{moved:%A} at the same time"'
            return options
        if side is Side.ME and current is not None and current.start > at and current.strength == _PROPOSED:
            if _DECLINE_WORDS.search(message.author_text):
                rounds.remove(current)  # the user turned the proposed time down
            elif _CONFIRM_WORDS.search(message.author_text):
                current.strength = _CONFIRMED  # "that works, see you then" confirms without repeating it
        return options
    picked = False  # the user took one of the times the hiring side offered: that arranges it
    if side is Side.ME:
        if _DECLINE_WORDS.search(message.author_text):
            return []
        # the user picking one of the offered times: take the offer as written (its zone, its end)
        chosen = [o for o in options if any(o.start == s.start for s in distinct)]
        if len(chosen) == 1:
            distinct, picked = chosen, True
        elif current is not None and current.start > at:
            # the user restating (or misreading) a time the hiring side set: it confirms that time; the
            # hiring side's own words keep their zone and end ("10.30am your time" was their 3.30pm)
            current.strength = max(current.strength, _CONFIRMED)
            return []
    if len(distinct) == 1 and (_offers_alternatives(read.having(distinct[0].phrase), distinct[0])
                               or _a_window(read.having(distinct[0].phrase), distinct[0])):
        return distinct  # "tomorrow at 10 or 2", "Friday any time after 1pm": a choice, not a time
    numbered = _numbered_days(message.author_text, distinct) if len(distinct) > 1 and side is Side.HIRING else []
    if numbered:
        # "Day 1 - Tuesday 10 November, 10:00-11:00 ... Day 2 - Wednesday 11 November, 10:00-11:30": one
        # interview a day, each a round of its own (the same told again in the user's time is no other)
        if current is not None and current.start > at:
            return []  # a schedule that would replace one still ahead: not read as such
        for day in numbered:
            end = day.end or _said_end(message.author_text, day.start, context.zone)
            rounds.append(_Draft(start=day.start, end=end, scheduled_at=at, source=f'the hiring side\'s mail: "{day.phrase}"',
                                 strength=_CONFIRMED if _CONFIRM_WORDS.search(message.author_text) else _PROPOSED,
                                 named_interview=context.names_interview(message), minutes_hint=duration))
        return []
    if len(distinct) > 1:
        return distinct  # several options on the table: wait for one to be chosen
    slot = distinct[0]
    if side is Side.HIRING:
        # "We expect the day to finish by 1pm" under a programme of start times (its last, 11:30, is no end)
        said = _said_end(message.author_text, slot.start, context.zone)
        if said is not None and (slot.end is None or said > slot.end):
            slot = replace(slot, end=said)
    confirmed = side is Side.ME or bool(_CONFIRM_WORDS.search(message.author_text) or _CONFIRM_WORDS.search(message.subject)
                                        or _on_entry_line(read.having(slot.phrase), slot.phrase))
    strength = _CONFIRMED if confirmed else _PROPOSED
    source = ("your confirmation" if side is Side.ME else "the hiring side's mail") + f': "{slot.phrase}"'
    if current is not None and current.start > at:
        if current.strength == _INVITE and not _RESCHEDULE_WORDS.search(message.author_text):
            return []
        if slot.end is not None or slot.start != current.start:
            current.end = slot.end
        current.start, current.source = slot.start, source
        current.minutes_hint = duration or current.minutes_hint
        current.strength = max(strength, current.strength if current.strength < _INVITE else strength)
        current.named_interview = current.named_interview or context.names_interview(message)
        return []
    if side is Side.ME and not any(o.start == slot.start for o in options) and current is not None:
        # the user naming a time after an interview is not a new round unless the hiring side set it
        return []
    picked = picked or (side is Side.HIRING and any(o.start == slot.start for o in options))  # "Locked in for ..."
    if current is not None and phrases.first("not_a_round", message.author_text) \
            and phrases.first("interview", message.author_text) is None:
        # a call about the offer or the pay after the interviews: the process, not another round (a
        # reply's subject still saying "Interview invitation" does not make it one)
        return []
    # after an interview, only mail that arranges another one starts a new round; other times the hiring
    # side sets ("you'll meet the partner panel on Thursday, November 5, from 9:30 AM") count only when it
    # speaks of them as held afterwards ("thank you for spending the morning with us")
    tentative = current is not None and not picked \
        and not (context.names_interview(message) or _meeting_near(read.having(slot.phrase), slot.phrase))
    if tentative and side is not Side.HIRING:
        return []
    rounds.append(_Draft(start=slot.start, end=slot.end, scheduled_at=at, source=source, strength=strength,
                         named_interview=context.names_interview(message), minutes_hint=duration, tentative=tentative))
    return []


def _said_end(text: str, start: dt.datetime, zone: dt.tzinfo) -> dt.datetime | None:
    """When a day-long round the mail arranges ends, said apart from its start: "kick off around 9:30 and
    wrap up by 5", "we expect the day to finish by 1pm"; None when the mail says no such thing."""
    found = _ENDS_AT.search(text)
    if found is None:
        return None
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    meridiem = (found.group(3) or "").lower().replace(".", "")
    local = start.astimezone(zone)
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif not meridiem and hour < 12 and hour <= local.hour:
        hour += 12  # "9:30 ... wrap up by 5": five in the afternoon
    if hour > 23 or minute > 59:
        return None
    end = local.replace(hour=hour, minute=minute)
    return end if start < end <= start + dt.timedelta(hours=12) else None


_ENDS_AT = re.compile(r"\b(?:wrap(?:ping)? (?:things )?up|finish(?:ing)?|end(?:ing)?|run(?:s|ning)? until)"
                      r" (?:by |at |around |about )?(\d{1,2})(?:[:.](\d{2}))?\s?([ap]\.?m\.?)?(?![\w:])", re.I)


_SAME_TIME = re.compile(r"\b(the )?same (time|hour|slot)\b", re.I)


def _moved_same_time(text: str, at: dt.datetime, current: _Draft, zone: dt.tzinfo) -> dt.datetime | None:
    """"Can we push to Thursday same time?": the round moved to the one other day named, at its own time
    of day in the hiring side's zone; None when the mail moves nothing so."""
    if not (_SAME_TIME.search(text) and _RESCHEDULE_WORDS.search(text)):
        return None
    reference = at.astimezone(zone).date()
    local = current.start.astimezone(zone)
    # the day it leaves may be named too ("a meeting just landed on Tuesday morning")
    days = {mentions.resolve(m, reference) for m in mentions.find_dates(mentions.normalize(text))} - {None, local.date()}
    if len(days) != 1:
        return None
    day = days.pop()
    assert day is not None
    start = local.replace(year=day.year, month=day.month, day=day.day)
    return start if at < start <= at + _HORIZON and start != current.start else None


def _picked_by_time(bare: list[slots.Slot], options: list[slots.Slot]) -> list[slots.Slot]:
    """"yes 2pm works": the one option on the table at the time of day the hiring side names (`bare`: the
    times its mail gives without a date), if one is."""
    # each clock as written, in the zone it was written in ("2pm ET" offered, "2pm" picked)
    named = {(s.start.hour, s.start.minute) for s in bare}
    chosen = [o for o in options if (o.start.hour, o.start.minute) in named]
    return chosen if len(chosen) == 1 else []


class _Read:
    """A message's text, and the same text as the slot reader read it (German, French, Italian, Portuguese
    and Spanish dates rewritten in English forms, spaces normalised): a slot's phrase is looked for in the
    text, else there."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._read: str | None = None

    def having(self, phrase: str) -> str:
        if phrase in self.text:
            return self.text
        if self._read is None:
            self._read = slots.as_read(self.text)
        return self._read


def _as_agenda(found: list[slots.Slot], zone: dt.tzinfo, text: str = "") -> list[slots.Slot]:
    """Back-to-back sessions on one day ("9:00-9:15 welcome, 9:15-10:30 system design, ...") are one
    round, from the first start to the last end: an onsite day is a single interview event. So is a
    day's schedule of start times only ("10:00 AM Check-in / 10:15 AM Coding - Tamsin / ..."), three
    or more at most two hours apart, in mail that offers no choice: from its first time to its last."""
    found = _sessions_of_the_day(found, zone, text)
    if len(found) < 2 or len({s.start.astimezone(zone).date() for s in found}) != 1:
        return found
    if any(s.end is None for s in found):
        # "10:30 - written exercise (30 minutes)" over "11:15 - interview (approximately 45 minutes)":
        # each time with its own length on its line is a session with an end
        found = [s if s.end is not None else _with_its_length(text, s) for s in found]
    if any(s.end is None for s in found):
        if len(found) < 3 or _CHOICE.search(text) or any(
                later.start - earlier.start > _AGENDA_STEP for earlier, later in zip(found, found[1:], strict=False)):
            return found
        return [slots.Slot(start=found[0].start, end=max(s.end or s.start for s in found),
                           phrase=f"{found[0].phrase} ... {found[-1].phrase}", explicit_date=found[0].explicit_date)]
    for earlier, later in zip(found, found[1:], strict=False):
        assert earlier.end is not None
        if later.start - earlier.end > dt.timedelta(minutes=30):
            return found
    # the day's own span may come first ("8:30 AM - 1:30 PM", then its sessions): it ends at the latest end
    return [slots.Slot(start=found[0].start, end=max(s.end for s in found if s.end is not None),
                       phrase=f"{found[0].phrase} ... {found[-1].phrase}", explicit_date=found[0].explicit_date)]


def _sessions_of_the_day(found: list[slots.Slot], zone: dt.tzinfo, text: str) -> list[slots.Slot]:
    """An itinerary's sessions without what is around them: a day of three or more sessions with their ends,
    back to back ("8:00-9:00 AM Breakfast ... 4:30-5:30 PM Exit meeting"), is the round; the bare times around
    it (the "6:30 PM Dinner" after, the next morning's "7:30 AM shuttle to the airport") are no session of it
    and no other interview. Mail that offers times to choose from keeps them all."""
    if len(found) < 4 or not any(s.end is None for s in found) or _CHOICE.search(text):
        return found
    ended = [s for s in found if s.end is not None]
    days = {s.start.astimezone(zone).date() for s in ended}
    if len(ended) < 3 or len(days) != 1:
        return found
    for earlier, later in zip(ended, ended[1:], strict=False):
        assert earlier.end is not None
        if not dt.timedelta(0) <= later.start - earlier.end <= dt.timedelta(minutes=30):
            return found
    if not all(_starts_a_line(text, s.phrase) for s in ended):
        return found  # "10-11, 11-12 or 12-1 on Tuesday, or Friday at 3": times in a sentence are a choice
    return ended


def _written(text: str, phrase: str) -> re.Match[str] | None:
    """Where a slot's phrase stands in the text, its line breaks made spaces when it was read ("Tuesday,
    October 27\n1:00 - 1:45 PM")."""
    return re.search(r"\s+".join(re.escape(word) for word in phrase.split()), text) if phrase.strip() else None


def _starts_a_line(text: str, phrase: str) -> bool:
    """Whether the time stands first on its line, as an itinerary's entries do (after a bullet, maybe)."""
    written = _written(text, phrase)
    if written is None:
        return False
    at = written.start() + written.group(0).rfind("\n") + 1 if "\n" in written.group(0) else written.start()
    return not text[text.rfind("\n", 0, at) + 1:at].strip(" \t-*\u2022\u00b7>")


def _with_its_length(text: str, slot: slots.Slot) -> slots.Slot:
    """The slot, ended by the length its own line gives ("11:15 - interview (approximately 45 minutes)")."""
    written = _written(text, slot.phrase)
    if written is None:
        return slot
    line = text[written.start():text.find("\n", written.end()) if "\n" in text[written.end():] else len(text)]
    minutes = durations.find_duration(line)
    return replace(slot, end=slot.start + dt.timedelta(minutes=minutes)) if minutes else slot


_AGENDA_STEP = dt.timedelta(hours=2)
# a list of times to pick from, not a day's schedule
_CHOICE = re.compile(r"\b(options?|slots?|which (of these|one|time|works|suits)|any of these|one of these|pick|choose|"
                     r"prefer|what works|works best|availability|available times)\b", re.I)


def _numbered_days(text: str, found: list[slots.Slot]) -> list[slots.Slot]:
    """One time per numbered day: the times of a paragraph that opens on a line numbering it ("Day 1 -
    Tuesday 10 November, 10:00-11:00", or "Day 2 - Wednesday, October 28" over its sessions, which make
    one span), each on a day of its own, in mail that asks the user to pick none of them; [] when there
    are not two such days."""
    if _PICK.search(text):
        return []
    labels = [(m.start(), m.group(1), _paragraph_end(text, m.start())) for m in _DAY_LABEL.finditer(text)]
    days: dict[str, list[slots.Slot]] = {}
    for slot in found:
        # the phrase as read, its line breaks made spaces ("Tuesday, October 27\n1:00 - 1:45 PM")
        written = _written(text, slot.phrase)
        index = written.start() if written else -1
        label = next((number for start, number, end in reversed(labels) if start <= index < end), None)
        if label is not None:
            days.setdefault(label, []).append(slot)
    spans = [slots.Slot(start=min(s.start for s in group), end=max((s.end or s.start) for s in group),
                        phrase=group[0].phrase, explicit_date=group[0].explicit_date) for group in days.values()]
    one_day_each = all(len({s.start.date() for s in group}) == 1 for group in days.values())
    return spans if len(spans) >= 2 and one_day_each and len({s.start.date() for s in spans}) == len(spans) else []


def _paragraph_end(text: str, start: int) -> int:
    blank = _BLANK_LINE.search(text, start)
    return blank.start() if blank else len(text)


_DAY_LABEL = re.compile(r"^[ \t*>•-]*(?:day|round|part|session)\s*(\d)\b", re.I | re.M)
_BLANK_LINE = re.compile(r"\n[ \t>]*\n")
_PICK = re.compile(r"\b(pick|choose|prefer|which (one|of these|day|works|suits)|any of these|one of these|either|options?)\b",
                   re.I)


def _offers_alternatives(text: str, slot: slots.Slot) -> bool:
    index = text.find(slot.phrase)
    found = _ALTERNATIVE.match(text, index + len(slot.phrase)) if index >= 0 else None
    return found is not None and not _same_time_elsewhere(found.group(2), text[found.end():], slot.start)


# "any time after 1pm", "before 11am", "no earlier than 9": the edge of a window offered, not a time set
_WINDOW = re.compile(r"\b(any ?time|whenever|sometime),? (after|from|before|between)\b"
                     r"|\b(after|not before|no earlier than|before|no later than) \d{1,2}(?!\d)", re.I)


def _a_window(text: str, slot: slots.Slot) -> bool:
    """Whether `slot` is the edge of a window of availability, read in its phrase and just before it."""
    index = text.find(slot.phrase)
    return index >= 0 and _WINDOW.search(text, max(0, index - 20), index + len(slot.phrase)) is not None


_CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d\d))?\s*([ap])?", re.I)


def _same_time_elsewhere(clock: str, after: str, start: dt.datetime) -> bool:
    """Whether `clock` followed by a zone ("2pm Eastern" after "11am Pacific /") is `start` told in
    another zone: a recruiter writing for both sides of a country, not a second time offered."""
    words = after[:60].split()[:3]  # a zone is named right after the time: the rest of the mail is not read
    zone = next((z for n in (3, 2, 1) if len(words) >= n
                 and (z := zones.zone_for_word(" ".join(words[:n]).strip(".,;:()"))) is not None), None)
    read = _CLOCK.match(clock)
    if zone is None or read is None:
        return False
    hour, minute = int(read.group(1)) % 12 if read.group(3) else int(read.group(1)), int(read.group(2) or 0)
    if (read.group(3) or "").lower() == "p":
        hour += 12
    if hour > 23 or minute > 59:
        return False
    local = start.astimezone(zone)
    return local.hour == hour and local.minute == minute


def _on_entry_line(text: str, phrase: str) -> bool:
    """Whether the time stands on a calendar entry's "When:" line."""
    index = text.find(phrase)
    start = text.rfind("\n", max(0, index - 40), index) + 1 if index >= 0 else -1
    if start < 0 or (start == 0 and index > 40):
        return False  # not in the text, or a long line: "When:" starts the line and the time follows it
    return _ENTRY_WHEN.fullmatch(text, start, index) is not None


def _meeting_near(text: str, phrase: str) -> bool:
    index = text.find(phrase)
    window = text[max(0, index - 160): index + len(phrase) + 80] if index >= 0 else ""
    return phrases.first("interview", window) is not None or phrases.first("meeting", window) is not None


def _about_decision(text: str, phrase: str) -> bool:
    """A time inside a sentence about the decision ("we'll decide by Friday at 5pm") is no interview."""
    index = text.find(phrase)
    if index < 0:
        return False
    if _DEADLINE_PREPOSITION.search(text[max(0, index - 25):index]):
        return True  # "get back to you by 5pm Friday", "no later than Thursday noon"
    # a "sentence" is read at most _SENTENCE_REACH either side: a run-on text without full stops
    # was otherwise read whole again for each of its times
    earliest = max(0, index - _SENTENCE_REACH)
    start = max(text.rfind(".", earliest, index), text.rfind("\n", earliest, index), earliest - 1) + 1
    latest = index + len(phrase) + _SENTENCE_REACH
    # a phrase read up to its full stop ends its sentence: the next one ("our travel coordinator will be
    # in touch to book flights") is not about this time
    end_dot = index + len(phrase) if phrase.endswith(".") else text.find(".", index + len(phrase), latest)
    sentence = text[start: end_dot if end_dot >= 0 else latest]
    return bool(_DECISION_WORDS.search(sentence)) and not (
        phrases.first("interview", sentence) or phrases.first("meeting", sentence))


def _event_about_interview(text: str) -> bool:
    return phrases.first("interview", text) is not None


def _finish(index: int, draft: _Draft, context: Context) -> Round:
    minutes = draft.minutes_hint or context.default_minutes
    if draft.end is not None:
        minutes = max(1, int((draft.end - draft.start).total_seconds() // 60))
    local_day = draft.start.astimezone(context.zone).date()
    default = Deadline(date=local_day + dt.timedelta(days=context.default_decision_days), basis="default",
                       sentence=f"no timeline given: the interview day + {context.default_decision_days} days")
    relevant = [d for d in draft.deadlines if d.date is None or d.date >= local_day]
    in_force = relevant[-1] if relevant else default
    return Round(
        index=index, start=draft.start, minutes=minutes, scheduled_at=draft.scheduled_at, source=draft.source,
        deadline=in_force, deadline_history=tuple(relevant), interviewers=draft.interviewers,
        basis=_BASIS[draft.strength])
