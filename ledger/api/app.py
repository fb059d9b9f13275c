"""The FastAPI application: built once, with the ledger made once in its lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Protocol

import anyio.to_thread
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from ledger.api.middleware import MAX_BODY_BYTES, BodyLimitMiddleware, RequestIdMiddleware
from ledger.api.openapi import REQUEST_ID_HEADER_DOC, parameters_without_null
from ledger.api.problems import PROBLEM_MEDIA_TYPE, install_problem_handlers
from ledger.api.routers import ROUTERS
from ledger.api.schemas.events import EVENT_TYPES
from ledger.api.views import ViewsWorker
from ledger.application import LedgerApplication
from ledger.settings import Settings
from ledger.web import ROUTERS as WEB_ROUTERS

DESCRIPTION = """\
Sổ theo dõi ý kiến chỉ đạo — an event-sourced, tamper-evident audit ledger of the
directives issued at a meeting and of their follow-up.

Every request but `GET /healthz` needs `Authorization: Bearer <token>`. Errors are
RFC 9457 problems (`application/problem+json`): 409 names the broken `rule`, 422 lists
`errors` by field. Bodies over 64 KiB are refused with 413.
"""


# For ``create_app_from_env``: the worker thread bound ``serve --threads`` asks for.
WORKER_THREADS_ENV = "LEDGER_SERVER_THREADS"


class Worker(Protocol):
    """Something that runs beside the API while it serves (e.g. a projection runner)."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    threads = getattr(app.state, "worker_threads", None)
    if threads:
        # Sync routes run in anyio's worker threads (40 by default). Writers queue on the
        # store's one writer lock anyway; fewer threads contend less for the GIL, so the
        # thread holding the lock gets it back sooner after each fsync.
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
    owned = getattr(app.state, "ledger", None) is None
    if owned:
        app.state.ledger = LedgerApplication(app.state.settings)
    started: list[Worker] = []
    try:
        for worker in app.state.workers:
            worker.start()
            started.append(worker)
        yield
    finally:
        for worker in reversed(started):
            worker.stop()
        if owned:
            app.state.ledger.close()
            app.state.ledger = None


def create_app(
    settings: Settings | None = None,
    *,
    ledger: LedgerApplication | None = None,
    public_board: bool = False,
    worker_threads: int | None = None,
) -> FastAPI:
    """The API. ``ledger`` is used as given (tests); otherwise one is built from
    ``settings`` (else the environment) when the app starts. Add objects with
    ``start()``/``stop()`` to ``app.state.workers`` before startup to run them alongside.
    ``worker_threads`` bounds the threads that run sync routes (anyio's default: 40)."""
    app = FastAPI(
        title="Directive Ledger",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings or (ledger.settings if ledger else Settings.from_env())
    app.state.ledger = ledger
    app.state.workers = []
    # The views catch up in the background while the API serves (ledger/api/views.py).
    app.state.views_worker = ViewsWorker(app.state)
    app.state.workers.append(app.state.views_worker)
    app.state.public_board = public_board
    app.state.worker_threads = worker_threads
    install_problem_handlers(app, union_tags=EVENT_TYPES)
    # Added last = outermost: the request id is on every answer, the 413 included.
    app.add_middleware(BodyLimitMiddleware, limit=MAX_BODY_BYTES)
    app.add_middleware(RequestIdMiddleware)
    # The API's routers, then the web board's pages (``/``, read-only, public with
    # ``public_board``).
    for router in [*ROUTERS, *WEB_ROUTERS]:
        app.include_router(router)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = parameters_without_null(_problems_as_problem_json(schema))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def create_app_from_env() -> FastAPI:
    """A factory for ``uvicorn --factory`` (several worker processes): settings from the
    environment (``LEDGER_DATABASE_URL``...), the board public if ``LEDGER_PUBLIC_BOARD=1``."""
    import os

    from ledger.api.routers.audit import install_checkpointer

    threads = os.environ.get(WORKER_THREADS_ENV)
    return install_checkpointer(
        create_app(
            public_board=os.environ.get("LEDGER_PUBLIC_BOARD") == "1",
            worker_threads=int(threads) if threads else None,
        )
    )


def _problems_as_problem_json(schema: dict[str, Any]) -> dict[str, Any]:
    """FastAPI files a response model under ``application/json``; problems are served as
    ``application/problem+json``, so move their schema there."""
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            for code, answer in operation.get("responses", {}).items():
                content = answer.get("content", {})
                if code.startswith("2"):
                    # The middleware puts the correlation id on every answer.
                    headers = answer.setdefault("headers", {})
                    headers.setdefault("X-Request-ID", REQUEST_ID_HEADER_DOC)
                    continue
                if not code.startswith(("4", "5")) or PROBLEM_MEDIA_TYPE not in content:
                    continue
                plain = content.pop("application/json", None)
                if plain and "schema" in plain:
                    content[PROBLEM_MEDIA_TYPE]["schema"] = plain["schema"]
    return schema
