"""``GET /v1/views/due-soon`` and the board's "Sắp đến hạn / Due soon" panel: open
directives whose deadline in force falls within N days, per lead unit; strict
parameters; a reminder moves nothing in it, an extension does."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from ledger.api.app import create_app
from ledger.application import LedgerApplication
from ledger.application.reminders import ReminderRunner
from ledger.domain import commands as c
from ledger.domain.values import SYSTEM_ACTOR, Role
from projections.digest import digest_of
from tests.dondoc.support import ISSUER, OTHER_UNIT, Clock, accept, extend, issue, make_app

ON = date(2022, 6, 1)


@pytest.fixture
def clock() -> Clock:
    return Clock(ON)


@pytest.fixture
def ledger(database_url: str, clock: Clock) -> Iterator[LedgerApplication]:
    app = make_app(database_url, clock)
    yield app
    app.close()


@pytest.fixture
def client(ledger: LedgerApplication) -> Iterator[tuple[TestClient, dict[str, str]]]:
    token, _ = ledger.register_principal(
        ledger.context(SYSTEM_ACTOR), name="Kiểm toán", role=Role.AUDITOR
    )
    with TestClient(create_app(ledger=ledger)) as test_client:
        yield test_client, {"Authorization": f"Bearer {token}"}


def test_due_soon_rows_and_shape(
    ledger: LedgerApplication, client: tuple[TestClient, dict[str, str]], clock: Clock
) -> None:
    http, auth = client
    today = issue(ledger, ON, issued_on=date(2022, 1, 1), title="Hạn hôm nay")
    in_7 = issue(ledger, ON + timedelta(days=7), issued_on=date(2022, 1, 1), title="Còn bảy ngày")
    issue(ledger, ON + timedelta(days=8), issued_on=date(2022, 1, 1), title="Còn tám ngày")
    issue(ledger, ON - timedelta(days=1), issued_on=date(2022, 1, 1), title="Quá hạn")
    issue(ledger, None, issued_on=date(2022, 1, 1), title="Không thời hạn")
    other = issue(ledger, ON + timedelta(days=3), issued_on=date(2022, 1, 1), unit=OTHER_UNIT)
    done = issue(ledger, ON + timedelta(days=2), issued_on=date(2022, 1, 1))
    ledger.record_follow_up(done, c.Withdraw(reason="Đã gộp"), ledger.context(ISSUER))
    accept(ledger, in_7)
    answer = http.get(
        "/v1/views/due-soon",
        params={"on": "2022-06-01", "min_position": ledger.max_position()},
        headers=auth,
    ).json()
    assert [r["id"] for r in answer["rows"]] == [str(today), str(in_7), str(other)]
    assert [r["days_left"] for r in answer["rows"]] == [0, 7, 3]
    assert answer["digest"] == digest_of(answer["rows"])
    assert answer["position"] >= 1
    narrow = http.get(
        "/v1/views/due-soon",
        params={"on": "2022-06-01", "within": "0", "min_position": ledger.max_position()},
        headers=auth,
    )
    assert [r["id"] for r in narrow.json()["rows"]] == [str(today)]
    by_unit = http.get(
        "/v1/views/due-soon",
        params={"on": "2022-06-01", "unit": OTHER_UNIT, "min_position": ledger.max_position()},
        headers=auth,
    )
    assert [r["id"] for r in by_unit.json()["rows"]] == [str(other)]
    # a reminder changes nothing in the view; an extension moves the directive out of it
    clock.set(ON)
    assert ReminderRunner(ledger).run_once()
    again = http.get(
        "/v1/views/due-soon",
        params={"on": "2022-06-01", "min_position": ledger.max_position()},
        headers=auth,
    ).json()
    assert again["rows"] == answer["rows"]
    extend(ledger, in_7, ON + timedelta(days=40))
    moved = http.get(
        "/v1/views/due-soon",
        params={"on": "2022-06-01", "min_position": ledger.max_position()},
        headers=auth,
    ).json()
    assert str(in_7) not in [r["id"] for r in moved["rows"]]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"on": "2022-6-1"}, "query.on"),
        ({"on": "2022-02-30"}, "query.on"),
        ({"on": "0000000000"}, "query.on"),
        ({"within": "007x"}, "query.within"),
        ({"within": "367"}, "query.within"),
        ({"within": "-1"}, "query.within"),
        ({"within": "7.0"}, "query.within"),
        ({"within": "seven"}, "query.within"),
    ],
)
def test_strict_parameters(
    ledger: LedgerApplication,
    client: tuple[TestClient, dict[str, str]],
    params: dict[str, str],
    field: str,
) -> None:
    http, auth = client
    before = ledger.max_position()
    answer = http.get("/v1/views/due-soon", params=params, headers=auth)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["errors"][0]["field"] == field
    assert ledger.max_position() == before


def test_board_panel_vi_and_en(
    ledger: LedgerApplication, client: tuple[TestClient, dict[str, str]]
) -> None:
    http, auth = client
    d = issue(ledger, ON + timedelta(days=2), issued_on=date(2022, 1, 1), title="Rà soát quy hoạch")
    page = http.get(
        "/", params={"on": "2022-06-01", "min_position": ledger.max_position()}, headers=auth
    ).text
    assert "Sắp đến hạn" in page
    assert f"/directives/{d}" in page
    assert 'data-days-left="2"' in page
    assert "Rà soát quy hoạch" in page
    english = http.get("/", params={"on": "2022-06-01", "lang": "en"}, headers=auth).text
    assert "Due soon" in english
    assert "Days left" in english
    empty = http.get("/", params={"on": "2021-01-01"}, headers=auth).text
    assert 'id="no-due-soon"' in empty
