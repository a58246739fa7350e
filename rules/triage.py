"""Which messages are worth fetching whole, judged from their headers alone.

Bodies are fetched for everything that could belong to an interview. Only bulk mail from job boards
and mailing lists whose subject says nothing about an interview is kept as headers: it can still be
threaded, but it is never read.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import re

from rules import senders

_INTERESTING_SUBJECT = re.compile(r"interview|schedul|invit|next step|application|offer|role|position|candida", re.I)


def wants_body(header_block: bytes) -> bool:
    headers = email.message_from_bytes(header_block, policy=email.policy.compat32)
    bulk = bool(headers.get("List-Id") or headers.get("List-Unsubscribe")) or str(
        headers.get("Precedence", "")).strip().lower() in {"bulk", "list", "junk"}
    if not bulk:
        return True
    sender = email.utils.parseaddr(str(headers.get("From", "")))[1].lower()
    if senders.is_job_board(sender):
        return False
    return bool(_INTERESTING_SUBJECT.search(str(headers.get("Subject", ""))))
