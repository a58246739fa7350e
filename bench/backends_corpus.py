"""The scenario corpus through every backend, judged the way the acceptance harness judges it (issue #10).

    .venv/bin/python bench/backends_corpus.py [--corpus tests/scenarios] [--only NAME,...]
        [--backend maildir|imap|gmail-imap|gmail-api|all] [--jobs N] [--report PATH] [-v]

Every scenario of the corpus shares one mailbox and one clock, as in the harness: each backend gets a
fresh mailbox (tests/backend_replay.py: Maildir files, the suite's Dovecot over IMAP, the Gmail-like
IMAP server with X-GM-THRID, the Gmail API fake), the harness's steps (every message time plus 08:00
and 20:00 UTC each day), and at each step the product's real `scan` in this process with the clock
injected. The harness's own code (../shared/eval/harness.py, or $HARNESS) derives the expectations,
classifies every new draft, plays the simulated user and scores: only the transport differs (the
product in-process instead of a subprocess, each backend's own mailbox instead of Dovecot).

Printed per backend: detection against the labels, how the scenarios' mail fell into processes,
deadlines, drafts per expectation (on time, early, late, missing, duplicate, unexpected...), the
violations, and for the Gmail API the calls of a scan with nothing new. Then every difference of a
backend's processes, plans and drafts from the Maildir run, per scenario. Figures only; nothing here
asserts. `--jobs 2` runs two backends at once (one process each): the whole corpus (221 scenarios,
1,008 steps) took 12–15 min on a shared 2-core machine, one backend 4–9 min (docs/backends.md).

Where it departs from the harness: the product runs in this process (no start-up per scan), a draft
the simulated user deletes is removed from Drafts rather than moved to Trash, and `sent_by_product`
is checked against each backend's Sent folder.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import importlib.util
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
# as the harness runs the product: the user's zone, no system keyring
os.environ["TZ"] = "America/New_York"
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
time.tzset()

import backend_replay  # noqa: E402
import dovecot  # noqa: E402

from watcher import config, scan, session  # noqa: E402
from watcher.state import State  # noqa: E402

HARNESS = Path(os.environ.get("HARNESS", ROOT.parent / "shared" / "eval" / "harness.py"))
IDLE_SCANS = 3


def load_harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_harness", HARNESS)
    if spec is None or spec.loader is None or not HARNESS.is_file():
        sys.exit(f"the acceptance harness is not at {HARNESS} (set HARNESS=path/to/harness.py)")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BoxFolders:
    """The harness's IMAP helper, answered by a backend_replay box: Drafts by a UID given per appearance
    (a draft that leaves and comes back gets a new one, as over IMAP), Sent by its Message-IDs."""

    def __init__(self, box: backend_replay.Box) -> None:
        self.box = box
        self.uids: dict[str, int] = {}  # Message-ID of a present draft -> its UID
        self.next_uid = 1
        self.raws: dict[int, tuple[str, bytes]] = {}

    def append(self, folder: str, flags: str, when: dt.datetime, raw: bytes) -> None:
        self.box.deliver(raw, sent=folder == "Sent")

    def drafts(self) -> list[int]:
        present = self.box.drafts()
        self.uids = {mid: uid for mid, uid in self.uids.items() if mid in present}
        for mid, raw in present.items():
            if mid not in self.uids:
                self.uids[mid] = self.next_uid
                self.raws[self.next_uid] = (mid, raw)
                self.next_uid += 1
        return sorted(self.uids.values())

    def fetch(self, uids: list[int]) -> dict[int, tuple[str, bytes]]:
        found = {}
        for uid in uids:
            mid, raw = self.raws[uid]
            found[uid] = ("\\Draft \\Seen" if self.box.draft_flagged(mid) else "\\Seen", raw)
        return found

    def remove(self, uid: int, to_trash: bool) -> None:
        mid = self.raws[uid][0]
        if self.uids.get(mid) == uid:
            self.box.remove_draft(mid)
            del self.uids[mid]

    def count(self, folder: str) -> int:
        return len(self.box.sent_ids())

    def message_ids(self, folder: str) -> list[dict[str, str]]:
        return [{"Message-ID": mid} for mid in self.box.sent_ids()]

    def close(self) -> None:
        return None


def run_backend(kind: str, corpus: Path, only: list[str], verbose: bool) -> dict[str, Any]:
    """One backend over the corpus: the harness's report, plus what the comparison and the idle scans need."""
    harness = load_harness()
    scenarios = harness.load_corpus(str(corpus))
    if only:
        scenarios = [s for s in scenarios if s.name in only]

    class Run(harness.Harness):  # type: ignore[misc,name-defined]
        """The harness's run with the product in-process and a backend_replay box as the mailbox."""

        def run_with(self, box: backend_replay.Box, directory: Path) -> None:
            started = time.time()
            steps, end = self.steps()
            checkpoints = self.checkpoints(steps)
            self.end = end
            self.imap = BoxFolders(box)
            self.box = box
            self.cfg_loaded = config.Config(
                source="<bench>", accounts=(box.account,),
                me=config.Me(name=harness.USER_NAME, addresses=tuple(harness.USER_ADDRESSES)),
                state_path=directory / "state.sqlite3")
            self.backend = box.backend()
            self.state = State.open(self.cfg_loaded.state_path)
            pending = sorted(((m["at"], sc.name, m["i"], sc, m) for sc in self.scenarios for m in sc.messages),
                             key=lambda x: x[:3])
            index = 0
            try:
                for number, step in enumerate(steps):
                    while index < len(pending) and pending[index][0] <= step:
                        _, _, _, _, message = pending[index]
                        folder = "Sent" if message["folder"].lower() == "sent" else "INBOX"
                        self.imap.append(folder, "", message["at"], harness.build_raw(message))
                        if folder == "Sent":
                            self.sent_expected += 1
                            self.sent_known.add(message["mid"])
                        index += 1
                    self.apply_actions(step)
                    self.product(["scan"], step)
                    self.poll_drafts(step)
                    self.check_sent(step)
                    if step in checkpoints or step == end:
                        self.status(step)
                    if verbose and number % 100 == 0:
                        print(f"  [{kind}] step {number + 1}/{len(steps)} {step:%Y-%m-%d %H:%M} "
                              f"drafts={len(self.drafts)} {time.time() - started:.0f}s", flush=True)
                self.idle_calls = self.idle_scans(end) if isinstance(box, backend_replay.GmailApiBox) else None
            finally:
                self.backend.close()
                self.state.close()
            self.runtime = time.time() - started

        def product(self, argv: list[str], step: dt.datetime) -> tuple[int, bytes]:
            began = time.time()
            try:
                scan.scan(self.cfg_loaded, self.state, {"main": self.backend}, step)
                rc = 0
            except Exception as error:  # noqa: BLE001 - recorded as the harness records a failed call
                rc = 1
                self.errors.append({"step": harness.iso(step), "argv": argv, "rc": rc,
                                    "stderr": f"{type(error).__name__}: {error}"})
            self.calls.append(time.time() - began)
            return rc, b""

        def status(self, step: dt.datetime) -> None:
            snapshot = json.loads(json.dumps(session.status(self.cfg_loaded, step), default=str))
            self.snapshots.append((step, snapshot))

        def idle_scans(self, end: dt.datetime) -> list[dict[str, int]]:
            """The requests of each scan with nothing new, by method and path (a batch's parts counted
            apart, as Google counts them against the quota)."""
            assert isinstance(self.box, backend_replay.GmailApiBox)
            calls = []
            for hours in range(1, IDLE_SCANS + 1):
                before = len(self.box.fake.requests)
                scan.scan(self.cfg_loaded, self.state, {"main": self.backend}, end + dt.timedelta(hours=hours))
                made = self.box.fake.requests[before:]
                calls.append(dict(Counter(re.sub(r"/[A-Za-z0-9_-]*[0-9][A-Za-z0-9_-]*$", "/{id}", f"{r.method} {r.path}")
                                          + (" (in a batch)" if r.in_batch else "") for r in made)))
            return calls

    args = argparse.Namespace(verbose=False, progress=False, keep=False, timeout=120.0, steps_per_day=2)
    run = Run(args, scenarios)
    run._steps = run.steps()[0]
    server = None
    with tempfile.TemporaryDirectory(prefix=f"fw-backends-{kind}-") as tmp:
        directory = Path(tmp)
        user = None
        if kind == "imap":
            server = dovecot.Dovecot()
            server.start()
            username, password = server.new_user()
            user = (server.host, server.port, username, password)
        box = backend_replay.open_box(kind, directory, user)
        try:
            run.run_with(box, directory)
        finally:
            box.close()
            if server is not None:
                server.stop()
    report = run.score()
    return {"kind": kind, "report": report, "signature": signature(run, harness), "idle_calls": run.idle_calls,
            "processes": processes(run, harness), "steps": len(run._steps)}


def processes(run: Any, harness: ModuleType) -> dict[str, Any]:
    """How the scenarios' mail fell into processes in the final status: interview processes, scenarios
    spread over several of them, processes holding several scenarios."""
    final = run.snapshots[-1][1] if run.snapshots else {"threads": []}
    shown = [(th, s) for th, s in run.snapshot_threads(final) if not harness.IGNORED_STATE_RE.search(str(th.get("state")))]
    per_scenario: Counter[str] = Counter(sc.name for _, s in shown for sc in s)
    return {"shown": len(shown), "split": sorted(n for n, c in per_scenario.items() if c > 1),
            "merged": sorted("+".join(sorted(sc.name for sc in s)) for _, s in shown if len(s) > 1),
            "multi_thread": sorted(sc.name for th, s in shown if len(th.get("threads") or []) > 1 for sc in s)}


def signature(run: Any, harness: ModuleType) -> dict[str, Any]:
    """Per scenario, what must not depend on the backend: the final processes holding its mail (its
    message ids, state, interview, deadline, contact), their follow-ups, and every draft with the
    harness's verdict. Thread ids are left out (a process is named after its first thread)."""
    final = run.snapshots[-1][1] if run.snapshots else {"threads": [], "followups": []}
    out: dict[str, Any] = {sc.name: {"processes": [], "followups": [], "drafts": []} for sc in run.scenarios}
    names = {}
    for th, s in run.snapshot_threads(final):
        ids = {harness.norm_mid(x) for x in th.get("message_ids") or []}
        for sc in s:
            names[str(th["thread_id"])] = sc.name
            out[sc.name]["processes"].append(
                (sorted(ids & sc.msgids), th.get("state"), th.get("interview_at"), th.get("decision_deadline"),
                 th.get("deadline_basis"), th.get("contact")))
    for fu in final.get("followups") or []:
        name = names.get(str(fu["thread_id"]))
        if name is not None:
            out[name]["followups"].append((fu["round"], fu["kind"], fu["status"], fu["due"], tuple(fu["to"]), fu["draft"]))
    for d in run.drafts:
        name = d.sc.name if d.sc else "(unmapped)"
        out.setdefault(name, {"processes": [], "followups": [], "drafts": []})["drafts"].append(
            (harness.iso(d.t), d.kind, d.outcome, tuple(d.to), tuple(sorted(set(d.violations)))))
    for value in out.values():
        for key in value:
            value[key] = sorted(value[key], key=repr)
    return out


def print_backend(result: dict[str, Any], verbose: bool) -> None:
    s = result["report"]["summary"]
    rows = result["report"]["expectations"]
    gated = [r for r in rows if not r["stretch"]]
    stretch = [r for r in rows if r["stretch"]]
    verdicts = Counter(d["outcome"] for d in result["report"]["drafts"])
    proc = result["processes"]
    print(f"\n== {result['kind']}: {len(result['report']['detection'])} scenarios, {result['steps']} steps, "
          f"{s['runtime_seconds']:.0f} s (scan mean {s['product_seconds_mean']:.3f} s), product errors {s['product_errors']}")
    print(f"detection (non-stretch): TP={s['tp']} FP={s['fp']} FN={s['fn']}  P={s['precision']:.2f} R={s['recall']:.2f}")
    print(f"processes shown at the end: {proc['shown']}; scenarios split over several: {len(proc['split'])}"
          f"{' ' + ', '.join(proc['split']) if proc['split'] else ''}; processes holding several scenarios: "
          f"{len(proc['merged'])}{' ' + ', '.join(proc['merged']) if proc['merged'] else ''}")
    print(f"processes of several threads: {len(proc['multi_thread'])}")
    if verbose:
        print(f"  {', '.join(proc['multi_thread'])}")
    print(f"deadlines (non-stretch): {s['deadlines_ok']}/{s['deadlines_scored']} = {s['deadline_accuracy']:.2f}")
    print(f"required drafts (non-stretch): on time {s['on_time']}/{s['expected_drafts']}, early {s['early']}, "
          f"late {s['late']}, missing {s['missing']}")
    opt = Counter(r["outcome"] for r in gated if r["status"] == "optional")
    print(f"optional expectations (non-stretch): {dict(opt)}")
    req_stretch = [r for r in stretch if r["status"] == "required"]
    print(f"stretch: required {len(req_stretch)}, on time {sum(r['outcome'] == 'on_time' for r in req_stretch)}, "
          f"missing {sum(r['outcome'] == 'missing' for r in req_stretch)}; violations "
          f"{ {k: v for k, v in s['stretch_violations_by_kind'].items() if v} }")
    print(f"drafts by verdict (all): {dict(verdicts)}")
    print(f"violations (gated): {s['violations']} { {k: v for k, v in s['violations_by_kind'].items() if v} }")
    misses = [r for r in gated if r["status"] == "required" and r["outcome"] != "on_time"]
    for r in misses:
        print(f"  miss {r['id']}: {r['outcome']} window {r['window'][0]}..{r['window'][1]} draft {r['draft_at']}")
    for d in result["report"]["drafts"]:
        if d["violations"] and not (d["scenario"] and d["scenario"] in stretch_names(result)):
            print(f"  violation {d['scenario']} {d['appeared']} {d['outcome']} {','.join(d['violations'])}: {d['reason']}")
    for e in result["report"]["errors"][:5]:
        print(f"  error at {e['step']}: {e['stderr'][-300:]}")
    for number, calls in enumerate(result["idle_calls"] or []):
        print(f"Gmail API requests of idle scan {number + 1}: {sum(calls.values())} {calls}")


def stretch_names(result: dict[str, Any]) -> set[str]:
    return {name for name, d in result["report"]["detection"].items() if d["stretch"]}


def print_differences(reference: dict[str, Any], other: dict[str, Any]) -> int:
    """Every scenario whose processes, plan or drafts differ from the reference run's; the count."""
    count = 0
    ref, got = reference["signature"], other["signature"]
    for name in sorted(set(ref) | set(got)):
        a, b = ref.get(name, {}), got.get(name, {})
        if a == b:
            continue
        count += 1
        print(f"  {name}:")
        for key in ("processes", "followups", "drafts"):
            only_ref = [x for x in a.get(key, []) if x not in b.get(key, [])]
            only_got = [x for x in b.get(key, []) if x not in a.get(key, [])]
            for x in only_ref:
                print(f"    {key} {reference['kind']} only: {x}")
            for x in only_got:
                print(f"    {key} {other['kind']} only: {x}")
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests" / "scenarios")
    parser.add_argument("--only", action="append", default=[], help="scenario names, comma-separated (repeatable)")
    parser.add_argument("--backend", choices=[*backend_replay.KINDS, "all"], default="all")
    parser.add_argument("--jobs", type=int, default=1, help="backends run at once, one process each")
    parser.add_argument("--report", type=Path, help="write every backend's harness report and signature here (JSON)")
    parser.add_argument("-v", "--verbose", action="store_true", help="progress lines")
    args = parser.parse_args()
    only = [name for item in args.only for name in item.split(",") if name]
    kinds = list(backend_replay.KINDS) if args.backend == "all" else [args.backend]
    if "imap" in kinds and not dovecot.available():
        print(f"Dovecot is not installed ({dovecot.BINARY}): the imap backend is left out")
        kinds.remove("imap")
    if args.backend != "all" and args.backend != "maildir":
        kinds = ["maildir", *kinds]  # the reference the differences are listed against
    started = time.time()
    results: dict[str, dict[str, Any]] = {}
    if args.jobs > 1:
        with concurrent.futures.ProcessPoolExecutor(max_workers=args.jobs) as pool:
            futures = {kind: pool.submit(run_backend, kind, args.corpus, only, args.verbose) for kind in kinds}
            results = {kind: future.result() for kind, future in futures.items()}
    else:
        results = {kind: run_backend(kind, args.corpus, only, args.verbose) for kind in kinds}
    for kind in kinds:
        print_backend(results[kind], args.verbose)
    print("\n== differences from the Maildir run (processes, follow-ups, drafts per scenario)")
    for kind in kinds[1:]:
        print(f"-- {kind}")
        count = print_differences(results["maildir"], results[kind])
        print(f"-- {kind}: {count} scenario(s) differ from maildir")
    print("\nsummary (gated figures, non-stretch):")
    for kind in kinds:
        s = results[kind]["report"]["summary"]
        print(f"  {kind:<11} P={s['precision']:.2f} R={s['recall']:.2f} | deadline acc={s['deadline_accuracy']:.2f} | "
              f"drafts on-time {s['on_time']}/{s['expected_drafts']} | violations {s['violations']} | "
              f"{s['runtime_seconds']:.0f} s")
    print(f"wall time {time.time() - started:.0f} s")
    if args.report:
        args.report.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
