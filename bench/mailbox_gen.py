"""A realistic, seeded Maildir mailbox for the scale benchmark, with a ground truth beside it.

    .venv/bin/python bench/mailbox_gen.py ROOT [--messages 100000] [--interviews 40] [--now ISO] [--seed 1]
    .venv/bin/python bench/mailbox_gen.py ROOT --add 100 --now LATER_ISO

ROOT is a Maildir++ tree as Dovecot keeps it (INBOX in ROOT/cur, folders in ROOT/.Sent, .Drafts, .Trash);
files are written straight into it (tmp/ then rename, as a delivery agent does), which takes seconds
where an IMAP APPEND each would take many minutes. Two years of mail ending at --now: about 80% in
INBOX, 20% in Sent; newsletters, job alerts, colleagues' calendar invites, "application received"
mail, security alerts, invoices, shipping notices, conversations with friends and with business
contacts (some of them the very people and companies of the interviews), mailing lists, cold outreach,
press requests; and `--interviews` buried interview threads (bench/buried_interviews.py).

The ground truth (ROOT.truth.json unless --truth) lists each buried interview's Message-IDs and
whether a draft is timely at --now, and the look-alike category of every other Message-ID.
`--add K` delivers K later messages into ROOT/new (a few of them recruiters' replies in buried
threads) and records them in the ground truth.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

import buried_interviews as buried  # noqa: E402
import mail_text as text  # noqa: E402
from buried_interviews import ME_HEADER, Company, Mail  # noqa: E402

WORK_DOMAIN = "brightlake.example.com"  # the user's employer: colleagues' invites come from here
WORK = f"alex.candidate@{WORK_DOMAIN}"
WORK_HEADER = f"Alex Candidate <{WORK}>"
FOLDERS = {"INBOX": "", "Sent": ".Sent", "Drafts": ".Drafts", "Trash": ".Trash"}
YEARS = 2
HIRING, ELSEWHERE = 60, 300
SAME_COMPANY = 0.005  # how often an application or cold outreach is with an interview's company after all
BERLIN = ZoneInfo("Europe/Berlin")  # the employer's office: colleagues' invites are in its time
SENT_SHARE = 0.2
# Free-mail providers are named as they are: the product tells a friend's mailbox from a business one by them.
FREE_MAIL = ["gmail.com", "outlook.com", "yahoo.com", "proton.me", "gmx.de"]


class Generator:
    """Everything drawn from one seeded `Random`: the same seed and now give the same mailbox, byte for byte."""

    def __init__(self, seed: int, now: dt.datetime) -> None:
        self.rng = random.Random(seed)
        self.now = now
        self.ids = text.Ids(self.rng)
        everyone = buried.companies(self.rng, HIRING + ELSEWHERE)
        # The interviews' companies, whose people also write about other things and send invoices;
        # and the many a job seeker applies to or hears from once: one application, one answer each.
        self.hiring, self.elsewhere = everyone[:HIRING], everyone[HIRING:]
        self.companies = everyone
        self.blobs = text.blob_pool(self.rng, [self.rng.randint(4_000, 21_000) for _ in range(24)])
        self.friends = [self._friend() for _ in range(40)]
        self.colleagues = [buried.person(self.rng, WORK_DOMAIN) for _ in range(25)]
        self.contacts = [buried.person(self.rng, c.domain) + (c.name,) for c in self.hiring + self.elsewhere[:100]]

    def _friend(self) -> tuple[str, str]:
        first, last = self.rng.choice(text.FIRST_NAMES), self.rng.choice(text.LAST_NAMES)
        local = f"{first.lower()}.{last.lower()}{self.rng.randint(1, 99)}".replace("á", "a")
        return f"{first} {last}", f"{local}@{self.rng.choice(FREE_MAIL)}"

    # ------------------------------------------------------------ time

    def moment(self, earliest: dt.datetime | None = None) -> dt.datetime:
        """A time in the two years before now, more often in daytime hours."""
        start = earliest or self.now - dt.timedelta(days=365 * YEARS)
        span = (self.now - start).total_seconds()
        at = start + dt.timedelta(seconds=self.rng.random() * span)
        if self.rng.random() < 0.8:
            at = at.replace(hour=self.rng.randint(7, 19))
        return min(at, self.now - dt.timedelta(minutes=1)).replace(microsecond=0)

    def later(self, at: dt.datetime, hours: float) -> dt.datetime:
        return min(at + dt.timedelta(hours=self.rng.uniform(0.2, hours)), self.now - dt.timedelta(seconds=30)).replace(
            microsecond=0)

    # ------------------------------------------------------------ one message

    def mail(self, category: str, folder: str, sender: str, to: str, subject: str, at: dt.datetime,
             body: text.Part, headers: str = "", replying_to: tuple[str, ...] = (), cc: str = "") -> Mail:
        domain = sender.split("@")[-1].rstrip(">")
        message_id = self.ids.make(domain)
        if folder == "INBOX":
            headers = text.received(self.rng, domain, at) + (text.dkim(self.rng, domain) if self.rng.random() < 0.7
                                                             else "") + headers
        raw = text.message(sender=sender, to=to, subject=subject, at=at, message_id=message_id, body=body,
                           extra=headers, replying_to=replying_to, cc=cc)
        return Mail(folder, at, message_id, raw, category, seen=folder != "INBOX" or self.now - at > dt.timedelta(days=3))

    def body(self, words: str, style: str = "") -> text.Part:
        """Plain, wrapped, quoted-printable, base64 or HTML+text: the spread of real clients."""
        style = style or self.rng.choices(["plain", "wrapped", "qp", "b64", "alt"], [30, 20, 15, 10, 25])[0]
        if style == "wrapped":
            return text.text_part(text.wrap72(words))
        if style == "qp":
            return text.text_part(words, encoding="quoted-printable")
        if style == "b64":
            return text.text_part(words, encoding="base64")
        if style == "alt":
            return text.multipart("alternative", [text.text_part(text.wrap72(words)), text.text_part(
                text.html_of(words), "html", "quoted-printable")], self.boundary())
        return text.text_part(words)

    def boundary(self) -> str:
        return f"----=_Part_{self.rng.getrandbits(48):012x}"

    def with_attachment(self, part: text.Part, filename: str) -> text.Part:
        return text.multipart("mixed", [part, text.attachment_part(self.rng.choice(self.blobs), filename)],
                              self.boundary())

    def conversation(self, category: str, other: str, me: str, subject: str, first_words: str,
                     replies: int, start_mine: bool = False, hours: float = 48) -> list[Mail]:
        """A back-and-forth with proper References; the user's side goes to Sent."""
        mails: list[Mail] = []
        at = self.moment()
        previous = ""
        for turn in range(replies + 1):
            mine = (turn % 2 == 0) == start_mine
            words = first_words if turn == 0 else (self.greeting(other if mine else me)
                                                   + text.prose(self.rng, self.rng.randint(1, 3)) + "\n\nCheers\n")
            own = words
            if turn and self.rng.random() < 0.6:  # most clients quote the whole message replied to
                author = (me if mine else other).split("<")[0].strip()
                words += (f"\nOn {text.date_header(at)}, {author} wrote:\n"
                          + "\n".join("> " + line for line in text.wrap72(previous).split("\n")) + "\n")
            previous = own
            mails.append(self.mail(category, "Sent" if mine else "INBOX", me if mine else other,
                                   other if mine else me, ("Re: " if turn else "") + subject, at,
                                   self.body(words), replying_to=tuple(m.message_id for m in mails)))
            at = self.later(at, hours)
        return mails

    @staticmethod
    def greeting(header: str) -> str:
        return f"Hi {header.split()[0]},\n\n"

    # ------------------------------------------------------------ look-alikes, one thread each

    def newsletter(self) -> list[Mail]:
        subject = self.rng.choice([
            "How to follow up after an interview (without being pushy)", "7 questions to ask at the end of your interview",
            "Thank-you note templates that actually work", "What recruiters mean by 'we'll be in touch within two weeks'",
            "The phone screen: a checklist", "Ace your onsite: a week-by-week plan"])
        words = (f"This week: {subject}.\n\nSay your interview was on Tuesday at 2 PM and the recruiter said they "
                 "would decide by Friday. When should you send a follow-up? Our advice: a short thank-you note the "
                 "same day, and a polite status inquiry the day after the deadline.\n\n"
                 + text.prose(self.rng, self.rng.randint(10, 30)) + "\n\nYou are receiving this because you "
                 "subscribed to Career Compass. Unsubscribe at any time.\n")
        body = text.multipart("alternative", [text.text_part(words), text.text_part(
            text.html_of(words + "\n\n" + text.prose(self.rng, 8), subject), "html", "quoted-printable")],
            self.boundary())
        headers = ("List-Id: Career Compass weekly <weekly.careercompass.example.com>\nList-Unsubscribe: "
                   "<https://careercompass.example.com/u/abc>, <mailto:leave@careercompass.example.com>\n"
                   "List-Unsubscribe-Post: List-Unsubscribe=One-Click\nPrecedence: bulk\n")
        return [self.mail("newsletter_interview_tips", "INBOX", "Career Compass <newsletter@careercompass.example.com>",
                          ME_HEADER, subject, self.moment(), body, headers)]

    def job_alert(self) -> list[Mail]:
        role = self.rng.choice(buried.ROLES)
        jobs = "\n".join(f"* {role} - {c.name} - interviewing now, apply in one click. {text.sentence(self.rng)}"
                         for c in self.rng.sample(self.companies, self.rng.randint(8, 25)))
        words = (f"{self.rng.randint(5, 30)} companies are interviewing now for {role}.\n\n{jobs}\n\n"
                 "Tip: candidates who apply in the first 48 hours are 3x more likely to get an interview.\n")
        return [self.mail("job_alert", "INBOX", "JobRadar Alerts <alerts@jobradar.example.com>", ME_HEADER,
                          f"{role}: companies interviewing now", self.moment(), self.body(words, "alt"),
                          "List-Unsubscribe: <https://jobradar.example.com/unsubscribe>\nPrecedence: bulk\n")]

    def colleague_invite(self) -> list[Mail]:
        name, email_address = self.rng.choice(self.colleagues)
        at = self.moment()
        start = (at + dt.timedelta(days=self.rng.randint(1, 6))).replace(minute=0, second=0)
        category = "colleague_invite"
        summary = self.rng.choice(["Sprint planning", "1:1", "Quarterly roadmap review", "Architecture sync",
                                   "Team lunch", "Incident retro"])
        if self.rng.random() < 0.15:  # the user interviews someone for their own employer
            category = "user_is_interviewer"
            summary = f"Interview: {self.rng.choice(text.FIRST_NAMES)} {self.rng.choice(text.LAST_NAMES)} - panel"
        invite = text.ics(f"{self.ids.number}-{at.timestamp():.0f}@{WORK_DOMAIN}", start, 30 * self.rng.randint(1, 3),
                          summary, text.address(name, email_address), [WORK], tzid="Europe/Berlin",
                          location="Room 4.12 / video")
        body = text.multipart("alternative", [text.text_part(f"{summary}\n\n{text.prose(self.rng, 1)}\n"),
                                              text.calendar_part(invite)], self.boundary())
        return [self.mail(category, "INBOX", text.address(name, email_address), WORK_HEADER,
                          f"Invitation: {summary} @ {start.astimezone(BERLIN):%a %b %d, %Y %H:%M} (CET)", at, body)]

    def applied_to(self) -> Company:
        return self.rng.choice(self.hiring if self.rng.random() < SAME_COMPANY else self.elsewhere)

    def application_received(self) -> list[Mail]:
        company = self.applied_to()
        _domain, sender = self.rng.choice(buried.ATS)
        words = (f"Dear Alex,\n\nThank you for your application for the {self.rng.choice(buried.ROLES)} position "
                 f"at {company.name}. We have received it and our recruiting team will review it. If your "
                 "profile matches, we will contact you to schedule an interview.\n\nKind regards,\n"
                 f"{company.name} Talent Team\n")
        return [self.mail("application_received", "INBOX", text.address(f"{company.name} Careers", sender), ME_HEADER,
                          f"Application received - {company.name}", self.moment(), self.body(words, "alt"),
                          "Auto-Submitted: auto-generated\n")]

    def promotion(self) -> list[Mail]:
        """Shop marketing: heavy HTML, most of a real mailbox's bytes."""
        items = "\n\n".join(f"{self.rng.choice(text.LAST_NAMES)} {self.rng.choice(['lamp', 'jacket', 'kettle', 'chair', 'backpack'])}"
                            f" - now {self.rng.randint(10, 90)}% off. {text.sentence(self.rng)}"
                            for _ in range(self.rng.randint(15, 60)))
        words = f"This weekend only!\n\n{items}\n\nUnsubscribe: https://shop.example.com/u\n"
        return [self.mail("promotion", "INBOX", "Shop <deals@shop.example.com>", ME_HEADER,
                          self.rng.choice(["Weekend sale: up to 70% off", "New arrivals", "Your wishlist is on sale"]),
                          self.moment(), self.body(words, "alt"),
                          "List-Unsubscribe: <https://shop.example.com/u>\nPrecedence: bulk\n")]

    def security_alert(self) -> list[Mail]:
        words = ("We noticed a new sign-in to your account from Linux (Firefox) near Berlin. If this was you, "
                 "you don't need to do anything. If not, review your account activity and change your password.\n")
        return [self.mail("security_alert", "INBOX", "Accounts <no-reply@accounts.example.com>", ME_HEADER,
                          "Security alert: new sign-in", self.moment(), self.body(words, "alt"),
                          "Auto-Submitted: auto-generated\n")]

    def invoice(self, company: Company | None = None) -> list[Mail]:
        vendor = company or self.rng.choice(self.elsewhere)
        number = f"INV-{self.rng.randint(2024, 2026)}-{self.rng.randint(1000, 9999)}"
        words = (f"Hello,\n\nPlease find attached invoice {number} from {vendor.name} for "
                 f"EUR {self.rng.randint(9, 900)}.{self.rng.randint(0, 99):02d}, due within 30 days.\n\n"
                 f"{vendor.name} Billing\n")
        part = self.body(words)
        if self.rng.random() < 0.3:
            part = self.with_attachment(part, f"{number}.pdf")
        return [self.mail("invoice", "INBOX", f"{vendor.name} Billing <billing@{vendor.domain}>", ME_HEADER,
                          f"Your invoice {number}", self.moment(), part)]

    def shipping(self) -> list[Mail]:
        words = (f"Good news! Your order #{self.rng.randint(10**6, 10**7)} has shipped and should arrive in "
                 f"{self.rng.randint(2, 6)} days.\n\nTrack your parcel: https://shop.example.com/track\n")
        return [self.mail("shipping", "INBOX", "Shop <orders@shop.example.com>", ME_HEADER, "Your order has shipped",
                          self.moment(), self.body(words, "alt"), "Auto-Submitted: auto-generated\n")]

    def friend(self) -> list[Mail]:
        name, email_address = self.rng.choice(self.friends)
        other = text.address(name, email_address)
        subject = self.rng.choice(["Saturday?", "photos from the trip", "dinner next week", "that book",
                                   "how did the interview go?", "moving day", "birthday plans"])
        words = self.greeting(other) + text.prose(self.rng, self.rng.randint(1, 4)) + "\n\nx\n"
        mails = self.conversation("friend", other, ME_HEADER, subject, words, self.rng.randint(0, 5),
                                  start_mine=self.rng.random() < 0.4)
        if self.rng.random() < 0.05:  # holiday photos
            last = mails[-1]
            mails[-1] = self.mail("friend", last.folder, text.address(name, email_address) if last.folder == "INBOX"
                                  else ME_HEADER, ME_HEADER if last.folder == "INBOX" else other, "photos", last.at,
                                  self.with_attachment(self.body("Some photos.\n", "plain"), "IMG_2041.jpg"))
        return mails

    def business(self) -> list[Mail]:
        """Conversations with people at companies, some of them the interviews' companies: other matters."""
        name, email_address, company = self.rng.choice(self.contacts)
        other = text.address(name, email_address)
        subject = self.rng.choice([f"{company} meetup next Thursday", "Partnership proposal", "Q3 report",
                                   "Conference talk", "Intro: our data team", "Contract renewal"])
        words = self.greeting(other) + text.prose(self.rng, self.rng.randint(1, 5)) + f"\n\nBest,\n{name}\n"
        mails = self.conversation("business_other", other, WORK_HEADER if self.rng.random() < 0.5 else ME_HEADER,
                                 subject, words, self.rng.randint(0, 4), hours=96)
        if mails[0].folder == "INBOX" and self.rng.random() < 0.12:  # the slides, the contract draft
            first = mails[0]
            mails[0] = self.mail("business_other", "INBOX", other, first.raw.split(b"\nTo: ")[1].split(b"\n")[0].decode(),
                                 subject, first.at, self.with_attachment(self.body(words, "plain"), "slides.pdf"))
            mails = mails[:1]
        return mails

    def mailing_list(self) -> list[Mail]:
        subject = self.rng.choice(["[dev] Proposal: drop Python 3.8", "[dev] Release 4.2 planning",
                                   "[users] Interview with the maintainers (podcast)", "[dev] CI flakiness",
                                   "[users] Question about configuration"])
        mails: list[Mail] = []
        at = self.moment()
        for _turn in range(self.rng.randint(1, 6)):
            mine = bool(mails) and self.rng.random() < 0.25
            name, email_address = self.rng.choice(self.friends)
            sender = ME_HEADER if mine else text.address(name, email_address)
            mails.append(self.mail("mailing_list", "Sent" if mine else "INBOX", sender,
                                   "dev@lists.example.org", ("Re: " if mails else "") + subject, at,
                                   self.body(text.prose(self.rng, self.rng.randint(1, 5)), "wrapped"),
                                   "List-Id: Project development <dev.lists.example.org>\nList-Post: "
                                   "<mailto:dev@lists.example.org>\nPrecedence: list\n",
                                   replying_to=tuple(m.message_id for m in mails)))
            at = self.later(at, 30)
        return mails

    def cold_outreach(self) -> list[Mail]:
        company = self.applied_to()
        name, email_address = buried.person(self.rng, company.domain)
        other = text.address(name, email_address)
        words = (f"Hi Alex,\n\nI came across your profile and think you'd be a great fit for a "
                 f"{self.rng.choice(buried.ROLES)} role at {company.name}. Would you be open to a quick chat "
                 f"sometime?\n\nBest,\n{name}\n")
        replies = 1 if self.rng.random() < 0.3 else 0
        mails = self.conversation("cold_outreach", other, ME_HEADER, f"Opportunity at {company.name}", words, replies)
        return mails

    def rejection_before_interview(self) -> list[Mail]:
        company = self.applied_to()
        _domain, sender = self.rng.choice(buried.ATS)
        words = (f"Dear Alex,\n\nThank you for your interest in {company.name}. After reviewing your application, "
                 "we have decided not to move forward at this time.\n\nBest wishes,\nRecruiting\n")
        return [self.mail("rejection_before_interview", "INBOX", text.address(f"{company.name} Recruiting", sender),
                          ME_HEADER, f"Your application to {company.name}", self.moment(), self.body(words, "alt"),
                          "Auto-Submitted: auto-generated\n")]

    def press_interview(self) -> list[Mail]:
        name, email_address = buried.person(self.rng, "techpodcast.example.com")
        other = text.address(name, email_address)
        words = (f"Hi Alex,\n\nI host the Build Things podcast. Would you be up for a 30-minute interview about "
                 f"your open source work? We record on Thursdays at 4 PM.\n\nThanks,\n{name}\n")
        return self.conversation("press_interview", other, ME_HEADER, "Podcast interview?", words,
                                 self.rng.randint(1, 3))

    def notification(self) -> list[Mail]:
        words = (f"{self.rng.choice(text.FIRST_NAMES)} commented on issue #{self.rng.randint(1, 4000)}:\n\n"
                 + text.prose(self.rng, 1) + "\n\nReply to this email directly or view it on the web.\n")
        return [self.mail("notification", "INBOX", "Code Forge <notifications@forge.example.com>", ME_HEADER,
                          f"[project] Issue #{self.rng.randint(1, 4000)}", self.moment(), self.body(words, "plain"),
                          "List-Id: project <project.forge.example.com>\nPrecedence: bulk\n")]

    def note_to_self(self) -> list[Mail]:
        """A message the user started that got no answer (Sent only)."""
        name, email_address = self.rng.choice(self.friends)
        words = self.greeting(name) + text.prose(self.rng, self.rng.randint(1, 3)) + "\n\nAlex\n"
        return [self.mail("sent_other", "Sent", ME_HEADER, text.address(name, email_address),
                          self.rng.choice(["quick question", "the link", "notes", "tomorrow"]), self.moment(),
                          self.body(words))]


_INBOX_KINDS: list[tuple[str, int]] = [
    ("newsletter", 10), ("job_alert", 10), ("colleague_invite", 8), ("application_received", 3),
    ("security_alert", 4), ("invoice", 9), ("shipping", 7), ("notification", 14), ("promotion", 12), ("rejection_before_interview", 1)]
_TALK_KINDS: list[tuple[str, int]] = [
    ("friend", 12), ("business", 8), ("mailing_list", 8), ("cold_outreach", 2), ("press_interview", 1),
    ("note_to_self", 3)]


class MaildirWriter:
    """Writes messages as they are made (a 100k mailbox never sits in memory) and keeps the tallies.

    Files are named as Dovecot names them, with the size in S= and W= so that it need not stat or
    count; each file's mtime is its date, which Dovecot reports as the INTERNALDATE. Dovecot gives
    new files their UIDs in file-name order, and names start with the time: UIDs follow the dates.
    """

    def __init__(self, root: Path, tag: str, delivered: bool = False) -> None:
        self.root = root
        self.delivered = delivered
        self.tag = tag  # in place of the usual pid: unique per run, and the same tree for the same seed
        self.number = 0
        self.folders: Counter[str] = Counter()
        self.bytes = 0
        self.category_of: dict[str, str] = {}
        for folder in FOLDERS.values():
            for sub in ("cur", "new", "tmp"):
                (root / folder / sub).mkdir(parents=True, exist_ok=True)

    def put(self, mail: Mail) -> None:
        self.number += 1
        stamp = int(mail.at.timestamp())
        size = len(mail.raw)
        lines = mail.raw.count(b"\n")  # W= is the size with CRLF line ends, as IMAP counts it
        base = f"{stamp}.M{self.number:06d}P{self.tag}.bench,S={size},W={size + lines}"
        directory = self.root / FOLDERS[mail.folder]
        # A delivery goes through tmp/ so that a reader never sees half a file; a fresh tree that
        # nobody reads yet is written straight to cur/, one rename less per file.
        path = (directory / "tmp" / base if self.delivered
                else directory / "cur" / f"{base}:2,{'S' if mail.seen else ''}")
        path.write_bytes(mail.raw)
        os.utime(path, (stamp, stamp))
        if self.delivered:
            path.rename(directory / "new" / base)
        self.folders[mail.folder] += 1
        self.bytes += size
        self.category_of[mail.message_id] = mail.category

    @property
    def count(self) -> int:
        return self.number


def generate(root: Path, messages: int, now: dt.datetime, seed: int = 1, interviews: int = 40) -> dict[str, object]:
    """Write the mailbox and return its ground truth (`main` writes it to `truth_path(root)`)."""
    generator = Generator(seed, now)
    rng = generator.rng
    writer = MaildirWriter(root, f"g{seed}")
    buried_ones = buried.build(rng, generator.ids, now, interviews, generator.hiring)
    first = [m for interview in buried_ones for m in interview.mails]
    # invoices from the interviews' own companies: the look-alike that once merged with a recruiter's thread
    for interview in buried_ones[::2]:
        first += generator.invoice(interview.company)
    for mail in first[:messages]:
        writer.put(mail)
    inbox_kinds, inbox_weights = zip(*_INBOX_KINDS, strict=True)
    talk_kinds, talk_weights = zip(*_TALK_KINDS, strict=True)
    while writer.count < messages:
        needs_sent = writer.folders["Sent"] < SENT_SHARE * writer.count
        kind = rng.choices(talk_kinds if needs_sent else inbox_kinds, talk_weights if needs_sent else inbox_weights)[0]
        build: Callable[[], list[Mail]] = getattr(generator, kind)
        for mail in build()[: messages - writer.count]:
            writer.put(mail)
    category_of = {i: c for i, c in writer.category_of.items() if c != "interview"}
    return {
        "now": now.isoformat(), "seed": seed, "messages": writer.count,
        "folders": dict(writer.folders), "bytes": writer.bytes, "me": [buried.ME, WORK],
        "interviews": [interview.truth() for interview in buried_ones],
        "categories": dict(Counter(writer.category_of.values())),
        "category_of": category_of,
        "added": [],
    }


def add(root: Path, count: int, now: dt.datetime, truth: dict[str, object], seed: int = 2) -> dict[str, object]:
    """Deliver `count` new messages dated after the ground truth's now and up to `now`; update the truth."""
    before = dt.datetime.fromisoformat(str(truth["now"]))
    if truth["added"]:
        before = dt.datetime.fromisoformat(str(truth["added"][-1]["now"]))  # type: ignore[index]
    generator = Generator(seed, now)
    # new ids count on from a number no earlier run used: every Message-ID stays unique
    generator.ids.number = 10_000_000 * (len(truth["added"]) + 1)  # type: ignore[arg-type]
    rng = generator.rng
    writer = MaildirWriter(root, f"a{len(truth['added'])}s{seed}", delivered=True)  # type: ignore[arg-type]
    interviews: list[dict[str, object]] = truth["interviews"]  # type: ignore[assignment]
    live = [i for i in interviews if i["expect"] in ("follow_up", "upcoming", "thank_you")]
    for interview in live[: max(1, count // 30)]:
        at = before + (now - before) * rng.uniform(0.1, 0.9)
        mail = buried.recruiter_update(interview, generator.ids, at.replace(microsecond=0), rng)
        writer.put(mail)
        interview["message_ids"].append(mail.message_id)  # type: ignore[attr-defined]
        interview["thread"].append(mail.message_id)  # type: ignore[attr-defined]
    kinds, weights = zip(*(_INBOX_KINDS + _TALK_KINDS), strict=True)
    while writer.count < count:
        for mail in getattr(generator, rng.choices(kinds, weights)[0])()[:1]:
            at = (before + (now - before) * rng.uniform(0.05, 0.95)).replace(microsecond=0)
            # a fresh one-message thread, re-dated into the new window (headers and file alike)
            raw = mail.raw.replace(text.date_header(mail.at).encode(), text.date_header(at).encode())
            writer.put(Mail(mail.folder, at, mail.message_id, raw, mail.category, seen=False))
    category_of: dict[str, str] = truth["category_of"]  # type: ignore[assignment]
    category_of.update({i: c for i, c in writer.category_of.items() if c != "interview"})
    truth["added"].append({"now": now.isoformat(), "messages": writer.count,  # type: ignore[attr-defined]
                           "message_ids": list(writer.category_of)})
    return truth


def truth_path(root: Path) -> Path:
    return root.parent / f"{root.name}.truth.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("root", type=Path, help="the Maildir root (INBOX); folders go in .Sent, .Drafts, .Trash")
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--interviews", type=int, default=40)
    parser.add_argument("--now", type=dt.datetime.fromisoformat, default=None,
                        help="the end of the mailbox's two years (ISO 8601 with offset; default: the real clock)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--truth", type=Path, default=None, help="ground truth JSON (default: ROOT.truth.json)")
    parser.add_argument("--add", type=int, default=0, metavar="K",
                        help="deliver K new messages dated after the existing mailbox, up to --now")
    args = parser.parse_args(argv)
    now = (args.now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    if now.tzinfo is None:
        parser.error("--now needs a UTC offset, e.g. 2026-12-05T12:00:00+00:00")
    truth_file = args.truth or truth_path(args.root)
    if args.add:
        truth = add(args.root, args.add, now, json.loads(truth_file.read_text()), args.seed + 1)
    else:
        truth = generate(args.root, args.messages, now, args.seed, args.interviews)
    truth_file.write_text(json.dumps(truth, indent=1) + "\n")
    print(f"{args.root}: {truth['messages']} messages {truth['folders']}, {int(str(truth['bytes'])) / 1e6:.0f} MB; "
          f"ground truth in {truth_file}" if not args.add else f"{args.root}: delivered {args.add} new messages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
