"""`followup-watcher demo`: the whole job on a built-in demo mailbox, in a temp dir.

Builds a Maildir with a realistic interview thread (a recruiter's invitation with a calendar invite
in the Inbox, the user's confirmation in Sent), writes a config for it, and runs one scan three
hours after the interview started, on an injected clock, so the output is the same every time.
Prints the plan and the draft it wrote. Nothing outside the temp dir is read or written.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
import shutil
import tempfile
import textwrap
from email.message import EmailMessage
from pathlib import Path

INTERVIEW = dt.datetime(2026, 10, 13, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=-4)))
NOW = INTERVIEW + dt.timedelta(hours=3)

_INVITE = """\
Hi Alex,

Thanks for applying for the Backend Engineer role at Larkspur Robotics. I'd love to set up a
45-minute video interview with Priya Raman, our engineering manager.

Would Tuesday, October 13 at 2:00 PM Eastern work for you? I've attached a calendar invite.

Best,
Jordan Ellis
Technical Recruiter, Larkspur Robotics
"""

_CONFIRMATION = """\
Hi Jordan,

Tuesday, October 13 at 2:00 PM Eastern works well for me. Looking forward to speaking with Priya.

Best regards,
Alex

On Thu, Oct 8, 2026 at 10:02 AM Jordan Ellis <jordan.ellis@larkspur-robotics.example.com> wrote:
> Hi Alex,
>
> Thanks for applying for the Backend Engineer role at Larkspur Robotics.
"""

_ICS = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Larkspur Robotics//Recruiting//EN
METHOD:REQUEST
BEGIN:VEVENT
UID:demo-interview-1@larkspur-robotics.example.com
SEQUENCE:0
DTSTAMP:20261008T140200Z
DTSTART:20261013T180000Z
DTEND:20261013T184500Z
SUMMARY:Interview: Alex Candidate / Larkspur Robotics (Backend Engineer)
ORGANIZER;CN=Jordan Ellis:mailto:jordan.ellis@larkspur-robotics.example.com
ATTENDEE;CN=Priya Raman:mailto:priya.raman@larkspur-robotics.example.com
ATTENDEE;CN=Alex Candidate:mailto:alex@example.org
STATUS:CONFIRMED
END:VEVENT
END:VCALENDAR
"""


def run(keep: bool = False) -> int:
    from watcher import config, session
    from watcher.commands import status

    root = Path(tempfile.mkdtemp(prefix="followup-watcher-demo-"))
    try:
        mail = root / "Mail"
        _build_maildir(mail)
        config_path = root / "config.toml"
        config_path.write_text(textwrap.dedent(f"""\
            [[accounts]]
            name = "demo"
            backend = "maildir"
            path = "{mail}"

            [me]
            name = "Alex Candidate"
            addresses = ["alex@example.org"]

            [state]
            path = "{root / 'state.sqlite3'}"
            """), encoding="utf-8")
        loaded = config.load(config_path)
        print(f"demo mailbox: {mail}  (a recruiter's invitation in the Inbox, your confirmation in Sent)")
        print(f"clock: {NOW.isoformat()}  (three hours after the interview started)\n")
        report = session.scan_once(loaded, NOW)
        snapshot = session.status(loaded, NOW)
        status.print_status(snapshot, NOW)  # what `followup-watcher status` shows, on this machine's clock
        for _, draft in report.written:
            path = next((p for p in (mail / ".Drafts" / "cur").iterdir()), None)
            print(f"\nwritten to Drafts ({path.name if path else '?'}):\n")
            for header in ("From", "To", "Subject", "Date", "Message-ID", "In-Reply-To", "References"):
                print(f"{header}: {draft[header]}")
            print()
            print(draft.get_content())
        if keep:
            print(f"kept: {root}")
        print("\nyour own mailbox next: followup-watcher init   (a short guided set-up; docs/getting-started.md)")
        return 0 if report.written else 1
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)


def _build_maildir(mail: Path) -> None:
    for folder in (mail, mail / ".Sent", mail / ".Drafts"):
        for sub in ("cur", "new", "tmp"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
    for folder in (mail / ".Sent", mail / ".Drafts"):
        (folder / "maildirfolder").touch()
    sent_invite = dt.datetime(2026, 10, 8, 10, 2, tzinfo=dt.timezone(dt.timedelta(hours=-4)))
    invite = _message("Jordan Ellis <jordan.ellis@larkspur-robotics.example.com>", "Alex Candidate <alex@example.org>",
                      "Interview: Backend Engineer at Larkspur Robotics", sent_invite,
                      "<CAJ4demo1invite@mail.larkspur-robotics.example.com>", _INVITE)
    invite.add_attachment(_ICS.replace("\n", "\r\n").encode(), maintype="text", subtype="calendar",
                          filename="invite.ics", params={"method": "REQUEST"})
    confirmation = _message("Alex Candidate <alex@example.org>", "Jordan Ellis <jordan.ellis@larkspur-robotics.example.com>",
                            "Re: Interview: Backend Engineer at Larkspur Robotics", sent_invite + dt.timedelta(hours=2),
                            "<demo-confirmation-1@example.org>", _CONFIRMATION,
                            reply_to_id="<CAJ4demo1invite@mail.larkspur-robotics.example.com>")
    (mail / "new" / "1760000000.demo1.localhost").write_bytes(invite.as_bytes())
    (mail / ".Sent" / "cur" / "1760007200.demo2.localhost:2,S").write_bytes(confirmation.as_bytes())


def _message(sender: str, to: str, subject: str, date: dt.datetime, message_id: str, body: str,
             reply_to_id: str = "") -> EmailMessage:
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = email.utils.format_datetime(date)
    message["Message-ID"] = message_id
    if reply_to_id:
        message["In-Reply-To"] = reply_to_id
        message["References"] = reply_to_id
    message.set_content(body)
    return message
