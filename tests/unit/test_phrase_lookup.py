"""A phrase list finds what its patterns find: the look-up by literal starts only skips patterns that
cannot match, never one that does."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
import yaml

from rules import lists, phrases
from watcher.normalise import for_matching

_SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


@functools.cache
def _texts() -> tuple[tuple[str, str], ...]:
    """Each scenario mail's subject and text, with the text as the phrase lists read it."""
    texts = []
    for path in sorted(_SCENARIOS.glob("*.yaml")):
        for message in yaml.safe_load(path.read_text(encoding="utf-8")).get("messages") or ():
            body = message.get("body") or {}
            text = str(message.get("headers", {}).get("Subject", "")) + "\n" + str(body.get("text") or "")
            texts.append((text, for_matching(text)))
    return tuple(texts)


_LISTS = sorted(name for name, value in lists.load("phrases.toml").items()
                if isinstance(value, dict) and "patterns" in value)


@pytest.mark.parametrize("name", _LISTS)
def test_every_pattern_that_matches_a_scenario_mail_is_found(name: str) -> None:
    patterns = [re.compile(source, re.I) for source in lists.strings("phrases.toml", name, "patterns")]
    found_any = False
    for text, normalised in _texts():
        every = [m.group(0) for m in (p.search(normalised) for p in patterns) if m]
        assert phrases.hits(name, text) == every
        found_any = found_any or bool(every)
    assert found_any or name not in {"interview", "job", "meeting", "decision_rejection"}


def test_starts_sharing_their_first_letters_are_told_apart(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "phrases.toml").write_text(
        '[probe_list]\npatterns = ["\\\\bavanzar con otro candidato\\\\b", "\\\\bavanzar con otros perfiles\\\\b"]\n',
        encoding="utf-8")
    lists.use_extra_dirs([rules])
    try:
        assert phrases.hits("probe_list", "Decidimos avanzar con otros perfiles.") == ["avanzar con otros perfiles"]
        assert phrases.hits("probe_list", "Vamos a avanzar con otro candidato.") == ["avanzar con otro candidato"]
        assert phrases.hits("probe_list", "Queremos avanzar contigo.") == []
    finally:
        lists.use_extra_dirs([])
