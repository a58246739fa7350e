"""compose.py: a follow-up + a template -> the draft, threaded as a reply, dated by the injected clock."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.policy
import email.utils
import logging
import re
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from rules import banned
from watcher import compose, errors, fate
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
        company_name="Larkspur Robotics", company_key="larkspur.example.com", contact=CONTACT, role_title="Firmware Engineer",
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


# ---------------------------------------------------------------- words that fit the moment (#12)

NEW_YORK = ZoneInfo("America/New_York")


def rounds_of(*rounds: Round) -> Detection:
    return dataclasses.replace(detection(), rounds=rounds)


def a_round(index: int = 0, interviewers: tuple[str, ...] = (), stage: str = "", label: str = "",
            start: dt.datetime = START, basis: str = "stated") -> Round:
    deadline = Deadline(dt.date(2026, 11, 26) if basis == "stated" else None, basis)
    return Round(index=index, start=start, minutes=45, scheduled_at=start - dt.timedelta(days=3), source="test",
                 deadline=deadline, interviewers=interviewers, stage=stage, label=label)


def said(found: Detection, kind: Kind = Kind.THANK_YOU, round_index: int = 0, now: dt.datetime = NOW) -> str:
    message = compose.compose(dataclasses.replace(followup(kind), round_index=round_index), found, "Alex Rivera",
                              MY_ADDRESS, DRAFT_ID, compose.Templates.load(), now, NEW_YORK)
    return " ".join(str(message.get_content()).split())


def test_thank_you_thanks_the_contact_who_held_the_interview() -> None:
    text = said(rounds_of(a_round(interviewers=("Maren Holt",))))
    assert "Thank you for taking the time to speak with me about the Firmware Engineer role at Larkspur Robotics." in text
    assert "pass my thanks" not in text


def test_a_contact_named_by_her_first_name_among_the_interviewers_is_thanked_as_one_of_them() -> None:
    text = said(rounds_of(a_round(interviewers=("Maren", "Daniel Okafor"))))
    assert "Thank you for taking the time to speak with me" in text
    assert "Please pass my thanks on to Daniel as well." in text


def test_a_panel_of_four_is_thanked_whole() -> None:
    text = said(rounds_of(a_round(interviewers=("Maren", "Daniel Okafor", "Wen Zhao", "Luke Tannenbaum", "Ida Berg"))))
    assert "Please pass my thanks on to Daniel, Wen, Luke and Ida as well." in text


def test_a_contact_known_by_an_initial_is_thanked_as_the_interviewer_she_was() -> None:
    josefina = Address("jramirez@hfxlogistics.example.com", "J. Ramirez")
    found = dataclasses.replace(rounds_of(a_round(interviewers=("Wen Zhao", "Josefina Ramirez"))), contact=josefina,
                                greeting="Josefina")
    text = said(found)
    assert "Josefina Ramirez" not in text and "Please pass my thanks on to Wen as well." in text


def test_thank_you_thanks_a_coordinator_for_arranging_and_names_the_interviewer() -> None:
    found = dataclasses.replace(rounds_of(a_round(interviewers=("Daniel Okafor",), label="technical interview")),
                                contact_role="Technical Recruiter")
    text = said(found)
    assert "Thank you for arranging my technical interview with Daniel Okafor for the Firmware Engineer role" in text
    assert "Please pass my thanks on to Daniel as well." in text
    assert "speak with me" not in text


def test_a_recruiter_screen_with_nobody_else_named_thanks_the_recruiter_for_her_time() -> None:
    found = dataclasses.replace(rounds_of(a_round(label="recruiter screen")), contact_role="Technical Recruiter")
    assert "Thank you for taking the time to speak with me" in said(found)


def test_a_recruiter_on_a_panel_is_thanked_for_arranging_it() -> None:
    found = dataclasses.replace(rounds_of(a_round(interviewers=("Esther Lindgren", "Maren Holt"))),
                                contact_role="Senior Talent Partner")
    assert "arranging my interview with Esther Lindgren" in said(found)


def test_nobody_named_gives_a_neutral_thank_you() -> None:
    text = said(rounds_of(a_round()))
    assert "Thank you for the interview for the Firmware Engineer role at Larkspur Robotics." in text
    assert "speak with me" not in text


def test_a_later_rounds_thank_you_is_written_for_that_round() -> None:
    first = a_round(0, ("Maren Holt",), "early", "phone screen", START - dt.timedelta(days=10))
    second = a_round(1, ("Tomas Reyes",), "", "technical interview")
    found = rounds_of(first, second)
    one, two = said(found, now=START + dt.timedelta(days=-10, hours=3)), said(found, round_index=1)
    assert one != two
    assert "technical interview with Tomas Reyes" in two
    assert "Tomas" not in one


def test_two_rounds_of_the_same_name_and_people_still_get_different_thank_yous() -> None:
    first = a_round(0, ("Maren Holt",), label="video interview", start=START - dt.timedelta(days=7))
    second = a_round(1, ("Maren Holt",), label="video interview")
    found = rounds_of(first, second)
    one = said(found, now=START - dt.timedelta(days=7) + dt.timedelta(hours=3))
    two = said(found, round_index=1)
    assert one != two
    assert said(found, Kind.FOLLOW_UP, 0, START + dt.timedelta(days=14)) != said(found, Kind.FOLLOW_UP, 1, START + dt.timedelta(days=14))


def test_an_unnamed_later_round_is_called_by_its_place() -> None:
    found = rounds_of(a_round(0, start=START - dt.timedelta(days=10)), a_round(1))
    assert "second-round interview" in said(found, round_index=1)


@pytest.mark.parametrize(("stage", "asked"), [("early", "the next steps"), ("final", "the decision"), ("", "the decision")])
def test_the_inquiry_asks_about_next_steps_after_a_screen_and_the_decision_after_a_final(stage: str, asked: str) -> None:
    text = said(rounds_of(a_round(stage=stage)), Kind.FOLLOW_UP, now=START + dt.timedelta(days=15))
    assert f"any update on {asked} for" in text
    assert ("decision" in text) is (asked == "the decision")


def test_the_timeline_question_after_a_screen_asks_for_next_steps() -> None:
    text = said(rounds_of(a_round(stage="early", basis="default")))
    assert "next steps" in text and "decision" not in text


@pytest.mark.parametrize(("after", "phrase"), [
    (dt.timedelta(hours=3), ""),  # the interview's own day: no day word, true tomorrow too
    (dt.timedelta(days=1), " on Thursday"),  # not "yesterday": the user may send it a day later
    (dt.timedelta(days=6), " on Thursday"),
    (dt.timedelta(days=8), " on November 12"),
])
def test_day_words_stay_true_on_the_day_after_the_draft_appears(after: dt.timedelta, phrase: str) -> None:
    text = said(rounds_of(a_round(interviewers=("Maren Holt",))), now=START + after)
    assert f"speak with me{phrase} about" in text
    assert not re.search(r"\b(today|tonight|yesterday|this (morning|afternoon|evening))\b", text, re.I)


def test_day_words_are_read_in_the_users_zone() -> None:
    late = dt.datetime(2026, 11, 13, 2, 30, tzinfo=dt.UTC)  # Thursday evening in New York, Friday in UTC
    found = rounds_of(a_round(interviewers=("Maren Holt",), start=late))
    # five hours later it is still Friday in UTC, but Friday is the day after in New York
    assert "speak with me on Thursday about" in said(found, now=late + dt.timedelta(hours=5))


def test_follow_up_names_the_interview_by_its_date() -> None:
    text = said(rounds_of(a_round(label="phone screen", stage="early")), Kind.FOLLOW_UP, now=START + dt.timedelta(days=20))
    assert "Following my phone screen on November 12," in text


def test_without_a_written_company_name_the_draft_says_the_team() -> None:
    found = dataclasses.replace(detection(), company="Larkspur", company_name="")
    for kind in Kind:
        text = said(found, kind)
        assert "Larkspur" not in text and " at ." not in text
    assert "the work of the team" in said(found)


def test_without_a_role_title_the_draft_says_the_role() -> None:
    text = said(dataclasses.replace(detection(), role_title=""))
    assert "for the role at Larkspur Robotics" in text


@pytest.mark.parametrize("kind", list(Kind))
def test_with_neither_a_role_nor_a_company_no_sentence_ends_in_the_role(kind: Kind) -> None:
    text = said(dataclasses.replace(detection(), role_title="", company="", company_name=""), kind)
    assert "the role" not in text and " at ." not in text and " for ." not in text


def test_with_neither_a_role_nor_a_company_the_thank_you_thanks_for_the_interview() -> None:
    text = said(dataclasses.replace(detection(), role_title="", company="", company_name=""))
    assert "Thank you for arranging my interview with Tomas Reyes. I enjoyed" in text


def test_another_languages_words_replace_the_english_ones() -> None:
    words = dict(compose.ENGLISH, held="Vielen Dank für das Gespräch{on_day} über {about}.", the_role="die Stelle als {role}",
                 at_company=" bei {company}", weekdays="Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag",
                 on_weekday=" am {weekday}")
    found = rounds_of(a_round(interviewers=("Maren Holt",)))
    values = compose.placeholders(followup(), found, "Alex Rivera", START + dt.timedelta(days=1), NEW_YORK, words)
    assert values["thanks"] == "Vielen Dank für das Gespräch am Donnerstag über die Stelle als Firmware Engineer bei Larkspur Robotics."


def test_every_placeholder_is_documented() -> None:
    guide = (Path(__file__).resolve().parents[2] / "docs" / "templates.md").read_text(encoding="utf-8")
    values = compose.placeholders(followup(), detection(), "Alex Rivera", NOW)
    assert set(values) == compose._PLACEHOLDERS
    assert all(f"`{{{name}}}`" in guide for name in values)


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
    assert fate.body_digest("Hi Maren,  \r\nThanks.\r\n") == fate.body_digest("Hi Maren,\nThanks.")


def test_body_digest_tells_an_edited_draft_apart() -> None:
    assert fate.body_digest("Hi Maren,\nThanks.") != fate.body_digest("Hi Maren,\nThanks a lot.")


# ---------------------------------------------------------------- headers every client reads back (#12)

EXCHANGE_IDS = (
    "<DM6PR12MB4041A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6E7F8A9B0@DM6PR12MB4041.namprd12.prod.outlook.com>",
    "<SN7PR11MB6750C0FFEE0123456789ABCDEF0123456789ABCDEF01@SN7PR11MB6750.namprd11.prod.outlook.com>",
    "<BY5PR04MB6980DEADBEEF00112233445566778899AABBCCDDEEFF@BY5PR04MB6980.namprd04.prod.outlook.com>",
)


def exchange_draft(subject: str = "Interview invitation") -> email.message.EmailMessage:
    found = dataclasses.replace(detection(subject=subject), last_message_id=EXCHANGE_IDS[-1], references=EXCHANGE_IDS,
                                message_ids=EXCHANGE_IDS)
    return draft(found=found)


def wire(message: email.message.EmailMessage) -> bytes:
    """The draft as the IMAP and Gmail writers serialize it."""
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))


def header_lines(message: email.message.EmailMessage, name: str) -> list[str]:
    raw = wire(message).decode("ascii")
    head = raw.split("\r\n\r\n", 1)[0]
    fields = re.split(r"\r\n(?![ \t])", head)
    (field,) = [f for f in fields if f.lower().startswith(name.lower() + ":")]
    return field.split("\r\n")


def test_exchange_length_ids_are_written_raw_never_as_encoded_words() -> None:
    raw = wire(exchange_draft())
    assert b"=?" not in raw.split(b"\r\n\r\n", 1)[0]
    for message_id in EXCHANGE_IDS:
        assert message_id.encode() in raw


def test_references_are_folded_only_between_ids() -> None:
    lines = header_lines(exchange_draft(), "References")
    ids = [line.removeprefix("References:").strip() for line in lines]
    assert ids == list(EXCHANGE_IDS)


def test_in_reply_to_keeps_an_exchange_id_whole_on_the_header_line() -> None:
    assert header_lines(exchange_draft(), "In-Reply-To") == ["In-Reply-To: " + EXCHANGE_IDS[-1]]


def test_threading_ids_survive_serializing_and_reparsing_byte_identical() -> None:
    reread = email.message_from_bytes(wire(exchange_draft()), policy=email.policy.compat32)
    assert "".join(str(reread["In-Reply-To"]).split()) == EXCHANGE_IDS[-1]
    assert str(reread["References"]).split() == list(EXCHANGE_IDS)
    assert str(reread["Message-ID"]).strip() == DRAFT_ID


def test_draft_has_exactly_the_headers_of_a_reply_and_no_internal_one() -> None:
    names = [name.lower() for name in email.message_from_bytes(wire(draft()))]
    assert sorted(names) == sorted(["from", "to", "subject", "date", "message-id", "in-reply-to", "references",
                                    "content-type", "content-transfer-encoding", "mime-version"])


def test_short_subject_is_one_line() -> None:
    assert header_lines(draft(), "Subject") == ["Subject: Re: Interview invitation: Firmware Engineer at Larkspur Robotics"]


def test_long_subject_folds_at_a_space_never_after_the_colon() -> None:
    subject = "Interview invitation: Senior Embedded Firmware Engineer (Motor Control) at Larkspur Robotics, Berlin"
    lines = header_lines(draft(found=detection(subject=subject)), "Subject")
    assert len(lines) == 2
    assert lines[0].startswith("Subject: Re: Interview invitation:")
    assert all(len(line) <= 78 for line in lines)
    reread = email.message_from_bytes(wire(draft(found=detection(subject=subject))), policy=email.policy.default)
    assert reread["Subject"] == "Re: " + subject


def test_long_ascii_word_in_a_subject_is_not_encoded() -> None:
    word = "Firmware-Engineer-" * 6
    lines = header_lines(draft(found=detection(subject=word)), "Subject")
    assert lines == ["Subject: Re: " + word]


def test_non_ascii_subject_is_encoded_and_reads_back_exactly() -> None:
    subject = "Entretien au café pour le poste d'ingénieur logiciel embarqué chez Boulangerie Nord à Paris"
    message = draft(found=detection(subject=subject))
    lines = header_lines(message, "Subject")
    assert lines[0].startswith("Subject: Re: Entretien au")
    assert "=?utf-8?q?caf=C3=A9" in lines[1]
    assert all(len(line) <= 78 for line in lines)
    assert email.message_from_bytes(wire(message), policy=email.policy.default)["Subject"] == "Re: " + subject


@pytest.mark.parametrize("subject", ["Interview\r\nBcc: attacker@example.com", "Interview\nBcc: attacker@example.com",
                                     "Interview\u2028Bcc: attacker@example.com", "Interview\x00\rBcc: x@example.com"])
def test_line_breaks_in_a_subject_never_become_a_header(subject: str) -> None:
    reread = email.message_from_bytes(wire(draft(found=detection(subject=subject))), policy=email.policy.default)
    assert reread["Bcc"] is None
    assert "\n" not in str(reread["Subject"]) and "\r" not in str(reread["Subject"])


def test_line_breaks_in_a_display_name_never_become_a_header() -> None:
    contact = Address(CONTACT.email, "Maren\r\nBcc: attacker@example.com")
    message = compose.compose(dataclasses.replace(followup(), to=(contact,)), detection(), "Alex Rivera", MY_ADDRESS,
                              DRAFT_ID, compose.Templates.load(), NOW)
    reread = email.message_from_bytes(wire(message), policy=email.policy.default)
    assert reread["Bcc"] is None
    assert [a.addr_spec for a in reread["To"].addresses] == [CONTACT.email]


def test_non_ascii_display_name_is_encoded_and_reads_back() -> None:
    contact = Address(CONTACT.email, "Zoë Lambert-Château")
    message = compose.compose(dataclasses.replace(followup(), to=(contact,)), detection(), "Alex Rivera", MY_ADDRESS,
                              DRAFT_ID, compose.Templates.load(), NOW)
    raw = wire(message)
    assert raw.split(b"\r\n\r\n", 1)[0].isascii()
    (to,) = email.message_from_bytes(raw, policy=email.policy.default)["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Zoë Lambert-Château", CONTACT.email)


def test_an_id_that_is_not_a_msg_id_is_left_out_of_the_references() -> None:
    chain = ("<ok-1@example.com>", "<bad\r\nBcc: x@example.com>", "=?utf-8?q?=3Cx=40y=3E?=", "<ok-2@example.com>")
    found = dataclasses.replace(detection(), references=chain, last_message_id="<ok-2@example.com>")
    reread = email.message_from_bytes(wire(draft(found=found)), policy=email.policy.default)
    assert str(reread["References"]).split() == ["<ok-1@example.com>", "<ok-2@example.com>"]
    assert reread["Bcc"] is None


def test_a_literal_encoded_word_in_a_display_name_is_left_out_never_a_line_break() -> None:
    name = "=?" + "a" * 90 + "?q?x=0Ay?="  # a bogus word parse left as text; decoded, it would hold a LF
    contact = Address(CONTACT.email, name)
    message = compose.compose(dataclasses.replace(followup(), to=(contact,)), detection(), "Alex Rivera", MY_ADDRESS,
                              DRAFT_ID, compose.Templates.load(), NOW)
    (to,) = email.message_from_bytes(wire(message), policy=email.policy.default)["To"].addresses
    assert (to.display_name, to.addr_spec) == ("", CONTACT.email)


def test_a_literal_encoded_word_in_a_subject_reads_back_as_text() -> None:
    subject = "Interview =?bogus?q?=0ABcc:_x@example.com?= tomorrow"
    reread = email.message_from_bytes(wire(draft(found=detection(subject=subject))), policy=email.policy.default)
    assert reread["Subject"] == "Re: " + subject


def test_an_id_that_looks_like_an_encoded_word_is_written_as_it_is() -> None:
    # "=?" is atext (RFC 5322 3.2.3): the header registry decoded "<=??Q??=@example.com>" to "<@example.com>"
    odd = "<=?utf-8?q?x?=@example.com>"
    message = draft(found=dataclasses.replace(detection(), last_message_id=odd, references=("<ok-1@example.com>", odd)))
    assert header_lines(message, "In-Reply-To") == ["In-Reply-To: " + odd]
    assert header_lines(message, "References") == [f"References: <ok-1@example.com> {odd}"]


def test_the_interviews_day_is_the_one_the_hiring_sides_calendar_shows() -> None:
    # Tuesday 09:00 in Singapore is Monday 20:00 in New York, where the user is
    tuesday_in_singapore = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)
    found = dataclasses.replace(rounds_of(a_round(start=tuesday_in_singapore)), zone="Asia/Singapore")
    values = compose.placeholders(followup(Kind.FOLLOW_UP), found, "Alex Rivera",
                                  tuesday_in_singapore + dt.timedelta(days=3), NEW_YORK)
    assert values["on_day"] == " on Tuesday"


def test_counter_example_without_a_zone_of_theirs_the_users_calendar_tells_the_day() -> None:
    tuesday_in_singapore = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)
    found = dataclasses.replace(rounds_of(a_round(start=tuesday_in_singapore)), zone="", timezone_offset_minutes=0)
    values = compose.placeholders(followup(Kind.FOLLOW_UP), found, "Alex Rivera",
                                  tuesday_in_singapore + dt.timedelta(days=3), NEW_YORK)
    assert values["on_day"] == " on Monday"
