"""The `followup-watcher` command: argparse, the clock (`--now`), errors -> messages and exit codes.

The only module that prints. Every other module returns values or raises `errors.WatcherError`;
here a `UserError` becomes one clear message (no traceback unless `--debug`) and its exit code.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import difflib
import getpass
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, cast

from watcher import __version__, config, errors

if TYPE_CHECKING:
    from watcher import quiet

PROGRESS_EVERY_SECONDS = 10.0

log = logging.getLogger("watcher")

_EPILOG = """\
how it works:
  followup-watcher reads your Inbox and Sent folders, finds job-interview threads by itself, and
  keeps the right follow-up ready in your Drafts folder: a thank-you right after each interview, a
  polite status inquiry the day after their decision deadline, and an optional second one two weeks
  later. It never sends mail: you review and send the drafts from your own mail client.

first steps:
  followup-watcher init                 a short guided set-up (on a terminal), or the commented example
  followup-watcher check-config --connect   every problem at once; then log in and list the folders used
  followup-watcher login NAME           store the IMAP password of account NAME in the keyring,
                                        or authorize a Gmail account with Google (prints a URL)
  followup-watcher scan --once --dry-run   see what it would draft, without writing anything
  followup-watcher status               what it found, and why (status THREAD: one thread's timeline)
  followup-watcher install-service      keep watching: install and start the systemd user service
  followup-watcher demo                 try it on a built-in demo mailbox

your say: ignore THREAD, track MESSAGE-ID, snooze THREAD UNTIL, forget THREAD, overrides.

exit status: 0 ok, 1 nothing done, 2 config problem, 3 login/secret or state problem,
75 temporary failure (retry).
"""


def main(argv: Sequence[str] | None = None, seen: quiet.Look | None = None) -> int:
    """`seen`: what the launcher's quiet look saw of the mailbox (launch.py), kept by a complete scan."""
    parser = _parser()
    args = parser.parse_args(argv)
    args.seen = seen
    _setup_logging(args.debug, args.verbose, args.quiet, default_info=args.command == "run")
    try:
        result: int = args.handler(args)
        sys.stdout.flush()  # a closed pipe shows here, while BrokenPipeError is still ours to catch
        return result
    except errors.ConfigError as exc:
        for problem in exc.problems:
            _error(str(problem))
        return exc.exit_code
    except errors.WatcherError as exc:
        if args.debug:
            raise
        _error(f"followup-watcher: {exc}", warning=isinstance(exc, errors.TransientError))
        return getattr(exc, "exit_code", 1)
    except BrokenPipeError:
        # `status --json | head`: the reader left; what is left to print goes nowhere, quietly
        _silence_stdout()
        return 0
    except EOFError:
        print("followup-watcher: the input ended before an answer was read (no terminal?) — run it in a "
              "terminal, or see `followup-watcher COMMAND --help` for flags that take the answer instead",
              file=sys.stderr)
        return errors.EXIT_CONFIG
    except OSError as exc:
        if args.debug:
            raise
        _error(f"followup-watcher: {errors.describe_os_error(exc)}")
        return errors.EXIT_AUTH
    except KeyboardInterrupt:
        return 130


def _error(text: str, warning: bool = False) -> None:
    """A message on stderr; under journald with its priority, so `journalctl -p err` shows why the
    service stopped (a temporary failure is a warning: it is retried)."""
    if os.environ.get("JOURNAL_STREAM"):
        prefix = "<4>" if warning else "<3>"
        text = "\n".join(prefix + line for line in text.split("\n"))
    print(text, file=sys.stderr)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush at exit does not fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


class _Parser(argparse.ArgumentParser):
    """argparse, plus "did you mean" for a mistyped command or choice."""

    def error(self, message: str) -> NoReturn:
        match = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if match:
            choices = re.findall(r"'([^']*)'", match.group(2))
            near = difflib.get_close_matches(match.group(1), choices, n=3, cutoff=0.5)
            if near:
                message += "\ndid you mean: " + " or ".join(near) + "?"
        super().error(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="followup-watcher", description="Keeps polite post-interview follow-up drafts ready. Never sends mail.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=None, metavar="PATH",
                        help="config file (default: $XDG_CONFIG_HOME/followup-watcher/config.toml, ~/.config/... when unset)")
    parser.add_argument("--debug", action="store_true", help="debug logging, and tracebacks for errors")
    _add_verbosity(parser, suppress=False)
    parser.add_argument("--version", action="version", version=f"followup-watcher {__version__}")
    commands = cast("argparse._SubParsersAction[argparse.ArgumentParser]", parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser))

    from watcher.commands import setup

    setup.add_parser(commands, _config_path)

    check = commands.add_parser(
        "check-config", help="validate the config; every problem with its line",
        description="Every problem of the config at once, each at its line with the fix: syntax and values, the "
                    "example's placeholders, paths that do not exist, a state directory that cannot be written. "
                    "With --connect it also logs in to each account and lists the folders it will use. "
                    "Exit status: 0 ok, 2 a config problem (also a TLS/port mix-up), 3 a login refused or no "
                    "password found, 75 the server could not be reached (try again).")
    check.add_argument("--connect", action="store_true",
                       help="also log in to each account and list the Inbox, Sent and Drafts folders it will use")
    check.set_defaults(handler=_check_config)

    scan = commands.add_parser("scan", help="sync, detect, plan, and write the drafts that are due",
                               description="One pass: read new mail, find interview threads, plan the follow-ups, "
                                           "and write every draft due now to Drafts.")
    scan.add_argument("--once", action="store_true", help="a single pass, then exit (the default for scan)")
    scan.add_argument("--dry-run", action="store_true", help="print the drafts it would write; write nothing")
    _add_now(scan)
    scan.set_defaults(handler=_scan)

    from watcher.commands import status

    status.add_parser(commands, _load, _now, _add_now)

    run = commands.add_parser("run", help="keep watching: the daemon (what the systemd unit starts)")
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
    login.add_argument("--password-stdin", action="store_true",
                       help="read the password from the first line of standard input (no terminal needed)")
    login.add_argument("--token-file", type=Path, default=None, metavar="FILE",
                       help="OAuth: write the refresh token to FILE (mode 600) instead of the keyring, for "
                            "systemd's LoadCredential=NAME.oauth:FILE")
    login.set_defaults(handler=_login)

    from watcher.commands import control

    control.add_parsers(commands, _load, _now, _add_now)

    from watcher.commands import service

    service.add_parser(commands, _load, _config_path)

    completion = commands.add_parser(
        "completion", help="print a shell completion script (bash, zsh or fish)",
        description="Prints the completion script for SHELL, generated from the commands themselves. bash: "
                    "followup-watcher completion bash > ~/.local/share/bash-completion/completions/followup-watcher; "
                    "zsh: ... completion zsh > a directory on $fpath, as _followup-watcher; fish: ... completion fish "
                    "> ~/.config/fish/completions/followup-watcher.fish")
    completion.add_argument("shell", choices=("bash", "zsh", "fish"))
    completion.set_defaults(handler=_completion)

    demo = commands.add_parser("demo", help="run the whole job on a built-in demo mailbox in a temp dir")
    demo.add_argument("--keep", action="store_true", help="keep the demo directory")
    demo.set_defaults(handler=_demo)
    for sub in commands.choices.values():
        _add_verbosity(sub, suppress=True)
    return parser


def _add_now(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--now", type=_parse_now, default=None, metavar="ISO8601",
                        help="pretend it is this time (e.g. 2026-10-12T20:00:00+00:00; without an offset it is read on "
                             "this machine's clock, TZ); default: the real clock")


def _parse_now(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO 8601 time, e.g. 2026-10-12T20:00:00+00:00") from None
    # a time without an offset is read on the user's own clock
    return moment if moment.tzinfo is not None else moment.astimezone()


def _now(args: argparse.Namespace) -> dt.datetime:
    return args.now if getattr(args, "now", None) is not None else dt.datetime.now(dt.UTC)


# syslog priorities (sd-daemon(3)): journald reads a leading "<N>" on each line of the service's output
_PRIORITY = {logging.DEBUG: 7, logging.INFO: 6, logging.WARNING: 4, logging.ERROR: 3, logging.CRITICAL: 2}


class JournalFormatter(logging.Formatter):
    """Each line prefixed with its syslog priority, so `journalctl -p warning` finds warnings."""

    def format(self, record: logging.LogRecord) -> str:
        prefix = f"<{_PRIORITY.get(record.levelno, 6)}>"
        return "\n".join(prefix + line for line in super().format(record).split("\n"))


def _setup_logging(debug: bool, verbose: int, quiet: bool, default_info: bool = False) -> None:
    """Our own loggers at the level asked for; every other library's stays at WARNING whatever the flags:
    imapclient and the HTTP clients log whole protocol exchanges (message bodies, tokens) at DEBUG."""
    if debug or verbose >= 2:
        level = logging.DEBUG
    elif quiet:
        level = logging.ERROR
    elif verbose or default_info:
        level = logging.INFO
    else:
        level = logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    if os.environ.get("JOURNAL_STREAM"):
        # journald adds its own timestamps, and reads the priority from the prefix
        handler.setFormatter(JournalFormatter("%(name)s: %(message)s"))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    # ours replaces ours (main may run more than once in a process); anyone else's handler stays
    root.handlers[:] = [h for h in root.handlers if not getattr(h, "followup_watcher", False)]
    handler.followup_watcher = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    for name in ("watcher", "rules"):
        logging.getLogger(name).setLevel(level)


def _add_verbosity(parser: argparse.ArgumentParser, suppress: bool) -> None:
    """-v/-q, the same on every command and before it (`followup-watcher -v scan` = `scan -v`)."""
    default: Any = argparse.SUPPRESS if suppress else None
    parser.add_argument("-v", "--verbose", action="count", default=default if suppress else 0,
                        help="say more: -v each decision (INFO), -vv everything (DEBUG)")
    parser.add_argument("-q", "--quiet", action="store_true", default=default if suppress else False,
                        help="only errors")


def _config_path(args: argparse.Namespace) -> Path:
    return Path(args.config) if args.config else config.default_config_path()


def _load(args: argparse.Namespace) -> config.Config:
    loaded = config.load(_config_path(args))
    from rules import lists

    lists.use_extra_dirs(loaded.rules_dirs)
    return loaded


# ---------------------------------------------------------------------- commands


def _check_config(args: argparse.Namespace) -> int:
    from watcher import checks

    loaded = _load(args)
    found = checks.problems(loaded)
    if found:
        raise errors.ConfigError(found)
    print(f"{loaded.source}: ok — {len(loaded.accounts)} account(s): "
          + ", ".join(f"{a.name} ({a.backend})" for a in loaded.accounts))
    if args.connect:
        from watcher import connectcheck

        for account in loaded.accounts:
            print(connectcheck.render(connectcheck.check(account)), flush=True)
    return 0


def _scan(args: argparse.Namespace) -> int:
    from watcher import session

    loaded = _load(args)
    now = _now(args)
    report = session.scan_once(loaded, now, dry_run=args.dry_run, progress=_progress(sys.stderr), seen=args.seen)
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
    if imap[0].password_command:
        raise errors.UserError(f"account {imap[0].name!r} gets its password from password_command "
                               f"({imap[0].password_command!r}); a password stored with login would not be used — "
                               "change the password where that command reads it, or remove password_command")
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif not sys.stdin.isatty():
        raise errors.UserError("login asks for the password on a terminal, and there is none here — run it in a "
                               "terminal, pipe the password in with `followup-watcher login "
                               f"{imap[0].name} --password-stdin`, or set password_command for the account")
    else:
        password = getpass.getpass(f"IMAP password for {imap[0].username} at {imap[0].host}: ")
    if not password:
        raise errors.UserError("no password was given; nothing was stored")
    secrets.store_password(imap[0].name, password)
    print(f"stored in the system keyring (service followup-watcher, user {imap[0].name})")
    return 0


def _login_oauth(account: config.Account, args: argparse.Namespace) -> int:
    from watcher import extras

    extras.require_gmail(account.name, "authorizes with Google")
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


def _completion(args: argparse.Namespace) -> int:
    from watcher import clidocs

    print(clidocs.SHELLS[args.shell](_parser()), end="")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from watcher import demo

    return demo.run(keep=args.keep)
