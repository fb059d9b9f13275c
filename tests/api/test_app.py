"""The app's plumbing: one ledger per lifespan, workers, routers that plug in, request ids."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.testclient import TestClient

from ledger.api.app import create_app
from ledger.api.deps import require_roles
from ledger.application import LedgerApplication
from ledger.domain.values import Actor, Role
from ledger.settings import Settings
from tests.api.conftest import Principal


class RecordingWorker:
    def __init__(self, log: list[str], name: str) -> None:
        self.log = log
        self.name = name

    def start(self) -> None:
        self.log.append(f"start {self.name}")

    def stop(self) -> None:
        self.log.append(f"stop {self.name}")


def test_lifespan_builds_the_ledger_once_and_runs_workers(sqlite_url: str) -> None:
    app = create_app(Settings.from_env(env={}, database_url=sqlite_url), public_board=True)
    log: list[str] = []
    app.state.workers.extend([RecordingWorker(log, "a"), RecordingWorker(log, "b")])
    assert app.state.ledger is None
    with TestClient(app) as client:
        ledger = app.state.ledger
        assert isinstance(ledger, LedgerApplication)
        assert client.get("/healthz").status_code == 200
        assert app.state.ledger is ledger
        assert log == ["start a", "start b"]
        assert app.state.public_board is True
    assert log == ["start a", "start b", "stop b", "stop a"]


AuditActor = Annotated[Actor, Depends(require_roles(Role.AUDITOR, Role.ADMIN))]


def test_a_router_plugs_in_with_role_checks(
    ledger: LedgerApplication, principals: dict[str, Principal]
) -> None:
    router = APIRouter(prefix="/v1/audit")

    @router.get("/whoami")
    def whoami(actor: AuditActor) -> dict[str, str]:
        return {"role": actor.role.value}

    app = create_app(ledger=ledger)
    app.include_router(router)
    with TestClient(app) as client:
        ok = client.get("/v1/audit/whoami", headers=principals["auditor"].headers)
        assert ok.json() == {"role": "auditor"}
        refused = client.get("/v1/audit/whoami", headers=principals["unit"].headers)
        assert refused.status_code == 403
        assert refused.json()["rule"] == "role_not_permitted"
        assert client.get("/v1/audit/whoami").status_code == 401


def test_request_id_is_taken_or_made_and_echoed(client: TestClient) -> None:
    given = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    made = client.get("/healthz")
    assert len(made.headers["x-request-id"]) == 36
    odd = client.get("/healthz", headers={"X-Request-ID": "has spaces\tand tabs"})
    assert odd.headers["x-request-id"] != "has spaces\tand tabs"
    problem = client.get("/v1/meetings/x", headers={"X-Request-ID": "r-9"})
    assert problem.headers["x-request-id"] == "r-9"


def test_worker_threads_bound_the_threads_of_sync_routes(sqlite_url: str) -> None:
    import anyio.to_thread

    app = create_app(Settings.from_env(env={}, database_url=sqlite_url), worker_threads=3)

    @app.get("/test-thread-tokens")
    async def tokens() -> dict[str, float]:
        return {"tokens": anyio.to_thread.current_default_thread_limiter().total_tokens}

    with TestClient(app) as client:
        assert client.get("/test-thread-tokens").json() == {"tokens": 3}


def test_a_write_answers_with_the_documented_body_and_headers(
    client: TestClient, principals: dict[str, Principal], ledger: LedgerApplication
) -> None:
    """The 201 of a follow-up is serialised by the route itself: still the documented
    ``FollowUpWritten``, as JSON, with Location and ETag."""
    from ledger.api.schemas.events import FollowUpWritten
    from tests.api.conftest import LEAD_UNIT

    issuer, unit = principals["issuer"], principals["unit"]
    issued = client.post(
        "/v1/directives",
        headers=issuer.headers,
        json={"title": "Tết Nhâm Dần", "text": "Chăm lo Tết", "issuer": "Võ Văn Thưởng",
              "lead_unit": LEAD_UNIT},
    )  # fmt: skip
    directive_id = issued.json()["id"]
    response = client.post(
        f"/v1/directives/{directive_id}/events",
        headers=unit.headers,
        json={"type": "accepted", "note": "Hứa tiếp thu"},
    )
    assert response.status_code == 201
    assert response.headers["content-type"] == "application/json"
    assert response.headers["etag"] == '"2"'
    assert response.headers["location"] == f"/v1/directives/{directive_id}?version=2"
    assert response.headers["x-request-id"]
    written = FollowUpWritten.model_validate(response.json())
    assert (str(written.id), written.version, written.status) == (directive_id, 2, "accepted")
    assert written.event.type == "accepted"
    assert written.event.data["note"] == "Hứa tiếp thu"
