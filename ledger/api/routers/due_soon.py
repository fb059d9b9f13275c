"""``GET /v1/views/due-soon``: the open directives due within N days of a business date,
per lead unit (``projections.due_soon``), with strict parameters: an ISO date and a
whole number of days from 0 to 366."""

from __future__ import annotations

from typing import Annotated

from annotated_types import Ge, Le
from fastapi import APIRouter, Query

from ledger.api.deps import ActorDep
from ledger.api.openapi import problems
from ledger.api.routers.views import (
    JSONBody,
    MinPositionQuery,
    OnQuery,
    UnitQuery,
    ViewsDep,
    reached,
)
from ledger.api.schemas.follow_up import DueSoonView
from ledger.api.schemas.strict import DIGITS_ONLY
from projections.due_soon import MAX_WITHIN_DAYS, due_soon_rows, due_soon_view

router = APIRouter(tags=["views"])

__all__ = ["BOARD_DAYS", "due_soon_rows", "router"]  # the web board's panel uses these
BOARD_DAYS = 7  # the board's "Sắp đến hạn / Due soon" panel
DaysAfter = Annotated[int, Ge(0), Le(MAX_WITHIN_DAYS), DIGITS_ONLY]


@router.get(
    "/v1/views/due-soon",
    response_model=DueSoonView,
    responses=problems(401, 422),
    summary="Due soon: open directives whose deadline in force falls within N days",
)
def due_soon(
    views: ViewsDep,
    actor: ActorDep,
    on: OnQuery = None,
    within: Annotated[
        DaysAfter,
        Query(description=f"Days after `on`, a whole number from 0 to {MAX_WITHIN_DAYS}."),
    ] = 7,
    unit: UnitQuery = None,
    min_position: MinPositionQuery = None,
) -> JSONBody:
    day = views.app.today() if on is None else on
    reached(views, min_position)
    return JSONBody(due_soon_view(views, day, within, unit))
