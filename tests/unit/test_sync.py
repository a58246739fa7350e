"""sync.py: every new message indexed by its headers; only the conversations triage keeps are read whole."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

import pytest

from rules import lists
from watcher import config, identity, parse, scan, sync
from watcher.backends import Backend
from watcher.drafts.memory import MemoryDraftWriter
from watcher.model import Role
from watcher.sources.memory import MemoryMailbox, MemorySource
from watcher.state import State, key_of

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
ME = config.Me(name="Alex Rivera", addresses=("alex@example.org",))
ACCOUNT = config.Account(name="main", backend="maildir", path="/nowhere")


def mail(message_id: str, sender: str, subject: str, body: str, *, to: str = "Alex <alex@example.org>",
         day: int = 10, extra: str = "", in_reply_to: str = "") -> bytes:
    links = f"In-Reply-To: {in_reply_to}\r\nReferences: {in_reply_to}\r\n" if in_reply_to else ""
    return (f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\nDate: {day:02d} Nov 2026 10:00:00 +0000\r\n"
            f"Message-ID: {message_id}\r\n{links}{extra}Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n").encode()


INVITE = mail("<invite@larkspur.example.com>", "Maren Holt <maren@larkspur.example.com>", "Interview next week",
              "We'd like to invite you to a technical interview for the Backend Engineer role on\r\n"
              "Tuesday, November 17 at 10:00 AM ET, 60 minutes on Zoom. Looking forward to it!")
NEWSLETTER = mail("<tips@careers.example.com>", "Careers Weekly <news@careers.example.com>", "Ace your interview",
                  "Ten ways to follow up after an interview.", extra="List-Unsubscribe: <mailto:u@careers.example.com>\r\n")
DINNER = mail("<dinner@gmail.com>", "Jo <jo@gmail.com>", "Saturday?", "Are we still on for dinner? Bring the photos.")
APPLIED = mail("<hello@fernway.example.com>", "Priya <priya@fernway.example.com>", "Hello from Fernway",
               "Thanks for your application for the Data Engineer position.\r\nCould you share your availability?")


@pytest.fixture
def state(tmp_path: Path) -> State:
    opened = State.open(tmp_path / "state.sqlite3")
    yield opened  # type: ignore[misc]
    opened.close()


def run(mailbox: MemoryMailbox, state: State) -> sync.Synced:
    return sync.sync(ACCOUNT, MemorySource(mailbox), state, NOW, identity.Identity.of(ME))


def scan_all(mailbox: MemoryMailbox, state: State) -> None:
    """The whole pass: sync, then threads and detection, then mail near the interviews found."""
    config_ = config.Config(source="<test>", accounts=(ACCOUNT,), me=ME, state_path=state.path)
    backend = Backend(MemorySource(mailbox), MemoryDraftWriter(mailbox), "memory", lambda: None)
    scan.scan(config_, state, {"main": backend}, NOW)


def read_ids(state: State) -> set[str]:
    return {m.message_id for m in state.messages()}


def test_an_interview_invitation_is_read_whole(state: State) -> None:
    mailbox = MemoryMailbox()
    mailbox.add(Role.INBOX, INVITE)
    run(mailbox, state)
    assert read_ids(state) == {"<invite@larkspur.example.com>"}


def test_a_newsletter_is_indexed_but_never_read(state: State) -> None:
    mailbox = MemoryMailbox()
    mailbox.add(Role.INBOX, NEWSLETTER)
    synced = run(mailbox, state)
    assert (synced.listed, read_ids(state)) == (1, set())


def test_a_friends_mail_about_dinner_is_not_read(state: State) -> None:
    mailbox = MemoryMailbox()
    mailbox.add(Role.INBOX, DINNER)
    run(mailbox, state)
    assert read_ids(state) == set()


def test_a_persons_mail_whose_body_speaks_of_an_application_is_read(state: State) -> None:
    mailbox = MemoryMailbox()
    mailbox.add(Role.INBOX, APPLIED)
    run(mailbox, state)
    assert read_ids(state) == {"<hello@fernway.example.com>"}


def test_later_mail_from_the_recruiter_about_nothing_in_particular_is_read(state: State) -> None:
    mailbox = MemoryMailbox()
    mailbox.add(Role.INBOX, INVITE)
    scan_all(mailbox, state)
    mailbox.add(Role.INBOX, mail("<update@larkspur.example.com>", "Maren Holt <maren@larkspur.example.com>",
                                 "Quick update", "Still deciding, expect news by Friday.", day=18))
    run(mailbox, state)
    assert "<update@larkspur.example.com>" in read_ids(state)


def test_mail_from_a_colleague_of_the_recruiter_about_something_else_is_not_read(state: State) -> None:
    mailbox = MemoryMailbox()
    mailbox.add(Role.INBOX, INVITE)
    mailbox.add(Role.INBOX, mail("<hm@larkspur.example.com>", "Dana <dana@larkspur.example.com>",
                                 "Lunch", "The cafeteria is closed on Friday.", day=12))
    scan_all(mailbox, state)
    assert "<hm@larkspur.example.com>" not in read_ids(state)


def test_mail_from_a_colleague_of_the_recruiter_about_the_role_is_read(state: State) -> None:
    mailbox = MemoryMailbox()
    mailbox.add(Role.INBOX, INVITE)
    mailbox.add(Role.INBOX, mail("<hm@larkspur.example.com>", "Dana <dana@larkspur.example.com>",
                                 "Tuesday", "Looking forward to our interview about the role.", day=12))
    scan_all(mailbox, state)
    assert "<hm@larkspur.example.com>" in read_ids(state)


def test_a_reply_that_speaks_of_a_job_brings_the_whole_conversation(state: State) -> None:
    mailbox = MemoryMailbox()
    mailbox.add(Role.INBOX, DINNER)
    run(mailbox, state)
    mailbox.add(Role.SENT, mail("<reply@example.org>", "Alex <alex@example.org>", "Re: Saturday?",
                                "Sure! Also: I applied for the opening at your company.", to="Jo <jo@gmail.com>",
                                day=11, in_reply_to="<dinner@gmail.com>"))
    run(mailbox, state)
    assert read_ids(state) == {"<dinner@gmail.com>", "<reply@example.org>"}


def test_a_sync_with_nothing_new_lists_and_reads_nothing(state: State) -> None:
    mailbox = MemoryMailbox()
    mailbox.add(Role.INBOX, INVITE)
    run(mailbox, state)
    again = run(mailbox, state)
    assert (again.listed, len(again.read)) == (0, 0)


def test_mail_older_than_the_lookback_is_not_indexed(state: State) -> None:
    mailbox = MemoryMailbox()
    mailbox.add(Role.INBOX, INVITE.replace(b"10 Nov 2026", b"10 Nov 2021"))
    assert run(mailbox, state).listed == 0


def test_a_message_that_cannot_be_parsed_never_stops_the_sync(state: State) -> None:
    mailbox = MemoryMailbox()
    mailbox.add(Role.INBOX, b"From: =?x-bogus-9000?q?Caf=E9_Owner?= <owner@cafe.example.com>\r\n"
                            b"Subject: Interview\r\nMessage-ID: <bogus@cafe.example.com>\r\n\r\n\xff\xfe body")
    mailbox.add(Role.INBOX, INVITE)
    run(mailbox, state)
    assert "<invite@larkspur.example.com>" in read_ids(state)


BOGUS = (b"From: =?x-bogus-9000?q?Caf=E9_Owner?= <owner@cafe.example.com>\r\nSubject: Interview\r\n"
         b"Message-ID: <bogus@cafe.example.com>\r\n\r\n\xff\xfe body")


def test_a_message_with_a_bogus_charset_is_read_like_any_other(state: State) -> None:
    mailbox = MemoryMailbox()
    mailbox.add(Role.INBOX, BOGUS)
    run(mailbox, state)
    assert (read_ids(state), state.unreadable()) == ({"<bogus@cafe.example.com>"}, [])


def test_an_unreadable_message_is_not_read_again(state: State) -> None:
    mailbox = MemoryMailbox()
    mailbox.add(Role.INBOX, INVITE)
    run(mailbox, state)
    with state.transaction():  # a message of the kept conversation that parse could not read, as the scan records it
        conv = state.index("main", [(7, Role.INBOX, "7", [7, key_of("<invite@larkspur.example.com>")])])[7]
        state.keep([conv])
        state.save_parsed("main", 7, None, parse.PARSER_VERSION, "unreadable: ValueError in parse.parse")
        state.set_meta("read-by:main", None)  # so that the sync looks for unread mail at all
    assert (len(run(mailbox, state).read), state.unreadable()) == (0, [("main", "unreadable: ValueError in parse.parse")])


def test_a_sync_with_no_news_does_not_look_for_unread_mail(state: State) -> None:
    mailbox = MemoryMailbox()
    mailbox.add(Role.INBOX, INVITE)
    run(mailbox, state)
    assert state.meta("read-by:main") == str(parse.PARSER_VERSION)


def test_mail_with_the_recruiter_a_year_later_about_something_else_is_not_read(state: State) -> None:
    mailbox = MemoryMailbox()
    mailbox.add(Role.INBOX, INVITE.replace(b"10 Nov 2026", b"10 Nov 2025"))
    scan_all(mailbox, state)
    mailbox.add(Role.INBOX, mail("<catch-up@larkspur.example.com>", "Maren Holt <maren@larkspur.example.com>",
                                 "Quick update", "Still on for the conference?", day=18))
    run(mailbox, state)
    assert "<catch-up@larkspur.example.com>" not in read_ids(state)


def test_an_invoice_from_the_recruiters_company_is_not_read(state: State) -> None:
    mailbox = MemoryMailbox()
    mailbox.add(Role.INBOX, INVITE)
    mailbox.add(Role.INBOX, mail("<invoice@larkspur.example.com>", "Larkspur Billing <billing@larkspur.example.com>",
                                 "Your invoice", "Invoice 1234 for November.", day=12))
    scan_all(mailbox, state)
    assert "<invoice@larkspur.example.com>" not in read_ids(state)


def test_a_friends_mail_near_a_chat_about_her_interview_is_not_read(state: State) -> None:
    mailbox = MemoryMailbox()
    mailbox.add(Role.INBOX, mail("<how@gmail.com>", "Jo <jo@gmail.com>", "How did the interview go?",
                                 "Tell me everything!"))
    mailbox.add(Role.INBOX, DINNER)
    scan_all(mailbox, state)
    assert "<dinner@gmail.com>" not in read_ids(state)


# Sam writes from a mail provider no list knows: only the mailbox can tell she is a friend, not a company
SAM = "Sam Okafor <sam.okafor@post.example.net>"
SAMS_INTERVIEW = mail("<final@post.example.net>", SAM, "guess what",
                      "I have my final interview at Fernway tomorrow at 2pm! Any tips?", day=9)
SAMS_DINNER = mail("<dinner@post.example.net>", SAM, "Saturday?", "Are we still on for dinner? Bring the photos.",
                   day=16)
SAMS_SPRING = mail("<spring@post.example.net>", SAM, "the cabin", "The cabin is booked for the long weekend.").replace(
    b"10 Nov 2026", b"02 Jun 2026")


def test_a_long_time_correspondents_mail_near_her_interview_talk_is_not_read(state: State) -> None:
    mailbox = MemoryMailbox()
    for message in (SAMS_SPRING, SAMS_INTERVIEW, SAMS_DINNER):
        mailbox.add(Role.INBOX, message)
    run(mailbox, state)
    assert read_ids(state) == {"<final@post.example.net>"}


def test_a_long_time_correspondent_is_remembered_from_one_sync_to_the_next(state: State) -> None:
    mailbox = MemoryMailbox()
    mailbox.add(Role.INBOX, SAMS_SPRING)
    run(mailbox, state)
    mailbox.add(Role.INBOX, SAMS_INTERVIEW)
    mailbox.add(Role.INBOX, SAMS_DINNER)
    run(mailbox, state)
    assert read_ids(state) == {"<final@post.example.net>"}


def test_a_new_correspondents_mail_near_her_interview_talk_is_read(state: State) -> None:
    mailbox = MemoryMailbox()
    mailbox.add(Role.INBOX, SAMS_INTERVIEW)
    mailbox.add(Role.INBOX, SAMS_DINNER)
    run(mailbox, state)
    assert read_ids(state) == {"<final@post.example.net>", "<dinner@post.example.net>"}


def test_a_thread_whose_rules_fail_is_left_out_with_why_and_read_again_only_when_it_changes(
        state: State, tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "phrases.toml").write_text("[interview]\npatterns = ['(unclosed']\n", encoding="utf-8")
    lists.use_extra_dirs([tmp_path / "rules"])  # a user's own phrase list with a broken pattern
    try:
        mailbox = MemoryMailbox()
        mailbox.add(Role.INBOX, INVITE)
        scan_all(mailbox, state)
        first = state.cached_detections()
        scan_all(mailbox, state)
        assert ([v["why"][0].split(" (")[0] for v in state.views()], state.cached_detections()) == (
            ["not read: detection failed"], first)
    finally:
        lists.use_extra_dirs([])


def test_a_sync_stopped_before_its_reading_reads_at_the_next_one(state: State) -> None:
    mailbox = MemoryMailbox()
    mailbox.add(Role.INBOX, DINNER)
    run(mailbox, state)  # everything read: a sync with no news would not look for unread mail
    mailbox.add(Role.INBOX, INVITE)
    with state.transaction():  # as a sync killed after it indexed, kept and moved the cursor, before it read
        conv = state.index("main", [(7, Role.INBOX, "1", [7])])[7]
        state.keep([conv])
        state.set_cursor("main", Role.INBOX, "2")
    assert len(run(mailbox, state).read) == 1


def test_the_users_reply_to_a_mailing_list_post_is_not_read(state: State) -> None:
    """The list's address is learnt from its posts (List-Id): a reply to it is to everyone on the list."""
    mailbox = MemoryMailbox()
    mailbox.add(Role.INBOX, mail("<post@lists.example.org>", "Jo <jo@gmail.com>", "[users] Interview with the maintainers",
                                 "Who is up for the podcast interview?", to="dev@lists.example.org",
                                 extra="List-Id: Project users <users.lists.example.org>\r\n"))
    mailbox.add(Role.SENT, mail("<reply@example.org>", "Alex <alex@example.org>", "Re: [users] Interview with the maintainers",
                                "I can do the interview on Friday.", to="dev@lists.example.org",
                                in_reply_to="<post@lists.example.org>"))
    run(mailbox, state)
    assert (read_ids(state), state.list_addresses("main")) == (set(), {"dev@lists.example.org"})


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_as_it_was_after_a_sync(state: State, enabled: bool) -> None:
    # indexing pauses the collector for each chunk (sync._collector_paused); a caller's choice stands
    mailbox = MemoryMailbox()
    mailbox.add(Role.INBOX, NEWSLETTER)
    mailbox.add(Role.INBOX, INVITE)
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        assert run(mailbox, state).listed == 2
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()



def test_a_first_scan_plans_with_the_mail_near_an_interview_and_with_every_other_interview(state: State) -> None:
    # the user has known Maren since June: triage keeps her invitation for its words, and her "Quick
    # update" only once detection found the interview with her; Priya's interview is found alone
    mailbox = MemoryMailbox()
    mailbox.add(Role.INBOX, mail("<june@larkspur.example.com>", "Maren Holt <maren@larkspur.example.com>", "Conference",
                                 "Lovely to meet you at the conference.").replace(b"10 Nov 2026", b"02 Jun 2026"))
    mailbox.add(Role.INBOX, INVITE)
    mailbox.add(Role.INBOX, mail("<update@larkspur.example.com>", "Maren Holt <maren@larkspur.example.com>",
                                 "Quick update", "Still deciding, expect news by Friday.", day=18))
    mailbox.add(Role.INBOX, mail("<fernway@fernway.example.com>", "Priya <priya@fernway.example.com>", "Interview",
                                 "We'd like to invite you to an interview for the Data Engineer role on\r\n"
                                 "Monday, November 16 at 2:00 PM ET, 45 minutes on Zoom.", day=9))
    config_ = config.Config(source="<test>", accounts=(ACCOUNT,), me=ME, state_path=state.path)
    backend = Backend(MemorySource(mailbox), MemoryDraftWriter(mailbox), "memory", lambda: None)
    report = scan.scan(config_, state, {"main": backend}, NOW)
    assert sorted(sorted(m for t in d.threads for m in t.message_ids) for d in report.detections if d.is_interview) == [
        ["<fernway@fernway.example.com>"], ["<invite@larkspur.example.com>", "<update@larkspur.example.com>"]]
