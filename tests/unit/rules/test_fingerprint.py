"""The detection cache's key covers every rule module: a changed rule reads the threads again."""

from __future__ import annotations

from pathlib import Path

import rules.evidence
from rules.evidence import RULES
from watcher import versions


def test_every_evidence_rule_module_is_in_the_rules_fingerprint() -> None:
    hashed = {path.resolve() for path in versions.rule_files()}
    folder = Path(rules.evidence.__file__).resolve().parent
    modules = sorted(folder.glob("*.py"))
    assert len(modules) >= len(RULES) + 2  # every rule, base.py, __init__.py
    assert set(modules) <= hashed
    assert Path(rules.evidence.__file__).resolve().parent.parent.joinpath("data", "phrases.toml") in hashed


def test_every_listed_rule_has_its_own_test_file() -> None:
    tests = Path(__file__).resolve().parent
    for rule in RULES:
        name = rule.__module__.rpartition(".")[2]
        assert (tests / f"test_{name}.py").is_file(), name
