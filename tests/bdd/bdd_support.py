"""Helpers of the step modules: typed values, the scenario's directory of names, HTTP calls.

Steps drive the ledger through its HTTP API only; these helpers are the client side.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from fastapi.testclient import TestClient
from pytest_bdd import parsers

from ledger.application import LedgerApplication
from ledger.application.signing import SigningService
from ledger.domain.values import Role
from ledger.settings import Settings

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
VIEW_WAIT_SECONDS = 20.0

# ------------------------------------------------------------------ typed values


def parse_day(text: str) -> date:
    """A business date, as ISO 8601 (2025-06-30) or as Vietnamese write it (30/06/2025)."""
    if "/" in text:
        day, month, year = (int(part) for part in text.split("/"))
        return date(year, month, day)
    return date.fromisoformat(text)


parse_day.pattern = r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}"  # type: ignore[attr-defined]

NO_DATE_WORDS = ("none", "không có", "không")


def parse_optional_day(text: str) -> date | None:
    return None if text in NO_DATE_WORDS else parse_day(text)


parse_optional_day.pattern = (  # type: ignore[attr-defined]
    r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}|none|không có|không"
)


def parse_int(text: str) -> int:
    return int(text)


parse_int.pattern = r"-?\d+"  # type: ignore[attr-defined]


def parse_quoted(text: str) -> str:
    return text


# A quoted value never spans a quote, so two quoted values in a step cannot run together.
parse_quoted.pattern = r'[^"]+'  # type: ignore[attr-defined]

TYPES = {"Day": parse_day, "OptDay": parse_optional_day, "Int": parse_int, "Q": parse_quoted}


def p(text: str) -> Any:
    """A step pattern with the features' typed values ({day:Day}, {n:Int}, {who:Q})."""
    return parsers.parse(text, extra_types=TYPES)


ROLE_WORDS = {
    "issuer": Role.ISSUER,
    "người giao": Role.ISSUER,
    "unit": Role.UNIT,
    "đơn vị": Role.UNIT,
    "auditor": Role.AUDITOR,
    "kiểm toán": Role.AUDITOR,
    "admin": Role.ADMIN,
    "quản trị": Role.ADMIN,
}

# The grid of Quyết định 42/2014/QĐ-TTg, in the words of each language, and the field of
# the unit table (DESIGN section 5) that counts it.
STANDING_FIELDS = {
    "completed on time": "completed_on_time",
    "hoàn thành đúng hạn": "completed_on_time",
    "completed late": "completed_late",
    "hoàn thành quá hạn": "completed_late",
    "open within deadline": "open_within_deadline",
    "đang thực hiện trong hạn": "open_within_deadline",
    "open overdue": "open_overdue",
    "đang thực hiện quá hạn": "open_overdue",
    "no deadline": "no_deadline",
    "không có thời hạn": "no_deadline",
    "withdrawn": "withdrawn",
    "đã thu hồi": "withdrawn",
}
GRID_FIELDS = tuple(dict.fromkeys(STANDING_FIELDS.values()))

# Refusals for the actor's role or unit are 403; every other broken rule is 409.
PERMISSION_RULES = {
    "role_not_permitted",
    "not_lead_unit",
    "auditors_never_write",
    "unit_succeeded",
}
RECORDED_WORDS = {"recorded", "ghi nhận"}


# ------------------------------------------------------------------ the world


@dataclass
class Person:
    name: str
    role: Role
    unit: str | None
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Clock:
    """The ledger's clock, pinned so that 'today' does not depend on the real date."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Directory:
    """Names the features use, and what they stand for in this ledger."""

    people: dict[str, Person] = field(default_factory=dict)
    directives: dict[str, str] = field(default_factory=dict)  # code -> id
    reader: Person | None = None
    position: int = 0  # the newest log position this scenario wrote
    sample_meeting_id: str | None = None

    def person(self, name: str) -> Person:
        assert name in self.people, f"no person {name!r} in this scenario: {list(self.people)}"
        return self.people[name]

    def first(self, role: Role) -> Person:
        for person in self.people.values():
            if person.role is role:
                return person
        raise AssertionError(f"no {role.value} among the people of this scenario")

    def saw(self, response: httpx.Response) -> None:
        """Remember the log position of a write, so views can wait until they reach it."""
        if response.status_code == 201:
            self.position = max(self.position, int(response.json()["position"]))


@dataclass
class Outcome:
    """What the ledger answered to one attempted write, and the directive before it."""

    response: httpx.Response
    code: str | None = None
    version_before: int | None = None
    history_before: list[dict[str, Any]] = field(default_factory=list)

    @property
    def body(self) -> Any:
        return self.response.json()


# ------------------------------------------------------------------ HTTP helpers


def directive_id(client: TestClient, directory: Directory, code: str) -> str:
    if code not in directory.directives and directory.sample_meeting_id is not None:
        learn_sample_codes(client, directory)
    assert code in directory.directives, f"no directive {code!r} in this scenario"
    return directory.directives[code]


def learn_sample_codes(client: TestClient, directory: Directory) -> None:
    """The sample's codes, learned the way a client would: from the meeting's directives."""
    meeting = get_ok(client, directory, f"/v1/meetings/{directory.sample_meeting_id}")
    for an_id in meeting_directive_ids(meeting):
        found = get_ok(client, directory, f"/v1/directives/{an_id}")
        directory.directives[found["code"]] = found["id"]


def meeting_directive_ids(meeting: dict[str, Any]) -> list[str]:
    for key in ("directive_ids", "directives"):
        if key in meeting:
            return [d if isinstance(d, str) else d["id"] for d in meeting[key]]
    raise AssertionError(f"the meeting lists no directives: {sorted(meeting)}")


def reader_headers(directory: Directory) -> dict[str, str]:
    assert directory.reader is not None, "no people were given for this scenario"
    return directory.reader.headers


def get_ok(
    client: TestClient, directory: Directory, path: str, params: dict[str, Any] | None = None
) -> Any:
    response = client.get(path, params=params, headers=reader_headers(directory))
    assert response.status_code == 200, f"GET {path}: {response.status_code} {response.text}"
    return response.json()


def read_directive(client: TestClient, directory: Directory, code: str) -> dict[str, Any]:
    found: dict[str, Any] = get_ok(
        client, directory, f"/v1/directives/{directive_id(client, directory, code)}"
    )
    return found


def history_of(client: TestClient, directory: Directory, code: str) -> list[dict[str, Any]]:
    found = get_ok(
        client, directory, f"/v1/directives/{directive_id(client, directory, code)}/history"
    )
    events: list[dict[str, Any]] = found["events"]
    return events


def read_view(
    client: TestClient, directory: Directory, path: str, params: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A view once it reflects every write of the scenario (views follow the log)."""
    deadline = time.monotonic() + VIEW_WAIT_SECONDS
    while True:
        view: dict[str, Any] = get_ok(client, directory, path, params)
        if int(view["position"]) >= directory.position:
            return view
        assert time.monotonic() < deadline, (
            f"{path} stayed at position {view['position']}, the ledger is at {directory.position}"
        )
        time.sleep(0.05)


def post_event(
    client: TestClient,
    directory: Directory,
    who: str,
    code: str,
    body: dict[str, Any],
) -> Outcome:
    the_id = directive_id(client, directory, code)
    before = read_directive(client, directory, code)
    history = history_of(client, directory, code)
    response = client.post(
        f"/v1/directives/{the_id}/events", json=body, headers=directory.person(who).headers
    )
    directory.saw(response)
    return Outcome(response, code, before["version"], history)


def issue_directive(
    client: TestClient,
    directory: Directory,
    who: str,
    code: str,
    unit: str,
    day: date,
    deadline: date | None,
) -> Outcome:
    body = {
        "title": f"Nhiệm vụ {code}",
        "text": f"Nội dung nhiệm vụ {code}, giao cho {unit}",
        "issuer": who,
        "lead_unit": unit,
        "coordinating_units": [],
        "deadline": None if deadline is None else deadline.isoformat(),
        "effective_on": day.isoformat(),
        "code": code,
    }
    response = client.post("/v1/directives", json=body, headers=directory.person(who).headers)
    directory.saw(response)
    if response.status_code == 201:
        directory.directives[code] = response.json()["id"]
    return Outcome(response, code)


def recorded(outcome: Outcome) -> Outcome:
    """A Given step states a fact: it must have been recorded."""
    assert outcome.response.status_code == 201, (
        f"setup step refused: {outcome.response.status_code} {outcome.response.text}"
    )
    return outcome


def dated(body: dict[str, Any], day: date | None) -> dict[str, Any]:
    if day is not None:
        body["effective_on"] = day.isoformat()
    return body


def accepted(day: date | None) -> dict[str, Any]:
    return dated({"type": "accepted", "note": "Đơn vị tiếp nhận nhiệm vụ"}, day)


def progress(percent: int, day: date | None) -> dict[str, Any]:
    body = {"type": "progress_reported", "percent": percent, "narrative": f"Đạt {percent}%"}
    return dated(body, day)


def extension_requested(new: date, day: date | None) -> dict[str, Any]:
    body = {
        "type": "extension_requested",
        "requested_deadline": new.isoformat(),
        "reason": "Cần thêm thời gian hoàn thiện hồ sơ",
    }
    return dated(body, day)


def extension_granted(new: date, day: date | None) -> dict[str, Any]:
    body = {"type": "extension_granted", "new_deadline": new.isoformat(), "reason": "Đồng ý"}
    return dated(body, day)


def extension_refused(day: date | None) -> dict[str, Any]:
    return dated({"type": "extension_refused", "reason": "Không đủ căn cứ gia hạn"}, day)


def reassigned(unit: str, day: date | None) -> dict[str, Any]:
    body = {
        "type": "reassigned",
        "lead_unit": unit,
        "coordinating_units": [],
        "reason": "Điều chỉnh phân công",
    }
    return dated(body, day)


def completion_reported(reference: str | None, day: date | None) -> dict[str, Any]:
    evidence = [] if reference is None else [{"title": "Báo cáo kết quả", "reference": reference}]
    body = {"type": "completion_reported", "narrative": "Đã hoàn thành", "evidence": evidence}
    return dated(body, day)


def completion_verified(day: date | None) -> dict[str, Any]:
    return dated({"type": "completion_verified", "note": "Đạt yêu cầu"}, day)


def completion_rejected(day: date | None) -> dict[str, Any]:
    return dated({"type": "completion_rejected", "reason": "Hồ sơ chưa đầy đủ"}, day)


def withdrawn(day: date | None) -> dict[str, Any]:
    return dated({"type": "withdrawn", "reason": "Nhiệm vụ không còn phù hợp"}, day)


def annotated(version: int, text: str) -> dict[str, Any]:
    return {"type": "annotated", "refers_to_version": version, "text": text}


def problem(response: httpx.Response) -> dict[str, Any]:
    assert response.headers.get("content-type", "").startswith("application/problem+json"), (
        f"not a problem+json answer: {response.status_code} {response.text}"
    )
    body: dict[str, Any] = response.json()
    return body


def assert_refused(response: httpx.Response, rule: str) -> None:
    expected = 403 if rule in PERMISSION_RULES else 409
    assert response.status_code == expected, (
        f"expected {expected} for {rule!r}, got {response.status_code} {response.text}"
    )
    assert problem(response).get("rule") == rule, response.text


def later(day: date | str | None, days: int = 92) -> date:
    base = date.fromisoformat(day) if isinstance(day, str) else (day or date(2025, 12, 31))
    return base + timedelta(days=days)


def unit_row(client: TestClient, directory: Directory, day: date, unit: str) -> dict[str, Any]:
    view = read_view(client, directory, "/v1/views/units", {"on": day.isoformat()})
    rows = [r for r in view["rows"] if unit in (r.get("lead_unit"), r.get("unit"))]
    assert len(rows) == 1, f"{unit!r} has {len(rows)} rows in the unit table: {view['rows']}"
    return rows[0]


RATE_HEADERS = {"on-time rate", "tỷ lệ đúng hạn"}
UNIT_HEADERS = {"unit", "đơn vị"}


def rate_as_fraction(value: Any) -> float | None:
    if value is None:
        return None
    return float(value)


def overdue_rows(
    client: TestClient, directory: Directory, day: date, code: str
) -> list[dict[str, Any]]:
    view = read_view(client, directory, "/v1/views/overdue", {"on": day.isoformat()})
    the_id = directive_id(client, directory, code)
    return [r for r in view["rows"] if the_id in (r.get("id"), r.get("directive_id"))]


def open_ledger(
    database_url: str, key_folder: Path, clock: Clock, *, max_extensions: int
) -> LedgerApplication:
    env = {
        "LEDGER_DATABASE_URL": database_url,
        "LEDGER_MAX_EXTENSIONS": str(max_extensions),
        "LEDGER_SIGNING_KEY_FILE": str(key_folder / "signing.key"),
    }
    ledger = LedgerApplication(Settings.from_env(env), clock=clock)
    signing = SigningService(ledger)
    if signing.chain() is None:  # a replayed store has its keys from the export
        signing.init()  # `directive-ledger keys init`
    return ledger
