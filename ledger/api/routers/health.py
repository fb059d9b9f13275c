"""``GET /healthz``: for load balancers, without a token."""

from __future__ import annotations

from fastapi import APIRouter

from ledger.api.schemas.common import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, summary="Liveness: the server answers")
async def healthz() -> Health:
    # async on purpose: it touches no store, so it needs no worker thread.
    return Health(status="ok")
