"""fate.py reads a draft back from Drafts: unchanged is unchanged, whatever the server did to its bytes;
a change of one word is an edit."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP

import pytest

from watcher import fate

BODY = "Hi Zoë,\n\nThank you for taking the time to speak with me today — I enjoyed it.\n\nBest regards,\nAlex\n"


def draft(body: str, charset: str = "utf-8", cte: str | None = None) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = "Re: Interview"
    message.set_content(body, charset=charset, cte=cte)
    return message


@pytest.mark.parametrize("cte", [None, "quoted-printable", "base64", "8bit"])
def test_a_draft_read_back_as_stored_has_the_digest_it_was_written_with(cte: str | None) -> None:
    written = draft(BODY, cte=cte)
    stored = written.as_bytes(policy=SMTP)  # CRLF line ends, as IMAP servers keep it
    assert fate.body_digest(fate.text_of(stored)) == fate.body_digest(str(written.get_content()))


def test_one_word_changed_by_the_user_is_an_edit() -> None:
    stored = draft(BODY.replace("enjoyed", "loved")).as_bytes(policy=SMTP)
    assert fate.body_digest(fate.text_of(stored)) != fate.body_digest(BODY)


def test_a_client_that_saves_the_draft_with_an_html_twin_is_read_by_its_plain_part() -> None:
    saved = draft(BODY)
    saved.add_alternative(f"<p>{BODY}</p>", subtype="html")
    assert fate.body_digest(fate.text_of(saved.as_bytes(policy=SMTP))) == fate.body_digest(BODY)
