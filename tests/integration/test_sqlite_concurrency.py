"""One SQLite file shared by a live API (its views runner and checkpoint worker writing
under a steady stream of HTTP writes; or two API processes and a ``project --follow``)
and an auditor's command-line tools: every ``export``, ``verify``, ``checkpoint``,
``project`` and ``rebuild`` run beside them ends with exit 0, never "database is
locked", and the processes serving and following log no error."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from ledger.application import LedgerApplication
from ledger.domain import commands as c
from ledger.domain.values import Role
from ledger.sample import load_sample
from ledger.settings import Settings
from tests.api.conftest import LEAD_UNIT, advance, issue, make_principal
from tests.api.live_server import ROOT, LiveServer

DIRECTIVES = 4
WRITERS = 2
ROUNDS = 3
CLI = str(Path(sys.executable).parent / "directive-ledger")


def run_cli(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CLI, *args, "--database-url", database_url],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("api_workers", "follower"),
    [(1, False), (2, True)],
    ids=["one-api", "two-apis-and-project-follow"],
)
def test_cli_beside_a_live_api_never_fails_on_a_locked_database(
    sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    api_workers: int,
    follower: bool,
) -> None:
    # Set up on the eve of the 2025 succession, so that the sample's Hải Dương board still
    # leads (load_sample records the succession once today is past 1 July 2025).
    eve = datetime(2025, 6, 30, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    ledger = LedgerApplication(
        Settings.from_env(env={}, database_url=sqlite_url), clock=lambda: eve
    )
    load_sample(ledger)
    unit = make_principal(ledger, "Văn phòng Tỉnh ủy", Role.UNIT, LEAD_UNIT)
    directive_ids = [issue(ledger) for _ in range(DIRECTIVES)]
    for directive_id in directive_ids:
        advance(ledger, directive_id, c.Accept())
    ledger.close()

    # The server's workers as in production, only more often: a checkpoint every few
    # events, the views runner in the API process (the default).
    monkeypatch.setenv("LEDGER_CHECKPOINT_EVERY", "25")
    monkeypatch.setenv("LEDGER_CHECKPOINT_SECONDS", "1")
    monkeypatch.delenv("LEDGER_VIEWS_RUNNER", raising=False)
    server = LiveServer(sqlite_url, tmp_path / "server.log", workers=api_workers).start()
    follow_log = tmp_path / "follow.log"
    following = None
    if follower:
        with follow_log.open("wb") as log:
            following = subprocess.Popen(
                [CLI, "project", "--follow", "--database-url", sqlite_url],
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
    headers = {"Authorization": f"Bearer {unit.token}"}
    stop = threading.Event()
    written: list[int] = []
    refused: list[str] = []

    def write(worker: int) -> None:
        with httpx.Client(timeout=30) as client:
            n = 0
            while not stop.is_set():
                n += 1
                directive_id = directive_ids[(worker + n) % DIRECTIVES]
                response = client.post(
                    f"{server.url}/v1/directives/{directive_id}/events",
                    json={
                        "type": "progress_reported",
                        "percent": n % 101,
                        "narrative": f"Tiến độ {worker}-{n}",
                    },
                    headers={**headers, "Idempotency-Key": f"w{worker}-{n}"},
                )
                if response.status_code == 201:
                    written.append(n)
                else:
                    refused.append(f"{response.status_code} {response.text}")

    writers = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
    for thread in writers:
        thread.start()
    failures: list[str] = []
    try:
        deadline = time.monotonic() + 20
        while len(written) < 20 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(written) >= 20, "the write load never got going"
        for round_ in range(ROUNDS):
            out = tmp_path / f"export-{round_}.jsonl"
            runs = [
                ("export", "--out", str(out)),
                ("verify",),
                ("checkpoint",),
                ("project",),
                ("rebuild", "status-board"),
                ("verify", "--views"),
            ]
            for args in runs:
                done = run_cli(*args, database_url=sqlite_url)
                if done.returncode != 0:
                    failures.append(f"{' '.join(args)} -> {done.returncode}: {done.stderr}")
    finally:
        stop.set()
        for thread in writers:
            thread.join(timeout=30)
        if following is not None:
            following.terminate()
            following.wait(timeout=30)
        server.stop()
    assert failures == [], "\n".join(failures)
    assert refused == []
    server_log = (tmp_path / "server.log").read_text(encoding="utf-8", errors="replace")
    assert "locked" not in server_log, server_log
    assert "Traceback" not in server_log, server_log
    if following is not None:
        assert following.returncode == 0
        follow_output = follow_log.read_text(encoding="utf-8", errors="replace")
        assert "Traceback" not in follow_output, follow_output
        assert "locked" not in follow_output, follow_output
    # The exports written under load verify on their own, and replay into fresh stores
    # whose views have the digests the live views had when exported.
    # The auditor's own trust anchor: the first key the ledger registered (the server
    # made it at start, `keys init` on the embedded SQLite store).
    shown = run_cli("keys", "show", database_url=sqlite_url)
    assert shown.returncode == 0, shown.stderr
    first_vkey = re.findall(r"localhost/directive-ledger\+[0-9a-f]{8}\+\S+", shown.stdout)[0]
    for round_ in range(ROUNDS):
        export = str(tmp_path / f"export-{round_}.jsonl")
        fresh = f"sqlite:///{tmp_path / f'replay-{round_}.sqlite'}"
        for args in (
            ["verify", export, "--vkey", first_vkey],
            ["replay", export, "--database-url", fresh, "--vkey", first_vkey],
        ):
            done = subprocess.run(
                [CLI, *args],
                check=False,
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert done.returncode == 0, f"{args[0]}: {done.stdout}{done.stderr}"
