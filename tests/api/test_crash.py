"""A server killed with SIGKILL under write load loses no acknowledged event and leaves
nothing half-written."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest

from ledger.application import LedgerApplication
from ledger.domain import commands as c
from ledger.domain.values import Role
from ledger.settings import Settings
from tests.api.conftest import LEAD_UNIT, advance, issue, make_principal
from tests.api.live_server import LiveServer

WRITERS = 8
DIRECTIVES = 4


@pytest.mark.slow
def test_sigkill_under_write_load_keeps_every_acknowledged_event(
    sqlite_url: str, tmp_path: Path
) -> None:
    ledger = LedgerApplication(Settings.from_env(env={}, database_url=sqlite_url))
    unit = make_principal(ledger, "Văn phòng Tỉnh ủy", Role.UNIT, LEAD_UNIT)
    directive_ids = [issue(ledger) for _ in range(DIRECTIVES)]
    for directive_id in directive_ids:
        advance(ledger, directive_id, c.Accept())
    ledger.close()
    headers = {"Authorization": f"Bearer {unit.token}"}

    server = LiveServer(sqlite_url, tmp_path / "server.log").start()
    acknowledged: list[dict[str, Any]] = []
    lock = threading.Lock()
    stop = threading.Event()

    def write(worker: int) -> None:
        directive_id = directive_ids[worker % DIRECTIVES]
        url = f"{server.url}/v1/directives/{directive_id}/events"
        with httpx.Client(timeout=10) as client:
            n = 0
            while not stop.is_set():
                n += 1
                body = {"type": "progress_reported", "percent": n % 101,
                        "narrative": f"Người viết {worker}, báo cáo {n}"}  # fmt: skip
                key = {"Idempotency-Key": f"w{worker}-{n}"}
                try:
                    response = client.post(url, json=body, headers={**headers, **key})
                except httpx.HTTPError:
                    return  # the server is gone
                if response.status_code == 201:
                    with lock:
                        acknowledged.append({**response.json(), "sent": (url, body, key)})

    writers = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
    for thread in writers:
        thread.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with lock:
            if len(acknowledged) >= 150:
                break
        time.sleep(0.05)
    server.kill()  # mid-load: requests are in flight
    stop.set()
    for thread in writers:
        thread.join(timeout=15)
    assert len(acknowledged) >= 20, "the load never got going"

    restarted = LiveServer(sqlite_url, tmp_path / "server.log").start()
    try:
        stored: dict[str, list[dict[str, Any]]] = {}
        for directive_id in directive_ids:
            response = httpx.get(
                f"{restarted.url}/v1/directives/{directive_id}/history", headers=headers
            )
            assert response.status_code == 200
            stored[str(directive_id)] = response.json()["events"]
        # Every 201 is in the history, at the version and position it was given.
        for answer in acknowledged:
            events = stored[answer["id"]]
            event = events[answer["version"] - 1]
            assert event["version"] == answer["version"]
            assert event["position"] == answer["position"]
            assert event["data"]["narrative"] == answer["event"]["data"]["narrative"]
            assert event["leaf_hash"] == answer["event"]["leaf_hash"]
        # Nothing half-written: versions contiguous, each event with its leaf and position.
        positions: list[int] = []
        for events in stored.values():
            assert [e["version"] for e in events] == list(range(1, len(events) + 1))
            for event in events:
                assert event["position"] is not None
                assert event["leaf_hash"] is not None
                positions.append(event["position"])
        assert len(positions) == len(set(positions))
        # A client retrying after the crash gets the first answer; nothing is appended.
        for answer in acknowledged[-5:]:
            url, body, key = answer["sent"]
            retry = httpx.post(url.replace(server.url, restarted.url), json=body,
                               headers={**headers, **key})  # fmt: skip
            assert retry.status_code == 201
            assert retry.json() == {k: v for k, v in answer.items() if k != "sent"}
        # And the restarted server still writes.
        after = httpx.post(
            f"{restarted.url}/v1/directives/{directive_ids[0]}/events",
            json={"type": "progress_reported", "percent": 99, "narrative": "Sau khi khởi động lại"},
            headers=headers,
        )
        assert after.status_code == 201
        assert after.json()["version"] == len(stored[str(directive_ids[0])]) + 1
    finally:
        restarted.stop()

    reopened = LedgerApplication(Settings.from_env(env={}, database_url=sqlite_url))
    try:
        # Every stored event has exactly one leaf: the log and its leaves agree.
        total = sum(len(reopened.history(UUID(d))) for d in stored)
        assert total == sum(len(e) for e in stored.values()) + 1
        for directive_id in directive_ids:
            assert len(reopened.leaves_of(directive_id)) == len(reopened.history(directive_id))
    finally:
        reopened.close()
