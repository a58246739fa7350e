"""Composed drafts with Exchange-length ids through every DraftWriter (memory, Maildir, a real
Dovecot over IMAP, the local fake Gmail API): what the backend keeps carries In-Reply-To and
References as raw msg-ids, byte for byte, and no internal header (#12 item 3)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy

from conftest import Harness

from watcher import compose
from watcher.model import Address, Detection, FollowUp, Kind, Status

NOW = dt.datetime(2026, 11, 12, 22, 0, tzinfo=dt.UTC)
CONTACT = Address("maren.holt@larkspur.example.com", "Maren Holt")
DRAFT_ID = "<followup-watcher.5e1f@example.org>"
CHAIN = ("<DM6PR12MB4041A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6E7F8A9B0@DM6PR12MB4041.namprd12.prod.outlook.com>",
         "<SN7PR11MB6750C0FFEE0123456789ABCDEF0123456789ABCDEF01@SN7PR11MB6750.namprd11.prod.outlook.com>")


def composed() -> email.message.EmailMessage:
    detection = Detection(thread_id="t1", account="main", subject="Interview invitation: Firmware Engineer",
                          is_interview=True, why=(), contact=CONTACT, last_message_id=CHAIN[-1], references=CHAIN,
                          my_address="alex@example.org")
    followup = FollowUp(followup_id="t1:0:follow_up", thread_id="t1", account="main", round_index=0,
                        kind=Kind.FOLLOW_UP, due=NOW, status=Status.PLANNED, reason="test", to=(CONTACT,))
    return compose.compose(followup, detection, "Alex Rivera", "alex@example.org", DRAFT_ID, compose.Templates.load(),
                           NOW)


def stored(mail: Harness) -> email.message.Message:
    writer = mail.drafts()
    writer.create(composed())
    raw = writer.present()[DRAFT_ID].raw
    assert b"=?" not in raw.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    return email.message_from_bytes(raw, policy=email.policy.compat32)


def test_stored_draft_keeps_the_exchange_ids_raw_and_whole(mail: Harness) -> None:
    message = stored(mail)
    assert "".join(str(message["In-Reply-To"]).split()) == CHAIN[-1]
    assert str(message["References"]).split() == list(CHAIN)


def test_stored_draft_has_no_internal_header(mail: Harness) -> None:
    assert not [name for name in stored(mail).keys() if name.lower().startswith("x-followup")]  # noqa: SIM118
