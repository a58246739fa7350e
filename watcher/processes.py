"""Threads -> hiring processes: the threads of one candidacy with one company. Pure.

A hiring process is more than one thread: an applicant-tracking system's confirmation, the
recruiter's own thread, a rescheduling, a timeline update under a new subject. Backends draw the
line between threads differently (Gmail's thread ids split a conversation whose subject changed;
References join it), so planning happens per process, and a process is found from evidence that
every backend sees alike, strongest first:

1. Message-ID links between threads (In-Reply-To / References, RFC 5322 section 3.6.4), and the
   provider's thread ids (Gmail's threadId / X-GM-THRID) — one signal among others, never a
   reason to keep two threads apart;
2. the same hiring-side person (a human address, never a robot or the user) within
   `WINDOW_DAYS` of the process's last message;
3. another person of the same company (registrable domain, never a free-mail provider nor the
   user's own employer) writing about the same role (two telling subject words in common), or a
   recruiting system writing for that company;
4. a recruiting system's mail that names the company, or comes in the same voice as its earlier
   mail ("Acme via Ashby"); a voice in the system's own words only ("Greenhouse
   <no-reply@greenhouse.io>") is every customer's, and ties nothing.

Two candidacies with one company stay apart unless one of these ties them. A process is named after
its earliest thread (thread ids are stable), or after a member that already has follow-ups, so a
thread that joins a process later never makes its drafts planned twice under a new name.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rules import phrases, recipient, senders
from watcher import threads
from watcher.model import Message, Role, Thread
from watcher.threads import (
    AGENCY_WORDS,
    NEW_ROLE_GAP,
    SPAN_DAYS,
    TITLE_WORDS,
    announces_another_role,
    company_words,
    counterparts,
    topic,
)

WINDOW_DAYS = 60  # as threads.FALLBACK_DAYS: past two months, a new conversation is a new candidacy


@dataclass(frozen=True)
class Process:
    """One candidacy: its threads (earliest first) and its id (the id of the thread that names it)."""

    process_id: str
    account: str
    threads: tuple[Thread, ...]

    @property
    def thread_ids(self) -> tuple[str, ...]:
        return tuple(t.thread_id for t in self.threads)

    def merged(self) -> Thread:
        """Every message of the process, once, in date order, as one thread named after the process:
        what detection reads, so a timeline stated in any thread governs the whole process."""
        by_id: dict[str, Message] = {}
        for thread in self.threads:
            for message in thread.messages:
                by_id.setdefault(message.message_id, message)
        ordered = sorted(by_id.values(), key=lambda m: (m.date, m.message_id))
        return Thread(thread_id=self.process_id, account=self.account, messages=tuple(ordered))


@dataclass(frozen=True)
class _Traits:
    """What a thread shows of its process, computed once per thread."""

    links: frozenset[str]  # its message ids, their ancestors, and its provider thread ids
    people: frozenset[str]  # the human addresses on the hiring side
    domains: frozenset[str]  # the registrable business domains of those people
    topic: frozenset[str]  # telling words of its subjects (the role)
    robot_voice: str  # a recruiting system's display name and address squashed ("" when none writes)
    names: frozenset[str]  # the ways its robots' names and subjects can name a company
    company: frozenset[str]  # the words of its subjects that name its people's companies
    shared_voice: bool = False  # its robot speaks in the system's own words only: every customer's voice
    # hiring-side people's full names, theirs or relayed by a platform ("Dana Whitfield via LinkedIn")
    person_names: frozenset[str] = frozenset()
    relayed: bool = False  # a platform relays a person's messages in it
    # people the hiring side copies on its own mail: the agency recruiter on the client's invitation
    copied: frozenset[str] = frozenset()
    # the words its robot's display name calls the company by ("harrowgate", "mutual" of "Harrowgate Mutual
    # Careers"): the system's own words and a legal form left out
    robot_company: frozenset[str] = frozenset()
    subjects: tuple[str, ...] = ()  # its subjects, for the role one names (read only when a join asks)
    robot_texts: tuple[str, ...] = ()  # a robot's thread with no person: its mail's words (the role it names)


ROBOT_KEY = "robot"  # the join key of every thread a recruiting system writes in


def group(threads: Iterable[Thread], me: frozenset[str], preferred: frozenset[str] = frozenset()) -> tuple[Process, ...]:
    """The processes of `threads`; `preferred` holds thread ids that already have follow-ups (a process
    keeps such a name). Every thread belongs to exactly one process."""
    return group_keyed(threads, me, preferred)[0]


def group_keyed(threads: Iterable[Thread], me: frozenset[str],
                preferred: frozenset[str] = frozenset()) -> tuple[tuple[Process, ...], dict[str, frozenset[str]]]:
    """`group`, and each thread's join keys (`join_keys`): what the state indexes threads by, so that
    new mail is threaded again only with the threads it can join."""
    ordered = sorted(threads, key=lambda t: (t.messages[0].date, t.thread_id) if t.messages else (_EPOCH, t.thread_id))
    own = _own_domains(me)
    parent = {t.thread_id: t.thread_id for t in ordered}

    def find(item: str) -> str:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(first: str, second: str) -> None:
        a, b = find(first), find(second)
        if a != b:
            dates = [begun[root] for root in (a, b) if root in begun]
            parent[b] = a  # `first` is the earlier thread: the root stays the earliest
            if dates:
                begun[a] = min(dates)
            peopled[a] = peopled.get(a, ()) + peopled.pop(b, ())

    traits = {t.thread_id: _traits(t, me, own) for t in ordered}
    # root -> the traits of its threads with people on the hiring side: a robot's mail that names a
    # company bridges to one candidacy with it, never from one to another
    peopled: dict[str, tuple[_Traits, ...]] = {t: (found,) for t, found in traits.items() if found.people}
    # when each process began: its earliest mail (kept under its root by `union`)
    begun: dict[str, dt.datetime] = {t.thread_id: t.messages[0].date for t in ordered if t.messages}
    by_link: dict[tuple[str, str], str] = {}
    for thread in ordered:
        for link in traits[thread.thread_id].links:
            earlier = by_link.setdefault((thread.account, link), thread.thread_id)
            if earlier != thread.thread_id:
                union(earlier, thread.thread_id)
    agency: dict[str, bool] = {}  # thread id -> whether an agency's recruiter writes in it (read when asked)
    # candidates come from an index of what threads show, so the cost follows the threads that share something
    index: dict[tuple[str, str, str], list[int]] = defaultdict(list)  # positions, ascending
    # a thread begun more than SPAN_DAYS before another can join no process with it (the span check
    # below), so each look-up reads only the index's tail from that day on: a busy key (a recruiting
    # system's voice, a colleague) is not read back over two years for every thread
    starts = [t.messages[0].date if t.messages else _EPOCH for t in ordered]
    dated = [sorted(m.date for m in t.messages) for t in ordered]
    span = dt.timedelta(days=SPAN_DAYS)
    for position, thread in enumerate(ordered):
        if not thread.messages:
            continue
        mine = traits[thread.thread_id]
        start = thread.messages[0].date
        another = announces_another_role(thread.messages[0])
        oldest = bisect.bisect_left(starts, start - span)
        candidates: set[int] = set()
        for key in _keys(mine, looking=True):
            filed = index.get((thread.account, *key), ())
            candidates.update(filed[bisect.bisect_left(filed, oldest):])
        for earlier_position in sorted(candidates, reverse=True):  # the most recent start first
            previous = ordered[earlier_position]
            dates = dated[earlier_position]
            before = bisect.bisect_right(dates, start)
            last_before = dates[before - 1] if before else None
            if last_before is None or start - last_before > dt.timedelta(days=WINDOW_DAYS):
                continue
            if start - begun.get(find(previous.thread_id), start) > dt.timedelta(days=SPAN_DAYS):
                continue  # a process spans SPAN_DAYS at most from its first mail (as threads.SPAN_DAYS)
            if start - last_before >= NEW_ROLE_GAP and _another_role(traits[previous.thread_id], mine):
                continue  # the same recruiter, weeks later, about another role: another candidacy
            if another:
                continue  # "Separate from your SRE process - we've just opened ...": said in so many words
            if (_same_process(traits[previous.thread_id], mine) or _names_colleague(previous, thread, traits)) \
                    and not _other_clients(previous, thread, traits, agency) \
                    and not _rivals(traits[previous.thread_id], mine, peopled.get(find(previous.thread_id), ())):
                union(previous.thread_id, thread.thread_id)
                break
        for key in _keys(mine, looking=False):
            index[(thread.account, *key)].append(position)

    members: dict[str, list[Thread]] = defaultdict(list)
    for thread in ordered:
        members[find(thread.thread_id)].append(thread)
    processes = []
    for group_threads in members.values():
        named = next((t for t in group_threads if t.thread_id in preferred), group_threads[0])
        processes.append(Process(named.thread_id, group_threads[0].account, tuple(group_threads)))
    return tuple(processes), {thread_id: _join_keys(found) for thread_id, found in traits.items()}


def join_keys(messages: Sequence[Message], me: frozenset[str]) -> frozenset[str]:
    """What mail not threaded yet can join other threads by (threads.py's fallback, and `group`), as
    `group_keyed` gives them for threads: its hiring-side people, their companies' domains and the
    names those go by, a recruiting system writing (`ROBOT_KEY`); and the names a recruiting system's
    mail with no person in it calls companies by (it joins the conversation of the company it names).
    Mail sharing none of these with a thread joins it, or its process, only by Message-ID links, or
    through a third thread that shares one with both."""
    own = _own_domains(me)
    keys: set[str] = set()
    for message in messages:
        traits = _traits(Thread("", message.account, (message,)), me, own)
        keys |= _join_keys(traits)
        if traits.robot_voice and not traits.people:
            keys.update("name:" + n for n in traits.names)
    return frozenset(keys)


def _join_keys(traits: _Traits) -> frozenset[str]:
    return frozenset((*("person:" + p for p in traits.people | traits.copied), *("domain:" + d for d in traits.domains),
                      *("pname:" + n for n in traits.person_names),
                      *("name:" + t for d in traits.domains for t in _tokens(d)),
                      *((ROBOT_KEY,) if traits.robot_voice else ())))


def _own_domains(me: frozenset[str]) -> frozenset[str]:
    return frozenset(senders.registrable_domain(a.rpartition("@")[2]) for a in me if not senders.is_free_mail(a))


def reply_target(process: Process, contact: str) -> Message | None:
    """The message a draft of the process answers (`threads.reply_parent`) in the newest thread that has
    the contact in it (their own thread, not the ATS confirmation beside it), else in the newest thread.
    None for a process with one thread: its last message is the detection's own."""
    if len(process.threads) < 2:
        return None
    talking = [t for t in process.threads if t.messages and any(contact in _addresses(m) for m in t.messages)]
    candidates = talking or [t for t in process.threads if t.messages]
    if not candidates:
        return None
    newest = max(candidates, key=lambda t: (threads.reply_parent(t.messages).date, t.thread_id))
    return threads.reply_parent(newest.messages)


def _addresses(message: Message) -> set[str]:
    people = (*((message.sender,) if message.sender else ()), *message.reply_to, *message.to, *message.cc)
    return {a.email for a in people}


def of_threads(processes: Sequence[Process]) -> Mapping[str, str]:
    """thread id -> the id of its process."""
    return {thread_id: p.process_id for p in processes for thread_id in p.thread_ids}


def _keys(traits: _Traits, looking: bool) -> Iterable[tuple[str, str]]:
    """The index keys a thread is filed under (`looking` False) or looks up (True): its people, its
    domains, its robots' voice; a robot-only thread's name keys meet the company tokens of people."""
    yield from (("person", p) for p in traits.people | traits.copied)
    yield from (("pname", n) for n in traits.person_names)
    yield from (("domain", d) for d in traits.domains)
    if traits.robot_voice and not traits.shared_voice:
        yield ("voice", traits.robot_voice)
    robot_only = bool(traits.robot_voice) and not traits.people
    if robot_only:
        yield from (("token", n) for n in traits.names) if looking else (("name", n) for n in traits.names)
    else:
        tokens = (t for d in traits.domains for t in _tokens(d))
        yield from (("name", t) for t in tokens) if looking else (("token", t) for t in tokens)


def _same_process(earlier: _Traits, later: _Traits) -> bool:
    if earlier.people & later.people:
        return True
    if (earlier.people & later.copied or later.people & earlier.copied) \
            and (_same_role(earlier, later, earlier.company | later.company)
                 or (later.company & earlier.topic and not _names_a_role(later))
                 or (earlier.company & later.topic and not _names_a_role(earlier))):
        # the client's hiring manager sends his own invitation with the agency recruiter copied, or a
        # recruiter copies the colleague who then writes under a subject of her own: one role, one process;
        # or the one copied writes about that company ("Hollis Medical Devices - interview request" from
        # the agency, "Hollis Medical Devices - Interview: Alex Candidate" from Hollis with her in Cc)
        return True
    if earlier.person_names & later.person_names and (earlier.relayed or later.relayed):
        return True  # a platform relaying the recruiter's messages ("Dana Whitfield via LinkedIn")
    shared_domains = earlier.domains & later.domains
    if shared_domains:
        if later.robot_voice and not later.people - _of_domains(later.people, shared_domains):
            return True  # a recruiting system writing with that company's people on it
        if _same_role(earlier, later, earlier.company | later.company):
            return True
    if later.robot_voice and earlier.robot_voice == later.robot_voice and not later.shared_voice:
        return True
    robot, people = (later, earlier) if later.robot_voice and not later.people else (earlier, later)
    if robot.robot_voice and not robot.people:
        return any(_names_company(robot.names, d) for d in people.domains) and not _named_otherwise(robot, people) \
            and not threads.other_role(threads.robot_role(robot.subjects, robot.robot_texts),
                                       threads.robot_role(people.subjects, ()))
    return False


def _another_role(earlier: _Traits, later: _Traits) -> bool:
    """Whether the same person's two threads name two different roles in their subjects."""
    return bool(earlier.people & later.people) and threads.other_role(threads.subject_role(later.subjects),
                                                                       threads.subject_role(earlier.subjects))


def _names_a_role(traits: _Traits) -> bool:
    """Whether a thread's subjects name a role ("... - Finance Analyst"), not only the company and the user."""
    from rules import names

    return bool(names.role_title(traits.subjects, ()))


def _names_colleague(earlier: Thread, later: Thread, traits: Mapping[str, _Traits]) -> bool:
    """Whether one of two threads with people of one company names the other's person by their full
    name in the hiring side's words: "my colleague Ben Whitaker from our coordination team will reach
    out separately to find a time" before Ben's "Scheduling: virtual panel", or Ben's "Gabriela will be
    in touch" naming her in full elsewhere. Read only for threads that already share a company."""
    first, second = traits[earlier.thread_id], traits[later.thread_id]
    if not first.domains & second.domains:
        return False
    return _named_in(earlier, second.person_names - first.person_names) \
        or _named_in(later, first.person_names - second.person_names)


def _named_in(thread: Thread, names: frozenset[str]) -> bool:
    if not names:
        return False
    surnames = [name.rpartition(" ")[2] for name in names]
    for message in thread.messages:
        if message.role is not Role.INBOX or message.auto_submitted or not message.author_text:
            continue
        lower = message.author_text.lower()
        if not any(surname in lower for surname in surnames):
            continue  # the cheap look first: most mail names none of them
        said = " " + " ".join(_WORD.findall(lower)) + " "
        if any(f" {name} " in said for name in names):
            return True
    return False


def _named_otherwise(robot: _Traits, people: _Traits) -> bool:
    return threads.named_otherwise(robot.robot_company, people.company)


def _same_role(earlier: _Traits, later: _Traits, company: frozenset[str]) -> bool:
    """Whether two threads' subjects name one role: two telling words in common. The company's own name
    in both subjects (`company`: a word of the domain's name, "brackwater" and "media" of
    brackwater-media.example.com) says nothing about which process it is, and words every title has
    ("Senior … Engineer") tell two roles apart only beside a word that tells."""
    shared = earlier.topic & later.topic - AGENCY_WORDS - company
    return len(shared) >= 2 and bool(shared - TITLE_WORDS)


def _rivals(earlier: _Traits, later: _Traits, members: Sequence[_Traits]) -> bool:
    """Whether `later`'s people would join, through a recruiting system's thread, a process whose
    people are in another candidacy: through a robot's thread that only names their company, other
    people of that company (another role, its own recruiter); through the system's voice alone, people
    none of whom `later` shares or works with ("Orrery Labs <no-reply@ashbyhq.com>" for two
    candidacies, each with its own recruiter)."""
    if not later.people or not earlier.robot_voice:
        return False
    if not earlier.people and any(m.domains & later.domains and not _same_process(m, later) for m in members):
        return True
    if earlier.robot_voice != later.robot_voice or earlier.people & later.people:
        return False
    return bool(members) and not any(m.people & later.people or (m.domains & later.domains and _same_process(m, later))
                                     for m in members)


def _other_clients(earlier: Thread, later: Thread, traits: Mapping[str, _Traits], agency: dict[str, bool]) -> bool:
    """Two threads of one agency recruiter about different roles: an agency writes for several clients
    at once, so its recruiter is one person in several processes; their subjects tell them apart (two
    telling words in common, as for two people of one company, make them one). One of the two threads
    speaking as an agency is enough: the recruiter is the same person in both."""
    first, second = traits[earlier.thread_id], traits[later.thread_id]
    clients = _clients(first.subjects), _clients(second.subjects)
    if clients[0] and clients[1] and not clients[0] & clients[1]:
        return True  # "... with my client Nimbus Forge", "... with my client Fernhill Analytics": whoever writes
    if not first.people & second.people:
        return False
    for thread in (earlier, later):
        if thread.thread_id not in agency:
            agency[thread.thread_id] = any(
                m.role is Role.INBOX and not m.bulk and phrases.first("agency", m.author_text) is not None
                for m in thread.messages)
    # an agency recruiter is one in every thread of theirs, though one may hold no word of it ("and here's
    # the second one, as promised")
    if not (agency[earlier.thread_id] or agency[later.thread_id]):
        return False
    shared = first.topic & second.topic - AGENCY_WORDS
    return not (len(shared) >= 2 and shared - TITLE_WORDS)


# the client an agency's subject names: "Product Engineer opportunity with my client Fernhill Analytics"
_CLIENT = re.compile(r"\b(?:my|our|a) client,?\s+((?:[A-Z][\w&'.-]*\s*){1,4})")


def _clients(subjects: Sequence[str]) -> frozenset[str]:
    """The words of the clients the subjects name (lower case), none when they name none."""
    return frozenset(w for s in subjects if "client" in s for m in _CLIENT.finditer(s)
                     for w in _WORD.findall(m.group(1).lower()))


def _of_domains(people: frozenset[str], domains: frozenset[str]) -> frozenset[str]:
    return frozenset(p for p in people if senders.registrable_domain(p.rpartition("@")[2]) in domains)


def _traits(thread: Thread, me: frozenset[str], own: frozenset[str]) -> _Traits:
    links: set[str] = set()
    people: set[str] = set()
    voice = ""
    shared_voice = False
    names: set[str] = set()
    person_names: set[str] = set()
    relayed = False
    words: set[str] = set()
    copied: set[str] = set()
    robot_company: frozenset[str] = frozenset()
    for message in thread.messages:
        links.update((message.message_id, *message.references))
        if message.in_reply_to:
            links.add(message.in_reply_to)
        if message.provider_thread_id:
            links.add(f"provider:{message.provider_thread_id}")
        if not message.auto_submitted:
            # an out-of-office's "Automatic reply: ..." adds words of its own to any thread it answers:
            # two away recruiters would share a topic
            words |= topic(message.subject)
        sender = message.sender
        if message.role is Role.INBOX and sender is not None and senders.is_automated(sender.email) \
                and not senders.is_recruiting_system(sender.email) and (via := senders.relayed_person(sender.name)):
            # a platform's notification of a person's message (it carries List-Unsubscribe like any bulk mail)
            person_names.add(_full_name(via))
            relayed = True
        if message.bulk:
            continue  # a mailing list's people are nobody's recruiters
        found = _counterparts(message, me)
        people |= found
        if message.role is Role.INBOX and sender is not None and sender.name and sender.email in found:
            person_names.add(_full_name(sender.name))
            if not message.auto_submitted:
                copied.update(a.email for a in (*message.to, *message.cc)
                              if a.email not in me and not senders.is_automated(a.email))
        if message.role is Role.INBOX and sender and senders.is_recruiting_system(sender.email):
            if not voice:
                voice = _squash(f"{sender.name} {sender.email}")
                shared_voice = senders.names_no_company(sender.name, sender.email)
                robot_company = threads.robot_company(sender.name)
            names |= _name_keys(f"{sender.name} {sender.email} {message.subject}")
    domains = {senders.registrable_domain(p.rpartition("@")[2]) for p in people if not senders.is_free_mail(p)}
    company = frozenset().union(*(company_words(s, domains) for s in {m.subject for m in thread.messages})) \
        if domains else frozenset()
    return _Traits(frozenset(links), frozenset(people), frozenset(domains - own), frozenset(words), voice,
                   frozenset(names), company, shared_voice, frozenset(person_names) - {""}, relayed,
                   frozenset(copied - people), robot_company, tuple(dict.fromkeys(m.subject for m in thread.messages)),
                   tuple(m.author_text for m in thread.messages if m.role is Role.INBOX) if voice and not people else ())


def _counterparts(message: Message, me: frozenset[str]) -> set[str]:
    """The human addresses on the other side of a message (threads.counterparts). A robot's mail with
    no person to reply to names its person in the text ("email me directly at ..."): the business
    addresses written there, as the contact is chosen (rules/recipient.py)."""
    found = counterparts(message, me)
    if not found and message.role is Role.INBOX:
        written = (a.email for a in recipient.addresses_in(message.author_text))
        found = {a for a in written if a not in me and not senders.is_automated(a) and not senders.is_free_mail(a)}
        if len(found) > _WRITTEN_MAX:
            return set()  # a directory of addresses names nobody in particular
    return found


def _full_name(name: str) -> str:
    """A display name folded, when it is a full name of two words or more ("" otherwise)."""
    words = _WORD.findall(name.lower())
    return " ".join(words) if len(words) >= 2 else ""


_WRITTEN_MAX = 3  # a robot's mail that lists more addresses than this is a directory, not a contact


_WORD = re.compile(r"[^\W_]+")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _names_company(names: frozenset[str], domain: str) -> bool:
    """Whether a robot's names name the company of `domain`: its label as a word or words run together
    ("larchmontbio"), or a hyphenated label's words at the start of the name ("Larchmont Biosystems" for
    larchmont-bio; never "Larchmont Health")."""
    label = domain.split(".")[0]
    whole = _squash(label)
    if len(whole) >= 4 and whole in names:
        return True
    bare = _without_suffix(whole)
    if bare and bare in names:
        return True  # "Halloran Logistics" for hallorangroup
    first = _squash(label.split("-")[0])
    return "-" in label and len(first) >= 4 and first in names and any(n.startswith(whole) for n in names)


# what a company's domain label adds to its name ("hallorangroup" of "Halloran Logistics")
_LABEL_SUFFIXES = ("group", "grp", "corp", "inc", "hq", "careers", "jobs", "global", "holdings", "intl", "usa")


def _without_suffix(label: str) -> str:
    """A domain label without a corporate suffix ("halloran" of "hallorangroup"), when what is left is a
    name of four letters or more; "" otherwise."""
    for suffix in _LABEL_SUFFIXES:
        if label.endswith(suffix) and len(label) - len(suffix) >= 4:
            return label[:-len(suffix)]
    return ""


def _tokens(domain: str) -> tuple[str, ...]:
    """The ways a company's domain label names it: whole ("larchmontbio" of larchmont-bio.example.com),
    without a corporate suffix ("halloran" of hallorangroup), and its first word when the label joins words
    with hyphens ("larchmont", as "Larchmont Biosystems" writes it)."""
    label = domain.split(".")[0]
    found = [_squash(label), _without_suffix(_squash(label))]
    if "-" in label:
        found.append(_squash(label.split("-")[0]))
    return tuple(dict.fromkeys(t for t in found if len(t) >= 4))


def _name_keys(text: str) -> frozenset[str]:
    """The ways `text` can name a company whose domain label is "acmecloud": a whole word, or up to four
    words run together ("AcmeCloud", "Acme Cloud") — never a part of a word."""
    words = _WORD.findall(text.lower())
    return frozenset("".join(words[start:end]) for start in range(len(words))
                     for end in range(start + 1, min(start + 4, len(words)) + 1))


def _squash(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())
