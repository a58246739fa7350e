"""Messages -> threads. Pure.

Order of evidence (strongest first):
1. the provider's thread id (Gmail's threadId / X-GM-THRID);
2. Message-ID links: In-Reply-To and References (RFC 5322 section 3.6.4), including shared ancestors
   we never saw;
3. a careful fallback for mail that breaks threading (applicant-tracking systems send every step as
   a new message): a conversation that starts without any link joins an earlier one when both have
   the same person on the other side — a human address, never an automated sender or the user —
   and it began within `FALLBACK_DAYS` of that thread's last message.

Thread ids are stable: once a message has been given a thread id (kept by the state store), its
thread keeps that id, so follow-ups planned for it are never planned twice under a new name.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from rules import phrases, senders
from watcher.model import Address, Message, Role, Thread

FALLBACK_DAYS = 60
# A conversation joined by the fallback spans at most this long from its first message: someone the
# user writes to every few weeks (a friend, a colleague) is not one endless conversation, while a
# hiring process's link-less steps (an ATS's, a recruiter's new mail) fit in it with room to spare.
SPAN_DAYS = 120


@dataclass(frozen=True)
class Threading:
    """The threads, and the message -> thread id assignments that are new."""

    threads: tuple[Thread, ...]
    new_assignments: Mapping[str, str]


class _Links:
    """Union-find over message ids (and ids of ancestors we may never have seen)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.marked: set[str] = set()  # roots of the conversations a person on the other side writes in

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, first: str, second: str) -> None:
        a, b = self.find(first), self.find(second)
        if a != b:
            self.parent[max(a, b)] = min(a, b)
            if max(a, b) in self.marked:
                self.marked.add(min(a, b))

    def mark(self, item: str) -> None:
        self.marked.add(self.find(item))

    def is_marked(self, item: str) -> bool:
        return self.find(item) in self.marked


def build(messages: Iterable[Message], me: frozenset[str], known: Mapping[str, str]) -> Threading:
    """Group `messages` into threads; `known` maps message ids to thread ids given earlier."""
    by_id: dict[str, Message] = {}
    for message in sorted(messages, key=lambda m: m.date):
        # the same mail can sit in two folders (Gmail labels, a Bcc to self): count it once
        by_id.setdefault(message.message_id, message)
    links = _Links()
    by_provider: dict[str, str] = {}
    for message in by_id.values():
        links.find(message.message_id)
        for ancestor in ((message.in_reply_to,) if message.in_reply_to else ()) + message.references:
            links.union(message.message_id, ancestor)
        if message.provider_thread_id:
            first = by_provider.setdefault(message.provider_thread_id, message.message_id)
            links.union(message.message_id, first)
    _fallback(by_id, links, me)

    groups: dict[str, list[Message]] = defaultdict(list)
    for message in by_id.values():
        groups[links.find(message.message_id)].append(message)

    threads = []
    assignments: dict[str, str] = {}
    for members in groups.values():
        members.sort(key=lambda m: (m.date, m.message_id))
        thread_id = _thread_id(members, known)
        for message in members:
            if known.get(message.message_id) != thread_id:
                assignments[message.message_id] = thread_id
        threads.append(Thread(thread_id=thread_id, account=members[0].account, messages=tuple(members)))
    threads.sort(key=lambda t: t.messages[0].date)
    return Threading(threads=tuple(threads), new_assignments=assignments)


def counterparts(message: Message, me: frozenset[str]) -> set[str]:
    """The human addresses on the other side of a message (never the user, never a robot)."""
    if message.role is Role.SENT:
        candidates: Iterable[Address] = message.to + message.cc
    elif message.auto_submitted:
        # written by a machine (Auto-Submitted, RFC 3834): its sender is no person, whatever its address
        # looks like ("carrowvalley@" of a recruiting system's tenant domain); a Reply-To still names one
        candidates = message.reply_to
    else:
        candidates = ((message.sender,) if message.sender else ()) + message.reply_to
    return {a.email for a in candidates if a.email not in me and not senders.is_automated(a.email)}


def _fallback(by_id: dict[str, Message], links: _Links, me: frozenset[str]) -> None:
    """Join link-less conversation starts to an earlier thread of the same process: one with the same
    human counterpart, or else one sent only by a recruiting system on behalf of the sender's company
    (an ATS confirms the interview, the recruiter writes herself afterwards)."""
    known_ids = set(by_id)
    own_domains = frozenset(senders.registrable_domain(a.rpartition("@")[2]) for a in me if not senders.is_free_mail(a))
    last_seen: dict[str, tuple[str, dt.datetime]] = {}  # counterpart address -> (thread root, last date)
    robots: list[tuple[str, dt.datetime, tuple[str, frozenset[str]]]] = []  # (thread root, date, (voice, name keys))
    companies: dict[str, tuple[str, dt.datetime, frozenset[str]]] = {}  # domain -> (root, last date, subject words)
    company_mail: dict[str, list[tuple[str, dt.datetime]]] = {}  # domain -> its people's messages (id, date), in order
    subjects: dict[str, tuple[str, ...]] = {}  # domain -> its people's latest subjects (the role they name)
    named: dict[str, frozenset[str]] = {}  # domain -> the words its people's subjects call the company by
    begun: dict[str, dt.datetime] = {}  # thread root -> its first message's date
    spoken: dict[str, list[str]] = {}  # counterpart address -> the subjects of their latest conversation
    # counterpart address -> the mail they wrote us with text: whether they ever wrote as an agency's
    # recruiter is read from it only when a conversation of theirs could join another
    written: dict[str, list[Message]] = {}
    agents: dict[str, tuple[int, bool]] = {}  # counterpart -> how many of `written` were read, and whether one spoke so
    full_names: dict[str, tuple[str, dt.datetime]] = {}  # a business writer's full name, folded -> (root, last date)
    span = dt.timedelta(days=SPAN_DAYS)

    def young(root: str, date: dt.datetime) -> bool:
        """Whether the conversation of `root` began within SPAN_DAYS of `date`."""
        return date - begun.get(links.find(root), date) <= span

    def naming(domain: str, message: Message) -> str | None:
        """The root of the latest conversation with `domain`'s people, within FALLBACK_DAYS, whose mail
        names the person a system writes for (its Reply-To, by name or address): "grab a slot with
        Jonas Berg" before the tool's "Confirmed: Interview with Jonas Berg"."""
        marks = {a.name.lower() for a in message.reply_to if len(a.name.split()) >= 2}
        marks |= {local for a in message.reply_to if len(local := a.email.partition("@")[0]) >= 5}
        if not marks:
            return None
        for message_id, date in reversed(company_mail.get(domain, ())):
            if message.date - date > dt.timedelta(days=FALLBACK_DAYS):
                break  # date order: every earlier one is further away still
            root = links.find(message_id)
            text = by_id[message_id].text.lower()
            if young(root, message.date) and any(mark in text for mark in marks):
                return root
        return None

    for message in by_id.values():  # date order
        ancestors = ((message.in_reply_to,) if message.in_reply_to else ()) + message.references
        is_start = not any(a in known_ids for a in ancestors) and not message.provider_thread_id
        people = counterparts(message, me)
        if is_start and not message.bulk:
            joined = False
            for person in sorted(people):
                earlier = last_seen.get(person)
                if earlier and message.date - earlier[1] <= dt.timedelta(days=FALLBACK_DAYS) \
                        and young(earlier[0], message.date) and not _another_client(message, person, written, agents, spoken) \
                        and not announces_another_role(message) \
                        and not (message.date - earlier[1] >= NEW_ROLE_GAP and other_role(
                            subject_role((message.subject,)), subject_role(tuple(spoken.get(person, ()))))):
                    _union_begun(links, begun, message.message_id, earlier[0])
                    joined = True
                    break
            if not joined and people:
                # the same person writing from a private address ("Lena Vogt" <lenavogt.privat@gmail...>
                # after lena.vogt@kelderhaus-energy...), or naming the work address they write from
                root = _same_person_elsewhere(message, people, last_seen, full_names, young)
                if root is not None:
                    _union_begun(links, begun, message.message_id, root)
                    joined = True
            if not joined and people:
                root = _same_company(message, people, companies, own_domains, young, naming)
                if root is not None:
                    _union_begun(links, begun, message.message_id, root)
                    joined = True
            if not joined and people:
                company = _company_token(sorted(people)[0])
                for root, date, names in reversed(robots):
                    if message.date - date > dt.timedelta(days=FALLBACK_DAYS):
                        break  # date order: every earlier one is further away still
                    # only a system's own conversation: one a person of the company already writes in is
                    # theirs, and its system mail no bridge to another candidacy with the company
                    if company and company in names[1] and not links.is_marked(root):
                        links.union(message.message_id, root)
                        break
            elif not joined and message.sender and senders.is_recruiting_system(message.sender.email):
                joined = _join_robot(message, robots, companies, links, named, subjects)
        root = links.find(message.message_id)
        begun[root] = min(begun.get(root, message.date), message.date)
        if message.bulk:
            continue
        if people:
            links.mark(root)
        for person in people:
            if last_seen.get(person, ("",))[0] != root:
                spoken[person] = []  # a conversation of its own: its subjects alone
            spoken.setdefault(person, []).append(message.subject)
            if message.role is Role.INBOX and message.author_text and message.sender and message.sender.email == person:
                written.setdefault(person, []).append(message)
            last_seen[person] = (root, message.date)
            if not senders.is_free_mail(person):
                if message.role is Role.INBOX and message.sender and message.sender.email == person \
                        and (full := _full_name(message.sender.name)):
                    full_names[full] = (root, message.date)
                domain = senders.registrable_domain(person.rpartition("@")[2])
                said = company_words(message.subject, (domain,))
                companies[domain] = (root, message.date, topic(message.subject) - said)
                if subjects.get(domain, ("",))[-1] != message.subject:
                    subjects[domain] = (*subjects.get(domain, ())[-4:], message.subject)
                named[domain] = named.get(domain, frozenset()) | said
                company_mail.setdefault(domain, []).append((message.message_id, message.date))
        if not people and message.role is Role.INBOX and message.sender and senders.is_recruiting_system(message.sender.email):
            robots.append((root, message.date, (_squash(f"{message.sender.name} {message.sender.email}"),
                                                _name_keys(f"{message.sender.name} {message.sender.email} {message.subject}"))))


_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _full_name(display_name: str) -> str:
    """A display name of two or three words, folded ("Lena Vogt" -> "lena vogt"); "" for anything else."""
    words = [w for w in re.split(r"\s+", display_name.strip().strip('"')) if w]
    if not 2 <= len(words) <= 3 or not all(w.replace("-", "").replace("'", "").isalpha() for w in words):
        return ""
    return " ".join(w.casefold() for w in words)


def _same_person_elsewhere(message: Message, people: set[str], last_seen: Mapping[str, tuple[str, dt.datetime]],
                           full_names: Mapping[str, tuple[str, dt.datetime]],
                           young: Callable[[str, dt.datetime], bool]) -> str | None:
    """The root of a recent conversation with the person who starts this one from a private address:
    their full display name is a business writer's of the last FALLBACK_DAYS, or their text names
    that writer's address ("please keep writing to my work address (lena.vogt@...)")."""
    sender = message.sender
    if message.role is not Role.INBOX or sender is None or sender.email not in people \
            or not senders.is_free_mail(sender.email):
        return None
    window = dt.timedelta(days=FALLBACK_DAYS)
    found = full_names.get(_full_name(sender.name))
    if found is None:
        named = _ADDRESS.findall(message.author_text[:3000].lower()) if "@" in message.author_text[:3000] else []
        found = next((last_seen[address] for address in named
                      if address in last_seen and not senders.is_free_mail(address)), None)
    if found is None or message.date - found[1] > window or not young(found[0], message.date):
        return None
    return found[0]


def _another_client(message: Message, person: str, written: Mapping[str, Sequence[Message]],
                    agents: dict[str, tuple[int, bool]], spoken: Mapping[str, Sequence[str]]) -> bool:
    """Whether a conversation an agency's recruiter starts is about another client than their latest one
    with the user: an agency writes for several clients at once, each in a thread of its own ("this one is
    Pellucid Freight; the other one, Orla Health, follows separately"). Their subjects tell them apart:
    two telling words in common make them one, as for two threads of one company's people
    (processes._other_clients, which decides the same for threads that are already apart)."""
    read, agent = agents.get(person, (0, False))
    theirs = written.get(person, ())
    if not agent:  # each of their mails is read once, however many of their conversations start
        agent = any(phrases.first("agency", m.author_text) is not None for m in theirs[read:])
        agents[person] = (len(theirs), agent)
    if not agent and not (message.author_text and phrases.first("agency", message.author_text)):
        return False
    earlier = frozenset(word for subject in set(spoken.get(person, ())) for word in topic(subject))
    shared = earlier & topic(message.subject) - AGENCY_WORDS
    return not (len(shared) >= 2 and shared - TITLE_WORDS)


def robot_company(display_name: str) -> frozenset[str]:
    """The words a recruiting system's display name calls its customer by ("harrowgate", "mutual" of
    "Harrowgate Mutual Careers"): the system's own words and a legal form left out."""
    return frozenset(w for w in _WORD.findall(display_name.lower().split(" via ")[0])
                     if not senders.is_robot_word(w) and w not in _LEGAL_FORMS)


def named_otherwise(robot: frozenset[str], theirs: frozenset[str]) -> bool:
    """Whether a system's mail and a company's people name two companies that share a word: "Harrowgate
    Mutual Careers" beside subjects that say "Harrowgate Insurance Group". Each says a word the other does
    not; "Larkspur Robotics" beside subjects that only say "Larkspur" is the same company."""
    ours = theirs - _LEGAL_FORMS
    return bool(robot - ours) and bool(ours - robot)


# words of a company's name that tell no company from another of the same name
_LEGAL_FORMS = frozenset({"inc", "ltd", "llc", "llp", "plc", "corp", "corporation", "co", "company", "group", "gmbh", "ag",
                          "sa", "bv", "nv", "pty", "limited", "holdings", "the", "and"})


def _join_robot(message: Message, robots: list[tuple[str, dt.datetime, tuple[str, frozenset[str]]]],
                companies: dict[str, tuple[str, dt.datetime, frozenset[str]]], links: _Links,
                named: Mapping[str, frozenset[str]], subjects: Mapping[str, tuple[str, ...]]) -> bool:
    """A recruiting system's mail joins its earlier mail for the same company ("Acme via Ashby"), or
    else the conversation with that company's people, when it names the company (and not another of
    the same first word: `named`, each domain's company words in its people's subjects)."""
    assert message.sender is not None
    # "Greenhouse <no-reply@greenhouse.io>" is every customer's voice: only a name tells whose mail it is
    voice = "" if senders.names_no_company(message.sender.name, message.sender.email) \
        else _squash(f"{message.sender.name} {message.sender.email}")
    window = dt.timedelta(days=FALLBACK_DAYS)
    for root, date, names in reversed(robots):
        if message.date - date > window:
            break  # date order: every earlier one is further away still
        if voice and names[0] == voice:
            links.union(message.message_id, root)
            return True
    keys = _name_keys(f"{message.sender.name} {message.sender.email} {message.subject}")
    # the companies talked to within the window, the most recent first (sorting all of them for each
    # robot's message cost a first scan of years of mail a second)
    recent = [(date, domain, root) for domain, (root, date, _) in companies.items() if message.date - date <= window]
    role: frozenset[str] | None = None  # the role the robot's mail names, read when a company is named
    for _date, domain, root in sorted(recent, key=lambda item: item[0], reverse=True):
        token = _squash(domain.split(".")[0])
        if len(token) >= 4 and token in keys and not named_otherwise(robot_company(message.sender.name),
                                                                     named.get(domain, frozenset())):
            role = robot_role((message.subject,), (message.author_text,)) if role is None else role
            if role and other_role(role, robot_role(subjects.get(domain, ()), ())):
                continue  # "Thanks for applying for the Data Analyst role" beside a Platform Engineer's interview
            links.union(message.message_id, root)
            return True
    return False


@functools.lru_cache(maxsize=4096)  # a person's subjects are asked about once for each new conversation of theirs
def subject_role(subjects: tuple[str, ...]) -> frozenset[str]:
    """The telling words of the role subjects name ("Senior Analytics Engineer - Larchmont Health" -> analytics):
    the same recruiter's new conversation about another role ("Interview invitation - Data Analyst II"
    five weeks before) is another candidacy."""
    return robot_role(subjects, ()) if subjects else frozenset()


def robot_role(subjects: Sequence[str], texts: Sequence[str]) -> frozenset[str]:
    """The telling words of the role a recruiting system's mail names ("Thanks for applying for the Data
    Analyst, Clinical Insights role" -> data, clinical, insights), words every title has left out; none
    when the title abbreviates ("Senior SRE" is "Senior Site Reliability Engineer": no words to compare)."""
    from rules import names

    title = names.role_title(subjects, texts)
    if any(w.isupper() and len(w) >= 2 and w not in _ROMAN for w in _WORD.findall(title)):
        return frozenset()
    return topic(title) - TITLE_WORDS


_ROMAN = frozenset({"II", "III", "IV", "VI"})
# a conversation the same person starts this long after their last mail, about another role, is another
# candidacy ("Senior Analytics Engineer" five weeks after the "Data Analyst II" rejection); sooner, two
# titles for one role ("Platform Engineer" and "Infrastructure Engineer") are likelier than two candidacies
NEW_ROLE_GAP = dt.timedelta(days=14)

# the same person opening a conversation about another candidacy, in so many words, however soon
_ANOTHER_ROLE = re.compile(
    r"\b(?:another|a (?:new|different|second|separate)) (?:[\w-]+ ){0,3}?(?:opening|role|position|vacancy|req)\b"
    r"|\bseparate(?:ly)? from (?:your|the) (?:[\w-]+ ){0,4}?(?:process|application|candidacy|interviews?)\b", re.I)


def announces_another_role(message: Message) -> bool:
    """Whether a conversation's first message says it is about another role than the one under way
    ("Another Harrowgate opening: ...", "Separate from your SRE process - we've just opened ...")."""
    return bool(_ANOTHER_ROLE.search(message.subject) or _ANOTHER_ROLE.search(message.author_text[:600]))


def other_role(role: frozenset[str], theirs: frozenset[str]) -> bool:
    """Whether two roles' telling words (`robot_role`) name two roles: both are known and share none."""
    return bool(role) and bool(theirs) and not role & theirs


def _union_begun(links: _Links, begun: dict[str, dt.datetime], message_id: str, root: str) -> None:
    """Join `message_id`'s thread to `root`'s; the joined thread begins when the earlier of them did."""
    dates = [begun[r] for r in (links.find(message_id), links.find(root)) if r in begun]
    links.union(message_id, root)
    if dates:
        begun[links.find(root)] = min(dates)


def _same_company(message: Message, people: set[str], companies: dict[str, tuple[str, dt.datetime, frozenset[str]]],
                  own_domains: frozenset[str], young: Callable[[str, dt.datetime], bool],
                  naming: Callable[[str, Message], str | None]) -> str | None:
    """The root of the conversation a new conversation with another person of a company the user is
    already talking to joins, when it is plainly the same process: a recruiting system's mail naming
    a colleague in Reply-To, or a subject about the same thing ("Product Designer: panel interview" /
    "Interview Confirmation: Product Designer"): of two processes with the company, the system's mail
    joins the one that named its person, else the latest. Two processes with one company stay apart; the
    user's own employer is never joined this way, nor a conversation older than SPAN_DAYS."""
    robot_sent = _sent_for_a_company(message)
    for person in sorted(people):
        if senders.is_free_mail(person):
            continue
        domain = senders.registrable_domain(person.rpartition("@")[2])
        earlier = companies.get(domain)
        if domain in own_domains or earlier is None or message.date - earlier[1] > dt.timedelta(days=FALLBACK_DAYS) \
                or not young(earlier[0], message.date):
            continue
        # the company's own name in both subjects says nothing about which process it is
        shared = earlier[2] & topic(message.subject) - company_words(message.subject, (domain,)) - AGENCY_WORDS
        # words every title has ("Senior … Engineer") tell two roles apart only beside a word that tells
        if robot_sent:
            return naming(domain, message) or earlier[0]
        if len(shared) >= 2 and shared - TITLE_WORDS:
            return earlier[0]
    return None


def _sent_for_a_company(message: Message) -> bool:
    """A system's mail on behalf of the person in its Reply-To: an applicant-tracking system's, or a
    scheduling tool's event (a calendar part, or an interview in its subject: "Confirmed: 60 Minute
    Interview with Sofia Mahlangu", booked through the link her colleague sent)."""
    sender = message.sender
    if sender is None:
        return False
    if senders.is_recruiting_system(sender.email):
        return True
    automated = message.auto_submitted or senders.is_automated(sender.email)
    return automated and bool(message.calendar or _INTERVIEW.search(message.subject))


_INTERVIEW = re.compile(r"\binterview", re.IGNORECASE)

_TOPIC_NOISE = frozenset((
    "interview", "interviews", "your", "the", "for", "with", "and", "invitation", "invite", "scheduled", "schedule",
    "confirmed", "confirmation", "update", "next", "step", "steps", "after", "about", "from", "our", "you", "call",
    "meeting", "today", "tomorrow", "thank", "thanks", "regarding", "fwd", "process",
    # a recruiter's cold outreach dresses every role alike ("Exciting Solutions Architect opportunity", "Exciting
    # Product Engineer opportunity"): the dressing tells no role from another
    "exciting", "new", "great", "amazing", "fantastic", "excellent", "awesome", "unique", "quick", "question", "chat",
    "hiring"))


def reply_parent(messages: Sequence[Message]) -> Message:
    """The message a reply in this conversation answers: the latest one a person wrote, never an
    automatic reply ("Automatic reply: Re: ...") nor a system's mail beside people's (a scheduling
    tool's "How was your interview experience?"), nor an aside (`asides`: the user's forward to a friend
    and the friend's answer); a system's own conversation, its latest mail."""
    aside = asides(messages)
    for message in reversed(messages):
        if message.auto_submitted or _calendar_answer(message) or message.message_id in aside:
            continue
        if message.role is Role.INBOX and (message.sender is None or senders.is_automated(message.sender.email)):
            continue
        return message
    return next((m for m in reversed(messages) if not m.auto_submitted), messages[-1])


_FORWARD = re.compile(r"^\s*(?:(?:re|aw|sv|antw)\s*:\s*)*(?:fwd?|wg|tr|rv|enc|i|doorst)\s*:", re.I)


def asides(messages: Sequence[Message]) -> frozenset[str]:
    """The ids of the messages beside the conversation with the hiring side: the user's forward of it to
    someone who had no part in it ("Fwd: Interview invitation" to a friend, asking for advice) and what
    those people write back in the thread. Someone at the domain of a business address already in the
    conversation is no outsider (a forward to the hiring manager)."""
    inside: set[str] = set()
    outside: set[str] = set()
    found: set[str] = set()
    for message in messages:
        if message.role is Role.INBOX:
            sender = message.sender.email if message.sender else ""
            if sender in outside:
                found.add(message.message_id)
                continue
            inside.update(a.email for a in (*((message.sender,) if message.sender else ()), *message.reply_to))
            continue
        recipients = {a.email for a in (*message.to, *message.cc)}
        if not recipients:
            continue
        domains = {senders.registrable_domain(a.rpartition("@")[2]) for a in inside if not senders.is_free_mail(a)}
        strangers = {a for a in recipients if a not in inside
                     and senders.registrable_domain(a.rpartition("@")[2]) not in domains}
        if _FORWARD.match(message.subject) and inside and strangers == recipients:
            found.add(message.message_id)
            outside |= strangers
        else:
            inside |= recipients - outside
    return frozenset(found)


def _calendar_answer(message: Message) -> bool:
    """The user's calendar's answer to an invitation ("Accepted: Technical Interview ...", no words of
    their own): a reply answers the invitation, not it ("Re: Accepted: ..." reads oddly)."""
    return message.role is Role.SENT and len(message.author_text.strip()) < 80 and (
        any(event.method == "REPLY" for event in message.calendar) or _CALENDAR_ANSWER.match(message.subject) is not None)


_CALENDAR_ANSWER = re.compile(r"^\s*(?:accepted|declined|tentative(?:ly accepted)?|angenommen|abgelehnt|accepté|refusé|"
                              r"aceptado|rechazado)\s*:", re.I)


AGENCY_WORDS = frozenset(("client", "clients", "agency", "exclusive"))  # in every subject an agency writes


TITLE_WORDS = frozenset((
    "senior", "junior", "staff", "principal", "lead", "head", "chief", "associate", "intern", "engineer", "engineering",
    "developer", "manager", "director", "specialist", "analyst", "consultant", "software", "role", "position", "job",
    "opening", "opportunity", "team", "phone", "screen", "technical", "onsite", "video", "final", "round", "panel"))


@functools.lru_cache(maxsize=1024)  # a conversation's subjects repeat ("Re: ..."), asked for message by message
def topic(subject: str) -> frozenset[str]:
    """A subject's telling words, to tell one process at a company from another."""
    words = {w for w in _WORD.findall(subject.lower()) if len(w) >= 3}
    return frozenset(words - _TOPIC_NOISE)


def company_words(subject: str, domains: Iterable[str]) -> frozenset[str]:
    """The words of a subject that name the company of one of `domains`: a word within its domain's
    label ("corvid" of corvid.example.com), and, when the subject has another part, the capitalised
    words next to it up to a separator ("Corvid Analytics: Platform Engineer", "Platform Engineer at
    Corvid Analytics"): the company's own name in two subjects says nothing about which process it is."""
    return _company_words(subject, tuple(sorted({domain.split(".")[0].replace("-", "") for domain in domains})))


@functools.lru_cache(maxsize=1024)
def _company_words(subject: str, labels: tuple[str, ...]) -> frozenset[str]:
    found: set[str] = set()
    parts = [part for part in _SEPARATORS.split(subject) if part.strip()]
    for part in parts:
        words = _WORD.findall(part)
        for position, word in enumerate(words):
            lower = word.lower()
            if len(lower) < 3 or not any(lower in label for label in labels):
                continue
            found.add(lower)
            if len(parts) < 2 or len(lower) < 4:
                continue
            for step in (-1, 1):  # the company's name runs on in capitalised words that are no title
                near = position + step
                while 0 <= near < len(words) and words[near][:1].isupper() \
                        and words[near].lower() not in TITLE_WORDS and words[near].lower() not in _TOPIC_NOISE:
                    found.add(words[near].lower())
                    near += step
    return frozenset(found)


_SEPARATORS = re.compile(r"[:|,()\[\]–—]|\s-\s")


def _company_token(address: str) -> str:
    if senders.is_free_mail(address):
        return ""
    token = _squash(senders.registrable_domain(address.rpartition("@")[2]).split(".")[0])
    return token if len(token) >= 4 else ""


def _name_keys(text: str) -> frozenset[str]:
    """The ways `text` can name a company whose domain label is "acmecloud": a whole word, or a few
    words run together ("AcmeCloud", "Acme Cloud") — never a part of a word, so "Acmecorp Billing"
    does not name "acme". Computed once per message, looked up for every company."""
    words = _WORD.findall(text.lower())
    return frozenset("".join(words[start:end]) for start in range(len(words))
                     for end in range(start + 1, min(start + 4, len(words)) + 1))


_WORD = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=65536)  # the same names and domains come back for every message
def _squash(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _thread_id(members: list[Message], known: Mapping[str, str]) -> str:
    given = [known[m.message_id] for m in members if m.message_id in known]
    if given:
        # the id of the earliest message that had one: merging threads keeps the older name
        return given[0]
    digest = hashlib.sha256(members[0].message_id.encode("utf-8")).hexdigest()
    return "t" + digest[:11]
