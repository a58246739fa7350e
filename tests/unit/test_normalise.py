"""Text as it arrives: the same mail hard-wrapped, flowed, spaced or quoted differently reads the same.

The scenario corpus (tests/scenarios) is real-looking mail written unwrapped; re-wrapping every body
the way plain-text clients do (at 60 to 76 columns) must not change what detection concludes: the
verdict, the decisions and the requests for no follow-ups.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
import textwrap
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import yaml

from rules import phrases
from watcher import detect, identity, mimeparts, parse
from watcher.config import Me, Policy
from watcher.model import Detection, Role, Thread
from watcher.normalise import for_matching
from watcher.sources import Fetched

SCENARIOS = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("*.yaml"))
ME = identity.Identity.of(Me("Alex Candidate", ("candidate@example.org", "alex@employer.example.com")))
WIDTHS = (60, 64, 68, 72, 76)


def _wrap(text: str, width: int) -> str:
    """What a plain-text client sends: every line longer than `width` broken at spaces."""
    out = []
    for line in text.split("\n"):
        if len(line) > width and not line.startswith(">"):
            out.append(textwrap.fill(line, width=width, break_long_words=False, break_on_hyphens=False))
        else:
            out.append(line)
    return "\n".join(out)


def _raw(message: dict[str, Any], width: int | None) -> bytes:
    """The message as the acceptance harness builds it, its text body wrapped at `width`."""
    built = EmailMessage(policy=email.policy.SMTP)
    headers = dict(message["headers"])
    headers.setdefault("Date", email.utils.format_datetime(_at(message)))
    for key, value in headers.items():
        if value is not None:
            built[key] = str(value)
    body = message.get("body") or {}
    text = body.get("text") or ""
    built.set_content(_wrap(text, width) if width else text)
    if body.get("html"):
        built.add_alternative(body["html"], subtype="html")
    return built.as_bytes(policy=email.policy.SMTP)


def _at(message: dict[str, Any]) -> dt.datetime:
    value = message["at"]
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def _detect(scenario: dict[str, Any], width: int | None) -> Detection:
    messages = []
    for m in scenario["messages"]:
        role = Role.SENT if m.get("folder") == "Sent" else Role.INBOX
        fetched = Fetched(role=role, raw=_raw(m, width), internal_date=_at(m))
        messages.append(parse.parse(fetched, "main", ME.addresses))
    return detect.detect(Thread("t", "main", tuple(messages)), ME, Policy())


def _summary(found: Detection) -> tuple[object, ...]:
    return (found.is_interview, tuple((e.message_id, e.decision, e.no_followup, e.automatic) for e in found.events))


@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem) for p in SCENARIOS])
def test_wrapping_a_scenario_changes_nothing_detection_reads(path: Path) -> None:
    scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
    width = WIDTHS[sum(path.stem.encode()) % len(WIDTHS)]  # every width, spread over the corpus
    assert _summary(_detect(scenario, width)) == _summary(_detect(scenario, None)), f"wrapped at {width}"


def test_the_issue_example_is_an_interview_however_it_is_wrapped() -> None:
    text = ("Hi Alex,\n\nFollowing up on your application for Backend Engineer at Acme Robotics, we'd like to take "
            "the next step and invite you to a 60-minute technical interview on Thursday.\n\nBest,\nDana")
    for width in WIDTHS:
        wrapped = _wrap(text, width)
        assert phrases.hits("job", wrapped) == ["your application", "Backend Engineer"], width
        assert phrases.first("interview", wrapped) is not None


def test_format_flowed_is_joined_back_into_paragraphs() -> None:
    flowed = "Following up on your \r\napplication, we'd like \r\nto meet.\r\n\r\n> a quoted \r\n> line\r\n-- \r\nDana"
    assert mimeparts.unflow(flowed) == "Following up on your application, we'd like to meet.\n\n> a quoted line\n-- \nDana"
    # DelSp=yes: the space before the break was added by the sender, not typed by the author
    assert mimeparts.unflow("Vorstellungs \r\ngespräch", delsp=True) == "Vorstellungsgespräch"
    assert mimeparts.unflow(" >not a quote, stuffed") == ">not a quote, stuffed"


def test_a_flowed_part_is_read_as_its_paragraphs() -> None:
    raw = (b"Content-Type: text/plain; charset=utf-8; format=flowed; delsp=no\r\n\r\n"
           b"we would like to invite you to a technical \r\ninterview for the role.\r\n")
    assert mimeparts.read(raw).plain == ("we would like to invite you to a technical interview for the role.\n",)


@pytest.mark.parametrize(("sent", "read"), [
    ("your\u00a0application", "your application"),
    ("your \n   application", "your application"),
    ("your<br>\napplication".replace("<br>", ""), "your application"),
    ("we\u2019d like", "we'd like"),
    ("\u201cnext steps\u201d \u2013 60\u2011minute", '"next steps" - 60-minute'),
    ("inter\u00adview\u200b", "interview"),
    ("Vorstellungsgespra\u0308ch", "Vorstellungsgespräch"),
    ("Backend-\nEngineer", "Backend-Engineer"),
    ("first.\n\n\nsecond", "first.\n\nsecond"),
    ("intro:\n- one\n- two", "intro:\n- one\n- two"),
    ("a\u2028b\r\nc", "a b c"),
])
def test_every_spelling_of_a_space_quote_or_dash_reads_alike(sent: str, read: str) -> None:
    assert for_matching(sent) == read


def test_a_sentence_is_cut_from_the_normalised_text() -> None:
    text = "Hello.\n\nUnfortunately we have decided\nnot to move forward with your\napplication. Best, Dana"
    found = phrases.first("decision_rejection", text)
    assert found is not None
    assert "not to move forward with your application" in phrases.sentence(text, found)
