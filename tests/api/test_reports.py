"""``GET /v1/reports`` (issue 15): issuers, auditors and admins; strict parameters, a
malformed period 422 naming it; an attachment whose figures are the views' answer for
the period's last day at the report's position; nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ledger.application import LedgerApplication
from ledger.application.reports import parse_period
from ledger.application.reports.readback import read_report
from ledger.domain import commands as c
from tests.api.conftest import Principal, advance, issue
from tests.api.test_endpoints import assert_problem


def this_year(ledger: LedgerApplication) -> str:
    return str(ledger.today().year)


@pytest.fixture
def populated(ledger: LedgerApplication) -> LedgerApplication:
    first = issue(ledger)
    advance(ledger, first, c.Accept(), c.ReportProgress(percent=30, narrative="Đang làm"))
    issue(ledger, deadline=False)
    return ledger


@pytest.mark.parametrize(
    ("fmt", "media_type"),
    [
        ("pdf", "application/pdf"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("html", "text/html; charset=utf-8"),
    ],
)
def test_a_report_is_an_attachment_with_the_views_figures(
    client: TestClient,
    populated: LedgerApplication,
    principals: dict[str, Principal],
    tmp_path: Path,
    fmt: str,
    media_type: str,
) -> None:
    year = this_year(populated)
    before = populated.max_position()
    auditor = principals["auditor"].headers
    # At the log's head: the report waits for the views to reach the fixture's writes.
    params = {"period": year, "format": fmt, "position": str(before)}
    response = client.get("/v1/reports", params=params, headers=auditor)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == media_type
    assert response.headers["content-disposition"] == f'attachment; filename="bao-cao-{year}.{fmt}"'
    path = tmp_path / f"report.{fmt}"
    path.write_bytes(response.content)
    report = read_report(path).metadata
    end = parse_period(year).end.isoformat()
    position = report["position"]
    assert response.headers["x-ledger-position"] == str(position)
    units = client.get(
        "/v1/views/units", params={"on": end, "position": position}, headers=auditor
    ).json()
    assert report["tables"]["units"][:-1] == units["rows"]
    assert report["digests"][f"units@{end}"] == units["digest"]
    assert report["tables"]["units"][-1]["directives"] == 2
    assert populated.max_position() == before  # a GET writes nothing


def test_roles(
    client: TestClient, populated: LedgerApplication, principals: dict[str, Principal]
) -> None:
    params = {"period": this_year(populated), "format": "html"}
    for role in ("issuer", "auditor", "admin"):
        response = client.get("/v1/reports", params=params, headers=principals[role].headers)
        assert response.status_code == 200, (role, response.text)
    assert_problem(
        client.get("/v1/reports", params=params, headers=principals["unit"].headers),
        403,
        "role_not_permitted",
    )
    assert_problem(client.get("/v1/reports", params=params), 401, "unauthenticated")


@pytest.mark.parametrize(
    "period", ["2022-Q5", "2022-13", "22", "2022-1", "2022Q1", "abcd", "0000", "1899", " 2022"]
)
def test_a_malformed_period_is_422_naming_it(
    client: TestClient, principals: dict[str, Principal], period: str
) -> None:
    response = client.get(
        "/v1/reports", params={"period": period}, headers=principals["auditor"].headers
    )
    body = assert_problem(response, 422)
    fields = [e["field"] for e in body["errors"]]  # type: ignore[attr-defined]
    assert fields == ["query.period"], body


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"period": "2022", "format": "docx"}, "query.format"),
        ({"period": "2022", "lang": "fr"}, "query.lang"),
        ({"period": "2022", "meeting_id": "not-a-uuid"}, "query.meeting_id"),
        ({"period": "2022", "meeting_id": "e3e70682c2091cac629f6fbed82c07cd"}, "query.meeting_id"),
        ({"period": "2022", "position": "0"}, "query.position"),
        ({"period": "2022", "position": "5.0"}, "query.position"),
        ({"period": "2022", "position": "5_0"}, "query.position"),
        ({"period": "2022", "position": "+5"}, "query.position"),
        ({"period": "2022", "colour": "red"}, "query.colour"),
        ({}, "query.period"),
    ],
)
def test_strict_parameters(
    client: TestClient, principals: dict[str, Principal], params: dict[str, str], field: str
) -> None:
    response = client.get("/v1/reports", params=params, headers=principals["auditor"].headers)
    body = assert_problem(response, 422)
    assert field in [e["field"] for e in body["errors"]], body  # type: ignore[attr-defined]


def test_a_position_not_reached_is_409(
    client: TestClient, populated: LedgerApplication, principals: dict[str, Principal]
) -> None:
    beyond = populated.max_position() + 1000
    response = client.get(
        "/v1/reports",
        params={"period": this_year(populated), "position": str(beyond), "format": "html"},
        headers=principals["auditor"].headers,
    )
    assert_problem(response, 409, "position_not_reached")
