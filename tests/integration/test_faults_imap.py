"""Issue #8, item 5: faults on the network never lose or duplicate a draft.

Six weeks of interview mail (three scenario threads, seven drafts, some sent and some deleted by the
simulated user) are scanned twice: once straight against Dovecot, and once per seed through the
fault proxy, where every step of the clock gets scans with faults (resets, stalls, truncated
answers, an APPEND cut or its OK lost, a reset while Drafts is listed) before a scan without. What
the faulted run leaves must be what the clean run left: the same drafts, none twice, none lost, the
same fates, the user's flags untouched, and only exit codes 0 or 75.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dovecot
import faults_harness
import pytest
from conftest import DovecotUser, new_user
from faultproxy import KINDS, FaultProxy
from faults_harness import Outcome, World

pytestmark = pytest.mark.dovecot

SEEDS = (8,)  # bench/faults.py runs more seeds, longer
FAULTS_PER_STEP = 8
EVERY_DAYS = 3


@dataclass(frozen=True)
class Faulted:
    seed: int
    outcome: Outcome
    injected: dict[str, int]
    codes: tuple[int, ...]


@dataclass(frozen=True)
class Reference:
    """The fault-free run: what it left, and the steps at which it wrote drafts."""

    outcome: Outcome
    wrote_at: frozenset[dt.datetime]


def reference_run(server: dovecot.Dovecot, root: Path, every_days: int = EVERY_DAYS) -> Reference:
    world = World(new_user(server), root, server.port)
    faults_harness.run(world, faults_harness.clean_step, every_days=every_days)
    return Reference(world.outcome(), frozenset(world.wrote_at))


@pytest.fixture(scope="module")
def reference_world(dovecot_server: dovecot.Dovecot, tmp_path_factory: pytest.TempPathFactory) -> Reference:
    return reference_run(dovecot_server, tmp_path_factory.mktemp("reference"))


@pytest.fixture(scope="module")
def reference(reference_world: Reference) -> Outcome:
    return reference_world.outcome


def faulted_run(server: dovecot.Dovecot, root: Path, seed: int, wrote_at: frozenset[dt.datetime],
                faults_per_step: int = FAULTS_PER_STEP, every_days: int = EVERY_DAYS) -> Faulted:
    proxy = FaultProxy(server.host, server.port, seed)
    world = World(new_user(server), root, proxy.port)

    def faults(world: World, now: dt.datetime, kinds: tuple[str, ...], count: int) -> None:
        before = proxy.total
        proxy.arm(kinds)
        for _ in range(8 * count):  # a quiet scan is a handful of commands: some faults take a few scans
            if proxy.total - before >= count:
                break
            world.scan(now)
        proxy.disarm()

    appends = [0]

    def step(world: World, now: dt.datetime) -> None:
        if now in wrote_at:
            # where the fault-free run wrote drafts, the APPENDs get their faults first: cut (nothing is
            # stored, so the APPEND comes again), then one whose OK is lost or followed by a reset, in
            # turn (drawn at random, one seed's five or so drafts could all draw the same one)
            faults(world, now, ("append-cut",), 1)
            faults(world, now, (("append-ok-lost",), ("append-ok-close",))[appends[0] % 2], 1)
            appends[0] += 1
        faults(world, now, KINDS, faults_per_step)
        faults_harness.clean_step(world, now)

    try:
        faults_harness.run(world, step, every_days=every_days)
    finally:
        proxy.close()
    return Faulted(seed, world.outcome(), dict(proxy.injected), tuple(world.codes))


@pytest.fixture(scope="module")
def faulted(dovecot_server: dovecot.Dovecot, tmp_path_factory: pytest.TempPathFactory,
            reference_world: Reference) -> list[Faulted]:
    return [faulted_run(dovecot_server, tmp_path_factory.mktemp(f"faults-{seed}"), seed, reference_world.wrote_at)
            for seed in SEEDS]


def test_the_fault_free_run_writes_drafts_and_the_user_sends_and_deletes_some(reference: Outcome) -> None:
    assert len([f for f in reference.followups if f[1] == "drafted"]) >= 5
    assert reference.drafts
    assert any(m.startswith("<followup-watcher.") for m in reference.sent)
    assert any(m.startswith("<followup-watcher.") for m in reference.trash)


def test_at_least_200_faults_of_every_kind_are_injected(faulted: list[Faulted]) -> None:
    injected = [run.injected for run in faulted]
    assert sum(sum(counts.values()) for counts in injected) >= 200, injected
    assert {kind for counts in injected for kind in counts} == set(KINDS), injected


def test_faults_leave_no_draft_twice(faulted: list[Faulted]) -> None:
    for run in faulted:
        assert len(run.outcome.drafts) == len(set(run.outcome.drafts)), run.seed
        assert len(run.outcome.sent) == len(set(run.outcome.sent)), run.seed


def test_faults_lose_no_draft(reference: Outcome, faulted: list[Faulted]) -> None:
    for run in faulted:
        assert (run.seed, run.outcome.drafts, run.outcome.sent) == (run.seed, reference.drafts, reference.sent)


def test_faults_never_make_a_draft_count_as_deleted_by_the_user(reference: Outcome, faulted: list[Faulted]) -> None:
    for run in faulted:
        assert (run.seed, run.outcome.followups) == (run.seed, reference.followups)


def test_faults_change_no_flag_of_the_users_mail(reference: Outcome, faulted: list[Faulted]) -> None:
    for run in faulted:
        assert (run.seed, run.outcome.flags) == (run.seed, reference.flags)
        assert not any("\\Seen" in flags for folder, _, flags in run.outcome.flags if folder == "INBOX")


def test_a_scan_that_meets_a_fault_exits_0_or_75(faulted: list[Faulted]) -> None:
    for run in faulted:
        assert set(run.codes) <= faults_harness.ACCEPTED_EXIT_CODES, run.seed
        assert 75 in run.codes, run.seed  # the faults were met, not slipped past


# ---------------------------------------------------------------- the CLI's side: exit codes and stderr


@pytest.fixture
def cli_world(dovecot_user: DovecotUser, tmp_path: Path) -> Iterator[tuple[World, FaultProxy]]:
    proxy = FaultProxy(dovecot_user.server.host, dovecot_user.server.port, seed=3)
    world = World(dovecot_user, tmp_path, proxy.port)
    yield world, proxy
    proxy.close()


@pytest.mark.parametrize("kind", ["reset", "truncate", "stall"])
def test_cli_scan_through_a_fault_exits_75_without_a_traceback(cli_world: tuple[World, FaultProxy], kind: str) -> None:
    world, proxy = cli_world
    first = faults_harness.steps()[0]
    world.before_scan(first)
    proxy.arm((kind,))
    for _ in range(10):
        before = proxy.total
        done = subprocess.run([sys.executable, "-m", "watcher", "--config", str(world.root / "config.toml"), "scan",
                               "--once", "--now", first.isoformat()],
                              env=_private_env(world.root), capture_output=True, text=True, timeout=120, check=False)
        assert "Traceback" not in done.stderr
        if proxy.total > before:
            assert done.returncode == 75, done.stderr
            assert "followup-watcher:" in done.stderr
            return
        assert done.returncode == 0, done.stderr
    pytest.fail(f"no {kind} fault was injected in 10 scans")


def _private_env(root: Path) -> dict[str, str]:
    home = root / "home"
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8",
            "XDG_CONFIG_HOME": str(home / ".config"), "XDG_STATE_HOME": str(home / ".local" / "state"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
