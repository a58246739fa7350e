"""The quiet look reads what it needs of the config as tomllib would, or leaves the reading to tomllib."""

from __future__ import annotations

import tomllib

import pytest

from watcher import quiet

PLAIN = '''# written by init
[[accounts]]
name = "work"   # the main one
backend = "imap"
host = "imap.example.org"
port = 993  # implicit TLS
password_command = "pass show mail/work"

[[accounts]]
name = 'home'
password_command = 'printf "a b"'

[me]
name = "Alex Candidate"

[state]
path = "~/state/fw.sqlite3"
'''

ODD = [
    PLAIN.replace('path = "~/state/fw.sqlite3"', 'path = "C:\\\\state"'),  # an escape
    PLAIN.replace('"pass show mail/work"', '"""pass show mail/work"""'),  # a multi-line string
    PLAIN.replace("password_command = 'printf \"a b\"'", '"password_command" = "x"'),  # a quoted key
    PLAIN + 'state.path = "/elsewhere"\n',  # a dotted key
    PLAIN.replace('name = "work"   # the main one', 'name = "work" "trailing"'),
    PLAIN.replace("port = 993", "port = 0x3e1"),  # an integer written otherwise
    PLAIN.replace("port = 993", "port = 9_93"),
    PLAIN.replace("port = 993", 'port = "993"'),  # not an integer: the config's own error
]


def _needed(data: dict[str, object]) -> dict[str, object]:
    state = data.get("state")
    accounts = data.get("accounts")
    assert isinstance(state, dict) and isinstance(accounts, list)
    return {"state": {"path": state["path"]},
            "accounts": [{k: a[k] for k in ("name", "password_command", "host", "port") if k in a} for a in accounts]}


def test_a_plain_config_is_read_as_tomllib_reads_it() -> None:
    assert quiet._config_values(PLAIN) == _needed(tomllib.loads(PLAIN))


@pytest.mark.parametrize("text", ODD)
def test_anything_else_is_read_by_tomllib_or_refused(text: str) -> None:
    try:
        expected = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        with pytest.raises(tomllib.TOMLDecodeError):
            quiet._config_values(text)
        return
    assert quiet._config_values(text) == expected


def test_password_command_gives_its_first_line_as_secrets_does() -> None:
    from watcher import secrets

    command = "printf 'first\\nsecond\\n'"
    # the secret, and where it came from as the scan's logs say it
    assert quiet._password("a", {"password_command": command}, {"PATH": "/usr/bin:/bin"}) == \
        secrets.password_of("a", command, {"PATH": "/usr/bin:/bin"}) == ("first", "password from password_command")


@pytest.mark.parametrize("command", ["false", "true", "/nonexistent/helper", "sh -c 'echo no >&2; exit 3'"])
def test_a_failing_password_command_gives_up(command: str) -> None:
    with pytest.raises((quiet._GiveUp, OSError)):
        quiet._password("a", {"password_command": command}, {"PATH": "/usr/bin:/bin"})
