"""The pages on the real stack: the API's app, the projections' views, the audit service."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from ledger.api.app import create_app
from ledger.application import LedgerApplication
from ledger.application.audit import AuditService
from ledger.application.signing import SigningService
from ledger.domain import commands as c
from ledger.domain.values import Actor, Role
from ledger.sample import load_sample, sample_id
from ledger.settings import Settings

LEAD_UNIT = "Ban Thường vụ Tỉnh ủy Hải Dương"
ISSUER = Actor(id="test-issuer", role=Role.ISSUER)
UNIT = Actor(id="test-unit", role=Role.UNIT, unit=LEAD_UNIT)


# The day before the 2025 succession: the Hải Dương board still leads the sample's
# directives (load_sample records the succession only once today is past 1 July 2025).
EVE_OF_SUCCESSION = datetime(2025, 6, 30, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def ledger(database_url: str, tmp_path: Path) -> Iterator[LedgerApplication]:
    """On SQLite and on PostgreSQL: the views and proofs read the same on both."""
    env = {"LEDGER_SIGNING_KEY_FILE": str(tmp_path / "signing.key")}
    app = LedgerApplication(
        Settings.from_env(env=env, database_url=database_url), clock=lambda: EVE_OF_SUCCESSION
    )
    SigningService(app).init()
    load_sample(app)
    yield app
    app.close()


@pytest.fixture
def client(ledger: LedgerApplication) -> Iterator[TestClient]:
    with TestClient(create_app(ledger=ledger, public_board=True)) as test_client:
        yield test_client


def bars(html: str) -> dict[str, int]:
    found = re.findall(r'data-key="([a-z_]+)" data-value="(\d+)"', html)
    return {key: int(value) for key, value in found}


def test_board_reads_the_views_up_to_the_log(client: TestClient, ledger: LedgerApplication) -> None:
    html = client.get("/").text
    assert f'data-position="{ledger.max_position()}"' in html
    assert bars(html) == {
        "completed_on_time": 0,
        "completed_late": 0,
        "open_within_deadline": 0,
        "open_overdue": 0,
        "no_deadline": 13,
        "withdrawn": 0,
    }
    assert 'id="no-overdue"' in html
    # A late directive recorded after the page was first read shows on the next read.
    late = ledger.issue_directive(
        ledger.context(ISSUER),
        title="Báo cáo sơ kết quý I",
        text="Báo cáo sơ kết quý I năm 2022",
        issuer="Võ Văn Thưởng",
        lead_unit=LEAD_UNIT,
        deadline=date(2022, 3, 31),
        effective_on=date(2022, 1, 4),
        code="QT-01",
    )
    ledger.record_follow_up(late.id, c.Accept(effective_on=date(2022, 1, 5)), ledger.context(UNIT))
    html = client.get("/").text
    assert f'data-position="{ledger.max_position()}"' in html
    assert bars(html)["open_overdue"] == 1
    overdue = html.split('id="overdue"')[1]
    days = (ledger.today() - date(2022, 3, 31)).days
    assert re.search(rf'<th scope="row">QT-01</th>.*?<td class="num">{days}</td>', overdue, re.S)
    assert 'data-bucket="&gt;120">1<' in html
    # As it stood on a date before the deadline, nothing was overdue.
    before = client.get("/?on=2022-03-01").text
    assert bars(before)["open_overdue"] == 0
    assert bars(before)["open_within_deadline"] == 1


def test_badge_verifies_against_the_latest_signed_checkpoint(
    client: TestClient, ledger: LedgerApplication
) -> None:
    page = f"/directives/{sample_id('TW-01')}"
    html = client.get(page).text
    assert 'data-verified="false"' in html
    assert "chưa có điểm kiểm tra đã ký" in html

    checkpoint = AuditService(ledger).create_checkpoint()
    html = client.get(page).text
    assert 'data-verified="true"' in html
    assert f"kích thước {checkpoint['size']}" in html
    assert checkpoint["root_hash"] in html
    assert html.count('data-included="true"') == 2
    # Each event's inclusion proof leads to the checkpoint's root (badge + two proofs).
    assert html.count(checkpoint["root_hash"]) == 3
    # It names the key it checked against (the key in force, reached from the first
    # registered key) and whether a witness cosigned; each proved event links its bundle.
    assert f'id="badge-key">{checkpoint["key_id"]}</code>' in html
    assert 'data-witnessed="false"' in html
    for position in re.findall(r"<dt>Vị trí</dt><dd>(\d+)</dd>", html)[:2]:
        assert f'href="/v1/audit/proofs/{position}.tlog-proof"' in html
    assert html.count('class="proof-bundle"') == 2

    # An event recorded after the checkpoint is not signed yet: not verified, and why.
    ledger.record_follow_up(
        sample_id("TW-01"),
        c.ReportProgress(percent=20, narrative="Đã ban hành kế hoạch"),
        ledger.context(UNIT),
    )
    html = client.get(page + "?lang=en").text
    assert 'data-verified="false"' in html
    assert "not signed yet (versions 3)" in html
    assert 'data-included="pending"' in html
    # The other directives are untouched and still verify.
    assert 'data-verified="true"' in client.get(f"/directives/{sample_id('TW-02')}").text


def test_the_board_needs_a_token_unless_public(ledger: LedgerApplication) -> None:
    with TestClient(create_app(ledger=ledger)) as client:
        refused = client.get("/")
        assert refused.status_code == 401
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert refused.json()["status"] == 401
