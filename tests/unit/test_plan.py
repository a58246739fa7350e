"""plan.py: POLICY.md's etiquette, on Detection values built by hand, with a fixed clock.

The interview: Thursday 12 November 2026, 19:00-19:45 UTC, arranged on 9 November; the recruiter said
they would decide by Thursday 26 November. The last part states invariants over generated event
sequences and clock times (hypothesis), replaying a simulated user at 12-hour steps.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watcher import plan
from watcher.config import Policy
from watcher.model import Address, Deadline, Detection, Event, FollowUp, Kind, PlanResult, Round, Side, Status

THREAD = "t-larkspur"
CONTACT = Address("maren.holt@larkspur.example.com", "Maren Holt")
START = dt.datetime(2026, 11, 12, 19, 0, tzinfo=dt.UTC)
END = START + dt.timedelta(minutes=45)
SCHEDULED = dt.datetime(2026, 11, 9, 16, 2, tzinfo=dt.UTC)
DEADLINE = dt.date(2026, 11, 26)
DAY_AFTER_DEADLINE = dt.datetime(2026, 11, 27, 0, 0, tzinfo=dt.UTC)
POLICY = Policy()
FIRST_SENT_ID = "<fw-follow-up-1@example.org>"


def utc(month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=dt.UTC)


def stated(day: dt.date, at: dt.datetime = END + dt.timedelta(hours=1)) -> Deadline:
    return Deadline(date=day, basis="stated", stated_at=at, sentence=f"We will decide by {day:%A %d %B}.")


def interview_round(index: int = 0, start: dt.datetime | None = START, scheduled_at: dt.datetime = SCHEDULED,
                    deadline: Deadline | None = None, minutes: int = 45) -> Round:
    return Round(index=index, start=start, minutes=minutes, scheduled_at=scheduled_at, source="the test",
                 deadline=deadline or stated(DEADLINE))


def detection(*events: Event, rounds: tuple[Round, ...] | None = None, contact: Address | None = CONTACT,
              offset_minutes: int = 0, is_interview: bool = True) -> Detection:
    return Detection(
        thread_id=THREAD, account="main", subject="Interview invitation: Firmware Engineer", is_interview=is_interview,
        why=("a test",), company="Larkspur", company_key="larkspur.example.com", contact=contact,
        contact_why="" if contact else "only an automated sender wrote: no address to write to",
        role_title="Firmware Engineer", rounds=rounds if rounds is not None else (interview_round(),),
        events=tuple(events), timezone_offset_minutes=offset_minutes)


def hiring(at: dt.datetime, **what: object) -> Event:
    return Event(at=at, message_id=f"<hiring-{at:%m%d%H%M}@larkspur.example.com>", side=Side.HIRING, **what)  # type: ignore[arg-type]


def mine(at: dt.datetime, message_id: str = "") -> Event:
    return Event(at=at, message_id=message_id or f"<me-{at:%m%d%H%M}@example.org>", side=Side.ME)


def drafted(kind: Kind, at: dt.datetime, fate: str = "present", round_index: int = 0, **changes: object) -> FollowUp:
    values: dict[str, object] = {
        "followup_id": plan.followup_id(THREAD, round_index, kind), "thread_id": THREAD, "account": "main",
        "round_index": round_index, "kind": kind, "due": at, "status": Status.DRAFTED, "reason": "drafted: test",
        "to": (CONTACT,), "draft_message_id": f"<fw-{kind.value}-{round_index}@example.org>", "drafted_at": at,
        "fate": fate, "body_digest": "digest"}
    values.update(changes)
    return FollowUp(**values)  # type: ignore[arg-type]


def first_follow_up_sent() -> dict[str, FollowUp]:
    """The thank-you and the first follow-up were drafted; the user sent the follow-up."""
    return stored(drafted(Kind.THANK_YOU, END + dt.timedelta(hours=2), fate="sent"),
                  drafted(Kind.FOLLOW_UP, DAY_AFTER_DEADLINE, fate="sent", draft_message_id=FIRST_SENT_ID,
                          deadline=DEADLINE))


def stored(*followups: FollowUp) -> dict[str, FollowUp]:
    return {f.followup_id: f for f in followups}


def planned(found: Detection, now: dt.datetime, before: dict[str, FollowUp] | None = None,
            company_stop: plan.Stop | None = None, policy: Policy = POLICY) -> PlanResult:
    return plan.plan(found, before or {}, now, policy, company_stop)


def of_kind(result: PlanResult, kind: Kind, round_index: int = 0) -> FollowUp:
    return next(f for f in result.followups if f.kind is kind and f.round_index == round_index)


# ---------------------------------------------------------------- only while it is timely


def test_plan_drafts_a_follow_up_that_is_13_days_late() -> None:
    follow_up = of_kind(planned(detection(), DAY_AFTER_DEADLINE + dt.timedelta(days=13)), Kind.FOLLOW_UP)
    assert follow_up.status is Status.PLANNED


def test_plan_skips_a_follow_up_more_than_14_days_past_its_due_time_as_stale() -> None:
    follow_up = of_kind(planned(detection(), DAY_AFTER_DEADLINE + dt.timedelta(days=14, hours=1)), Kind.FOLLOW_UP)
    assert (follow_up.status, follow_up.reason.split(":")[0]) == (Status.SKIPPED, "stale")


def test_plan_skips_a_follow_up_of_an_interview_two_years_ago() -> None:
    follow_up = of_kind(planned(detection(), START + dt.timedelta(days=730)), Kind.FOLLOW_UP)
    assert follow_up.reason.startswith("stale")


def test_plan_stale_window_follows_the_policy() -> None:
    short = replace(POLICY, stale_after_days=3)
    follow_up = of_kind(planned(detection(), DAY_AFTER_DEADLINE + dt.timedelta(days=4), policy=short), Kind.FOLLOW_UP)
    assert follow_up.reason.startswith("stale")


def test_plan_skips_a_second_follow_up_more_than_14_days_past_its_due_time() -> None:
    before = first_follow_up_sent()
    found = detection(mine(utc(11, 27, 14), FIRST_SENT_ID))
    second = of_kind(planned(found, utc(12, 10) + dt.timedelta(days=15), before), Kind.SECOND_FOLLOW_UP)
    assert second.reason.startswith("stale")


def test_plan_keeps_a_drafted_follow_up_however_late_it_is_now() -> None:
    before = stored(drafted(Kind.FOLLOW_UP, DAY_AFTER_DEADLINE, deadline=DEADLINE))
    follow_up = of_kind(planned(detection(), DAY_AFTER_DEADLINE + dt.timedelta(days=60), before), Kind.FOLLOW_UP)
    assert follow_up.status is Status.DRAFTED


# ---------------------------------------------------------------- the thank-you


def test_plan_has_thank_you_due_when_the_round_ends() -> None:
    thank_you = of_kind(planned(detection(), START + dt.timedelta(hours=3)), Kind.THANK_YOU)
    assert (thank_you.status, thank_you.due) == (Status.PLANNED, END)


def test_plan_thank_you_goes_to_the_contact() -> None:
    assert of_kind(planned(detection(), START + dt.timedelta(hours=3)), Kind.THANK_YOU).to == (CONTACT,)


def test_plan_has_thank_you_planned_before_the_interview_too() -> None:
    thank_you = of_kind(planned(detection(), START - dt.timedelta(days=1)), Kind.THANK_YOU)
    assert (thank_you.status, thank_you.due) == (Status.PLANNED, END)


def test_plan_skips_thank_you_when_the_user_wrote_after_the_interview_started() -> None:
    found = detection(mine(START + dt.timedelta(hours=1)))
    thank_you = of_kind(planned(found, START + dt.timedelta(hours=3)), Kind.THANK_YOU)
    assert thank_you.status is Status.SKIPPED
    assert "you wrote to them yourself" in thank_you.reason


def test_plan_keeps_thank_you_when_the_user_wrote_only_before_the_interview() -> None:
    found = detection(mine(SCHEDULED - dt.timedelta(hours=1)))
    assert of_kind(planned(found, START + dt.timedelta(hours=3)), Kind.THANK_YOU).status is Status.PLANNED


def test_plan_cancels_thank_you_after_a_no_follow_up_request() -> None:
    request = hiring(START + dt.timedelta(minutes=30), no_followup=True, sentence="We can't respond to status inquiries.")
    thank_you = of_kind(planned(detection(request), START + dt.timedelta(hours=3)), Kind.THANK_YOU)
    assert thank_you.status is Status.CANCELLED
    assert "status inquiries" in thank_you.reason


def test_plan_cancels_the_follow_up_once_the_user_withdrew() -> None:
    withdrew = replace(mine(END + dt.timedelta(days=2)), decision="withdrawn",
                       sentence="I've accepted another offer, so I'd like to withdraw my application.")
    follow_up = of_kind(planned(detection(withdrew), END + dt.timedelta(days=30)), Kind.FOLLOW_UP)
    assert follow_up.status is Status.CANCELLED
    assert follow_up.reason.startswith("you withdrew")


def test_plan_skips_thank_you_once_its_window_has_long_passed() -> None:
    thank_you = of_kind(planned(detection(), START + dt.timedelta(hours=49)), Kind.THANK_YOU)
    assert thank_you.status is Status.SKIPPED


def test_plan_skips_thank_you_when_the_interview_time_is_unknown() -> None:
    found = detection(rounds=(interview_round(start=None),))
    assert of_kind(planned(found, START), Kind.THANK_YOU).status is Status.SKIPPED


def test_plan_withdraws_thank_you_when_a_decision_arrives_after_it_was_drafted() -> None:
    before = stored(drafted(Kind.THANK_YOU, END + dt.timedelta(hours=1)))
    decision = hiring(START + dt.timedelta(days=1), decision="rejection", sentence="We went with another candidate.")
    result = planned(detection(decision), START + dt.timedelta(days=1, hours=1), before)
    assert of_kind(result, Kind.THANK_YOU).status is Status.WITHDRAWN
    assert result.withdraw == (plan.followup_id(THREAD, 0, Kind.THANK_YOU),)


def test_plan_keeps_and_flags_an_edited_thank_you_when_a_decision_arrives() -> None:
    before = stored(drafted(Kind.THANK_YOU, END + dt.timedelta(hours=1), fate="edited"))
    decision = hiring(START + dt.timedelta(days=1), decision="rejection", sentence="We went with another candidate.")
    result = planned(detection(decision), START + dt.timedelta(days=1, hours=1), before)
    thank_you = of_kind(result, Kind.THANK_YOU)
    assert thank_you.status is Status.DRAFTED
    assert "edited" in thank_you.reason
    assert result.withdraw == ()


def test_plan_keeps_a_drafted_thank_you_that_nothing_made_obsolete() -> None:
    before = stored(drafted(Kind.THANK_YOU, END + dt.timedelta(hours=1)))
    result = planned(detection(), START + dt.timedelta(days=1), before)
    assert of_kind(result, Kind.THANK_YOU) == before[plan.followup_id(THREAD, 0, Kind.THANK_YOU)]
    assert result.withdraw == ()


# ---------------------------------------------------------------- the follow-up


def test_plan_has_follow_up_due_the_day_after_the_deadline() -> None:
    follow_up = of_kind(planned(detection(), START + dt.timedelta(hours=3)), Kind.FOLLOW_UP)
    assert (follow_up.status, follow_up.due, follow_up.deadline) == (Status.PLANNED, DAY_AFTER_DEADLINE, DEADLINE)


def test_plan_follow_up_waits_for_the_day_after_the_deadline_in_the_hiring_sides_calendar() -> None:
    found = detection(offset_minutes=-300)  # the recruiter writes from UTC-5
    follow_up = of_kind(planned(found, START + dt.timedelta(hours=3)), Kind.FOLLOW_UP)
    assert follow_up.due == dt.datetime(2026, 11, 27, 5, 0, tzinfo=dt.UTC)


def test_plan_uses_the_default_deadline_when_no_timeline_was_given() -> None:
    default = Deadline(date=START.date() + dt.timedelta(days=14), basis="default")
    found = detection(rounds=(interview_round(deadline=default),))
    follow_up = of_kind(planned(found, START + dt.timedelta(hours=3)), Kind.FOLLOW_UP)
    assert follow_up.due == utc(11, 27)
    assert "interview day + 14 days" in follow_up.reason


def test_plan_moves_follow_up_by_the_seven_day_spacing_after_the_thank_you() -> None:
    thank_you_at = END + dt.timedelta(hours=2)
    found = detection(rounds=(interview_round(deadline=stated(dt.date(2026, 11, 13))),))
    result = planned(found, thank_you_at + dt.timedelta(hours=1), stored(drafted(Kind.THANK_YOU, thank_you_at)))
    assert of_kind(result, Kind.FOLLOW_UP).due == thank_you_at + dt.timedelta(days=7)


def test_plan_spaces_follow_up_from_a_thank_you_written_in_the_same_scan() -> None:
    now = END + dt.timedelta(hours=2)
    found = detection(rounds=(interview_round(deadline=stated(dt.date(2026, 11, 12))),))
    result = planned(found, now)
    assert of_kind(result, Kind.THANK_YOU).status is Status.PLANNED
    assert of_kind(result, Kind.FOLLOW_UP).due == now + dt.timedelta(days=7)


def test_plan_skips_follow_up_when_recruiter_wrote_after_the_deadline() -> None:
    found = detection(hiring(utc(11, 27, 15), sentence="We are still interviewing."))
    follow_up = of_kind(planned(found, utc(11, 28)), Kind.FOLLOW_UP)
    assert follow_up.status is Status.SKIPPED
    assert "they wrote after the deadline" in follow_up.reason


def test_plan_skips_follow_up_when_the_user_asked_after_the_deadline() -> None:
    found = detection(mine(utc(11, 27, 10)))
    assert of_kind(planned(found, utc(11, 28)), Kind.FOLLOW_UP).status is Status.SKIPPED


def test_plan_keeps_follow_up_when_only_an_auto_reply_came_after_the_deadline() -> None:
    found = detection(hiring(utc(11, 27, 8), automatic=True))
    assert of_kind(planned(found, utc(11, 27, 9)), Kind.FOLLOW_UP).status is Status.PLANNED


def test_plan_does_not_cancel_follow_up_for_a_contentless_reply_before_the_deadline() -> None:
    found = detection(hiring(utc(11, 20, 14), sentence="Thanks, we'll be in touch."))
    follow_up = of_kind(planned(found, DAY_AFTER_DEADLINE + dt.timedelta(hours=1)), Kind.FOLLOW_UP)
    assert (follow_up.status, follow_up.due) == (Status.PLANNED, DAY_AFTER_DEADLINE)


def test_plan_cancels_follow_up_when_another_round_was_scheduled() -> None:
    second = interview_round(index=1, start=utc(11, 25, 15), scheduled_at=utc(11, 20, 10),
                             deadline=stated(dt.date(2026, 12, 4), utc(11, 25, 17)))
    found = detection(rounds=(interview_round(), second))
    follow_up = of_kind(planned(found, utc(11, 27, 1)), Kind.FOLLOW_UP)
    assert follow_up.status is Status.CANCELLED
    assert "another interview round" in follow_up.reason


def test_plan_cancels_follow_up_when_they_invited_the_user_to_another_round_without_a_time() -> None:
    found = detection(hiring(utc(11, 20, 14), advanced=True,
                             sentence="The committee has selected you as one of three finalists."))
    follow_up = of_kind(planned(found, DAY_AFTER_DEADLINE + dt.timedelta(hours=1)), Kind.FOLLOW_UP)
    assert follow_up.status is Status.CANCELLED and "another round" in follow_up.reason


def test_counter_example_plan_keeps_follow_up_when_the_next_step_came_with_a_timeline_of_its_own() -> None:
    moved_on = utc(11, 16, 15)
    found = detection(hiring(moved_on, advanced=True, sentence="We'd like to move you forward to the next step, a take-home."),
                      rounds=(interview_round(deadline=stated(DEADLINE, moved_on)),))
    follow_up = of_kind(planned(found, DAY_AFTER_DEADLINE + dt.timedelta(hours=1)), Kind.FOLLOW_UP)
    assert (follow_up.status, follow_up.due) == (Status.PLANNED, DAY_AFTER_DEADLINE)


def test_counter_example_plan_keeps_follow_up_when_the_invitation_to_another_round_came_before_the_interview() -> None:
    found = detection(hiring(SCHEDULED, advanced=True, sentence="We'd like to invite you to the final round."))
    follow_up = of_kind(planned(found, DAY_AFTER_DEADLINE + dt.timedelta(hours=1)), Kind.FOLLOW_UP)
    assert (follow_up.status, follow_up.due) == (Status.PLANNED, DAY_AFTER_DEADLINE)


def test_plan_starts_the_new_rounds_thank_you_when_another_round_was_scheduled() -> None:
    second = interview_round(index=1, start=utc(11, 25, 15), scheduled_at=utc(11, 20, 10),
                             deadline=stated(dt.date(2026, 12, 4), utc(11, 25, 17)))
    found = detection(rounds=(interview_round(), second))
    thank_you = of_kind(planned(found, utc(11, 25, 17)), Kind.THANK_YOU, round_index=1)
    assert (thank_you.status, thank_you.due) == (Status.PLANNED, utc(11, 25, 15, 45))


def test_plan_follow_up_waits_for_an_out_of_office_return_date() -> None:
    out_of_office = hiring(utc(11, 20, 8), automatic=True, return_date=dt.date(2026, 12, 7))
    follow_up = of_kind(planned(detection(out_of_office), utc(11, 27, 1)), Kind.FOLLOW_UP)
    assert (follow_up.status, follow_up.due) == (Status.PLANNED, utc(12, 7, 9))


def test_plan_follow_up_ignores_an_out_of_office_that_ends_before_it_is_due() -> None:
    out_of_office = hiring(utc(11, 16, 8), automatic=True, return_date=dt.date(2026, 11, 18))
    assert of_kind(planned(detection(out_of_office), utc(11, 20)), Kind.FOLLOW_UP).due == DAY_AFTER_DEADLINE


def test_plan_cancels_follow_up_after_a_decision() -> None:
    offer = hiring(utc(11, 20, 14), decision="offer", sentence="We'd like to offer you the role.")
    follow_up = of_kind(planned(detection(offer), utc(11, 27, 1)), Kind.FOLLOW_UP)
    assert follow_up.status is Status.CANCELLED
    assert "decision received" in follow_up.reason


def test_plan_uses_the_later_deadline_when_they_gave_a_new_timeline() -> None:
    found = detection(rounds=(interview_round(deadline=stated(dt.date(2026, 12, 3), utc(11, 20))),))
    assert of_kind(planned(found, utc(11, 27, 1)), Kind.FOLLOW_UP).due == utc(12, 4)


# ---------------------------------------------------------------- the second follow-up


def test_plan_has_second_follow_up_only_when_the_first_was_sent() -> None:
    before = first_follow_up_sent()
    found = detection(mine(utc(11, 27, 14), FIRST_SENT_ID))
    second = of_kind(planned(found, utc(12, 10, 1), before), Kind.SECOND_FOLLOW_UP)
    assert second.status is Status.PLANNED


def test_plan_second_follow_up_is_due_14_days_after_the_original_deadline() -> None:
    before = first_follow_up_sent()
    found = detection(mine(utc(11, 27, 14), FIRST_SENT_ID))
    second = of_kind(planned(found, utc(12, 1), before), Kind.SECOND_FOLLOW_UP)
    # 26 November + 14 days, whatever the date the first follow-up was sent on
    assert (second.due, second.deadline) == (utc(12, 10), DEADLINE)


def test_plan_skips_second_follow_up_when_the_first_was_left_in_drafts() -> None:
    before = first_follow_up_sent()
    before[plan.followup_id(THREAD, 0, Kind.FOLLOW_UP)] = replace(
        before[plan.followup_id(THREAD, 0, Kind.FOLLOW_UP)], fate="present")
    second = of_kind(planned(detection(), utc(12, 11), before), Kind.SECOND_FOLLOW_UP)
    assert (second.status, second.due) == (Status.SKIPPED, None)


def test_plan_skips_second_follow_up_when_they_replied_after_the_first() -> None:
    before = first_follow_up_sent()
    found = detection(mine(utc(11, 27, 14), FIRST_SENT_ID), hiring(utc(12, 1, 16), sentence="Still deciding."))
    second = of_kind(planned(found, utc(12, 11), before), Kind.SECOND_FOLLOW_UP)
    assert second.status is Status.SKIPPED
    assert "they wrote after your follow-up" in second.reason


def test_plan_second_follow_up_waits_for_an_out_of_office_return_date() -> None:
    before = first_follow_up_sent()
    out_of_office = hiring(utc(11, 27, 14, 5), automatic=True, return_date=dt.date(2026, 12, 14))
    found = detection(mine(utc(11, 27, 14), FIRST_SENT_ID), out_of_office)
    second = of_kind(planned(found, utc(12, 10, 1), before), Kind.SECOND_FOLLOW_UP)
    assert second.due == utc(12, 14, 9)


def test_plan_skips_second_follow_up_when_turned_off() -> None:
    before = first_follow_up_sent()
    found = detection(mine(utc(11, 27, 14), FIRST_SENT_ID))
    second = of_kind(planned(found, utc(12, 11), before, policy=replace(POLICY, second_follow_up=False)),
                     Kind.SECOND_FOLLOW_UP)
    assert second.status is Status.SKIPPED


# ---------------------------------------------------------------- deleted drafts, stops, no contact


def test_plan_never_plans_a_deleted_thank_you_again() -> None:
    deleted = drafted(Kind.THANK_YOU, END + dt.timedelta(hours=1), fate="deleted")
    result = planned(detection(), END + dt.timedelta(hours=5), stored(deleted))
    assert of_kind(result, Kind.THANK_YOU) == deleted
    assert result.withdraw == ()


def test_plan_never_plans_a_deleted_follow_up_again() -> None:
    before = stored(drafted(Kind.THANK_YOU, END + dt.timedelta(hours=1)),
                    drafted(Kind.FOLLOW_UP, DAY_AFTER_DEADLINE, fate="deleted", deadline=DEADLINE))
    result = planned(detection(), utc(12, 20), before)
    assert of_kind(result, Kind.FOLLOW_UP).status is Status.DRAFTED
    second = of_kind(result, Kind.SECOND_FOLLOW_UP)
    assert second.status is Status.SKIPPED
    assert "deleted" in second.reason


def test_plan_never_plans_a_withdrawn_draft_again() -> None:
    withdrawn = drafted(Kind.THANK_YOU, END + dt.timedelta(hours=1), fate="withdrawn", status=Status.WITHDRAWN)
    result = planned(detection(), END + dt.timedelta(hours=5), stored(withdrawn))
    assert of_kind(result, Kind.THANK_YOU) == withdrawn


def test_plan_company_wide_stop_blocks_everything() -> None:
    stop = plan.Stop(utc(11, 10), 'Larkspur asked for no follow-ups in another thread: "Please don\'t reach out."')
    result = planned(detection(), START + dt.timedelta(hours=3), company_stop=stop)
    assert [f for f in result.followups if f.status is Status.PLANNED] == []
    assert of_kind(result, Kind.THANK_YOU).status is Status.CANCELLED
    assert of_kind(result, Kind.FOLLOW_UP).status is Status.CANCELLED
    assert "another thread" in of_kind(result, Kind.THANK_YOU).reason


def test_plan_company_wide_stop_withdraws_an_unedited_draft() -> None:
    stop = plan.Stop(START + dt.timedelta(hours=4), "Larkspur asked for no follow-ups in another thread")
    before = stored(drafted(Kind.THANK_YOU, END + dt.timedelta(hours=1)))
    result = planned(detection(), START + dt.timedelta(hours=5), before, company_stop=stop)
    assert result.withdraw == (plan.followup_id(THREAD, 0, Kind.THANK_YOU),)


def test_plan_skips_every_draft_when_there_is_no_address_to_write_to() -> None:
    result = planned(detection(contact=None), START + dt.timedelta(hours=3))
    thank_you = of_kind(result, Kind.THANK_YOU)
    assert (thank_you.status, thank_you.to) == (Status.SKIPPED, ())
    assert "no address" in thank_you.reason


def test_plan_has_nothing_for_a_thread_that_is_not_an_interview() -> None:
    assert planned(detection(is_interview=False), START + dt.timedelta(hours=3)).followups == ()


def test_plan_withdraws_our_draft_when_the_thread_is_no_longer_an_interview() -> None:
    before = stored(drafted(Kind.THANK_YOU, END + dt.timedelta(hours=1)))
    result = planned(detection(is_interview=False), START + dt.timedelta(hours=5), before)
    assert result.withdraw == (plan.followup_id(THREAD, 0, Kind.THANK_YOU),)


def test_plan_follow_up_ids_are_thread_round_and_kind() -> None:
    ids = {f.followup_id for f in planned(detection(), START).followups}
    assert ids == {f"{THREAD}:0:thank_you", f"{THREAD}:0:follow_up", f"{THREAD}:0:second_follow_up"}


# ---------------------------------------------------------------- decisions as data (issue #10)


def decisions(found: Detection, now: dt.datetime, before: dict[str, FollowUp] | None = None) -> list[plan.Decision]:
    before = before or {}
    return list(plan.decide(plan.facts_of(found, before, now, POLICY), before))


def action_of(found: list[plan.Decision], kind: Kind, round_index: int = 0) -> plan.Action:
    return next(d.action for d in found if d.followup.kind is kind and d.followup.round_index == round_index)


def test_decide_plans_the_thank_you_and_says_why_the_others_wait() -> None:
    found = decisions(detection(), END + dt.timedelta(minutes=5))
    assert [(d.followup.kind, d.action) for d in found] == [
        (Kind.THANK_YOU, plan.Action.PLAN), (Kind.FOLLOW_UP, plan.Action.PLAN), (Kind.SECOND_FOLLOW_UP, plan.Action.SKIP)]


def test_decide_withdraws_exactly_what_plan_reports_as_withdrawn() -> None:
    before = stored(drafted(Kind.THANK_YOU, END + dt.timedelta(hours=1)))
    rejection = hiring(START + dt.timedelta(days=1), decision="rejection", sentence="We went with another candidate.")
    now = START + dt.timedelta(days=1, hours=1)
    found = decisions(detection(rejection), now, before)
    assert action_of(found, Kind.THANK_YOU) is plan.Action.WITHDRAW
    assert plan.result_of(found) == planned(detection(rejection), now, before)


def test_decide_is_a_function_of_its_facts() -> None:
    facts = plan.facts_of(detection(), {}, END + dt.timedelta(minutes=5), POLICY)
    assert plan.decide(facts, {}) == plan.decide(facts, {})
    assert facts.zone.utcoffset(START) == dt.timedelta(0)  # the hiring side's zone, derived once


def test_the_hiring_zone_is_derived_in_one_place() -> None:
    found = detection(offset_minutes=-300)
    zone = plan.facts_of(found, {}, START, POLICY).zone
    assert zone == plan.hiring_zone(found)
    assert zone.utcoffset(START) == dt.timedelta(hours=-5)


def test_a_deadline_moved_after_the_follow_up_was_drafted_brings_no_second_follow_up_of_that_kind() -> None:
    # the follow-up was drafted on 27 November and left in Drafts; on 30 November they move the
    # deadline to 10 December. On 11 December nothing new of that kind is drafted: the old draft is
    # withdrawn (a later message made it obsolete), never written again.
    before = stored(drafted(Kind.THANK_YOU, END + dt.timedelta(hours=1), fate="sent"),
                    drafted(Kind.FOLLOW_UP, DAY_AFTER_DEADLINE, deadline=DEADLINE))
    moved = stated(dt.date(2026, 12, 10), utc(11, 30, 15))
    found = detection(hiring(utc(11, 30, 15), sentence=moved.sentence),
                      rounds=(interview_round(deadline=moved),))
    later = decisions(found, utc(12, 11, 9), before)
    assert action_of(later, Kind.FOLLOW_UP) is plan.Action.WITHDRAW
    assert [d for d in later if d.action is plan.Action.PLAN] == []
    # and once withdrawn, it stays so
    again = stored(*(d.followup for d in later))
    assert action_of(decisions(found, utc(12, 12, 9), again), Kind.FOLLOW_UP) is plan.Action.KEEP


def test_a_deadline_moved_after_the_follow_up_was_sent_skips_the_second_and_drafts_no_other_first() -> None:
    before = first_follow_up_sent()
    moved = stated(dt.date(2026, 12, 10), utc(11, 30, 15))
    found = detection(mine(utc(11, 27, 14), FIRST_SENT_ID), hiring(utc(11, 30, 15), sentence=moved.sentence),
                      rounds=(replace(interview_round(deadline=moved), deadline_history=(stated(DEADLINE), moved)),))
    later = decisions(found, utc(12, 11, 9), before)
    assert action_of(later, Kind.FOLLOW_UP) is plan.Action.KEEP
    assert action_of(later, Kind.SECOND_FOLLOW_UP) is plan.Action.SKIP
    assert [d for d in later if d.action is plan.Action.PLAN] == []


def test_a_rejection_on_the_day_of_the_interview_before_the_thank_you_is_written_cancels_it() -> None:
    rejection = hiring(END + dt.timedelta(minutes=75), decision="rejection", sentence="We will not move forward.")
    found = decisions(detection(rejection), END + dt.timedelta(minutes=90))
    assert action_of(found, Kind.THANK_YOU) is plan.Action.CANCEL
    assert action_of(found, Kind.FOLLOW_UP) is plan.Action.CANCEL
    assert [d for d in found if d.action is plan.Action.PLAN] == []


def test_an_offer_during_the_interview_day_withdraws_the_thank_you_written_before_it() -> None:
    before = stored(drafted(Kind.THANK_YOU, END + dt.timedelta(minutes=10)))
    offer = hiring(END + dt.timedelta(hours=3), decision="offer", sentence="We would like to offer you the role.")
    found = decisions(detection(offer), END + dt.timedelta(hours=4), before)
    assert action_of(found, Kind.THANK_YOU) is plan.Action.WITHDRAW
    assert [d for d in found if d.action is plan.Action.PLAN] == []


def test_a_rejection_of_an_earlier_candidacy_before_this_interview_was_arranged_stops_nothing() -> None:
    earlier = hiring(SCHEDULED - dt.timedelta(days=12), decision="rejection",
                     sentence="Unfortunately, we have decided to move forward with other candidates.")
    found = decisions(detection(earlier), END + dt.timedelta(hours=1))
    assert action_of(found, Kind.THANK_YOU) is plan.Action.PLAN


def test_a_rejection_in_the_mail_that_arranges_this_interview_for_another_role_stops_nothing() -> None:
    same_mail = hiring(SCHEDULED, decision="rejection",
                       sentence="Curtis has decided not to move forward with your candidacy for the Senior role.")
    found = decisions(detection(same_mail), END + dt.timedelta(hours=1))
    assert action_of(found, Kind.THANK_YOU) is plan.Action.PLAN


def test_counter_example_an_offer_that_asks_for_a_call_tomorrow_still_ends_the_follow_ups() -> None:
    offer = hiring(SCHEDULED, decision="offer", sentence="We'd love to have you join! Are you free tomorrow at 10?")
    found = decisions(detection(offer), END + dt.timedelta(hours=1))
    assert action_of(found, Kind.THANK_YOU) is not plan.Action.PLAN


def test_a_decision_before_the_interview_on_its_day_cancels_everything() -> None:
    rejection = hiring(START - dt.timedelta(hours=2), decision="rejection", sentence="The role has been filled.")
    found = decisions(detection(rejection), END + dt.timedelta(hours=1))
    assert {d.action for d in found} <= {plan.Action.CANCEL, plan.Action.SKIP}


# ---------------------------------------------------------------- invariants (hypothesis)

STEP = dt.timedelta(hours=12)
SIMULATED_DAYS = 75


@dataclass(frozen=True)
class Behaviour:
    """What the simulated user does with each kind of draft: leave it, send it, or delete it, after a delay."""

    action: str
    delay_hours: int


@dataclass(frozen=True)
class Story:
    """A generated interview thread: its rounds, its events and the user's habits."""

    rounds: tuple[Round, ...]
    events: tuple[Event, ...]
    contact: Address | None
    offset_minutes: int
    behaviour: dict[Kind, Behaviour]
    first_step: dt.datetime


@dataclass(frozen=True)
class Written:
    at: dt.datetime
    followup: FollowUp


@st.composite
def stories(draw: st.DrawFn) -> Story:
    start = START + dt.timedelta(hours=draw(st.integers(0, 72)))
    offset = draw(st.sampled_from([-480, -300, 0, 60, 330]))
    basis = draw(st.sampled_from(["stated", "default", "vague"]))
    stated_at = start + dt.timedelta(hours=draw(st.integers(-72, 48)))
    if basis == "stated":
        deadline = Deadline(start.date() + dt.timedelta(days=draw(st.integers(0, 30))), "stated", stated_at, "by then")
    elif basis == "default":
        deadline = Deadline(start.date() + dt.timedelta(days=14), "default")
    else:
        deadline = Deadline(None, "vague", stated_at, "once the budget is approved")
    first = Round(index=0, start=start, minutes=draw(st.sampled_from([30, 45, 60, 240])),
                  scheduled_at=start - dt.timedelta(hours=draw(st.integers(1, 240))), source="generated",
                  deadline=deadline)
    rounds: tuple[Round, ...] = (first,)
    if draw(st.booleans()):
        scheduled = start + dt.timedelta(days=draw(st.integers(1, 30)), hours=draw(st.integers(0, 23)))
        second_start = scheduled + dt.timedelta(days=draw(st.integers(1, 10)))
        rounds += (Round(index=1, start=second_start, minutes=60, scheduled_at=scheduled, source="generated",
                         deadline=Deadline(second_start.date() + dt.timedelta(days=14), "default")),)
    events = []
    for number in range(draw(st.integers(0, 6))):
        side = draw(st.sampled_from([Side.HIRING, Side.HIRING, Side.ME]))
        at = start + dt.timedelta(hours=draw(st.integers(-48, 24 * 60)))
        automatic = side is Side.HIRING and draw(st.booleans())
        decision = draw(st.sampled_from(["", "", "", "offer", "rejection", "on_hold"])) \
            if side is Side.HIRING and not automatic else ""
        no_followup = side is Side.HIRING and not automatic and not decision and draw(st.integers(0, 5)) == 0
        return_date = (at.date() + dt.timedelta(days=draw(st.integers(1, 20)))) if automatic else None
        events.append(Event(at=at, message_id=f"<event-{number}@generated>", side=side, automatic=automatic,
                            decision=decision, no_followup=no_followup, return_date=return_date,
                            sentence="generated" if decision or no_followup else ""))
    contact = CONTACT if draw(st.integers(0, 9)) else None
    behaviour = {kind: Behaviour(draw(st.sampled_from(["leave", "send", "send", "delete"])), draw(st.integers(0, 72)))
                 for kind in Kind}
    first_step = start - dt.timedelta(days=1) + dt.timedelta(hours=draw(st.integers(0, 11)))
    return Story(rounds, tuple(events), contact, offset, behaviour, first_step)


class Simulation:
    """Plans a story at every step like `scan` does: write what is due, then let the user act on drafts."""

    def __init__(self, story: Story, replan: bool = False) -> None:
        self.story = story
        self.replan = replan
        self.stored: dict[str, FollowUp] = {}
        self.sent: list[Event] = []
        self.written: list[Written] = []
        self.plans: list[tuple[dt.datetime, PlanResult]] = []
        self.replans: list[tuple[dt.datetime, dict[str, FollowUp], PlanResult]] = []

    def detection_at(self, now: dt.datetime) -> Detection:
        rounds = tuple(r for r in self.story.rounds if r.scheduled_at <= now)
        events = tuple(sorted((e for e in (*self.story.events, *self.sent) if e.at <= now), key=lambda e: e.at))
        return detection(*events, rounds=rounds, contact=self.story.contact,
                         offset_minutes=self.story.offset_minutes)

    def user_acts(self, now: dt.datetime) -> None:
        for key, followup in list(self.stored.items()):
            if followup.status is not Status.DRAFTED or followup.fate != "present" or followup.drafted_at is None:
                continue
            behaviour = self.story.behaviour[followup.kind]
            acted_at = followup.drafted_at + dt.timedelta(hours=behaviour.delay_hours)
            if behaviour.action == "leave" or acted_at > now:
                continue
            if behaviour.action == "send":
                self.sent.append(Event(at=acted_at, message_id=followup.draft_message_id, side=Side.ME))
                self.stored[key] = replace(followup, fate="sent")
            else:
                self.stored[key] = replace(followup, fate="deleted")

    def step(self, now: dt.datetime) -> PlanResult:
        self.user_acts(now)
        result = plan.plan(self.detection_at(now), self.stored, now, POLICY)
        self.plans.append((now, result))
        for followup in result.followups:
            if followup.status is Status.PLANNED and followup.due is not None and followup.due <= now:
                followup = replace(followup, status=Status.DRAFTED, drafted_at=now, fate="present",
                                   draft_message_id=f"<fw-{followup.followup_id}@example.org>")
                self.written.append(Written(now, followup))
            elif followup.followup_id in result.withdraw:
                followup = replace(followup, fate="withdrawn")
            self.stored[followup.followup_id] = followup
        if self.replan:
            again = plan.plan(self.detection_at(now), self.stored, now, POLICY)
            self.replans.append((now, dict(self.stored), again))
        return result

    def run(self) -> Simulation:
        now = self.story.first_step
        while now < self.story.first_step + dt.timedelta(days=SIMULATED_DAYS):
            self.step(now)
            now += STEP
        return self

    def stop_at(self) -> dt.datetime | None:
        # a decision the hiring side went past, scheduling another round after it (or a rejection in the mail
        # that arranges one, for a later time), ended an earlier candidacy
        def went_past(e: Event) -> bool:
            return any(r.scheduled_at > e.at or (e.decision == "rejection" and r.scheduled_at == e.at
                                                  and r.start is not None and r.start > e.at)
                       for r in self.story.rounds)

        stops = [e.at for e in self.story.events if (e.decision and not went_past(e)) or e.no_followup]
        return min(stops) if stops else None


INVARIANTS = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                      suppress_health_check=[HealthCheck.too_slow])


@INVARIANTS
@given(stories())
def test_plan_invariant_planning_twice_adds_nothing_new(story: Story) -> None:
    for now, before, again in Simulation(story, replan=True).run().replans:
        assert again.withdraw == ()
        assert [f for f in again.followups if f.status is Status.PLANNED and f.due is not None and f.due <= now] == []
        assert {f.followup_id: f.status for f in again.followups} == {k: f.status for k, f in before.items()}


@INVARIANTS
@given(stories(), st.integers(-24, 24 * 70))
def test_plan_invariant_feeding_the_plan_back_as_stored_changes_nothing(story: Story, hours: int) -> None:
    now = story.rounds[0].scheduled_at + dt.timedelta(hours=hours)
    found = Simulation(story).detection_at(now)
    first = plan.plan(found, {}, now, POLICY)
    again = plan.plan(found, stored(*first.followups), now, POLICY)
    assert (again.followups, again.withdraw) == (first.followups, ())


@INVARIANTS
@given(stories())
def test_plan_invariant_never_more_than_three_drafts_per_round(story: Story) -> None:
    written = Simulation(story).run().written
    for round_ in story.rounds:
        kinds = [w.followup.kind for w in written if w.followup.round_index == round_.index]
        assert len(kinds) <= 3
        assert len(set(kinds)) == len(kinds)


@INVARIANTS
@given(stories())
def test_plan_invariant_nothing_is_written_at_or_after_a_decision_or_no_follow_up_request(story: Story) -> None:
    simulation = Simulation(story).run()
    stop = simulation.stop_at()
    if stop is None:
        return
    assert [w for w in simulation.written if w.at >= stop] == []
    for now, result in simulation.plans:
        if now >= stop:
            assert [f for f in result.followups if f.status is Status.PLANNED] == []


@INVARIANTS
@given(stories())
def test_plan_invariant_drafts_of_a_thread_are_seven_days_apart_except_thank_yous(story: Story) -> None:
    written = Simulation(story).run().written
    gap = dt.timedelta(days=POLICY.min_days_between_drafts)
    for index, later in enumerate(written):
        if later.followup.kind is Kind.THANK_YOU:
            continue
        for earlier in written[:index]:
            assert later.at - earlier.at >= gap, (earlier.followup.followup_id, later.followup.followup_id)


@INVARIANTS
@given(stories())
def test_plan_invariant_every_recipient_is_the_detections_contact(story: Story) -> None:
    simulation = Simulation(story).run()
    for _, result in simulation.plans:
        for followup in result.followups:
            if followup.status is Status.PLANNED:
                assert story.contact is not None
                assert followup.to == (story.contact,)
    assert all(w.followup.to == (story.contact,) for w in simulation.written)


@pytest.mark.parametrize("hours_after_start", [1, 3, 20, 30])
def test_plan_twice_at_the_same_moment_gives_the_same_plan(hours_after_start: int) -> None:
    now = START + dt.timedelta(hours=hours_after_start)
    first = planned(detection(), now)
    again = planned(detection(), now, stored(*first.followups))
    assert again == first


def test_plan_counts_the_users_own_inquiry_as_the_follow_up_when_its_answer_moves_the_deadline() -> None:
    moved = stated(dt.date(2026, 12, 4), at=utc(11, 28, 10))
    round_ = replace(interview_round(deadline=moved), deadline_history=(stated(DEADLINE), moved))
    found = detection(mine(utc(11, 27, 15)), hiring(utc(11, 28, 10)), rounds=(round_,))
    follow_up = of_kind(planned(found, utc(12, 5, 9)), Kind.FOLLOW_UP)
    assert follow_up.status is Status.SKIPPED and "you wrote to them yourself" in follow_up.reason


def test_counter_example_a_deadline_moved_before_it_passed_still_brings_its_follow_up() -> None:
    moved = stated(dt.date(2026, 12, 4), at=utc(11, 20, 10))
    round_ = replace(interview_round(deadline=moved), deadline_history=(stated(DEADLINE), moved))
    found = detection(mine(utc(11, 21, 15)), hiring(utc(11, 20, 10)), rounds=(round_,))
    follow_up = of_kind(planned(found, utc(12, 5, 9)), Kind.FOLLOW_UP)
    assert follow_up.status is Status.PLANNED
