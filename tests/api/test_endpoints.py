"""Each endpoint: its success and every error status it documents."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

from fastapi.testclient import TestClient

from ledger.application import LedgerApplication
from ledger.domain import commands as c
from ledger.domain.values import SYSTEM_ACTOR
from tests.api.conftest import LEAD_UNIT, Principal, advance, directive_body, issue

PROBLEM = "application/problem+json"
MEETING = {
    "title": "Buổi làm việc với Ban Thường vụ Tỉnh ủy Hải Dương",
    "held_on": "2021-12-10",
    "place": "Hải Dương",
    "chair": "Võ Văn Thưởng",
    "host_body": "Ban Thường vụ Tỉnh ủy Hải Dương",
    "participants": ["Phạm Xuân Thăng", "Triệu Thế Hùng"],
    "source": {"document": "000_169b2d5c98d96444.txt", "paragraph": 1},
}


def assert_problem(response: object, status: int, rule: str | None = None) -> dict[str, object]:
    from httpx import Response

    assert isinstance(response, Response)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, object] = response.json()
    assert body["status"] == status
    assert {"type", "title", "status", "detail"} <= body.keys()
    if rule is not None:
        assert body["rule"] == rule
    return body


def test_healthz_needs_no_token(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_record_meeting_and_read_it(client: TestClient, principals: dict[str, Principal]) -> None:
    response = client.post("/v1/meetings", json=MEETING, headers=principals["issuer"].headers)
    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"] == f"/v1/meetings/{body['id']}"
    assert response.headers["etag"] == '"1"'
    assert body["version"] == 1
    assert body["position"] >= 1
    assert body["source"] == MEETING["source"]

    directive = client.post(
        "/v1/directives",
        json=directive_body(meeting_id=body["id"], effective_on="2021-12-10"),
        headers=principals["issuer"].headers,
    ).json()
    got = client.get(f"/v1/meetings/{body['id']}", headers=principals["auditor"].headers)
    assert got.status_code == 200
    assert got.json()["directive_ids"] == [directive["id"]]
    assert got.headers["etag"] == '"2"'


def test_meeting_errors(client: TestClient, principals: dict[str, Principal]) -> None:
    assert_problem(client.post("/v1/meetings", json=MEETING), 401, "unauthenticated")
    assert_problem(
        client.post("/v1/meetings", json=MEETING, headers=principals["unit"].headers),
        403,
        "role_not_permitted",
    )
    future = {**MEETING, "held_on": (date.today() + timedelta(days=3)).isoformat()}
    assert_problem(
        client.post("/v1/meetings", json=future, headers=principals["issuer"].headers),
        409,
        "effective_in_future",
    )
    body = assert_problem(
        client.post(
            "/v1/meetings", json={**MEETING, "chair": ""}, headers=principals["issuer"].headers
        ),
        422,
    )
    assert body["errors"] == [
        {"field": "chair", "rule": "string_too_short", "message": body["errors"][0]["message"]}  # type: ignore[index]
    ]
    big = {**MEETING, "participants": ["x" * 250] * 300}
    assert_problem(
        client.post("/v1/meetings", json=big, headers=principals["issuer"].headers),
        413,
        "body_too_large",
    )
    assert_problem(client.get(f"/v1/meetings/{uuid4()}", headers=principals["issuer"].headers), 404)
    assert_problem(client.get("/v1/meetings/not-a-uuid", headers=principals["issuer"].headers), 422)


def test_issue_directive(client: TestClient, principals: dict[str, Principal]) -> None:
    response = client.post(
        "/v1/directives", json=directive_body(code="TW-09"), headers=principals["admin"].headers
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "issued"
    assert body["version"] == 1
    assert body["code"] == "TW-09"
    assert response.headers["location"] == f"/v1/directives/{body['id']}"
    assert response.headers["etag"] == '"1"'
    got = client.get(f"/v1/directives/{body['id']}", headers=principals["unit"].headers)
    assert got.status_code == 200
    assert got.json() == {k: v for k, v in body.items() if k != "position"}


def test_issue_directive_errors(
    client: TestClient, principals: dict[str, Principal], ledger: LedgerApplication
) -> None:
    issuer = principals["issuer"].headers
    assert_problem(client.post("/v1/directives", json=directive_body()), 401)
    assert_problem(
        client.post("/v1/directives", json=directive_body(), headers=principals["unit"].headers),
        403,
    )
    tomorrow = (ledger.today() + timedelta(days=1)).isoformat()
    assert_problem(
        client.post("/v1/directives", json=directive_body(effective_on=tomorrow), headers=issuer),
        409,
        "effective_in_future",
    )
    body = assert_problem(
        client.post("/v1/directives", json=directive_body(meeting_id=str(uuid4())), headers=issuer),
        404,
        "unknown_meeting",
    )
    assert body["errors"][0]["field"] == "meeting_id"  # type: ignore[index]
    body = assert_problem(
        client.post("/v1/directives", json=directive_body(colour="red"), headers=issuer), 422
    )
    assert body["errors"][0]["field"] == "colour"  # type: ignore[index]
    assert body["errors"][0]["rule"] == "extra_forbidden"  # type: ignore[index]
    assert_problem(
        client.post("/v1/directives", json=directive_body(text="x" * 70_000), headers=issuer), 413
    )
    assert ledger.directive_ids() == []


def test_follow_up_success(
    client: TestClient, principals: dict[str, Principal], ledger: LedgerApplication
) -> None:
    directive_id = issue(ledger)
    unit = principals["unit"].headers
    response = client.post(
        f"/v1/directives/{directive_id}/events", json={"type": "accepted"}, headers=unit
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["version"] == 2
    assert body["status"] == "accepted"
    assert body["event"]["type"] == "accepted"
    assert body["event"]["position"] == body["position"]
    assert body["event"]["actor"]["id"] == principals["unit"].actor.id
    assert response.headers["etag"] == '"2"'
    assert response.headers["location"] == f"/v1/directives/{directive_id}?version=2"

    evidence = {"title": "Kế hoạch 12-KH/TU", "reference": "12-KH/TU", "issued_on": "2021-12-20"}
    response = client.post(
        f"/v1/directives/{directive_id}/events",
        json={
            "type": "progress_reported",
            "percent": 40,
            "narrative": "Đã ban hành kế hoạch",
            "evidence": [evidence],
        },
        headers={**unit, "If-Match": '"2"', "X-Request-ID": "req-123"},
    )
    assert response.status_code == 201, response.text
    assert response.headers["x-request-id"] == "req-123"
    event = response.json()["event"]
    assert event["data"]["evidence"] == [{**evidence, "sha256": None}]
    assert event["data"]["meta"]["correlation_id"] == "req-123"
    assert response.json()["status"] == "in_progress"


def test_follow_up_errors(
    client: TestClient, principals: dict[str, Principal], ledger: LedgerApplication
) -> None:
    directive_id = issue(ledger)
    url = f"/v1/directives/{directive_id}/events"
    unit = principals["unit"].headers
    progress = {"type": "progress_reported", "percent": 10, "narrative": "Đang triển khai"}
    assert_problem(client.post(url, json=progress), 401)
    assert_problem(client.post(url, json=progress, headers={"Authorization": "Bearer nope"}), 401)
    assert_problem(client.post(url, json=progress, headers=unit), 409, "not_yet_accepted")
    assert_problem(
        client.post(url, json={"type": "accepted"}, headers=principals["other_unit"].headers),
        403,
        "not_lead_unit",
    )
    assert_problem(
        client.post(f"/v1/directives/{uuid4()}/events", json=progress, headers=unit), 404
    )
    assert_problem(
        client.post(url, json={"type": "accepted"}, headers={**unit, "If-Match": '"7"'}),
        412,
        "stale_version",
    )
    for malformed in ("abc", '"abc"', '"0"', '"7", "8"', ""):
        # Not the format the OpenAPI states (`"<version>"`): 422 naming the header.
        body = assert_problem(
            client.post(url, json={"type": "accepted"}, headers={**unit, "If-Match": malformed}),
            422,
        )
        assert [e["field"] for e in body["errors"]] == ["header.If-Match"]  # type: ignore[union-attr]
    body = assert_problem(client.post(url, json={"type": "promoted"}, headers=unit), 422)
    assert body["errors"][0]["field"] == "body"  # type: ignore[index]
    assert body["errors"][0]["rule"] == "union_tag_invalid"  # type: ignore[index]
    advance(ledger, directive_id, c.Accept())
    body = assert_problem(client.post(url, json={**progress, "percent": 101}, headers=unit), 422)
    assert body["errors"][0]["field"] == "percent"  # type: ignore[index]
    for blank in ("   ", "\u3000\t", "\x1c"):
        body = assert_problem(
            client.post(url, json={**progress, "narrative": blank}, headers=unit), 422
        )
        # Refused by the pattern the schema states (white space only), naming the field.
        assert [(e["field"], e["rule"]) for e in body["errors"]] == [  # type: ignore[union-attr]
            ("narrative", "string_pattern_mismatch")
        ]
    assert_problem(
        client.post(url, json={**progress, "narrative": "x" * 66_000}, headers=unit), 413
    )
    assert_problem(
        client.post(
            url,
            content=b'{"type": "accepted"',
            headers={**unit, "Content-Type": "application/json"},
        ),
        422,
    )
    tomorrow = (ledger.today() + timedelta(days=1)).isoformat()
    assert_problem(
        client.post(url, json={**progress, "effective_on": tomorrow}, headers=unit),
        409,
        "effective_in_future",
    )
    before = (ledger.today() - timedelta(days=1)).isoformat()
    assert_problem(
        client.post(url, json={**progress, "effective_on": before}, headers=unit),
        409,
        "effective_before_issuance",
    )
    assert ledger.get_directive(directive_id).version == 2  # nothing appended by refusals


def test_completion_needs_evidence_and_verdict_needs_report(
    client: TestClient, principals: dict[str, Principal], ledger: LedgerApplication
) -> None:
    directive_id = issue(ledger)
    advance(ledger, directive_id, c.Accept())
    url = f"/v1/directives/{directive_id}/events"
    body = assert_problem(
        client.post(
            url,
            json={"type": "completion_reported", "narrative": "Xong", "evidence": []},
            headers=principals["unit"].headers,
        ),
        422,
    )
    assert body["errors"][0]["field"] == "evidence"  # type: ignore[index]
    assert_problem(
        client.post(
            url, json={"type": "completion_verified"}, headers=principals["issuer"].headers
        ),
        409,
        "completion_not_reported",
    )


def test_get_directive_at_version_and_as_of(
    client: TestClient, principals: dict[str, Principal], ledger: LedgerApplication
) -> None:
    directive_id = issue(ledger)
    advance(ledger, directive_id, c.Accept())
    between = datetime.now(UTC)
    time.sleep(0.01)
    advance(ledger, directive_id, c.ReportProgress(percent=30, narrative="Một phần ba"))
    headers = principals["auditor"].headers
    url = f"/v1/directives/{directive_id}"

    now = client.get(url, headers=headers)
    assert now.json()["status"] == "in_progress"
    assert now.json()["percent"] == 30
    assert now.headers["etag"] == '"3"'
    first = client.get(url, params={"version": 1}, headers=headers)
    assert first.json()["status"] == "issued"
    assert first.headers["etag"] == '"1"'
    then = client.get(url, params={"as_of": between.isoformat()}, headers=headers)
    assert then.status_code == 200, then.text
    assert then.json()["version"] == 2
    assert then.json()["status"] == "accepted"

    assert_problem(client.get(url), 401)
    assert_problem(client.get(url, params={"version": 9}, headers=headers), 404)
    assert_problem(client.get(f"/v1/directives/{uuid4()}", headers=headers), 404)
    long_ago = datetime(2000, 1, 1, tzinfo=UTC).isoformat()
    assert_problem(client.get(url, params={"as_of": long_ago}, headers=headers), 404)
    body = assert_problem(client.get(url, params={"version": 0}, headers=headers), 422)
    assert body["errors"][0]["field"] == "query.version"  # type: ignore[index]
    assert_problem(client.get(url, params={"as_of": "2021-12-10T10:00:00"}, headers=headers), 422)
    assert_problem(
        client.get(url, params={"as_of": between.isoformat(), "version": 1}, headers=headers), 422
    )


def test_history_has_actor_and_both_dates(
    client: TestClient, principals: dict[str, Principal], ledger: LedgerApplication
) -> None:
    directive_id = issue(ledger)
    client.post(
        f"/v1/directives/{directive_id}/events",
        json={"type": "accepted", "effective_on": ledger.today().isoformat()},
        headers=principals["unit"].headers,
    )
    response = client.get(
        f"/v1/directives/{directive_id}/history", headers=principals["auditor"].headers
    )
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(directive_id)
    assert [e["type"] for e in body["events"]] == ["issued", "accepted"]
    accepted = body["events"][1]
    assert accepted["version"] == 2
    assert accepted["actor"] == {
        "id": principals["unit"].actor.id,
        "role": "unit",
        "unit": LEAD_UNIT,
    }
    assert accepted["effective_on"] == ledger.today().isoformat()
    assert datetime.fromisoformat(accepted["recorded_at"]).tzinfo is not None
    assert len(accepted["leaf_hash"]) == 64
    assert accepted["position"] > body["events"][0]["position"]

    assert_problem(client.get(f"/v1/directives/{directive_id}/history"), 401)
    assert_problem(
        client.get(f"/v1/directives/{uuid4()}/history", headers=principals["auditor"].headers),
        404,
    )
    # A principal's id is not a directive: its events (token hashes) are never shown.
    assert_problem(
        client.get(
            f"/v1/directives/{principals['unit'].actor.id}/history",
            headers=principals["auditor"].headers,
        ),
        404,
    )


def test_revoked_token_is_refused(
    client: TestClient, principals: dict[str, Principal], ledger: LedgerApplication
) -> None:
    from uuid import UUID

    issuer = principals["issuer"]
    assert client.get(f"/v1/meetings/{uuid4()}", headers=issuer.headers).status_code == 404
    ledger.revoke_principal(ledger.context(SYSTEM_ACTOR), UUID(issuer.actor.id))
    response = client.get(f"/v1/meetings/{uuid4()}", headers=issuer.headers)
    assert_problem(response, 401, "unauthenticated")
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_streamed_body_over_the_limit_is_413(
    client: TestClient, principals: dict[str, Principal], ledger: LedgerApplication
) -> None:
    def chunks() -> object:
        yield b'{"type": "accepted", "note": "'
        for _ in range(70):
            yield b"x" * 1024
        yield b'"}'

    directive_id = issue(ledger)
    response = client.post(
        f"/v1/directives/{directive_id}/events",
        content=chunks(),  # type: ignore[arg-type]
        headers={**principals["unit"].headers, "Content-Type": "application/json"},
    )
    assert "content-length" not in response.request.headers
    assert_problem(response, 413, "body_too_large")
    assert ledger.get_directive(directive_id).version == 1


def test_unknown_route_and_method_are_problems(client: TestClient) -> None:
    assert_problem(client.get("/v1/nothing-here"), 404)
    assert_problem(client.delete("/healthz"), 405)


def test_openapi_documents_problems_with_vietnamese_examples(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    post = schema["paths"]["/v1/directives/{directive_id}/events"]["post"]
    for status in ("201", "401", "403", "404", "409", "412", "413", "422"):
        assert status in post["responses"], status
    conflict = post["responses"]["409"]["content"]["application/problem+json"]
    assert conflict["schema"] == {"$ref": "#/components/schemas/Problem"}
    assert "chưa tiếp thu" in conflict["example"]["detail"]
    examples = post["requestBody"]["content"]["application/json"]["examples"]
    assert set(examples) == {
        "accepted",
        "progress_reported",
        "extension_requested",
        "extension_granted",
        "extension_refused",
        "reassigned",
        "completion_reported",
        "completion_verified",
        "completion_rejected",
        "withdrawn",
        "annotated",
    }


def test_every_operation_documents_its_problems_and_headers(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    components = schema["components"]["schemas"]
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            if not path.startswith("/v1/"):
                continue
            # The public key and the checkpoint note are public: they never answer 401.
            public = ("/v1/audit/public-key", "/v1/audit/checkpoint")
            assert "401" in responses or path in public, (method, path)
            for status, answer in responses.items():
                if status.startswith("4"):
                    problem = answer["content"]["application/problem+json"]
                    assert "application/json" not in answer["content"], (method, path, status)
                    assert problem["example"]["status"] == int(status)
                else:
                    assert "X-Request-ID" in answer["headers"], (method, path, status)
                    content = answer.get("content", {})
                    if "application/json" not in content:
                        # a signed note, a proof bundle, a report file or an event stream
                        assert content, (method, path, status)
                        continue
                    ref = answer["content"]["application/json"]["schema"]["$ref"]
                    assert components[ref.rsplit("/", 1)[-1]]["examples"], (method, path)
            if method == "post":
                assert "413" in responses
                if "202" in responses:
                    continue  # work queued (dead letters replayed), nothing created
                assert {"Location", "ETag"} <= set(responses["201"]["headers"])


def test_out_of_range_numbers_and_nul_are_422_not_500(
    client: TestClient, principals: dict[str, Principal], ledger: LedgerApplication
) -> None:
    directive_id = issue(ledger)
    advance(ledger, directive_id, c.Accept())
    unit = principals["unit"].headers
    url = f"/v1/directives/{directive_id}"
    for version in (10**20, 2**63):
        assert_problem(client.get(url, params={"version": version}, headers=unit), 422)
    note = {"type": "annotated", "refers_to_version": 10**20, "text": "Ghi chú"}
    assert_problem(client.post(url + "/events", json=note, headers=unit), 422)
    nul = {"type": "progress_reported", "percent": 5, "narrative": "trước\x00sau"}
    body = assert_problem(client.post(url + "/events", json=nul, headers=unit), 422)
    assert body["errors"][0]["field"] == "narrative"  # type: ignore[index]
    cited = directive_body(source={"document": "Báo cáo", "paragraph": 10**20})
    assert_problem(
        client.post("/v1/directives", json=cited, headers=principals["issuer"].headers), 422
    )
    lone_surrogate = b'{"type": "progress_reported", "percent": 5, "narrative": "\\ud800"}'
    assert_problem(
        client.post(url + "/events", content=lone_surrogate,
                    headers={**unit, "Content-Type": "application/json"}),
        422,
    )  # fmt: skip
    assert ledger.get_directive(directive_id).version == 2
