"""Figures for docs/operations.md: the daemon against a private Dovecot holding a large mailbox.

    .venv/bin/python bench/daemon_bench.py [--messages 10000] [--idle-seconds 600] [--replies 15]

Measures, on the `followup-watcher run` process itself (a subprocess, as systemd would run it):
  - the first sync of the whole mailbox (wall time until the first scan is reported);
  - reply-to-replan latency through IMAP IDLE: from the end of the APPEND of a recruiter's reply
    to the sd_notify STATUS= line of the scan that planned with it (poll and reconcile are a day,
    so nothing but IDLE can wake it);
  - idle CPU and RSS after `--idle-seconds` of doing nothing (the issue asks for an hour; the default
    here is shorter, and the report says which it was), from /proc/PID/stat and /proc/PID/status;
  - the CPU time of one full scan of the mailbox when nothing changed (what each hourly reconcile costs);
  - the exposure score of the system unit by `systemd-analyze security --offline=true`.

Needs Dovecot (/usr/sbin/dovecot) like the tests; it reuses their fixture and mail builders.
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from email import policy
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "integration")]

import daemon_harness as harness  # noqa: E402
import dovecot  # noqa: E402

from watcher import config  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")
SENDERS = ["news@weekly.example.com", "digest@forum.example.org", "updates@shop.example.com",
           "team@project.example.org", "billing@utility.example.com", "friends@club.example.org"]


def filler(number: int, now: dt.datetime, rng: random.Random) -> bytes:
    """An ordinary message that is no interview: newsletters, receipts, notes from friends."""
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = rng.choice(SENDERS)
    message["To"] = harness.ME
    message["Subject"] = f"Issue {number}: {rng.choice(['weekly notes', 'your receipt', 'meeting minutes', 'photos'])}"
    message["Date"] = email.utils.format_datetime(now - dt.timedelta(days=rng.uniform(0, 170)))
    message["Message-ID"] = f"<filler-{number}@example.com>"
    if number % 3 == 0:
        message["List-Unsubscribe"] = "<mailto:leave@weekly.example.com>"
    paragraph = " ".join(rng.choice(["garden", "release", "update", "invoice", "weekend", "recipe", "kernel",
                                      "concert", "library", "bicycle"]) for _ in range(60))
    message.set_content("Hello,\n\n" + "\n\n".join([paragraph] * rng.randint(2, 8)) + "\n\nBye\n")
    return message.as_bytes()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime (proc(5), fields 14 and 15)


def memory(pid: int) -> dict[str, int]:
    text = Path(f"/proc/{pid}/status").read_text()
    return {key: int(re.search(rf"^{key}:\s+(\d+) kB", text, re.M).group(1)) // 1024  # type: ignore[union-attr]
            for key in ("VmRSS", "VmHWM")}


def exposure() -> str:
    tool = shutil.which("systemd-analyze")
    if tool is None:
        return "systemd-analyze not installed (apt-get install systemd)"
    with tempfile.TemporaryDirectory() as directory:
        unit = Path(directory) / "followup-watcher@bench.service"
        shutil.copy(ROOT / "systemd" / "followup-watcher@.service", unit)
        result = subprocess.run([tool, "security", "--offline=true", str(unit)], capture_output=True, text=True,
                                check=False)
    found = re.search(r"Overall exposure level for \S+: ([\d.]+ \S+)", result.stdout)
    return found.group(1) if found else result.stderr.strip() or result.stdout[-200:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=10000, help="ordinary messages in the Inbox")
    parser.add_argument("--threads", type=int, default=10, help="interview threads among them")
    parser.add_argument("--replies", type=int, default=15, help="replies timed through IDLE")
    parser.add_argument("--idle-seconds", type=float, default=600, help="how long to let it idle")
    args = parser.parse_args()
    if not dovecot.available():
        print(f"Dovecot is not installed ({dovecot.BINARY})", file=sys.stderr)
        return 1
    rng = random.Random(4)
    now = dt.datetime.now(dt.UTC)
    server = dovecot.Dovecot()
    server.start()
    work = Path(tempfile.mkdtemp(prefix="fw-bench-"))
    daemon: harness.Daemon | None = None
    notify = harness.NotifySocket()
    try:
        username, password = server.new_user()
        account = config.Account(name="bench", backend="imap", host=server.host, port=server.port, security="none",
                                 username=username, password_command=f"printf {password}")
        threads = [harness.interview_thread(now) for _ in range(args.threads)]
        started = time.monotonic()
        with server.client(username, password) as tool:
            for number in range(args.messages):
                tool.append("INBOX", filler(number, now, rng))
            for thread in threads:
                for folder, raw in thread.messages:
                    tool.append(folder, raw)
        print(f"mailbox: {args.messages} ordinary messages + {args.threads} interview threads "
              f"(appended in {time.monotonic() - started:.0f} s)")

        config_path = harness.write_config(work / "config.toml", harness.imap_account(account, lookback_days=180),
                                           work / "state.sqlite3", retry_max_seconds=300)
        started = time.monotonic()
        daemon = harness.Daemon(config_path, notify)
        notify.wait_for(lambda m: "IMAP IDLE" in m and "scan #" in m, 1800, daemon)
        first_sync = time.monotonic() - started
        pid = daemon.process.pid
        after_sync = memory(pid)
        print(f"first sync, plan and drafts: {first_sync:.1f} s; RSS then {after_sync['VmRSS']} MB "
              f"(peak {after_sync['VmHWM']} MB)")

        latencies = []
        for index in range(args.replies):
            thread = threads[index % len(threads)]
            scans = notify.scans()
            reply = harness.message(
                thread.recruiter, harness.ME, "Re: " + thread.subject, harness.reply_time(),
                f"<bench-reply-{index}@example.com>",
                "Hi Alex,\n\nQuick update: the team is still meeting candidates this week. "
                "We'll be in touch by next Friday.\n\nBest,\nJordan\n", thread.message_ids)
            with server.client(username, password) as tool:
                tool.append("INBOX", reply)
                appended = time.monotonic()
            notify.wait_scan_after(scans, 60, daemon)
            latencies.append(time.monotonic() - appended)
        latencies.sort()
        print(f"reply-to-replan through IDLE ({len(latencies)} replies): median {statistics.median(latencies):.2f} s, "
              f"min {latencies[0]:.2f} s, max {latencies[-1]:.2f} s")

        cpu_before, wall_before = cpu_seconds(pid), time.monotonic()
        time.sleep(args.idle_seconds)  # idling is what is measured here
        cpu_idle = cpu_seconds(pid) - cpu_before
        wall = time.monotonic() - wall_before
        idle = memory(pid)
        print(f"idle {wall / 60:.1f} min: CPU {cpu_idle:.2f} s = {100 * cpu_idle / wall:.3f} %; "
              f"RSS {idle['VmRSS']} MB (peak since start {idle['VmHWM']} MB)")

        scans = notify.scans()
        cpu_before = cpu_seconds(pid)
        daemon.signal(signal.SIGHUP)  # a reload scans everything, like the hourly reconcile
        notify.wait_scan_after(scans, 600, daemon)
        scan_cpu = cpu_seconds(pid) - cpu_before
        print(f"one full scan with nothing new (each reconcile, hourly by default): CPU {scan_cpu:.2f} s "
              f"= {100 * scan_cpu / 3600:.3f} % of an hour")
        print(f"system unit exposure (systemd-analyze security --offline=true): {exposure()}")
        code, took = daemon.stop()
        print(f"SIGTERM: exit {code} in {took:.2f} s")
        daemon = None
    finally:
        if daemon is not None:
            daemon.kill()
        notify.close()
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
