"""The pages after the 2025 succession, and the illustrative follow-up's label."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from ledger.api.app import create_app
from ledger.application import LedgerApplication
from ledger.sample import load_sample, sample_id
from ledger.sample.illustrative import LABEL
from ledger.settings import Settings

HD = "Ban Thường vụ Tỉnh ủy Hải Dương"
HP = "Ban Thường vụ Thành ủy Hải Phòng"
TODAY = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def ledger(sqlite_url: str) -> Iterator[LedgerApplication]:
    app = LedgerApplication(Settings.from_env(env={}, database_url=sqlite_url), clock=lambda: TODAY)
    yield app
    app.close()


@pytest.fixture
def client(ledger: LedgerApplication) -> Iterator[TestClient]:
    with TestClient(create_app(ledger=ledger, public_board=True)) as test_client:
        yield test_client


def page(client: TestClient, ledger: LedgerApplication, path: str) -> str:
    """A page once the views have reached the end of the log."""
    for _ in range(200):
        html = client.get(path).text
        if f'id="board-position">{ledger.max_position()}<' in html or "/directives/" in path:
            return unescape(html)
    raise AssertionError(f"{path} never reached position {ledger.max_position()}")


def cells(html: str) -> dict[str, int]:
    found = re.findall(r'<td class="num" data-category="([a-z_]+)">(\d+)</td>', html)
    return {key: int(value) for key, value in found[:6]}


def test_before_the_succession_the_board_says_who_holds_the_work_now(
    client: TestClient, ledger: LedgerApplication
) -> None:
    load_sample(ledger)
    today = page(client, ledger, "/")
    assert f'<td lang="vi">{HP}</td>' in today
    assert "nay là" not in today
    before = page(client, ledger, "/?on=2022-01-01")
    assert f'{HD} <span class="now-is">(nay là {HP})</span>' in before
    english = page(client, ledger, "/?on=2022-01-01&lang=en")
    assert f"(now {HP})" in english


def test_the_directive_page_shows_the_handover_and_the_predecessor(
    client: TestClient, ledger: LedgerApplication
) -> None:
    load_sample(ledger)
    html = page(client, ledger, f"/directives/{sample_id('TW-09')}")
    assert f'id="lead-unit">{HP}' in html
    assert HD in html  # the issuance, as written in 2021, is in the timeline
    assert "Chuyển cho cơ quan kế thừa" in html
    assert "202/2025/QH15" in html
    assert "{'" not in html  # no raw dict shown for the succession


def test_the_demo_board_shows_every_cell_with_the_illustrative_label(
    client: TestClient, ledger: LedgerApplication
) -> None:
    load_sample(ledger, illustrative=True)
    html = page(client, ledger, "/")
    assert 'id="illustrative-banner"' in html
    assert LABEL in html
    counts = cells(html)
    assert len(counts) == 6
    assert all(n >= 1 for n in counts.values()), counts
    illustrative = page(client, ledger, f"/directives/{sample_id('illustrative:MH-02')}")
    assert 'id="illustrative-banner"' in illustrative
    factual = page(client, ledger, f"/directives/{sample_id('TW-09')}")
    assert 'id="illustrative-banner"' not in factual
    meeting = client.get(f"/meetings/{sample_id('illustrative:meeting')}").text
    assert 'id="illustrative-banner"' in meeting
    assert 'id="illustrative-banner"' not in client.get(f"/meetings/{sample_id('meeting')}").text
