"""``/v1/views/...`` and ``GET /v1/directives``: read your own writes with
``min_position``, ``on`` dates, digests over the rows, pages, and every refusal."""

from __future__ import annotations

import hashlib
import time
from datetime import date, timedelta
from uuid import uuid4

import rfc8785
from fastapi.testclient import TestClient

from ledger.application import LedgerApplication
from ledger.domain import commands as c
from tests.api.conftest import LEAD_UNIT, Principal, advance, directive_body, issue
from tests.api.test_endpoints import MEETING, assert_problem

VIEWS = ("status-board", "overdue", "units", "activity")
PAGING = {
    "status-board": {"counts", "next_cursor"},
    "overdue": {"counts", "next_cursor"},
    "activity": {"next_cursor"},
    "units": set(),
}


def digest(rows: object) -> str:
    return "sha256:" + hashlib.sha256(rfc8785.dumps(rows)).hexdigest()


def test_a_write_is_visible_at_its_position(
    client: TestClient, principals: dict[str, Principal]
) -> None:
    issuer, unit = principals["issuer"].headers, principals["unit"].headers
    written = client.post("/v1/directives", json=directive_body(), headers=issuer).json()
    accepted = client.post(
        f"/v1/directives/{written['id']}/events", json={"type": "accepted"}, headers=unit
    ).json()
    response = client.get(
        "/v1/views/status-board",
        params={"min_position": accepted["position"]},
        headers=principals["auditor"].headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["position"] >= accepted["position"]
    [row] = [r for r in body["rows"] if r["id"] == written["id"]]
    assert (row["status"], row["grid"], row["version"]) == ("accepted", "open_within_deadline", 2)
    assert body["digest"] == digest(body["rows"])


def test_every_view_has_position_digest_and_rows(
    client: TestClient, ledger: LedgerApplication, principals: dict[str, Principal]
) -> None:
    meeting = client.post("/v1/meetings", json=MEETING, headers=principals["issuer"].headers)
    meeting_id = meeting.json()["id"]
    client.post(
        "/v1/directives",
        json=directive_body(meeting_id=meeting_id),
        headers=principals["issuer"].headers,
    )
    head = ledger.max_position()
    headers = principals["unit"].headers
    for name in VIEWS:
        response = client.get(f"/v1/views/{name}", params={"min_position": head}, headers=headers)
        assert response.status_code == 200, (name, response.text)
        body = response.json()
        assert set(body) == {"position", "digest", "rows"} | PAGING[name]
        assert body["position"] == head
        assert body["digest"] == digest(body["rows"])
    summary = client.get(
        f"/v1/views/meetings/{meeting_id}", params={"min_position": head}, headers=headers
    ).json()
    [row] = summary["rows"]
    assert (row["id"], row["directives"], row["open_within_deadline"]) == (meeting_id, 1, 1)
    assert row["title"] == MEETING["title"]
    assert summary["digest"] == digest(summary["rows"])


def test_overdue_on_a_date(
    client: TestClient, ledger: LedgerApplication, principals: dict[str, Principal]
) -> None:
    directive_id = issue(ledger)  # deadline: today + 30 days
    advance(ledger, directive_id, c.Accept())
    headers = principals["auditor"].headers
    late_day = ledger.today() + timedelta(days=45)
    params = {"on": late_day.isoformat(), "min_position": ledger.max_position()}
    late = client.get("/v1/views/overdue", params=params, headers=headers)
    [row] = late.json()["rows"]
    assert (row["id"], row["days_overdue"], row["bucket"]) == (str(directive_id), 15, "1-30")
    assert client.get("/v1/views/overdue", headers=headers).json()["rows"] == []
    units = client.get("/v1/views/units", params={"on": late_day.isoformat()}, headers=headers)
    [unit_row] = units.json()["rows"]
    assert (unit_row["lead_unit"], unit_row["open_overdue"]) == (LEAD_UNIT, 1)
    assert unit_row["on_time_rate"] is None
    before = client.get(
        "/v1/views/status-board", params={"on": "2000-01-01"}, headers=headers
    ).json()
    assert before["rows"] == []


def test_activity_after_a_position(
    client: TestClient, ledger: LedgerApplication, principals: dict[str, Principal]
) -> None:
    directive_id = issue(ledger)
    advance(ledger, directive_id, c.Accept(), c.ReportProgress(percent=30, narrative="Đang làm"))
    head = ledger.max_position()
    headers = principals["auditor"].headers
    rows = client.get(
        "/v1/views/activity", params={"after": head - 2, "min_position": head}, headers=headers
    ).json()["rows"]
    assert [(r["type"], r["position"]) for r in rows] == [
        ("accepted", head - 1),
        ("progress_reported", head),
    ]
    assert rows[0]["title"] == "Nhiệm vụ thử"
    assert rows[1]["actor"]["unit"] == LEAD_UNIT
    limited = client.get(
        "/v1/views/activity", params={"limit": 1, "min_position": head}, headers=headers
    ).json()
    assert len(limited["rows"]) == 1


def test_directive_list_pages_and_filters(
    client: TestClient, ledger: LedgerApplication, principals: dict[str, Principal]
) -> None:
    ids = [issue(ledger) for _ in range(5)]
    advance(ledger, ids[0], c.Accept())
    headers = principals["unit"].headers
    client.get("/v1/views/units", params={"min_position": ledger.max_position()}, headers=headers)
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, object] = {"limit": 2}
        if cursor is not None:
            params["cursor"] = cursor
        page = client.get("/v1/directives", params=params, headers=headers).json()
        assert set(page) == {"position", "rows", "next_cursor"}
        seen += [r["id"] for r in page["rows"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [str(i) for i in ids]
    accepted = client.get("/v1/directives", params={"status": "accepted"}, headers=headers)
    assert [r["id"] for r in accepted.json()["rows"]] == [str(ids[0])]
    overdue = client.get("/v1/directives", params={"overdue": "true"}, headers=headers)
    assert overdue.json()["rows"] == []
    by_unit = client.get("/v1/directives", params={"unit": "Sở khác"}, headers=headers)
    assert by_unit.json()["rows"] == []


def test_min_position_beyond_the_log_answers_at_once(
    client: TestClient, ledger: LedgerApplication, principals: dict[str, Principal]
) -> None:
    """No write has that position yet, so no wait can bring the view there."""
    head = ledger.max_position()
    started = time.monotonic()
    response = client.get(
        "/v1/views/units", params={"min_position": head + 100}, headers=principals["unit"].headers
    )
    waited = time.monotonic() - started
    assert response.status_code == 200
    assert response.json()["position"] == head
    assert waited < 2


def test_refusals(client: TestClient, principals: dict[str, Principal]) -> None:
    headers = principals["unit"].headers
    for path in ("/v1/views/status-board", "/v1/views/units", "/v1/directives"):
        assert_problem(client.get(path), 401, "unauthenticated")
    bad = [
        ("/v1/views/status-board", {"on": "2021-02-30"}),
        ("/v1/views/status-board", {"status": "done"}),
        ("/v1/views/overdue", {"min_position": "-1"}),
        ("/v1/views/activity", {"after": str(2**64)}),
        ("/v1/views/activity", {"limit": "0"}),
        ("/v1/directives", {"cursor": "abc"}),
        ("/v1/directives", {"limit": "100000"}),
        ("/v1/directives", {"meeting_id": "not-a-uuid"}),
    ]
    for path, params in bad:
        assert_problem(client.get(path, params=params, headers=headers), 422)
    assert_problem(client.get(f"/v1/views/meetings/{uuid4()}", headers=headers), 404)
    today = date.today().isoformat()
    assert client.get("/v1/views/units", params={"on": today}, headers=headers).status_code == 200


def test_pages_of_the_board_overdue_and_activity_with_counts_and_digest_of_the_whole(
    client: TestClient, ledger: LedgerApplication, principals: dict[str, Principal]
) -> None:
    ids = [issue(ledger) for _ in range(5)]  # deadline: today + 30 days
    for d in ids[:3]:
        advance(ledger, d, c.Accept())
    head = ledger.max_position()
    headers = principals["auditor"].headers
    late_day = (ledger.today() + timedelta(days=45)).isoformat()
    for name, on in (("status-board", None), ("overdue", late_day), ("activity", None)):
        params: dict[str, object] = {"min_position": head}
        if on is not None:
            params["on"] = on
        whole = client.get(f"/v1/views/{name}", params={**params, "limit": 1000}, headers=headers)
        whole_body = whole.json()
        assert whole_body["next_cursor"] is None
        rows: list[object] = []
        cursor = None
        while True:
            page_params = {**params, "limit": 2}
            if cursor is not None:
                page_params["cursor"] = cursor
            body = client.get(f"/v1/views/{name}", params=page_params, headers=headers).json()
            assert len(body["rows"]) <= 2
            rows += body["rows"]
            if name != "activity":
                # The counts and the digest are those of the whole view, on every page.
                assert body["digest"] == whole_body["digest"] == digest(whole_body["rows"])
                assert body["counts"] == whole_body["counts"]
            else:
                assert body["digest"] == digest(body["rows"])
            cursor = body["next_cursor"]
            if cursor is None:
                break
        assert rows == whole_body["rows"]
        assert len(rows) == (5 if name != "activity" else 8)  # 5 issued, 3 accepted
    board = client.get("/v1/views/status-board", params={"limit": 1}, headers=headers).json()
    assert board["counts"]["directives"] == 5
    assert board["counts"]["open_within_deadline"] == 5
    overdue = client.get(
        "/v1/views/overdue", params={"on": late_day, "limit": 1}, headers=headers
    ).json()
    assert overdue["counts"] == {"overdue": 5, "1-30": 5, "31-60": 0, "61-120": 0, ">120": 0}
    for name in ("status-board", "overdue", "activity"):
        refused = client.get(f"/v1/views/{name}", params={"cursor": "@@"}, headers=headers)
        assert_problem(refused, 422)
        assert_problem(
            client.get(f"/v1/views/{name}", params={"limit": "1001"}, headers=headers), 422
        )


def test_a_view_as_known_at_an_earlier_position(
    client: TestClient, ledger: LedgerApplication, principals: dict[str, Principal]
) -> None:
    """``position=P``: the view from the events recorded up to P only; a view read then
    gives the same rows and digest."""
    d = issue(ledger)
    advance(ledger, d, c.Accept())
    headers = principals["auditor"].headers
    then = ledger.max_position()
    params = {"min_position": then}
    earlier = {
        name: client.get(f"/v1/views/{name}", params=params, headers=headers).json()
        for name in ("status-board", "overdue", "units")
    }
    advance(ledger, d, c.ReportProgress(percent=40, narrative="Đang làm"))
    issue(ledger)
    now = ledger.max_position()
    for name, body in earlier.items():
        known = client.get(
            f"/v1/views/{name}", params={"position": then, "min_position": now}, headers=headers
        )
        assert known.status_code == 200, known.text
        assert known.json() == body
    current = client.get("/v1/views/status-board", params={"min_position": now}, headers=headers)
    assert current.json()["digest"] != earlier["status-board"]["digest"]
    ahead = client.get("/v1/views/units", params={"position": now + 10}, headers=headers)
    assert_problem(ahead, 409, "position_not_reached")
