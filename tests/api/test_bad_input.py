"""Refused input at the edge, table by table: each is a 4xx problem+json whose ``errors``
name the field, and the log is exactly as long afterwards (nothing appended)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from ledger.application import LedgerApplication
from ledger.domain import commands as c
from tests.api.conftest import Principal, advance, directive_body, issue

PROBLEM = "application/problem+json"
MEETING: dict[str, Any] = {
    "title": "Buổi làm việc với Ban Thường vụ Tỉnh ủy Hải Dương",
    "held_on": "2021-12-10",
    "chair": "Võ Văn Thưởng",
    "host_body": "Ban Thường vụ Tỉnh ủy Hải Dương",
}
PROGRESS: dict[str, Any] = {"type": "progress_reported", "percent": 40, "narrative": "Đã lập"}


def refused(response: Any, field: str, status: int = 422) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert field in [e["field"] for e in body["errors"]], body
    assert all({"field", "rule", "message"} <= e.keys() for e in body["errors"])
    return body


@pytest.fixture
def accepted(ledger: LedgerApplication) -> UUID:
    directive_id = issue(ledger)
    advance(ledger, directive_id, c.Accept())
    return directive_id


MEETING_BODIES = [
    ("held_on", 0),
    ("held_on", 20211210),
    ("held_on", "1638316800"),
    ("held_on", "2021-12-10T00:00:00"),
    ("held_on", "10/12/2021"),
    ("held_on", "2021-13-01"),
    ("held_on", "2021-02-30"),
    ("held_on", True),
    ("held_on", None),
    ("title", 5),
    ("title", "   "),
    ("title", ["Họp"]),
    ("chair", "\u3000"),
    ("participants", "Phạm Xuân Thăng"),
    ("participants", [1]),
    ("source", {"document": "d", "paragraph": "5"}),
    ("source", {"document": "d", "paragraph": 5.0}),
    ("source", {"document": "d", "paragraph": True}),
]


@pytest.mark.parametrize(("field", "value"), MEETING_BODIES)
def test_meeting_bodies(
    client: TestClient,
    ledger: LedgerApplication,
    principals: dict[str, Principal],
    field: str,
    value: Any,
) -> None:
    before = ledger.max_position()
    answer = client.post(
        "/v1/meetings", json={**MEETING, field: value}, headers=principals["issuer"].headers
    )
    named = {"source": "source.paragraph"}.get(field, field)
    if field == "participants" and isinstance(value, list):
        named = "participants.0"
    refused(answer, named)
    assert ledger.max_position() == before


DIRECTIVE_BODIES = [
    ("deadline", 0),
    ("deadline", "2027-1-31"),
    ("deadline", "2027-01-31T00:00:00Z"),
    ("effective_on", 1),
    ("effective_on", "yesterday"),
    ("meeting_id", 12),
    ("meeting_id", "82c33f8cc69b5733a16792ccd4c34546"),
    ("meeting_id", "urn:uuid:82c33f8c-c69b-5733-a167-92ccd4c34546"),
    ("parent_id", "{82c33f8c-c69b-5733-a167-92ccd4c34546}"),
    ("coordinating_units", "Sở Tài chính"),
    ("lead_unit", " \t"),
    ("code", 9),
]


@pytest.mark.parametrize(("field", "value"), DIRECTIVE_BODIES)
def test_directive_bodies(
    client: TestClient,
    ledger: LedgerApplication,
    principals: dict[str, Principal],
    field: str,
    value: Any,
) -> None:
    before = ledger.max_position()
    answer = client.post(
        "/v1/directives",
        json=directive_body(**{field: value}),
        headers=principals["issuer"].headers,
    )
    refused(answer, field)
    assert ledger.max_position() == before


FOLLOW_UPS = [
    ({**PROGRESS, "percent": "40"}, "percent"),
    ({**PROGRESS, "percent": 40.0}, "percent"),
    ({**PROGRESS, "percent": 40.5}, "percent"),
    ({**PROGRESS, "percent": True}, "percent"),
    ({**PROGRESS, "percent": 101}, "percent"),
    ({**PROGRESS, "percent": -1}, "percent"),
    ({**PROGRESS, "effective_on": 0}, "effective_on"),
    ({**PROGRESS, "effective_on": "2022-03-15 "}, "effective_on"),
    (
        {**PROGRESS, "evidence": [{"title": "t", "reference": "r", "issued_on": 0}]},
        "evidence.0.issued_on",
    ),
    ({"type": "extension_requested", "requested_deadline": 0, "reason": "r"}, "requested_deadline"),
    ({"type": "annotated", "refers_to_version": "1", "text": "t"}, "refers_to_version"),
    ({"type": "annotated", "refers_to_version": 1.0, "text": "t"}, "refers_to_version"),
    ({"type": "accepted", "note": 5}, "note"),
    ({"type": "promoted"}, "body"),  # no such member of the union: the body is named
]  # fmt: skip


@pytest.mark.parametrize(("body", "field"), FOLLOW_UPS)
def test_follow_up_bodies(
    client: TestClient,
    ledger: LedgerApplication,
    principals: dict[str, Principal],
    accepted: UUID,
    body: dict[str, Any],
    field: str,
) -> None:
    before = ledger.max_position()
    answer = client.post(
        f"/v1/directives/{accepted}/events", json=body, headers=principals["unit"].headers
    )
    refused(answer, field)
    assert ledger.max_position() == before
    assert ledger.get_directive(accepted).version == 2


QUERIES = [
    ("/v1/views/overdue", {"on": "0"}, "query.on"),
    ("/v1/views/status-board", {"on": "2021-13-01"}, "query.on"),
    ("/v1/views/units", {"on": "20211210"}, "query.on"),
    ("/v1/views/status-board", {"overdue": "yes"}, "query.overdue"),
    ("/v1/views/status-board", {"overdue": "1"}, "query.overdue"),
    ("/v1/views/status-board", {"meeting_id": "0"}, "query.meeting_id"),
    ("/v1/views/activity", {"limit": "abc"}, "query.limit"),
    ("/v1/views/activity", {"limit": "5.0"}, "query.limit"),
    ("/v1/views/activity", {"after": "+1"}, "query.after"),
    ("/v1/views/activity", {"after": "1_000"}, "query.after"),
    ("/v1/views/units", {"min_position": " 1"}, "query.min_position"),
    ("/v1/directives", {"cursor": ""}, "query.cursor"),
    ("/v1/directives", {"cursor": "-1"}, "query.cursor"),
    ("/v1/directives", {"limit": "0"}, "query.limit"),
    ("/v1/audit/log", {"after": "x"}, "query.after"),
    ("/v1/audit/proofs/inclusion", {"position": "2", "size": "1"}, "query.size"),
    ("/v1/audit/proofs/consistency", {"from": "3", "to": "2"}, "query.to"),
]


@pytest.mark.parametrize(("path", "params", "field"), QUERIES)
def test_query_parameters(
    client: TestClient,
    ledger: LedgerApplication,
    principals: dict[str, Principal],
    accepted: UUID,
    path: str,
    params: dict[str, str],
    field: str,
) -> None:
    before = ledger.max_position()
    refused(client.get(path, params=params, headers=principals["admin"].headers), field)
    assert ledger.max_position() == before


DIRECTIVE_QUERIES = [
    ({"version": "1.0"}, "query.version"),
    ({"version": "true"}, "query.version"),
    ({"as_of": "2021-12-10T10:00:00"}, "query.as_of"),
    ({"as_of": "0"}, "query.as_of"),
    ({"as_of": "2021-12-10"}, "query.as_of"),
    ({"as_of": "2030-01-01T00:00:00Z", "version": "1"}, "query.as_of"),
]


@pytest.mark.parametrize(("params", "field"), DIRECTIVE_QUERIES)
def test_directive_queries(
    client: TestClient,
    ledger: LedgerApplication,
    principals: dict[str, Principal],
    accepted: UUID,
    params: dict[str, str],
    field: str,
) -> None:
    before = ledger.max_position()
    answer = client.get(
        f"/v1/directives/{accepted}", params=params, headers=principals["admin"].headers
    )
    refused(answer, field)
    assert ledger.max_position() == before


@pytest.mark.parametrize(
    "path",
    [
        "/v1/directives/not-a-uuid",
        "/v1/directives/82c33f8cc69b5733a16792ccd4c34546/history",
        "/v1/meetings/None",
        "/v1/views/meetings/0",
    ],
)
def test_path_ids_are_uuid_strings(
    client: TestClient, ledger: LedgerApplication, principals: dict[str, Principal], path: str
) -> None:
    before = ledger.max_position()
    answer = client.get(path, headers=principals["admin"].headers)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == PROBLEM
    assert [e["field"].split(".")[0] for e in answer.json()["errors"]] == ["path"]
    assert ledger.max_position() == before


def test_a_405_allows_every_method_of_the_path(
    client: TestClient, principals: dict[str, Principal], accepted: UUID
) -> None:
    headers = principals["admin"].headers
    for method, path, allowed in [
        ("OPTIONS", "/v1/directives", "GET, HEAD, POST"),
        ("DELETE", "/v1/directives", "GET, HEAD, POST"),
        ("PUT", f"/v1/directives/{accepted}", "GET, HEAD"),
        ("GET", f"/v1/directives/{accepted}/events", "POST"),
        ("PATCH", "/v1/meetings", "POST"),
    ]:
        answer = client.request(method, path, headers=headers)
        assert answer.status_code == 405, (method, path, answer.text)
        assert answer.headers["allow"] == allowed, (method, path)
        assert answer.headers["content-type"] == PROBLEM
