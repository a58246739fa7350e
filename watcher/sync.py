"""What is new in an account's folders -> the index, triage, and the parsed mail of kept conversations.

The cost of a sync follows the mail that matters, not the size of the mailbox:

1. every new message is listed by its headers only, in chunks, and indexed: a 64-bit key, where to
   fetch it, and its conversation (messages that name each other share one);
2. triage (`rules/triage.py`) keeps conversations from their headers, or from the first few KB of a
   person's mail when the headers cannot tell; later mail with the people of a kept conversation is
   kept too;
3. only the messages of kept conversations are fetched whole, parsed once and stored.

The cursors are stored with the triage verdicts, in one transaction, after every new message was
indexed: a crash before that lists the same messages again next time (indexing is idempotent), and
a crash after it finds the unread messages of kept conversations still unread.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rules import triage
from watcher import detect, headers, parse, preview
from watcher.config import Account
from watcher.model import Envelope, Role
from watcher.sources import Listed, MailSource
from watcher.state import State, key_of

log = logging.getLogger(__name__)

Progress = Callable[[str], None]
PEEK_BATCH = 500
FETCH_BATCH = 100


@dataclass
class Synced:
    """What one sync of one account did."""

    listed: int = 0  # new messages indexed
    read: int = 0  # messages fetched whole and parsed


@dataclass(frozen=True)
class _Maybe:
    """A message whose headers could not tell: its body's first lines will."""

    conv: int
    role: Role
    ref: str
    envelope: Envelope
    look: triage.Look
    preview: bytes | None


def sync(account: Account, source: MailSource, state: State, now: dt.datetime, identity: detect.Identity,
         progress: Progress | None = None) -> Synced:
    since = now - dt.timedelta(days=account.lookback_days)
    synced = Synced()
    known_people = state.people(account.name)
    kept: set[int] = set()
    people: set[str] = set()
    maybes: list[_Maybe] = []
    cursors: dict[Role, str] = {}
    for role in (Role.INBOX, Role.SENT):
        listing = source.listing(role, state.cursor(account.name, role), since)
        for chunk in listing.chunks:
            for conv, envelope, listed, look in _index(account.name, chunk, state, identity):
                synced.listed += 1
                reach = _reach(look)
                if look.verdict is triage.Verdict.YES or (look.verdict is triage.Verdict.MAYBE and reach & known_people):
                    kept.add(conv)
                    people |= reach
                elif look.verdict is triage.Verdict.MAYBE:
                    maybes.append(_Maybe(conv, role, listed.ref, envelope, look, listed.preview))
            if progress and listing.total and listing.total > 1000:
                progress(f"{account.name}: {synced.listed} messages indexed ({role.value}: {listing.total} new)")
        cursors[role] = listing.cursor()
    if synced.listed:
        _triage_bodies(maybes, kept, people, source, state, progress, account.name)
    with state.transaction():
        state.keep(kept)
        state.add_people(account.name, people - known_people)
        for role, cursor in cursors.items():
            state.set_cursor(account.name, role, cursor)
    synced.read = _read(account.name, source, state, identity.addresses, progress)
    if synced.listed:
        log.info("%s: %d new messages indexed, %d read whole", account.name, synced.listed, synced.read)
    return synced


def _index(account: str, chunk: Sequence[Listed], state: State,
           identity: detect.Identity) -> list[tuple[int, Envelope, Listed, triage.Look]]:
    """Index one chunk of a listing; each message with its conversation, envelope and triage verdict."""
    entries = []
    looked = []
    for listed in chunk:
        envelope = headers.read(listed.header)
        message_id = envelope.message_id or "<synthetic-" + hashlib.sha256(listed.header).hexdigest()[:32] + ">"
        links = [key_of(m) for m in (message_id, *envelope.links[1:])]
        if listed.provider_thread_id:
            links.append(key_of("thread:" + listed.provider_thread_id))
        key = links[0]
        entries.append((key, listed.role, listed.ref, links))
        look = triage.look(envelope, listed.role is Role.SENT, identity.addresses, identity.domains)
        looked.append((key, envelope, listed, look))
    with state.transaction():
        convs = state.index(account, entries)
    return [(convs[key], envelope, listed, look) for key, envelope, listed, look in looked]


def _reach(look: triage.Look) -> set[str]:
    return {*look.people, *("@" + company for company in look.companies)}


def _triage_bodies(maybes: list[_Maybe], kept: set[int], people: set[str], source: MailSource, state: State,
                   progress: Progress | None, account: str) -> None:
    """Keep the undecided messages whose body's start speaks of a job, or whose people another kept
    message has, or whose conversation is kept already."""
    already = state.kept({m.conv for m in maybes}) | kept
    undecided = [m for m in maybes if m.conv not in already and not (_reach(m.look) & people)]
    for maybe in maybes:
        if maybe.conv in already or _reach(maybe.look) & people:
            kept.add(maybe.conv)
    by_role: dict[Role, list[_Maybe]] = {}
    for maybe in undecided:
        by_role.setdefault(maybe.role, []).append(maybe)
    looked = 0
    for role, group in by_role.items():
        for start in range(0, len(group), PEEK_BATCH):
            batch = group[start:start + PEEK_BATCH]
            asked = [m.ref for m in batch if m.preview is None]
            prefixes = source.peek(role, asked) if asked else {}
            for maybe in batch:
                prefix = maybe.preview if maybe.preview is not None else prefixes.get(maybe.ref)
                if prefix is None:
                    continue  # gone from the server since the listing
                words = preview.text(prefix, maybe.envelope)
                # a body we cannot read at its start could be anything: read it whole
                if not words or triage.about_a_job(words):
                    kept.add(maybe.conv)
                    people |= _reach(maybe.look)
            looked += len(batch)
            if progress and len(undecided) > 1000:
                progress(f"{account}: {looked}/{len(undecided)} personal messages looked at")
    # later in the same batch, mail with the people just kept: the same process
    for maybe in undecided:
        if _reach(maybe.look) & people:
            kept.add(maybe.conv)


def _read(account: str, source: MailSource, state: State, me: frozenset[str], progress: Progress | None) -> int:
    """Fetch, parse and store the messages of kept conversations that are not parsed yet."""
    unread = state.unread(account, parse.PARSER_VERSION)
    by_role: dict[Role, list[tuple[int, str]]] = {}
    for message_key, role, ref in unread:
        by_role.setdefault(role, []).append((message_key, ref))
    done = 0
    for role, group in by_role.items():
        for start in range(0, len(group), FETCH_BATCH):
            batch = group[start:start + FETCH_BATCH]
            fetched = source.fetch(role, [ref for _, ref in batch])
            with state.transaction():
                for message_key, ref in batch:
                    mail = fetched.get(ref)
                    if mail is None:
                        # gone from the server: an older parse of it, if any, stays as it was
                        state.keep_parsed_as_is(account, message_key, parse.PARSER_VERSION)
                        continue
                    # one odd mail never stops the scan: it is kept as unreadable, with why, and not read again
                    message, why = parse.safe_parse(mail, account, me)
                    state.save_parsed(account, message_key, message, parse.PARSER_VERSION, why)
            done += len(batch)
            if progress and len(unread) > 200:
                progress(f"{account}: {done}/{len(unread)} messages of possible interviews read")
    return done
