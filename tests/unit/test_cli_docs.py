"""The man page and the shell completions come from the parser: the committed man page is current,
groff reads it without a warning, and bash completes commands, options and choices."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from watcher import __version__, cli, clidocs

ROOT = Path(__file__).resolve().parents[2]


def commands() -> list[str]:
    return [c.name for c in clidocs.describe(cli._parser())[1]]


def test_the_committed_man_page_is_current() -> None:
    generated = clidocs.manpage(cli._parser(), __version__, dt.date(2026, 12, 6))
    committed = (ROOT / "docs" / "man" / "followup-watcher.1").read_text(encoding="utf-8")
    assert committed == generated, "run scripts/gen-man and commit docs/man/followup-watcher.1"


def test_the_man_page_names_every_command_and_option() -> None:
    page = clidocs.manpage(cli._parser(), __version__, dt.date(2026, 12, 6))
    for command in clidocs.describe(cli._parser())[1]:
        assert f".SS {command.name.replace('-', chr(92) + '-')}" in page
        for option in command.options:
            assert option.flags[0].replace("-", "\\-") in page


@pytest.mark.skipif(shutil.which("groff") is None, reason="groff is not installed")
def test_groff_reads_the_man_page_without_a_warning(tmp_path: Path) -> None:
    page = tmp_path / "followup-watcher.1"
    page.write_text(clidocs.manpage(cli._parser(), __version__, dt.date(2026, 12, 6)), encoding="utf-8")
    done = subprocess.run(["groff", "-man", "-ww", "-z", str(page)], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stderr == ""


def complete_bash(tmp_path: Path, *words: str) -> list[str]:
    script = tmp_path / "completion.bash"
    script.write_text(clidocs.bash(cli._parser()), encoding="utf-8")
    line = " ".join(f"'{w}'" for w in words)
    program = (f"source {script}\nCOMP_WORDS=(followup-watcher {line})\nCOMP_CWORD={len(words)}\n"
               "_followup_watcher\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n")
    done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_bash_completes_commands(tmp_path: Path) -> None:
    assert complete_bash(tmp_path, "sta") == ["status"]
    assert set(complete_bash(tmp_path, "")) >= set(commands())


def test_bash_completes_a_commands_options_and_choices(tmp_path: Path) -> None:
    assert "--now" in complete_bash(tmp_path, "snooze", "--")
    assert complete_bash(tmp_path, "init", "--provider", "g") == ["gmail"]
    assert complete_bash(tmp_path, "completion", "--config", "/nonexistent-dir/") == []
    assert "--connect" in complete_bash(tmp_path, "check-config", "--c")


def test_zsh_and_fish_scripts_name_every_command() -> None:
    zsh, fish = clidocs.zsh(cli._parser()), clidocs.fish(cli._parser())
    assert zsh.startswith("#compdef followup-watcher")
    for command in commands():
        assert f"'{command}:" in zsh and f"-a {command} " in fish


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_parse_their_scripts(shell: str, tmp_path: Path) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    script = tmp_path / f"completion.{shell}"
    script.write_text(clidocs.SHELLS[shell](cli._parser()), encoding="utf-8")
    subprocess.run([shell, "-n", str(script)], check=True)


def test_completion_command_prints_the_script(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["completion", "bash"]) == 0
    assert "complete -o default -F _followup_watcher followup-watcher" in capsys.readouterr().out


def test_fish_completes_commands_and_choices(tmp_path: Path) -> None:
    if shutil.which("fish") is None:
        pytest.skip("fish is not installed")
    script = tmp_path / "completion.fish"
    script.write_text(clidocs.fish(cli._parser()), encoding="utf-8")

    def complete(line: str) -> list[str]:
        done = subprocess.run(["fish", "-c", f"source {script}; complete -C '{line}'"], capture_output=True,
                              text=True, check=True)
        return [row.split("\t")[0] for row in done.stdout.splitlines()]

    assert complete("followup-watcher sta") == ["status"]
    assert "gmail" in complete("followup-watcher init --provider ")
    assert "--now" in complete("followup-watcher snooze --")
