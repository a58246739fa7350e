"""One pass of the pipeline: sync -> parse -> threads -> detect -> plan -> drafts, with state at the side.

`scan()` is what `scan --once` runs and what the daemon runs after every wake-up. It is the only
place where the pure stages meet I/O: the backends (mail in, drafts out) and the state store.
Plan, then apply: with `dry_run` the same code runs and stops before anything is written.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from typing import Any

from rules import triage
from watcher import compose, detect, fate, parse, plan, threads
from watcher.backends import Backend
from watcher.config import Account, Config
from watcher.drafts import DraftCopy
from watcher.model import Detection, FollowUp, Role, Status, Thread
from watcher.sources import Fetched
from watcher.state import State

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


@dataclass
class Report:
    """What a scan did, for the CLI to print and the daemon to log."""

    new_messages: int = 0
    written: list[tuple[FollowUp, EmailMessage]] = field(default_factory=list)
    would_write: list[tuple[FollowUp, EmailMessage]] = field(default_factory=list)
    withdrawn: list[FollowUp] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)
    detections: list[Detection] = field(default_factory=list)


def scan(config: Config, state: State, backends: Mapping[str, Backend], now: dt.datetime, *,
         dry_run: bool = False, progress: Progress | None = None) -> Report:
    report = Report()
    identity = detect.Identity.of(config.me)
    for account in config.accounts:
        report.new_messages += _sync(account, backends[account.name], state, now, identity.addresses, progress)
    _reparse_stale(state, identity.addresses)

    threading = threads.build(state.messages(), identity.addresses, state.thread_ids())
    with state.transaction():
        state.assign_thread_ids(dict(threading.new_assignments))
    detections = _detect_all(threading.threads, identity, config, state)
    report.detections = detections

    stored_by_thread: dict[str, dict[str, FollowUp]] = defaultdict(dict)
    for followup in state.followups():
        stored_by_thread[followup.thread_id][followup.followup_id] = followup
    sent_ids = {m.message_id for t in threading.threads for m in t.messages if m.role is Role.SENT}
    listings = fate.Listings(lambda account: backends[account].drafts.present())
    stops = _company_stops(detections)
    templates = compose.Templates.load(config.templates_dir)

    for detection in detections:
        stored = stored_by_thread.get(detection.thread_id, {})
        if not detection.is_interview and not stored:
            continue
        stored = {key: fate.with_fate(f, listings, sent_ids, detection) for key, f in stored.items()}
        company_stop = stops.get(detection.company_key) if detection.company_key else None
        if company_stop and company_stop[1] == detection.thread_id:
            company_stop = None
        result = plan.plan(detection, stored, now, config.policy, company_stop[0] if company_stop else None)
        backend = backends[detection.account]
        for followup in result.followups:
            final = _apply(followup, detection, result.withdraw, backend, state, config, templates, now, dry_run, report,
                           listings)
            report.followups.append(final)
    if not dry_run:
        with state.transaction():
            state.save_views([view(d) for d in detections], now)
    return report


def _detect_all(found: Sequence[Thread], identity: detect.Identity, config: Config, state: State) -> list[Detection]:
    """Detection for every thread, reusing the cached one where nothing it depends on changed."""
    overrides = state.overrides()
    cache = state.cached_detections()
    fresh: dict[str, tuple[str, bytes]] = {}
    detections = []
    for thread in found:
        override = overrides.get(thread.thread_id) or next(
            (overrides[m.message_id] for m in thread.messages if m.message_id in overrides), "")
        key = detect.fingerprint(thread, identity, config.policy, override)
        cached = cache.get(thread.thread_id)
        detection = detect.decode(cached[1]) if cached and cached[0] == key else None
        if detection is None:
            try:
                detection = detect.detect(thread, identity, config.policy, override)
            except Exception:  # noqa: BLE001 - one odd mail must not stop every other thread's follow-ups
                log.exception("thread %s: detection failed; it is left alone this time", thread.thread_id)
                detection = Detection(thread_id=thread.thread_id, account=thread.account, subject=thread.subject,
                                      is_interview=False, why=("not read: detection failed (see the log)",),
                                      message_ids=tuple(m.message_id for m in thread.messages))
                detections.append(detection)
                continue
            detection = replace(detection, my_address=_my_address(thread.messages, identity.addresses, config))
            fresh[thread.thread_id] = (key, detect.encode(detection))
        detections.append(detection)
    if fresh:
        with state.transaction():
            state.cache_detections(fresh)
    return detections


def view(detection: Detection) -> dict[str, Any]:
    """The `status --json` shape of one thread."""
    last_round = detection.rounds[-1] if detection.rounds else None
    deadline = last_round.deadline if last_round else None
    why = list(detection.why)
    if detection.is_interview:
        why.append(f"contact: {detection.contact_why}")
        for round_ in detection.rounds:
            start = round_.start.isoformat(timespec="minutes") if round_.start else "unknown"
            why.append(f"round {round_.index + 1}: {start}, {round_.minutes} min, from {round_.source}; "
                       f"deadline {round_.deadline.date or 'unknown'} ({round_.deadline.basis}"
                       + (f': "{round_.deadline.sentence}")' if round_.deadline.sentence else ")"))
        for event in detection.events:
            if event.no_followup or event.decision:
                why.append(f"{event.at.isoformat(timespec='minutes')}: " + (
                    "no follow-ups requested" if event.no_followup else f"decision ({event.decision})")
                    + f': "{event.sentence}"')
    state = "interview" if detection.is_interview else ("ignored" if detection.override == "ignore" else "not_interview")
    if detection.is_interview and (detection.no_followup_event or detection.decision_event):
        state = "closed"
    return {
        "thread_id": detection.thread_id,
        "account": detection.account,
        "subject": detection.subject,
        "company": detection.company,
        "contact": detection.contact.email if detection.contact else None,
        "interview_at": last_round.start.isoformat() if last_round and last_round.start else None,
        "decision_deadline": deadline.date.isoformat() if deadline and deadline.date else None,
        "deadline_basis": deadline.basis if deadline else None,
        "deadline_sentence": deadline.sentence if deadline else "",
        "no_followup": detection.no_followup_event is not None,
        "state": state,
        "why": why,
        "message_ids": list(detection.message_ids),
    }


# ---------------------------------------------------------------------- sync


def _sync(account: Account, backend: Backend, state: State, now: dt.datetime, me: frozenset[str],
          progress: Progress | None) -> int:
    since = now - dt.timedelta(days=account.lookback_days)
    added = 0
    for role in (Role.INBOX, Role.SENT):
        batch = backend.source.sync(role, state.cursor(account.name, role), since, triage.wants_body)
        if progress and len(batch.messages) > 50:
            progress(f"{account.name}: reading {len(batch.messages)} messages from {role.value}")
        with state.transaction():
            for index, fetched in enumerate(batch.messages, start=1):
                message = parse.parse(fetched, account.name, me)
                state.add_message(message, fetched.raw, fetched.internal_date, parse.PARSER_VERSION)
                if progress and index % 500 == 0:
                    progress(f"{account.name}: {index}/{len(batch.messages)} {role.value} messages parsed")
            state.set_cursor(account.name, role, batch.cursor)
        added += len(batch.messages)
    return added


def _reparse_stale(state: State, me: frozenset[str]) -> None:
    """Mail stored by an older parser is parsed again from the raw copy kept in the state file."""
    stale = list(state.stale_messages(parse.PARSER_VERSION))
    if not stale:
        return
    with state.transaction():
        for account, _, role, raw, complete, internal, hint in stale:
            fetched = Fetched(role=Role(role), raw=raw, complete=complete,
                              internal_date=dt.datetime.fromisoformat(internal) if internal else None,
                              provider_thread_id=hint)
            state.replace_parsed(parse.parse(fetched, account, me), parse.PARSER_VERSION)


def _my_address(messages: Sequence[Any], me: frozenset[str], config: Config) -> str:
    for message in reversed(messages):
        for address in (*message.to, *message.cc):
            if address.email in me:
                return str(address.email)
        if message.role is Role.SENT and message.sender and message.sender.email in me:
            return str(message.sender.email)
    return config.me.addresses[0]


# ---------------------------------------------------------------------- drafts and their fate


def _apply(followup: FollowUp, detection: Detection, withdraw: Sequence[str], backend: Backend, state: State,
           config: Config, templates: compose.Templates, now: dt.datetime, dry_run: bool, report: Report,
           listings: fate.Listings) -> FollowUp:
    if followup.followup_id in withdraw and followup.status is Status.WITHDRAWN:
        if not dry_run:
            backend.drafts.withdraw(followup.draft_message_id)
            with state.transaction():
                state.save_followup(replace(followup, fate="withdrawn"), now)
        log.info("thread %s: withdrew our %s draft (%s)", followup.thread_id, followup.kind.value, followup.reason)
        report.withdrawn.append(followup)
        return followup
    retry = followup.status is Status.DRAFTED and followup.writing
    due_now = followup.status is Status.PLANNED and followup.due is not None and followup.due <= now
    if not (retry or due_now):
        if not dry_run:
            with state.transaction():
                state.save_followup(followup, now)
        return followup
    message_id = followup.draft_message_id if retry else fate.draft_message_id(
        followup.account, followup.followup_id, detection.my_address)
    draft = compose.compose(followup, detection, config.me.name, detection.my_address, message_id, templates, now)
    digest = compose.body_digest(str(draft.get_content()))
    written = replace(followup, status=Status.DRAFTED, draft_message_id=message_id, drafted_at=followup.drafted_at or now,
                      body_digest=digest, fate="present", writing=True,
                      reason=followup.reason if retry else f"drafted: {followup.reason}")
    if dry_run:
        report.would_write.append((written, draft))
        return written
    present = listings.of(followup.account)
    if message_id in present:
        # ours, from a scan whose bookkeeping was lost (a crash, or a state file deleted or rolled back)
        copy = present[message_id]
        edited = compose.body_digest(fate.text_of(copy.raw)) != digest
        found = replace(written, fate="edited" if edited else "present", writing=False)
        with state.transaction():
            state.save_followup(found, now)
        log.info("thread %s: our %s draft %s is already in Drafts; not written again", followup.thread_id,
                 followup.kind.value, message_id)
        return found
    if not retry and message_id in present.trashed:
        deleted = replace(written, fate="deleted", writing=False,
                          reason="you deleted this draft (it is in Trash): it will not be written again")
        with state.transaction():
            state.save_followup(deleted, now)
        log.info("thread %s: our %s draft %s is in Trash; not written again", followup.thread_id,
                 followup.kind.value, message_id)
        return deleted
    # record the intent first: a crash after the write is found by Message-ID, never written twice
    with state.transaction():
        state.save_followup(written, now)
    backend.drafts.create(draft)
    listings.note_written(followup.account, DraftCopy(message_id, draft.as_bytes()))
    written = replace(written, writing=False)
    with state.transaction():
        state.save_followup(written, now)
    log.info("thread %s: wrote the %s draft to %s (%s)", followup.thread_id, followup.kind.value,
             ", ".join(a.email for a in followup.to), followup.reason)
    report.written.append((written, draft))
    return written


def _company_stops(detections: Sequence[Detection]) -> dict[str, tuple[plan.Stop, str]]:
    """The earliest request for no follow-ups per company, and the thread it was made in."""
    stops: dict[str, tuple[plan.Stop, str]] = {}
    for detection in detections:
        event = detection.no_followup_event
        if event is None or not detection.company_key or not detection.is_interview:
            continue
        stop = plan.Stop(event.at, f'{detection.company or "the company"} asked for no follow-ups in another thread: "{event.sentence}"')
        current = stops.get(detection.company_key)
        if current is None or stop.at < current[0].at:
            stops[detection.company_key] = (stop, detection.thread_id)
    return stops
