"""``directive-ledger remind --follow`` as real processes: killed with SIGKILL midway and
run twice at once, it records each reminder exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

from ledger.application import LedgerApplication
from tests.dondoc.support import HCM, issue, make_app

CLI = str(Path(sys.executable).parent / "directive-ledger")
ROOT = Path(__file__).resolve().parents[2]
COUNT = 120


def start_runner(url: str, log: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, LEDGER_REMINDER_INTERVAL="0.1")
    return subprocess.Popen(
        [CLI, "remind", "--follow", "--database-url", url],
        cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
    )  # fmt: skip


def reminded(app: LedgerApplication) -> Counter[str]:
    counts: Counter[str] = Counter()
    position = 0
    while True:
        batch = app.recorder.select_notifications(position, 1000, inclusive_of_start=False)
        if not batch:
            return counts
        for n in batch:
            if n.topic.endswith("Directive.Reminded"):
                counts[str(n.originator_id)] += 1
        position = batch[-1].id


def wait_until(condition: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_kill_9_and_two_runners_remind_once(database_url: str, tmp_path: Path) -> None:
    app = make_app(database_url)
    try:
        today = datetime.now(HCM).date()
        ids = [str(issue(app, today, issued_on=today, title=f"Nhiệm vụ {i}")) for i in range(COUNT)]
        log = tmp_path / "remind.log"
        first = start_runner(database_url, log)
        wait_until(lambda: len(reminded(app)) >= 5, 60)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        partial = len(reminded(app))
        assert partial < COUNT, "the runner finished before it was killed: kill it sooner"
        runners = [start_runner(database_url, log), start_runner(database_url, log)]
        try:
            wait_until(lambda: len(reminded(app)) == COUNT, 120)
            time.sleep(1.0)  # more passes of both runners: they must add nothing
        finally:
            for r in runners:
                r.send_signal(signal.SIGKILL)
                r.wait(timeout=10)
        counts = reminded(app)
        assert sorted(counts) == sorted(ids)
        assert set(counts.values()) == {1}, log.read_text()
    finally:
        app.close()
