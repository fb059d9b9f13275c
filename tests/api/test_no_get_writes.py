"""No GET ever writes: every GET route of the OpenAPI (and the board's pages), sent
without a token and with each role, leaves the log, the checkpoints and the key file as
they were, on a fresh store (no key, no event) and on a loaded one."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from ledger.application import LedgerApplication
from ledger.application.audit import AuditService
from ledger.application.signing import SigningService
from ledger.sample import load_sample, sample_data, sample_id
from tests.api.conftest import Principal

BOARD_PAGES = ["/", "/directives/{directive_id}", "/meetings/{meeting_id}"]


def get_paths(client: TestClient) -> list[str]:
    spec: dict[str, Any] = client.app.openapi()  # type: ignore[attr-defined]
    found = [path for path, operations in spec["paths"].items() if "get" in operations]
    assert "/v1/audit/public-key" in found
    assert "/v1/audit/checkpoint" in found
    assert "/v1/audit/proofs/{position}.tlog-proof" in found
    return found + BOARD_PAGES


def concrete(path: str) -> str:
    meeting = str(sample_id(sample_data()["meeting"]["key"]))
    url = (
        path.replace("{meeting_id}", meeting)
        .replace("{directive_id}", str(sample_id("TW-01")))
        .replace("{position}", "1")
    )
    if url.endswith("/proofs/inclusion"):
        url += "?position=1"
    if url.endswith("/proofs/consistency"):
        url += "?from=1&to=2"
    return url


def state(ledger: LedgerApplication) -> tuple[int, int, int, bool]:
    recorder = ledger.ledger_recorder
    return (
        ledger.max_position(),
        recorder.tree_size(),
        len(recorder.checkpoints()),
        ledger.settings.key_file.exists(),
    )


# An event stream never ends, and the in-process client reads a body to its end: with a
# token it is read on a real server instead (tests/dondoc/test_sse.py, which also checks
# that reading it appends nothing); without one it is refused at once and sent here.
STREAMS = {"/v1/events/stream"}


def send_all(client: TestClient, headers: list[dict[str, str]]) -> list[int]:
    statuses = []
    for path in get_paths(client):
        for header in headers:
            if path in STREAMS and header:
                continue
            statuses.append(client.get(concrete(path), headers=header).status_code)
    return statuses


def test_no_get_writes_on_a_fresh_store_without_a_token(
    client: TestClient, ledger: LedgerApplication
) -> None:
    before = state(ledger)
    assert before == (0, 0, 0, False)
    statuses = send_all(client, [{}])
    assert 500 not in statuses
    assert state(ledger) == before


@pytest.mark.parametrize("store", ["fresh", "loaded"])
def test_no_get_writes_with_any_role(
    client: TestClient, ledger: LedgerApplication, principals: dict[str, Principal], store: str
) -> None:
    if store == "loaded":
        SigningService(ledger).init()
        load_sample(ledger)
        AuditService(ledger).create_checkpoint()
    before = state(ledger)
    headers = [{}, *(p.headers for p in principals.values())]
    statuses = send_all(client, headers)
    assert 500 not in statuses
    if store == "loaded":  # the routes answered, not only refused
        assert statuses.count(200) >= len(get_paths(client)) * 2
    assert state(ledger) == before
