"""The API on both stores: the same requests give the same answers on SQLite and
PostgreSQL (issue, follow up, If-Match, Idempotency-Key, history)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from ledger.api.app import create_app
from ledger.application import LedgerApplication
from ledger.domain.values import Role
from ledger.settings import Settings
from tests.api.conftest import LEAD_UNIT, directive_body, make_principal


@pytest.fixture
def store_ledger(database_url: str) -> Iterator[LedgerApplication]:
    app = LedgerApplication(Settings.from_env(env={}, database_url=database_url))
    yield app
    app.close()


def test_follow_up_flow_on_each_store(store_ledger: LedgerApplication) -> None:
    issuer = make_principal(store_ledger, "Võ Văn Thưởng", Role.ISSUER).headers
    unit = make_principal(store_ledger, "Văn phòng Tỉnh ủy", Role.UNIT, LEAD_UNIT).headers
    with TestClient(create_app(ledger=store_ledger)) as client:
        created = client.post("/v1/directives", json=directive_body(), headers=issuer)
        assert created.status_code == 201, created.text
        events = created.headers["location"] + "/events"
        assert client.post(events, json={"type": "accepted"}, headers=unit).status_code == 201
        report = {"type": "progress_reported", "percent": 30, "narrative": "Đạt 30%"}
        keyed = {**unit, "Idempotency-Key": "k", "If-Match": '"2"'}
        first = client.post(events, json=report, headers=keyed)
        assert first.status_code == 201, first.text
        assert client.post(events, json=report, headers=keyed).json() == first.json()
        stale = client.post(events, json=report, headers={**unit, "If-Match": '"2"'})
        assert stale.status_code == 412
        history = client.get(created.headers["location"] + "/history", headers=unit).json()
        assert [e["type"] for e in history["events"]] == [
            "issued", "accepted", "progress_reported"
        ]  # fmt: skip
        assert [e["position"] for e in history["events"]] == sorted(
            e["position"] for e in history["events"]
        )
