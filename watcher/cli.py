"""The `followup-watcher` command: argparse, the clock (`--now`), errors -> messages and exit codes.

The only module that prints. Every other module returns values or raises `errors.WatcherError`;
here a `UserError` becomes one clear message (no traceback unless `--debug`) and its exit code.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from watcher import __version__, config, errors

PROGRESS_EVERY_SECONDS = 10.0

log = logging.getLogger("watcher")

_EPILOG = """\
how it works:
  followup-watcher reads your Inbox and Sent folders, finds job-interview threads by itself, and
  keeps the right follow-up ready in your Drafts folder: a thank-you right after each interview, a
  polite status inquiry the day after their decision deadline, and an optional second one two weeks
  later. It never sends mail: you review and send the drafts from your own mail client.

first steps:
  followup-watcher init                 write a commented config to edit
  followup-watcher check-config         list every problem in it, with line numbers
  followup-watcher login NAME           store the IMAP password of account NAME in the keyring,
                                        or authorize a Gmail account with Google (prints a URL)
  followup-watcher scan --once --dry-run   see what it would draft, without writing anything
  followup-watcher status               what it found, and why
  followup-watcher run                  keep watching (see systemd/ for the service unit)
  followup-watcher demo                 try it on a built-in demo mailbox

exit status: 0 ok, 2 config problem, 3 login/secret or state problem, 75 temporary failure (retry).
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    _setup_logging(args.debug, getattr(args, "verbose", False))
    try:
        result: int = args.handler(args)
        return result
    except errors.ConfigError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return exc.exit_code
    except errors.WatcherError as exc:
        if args.debug:
            raise
        print(f"followup-watcher: {exc}", file=sys.stderr)
        return getattr(exc, "exit_code", 1)
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="followup-watcher", description="Keeps polite post-interview follow-up drafts ready. Never sends mail.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=None, metavar="PATH",
                        help=f"config file (default: {config.default_config_path()})")
    parser.add_argument("--debug", action="store_true", help="debug logging, and tracebacks for errors")
    parser.add_argument("--version", action="version", version=f"followup-watcher {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = commands.add_parser("init", help="write the commented example config (never overwrites)")
    init.set_defaults(handler=_init)

    check = commands.add_parser("check-config", help="validate the config; every problem with its line")
    check.set_defaults(handler=_check_config)

    scan = commands.add_parser("scan", help="sync, detect, plan, and write the drafts that are due",
                               description="One pass: read new mail, find interview threads, plan the follow-ups, "
                                           "and write every draft due now to Drafts.")
    scan.add_argument("--once", action="store_true", help="a single pass, then exit (the default for scan)")
    scan.add_argument("--dry-run", action="store_true", help="print the drafts it would write; write nothing")
    _add_now(scan)
    scan.add_argument("-v", "--verbose", action="store_true", help="log each decision")
    scan.set_defaults(handler=_scan)

    status = commands.add_parser("status", help="the interview threads found, their follow-ups, and why")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.add_argument("--all", action="store_true", help="also threads considered and rejected, with reasons")
    _add_now(status)
    status.set_defaults(handler=_status)

    run = commands.add_parser("run", help="keep watching: the daemon (what the systemd unit starts)")
    run.add_argument("-v", "--verbose", action="store_true", help="log each decision")
    run.set_defaults(handler=_run)

    login = commands.add_parser(
        "login", help="store an account's IMAP password in the system keyring, or authorize a Gmail account",
        description="For an IMAP account with a password: asks for it and stores it in the keyring. For a "
                    "gmail-api account (or IMAP with auth = \"oauth2\"): prints a Google URL to open in any "
                    "browser and stores the refresh token it gets in the keyring.")
    login.add_argument("account", nargs="?", help="account name (default: the only account that logs in)")
    login.add_argument("--port", type=int, default=0, metavar="N",
                       help="OAuth: listen for Google's redirect on 127.0.0.1:N (to forward it with ssh -L N:127.0.0.1:N)")
    login.add_argument("--paste", action="store_true",
                       help="OAuth: no listener; paste back the address the browser was sent to")
    login.add_argument("--token-file", type=Path, default=None, metavar="FILE",
                       help="OAuth: write the refresh token to FILE (mode 600) instead of the keyring, for "
                            "systemd's LoadCredential=NAME.oauth:FILE")
    login.set_defaults(handler=_login)

    ignore = commands.add_parser("ignore", help="never draft anything for this thread (id from `status`)")
    ignore.add_argument("thread", help="thread id, or a Message-ID of one of its messages")
    ignore.set_defaults(handler=_override, action="ignore")

    track = commands.add_parser("track", help="treat the thread of this message as an interview")
    track.add_argument("thread", metavar="MESSAGE-ID", help="Message-ID (with or without <>) or thread id")
    track.set_defaults(handler=_override, action="track")

    demo = commands.add_parser("demo", help="run the whole job on a built-in demo mailbox in a temp dir")
    demo.add_argument("--keep", action="store_true", help="keep the demo directory")
    demo.set_defaults(handler=_demo)
    return parser


def _add_now(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--now", type=_parse_now, default=None, metavar="ISO8601",
                        help="pretend it is this time (e.g. 2026-10-12T20:00:00+00:00); default: the real clock")


def _parse_now(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO 8601 time, e.g. 2026-10-12T20:00:00+00:00") from None
    # a time without an offset is read on the user's own clock
    return moment if moment.tzinfo is not None else moment.astimezone()


def _now(args: argparse.Namespace) -> dt.datetime:
    return args.now if getattr(args, "now", None) is not None else dt.datetime.now(dt.UTC)


def _setup_logging(debug: bool, verbose: bool) -> None:
    level = logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING
    # journald adds its own timestamps; plain terminals get ours
    journal = bool(os.environ.get("JOURNAL_STREAM"))
    fmt = "%(levelname)s %(name)s: %(message)s" if journal else "%(asctime)s %(levelname)s %(name)s: %(message)s"
    logging.basicConfig(level=level, format=fmt, stream=sys.stderr)


def _config_path(args: argparse.Namespace) -> Path:
    return Path(args.config) if args.config else config.default_config_path()


def _load(args: argparse.Namespace) -> config.Config:
    loaded = config.load(_config_path(args))
    from rules import lists

    lists.use_extra_dirs(loaded.rules_dirs)
    return loaded


# ---------------------------------------------------------------------- commands


def _init(args: argparse.Namespace) -> int:
    path = _config_path(args)
    if path.exists():
        print(f"{path} already exists; not overwriting it. Check it with: followup-watcher check-config", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(config.example_text(), encoding="utf-8")
    path.chmod(0o600)
    print(f"wrote {path}\nnext: edit it, then run `followup-watcher check-config`")
    return 0


def _check_config(args: argparse.Namespace) -> int:
    loaded = _load(args)
    print(f"{loaded.source}: ok — {len(loaded.accounts)} account(s): "
          + ", ".join(f"{a.name} ({a.backend})" for a in loaded.accounts))
    return 0


def _scan(args: argparse.Namespace) -> int:
    from watcher import session

    loaded = _load(args)
    now = _now(args)
    report = session.scan_once(loaded, now, dry_run=args.dry_run, progress=_progress(sys.stderr))
    if sys.stderr.isatty():
        sys.stderr.write("\r" + " " * 120 + "\r")  # the progress line goes; the report stays
    for followup, draft in report.written:
        print(f"drafted {followup.kind.value} for thread {followup.thread_id} to {draft['To']}: {draft['Subject']}")
    for followup in report.withdrawn:
        print(f"withdrew {followup.kind.value} draft of thread {followup.thread_id}: {followup.reason}")
    for followup, draft in report.would_write:
        print(f"--- would draft {followup.kind.value} for thread {followup.thread_id} ---")
        print(draft.as_string())
    if args.dry_run and not report.would_write:
        print("nothing is due now")
    return 0


def _progress(stream: TextIO) -> Callable[[str], None]:
    """Progress of a long scan: one line rewritten in place on a terminal, else a line every 10 s."""
    if stream.isatty():
        def show(line: str) -> None:
            stream.write("\r" + line[:120].ljust(120) + "\r")
            stream.flush()
        return show
    last = [0.0]

    def log(line: str) -> None:
        moment = time.monotonic()
        if moment - last[0] >= PROGRESS_EVERY_SECONDS:
            last[0] = moment
            print(line, file=stream, flush=True)
    return log


def _status(args: argparse.Namespace) -> int:
    from watcher import session

    loaded = _load(args)
    snapshot = session.status(loaded, _now(args), include_all=args.all)
    if args.json:
        print(json.dumps(snapshot, indent=2, ensure_ascii=False))
    else:
        _print_status(snapshot)
    return 0


def _print_status(snapshot: dict[str, Any]) -> None:
    threads = snapshot["threads"]
    mailbox = snapshot.get("mailbox", {})
    if mailbox.get("first_scan_running_since"):
        print(f"the first scan of your mailbox is still running (since {mailbox['first_scan_running_since']}); "
              f"{mailbox['indexed']} messages indexed so far")
    for unreadable in mailbox.get("unreadable", []):
        print(f"{unreadable['messages']} message(s) of possible interviews could not be read: {unreadable['reason']}")
    if not threads:
        print("no interview threads found (yet). `status --all` shows what was considered.")
    by_thread: dict[str, list[dict[str, Any]]] = {}
    for followup in snapshot["followups"]:
        by_thread.setdefault(followup["thread_id"], []).append(followup)
    for thread in threads:
        print(f"\n{thread['thread_id']}  {thread['subject']}")
        print(f"  state: {thread['state']}   company: {thread['company'] or '?'}   contact: {thread['contact'] or '-'}")
        print(f"  interview: {thread['interview_at'] or '?'}   decision deadline: {thread['decision_deadline'] or '?'}")
        for member in thread.get("threads", []) if len(thread.get("threads", [])) > 1 else []:  # one hiring process
            print(f"  thread {member['thread_id']}: {member['subject']} ({len(member['message_ids'])} messages)")
        for reason in thread["why"]:
            print(f"  why: {reason}")
        for followup in by_thread.get(thread["thread_id"], []):
            flag = "  (!)" if "edited" in followup["reason"] else ""
            print(f"  - {followup['kind']:<17} {followup['status']:<9} due {followup['due'] or '-'}: {followup['reason']}{flag}")


def _run(args: argparse.Namespace) -> int:
    from watcher import daemon

    return daemon.run(_config_path(args))


def _login(args: argparse.Namespace) -> int:
    from watcher import secrets

    loaded = _load(args)
    imap = [a for a in loaded.accounts if a.backend in ("imap", "gmail-api")]
    if args.account:
        imap = [a for a in imap if a.name == args.account]
        if not imap:
            raise errors.UserError(f"no IMAP or Gmail account named {args.account!r} in {loaded.source}")
    if len(imap) != 1:
        raise errors.UserError("name the account: followup-watcher login NAME (" + ", ".join(a.name for a in imap) + ")")
    if imap[0].backend == "gmail-api" or imap[0].auth == "oauth2":
        return _login_oauth(imap[0], args)
    password = getpass.getpass(f"IMAP password for {imap[0].username} at {imap[0].host}: ")
    secrets.store_password(imap[0].name, password)
    print(f"stored in the system keyring (service followup-watcher, user {imap[0].name})")
    return 0


def _login_oauth(account: config.Account, args: argparse.Namespace) -> int:
    from watcher import oauth, secrets

    if account.token_command:
        raise errors.UserError(f"account {account.name!r} gets its token from token_command; there is nothing to "
                               "store (remove token_command to use login)")
    refresh_token = oauth.login(account, lambda text: print(text, flush=True), port=args.port,
                                paste=input if args.paste else None)
    if args.token_file:
        path = Path(args.token_file)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(handle, 0o600)  # an existing file keeps its mode through O_CREAT: make it private too
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(refresh_token + "\n")
        print(f"wrote the refresh token to {path}; add LoadCredential={account.name}.oauth:{path.resolve()} "
              "to the service unit")
        return 0
    secrets.store_oauth_token(account.name, refresh_token)
    print(f"authorized; the refresh token is in the system keyring (service followup-watcher, user {account.name}:oauth)")
    return 0


def _override(args: argparse.Namespace) -> int:
    from watcher import session

    loaded = _load(args)
    target = args.thread.strip()
    if "@" in target and not target.startswith("<"):
        target = f"<{target}>"
    session.set_override(loaded, target, args.action, _now(args))
    print(f"{args.action}: {target} (takes effect at the next scan)")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from watcher import demo

    return demo.run(keep=args.keep)
