"""Where an account's password comes from: password_command, then the keyring, then systemd credentials.

The secret is resolved when a connection is opened, kept only in memory, and never logged: log lines
and error messages name the *source* ("password from the keyring"), never the value. `login` stores a
password in the keyring through `store_password`.

OAuth accounts (Gmail) keep a refresh token instead, found the same way: the keyring entry
`<account>:oauth`, then the systemd credential `<account>.oauth`; `token_command` (like
password_command) prints a current access token. `oauth.py` turns these into Google credentials.
"""

from __future__ import annotations

import logging
import shlex
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from watcher import errors

if TYPE_CHECKING:
    from watcher import config

log = logging.getLogger(__name__)

KEYRING_SERVICE = "followup-watcher"
# The keyring user of an account's OAuth refresh token, and its systemd credential name (a ':' cannot
# be used there: LoadCredential=ID:PATH splits at it).
OAUTH_KEYRING_USER = "{account}:oauth"
OAUTH_CREDENTIAL = "{account}.oauth"
# Long enough for a pinentry or a hardware token prompt, short enough that a hung helper is noticed.
COMMAND_TIMEOUT_SECONDS = 120


def resolve_password(account: config.Account, environ: Mapping[str, str]) -> tuple[str, str]:
    """Return (secret, where it came from) for `account`, or raise AuthError saying what to do.

    A configured password_command is authoritative: if it fails we stop there rather than silently
    using an older password from another source. It runs with `environ` as its environment, and
    `environ` also locates systemd's credentials.
    """
    return password_of(account.name, account.password_command, environ)


def password_of(name: str, password_command: str, environ: Mapping[str, str]) -> tuple[str, str]:
    """`resolve_password` for an account known by its name and password_command (quiet.py, which runs
    before the config module is loaded)."""
    if password_command:
        return command_output(name, "password_command", password_command, environ), "password from password_command"
    tried = ["password_command: not set in the config"]
    found = _keyring_then_credential("password", name, name, environ, tried)
    if found is not None:
        return found
    raise errors.AuthError(
        f"no password for account {name!r}. Tried, in order:\n"
        + "".join(f"  - {line}\n" for line in tried)
        + "Do one of these:\n"
        f"  - run `followup-watcher login {name}` to store it in your keyring\n"
        f"  - set password_command for this account, e.g. password_command = \"pass show mail/{name}\"\n"
        f"  - under systemd, add LoadCredential={name}:/path/to/password-file to the unit")


def _keyring_then_credential(what: str, keyring_user: str, credential: str, environ: Mapping[str, str],
                             tried: list[str]) -> tuple[str, str] | None:
    """The secret from the keyring, else from a systemd credential; notes in `tried` why each had none."""
    secret, why = _from_keyring(keyring_user)
    if secret is not None:
        user = "" if keyring_user == credential else f", user {keyring_user!r}"
        return secret, f"{what} from the keyring (service {KEYRING_SERVICE!r}{user})"
    tried.append(f"keyring: {why}")
    secret, why = _from_credentials(credential, environ)
    if secret is not None:
        return secret, f"{what} from systemd credential {credential!r}"
    tried.append(f"systemd credentials: {why}")
    return None


def store_password(account_name: str, password: str) -> None:
    """Save `password` in the keyring for `account_name` (the `login` command)."""
    import keyring  # imported when used: a scan with password_command never needs it
    import keyring.errors

    try:
        keyring.set_password(KEYRING_SERVICE, account_name, password)
    except keyring.errors.NoKeyringError:
        raise errors.UserError(
            "there is no keyring on this system to store the password in (no Secret Service, KWallet or macOS "
            "Keychain was found). Set password_command for the account instead, e.g. "
            f"password_command = \"pass show mail/{account_name}\", or use systemd credentials "
            f"(LoadCredential={account_name}:/path/to/password-file)") from None
    except keyring.errors.KeyringError as error:
        raise errors.UserError(
            f"the keyring refused to store the password ({error}); unlock it and run "
            f"`followup-watcher login {account_name}` again, or set password_command instead") from None
    log.info("stored the password for account %s in the keyring", account_name)


def oauth_refresh_token(account_name: str, environ: Mapping[str, str]) -> tuple[str, str]:
    """Return (refresh token, where it came from) for an OAuth account, or raise AuthError saying what to do."""
    name = OAUTH_CREDENTIAL.format(account=account_name)
    tried: list[str] = []
    found = _keyring_then_credential("refresh token", OAUTH_KEYRING_USER.format(account=account_name), name,
                                     environ, tried)
    if found is not None:
        return found
    raise errors.AuthError(
        f"account {account_name!r} is not authorized with Google yet. Tried, in order:\n"
        + "".join(f"  - {line}\n" for line in tried)
        + "Do one of these:\n"
        f"  - run `followup-watcher login {account_name}` (it prints a URL to open in any browser)\n"
        f"  - set token_command for this account to a command that prints a current access token\n"
        f"  - under systemd, run `followup-watcher login {account_name} --token-file FILE` and add "
        f"LoadCredential={name}:FILE to the unit")


def store_oauth_token(account_name: str, refresh_token: str) -> None:
    """Save an OAuth refresh token in the keyring (`login` of a Gmail account)."""
    import keyring  # imported when used: a scan with password_command never needs it
    import keyring.errors

    user = OAUTH_KEYRING_USER.format(account=account_name)
    try:
        keyring.set_password(KEYRING_SERVICE, user, refresh_token)
    except keyring.errors.NoKeyringError:
        raise errors.UserError(
            "there is no keyring on this system to store the refresh token in (no Secret Service, KWallet or "
            f"macOS Keychain was found). Run `followup-watcher login {account_name} --token-file FILE` instead and "
            f"load FILE as the systemd credential {OAUTH_CREDENTIAL.format(account=account_name)!r}") from None
    except keyring.errors.KeyringError as error:
        raise errors.UserError(
            f"the keyring refused to store the refresh token ({error}); unlock it and run "
            f"`followup-watcher login {account_name}` again") from None
    log.info("stored the OAuth refresh token of account %s in the keyring", account_name)


def command_output(account_name: str, key: str, command: str, environ: Mapping[str, str]) -> str:
    """The first line that `command` (the config key `key`) prints, or AuthError saying what went wrong."""
    # shell=False: the command line is split like a shell would, but nothing is interpreted by one,
    # so a config value cannot smuggle in pipes or substitutions the user did not see.
    try:
        arguments = shlex.split(command)
    except ValueError as error:
        raise errors.AuthError(
            f"{key} of account {account_name!r} cannot be split into words ({error}); "
            "check its quotes") from None
    if not arguments:
        raise errors.AuthError(f"{key} of account {account_name!r} is empty; set a command or remove it")
    # `~/bin/pw` works as it would in a shell; nothing else is expanded ($VAR, globs, pipes): the
    # documented rule is "split like a shell, run without one"; wrap it in `sh -c '...'` for more
    arguments = [str(Path(word).expanduser()) if word.startswith("~") else word for word in arguments]
    try:
        result = subprocess.run(
            arguments, capture_output=True, env=dict(environ), timeout=COMMAND_TIMEOUT_SECONDS, check=False)
    except FileNotFoundError:
        raise errors.AuthError(
            f"{key} of account {account_name!r}: {arguments[0]!r} was not found; "
            "use the full path of the program or install it") from None
    except PermissionError:
        raise errors.AuthError(
            f"{key} of account {account_name!r}: {arguments[0]!r} is not executable; "
            "check its permissions") from None
    except subprocess.TimeoutExpired:
        raise errors.AuthError(
            f"{key} of account {account_name!r} did not finish within {COMMAND_TIMEOUT_SECONDS} s; "
            "make sure it does not wait for input it cannot get (a locked agent, a prompt)") from None
    if result.returncode != 0:
        tail = _tail(result.stderr)
        raise errors.AuthError(
            f"{key} of account {account_name!r} failed with exit status {result.returncode}"
            + (f": {tail}" if tail else "")
            + f"\nRun it by hand to see what it needs (`{command}`), "
            "e.g. an unlocked password store or gpg-agent")
    # Like mbsync and aerc, the first line is the secret: `pass show` may print more lines after it.
    secret = result.stdout.decode("utf-8", errors="replace").split("\n", 1)[0].rstrip("\r")
    if not secret:
        what = "an access token" if key == "token_command" else "the password"
        raise errors.AuthError(
            f"{key} of account {account_name!r} printed nothing; it must print {what} on its first line")
    return secret


def _tail(stderr: bytes, lines: int = 3, limit: int = 400) -> str:
    text = stderr.decode("utf-8", errors="replace").strip()
    return " | ".join(text.splitlines()[-lines:])[-limit:]


def _from_keyring(account_name: str) -> tuple[str | None, str]:
    import keyring  # imported when used: a scan with password_command never needs it
    import keyring.errors

    try:
        secret = keyring.get_password(KEYRING_SERVICE, account_name)
    except keyring.errors.NoKeyringError:
        return None, "no keyring is available on this system"
    except keyring.errors.KeyringError as error:
        return None, f"the keyring could not be read ({type(error).__name__}: {error})"
    if secret is None:
        return None, f"no entry for service {KEYRING_SERVICE!r}, user {account_name!r}"
    return secret, ""


def _from_credentials(account_name: str, environ: Mapping[str, str]) -> tuple[str | None, str]:
    # systemd exposes LoadCredential= files under $CREDENTIALS_DIRECTORY (systemd.exec(5), "Credentials").
    directory = environ.get("CREDENTIALS_DIRECTORY", "")
    if not directory:
        return None, "CREDENTIALS_DIRECTORY is not set (not started by systemd with LoadCredential=)"
    if "/" in account_name or account_name in (".", ".."):
        return None, f"{account_name!r} cannot be a credential name"
    path = Path(directory) / account_name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, f"no file {path}"
    except OSError as error:
        return None, f"cannot read {path} ({error.strerror})"
    secret = text.rstrip("\r\n")
    if not secret:
        return None, f"{path} is empty"
    return secret, ""
