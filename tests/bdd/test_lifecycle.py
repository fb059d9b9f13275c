"""The directive's lifecycle: order of events, extensions, completion, dates, annotations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from pytest_bdd import given, scenarios, then

from ledger.domain.directive import Directive
from tests.bdd.bdd_support import Directory, directive_id, history_of, p, reader_headers

scenarios("lifecycle")


# ------------------------------------------------------------------ recorded time


@given(p("the clock the ledger records by is set back {hours:Int} hour"))
@given(p("the clock the ledger records by is set back {hours:Int} hours"))
@given(p("đồng hồ ghi sổ bị chỉnh lùi {hours:Int} giờ"))
def _(hours: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The clock events take their recorded time from (not the business 'today')."""
    behind = timedelta(hours=hours)
    monkeypatch.setattr(
        Directive.Event, "create_timestamp", staticmethod(lambda: datetime.now(UTC) - behind)
    )


def recorded_at(event: dict[str, object]) -> datetime:
    return datetime.fromisoformat(str(event["recorded_at"]).replace("Z", "+00:00"))


@then(p('the recorded times of "{code:Q}" never go back'))
@then(p('thời điểm ghi sổ các sự việc của "{code:Q}" không bao giờ lùi lại'))
def _(code: str, client: TestClient, directory: Directory) -> None:
    times = [recorded_at(e) for e in history_of(client, directory, code)]
    assert times == sorted(times), times


@then(p('"{code:Q}" read as of each recorded time is what its history says'))
@then(p('xem "{code:Q}" tại từng thời điểm ghi sổ thì thấy đúng như lịch sử của nó'))
def _(code: str, client: TestClient, directory: Directory) -> None:
    history = history_of(client, directory, code)
    path = f"/v1/directives/{directive_id(client, directory, code)}"
    for event in history:
        moment = recorded_at(event)
        # Recorded by then: every event up to the last one recorded at or before it.
        expected = max(int(str(e["version"])) for e in history if recorded_at(e) <= moment)
        answer = client.get(
            path, params={"as_of": moment.isoformat()}, headers=reader_headers(directory)
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["version"] == expected, (event, answer.json())
