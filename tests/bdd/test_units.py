"""Units, their successors, and the documents directives cite (features/units)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pytest_bdd import given, scenarios, then, when

from ledger.application import LedgerApplication
from ledger.domain.values import SYSTEM_ACTOR, Role
from ledger.sample import load_sample
from tests.bdd.bdd_support import (
    Directory,
    Outcome,
    history_of,
    p,
    parse_day,
    post_event,
    problem,
    recorded,
)

scenarios("units")

KIND_WORDS = {"party": "party", "đảng": "party", "state": "state", "nhà nước": "state"}
CONVENTION_WORDS = {"party": "party", "đảng": "party", "state": "state", "nhà nước": "state"}


@pytest.fixture
def admin_headers(ledger: LedgerApplication) -> dict[str, str]:
    """An administrator's token for the setup steps that have a route (units)."""
    token, _principal = ledger.register_principal(
        ledger.context(SYSTEM_ACTOR), name="bdd admin", role=Role.ADMIN
    )
    return {"Authorization": f"Bearer {token}"}


def unit_id(client: TestClient, headers: dict[str, str], name: str) -> str:
    """The last registered unit of that name, found as a client would: in the list."""
    response = client.get("/v1/units", headers=headers)
    assert response.status_code == 200, response.text
    found = [u["id"] for u in response.json()["units"] if u["name"] == name]
    assert found, f"no unit {name!r}"
    return str(found[-1])


# ------------------------------------------------------------------ setup


@given(p("these units are registered:"))
@given(p("các đơn vị sau đã được đăng ký:"))
def _(datatable: list[list[str]], client: TestClient, admin_headers: dict[str, str]) -> None:
    for name, kind, valid_from in (row[:3] for row in datatable[1:]):
        body: dict[str, Any] = {"name": name.strip(), "kind": KIND_WORDS[kind.strip().lower()]}
        if valid_from.strip():
            body["valid_from"] = parse_day(valid_from.strip()).isoformat()
        response = client.post("/v1/units", json=body, headers=admin_headers)
        assert response.status_code == 201, response.text


@given(p("the ledger holds the bundled sample, loaded today"), target_fixture="directory")
@given(p("sổ đã có sổ mẫu, nạp vào hôm nay"), target_fixture="directory")
def _(ledger: LedgerApplication, directory: Directory) -> Directory:
    # As `directive-ledger load-sample` does; everything checked afterwards is read over HTTP.
    directory.sample_meeting_id = str(load_sample(ledger).meeting_id)
    directory.position = ledger.max_position()
    return directory


# ------------------------------------------------------------------ succession


@dataclass
class SuccessionOutcome(Outcome):
    """The answer to a succession, and every directive's history just before it."""

    histories: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def succeed(
    client: TestClient,
    directory: Directory,
    admin_headers: dict[str, str],
    who: str,
    successor: str,
    predecessor: str,
    day: date,
    symbol: str,
) -> Outcome:
    body = {
        "predecessors": [unit_id(client, admin_headers, predecessor)],
        "effective_on": day.isoformat(),
        "basis": {"symbol": symbol, "issuer": "Quốc hội"},
    }
    histories = {code: history_of(client, directory, code) for code in directory.directives}
    response = client.post(
        f"/v1/units/{unit_id(client, admin_headers, successor)}/succession",
        json=body,
        headers=directory.person(who).headers,
    )
    directory.saw(response)
    return SuccessionOutcome(response, histories=histories)


@when(
    p(
        '"{who:Q}" records that "{successor:Q}" succeeds "{predecessor:Q}" from'
        ' {day:Day} under "{symbol:Q}"'
    ),
    target_fixture="outcome",
)
@when(
    p(
        '"{who:Q}" ghi nhận "{successor:Q}" kế thừa "{predecessor:Q}" từ ngày'
        ' {day:Day} theo "{symbol:Q}"'
    ),
    target_fixture="outcome",
)
def _(
    who: str,
    successor: str,
    predecessor: str,
    day: date,
    symbol: str,
    client: TestClient,
    directory: Directory,
    admin_headers: dict[str, str],
) -> Outcome:
    return succeed(client, directory, admin_headers, who, successor, predecessor, day, symbol)


@given(
    p(
        '"{who:Q}" has recorded that "{successor:Q}" succeeds "{predecessor:Q}"'
        ' from {day:Day} under "{symbol:Q}"'
    ),
    target_fixture="outcome",
)
@given(
    p(
        '"{who:Q}" đã ghi nhận "{successor:Q}" kế thừa "{predecessor:Q}" từ ngày'
        ' {day:Day} theo "{symbol:Q}"'
    ),
    target_fixture="outcome",
)
def _(
    who: str,
    successor: str,
    predecessor: str,
    day: date,
    symbol: str,
    client: TestClient,
    directory: Directory,
    admin_headers: dict[str, str],
) -> Outcome:
    return recorded(
        succeed(client, directory, admin_headers, who, successor, predecessor, day, symbol)
    )


@then(p('the last event of "{code:Q}" hands it to "{unit:Q}" from {day:Day}, citing "{symbol:Q}"'))
@then(
    p(
        'sự việc cuối cùng của "{code:Q}" chuyển nhiệm vụ cho "{unit:Q}" từ ngày'
        ' {day:Day}, dẫn "{symbol:Q}"'
    )
)
def _(
    code: str, unit: str, day: date, symbol: str, client: TestClient, directory: Directory
) -> None:
    last = history_of(client, directory, code)[-1]
    assert last["type"] == "lead_unit_succeeded", last
    assert last["effective_on"] == day.isoformat()
    assert last["data"]["lead_unit"] == unit
    basis = last["data"]["succession"]["basis"]
    assert basis["symbol"] == symbol
    assert basis["parts"]["symbol"] == symbol


@then(p('the events of "{code:Q}" before the handover are unchanged'))
@then(p('các sự việc của "{code:Q}" trước khi chuyển giao vẫn nguyên như cũ'))
def _(code: str, outcome: Outcome, client: TestClient, directory: Directory) -> None:
    assert isinstance(outcome, SuccessionOutcome)
    before = outcome.histories[code]
    after = history_of(client, directory, code)
    assert after[: len(before)] == before
    assert [e["type"] for e in after[len(before) :]] == ["lead_unit_succeeded"]


@when(p('a token is asked for a principal of "{unit:Q}"'), target_fixture="refusal")
@when(p('có yêu cầu cấp mã truy cập cho người dùng của "{unit:Q}"'), target_fixture="refusal")
def _(unit: str, ledger: LedgerApplication) -> Any:
    # `directive-ledger token create --role unit --unit ...` calls this; it has no route.
    from ledger.domain.errors import DomainError

    with pytest.raises(DomainError) as refused:
        ledger.register_principal(
            ledger.context(SYSTEM_ACTOR), name="người dùng mới", role=Role.UNIT, unit=unit
        )
    return refused.value


@then(p('it is refused under the rule "{rule:Q}", naming "{name:Q}"'))
@then(p('yêu cầu bị từ chối theo quy tắc "{rule:Q}", có nêu "{name:Q}"'))
def _(rule: str, name: str, refusal: Any) -> None:
    assert refusal.rule == rule
    assert name in refusal.message


# ------------------------------------------------------------------ documents


@when(
    p(
        '"{who:Q}" reports "{code:Q}" {percent:Int}% done on {day:Day} citing the'
        ' document "{symbol:Q}"'
    ),
    target_fixture="outcome",
)
@when(
    p('"{who:Q}" báo cáo "{code:Q}" đạt {percent:Int}% ngày {day:Day}, dẫn văn bản "{symbol:Q}"'),
    target_fixture="outcome",
)
def _(
    who: str,
    code: str,
    percent: int,
    day: date,
    symbol: str,
    client: TestClient,
    directory: Directory,
) -> Outcome:
    body = {
        "type": "progress_reported",
        "percent": percent,
        "narrative": f"Đạt {percent}%",
        "evidence": [{"title": "Văn bản kèm theo", "document": {"symbol": symbol}}],
        "effective_on": day.isoformat(),
    }
    return post_event(client, directory, who, code, body)


@given(
    p(
        '"{who:Q}" has reported "{code:Q}" {percent:Int}% done on {day:Day} with'
        ' the old evidence reference "{ref:Q}"'
    ),
    target_fixture="outcome",
)
@given(
    p(
        '"{who:Q}" đã báo cáo "{code:Q}" đạt {percent:Int}% ngày {day:Day}, kèm ghi'
        ' chú văn bản kiểu cũ "{ref:Q}"'
    ),
    target_fixture="outcome",
)
def _(
    who: str,
    code: str,
    percent: int,
    day: date,
    ref: str,
    client: TestClient,
    directory: Directory,
) -> Outcome:
    body = {
        "type": "progress_reported",
        "percent": percent,
        "narrative": f"Đạt {percent}%",
        "evidence": [{"title": "Văn bản kèm theo", "reference": ref}],
        "effective_on": day.isoformat(),
    }
    return recorded(post_event(client, directory, who, code, body))


def last_evidence(client: TestClient, directory: Directory, code: str) -> dict[str, Any]:
    evidence: list[dict[str, Any]] = history_of(client, directory, code)[-1]["data"]["evidence"]
    assert len(evidence) == 1, evidence
    return evidence[0]


@then(
    p(
        'the evidence of the last event of "{code:Q}" is a {convention} document of'
        ' kind "{kind:Q}" issued by "{issuer:Q}"'
    )
)
@then(
    p(
        'văn bản kèm theo sự việc cuối cùng của "{code:Q}" là văn bản của'
        ' {convention}, loại "{kind:Q}", do "{issuer:Q}" ban hành'
    )
)
def _(
    code: str, convention: str, kind: str, issuer: str, client: TestClient, directory: Directory
) -> None:
    parts = last_evidence(client, directory, code)["document"]["parts"]
    assert parts["convention"] == CONVENTION_WORDS[convention.strip().lower()]
    assert (parts["kind_name"], parts["issuer"]) == (kind, issuer)


@then(p("the refusal shows the expected shape"))
@then(p("lời từ chối nêu cách viết đúng"))
def _(outcome: Outcome) -> None:
    errors = problem(outcome.response)["errors"]
    message = " ".join(str(e["message"]) for e in errors)
    assert "01-CT/TW" in message
    assert "42/2014/QĐ-TTg" in message
    assert "9061/VPCP-CN" in message


@then(p('the evidence of the last event of "{code:Q}" keeps the reference "{ref:Q}" as written'))
@then(p('văn bản kèm theo sự việc cuối cùng của "{code:Q}" vẫn giữ nguyên ghi chú "{ref:Q}"'))
def _(code: str, ref: str, client: TestClient, directory: Directory) -> None:
    evidence = last_evidence(client, directory, code)
    assert evidence["reference"] == ref
    # Read as the document it names; the stored event holds only the free text.
    assert evidence["document"]["read_from_reference"] is True
    assert evidence["document"]["parts"]["symbol"] in ref
