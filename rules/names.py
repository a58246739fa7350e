"""Names the drafts use, as the hiring side writes them: the company, the role's title, the contact's
first name and role, and the people who held each interview round.

A name is only ever copied from the mail (a display name, a signature, a subject, an invite, the
text); a domain is evidence *for* a written name ("Halvard Biologics" fits halvard-bio), never a
source of one. When nothing fits, the answer is "" and the draft says "the team" / "the role".
The words these readers look for are data (rules/data/names.toml). Every pattern is linear-time:
triggers are plain alternations, and a name is read token by token after a trigger.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rules import lists, senders
from watcher.model import Address, Message, Round, Side

_FILE = "names.toml"
_POST_NOMINAL = re.compile(r"^(ph\.?d|md|mba|msc|ms|ma|bsc|cpa|sphr|phr|shrm-\w+|pe|jr|sr|ii|iii|iv|esq|dds|rn)\.?\b", re.I)
_SUBJECT_PREFIX = re.compile(r"^\s*(?:(?:re|fwd?|aw|wg|tr|sv|antw|invitation|updated invitation|einladung|"
                             r"updated|canceled|cancelled|accepted|declined)\s*(?:\[\d+\])?\s*:\s*)+", re.I)
# a renamed subject's note of the old one: "Next step: technical interview (was: Re: ... phone screen)"
_WAS_SUBJECT = re.compile(r"\s*[(\[]\s*(?:was|war|était|era)\s*:[^()\[\]]*[)\]]?\s*$", re.I)
# where a subject, a display name or a signature line splits into parts
_SPLIT = re.compile(r"\s+[-–—|/·•@x]\s+|\s*\|\|?\s*|\s+<>\s+|\s*[\[\]()]\s*|:\s+|\s+[–—]\s*|,\s+|\s+@\s*|\s+\bvia\b\s+")
_TOKEN = re.compile(r"\S+")
_EDGE = "\"'“”‘’«»*_~.,;:!?"
_DIGIT = re.compile(r"\d")
_CAMEL = re.compile(r"[A-Z]")
_RUN_STOPS = frozenset({"i", "i'd", "i’d", "i'm", "i’m", "i'll", "i’ll", "i've", "i’ve", "we", "we're", "we’re", "we'll",
                        "we’ll", "we'd", "we’d", "you", "please", "thanks", "thank", "hi", "hello", "dear"})
# capitalised at a line's or sentence's start, before the name they introduce
_LEADING_WORDS = frozenset({"with", "and", "plus", "also", "meet", "meeting", "joining", "join", "including", "from", "by",
                            "interviewer", "interviewers", "panel", "panelists", "host", "hosts"})
# a time's meridiem or zone before a name, in an agenda's lines: "9:00 AM  Raj Mehta (Engineering Manager)"
_TIME_WORDS = frozenset({"am", "pm", "a.m.", "p.m.", "et", "pt", "ct", "mt", "cet", "cest", "gmt", "utc", "bst", "est",
                         "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "ist", "sgt", "jst", "aest", "aedt", "hrs", "h"})
_ABBREVIATIONS = frozenset({"dr.", "mr.", "ms.", "mrs.", "mx.", "prof.", "st.", "jr.", "sr."})
_PERSONS_TITLE = re.compile(r"(?<![\w])(?:our|their|his|her|my|with|by|i'm|i’m|i am)\s+(?:the\s+|a\s+|an\s+)?$", re.I)
_PERSON_WITH_TITLE = re.compile(
    r"(?<![\w'’-])(?:Dr\.?\s+)?([A-Z][\w'’-]{1,30}(?:\s+[A-Z][\w'’-]{1,30}){1,2})"
    r"(?:\s*\(([^()\n]{2,60})\)|,\s+(?:(?:our|their|the|a|an)\s+)?([^,.;\n]{2,60}))")
# what the hiring side says of an interview that is over, up to the end of its name
_PAST_INTERVIEW = re.compile(r"\b(?:loved|liked|enjoyed|after|following|from|since) (?:your|our|the) "
                             r"(?:\w+ ){0,2}?(?:screen|call|chat|interview|conversation)\b", re.I)
_MAX_TITLES = 40  # distinct titles one thread can offer; hostile text must not make the comparison quadratic
_MAX_PEOPLE = 40
_FIRST_NAME_WITH_TITLE = re.compile(  # "Omar (our Head of CS)"
    r"(?<![\w'’-])([A-Z][\w'’-]{1,30})\s+\((?:our|their)\s+[^()\n]{2,40}\)")
# "Tom Baca at Saguaro Credit Union wants to meet you": who asked for the interview holds it
_PERSON_WHO_WANTS_TO_MEET = re.compile(
    r"(?<![\w'’-])([A-Z][\w'’-]{1,30}(?:\s+[A-Z][\w'’-]{1,30}){1,2})(?:\s+(?:at|from)\s+[A-Z][\w&'’.-]{0,30}(?:\s+[A-Z&][\w&'’.-]{0,30}){0,3})?"
    r"\s+(?:wants|would\s+like|would\s+love|is\s+keen|is\s+excited|has\s+asked|asked)\s+to\s+(?:meet|speak|talk|chat)\s+(?:with\s+)?you\b")
# "a final conversation with our CTO, Ananya Rao": the job first, then the person
_TITLE_THEN_PERSON = re.compile(
    r"\b(?:with|meet|meeting|and)\s+(?:our|their|the)\s+([^,.;:\n]{2,40}?),\s+(?:(?:Dr|Prof)\.?\s+)?"
    r"([A-Z][\w'’-]{1,30}(?:\s+[A-Z][\w'’-]{1,30}){1,2})\b")
# a label naming a meeting's people, then the names on its line
_LABELLED_PEOPLE = re.compile(r"(?im)^[ \t]*(?:interviewers?|panel(?:ists)?|interview panel|with)[ \t]*:[ \t]*([^\n]{3,160})$")
# an agenda's line: a time span, what happens, and who in brackets ("14:00 – 15:00  Technical deep-dive
# (Florian Brandt, Anja Petrović)")
_AGENDA_PEOPLE = re.compile(r"(?m)^[ \t]*\d{1,2}[:.]\d{2}[^\n]{0,12}?[ \t]*[–—-][ \t]*\d{1,2}[:.]\d{2}[^\n()]{0,80}\(([^()\n]{3,90})\)")
_MEET_ME = re.compile(r"\b(meet|with)\s+me(?:,\s+|\s+and\s+)(?=[A-Z])")
# what may stand between the people of one list and its "and": a comma, a few words of title, no sentence's end
_LIST_GOES_ON = re.compile(r"[^.!?\n]{0,60}")
_BRACKETED_NAME = re.compile(r"\(([A-Z][\w'’-]{1,30}(?: [A-Z][\w'’-]{1,30}){1,2})\)")
_Adder = Callable[[Sequence[str], int, str], None]  # how the company readers report a name they saw


@dataclass(frozen=True)
class Names:
    """What the drafts may call things; "" where the mail does not say."""

    company: str = ""
    role: str = ""
    contact_role: str = ""  # the contact's own job, as their signature says ("Technical Recruiter")
    rounds: tuple[Round, ...] = ()  # the rounds with `interviewers`, `stage` and `label` filled in
    greeting: str = ""  # the name the contact goes by ("Kate" signing Katherine's mail), "" for `first_name`'s
    salutation: str = ""  # the user's own formal opening to the contact ("Sehr geehrte Frau Hartmann,"), or ""


# ---------------------------------------------------------------------------------------- data


@functools.cache
def _set(section: str, key: str, fold_case: bool = False) -> frozenset[str]:
    values = lists.strings(_FILE, section, key)
    return frozenset(v.casefold() for v in values) if fold_case else frozenset(values)


@functools.cache
def _not_a_person() -> frozenset[str]:
    """Words no interviewer's name holds: a company's non-name words and a body's or a place's."""
    return _set("company", "not_names", fold_case=True) | _set("people", "not_people", fold_case=True)


@functools.cache
def _alternation(section: str, key: str) -> re.Pattern[str]:
    words = sorted(lists.strings(_FILE, section, key), key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) or "(?!)"
    return re.compile(rf"(?<![\w@])(?:{body})(?![\w])", re.I)


@functools.cache
def _coordinator() -> re.Pattern[str]:
    words = lists.strings(_FILE, "people", "coordinator_roles")
    return re.compile(r"(?<![\w])(?:" + ("|".join(re.escape(w) for w in words) or "(?!)") + ")", re.I)


@functools.cache
def _heads() -> re.Pattern[str]:
    words = sorted(lists.strings(_FILE, "role", "heads"), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w])")


@functools.cache
def _heads_any_case() -> re.Pattern[str]:  # a person's job in running text: "Bianca Whitfield, the hiring manager"
    return re.compile(_heads().pattern, re.I)


@functools.cache
def _leads_of() -> re.Pattern[str]:
    words = sorted(lists.strings(_FILE, "role", "leads_of"), key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(w) for w in words) + r")\s+of\s+")


@functools.cache
def _writer_holds() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.I) for p in lists.strings(_FILE, "people", "writer_holds"))


# ------------------------------------------------------------------------------------ tokens


def fold(text: str) -> str:
    """Case- and accent-free letters and digits: "Grünwald-Robotics" -> "grunwaldrobotics"."""
    plain = unicodedata.normalize("NFKD", text)
    return "".join(c for c in plain if c.isalnum() and not unicodedata.combining(c)).casefold()


def _fold_variants(word: str) -> tuple[str, ...]:
    german = word.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("Ä", "Ae").replace(
        "Ö", "Oe").replace("Ü", "Ue").replace("ß", "ss")
    return tuple(dict.fromkeys((fold(word), fold(german))))


def _is_capital(token: str) -> bool:
    first = token[:1]
    return bool(first) and (first.isupper() or (first in ".#" and bool(_CAMEL.search(token))) or (
        first.islower() and bool(_CAMEL.search(token[1:]))))  # ".NET", "iOS", "eBay"


def _clean(token: str) -> str:
    return token.strip(_EDGE)


_WEEKDAYS = frozenset({"mon", "monday", "tue", "tues", "tuesday", "wed", "weds", "wednesday", "thu", "thur", "thurs",
                       "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday"})

# a line that starts with a label of up to three words: "NEW TIME:", "Meeting ID:"
_LABEL_LINE = re.compile(r"[^\W\d_][\w'’-]*(?: [^\W\d_][\w'’-]*){0,2}:")


def _capital_run(text: str, start: int, max_tokens: int, joiners: frozenset[str]) -> list[str]:
    """Capitalised words from `start` on, as written, up to a lower-case word or punctuation."""
    words: list[str] = []
    last_end = start
    for match in _TOKEN.finditer(text, start, min(len(text), start + 160)):
        raw = match.group(0)
        token = raw.strip(_EDGE + "([{)]}")
        if not token or token.casefold() in _RUN_STOPS or (words and raw[:1] in "([{"):
            break  # "Lise Andersen (Group PM)": the bracket starts something else
        gap = text[last_end:match.start()]
        if words and "\n" in gap and (raw.endswith(":") or gap.count("\n") > 1 or token.casefold() in _WEEKDAYS
                                        or token in words or _LABEL_LINE.match(text, match.start())):
            # "with Callum Price" over "When: Wednesday ..." or "NEW TIME: Wednesday ...", "Interviewer: Kayla
            # Romero" over "Kayla will call you": a label, a paragraph, a dated line or a sentence about the
            # person starts there
            break
        last_end = match.end()
        if token in joiners and words:
            words.append(token)
        elif _is_capital(token) and not _DIGIT.search(token):
            words.append(raw.strip(_EDGE + "([{)]}") if not raw.endswith(".") or raw.casefold() not in _ABBREVIATIONS
                         else raw.lstrip(_EDGE + "([{"))
        else:
            break
        if len(words) >= max_tokens or (raw[-1:] in _EDGE + ")]}" and raw.casefold() not in _ABBREVIATIONS):
            break  # "Biologics." or "Payments," ends the name
    while words and words[-1] in joiners:
        words.pop()
    return words


# ----------------------------------------------------------------------------------- company


def _company_form(words: Sequence[str], me_tokens: frozenset[str]) -> str:
    """A run of words -> the company's name as written, or "" when it cannot be one."""
    # "Dr" of "Interview - Locum SMO Emergency - Dr Alex Candidate" is the user's title, never a company
    not_names = _set("company", "not_names", fold_case=True) | _set("people", "honorifics", fold_case=True)
    legal = frozenset(w.rstrip(".") for w in _set("company", "legal_suffixes", fold_case=True))
    team = _set("company", "team_suffixes", fold_case=True)
    after_name = _set("company", "after_name", fold_case=True)
    parts = [w for w in words]
    if parts and (parts[-1].endswith("’s") or parts[-1].endswith("'s")):
        parts[-1] = parts[-1][:-2]
    changed = True
    while parts and changed:
        changed = False
        if parts and parts[0].casefold() in not_names | {"the"}:
            parts, changed = parts[1:], True
        if parts and parts[-1].casefold().rstrip(".") in legal:
            parts, changed = parts[:-1], True
        for size in (3, 2, 1):
            if len(parts) > size and " ".join(parts[-size:]).casefold() in team:
                parts, changed = parts[:-size], True
                break
        if parts and parts[-1].casefold() in not_names | after_name and len(parts) > 1:
            parts, changed = parts[:-1], True
        elif len(parts) > 2 and " ".join(parts[-2:]).casefold() in not_names | after_name:
            parts, changed = parts[:-2], True  # "Larkspur Analytics Super Day": the event after the name
    while parts and parts[-1] in {"&", "and", "of", "-"}:
        parts.pop()
    if not parts or len(parts) > 5:
        return ""
    name = " ".join(parts)
    if name.casefold() in not_names or any(fold(p) in me_tokens for p in parts if len(fold(p)) > 1):
        return ""
    if _heads().search(name) and len(parts) > 1:
        return ""  # "Backend Engineer": a job title
    if len(fold(name)) < 2:
        return ""
    return name


def _domain_fit(name: str, labels: Iterable[str]) -> int:
    """2 when the name spells a hiring domain's label (word prefixes in order: "Juniper Flats Credit
    Union" ~ juniperflats-cu, "Halvard Biologics" ~ halvard-bio), 1 when its first word starts one
    ("Tessellate" ~ tessellate-maps), 0 otherwise."""
    words = [w for w in name.split() if fold(w)]
    best = 0
    # "Quill & Ledger" ~ quillandledger; its initials are Q and L ("P&Q" ~ pq...)
    spelt = [_fold_variants("and" if w == "&" else w) for w in name.split() if fold(w) or w == "&"]
    for label in labels:
        if not words or len(label.replace("-", "").replace("_", "")) < 2:
            continue
        variants = [_fold_variants(w) for w in words]
        for target in _label_forms(label):
            # "City of Eldermoor" ~ eldermoor: up to two leading words may stand outside the domain
            if any(_spells(spelt[skip:], target) for skip in range(min(3, len(spelt)))) \
                    or _initials_spell(variants, target):
                return 2
        target = label.replace("-", "").replace("_", "")
        first = variants[0]
        if any(target.startswith(f) and len(f) >= 3 for f in first) or any(
                f.startswith(target) and len(target) >= 4 for f in first):
            best = 1
    return best


# what a company puts around its name in a domain: getnorthwind, joinharbor, tidewaterhq
_LABEL_PREFIXES = ("get", "join", "try", "hello", "meet", "use", "with", "team", "hey", "go")
_LABEL_SUFFIXES = ("hq", "app", "inc", "jobs", "careers", "group", "global")


def _label_forms(label: str) -> list[str]:
    """A domain label, and the label without the word a company puts around its name (at least 4
    letters left): "getnorthwind" -> northwind, "bmt-group" -> bmt."""
    target = label.replace("-", "").replace("_", "")
    forms = [target]
    for prefix in _LABEL_PREFIXES:
        if target.startswith(prefix) and len(target) - len(prefix) >= 4:
            forms.append(target[len(prefix):])
    for suffix in _LABEL_SUFFIXES:
        if target.endswith(suffix) and len(target) - len(suffix) >= 3:
            forms.append(target[:-len(suffix)])
    return forms


def _initials_spell(variants: Sequence[tuple[str, ...]], target: str) -> bool:
    """Whether the initials of a name's first words spell the label's start, and its next words the
    rest: "Pemberton & Quayle Insurance" ~ pqinsurance, "Bank of Ivel Trust" is no "bit" (three
    initials at least when nothing follows them)."""
    initials = ""
    for index, forms in enumerate(variants):
        initials += forms[0][:1]
        if not target.startswith(initials):
            return False
        if len(initials) >= 2 and index + 1 < len(variants) and _spells(variants[index + 1:], target[len(initials):]):
            return True
        if len(initials) >= 3 and initials == target and index + 1 == len(variants):
            return True
    return False


def _spells(variants: Sequence[tuple[str, ...]], target: str) -> bool:
    @functools.cache
    def go(index: int, at: int) -> bool:
        if at == len(target):
            return True
        if index == len(variants):
            return False
        for word in variants[index]:
            longest = 0
            while longest < len(word) and at + longest < len(target) and word[longest] == target[at + longest]:
                longest += 1
            lowest = 1 if index == 0 else 0
            for take in range(longest, lowest - 1, -1):
                if (index == 0 and take < min(3, len(word))) or not go(index + 1, at + take):
                    continue
                return True
        return False

    return go(0, 0)


def _segments(text: str) -> list[str]:
    # a subject or a signature line is short; the cap keeps the splitter linear on hostile headers
    return [s.strip(_EDGE + " ") for s in _SPLIT.split(text[:300]) if s and s.strip(_EDGE + " ")]


@dataclass
class _Tally:
    weight: int = 0
    kinds: set[str] = dataclasses.field(default_factory=set)
    first_seen: int = 0


def company(sided: Sequence[tuple[Message, Side]], contact: Address | None, me_name: str = "",
            agency: frozenset[str] = frozenset(), me: frozenset[str] = frozenset()) -> str:
    """The company as the hiring side writes it, or ""."""
    return _company(sided, contact, me_name, agency, me)[0]


def _company(sided: Sequence[tuple[Message, Side]], contact: Address | None, me_name: str,
             agency: frozenset[str], me: frozenset[str]) -> tuple[str, set[str]]:
    """The company's name, and the domain labels found to be an agency's."""
    me_tokens = frozenset(fold(t) for t in me_name.split() if len(fold(t)) > 1)
    hiring = [m for m, side in sided if side is Side.HIRING]
    if not hiring:
        return "", set()
    labels, agency_labels = _hiring_labels(hiring, contact, agency, me)
    squashed = frozenset(label.replace("-", "") for label in labels)
    tally: dict[str, _Tally] = defaultdict(_Tally)
    order = 0

    agency_names: set[str] = set()
    agency_words = _alternation("company", "agency_words")
    signed: dict[str, set[str]] = {}  # a name read in signatures -> the domain labels of their writers

    def add(words: Sequence[str], weight: int, kind: str) -> None:
        nonlocal order
        if kind in ("signature", "text") and len(words) > 1 and words[-1].casefold() != "team" \
                and agency_words.search(" ".join(words[-2:])):
            agency_names.add(" ".join(words))  # "Pikestaff Recruitment", before the suffix is dropped
        name = _company_form(words, me_tokens)
        if name and len(words) > 1 and name == words[0] and fold("".join(words[:2])) in squashed:
            # "Obsidian Loop" of obsidianloop.example.com: a word that ends a meeting's name ("Final Loop") is
            # the company's own when its domain spells the two together
            name = " ".join(words[:2])
        if name:
            entry = tally[name]
            if not entry.kinds:
                order += 1
                entry.first_seen = order
            entry.weight += weight
            entry.kinds.add(kind)

    runs = frozenset({"&", "and", "of", "de", "du", "la", "von", "van"})
    seen_subjects: set[str] = set()
    # a brand written in lower case ("technical recruiter at northwind", of getnorthwind.example): no
    # capital run finds it, its domain says it is the company's name
    brands = sorted({form for label in labels for form in _label_forms(label) if len(form) >= 4 and form.isalpha()})
    lower_brand = re.compile(r"(?<![\w@./-])(" + "|".join(brands) + r")(?![\w@-]|\.\w)") if brands else None
    for message in hiring:
        subject = _SUBJECT_PREFIX.sub("", message.subject)
        if subject and subject not in seen_subjects:
            seen_subjects.add(subject)
            for segment in _segments(subject):
                add(_capital_run(segment, 0, 6, runs), 2, "subject")
            _after_triggers(subject, add, runs, "subject", 2)
        for address in (message.sender, *message.reply_to):
            if address is not None and address.name:
                _display(address, add, runs)
        for event in message.calendar:
            for segment in _segments(event.summary):
                add(_capital_run(segment, 0, 6, runs), 2, "invite")
            organizer = event.organizer.partition(":")[2] or event.organizer
            if organizer and senders.is_automated(organizer):
                pass  # its name is read below only when the calendar names one (CN is not kept)
        _after_triggers(message.author_text, add, runs, "text", 2)
        _before_verbs(message.author_text, add, runs)
        if lower_brand is not None:
            for text, kind in ((subject, "subject"), (message.author_text[:5000], "text")):
                for written in dict.fromkeys(lower_brand.findall(text)):
                    add([written], 2, kind)
        sender_label = senders.registrable_domain(message.sender.domain).split(".")[0] if message.sender else ""
        for line in _signature_lines(message):
            for segment in _segments(line):
                if "@" in segment or _DIGIT.search(segment):
                    continue  # an address, a phone number, a street
                words = _capital_run(segment, 0, 5, runs)
                add(words, 1, "signature")
                signed.setdefault(_company_form(words, me_tokens), set()).add(sender_label)
        for line in message.text.splitlines()[-12:]:
            copyright_at = line.find("©")
            if copyright_at >= 0:
                rest = line[copyright_at + 1:].strip()
                rest = rest.split(" ", 1)[1] if rest[:4].isdigit() and " " in rest else rest
                add(_capital_run(rest, 0, 5, runs), 3, "footer")
    if not tally:
        return "", agency_labels
    written_upper = {name.casefold() for name in tally if not name.islower()}
    for name in [n for n in tally if n.islower() and n in written_upper]:
        del tally[name]  # "Bright" is their name, "a bright future" an adjective
    people = _person_words(sided)
    for name in list(tally):
        # "Owen Mercer", "Rachel Ng and Dmitri Volkov": people (one of them known by name), not a company
        parts = [[fold(w) for w in part.split()] for part in re.split(r"\s+(?:and|&)\s+", name)]
        if any(part and all(w in people for w in part) for part in parts) or (
                len(parts) == 1 and len(parts[0]) == 1 and len(parts[0][0]) >= 3
                and any(p.startswith(parts[0][0]) for p in people)):
            del tally[name]  # "Gwen" of Gwendolyn Marsh-Whitaker: a person's short name
    if not tally:
        return "", agency_labels
    for name in agency_names:
        if _domain_fit(name, labels) == 2:
            # the contact's own firm says it recruits ("Northpoint Search Group"): the employer is another
            fitted = {label for label in labels if _domain_fit(name, (label,)) == 2}
            labels, agency_labels = labels - fitted, agency_labels | fitted
    scored = []
    for name, entry in tally.items():
        if agency_labels and _domain_fit(name, agency_labels) and not _domain_fit(name, labels):
            continue  # the agency's own name: the draft names the employer
        if entry.kinds == {"signature"} and signed.get(name, {""}) <= agency_labels:
            continue  # "Senior Recruiter, Embedded & IoT" under an agency recruiter's name: the agency's desk
        fit = _domain_fit(name, labels)
        scored.append((fit * 10 + entry.weight + 2 * len(entry.kinds), -entry.first_seen, name, fit, entry))
    if not scored:
        return "", agency_labels
    scored.sort(reverse=True)

    def trusted(name: str, fit: int, entry: _Tally) -> bool:
        if name.isupper() and len(name) > 5 and "text" not in entry.kinds:
            return False  # "CORVINA PAYMENTS" in a banner: not how they write it in a sentence ("applying to QUILLON")
        return bool(fit or (entry.weight >= 5 and len(entry.kinds) >= 2) or (not labels and entry.weight >= 4)
                    or (agency_labels and not _domain_fit(name, agency_labels)
                        and (entry.weight >= 4 or len(entry.kinds) >= 2)))

    # the best-scored name the mail gives evidence enough for: a department's tag in a display name
    # ("Hofmann, Katrin (BMT-HR)") is no reason to drop the name its text and signature agree on
    chosen = next((item for item in scored if trusted(item[2], item[3], item[4])), None)
    if chosen is None:
        return "", agency_labels
    _, _, best, fit, entry = chosen
    # the longest form the mail writes of the same name ("Kagerou" -> "Kagerou Systems")
    for _, _, name, other_fit, other in scored:
        if name.startswith(best + " ") and other_fit >= fit and other.weight >= 2 and not name.isupper():
            best = name
    return best, agency_labels


# starts only where a word starts, each word bounded: a long run of capitals is not tried from every letter
_NAMED_ADDRESS = re.compile(r"(?<![\w'’-])([A-Z][\w'’-]{1,40}(?: [A-Z][\w'’-]{1,40}){0,3})\s{0,3}<([^<>@\s]{1,64}@[\w.-]{1,253})>")


def _person_words(sided: Sequence[tuple[Message, Side]]) -> frozenset[str]:
    """The words of the names people go by in the thread's headers, and in the "Name <address>"
    of quoted and forwarded headers: a run of them names people, never the company."""
    found: set[str] = set()
    for message, _side in sided:
        for address in (message.sender, *message.to, *message.cc, *message.reply_to):
            if address is not None and address.name and not senders.is_automated(address.email):
                # "Jane at AcmeCloud", "Owen Mercer | Northgate": the person's part only; and only a name
                # its address spells (rachel.ng@): "Quayside Payments <no-reply@...>" is the company's voice
                found.update(_spelled(person_part(address.name), address.email.partition("@")[0]))
        for match in _NAMED_ADDRESS.finditer(message.text[:20000]):
            if not senders.is_automated(match.group(2).lower()):
                found.update(_spelled(match.group(1), match.group(2).partition("@")[0]))
    return frozenset(w for w in found if len(w) > 1)


def _spelled(name: str, local: str) -> list[str]:
    """The words of `name` when its address spells one of them (rachel.ng@, owen@), else none."""
    words = [fold(w) for w in name.split()]
    folded = fold(local)
    return words if any(len(w) > 1 and w in folded for w in words) else []


def _hiring_labels(hiring: Sequence[Message], contact: Address | None, agency: frozenset[str],
                   me: frozenset[str] = frozenset()) -> tuple[set[str], set[str]]:
    """The domain labels of the employer, and of an agency standing between it and the user. The
    contact's own domain counts as an agency's when they are an agency recruiter, or when the
    interview's invite comes from other business domains only (an agency forwarding the client's)."""

    def label(address: str) -> str:
        domain = address.rpartition("@")[2].lower()
        if not domain or senders.is_free_mail(address) or senders.is_automated("x@" + domain):
            return ""
        return senders.registrable_domain(domain).split(".")[0]

    people = [a.email for m in hiring for a in (m.sender, *m.reply_to, *m.cc) if a is not None and a.email not in me]
    invites = [a.email for m in hiring for e in m.calendar for a in e.attendees]
    invites += [e.organizer.rpartition(":")[2] for m in hiring for e in m.calendar if "@" in e.organizer]
    invites = [a.lower() for a in invites if a.lower() not in me]
    contact_label = label(contact.email) if contact is not None else ""
    labels = {label(a) for a in people + invites + ([contact.email] if contact else [])} - {""}
    agency_labels = {label(a) for a in agency} - {""}
    invite_labels = {label(a) for a in invites} - {"", contact_label}
    if contact_label and invite_labels and contact_label not in {label(a) for a in invites}:
        agency_labels.add(contact_label)
    return labels - agency_labels, agency_labels


def _display(address: Address, add: _Adder, runs: frozenset[str]) -> None:
    """"Jane at AcmeCloud", "Maartje Hoekstra | Noordkaap", "Brannock Health Recruiting <notifications@...>"."""
    name = " ".join(address.name.split())
    lowered = name.casefold()
    for word in (" at ", " from ", " @ "):
        at = lowered.find(word)
        if at > 0:
            add(_capital_run(name, at + len(word), 5, runs), 3, "display")
            return
    for mark in (" | ", " - ", " – ", " — ", " (", " / "):
        at = name.find(mark)
        if at > 0:
            add(_capital_run(name, at + len(mark), 5, runs), 3, "display")
            return
    if " via " in lowered:
        before = name[:lowered.find(" via ")]
        if senders.is_automated(address.email):
            add(_capital_run(before, 0, 5, runs), 2, "display")
        return
    if senders.is_automated(address.email):
        add(_capital_run(name, 0, 5, runs), 4, "display")  # a tracking system writes as the company


def _signature_lines(message: Message) -> list[str]:
    """The signature's first lines; when the zoning found none, the last lines the author wrote."""
    lines = message.signature.splitlines()[:8] or message.author_text.rstrip().splitlines()[-6:]
    return [line for line in lines if len(line) <= 160]


def _after_triggers(text: str, add: _Adder, runs: frozenset[str], kind: str, weight: int) -> None:
    for match in _alternation("company", "before_name").finditer(text):
        at = match.end()
        if text[at:at + 5].casefold() == " the ":
            at += 4  # "with the City of Eldermoor"
        words = _capital_run(text, at, 5, runs)
        if words:
            add(words, weight, kind)


_SENTENCE_BREAK = re.compile(r"[.!?:;\n]|\s[-–—]\s")  # where a sentence's subject starts after
_SUBJECT_REACH = 80  # characters looked back from the verb


def _before_verbs(text: str, add: _Adder, runs: frozenset[str]) -> None:
    """A name that is all of a sentence's subject before what a company does ("Great news - Hollybrook
    Housing Group would like to meet you"); never part of a longer subject ("Tom from Hollybrook would")."""
    for match in _alternation("company", "after_name_verbs").finditer(text):
        before = text[max(0, match.start() - _SUBJECT_REACH):match.start()]
        cut = max((b.end() for b in _SENTENCE_BREAK.finditer(before)),
                  default=0 if match.start() <= _SUBJECT_REACH else None)
        if cut is None:
            continue  # no sentence starts within reach: a longer subject than a name
        subject = before[cut:].strip()
        words = _capital_run(subject, 0, 5, runs)
        if words and " ".join(words) == " ".join(subject.split()):
            add(words, 1, "text")


# -------------------------------------------------------------------------------------- role


def role_title(subjects: Iterable[str], texts: Iterable[str], company_name: str = "") -> str:
    """The job title the thread is about, as written ("Backend Engineer (Payments Risk)"), or ""."""
    subjects, texts = list(subjects), list(texts)
    found: dict[str, list[tuple[int, str]]] = defaultdict(list)  # core -> (weight, as written)
    seen: set[str] = set()
    for subject in subjects:
        subject = _SUBJECT_PREFIX.sub("", subject)
        if subject in seen:
            continue
        seen.add(subject)
        for title in _titles(subject[:300], company_name, need_context=False):
            if len(found) < _MAX_TITLES or _norm(title[0]) in found:
                found[_norm(title[0])].append((3, title[1]))
    for text in texts:
        for title in _titles(text, company_name, need_context=True):
            if len(found) < _MAX_TITLES or _norm(title[0]) in found:
                found[_norm(title[0])].append((2, title[1]))
    renamed = ""
    for text in texts:  # "we've re-titled this role Site Reliability Engineer": the new title, whatever the subject says
        for match in _RENAMED.finditer(text):
            titles = list(_titles(text[match.end():match.end() + 160], company_name, need_context=False))
            if titles and text[match.end():].lstrip().startswith(titles[0][1].split()[0]):
                renamed = titles[0][1]
    if renamed:
        return renamed
    if not found:
        return _by_pattern(subjects, texts)
    # a shorter core inside a longer one counts for the longer ("Software Engineer" for "Senior Software Engineer")
    cores = sorted(found, key=len, reverse=True)
    total = {c: sum(w for w, _ in found[c]) for c in cores}
    for short in cores:
        for long in cores:
            if long != short and f" {short} " in f" {long} ":
                total[long] += total[short]
    best = max(cores, key=lambda c: (total[c], len(c)))
    chosen = max((t for _, t in found[best]), key=len)
    if " " not in chosen:
        # one English head word that a language's own title goes on from: "Chef" of "Chef de projet data (H/F)"
        written = _by_pattern(subjects, texts)
        if written.startswith(chosen + " "):
            return written
    return chosen


def _by_pattern(subjects: Iterable[str], texts: Iterable[str]) -> str:
    """The title a phrase list's `role` pattern captures ("Bewerbung als Backend-Entwickler (m/w/d)"):
    the languages whose titles have no English head word ("Engineer", "Manager") to find them by."""
    for text in (*subjects, *texts):
        for pattern in _role_patterns():
            match = pattern.search(text[:20_000])
            if match and match.groups() and match.group(1):
                return " ".join(match.group(1).split()).strip(" -")
    return ""


@functools.cache
def _role_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in lists.strings("phrases.toml", "role", "patterns"))


lists.on_change(_role_patterns.cache_clear)


def _norm(title: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", fold(" ".join(title.split()).replace(".", "dot"))).split()) or \
        " ".join(title.casefold().split())


_RENAMED = re.compile(r"\b(?:re-?titled|renamed|re-?named)\s+(?:the|this|that|your)\s+(?:role|position|job|opening|req)"
                      r"(?:\s+(?:to|as))?\s+(?:an?\s+|the\s+)?", re.I)
# a title's own abbreviations, whose dot ends no sentence: "Sr. Data Analyst"
_TITLE_ABBREVIATIONS = frozenset({"sr.", "snr.", "jr.", "jnr.", "asst.", "assoc.", "exec.", "prin."})


def _titles(text: str, company_name: str, need_context: bool) -> Iterable[tuple[str, str]]:
    """(core, as written with its qualifier) for each job title in `text`."""
    joiners = _set("role", "joiners")
    not_titles = _set("role", "not_titles")
    before = _alternation("role", "contexts_before")
    after = _alternation("role", "contexts_after")
    spans: list[tuple[int, int]] = []
    ranks = _set("role", "before_leads")
    for match in _leads_of().finditer(text):
        words = _capital_run(text, match.end(), 4, frozenset({"&", "and"}))
        if words:
            start = match.start()
            while (rank := re.search(r"(\S+) $", text[max(0, start - 20):start])) and rank.group(1) in ranks:
                start -= len(rank.group(0))  # "Associate Director of Admissions"
            spans.append((start, match.end() + len(" ".join(words))))
    for match in _heads().finditer(text):
        start = match.start()
        # walk back over capitalised words and joiners
        prefix = text[max(0, start - 100):start]
        words = prefix.split() if prefix[-1:].isspace() else []
        taken: list[str] = []
        for word in reversed(words):
            if (word[-1:] in ",.;:!?|" and word.casefold() not in _TITLE_ABBREVIATIONS) or word in "-–—":
                break
            opened = word[:1] in "([{"
            word = word.lstrip("([{")
            if word and _is_capital(word) and word not in not_titles and not _DIGIT.search(word):
                taken.insert(0, word)
                if opened:
                    break
            elif word in joiners and taken:
                taken.insert(0, word)
            else:
                break
            if len(taken) >= 5:
                break
        while taken and taken[0] in joiners:
            taken.pop(0)
        spans.append((start - len(" ".join(taken)) - (1 if taken else 0), match.end()))
    for start, end in spans:
        if start < 0 or not text[start:end].strip():
            continue
        roman = re.match(r"[ \t]+(?:I{1,3}|IV)(?![\w])", text[end:end + 6])
        if roman:
            end += roman.end()
        core = " ".join(text[start:end].split())
        if company_name and fold(company_name) == fold(core):
            continue
        if _PERSONS_TITLE.search(text[max(0, start - 24):start]):
            continue  # "our VP of Data", "with their Head of IT": somebody's job, not the one applied for
        if fold(core) in _interviewer_titles() and _alternation("role", "meeting_after").match(text, _skip_space(text, end)):
            continue  # "Recruiter Screen": who holds the meeting, not the job
        qualifier, length = _qualifier(text, end, company_name)
        if need_context and not (_ends_with(before, text[max(0, start - 30):start])
                                 or after.match(text, _skip_space(text, end + length))):
            continue
        written = core + qualifier
        yield core, written


@functools.cache
def _interviewer_titles() -> frozenset[str]:
    return frozenset(fold(title) for title in lists.strings(_FILE, "role", "interviewer_titles"))


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t":
        at += 1
    return at


def _ends_with(pattern: re.Pattern[str], text: str) -> bool:
    text = text.rstrip()
    return any(m.end() == len(text) for m in pattern.finditer(text))


def _qualifier(text: str, end: int, company_name: str) -> tuple[str, int]:
    """ "(Payments Risk)" or ", Fleet Routing" after a title, when it says which team, not where."""
    rest = text[end:end + 60]
    not_qualifiers = _set("role", "not_qualifiers", fold_case=True)
    match = re.match(r"\s*\(([^()\n]{1,40})\)", rest) or re.match(r",\s+([^,.;:!?()\n]{1,40}?)(?=\s+(?:at|with|role|position|opening|-|–|—|\|)\b|\s*$|\s*[.;:!?(])", rest)
    if not match:
        return "", 0
    inner = match.group(1).strip()
    words = inner.split()
    if not words or len(words) > 4 or _DIGIT.search(inner) or not all(_is_capital(w) or w in {"&", "and", "of"} for w in words):
        return "", 0
    if any(part.strip().casefold() in not_qualifiers for part in re.split(r"[,/]", inner)) or inner.casefold() in not_qualifiers:
        return "", 0
    if company_name and (fold(inner) in fold(company_name) or fold(company_name) in fold(inner)):
        return "", 0
    if _heads().search(inner):
        return "", 0
    written = f" ({inner})" if match.group(0).lstrip().startswith("(") else f", {inner}"
    return written, match.end()


# ------------------------------------------------------------------------------------ people


_DISPLAY_EXTRA = re.compile(r"\s+(?:via|at|from)\s+|\s+[|\-–—]\s+|\s*\(")


def person_part(display_name: str) -> str:
    """A display name without what follows the person ("Jane at AcmeCloud", "Owen Mercer | Northgate")."""
    return _DISPLAY_EXTRA.split(display_name, maxsplit=1)[0]


def first_name(display_name: str, email: str) -> str:
    """"Dana Whitlock" -> "Dana"; "Whitlock, Dana" -> "Dana"; "Tan Wei Ling" <weiling.tan@…> -> "Wei Ling";
    nothing usable -> ""."""
    name = display_name[:200].strip().strip('"')
    name = person_part(name)
    if "," in name:
        before, after = (part.strip() for part in name.split(",", 1))
        # "Holt, Maren" is last-name-first; "Maren Holt, PhD" only carries a post-nominal
        name = before if _POST_NOMINAL.match(after) else after
    words = [w for w in re.split(r"\s+", name) if w]
    while words and words[0].rstrip(".").casefold() in {"dr", "mr", "mrs", "ms", "mx", "prof"}:
        words = words[1:]
    segments = re.split(r"[._-]", email.partition("@")[0].casefold())
    if len(words) >= 2 and len(segments) >= 2 and segments[-1] == words[0].casefold() \
            and segments[0] == "".join(words[1:]).casefold():
        # family name first ("Tan Wei Ling" writing from weiling.tan@): the address says which is given
        return " ".join(words[1:])
    if len(words) >= 3 and len(segments) >= 2 and segments[-1] == words[-1].casefold() \
            and segments[0] == "".join(words[:-1]).casefold():
        return " ".join(words[:-1])  # a given name of two words ("Mary Ann Smith", maryann.smith@)
    if words and senders.is_role_mailbox(email) and fold(words[0]) in fold(email.rpartition("@")[2].split(".")[0]):
        return ""  # "Glenrock Games Careers" <careers@glenrockgames...>: a team mailbox named after its company
    if words and words[0].replace("-", "").isalpha() and words[0][0].isupper() and len(words[0]) > 1:
        return words[0]
    local = email.partition("@")[0]
    part = re.split(r"[._-]", local)[0]
    if len(part) > 2 and part.isalpha() and len(re.split(r"[._-]", local)) > 1:
        return part.capitalize()
    return ""


def _person(words: Sequence[str], me_tokens: frozenset[str], labels: Iterable[str], company_name: str,
            single: bool) -> str:
    not_names = _not_a_person()
    parts = list(words)
    while parts and (parts[0].casefold() in _LEADING_WORDS or parts[0].casefold() in _TIME_WORDS):
        parts = parts[1:]  # "With Pieter Jansen (Lead ML Engineer)" at a line's start, "AM Raj Mehta" in an agenda
    if parts and parts[0].rstrip(".").casefold() in {"dr", "mr", "mrs", "ms", "mx", "prof"}:
        parts = parts[1:]
    parts = parts[:3]
    if not parts or (len(parts) == 1 and not single) or parts[0].casefold() in _RUN_STOPS:
        return ""
    if any(p.casefold() in not_names or not p.replace("-", "").replace("'", "").replace("’", "").isalpha()
           for p in parts):
        return ""
    if any(fold(p) in me_tokens for p in parts) or _heads().search(" ".join(parts)):
        return ""
    if company_name and fold(parts[0]) in fold(company_name):
        return ""
    if _domain_fit(parts[0], labels):
        return ""
    return " ".join(parts)


def read(sided: Sequence[tuple[Message, Side]], rounds: Sequence[Round], contact: Address | None,
         me_name: str = "", agency: frozenset[str] = frozenset(), me: frozenset[str] = frozenset()) -> Names:
    """Everything above for one thread; `me` are the user's addresses, `agency` the agency recruiters'."""
    hiring = [m for m, side in sided if side is Side.HIRING]
    company_name, agency_labels = _company(sided, contact, me_name, agency, me)
    if contact is not None and senders.registrable_domain(contact.domain).split(".")[0] in agency_labels:
        agency = agency | {contact.email}  # an agency recruiter arranges; the client's people interview
    role = role_title([m.subject for m in hiring] + [m.subject for m, _ in sided],
                      [m.author_text for m in hiring], company_name)
    labels, _ = _hiring_labels(hiring, contact, agency, me)
    me_tokens = frozenset(fold(t) for t in me_name.split() if len(fold(t)) > 1)
    known = tuple(_merge_people([p for m in hiring for p in _named(m.author_text, me_tokens, labels, company_name, False)]))
    filled = tuple(_round_people(index, rounds, sided, contact, me_name, labels, company_name, agency, known)
                   for index in range(len(rounds)))
    return Names(company=company_name, role=role, contact_role=contact_role(sided, contact), rounds=filled,
                 greeting=greeting(sided, contact), salutation=salutation(sided, contact, me_name))


def salutation(sided: Sequence[tuple[Message, Side]], contact: Address | None, me_name: str = "") -> str:
    """The user's latest opening line to the contact when it greets them by honorific and a surname of
    their display name ("Sehr geehrte Frau Hartmann,", "Dear Dr. Okafor,"): a draft opens the same way,
    in the register the user chose ("Hallo Sabine," under mail written "Sie" and "Frau Hartmann" reads
    as a liberty). "" when the user greets them otherwise, or never wrote to them, or when the contact
    greets the user by first name alone ("Dear Alex,"): on first-name terms, the first name is natural."""
    if contact is None or not contact.name:
        return ""
    mine = fold(me_name.split()[0]) if me_name.split() else ""
    for message, side in sided:
        if side is Side.HIRING and message.sender is not None and message.sender.email == contact.email:
            opening = next((line.strip() for line in message.author_text.splitlines() if line.strip()), "")
            found = _FIRST_NAME_TERMS.match(opening)
            if found and mine and fold(found.group(1)) == mine:
                return ""
    display = {fold(w.strip(",")) for w in person_part(contact.name).split()}
    base = fold(first_name(contact.name, contact.email))
    for message, side in reversed(sided):
        if side is not Side.ME or contact.email not in {a.email for a in message.to}:
            continue
        opening = next((line.strip() for line in message.author_text.splitlines() if line.strip()), "")
        found = _salutation().match(opening)
        if found is None:
            if _GREETING.match(opening) or _bare_greeting(opening):
                return ""  # the user's latest greeting is by first name
            continue
        surname = [fold(w) for w in found.group("surname").split()]
        if all(w in display and w != base for w in surname):
            return opening.rstrip(",!:;. ") + ","
        return ""
    return ""


def _bare_greeting(line: str) -> bool:
    """"Hallo Sabine," and the like: a short line greeting someone by name, ending in a comma."""
    return len(line) <= 40 and line.endswith(",") and len(line.split()) <= 4


@functools.cache
def _salutation() -> re.Pattern[str]:
    hello = "|".join(re.escape(w) for w in sorted(lists.strings(_FILE, "people", "salutations"), key=len, reverse=True))
    titles = "|".join(re.escape(w) for w in sorted(lists.strings(_FILE, "people", "honorifics"), key=len, reverse=True))
    word = _CAP + r"[\w'’-]*"
    return re.compile(rf"^(?i:{hello})\s+(?:(?:{titles})\.?\s+){{1,2}}(?P<surname>{word}(?:[ -]{word}){{0,2}})\s*[,!:]?$")


def greeting(sided: Sequence[tuple[Message, Side]], contact: Address | None) -> str:
    """The name to greet the contact by when it is not their display name's first word: the name they
    sign with, when it is their display name's first two words ("Mary Kate" of "Mary Kate Dolan"), or a
    short form of their first name ("Kate" for Katherine) or the name the user greets them by; "" else."""
    if contact is None or not contact.name:
        return ""
    base = first_name(contact.name, contact.email)
    display = [fold(w) for w in person_part(contact.name).split()]
    written = {found.group(1) for message, side in sided
               if side is Side.ME and contact.email in {a.email for a in message.to}
               if (found := _GREETING.match(message.author_text.lstrip()))}
    greeted = {fold(name) for name in written}
    if len(greeted) == 1 and fold(base) not in greeted:
        # the user greets them by another part of their name ("Dear Trang," to Nguyen Thi Thu Trang, whose
        # family name comes first): the user knows how this person is addressed
        name = next(iter(written))
        words = [fold(w) for w in name.split()]
        if all(w in display for w in words) and fold(base) not in words:  # "Hi Maren Holt," is her first name
            return name
    for message, side in reversed(sided):
        if side is not Side.HIRING or message.sender is None or message.sender.email != contact.email:
            continue
        name = _signed(message)
        if not name or name == base:
            continue
        if not base and senders.is_role_mailbox(contact.email):
            return name.split()[0]  # a team mailbox answered by a person who signs: "Best, Hannah"
        if not base and len(display) >= 2 and len(display[0]) == 1 and fold(name)[:1] == display[0] \
                and len(name.split()) == 1:
            return name  # "J. Ramirez" signing "Best, Josefina"
        words = [fold(w) for w in name.split()]
        if len(words) >= 2 and len(display) > len(words) and words == display[:len(words)]:
            return name  # a given name of two words
        if len(words) == 1 and base and (fold(name) in greeted or (
                len(name) < len(base) and fold(base).startswith(fold(name)[:2]))):
            return name  # "Kate" signing for Katherine, "Bob" whom the user greets so
    return ""


_CLOSING = re.compile(r"^(best|thanks|thank you|cheers|regards|best regards|kind regards|warm regards|warmly|all the best|"
                      r"many thanks|talk soon|speak soon|sincerely|take care|see you (then|soon))\b[^\n]{0,20}[,!.]?\s*$", re.I)
# a name's word: a capital letter (Latin scripts, accents included: "María José", "Émile"), then letters
# with at least one lower-case one ("BEST" is no name); [^\W\d_] is any letter
_CAP = r"(?=[A-ZÀ-ÖØ-ÞĀ-ſ])[^\W\d_]"
_SIGNED_NAME = re.compile(r"^[-–—~]?\s*(" + _CAP + r"[^\W\d_'’-]*[a-zß-öø-ÿ'’-][^\W\d_'’-]*(?: " + _CAP
                          + r"[^\W\d_'’-]*[a-zß-öø-ÿ'’-][^\W\d_'’-]*)?)\s*$")
_GREETING = re.compile(r"(?i:hi|hello|hey|dear)\s+(" + _CAP + r"[\w'’-]+(?: " + _CAP + r"[\w'’-]+)?)\s*[,!]")
# "Dear Alex," / "Hallo Alex," / "Alex," (not "Dear Alex Candidate,"): the writer's greeting by a first name
_FIRST_NAME_TERMS = re.compile(r"^(?:(?i:hi|hello|hey|dear|good morning|good afternoon|hallo|liebe|lieber|bonjour|"
                               r"hola|ciao|olá|oi|beste)\s+)?(" + _CAP + r"[\w'’-]+)\s*[,!]")


def _signed(message: Message) -> str:
    """The name a message is signed with: the line after its closing ("Best,\nKate")."""
    lines = [line.strip() for line in (message.author_text.rstrip().splitlines()[-15:] + message.signature.splitlines()[:3])
             if line.strip()]
    signed = ""
    for before, line in zip(lines, lines[1:], strict=False):
        if _CLOSING.match(before) and (found := _SIGNED_NAME.match(line)):
            signed = found.group(1)
    return signed


def contact_role(sided: Sequence[tuple[Message, Side]], contact: Address | None) -> str:
    """The contact's job as their signature (or introduction) says, or ""."""
    if contact is None:
        return ""
    for message, side in sided:
        if side is not Side.HIRING or message.sender is None or message.sender.email != contact.email:
            continue
        if _ON_BEHALF.search(message.signature) or _WRITING_FOR.search(message.author_text[:400]):
            continue  # an assistant writing from (or for) the contact's mailbox signs with her own job
        for line in [*message.signature.splitlines()[:6], *_under_name(message.text, contact.name)]:
            if "@" in line or _DIGIT.search(line) or len(line) > 90:
                continue
            for part in re.split(r"\s*[|·•]\s*|\s+[-–—]\s+", line):
                if _heads().search(part) or _coordinator().search(part + " "):
                    return part.strip(_EDGE + " ")
        intro = re.search(r"\bI(?:'|’)?m (?:a|an|the) ([\w ,&-]{3,60}?) (?:at|with|for|on|here)\b", message.author_text)
        if intro:
            return intro.group(1)
    return ""


def _under_name(text: str, name: str) -> list[str]:
    """The two lines under the contact's own name near a mail's end: a signature the mail's parts did not
    set apart ("Hannah Okafor\nGraduate Recruitment Adviser | Early Careers")."""
    key = fold(person_part(name))
    if not key:
        return []
    lines = [line.strip() for line in text.rstrip().splitlines()[-25:]]
    for index, line in enumerate(lines):
        if line and len(line) <= 60 and fold(line) == key:
            return lines[index + 1:index + 3]
    return []


_ON_BEHALF = re.compile(r"\bon behalf of\b", re.I)
# "I am writing on behalf of Marcus Achterberg": a person's assistant, not "on behalf of the search committee"
_WRITING_FOR = re.compile(r"\b(?i:writing|write|e-?mailing|reaching out)(?i: to you)? (?i:on behalf of) [A-Z][\w'’-]+ [A-Z]")


def is_coordinator(role: str) -> bool:
    """A contact whose job is arranging interviews (a recruiter, a coordinator, an agency)."""
    return bool(role) and _coordinator().search(role + " ") is not None


# where mail after a round turns to the next one
_NEXT_ROUND = re.compile(r"\b(?:move|moving) you (?:forward|on|ahead|along|through)\b|\bnext (?:step|stage|round)s?\b|"
                         r"\b(?:second|third|final|next|follow-up|follow up) (?:interview|round|conversation|call)\b|"
                         r"\binvite you (?:back|to (?:a|an|the) (?:second|next|final|follow-up))\b", re.I)

def _round_people(index: int, rounds: Sequence[Round], sided: Sequence[tuple[Message, Side]],
                  contact: Address | None, me_name: str, labels: Iterable[str], company_name: str,
                  agency: frozenset[str], known: Sequence[str] = ()) -> Round:
    """Who held round `index`, its stage (early screen or final) and what it is called, from the mail
    about it: the mail that arranged it (after the previous round) and the mail right after it."""
    round_ = rounds[index]
    me_tokens = frozenset(fold(t) for t in me_name.split() if len(fold(t)) > 1)
    previous = rounds[index - 1] if index else None
    following = rounds[index + 1] if index + 1 < len(rounds) else None
    lower = previous.start or previous.scheduled_at if previous else None
    upper = round_.start or round_.scheduled_at
    after_until = following.scheduled_at if following else None
    first_subject = _SUBJECT_PREFIX.sub("", sided[0][0].subject) if sided else ""
    headings: list[str] = []  # the subjects and invite titles of the mail that arranged it
    before_texts: list[str] = []
    people: list[str] = [n for n in round_.interviewers if "@" not in n and n.strip()]
    for message, side in sided:
        if side is not Side.HIRING or message.auto_submitted:
            continue
        at = message.date
        writer = message.sender.email if message.sender else ""
        is_contact = contact is not None and writer not in agency and (writer == contact.email or (
            message.sender is not None and senders.is_automated(writer)
            and first_name(message.sender.name, "") == first_name(contact.name, "") != ""))
        subject = _WAS_SUBJECT.sub("", _SUBJECT_PREFIX.sub("", message.subject))
        own_subject = subject if (index == 0 or subject != first_subject) else ""
        summaries = "\n".join(e.summary for e in message.calendar)
        if (lower is None or at > lower) and at <= upper:
            headings.append(own_subject + "\n" + summaries)
            before_texts.append(message.author_text)
            people += _named(message.author_text + "\n" + summaries, me_tokens, labels, company_name, single=False)
            # "Onsite - Coding (Mei-Lin Sato)", but not a role's own brackets: "Quantitative Developer (Fixed Income)"
            people += [p for p in (_person(m.group(1).split(), me_tokens, labels, company_name, False)
                                   for m in _BRACKETED_NAME.finditer(summaries)
                                   if not _ends_with(_heads(), summaries[:m.start()])) if p]
            # "Analytics Engineer interview - Alex Candidate / Tomás Ibarra": the other side of a pair
            people += [p for p in (_person(name.split(), me_tokens, labels, company_name, False)
                                   for name in _paired_with_me(own_subject + "\n" + summaries, me_name)) if p]
            # "with Bianca and one of her engineers": a first name the thread gave in full elsewhere
            people += [full for single in _named(message.author_text, me_tokens, labels, company_name, single=True)
                       if " " not in single for full in known if fold(full.split()[0]) == fold(single)]
            # after an earlier round, "great speaking with you" is about that round, not this one
            if is_contact and contact is not None and (index == 0 or at >= round_.scheduled_at) \
                    and _holds(message.author_text):
                people.append(contact.name or contact.email)
        elif at > upper and (after_until is None or at < after_until):
            # what it says of the round held, not of the one it moves on to: "Thanks for your time this
            # morning. I'd like to move you forward to a video interview with Mark Feeney"
            said = message.author_text[:next_round.start()] if (
                next_round := _NEXT_ROUND.search(message.author_text)) else message.author_text
            people += _named(subject + "\n" + said, me_tokens, labels, company_name, single=True, titled=False)
            if is_contact and contact is not None and _holds(said):
                people.append(contact.name or contact.email)
    if contact is not None and contact.email in agency:
        people = [p for p in people if fold(p) != fold(contact.name)]
    merged = _merge_people(people)
    stage, label = _stage(index, round_, len(rounds), "\n".join(headings), "\n".join(before_texts))
    return dataclasses.replace(round_, interviewers=tuple(merged), stage=stage, label=label)


def _stage(index: int, round_: Round, count: int, headings: str, text: str) -> tuple[str, str]:
    """Early screen or final round, and the round's name: from the subjects and invite titles that
    arranged it first, then from the text (leaving out what it says of a past interview: "the team
    loved your phone interview")."""
    for words in (headings, _PAST_INTERVIEW.sub(" ", text)):
        early = _alternation("stage", "early").search(words) is not None
        final = _alternation("stage", "final").search(words) is not None
        stage = "early" if early and (index == 0 or not final) else ("final" if final else "")
        label = ""
        for found in _alternation("stage", "labels").finditer(words):
            said = " ".join(found.group(0).casefold().split())
            fits = not stage or _alternation("stage", stage).search(said) is not None
            if fits or not label:
                label = said
            if fits:
                break
        if stage or label:
            return stage, label
    return ("early" if index == 0 and round_.minutes <= 30 and count == 1 else ""), ""


def _holds(text: str) -> bool:
    """Whether the writer says they hold the meeting; not when their sentence says someone else does
    ("Ellen Brody, our Paralegal Manager, would like to speak with you", "Ellen enjoyed speaking with you")."""
    for pattern in _writer_holds():
        for found in pattern.finditer(text):
            window = max(0, found.start() - 160)
            start = max(text.rfind(stop, window, found.start()) for stop in (".", "!", "?", "\n")) + 1
            before = text[max(start, window):found.start()]
            if _FIRST_PERSON.search(before) or not _SOMEONE_ELSE.search(before):
                return True
    return False


_FIRST_PERSON = re.compile(r"\b(?:I|we|me|us|my|our team and I)\b")
# a third person as the sentence's subject: "Ellen Brody, our Paralegal Manager, would like to", "she will"
_SOMEONE_ELSE = re.compile(r"(?:\b(?i:he|she|they)\b|\b(?!(?:The|This|That|Your|Our|It|There)\b)[A-Z][\w'’-]+"
                           r"(?:\s+[A-Z][\w'’-]+)?(?:,[^,\n]{1,60},)?\s+(?:would|will|wants|is|has|can|enjoyed|loved|had|was)\b)")


def _named(text: str, me_tokens: frozenset[str], labels: Iterable[str], company_name: str,
           single: bool, titled: bool = True) -> list[str]:
    """People named as the user's interviewers: after "interview with", "meet", ...; and, in the mail
    that arranges a round (`titled`), anyone introduced with their job ("X, our Head of IT")."""
    found: list[tuple[int, str]] = []
    name_runs = frozenset({"de", "van", "von", "der", "da", "di", "del", "le", "la", "bin"})
    text = _MEET_ME.sub(r"\1 ", text)  # "You'll meet me, Owen Pratt and Lucía Márquez": the list is theirs
    listed_to = -1  # where the last person named ends: "and" continues a list only right after them
    for match in _alternation("people", "before_interviewer").finditer(text):
        if match.group(0).casefold() == "and" and (not found or not _LIST_GOES_ON.fullmatch(text, listed_to, match.start())):
            # "with Gregory Asante, their Head of Data, and Lena Voss", never "... Registered in England and Wales"
            continue
        words = _capital_run(text, match.end(), 4, name_runs)
        person = _person(words, me_tokens, labels, company_name, single)
        if not person and len(words) == 1 and not single and match.group(0).casefold() != "and":
            # "with Tom and Nadia Rahman": a first name alone starts a list; it counts when a full name follows
            alone = _person(words, me_tokens, labels, company_name, True)
            if alone and re.match(r"\s+and\s+[A-Z][\w'’-]+\s+[A-Z]", text[text.find(words[0], match.end()) + len(words[0]):]):
                person = alone
        if person:
            found.append((match.start(), person))
            last = text.find(words[-1], match.end()) if words else -1
            listed_to = last + len(words[-1]) if last >= 0 else match.end()
    for match in _TITLE_THEN_PERSON.finditer(text if titled else ""):
        title = match.group(1)
        if _coordinator().search(title + " "):
            continue  # "Contact your recruiter, Jordan Pyke": who arranges it, not who holds it
        if _heads_any_case().search(title) or _leads_of().search(title + " of ") or re.search(r"\b(CEO|CTO|COO|CFO|VP)\b", title):
            person = _person(match.group(2).split(), me_tokens, labels, company_name, False)
            if person:
                found.append((match.start(2), person))
    for match in _LABELLED_PEOPLE.finditer(text):
        # "Interviewers: Denise Arkwright, Tomás Ibarra, Keisha Monroe": the line is a list of names
        for number, part in enumerate(re.split(r",\s*|\s+(?:and|&)\s+", match.group(1))):
            person = _person(part.split(), me_tokens, labels, company_name, False)
            if person:
                found.append((match.start(1) + number, person))
    for match in _AGENDA_PEOPLE.finditer(text if titled else ""):
        for number, part in enumerate(re.split(r",\s*|\s+(?:and|&)\s+", match.group(1))):
            person = _person(part.split(), me_tokens, labels, company_name, False)
            if person:
                found.append((match.start(1) + number, person))  # in the order written
    for match in _PERSON_WHO_WANTS_TO_MEET.finditer(text if titled else ""):
        person = _person(match.group(1).split(), me_tokens, labels, company_name, False)
        if person:
            found.append((match.start(), person))
    for match in _FIRST_NAME_WITH_TITLE.finditer(text if titled else ""):
        person = _person([match.group(1)], me_tokens, labels, company_name, True)
        if person:
            found.append((match.start(), person))
    for match in _PERSON_WITH_TITLE.finditer(text if titled else ""):
        title = match.group(2) or match.group(3) or ""
        if _coordinator().search(title + " "):
            continue  # "From: Jordan Pyke, Senior Recruiter": a portal message's writer, who arranges it
        if _heads_any_case().search(title) or _leads_of().search(title + " of ") or re.search(r"\b(CEO|CTO|COO|CFO|VP)\b", title):
            person = _person(match.group(1).split(), me_tokens, labels, company_name, False)
            if person:
                found.append((match.start(), person))
    return [person for _, person in sorted(found)]


def _paired_with_me(titles: str, me_name: str) -> list[str]:
    """The names an invite's title pairs with the user's ("Alex Candidate / Tomás Ibarra", "Priya Raman <> Alex
    Candidate", "Alex + Jordan Lee")."""
    if not me_name.strip():
        return []
    me = r"\s+".join(re.escape(w) for w in me_name.split())
    name = r"([A-Z][\w'’-]{1,30}(?:[ \t]+[A-Z][\w'’-]{1,30}){1,2})"
    pairs = r"[ \t]*(?:/|<>|\+|&|\bx\b)[ \t]*"
    found = [m.group(1) for m in re.finditer(rf"\b{me}{pairs}{name}", titles)]
    found += [m.group(1) for m in re.finditer(rf"{name}{pairs}{me}\b", titles)]
    return found


def _merge_people(names: Sequence[str]) -> list[str]:
    """Full names in first-seen order; a first name alone joins the full name it starts."""
    full: list[str] = []
    for name in names[:_MAX_PEOPLE]:
        key = fold(name)
        if any(fold(n) == key for n in full):
            continue
        longer = [n for n in full if fold(n.split()[0]) == fold(name.split()[0]) and len(n.split()) > len(name.split())]
        if longer or (len(name.split()) == 1 and any(len(n.split()) > 1 and fold(n.split()[-1]) == key for n in full)):
            continue  # "Leilani" or "Park" beside "Leilani Park"
        shorter = [n for n in full if (fold(name.split()[0]) == fold(n.split()[0]) and len(n.split()) < len(name.split()))
                   or (len(n.split()) == 1 < len(name.split()) and fold(n) == fold(name.split()[-1]))]
        for n in shorter:
            full[full.index(n)] = name
        if not shorter:
            full.append(name)
    return list(dict.fromkeys(full))


# a change of the user's rule folders (SIGHUP) takes effect at once
for _cached in (_set, _alternation, _coordinator, _heads, _heads_any_case, _leads_of, _writer_holds, _salutation):
    lists.on_change(_cached.cache_clear)
