"""Where the folders of a local Maildir tree are, in the layouts people sync their mail into.

- **Maildir++** (Courier, Dovecot, mbsync's `SubFolders Maildir++`): the root is the Inbox (cur/,
  new/, tmp/), every other folder a sub-directory `.Name`, nested ones `.Parent.Child`.
- **Folders** (mbsync's `SubFolders Verbatim` and `SubFolders Legacy`, offlineimap's default): every
  folder, the Inbox included, is a directory of the root named as on the server — `INBOX/`, `Sent/`,
  `Drafts/` — and nested ones are `Parent/Child` (Verbatim), `Parent/.Child` (Legacy) or `Parent.Child`
  (offlineimap, whose separator is "."). Gmail's `[Gmail]/Sent Mail` is one of those nested ones.

`layout = "auto"` (the default) tells them apart by what is on disk. Folder names are matched without
regard to case or to the separator, so "[Gmail]/Sent Mail" finds `[Gmail].Sent Mail` too.
"""

from __future__ import annotations

import mailbox
import os
from dataclasses import dataclass
from pathlib import Path

from watcher import errors

LAYOUTS = ("auto", "maildir++", "folders")
INBOX_NAMES = ("INBOX", "Inbox")
SENT_NAMES = ("Sent", "Sent Items", "Sent Messages", "Sent Mail", "[Gmail]/Sent Mail", "[Google Mail]/Sent Mail",
              "INBOX/Sent")
DRAFTS_NAMES = ("Drafts", "Draft", "[Gmail]/Drafts", "[Google Mail]/Drafts", "INBOX/Drafts")
_DEPTH = 4  # nested folders deeper than this are not looked for (and a symlink loop ends)


def is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() and (path / "new").is_dir()


def _key(name: str) -> str:
    """A folder name as compared: case and the hierarchy separator ("/" or ".") do not matter."""
    return name.strip().strip("./").replace(".", "/").casefold()


@dataclass(frozen=True)
class Tree:
    """A Maildir tree in one of the layouts; `layout` is "maildir++" or "folders"."""

    root: Path
    layout: str

    def folders(self) -> dict[str, Path]:
        """Every folder's name (as the server writes it, "/" between levels) and directory."""
        found: dict[str, Path] = {}
        if self.layout == "maildir++":
            found["INBOX"] = self.root
            for entry in _subdirs(self.root):
                if entry.name.startswith(".") and entry.name not in (".", "..") and is_maildir(entry):
                    found[entry.name[1:].replace(".", "/")] = entry
            return found
        self._walk(self.root, "", found, 0)
        return found

    def _walk(self, directory: Path, prefix: str, found: dict[str, Path], depth: int) -> None:
        if depth > _DEPTH:
            return
        for entry in _subdirs(directory):
            if entry.name in ("cur", "new", "tmp") or entry.name.startswith(".") and depth == 0:
                continue
            name = prefix + entry.name.lstrip(".")
            if is_maildir(entry):
                found[name] = entry
            self._walk(entry, name + "/", found, depth + 1)

    def find(self, *names: str) -> tuple[str, Path] | None:
        """The first of `names` that this tree has (any case, any separator), with its directory."""
        folders = self.folders()
        by_key = {_key(name): (name, path) for name, path in folders.items()}
        for wanted in names:
            if _key(wanted) in {_key(i) for i in INBOX_NAMES}:
                inbox = self.inbox()
                if inbox is not None:
                    return inbox
                continue
            if _key(wanted) in by_key:
                return by_key[_key(wanted)]
        return None

    def inbox(self) -> tuple[str, Path] | None:
        if self.layout == "maildir++":
            return "INBOX", self.root
        for name, path in self.folders().items():
            if _key(name) in {_key(i) for i in INBOX_NAMES}:
                return name, path
        return None

    def create(self, name: str) -> Path:
        """A new folder `name` (one level), made as this layout makes them."""
        if self.layout == "maildir++":
            return Path(mailbox.Maildir(str(self.root), factory=None, create=False).add_folder(name)._path)
        path = self.root / name
        mailbox.Maildir(str(path), factory=None, create=True)
        return path

    def describe(self) -> str:
        names = sorted(self.folders())
        return ", ".join(names) or "(none)"


def open_tree(path: str, layout: str = "auto") -> Tree:
    """The tree at `path`, or a UserError that says what is there and what to set."""
    root = Path(path)
    if not root.is_dir():
        raise errors.UserError(f"{root} does not exist or is not a directory; set the account's path to the folder "
                               "your mail is synced into (for mbsync, the store's Path; for offlineimap, localfolders)")
    if layout == "maildir++" or (layout == "auto" and is_maildir(root)):
        if not is_maildir(root):
            raise errors.UserError(
                f"{root} is not a Maildir++ root (no cur/ and new/ in it); with layout = \"maildir++\" the path is "
                "the Inbox itself, with the other folders as .Name beside cur/ — or set layout = \"folders\" for "
                "mbsync's Verbatim/Legacy or offlineimap's layout")
        return Tree(root, "maildir++")
    tree = Tree(root, "folders")
    if tree.inbox() is None:
        folders = tree.describe()
        raise errors.UserError(
            f"{root} holds no Maildir Inbox: it is not a Maildir++ root (no cur/ and new/ in it) and has no INBOX/ "
            f"folder (folders found: {folders}); set path to the directory that holds your INBOX folder, e.g. "
            "mbsync's Path or offlineimap's localfolders")
    return tree


def _subdirs(directory: Path) -> list[Path]:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        return []
    return [Path(e.path) for e in entries if e.is_dir()]
