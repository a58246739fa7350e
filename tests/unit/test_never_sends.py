"""POLICY.md, "Drafts, never sends": there is no code path that sends mail.

Read from the source text, so a send added anywhere in watcher/ or rules/ fails here even if no other
test reaches it.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest

import watcher.drafts
from watcher import drafts

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(path for package in ("watcher", "rules") for path in (ROOT / package).rglob("*.py"))
SEND_CALL = re.compile(r"\.send\(")
# `.send(` calls that are not mail, each checked by hand: the daemon's self-pipe wake-up (a socketpair)
# and sd_notify's datagrams to systemd (watcher/notify.py). Anything else with `.send(` must be looked at.
NOT_MAIL = {
    ("watcher/wakeups.py", "self._writer.send("),
    ("watcher/notify.py", "self.send("),
}


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_the_source_tree_is_where_this_test_looks() -> None:
    assert {"watcher/scan.py", "watcher/compose.py", "rules/banned.py"} <= {relative(p) for p in SOURCES}


@pytest.mark.parametrize("path", SOURCES, ids=relative)
def test_no_module_imports_smtplib(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {(node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "smtplib" not in imported


@pytest.mark.parametrize("path", SOURCES, ids=relative)
def test_no_module_names_smtplib_at_all(path: Path) -> None:
    # catches importlib.import_module("smtplib") and __import__("smtplib") too
    assert "smtplib" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", SOURCES, ids=relative)
def test_no_module_calls_send(path: Path) -> None:
    calls = []
    for line in path.read_text(encoding="utf-8").splitlines():
        for match in SEND_CALL.finditer(line):
            receiver = re.search(r"[\w.]*\.send\($", line[: match.end()])
            text = receiver.group(0) if receiver else line.strip()
            if (relative(path), text) not in NOT_MAIL:
                calls.append(text)
    assert calls == []


@pytest.mark.parametrize("path", SOURCES, ids=relative)
def test_no_module_calls_sendmail_or_send_message(path: Path) -> None:
    assert not re.search(r"\.(sendmail|send_message|send_raw_email)\(", path.read_text(encoding="utf-8"))


def writer_classes() -> list[type]:
    classes: list[type] = [drafts.DraftWriter]
    for module_info in pkgutil.iter_modules(watcher.drafts.__path__, "watcher.drafts."):
        module = importlib.import_module(module_info.name)
        classes += [cls for _, cls in inspect.getmembers(module, inspect.isclass)
                    if cls.__module__ == module.__name__ and hasattr(cls, "create") and hasattr(cls, "withdraw")]
    return classes


def test_every_draft_writer_is_checked() -> None:
    names = {cls.__name__ for cls in writer_classes()}
    assert {"DraftWriter", "ImapDraftWriter", "MaildirDraftWriter", "MemoryDraftWriter"} <= names


@pytest.mark.parametrize("cls", writer_classes(), ids=lambda cls: cls.__name__)
def test_draft_writer_has_no_send_method(cls: type) -> None:
    assert [name for name in dir(cls) if "send" in name.lower()] == []
