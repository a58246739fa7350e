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
    """True for no-reply, notification and ATS/scheduling-system senders: never a recipient."""
    local, _, domain = address.lower().rpartition("@")
    return bool(_automated_locals().search(local)) or _domain_in(domain, lists.strings(_FILE, "automated", "domains"))


@functools.lru_cache(maxsize=65536)
def ats_name(address: str) -> str:
    """The applicant-tracking or scheduling product that sent from `address`, or ""."""
    domain = address.lower().rpartition("@")[2]
    names = lists.load(_FILE).get("ats", {})
    for known, name in names.items():
        if domain == known or domain.endswith("." + known):
            return str(name)
    return ""


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
    return _domain_in(address.lower().rpartition("@")[2], lists.strings(_FILE, "job_boards", "domains"))


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


for _cached in (is_automated, ats_name, is_recruiting_system, is_role_mailbox, is_job_board, is_free_mail,
                registrable_domain, company_name_from_domain, _automated_locals):
    lists.on_change(_cached.cache_clear)
