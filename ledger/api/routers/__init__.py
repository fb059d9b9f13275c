"""One router per resource. ``create_app`` includes every router in ``ROUTERS``; the
views and audit routers are added to this list by their own modules' owners."""

from __future__ import annotations

from fastapi import APIRouter

from ledger.api.routers import (
    audit,
    directives,
    files,
    health,
    meetings,
    reports,
    units,
    views,
)
from ledger.api.routers.follow_up_routers import FOLLOW_UP_ROUTERS

ROUTERS: list[APIRouter] = [
    health.router,
    meetings.router,
    directives.router,
    units.router,
    views.router,
    audit.router,
    reports.router,
    files.router,
    *FOLLOW_UP_ROUTERS,
]
