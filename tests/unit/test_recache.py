"""The rules' compiled regular expressions, kept across processes (watcher/recache.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from watcher import recache

ROOT = Path(__file__).resolve().parents[2]

# A process that loads the modules whose patterns a scan compiles first, then says what the cache did.
_RUN = """
import json, re, sys
from pathlib import Path
from watcher import recache
cache = recache.install(Path(sys.argv[1]))
import rules.names, rules.dates.mentions, rules.dates.timelines, rules.dates.languages, watcher.textzones, watcher.parse
watcher.textzones.split("Hi Ana,\\n\\nThanks for your time today.\\n\\nBest,\\nAlex\\n\\nOn Mon, Ana wrote:\\n> hello")
re.compile("not one of ours: " + sys.argv[2])  # compiled here, in no module of the program
print(json.dumps({"hits": cache.hits, "added": cache.added}))
"""


def _run(directory: Path, marker: str = "x", env: dict[str, str] | None = None) -> dict[str, int]:
    done = subprocess.run([sys.executable, "-c", _RUN, str(directory), marker], cwd=ROOT, capture_output=True,
                          text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})
    assert done.stderr == ""
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _file(directory: Path) -> Path:
    (found,) = directory.glob("patterns-*.marshal")
    return found


def test_this_python_compiles_as_the_cache_does() -> None:
    assert recache._faithful()


def test_a_second_process_takes_every_pattern_from_the_file(tmp_path: Path) -> None:
    first = _run(tmp_path)
    assert first["hits"] == 0 and first["added"] > 50
    second = _run(tmp_path)
    assert second == {"hits": first["added"], "added": 0}


def test_the_file_gives_the_very_patterns_the_compiler_gives(tmp_path: Path) -> None:
    _run(tmp_path)
    import _sre  # type: ignore[import-not-found]

    entries = recache._load(_file(tmp_path))
    assert entries
    for (pattern, flags), entry in entries.items():
        # Pattern equality is pattern, flags and compiled code
        assert _sre.compile(pattern, *entry) == recache._original(pattern, flags), pattern


def test_patterns_compiled_outside_the_program_are_not_kept(tmp_path: Path) -> None:
    _run(tmp_path, marker="boundary-1234")
    patterns = {pattern for pattern, _ in recache._load(_file(tmp_path))}
    assert not any("boundary-1234" in str(p) for p in patterns)


def test_a_damaged_file_is_ignored_and_written_again(tmp_path: Path) -> None:
    first = _run(tmp_path)
    path = _file(tmp_path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    assert _run(tmp_path) == {"hits": 0, "added": first["added"]}
    assert _run(tmp_path)["hits"] == first["added"]


def test_a_file_from_another_python_is_ignored(tmp_path: Path) -> None:
    first = _run(tmp_path)
    path = _file(tmp_path)
    path.write_bytes(path.read_bytes().replace(sys.version.encode(), b"2.7.18 (elsewhere)", 1))
    assert _run(tmp_path) == {"hits": 0, "added": first["added"]}


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only directory")
def test_an_unwritable_directory_costs_only_the_compiling(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        first = _run(tmp_path)
        assert first["added"] > 0 and _run(tmp_path)["hits"] == 0
        assert not list(tmp_path.iterdir())
    finally:
        tmp_path.chmod(0o700)


def test_a_missing_directory_is_made(tmp_path: Path) -> None:
    _run(tmp_path / "a" / "b")
    assert _file(tmp_path / "a" / "b").stat().st_size > 0


def test_the_command_keeps_its_patterns_in_the_cache_directory(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path)}
    env.pop("CACHE_DIRECTORY", None)
    subprocess.run([sys.executable, "-m", "watcher", "--help"], cwd=ROOT, env=env, check=True, capture_output=True)
    assert _file(tmp_path / "followup-watcher").stat().st_size > 0


def test_the_service_keeps_them_in_its_cache_directory(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "xdg"),
           "CACHE_DIRECTORY": str(tmp_path / "service")}
    subprocess.run([sys.executable, "-m", "watcher", "--help"], cwd=ROOT, env=env, check=True, capture_output=True)
    assert _file(tmp_path / "service").stat().st_size > 0
    assert not (tmp_path / "xdg").exists()


def test_a_file_others_could_write_is_not_read(tmp_path: Path) -> None:
    first = _run(tmp_path)
    _file(tmp_path).chmod(0o666)
    assert _run(tmp_path) == {"hits": 0, "added": first["added"]}


def test_a_folder_others_could_write_is_not_read(tmp_path: Path) -> None:
    first = _run(tmp_path)
    tmp_path.chmod(0o777)
    try:
        assert _run(tmp_path)["hits"] == 0
    finally:
        tmp_path.chmod(0o700)
    assert first["added"] > 0


def test_a_folder_made_under_a_group_umask_is_read_again(tmp_path: Path) -> None:
    code = f"import os, runpy, sys; os.umask(0o002); sys.argv = ['-c', {str(tmp_path / 'made')!r}, 'x']; exec({_RUN!r})"
    for expected_hits in (False, True):
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert (json.loads(done.stdout)["hits"] > 0) is expected_hits


@pytest.mark.parametrize(("environ", "expected"), [
    ({"CACHE_DIRECTORY": "/var/cache/fw:/other", "XDG_CACHE_HOME": "/x"}, Path("/var/cache/fw")),
    ({"CACHE_DIRECTORY": "", "XDG_CACHE_HOME": "/x"}, Path("/x/followup-watcher")),  # an empty one is no service's
    ({"XDG_CACHE_HOME": "/x"}, Path("/x/followup-watcher")),
    ({}, Path.home() / ".cache" / "followup-watcher"),
])
def test_the_cache_directory_is_the_service_s_then_the_xdg_one(monkeypatch: pytest.MonkeyPatch,
                                                               environ: dict[str, str], expected: Path) -> None:
    for name in ("CACHE_DIRECTORY", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert recache.cache_directory() == expected
