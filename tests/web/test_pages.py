"""The board's pages rendered by the app, read as HTML (no browser, no JavaScript)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from html import unescape
from importlib import resources
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from ledger.api.app import create_app
from ledger.api.routers.audit import get_audit
from ledger.api.routers.views import get_views
from ledger.application import LedgerApplication
from ledger.domain import commands as c
from ledger.domain.values import SYSTEM_ACTOR, Actor, Role
from ledger.sample import load_sample, sample_data, sample_id
from ledger.settings import Settings
from ledger.web.i18n import Translator
from ledger.web.services import badge_of

LEAD_UNIT = "Ban Thường vụ Tỉnh ủy Hải Dương"
CENTRAL = [f"TW-{n:02d}" for n in range(1, 11)]


def make_app(ledger: LedgerApplication, *, public_board: bool = True) -> FastAPI:
    return create_app(ledger=ledger, public_board=public_board)


# The pages of the 2021 sample as the ledger stood in March 2022: before the 2025
# succession (whose pages tests/web/test_units_pages.py shows), which load_sample records
# only once the ledger's today is past 1 July 2025.
MARCH_2022 = datetime(2022, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def ledger(sqlite_url: str) -> Iterator[LedgerApplication]:
    app = LedgerApplication(
        Settings.from_env(env={}, database_url=sqlite_url), clock=lambda: MARCH_2022
    )
    load_sample(app)
    yield app
    app.close()


@pytest.fixture
def client(ledger: LedgerApplication) -> Iterator[TestClient]:
    with TestClient(make_app(ledger)) as test_client:
        yield test_client


def text_of(html: str) -> str:
    """The page's visible text, tags dropped and spaces collapsed."""
    spaced = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))
    return re.sub(r" ([,.;)])", r"\1", spaced)


def source_paragraph(number: int) -> str:
    text = (
        resources.files("ledger.sample")
        .joinpath(sample_data()["document"])
        .read_text(encoding="utf-8")
    )
    return [line.strip() for line in text.splitlines() if line.strip()][number - 1]


def test_board_is_vietnamese_by_default_and_lists_the_central_directives(
    client: TestClient, ledger: LedgerApplication
) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<html lang="vi">' in html
    assert "<h1>Bảng theo dõi thực hiện ý kiến chỉ đạo</h1>" in html
    codes = re.findall(r'<tr data-code="([^"]*)">', html)
    assert [code for code in codes if code.startswith("TW-")] == CENTRAL
    assert len(codes) == len(ledger.directive_ids())
    for code in CENTRAL:
        assert f'href="/directives/{sample_id(code)}"' in html
    # The position it reflects, and content that needs no JavaScript at all.
    assert f'data-position="{ledger.max_position()}"' in html
    assert "<script" not in html
    assert '<a id="language-toggle" href="/?lang=en" hreflang="en" lang="en">English</a>' in html


def test_english_on_request_with_a_toggle_back(client: TestClient) -> None:
    html = client.get("/?lang=en").text
    assert '<html lang="en">' in html
    assert "<h1>Directive status board</h1>" in html
    assert 'href="/?lang=vi"' in html
    # Links keep the language; the sample's English titles are shown, the original beside.
    tw01 = next(d for d in sample_data()["directives"] if d["key"] == "TW-01")
    assert f'href="/directives/{sample_id("TW-01")}?lang=en"' in html
    assert tw01["title_en"] in unescape(html)


def test_unknown_language_falls_back_to_vietnamese(client: TestClient) -> None:
    assert '<html lang="vi">' in client.get("/?lang=fr").text


def test_directive_page_shows_its_timeline_and_source(
    client: TestClient, ledger: LedgerApplication
) -> None:
    directive_id = sample_id("TW-07")
    history = ledger.history(directive_id)
    html = client.get(f"/directives/{directive_id}").text
    text = text_of(html)
    assert re.findall(r'<li class="event" data-type="([a-z_]+)"', html) == ["issued", "accepted"]
    for event in history:
        assert f'<code class="hash leaf-hash">{event["leaf_hash"]}</code>' in html
        assert f'<time datetime="{event["recorded_at"]}">' in html
    assert "Giao nhiệm vụ" in text
    assert "Tiếp nhận" in text
    assert "Đơn vị · Ban Thường vụ Tỉnh ủy Hải Dương" in text
    assert "Ngày hiệu lực 10/12/2021" in text
    paragraph = next(d["paragraph"] for d in sample_data()["directives"] if d["key"] == "TW-07")
    assert f"000_169b2d5c98d96444.txt, đoạn {paragraph}" in text
    assert source_paragraph(paragraph) in unescape(html)
    assert f'data-position="{ledger.max_position()}"' in html
    assert "<script" not in html


def test_directive_page_lists_evidence_and_follow_up_fields(
    client: TestClient, ledger: LedgerApplication
) -> None:
    directive_id = sample_id("TW-04")
    unit = Actor(id="unit-test", role=Role.UNIT, unit=LEAD_UNIT)
    sha = "ab" * 32
    ledger.record_follow_up(
        directive_id,
        c.ReportProgress(
            percent=40,
            narrative="Đã ban hành kế hoạch thực hiện",
            evidence=[
                {
                    "title": "Kế hoạch số 12-KH/TU",
                    "reference": "12-KH/TU",
                    "issued_on": date(2022, 1, 5),
                    "sha256": sha,
                }
            ],
            effective_on=date(2022, 1, 5),
        ),
        ledger.context(unit),
    )
    html = client.get(f"/directives/{directive_id}?lang=en").text
    text = text_of(html)
    assert "Progress reported" in text
    assert "Kế hoạch số 12-KH/TU — 12-KH/TU, 2022-01-05, sha256 " + sha in text
    assert "Narrative Đã ban hành kế hoạch thực hiện" in text
    assert "Progress (%) 40" in text
    assert "In progress · 40%" in text


def test_meeting_page_cites_the_paragraph_of_each_directive(client: TestClient) -> None:
    meeting_id = sample_id("meeting")
    html = client.get(f"/meetings/{meeting_id}").text
    codes = re.findall(r'<li data-code="([^"]*)">', html)
    assert codes[:10] == CENTRAL
    items = html.split('<li data-code="')[1:]
    central = {d["key"]: d["paragraph"] for d in sample_data()["directives"]}
    for code, item in zip(codes, items, strict=True):
        if code in central:
            assert f"<cite>000_169b2d5c98d96444.txt, đoạn {central[code]}</cite>" in item
            assert source_paragraph(central[code]) in unescape(item)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(
    "path",
    ["/directives/{id}", "/meetings/{id}", "/directives/not-a-uuid", "/meetings/42"],
)
def test_unknown_ids_answer_a_404_page(client: TestClient, path: str, lang: str) -> None:
    response = client.get(path.format(id=UUID(int=7)) + f"?lang={lang}")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}">' in response.text
    assert ("Không tìm thấy" if lang == "vi" else "Not found") in response.text


def test_a_directive_id_is_not_a_meeting(client: TestClient) -> None:
    assert client.get(f"/meetings/{sample_id('TW-01')}").status_code == 404
    assert client.get(f"/directives/{sample_id('meeting')}").status_code == 404


def test_pages_are_read_only(client: TestClient) -> None:
    assert client.post("/").status_code == 405
    assert client.post(f"/directives/{sample_id('TW-01')}").status_code == 405


def test_without_public_board_a_token_is_needed(ledger: LedgerApplication) -> None:
    token, _ = ledger.register_principal(
        ledger.context(SYSTEM_ACTOR), name="Kiểm toán", role=Role.AUDITOR
    )
    with TestClient(make_app(ledger, public_board=False)) as client:
        for path in ("/", f"/directives/{sample_id('TW-01')}", f"/meetings/{sample_id('meeting')}"):
            refused = client.get(path)
            assert refused.status_code == 401
            assert refused.headers["www-authenticate"].startswith("Bearer")
            assert refused.headers["content-type"].startswith("application/problem+json")
            assert client.get(path, headers={"Authorization": "Bearer dl_nope"}).status_code == 401
            allowed = client.get(path, headers={"Authorization": f"Bearer {token}"})
            assert allowed.status_code == 200
        # The stylesheet holds no ledger data and is served to anyone.
        assert client.get("/static/board.css").status_code == 200


class FakeViews:
    """Views in the shape the projections serve them, to check what the board draws."""

    def __init__(self, rows: list[dict[str, Any]], position: int) -> None:
        self.rows = rows
        self.position = position
        self.asked: list[tuple[str, Any]] = []

    def view(self, name: str, on: Any = None, **filters: Any) -> dict[str, Any]:
        self.asked.append((name, on))
        if name == "status-board":
            rows = self.rows
        elif name == "overdue":
            rows = [r for r in self.rows if r["grid"] == "open_overdue"]
        elif name == "units":
            rows = [{"lead_unit": LEAD_UNIT, **self.counts(), "on_time_rate": "0.500"}]
        elif name == "meetings":
            meeting = sample_data()["meeting"]
            rows = [{"id": str(sample_id("meeting")), "title": meeting["title"], **self.counts()}]
        else:
            raise AssertionError(name)
        return {"position": self.position, "digest": "sha256:" + "0" * 64, "rows": rows}

    def wait_for(self, position: int, timeout: float) -> bool:
        return self.position >= position

    def counts(self) -> dict[str, Any]:
        by_grid = {cat: sum(r["grid"] == cat for r in self.rows) for cat in CATEGORIES}
        return {"directives": len(self.rows), **by_grid, "on_time_rate": "0.500"}


VIEWS = ("status-board", "overdue", "units", "meetings")
CATEGORIES = [
    "completed_on_time",
    "completed_late",
    "open_within_deadline",
    "open_overdue",
    "no_deadline",
    "withdrawn",
]


def fake_row(code: str, grid: str, days: int | None = None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": str(sample_id(code)),
        "code": code,
        "title": f"Nhiệm vụ {code}",
        "lead_unit": LEAD_UNIT,
        "meeting_id": str(sample_id("meeting")),
        "parent_id": None,
        "status": "accepted",
        "percent": 0,
        "deadline": "2022-03-31" if days else None,
        "grid": grid,
    }
    if days is not None:
        row["days_overdue"] = days
        row["bucket"] = (
            "1-30" if days <= 30 else "31-60" if days <= 60 else "61-120" if days <= 120 else ">120"
        )
    return row


def test_board_draws_the_grid_the_units_the_meetings_and_the_overdue(
    ledger: LedgerApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [
        fake_row("TW-01", "completed_on_time"),
        fake_row("TW-02", "open_overdue", 12),
        fake_row("TW-03", "open_overdue", 200),
        fake_row("TW-04", "open_overdue", 45),
        fake_row("TW-05", "no_deadline"),
        fake_row("TW-06", "withdrawn"),
    ]
    app = make_app(ledger)
    app.dependency_overrides[get_views] = lambda: FakeViews(rows, position=31)
    with TestClient(app) as client:
        html = client.get("/").text
    bars = dict(
        re.findall(r'<g class="bar bar-[a-z_]+" data-key="([a-z_]+)" data-value="(\d+)"', html)
    )
    assert bars == {
        "completed_on_time": "1",
        "completed_late": "0",
        "open_within_deadline": "0",
        "open_overdue": "3",
        "no_deadline": "1",
        "withdrawn": "1",
    }
    assert 'role="img"' in html
    assert '<title id="grid-chart-title">Số nhiệm vụ theo tình trạng thực hiện</title>' in html
    assert 'data-position="31"' in html
    # The overdue list, oldest first, and its ageing buckets.
    overdue = html.split('id="overdue"')[1]
    assert re.findall(r'<th scope="row">(TW-\d\d)</th>', overdue) == ["TW-03", "TW-04", "TW-02"]
    buckets = dict(re.findall(r'data-bucket="([^"]+)">(\d+)<', html))
    assert buckets == {"1-30": "1", "31-60": "1", "61-120": "0", "&gt;120": "1"}
    # Per unit (with its on-time rate) and per meeting, each with a total.
    units = text_of(html.split('id="grid-units"')[1].split("</table>")[0])
    assert f"{LEAD_UNIT} 1 0 0 3 1 1 6 50 %" in units
    meetings = html.split('id="grid-meetings"')[1].split("</table>")[0]
    assert f'href="/meetings/{sample_id("meeting")}"' in meetings
    assert "1 0 0 3 1 1 6" in text_of(meetings)


def test_board_as_on_a_business_date(
    ledger: LedgerApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    views = FakeViews([fake_row("TW-02", "open_overdue", 91)], position=30)
    app = make_app(ledger)
    app.dependency_overrides[get_views] = lambda: views
    with TestClient(app) as client:
        html = client.get("/?on=2022-06-30&lang=en").text
        assert views.asked == [(n, date(2022, 6, 30)) for n in VIEWS]
        assert '<time id="board-on" datetime="2022-06-30">2022-06-30</time>' in html
        assert '<input type="date" id="on" name="on" value="2022-06-30">' in html
        assert '<label for="on">Show the board as on</label>' in html
        views.asked.clear()
        today = client.get("/").text
        assert views.asked == [(n, None) for n in VIEWS]
        assert f'datetime="{ledger.today().isoformat()}"' in today
        refused = client.get("/?on=30/06/2022")
        assert refused.status_code == 400
        assert "Ngày không hợp lệ" in refused.text


class FakeAudit:
    def __init__(self, result: dict[str, Any]) -> None:
        self.result = result
        self.asked: list[Any] = []

    def aggregate_badge(self, aggregate_id: Any) -> dict[str, Any]:
        self.asked.append(aggregate_id)
        return self.result

    def inclusion_proof(self, position: int, size: int | None = None) -> dict[str, Any]:
        return {
            "leaf_index": position - 1,
            "size": size,
            "leaf_hash": "00" * 32,
            "audit_path": [f"{position:02x}" * 32, "ee" * 32],
            "root_hash": ROOT_HASH,
        }


def badge_result(included: list[bool | None], *, signature: bool = True) -> dict[str, Any]:
    """In the shape of ``AuditService.aggregate_badge``."""
    return {
        "checkpoint": {
            "origin": "test",
            "size": 37,
            "root_hash": ROOT_HASH,
            "issued_at": "2026-01-01T00:00:00Z",
            "key_id": "0123456789abcdef",
        },
        "signature_valid": signature,
        "events": [
            {"version": v, "position": v, "included": ok} for v, ok in enumerate(included, 1)
        ],
        "verified": signature and all(ok is True for ok in included),
        "pending": sum(ok is None for ok in included),
    }


ROOT_HASH = "c0ffee" * 10 + "abcd"


def badge_page(
    ledger: LedgerApplication,
    monkeypatch: pytest.MonkeyPatch,
    result: dict[str, Any] | None,
    lang: str,
) -> str:
    app = make_app(ledger)
    app.dependency_overrides[get_audit] = lambda: FakeAudit(result or {})
    with TestClient(app) as client:
        return client.get(f"/directives/{sample_id('TW-02')}?lang={lang}").text


def test_badge_says_verified_with_the_checkpoint(
    ledger: LedgerApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    audit = FakeAudit(badge_result([True, True]))
    app = make_app(ledger)
    app.dependency_overrides[get_audit] = lambda: audit
    with TestClient(app) as client:
        vi = client.get(f"/directives/{sample_id('TW-02')}").text
        en = client.get(f"/directives/{sample_id('TW-02')}?lang=en").text
    assert audit.asked == [sample_id("TW-02")] * 2
    assert 'data-verified="true"' in vi
    assert "Đã xác minh" in vi
    assert f'kích thước 37, gốc <code class="hash">{ROOT_HASH}</code>' in vi
    assert vi.count('data-included="true"') == 2
    # Each event proved included carries its inclusion proof, readable without JavaScript.
    positions = [e["position"] for e in ledger.history(sample_id("TW-02"))]
    assert vi.count('<details class="proof">') == 2
    for position in positions:
        assert f"<dd>{position - 1}</dd>" in vi
        assert f'<li><code class="hash">{f"{position:02x}" * 32}</code></li>' in vi
    assert "Verified" in en


@pytest.mark.parametrize(
    ("result", "reason"),
    [
        (None, "no signed checkpoint yet"),
        (badge_result([True, True], signature=False), "signature does not verify"),
        (
            badge_result([True, False]),
            "some events do not match the latest checkpoint (versions 2)",
        ),
        (badge_result([True, None]), "not signed yet (versions 2)"),
    ],
)
def test_badge_says_not_verified_and_why(
    ledger: LedgerApplication,
    monkeypatch: pytest.MonkeyPatch,
    result: dict[str, Any] | None,
    reason: str,
) -> None:
    html = badge_page(ledger, monkeypatch, result, "en")
    assert 'data-verified="false"' in html
    assert "Not verified" in html
    assert reason in text_of(html)


def test_badge_without_an_audit_service_is_not_verified() -> None:
    badge = badge_of(None, sample_id("TW-02"))
    assert not badge.verified
    assert Translator("vi")(badge.reason_key or "") == "chưa có dịch vụ kiểm chứng"
