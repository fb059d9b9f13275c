"""An API client on a fresh SQLite ledger, and one principal (bearer token) per role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from ledger.api.app import create_app
from ledger.application import LedgerApplication
from ledger.domain import commands as c
from ledger.domain.values import SYSTEM_ACTOR, Actor, Role
from ledger.settings import Settings
from tests.api.live_server import LiveServer

LEAD_UNIT = "Ban Thường vụ Tỉnh ủy Hải Dương"
OTHER_UNIT = "Ủy ban nhân dân tỉnh Hải Dương"


@dataclass(frozen=True)
class Principal:
    token: str
    actor: Actor

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture
def ledger(sqlite_url: str) -> Iterator[LedgerApplication]:
    app = LedgerApplication(Settings.from_env(env={}, database_url=sqlite_url))
    yield app
    app.close()


def make_principal(
    ledger: LedgerApplication, name: str, role: Role, unit: str | None = None
) -> Principal:
    token, principal = ledger.register_principal(
        ledger.context(SYSTEM_ACTOR), name=name, role=role, unit=unit
    )
    return Principal(token=token, actor=principal.actor())


@pytest.fixture
def principals(ledger: LedgerApplication) -> dict[str, Principal]:
    """issuer, unit (the lead unit), other_unit, auditor, admin."""
    return {
        "issuer": make_principal(ledger, "Võ Văn Thưởng", Role.ISSUER),
        "unit": make_principal(ledger, "Văn phòng Tỉnh ủy", Role.UNIT, LEAD_UNIT),
        "other_unit": make_principal(ledger, "Văn phòng UBND tỉnh", Role.UNIT, OTHER_UNIT),
        "auditor": make_principal(ledger, "Kiểm toán viên", Role.AUDITOR),
        "admin": make_principal(ledger, "Quản trị", Role.ADMIN),
    }


@pytest.fixture
def client(ledger: LedgerApplication) -> Iterator[TestClient]:
    with TestClient(create_app(ledger=ledger)) as test_client:
        yield test_client


def directive_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Chuẩn bị chu đáo Tết Nhâm Dần 2022",
        "text": "Chăm lo Tết cho Nhân dân an toàn, gắn với phòng, chống dịch COVID-19.",
        "issuer": "Võ Văn Thưởng",
        "lead_unit": LEAD_UNIT,
        "coordinating_units": [OTHER_UNIT],
        "deadline": (date.today() + timedelta(days=60)).isoformat(),
    }
    body.update(overrides)
    return body


def issue(ledger: LedgerApplication, *, deadline: bool = True) -> UUID:
    """A directive issued (today) straight through the application."""
    issuer = Actor(id="test-issuer", role=Role.ISSUER)
    result = ledger.issue_directive(
        ledger.context(issuer),
        title="Nhiệm vụ thử",
        text="Nội dung nhiệm vụ thử",
        issuer="Võ Văn Thưởng",
        lead_unit=LEAD_UNIT,
        deadline=ledger.today() + timedelta(days=30) if deadline else None,
    )
    return result.id


def advance(ledger: LedgerApplication, directive_id: UUID, *commands: c.FollowUp) -> None:
    """Apply commands as whoever may: the lead unit or the issuer."""
    unit = Actor(id="test-unit", role=Role.UNIT, unit=LEAD_UNIT)
    issuer = Actor(id="test-issuer", role=Role.ISSUER)
    lead_commands = (c.Accept, c.ReportProgress, c.RequestExtension, c.ReportCompletion)
    for command in commands:
        actor = unit if isinstance(command, lead_commands) else issuer
        ledger.record_follow_up(directive_id, command, ledger.context(actor))


@pytest.fixture
def served(sqlite_url: str, tmp_path: Path) -> Iterator[tuple[LiveServer, str, UUID]]:
    """A server on a ledger with one accepted directive, and the lead unit's token."""
    ledger = LedgerApplication(Settings.from_env(env={}, database_url=sqlite_url))
    unit = make_principal(ledger, "Văn phòng Tỉnh ủy", Role.UNIT, LEAD_UNIT)
    directive_id = issue(ledger)
    advance(ledger, directive_id, c.Accept())
    ledger.close()
    server = LiveServer(sqlite_url, tmp_path / "server.log").start()
    try:
        yield server, unit.token, directive_id
    finally:
        server.stop()
