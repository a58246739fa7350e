"""Dovecot reads the blind generator's store (bench/blind_mailbox.py) as the generator's truth says.

The benchmark serves this store through Dovecot, so the Maildir names (`,S=` and `,W=` sizes, flags),
the mtimes (INTERNALDATE) and the folder layout must be what Dovecot expects, or the judge's truth
would describe a different mailbox from the one the product reads.
"""

from __future__ import annotations

import datetime as dt
import email
import email.utils
import imaplib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import dovecot
import pytest
from conftest import new_user

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import blind_mailbox  # noqa: E402

pytestmark = pytest.mark.dovecot

NOW = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


def test_dovecot_serves_the_store_the_truth_describes(dovecot_server: dovecot.Dovecot) -> None:
    user = new_user(dovecot_server)
    store = dovecot_server.root / "mail" / user.username
    truth = blind_mailbox.generate(store, 600, NOW, 21, 12)
    owner = (dovecot_server.root / "mail").stat()
    if os.geteuid() == 0 and owner.st_uid != 0:  # Dovecot's mail processes run as its mail user
        subprocess.run(["chown", "-R", f"{owner.st_uid}:{owner.st_gid}", str(store)], check=True)

    folders, category_of = truth["folders"], truth["category_of"]
    assert isinstance(folders, dict) and isinstance(category_of, dict)

    imap = imaplib.IMAP4(dovecot_server.host, dovecot_server.port)
    try:
        imap.login(user.username, user.password)
        seen: set[str] = set()
        for folder, count in folders.items():
            kind, selected = imap.select(folder, readonly=True)
            assert kind == "OK" and int(selected[0] or b"0") == count, (folder, selected)
            kind, data = imap.fetch("1:*", "(INTERNALDATE RFC822.SIZE BODY.PEEK[])")
            assert kind == "OK"
            fetched = [item for item in data if isinstance(item, tuple)]
            assert len(fetched) == count
            for meta, body in fetched:
                size = _SIZE.search(meta)
                assert size and int(size.group(1)) == len(body)  # the file name's W= is right
                msg = email.message_from_bytes(body)
                stamp = imaplib.Internaldate2tuple(meta)
                assert stamp is not None
                date = email.utils.parsedate_to_datetime(msg["Date"])
                assert time.mktime(stamp) == date.timestamp()  # INTERNALDATE is the file's mtime, the Date
                seen.add(msg["Message-ID"])
        assert seen == set(category_of)
    finally:
        imap.logout()
    mine = f"imap({user.username})"  # the suite's Dovecot is shared: only this user's lines
    assert not [line for line in dovecot_server.log_tail(400).splitlines() if mine in line and "Error" in line]
