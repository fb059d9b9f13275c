"""How the web is built: one auth with the API, nothing read at import, GET only, and
models that only shape the plain data they are given."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from ledger.api.app import create_app
from ledger.application import LedgerApplication
from ledger.domain.values import SYSTEM_ACTOR, Role
from ledger.sample import load_sample, sample_id
from ledger.settings import Settings
from ledger.web import ROUTERS
from ledger.web.routes import ROUTERS as BOARD_ROUTERS

WEB = Path(__file__).resolve().parents[2] / "ledger" / "web"
PAGES = ("/", "/directives/{directive}", "/meetings/{meeting}", "/?lang=en")


@pytest.fixture
def ledger(sqlite_url: str) -> Iterator[LedgerApplication]:
    app = LedgerApplication(Settings.from_env(env={}, database_url=sqlite_url))
    load_sample(app)
    yield app
    app.close()


def pages() -> list[str]:
    ids = {"directive": sample_id("TW-01"), "meeting": sample_id("meeting")}
    return [page.format(**ids) for page in PAGES]


def test_importing_the_app_reads_no_data() -> None:
    probe = (
        "import ledger.api.app\n"
        "from ledger.sample import sample_data\n"
        "from ledger.web import routes, sources\n"
        "loaded = [f.cache_info().currsize for f in (sample_data, sources.english_titles,"
        " sources._paragraphs, routes.templates)]\n"
        "assert loaded == [0, 0, 0, 0], loaded\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_the_titles_are_read_once_where_they_are_used(ledger: LedgerApplication) -> None:
    from ledger.web import sources

    sources.english_titles.cache_clear()
    with TestClient(create_app(ledger=ledger, public_board=True)) as client:
        for _ in range(3):
            assert "Directive status board" in client.get("/?lang=en").text
    info = sources.english_titles.cache_info()
    assert (info.currsize, info.misses) == (1, 1)
    assert info.hits >= 2


def test_every_page_is_get_only() -> None:
    """The board's pages; the workspace's forms (issue 16) POST, each with a CSRF token."""
    routes = [route for router in BOARD_ROUTERS for route in router.routes]
    assert routes
    for route in routes:
        assert isinstance(route, APIRoute)
        assert route.methods <= {"GET", "HEAD"}, (route.path, route.methods)
    writes = {
        route.path
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute) and route.methods - {"GET", "HEAD"}
    }
    assert writes
    assert all(
        p in {"/sign-in", "/sign-out"} or p.startswith(("/invitations/", "/workspace/"))
        for p in writes
    ), writes


def test_reading_every_page_appends_nothing(ledger: LedgerApplication) -> None:
    before = ledger.max_position()
    with TestClient(create_app(ledger=ledger, public_board=True)) as client:
        for page in pages():
            assert client.get(page).status_code == 200, page
    assert ledger.max_position() == before


def test_the_board_and_the_api_refuse_the_same_tokens(ledger: LedgerApplication) -> None:
    ctx = ledger.context(SYSTEM_ACTOR)
    token, _principal = ledger.register_principal(ctx, name="Kiểm toán", role=Role.AUDITOR)
    revoked, gone = ledger.register_principal(ctx, name="Đã nghỉ", role=Role.AUDITOR)
    ledger.revoke_principal(ctx, gone.id, reason="nghỉ hưu")
    api_read = f"/v1/directives/{sample_id('TW-01')}"
    with TestClient(create_app(ledger=ledger, public_board=False)) as client:
        for path in [*pages(), api_read]:
            for headers in (
                {},
                {"Authorization": "Basic a2V5"},
                {"Authorization": f"Bearer {revoked}"},
                {"Authorization": "Bearer " + "x" * 300},
            ):
                refused = client.get(path, headers=headers)
                assert refused.status_code == 401, (path, headers)
                assert refused.headers["www-authenticate"].startswith("Bearer")
                assert refused.headers["content-type"].startswith("application/problem+json")
                assert refused.json()["rule"] == "unauthenticated"
            allowed = client.get(path, headers={"Authorization": f"Bearer {token}"})
            assert allowed.status_code == 200, path


def test_a_public_board_opens_the_pages_only(ledger: LedgerApplication) -> None:
    with TestClient(create_app(ledger=ledger, public_board=True)) as client:
        for page in pages():
            assert client.get(page).status_code == 200, page
        api = client.get("/v1/views/status-board")
        assert api.status_code == 401
        assert api.headers["www-authenticate"].startswith("Bearer")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


OUTER = ("ledger.application", "ledger.store", "ledger.integrity", "projections", "eventsourcing")


@pytest.mark.parametrize("module", ["models.py", "services.py", "sources.py", "routes.py"])
def test_the_web_imports_neither_the_application_nor_the_store(module: str) -> None:
    """Directly: the application reaches the pages as the API's ``LedgerDep``, the views
    and the audit service as the API's own dependencies."""
    imported = imported_modules(WEB / module)
    assert not [m for m in imported if m.startswith(OUTER)], imported


def test_models_import_only_the_web_and_the_standard_library() -> None:
    imported = imported_modules(WEB / "models.py")
    ours = {m for m in imported if m.split(".")[0] == "ledger"}
    assert ours <= {"ledger.web.i18n", "ledger.web.services"}, ours
