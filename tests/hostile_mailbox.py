"""A hostile mailbox on disk: CPython's email corpus, our hostile fixtures, generated hostile mail,
and interview mail whose bodies are the adversarial texts — for a whole scan to get through."""

from __future__ import annotations

import mailbox
import zlib
from pathlib import Path

import hostile_mail
import hostile_text

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def adversarial_interviews() -> list[bytes]:
    """An interview invitation, then each adversarial text as the recruiter's follow-up in the thread."""
    subject = "Interview for the Backend Engineer role"
    invite_id = f"<hostile-{zlib.crc32(subject.encode())}@larkspur.example.com>"  # as hostile_mail.headers names it
    mails = [(hostile_mail.headers(subject) + "Content-Type: text/plain\r\n\r\n"
              + "We'd like to invite you to a technical interview on Tuesday at 10:00 AM ET.\r\n").encode()]
    for name, make in sorted(hostile_text.INPUTS.items()):
        head = hostile_mail.headers(f"Re: Interview ({name})", f"In-Reply-To: {invite_id}\r\n")
        mails.append((head + "Content-Type: text/plain; charset=utf-8\r\n\r\n").encode()
                     + make()[: 1024 * 1024].encode("utf-8", "replace"))
    return mails


def build(root: Path, generated: int, seed: int = 8) -> int:
    """Write the mailbox as a Maildir++ tree at `root` (Inbox, .Sent, .Drafts); how many messages."""
    box = mailbox.Maildir(str(root), create=True)
    for folder in ("Sent", "Drafts"):
        box.add_folder(folder)
    raws = [p.read_bytes() for p in sorted((FIXTURES / "cpython_email").glob("msg_*.txt"))]
    raws += [p.read_bytes() for p in sorted((FIXTURES / "hostile").glob("*.eml"))]
    raws += [hostile_mail.big_attachment(), hostile_mail.nested(), hostile_mail.long_header_line()]
    raws += list(hostile_mail.generated(generated, seed))
    raws += adversarial_interviews()
    for raw in raws:
        box.add(raw)
    return len(raws)
