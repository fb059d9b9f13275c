"""The workspace in real Chromium (the distribution's, JavaScript off): people invited
with ``user invite`` set a password, sign in and record the follow-up in forms, with a
PDF; the board then shows it. Screenshots of the main forms go to docs/workspace-*.png.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import ROOT, STARTUP_SECONDS, _cli, _free_port, _watched_page
from tests.workspace import samples

LEAD_UNIT = "Sở Kế hoạch và Đầu tư"
PASSWORD = "mật khẩu thật dài 2026"
DOCS = ROOT / "docs"


@dataclass
class Workspace:
    url: str
    database_url: str
    directive_id: str
    links: dict[str, str]


def _invite(database_url: str, url: str, name: str, role: str, unit: str | None) -> str:
    command = [*_cli(), "user", "invite", "--name", name, "--role", role, "--base-url", url]
    command += ["--database-url", database_url, *(["--unit", unit] if unit else [])]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    link = done.stdout.strip()
    assert link.startswith(url + "/invitations/inv_"), done.stdout
    return link


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    from ledger.application import LedgerApplication
    from ledger.domain.values import Actor, Role
    from ledger.settings import Settings

    folder = tmp_path_factory.mktemp("workspace")
    database_url = f"sqlite:///{folder / 'ledger.sqlite'}"
    ledger = LedgerApplication(Settings.from_env(env={}, database_url=database_url))
    directive = ledger.issue_directive(
        ledger.context(Actor(id="secretariat", role=Role.ISSUER, name="Văn phòng")),
        title="Lập quy hoạch tỉnh thời kỳ 2021-2030",
        text="Sở Kế hoạch và Đầu tư chủ trì lập quy hoạch tỉnh.",
        issuer="Chủ tịch UBND tỉnh",
        lead_unit=LEAD_UNIT,
        deadline=date(2030, 6, 30),
        code="WS-01",
    )
    ledger.close()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    links = {
        "unit": _invite(database_url, url, "Chuyên viên Sở KH&ĐT", "unit", LEAD_UNIT),
        "issuer": _invite(database_url, url, "Văn phòng UBND tỉnh", "issuer", None),
        "auditor": _invite(database_url, url, "Thanh tra", "auditor", None),
    }
    log = (folder / "serve.log").open("wb")
    process = subprocess.Popen(
        [*_cli(), "serve", "--public-board", "--port", str(port), "--database-url", database_url],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ},
        cwd=folder,
    )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            assert process.poll() is None, (folder / "serve.log").read_text()
            try:
                if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        yield Workspace(url, database_url, str(directive.id), links)
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()


def _set_password(page: Page, link: str, username: str) -> None:
    page.goto(link)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    # Wait for the redirect to land: a goto while it is still loading aborts it.
    with page.expect_navigation(url="**/sign-in"):
        page.get_by_role("button", name="Lưu").click()
    assert page.url.endswith("/sign-in")


def _sign_in_by_keyboard(page: Page, username: str) -> None:
    """Tab to the username field, type, tab, type, Enter: no mouse."""
    page.goto(page.url.split("/sign-in")[0] + "/sign-in")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "sign-in-username":
            break
    assert page.evaluate("document.activeElement.id") == "sign-in-username"
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "sign-in-password"
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#signed-in").count() == 1


def _open_forms(page: Page, workspace: Workspace) -> None:
    page.goto(f"{workspace.url}/directives/{workspace.directive_id}")
    with page.expect_navigation():
        page.locator("#workspace-link").click()
    assert page.url.endswith(f"/workspace/directives/{workspace.directive_id}")


def _submit(page: Page, kind: str) -> None:
    with page.expect_navigation():
        page.locator(f"#form-{kind} button[type=submit]").click()


def _pdf_file(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_bytes(samples.pdf(text))
    return path


def test_the_follow_up_recorded_in_the_browser(
    workspace: Workspace, browser: Browser, tmp_path: Path
) -> None:
    for page, problems in _watched_page(browser, javascript=False):
        page.goto(workspace.url + "/")
        assert page.locator("#sign-in-link").inner_text() == "Đăng nhập"
        _set_password(page, workspace.links["unit"], "chuyenvien.skhdt")
        _sign_in_by_keyboard(page, "chuyenvien.skhdt")
        _open_forms(page, workspace)
        assert page.locator("#form-extension_granted").count() == 0
        _submit(page, "accepted")
        assert page.locator("#recorded").is_visible()
        page.locator("#progress_reported-percent").fill("60")
        page.locator("#progress_reported-narrative").fill("Đã hoàn thành dự thảo quy hoạch")
        page.locator("#progress_reported-evidence_title").fill("Dự thảo quy hoạch")
        pdf = _pdf_file(tmp_path, "du-thao.pdf", "Dự thảo quy hoạch tỉnh")
        page.locator("#progress_reported-evidence_file").set_input_files(str(pdf))
        DOCS.mkdir(exist_ok=True)
        page.screenshot(path=str(DOCS / "workspace-lead-unit.png"), full_page=True)
        _submit(page, "progress_reported")
        assert "60%" in page.locator("#status").inner_text()
        page.locator("#extension_requested-requested_deadline").fill("2030-12-31")
        page.locator("#extension_requested-reason").fill("Chờ ý kiến các bộ, ngành")
        _submit(page, "extension_requested")
        # The evidence downloads byte for byte, with the session's cookie.
        page.goto(f"{workspace.url}/directives/{workspace.directive_id}")
        sha = page.locator(".evidence code.hash").first.inner_text()
        download = page.request.get(f"{workspace.url}/files/{sha}")
        assert download.status == 200
        assert download.body() == pdf.read_bytes()
        # A POST without the CSRF token is refused and writes nothing.
        refused = page.request.post(
            f"{workspace.url}/workspace/directives/{workspace.directive_id}/accepted",
            multipart={"expected_version": "1"},
        )
        assert refused.status == 403
        assert problems.messages == []
        with page.expect_navigation():
            page.locator("#sign-out").click()
        assert page.locator("#sign-in-link").count() == 1

    for page, _ in _watched_page(browser, javascript=False):
        page.goto(workspace.url + "/")
        _set_password(page, workspace.links["issuer"], "vanphong.ubnd")
        _sign_in_by_keyboard(page, "vanphong.ubnd")
        _open_forms(page, workspace)
        assert page.locator("#form-accepted").count() == 0
        page.locator("#extension_granted-new_deadline").fill("2030-12-31")
        page.screenshot(path=str(DOCS / "workspace-secretariat.png"), full_page=True)
        _submit(page, "extension_granted")
        assert page.locator("#deadline").inner_text() == "31/12/2030"

    # The lead unit reports completion; the secretariat verifies it.
    for page, _ in _watched_page(browser, javascript=False):
        _sign_in_by_keyboard_at(page, workspace, "chuyenvien.skhdt")
        _open_forms(page, workspace)
        page.locator("#completion_reported-narrative").fill("Quy hoạch đã được phê duyệt")
        final = _pdf_file(tmp_path, "quyet-dinh.pdf", "Quyết định phê duyệt")
        page.locator("#completion_reported-evidence_file").set_input_files(str(final))
        _submit(page, "completion_reported")
        assert page.locator("#recorded").is_visible()
    for page, _ in _watched_page(browser, javascript=False):
        _sign_in_by_keyboard_at(page, workspace, "vanphong.ubnd")
        _open_forms(page, workspace)
        _submit(page, "completion_verified")
        assert "100%" in page.locator("#status").inner_text()
        # The board, from the views, shows it completed on time.
        page.goto(workspace.url + "/")
        row = page.locator('#directives tbody tr[data-code="WS-01"]')
        assert "Hoàn thành" in row.inner_text()


def _sign_in_by_keyboard_at(page: Page, workspace: Workspace, username: str) -> None:
    page.goto(workspace.url + "/sign-in")
    _sign_in_by_keyboard(page, username)


def test_auditor_sees_no_write_forms(workspace: Workspace, browser: Browser) -> None:
    for page, _ in _watched_page(browser, javascript=False):
        page.goto(workspace.url + "/")
        _set_password(page, workspace.links["auditor"], "thanhtra")
        _sign_in_by_keyboard(page, "thanhtra")
        page.goto(f"{workspace.url}/directives/{workspace.directive_id}")
        assert page.locator("#workspace-link").count() == 0
        page.goto(f"{workspace.url}/workspace/directives/{workspace.directive_id}")
        assert page.locator("#no-forms").is_visible()
        assert page.locator("form.workspace-form").count() == 0


def test_a_stale_form_shows_the_conflict(workspace: Workspace, browser: Browser) -> None:
    pages = [_watched_page(browser, javascript=False) for _ in range(2)]
    (unit, unit_problems), (issuer, _) = (next(p) for p in pages)
    _sign_in_by_keyboard_at(unit, workspace, "chuyenvien.skhdt")
    _sign_in_by_keyboard_at(issuer, workspace, "vanphong.ubnd")
    _open_forms(unit, workspace)
    _open_forms(issuer, workspace)
    issuer.locator("#annotated-refers_to_version").fill("1")
    issuer.locator("#annotated-text").fill("Đính chính tên đơn vị")
    _submit(issuer, "annotated")
    unit.locator("#annotated-refers_to_version").fill("2")
    unit.locator("#annotated-text").fill("Ghi chú của đơn vị")
    _submit(unit, "annotated")
    assert unit.locator("#conflict").is_visible()
    assert unit.locator("#annotated-text").input_value() == "Ghi chú của đơn vị"
    unit.screenshot(path=str(DOCS / "workspace-conflict.png"), full_page=True)
    unit_problems.messages.clear()  # the 409 was the point
    _submit(unit, "annotated")  # confirm
    assert unit.locator("#recorded").is_visible()
    for walk in pages:
        next(walk, None)


def test_sign_in_is_throttled(workspace: Workspace, browser: Browser) -> None:
    for page, problems in _watched_page(browser, javascript=False):
        page.goto(workspace.url + "/sign-in")
        page.screenshot(path=str(DOCS / "workspace-sign-in.png"), full_page=True)
        for _ in range(6):
            page.get_by_label("Tên đăng nhập").fill("vanphong.ubnd")
            page.get_by_label("Mật khẩu").fill("không phải mật khẩu")
            with page.expect_navigation():
                page.get_by_role("button", name="Đăng nhập").click()
        message = page.locator("#sign-in-message").inner_text()
        assert "quá nhiều lần" in message
        assert any("HTTP 429" in m for m in problems.messages)
        problems.messages.clear()
