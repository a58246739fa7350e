"""The TOML config file -> frozen dataclasses, parsed and validated once.

Every problem is collected before raising, each with the key path (`accounts[0].port`), the line it
is on, and what to do about it. Unknown keys are errors: a typo must not silently fall back to a
default. Secrets are never config values (see `secrets.py`).
"""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from watcher import errors, keylines

BACKENDS = ("imap", "maildir", "gmail-api")
MAILDIR_LAYOUTS = ("auto", "maildir++", "folders")  # as maildir_tree.LAYOUTS, without importing the sources
SECURITY = ("ssl", "starttls", "none")
IMAP_AUTH = ("password", "oauth2")


@dataclass(frozen=True)
class Account:
    """One mailbox to watch."""

    name: str
    backend: str
    host: str = ""
    port: int = 993
    security: str = "ssl"
    username: str = ""
    password_command: str = ""
    inbox_folder: str = ""
    sent_folder: str = ""
    drafts_folder: str = ""
    lookback_days: int = 180
    path: str = ""  # maildir root
    layout: str = "auto"  # maildir: "maildir++", "folders" (mbsync Verbatim/Legacy, offlineimap), or told from disk
    tls_verify: bool = True
    auth: str = "password"  # imap: "password" (LOGIN) or "oauth2" (XOAUTH2, e.g. Gmail)
    client_secrets: str = ""  # gmail-api, imap with oauth2: the user's own OAuth client JSON
    api_endpoint: str = ""  # gmail-api: another base URL than Google's (a proxy, a test server)
    token_command: str = ""  # gmail-api, imap with oauth2: prints a current access token


@dataclass(frozen=True)
class Me:
    """The user: the name drafts are signed with, and every address that is theirs."""

    name: str
    addresses: tuple[str, ...]


@dataclass(frozen=True)
class Policy:
    """The etiquette's knobs; the defaults are POLICY.md's."""

    default_decision_days: int = 14
    default_interview_minutes: int = 60
    thank_you_within_hours: int = 24
    min_days_between_drafts: int = 7
    second_follow_up: bool = True
    second_follow_up_after_days: int = 14
    ask_for_timeline: bool = True
    stale_after_days: int = 14  # an inquiry more than this past its due time is stale: never drafted


@dataclass(frozen=True)
class Daemon:
    """How `run` waits for news."""

    poll_seconds: int = 300
    idle_seconds: int = 1500  # re-issue IDLE well inside RFC 2177's 29 minutes
    reconcile_seconds: int = 3600
    retry_max_seconds: int = 300  # the longest wait between reconnection attempts
    notify_command: str = ""  # run after each draft written or withdrawn, with its details in FOLLOWUP_* variables


@dataclass(frozen=True)
class Config:
    """The whole validated configuration."""

    source: str
    accounts: tuple[Account, ...]
    me: Me
    state_path: Path
    policy: Policy = field(default_factory=Policy)
    daemon: Daemon = field(default_factory=Daemon)
    templates_dir: str = ""
    rules_dirs: tuple[str, ...] = ()


def default_config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "followup-watcher" / "config.toml"


def default_state_path() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "followup-watcher" / "state.sqlite3"


def example_text() -> str:
    """The commented example config shipped with the package (`init` writes it)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "config.example.toml", here.parent / "config.example.toml"):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    raise errors.UserError("config.example.toml is missing from the installation — reinstall followup-watcher")


def load(path: Path) -> Config:
    """Read and validate `path`; raise ConfigError listing every problem."""
    source = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise errors.ConfigError([errors.ConfigProblem(
            source, None, "(file)", "no config file here",
            "run `followup-watcher init` to write a commented example, or pass --config PATH")]) from None
    except OSError as exc:
        raise errors.ConfigError([errors.ConfigProblem(
            source, None, "(file)", f"cannot read it ({exc.strerror})", "check the path and its permissions")]) from None
    return parse(_decoded(data, source), source)


def _decoded(data: bytes, source: str) -> str:
    """The file's text; a byte that is not UTF-8 (TOML's only encoding) is a problem at its line and column.

    An editor that saved "é" as Latin-1 writes the single byte 0xE9: a UnicodeDecodeError must not end
    `check-config`, or a running daemon's SIGHUP, with a traceback.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        raise errors.ConfigError([errors.ConfigProblem(
            source, line, "(encoding)", f"byte 0x{data[exc.start]:02X} at column {column} is not UTF-8",
            "save the file as UTF-8 (TOML files are UTF-8; Latin-1, for one, writes \"é\" as the single byte 0xE9)")]
        ) from None


def parse(text: str, source: str = "<config>") -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise errors.ConfigError([errors.ConfigProblem(
            source, int(match.group(1)) if match else None, "(syntax)", f"not valid TOML ({exc})",
            "fix the syntax; strings need quotes, tables [brackets]")]) from None
    reader = _Reader(source, text)
    config = reader.config(data)
    if reader.problems:
        raise errors.ConfigError(reader.problems)
    assert config is not None
    return config


class _Reader:
    """Walks the TOML tree once, turning it into dataclasses and noting each problem."""

    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.lines = keylines.KeyLines(text)
        self.problems: list[errors.ConfigProblem] = []

    def problem(self, path: str, what: str, fix: str) -> None:
        self.problems.append(errors.ConfigProblem(self.source, self.lines.find(path), path, what, fix))

    def config(self, data: dict[str, Any]) -> Config | None:
        self.unknown(data, "", {"accounts", "me", "state", "policy", "daemon", "templates", "rules"})
        accounts_data = data.get("accounts")
        accounts: list[Account] = []
        if not isinstance(accounts_data, list) or not accounts_data:
            self.problem("accounts", "no account is configured",
                         "add an [[accounts]] table with name, backend and the server or path")
        else:
            for index, item in enumerate(accounts_data):
                account = self.account(item, f"accounts[{index}]")
                if account:
                    accounts.append(account)
            seen: set[str] = set()
            for index, item in enumerate(accounts_data):
                name = item.get("name") if isinstance(item, dict) else None
                if isinstance(name, str) and name in seen:
                    self.problem(f"accounts[{index}].name", f"another account is already named {name!r}",
                                 "give each account its own name")
                if isinstance(name, str):
                    seen.add(name)
        me = self.me(data.get("me"))
        state = self.table(data, "state", {"path"})
        state_path = Path(_expand(self.string(state, "state.path", ""))) if state.get("path") else default_state_path()
        policy = self.policy(self.table(data, "policy", set(Policy.__dataclass_fields__)))
        daemon = self.daemon(self.table(data, "daemon", set(Daemon.__dataclass_fields__)))
        templates = self.table(data, "templates", {"dir"})
        rules = self.table(data, "rules", {"dirs"})
        rules_dirs = self.string_list(rules, "rules.dirs")
        if self.problems or me is None:
            return None
        return Config(
            source=self.source, accounts=tuple(accounts), me=me, state_path=state_path, policy=policy,
            daemon=daemon, templates_dir=_expand(self.string(templates, "templates.dir", "")),
            rules_dirs=tuple(_expand(d) for d in rules_dirs))

    def table(self, data: dict[str, Any], key: str, allowed: set[str]) -> dict[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.problem(key, "must be a table", f"write it as [{key}]")
            return {}
        self.unknown(value, key + ".", allowed)
        return value

    def unknown(self, data: dict[str, Any], prefix: str, allowed: set[str]) -> None:
        for key in data:
            if key not in allowed:
                close = _closest(key, allowed)
                hint = f"did you mean {close!r}?" if close else f"known keys: {', '.join(sorted(allowed))}"
                self.problem(prefix + key, "unknown key", hint)

    def account(self, item: Any, path: str) -> Account | None:
        if not isinstance(item, dict):
            self.problem(path, "must be a table", "write it as [[accounts]]")
            return None
        # "password" is known only to be refused with a better message than "unknown key"
        self.unknown(item, path + ".", set(Account.__dataclass_fields__) | {"password"})
        before = len(self.problems)
        name = self.string(item, path + ".name", "")
        if not name:
            self.problem(path + ".name", "missing", 'give the account a short name, e.g. name = "personal"')
        backend = self.choice(item, path + ".backend", BACKENDS, None)
        values: dict[str, Any] = {"name": name, "backend": backend or "imap"}
        values["lookback_days"] = self.integer(item, path + ".lookback_days", 180, 1, 3650)
        for key in ("inbox_folder", "sent_folder", "drafts_folder"):
            values[key] = self.string(item, f"{path}.{key}", "")
        if backend == "imap":
            host = self.string(item, path + ".host", "")
            if not host:
                self.problem(path + ".host", "missing", 'set the IMAP server name, e.g. host = "imap.example.org"')
            security = self.choice(item, path + ".security", SECURITY, "ssl") or "ssl"
            if security == "none" and host and not _is_loopback(host):
                self.problem(path + ".security", f'"none" sends your password in clear text to {host}',
                             'use "ssl" (port 993) or "starttls" (port 143); "none" is only allowed for 127.0.0.1/localhost')
            default_port = 993 if security == "ssl" else 143
            values.update(
                host=host, security=security, port=self.integer(item, path + ".port", default_port, 1, 65535),
                username=self.string(item, path + ".username", ""),
                password_command=self.string(item, path + ".password_command", ""),
                tls_verify=self.boolean(item, path + ".tls_verify", True))
            if not values["username"]:
                self.problem(path + ".username", "missing", "set the login name for the IMAP server")
            if "password" in item:
                self.problem(path + ".password", "passwords do not belong in the config file",
                             f"remove it; run `followup-watcher login {name}` or set password_command")
            values.update(self.imap_oauth(item, path, name))
        elif backend == "gmail-api":
            values.update(self.gmail_api(item, path, name))
        elif backend == "maildir":
            mail_path = self.string(item, path + ".path", "")
            if not mail_path:
                self.problem(path + ".path", "missing", 'set the Maildir root, e.g. path = "~/Mail/personal"')
            values["path"] = _expand(mail_path)
            values["layout"] = self.choice(item, path + ".layout", MAILDIR_LAYOUTS, "auto") or "auto"
        if backend != "maildir" and item.get("layout", "auto") not in ("", "auto"):
            self.problem(path + ".layout", "applies to maildir accounts only", "remove it")
        if len(self.problems) > before:
            return None
        return Account(**values)

    def imap_oauth(self, item: dict[str, Any], path: str, name: str) -> dict[str, Any]:
        """`auth = "oauth2"` for an IMAP account: XOAUTH2 with a Google OAuth token (Gmail over IMAP)."""
        auth = self.choice(item, path + ".auth", IMAP_AUTH, "password") or "password"
        values: dict[str, Any] = {"auth": auth}
        if auth == "oauth2":
            values.update(self.oauth_source(item, path, name))
            if item.get("password_command"):
                self.problem(path + ".password_command", 'not used with auth = "oauth2"',
                             "remove it, or set auth = \"password\" to log in with an (app) password")
        else:
            for key in ("client_secrets", "token_command"):
                if item.get(key):
                    self.problem(f"{path}.{key}", 'only used with auth = "oauth2"',
                                 'set auth = "oauth2" for XOAUTH2, or remove it')
        if item.get("api_endpoint"):
            self.problem(path + ".api_endpoint", "only used with backend = \"gmail-api\"", "remove it")
        return values

    def gmail_api(self, item: dict[str, Any], path: str, name: str) -> dict[str, Any]:
        """`backend = "gmail-api"`: the Gmail API with the user's own OAuth client."""
        values = self.oauth_source(item, path, name)
        values["username"] = self.string(item, path + ".username", "")
        endpoint = self.string(item, path + ".api_endpoint", "")
        if endpoint:
            scheme, _, rest = endpoint.partition("://")
            host = rest.split("/", 1)[0].rsplit(":", 1)[0].strip("[]")
            if scheme not in ("https", "http") or not host:
                self.problem(path + ".api_endpoint", f"{endpoint!r} is not an http(s) URL",
                             'write it like api_endpoint = "https://gmail.googleapis.com/"')
            elif scheme == "http" and not _is_loopback(host):
                self.problem(path + ".api_endpoint", f"plain http would send your token in clear text to {host}",
                             "use https; http is only allowed for 127.0.0.1/localhost")
            endpoint = endpoint.rstrip("/") + "/"
        values["api_endpoint"] = endpoint
        # Gmail's mailboxes are labels (INBOX, SENT) and its drafts are `users.drafts`, not folders.
        for key in ("host", "port", "security", "tls_verify", "password_command", "path", "auth",
                    "inbox_folder", "sent_folder", "drafts_folder"):
            if key in item and item[key] != "":
                self.problem(f"{path}.{key}", 'does not apply to backend = "gmail-api"',
                             "remove it; the Gmail API reads the INBOX and SENT labels and writes Gmail drafts")
        if "password" in item:
            self.problem(path + ".password", "passwords do not belong in the config file",
                         f"remove it; run `followup-watcher login {name}` to authorize with Google")
        return values

    def oauth_source(self, item: dict[str, Any], path: str, name: str) -> dict[str, Any]:
        """Where an OAuth account's token comes from: the OAuth client JSON, or token_command."""
        client_secrets = _expand(self.string(item, path + ".client_secrets", ""))
        token_command = self.string(item, path + ".token_command", "")
        if not client_secrets and not token_command:
            self.problem(path + ".client_secrets", "missing",
                         'set the path of your OAuth client JSON (docs/gmail.md), e.g. '
                         'client_secrets = "~/.config/followup-watcher/client_secret.json", '
                         f"then run `followup-watcher login {name}`; or set token_command")
        return {"client_secrets": client_secrets, "token_command": token_command}

    def me(self, value: Any) -> Me | None:
        if not isinstance(value, dict):
            self.problem("me", "missing", 'add [me] with name = "Your Name" and addresses = ["you@example.org"]')
            return None
        self.unknown(value, "me.", {"name", "addresses"})
        name = self.string(value, "me.name", "")
        if not name:
            self.problem("me.name", "missing", "set the name your drafts are signed with")
        addresses = self.string_list(value, "me.addresses")
        if not addresses:
            self.problem("me.addresses", "missing", "list every address that is yours, so your own mail is recognised")
        for index, address in enumerate(addresses):
            if "@" not in address:
                self.problem(f"me.addresses[{index}]", f"{address!r} is not an email address", "write it as name@domain")
        return Me(name=name, addresses=tuple(a.strip().lower() for a in addresses))

    def policy(self, value: dict[str, Any]) -> Policy:
        defaults = Policy()
        return Policy(
            default_decision_days=self.integer(value, "policy.default_decision_days", defaults.default_decision_days, 1, 90),
            default_interview_minutes=self.integer(value, "policy.default_interview_minutes", defaults.default_interview_minutes, 5, 600),
            thank_you_within_hours=self.integer(value, "policy.thank_you_within_hours", defaults.thank_you_within_hours, 1, 72),
            min_days_between_drafts=self.integer(value, "policy.min_days_between_drafts", defaults.min_days_between_drafts, 7, 60),
            second_follow_up=self.boolean(value, "policy.second_follow_up", defaults.second_follow_up),
            second_follow_up_after_days=self.integer(value, "policy.second_follow_up_after_days", defaults.second_follow_up_after_days, 14, 90),
            ask_for_timeline=self.boolean(value, "policy.ask_for_timeline", defaults.ask_for_timeline),
            stale_after_days=self.integer(value, "policy.stale_after_days", defaults.stale_after_days, 1, 90))

    def daemon(self, value: dict[str, Any]) -> Daemon:
        defaults = Daemon()
        return Daemon(
            poll_seconds=self.integer(value, "daemon.poll_seconds", defaults.poll_seconds, 10, 86400),
            idle_seconds=self.integer(value, "daemon.idle_seconds", defaults.idle_seconds, 30, 1740),
            reconcile_seconds=self.integer(value, "daemon.reconcile_seconds", defaults.reconcile_seconds, 60, 86400),
            retry_max_seconds=self.integer(value, "daemon.retry_max_seconds", defaults.retry_max_seconds, 1, 3600),
            notify_command=self.string(value, "daemon.notify_command", defaults.notify_command))

    # -- typed getters: each records a problem and returns the default on a wrong type

    def _typed(self, data: dict[str, Any], path: str, default: Any, check: Callable[[Any], bool], kind: str, example: str) -> Any:
        key = path.rpartition(".")[2]
        if key not in data:
            return default
        value = data[key]
        if not check(value):
            self.problem(path, f"must be {kind}, not {type(value).__name__} {value!r}", f"write it like {key} = {example}")
            return default
        return value

    def string(self, data: dict[str, Any], path: str, default: str) -> str:
        value: str = self._typed(data, path, default, lambda v: isinstance(v, str), "a string", '"..."')
        return value.strip()

    def boolean(self, data: dict[str, Any], path: str, default: bool) -> bool:
        value: bool = self._typed(data, path, default, lambda v: isinstance(v, bool), "true or false", "true")
        return value

    def integer(self, data: dict[str, Any], path: str, default: int, low: int, high: int) -> int:
        value: int = self._typed(data, path, default, lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole number", str(default))
        if not low <= value <= high:
            self.problem(path, f"{value} is out of range", f"use a number from {low} to {high}")
            return default
        return value

    def choice(self, data: dict[str, Any], path: str, allowed: tuple[str, ...], default: str | None) -> str | None:
        key = path.rpartition(".")[2]
        if key not in data:
            if default is None:
                self.problem(path, "missing", f"set it to one of: {', '.join(allowed)}")
            return default
        value = data[key]
        if value not in allowed:
            self.problem(path, f"{value!r} is not one of {', '.join(allowed)}", f"set it to one of: {', '.join(allowed)}")
            return None
        return str(value)

    def string_list(self, data: dict[str, Any], path: str) -> list[str]:
        value: list[str] = self._typed(
            data, path, [], lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
            "a list of strings", '["a", "b"]')
        return value


def _expand(path: str) -> str:
    return str(Path(path).expanduser()) if path else ""


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _closest(key: str, allowed: set[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
    return matches[0] if matches else None
