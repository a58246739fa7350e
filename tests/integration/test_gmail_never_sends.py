"""The product never sends mail: no Gmail send call and no smtplib anywhere in its source tree.

`gmail.compose` permits `users.drafts.send` and `users.messages.send`, so the guarantee cannot come
from the OAuth scopes; it is kept in the code, and checked here on the source text and its syntax
tree (a call spelled differently, through getattr or a URL, is caught as well).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = sorted(path for folder in ("watcher", "rules", "scripts", "bench") if (ROOT / folder).is_dir()
                 for path in (ROOT / folder).rglob("*.py"))
GMAIL_ADAPTERS = {ROOT / "watcher" / "sources" / "gmail.py", ROOT / "watcher" / "drafts" / "gmail.py"}
SEND_TEXT = re.compile(r"(messages|drafts)\(\)\s*\.\s*send\b|/send\b|\bsmtplib\b|\bsendmail\b")


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def code_lines(path: Path) -> list[tuple[int, str]]:
    """Source lines with comments and docstrings blanked: those may name what is forbidden."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    doc_lines: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            doc_lines.update(range(body[0].lineno, (body[0].end_lineno or body[0].lineno) + 1))
    return [(number, line.split("#", 1)[0]) for number, line in enumerate(source.splitlines(), start=1)
            if number not in doc_lines]


def test_the_source_tree_is_found() -> None:
    assert set(PRODUCT) >= GMAIL_ADAPTERS


@pytest.mark.parametrize("path", PRODUCT, ids=relative)
def test_no_send_call_smtplib_or_send_url_in_the_text(path: Path) -> None:
    found = [f"{relative(path)}:{number}: {line.strip()}" for number, line in code_lines(path) if SEND_TEXT.search(line)]
    assert found == []


@pytest.mark.parametrize("path", PRODUCT, ids=relative)
def test_no_send_in_the_syntax_tree(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [alias.name for alias in node.names] + [getattr(node, "module", None) or ""]
            if any(name.split(".")[0] == "smtplib" for name in names):
                found.append(f"line {node.lineno}: imports smtplib")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in ("smtplib", "send"):
            found.append(f"line {node.lineno}: the string {node.value!r} (getattr or import_module)")
        if isinstance(node, ast.Attribute) and node.attr == "send":
            # `<resource>().send(...)` on a Gmail resource, or any .send in the Gmail adapters
            receiver = node.value
            on_resource = (isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Attribute)
                           and receiver.func.attr in ("messages", "drafts"))
            if on_resource or path in GMAIL_ADAPTERS:
                found.append(f"line {node.lineno}: .send")
    assert found == []


def test_googleapiclient_is_imported_only_by_the_gmail_adapters() -> None:
    importers = set()
    for path in PRODUCT:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(name.split(".")[0] == "googleapiclient" for name in names):
                importers.add(path)
    assert importers and importers <= GMAIL_ADAPTERS


def test_the_checks_catch_a_send_call(tmp_path: Path) -> None:
    # The checks themselves must not be blind: a forbidden line is found.
    sample = tmp_path / "sample.py"
    sample.write_text('service.users().drafts().send(userId="me", body={}).execute()\n', encoding="utf-8")
    tree = ast.parse(sample.read_text(encoding="utf-8"))
    assert any(isinstance(node, ast.Attribute) and node.attr == "send" for node in ast.walk(tree))
    assert SEND_TEXT.search(code_lines(sample)[0][1])
