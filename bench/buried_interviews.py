"""The known interview threads buried in the benchmark's mailbox, in the shapes real hiring takes.

Each interview is built from its facts (company, people, role, slot, the hiring side's zone) and what
its history says at "now" (`expect`): a thank-you due (the interview was hours ago), a status inquiry
due (the promised week has passed, within POLICY.md's 14 timely days), still upcoming, long over and
silent (any draft would be stale), or closed by a decision. The ground truth records every Message-ID.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import mail_text as text

ME_NAME = "Alex Candidate"
ME = "candidate@example.org"
ME_HEADER = f"{ME_NAME} <{ME}>"

ROLES = ["Backend Engineer", "Senior Data Analyst", "Site Reliability Engineer", "Product Designer",
         "Staff Software Engineer", "Engineering Manager", "Machine Learning Engineer", "Frontend Developer"]
ZONES = [("America/New_York", "ET"), ("Europe/Berlin", "CET"), ("America/Los_Angeles", "Pacific Time"),
         ("Europe/London", "UK time"), ("UTC", "UTC")]
ATS = [("greenhouse.io", "no-reply@greenhouse.io"), ("lever.co", "no-reply@hire.lever.co"),
       ("ashbyhq.com", "no-reply@ashbyhq.com"), ("myworkdayjobs.com", "donotreply@myworkdayjobs.com"),
       ("icims.com", "no-reply@icims.com"), ("smartrecruiters.com", "noreply@smartrecruiters.com")]
SHAPES = ["ats_then_recruiter", "reply_chain", "ics_only_in_sent", "wrapped_plain", "html_only",
          "hiring_manager", "agency", "scheduling_tool"]
_PREFIXES = ["North", "Cedar", "Harbor", "Granite", "Lumen", "Orbit", "Quill", "Tidal", "Juniper", "Copper",
             "Meridian", "Alder", "Saffron", "Beacon", "Willow", "Falcon", "Ember", "Cobalt", "Marble", "Larch",
             "Aspen", "Brook", "Crimson", "Delta", "Echo", "Fern", "Glacier", "Heron", "Iris", "Jasper",
             "Kestrel", "Lark", "Maple", "Nimbus", "Onyx", "Pine", "Quartz", "Raven", "Sable", "Thistle"]
_SUFFIXES = ["wind", "line", "works", "field", "point", "gate", "stone", "light", "bridge", "crest", "forge", "vale"]
_KINDS = ["Robotics", "Analytics", "Health", "Systems", "Software", "Cloud", "Labs", "Logistics"]


@dataclass(frozen=True)
class Company:
    name: str
    domain: str


@dataclass(frozen=True)
class Mail:
    """One generated message and where it goes; `category` is the ground truth's word for what it is."""

    folder: str  # "INBOX" or "Sent"
    at: dt.datetime
    message_id: str
    raw: bytes
    category: str
    seen: bool = True


@dataclass
class Interview:
    key: str
    shape: str
    expect: str  # thank_you | follow_up | upcoming | stale | closed
    company: Company
    recruiter: str  # "Name <address>" of the person the thread is with
    role: str
    start: dt.datetime
    zone: str
    mails: list[Mail] = field(default_factory=list)
    key_message_id: str = ""
    subject: str = ""
    thread: list[str] = field(default_factory=list)  # the main thread's ids, oldest first

    @property
    def timely_at_now(self) -> bool:
        """Whether some draft is due at "now" and still timely (POLICY.md, "Only while it is timely")."""
        return self.expect in ("thank_you", "follow_up")

    def truth(self) -> dict[str, object]:
        return {"key": self.key, "shape": self.shape, "expect": self.expect, "timely_at_now": self.timely_at_now,
                "company": self.company.name, "domain": self.company.domain, "recruiter": self.recruiter,
                "role": self.role, "interview_at": self.start.isoformat(), "zone": self.zone,
                "key_message_id": self.key_message_id, "subject": self.subject, "thread": self.thread,
                "message_ids": [m.message_id for m in self.mails]}


def companies(rng: random.Random, count: int) -> list[Company]:
    names: list[Company] = []
    seen: set[str] = set()
    while len(names) < count:
        stem = rng.choice(_PREFIXES) + rng.choice(_SUFFIXES)
        if stem in seen:
            continue
        seen.add(stem)
        names.append(Company(f"{stem} {rng.choice(_KINDS)}", f"{stem.lower()}.example.com"))
    return names


def person(rng: random.Random, domain: str) -> tuple[str, str]:
    first, last = rng.choice(text.FIRST_NAMES), rng.choice(text.LAST_NAMES)
    local = f"{first}.{last}".lower().replace("á", "a")
    return f"{first} {last}", f"{local}@{domain}"


def _expects(count: int) -> list[str]:
    """Two thank-yous due, three inquiries due, one upcoming; the rest long over (most silent, some decided)."""
    head = ["thank_you", "follow_up", "upcoming", "thank_you", "follow_up", "follow_up"]
    tail = ["stale", "stale", "closed"]
    return [head[i] if i < len(head) else tail[i % len(tail)] for i in range(count)]


def build(rng: random.Random, ids: text.Ids, now: dt.datetime, count: int, pool: list[Company]) -> list[Interview]:
    interviews = []
    for index, expect in enumerate(_expects(count)):
        company = pool[index % len(pool)]
        name, email_address = person(rng, company.domain)
        if expect == "thank_you":
            start = now - dt.timedelta(hours=5 + 15 * (index % 2))
        elif expect == "follow_up":
            start = now - dt.timedelta(days=11 + index % 3, hours=rng.randint(0, 6))
        elif expect == "upcoming":
            start = now + dt.timedelta(days=2, hours=3)
        else:  # long over: two months to almost two years
            start = now - dt.timedelta(days=rng.randint(60, 700))
        zone, _word = ZONES[index % len(ZONES)]
        # interviews start on the hour or half hour of the hiring side's own clock
        local = start.astimezone(ZoneInfo(zone))
        start = local.replace(minute=0 if local.minute < 30 else 30, second=0, microsecond=0).astimezone(dt.UTC)
        interview = Interview(f"iv-{index:02d}", SHAPES[index % len(SHAPES)], expect, company,
                              text.address(name, email_address), ROLES[index % len(ROLES)], start, zone)
        _SHAPE_BUILDERS[interview.shape](interview, rng, ids)
        _aftermath(interview, rng, ids)
        interviews.append(interview)
    return interviews


# ---------------------------------------------------------------- the words of the hiring side


def _spoken(interview: Interview) -> str:
    local = interview.start.astimezone(ZoneInfo(interview.zone))
    word = dict(ZONES)[interview.zone]
    return f"{local:%A, %B} {local.day} at {local:%-I:%M %p} {word}"


def _first(header: str) -> str:
    return header.split()[0]


def _add(interview: Interview, folder: str, at: dt.datetime, message_id: str, raw: bytes,
         in_thread: bool = True) -> str:
    interview.mails.append(Mail(folder, at, message_id, raw, "interview"))
    if in_thread:
        interview.thread.append(message_id)
    return message_id


def _say(interview: Interview, rng: random.Random, ids: text.Ids, sender: str, at: dt.datetime, body: text.Part,
         subject: str = "", extra: str = "") -> str:
    """A message in the interview's main thread, from `sender` (the user's go to Sent), replying to the thread."""
    mine = sender == ME_HEADER
    domain = "example.org" if mine else sender.split("@")[-1].rstrip(">")
    message_id = ids.make(domain)
    subject = subject or ("Re: " + interview.subject)
    raw = text.message(sender=sender, to=interview.recruiter if mine else ME_HEADER, subject=subject, at=at,
                       message_id=message_id, body=body, replying_to=tuple(interview.thread),
                       extra=extra or ("" if mine else text.received(rng, domain, at) + text.dkim(rng, domain)))
    return _add(interview, "Sent" if mine else "INBOX", at, message_id, raw)


def _signature(interview: Interview) -> str:
    name = interview.recruiter.split("<")[0].strip()
    return f"\n\nBest regards,\n{name}\nTalent Acquisition | {interview.company.name}\n"


def _invitation_text(interview: Interview, rng: random.Random) -> str:
    manager = f"{rng.choice(text.FIRST_NAMES)} {rng.choice(text.LAST_NAMES)}"
    return (f"Hi Alex,\n\nThank you for your interest in the {interview.role} position at {interview.company.name}. "
            f"We were impressed by your background and would like to invite you to a 45-minute video interview "
            f"with {manager}, our hiring manager, on {_spoken(interview)}. You will receive a video link "
            f"shortly before the call. Please let me know if this time works for you."
            + _signature(interview))


def _confirmation(interview: Interview) -> str:
    return (f"Hi {_first(interview.recruiter)},\n\nThank you, {_spoken(interview)} works well for me. "
            "I look forward to speaking with the team.\n\nBest,\nAlex\n")


def _ats_shape(interview: Interview, rng: random.Random, ids: text.Ids) -> None:
    ats_domain, ats_sender = ATS[int(interview.key[3:]) % len(ATS)]
    applied = interview.start - dt.timedelta(days=12)
    message_id = ids.make(ats_domain)
    ack = (f"Dear Alex,\n\nThank you for applying for the {interview.role} role at {interview.company.name}. "
           "Our team will review your application and will be in touch if your qualifications match our needs.\n\n"
           f"The {interview.company.name} Recruiting Team\n")
    raw = text.message(sender=text.address(f"{interview.company.name} Recruiting", ats_sender), to=ME_HEADER,
                       subject=f"Thank you for applying to {interview.company.name}", at=applied,
                       message_id=message_id, body=text.multipart("alternative", [
                           text.text_part(ack), text.text_part(text.html_of(ack), "html", "quoted-printable")],
                           f"ats-{message_id[1:9]}"),
                       extra=text.received(rng, ats_domain, applied) + "Auto-Submitted: auto-generated\n")
    _add(interview, "INBOX", applied, message_id, raw, in_thread=False)
    interview.subject = f"Interview for {interview.role} at {interview.company.name}"
    invited = interview.start - dt.timedelta(days=5)
    interview.key_message_id = _say(interview, rng, ids, interview.recruiter, invited,
                                    text.text_part(_invitation_text(interview, rng)), interview.subject)
    _say(interview, rng, ids, ME_HEADER, invited + dt.timedelta(hours=3), text.text_part(_confirmation(interview)))


def _reply_chain(interview: Interview, rng: random.Random, ids: text.Ids) -> None:
    interview.subject = f"{interview.company.name} - {interview.role}: next steps"
    asked = interview.start - dt.timedelta(days=8)
    interview.key_message_id = _say(
        interview, rng, ids, interview.recruiter, asked, text.text_part(
            f"Hi Alex,\n\nGreat speaking with you about the {interview.role} opening. The next step is a "
            "45-minute technical interview with two engineers from the team. Could you share a few times "
            "that work for you next week?" + _signature(interview), encoding="quoted-printable"),
        interview.subject)
    _say(interview, rng, ids, ME_HEADER, asked + dt.timedelta(hours=5), text.text_part(
        f"Hi {_first(interview.recruiter)},\n\nThanks! I am free {_spoken(interview)}, or any time the following "
        "morning.\n\nBest,\nAlex\n"))
    _say(interview, rng, ids, interview.recruiter, asked + dt.timedelta(days=1), text.text_part(
        f"Hi Alex,\n\nPerfect, you're confirmed for {_spoken(interview)}. The interviewers will call you on "
        "video; the link is in the calendar invite I just sent." + _signature(interview)))
    _say(interview, rng, ids, ME_HEADER, asked + dt.timedelta(days=1, hours=2),
         text.text_part("Thank you, see you then.\n\nAlex\n"))


def _ics_only_in_sent(interview: Interview, rng: random.Random, ids: text.Ids) -> None:
    interview.subject = f"Phone screen - {interview.role}"
    asked = interview.start - dt.timedelta(days=4)
    interview.key_message_id = _say(
        interview, rng, ids, interview.recruiter, asked, text.text_part(
            f"Hi Alex,\n\nI'm recruiting for the {interview.role} team at {interview.company.name} and would love "
            "to set up a 30-minute phone screen. Would you send me an invite for a time that suits you this "
            "week? My calendar is fairly open." + _signature(interview)), interview.subject)
    recruiter_address = interview.recruiter.split("<")[-1].rstrip(">")
    invite = text.ics(f"{ids.number}-screen@example.org", interview.start, 30,
                      f"Phone screen: {interview.company.name} / Alex Candidate", ME_HEADER, [recruiter_address],
                      tzid=interview.zone)
    body = text.multipart("mixed", [text.text_part(
        f"Hi {_first(interview.recruiter)},\n\nGreat, I've sent an invite for {_spoken(interview)}. Talk to "
        "you then!\n\nAlex\n"), text.calendar_part(invite)], f"sent-{ids.number:x}")
    _say(interview, rng, ids, ME_HEADER, asked + dt.timedelta(hours=4), body)


def _wrapped_plain(interview: Interview, rng: random.Random, ids: text.Ids) -> None:
    interview.subject = f"Interview invitation: {interview.role}"
    invited = interview.start - dt.timedelta(days=6)
    interview.key_message_id = _say(interview, rng, ids, interview.recruiter, invited,
                                    text.text_part(text.wrap72(_invitation_text(interview, rng))), interview.subject)
    _say(interview, rng, ids, ME_HEADER, invited + dt.timedelta(hours=6),
         text.text_part(text.wrap72(_confirmation(interview))))


def _html_only(interview: Interview, rng: random.Random, ids: text.Ids) -> None:
    interview.subject = f"Your interview with {interview.company.name}"
    invited = interview.start - dt.timedelta(days=5)
    html = text.html_of(_invitation_text(interview, rng), interview.subject)
    interview.key_message_id = _say(interview, rng, ids, interview.recruiter, invited,
                                    text.text_part(html, "html", "quoted-printable"), interview.subject)
    _say(interview, rng, ids, ME_HEADER, invited + dt.timedelta(hours=2), text.text_part(_confirmation(interview)))


def _hiring_manager(interview: Interview, rng: random.Random, ids: text.Ids) -> None:
    interview.subject = f"{interview.role} at {interview.company.name}"
    written = interview.start - dt.timedelta(days=7)
    name = interview.recruiter.split("<")[0].strip()
    interview.key_message_id = _say(interview, rng, ids, interview.recruiter, written, text.text_part(
        f"Hello Alex,\n\nI lead the platform team at {interview.company.name} and I'm hiring a {interview.role}. "
        f"Your profile stood out. Would you be available for a technical interview with me and one of our "
        f"senior engineers on {_spoken(interview)}? It will take about an hour.\n\nThanks,\n{name}\n"
        f"Head of Platform, {interview.company.name}\n"), interview.subject)
    _say(interview, rng, ids, ME_HEADER, written + dt.timedelta(hours=8), text.text_part(_confirmation(interview)))
    invite = text.ics(f"{ids.number}-tech@{interview.company.domain}", interview.start, 60,
                      f"Technical interview: Alex Candidate ({interview.role})", interview.recruiter, [ME],
                      tzid=interview.zone, location="Video call")
    _say(interview, rng, ids, interview.recruiter, written + dt.timedelta(hours=9), text.multipart(
        "alternative", [text.text_part(f"Technical interview, {_spoken(interview)}.\n"),
                        text.calendar_part(invite)], f"inv-{ids.number:x}"),
        f"Invitation: Technical interview @ {_spoken(interview)}")


def _agency(interview: Interview, rng: random.Random, ids: text.Ids) -> None:
    name, email_address = person(rng, "bridgewatertalent.example.com")
    interview.recruiter = text.address(name, email_address)
    interview.subject = f"{interview.role} opportunity with my client {interview.company.name}"
    asked = interview.start - dt.timedelta(days=9)
    interview.key_message_id = _say(interview, rng, ids, interview.recruiter, asked, text.text_part(
        f"Hi Alex,\n\nFollowing our call, I've put you forward to my client {interview.company.name} for the "
        f"{interview.role} role and they'd like to meet you. They have proposed a video interview on "
        f"{_spoken(interview)} with their engineering director. Shall I confirm?\n\nKind regards,\n{name}\n"
        "Senior Consultant, Bridgewater Talent\n"), interview.subject)
    _say(interview, rng, ids, ME_HEADER, asked + dt.timedelta(hours=1),
         text.text_part(f"Hi {name.split()[0]},\n\nYes please, that time works for me.\n\nThanks,\nAlex\n"))
    _say(interview, rng, ids, interview.recruiter, asked + dt.timedelta(hours=4), text.text_part(
        f"Great, confirmed with {interview.company.name} for {_spoken(interview)}. Good luck!\n\n{name}\n"))


def _scheduling_tool(interview: Interview, rng: random.Random, ids: text.Ids) -> None:
    interview.subject = f"Next steps with {interview.company.name}"
    asked = interview.start - dt.timedelta(days=6)
    interview.key_message_id = _say(interview, rng, ids, interview.recruiter, asked, text.text_part(
        f"Hi Alex,\n\nThe team would like to move you forward to an onsite interview for the {interview.role} "
        "role. You'll get a scheduling link from our system in a moment; pick whatever slot suits you."
        + _signature(interview)), interview.subject)
    _say(interview, rng, ids, ME_HEADER, asked + dt.timedelta(hours=2),
         text.text_part(f"Thanks {_first(interview.recruiter)}, I'll book a slot now.\n\nAlex\n"))
    # the tool's confirmation: its own thread, an automated sender, the recruiter in Reply-To
    at = asked + dt.timedelta(hours=2, minutes=20)
    message_id = ids.make("ashbyhq.com")
    invite = text.ics(f"{ids.number}-onsite@ashbyhq.com", interview.start, 90,
                      f"Onsite interview - {interview.company.name}", interview.recruiter, [ME], tzid=interview.zone)
    raw = text.message(
        sender=text.address(f"{interview.company.name} via Ashby", "no-reply@ashbyhq.com"), to=ME_HEADER,
        subject=f"Confirmed: your onsite interview with {interview.company.name}", at=at, message_id=message_id,
        body=text.multipart("mixed", [text.text_part(
            f"Your onsite interview for {interview.role} is confirmed for {_spoken(interview)} (90 minutes).\n"),
            text.calendar_part(invite)], f"ashby-{ids.number:x}"),
        extra=text.received(rng, "ashbyhq.com", at) + "Auto-Submitted: auto-generated\n"
              f"Reply-To: {interview.recruiter}\n")
    _add(interview, "INBOX", at, message_id, raw, in_thread=False)


_SHAPE_BUILDERS: dict[str, Callable[[Interview, random.Random, text.Ids], None]] = {
    "ats_then_recruiter": _ats_shape, "reply_chain": _reply_chain, "ics_only_in_sent": _ics_only_in_sent,
    "wrapped_plain": _wrapped_plain, "html_only": _html_only, "hiring_manager": _hiring_manager,
    "agency": _agency, "scheduling_tool": _scheduling_tool,
}


def _aftermath(interview: Interview, rng: random.Random, ids: text.Ids) -> None:
    """What happened after the interview, per `expect`."""
    end = interview.start + dt.timedelta(hours=1)
    if interview.expect in ("thank_you", "upcoming"):
        return
    if interview.expect == "follow_up":
        _say(interview, rng, ids, interview.recruiter, end + dt.timedelta(hours=2), text.text_part(
            "Hi Alex,\n\nThank you for taking the time to speak with the team today. We are wrapping up "
            "interviews this week and will get back to you within a week." + _signature(interview)))
        return
    _say(interview, rng, ids, interview.recruiter, end + dt.timedelta(hours=3), text.text_part(
        "Hi Alex,\n\nThanks for your time today, the team enjoyed the conversation. We'll be in touch within "
        "two weeks." + _signature(interview)))
    _say(interview, rng, ids, ME_HEADER, end + dt.timedelta(hours=20), text.text_part(
        f"Hi {_first(interview.recruiter)},\n\nThank you for arranging the interview; I enjoyed meeting the team "
        f"and learning more about the {interview.role} role.\n\nBest,\nAlex\n"))
    if interview.expect == "closed":
        decided = end + dt.timedelta(days=rng.randint(8, 16))
        words = ("we have decided to move forward with other candidates whose experience more closely matches "
                 "the role. We wish you every success in your search." if rng.random() < 0.6 else
                 f"I'm delighted to let you know that we would like to offer you the {interview.role} position! "
                 "The formal offer letter will follow tomorrow.")
        _say(interview, rng, ids, interview.recruiter, decided,
             text.text_part(f"Hi Alex,\n\nThank you for your patience. After careful consideration, {words}"
                            + _signature(interview)))


def recruiter_update(interview: dict[str, object], ids: text.Ids, at: dt.datetime, rng: random.Random) -> Mail:
    """The recruiter's later word in a buried thread (for `--add`): a new timeline, which moves the deadline."""
    thread = [str(i) for i in interview["thread"]]  # type: ignore[attr-defined]
    recruiter = str(interview["recruiter"])
    domain = recruiter.split("@")[-1].rstrip(">")
    message_id = ids.make(domain)
    raw = text.message(sender=recruiter, to=ME_HEADER, subject="Re: " + str(interview["subject"]), at=at,
                       message_id=message_id, replying_to=tuple(thread), body=text.text_part(
                           "Hi Alex,\n\nQuick update: the team is still meeting a couple of candidates this week. "
                           "We'll be in touch by the end of next week.\n\nBest regards,\n"
                           + recruiter.split("<")[0].strip() + "\n"),
                       extra=text.received(rng, domain, at))
    return Mail("INBOX", at, message_id, raw, "interview", seen=False)
