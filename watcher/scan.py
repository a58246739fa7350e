"""One pass of the pipeline: sync -> threads -> detect -> plan -> drafts, with state at the side.

`scan()` is what `scan --once` runs and what the daemon runs after every wake-up. It is the only
place where the pure stages meet I/O: the backends (mail in, drafts out) and the state store.
`sync` indexes what is new and reads the conversations triage keeps; threads are built again only
when one of them changed, and a scan with no news plans from the last detections (no work that
grows with the mailbox). Plan, then apply: with `dry_run` the same code runs and stops before
anything is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import sys
import time
import traceback
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from watcher import fanout, fate, plan, processes, sync, versions
from watcher import overrides as user_overrides
from watcher.backends import Backend
from watcher.config import Account, Config
from watcher.drafts import MESSAGE_ID_PREFIX, DraftCopy, DraftListing
from watcher.identity import Identity
from watcher.model import Detection, Event, FollowUp, Message, Role, Side, Status, Thread, ThreadRef
from watcher.state import State, decode_detection, encode_detection, key_of

log = logging.getLogger(__name__)

Progress = Callable[[str], None]
DETECTION_BUDGET_SECONDS = 10.0  # rules are linear in the (capped) text; past this, something is wrong
CACHE_FLUSH_SECONDS = 2.0  # detections are saved at least this often, so a stopped scan keeps its work


@dataclass
class Report:
    """What a scan did, for the CLI to print and the daemon to log."""

    new_messages: int = 0
    written: list[tuple[FollowUp, EmailMessage]] = field(default_factory=list)
    would_write: list[tuple[FollowUp, EmailMessage]] = field(default_factory=list)
    withdrawn: list[FollowUp] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)
    # what the scan planned with: interviews, threads with follow-ups, threads read anew (`status` has all)
    detections: list[Detection] = field(default_factory=list)
    # whether anything `status` shows may have changed (mail, threads, follow-ups): plan.ics is kept then
    changed: bool = False


def scan(config: Config, state: State, backends: Mapping[str, Backend], now: dt.datetime, *,
         dry_run: bool = False, progress: Progress | None = None) -> Report:
    report = Report()
    identity = Identity.of(config.me)
    undecided: dict[str, list[sync.Undecided]] = {}
    first = not dry_run and any(state.cursor(a.name, Role.INBOX) is None for a in config.accounts)
    if first:
        with state.transaction():  # `status` says so while the first scan of a big mailbox runs
            state.set_meta("first_scan_started", now.isoformat())
    for account in config.accounts:
        synced = sync.sync(account, backends[account.name].source, state, now, identity, progress)
        report.new_messages += synced.listed
        report.changed |= bool(synced.listed or synced.read)
        undecided[account.name] = synced.undecided
        del synced  # its undecided mail is held once, in `undecided`, and let go before threads are built again
    overrides = state.overrides()
    inputs = _inputs(identity, config, overrides)
    built: _Detected | None = None
    # mail read since threads were last built (this scan's, a stopped scan's), or new inputs
    if state.meta("inputs") != inputs or state.any_unthreaded():
        # something a thread depends on changed: thread the kept mail again (only near the new mail,
        # when nothing else changed), and detect what changed
        piecewise = state.meta("inputs") == inputs and state.spans_complete()
        built, found = _build(identity, config, state, overrides, progress, state.unthreaded() if piecewise else None)
        # a person's mail that said nothing of a job, near an interview with them, is part of it
        near = [key for a in config.accounts
                for key in _keep_near(a, undecided.get(a.name, []), built.detections, found, identity, backends,
                                      state, progress)]
        del found, undecided  # on a first scan, every kept message's text: not held while it is built again
        if near:
            # the threads just built are saved, with these inputs: the near mail joins them as new mail
            # does, threaded again only with those it can reach (a first scan's too: every kept
            # message's text is let go first); a process it leaves as it was keeps the detection just made
            state.forget_messages()
            again, _ = _build(identity, config, state, overrides, progress, near, settled=built.renewed)
            built = _Detected(_union(built.detections, again.detections, again.gone), built.renewed | again.renewed,
                              built.gone | again.gone)
        detections = built.detections
        report.changed = True
    else:
        # nothing new: the interviews (and threads with drafts of ours) as the last scan left them
        detections = _interesting(state)
    if first:
        with state.transaction():
            state.set_meta("first_scan_started", None)
    report.detections = detections

    stored_by_thread: dict[str, dict[str, FollowUp]] = defaultdict(dict)
    for followup in state.followups():
        stored_by_thread[followup.thread_id][followup.followup_id] = followup
    sent_ids = {e.message_id for d in detections for e in d.events if e.side is Side.ME}
    listings = fate.Listings(_drafts_lister(backends, state, dry_run))
    stops = _company_stops(detections)
    decisions = _company_decisions(detections)
    snoozed = user_overrides.snoozes(state)

    for detection in detections:
        recorded = stored_by_thread.get(detection.thread_id, {})
        if not detection.is_interview and not recorded:
            continue
        stored = {key: fate.with_fate(f, listings, sent_ids, detection) for key, f in recorded.items()}
        company_stop = stops.get(detection.company_key) if detection.company_key else None
        if company_stop and company_stop[1] == detection.thread_id:
            company_stop = None
        earliest = min((s for s in (company_stop[0] if company_stop else None,
                                    _decision_elsewhere(detection, decisions)) if s), key=lambda s: s.at, default=None)
        facts = plan.facts_of(detection, stored, now, config.policy, earliest)
        backend = backends[detection.account]
        for decision in plan.decide(facts, stored):  # plan, then apply
            # `snooze THREAD UNTIL`: what would fall due before then waits for its end
            decision = replace(decision, followup=user_overrides.held(decision.followup, snoozed.get(detection.thread_id), now))
            final = _apply(decision, detection, backend, state, config, now, dry_run, report,
                           listings, recorded.get(decision.followup.followup_id))
            report.followups.append(final)
    if not dry_run and built is not None:
        with state.transaction():
            state.save_views([view(d) for d in detections if d.thread_id in built.renewed], now)
            state.set_meta("inputs", inputs)
            state.mark_threaded()
    return report


@dataclass(frozen=True)
class _Detected:
    """What detection gave: the detections planning needs (interviews, threads with follow-ups, and
    every one read anew or without a view yet), which of them are new, and the threads that are gone
    (merged into another)."""

    detections: list[Detection]
    renewed: frozenset[str]
    gone: frozenset[str]


def _build(identity: Identity, config: Config, state: State, overrides: Mapping[str, str],
           progress: Progress | None, near: Sequence[tuple[str, int]] | None = None,
           settled: frozenset[str] | None = None) -> tuple[_Detected, Sequence[Thread]]:
    """Thread the kept mail, group the threads into hiring processes, and detect what changed: all of
    it, or only what the messages `near` (new ones, by (account, key)) can reach — the rest keep their
    threads, processes and detections. `settled`: given when the caller holds this scan's detections
    from an earlier build (the processes it detected): only what this build changed is returned."""
    from watcher import threads  # imported only by a scan that has threads to build

    if near is None:
        messages = state.messages()
        known = state.thread_ids()
        threads_before = set(known.values())
        processes_before = state.known_threads()
    else:
        messages, threads_before = _reach(state, near, identity.addresses)
        known = state.thread_ids(m.message_id for m in messages)
        processes_before = set(state.processes_of(threads_before).values())
    threading = threads.build(messages, identity.addresses, known)
    # the hiring processes above the threads, each read as one thread named after the process: rounds,
    # deadlines, decisions and the plan belong to the process, whatever the backend calls a thread
    groups, keys = processes.group_keyed(threading.threads, identity.addresses,
                                         frozenset(f.thread_id for f in state.followups()))
    gone = frozenset(processes_before - {p.process_id for p in groups})
    with state.transaction():
        state.assign_thread_ids(dict(threading.new_assignments))
        state.drop_threads(threads_before - {t.thread_id for t in threading.threads})
        state.drop_processes(gone)
        state.save_spans({t.thread_id: t.messages[-1].date for t in threading.threads}, every=near is None)
        state.save_processes(processes.of_threads(groups), every=near is None)
        state.save_thread_keys(keys, every=near is None)
        if near is None:
            state.note_message_ids()
    del keys  # a first scan's: a few for each of thousands of threads, not held while they are read
    found = [p.merged() for p in groups]
    # `ignore`/`track` given for any thread of a process holds for the process
    overrides = {**{p.process_id: overrides[t] for p in groups for t in reversed(p.thread_ids) if t in overrides},
                 **overrides}
    by_id = {p.process_id: p for p in groups}

    def answering(detection: Detection) -> Detection:
        return _answering(detection, by_id.get(detection.thread_id))

    # cached as planned: a later scan with nothing new plans from the cache, and its drafts answer the same mail
    detected = _detect_all(found, identity, config, state, overrides, progress, settled or frozenset(), answering)
    members = {p.process_id: tuple(ThreadRef(t.thread_id, t.subject, tuple(m.message_id for m in t.messages))
                                   for t in p.threads) for p in groups}
    detections = [answering(replace(d, threads=members.get(d.thread_id, ()))) for d in detected.detections]
    if near is not None and settled is None:
        # the processes out of reach plan as the last scan left them
        detections = _union(_interesting(state), detections, gone)
    return replace(detected, detections=detections, gone=gone), found


def _answering(detection: Detection, process: processes.Process | None) -> Detection:
    """A process's drafts answer the latest message of the contact's own thread (RFC 5322 3.6.4: its
    References, then it), not whatever thread of the process spoke last."""
    target = processes.reply_target(process, detection.contact.email) if process and detection.contact else None
    if target is None or target.message_id == detection.last_message_id:
        return detection
    parents = target.references or ((target.in_reply_to,) if target.in_reply_to else ())
    return replace(detection, last_message_id=target.message_id, references=(*parents, target.message_id)[-20:],
                   reply_subject=target.subject)


def _reach(state: State, new: Sequence[tuple[str, int]], me: frozenset[str]) -> tuple[list[Message], set[str]]:
    """The messages that threading must see again for these new ones, and the threads they were in: the
    new messages, every thread they name or are named by, the threads with mail in the fallback window
    before them (threads.py joins link-less mail to a thread up to FALLBACK_DAYS back, and processes.py
    a thread to a process up to WINDOW_DAYS) that they can join (`_joinable`), and every thread of
    those threads' processes."""
    from watcher import threads

    arrived = state.parsed_messages(new)
    if not arrived:
        return [], set()
    window = dt.timedelta(days=max(threads.FALLBACK_DAYS, processes.WINDOW_DAYS))
    linked = set(state.thread_ids(state.linked_message_ids(new)).values())
    recent = state.threads_since(min(m.date for m in arrived) - window)
    reach = linked | _joinable(state, arrived, linked, recent, me)
    reach |= state.threads_of_processes(state.processes_of(reach).values())
    again = state.messages_of_threads(reach)
    log.debug("%d new messages reach %d of %d recent threads (%d messages)", len(arrived), len(reach), len(recent),
              len(again))
    return arrived + again, reach


def _joinable(state: State, arrived: Sequence[Message], linked: set[str], recent: set[str],
              me: frozenset[str]) -> set[str]:
    """The threads of `recent` that the arrived mail can join, or bring into its process: those sharing
    a join key (processes.join_keys: a person, a company, a recruiting system) with it or with the
    threads it names, and those sharing one with any of these, and so on. The fallback and the
    processes join only on those keys, so threading these alone gives what threading all of `recent`
    gives (test_incremental_threads checks it on both generated mailboxes). All of `recent` in a store
    whose keys are not complete yet (upgraded, until threads are built whole)."""
    if not state.thread_keys_complete():
        return recent
    keys = {key_of(k) for k in processes.join_keys(arrived, me) | {processes.ROBOT_KEY}} | state.keys_of_threads(linked)
    seen, found = set(keys), set[str]()
    while keys:
        more = state.threads_keyed(keys) & recent - found
        found |= more
        keys = state.keys_of_threads(more) - seen if more else set()
        seen |= keys
    return found


def _interesting(state: State) -> list[Detection]:
    """The cached detections planning needs: interviews, overrides, processes with follow-ups."""
    return [d for d in (decode_detection(c[1]) for c in state.cached_detections(True).values()) if d]


def _union(old: Sequence[Detection], new: Sequence[Detection], gone: frozenset[str]) -> list[Detection]:
    """`old` with `new` in place of the same processes', and without the `gone` ones."""
    merged = {d.thread_id: d for d in old if d.thread_id not in gone}
    merged.update((d.thread_id, d) for d in new)
    return list(merged.values())


def _keep_near(account: Account, undecided: Sequence[sync.Undecided], detections: Sequence[Detection],
               found: Sequence[Thread], identity: Identity, backends: Mapping[str, Backend], state: State,
               progress: Progress | None) -> list[tuple[str, int]]:
    """Record the hiring side of this account's interviews (who, and when), then read the undecided mail
    near them; the (account, key) of each message that brought."""
    from watcher import threads

    interviews = {d.thread_id for d in detections if d.is_interview and d.account == account.name}
    spans: dict[str, tuple[dt.datetime, dt.datetime]] = {}
    for thread in found:
        if thread.thread_id not in interviews:
            continue
        first, last = thread.messages[0].date, thread.messages[-1].date
        for who in {who for m in thread.messages for who in threads.counterparts(m, identity.addresses)}:
            known = spans.get(who, (first, last))
            spans[who] = (min(known[0], first), max(known[1], last))
    with state.transaction():
        state.add_people(account.name, spans)
    if not undecided:
        return []
    return sync.keep_near(account.name, undecided, sync.People(state.people(account.name)),
                          backends[account.name].source, state, identity.addresses, progress)


def _inputs(identity: Identity, config: Config, overrides: Mapping[str, str]) -> str:
    """What every thread's detection depends on besides its mail: the user, the policy, the rules, the
    overrides, the code that threads it. While it and the mail stay the same, a scan reuses the last
    detections and threads only near new mail."""
    digest = hashlib.sha256(versions.rules_fingerprint().encode())
    digest.update(repr((sorted(identity.addresses), identity.name, config.policy, sorted(overrides.items()),
                        versions.parser_version(), versions.threading_version())).encode())
    return digest.hexdigest()


def _detect_all(found: Sequence[Thread], identity: Identity, config: Config, state: State,
                overrides: Mapping[str, str], progress: Progress | None = None,
                settled: frozenset[str] = frozenset(),
                finish: Callable[[Detection], Detection] = lambda detection: detection) -> _Detected:
    """Detection for every thread, reusing the cached one where nothing it depends on changed, and
    leaving out the unchanged ones of `settled` (detected earlier in the same scan). A new detection
    is cached as `finish` leaves it.

    A thread whose rules fail, or take longer than DETECTION_BUDGET_SECONDS, is left out with that
    reason; the verdict is cached under the thread's fingerprint like any other, so the thread is
    read again only when it (or the rules) change. The cache is written as the work goes, so a scan
    that is stopped keeps what it did."""
    from watcher import detect  # the rules, imported only by a scan that has threads to read

    _learn_literal_starts(state)
    cache = state.cached_detections(thread_ids=[t.thread_id for t in found])
    with_followups = {f.thread_id for f in state.followups()}
    shown = state.view_ids()
    fresh: dict[str, tuple[str, bytes, bool]] = {}
    renewed: set[str] = set()
    detections: list[Detection | None] = []
    unread: list[_Unread] = []
    for number, thread in enumerate(found, start=1):
        override = overrides.get(thread.thread_id) or next(
            (overrides[m.message_id] for m in thread.messages if m.message_id in overrides), "")
        key = detect.fingerprint(thread, identity, config.policy, override)
        cached = cache.get(thread.thread_id)
        if cached and cached[0] == key and (thread.thread_id in settled or (not cached[2] and thread.thread_id in shown)):
            continue  # unchanged, and with the caller already, or no interview, no follow-up, its view written
        detection = decode_detection(cached[1]) if cached and cached[0] == key else None
        if detection is None or thread.thread_id not in shown:
            renewed.add(thread.thread_id)
        if detection is None:
            unread.append(_Unread(len(detections), number, thread, key, override))
        detections.append(detection)

    def read(item: _Unread) -> Detection:
        # a thread without follow-ups or an override: if it is no interview, its plan is never read
        return _detect_one(item.thread, identity, config, item.override, light=item.thread.thread_id not in with_followups)

    flushed = time.monotonic()

    def keep(item: _Unread, detection: Detection) -> None:
        nonlocal fresh, flushed
        thread = item.thread
        detection = finish(replace(detection, my_address=_my_address(thread.messages, identity.addresses, config)))
        # interesting: read by every scan, a decision or a request for no follow-ups in a thread of its own
        # included (_company_decisions)
        fresh[thread.thread_id] = (item.key, encode_detection(detection), detection.is_interview or bool(item.override)
                                   or thread.thread_id in with_followups or detection.decision_event is not None
                                   or detection.no_followup_event is not None)
        detections[item.position] = detection
        if time.monotonic() - flushed > CACHE_FLUSH_SECONDS:
            with state.transaction():
                state.cache_detections(fresh)
            fresh, flushed = {}, time.monotonic()
            if progress:
                progress(f"{item.number}/{len(found)} conversations read for interviews")

    # a first scan reads thousands: half of them in a forked worker, on the second core
    fanout.each(unread, read, keep)
    if fresh:
        with state.transaction():
            state.cache_detections(fresh)
    _keep_literal_starts(state)
    return _Detected([d for d in detections if d is not None], frozenset(renewed), frozenset())


@dataclass(frozen=True)
class _Unread:
    """A thread whose detection is not cached: where it goes, and what its reading depends on."""

    position: int  # in the scan's list of detections
    number: int  # in `found`, from 1 (for progress)
    thread: Thread
    key: str  # its fingerprint, the cache's key
    override: str


def _detect_one(thread: Thread, identity: Identity, config: Config, override: str, light: bool) -> Detection:
    """The rules' detection of one thread, or the thread left out when they fail or take longer than
    DETECTION_BUDGET_SECONDS."""
    from watcher import detect

    started = time.monotonic()
    try:
        detection = detect.detect(thread, identity, config.policy, override, light=light)
    except Exception as error:  # noqa: BLE001 - one odd mail must not stop every other thread's follow-ups
        # the type and the place only: an exception's text can quote the mail
        where = traceback.extract_tb(error.__traceback__)[-1]
        log.error("thread %s: detection failed (%s at %s:%d); it is left out until it changes",
                  thread.thread_id, type(error).__name__, Path(where.filename).name, where.lineno)
        return _left_out(thread, f"not read: detection failed ({type(error).__name__}); it is read again when it changes")
    took = time.monotonic() - started
    if took > DETECTION_BUDGET_SECONDS:
        log.warning("thread %s: the rules took %.0f s; it is left out until it changes", thread.thread_id, took)
        return _left_out(thread, f"not read: the rules took {took:.0f} s on this thread (more than "
                                 f"{DETECTION_BUDGET_SECONDS:.0f} s); it is read again when it changes")
    return detection


_LITERAL_STARTS = "literal-starts"  # meta: rules/literals.py's answers, for the next process


def _literal_starts_key() -> str:
    # the answers depend on the patterns and the code that reads them (both in the rules' fingerprint)
    # and on the Python whose parser reads them
    return f"{versions.rules_fingerprint()} {sys.version}"


def _learn_literal_starts(state: State) -> None:
    """What an earlier scan's phrase lists found of each pattern's literal start: a fresh process that
    reads a few conversations would otherwise parse hundreds of patterns to filter its lists."""
    from rules import literals

    value = state.meta(_LITERAL_STARTS)
    if value is None:
        return
    try:
        data = json.loads(value)
        if data.get("key") == _literal_starts_key():
            literals.learn(data["starts"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return  # a damaged entry is only a slower scan: it is written again below


def _keep_literal_starts(state: State) -> None:
    from rules import literals

    if literals.found_new():
        with state.transaction():
            state.set_meta(_LITERAL_STARTS, json.dumps({"key": _literal_starts_key(), "starts": literals.known()}))


def _left_out(thread: Thread, why: str) -> Detection:
    return Detection(thread_id=thread.thread_id, account=thread.account, subject=thread.subject, is_interview=False,
                     why=(why,), message_ids=tuple(m.message_id for m in thread.messages))


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
    if detection.is_interview and plan.ends(detection):
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
        # the threads of the process: an ATS confirmation, the recruiter's thread, a new subject...
        "threads": [{"thread_id": t.thread_id, "subject": t.subject, "message_ids": list(t.message_ids)}
                    for t in detection.threads],
    }


def _my_address(messages: Sequence[Any], me: frozenset[str], config: Config) -> str:
    for message in reversed(messages):
        for address in (*message.to, *message.cc):
            if address.email in me:
                return str(address.email)
        if message.role is Role.SENT and message.sender and message.sender.email in me:
            return str(message.sender.email)
    return config.me.addresses[0]


# ---------------------------------------------------------------------- drafts and their fate


def _apply(decision: plan.Decision, detection: Detection, backend: Backend, state: State,
           config: Config, now: dt.datetime, dry_run: bool, report: Report,
           listings: fate.Listings, recorded: FollowUp | None) -> FollowUp:
    followup = decision.followup
    if decision.action is plan.Action.WITHDRAW:
        if not dry_run:
            backend.drafts.withdraw(followup.draft_message_id)
            with state.transaction():
                _save_followup(report, state, replace(followup, fate="withdrawn"), now)
        log.info("thread %s: withdrew our %s draft (%s)", followup.thread_id, followup.kind.value, followup.reason)
        report.withdrawn.append(followup)
        return followup
    retry = followup.status is Status.DRAFTED and followup.writing
    due_now = decision.action is plan.Action.PLAN and followup.due is not None and followup.due <= now
    if not (retry or due_now):
        if not dry_run and followup != recorded:  # a scan with no news writes nothing
            with state.transaction():
                _save_followup(report, state, followup, now)
        return followup
    message_id = followup.draft_message_id if retry else fate.draft_message_id(
        followup.account, followup.followup_id, detection.my_address)
    from watcher import compose  # only a scan that writes a draft needs it

    templates = compose.Templates.load(config.templates_dir)
    draft = compose.compose(followup, detection, config.me.name, detection.my_address, message_id, templates, now)
    digest = fate.body_digest(str(draft.get_content()))
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
        edited = fate.digest_of(copy) != digest
        found = replace(written, fate="edited" if edited else "present", writing=False)
        with state.transaction():
            _save_followup(report, state, found, now)
        log.info("thread %s: our %s draft %s is already in Drafts; not written again", followup.thread_id,
                 followup.kind.value, message_id)
        return found
    if not retry and message_id in present.trashed:
        deleted = replace(written, fate="deleted", writing=False,
                          reason="you deleted this draft (it is in Trash): it will not be written again")
        with state.transaction():
            _save_followup(report, state, deleted, now)
        log.info("thread %s: our %s draft %s is in Trash; not written again", followup.thread_id,
                 followup.kind.value, message_id)
        return deleted
    # record the intent first: a crash after the write is found by Message-ID, never written twice
    with state.transaction():
        _save_followup(report, state, written, now)
    backend.drafts.create(draft)
    listings.note_written(followup.account, DraftCopy(message_id, draft.as_bytes()))
    written = replace(written, writing=False)
    with state.transaction():
        _save_followup(report, state, written, now)
    log.info("thread %s: wrote the %s draft to %s (%s)", followup.thread_id, followup.kind.value,
             ", ".join(a.email for a in followup.to), followup.reason)
    report.written.append((written, draft))
    return written


def _save_followup(report: Report, state: State, followup: FollowUp, now: dt.datetime) -> None:
    report.changed = True
    state.save_followup(followup, now)


def _drafts_lister(backends: Mapping[str, Backend], state: State, dry_run: bool) -> Callable[[str], DraftListing]:
    """Each account's Drafts listing: read from the server, or, when the writer vouches that Drafts and
    Trash have not changed at all since the last complete listing (`stamp()`: the same UIDNEXT,
    message count and HIGHESTMODSEQ), that listing again — the same drafts, so the same fates (an
    edited, sent or deleted draft changes Drafts, and is read anew)."""

    def listing(account: str) -> DraftListing:
        writer = backends[account].drafts
        stamp_of: Callable[[], str | None] | None = getattr(writer, "stamp", None)
        stamp = stamp_of() if stamp_of is not None else None  # taken first: a change after it makes the next differ
        seen = state.drafts_seen(account) if stamp is not None else None
        if seen is not None and seen[0] == stamp:
            return DraftListing({m: DraftCopy(m, raw, digest) for m, (raw, digest) in seen[1].items()}, trashed=seen[2])
        found = writer.present()
        read = found if isinstance(found, DraftListing) else DraftListing(found)
        if not dry_run and stamp is not None:
            # only our own drafts are looked up (by their Message-ID): the user's are not kept
            ours = {m: (c.raw, fate.digest_of(c)) for m, c in read.items() if m.startswith("<" + MESSAGE_ID_PREFIX)}
            with state.transaction():
                state.remember_drafts(account, stamp if read.complete else None, ours, read.trashed)
        return read

    return listing


def _company_decisions(detections: Sequence[Detection]) -> dict[str, list[tuple[Event, str]]]:
    """The hiring side's decisions (offer, rejection, on hold) by the domains they came from, each with
    its thread: "Your application for Actuarial Data Scientist" from the company's careers no-reply,
    "Your offer from Lodestar" from People Ops, each in a thread of its own; and the requests for no
    follow-ups made in a thread that is no interview (an HR office's notice about the selection), which
    stop a process as such a decision does."""
    found: dict[str, list[tuple[Event, str]]] = defaultdict(list)
    for detection in detections:
        # another interview of the company's, held or set (a candidacy of its own, as grouping found it):
        # its decision is its own ("we won't be moving forward with the Grid Analytics role; your SRE
        # process with Marcus is unaffected")
        own_candidacy = detection.is_interview and any(r.start is not None for r in detection.rounds)
        for event in detection.events:
            if event.decision and event.side is Side.HIRING and not event.automatic and not own_candidacy:
                for domain in detection.domains:
                    found[domain].append((event, detection.thread_id))
            elif event.no_followup and event.side is Side.HIRING and not event.automatic and not detection.is_interview:
                # an HR office's separate notice about the selection ("cannot respond to enquiries about the
                # status of an application"): an interview's own thread's request is `_company_stops`'
                for domain in detection.domains:
                    found[domain].append((event, detection.thread_id))
    return found


def _decision_elsewhere(detection: Detection, decisions: Mapping[str, list[tuple[Event, str]]]) -> plan.Stop | None:
    """The first decision from the company's own domain in another thread, made while this process
    was under way: after its first interview was arranged, and within `processes.WINDOW_DAYS` of its
    last one (a rejection a year before, or long after, is another candidacy's)."""
    if not detection.is_interview or not detection.rounds or "@" in detection.company_key:
        return None
    begun = min(r.scheduled_at for r in detection.rounds)
    last = max((r.start or r.scheduled_at) for r in detection.rounds)
    reach = last + dt.timedelta(days=processes.WINDOW_DAYS)
    found = [e for e, thread_id in decisions.get(detection.company_key, ())
             if thread_id != detection.thread_id and begun <= e.at <= reach]
    if not found:
        return None
    first = min(found, key=lambda e: e.at)
    if not first.decision:
        return plan.Stop(first.at, f'they asked for no follow-ups in another thread: "{first.sentence}"')
    return plan.Stop(first.at, f'decision received in another thread ({plan.DECISION_LABELS[first.decision]}): '
                               f'"{first.sentence}"')


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
