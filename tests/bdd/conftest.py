"""Shared steps of the ledger's features, in English and Vietnamese.

Every step that writes or checks goes through the HTTP API (FastAPI's TestClient), as a
client of the ledger would. Only setup that has no HTTP route by design happens below
it: opening the store, creating principals (as `directive-ledger token create` does),
loading the bundled sample. State passes from step to step through `target_fixture`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from pytest_bdd import given, then, when

from ledger.application import LedgerApplication
from ledger.domain.values import SYSTEM_ACTOR, Role
from tests.bdd.bdd_support import (
    GRID_FIELDS,
    HANOI,
    NO_DATE_WORDS,
    PERMISSION_RULES,
    RATE_HEADERS,
    RECORDED_WORDS,
    ROLE_WORDS,
    STANDING_FIELDS,
    UNIT_HEADERS,
    Clock,
    Directory,
    Outcome,
    Person,
    accepted,
    annotated,
    assert_refused,
    completion_rejected,
    completion_reported,
    completion_verified,
    directive_id,
    extension_granted,
    extension_refused,
    extension_requested,
    history_of,
    issue_directive,
    open_ledger,
    overdue_rows,
    p,
    parse_day,
    post_event,
    problem,
    progress,
    rate_as_fraction,
    read_directive,
    reassigned,
    recorded,
    unit_row,
    withdrawn,
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The Vietnamese features state the same rules as the English ones: they run on
    SQLite, and the English ones on both engines, so each rule meets PostgreSQL once
    without doubling the slowest part of the suite."""
    keep, drop = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_postgres = callspec is not None and callspec.params.get("engine") == "postgres"
        (drop if on_postgres and item.get_closest_marker("vi") else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(
    autouse=True,
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
    ids=["sqlite", "postgres"],
)
def engine(request: pytest.FixtureRequest) -> str:
    """Scenarios run on SQLite and on PostgreSQL (but see above; test_audit.py: SQLite)."""
    name: str = request.param
    return name


@pytest.fixture
def ledger_url(engine: str, database_file: Path, request: pytest.FixtureRequest) -> str:
    if engine == "postgres":
        url: str = request.getfixturevalue("postgres_url")
        return url
    return f"sqlite:///{database_file}"


@pytest.fixture
def database_file(tmp_path: Path) -> Path:
    return tmp_path / "ledger.sqlite"


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 30, 9, 0, tzinfo=HANOI))


@pytest.fixture
def ledger_options() -> dict[str, Any]:
    return {"max_extensions": 3}


@pytest.fixture
def ledger(
    ledger_url: str, tmp_path: Path, clock: Clock, ledger_options: dict[str, Any]
) -> LedgerApplication:
    return open_ledger(ledger_url, tmp_path, clock, max_extensions=ledger_options["max_extensions"])


@pytest.fixture
def directory() -> Directory:
    return Directory()


@pytest.fixture
def client(ledger: LedgerApplication) -> Iterator[TestClient]:
    from ledger.api.app import create_app

    with TestClient(create_app(ledger=ledger)) as test_client:
        yield test_client


# ------------------------------------------------------------------ setup


@given(p("a ledger whose today is {day:Day}"), target_fixture="ledger")
@given(p("sổ theo dõi có ngày hôm nay là {day:Day}"), target_fixture="ledger")
def _(
    day: date, ledger_url: str, tmp_path: Path, clock: Clock, ledger_options: dict[str, Any]
) -> LedgerApplication:
    clock.now = datetime(day.year, day.month, day.day, 9, 0, tzinfo=HANOI)
    return open_ledger(ledger_url, tmp_path, clock, max_extensions=ledger_options["max_extensions"])


@given(p("the ledger allows at most {n:Int} extension per directive"), target_fixture="ledger")
@given(p("the ledger allows at most {n:Int} extensions per directive"), target_fixture="ledger")
@given(p("sổ cho phép gia hạn tối đa {n:Int} lần mỗi nhiệm vụ"), target_fixture="ledger")
def _(
    n: int, ledger_url: str, tmp_path: Path, clock: Clock, ledger_options: dict[str, Any]
) -> LedgerApplication:
    # Must come before the first HTTP step: the API is opened on the ledger given here.
    ledger_options["max_extensions"] = n
    return open_ledger(ledger_url, tmp_path, clock, max_extensions=n)


@given(
    p("the ledger's clock reads {moment}, already {day:Day} in Asia/Ho_Chi_Minh"),
)
@given(
    p("đồng hồ của sổ chỉ {moment}, tức đã là ngày {day:Day} theo giờ Asia/Ho_Chi_Minh"),
)
def _(moment: str, day: date, clock: Clock) -> None:
    instant = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    assert instant.astimezone(HANOI).date() == day, "the scenario's two dates disagree"
    clock.now = instant


@given(p("these people use the ledger:"), target_fixture="directory")
@given(p("những người sau dùng sổ:"), target_fixture="directory")
def _(datatable: list[list[str]], ledger: LedgerApplication, directory: Directory) -> Directory:
    ctx = ledger.context(SYSTEM_ACTOR)
    for name, role_word, unit in (row[:3] for row in datatable[1:]):
        role = ROLE_WORDS[role_word.strip()]
        token, _principal = ledger.register_principal(
            ctx, name=name.strip(), role=role, unit=unit.strip() or None
        )
        directory.people[name.strip()] = Person(name.strip(), role, unit.strip() or None, token)
    token, _principal = ledger.register_principal(ctx, name="bdd reader", role=Role.AUDITOR)
    directory.reader = Person("bdd reader", Role.AUDITOR, None, token)
    return directory


# ------------------------------------------------------------------ issuing


@given(
    p(
        '"{who:Q}" has issued directive "{code:Q}" to "{unit:Q}" on {day:Day} with deadline'
        " {deadline:OptDay}"
    ),
    target_fixture="outcome",
)
@given(
    p('"{who:Q}" đã giao nhiệm vụ "{code:Q}" cho "{unit:Q}" ngày {day:Day}, hạn {deadline:OptDay}'),
    target_fixture="outcome",
)
def _(
    who: str,
    code: str,
    unit: str,
    day: date,
    deadline: date | None,
    client: TestClient,
    directory: Directory,
) -> Outcome:
    return recorded(issue_directive(client, directory, who, code, unit, day, deadline))


@given(
    p('"{who:Q}" has issued directive "{code:Q}" to "{unit:Q}" on {day:Day} with no deadline'),
    target_fixture="outcome",
)
@given(
    p('"{who:Q}" đã giao nhiệm vụ "{code:Q}" cho "{unit:Q}" ngày {day:Day}, không có thời hạn'),
    target_fixture="outcome",
)
def _(
    who: str, code: str, unit: str, day: date, client: TestClient, directory: Directory
) -> Outcome:
    return recorded(issue_directive(client, directory, who, code, unit, day, None))


@when(
    p(
        '"{who:Q}" issues directive "{code:Q}" to "{unit:Q}" on {day:Day} with deadline'
        " {deadline:OptDay}"
    ),
    target_fixture="outcome",
)
@when(
    p('"{who:Q}" giao nhiệm vụ "{code:Q}" cho "{unit:Q}" ngày {day:Day}, hạn {deadline:OptDay}'),
    target_fixture="outcome",
)
def _(
    who: str,
    code: str,
    unit: str,
    day: date,
    deadline: date | None,
    client: TestClient,
    directory: Directory,
) -> Outcome:
    return issue_directive(client, directory, who, code, unit, day, deadline)


# ------------------------------------------------------------------ follow-up events
# Each fact has a Given form (it happened: must be recorded) and a When form (it is
# attempted: the Then steps judge the answer).


@given(p('"{who:Q}" has accepted "{code:Q}" on {day:Day}'), target_fixture="outcome")
@given(p('"{who:Q}" đã tiếp nhận "{code:Q}" ngày {day:Day}'), target_fixture="outcome")
def _(who: str, code: str, day: date, client: TestClient, directory: Directory) -> Outcome:
    return recorded(post_event(client, directory, who, code, accepted(day)))


@when(p('"{who:Q}" accepts "{code:Q}" on {day:Day}'), target_fixture="outcome")
@when(p('"{who:Q}" tiếp nhận "{code:Q}" ngày {day:Day}'), target_fixture="outcome")
def _(who: str, code: str, day: date, client: TestClient, directory: Directory) -> Outcome:
    return post_event(client, directory, who, code, accepted(day))


@given(
    p('"{who:Q}" has reported "{code:Q}" {percent:Int}% done on {day:Day}'),
    target_fixture="outcome",
)
@given(
    p('"{who:Q}" đã báo cáo "{code:Q}" đạt {percent:Int}% ngày {day:Day}'), target_fixture="outcome"
)
def _(
    who: str, code: str, percent: int, day: date, client: TestClient, directory: Directory
) -> Outcome:
    return recorded(post_event(client, directory, who, code, progress(percent, day)))


@when(p('"{who:Q}" reports "{code:Q}" {percent:Int}% done on {day:Day}'), target_fixture="outcome")
@when(p('"{who:Q}" báo cáo "{code:Q}" đạt {percent:Int}% ngày {day:Day}'), target_fixture="outcome")
def _(
    who: str, code: str, percent: int, day: date, client: TestClient, directory: Directory
) -> Outcome:
    return post_event(client, directory, who, code, progress(percent, day))


@when(
    p('"{who:Q}" reports "{code:Q}" {percent:Int}% done without giving a date'),
    target_fixture="outcome",
)
@when(
    p('"{who:Q}" báo cáo "{code:Q}" đạt {percent:Int}% mà không ghi ngày'),
    target_fixture="outcome",
)
def _(who: str, code: str, percent: int, client: TestClient, directory: Directory) -> Outcome:
    return post_event(client, directory, who, code, progress(percent, None))


@given(
    p('"{who:Q}" has asked to extend "{code:Q}" to {new:Day} on {day:Day}'),
    target_fixture="outcome",
)
@given(
    p('"{who:Q}" đã xin gia hạn "{code:Q}" đến {new:Day} vào ngày {day:Day}'),
    target_fixture="outcome",
)
def _(
    who: str, code: str, new: date, day: date, client: TestClient, directory: Directory
) -> Outcome:
    return recorded(post_event(client, directory, who, code, extension_requested(new, day)))


@when(p('"{who:Q}" asks to extend "{code:Q}" to {new:Day} on {day:Day}'), target_fixture="outcome")
@when(
    p('"{who:Q}" xin gia hạn "{code:Q}" đến {new:Day} vào ngày {day:Day}'),
    target_fixture="outcome",
)
def _(
    who: str, code: str, new: date, day: date, client: TestClient, directory: Directory
) -> Outcome:
    return post_event(client, directory, who, code, extension_requested(new, day))


@given(
    p('"{who:Q}" has granted the extension of "{code:Q}" to {new:Day} on {day:Day}'),
    target_fixture="outcome",
)
@given(
    p('"{who:Q}" đã đồng ý gia hạn "{code:Q}" đến {new:Day} vào ngày {day:Day}'),
    target_fixture="outcome",
)
def _(
    who: str, code: str, new: date, day: date, client: TestClient, directory: Directory
) -> Outcome:
    return recorded(post_event(client, directory, who, code, extension_granted(new, day)))


@when(
    p('"{who:Q}" grants the extension of "{code:Q}" to {new:Day} on {day:Day}'),
    target_fixture="outcome",
)
@when(
    p('"{who:Q}" đồng ý gia hạn "{code:Q}" đến {new:Day} vào ngày {day:Day}'),
    target_fixture="outcome",
)
def _(
    who: str, code: str, new: date, day: date, client: TestClient, directory: Directory
) -> Outcome:
    return post_event(client, directory, who, code, extension_granted(new, day))


@given(
    p('"{who:Q}" has refused the extension of "{code:Q}" on {day:Day}'), target_fixture="outcome"
)
@given(p('"{who:Q}" đã từ chối gia hạn "{code:Q}" ngày {day:Day}'), target_fixture="outcome")
def _(who: str, code: str, day: date, client: TestClient, directory: Directory) -> Outcome:
    return recorded(post_event(client, directory, who, code, extension_refused(day)))


@when(p('"{who:Q}" refuses the extension of "{code:Q}" on {day:Day}'), target_fixture="outcome")
@when(p('"{who:Q}" từ chối gia hạn "{code:Q}" ngày {day:Day}'), target_fixture="outcome")
def _(who: str, code: str, day: date, client: TestClient, directory: Directory) -> Outcome:
    return post_event(client, directory, who, code, extension_refused(day))


@given(p('"{code:Q}" has been extended to {new:Day} on {day:Day}'), target_fixture="outcome")
@given(p('"{code:Q}" đã được gia hạn đến {new:Day} vào ngày {day:Day}'), target_fixture="outcome")
def _(code: str, new: date, day: date, client: TestClient, directory: Directory) -> Outcome:
    """The lead unit asked and an issuer granted, both on the same day."""
    lead_unit = read_directive(client, directory, code)["lead_unit"]
    unit = next(p for p in directory.people.values() if p.unit == lead_unit)
    issuer = directory.first(Role.ISSUER)
    recorded(post_event(client, directory, unit.name, code, extension_requested(new, day)))
    return recorded(post_event(client, directory, issuer.name, code, extension_granted(new, day)))


@given(
    p('"{who:Q}" has reassigned "{code:Q}" to "{unit:Q}" on {day:Day}'), target_fixture="outcome"
)
@given(
    p('"{who:Q}" đã giao lại "{code:Q}" cho "{unit:Q}" ngày {day:Day}'), target_fixture="outcome"
)
def _(
    who: str, code: str, unit: str, day: date, client: TestClient, directory: Directory
) -> Outcome:
    return recorded(post_event(client, directory, who, code, reassigned(unit, day)))


@when(p('"{who:Q}" reassigns "{code:Q}" to "{unit:Q}" on {day:Day}'), target_fixture="outcome")
@when(p('"{who:Q}" giao lại "{code:Q}" cho "{unit:Q}" ngày {day:Day}'), target_fixture="outcome")
def _(
    who: str, code: str, unit: str, day: date, client: TestClient, directory: Directory
) -> Outcome:
    return post_event(client, directory, who, code, reassigned(unit, day))


@given(
    p('"{who:Q}" has reported "{code:Q}" completed on {day:Day} with evidence "{ref:Q}"'),
    target_fixture="outcome",
)
@given(
    p('"{who:Q}" đã báo cáo hoàn thành "{code:Q}" ngày {day:Day}, kèm văn bản "{ref:Q}"'),
    target_fixture="outcome",
)
def _(
    who: str, code: str, day: date, ref: str, client: TestClient, directory: Directory
) -> Outcome:
    return recorded(post_event(client, directory, who, code, completion_reported(ref, day)))


@when(
    p('"{who:Q}" reports "{code:Q}" completed on {day:Day} with evidence "{ref:Q}"'),
    target_fixture="outcome",
)
@when(
    p('"{who:Q}" báo cáo hoàn thành "{code:Q}" ngày {day:Day}, kèm văn bản "{ref:Q}"'),
    target_fixture="outcome",
)
def _(
    who: str, code: str, day: date, ref: str, client: TestClient, directory: Directory
) -> Outcome:
    return post_event(client, directory, who, code, completion_reported(ref, day))


@when(
    p('"{who:Q}" reports "{code:Q}" completed on {day:Day} without evidence'),
    target_fixture="outcome",
)
@when(
    p('"{who:Q}" báo cáo hoàn thành "{code:Q}" ngày {day:Day} mà không kèm văn bản nào'),
    target_fixture="outcome",
)
def _(who: str, code: str, day: date, client: TestClient, directory: Directory) -> Outcome:
    return post_event(client, directory, who, code, completion_reported(None, day))


@given(
    p('"{who:Q}" has verified the completion of "{code:Q}" on {day:Day}'),
    target_fixture="outcome",
)
@given(p('"{who:Q}" đã xác nhận hoàn thành "{code:Q}" ngày {day:Day}'), target_fixture="outcome")
def _(who: str, code: str, day: date, client: TestClient, directory: Directory) -> Outcome:
    return recorded(post_event(client, directory, who, code, completion_verified(day)))


@when(p('"{who:Q}" verifies the completion of "{code:Q}" on {day:Day}'), target_fixture="outcome")
@when(p('"{who:Q}" xác nhận hoàn thành "{code:Q}" ngày {day:Day}'), target_fixture="outcome")
def _(who: str, code: str, day: date, client: TestClient, directory: Directory) -> Outcome:
    return post_event(client, directory, who, code, completion_verified(day))


@given(
    p('"{who:Q}" has rejected the completion of "{code:Q}" on {day:Day}'),
    target_fixture="outcome",
)
@given(
    p('"{who:Q}" đã không công nhận hoàn thành "{code:Q}" ngày {day:Day}'),
    target_fixture="outcome",
)
def _(who: str, code: str, day: date, client: TestClient, directory: Directory) -> Outcome:
    return recorded(post_event(client, directory, who, code, completion_rejected(day)))


@when(p('"{who:Q}" rejects the completion of "{code:Q}" on {day:Day}'), target_fixture="outcome")
@when(p('"{who:Q}" không công nhận hoàn thành "{code:Q}" ngày {day:Day}'), target_fixture="outcome")
def _(who: str, code: str, day: date, client: TestClient, directory: Directory) -> Outcome:
    return post_event(client, directory, who, code, completion_rejected(day))


@given(p('"{who:Q}" has withdrawn "{code:Q}" on {day:Day}'), target_fixture="outcome")
@given(p('"{who:Q}" đã thu hồi "{code:Q}" ngày {day:Day}'), target_fixture="outcome")
def _(who: str, code: str, day: date, client: TestClient, directory: Directory) -> Outcome:
    return recorded(post_event(client, directory, who, code, withdrawn(day)))


@when(p('"{who:Q}" withdraws "{code:Q}" on {day:Day}'), target_fixture="outcome")
@when(p('"{who:Q}" thu hồi "{code:Q}" ngày {day:Day}'), target_fixture="outcome")
def _(who: str, code: str, day: date, client: TestClient, directory: Directory) -> Outcome:
    return post_event(client, directory, who, code, withdrawn(day))


@given(
    p('"{who:Q}" has annotated version {version:Int} of "{code:Q}" with "{text:Q}"'),
    target_fixture="outcome",
)
@given(
    p('"{who:Q}" đã ghi chú vào phiên bản {version:Int} của "{code:Q}": "{text:Q}"'),
    target_fixture="outcome",
)
def _(
    who: str, version: int, code: str, text: str, client: TestClient, directory: Directory
) -> Outcome:
    return recorded(post_event(client, directory, who, code, annotated(version, text)))


@when(
    p('"{who:Q}" annotates version {version:Int} of "{code:Q}" with "{text:Q}"'),
    target_fixture="outcome",
)
@when(
    p('"{who:Q}" ghi chú vào phiên bản {version:Int} của "{code:Q}": "{text:Q}"'),
    target_fixture="outcome",
)
def _(
    who: str, version: int, code: str, text: str, client: TestClient, directory: Directory
) -> Outcome:
    return post_event(client, directory, who, code, annotated(version, text))


# ------------------------------------------------------------------ reading


@when(p('"{who:Q}" reads "{code:Q}"'), target_fixture="reading")
@when(p('"{who:Q}" xem "{code:Q}"'), target_fixture="reading")
def _(who: str, code: str, client: TestClient, directory: Directory) -> httpx.Response:
    the_id = directive_id(client, directory, code)
    return client.get(f"/v1/directives/{the_id}", headers=directory.person(who).headers)


@when(p('someone without a token reads "{code:Q}"'), target_fixture="outcome")
@when(p('một người không có mã truy cập xem "{code:Q}"'), target_fixture="outcome")
def _(code: str, client: TestClient, directory: Directory) -> Outcome:
    the_id = directive_id(client, directory, code)
    return Outcome(client.get(f"/v1/directives/{the_id}"), code)


@then(p('the reader sees "{code:Q}" with status "{status:Q}"'))
@then(p('người xem thấy "{code:Q}" ở trạng thái "{status:Q}"'))
def _(
    code: str, status: str, reading: httpx.Response, client: TestClient, directory: Directory
) -> None:
    assert reading.status_code == 200, reading.text
    assert reading.json()["id"] == directive_id(client, directory, code)
    assert reading.json()["status"] == status


@then(p("the reader sees version {version:Int} and {percent:Int}% done"))
@then(p("người xem thấy phiên bản {version:Int}, đạt {percent:Int}%"))
def _(version: int, percent: int, reading: httpx.Response) -> None:
    assert reading.status_code == 200, reading.text
    assert reading.json()["version"] == version
    assert reading.json()["percent"] == percent


# ------------------------------------------------------------------ the answer


@then(p("the ledger records it"))
@then(p("sổ ghi nhận"))
def _(outcome: Outcome) -> None:
    response = outcome.response
    assert response.status_code == 201, f"{response.status_code} {response.text}"
    assert response.headers["ETag"] == f'"{response.json()["version"]}"'


@then(p('the ledger refuses it under the rule "{rule:Q}"'))
@then(p('sổ từ chối theo quy tắc "{rule:Q}"'))
def _(rule: str, outcome: Outcome) -> None:
    assert rule not in PERMISSION_RULES, "a permission rule is refused 'as not permitted'"
    assert_refused(outcome.response, rule)


@then(p('the ledger refuses it as not permitted: "{rule:Q}"'))
@then(p('sổ từ chối vì không có quyền: "{rule:Q}"'))
def _(rule: str, outcome: Outcome) -> None:
    assert rule in PERMISSION_RULES, f"{rule!r} is not a permission rule"
    assert_refused(outcome.response, rule)


@then(p("the ledger refuses it as not permitted"))
@then(p("sổ từ chối vì không có quyền"))
def _(outcome: Outcome) -> None:
    assert outcome.response.status_code == 403, outcome.response.text
    problem(outcome.response)


@then(p('the ledger refuses it as invalid, naming "{name:Q}"'))
@then(p('sổ từ chối vì dữ liệu không hợp lệ ở trường "{name:Q}"'))
def _(name: str, outcome: Outcome) -> None:
    response = outcome.response
    assert response.status_code == 422, f"{response.status_code} {response.text}"
    errors = problem(response).get("errors") or []
    named = [str(e.get("field", "")) for e in errors] + [
        ".".join(str(x) for x in e.get("loc", [])) for e in errors
    ]
    assert any(name in n for n in named), f"{name!r} not named in {errors}"


@then(p("the ledger refuses it as unauthenticated"))
@then(p("sổ từ chối vì chưa xác thực"))
def _(outcome: Outcome) -> None:
    assert outcome.response.status_code == 401, outcome.response.text


@then(p('the ledger answers "{answer:Q}"'))
@then(p('sổ trả lời "{answer:Q}"'))
def _(answer: str, outcome: Outcome) -> None:
    if answer in RECORDED_WORDS:
        assert outcome.response.status_code == 201, outcome.response.text
    else:
        assert_refused(outcome.response, answer)


@then(p('nothing was added to "{code:Q}"'))
@then(p('không có gì được thêm vào "{code:Q}"'))
def _(code: str, outcome: Outcome, client: TestClient, directory: Directory) -> None:
    assert outcome.version_before is not None, "the step before did not write to a directive"
    assert read_directive(client, directory, code)["version"] == outcome.version_before
    assert history_of(client, directory, code) == outcome.history_before


# ------------------------------------------------------------------ the directive


@then(p('"{code:Q}" has status "{status:Q}"'))
@then(p('"{code:Q}" ở trạng thái "{status:Q}"'))
def _(code: str, status: str, client: TestClient, directory: Directory) -> None:
    assert read_directive(client, directory, code)["status"] == status


@then(p('the lead unit of "{code:Q}" is "{unit:Q}"'))
@then(p('đơn vị chủ trì của "{code:Q}" là "{unit:Q}"'))
def _(code: str, unit: str, client: TestClient, directory: Directory) -> None:
    assert read_directive(client, directory, code)["lead_unit"] == unit


@then(p('"{code:Q}" is {percent:Int}% done'))
@then(p('"{code:Q}" đạt {percent:Int}%'))
def _(code: str, percent: int, client: TestClient, directory: Directory) -> None:
    assert read_directive(client, directory, code)["percent"] == percent


@then(p('"{code:Q}" is due on {day:Day} with {n:Int} extension granted'))
@then(p('"{code:Q}" is due on {day:Day} with {n:Int} extensions granted'))
@then(p('hạn của "{code:Q}" là {day:Day}, đã gia hạn {n:Int} lần'))
def _(code: str, day: date, n: int, client: TestClient, directory: Directory) -> None:
    found = read_directive(client, directory, code)
    assert (found["deadline"], found["extensions"]) == (day.isoformat(), n)


@then(p('the history of "{code:Q}" reads:'))
@then(p('lịch sử của "{code:Q}" như sau:'))
def _(code: str, datatable: list[list[str]], client: TestClient, directory: Directory) -> None:
    expected = [
        (int(version), event.strip(), parse_day(day.strip()).isoformat())
        for version, event, day in (row[:3] for row in datatable[1:])
    ]
    actual = [
        (e["version"], e["type"], e["effective_on"]) for e in history_of(client, directory, code)
    ]
    assert actual == expected


@then(p('every event of "{code:Q}" keeps its recorded time apart from its effective date'))
@then(p('mỗi sự việc của "{code:Q}" giữ thời điểm ghi sổ tách biệt với ngày hiệu lực'))
def _(code: str, client: TestClient, directory: Directory) -> None:
    for event in history_of(client, directory, code):
        recorded_at = datetime.fromisoformat(event["recorded_at"].replace("Z", "+00:00"))
        assert recorded_at.tzinfo is not None, event
        # These scenarios date every event in 2025, long before it is recorded.
        assert date.fromisoformat(event["effective_on"]) < recorded_at.date(), event


@then(p('the last event of "{code:Q}" is effective on {day:Day}'))
@then(p('sự việc cuối cùng của "{code:Q}" có hiệu lực từ ngày {day:Day}'))
def _(code: str, day: date, client: TestClient, directory: Directory) -> None:
    assert history_of(client, directory, code)[-1]["effective_on"] == day.isoformat()


@then(p('event version {version:Int} of "{code:Q}" is unchanged'))
@then(p('sự việc phiên bản {version:Int} của "{code:Q}" vẫn nguyên như cũ'))
def _(version: int, code: str, outcome: Outcome, client: TestClient, directory: Directory) -> None:
    before = next(e for e in outcome.history_before if e["version"] == version)
    after = next(e for e in history_of(client, directory, code) if e["version"] == version)
    assert after == before


@then(
    p('the last event of "{code:Q}" is an annotation of version {version:Int} reading "{text:Q}"')
)
@then(
    p(
        'sự việc cuối cùng của "{code:Q}" là ghi chú cho phiên bản {version:Int} với nội dung'
        ' "{text:Q}"'
    )
)
def _(code: str, version: int, text: str, client: TestClient, directory: Directory) -> None:
    last = history_of(client, directory, code)[-1]
    assert last["type"] == "annotated"
    assert last["data"]["refers_to_version"] == version
    assert last["data"]["text"].encode("utf-8") == text.encode("utf-8")


# ------------------------------------------------------------------ views


@then(p('on {day:Day} the unit table counts the directives of "{unit:Q}" as "{standing:Q}"'))
@then(
    p('vào ngày {day:Day}, bảng theo đơn vị xếp các nhiệm vụ của "{unit:Q}" vào ô "{standing:Q}"')
)
def _(day: date, unit: str, standing: str, client: TestClient, directory: Directory) -> None:
    row = unit_row(client, directory, day, unit)
    counts = {f: row[f] for f in GRID_FIELDS}
    field_name = STANDING_FIELDS[standing]
    assert counts[field_name] >= 1, counts
    assert counts[field_name] == sum(counts.values()), counts


@then(p('on {day:Day} the unit table counts {n:Int} directives of "{unit:Q}" as "{standing:Q}"'))
@then(
    p(
        'vào ngày {day:Day}, bảng theo đơn vị xếp {n:Int} nhiệm vụ của "{unit:Q}" vào ô'
        ' "{standing:Q}"'
    )
)
def _(
    day: date, n: int, unit: str, standing: str, client: TestClient, directory: Directory
) -> None:
    row = unit_row(client, directory, day, unit)
    counts = {f: row[f] for f in GRID_FIELDS}
    assert counts[STANDING_FIELDS[standing]] == n, counts
    assert sum(counts.values()) == n, counts


@then(p("on {day:Day} the unit table reads:"))
@then(p("vào ngày {day:Day}, bảng theo đơn vị như sau:"))
def _(day: date, datatable: list[list[str]], client: TestClient, directory: Directory) -> None:
    header = [h.strip() for h in datatable[0]]
    for row in datatable[1:]:
        cells = dict(zip(header, (c.strip() for c in row), strict=True))
        unit = next(v for h, v in cells.items() if h in UNIT_HEADERS)
        actual = unit_row(client, directory, day, unit)
        for heading, value in cells.items():
            if heading in STANDING_FIELDS:
                assert actual[STANDING_FIELDS[heading]] == int(value), (unit, heading, actual)
            elif heading in RATE_HEADERS:
                expected = None if value in NO_DATE_WORDS else int(value.rstrip("%")) / 100
                assert rate_as_fraction(actual["on_time_rate"]) == expected, (unit, actual)


@then(
    p(
        'on {day:Day} the overdue list shows "{code:Q}" {days:Int} days overdue, in the bucket'
        ' "{bucket:Q}"'
    )
)
@then(
    p(
        'vào ngày {day:Day}, danh sách quá hạn có "{code:Q}", quá hạn {days:Int} ngày, thuộc nhóm'
        ' "{bucket:Q}"'
    )
)
def _(
    day: date, code: str, days: int, bucket: str, client: TestClient, directory: Directory
) -> None:
    rows = overdue_rows(client, directory, day, code)
    assert len(rows) == 1, rows
    assert (rows[0]["days_overdue"], rows[0]["bucket"]) == (days, bucket)


@then(p('on {day:Day} the overdue list does not show "{code:Q}"'))
@then(p('vào ngày {day:Day}, danh sách quá hạn không có "{code:Q}"'))
def _(day: date, code: str, client: TestClient, directory: Directory) -> None:
    assert overdue_rows(client, directory, day, code) == []
