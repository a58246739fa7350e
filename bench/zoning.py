"""Reply zoning on public reply-parsing fixtures, and its scaling: prints figures, asserts nothing.

    .venv/bin/python bench/zoning.py [--talon PYTHON] [--show-misses]

The cases (tests/fixtures/zoning/, see NOTICE there) come from Mailgun talon's suite and the
email_reply_parser family's (github's, zapier's and crisp's). Each states what the suite expects:

- "reply" (talon's definition): the message without quoted history, signature KEPT. We compare
  Zones.own (the author's words and signature as written, quotes taken out).
- "author" (email_reply_parser's visible text): the reply without its signature block. We compare
  Zones.author.

Comparison: trailing spaces of each line and blank lines at either end are ignored; runs of blank
lines count as one. talon's HTML cases are compared without any whitespace, as talon's own test does.
A case is exact when every field it states matches.

--talon PYTHON runs talon (installed in a throwaway venv, never a project dependency) on the same cases
with the same comparison: extract_from_plain / extract_from_html for "reply", then talon's brute-force
extract_signature on that for "author".
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from watcher import textzones  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "zoning"

_TALON_RUNNER = r"""
import json, re, sys
import talon
talon.init()
from talon import quotations
from talon.signature.bruteforce import extract_signature
from talon.utils import html_to_text
out = []
for case in json.load(sys.stdin):
    if "html" in case:
        reply = html_to_text(quotations.extract_from_html(case["html"])) or ""
        if isinstance(reply, bytes):
            reply = reply.decode("utf-8")
    else:
        reply = quotations.extract_from_plain(case["text"])
    author = extract_signature(reply)[0]
    out.append({"own": reply, "author": author})
json.dump(out, sys.stdout)
"""


def load_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted(FIXTURES.glob("*.json")):
        cases += json.loads(path.read_text("utf-8"))["cases"]
    return cases


def _tidy(text: str, compare: str) -> str:
    if compare == "no-whitespace":
        return re.sub(r"\s+", "", text)
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def ours(case: dict[str, Any]) -> dict[str, str]:
    text = textzones.choose_text("", case["html"]) if "html" in case else textzones.choose_text(case["text"], "")
    zones = textzones.split(text)
    return {"own": zones.own, "author": zones.author}


def verdict(case: dict[str, Any], got: dict[str, str]) -> dict[str, bool]:
    """Per field the case states ("reply" -> own, "author" -> author): exact or not."""
    compare = case.get("compare", "lines")
    fields = {"reply": "own", "author": "author"}
    return {field: _tidy(got[key], compare) == _tidy(case[field], compare)
            for field, key in fields.items() if field in case}


def score(cases: list[dict[str, Any]], results: list[dict[str, str]]) -> dict[str, Any]:
    totals: Counter[str] = Counter()
    misses = []
    for case, got in zip(cases, results, strict=True):
        source = case["id"].split("/")[0]
        checks = verdict(case, got)
        exact = all(checks.values())
        totals["all"] += 1
        totals["all_ok"] += exact
        totals[source] += 1
        totals[f"{source}_ok"] += exact
        for field, ok in checks.items():
            totals[field] += 1
            totals[f"{field}_ok"] += ok
        if not exact:
            misses.append(case["id"])
    return {"totals": totals, "misses": misses}


def _line(label: str, totals: Counter[str], key: str) -> str:
    if not totals[key]:
        return f"  {label:<44} -"
    return f"  {label:<44} {totals[key + '_ok']:>3}/{totals[key]:<3} {100 * totals[key + '_ok'] / totals[key]:5.1f}%"


def report(name: str, scored: dict[str, Any], sources: list[str]) -> None:
    totals = scored["totals"]
    print(f"{name}:")
    print(_line("all cases, exact", totals, "all"))
    for source in sources:
        print(_line(f"  {source}", totals, source))
    non_talon = Counter({"x": sum(totals[s] for s in sources if s != "talon"),
                         "x_ok": sum(totals[f"{s}_ok"] for s in sources if s != "talon")})
    print(_line("not talon's own (email_reply_parser family)", non_talon, "x"))
    print(_line('"reply incl. signature" fields', totals, "reply"))
    print(_line('"author\'s words without signature" fields', totals, "author"))


def run_talon(python: str, cases: list[dict[str, Any]]) -> list[dict[str, str]] | None:
    try:
        done = subprocess.run([python, "-c", _TALON_RUNNER], input=json.dumps(cases), capture_output=True,
                              text=True, timeout=600, check=True)
    except (OSError, subprocess.SubprocessError) as error:
        print(f"talon: not run ({error})")
        return None
    results: list[dict[str, str]] = json.loads(done.stdout)
    return results


def thread(replies: int, body_lines: int = 2000) -> str:
    """A long quoted thread: each reply quotes the whole thread before it, one ">" deeper."""
    text = "First message.\n" + "We will decide by Friday about the role.\n" * body_lines
    for number in range(replies):
        quoted = "\n".join("> " + line if line else ">" for line in text.split("\n"))
        text = f"Reply {number}: thanks, noted.\n\nOn Mon, 5 Oct 2026 at 10:{number % 60:02d}, Dana Smith <dana@example.org> wrote:\n{quoted}"
        if len(text) > 1_200_000:
            break
    return text


def scaling() -> None:
    print("scaling (zone_lines on a long quoted thread, uncapped; best of 5; linear: ~x2 per x2 input):")
    previous = None
    for size in (100_000, 200_000, 400_000, 800_000, 1_600_000):
        line = "> We will decide by Friday about the role, thanks.\n"
        text = "Thanks, noted.\n\nOn Mon, 5 Oct 2026, Dana <dana@example.org> wrote:\n" + line * (size // len(line))
        lines = text.split("\n")
        best = min(_timed(lambda lines=lines: textzones.zone_lines(lines)) for _ in range(5))
        ratio = "" if previous is None else f"  x{best / previous:.2f} for x2 input"
        print(f"  {len(text):>9} chars, {len(lines):>6} lines: {best * 1000:8.1f} ms{ratio}")
        previous = best
    print("hostile shapes, 64 KB each through split (the MAX_TEXT cap), best of 3:")
    shapes = {
        "short digit lines": "1\n",
        "header-like lines without a verb": "On 1 May x\n",
        "colon and address lines": "1 a@b:\n",
        "signature delimiters": "-- \n",
        "4 KB lines of spaces": " " * 4000 + "x\n",
        "header fields in pairs": "From: a\nTo: b\n",
        "quote and answer alternating": "> a quoted line that is long enough to have been wrapped by a client\nb\n",
    }
    for label, unit in shapes.items():
        text = unit * (textzones.MAX_TEXT // len(unit))
        best = min(_timed(lambda text=text: textzones.split(text)) for _ in range(3))
        print(f"  {label:<34} {best * 1000:8.1f} ms")
    long_thread = thread(200)
    seconds = min(_timed(lambda: textzones.split(textzones.choose_text(long_thread, ""))) for _ in range(3))
    print(f"  200-reply nested thread ({len(long_thread) / 1e6:.1f} MB raw): choose_text+split {seconds * 1000:.1f} ms")
    lines = long_thread.split("\n")
    seconds = min(_timed(lambda: textzones.zone_lines(lines)) for _ in range(3))
    print(f"  the same thread uncapped, zone_lines on its {len(lines)} lines: {seconds * 1000:.1f} ms")


def _timed(work: Any) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--talon", metavar="PYTHON", help="a python with talon installed, to score it side by side")
    parser.add_argument("--show-misses", action="store_true", help="print each missed case, expected and got")
    args = parser.parse_args()
    cases = load_cases()
    sources = sorted({case["id"].split("/")[0] for case in cases}, key=lambda s: (s != "talon", s))
    print(f"{len(cases)} cases from tests/fixtures/zoning ({', '.join(sources)})")
    print('comparison: "reply" = talon\'s definition (signature kept) vs Zones.own; "author" = email_reply_parser\'s')
    print("visible text (signature block dropped) vs Zones.author; line-end spaces and blank-line runs ignored")
    results = [ours(case) for case in cases]
    scored = score(cases, results)
    report("followup-watcher", scored, sources)
    if args.show_misses:
        for case, got in zip(cases, results, strict=True):
            if case["id"] in scored["misses"]:
                print(f"--- MISS {case['id']}: {verdict(case, got)}")
                for field, key in (("reply", "own"), ("author", "author")):
                    if field in case:
                        print(f"expected {field}: {case[field]!r}\n     got {key}: {got[key]!r}")
    else:
        print(f"  misses: {' '.join(scored['misses']) or 'none'}")
    if args.talon:
        talon_results = run_talon(args.talon, cases)
        if talon_results is not None:
            talon_scored = score(cases, talon_results)
            report("talon (same cases, same comparison)", talon_scored, sources)
            print(f"  misses: {' '.join(talon_scored['misses']) or 'none'}")
    scaling()
    return 0


if __name__ == "__main__":
    sys.exit(main())
