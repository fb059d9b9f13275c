"""The bundled sample: the working session of 10 December 2021 in Hải Dương."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from pytest_bdd import given, scenarios, then

from ledger.application import LedgerApplication
from ledger.sample import load_sample
from tests.bdd.bdd_support import (
    Directory,
    directive_id,
    get_ok,
    history_of,
    meeting_directive_ids,
    p,
    read_directive,
)

scenarios("sample")


@given(p("the ledger holds the sample meeting of 10 December 2021"), target_fixture="directory")
@given(p("sổ đã có buổi làm việc mẫu ngày 10 tháng 12 năm 2021"), target_fixture="directory")
def _(ledger: LedgerApplication, directory: Directory) -> Directory:
    # As `directive-ledger load-sample` does; everything checked afterwards is read over HTTP.
    directory.sample_meeting_id = str(load_sample(ledger).meeting_id)
    # What the loader wrote is what the views must reach before they are read.
    directory.position = ledger.max_position()
    return directory


def sample_meeting(client: TestClient, directory: Directory) -> dict[str, object]:
    found: dict[str, object] = get_ok(
        client, directory, f"/v1/meetings/{directory.sample_meeting_id}"
    )
    return found


@then(p('the sample meeting was held on {day:Day}, chaired by "{chair:Q}"'))
@then(p('buổi làm việc mẫu diễn ra ngày {day:Day}, do "{chair:Q}" chủ trì'))
def _(day: date, chair: str, client: TestClient, directory: Directory) -> None:
    meeting = sample_meeting(client, directory)
    assert (meeting["held_on"], meeting["chair"]) == (day.isoformat(), chair)


@then(p("the sample meeting lists {n:Int} directives"))
@then(p("buổi làm việc mẫu có {n:Int} nhiệm vụ"))
def _(n: int, client: TestClient, directory: Directory) -> None:
    assert len(meeting_directive_ids(sample_meeting(client, directory))) == n


@then(p('directive "{code:Q}" reads "{title:Q}"'))
@then(p('nhiệm vụ "{code:Q}" có tiêu đề "{title:Q}"'))
def _(code: str, title: str, client: TestClient, directory: Directory) -> None:
    found = read_directive(client, directory, code)
    assert found["code"] == code
    assert found["title"].encode("utf-8") == title.encode("utf-8")


@then(
    p(
        'directive "{code:Q}" was issued by "{issuer:Q}" to "{unit:Q}" on {day:Day}, citing'
        " paragraph {paragraph:Int}"
    )
)
@then(
    p(
        'nhiệm vụ "{code:Q}" do "{issuer:Q}" giao cho "{unit:Q}" ngày {day:Day}, dẫn đoạn'
        " {paragraph:Int}"
    )
)
def _(
    code: str,
    issuer: str,
    unit: str,
    day: date,
    paragraph: int,
    client: TestClient,
    directory: Directory,
) -> None:
    found = read_directive(client, directory, code)
    assert (found["issuer"], found["lead_unit"], found["issued_on"]) == (
        issuer,
        unit,
        day.isoformat(),
    )
    assert found["source"]["paragraph"] == paragraph
    assert found["meeting_id"] == directory.sample_meeting_id


@then(p('the acceptance of "{code:Q}" is effective on {day:Day}, citing paragraph {paragraph:Int}'))
@then(p('việc tiếp nhận "{code:Q}" có hiệu lực ngày {day:Day}, dẫn đoạn {paragraph:Int}'))
def _(code: str, day: date, paragraph: int, client: TestClient, directory: Directory) -> None:
    acceptances = [e for e in history_of(client, directory, code) if e["type"] == "accepted"]
    assert len(acceptances) == 1, acceptances
    assert acceptances[0]["effective_on"] == day.isoformat()
    assert acceptances[0]["data"]["meta"]["source"]["paragraph"] == paragraph


@then(p('directive "{code:Q}" is a child of "{parent:Q}"'))
@then(p('nhiệm vụ "{code:Q}" là nhiệm vụ con của "{parent:Q}"'))
def _(code: str, parent: str, client: TestClient, directory: Directory) -> None:
    found = read_directive(client, directory, code)
    assert found["parent_id"] == directive_id(client, directory, parent)
