"""The routers of the follow-up (issue 15, đôn đốc): due soon, the SSE stream, the webhook
subscriptions; one entry in ``ROUTERS`` for all three."""

from __future__ import annotations

from fastapi import APIRouter

from ledger.api.routers import due_soon, stream, subscriptions

FOLLOW_UP_ROUTERS: list[APIRouter] = [due_soon.router, stream.router, subscriptions.router]
