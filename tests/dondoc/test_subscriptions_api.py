"""``/v1/subscriptions``: admin only; the secret shown once; strict bodies; 404s."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from ledger.api.app import create_app
from ledger.application import LedgerApplication
from ledger.domain.values import SYSTEM_ACTOR, Role
from tests.dondoc.support import make_app


@pytest.fixture
def ledger(database_url: str) -> Iterator[LedgerApplication]:
    app = make_app(database_url)
    yield app
    app.close()


def bearer(ledger: LedgerApplication, role: Role, unit: str | None = None) -> dict[str, str]:
    token, _ = ledger.register_principal(
        ledger.context(SYSTEM_ACTOR), name="P", role=role, unit=unit
    )
    return {"Authorization": f"Bearer {token}"}


def test_subscriptions_lifecycle(ledger: LedgerApplication) -> None:
    admin = bearer(ledger, Role.ADMIN)
    auditor = bearer(ledger, Role.AUDITOR)
    with TestClient(create_app(ledger=ledger)) as http:
        body = {"sink": "http://127.0.0.1:9/hook", "types": ["reminded"], "unit": "Sở Tài chính"}
        assert http.post("/v1/subscriptions", json=body, headers=auditor).status_code == 403
        created = http.post("/v1/subscriptions", json=body, headers=admin)
        assert created.status_code == 201
        sub = created.json()
        assert sub["secret"].startswith("whsec_")
        assert created.headers["location"] == f"/v1/subscriptions/{sub['id']}"
        assert sub["types"] == ["reminded"]
        assert sub["unit"] == "Sở Tài chính"
        assert sub["position"] == ledger.max_position()
        assert sub["state"] == "active"
        listed = http.get("/v1/subscriptions", headers=admin).json()["subscriptions"]
        assert [s["id"] for s in listed] == [sub["id"]]
        one = http.get(f"/v1/subscriptions/{sub['id']}", headers=admin)
        assert one.status_code == 200
        assert sub["secret"] not in one.text
        assert sub["secret"] not in str(listed)
        assert http.get(f"/v1/subscriptions/{sub['id']}/dead-letters", headers=admin).json() == {
            "dead_letters": []
        }
        replay = http.post(f"/v1/subscriptions/{sub['id']}/dead-letters/replay", headers=admin)
        assert replay.status_code == 202
        assert replay.json() == {"queued": 0}
        deleted = http.delete(f"/v1/subscriptions/{sub['id']}", headers=admin)
        assert deleted.status_code == 200
        assert deleted.json()["id"] == sub["id"]
        gone = http.get(f"/v1/subscriptions/{sub['id']}", headers=admin)
        assert gone.status_code == 404
        assert gone.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "body",
    [
        {"sink": "ftp://example.org/x"},
        {"sink": "0"},
        {"sink": "http://user:password@example.org/x"},
        {"sink": "http://example.org:99999/x"},
        {"sink": "http://example.org/x y"},
        {"sink": "http://127.0.0.1/x", "types": ["progress_reported\n"]},
        {"sink": "http://127.0.0.1/x", "types": [""]},
        {"sink": "http://127.0.0.1/x", "types": ["Not A Type"]},
        {"sink": "http://127.0.0.1/x", "extra": 1},
        {"sink": 5},
        {"types": []},
        {"sink": "http://127.0.0.1/x", "after": -1},
        {"sink": "http://127.0.0.1/x", "after": 10**9},
    ],
)
def test_bad_bodies_are_422(ledger: LedgerApplication, body: dict[str, object]) -> None:
    admin = bearer(ledger, Role.ADMIN)
    with TestClient(create_app(ledger=ledger)) as http:
        answer = http.post("/v1/subscriptions", json=body, headers=admin)
        assert answer.status_code == 422, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["errors"]
        assert http.get("/v1/subscriptions", headers=admin).json() == {"subscriptions": []}
        assert http.get("/v1/subscriptions/not-a-uuid", headers=admin).status_code == 422
