"""The man page and the shell completions, generated from the argparse parser itself, so that they
never drift from the commands (`scripts/gen-man` writes docs/man/followup-watcher.1; `followup-watcher
completion SHELL` prints a completion script)."""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass

PROG = "followup-watcher"


@dataclass(frozen=True)
class Option:
    flags: tuple[str, ...]
    help: str
    takes_value: bool
    choices: tuple[str, ...]
    metavar: str


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    description: str
    options: tuple[Option, ...]
    positionals: tuple[tuple[str, str], ...]  # (name, help)


def _options(parser: argparse.ArgumentParser) -> tuple[tuple[Option, ...], tuple[tuple[str, str], ...]]:
    options: list[Option] = []
    positionals: list[tuple[str, str]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            continue
        text = (action.help or "").replace("%(prog)s", PROG)
        if action.help == argparse.SUPPRESS:
            continue
        if action.option_strings:
            options.append(Option(tuple(action.option_strings), text, action.nargs != 0,
                                  tuple(str(c) for c in action.choices or ()),
                                  str(action.metavar or action.dest.upper())))
        else:
            positionals.append((str(action.metavar or action.dest.upper()), text))
    return tuple(options), tuple(positionals)


def describe(parser: argparse.ArgumentParser) -> tuple[tuple[Option, ...], list[Command]]:
    """The global options, and each command with its own."""
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {str(choice.dest): str(choice.help or "") for choice in sub._choices_actions}
    commands = []
    for name, command in sub.choices.items():
        options, positionals = _options(command)
        commands.append(Command(str(name), helps.get(str(name), ""), str(command.description or ""), options,
                                positionals))
    return _options(parser)[0], commands


# ---------------------------------------------------------------------- man page (groff man macros)


def _roff(text: str) -> str:
    escaped = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join("\\&" + line if line.startswith((".", "'")) else line for line in escaped.split("\n"))


def manpage(parser: argparse.ArgumentParser, version: str, date: dt.date) -> str:
    global_options, commands = describe(parser)
    out = [f'.TH FOLLOWUP\\-WATCHER 1 "{date.isoformat()}" "followup-watcher {version}" "User Commands"',
           ".SH NAME", "followup\\-watcher \\- keeps polite post\\-interview follow\\-up drafts ready; never sends mail",
           ".SH SYNOPSIS", ".B followup\\-watcher", "[\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]",
           ".SH DESCRIPTION", _roff(str(parser.description or "")), ".PP", ".nf", _roff(str(parser.epilog or "")),
           ".fi", ".SH OPTIONS"]
    for option in global_options:
        out += [".TP", _flags(option), _roff(option.help)]
    out.append(".SH COMMANDS")
    for command in commands:
        usage = " ".join(f"\\fI{_roff(p)}\\fR" for p, _ in command.positionals)
        out += [".SS " + _roff(f"{command.name}") + (f" {usage}" if usage else ""),
                _roff(command.description or command.help)]
        for name, text in command.positionals:
            out += [".TP", f"\\fI{_roff(name)}\\fR", _roff(text)]
        for option in command.options:
            if option.flags[0] in ("-h", "-v", "-q"):
                continue  # said once, under OPTIONS
            out += [".TP", _flags(option), _roff(option.help)]
    out += [".SH EXIT STATUS", "0 ok; 1 nothing done (e.g. the config exists); 2 a config problem; 3 a login, "
            "secret or state problem; 75 a temporary failure (try again); 130 interrupted.",
            ".SH FILES", ".TP", "\\fI~/.config/followup\\-watcher/config.toml\\fR", "the configuration",
            ".TP", "\\fI~/.local/state/followup\\-watcher/state.sqlite3\\fR",
            "the state: what was found and every follow\\-up (with plan.ics, the plan as a calendar)",
            ".SH SEE ALSO", "docs/getting\\-started.md, docs/troubleshooting.md, docs/POLICY.md in the source tree"]
    return "\n".join(out) + "\n"


def _flags(option: Option) -> str:
    flags = ", ".join(f"\\fB{_roff(flag)}\\fR" for flag in option.flags)
    return flags + (f" \\fI{_roff(option.metavar)}\\fR" if option.takes_value else "")


# ---------------------------------------------------------------------- completions


def bash(parser: argparse.ArgumentParser) -> str:
    global_options, commands = describe(parser)
    names = " ".join(c.name for c in commands)
    cases = []
    for command in commands:
        words = " ".join(f for o in command.options for f in o.flags)
        valued = [o for o in command.options if o.choices]
        choice_cases = "".join(f'            {"|".join(o.flags)}) COMPREPLY=($(compgen -W "{" ".join(o.choices)}" '
                               f'-- "$cur")); return;;\n' for o in valued)
        cases.append(f'        {command.name})\n          case "$prev" in\n{choice_cases}'
                     f'            --config|--target-dir|--token-file|--maildir) COMPREPLY=($(compgen -f -- "$cur")); '
                     f'return;;\n          esac\n          COMPREPLY=($(compgen -W "{words}" -- "$cur"));;')
    global_words = " ".join(f for o in global_options for f in o.flags)
    return f"""# bash completion for {PROG} (generated from its parser: {PROG} completion bash)
_followup_watcher() {{
    local cur prev command i
    cur="${{COMP_WORDS[COMP_CWORD]}}"
    prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    command=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${{COMP_WORDS[i]}}" in
            {"|".join(c.name for c in commands)}) command="${{COMP_WORDS[i]}}"; break;;
        esac
    done
    if [[ -z "$command" ]]; then
        if [[ "$prev" == "--config" ]]; then COMPREPLY=($(compgen -f -- "$cur")); return; fi
        COMPREPLY=($(compgen -W "{names} {global_words}" -- "$cur"))
        return
    fi
    case "$command" in
{chr(10).join(cases)}
    esac
}}
complete -o default -F _followup_watcher {PROG}
"""


def _zsh_escape(text: str) -> str:
    return text.replace("'", "'\\''").replace("[", "\\[").replace("]", "\\]").replace(":", "\\:")


def zsh(parser: argparse.ArgumentParser) -> str:
    global_options, commands = describe(parser)
    listing = "\n".join(f"    '{c.name}:{_zsh_escape(c.help)}'" for c in commands)
    cases = []
    for command in commands:
        specs = []
        for option in command.options:
            action = f":{option.metavar}:({' '.join(option.choices)})" if option.choices else (
                f":{option.metavar}:_files" if option.takes_value else "")
            for flag in option.flags:
                specs.append(f"'{flag}[{_zsh_escape(option.help)}]{action}'")
        specs += [f"'*::{_zsh_escape(name)}:'" for name, _ in command.positionals[:1]]
        cases.append(f"    {command.name})\n      _arguments \\\n        " + " \\\n        ".join(specs) + "\n      ;;")
    global_specs = " \\\n    ".join(
        f"'{flag}[{_zsh_escape(o.help)}]" + (":file:_files'" if o.takes_value else "'")
        for o in global_options for flag in o.flags)
    return f"""#compdef {PROG}
# zsh completion for {PROG} (generated from its parser: {PROG} completion zsh)
_followup_watcher() {{
  local -a commands
  commands=(
{listing}
  )
  local curcontext="$curcontext" state line
  _arguments -C \\
    {global_specs} \\
    '1:command:->command' \\
    '*::arg:->args'
  case $state in
    command) _describe -t commands 'followup-watcher command' commands ;;
    args)
      case $line[1] in
{chr(10).join(cases)}
      esac
      ;;
  esac
}}
_followup_watcher "$@"
"""


def _fish_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("'", "\\'")


def fish(parser: argparse.ArgumentParser) -> str:
    global_options, commands = describe(parser)
    names = " ".join(c.name for c in commands)
    out = [f"# fish completion for {PROG} (generated from its parser: {PROG} completion fish)",
           f"complete -c {PROG} -f"]
    for command in commands:
        out.append(f"complete -c {PROG} -n 'not __fish_seen_subcommand_from {names}' -a {command.name} "
                   f"-d '{_fish_escape(command.help)}'")
    for option in global_options:
        out.append(f"complete -c {PROG} -n 'not __fish_seen_subcommand_from {names}' {_fish_flags(option)}"
                   f" -d '{_fish_escape(option.help)}'")
    for command in commands:
        for option in command.options:
            out.append(f"complete -c {PROG} -n '__fish_seen_subcommand_from {command.name}' {_fish_flags(option)}"
                       f" -d '{_fish_escape(option.help)}'")
    return "\n".join(out) + "\n"


def _fish_flags(option: Option) -> str:
    parts = []
    for flag in option.flags:
        parts.append(f"-l {flag[2:]}" if flag.startswith("--") else f"-s {flag[1:]}")
    if option.choices:
        parts.append(f"-x -a '{' '.join(option.choices)}'")
    elif option.takes_value:
        parts.append("-r -F")
    return " ".join(parts)


SHELLS = {"bash": bash, "zsh": zsh, "fish": fish}
