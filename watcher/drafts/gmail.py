"""Drafts in Gmail, through the Gmail API (`users.drafts`), over the connection `sources/gmail.py` opened.

A draft is created with `users.drafts.create` in the thread it answers. Gmail files a message into a
thread only when "the requested threadId is specified", "the References and In-Reply-To headers are
set in compliance with RFC 2822" and "the Subject headers match"
(developers.google.com/gmail/api/guides/threads). compose.py writes the headers and the "Re:"
subject; the threadId is found here by searching for the message we answer (`rfc822msgid:`).

The Drafts listing is `users.drafts.list`; a draft's content is read (`users.drafts.get`) once per
Gmail message, since Gmail never changes a stored message (an edited draft is a new message under
the same draft id): a scan with nothing new makes one call for the drafts, however many there are.

Withdrawing deletes only drafts whose Message-ID header is exactly ours, with `users.drafts.delete`
("immediately and permanently deletes the specified draft"). Only create, list, get and delete are
called: never a send method (`users.drafts.send`, `users.messages.send`); a test checks the source
tree for them, because `gmail.compose` would permit sending and the never-send rule is ours to keep.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from email.message import EmailMessage
from typing import Any

from watcher.drafts import DraftCopy, DraftListing
from watcher.drafts.maildir import message_id_of
from watcher.sources import gmail
from watcher.sources.gmail import USER_ID, GmailConnection

log = logging.getLogger(__name__)


class GmailDraftWriter:
    """`DraftWriter` for the drafts of a Gmail account."""

    def __init__(self, connection: GmailConnection) -> None:
        self.connection = connection
        # Gmail never changes a stored message: editing a draft stores a new message under the same
        # draft id (developers.google.com/gmail/api/guides/drafts). So a draft's content is read once
        # per message id, and a scan with nothing new lists the drafts and reads none of them again.
        self._raws: dict[str, bytes] = {}  # Gmail message id -> raw
        self._stamped: dict[str, str] | None = None  # the listing stamp() read, for the present() after it

    def _drafts(self) -> Any:
        return self.connection.service.users().drafts()

    def stamp(self) -> str | None:
        """The same value at two moments only if the drafts are the same: every draft id with the id of
        its message, which Gmail never changes (an edit, a send or a discard changes the list). A new
        process with an unchanged Drafts reads no draft (the scan keeps the last listing in the state):
        one call, however many drafts the user leaves there. `present()` right after uses this listing."""
        self._stamped = None  # never the last scan's listing: the drafts as they are now
        self._stamped = self._listed()
        return hashlib.sha256(json.dumps(sorted(self._stamped.items())).encode()).hexdigest()

    def _listed(self) -> dict[str, str]:
        """Every draft's id and its message's id (outside Trash and Spam, as the Drafts view shows them)."""
        if self._stamped is not None:
            listed, self._stamped = self._stamped, None
            return listed
        found: dict[str, str] = {}
        token: str | None = None
        while True:
            def request(token: str | None = token) -> Any:
                return self._drafts().list(userId=USER_ID, maxResults=gmail.PAGE_SIZE, pageToken=token)

            page = self.connection.execute(request, "listing drafts")
            found.update((str(item["id"]), str((item.get("message") or {}).get("id", ""))) for item in page.get("drafts", []))
            token = page.get("nextPageToken")
            if not token:
                return found

    def _contents(self, doing: str) -> dict[str, bytes]:
        """Draft id -> raw of every draft now in Drafts; only messages not read before are fetched."""
        listed = self._listed()  # a message id "" (none listed) is never kept: read every time
        unknown = {draft_id: self._getter(draft_id, "raw") for draft_id, message in listed.items()
                   if message not in self._raws}
        fetched = {draft_id: gmail.decode_raw(str(draft["message"]["raw"]))
                   for draft_id, draft in self.connection.batch(unknown, doing).items()}
        self._raws = {message: self._raws[message] for message in listed.values() if message in self._raws}
        self._raws.update({listed[draft_id]: raw for draft_id, raw in fetched.items() if listed[draft_id]})
        return {draft_id: fetched[draft_id] if draft_id in fetched else self._raws[message]
                for draft_id, message in listed.items() if draft_id in fetched or message in self._raws}

    def present(self) -> DraftListing:
        present: dict[str, DraftCopy] = {}
        for raw in self._contents("reading drafts").values():
            message_id = message_id_of(raw)
            if message_id:
                present[message_id] = DraftCopy(message_id, raw)
        return DraftListing(present)

    def create(self, message: EmailMessage) -> None:
        thread_id = self._thread_of(message)
        # RFC 5322 line ends, as in a message Gmail would receive.
        raw = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
        body: dict[str, Any] = {"message": {"raw": gmail.encode_raw(raw)}}
        if thread_id:
            body["message"]["threadId"] = thread_id
        else:
            log.warning("draft %s: the message it answers is not in Gmail; it starts a new conversation",
                        message["Message-ID"])
        # Not idempotent: a retry after a server error could store the draft twice. A failure is left
        # to the next scan, which looks for the draft by Message-ID before writing it again.
        created = self.connection.execute(lambda: self._drafts().create(userId=USER_ID, body=body),
                                          "writing a draft", idempotent=False)
        log.debug("created Gmail draft %s (%s) in thread %s", created.get("id"), message["Message-ID"], thread_id)

    def _thread_of(self, message: EmailMessage) -> str | None:
        """Gmail's threadId of the message this draft answers: In-Reply-To, then References, newest first."""
        candidates = [str(message["In-Reply-To"] or "")]
        candidates += reversed(str(message["References"] or "").split())
        seen: set[str] = set()
        for candidate in candidates:
            wanted = candidate.strip().strip("<>")
            if not wanted or wanted in seen:
                continue
            seen.add(wanted)
            def request(wanted: str = wanted) -> Any:
                # The search operator rfc822msgid: finds a message by its Message-ID (support.google.com/mail/answer/7190).
                return self.connection.service.users().messages().list(
                    userId=USER_ID, q=f"rfc822msgid:{wanted}", maxResults=1)

            page = self.connection.execute(request, "finding the thread of a draft")
            for item in page.get("messages", []):
                if item.get("threadId"):
                    return str(item["threadId"])
        return None

    def withdraw(self, message_id: str) -> bool:
        # Confirm each Message-ID exactly, so that no draft of the user's is touched.
        ours = sorted(draft_id for draft_id, raw in self._contents("reading draft headers").items()
                      if message_id_of(raw) == message_id)
        for draft_id in ours:
            with contextlib.suppress(gmail.NotFound):  # gone meanwhile: deleted by the user, just as well
                self.connection.execute(self._deleter(draft_id), "withdrawing a draft")
        if ours:
            log.debug("deleted Gmail draft(s) %s (%s)", ", ".join(ours), message_id)
        return bool(ours)

    def _getter(self, draft_id: str, form: str) -> gmail.RequestFactory:
        return lambda: self._drafts().get(userId=USER_ID, id=draft_id, format=form)

    def _deleter(self, draft_id: str) -> gmail.RequestFactory:
        return lambda: self._drafts().delete(userId=USER_ID, id=draft_id)

    def close(self) -> None:
        self.connection.close()

