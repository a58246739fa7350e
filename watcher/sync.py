"""What is new in an account's folders -> the index, triage, and the parsed mail of kept conversations.

The cost of a sync follows the mail that matters, not the size of the mailbox:

1. every new message is listed by its headers only, in chunks, and indexed: a 64-bit key, where to
   fetch it, and its conversation (messages that name each other share one);
2. triage (`rules/triage.py`) keeps conversations from their headers, or from the first few KB of a
   person's mail when the headers cannot tell; the rest of a person's mail is kept after all when
   it is near an interview with the same people (`keep_near`, once detection found the interview).
   Someone the user has corresponded with for longer than a hiring process lasts (`_long_standing`:
   a friend, a colleague) is never followed this way by triage alone;
3. only the messages of kept conversations are fetched whole, parsed once and stored.

The cursors are stored with the triage verdicts, in one transaction, after every new message was
indexed: a crash before that lists the same messages again next time (indexing is idempotent), and
a crash after it finds the unread messages of kept conversations still unread.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rules import senders
from rules.dates import header_date
from watcher import fanout, headers, threads, versions
from watcher.config import Account
from watcher.identity import Identity
from watcher.model import Envelope, Role
from watcher.sources import Fetched, Listed, Listing, MailSource
from watcher.state import State, encode_message, key_of

if TYPE_CHECKING:
    from rules import triage

log = logging.getLogger(__name__)

Progress = Callable[[str], None]
PEEK_BATCH = 500
EARLY_SENT = PEEK_BATCH  # new messages in Sent that `_sent_first` reads before the Inbox, at most
_READ_BY = "read-by:"  # meta key + account: the parser version every kept message was read with (state.py
# forgets it in the transaction that indexes or keeps anything)
FETCH_BATCH = 100


@dataclass
class Synced:
    """What one sync of one account did, and the messages triage could not place."""

    listed: int = 0  # new messages indexed
    read: list[tuple[str, int]] = field(default_factory=list)  # (account, key) of messages fetched whole and parsed
    undecided: list[Undecided] = field(default_factory=list)


@dataclass(frozen=True)
class Undecided:
    """A person's message that nothing showed to be about a job: kept after all if it turns out to be
    near an interview with the same people (`keep_near`)."""

    conv: int
    people: tuple[str, ...]  # a tuple: a first scan holds tens of thousands of them until detection is done
    at: dt.datetime


@dataclass(frozen=True)
class _Maybe:
    """A message whose headers could not tell: its body's first lines will."""

    conv: int
    role: Role
    ref: str
    envelope: Envelope
    look: triage.Look
    preview: bytes | None
    at: dt.datetime


class People:
    """People with the span of time they were part of a possible interview: the hiring side of
    detected interviews, and the business addresses of mail triage kept (but long-time
    correspondents, `_long_standing`). Their mail within NEAR of it is kept whatever it says (a
    recruiter's "Quick update"), as threads.py's fallback joins a new conversation with the same
    person within that span. Mail with them long before or after is another matter, and so is a
    friend's: a friend asking how an interview went makes her other mail no part of it. Whole
    companies are not followed: a colleague of the recruiter writing about anything but the job
    joins no thread of the process."""

    NEAR = dt.timedelta(days=threads.FALLBACK_DAYS)

    def __init__(self, spans: dict[str, tuple[dt.datetime, dt.datetime]]) -> None:
        self.spans = spans
        self.added: dict[str, tuple[dt.datetime, dt.datetime]] = {}

    def add(self, reach: Iterable[str], at: dt.datetime) -> None:
        for who in reach:
            first, last = self.spans.get(who, (at, at))
            self.spans[who] = self.added[who] = (min(first, at), max(last, at))

    def near(self, reach: Iterable[str], at: dt.datetime, unless: frozenset[str] = frozenset()) -> bool:
        """Whether one of `reach`, but those in `unless`, was part of a possible interview near `at`."""
        for who in reach:
            span = self.spans.get(who)
            if span is not None and who not in unless and span[0] - self.NEAR <= at <= span[1] + self.NEAR:
                return True
        return False


def sync(account: Account, source: MailSource, state: State, now: dt.datetime, identity: Identity,
         progress: Progress | None = None) -> Synced:
    since = now - dt.timedelta(days=account.lookback_days)
    synced = Synced()
    known: People | None = None  # read when there is mail to index: a scan with none reads nothing that grows
    lists: set[str] = set()
    kept: set[int] = set()
    maybes: list[_Maybe] = []
    cursors: dict[Role, str] = {}
    # who triage saw on the other side, and when (first, last): a person is followed to their other
    # mail only once the whole listing told whether the user has written with them for long
    seen: dict[str, tuple[int, int]] = {}
    told: list[tuple[triage.Look, dt.datetime]] = []  # the people of mail kept by its headers
    early, starts = _sent_first(account, source, state, since)
    for role in (Role.INBOX, Role.SENT):
        before = state.cursor(account.name, role)
        listing = early if early is not None and role is Role.SENT else source.listing(role, before, since)
        for chunk in listing.chunks:
            if known is None:
                from rules import triage  # only a scan with new mail triages it

                known = People(state.people(account.name))
                lists = state.list_addresses(account.name)
            for conv, envelope, listed, look in _index(account.name, chunk, state, identity, lists):
                synced.listed += 1
                if look.verdict is triage.Verdict.NO:
                    continue
                at = _when(envelope, listed, now)
                _widen(seen, look.people, at)
                if look.verdict is triage.Verdict.YES:
                    kept.add(conv)
                    told.append((look, at))
                else:
                    maybes.append(_Maybe(conv, role, listed.ref, envelope, look, listed.preview, at))
            if progress and listing.total and listing.total > 1000:
                progress(f"{account.name}: {synced.listed} messages indexed ({role.value}: {listing.total} new)")
        cursor = listing.cursor()
        if cursor != before:
            cursors[role] = cursor
    steady: frozenset[str] = frozenset()
    if known is not None:
        steady = _long_standing(seen, state.correspondents(account.name, seen))
        for look, at in told:
            known.add(_business(look, steady), at)
        near = {m.conv for m in maybes if known.near(m.look.people, m.at, steady)}
        kept |= near
        maybes = [m for m in maybes if m.conv not in near]
    if maybes and known is not None:
        synced.undecided = _triage_bodies(maybes, kept, known, steady, source, state, progress, account.name,
                                          identity.name, starts, now)
    del maybes, told  # a first scan's tens of thousands of envelopes: gone before the reading
    if known is not None or cursors:
        with state.transaction():
            state.keep(kept)
            state.add_people(account.name, known.added if known is not None else {})
            state.add_correspondents(account.name, seen)
            for role, cursor in cursors.items():
                state.set_cursor(account.name, role, cursor)
    if synced.listed or state.meta(_READ_BY + account.name) != str(versions.parser_version()):
        # with no new message and the same parser, nothing can be unread: the query is skipped
        synced.read = read(account.name, source, state, identity.addresses, progress)
    if synced.listed:
        log.info("%s: %d new messages indexed, %d read whole", account.name, synced.listed, len(synced.read))
    return synced


def _sent_first(account: Account, source: MailSource, state: State,
                since: dt.datetime) -> tuple[Listing | None, dict[str, bytes]]:
    """On a source that prefers one folder at a time, a few new messages of the Sent folder (the
    user's replies since the last scan) and the starts of their bodies, read before the Inbox: the
    Inbox is then opened once, for its listing, its peeks and its reads. They are still indexed and
    triaged after the Inbox (its mailing lists are known by then), as every other time. A long Sent
    listing (a first scan) is left for after the Inbox: the source lists it again then."""
    if not source.one_folder_at_a_time:
        return None, {}
    listing = source.listing(Role.SENT, state.cursor(account.name, Role.SENT), since)
    if listing.total is None or listing.total > EARLY_SENT:
        return None, {}
    chunks = [list(chunk) for chunk in listing.chunks]
    refs = [listed.ref for chunk in chunks for listed in chunk]
    starts = source.peek(Role.SENT, refs) if refs else {}
    return Listing(chunks, listing.cursor, full_resync=listing.full_resync, total=listing.total), starts


def keep_near(account: str, undecided: Sequence[Undecided], people: People, source: MailSource, state: State,
              me: frozenset[str], progress: Progress | None = None) -> list[tuple[str, int]]:
    """Keep the undecided messages near an interview with the same people, and read them; which were read."""
    near = {u.conv for u in undecided if people.near(u.people, u.at)}
    if not near:
        return []
    with state.transaction():
        state.keep(near)
    return read(account, source, state, me, progress)


def _index(account: str, chunk: Sequence[Listed], state: State, identity: Identity,
           lists: set[str]) -> list[tuple[int, Envelope, Listed, triage.Look]]:
    """Index one chunk of a listing; each message with its conversation, envelope and triage verdict.
    `lists`: the addresses of the mailing lists seen so far, grown by this chunk's posts (the Inbox is
    listed before Sent, so the user's replies to a list find its address known)."""
    from rules import triage

    read, look, inbox = headers.read, triage.look, Role.INBOX
    me, domains = identity.addresses, identity.domains
    lists_now = frozenset(lists)  # what triage is given; rebuilt only when a post adds a list
    keys: dict[str, int] = {}  # message id -> index key: a thread's messages all name its first ones
    entries = []
    looked = []
    new_lists: set[str] = set()
    with _collector_paused():
        for listed in chunk:
            envelope = read(listed.header)
            role = listed.role
            if envelope.mailing_list and role is inbox:
                added = [a for a in (*envelope.to, *envelope.cc) if a not in me and a not in lists]
                if added:
                    new_lists.update(added)
                    lists.update(added)
                    lists_now = frozenset(lists)
            message_id = envelope.message_id or "<synthetic-" + hashlib.sha256(listed.header).hexdigest()[:32] + ">"
            links = []
            # the ids it names: itself (or its synthetic id), its parent, its ancestors
            for name in (message_id, *envelope.links[1:]):
                link = keys.get(name)
                if link is None:
                    link = keys[name] = key_of(name)
                links.append(link)
            if listed.provider_thread_id:
                links.append(key_of("thread:" + listed.provider_thread_id))
            key = links[0]
            entries.append((key, role, listed.ref, links))
            looked.append((key, envelope, listed, look(envelope, role is Role.SENT, me, domains, lists_now)))
        with state.transaction():
            convs = state.index(account, entries)
            state.add_list_addresses(account, new_lists)
    return [(convs[key], envelope, listed, verdict) for key, envelope, listed, verdict in looked]


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a chunk is read: it would walk every live object
    (all the envelopes and verdicts so far) every few hundred of the chunk's tuples, a tenth of
    indexing's time, to find no cycle among them. It runs again after, as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _when(envelope: Envelope, listed: Listed, now: dt.datetime) -> dt.datetime:
    """When a message was written: its Date, unless that is missing or absurd (year 9999), else when
    the server got it."""
    written = header_date.header_datetime(envelope.date)
    if written is not None and _EARLIEST <= written.year <= now.year + 1:
        return written
    return listed.internal_date or now


_EARLIEST = 1990


def _business(look: triage.Look, steady: frozenset[str]) -> set[str]:
    """The people of a kept message to follow to their other mail: those who write from a business
    address (never a personal mailbox) and whom the user has not been writing with for long."""
    return {who for who in look.people if not senders.is_free_mail(who) and who not in steady}


def _widen(seen: dict[str, tuple[int, int]], people: Iterable[str], at: dt.datetime) -> None:
    when = int(at.timestamp())
    for who in people:
        first, last = seen.get(who, (when, when))
        seen[who] = (min(first, when), max(last, when))


def _long_standing(seen: Mapping[str, tuple[int, int]], stored: Mapping[str, tuple[int, int]]) -> frozenset[str]:
    """Who, of `seen`, the user has corresponded with for longer than a hiring process lasts
    (threads.SPAN_DAYS): a friend, a colleague, a recruiter who is also a friend. Their mail is judged
    on its own words, never kept for being near other kept mail: a friend telling of her own interview
    would otherwise bring two years of her mail, and a colleague's "Interview loop debrief" every
    calendar invite of the team. A recruiter's process is still followed once detection found it
    (`keep_near`)."""
    longest = threads.SPAN_DAYS * 86400
    steady = set()
    for who, (first, last) in seen.items():
        before = stored.get(who)
        if before is not None:
            first, last = min(first, before[0]), max(last, before[1])
        if last - first > longest:
            steady.add(who)
    return frozenset(steady)


def _triage_bodies(maybes: list[_Maybe], kept: set[int], known: People, steady: frozenset[str], source: MailSource,
                   state: State, progress: Progress | None, account: str, my_name: str,
                   starts: dict[str, bytes], now: dt.datetime) -> list[Undecided]:
    """Keep the undecided messages whose conversation is kept, or whose body's start speaks of a job,
    or that are near kept business mail with the same people; the rest, for `keep_near`. `starts`:
    bodies' starts read already (`_sent_first`)."""
    from rules import triage
    from watcher import preview

    already = state.kept({m.conv for m in maybes}) | kept
    kept |= {m.conv for m in maybes if m.conv in already}
    undecided = []
    unread = []
    old = now - dt.timedelta(days=threads.SPAN_DAYS)
    for maybe in maybes:
        if maybe.conv in already:
            continue
        if maybe.at < old and maybe.look.people and all(who in steady for who in maybe.look.people):
            # Someone the user has written with for longer than a hiring process lasts (a friend, a
            # colleague), in mail older than a process lasts: nearly all of a years-deep mailbox's
            # personal mail (43,800 of the blind 100k's 45,500 body starts). Their chat about jobs and
            # interviews is their own; a process of theirs that long ago can have nothing timely left,
            # and one found through other mail (a recruiting system's, a new address) still gets its
            # mail near it (`keep_near`). Recent mail of theirs is read as anyone's.
            undecided.append(Undecided(maybe.conv, maybe.look.people, maybe.at))
        else:
            unread.append(maybe)
    by_role: dict[Role, list[_Maybe]] = {}
    for maybe in unread:
        by_role.setdefault(maybe.role, []).append(maybe)
    looked = 0
    positions = {id(maybe): number for number, maybe in enumerate(unread)}

    def judge(item: tuple[int, bytes]) -> bool:
        """Whether a message's start keeps its conversation: it speaks of a job, or it cannot be read
        (it could be anything: read it whole). Pure, so a forked worker can judge half of each batch:
        it has `unread` from the fork, and gets each start with its place in that list."""
        number, prefix = item
        envelope = unread[number].envelope
        words = preview.text(prefix, envelope)
        return not words or triage.about_a_job(words, my_name) or triage.names_a_job_title(envelope.subject)

    # a first scan looks at the starts of tens of thousands: half of each batch in a forked worker
    with fanout.halves(judge, len(unread)) as judge_all:
        # Sent first: the listing ended there, so the server switches folders once (INBOX, the large one,
        # is opened again only once, and `read` goes on in it)
        for role, group in sorted(by_role.items(), key=lambda item: item[0] is Role.INBOX):
            batches: list[tuple[int, list[_Maybe]]] = []  # (messages in the batch, those whose start is asked for)
            for start in range(0, len(group), PEEK_BATCH):
                batch = group[start:start + PEEK_BATCH]
                # A preview given for free (Gmail's snippet, the first ~200 characters of the text) keeps
                # a conversation when it speaks of a job; it cannot rule one out, since the words that
                # tell may come later ("Nadia here, co-founder of Foxglove - ... an hour-long video
                # chat"): then the body's start decides, as on every other backend.
                asked = []
                for maybe in batch:
                    if maybe.preview is not None and triage.about_a_job(_snippet(maybe.preview), my_name):
                        kept.add(maybe.conv)
                        known.add(_business(maybe.look, steady), maybe.at)
                    else:
                        asked.append(maybe)
                batches.append((len(batch), asked))
            # every batch's refs told up front: a source may ask for the next batch's starts while this
            # one's are read (IMAP sends that FETCH ahead)
            answers = source.peeks(role, [[m.ref for m in asked if m.ref not in starts] for _, asked in batches])
            for (size, asked), prefixes in zip(batches, answers, strict=True):
                present: list[tuple[_Maybe, bytes]] = []
                for maybe in asked:
                    prefix = starts[maybe.ref] if maybe.ref in starts else prefixes.get(maybe.ref)
                    if prefix is not None:  # else gone from the server since the listing
                        present.append((maybe, prefix))
                verdicts = judge_all([(positions[id(maybe)], prefix) for maybe, prefix in present])
                for (maybe, _), keep in zip(present, verdicts, strict=True):
                    if keep:
                        kept.add(maybe.conv)
                        known.add(_business(maybe.look, steady), maybe.at)
                    else:
                        undecided.append(Undecided(maybe.conv, maybe.look.people, maybe.at))
                looked += size
                if progress and len(unread) > 1000:
                    progress(f"{account}: {looked}/{len(unread)} personal messages looked at")
    # elsewhere in the batch, mail near kept business mail with the same people: the same process
    kept |= {u.conv for u in undecided if known.near(u.people, u.at, steady)}
    return [u for u in undecided if u.conv not in kept]


def _parse_encoded(account: str, me: frozenset[str], mail: Fetched) -> tuple[tuple[bytes, str] | None, str]:
    """One fetched message parsed and encoded as the state keeps it (with its Message-ID), or (None, why)
    when it cannot be read: one odd mail never stops the scan, it is kept as unreadable and not read again."""
    from watcher import parse  # the parser is imported only when there is mail to parse

    message, why = parse.safe_parse(mail, account, me)
    return ((encode_message(message), message.message_id) if message is not None else None), why


def _snippet(preview: bytes) -> str:
    """A backend's preview is plain text already (Gmail's snippet), whatever the message's MIME type."""
    return " ".join(preview.decode("utf-8", errors="replace").split())


def read(account: str, source: MailSource, state: State, me: frozenset[str],
         progress: Progress | None) -> list[tuple[str, int]]:
    """Fetch, parse and store the messages of kept conversations that are not parsed yet; (account, key)
    of each one read (gone or unreadable ones included: their threads are looked at again)."""
    version = versions.parser_version()
    unread = state.unread(account, version)
    if not unread:
        with state.transaction():
            state.set_meta(_READ_BY + account, str(version))
        return []
    by_role: dict[Role, list[tuple[int, str]]] = {}
    for message_key, role, ref in unread:
        by_role.setdefault(role, []).append((message_key, ref))
    done: list[tuple[str, int]] = []
    # a first scan parses thousands: half of each batch in a forked worker, while this process reads on
    with fanout.halves(functools.partial(_parse_encoded, account, me), len(unread)) as parse_all:
        # INBOX first: the peeks (or the listing) leave a folder open, and INBOX is the costly one to open
        for role, group in sorted(by_role.items(), key=lambda item: item[0] is not Role.INBOX):
            for start in range(0, len(group), FETCH_BATCH):
                batch = group[start:start + FETCH_BATCH]
                fetched = source.fetch(role, [ref for _, ref in batch])
                present = [(message_key, fetched[ref]) for message_key, ref in batch if ref in fetched]
                parsed = dict(zip([key for key, _ in present], parse_all([mail for _, mail in present]), strict=True))
                with state.transaction():
                    for message_key, _ in batch:
                        if message_key not in parsed:
                            # gone from the server: an older parse of it, if any, stays as it was
                            state.keep_parsed_as_is(account, message_key, version)
                            continue
                        encoded, why = parsed[message_key]
                        state.save_encoded(account, message_key, encoded, version, why)
                done.extend((account, message_key) for message_key, _ in batch)
                if progress and len(unread) > 200:
                    progress(f"{account}: {len(done)}/{len(unread)} messages of possible interviews read")
    with state.transaction():
        state.set_meta(_READ_BY + account, str(version))
    return done
