"""The shape every named detection rule shares: the facts it reads and the evidence it returns.

A rule is a module with `NAME` and `rule(facts) -> Evidence | None`. Evidence has a weight (positive:
this is the user's job interview; negative: it is not), a reason a person can check, and the quoted
words it rests on. `rules/classify.py` adds the weights up; see its docstring for the threshold.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from rules import phrases, senders
from watcher.model import Message, Round, Side

# Certain facts (the mail is your own employer's, a mailing list you never answered, nothing in it is
# about a job, no interview was ever arranged or held) weigh VETO: nothing the mail says outweighs them.
VETO = -100.0


@dataclass(frozen=True)
class Evidence:
    """One rule's finding: `weight` for (> 0) or against (< 0) a job interview of the user's."""

    rule: str
    weight: float
    reason: str
    quote: str = ""  # the sentence (or words) of the mail the finding rests on

    def explained(self) -> str:
        return f'{self.reason}: "{self.quote}"' if self.quote else self.reason

    @property
    def veto(self) -> bool:
        return self.weight <= VETO


@dataclass(frozen=True)
class Facts:
    """What detection already worked out about the thread, and the texts every rule reads."""

    messages: Sequence[tuple[Message, Side]]
    rounds: Sequence[Round]
    my_domains: frozenset[str]

    @functools.cached_property
    def hiring(self) -> list[Message]:
        return [m for m, side in self.messages if side is Side.HIRING]

    @functools.cached_property
    def mine(self) -> list[Message]:
        return [m for m, side in self.messages if side is Side.ME]

    @functools.cached_property
    def text(self) -> str:
        """Everything said in the thread, including its invites' titles ("Q4 Hiring Market Briefing")."""
        return "\n".join(
            m.subject + "\n" + m.author_text + "".join(f"\n{e.summary}\n{e.description[:300]}" for e in m.calendar)
            for m, _ in self.messages)

    @functools.cached_property
    def hiring_text(self) -> str:
        return "\n".join(m.subject + "\n" + m.author_text for m in self.hiring)

    @functools.cached_property
    def my_text(self) -> str:
        return "\n".join(m.author_text for m in self.mine)

    @functools.cached_property
    def ats(self) -> str:
        """The applicant-tracking system that wrote for the hiring side, or ""."""
        return next((senders.ats_name(m.sender.email) for m in self.hiring
                     if m.sender and senders.is_recruiting_system(m.sender.email)), "")

    def quote(self, list_name: str) -> str:
        """The hiring side's sentence holding the first match of phrase list `list_name` (from the
        mail's own words when it is there, else from the subjects), or ""."""
        for text in ("\n\n".join(m.author_text for m in self.hiring), self.hiring_text):
            found = phrases.first(list_name, text)
            if found is not None:
                return phrases.sentence(text, found)
        return ""
