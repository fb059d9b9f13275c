"""The workspace over HTTP: sign in, forms that call the same command as the API,
CSRF, refusals beside the field, stale versions, who sees which form, files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from ledger.api.app import create_app
from ledger.application import LedgerApplication
from ledger.domain.values import Role
from tests.unit.ledger_helpers import make_app
from tests.workspace import samples
from tests.workspace.web_helpers import LEAD_UNIT, csrf_of, issue, person, sign_in


@pytest.fixture
def ledger(database_url: str) -> Iterator[LedgerApplication]:
    app = make_app(database_url)
    person(app, "lead.unit", Role.UNIT, LEAD_UNIT)
    person(app, "secretariat", Role.ISSUER)
    person(app, "auditor", Role.AUDITOR)
    yield app
    app.close()


def client_of(ledger: LedgerApplication) -> TestClient:
    return TestClient(create_app(ledger=ledger, public_board=True))


@pytest.fixture
def directive(ledger: LedgerApplication) -> UUID:
    return issue(ledger)


def forms_page(client: TestClient, directive: UUID) -> str:
    answer = client.get(f"/workspace/directives/{directive}")
    assert answer.status_code == 200, answer.text
    return answer.text


def post_form(
    client: TestClient, directive: UUID, kind: str, data: dict[str, str], **kwargs: object
) -> object:
    page = forms_page(client, directive)
    version = re.search(
        r'id="form-' + kind + r'".*?name="expected_version" value="(\d+)"', page, re.S
    )
    assert version, f"no {kind} form on the page"
    return client.post(
        f"/workspace/directives/{directive}/{kind}",
        data={"csrf_token": csrf_of(page), "expected_version": version.group(1), **data},
        follow_redirects=False,
        **kwargs,  # type: ignore[arg-type]
    )


def test_lead_unit_then_secretariat_record_through_forms(
    ledger: LedgerApplication, directive: UUID
) -> None:
    with client_of(ledger) as unit:
        assert "Đăng nhập" in unit.get("/").text
        assert sign_in(unit, "lead.unit") == 303
        assert 'id="signed-in"' in unit.get("/").text
        page = forms_page(unit, directive)
        assert 'id="form-accepted"' in page
        assert 'id="form-extension_granted"' not in page
        assert post_form(unit, directive, "accepted", {}).status_code == 303  # type: ignore[attr-defined]
        pdf = samples.pdf()
        answer = post_form(
            unit,
            directive,
            "progress_reported",
            {"percent": "40", "narrative": "Đã lập đề cương", "evidence_title": "Đề cương"},
            files={"evidence_file": ("de-cuong.pdf", pdf, "application/pdf")},
        )
        assert answer.status_code == 303  # type: ignore[attr-defined]
        post_form(
            unit,
            directive,
            "extension_requested",
            {"requested_deadline": "2030-12-31", "reason": "Chờ số liệu"},
        )
        state = ledger.get_directive(directive).as_dict()
        assert state["status"] == "in_progress"
        assert state["percent"] == 40
        event = ledger.history(directive)[2]
        evidence = event["data"]["evidence"][0]
        assert evidence["media_type"] == "application/pdf"
        assert evidence["size"] == len(pdf)
        assert evidence["file_name"] == "de-cuong.pdf"
        # The evidence downloads byte for byte, for a signed-in person.
        download = unit.get(f"/files/{evidence['sha256']}")
        assert download.status_code == 200
        assert download.content == pdf
    with client_of(ledger) as anonymous:
        assert anonymous.get(f"/files/{evidence['sha256']}").status_code == 401
    with client_of(ledger) as issuer:
        assert sign_in(issuer, "secretariat") == 303
        page = forms_page(issuer, directive)
        assert 'id="form-accepted"' not in page
        assert 'id="form-extension_granted"' in page
        granted = post_form(issuer, directive, "extension_granted", {"new_deadline": "2030-12-31"})
        assert granted.status_code == 303  # type: ignore[attr-defined]
        assert ledger.get_directive(directive).as_dict()["deadline"] == "2030-12-31"
        # The event's actor is the person who signed in.
        actor = ledger.history(directive)[-1]["actor"]
        secretariat = next(p for p in ledger.principals() if p.username == "secretariat")
        assert actor == {"id": str(secretariat.id), "role": "issuer", "unit": None}


def test_auditor_sees_no_write_form(ledger: LedgerApplication, directive: UUID) -> None:
    with client_of(ledger) as auditor:
        assert sign_in(auditor, "auditor") == 303
        page = forms_page(auditor, directive)
        assert 'id="no-forms"' in page
        assert '<form method="post" action="/workspace' not in page


def test_post_without_or_with_a_wrong_csrf_token_is_refused(
    ledger: LedgerApplication, directive: UUID
) -> None:
    before = ledger.max_position()
    with client_of(ledger) as unit:
        sign_in(unit, "lead.unit")
        for data in ({}, {"csrf_token": "forged"}):
            answer = unit.post(f"/workspace/directives/{directive}/accepted", data=data)
            assert answer.status_code == 403
        assert (
            unit.post("/sign-in", data={"username": "lead.unit", "password": "x"}).status_code
            == 403
        )
    assert ledger.max_position() == before


def test_refusal_beside_the_field_keeps_what_was_typed(
    ledger: LedgerApplication, directive: UUID
) -> None:
    with client_of(ledger) as unit:
        sign_in(unit, "lead.unit")
        post_form(unit, directive, "accepted", {})
        answer = post_form(
            unit, directive, "progress_reported", {"percent": "140", "narrative": "Gõ dở dang"}
        )
        assert answer.status_code == 422  # type: ignore[attr-defined]
        html = answer.text  # type: ignore[attr-defined]
        assert 'id="progress_reported-percent-error"' in html
        assert 'href="#progress_reported-percent"' in html  # the summary links to the field
        assert "Gõ dở dang" in html
        assert 'value="140"' in html
        # A file that is not one of the kinds, whatever its name, is refused.
        refused = post_form(
            unit,
            directive,
            "progress_reported",
            {"percent": "10", "narrative": "Tệp sai"},
            files={"evidence_file": ("bao-cao.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")},
        )
        assert refused.status_code == 422  # type: ignore[attr-defined]
        assert "PDF, DOCX, XLSX, ODT, JPEG" in refused.text  # type: ignore[attr-defined]


def test_stale_form_shows_what_changed_then_confirms(
    ledger: LedgerApplication, directive: UUID
) -> None:
    with client_of(ledger) as unit, client_of(ledger) as issuer:
        sign_in(unit, "lead.unit")
        sign_in(issuer, "secretariat")
        post_form(unit, directive, "accepted", {})
        stale_page = forms_page(unit, directive)
        # Meanwhile the secretariat annotates.
        post_form(issuer, directive, "annotated", {"refers_to_version": "1", "text": "Đính chính"})
        answer = unit.post(
            f"/workspace/directives/{directive}/progress_reported",
            data={
                "csrf_token": csrf_of(stale_page),
                "expected_version": "2",
                "percent": "30",
                "narrative": "Báo cáo của tôi",
            },
        )
        assert answer.status_code == 409
        assert 'id="conflict"' in answer.text
        assert "Báo cáo của tôi" in answer.text
        assert ledger.get_directive(directive).as_dict()["percent"] == 0  # nothing overwritten
        confirm = re.search(
            r'id="form-progress_reported".*?name="expected_version" value="(\d+)"',
            answer.text,
            re.S,
        )
        assert confirm
        assert confirm.group(1) == "3"
        done = unit.post(
            f"/workspace/directives/{directive}/progress_reported",
            data={
                "csrf_token": csrf_of(answer.text),
                "expected_version": "3",
                "percent": "30",
                "narrative": "Báo cáo của tôi",
            },
            follow_redirects=False,
        )
        assert done.status_code == 303
        assert ledger.get_directive(directive).as_dict()["percent"] == 30


def test_sign_in_is_throttled_after_repeated_failures(ledger: LedgerApplication) -> None:
    with client_of(ledger) as someone:
        codes = [sign_in(someone, "secretariat", "wrong password!") for _ in range(6)]
        assert codes == [401] * 5 + [429]
        page = someone.get("/sign-in")
        answer = someone.post(
            "/sign-in",
            data={
                "csrf_token": csrf_of(page.text),
                "username": "secretariat",
                "password": "mật khẩu đủ dài 42",
            },
        )
        assert answer.status_code == 429
        assert "Retry-After" in answer.headers


def test_secretariat_records_a_meeting_and_issues_a_directive_citing_its_source(
    ledger: LedgerApplication,
) -> None:
    with client_of(ledger) as issuer:
        sign_in(issuer, "secretariat")
        page = issuer.get("/workspace/new")
        assert page.status_code == 200
        answer = issuer.post(
            "/workspace/meetings",
            data={
                "csrf_token": csrf_of(page.text),
                "title": "Hội nghị sơ kết quý I",
                "held_on": "2022-02-20",
                "chair": "Chủ tịch UBND tỉnh",
                "host_body": "UBND tỉnh",
                "participants": "Sở Tài chính\nSở Kế hoạch và Đầu tư",
                "source_document": "15/TB-UBND",
            },
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text
        meeting_id = ledger.meeting_ids()[-1]
        meeting = ledger.get_meeting(meeting_id).as_dict()
        assert meeting["participants"] == ["Sở Tài chính", "Sở Kế hoạch và Đầu tư"]
        page = issuer.get("/workspace/new")
        data = {
            "csrf_token": csrf_of(page.text),
            "meeting_id": str(meeting_id),
            "code": "Q1-01",
            "title": "Giải ngân vốn đầu tư công",
            "text": "Các sở đẩy nhanh giải ngân vốn đầu tư công.",
            "issuer": "Chủ tịch UBND tỉnh",
            "lead_unit": LEAD_UNIT,
            "deadline": "2022-01-01",
            "source_document": "15/TB-UBND",
            "source_paragraph": "3",
        }
        refused = issuer.post("/workspace/directives", data=data)
        # A deadline before the directive is issued is refused beside the field, and
        # what was typed is kept.
        assert refused.status_code in (409, 422)
        assert 'id="directives-deadline-error"' in refused.text
        assert "Giải ngân vốn đầu tư công" in refused.text
        data["deadline"] = "2022-12-31"
        issued = issuer.post("/workspace/directives", data=data, follow_redirects=False)
        assert issued.status_code == 303, issued.text
        directive = ledger.get_directive(UUID(issued.headers["location"].rsplit("/", 1)[-1]))
        state = directive.as_dict()
        assert state["source"] == {"document": "15/TB-UBND", "paragraph": 3}
        assert state["meeting_id"] == str(meeting_id)
    with client_of(ledger) as unit:
        sign_in(unit, "lead.unit")
        assert unit.get("/workspace/new", follow_redirects=False).status_code == 303


def test_cookies_are_http_only_lax_and_secure_behind_a_trusted_proxy(
    ledger: LedgerApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    def session_cookie(headers: dict[str, str]) -> str:
        with client_of(ledger) as browser:
            page = browser.get("/sign-in")
            answer = browser.post(
                "/sign-in",
                data={
                    "csrf_token": csrf_of(page.text),
                    "username": "secretariat",
                    "password": "mật khẩu đủ dài 42",
                },
                headers=headers,
                follow_redirects=False,
            )
            assert answer.status_code == 303
            return next(v for v in answer.headers.get_list("set-cookie") if "ledger_session" in v)

    plain = session_cookie({"X-Forwarded-Proto": "https"})
    assert "HttpOnly" in plain
    assert "SameSite=lax" in plain
    assert "Secure" not in plain  # the header is not trusted unless configured
    monkeypatch.setenv("LEDGER_TRUST_FORWARDED_PROTO", "1")
    assert "Secure" in session_cookie({"X-Forwarded-Proto": "https"})


def test_the_directive_page_links_the_evidence_for_who_is_signed_in(
    ledger: LedgerApplication, directive: UUID
) -> None:
    with client_of(ledger) as unit:
        sign_in(unit, "lead.unit")
        post_form(unit, directive, "accepted", {})
        post_form(
            unit,
            directive,
            "progress_reported",
            {"percent": "10", "narrative": "Ảnh hiện trường"},
            files={"evidence_file": ("anh.png", samples.png(), "image/png")},
        )
        page = unit.get(f"/directives/{directive}").text
        sha = ledger.history(directive)[-1]["data"]["evidence"][0]["sha256"]
        assert f'href="/files/{sha}" download="anh.png"' in page
    with client_of(ledger) as public:
        assert f"/files/{sha}" not in public.get(f"/directives/{directive}").text


def test_the_api_upload_takes_no_cookie(ledger: LedgerApplication) -> None:
    """A cookie's POST must pass a form's CSRF check: ``POST /v1/files`` wants a token."""
    with client_of(ledger) as unit:
        sign_in(unit, "lead.unit")
        answer = unit.post("/v1/files", files={"file": ("a.pdf", samples.pdf())})
        assert answer.status_code == 401
