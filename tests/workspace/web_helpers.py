"""Driving the workspace through HTTP as a browser would: the CSRF token of a page's
form, sign-in, a person invited with a role."""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID

from fastapi.testclient import TestClient

from ledger.application import LedgerApplication
from ledger.application.sessions import sign_ins_of
from ledger.domain.values import SYSTEM_ACTOR, Role

PASSWORD = "mật khẩu đủ dài 42"
LEAD_UNIT = "Sở Kế hoạch và Đầu tư"


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def person(ledger: LedgerApplication, username: str, role: Role, unit: str | None = None) -> None:
    sign_ins = sign_ins_of(ledger)
    token, _ = sign_ins.invite(name=username, role=role, unit=unit)
    sign_ins.accept_invitation(token, username, PASSWORD)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> int:
    page = client.get("/sign-in")
    answer = client.post(
        "/sign-in",
        data={"csrf_token": csrf_of(page.text), "username": username, "password": password},
        follow_redirects=False,
    )
    return answer.status_code


def issue(ledger: LedgerApplication) -> UUID:
    result = ledger.issue_directive(
        ledger.context(SYSTEM_ACTOR.__class__(id="issuer", role=Role.ISSUER, name="VP")),
        title="Lập quy hoạch tỉnh",
        text="Sở Kế hoạch và Đầu tư chủ trì lập quy hoạch tỉnh thời kỳ 2021-2030.",
        issuer="Chủ tịch UBND tỉnh",
        lead_unit=LEAD_UNIT,
        deadline=date(2030, 6, 30),
        code="WS-01",
    )
    return result.id
