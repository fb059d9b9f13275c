"""The role matrix of DESIGN section 2, through the API: every role against every write."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from ledger.application import LedgerApplication
from ledger.domain import commands as c
from tests.api.conftest import Principal, advance, directive_body, issue
from tests.api.test_endpoints import MEETING

ROLES = ("issuer", "unit", "other_unit", "auditor", "admin")
LEAD_UNIT_WRITES = {"accepted", "progress_reported", "extension_requested", "completion_reported"}
ISSUER_WRITES = {
    "extension_granted",
    "extension_refused",
    "reassigned",
    "completion_verified",
    "completion_rejected",
    "withdrawn",
}


def allowed(role: str, write: str) -> bool:
    if role == "auditor":
        return False
    if write in ("meeting", "directive") or write in ISSUER_WRITES:
        return role in ("issuer", "admin")
    if write in LEAD_UNIT_WRITES:
        return role == "unit"  # the lead unit only, not another unit
    assert write == "annotated"
    return True


def prepare(ledger: LedgerApplication, write: str) -> tuple[UUID, dict[str, Any]]:
    """A directive in a state where ``write`` is allowed, and the body that asks for it."""
    today = ledger.today()
    later = (today + timedelta(days=90)).isoformat()
    directive_id = issue(ledger)
    accepted = c.Accept()
    requested = c.RequestExtension(requested_deadline=today + timedelta(days=90), reason="Lý do")
    completed = c.ReportCompletion(
        narrative="Hoàn thành", evidence=[{"title": "Báo cáo", "reference": "1-BC"}]
    )
    before, body = {
        "accepted": ((), {"note": "Tiếp thu"}),
        "progress_reported": ((accepted,), {"percent": 50, "narrative": "Một nửa"}),
        "extension_requested": ((accepted,), {"requested_deadline": later, "reason": "Lý do"}),
        "extension_granted": ((accepted, requested), {"new_deadline": later}),
        "extension_refused": ((accepted, requested), {"reason": "Không"}),
        "reassigned": (
            (accepted,),
            {"lead_unit": "Sở Nội vụ", "coordinating_units": [], "reason": "Thẩm quyền"},
        ),
        "completion_reported": (
            (accepted,),
            {"narrative": "Xong", "evidence": [{"title": "Báo cáo", "reference": "2-BC"}]},
        ),
        "completion_verified": ((accepted, completed), {}),
        "completion_rejected": ((accepted, completed), {"reason": "Thiếu văn bản"}),
        "withdrawn": ((accepted,), {"reason": "Không còn phù hợp"}),
        "annotated": ((), {"refers_to_version": 1, "text": "Đính chính"}),
    }[write]
    advance(ledger, directive_id, *before)
    return directive_id, {"type": write, **body}


FOLLOW_UPS = sorted(LEAD_UNIT_WRITES | ISSUER_WRITES | {"annotated"})


@pytest.mark.parametrize("write", FOLLOW_UPS)
def test_follow_up_role_matrix(
    client: TestClient,
    principals: dict[str, Principal],
    ledger: LedgerApplication,
    write: str,
) -> None:
    for role in ROLES:
        directive_id, body = prepare(ledger, write)
        version = ledger.get_directive(directive_id).version
        response = client.post(
            f"/v1/directives/{directive_id}/events", json=body, headers=principals[role].headers
        )
        expected = 201 if allowed(role, write) else 403
        assert response.status_code == expected, (role, write, response.text)
        appended = ledger.get_directive(directive_id).version - version
        assert appended == (1 if expected == 201 else 0), (role, write)


@pytest.mark.parametrize("write", ["meeting", "directive"])
def test_issuing_role_matrix(
    client: TestClient, principals: dict[str, Principal], ledger: LedgerApplication, write: str
) -> None:
    url, body = (
        ("/v1/meetings", MEETING) if write == "meeting" else ("/v1/directives", directive_body())
    )
    for role in ROLES:
        before = ledger.max_position()
        response = client.post(url, json=body, headers=principals[role].headers)
        expected = 201 if allowed(role, write) else 403
        assert response.status_code == expected, (role, write, response.text)
        if expected == 403:
            assert ledger.max_position() == before


@pytest.mark.parametrize("write", [*FOLLOW_UPS, "meeting", "directive"])
def test_no_token_or_a_bad_one_is_401(
    client: TestClient, ledger: LedgerApplication, write: str
) -> None:
    if write == "meeting":
        url, body = "/v1/meetings", MEETING
    elif write == "directive":
        url, body = "/v1/directives", directive_body()
    else:
        directive_id, body = prepare(ledger, write)
        url = f"/v1/directives/{directive_id}/events"
    before = ledger.max_position()
    for headers in ({}, {"Authorization": "Bearer dl_not-a-token"}, {"Authorization": "Basic x"}):
        response = client.post(url, json=body, headers=headers)
        assert response.status_code == 401, (headers, response.text)
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert ledger.max_position() == before


def test_an_auditor_writes_nothing_but_reads_everything(
    client: TestClient, principals: dict[str, Principal], ledger: LedgerApplication
) -> None:
    auditor = principals["auditor"].headers
    before = ledger.max_position()
    for write in FOLLOW_UPS:
        directive_id, body = prepare(ledger, write)
        before = ledger.max_position()
        response = client.post(f"/v1/directives/{directive_id}/events", json=body, headers=auditor)
        assert response.status_code == 403
        assert response.json()["rule"] == "auditors_never_write"
        assert ledger.max_position() == before
        assert client.get(f"/v1/directives/{directive_id}", headers=auditor).status_code == 200
        assert (
            client.get(f"/v1/directives/{directive_id}/history", headers=auditor).status_code == 200
        )
