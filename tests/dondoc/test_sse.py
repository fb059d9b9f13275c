"""``GET /v1/events/stream`` on a real server (uvicorn, a subprocess): a client reading
across a kill -9 and restart of the server sees the log exactly (no gap, no repeat);
heartbeats; role scope and filters."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from ledger.application import LedgerApplication
from ledger.domain import commands as c
from ledger.domain.values import SYSTEM_ACTOR, Role
from ledger.integrity.export import envelope
from ledger.store.log_reader import log_rows
from tests.api.live_server import LiveServer
from tests.dondoc.sse_client import SSEClient
from tests.dondoc.support import LEAD_UNIT, OTHER_UNIT, accept, issue, make_app


def add_events(app: LedgerApplication, n: int, unit: str = LEAD_UNIT) -> None:
    for i in range(n):
        d = issue(app, date(2030, 1, 1), unit=unit, title=f"Nhiệm vụ {i} — Hải Dương")
        if unit == LEAD_UNIT:
            accept(app, d)


def token(app: LedgerApplication, role: Role, unit: str | None = None) -> str:
    t, _ = app.register_principal(app.context(SYSTEM_ACTOR), name="Người đọc", role=role, unit=unit)
    return t


@pytest.fixture
def ledger(sqlite_url: str) -> Iterator[LedgerApplication]:
    app = make_app(sqlite_url)
    yield app
    app.close()


@pytest.fixture
def server(
    ledger: LedgerApplication, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[LiveServer]:
    monkeypatch.setenv("LEDGER_SSE_HEARTBEAT", "0.3")
    live = LiveServer(sqlite_url, tmp_path / "server.log")
    yield live.start(timeout=120)
    live.kill()


def test_resume_across_a_server_restart(ledger: LedgerApplication, server: LiveServer) -> None:
    auditor = token(ledger, Role.AUDITOR)
    add_events(ledger, 3)
    client = SSEClient(server.url + "/v1/events/stream", auditor).start()
    try:
        client.wait_for(ledger.max_position())
        add_events(ledger, 3)
        client.wait_for(ledger.max_position())
        server.kill()  # SIGKILL mid-stream
        add_events(ledger, 3)  # written while the server is down
        server.start(timeout=120)
        add_events(ledger, 3)
        client.wait_for(ledger.max_position())
        client.wait_comment(": heartbeat")  # an idle stream still speaks
    finally:
        client.stop()
    head = ledger.max_position()
    assert client.ids() == list(range(1, head + 1))  # the union is the log: no gap, no repeat
    assert client.connections >= 2
    rows = log_rows(ledger.ledger_recorder, 0, head)
    assert [e for _, e in client.events] == [envelope(r, ledger.settings.origin) for r in rows]


def test_after_types_and_scope(ledger: LedgerApplication, server: LiveServer) -> None:
    unit_token = token(ledger, Role.UNIT, LEAD_UNIT)
    add_events(ledger, 2)
    add_events(ledger, 2, unit=OTHER_UNIT)
    d = issue(ledger, date(2030, 1, 1), unit=OTHER_UNIT)
    ledger.record_follow_up(
        d,
        c.Reassign(lead_unit=LEAD_UNIT, coordinating_units=[], reason="Giao lại"),
        ledger.context(SYSTEM_ACTOR),
    )
    accept(ledger, d)
    auditor_token = token(ledger, Role.AUDITOR)
    head = ledger.max_position()
    ours = SSEClient(server.url + "/v1/events/stream", unit_token).start()
    issued = SSEClient(
        server.url + "/v1/events/stream", auditor_token,
        {"type": "ledger.issued", "after": "3"},
    ).start()  # fmt: skip
    expected = [r[0] for r in log_rows(ledger.ledger_recorder, 3, 1000) if r[3].endswith(".Issued")]
    try:
        ours.wait_for(7)
        issued.wait_for(len(expected))
    finally:
        ours.stop()
        issued.stop()
    # the unit's two directives (issued, accepted) and the reassigned one's whole history
    subjects = {e["subject"] for _, e in ours.events}
    assert len(subjects) == 3
    assert str(d) in subjects
    assert all(e["type"].startswith("ledger.") and e["subject"] for _, e in ours.events)
    assert {e["type"] for _, e in issued.events} == {"ledger.issued"}
    assert issued.ids() == expected
    # Reading the stream is a GET: it appended nothing (tests/api/test_no_get_writes.py
    # cannot hold an endless stream open in process).
    assert ledger.max_position() == head


def test_bad_parameters_are_422_and_scope_403(
    ledger: LedgerApplication, server: LiveServer
) -> None:
    import httpx

    unit_token = token(ledger, Role.UNIT, LEAD_UNIT)
    headers = {"Authorization": f"Bearer {unit_token}"}
    url = server.url + "/v1/events/stream"
    bad = httpx.get(url, headers={**headers, "Last-Event-ID": "abc"})
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    assert bad.json()["errors"][0]["field"] == "header.Last-Event-ID"
    assert httpx.get(url, headers=headers, params={"after": "-1"}).status_code == 422
    assert httpx.get(url, headers=headers, params={"type": "Bad Type"}).status_code == 422
    other = httpx.get(url, headers=headers, params={"unit": OTHER_UNIT})
    assert other.status_code == 403
    assert httpx.get(url).status_code == 401
