"""The benchmark's mailbox generator (bench/mailbox_gen.py): real mail, a true ground truth, reproducible."""

from __future__ import annotations

import datetime as dt
import email.utils
import sys
from collections import Counter
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import mailbox_gen  # noqa: E402

NOW = dt.datetime(2026, 10, 12, 20, 0, tzinfo=dt.UTC)
MESSAGES = 500
INTERVIEWS = 12


def files(root: Path) -> list[Path]:
    return sorted(p for folder in ("", ".Sent") for sub in ("cur", "new") for p in (root / folder / sub).iterdir())


def parsed(path: Path) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert isinstance(message, EmailMessage)
    return message


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("gen") / "mail"
    return root, mailbox_gen.generate(root, MESSAGES, NOW, seed=3, interviews=INTERVIEWS)


@pytest.fixture(scope="module")
def messages(generated: tuple[Path, dict[str, Any]]) -> dict[Path, EmailMessage]:
    return {path: parsed(path) for path in files(generated[0])}


def test_the_mailbox_holds_the_number_of_messages_asked_for(messages: dict[Path, EmailMessage]) -> None:
    assert len(messages) == MESSAGES


def test_every_message_parses_without_defects(messages: dict[Path, EmailMessage]) -> None:
    defective = {path.name: [type(d).__name__ for d in m.defects] for path, m in messages.items()
                 if m.defects or any(part.defects for part in m.walk())}
    assert defective == {}


def test_every_message_has_a_unique_message_id(messages: dict[Path, EmailMessage]) -> None:
    ids = Counter(str(m["Message-ID"]) for m in messages.values())
    assert ids.most_common(1)[0][1] == 1 and "None" not in ids


def test_about_a_fifth_of_the_mail_is_in_sent(generated: tuple[Path, dict[str, Any]]) -> None:
    sent = len(list((generated[0] / ".Sent" / "cur").iterdir()))
    assert 0.15 * MESSAGES <= sent <= 0.25 * MESSAGES


def test_dates_span_two_years_and_end_before_now(messages: dict[Path, EmailMessage]) -> None:
    dates = [email.utils.parsedate_to_datetime(str(m["Date"])) for m in messages.values()]
    assert max(dates) < NOW
    assert NOW - min(dates) > dt.timedelta(days=600)


def test_each_file_is_dated_like_its_message_for_the_internaldate(messages: dict[Path, EmailMessage]) -> None:
    mismatched = [path.name for path, m in messages.items()
                  if int(email.utils.parsedate_to_datetime(str(m["Date"])).timestamp()) != int(path.stat().st_mtime)]
    assert mismatched == []


def test_the_ground_truth_names_every_message_in_the_store(generated: tuple[Path, dict[str, Any]],
                                                           messages: dict[Path, EmailMessage]) -> None:
    truth = generated[1]
    named = set(truth["category_of"]) | {i for interview in truth["interviews"] for i in interview["message_ids"]}
    assert named == {str(m["Message-ID"]) for m in messages.values()}


def test_each_buried_interview_is_threaded_by_references(generated: tuple[Path, dict[str, Any]],
                                                         messages: dict[Path, EmailMessage]) -> None:
    by_id = {str(m["Message-ID"]): m for m in messages.values()}
    unthreaded = []
    for interview in generated[1]["interviews"]:
        thread = interview["thread"]
        for earlier, later in zip(thread, thread[1:], strict=False):
            if earlier not in str(by_id[later]["References"]):
                unthreaded.append((interview["key"], later))
    assert unthreaded == []


def test_drafts_are_timely_only_for_interviews_of_the_last_weeks(generated: tuple[Path, dict[str, Any]]) -> None:
    ages = {(i["timely_at_now"], i["expect"]): NOW - dt.datetime.fromisoformat(i["interview_at"])
            for i in generated[1]["interviews"]}
    assert all(age < dt.timedelta(days=14) for (timely, _), age in ages.items() if timely)
    assert all(age > dt.timedelta(days=45) for (_, expect), age in ages.items() if expect in ("stale", "closed"))


def test_the_look_alikes_the_issue_names_are_all_there(generated: tuple[Path, dict[str, Any]]) -> None:
    wanted = {"newsletter_interview_tips", "job_alert", "colleague_invite", "application_received", "security_alert",
              "invoice", "friend", "business_other", "mailing_list"}
    assert wanted <= set(generated[1]["categories"])


def test_the_same_seed_and_now_write_the_same_tree(tmp_path: Path, generated: tuple[Path, dict[str, Any]]) -> None:
    again = tmp_path / "mail"
    mailbox_gen.generate(again, MESSAGES, NOW, seed=3, interviews=INTERVIEWS)
    first, second = files(generated[0]), files(again)
    assert [p.relative_to(generated[0]) for p in first] == [p.relative_to(again) for p in second]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second, strict=True))


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, EmailMessage], dict[str, Any]]:
    root = tmp_path_factory.mktemp("add") / "mail"
    truth = mailbox_gen.generate(root, 200, NOW, seed=5, interviews=6)
    truth = mailbox_gen.add(root, 40, NOW + dt.timedelta(hours=1), truth, seed=6)
    delivered = [parsed(p) for folder in ("", ".Sent") for p in (root / folder / "new").iterdir()]
    return {str(m["Message-ID"]): m for m in delivered}, truth


def test_add_delivers_the_number_asked_for_into_new(added: tuple[dict[str, EmailMessage], dict[str, Any]]) -> None:
    assert len(added[0]) == 40


def test_added_mail_is_dated_after_the_old_now(added: tuple[dict[str, EmailMessage], dict[str, Any]]) -> None:
    dates = [email.utils.parsedate_to_datetime(str(m["Date"])) for m in added[0].values()]
    assert min(dates) > NOW and max(dates) < NOW + dt.timedelta(hours=1)


def test_added_mail_includes_a_recruiter_reply_in_a_buried_thread(
        added: tuple[dict[str, EmailMessage], dict[str, Any]]) -> None:
    delivered, truth = added
    replies = [i for i in truth["interviews"] if i["thread"][-1] in delivered]
    assert replies and all(i["thread"][-2] in str(delivered[i["thread"][-1]]["References"]) for i in replies)
