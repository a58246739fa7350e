"""compose.py: a follow-up + a template -> the draft, threaded as a reply, dated by the injected clock."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import logging
from importlib import resources
from pathlib import Path

import pytest

from rules import banned
from watcher import compose, errors
from watcher.model import Address, Deadline, Detection, FollowUp, Kind, Round, Status

NOW = dt.datetime(2026, 11, 12, 22, 0, tzinfo=dt.UTC)
START = dt.datetime(2026, 11, 12, 19, 0, tzinfo=dt.UTC)
CONTACT = Address("maren.holt@larkspur.example.com", "Maren Holt")
MY_ADDRESS = "alex@example.org"
DRAFT_ID = "<followup-watcher.0123@example.org>"
REFERENCES = ("<larkspur-invite-0911@larkspur.example.com>", "<confirm-larkspur-7f3a@example.org>")


def detection(subject: str = "Interview invitation: Firmware Engineer at Larkspur Robotics",
              deadline_basis: str = "stated") -> Detection:
    deadline = Deadline(dt.date(2026, 11, 26) if deadline_basis == "stated" else None, deadline_basis)
    return Detection(
        thread_id="t1", account="main", subject=subject, is_interview=True, why=(), company="Larkspur Robotics",
        company_key="larkspur.example.com", contact=CONTACT, role_title="Firmware Engineer",
        rounds=(Round(index=0, start=START, minutes=45, scheduled_at=START - dt.timedelta(days=3), source="test",
                      deadline=deadline, interviewers=("Tomas Reyes",)),),
        message_ids=REFERENCES, last_message_id=REFERENCES[-1], references=REFERENCES, my_address=MY_ADDRESS)


def followup(kind: Kind = Kind.THANK_YOU) -> FollowUp:
    return FollowUp(followup_id=f"t1:0:{kind.value}", thread_id="t1", account="main", round_index=0, kind=kind,
                    due=START, status=Status.PLANNED, reason="due", to=(CONTACT,))


def draft(kind: Kind = Kind.THANK_YOU, found: Detection | None = None,
          templates: compose.Templates | None = None) -> email.message.EmailMessage:
    return compose.compose(followup(kind), found or detection(), "Alex Rivera", MY_ADDRESS, DRAFT_ID,
                           templates or compose.Templates.load(), NOW)


def body(kind: Kind = Kind.THANK_YOU, found: Detection | None = None) -> str:
    return str(draft(kind, found).get_content())


def test_draft_subject_is_re_the_thread_subject() -> None:
    assert draft()["Subject"] == "Re: Interview invitation: Firmware Engineer at Larkspur Robotics"


@pytest.mark.parametrize("subject", ["Re: Interview", "RE: Re: Interview", "AW: Interview", "Fwd: Interview",
                                     "Re[2]: Interview"])
def test_draft_subject_never_doubles_the_re(subject: str) -> None:
    assert draft(found=detection(subject=subject))["Subject"] == "Re: Interview"


def test_draft_replies_to_the_threads_last_message() -> None:
    assert draft()["In-Reply-To"] == REFERENCES[-1]


def test_draft_references_carry_the_thread_chain() -> None:
    assert str(draft()["References"]).split() == list(REFERENCES)


def test_draft_is_from_the_user() -> None:
    assert email.utils.parseaddr(str(draft()["From"])) == ("Alex Rivera", MY_ADDRESS)


def test_draft_is_to_the_contact() -> None:
    assert email.utils.getaddresses([str(draft()["To"])]) == [("Maren Holt", CONTACT.email)]


def test_draft_date_comes_from_the_clock() -> None:
    assert email.utils.parsedate_to_datetime(str(draft()["Date"])) == NOW


def test_draft_message_id_is_the_one_chosen_by_the_caller() -> None:
    assert draft()["Message-ID"] == DRAFT_ID


def test_new_message_ids_are_fresh_and_in_the_users_domain() -> None:
    first, second = compose.new_message_id("example.org"), compose.new_message_id("example.org")
    assert first != second
    assert first.startswith("<") and first.endswith("@example.org>")


@pytest.mark.parametrize("kind", list(Kind))
def test_draft_body_greets_the_contact_by_first_name(kind: Kind) -> None:
    assert body(kind).startswith("Hi Maren,")


@pytest.mark.parametrize("kind", list(Kind))
def test_draft_body_names_the_role_and_the_company(kind: Kind) -> None:
    text = " ".join(body(kind).split())
    assert "Firmware Engineer" in text
    assert "Larkspur Robotics" in text


@pytest.mark.parametrize("kind", list(Kind))
def test_draft_body_is_signed_with_my_name(kind: Kind) -> None:
    assert body(kind).rstrip().endswith("Alex Rivera")


@pytest.mark.parametrize("display_name", [
    "Maren Holt", "Holt, Maren", "Dr. Maren Holt", "Maren Holt via Greenhouse",
    "Maren Holt, PhD",
])
def test_draft_greets_the_contact_by_first_name_whatever_the_display_name(display_name: str) -> None:
    contact = Address(CONTACT.email, display_name)
    found = dataclasses.replace(detection(), contact=contact)
    message = compose.compose(dataclasses.replace(followup(), to=(contact,)), found, "Alex Rivera", MY_ADDRESS,
                              DRAFT_ID, compose.Templates.load(), NOW)
    assert str(message.get_content()).startswith("Hi Maren,")


def test_thank_you_names_the_interviewer() -> None:
    assert "with Tomas" in " ".join(body().split())


def test_thank_you_asks_for_the_timeline_only_when_none_is_known() -> None:
    asked = "timeline for your decision"
    assert asked not in " ".join(body().split())
    assert asked in " ".join(body(found=detection(deadline_basis="default")).split())


@pytest.mark.parametrize("kind", list(Kind))
def test_built_in_template_has_no_banned_phrase(kind: Kind) -> None:
    text = resources.files("watcher").joinpath("templates", f"{kind.value}.txt").read_text(encoding="utf-8")
    assert banned.find(text) is None


@pytest.mark.parametrize("kind", list(Kind))
def test_rendered_draft_has_no_banned_phrase(kind: Kind) -> None:
    assert banned.find(body(kind)) is None
    assert banned.find(body(kind, detection(deadline_basis="default"))) is None


def test_banned_phrases_are_recognised() -> None:
    assert banned.find("I haven't heard back from you yet") is not None


def test_user_template_replaces_the_built_in_one(tmp_path: Path) -> None:
    (tmp_path / "thank_you.txt").write_text("Dear {first_name}, thank you for {the_role}{at_company}.\n{my_name}\n",
                                            encoding="utf-8")
    templates = compose.Templates.load(str(tmp_path))
    text = str(draft(templates=templates).get_content())
    assert text == "Dear Maren, thank you for the Firmware Engineer role at Larkspur Robotics.\nAlex Rivera\n"


def test_user_template_with_a_banned_phrase_logs_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "follow_up.txt").write_text("Hi {first_name}, I haven't heard back yet.\n{my_name}\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="watcher.compose"):
        compose.Templates.load(str(tmp_path))
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
    assert "follow_up.txt" in caplog.records[0].getMessage()


def test_clean_user_template_logs_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "follow_up.txt").write_text("Hi {first_name}, any news on {the_role}?\n{my_name}\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="watcher.compose"):
        compose.Templates.load(str(tmp_path))
    assert caplog.records == []


def test_user_template_with_an_unknown_placeholder_is_a_user_error(tmp_path: Path) -> None:
    (tmp_path / "thank_you.txt").write_text("Hi {first_name}, thanks from {my_nmae}.\n", encoding="utf-8")
    with pytest.raises(errors.UserError, match="my_nmae"):
        compose.Templates.load(str(tmp_path))


def test_body_digest_ignores_line_ends_and_trailing_spaces() -> None:
    assert compose.body_digest("Hi Maren,  \r\nThanks.\r\n") == compose.body_digest("Hi Maren,\nThanks.")


def test_body_digest_tells_an_edited_draft_apart() -> None:
    assert compose.body_digest("Hi Maren,\nThanks.") != compose.body_digest("Hi Maren,\nThanks a lot.")
