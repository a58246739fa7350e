"""Detection + what already happened + now -> the follow-ups of one thread. Pure; POLICY.md in code.

Per interview round, at most three drafts: a thank-you (due when the round ends, to exist within 24
hours of its start), a status inquiry (the day after the decision deadline, if nothing was heard
since), and an optional second inquiry (14 days after the original deadline, only when the first
was sent). Never two drafts to a thread within 7 days, except a new round's thank-you. A request for
no follow-ups (here or from the same company elsewhere) or a decision ends everything. A draft we
wrote that a later event made obsolete is withdrawn, unless the user edited it.

Follow-up ids are `<thread>:<round>:<kind>`, so planning twice never adds anything, and a draft the
user deleted keeps its id and is never written again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from rules.dates import zones
from watcher.config import Policy
from watcher.model import Detection, Event, FollowUp, Kind, PlanResult, Round, Side, Status

_THANK_YOU_GRACE = dt.timedelta(hours=24)  # past the 24-hour mark a thank-you is late; past this, stale


@dataclass(frozen=True)
class Stop:
    """Something that ends every pending follow-up of a thread from `at` on."""

    at: dt.datetime
    reason: str


def followup_id(thread_id: str, round_index: int, kind: Kind) -> str:
    return f"{thread_id}:{round_index}:{kind.value}"


def plan(
    detection: Detection, stored: Mapping[str, FollowUp], now: dt.datetime, policy: Policy,
    company_stop: Stop | None = None,
) -> PlanResult:
    """The follow-ups of `detection`'s thread as of `now`; `stored` holds what earlier scans recorded."""
    planner = _Planner(detection, stored, now, policy, company_stop)
    return planner.run()


class _Planner:
    def __init__(self, detection: Detection, stored: Mapping[str, FollowUp], now: dt.datetime, policy: Policy,
                 company_stop: Stop | None) -> None:
        self.detection = detection
        self.stored = stored
        self.now = now
        self.policy = policy
        self.zone = zones.named_zone(detection.zone, detection.timezone_offset_minutes)  # the hiring side's
        events = sorted(detection.events, key=lambda e: e.at)
        ours = {f.draft_message_id for f in stored.values() if f.draft_message_id}
        self.hiring = [e for e in events if e.side is Side.HIRING and not e.automatic]
        self.automatic = [e for e in events if e.automatic]
        self.user_writes = [e for e in events if e.side is Side.ME and e.message_id not in ours]
        self.sent_at = {e.message_id: e.at for e in events if e.side is Side.ME and e.message_id in ours}
        self.stop = self._first_stop(events, company_stop)
        self.drafted_times = sorted(f.drafted_at for f in stored.values() if f.drafted_at is not None)
        self.results: list[FollowUp] = []
        self.withdraw: list[str] = []

    def run(self) -> PlanResult:
        if not self.detection.is_interview:
            for followup in self.stored.values():
                self._keep_or_withdraw(followup, "this thread is no longer treated as an interview")
            return PlanResult(tuple(self.results), tuple(self.withdraw))
        rounds = self.detection.rounds
        for index, round_ in enumerate(rounds):
            following = rounds[index + 1] if index + 1 < len(rounds) else None
            self._thank_you(round_)
            self._follow_up(round_, following)
            self._second_follow_up(round_, following)
        known = {f.followup_id for f in self.results}
        for followup in self.stored.values():
            if followup.followup_id not in known:  # a round that disappeared (e.g. cancelled invite)
                self._keep_or_withdraw(followup, "the interview it was for was cancelled or rescheduled")
        return PlanResult(tuple(self.results), tuple(self.withdraw))

    # ------------------------------------------------------------------ the three drafts

    def _thank_you(self, round_: Round) -> None:
        key = followup_id(self.detection.thread_id, round_.index, Kind.THANK_YOU)
        if self._already_drafted(key, round_, obsolete_after=self._thank_you_obsolete(round_)):
            return
        if round_.start is None or round_.end is None:
            self._record(key, round_, Kind.THANK_YOU, None, Status.SKIPPED, "the interview time is unknown")
            return
        if self.detection.contact is None:
            self._record(key, round_, Kind.THANK_YOU, round_.end, Status.SKIPPED, self.detection.contact_why)
            return
        start, due = round_.start, round_.end
        latest = start + dt.timedelta(hours=self.policy.thank_you_within_hours)
        blocked = self._blocked(None)
        if blocked:
            self._record(key, round_, Kind.THANK_YOU, due, Status.CANCELLED, blocked)
            return
        wrote = next((e for e in self.user_writes if start < e.at <= self.now), None)
        if wrote:
            self._record(key, round_, Kind.THANK_YOU, due, Status.SKIPPED,
                         f"you wrote to them yourself after the interview ({_when(wrote.at)})")
        elif round_.scheduled_at > latest:
            self._record(key, round_, Kind.THANK_YOU, due, Status.SKIPPED,
                         "the interview only showed up in the mail after the thank-you window had passed")
        elif self.now > latest + _THANK_YOU_GRACE:
            self._record(key, round_, Kind.THANK_YOU, due, Status.SKIPPED,
                         f"too late for a thank-you: it was due by {_when(latest)}")
        else:
            self._due(key, round_, Kind.THANK_YOU, due,
                      f"thank-you for the interview of {_when(start)}: due when it ends, by {_when(latest)} at the latest")

    def _follow_up(self, round_: Round, following: Round | None) -> None:
        key = followup_id(self.detection.thread_id, round_.index, Kind.FOLLOW_UP)
        stored = self.stored.get(key)
        deadline = self._deadline_date(round_)
        passed = self._day_after(deadline) if deadline else None
        if self._already_drafted(key, round_, obsolete_after=self._inquiry_obsolete(stored, round_, following)):
            return
        if deadline is None or passed is None:
            self._record(key, round_, Kind.FOLLOW_UP, None, Status.SKIPPED, "no interview time and no deadline known")
            return
        waited = self._after_auto_reply(passed, round_)
        due = self._spaced(waited)
        # a follow-up whose date was not stated (a vague timeline, an out-of-office) records no
        # deadline: the second inquiry then counts its two weeks from the first one
        recorded = deadline if round_.deadline.basis != "vague" and waited == passed else None
        basis = self._deadline_words(round_)
        blocked = self._blocked(following)
        # "after the deadline" starts at the first midnight that ends it, theirs or UTC
        began = self._day_after(deadline, latest=False)
        heard = next((e for e in self.hiring if began <= e.at <= self.now), None)
        asked = next((e for e in self.user_writes if began <= e.at <= self.now), None)
        waits = "" if waited == passed else f"; an automatic reply said they are back {_when(waited)}"
        self._settle(key, round_, Kind.FOLLOW_UP, due, recorded, blocked, [
            f"they wrote after the deadline had passed ({_when(heard.at)}): nothing to ask" if heard else None,
            f"you wrote to them yourself after the deadline ({_when(asked.at)})" if asked else None,
        ], f"status inquiry: due the day after the decision deadline {deadline.isoformat()} ({basis}){waits}")

    def _second_follow_up(self, round_: Round, following: Round | None) -> None:
        key = followup_id(self.detection.thread_id, round_.index, Kind.SECOND_FOLLOW_UP)
        first = self.results_by_id().get(followup_id(self.detection.thread_id, round_.index, Kind.FOLLOW_UP))
        stored = self.stored.get(key)
        if self._already_drafted(key, round_, obsolete_after=self._inquiry_obsolete(stored, round_, following)):
            return
        if not self.policy.second_follow_up:
            self._record(key, round_, Kind.SECOND_FOLLOW_UP, None, Status.SKIPPED, "second follow-ups are turned off")
            return
        if first is None or first.fate != "sent" or first.drafted_at is None:
            why = "only after the first follow-up was sent"
            if first is not None and first.fate == "deleted":
                why = "you deleted the first follow-up, so no second one"
            self._record(key, round_, Kind.SECOND_FOLLOW_UP, None, Status.SKIPPED, why)
            return
        span = dt.timedelta(days=self.policy.second_follow_up_after_days)
        original = first.deadline
        sent_at = self.sent_at.get(first.draft_message_id, first.drafted_at)
        if original is not None:
            due = self._spaced(self._after_auto_reply(self._day_after(original + span - dt.timedelta(days=1)), round_))
            counted = f"the original deadline {original.isoformat()}"
        else:
            due = self._spaced(self._after_auto_reply(first.drafted_at + span, round_))
            counted = "the first inquiry (its timeline had no date)"
        blocked = self._blocked(following)
        heard = next((e for e in self.hiring if e.at > sent_at and e.at <= self.now), None)
        moved = next((d for d in round_.deadline_history if d.stated_at and d.stated_at > sent_at), None)
        wrote = next((e for e in self.user_writes if sent_at < e.at <= self.now), None)
        self._settle(key, round_, Kind.SECOND_FOLLOW_UP, due, original, blocked, [
            f"they wrote after your follow-up ({_when(heard.at)})" if heard else None,
            f'they gave a new timeline after your follow-up: "{moved.sentence}"' if moved else None,
            f"you wrote to them again yourself ({_when(wrote.at)})" if wrote else None,
        ], f"second inquiry: {self.policy.second_follow_up_after_days} days after {counted}, thanking them again")

    # ------------------------------------------------------------------ what ends or moves a draft

    def _first_stop(self, events: Sequence[Event], company_stop: Stop | None) -> Stop | None:
        stops = [company_stop] if company_stop else []
        for event in events:
            if event.no_followup:
                stops.append(Stop(event.at, f'they asked for no follow-ups: "{event.sentence}"'))
            elif event.decision:
                label = {"offer": "an offer", "rejection": "a rejection", "on_hold": "the role is on hold"}[event.decision]
                stops.append(Stop(event.at, f'decision received ({label}): "{event.sentence}"'))
        return min(stops, key=lambda s: s.at) if stops else None

    def _blocked(self, following: Round | None) -> str:
        """Why no draft may be written as of now ("" when nothing stands in the way)."""
        reasons: list[tuple[dt.datetime, str]] = []
        if self.stop and self.stop.at <= self.now:
            reasons.append((self.stop.at, self.stop.reason))
        if following is not None and following.scheduled_at <= self.now:
            reasons.append((following.scheduled_at,
                            f"another interview round was scheduled ({_when(following.scheduled_at)})"))
        return min(reasons)[1] if reasons else ""

    def _thank_you_obsolete(self, round_: Round) -> dt.datetime | None:
        times = [self.stop.at] if self.stop else []
        if round_.start is not None:
            times += [e.at for e in self.user_writes if e.at > round_.start]
        return min(times) if times else None

    def _inquiry_obsolete(self, stored: FollowUp | None, round_: Round, following: Round | None) -> dt.datetime | None:
        if stored is None or stored.drafted_at is None:
            return None
        times = [self.stop.at] if self.stop else []
        times += [e.at for e in self.hiring if e.at > stored.drafted_at]
        times += [e.at for e in self.user_writes if e.at > stored.drafted_at]
        if following is not None:
            times.append(following.scheduled_at)
        return min(times) if times else None

    def _after_auto_reply(self, due: dt.datetime, round_: Round) -> dt.datetime:
        """An out-of-office naming a return date after `due` moves the draft to that morning."""
        start = round_.start or round_.scheduled_at
        for event in self.automatic:
            if event.at > start and event.return_date is not None:
                back = self._midnight(event.return_date) + dt.timedelta(hours=9)
                if back > due:
                    due = back
        return due

    def _spaced(self, due: dt.datetime) -> dt.datetime:
        """POLICY.md: never two drafts to one thread within 7 days (a new round's thank-you excepted)."""
        gap = dt.timedelta(days=self.policy.min_days_between_drafts)
        for drafted in self.drafted_times:
            if drafted > due - gap:
                due = max(due, drafted + gap)
        return due

    # ------------------------------------------------------------------ dates

    def _deadline_date(self, round_: Round) -> dt.date | None:
        deadline = round_.deadline
        if deadline.basis == "vague" or deadline.date is None:
            # a timeline with no date ("once the budget is approved"): give it the default span, counted
            # from the later of the interview and the statement
            start = round_.start or round_.scheduled_at
            anchor = max(start, deadline.stated_at or start).astimezone(self.zone).date()
            return anchor + dt.timedelta(days=self.policy.default_decision_days)
        return deadline.date

    def _deadline_words(self, round_: Round) -> str:
        deadline = round_.deadline
        if deadline.basis == "stated":
            return f'they said: "{deadline.sentence}"'
        if deadline.basis == "vague":
            return f'their timeline had no date ("{deadline.sentence}"), so {self.policy.default_decision_days} days were assumed'
        return f"no timeline given: the interview day + {self.policy.default_decision_days} days"

    def _midnight(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(0), tzinfo=self.zone)

    def _day_after(self, day: dt.date, latest: bool = True) -> dt.datetime:
        """The moment the day after `day` has begun both for the hiring side and in UTC (`latest`),
        or for either of them."""
        next_day = day + dt.timedelta(days=1)
        moments = (self._midnight(next_day), dt.datetime.combine(next_day, dt.time(0), tzinfo=dt.UTC))
        return max(moments) if latest else min(moments)

    # ------------------------------------------------------------------ bookkeeping

    def results_by_id(self) -> dict[str, FollowUp]:
        return {f.followup_id: f for f in self.results}

    def _already_drafted(self, key: str, round_: Round, obsolete_after: dt.datetime | None) -> bool:
        stored = self.stored.get(key)
        if stored is None or stored.status not in (Status.DRAFTED, Status.WITHDRAWN):
            return False
        if stored.status is Status.DRAFTED and stored.fate in ("present", "edited") and obsolete_after is not None \
                and stored.drafted_at is not None and obsolete_after > stored.drafted_at and obsolete_after <= self.now:
            self._keep_or_withdraw(stored, "a later message made it obsolete")
        else:
            self.results.append(stored)
        return True

    def _keep_or_withdraw(self, stored: FollowUp, why: str) -> None:
        if stored.status is Status.DRAFTED and stored.fate == "present":
            self.results.append(replace(stored, status=Status.WITHDRAWN, reason=f"withdrawn: {why}"))
            self.withdraw.append(stored.followup_id)
        elif stored.status is Status.DRAFTED and stored.fate == "edited":
            self.results.append(replace(stored, reason=f"obsolete ({why}), but you edited the draft: left alone"))
        elif stored.status is Status.PLANNED:
            self.results.append(replace(stored, status=Status.CANCELLED, reason=why))
        else:
            self.results.append(stored)

    def _settle(self, key: str, round_: Round, kind: Kind, due: dt.datetime, deadline: dt.date | None,
                blocked: str, skips: list[str | None], due_reason: str) -> None:
        """An inquiry's fate: cancelled by a stop, else skipped for the first reason that applies, else due."""
        skip = next((reason for reason in skips if reason), None)
        stale = due + dt.timedelta(days=self.policy.stale_after_days)
        if not skip and self.now > stale:
            # POLICY.md "Only while it is timely": years of history draft nothing about interviews long over
            skip = f"stale: it was due {_when(due)}, more than {self.policy.stale_after_days} days ago"
        if blocked:
            self._record(key, round_, kind, due, Status.CANCELLED, blocked, deadline)
        elif skip:
            self._record(key, round_, kind, due, Status.SKIPPED, skip, deadline)
        else:
            self._due(key, round_, kind, due, due_reason, deadline)

    def _record(self, key: str, round_: Round, kind: Kind, due: dt.datetime | None, status: Status, reason: str,
                deadline: dt.date | None = None) -> None:
        self.results.append(FollowUp(
            followup_id=key, thread_id=self.detection.thread_id, account=self.detection.account,
            round_index=round_.index, kind=kind, due=due, status=status, reason=reason,
            to=(self.detection.contact,) if self.detection.contact else (), deadline=deadline))

    def _due(self, key: str, round_: Round, kind: Kind, due: dt.datetime, reason: str,
             deadline: dt.date | None = None) -> None:
        if self.detection.contact is None:
            self._record(key, round_, kind, due, Status.SKIPPED, self.detection.contact_why, deadline)
            return
        self._record(key, round_, kind, due, Status.PLANNED, reason, deadline)
        if due <= self.now:
            # it will be written in this scan: later drafts of the thread keep their distance from it
            self.drafted_times.append(self.now)
            self.drafted_times.sort()


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
