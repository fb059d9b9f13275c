"""Units and their successions through the HTTP API (SQLite and PostgreSQL).

What must show (issue 14): a directive of Hải Dương open on 30 June 2025 is led by Hải
Phòng on 1 July 2025 with its history intact; the Hải Dương principal is refused after
that date (403 with the rule); the units view on both dates.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from ledger.api.app import create_app
from ledger.application import LedgerApplication
from ledger.domain.values import SYSTEM_ACTOR, Role
from ledger.settings import Settings

HD = "Ban Thường vụ Tỉnh ủy Hải Dương"
HP = "Ban Thường vụ Thành ủy Hải Phòng"
TODAY = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
BASIS = {
    "symbol": "202/2025/QH15",
    "issued_on": "2025-06-12",
    "issuer": "Quốc hội",
    "subject": "Về việc sắp xếp đơn vị hành chính cấp tỉnh",
}


@dataclass
class World:
    client: TestClient
    ledger: LedgerApplication
    tokens: dict[str, dict[str, str]]
    units: dict[str, str]

    def post(self, who: str, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(path, json=body, headers=self.tokens[who])

    def get(self, path: str, **params: Any) -> Any:
        response = self.client.get(path, params=params, headers=self.tokens["auditor"])
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    ledger = LedgerApplication(
        Settings.from_env(env={}, database_url=database_url), clock=lambda: TODAY
    )
    with TestClient(create_app(ledger=ledger)) as client:
        tokens: dict[str, dict[str, str]] = {}

        def principal(key: str, role: Role, unit: str | None = None) -> None:
            token, _ = ledger.register_principal(
                ledger.context(SYSTEM_ACTOR), name=key, role=role, unit=unit
            )
            tokens[key] = {"Authorization": f"Bearer {token}"}

        principal("admin", Role.ADMIN)
        principal("issuer", Role.ISSUER)
        principal("auditor", Role.AUDITOR)
        units: dict[str, str] = {}
        for key, body in {
            "hd": {"name": HD, "kind": "party", "contact": "vanphong@tinhuy.example"},
            "hp": {"name": HP, "kind": "party", "valid_from": "2025-07-01"},
        }.items():
            response = client.post("/v1/units", json=body, headers=tokens["admin"])
            assert response.status_code == 201, response.text
            units[key] = response.json()["id"]
        principal("hd", Role.UNIT, HD)
        principal("hp", Role.UNIT, HP)
        yield World(client, ledger, tokens, units)
    ledger.close()


def issue(world: World, unit: str = HD, day: str = "2025-01-15") -> str:
    response = world.post(
        "issuer",
        "/v1/directives",
        {
            "title": "Quản lý tốt quy hoạch, nhất là quy hoạch sử dụng đất",
            "text": "quản lý tốt quy hoạch, nhất là quy hoạch sử dụng đất",
            "issuer": "Võ Văn Thưởng",
            "lead_unit": unit,
            "deadline": "2025-12-31",
            "effective_on": day,
        },
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def event(world: World, who: str, directive: str, body: dict[str, Any]) -> Any:
    return world.post(who, f"/v1/directives/{directive}/events", body)


def succession(world: World, who: str = "admin", **body: Any) -> Any:
    payload = {"predecessors": [world.units["hd"]], "effective_on": "2025-07-01", "basis": BASIS}
    payload.update(body)
    return world.post(who, f"/v1/units/{world.units['hp']}/succession", payload)


def unit_rows(world: World, on: str) -> dict[str, dict[str, Any]]:
    view = world.get("/v1/views/units", on=on, min_position=world.ledger.max_position())
    return {row["lead_unit"]: row for row in view["rows"]}


def test_an_open_directive_of_hai_duong_is_led_by_hai_phong_from_1_july_2025(
    world: World,
) -> None:
    directive = issue(world)
    accepted = event(world, "hd", directive, {"type": "accepted", "effective_on": "2025-01-20"})
    assert accepted.status_code == 201, accepted.text
    progress = {
        "type": "progress_reported",
        "percent": 40,
        "narrative": "Đã rà soát quy hoạch của 12 huyện",
        "evidence": [{"title": "Kế hoạch rà soát", "document": {"symbol": "12-KH/TU"}}],
        "effective_on": "2025-06-15",
    }
    assert event(world, "hd", directive, progress).status_code == 201
    before = world.get(f"/v1/directives/{directive}")
    history_before = world.get(f"/v1/directives/{directive}/history")["events"]

    answer = succession(world)
    assert answer.status_code == 201, answer.text
    assert answer.json()["handed_over"] == [directive]
    assert answer.headers["Location"] == f"/v1/units/{world.units['hp']}"

    after = world.get(f"/v1/directives/{directive}")
    assert after["lead_unit"] == HP
    for unchanged in ("status", "percent", "deadline", "extensions", "issuer", "title"):
        assert after[unchanged] == before[unchanged], unchanged
    assert after["version"] == before["version"] + 1
    history = world.get(f"/v1/directives/{directive}/history")["events"]
    assert history[: len(history_before)] == history_before  # the history is intact
    handover = history[-1]
    assert handover["type"] == "lead_unit_succeeded"
    assert handover["effective_on"] == "2025-07-01"
    assert handover["data"]["previous_lead_unit"] == HD
    assert handover["data"]["succession"]["successor_id"] == world.units["hp"]
    assert handover["data"]["succession"]["basis"]["parts"]["issuer_name"] == "Quốc hội khóa XV"
    # As it stood on 30 June 2025 the directive was Hải Dương's, on 1 July Hải Phòng's.
    june = world.get(f"/v1/directives/{directive}", version=before["version"])
    assert june["lead_unit"] == HD

    # The units view on both dates.
    on_30_june = unit_rows(world, "2025-06-30")
    assert set(on_30_june) == {HD}
    assert on_30_june[HD]["open_within_deadline"] == 1
    on_1_july = unit_rows(world, "2025-07-01")
    assert set(on_1_july) == {HP}
    assert on_1_july[HP]["open_within_deadline"] == 1

    # The Hải Dương principal is refused after the succession, naming the rule.
    position = world.ledger.max_position()
    late = {"type": "progress_reported", "percent": 60, "narrative": "Tiếp tục rà soát"}
    refused = event(world, "hd", directive, {**late, "effective_on": "2025-07-02"})
    assert refused.status_code == 403, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["rule"] == "unit_succeeded"
    assert HP in refused.json()["detail"]
    assert world.ledger.max_position() == position
    # Hải Phòng's principal writes, with no new acceptance asked.
    written = event(world, "hp", directive, {**late, "effective_on": "2025-07-02"})
    assert written.status_code == 201, written.text
    assert written.json()["status"] == "in_progress"


def test_completed_and_withdrawn_directives_stay_with_the_unit_that_did_them(
    world: World,
) -> None:
    withdrawn = issue(world)
    assert event(world, "issuer", withdrawn, {"type": "withdrawn", "reason": "Gộp"}).status_code
    assert succession(world).json()["handed_over"] == []
    assert world.get(f"/v1/directives/{withdrawn}")["lead_unit"] == HD


def test_the_units_read_back_with_their_succession(world: World) -> None:
    assert succession(world).status_code == 201
    listed = world.get("/v1/units")["units"]
    assert [u["name"] for u in listed] == [HD, HP]
    hd, hp = (world.get(f"/v1/units/{world.units[k]}") for k in ("hd", "hp"))
    assert hd["valid_to"] == "2025-06-30"
    assert hd["successor_id"] == hp["id"]
    assert hd["contact"] == "vanphong@tinhuy.example"
    assert hp["predecessor_ids"] == [hd["id"]]
    assert hp["succession"]["basis"]["symbol"] == "202/2025/QH15"
    assert hp["succession"]["effective_on"] == "2025-07-01"
    missing = world.client.get(f"/v1/units/{uuid4()}", headers=world.tokens["auditor"])
    assert missing.status_code == 404


SHAPE, KIND, YEAR = "document_symbol_format", "document_kind_unknown", "document_year_mismatch"


@pytest.mark.parametrize(
    ("who", "body", "status", "rule", "field"),
    [
        ("issuer", {}, 403, "role_not_permitted", None),
        ("auditor", {}, 403, "auditors_never_write", None),
        ("hd", {}, 403, "unit_succeeded", None),
        ("admin", {"basis": {"symbol": "Nghị quyết 202"}}, 422, SHAPE, "basis.symbol"),
        ("admin", {"basis": {"symbol": "202/2025/QD15"}}, 422, KIND, "basis.symbol"),
        ("admin", {"basis": {**BASIS, "issued_on": "2024-06-12"}}, 422, YEAR, "basis.issued_on"),
        ("admin", {"effective_on": "2027-01-01"}, 409, "effective_in_future", None),
        ("admin", {"effective_on": "2025-06-30"}, 409, "succession_refused", None),
        ("admin", {"predecessors": []}, 422, None, "predecessors"),
        ("admin", {"predecessors": [str(uuid4())]}, 404, "unknown_unit", "predecessors"),
    ],
)  # fmt: skip
def test_a_refused_succession_appends_nothing(
    world: World, who: str, body: dict[str, Any], status: int, rule: str | None, field: str | None
) -> None:
    directive = issue(world)
    if who == "hd":  # a unit principal, whatever its unit, is not an admin
        status, rule = 403, "role_not_permitted"
    position = world.ledger.max_position()
    answer = succession(world, who, **body)
    assert answer.status_code == status, answer.text
    problem = answer.json()
    if rule is not None:
        assert problem.get("rule") == rule or any(e["rule"] == rule for e in problem["errors"])
    if field is not None:
        assert any(e["field"] == field for e in problem["errors"]), problem
    if rule in (SHAPE, KIND):
        assert "01-CT/TW" in problem["detail"]
    assert world.ledger.max_position() == position
    assert world.get(f"/v1/directives/{directive}")["lead_unit"] == HD


def test_directives_name_registered_units_valid_on_the_day(world: World) -> None:
    unknown = world.post(
        "issuer",
        "/v1/directives",
        {"title": "t", "text": "x", "issuer": "i", "lead_unit": "Sở Không Có", "deadline": None},
    )
    assert unknown.status_code == 404, unknown.text
    assert unknown.json()["errors"][0] == {
        "field": "lead_unit",
        "rule": "unit_not_registered",
        "message": unknown.json()["errors"][0]["message"],
    }
    too_early = world.post(
        "issuer",
        "/v1/directives",
        {"title": "t", "text": "x", "issuer": "i", "lead_unit": HP, "effective_on": "2025-06-01"},
    )
    assert too_early.status_code == 409, too_early.text
    assert too_early.json()["rule"] == "unit_not_valid"
    assert succession(world).status_code == 201
    after = world.post(
        "issuer",
        "/v1/directives",
        {"title": "t", "text": "x", "issuer": "i", "lead_unit": HD},
    )
    assert after.status_code == 409, after.text
    assert after.json()["rule"] == "unit_not_valid"
    assert HP in after.json()["detail"]
    # Recorded late, a directive of Hải Dương dated before the succession passes at once.
    late = issue(world, HD, "2025-03-01")
    found = world.get(f"/v1/directives/{late}")
    assert found["lead_unit"] == HP
    types = [e["type"] for e in world.get(f"/v1/directives/{late}/history")["events"]]
    assert types == ["issued", "lead_unit_succeeded"]


def test_evidence_cites_a_checked_document(world: World) -> None:
    directive = issue(world)
    assert event(world, "hd", directive, {"type": "accepted"}).status_code == 201
    position = world.ledger.max_position()
    bad = event(
        world,
        "hd",
        directive,
        {
            "type": "progress_reported",
            "percent": 10,
            "narrative": "n",
            "evidence": [{"title": "Kế hoạch", "document": {"symbol": "12/KH/TU"}}],
        },
    )
    assert bad.status_code == 422, bad.text
    assert bad.json()["errors"][0]["field"] == "evidence[0].document.symbol"
    assert world.ledger.max_position() == position
    nothing = event(
        world,
        "hd",
        directive,
        {
            "type": "progress_reported",
            "percent": 10,
            "narrative": "n",
            "evidence": [{"title": "x"}],
        },
    )
    assert nothing.status_code == 422, nothing.text
    assert nothing.json()["errors"][0]["field"] == "evidence[0].reference"
