"""One router per resource. ``create_app`` includes every router in ``ROUTERS``; the
views and audit routers are added to this list by their own modules' owners."""

from __future__ import annotations

from fastapi import APIRouter

from ledger.api.routers import audit, directives, files, health, meetings, views

ROUTERS: list[APIRouter] = [
    health.router,
    meetings.router,
    directives.router,
    views.router,
    audit.router,
    files.router,
]
