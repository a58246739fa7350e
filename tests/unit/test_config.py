"""config.py: the TOML file -> frozen dataclasses; every problem reported at once, with its line and a fix."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

import pytest

from watcher import cli, config, errors

EXAMPLE = Path(__file__).resolve().parents[2] / "config.example.toml"

VALID = """\
[[accounts]]
name = "personal"
backend = "imap"
host = "imap.example.org"
username = "alex@example.org"

[me]
name = "Alex Rivera"
addresses = ["Alex@Example.org"]
"""

# Three mistakes, on lines 5, 8 and 15: an unknown key, a wrong type, a value out of range.
THREE_MISTAKES = """\
[[accounts]]
name = "personal"
backend = "imap"
host = "imap.example.org"
prot = 993
security = "ssl"
username = "alex@example.org"
lookback_days = "ninety"

[me]
name = "Alex Rivera"
addresses = ["alex@example.org"]

[policy]
min_days_between_drafts = 3
"""

# FILE:LINE: key.path: what is wrong — how to fix
PROBLEM_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+): (?P<key>[\w.\[\]]+): (?P<what>.+) — (?P<fix>.+)$")


def problems_of(text: str) -> list[errors.ConfigProblem]:
    with pytest.raises(errors.ConfigError) as caught:
        config.parse(text, "config.toml")
    return caught.value.problems


def keys_of(text: str) -> set[str]:
    return {p.key for p in problems_of(text)}


def field_names(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


# ---------------------------------------------------------------- the example covers every field


def test_example_config_is_valid() -> None:
    loaded = config.parse(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE))
    assert loaded.accounts[0].name == "personal"


def test_example_config_is_what_init_writes() -> None:
    assert config.example_text() == EXAMPLE.read_text(encoding="utf-8")


def test_example_account_has_every_account_field_and_nothing_else() -> None:
    example = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert set(example["accounts"][0]) == field_names(config.Account)


def test_example_me_has_every_me_field_and_nothing_else() -> None:
    example = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert set(example["me"]) == field_names(config.Me)


def test_example_policy_has_every_policy_field_and_nothing_else() -> None:
    example = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert set(example["policy"]) == field_names(config.Policy)


def test_example_daemon_has_every_daemon_field_and_nothing_else() -> None:
    example = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert set(example["daemon"]) == field_names(config.Daemon)


def test_example_tables_cover_every_top_level_config_field() -> None:
    example = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    # where each Config field lives in the file; `source` is the file's own name, not a key
    # state.path is there but commented out: an explicit path would override the systemd units' own
    location = {"accounts": ("accounts",), "me": ("me",), "state_path": ("state",), "policy": ("policy",),
                "daemon": ("daemon",), "templates_dir": ("templates", "dir"), "rules_dirs": ("rules", "dirs")}
    assert set(location) | {"source"} == field_names(config.Config)
    for path in location.values():
        node: object = example
        for key in path:
            assert isinstance(node, dict) and key in node, f"config.example.toml lacks {'.'.join(path)}"
            node = node[key]
    assert set(example) == {path[0] for path in location.values()}
    assert '\n# path = "~/.local/state/followup-watcher/state.sqlite3"\n' in EXAMPLE.read_text(encoding="utf-8")


def test_the_example_leaves_the_state_path_to_the_default() -> None:
    loaded = config.parse(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE))
    assert loaded.state_path == config.default_state_path()


def test_example_policy_values_are_the_policy_defaults() -> None:
    example = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert example["policy"] == dataclasses.asdict(config.Policy())


# ---------------------------------------------------------------- check-config


def test_check_config_reports_all_three_mistakes_with_file_line_key_and_fix(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "config.toml"
    path.write_text(THREE_MISTAKES, encoding="utf-8")

    code = cli.main(["--config", str(path), "check-config"])

    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(lines) == 3
    parsed = [PROBLEM_LINE.match(line) for line in lines]
    assert all(parsed), lines
    found = {(m["file"], int(m["line"]), m["key"]) for m in parsed if m}
    assert found == {(str(path), 5, "accounts[0].prot"), (str(path), 8, "accounts[0].lookback_days"),
                     (str(path), 15, "policy.min_days_between_drafts")}


def test_check_config_on_a_good_file_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "config.toml"
    # imap.example.org is the example's placeholder, which check-config rightly refuses
    path.write_text(VALID.replace("imap.example.org", "imap.larkspur-mail.example.com"), encoding="utf-8")
    assert cli.main(["--config", str(path), "check-config"]) == 0
    assert "ok" in capsys.readouterr().out


def test_check_config_without_a_file_says_to_run_init(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["--config", str(tmp_path / "missing.toml"), "check-config"])
    assert code == 2
    assert "followup-watcher init" in capsys.readouterr().err


# ---------------------------------------------------------------- single mistakes


def test_valid_config_becomes_frozen_dataclasses_with_the_policy_defaults() -> None:
    loaded = config.parse(VALID)
    assert loaded.policy == config.Policy()
    assert loaded.accounts[0].port == 993 and loaded.accounts[0].tls_verify
    with pytest.raises(dataclasses.FrozenInstanceError):
        loaded.me.name = "someone else"  # type: ignore[misc]


def test_my_addresses_are_lower_cased() -> None:
    assert config.parse(VALID).me.addresses == ("alex@example.org",)


def test_unknown_key_is_an_error_with_a_did_you_mean() -> None:
    problems = problems_of(VALID + "\n[policy]\nsecond_followup = true\n")
    assert [(p.key, p.problem) for p in problems] == [("policy.second_followup", "unknown key")]
    assert "second_follow_up" in problems[0].fix


def test_unknown_top_level_table_is_an_error() -> None:
    assert keys_of(VALID + "\n[notifications]\nemail = true\n") == {"notifications"}


def test_wrong_type_names_the_key_and_the_type_expected() -> None:
    problems = problems_of(VALID.replace('username = "alex@example.org"', 'username = "alex@example.org"\nport = "993"'))
    assert [p.key for p in problems] == ["accounts[0].port"]
    assert "whole number" in problems[0].problem


def test_boolean_is_not_accepted_as_a_number() -> None:
    assert keys_of(VALID + "\n[policy]\ndefault_decision_days = true\n") == {"policy.default_decision_days"}


def test_security_none_is_refused_for_a_remote_host() -> None:
    problems = problems_of(VALID.replace('host = "imap.example.org"', 'host = "imap.example.org"\nsecurity = "none"'))
    assert [p.key for p in problems] == ["accounts[0].security"]
    assert "ssl" in problems[0].fix


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_security_none_is_allowed_for_loopback(host: str) -> None:
    text = VALID.replace('host = "imap.example.org"', f'host = "{host}"\nsecurity = "none"')
    account = config.parse(text).accounts[0]
    assert (account.security, account.port) == ("none", 143)


def test_password_in_the_config_is_refused_with_the_login_command() -> None:
    problems = problems_of(VALID.replace('username = "alex@example.org"',
                                         'username = "alex@example.org"\npassword = "hunter2"'))
    assert [p.key for p in problems] == ["accounts[0].password"]
    assert "followup-watcher login personal" in problems[0].fix


def test_password_value_never_appears_in_the_message() -> None:
    with pytest.raises(errors.ConfigError) as caught:
        config.parse(VALID.replace('username = "alex@example.org"',
                                   'username = "alex@example.org"\npassword = "hunter2"'))
    assert "hunter2" not in str(caught.value)


def test_duplicate_account_names_are_an_error() -> None:
    second = VALID.split("\n[me]")[0]
    problems = problems_of(second + "\n" + VALID)
    assert [p.key for p in problems] == ["accounts[1].name"]
    assert "'personal'" in problems[0].problem


def test_duplicate_account_name_is_reported_at_its_line() -> None:
    first_account = VALID.split("\n[me]")[0]
    (problem,) = problems_of(first_account + "\n" + VALID)
    assert (problem.key, problem.line) == ("accounts[1].name", 8)


def test_problem_in_the_second_account_is_placed_in_the_second_account() -> None:
    second = VALID.replace('username = "alex@example.org"', 'username = "alex@example.org"\nport = "x"')
    second = second.replace('name = "personal"', 'name = "work"')
    (problem,) = problems_of(VALID.split("\n[me]")[0] + "\n" + second)
    assert (problem.key, problem.line) == ("accounts[1].port", 12)


def test_unknown_backend_lists_the_choices() -> None:
    problems = problems_of(VALID.replace('backend = "imap"', 'backend = "pop3"'))
    assert [p.key for p in problems] == ["accounts[0].backend"]
    assert "imap" in problems[0].fix and "maildir" in problems[0].fix


def test_maildir_account_needs_a_path() -> None:
    text = '[[accounts]]\nname = "local"\nbackend = "maildir"\n\n[me]\nname = "A"\naddresses = ["a@example.org"]\n'
    assert keys_of(text) == {"accounts[0].path"}


def test_missing_me_table_is_reported() -> None:
    assert keys_of(VALID.split("\n[me]")[0]) == {"me"}


def test_every_problem_is_reported_together_not_just_the_first() -> None:
    text = VALID.replace('backend = "imap"', 'backend = "imap"\ncolour = "blue"') + "\n[daemon]\npoll_seconds = 1\n"
    assert keys_of(text) == {"accounts[0].colour", "daemon.poll_seconds"}


def test_each_problem_carries_the_line_of_its_key() -> None:
    text = VALID.replace('backend = "imap"', 'backend = "imap"\ncolour = "blue"')
    (problem,) = problems_of(text)
    assert problem.line == 4
    assert str(problem).startswith("config.toml:4: accounts[0].colour: unknown key — ")


def test_toml_syntax_error_is_a_config_problem_with_a_line() -> None:
    (problem,) = problems_of(VALID + "\n[policy\n")
    assert problem.key == "(syntax)" and problem.line is not None


def test_check_config_on_a_latin_1_byte_names_its_line_and_exits_with_the_config_status(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(VALID.replace("Alex Rivera", "Ren\xe9e Rivera").encode("latin-1"))

    code = cli.main(["--config", str(path), "check-config"])

    (line,) = capsys.readouterr().err.strip().splitlines()
    assert code == errors.EXIT_CONFIG
    assert line.startswith(f"{path}:8: (encoding): byte 0xE9 at column 12 is not UTF-8 — save the file as UTF-8")


def test_a_file_whose_toml_is_broken_after_a_latin_1_byte_is_reported_for_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"[me]\nname = \"Ren\xe9e\n")
    with pytest.raises(errors.ConfigError) as caught:
        config.load(path)
    assert [(p.line, p.key) for p in caught.value.problems] == [(2, "(encoding)")]
