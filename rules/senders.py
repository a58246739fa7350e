"""Who sent a mail: robots (automated senders), personal mailboxes, which company a domain belongs to."""

from __future__ import annotations

import functools
import re

from rules import lists

_FILE = "senders.toml"


@functools.cache
def _automated_locals() -> re.Pattern[str]:
    patterns = lists.strings(_FILE, "automated", "local_patterns")
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


def _domain_in(domain: str, domains: tuple[str, ...]) -> bool:
    domain = domain.lower()
    return any(domain == d or domain.endswith("." + d) for d in domains)


@functools.lru_cache(maxsize=65536)
def is_automated(address: str) -> bool:
    """True for no-reply, notification and ATS/scheduling-system senders: never a recipient.
    A person writing from a platform company's own domain (a recruiter at linkedin.com) is not."""
    return bool(_automated_locals().search(address.lower().rpartition("@")[0])) or is_system(address)


@functools.lru_cache(maxsize=65536)
def is_system(address: str) -> bool:
    """A system's or a platform's own sender (an ATS, a scheduling tool, LinkedIn's notifications): mail
    from it speaks for no company of its own. A company's own no-reply address is not one; a person
    at a platform company's domain is not either."""
    domain = address.lower().rpartition("@")[2]
    return _domain_in(domain, lists.strings(_FILE, "automated", "domains")) and not is_person_at_platform(address)


_NAME_LOCAL = re.compile(r"[a-z]+(?:[._-][a-z]+){1,2}")
_SINGLE_LOCAL = re.compile(r"[a-z]{5,20}")  # "lforsberg", "jsmith": a company's usual first-initial-surname


@functools.lru_cache(maxsize=65536)
def is_person_at_platform(address: str) -> bool:
    """A person at a company whose product also mails automatically (see [platforms] in senders.toml):
    on the domain itself, with a name for a local part (jane.doe@linkedin.com, lforsberg@linkedin.com;
    not inmail-hit-reply@linkedin.com, invitations@linkedin.com nor jane.doe@mail.rippling.com)."""
    local, _, domain = address.lower().rpartition("@")
    # one word ("lforsberg") is a person only where the product sends for no customer under its own
    # name: at workday.com or rippling.com a single word is a customer's tenant ("bellwether")
    single = bool(_SINGLE_LOCAL.fullmatch(local)) and domain in lists.strings(_FILE, "platforms", "single_word_people")
    if domain not in lists.strings(_FILE, "platforms", "domains") or not (_NAME_LOCAL.fullmatch(local) or single):
        return False
    if _automated_locals().search(local) or is_role_mailbox(address):
        return False
    robot_words = lists.strings(_FILE, "platforms", "robot_words")
    if single:
        # one word: a person's initial and surname, unless a robot's word is in it ("jobalerts", "invitations")
        return not any(len(word) >= 4 and word in local for word in robot_words)
    return not any(part in robot_words for part in re.split(r"[._-]", local))


@functools.lru_cache(maxsize=65536)
def ats_name(address: str) -> str:
    """The applicant-tracking or scheduling product that sent from `address`, or ""."""
    domain = address.lower().rpartition("@")[2]
    if is_person_at_platform(address):
        return ""  # a recruiter at rippling.com writes for Rippling, not through it
    names = lists.load(_FILE).get("ats", {})
    for known, name in names.items():
        if domain == known or domain.endswith("." + known):
            return str(name)
    return ""


# a person's full name relayed by a platform: "Dana Whitfield via LinkedIn" (bounded: display names are hostile text)
_RELAYED = re.compile(r"^\s*([^\W\d_][\w'’.-]{0,40}(?:\s+[^\W\d_][\w'’.-]{0,40}){1,3})\s+via\s+\S")


def relayed_person(display_name: str) -> str:
    """The full name of the person whose message a platform relays ("Dana Whitfield via LinkedIn"), or ""."""
    found = _RELAYED.match(display_name)
    return found.group(1) if found else ""


@functools.lru_cache(maxsize=65536)
def is_scheduling_tool(address: str) -> bool:
    """A general-purpose scheduling tool (Calendly, Zoom): it writes times in the invitee's zone."""
    return _domain_in(address.lower().rpartition("@")[2], lists.strings(_FILE, "scheduling", "domains"))


@functools.lru_cache(maxsize=65536)
def is_robot_word(word: str) -> bool:
    """Whether a lower-case word is a system's own ("careers", "no", "reply", "greenhouse"), not a company's."""
    return word in _robot_words()


@functools.cache
def _robot_words() -> frozenset[str]:
    return frozenset(lists.strings(_FILE, "platforms", "robot_words"))


def names_no_company(name: str, address: str) -> bool:
    """Whether a system's display name and address are its own words only ("Greenhouse
    <no-reply@greenhouse.io>"): a voice every company using that system shares, so it tells no
    candidacy from another; "Quarrington Foods <quarrington@myworkday.com>" names its customer."""
    local = address.lower().rpartition("@")[0]
    words = re.findall(r"[^\W\d_]+", f"{name} {local}".lower())
    return all(is_robot_word(word) for word in words)


@functools.lru_cache(maxsize=65536)
def is_recruiting_system(address: str) -> bool:
    """An applicant-tracking or recruiting-scheduling system: mail from it is about a job."""
    domain = address.lower().rpartition("@")[2]
    return bool(ats_name(address)) and not _domain_in(domain, lists.strings(_FILE, "scheduling", "domains"))


@functools.lru_cache(maxsize=65536)
def is_role_mailbox(address: str) -> bool:
    """A team mailbox rather than a person (travel@, careers@, hr@)."""
    local = address.lower().rpartition("@")[0]
    return local in lists.strings(_FILE, "role_mailboxes", "local_parts")


@functools.lru_cache(maxsize=65536)
def is_job_board(address: str) -> bool:
    """A job board's own mail (alerts, suggestions); a person working there is not the board."""
    domain = address.lower().rpartition("@")[2]
    return _domain_in(domain, lists.strings(_FILE, "job_boards", "domains")) and not is_person_at_platform(address)


@functools.lru_cache(maxsize=65536)
def is_free_mail(address: str) -> bool:
    """A personal mailbox provider (gmail.com, ...), including documentation look-alikes (gmail.example.com)."""
    domain = address.lower().rpartition("@")[2]
    if _domain_in(domain, lists.strings(_FILE, "free_mail", "domains")):
        return True
    first, _, rest = domain.partition(".")
    return rest in lists.strings(_FILE, "suffixes", "documentation") and first in lists.strings(_FILE, "free_mail", "labels")


@functools.lru_cache(maxsize=65536)
def registrable_domain(domain: str) -> str:
    """The part of a domain an organisation registers: mail.acme.co.uk -> acme.co.uk."""
    labels = domain.lower().strip(".").split(".")
    suffix_length = 1
    for suffix in lists.strings(_FILE, "suffixes", "multi_label"):
        parts = suffix.split(".")
        if labels[-len(parts):] == parts and len(parts) >= suffix_length:
            suffix_length = len(parts)
    if len(labels) > suffix_length + 1 and labels[-(suffix_length + 1)] == "example":
        # documentation names under any suffix (acme.example.ca, acme.example.com.au) behave like RFC 2606's
        suffix_length += 1
    return ".".join(labels[-(suffix_length + 1):])


@functools.lru_cache(maxsize=65536)
def company_name_from_domain(domain: str) -> str:
    """A readable company name from its domain: glasswing-health.example.com -> Glasswing Health."""
    label = registrable_domain(domain).split(".")[0]
    return " ".join(part.capitalize() for part in re.split(r"[-_]", label) if part)


for _cached in (is_automated, is_system, is_person_at_platform, ats_name, is_recruiting_system, is_role_mailbox, is_job_board, is_free_mail,
                registrable_domain, company_name_from_domain, _automated_locals, _robot_words):
    lists.on_change(_cached.cache_clear)
