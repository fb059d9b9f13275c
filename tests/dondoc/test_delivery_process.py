"""``directive-ledger deliver --follow`` as a real process, killed with SIGKILL midway: its
successor resumes from the position kept in the database; every event arrives, in order
of first arrival, and a repeat (the delivery in flight at the kill) has the same
``webhook-id``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ledger.application.subscriptions import SubscriptionService
from ledger.domain import commands as c
from ledger.domain.values import Actor, Role
from tests.dondoc.support import LEAD, Receiver, accept, issue, make_app

CLI = str(Path(sys.executable).parent / "directive-ledger")
ROOT = Path(__file__).resolve().parents[2]


def start_deliverer(url: str, log: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, LEDGER_WEBHOOK_LEASE="1", LEDGER_DELIVER_INTERVAL="0.05")
    return subprocess.Popen(
        [CLI, "deliver", "--follow", "--database-url", url],
        cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
    )  # fmt: skip


def wait_until(condition: Callable[[], bool], timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("timed out: " + log.read_text()[-2000:])


def test_kill_9_midway_resumes_without_loss(database_url: str, tmp_path: Path) -> None:
    app = make_app(database_url)
    receiver = Receiver(delay=0.03).start()
    log = tmp_path / "deliver.log"
    try:
        for i in range(25):
            d = issue(app, date(2030, 1, 1), title=f"Nhiệm vụ {i}")
            accept(app, d)
            app.record_follow_up(
                d, c.ReportProgress(percent=5, narrative="Đang làm"), app.context(LEAD)
            )
        positions = list(range(1, app.max_position() + 1))
        SubscriptionService(app).create(
            Actor(id="admin", role=Role.ADMIN), sink=receiver.url, types=[], after=0
        )
        first = start_deliverer(database_url, log)
        wait_until(lambda: len(receiver.received) >= 10, 60, log)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        assert len(receiver.received) < len(positions), "killed too late to test anything"
        second = start_deliverer(database_url, log)
        try:
            wait_until(lambda: {int(r.webhook_id) for r in receiver.received} >= set(positions),
                       120, log)  # fmt: skip
        finally:
            second.send_signal(signal.SIGKILL)
            second.wait(timeout=10)
        ids = [int(r.webhook_id) for r in receiver.received]
        first_seen = list(dict.fromkeys(ids))
        assert first_seen == positions  # every event, in log order
        assert len(ids) - len(first_seen) <= 1  # at most the delivery in flight, repeated
    finally:
        receiver.stop()
        app.close()
