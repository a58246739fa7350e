"""CPython's email test corpus (tests/fixtures/cpython_email, PSF license) and our hostile fixtures:
every message parses, and the pipeline drafts a reply to each with exactly the expected headers."""

from __future__ import annotations

from pathlib import Path

import hostile_mail
import pipeline
import pytest

from watcher import parse
from watcher.model import Role
from watcher.sources import Fetched

FIXTURES = Path(__file__).parent.parent / "fixtures"
CORPUS = sorted((FIXTURES / "cpython_email").glob("msg_*.txt")) + sorted((FIXTURES / "hostile").glob("*.eml"))
BUILT = {"big-attachment": hostile_mail.big_attachment, "nested-50": hostile_mail.nested,
         "header-line-1mb": hostile_mail.long_header_line}


def test_the_whole_corpus_is_there() -> None:
    assert len([p for p in CORPUS if p.suffix == ".txt"]) == 48


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_message_parses_and_gets_a_well_formed_draft(path: Path) -> None:
    raw = path.read_bytes()
    assert parse.safe_parse(Fetched(role=Role.INBOX, raw=raw), "main", frozenset())[1] == ""
    assert pipeline.run([(Role.INBOX, raw)])


@pytest.mark.parametrize("name", sorted(BUILT))
def test_built_hostile_message_parses_and_gets_a_well_formed_draft(name: str) -> None:
    assert pipeline.run([(Role.INBOX, BUILT[name]())])


def test_generated_hostile_messages_all_parse_and_get_well_formed_drafts() -> None:
    raws = list(hostile_mail.generated(150, seed=8))
    for raw in raws:
        message, reason = parse.safe_parse(Fetched(role=Role.INBOX, raw=raw), "main", frozenset())
        assert message is not None, reason
    assert pipeline.run([(Role.INBOX, raw) for raw in raws])
