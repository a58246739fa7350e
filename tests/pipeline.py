"""Raw mail through the pure pipeline — parse -> threads -> detect -> plan -> compose — in memory,
the way scan.py calls it, with the checks every draft must pass whatever mail it answers.

Detection runs with the user's "track" override so that every thread, interview or not, reaches
plan and compose: the hostile data must be exercised there too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
from collections.abc import Iterable
from email.message import EmailMessage

from watcher import compose, config, detect, draftheaders, identity, parse, plan, threads
from watcher.model import Detection, FollowUp, Kind, Role, Status
from watcher.sources import Fetched

ME = config.Me(name="Alex Rivera", addresses=("alex@example.org",))
IDENTITY = identity.Identity.of(ME)
POLICY = config.Policy()
NOW = dt.datetime(2026, 11, 12, 22, 0, tzinfo=dt.UTC)
DRAFT_ID = "<followup-watcher.0123@example.org>"
_TEMPLATES = compose.Templates.load()
_ALWAYS = {"from", "subject", "date", "message-id", "mime-version", "content-type", "content-transfer-encoding"}


def run(raws: Iterable[tuple[Role, bytes]], now: dt.datetime = NOW) -> list[tuple[Detection, EmailMessage]]:
    """Every draft the pipeline composes for the mail, each checked by `check_draft`."""
    messages = [parse.parse(Fetched(role=role, raw=raw), "main", IDENTITY.addresses) for role, raw in raws]
    drafts = []
    for thread in threads.build(messages, IDENTITY.addresses, {}).threads:
        detection = detect.detect(thread, IDENTITY, POLICY, "track")
        result = plan.plan(detection, {}, now, POLICY)
        # plus one follow-up to the thread's contact, so compose sees every thread's subject and ids
        extra = FollowUp(followup_id=plan.followup_id(thread.thread_id, 0, Kind.FOLLOW_UP), thread_id=thread.thread_id,
                         account="main", round_index=0, kind=Kind.FOLLOW_UP, due=now, status=Status.PLANNED,
                         reason="fuzz", to=(detection.contact,) if detection.contact else thread.last.to)
        for followup in (*result.followups, extra):
            found = detection if detection.my_address else dataclasses.replace(detection, my_address=ME.addresses[0])
            draft = compose.compose(followup, found, ME.name, found.my_address, DRAFT_ID, _TEMPLATES, now)
            check_draft(draft, found)
            drafts.append((found, draft))
    return drafts


def check_draft(draft: EmailMessage, detection: Detection) -> None:
    """The header set of a reply and nothing else; ASCII lines under 998 octets; threading ids as
    the thread had them, byte for byte."""
    raw = draft.as_bytes(policy=draft.policy.clone(linesep="\r\n"))
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert head.isascii(), "a header carries 8-bit data"
    assert all(len(line) <= 998 for line in head.split(b"\r\n")), "a header line over 998 octets"
    reread = email.message_from_bytes(raw, policy=email.policy.compat32)
    names = [name.lower() for name in reread.keys()]  # noqa: SIM118 - keys() keeps duplicates
    replying = bool(draftheaders.MSG_ID.fullmatch(detection.last_message_id))
    expected = _ALWAYS | ({"in-reply-to", "references"} if replying else set()) | ({"to"} if "to" in names else set())
    assert sorted(names) == sorted(expected), f"unexpected header set {sorted(names)}"
    assert str(reread["Message-ID"]).strip() == DRAFT_ID
    if replying:
        assert "".join(str(reread["In-Reply-To"]).split()) == detection.last_message_id
        assert set(str(reread["References"]).split()) <= set(detection.references) | {detection.last_message_id}
