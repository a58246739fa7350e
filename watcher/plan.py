"""Detection + what already happened + now -> decisions about the follow-ups of one hiring process.
Pure; POLICY.md in code.

Per interview round, at most three drafts: a thank-you (due when the round ends, to exist within 24
hours of its start), a status inquiry (the day after the decision deadline, if nothing was heard
since), and an optional second inquiry (14 days after the original deadline, only when the first
was sent). Never two drafts to a process within 7 days, except a new round's thank-you. A request for
no follow-ups (here or from the same company elsewhere) or a decision ends everything. A draft we
wrote that a later event made obsolete is withdrawn, unless the user edited it.

The plan is data (as vdirsyncer's `_get_actions`): the facts of a process are computed once
(`Facts`), each kind of draft is a pure function of (facts, round, stored follow-ups), and `decide`
returns a list of `Decision`s — plan, keep, skip, withdraw, cancel — that the scan applies.

Follow-up ids are `<process>:<round>:<kind>`, so planning twice never adds anything, and a draft the
user deleted keeps its id and is never written again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from rules.dates import zones
from watcher.config import Policy
from watcher.model import Address, Detection, Event, FollowUp, Kind, PlanResult, Round, Side, Status

_THANK_YOU_GRACE = dt.timedelta(hours=24)  # past the 24-hour mark a thank-you is late; past this, stale


@dataclass(frozen=True)
class Stop:
    """Something that ends every pending follow-up of a process from `at` on."""

    at: dt.datetime
    reason: str


class Action(StrEnum):
    """What the scan does with one follow-up."""

    PLAN = "plan"  # a draft is planned: the scan writes it once it is due
    KEEP = "keep"  # recorded as it stands (a draft of ours, or one the user edited or deleted)
    SKIP = "skip"  # no draft of this kind, and why
    WITHDRAW = "withdraw"  # our unedited draft became obsolete: the scan removes it from Drafts
    CANCEL = "cancel"  # a draft that was or would be planned, stopped by a decision, a request or a new round


@dataclass(frozen=True)
class Decision:
    action: Action
    followup: FollowUp  # the follow-up as it stands after the decision


@dataclass(frozen=True)
class Facts:
    """What planning knows of a process, computed once from its detection and stored follow-ups."""

    process_id: str
    account: str
    is_interview: bool
    rounds: tuple[Round, ...]
    contact: Address | None
    contact_why: str
    zone: dt.tzinfo  # the hiring side's: "the day after the deadline" begins at their midnight
    hiring: tuple[Event, ...]  # what the hiring side wrote (automatic replies are not hearing back)
    automatic: tuple[Event, ...]
    user_writes: tuple[Event, ...]  # what the user wrote themselves (not drafts of ours they sent)
    sent_at: Mapping[str, dt.datetime]  # our drafts the user sent: message id -> when
    stop: Stop | None  # the first decision or request for no follow-ups, here or company-wide
    now: dt.datetime
    policy: Policy


def followup_id(thread_id: str, round_index: int, kind: Kind) -> str:
    return f"{thread_id}:{round_index}:{kind.value}"


def hiring_zone(detection: Detection) -> dt.tzinfo:
    """The hiring side's time zone: the one place planning derives it (an IANA zone when the mail
    names one, so a deadline after a daylight-saving change is still their midnight)."""
    return zones.named_zone(detection.zone, detection.timezone_offset_minutes)


def facts_of(detection: Detection, stored: Mapping[str, FollowUp], now: dt.datetime, policy: Policy,
             company_stop: Stop | None = None) -> Facts:
    events = sorted(detection.events, key=lambda e: e.at)
    ours = {f.draft_message_id for f in stored.values() if f.draft_message_id}
    return Facts(
        process_id=detection.thread_id, account=detection.account, is_interview=detection.is_interview,
        rounds=detection.rounds, contact=detection.contact, contact_why=detection.contact_why,
        zone=hiring_zone(detection),
        hiring=tuple(e for e in events if e.side is Side.HIRING and not e.automatic),
        automatic=tuple(e for e in events if e.automatic),
        user_writes=tuple(e for e in events if e.side is Side.ME and e.message_id not in ours),
        sent_at={e.message_id: e.at for e in events if e.side is Side.ME and e.message_id in ours},
        stop=_first_stop(events, company_stop, detection.rounds), now=now, policy=policy)


def plan(detection: Detection, stored: Mapping[str, FollowUp], now: dt.datetime, policy: Policy,
         company_stop: Stop | None = None) -> PlanResult:
    """The follow-ups of `detection`'s process as of `now`; `stored` holds what earlier scans recorded."""
    return result_of(decide(facts_of(detection, stored, now, policy, company_stop), stored))


def result_of(decisions: Sequence[Decision]) -> PlanResult:
    return PlanResult(tuple(d.followup for d in decisions),
                      tuple(d.followup.followup_id for d in decisions if d.action is Action.WITHDRAW))


def decide(facts: Facts, stored: Mapping[str, FollowUp]) -> tuple[Decision, ...]:
    """Every follow-up of the process, round by round (thank-you, inquiry, second inquiry), then what
    became of stored ones whose round is gone."""
    if not facts.is_interview:
        return tuple(_retire(f, "this thread is no longer treated as an interview") for f in stored.values())
    decisions: list[Decision] = []
    # the drafts that count for spacing: those written, and those this plan writes now
    drafted = tuple(sorted(f.drafted_at for f in stored.values() if f.drafted_at is not None))
    for index, round_ in enumerate(facts.rounds):
        following = facts.rounds[index + 1] if index + 1 < len(facts.rounds) else None
        thanks = thank_you(facts, round_, stored, drafted)
        drafted = _with_written(drafted, thanks, facts.now)
        first = follow_up(facts, round_, following, stored, drafted)
        drafted = _with_written(drafted, first, facts.now)
        second = second_follow_up(facts, round_, following, stored, drafted, first.followup)
        drafted = _with_written(drafted, second, facts.now)
        decisions += (thanks, first, second)
    known = {d.followup.followup_id for d in decisions}
    decisions += [_retire(f, "the interview it was for was cancelled or rescheduled")  # e.g. a cancelled invite
                  for f in stored.values() if f.followup_id not in known]
    return tuple(decisions)


# ---------------------------------------------------------------------- the three drafts


def thank_you(facts: Facts, round_: Round, stored: Mapping[str, FollowUp], drafted: Sequence[dt.datetime]) -> Decision:
    key = followup_id(facts.process_id, round_.index, Kind.THANK_YOU)
    kept = _already_drafted(facts, stored.get(key), _thank_you_obsolete(facts, round_))
    if kept:
        return kept
    if round_.start is None or round_.end is None:
        return _record(facts, key, round_, Kind.THANK_YOU, None, Status.SKIPPED, "the interview time is unknown")
    if facts.contact is None:
        return _record(facts, key, round_, Kind.THANK_YOU, round_.end, Status.SKIPPED, facts.contact_why)
    start, due = round_.start, round_.end
    latest = start + dt.timedelta(hours=facts.policy.thank_you_within_hours)
    blocked = _blocked(facts, None)
    if blocked:
        return _record(facts, key, round_, Kind.THANK_YOU, due, Status.CANCELLED, blocked)
    wrote = next((e for e in facts.user_writes if start < e.at <= facts.now), None)
    if wrote:
        return _record(facts, key, round_, Kind.THANK_YOU, due, Status.SKIPPED,
                       f"you wrote to them yourself after the interview ({_when(wrote.at)})")
    if round_.scheduled_at > latest:
        return _record(facts, key, round_, Kind.THANK_YOU, due, Status.SKIPPED,
                       "the interview only showed up in the mail after the thank-you window had passed")
    if facts.now > latest + _THANK_YOU_GRACE:
        return _record(facts, key, round_, Kind.THANK_YOU, due, Status.SKIPPED,
                       f"too late for a thank-you: it was due by {_when(latest)}")
    return _due(facts, key, round_, Kind.THANK_YOU, due,
                f"thank-you for the interview of {_when(start)}: due when it ends, by {_when(latest)} at the latest")


def follow_up(facts: Facts, round_: Round, following: Round | None, stored: Mapping[str, FollowUp],
              drafted: Sequence[dt.datetime]) -> Decision:
    key = followup_id(facts.process_id, round_.index, Kind.FOLLOW_UP)
    previous = stored.get(key)
    kept = _already_drafted(facts, previous, _inquiry_obsolete(facts, previous, following))
    if kept:
        # a deadline that moved after this inquiry was drafted never brings a second inquiry of this kind
        return kept
    deadline = _deadline_date(facts, round_)
    passed = _day_after(facts, deadline)
    waited = _after_auto_reply(facts, passed, round_)
    due = _spaced(facts, drafted, waited)
    # a follow-up whose date was not stated (a vague timeline, an out-of-office) records no
    # deadline: the second inquiry then counts its two weeks from the first one
    recorded = deadline if round_.deadline.basis != "vague" and waited == passed else None
    # "after the deadline" starts at the first midnight that ends it, theirs or UTC
    began = _day_after(facts, deadline, latest=False)
    heard = next((e for e in facts.hiring if began <= e.at <= facts.now), None)
    asked = next((e for e in facts.user_writes if began <= e.at <= facts.now), None) or _asked_before_a_move(facts, round_)
    waits = "" if waited == passed else f"; an automatic reply said they are back {_when(waited)}"
    return _settle(facts, key, round_, Kind.FOLLOW_UP, due, recorded, _blocked(facts, following, round_), [
        f"they wrote after the deadline had passed ({_when(heard.at)}): nothing to ask" if heard else None,
        f"you wrote to them yourself after the deadline ({_when(asked.at)})" if asked else None,
    ], f"status inquiry: due the day after the decision deadline {deadline.isoformat()} "
       f"({_deadline_words(facts, round_)}){waits}")


def _asked_before_a_move(facts: Facts, round_: Round) -> Event | None:
    """The user's own mail after a deadline that was in force then had passed, when a later one replaced
    it: their inquiry was the follow-up, and the new timeline its answer (a second inquiry, not another
    first one, is what may follow)."""
    for stated in round_.deadline_history:
        if stated.date is None or stated.date == round_.deadline.date:
            continue
        began = _day_after(facts, stated.date, latest=False)
        later = [d.stated_at for d in round_.deadline_history if d.stated_at and d.stated_at > began]
        asked = next((e for e in facts.user_writes if began <= e.at <= facts.now and later and e.at < min(later)), None)
        if asked is not None:
            return asked
    return None


def second_follow_up(facts: Facts, round_: Round, following: Round | None, stored: Mapping[str, FollowUp],
                     drafted: Sequence[dt.datetime], first: FollowUp | None) -> Decision:
    """`first` is this plan's decision about the round's first inquiry."""
    key = followup_id(facts.process_id, round_.index, Kind.SECOND_FOLLOW_UP)
    previous = stored.get(key)
    kept = _already_drafted(facts, previous, _inquiry_obsolete(facts, previous, following))
    if kept:
        return kept
    if not facts.policy.second_follow_up:
        return _record(facts, key, round_, Kind.SECOND_FOLLOW_UP, None, Status.SKIPPED, "second follow-ups are turned off")
    if first is None or first.fate != "sent" or first.drafted_at is None:
        why = "only after the first follow-up was sent"
        if first is not None and first.fate == "deleted":
            why = "you deleted the first follow-up, so no second one"
        return _record(facts, key, round_, Kind.SECOND_FOLLOW_UP, None, Status.SKIPPED, why)
    span = dt.timedelta(days=facts.policy.second_follow_up_after_days)
    original = first.deadline
    sent_at = facts.sent_at.get(first.draft_message_id, first.drafted_at)
    if original is not None:
        start = _day_after(facts, original + span - dt.timedelta(days=1))
        counted = f"the original deadline {original.isoformat()}"
    else:
        start = first.drafted_at + span
        counted = "the first inquiry (its timeline had no date)"
    due = _spaced(facts, drafted, _after_auto_reply(facts, start, round_))
    heard = next((e for e in facts.hiring if sent_at < e.at <= facts.now), None)
    moved = next((d for d in round_.deadline_history if d.stated_at and d.stated_at > sent_at), None)
    wrote = next((e for e in facts.user_writes if sent_at < e.at <= facts.now), None)
    return _settle(facts, key, round_, Kind.SECOND_FOLLOW_UP, due, original, _blocked(facts, following, round_), [
        f"they wrote after your follow-up ({_when(heard.at)})" if heard else None,
        f'they gave a new timeline after your follow-up: "{moved.sentence}"' if moved else None,
        f"you wrote to them again yourself ({_when(wrote.at)})" if wrote else None,
    ], f"second inquiry: {facts.policy.second_follow_up_after_days} days after {counted}, thanking them again")


# ---------------------------------------------------------------------- what ends or moves a draft


DECISION_LABELS = {"offer": "an offer", "rejection": "a rejection", "on_hold": "the role is on hold"}


def ends(detection: Detection) -> bool:
    """Whether the process's own mail ended its follow-ups: a decision, or a request for none."""
    return _first_stop(detection.events, None, detection.rounds) is not None


def _first_stop(events: Sequence[Event], company_stop: Stop | None, rounds: Sequence[Round] = ()) -> Stop | None:
    stops = [company_stop] if company_stop else []
    # a decision the hiring side went past, scheduling another interview after it ("we've just opened
    # another role ... would like to meet you"), or a rejection in the very mail that arranges one ("Curtis
    # has decided not to move forward ... Tomás would love to talk with you about our Analytics Engineer
    # opening"), ended an earlier candidacy, not this one. An offer's own call ("are you free tomorrow at
    # 10 to walk through the details?") is the offer's, not a new candidacy's.
    def went_past(event: Event) -> bool:
        return any(r.scheduled_at > event.at or (event.decision == "rejection" and r.scheduled_at == event.at
                                                  and r.start is not None and r.start > event.at)
                   for r in rounds)

    for event in events:
        if event.decision and event.side is Side.HIRING and went_past(event):
            continue
        if event.no_followup:
            stops.append(Stop(event.at, f'they asked for no follow-ups: "{event.sentence}"'))
        elif event.decision == "withdrawn":
            stops.append(Stop(event.at, f'you withdrew: "{event.sentence}"'))
        elif event.decision:
            stops.append(Stop(event.at, f'decision received ({DECISION_LABELS[event.decision]}): "{event.sentence}"'))
    return min(stops, key=lambda s: s.at) if stops else None


def _blocked(facts: Facts, following: Round | None, round_: Round | None = None) -> str:
    """Why no draft may be written as of now ("" when nothing stands in the way); with `round_`, also
    what ends the inquiries about it: the hiring side taking the user on to another round after it, though
    that round's time is not set yet ("selected you as one of three finalists")."""
    reasons: list[tuple[dt.datetime, str]] = []
    if facts.stop and facts.stop.at <= facts.now:
        reasons.append((facts.stop.at, facts.stop.reason))
    if following is not None and following.scheduled_at <= facts.now:
        reasons.append((following.scheduled_at, f"another interview round was scheduled ({_when(following.scheduled_at)})"))
    if round_ is not None:
        after = round_.start or round_.scheduled_at
        # a timeline given with the step or after it ("a take-home ... we'll get back to you by Friday") is the
        # round's deadline still: its inquiry stands
        since = round_.deadline.stated_at
        advanced = next((e for e in facts.hiring if e.advanced and after < e.at <= facts.now
                         and not (since is not None and since >= e.at)), None)
        if advanced is not None:
            reasons.append((advanced.at, f'they took you on to another round ({_when(advanced.at)}): "{advanced.sentence}"'))
    return min(reasons)[1] if reasons else ""


def _thank_you_obsolete(facts: Facts, round_: Round) -> dt.datetime | None:
    times = [facts.stop.at] if facts.stop else []
    if round_.start is not None:
        times += [e.at for e in facts.user_writes if e.at > round_.start]
    return min(times) if times else None


def _inquiry_obsolete(facts: Facts, stored: FollowUp | None, following: Round | None) -> dt.datetime | None:
    if stored is None or stored.drafted_at is None:
        return None
    times = [facts.stop.at] if facts.stop else []
    times += [e.at for e in facts.hiring if e.at > stored.drafted_at]
    times += [e.at for e in facts.user_writes if e.at > stored.drafted_at]
    if following is not None:
        times.append(following.scheduled_at)
    return min(times) if times else None


def _after_auto_reply(facts: Facts, due: dt.datetime, round_: Round) -> dt.datetime:
    """An out-of-office naming a return date after `due` moves the draft to that morning."""
    start = round_.start or round_.scheduled_at
    for event in facts.automatic:
        if event.at > start and event.return_date is not None:
            back = _midnight(facts, event.return_date) + dt.timedelta(hours=9)
            if back > due:
                due = back
    return due


def _spaced(facts: Facts, drafted: Sequence[dt.datetime], due: dt.datetime) -> dt.datetime:
    """POLICY.md: never two drafts to one process within 7 days (a new round's thank-you excepted)."""
    gap = dt.timedelta(days=facts.policy.min_days_between_drafts)
    for moment in drafted:
        if moment > due - gap:
            due = max(due, moment + gap)
    return due


def _with_written(drafted: tuple[dt.datetime, ...], decision: Decision, now: dt.datetime) -> tuple[dt.datetime, ...]:
    """`drafted`, plus now when `decision` writes a draft in this scan: later drafts keep their distance."""
    due = decision.followup.due
    if decision.action is Action.PLAN and due is not None and due <= now:
        return tuple(sorted((*drafted, now)))
    return drafted


# ---------------------------------------------------------------------- dates


def _deadline_date(facts: Facts, round_: Round) -> dt.date:
    deadline = round_.deadline
    if deadline.basis == "vague" or deadline.date is None:
        # a timeline with no date ("once the budget is approved"): give it the default span, counted
        # from the later of the interview and the statement
        start = round_.start or round_.scheduled_at
        anchor = max(start, deadline.stated_at or start).astimezone(facts.zone).date()
        return anchor + dt.timedelta(days=facts.policy.default_decision_days)
    return deadline.date


def _deadline_words(facts: Facts, round_: Round) -> str:
    deadline = round_.deadline
    days = facts.policy.default_decision_days
    if deadline.basis == "stated":
        return f'they said: "{deadline.sentence}"'
    if deadline.basis == "vague":
        return f'their timeline had no date ("{deadline.sentence}"), so {days} days were assumed'
    return f"no timeline given: the interview day + {days} days"


def _midnight(facts: Facts, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=facts.zone)


def _day_after(facts: Facts, day: dt.date, latest: bool = True) -> dt.datetime:
    """The moment the day after `day` has begun both for the hiring side and in UTC (`latest`), or
    for either of them."""
    next_day = day + dt.timedelta(days=1)
    moments = (_midnight(facts, next_day), dt.datetime.combine(next_day, dt.time(0), tzinfo=dt.UTC))
    return max(moments) if latest else min(moments)


# ---------------------------------------------------------------------- decisions


def _already_drafted(facts: Facts, stored: FollowUp | None, obsolete_after: dt.datetime | None) -> Decision | None:
    """The decision about a draft already written (or withdrawn), or None when there is none yet."""
    if stored is None or stored.status not in (Status.DRAFTED, Status.WITHDRAWN):
        return None
    if stored.status is Status.DRAFTED and stored.fate in ("present", "edited") and obsolete_after is not None \
            and stored.drafted_at is not None and stored.drafted_at < obsolete_after <= facts.now:
        return _retire(stored, "a later message made it obsolete")
    return Decision(Action.KEEP, stored)


def _retire(stored: FollowUp, why: str) -> Decision:
    """A stored follow-up whose reason to exist is gone: withdrawn, left alone when edited, or cancelled."""
    if stored.status is Status.DRAFTED and stored.fate == "present":
        return Decision(Action.WITHDRAW, replace(stored, status=Status.WITHDRAWN, reason=f"withdrawn: {why}"))
    if stored.status is Status.DRAFTED and stored.fate == "edited":
        return Decision(Action.KEEP, replace(stored, reason=f"obsolete ({why}), but you edited the draft: left alone"))
    if stored.status is Status.PLANNED:
        return Decision(Action.CANCEL, replace(stored, status=Status.CANCELLED, reason=why))
    return Decision(Action.KEEP, stored)


def _settle(facts: Facts, key: str, round_: Round, kind: Kind, due: dt.datetime, deadline: dt.date | None,
            blocked: str, skips: list[str | None], due_reason: str) -> Decision:
    """An inquiry's fate: cancelled by a stop, else skipped for the first reason that applies, else due."""
    skip = next((reason for reason in skips if reason), None)
    stale = due + dt.timedelta(days=facts.policy.stale_after_days)
    if not skip and facts.now > stale:
        # POLICY.md "Only while it is timely": years of history draft nothing about interviews long over
        skip = f"stale: it was due {_when(due)}, more than {facts.policy.stale_after_days} days ago"
    if blocked:
        return _record(facts, key, round_, kind, due, Status.CANCELLED, blocked, deadline)
    if skip:
        return _record(facts, key, round_, kind, due, Status.SKIPPED, skip, deadline)
    return _due(facts, key, round_, kind, due, due_reason, deadline)


_ACTION = {Status.PLANNED: Action.PLAN, Status.SKIPPED: Action.SKIP, Status.CANCELLED: Action.CANCEL}


def _record(facts: Facts, key: str, round_: Round, kind: Kind, due: dt.datetime | None, status: Status, reason: str,
            deadline: dt.date | None = None) -> Decision:
    return Decision(_ACTION[status], FollowUp(
        followup_id=key, thread_id=facts.process_id, account=facts.account, round_index=round_.index, kind=kind,
        due=due, status=status, reason=reason, to=(facts.contact,) if facts.contact else (), deadline=deadline))


def _due(facts: Facts, key: str, round_: Round, kind: Kind, due: dt.datetime, reason: str,
         deadline: dt.date | None = None) -> Decision:
    if facts.contact is None:
        return _record(facts, key, round_, kind, due, Status.SKIPPED, facts.contact_why, deadline)
    return _record(facts, key, round_, kind, due, Status.PLANNED, reason, deadline)


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
