"""The user, as detection and triage need to know them: a name, addresses, their own domains."""

from __future__ import annotations

from dataclasses import dataclass

from rules import senders
from watcher.config import Me


@dataclass(frozen=True)
class Identity:
    """The user, as detection needs to know them."""

    name: str
    addresses: frozenset[str]
    domains: frozenset[str]  # registrable domains of the user's own non-personal addresses

    @classmethod
    def of(cls, me: Me) -> Identity:
        domains = frozenset(
            senders.registrable_domain(a.rpartition("@")[2]) for a in me.addresses if not senders.is_free_mail(a))
        return cls(name=me.name, addresses=frozenset(me.addresses), domains=domains)
