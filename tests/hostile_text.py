"""Hostile mail text: inputs that make a backtracking regex or a rescanning loop take minutes.

Shared by tests/unit/test_adversarial_text.py (every reader returns on each) and
bench/adversarial_text.py (the figures). Each input is made up; none is a real message.
"""

from __future__ import annotations

from collections.abc import Callable


def _joiner_sentence(times: int) -> str:
    # the 182-character sentence: "× 8" took 44 s in _JOINER, each extra one doubles it
    return "We will let you know our decision by Friday, " + "at the latest " * times + "x Monday."


def _quote_headers(count: int) -> str:
    # a thread quoted inside itself: every level opens with its own "On ... wrote:" header
    lines = ["Thanks, Tuesday works for me."]
    for level in range(count):
        prefix = "> " * min(level, 50)
        lines.append(f"{prefix}On Mon, Oct 12, 2026 at 9:14 AM Dana Whitfield <dana@example.com> wrote:")
        lines.append(f"{prefix}> We will decide by Friday and let you know.")
    return "\n".join(lines)


def _quoted_lines(count: int) -> str:
    # deep ">" levels, each line a quote of the one before, ending in an unquoted line
    return "\n".join(">" * (1 + i % 20) + " we will let you know by Friday" for i in range(count)) + "\nOK."


def _sign_offs(count: int) -> str:
    # every line looks like the start of a signature
    return "We will let you know our decision by Friday.\n" + "Thanks,\nDana Whitfield\n" * count


def _outlook_headers(count: int) -> str:
    return "Hi,\n" + "From: Dana <dana@example.com>\nFrom: Dana <dana@example.com>\n" * count + "Sent: Monday\n"


def _html(count: int) -> str:
    return "<p>We will let you know by Friday.</p>" + "<blockquote><div>" * count + "x" + "</div></blockquote>" * count


# name -> builder of the text; each reads in well under a second when the code is linear
INPUTS: dict[str, Callable[[], str]] = {
    "joiner x9": lambda: _joiner_sentence(9),
    "joiner x20": lambda: _joiner_sentence(20),
    "joiner x50": lambda: _joiner_sentence(50),
    "joiner words run": lambda: "We will decide by Friday, " + "or and to through, the on by at " * 2000 + "x Monday.",
    "joiner punctuation run": lambda: "We will decide by Friday " + ", ( ) - / " * 5000 + "x Monday.",
    "spaces run": lambda: "We will decide by Friday" + " " * 200_000 + "x Monday.",
    "dashes run": lambda: "We will decide by Friday " + "- " * 100_000 + "-" * 100_000 + " Monday.",
    "tabs and newlines": lambda: "We will decide by\t" + "\t \n" * 50_000 + "Friday.",
    "thousands of dates": lambda: "We will decide by " + ", ".join(f"Friday, October {1 + i % 28}" for i in range(5000)) + ".",
    "decision words far from dates": lambda: "our decision " * 2000 + "x " * 50 + "Friday lorem ipsum dolor sit amet " * 2000,
    "thousands of weekdays": lambda: "We'll get back to you " + " or ".join(["Monday", "Tuesday", "Friday"] * 3000) + ".",
    "thousands of times": lambda: "Could you do Tuesday at " + ", ".join(f"{1 + i % 12}:{i % 60:02d} pm" for i in range(5000)) + "?",
    "thousands of times, one sentence": lambda: "Could you do Tuesday at " + ", ".join(
        f"{1 + i % 12}:{i % 60:02d} pm" for i in range(5000)) + " for the interview, then we decide",
    "thousands of durations": lambda: "The interview takes " + " and ".join(["45 minutes", "an hour"] * 3000) + ".",
    "nested quote headers": lambda: _quote_headers(3000),
    "deep quote levels": lambda: _quoted_lines(20_000),
    "sign-off lines": lambda: _sign_offs(5000),
    "outlook headers": lambda: _outlook_headers(5000),
    "appointment separators": lambda: "Hi,\n" + "-----Original Appointment-----\nSubject: x\nWhen: Tuesday at 10\n" * 20_000,
    "1 MB single line": lambda: "We will let you know by Friday " + "word " * 200_000,
    "1 MB without spaces": lambda: "x" * 1_000_000,
    "long words without @": lambda: ("x" * 4000 + " ") * 250,
    "long runs of capitals": lambda: ("A" * 20_000 + " ") * 10,
    "capitalised words without an address": lambda: "Hi, " + "Ab Cd Ef Gh " * 20_000 + "<x",
    "By Friday x100k": lambda: "By Friday, " * 100_000,
    "conditional decisions": lambda: "If we decided not to move forward with your application, " * 3000 + "ok.",
    "conditional requests": lambda: "If you do not follow up, " * 5000 + "ok.",
    "out of office run": lambda: "I am out of the office " * 20_000 + "until Monday.",
    "sentence ends run": lambda: "Dr. " * 100_000 + "We will decide by Friday.",
    "addresses run": lambda: "Contact " + "a." * 100_000 + "@" + "b-" * 100_000 + "example.com",
    "html nested blockquotes": lambda: _html(20_000),
    "html unclosed tags": lambda: "<p>We will decide by Friday" + "<a href='x" * 50_000,
    # Italian and Portuguese: their rewrites run only on text with their words (rules/data/date_words.toml)
    "Italian timeline run": lambda: "Le faremo sapere entro " + "la fine della prossima settimana, " * 5000 + "venerdì.",
    "Italian spaces after a weekday": lambda: "Ci sentiamo martedì" + " " * 200_000 + "12/11 dalle" + " " * 100_000 + "15:00.",
    "Italian out of office run": lambda: "Sono fuori ufficio fino al " * 20_000 + "4 dicembre.",
    "Portuguese até run": lambda: "Daremos um retorno até " * 20_000 + "sexta-feira.",
    "Portuguese slots run": lambda: "Que tal " + ", ".join(
        f"quinta-feira, {1 + i % 28}/{1 + i % 12}, às {8 + i % 10}h{i % 60:02d}" for i in range(5000)) + "?",
    "Portuguese hours run": lambda: "Daremos um retorno em até " + "48 h " * 50_000 + "dias úteis.",
    # sentence ends one after another: each may open a sentence "After interview, ..." (deadline._EVENT_OPENS)
    "sentence openings run": lambda: ". " * 25_000 + "After interview, we will decide within 3 working days.",
}
