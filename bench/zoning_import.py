"""Rebuild tests/fixtures/zoning/*.json from the public reply-parsing suites (run once, by hand).

    python bench/zoning_import.py TALON_GIT ERP_GIT ZAPIER_GIT CRISP_GIT

Each argument is a git directory (bare is fine) of: mailgun/talon (Apache-2.0), github/email_reply_parser
(MIT), zapier/email-reply-parser (MIT), crisp-oss/email-reply-parser (MIT). Only the fixture data is
copied: a message and the reply its suite expects. Talon's plain-text cases live inline in its test
module: we run that module's test functions against a recorder that stands in for talon, so each
`eq_(expected, quotations.extract_from_plain(body))` becomes one case, exactly as talon's suite states it.
The email_reply_parser family states most expectations as fragment checks; only its exact ones are kept.
"""

from __future__ import annotations

import email
import email.iterators
import io
import json
import re
import subprocess
import sys
import types
import unittest.mock
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "zoning"


def _show(git_dir: str, path: str) -> str:
    return subprocess.run(["git", "--git-dir", git_dir, "show", f"HEAD:{path}"], check=True,
                          capture_output=True).stdout.decode("utf-8")


def _ls(git_dir: str, folder: str) -> list[str]:
    out = subprocess.run(["git", "--git-dir", git_dir, "ls-tree", "--name-only", f"HEAD:{folder}"], check=True,
                         capture_output=True, text=True).stdout
    return out.split()


def _commit(git_dir: str) -> str:
    return subprocess.run(["git", "--git-dir", git_dir, "rev-parse", "HEAD"], check=True, capture_output=True,
                          text=True).stdout.strip()


class _Asked(str):
    """What the recorder returns for extract_from_plain: remembers the body it was asked about."""

    body: str


class _NotPlain(Exception):
    """A talon test about something else than extract_from_plain (markers, preprocessing...)."""


def _talon_plain(git_dir: str) -> list[dict[str, Any]]:
    source = _show(git_dir, "tests/text_quotations_test.py")
    cases: list[dict[str, Any]] = []
    current: list[str] = [""]

    def extract_from_plain(body: str) -> _Asked:
        asked = _Asked("\0asked")
        asked.body = body
        return asked

    def other(*_args: object, **_kwargs: object) -> object:
        raise _NotPlain

    def eq_(expected: object, actual: object, *_message: object) -> None:
        if isinstance(actual, _Asked) and isinstance(expected, str):
            cases.append({"id": f"talon/{current[0]}-{len(cases)}", "text": actual.body, "reply": expected})

    quotations = types.SimpleNamespace(extract_from_plain=extract_from_plain, MAX_LINES_COUNT=1000,
                                       mark_message_lines=other, process_marked_lines=other, preprocess=other,
                                       split_emails=other)
    six = types.SimpleNamespace(text_type=str, StringIO=io.StringIO)
    namespace: dict[str, Any] = {"quotations": quotations, "eq_": eq_, "patch": unittest.mock.patch, "os": None,
                                 "six": six, "range": range, "email": email, "StringIO": io.StringIO}
    kept = [line for line in source.split("\n") if not re.match(r"(from|import) ", line)]
    exec(compile("\n".join(kept), "text_quotations_test.py", "exec"), namespace)  # noqa: S102 - the suite's own tests
    for name, test in list(namespace.items()):
        # MAX_LINES_COUNT tests check a talon knob, and standard replies are read below from their files
        if not name.startswith("test_") or name in ("test_too_many_lines", "test_standard_replies"):
            continue
        current[0] = name.removeprefix("test_")
        before = len(cases)
        try:
            result = test()
            if isinstance(result, Iterator):
                for step in result:
                    step[0](*step[1:])
        except _NotPlain:
            del cases[before:]
    stems = [re.sub(r"-\d+$", "", case["id"]) for case in cases]
    for index, case in enumerate(cases):
        # a test with several expectations numbers them 1, 2, ...
        if stems.count(stems[index]) > 1:
            case["id"] = f"{stems[index]}-{stems[:index + 1].count(stems[index])}"
        else:
            case["id"] = stems[index]
    return cases


def _talon_standard(git_dir: str) -> list[dict[str, Any]]:
    folder = "tests/fixtures/standard_replies"
    names = _ls(git_dir, folder)
    cases = []
    for name in sorted(n for n in names if n.endswith(".eml")):
        raw = subprocess.run(["git", "--git-dir", git_dir, "show", f"HEAD:{folder}/{name}"], check=True,
                             capture_output=True).stdout
        message = email.message_from_bytes(raw)
        body = next(email.iterators.typed_subpart_iterator(message, subtype="plain"))
        payload = body.get_payload(decode=True)
        text = payload.decode("utf-8") if isinstance(payload, bytes) else str(payload)
        stem = name[:-4]
        reply = _show(git_dir, f"{folder}/{stem}_reply_text").strip() if f"{stem}_reply_text" in names else "Hello"
        cases.append({"id": f"talon/standard_{stem}", "text": text, "reply": reply})
    return cases


def _talon_html(git_dir: str) -> list[dict[str, Any]]:
    # html_quotations_test.extract_reply_and_check: every client's reply reads "Hi. I am fine. Thanks, Alex",
    # compared without whitespace
    folder = "tests/fixtures/html_replies"
    return [{"id": f"talon/html_{name[:-5]}", "html": _show(git_dir, f"{folder}/{name}"),
             "reply": "Hi. I am fine.\n\nThanks,\nAlex", "compare": "no-whitespace"}
            for name in sorted(_ls(git_dir, folder)) if name.endswith(".html")]


_COMMON = ("Fusce bibendum, quam hendrerit sagittis tempor, dui turpis tempus erat, pharetra sodales ante sem sit "
           "amet metus.\nNulla malesuada, orci non vulputate lobortis, massa felis pharetra ex, convallis consectetur "
           "ex libero eget ante.\nNam vel turpis posuere, rhoncus ligula in, venenatis orci. Duis interdum venenatis "
           "ex a rutrum.\nDuis ut libero eu lectus consequat consequat ut vel lorem. Vestibulum convallis lectus "
           "urna,\net mollis ligula rutrum quis. Fusce sed odio id arcu varius aliquet nec nec nibh.")


def _crisp(git_dir: str) -> list[dict[str, Any]]:
    """crisp's test.js: `test.equal(COMMON_FIRST_FRAGMENT, fragments[0]...trim())` and its exact strings.

    Its first fragment is the reply without a signature block ("--", "Sent from my ..."): that is the
    author's words, and kept under "author"."""
    source = _show(git_dir, "test/test.js")
    cases = []
    for block in re.split(r"\nexport function ", source)[1:]:
        fixture = re.search(r'get_email\("([^"]+)"\)', block)
        if not fixture:
            continue
        text = _show(git_dir, f"test/fixtures/{fixture.group(1)}.txt")
        if re.search(r"test\.equal\(COMMON_FIRST_FRAGMENT, (fragments\[0\]\.toString\(\)|text)", block):
            expected = _COMMON
        # the whole first fragment or visible text; a bare fragments[0] check is one piece of a bottom post
        elif exact := re.search(r'test\.equal\("((?:[^"\\]|\\.)*)", (fragments\[0\]\.toString\(\)|email\.getVisibleText)', block):
            expected = json.loads(f'"{exact.group(1)}"').strip()
        else:
            continue
        cases.append({"id": f"crisp/{fixture.group(1)}", "text": text, "author": expected})
    return cases


def _erp(git_dir: str) -> list[dict[str, Any]]:
    """github/email_reply_parser: `assert_equal "...", EmailReplyParser.parse_reply(body)` per fixture.

    parse_reply is its visible text: the reply without a signature block ("--", "Sent from my ...")."""
    source = _show(git_dir, "test/email_reply_parser_test.rb")
    cases = []
    for block in source.split("\n  def test_")[1:]:
        fixture = re.search(r'join\("([^"]+)\.txt"\)', block)
        exact = re.search(r'assert_equal "((?:[^"\\]|\\.)*)",\s*EmailReplyParser\.parse_reply\(body\)', block)
        if fixture and exact:
            cases.append({"id": f"erp/{fixture.group(1)}", "text": _show(git_dir, f"test/emails/{fixture.group(1)}.txt"),
                          "author": json.loads(f'"{exact.group(1)}"')})
    return cases


# zapier's port adds these fixtures and exact expectations to github's
_ZAPIER_EXACT = {
    "email_gmail": "This is a test for inbox replying to a github message.",
    "email_headers_no_delimiter": "And another reply!",
}


def _zapier(git_dir: str) -> list[dict[str, Any]]:
    cases = []
    test = _show(git_dir, "test/test_email_reply_parser.py")
    for name, expected in _ZAPIER_EXACT.items():
        assert name in test, name
        cases.append({"id": f"zapier/{name}", "text": _show(git_dir, f"test/emails/{name}.txt"), "author": expected})
    unusual = re.search(r"unusual_headers_format.*?assertEqual\(\s*'((?:[^'\\]|\\.)*)'", test, re.S)
    if unusual:
        cases.append({"id": "zapier/email_2_3", "text": _show(git_dir, "test/emails/email_2_3.txt"),
                      "author": unusual.group(1).encode().decode("unicode_escape")})
    return cases


def main(argv: list[str]) -> int:
    talon, erp, zapier, crisp = argv[1:5]
    OUT.mkdir(parents=True, exist_ok=True)
    sources: dict[str, Callable[[], list[dict[str, Any]]]] = {
        "talon.json": lambda: _talon_plain(talon) + _talon_standard(talon) + _talon_html(talon),
        "erp.json": lambda: _erp(erp),
        "zapier.json": lambda: _zapier(zapier),
        "crisp.json": lambda: _crisp(crisp),
    }
    commits = {"talon.json": _commit(talon), "erp.json": _commit(erp), "zapier.json": _commit(zapier), "crisp.json": _commit(crisp)}
    for name, make in sources.items():
        cases = make()
        document = {"source_commit": commits[name], "cases": cases}
        (OUT / name).write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", "utf-8")
        print(f"{name}: {len(cases)} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
