"""Idempotency-Key: a retry returns the first answer and appends nothing; another body
with the same key is refused."""

from __future__ import annotations

from fastapi.testclient import TestClient

from ledger.application import LedgerApplication
from ledger.domain import commands as c
from tests.api.conftest import Principal, advance, issue


def test_same_key_twice_returns_the_same_body_and_appends_once(
    client: TestClient, principals: dict[str, Principal], ledger: LedgerApplication
) -> None:
    directive_id = issue(ledger)
    advance(ledger, directive_id, c.Accept())
    url = f"/v1/directives/{directive_id}/events"
    headers = {**principals["unit"].headers, "Idempotency-Key": "bao-cao-thang-3"}
    body = {"type": "progress_reported", "percent": 60, "narrative": "Đạt 60% kế hoạch"}

    first = client.post(url, json=body, headers=headers)
    assert first.status_code == 201, first.text
    position = ledger.max_position()
    # The same body, keys in another order: the same request.
    again = client.post(url, json=dict(reversed(list(body.items()))), headers=headers)
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["location"] == first.headers["location"]
    assert ledger.max_position() == position
    assert ledger.get_directive(directive_id).version == 3
    assert first.json()["event"]["data"]["meta"]["idempotency_key"] == "bao-cao-thang-3"


def test_same_key_with_another_body_is_refused(
    client: TestClient, principals: dict[str, Principal], ledger: LedgerApplication
) -> None:
    directive_id = issue(ledger)
    advance(ledger, directive_id, c.Accept())
    url = f"/v1/directives/{directive_id}/events"
    headers = {**principals["unit"].headers, "Idempotency-Key": "k-1"}
    body = {"type": "progress_reported", "percent": 60, "narrative": "Đạt 60%"}
    assert client.post(url, json=body, headers=headers).status_code == 201
    position = ledger.max_position()

    refused = client.post(url, json={**body, "percent": 70}, headers=headers)
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert problem["rule"] == "idempotency_key_reused"
    assert problem["errors"][0]["field"] == "Idempotency-Key"
    assert "different request" in problem["detail"]
    assert ledger.max_position() == position


def test_keys_are_scoped_to_the_principal(
    client: TestClient, principals: dict[str, Principal], ledger: LedgerApplication
) -> None:
    directive_id = issue(ledger)
    advance(ledger, directive_id, c.Accept())
    url = f"/v1/directives/{directive_id}/events"
    note = {"type": "annotated", "refers_to_version": 1, "text": "Ghi chú"}
    for role in ("issuer", "admin"):
        response = client.post(
            url, json=note, headers={**principals[role].headers, "Idempotency-Key": "same"}
        )
        assert response.status_code == 201
    assert ledger.get_directive(directive_id).version == 4


def test_a_refused_request_does_not_use_up_its_key(
    client: TestClient, principals: dict[str, Principal], ledger: LedgerApplication
) -> None:
    directive_id = issue(ledger)
    url = f"/v1/directives/{directive_id}/events"
    headers = {**principals["unit"].headers, "Idempotency-Key": "k-2"}
    body = {"type": "progress_reported", "percent": 5, "narrative": "Bắt đầu"}
    assert client.post(url, json=body, headers=headers).status_code == 409  # not accepted yet
    advance(ledger, directive_id, c.Accept())
    assert client.post(url, json=body, headers=headers).status_code == 201
