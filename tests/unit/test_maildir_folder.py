"""sources/maildir.py's Folder: a Maildir folder listed once, its files read by key while a mail client
renames them (flags, new/ to cur/) or deletes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from watcher.sources.maildir import Folder


@pytest.fixture
def folder_dir(tmp_path: Path) -> Path:
    for sub in ("cur", "new", "tmp"):
        (tmp_path / sub).mkdir()
    (tmp_path / "cur" / "1700000000.a1.host:2,S").write_bytes(b"Subject: one\n\nfirst\n")
    (tmp_path / "new" / "1700000001.b2.host").write_bytes(b"Subject: two\n\nsecond\n")
    (tmp_path / "cur" / ".hidden").write_bytes(b"not mail")
    (tmp_path / "cur" / "subdir").mkdir()
    return tmp_path


def read(folder: Folder, key: str) -> bytes | None:
    handle = folder.open(key)
    if handle is None:
        return None
    with handle:
        return handle.read()


def test_the_keys_are_the_file_names_without_their_flags(folder_dir: Path) -> None:
    assert Folder(folder_dir).keys() == {"1700000000.a1.host", "1700000001.b2.host"}


def test_a_file_whose_flags_changed_after_the_listing_is_still_read(folder_dir: Path) -> None:
    folder = Folder(folder_dir)
    (folder_dir / "cur" / "1700000000.a1.host:2,S").rename(folder_dir / "cur" / "1700000000.a1.host:2,RS")
    assert read(folder, "1700000000.a1.host") == b"Subject: one\n\nfirst\n"


def test_a_file_moved_from_new_to_cur_after_the_listing_is_still_read(folder_dir: Path) -> None:
    folder = Folder(folder_dir)
    (folder_dir / "new" / "1700000001.b2.host").rename(folder_dir / "cur" / "1700000001.b2.host:2,")
    assert read(folder, "1700000001.b2.host") == b"Subject: two\n\nsecond\n"


def test_a_file_deleted_after_the_listing_is_not_there(folder_dir: Path) -> None:
    folder = Folder(folder_dir)
    (folder_dir / "new" / "1700000001.b2.host").unlink()
    assert (read(folder, "1700000001.b2.host"), read(folder, "1700000000.a1.host")) == (
        None, b"Subject: one\n\nfirst\n")


def test_many_deleted_files_list_the_folder_again_only_once_in_a_second(folder_dir: Path) -> None:
    folder = Folder(folder_dir)
    listings = []
    real = folder._list

    def counted() -> dict[str, str]:
        listings.append(1)
        return real()

    folder._list = counted  # type: ignore[method-assign]
    for number in range(50):
        assert folder.open(f"gone-{number}") is None
    assert len(listings) == 1
