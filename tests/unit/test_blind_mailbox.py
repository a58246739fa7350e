"""The blind mailbox generator (bench/blind_mailbox.py): deterministic, parseable, and its truth matches the store."""

from __future__ import annotations

import datetime as dt
import email
import email.utils
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import blind_mailbox  # noqa: E402

NOW = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)
TRUTH_KEYS = {"now", "seed", "messages", "folders", "bytes", "me", "interviews", "categories", "category_of", "added"}


def _files(store: Path) -> list[Path]:
    return sorted(p for d in (store / "cur", store / ".Sent" / "cur") for p in d.iterdir())


def _digest(store: Path) -> str:
    h = hashlib.sha256()
    for p in _files(store):
        h.update(str(p.relative_to(store)).encode())
        h.update(p.read_bytes())
        h.update(str(p.stat().st_mtime_ns).encode())
    return h.hexdigest()


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    a = blind_mailbox.generate(tmp_path / "a", 300, NOW, 7, 10)
    b = blind_mailbox.generate(tmp_path / "b", 300, NOW, 7, 10)
    c = blind_mailbox.generate(tmp_path / "c", 300, NOW, 8, 10)
    assert a == b
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")
    assert a["category_of"] != c["category_of"]


def test_truth_matches_the_store(tmp_path: Path) -> None:
    store = tmp_path / "m"
    truth = blind_mailbox.generate(store, 400, NOW, 3, 20)
    assert set(truth) == TRUTH_KEYS
    for d in ("cur", "new", "tmp", ".Sent/cur", ".Drafts/cur", ".Trash/new"):
        assert (store / d).is_dir()
    files = _files(store)
    assert truth["messages"] == len(files) == 400
    assert truth["folders"] == {"INBOX": len(list((store / "cur").iterdir())),
                                "Sent": len(list((store / ".Sent" / "cur").iterdir()))}
    assert truth["bytes"] == sum(p.stat().st_size for p in files)

    seen: dict[str, Path] = {}
    for p in files:
        raw = p.read_bytes()
        assert b"\r\n" not in raw[:2000], p.name  # LF line ends throughout
        msg = email.message_from_bytes(raw)
        for h in ("From", "Date", "Message-ID"):
            assert msg[h], f"{p.name} lacks {h}"
        date = email.utils.parsedate_to_datetime(msg["Date"])
        assert date < NOW
        assert int(p.stat().st_mtime) == int(date.timestamp())  # INTERNALDATE is the Date
        assert p.name.endswith((":2,S", ":2,", ":2,RS", ":2,FS"))
        seen[msg["Message-ID"]] = p
    category_of = truth["category_of"]
    assert isinstance(category_of, dict)
    assert set(category_of) == set(seen)
    assert sum(truth["categories"].values()) == 400  # type: ignore[attr-defined]

    interviews = truth["interviews"]
    assert isinstance(interviews, list) and len(interviews) == 20
    for it in interviews:
        assert it["key_message_id"] in it["message_ids"]
        for mid in it["message_ids"]:
            assert category_of[mid] == "interview"
            assert mid in seen
        assert it["timely_at_now"] == (it["expect"] in ("thank_you", "follow_up"))
    by_expect: dict[str, int] = {}
    for it in interviews:
        by_expect[it["expect"]] = by_expect.get(it["expect"], 0) + 1
    assert sum(by_expect.values()) == 20
    assert by_expect["thank_you"] == by_expect["follow_up"] == 2  # about 1/8 each
    assert set(by_expect) <= {"thank_you", "follow_up", "upcoming", "stale", "decided"}
    assert sum(1 for m in category_of.values() if m == "interview") == sum(len(i["message_ids"]) for i in interviews)
    assert len({it["shape"] for it in interviews}) == 10  # every shape present


def test_time_facts_agree_with_the_expectations(tmp_path: Path) -> None:
    truth = blind_mailbox.generate(tmp_path / "m", 300, NOW, 11, 30)
    for it in truth["interviews"]:  # type: ignore[attr-defined]
        start = dt.datetime.fromisoformat(it["interview_at"])
        if it["expect"] == "upcoming":
            assert start > NOW
        elif it["expect"] == "thank_you":
            assert NOW - dt.timedelta(hours=24) < start < NOW
        elif it["expect"] == "follow_up":
            deadline = (dt.date.fromisoformat(it["deadline"]) if it["deadline"]
                        else start.date() + dt.timedelta(days=14))
            due = dt.datetime.combine(deadline + dt.timedelta(days=1), dt.time(0), tzinfo=start.tzinfo)
            assert due < NOW < due + dt.timedelta(days=14)
        elif it["expect"] == "stale":
            assert start < NOW - dt.timedelta(days=40)


def test_every_part_decodes(tmp_path: Path) -> None:
    store = tmp_path / "m"
    blind_mailbox.generate(store, 250, NOW, 5, 10)
    kinds: set[str] = set()
    for p in _files(store):
        msg = email.message_from_bytes(p.read_bytes())
        for part in msg.walk():
            if part.is_multipart():
                continue
            kinds.add(part.get_content_type())
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes) and payload
            if part.get_content_maintype() == "text":
                payload.decode(part.get_content_charset() or "ascii")
    assert {"text/plain", "text/html", "text/calendar"} <= kinds
