"""The user, as detection and triage need to know them: a name, addresses, their own domains."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from rules import senders
from watcher.config import Me
from watcher.model import Message


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

    def with_own_accounts(self, messages: Iterable[Message]) -> Identity:
        """The user with the other accounts they write from in these messages: mail to one of their
        addresses from an address not configured, under their own full name ("Alex Candidate
        <alex@oldmail.example.net>" forwarding what a recruiter still sends to an old account). Such an
        address is theirs: a draft to it would go to the user, and its mail is not the hiring side's."""
        own = _full_name(self.name)
        if not own:
            return self
        found = {m.sender.email for m in messages
                 if m.sender is not None and m.sender.email not in self.addresses
                 and _full_name(m.sender.name) == own and not senders.is_automated(m.sender.email)
                 and any(a.email in self.addresses for a in (*m.to, *m.cc))}
        return replace(self, addresses=self.addresses | found) if found else self


def _full_name(name: str) -> str:
    """A name of two words or more, compared without case or extra spaces ("" for a lone first name,
    which other people share)."""
    words = name.replace('"', " ").split()
    return " ".join(words).casefold() if len(words) >= 2 else ""
