"""Vietnamese text is data: byte for byte through the API, and stored as NFC."""

from __future__ import annotations

import json
import unicodedata

from fastapi.testclient import TestClient

from ledger.application import LedgerApplication
from ledger.domain import commands as c
from tests.api.conftest import Principal, advance, directive_body, issue

TEXT = "Thích ứng linh hoạt, tăng trưởng bứt phá — GRDP ≥ 10% “năm 2022” 🇻🇳\u2028dòng mới"


def test_vietnamese_round_trips_byte_for_byte(
    client: TestClient, principals: dict[str, Principal]
) -> None:
    raw = json.dumps(directive_body(title=TEXT, text=TEXT), ensure_ascii=False).encode("utf-8")
    response = client.post(
        "/v1/directives",
        content=raw,
        headers={**principals["issuer"].headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["title"] == TEXT
    got = client.get(response.headers["location"], headers=principals["auditor"].headers)
    # The raw UTF-8 bytes of the text appear in the response, unescaped.
    assert TEXT.encode("utf-8") in got.content.replace(b"\\u2028", "\u2028".encode())
    assert got.json()["text"] == TEXT
    history = client.get(
        response.headers["location"] + "/history", headers=principals["auditor"].headers
    ).json()
    assert history["events"][0]["data"]["title"] == TEXT


def test_nfd_input_is_stored_as_nfc(
    client: TestClient, principals: dict[str, Principal], ledger: LedgerApplication
) -> None:
    directive_id = issue(ledger)
    advance(ledger, directive_id, c.Accept())
    narrative = "Đã hoàn thành việc rà soát quy hoạch sử dụng đất"
    nfd = unicodedata.normalize("NFD", narrative)
    assert nfd != narrative
    response = client.post(
        f"/v1/directives/{directive_id}/events",
        json={"type": "progress_reported", "percent": 20, "narrative": nfd},
        headers=principals["unit"].headers,
    )
    assert response.status_code == 201
    assert response.json()["event"]["data"]["narrative"] == narrative
    stored = ledger.history(directive_id)[-1]["data"]["narrative"]
    assert stored == narrative
    assert unicodedata.is_normalized("NFC", stored)


def test_an_nfd_unit_name_is_the_same_unit(
    client: TestClient, principals: dict[str, Principal], ledger: LedgerApplication
) -> None:
    body = directive_body(
        lead_unit=unicodedata.normalize("NFD", principals["unit"].actor.unit or "")
    )
    created = client.post("/v1/directives", json=body, headers=principals["issuer"].headers)
    assert created.status_code == 201
    accepted = client.post(
        created.headers["location"] + "/events",
        json={"type": "accepted"},
        headers=principals["unit"].headers,
    )
    assert accepted.status_code == 201, accepted.text
