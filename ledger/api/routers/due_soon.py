"""``GET /v1/views/due-soon``: the open directives due within N days of a business date,
per lead unit (``projections.due_soon``), with strict parameters: an ISO date and a
whole number of days from 0 to 366."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from ledger.api.deps import ActorDep
from ledger.api.openapi import problems
from ledger.api.problems import ProblemError
from ledger.api.routers.views import (
    JSONBody,
    MinPositionQuery,
    UnitQuery,
    ViewsDep,
    reached,
)
from ledger.api.schemas.follow_up import DueSoonView
from projections.due_soon import MAX_WITHIN_DAYS, due_soon_rows, due_soon_view

router = APIRouter(tags=["views"])

__all__ = ["BOARD_DAYS", "due_soon_rows", "router"]  # the web board's panel uses these
BOARD_DAYS = 7  # the board's "Sắp đến hạn / Due soon" panel

ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DIGITS = r"^[0-9]{1,3}$"


def invalid(field: str, rule: str, message: str) -> ProblemError:
    return ProblemError(
        422,
        f"{field}: {message}",
        rule="request_invalid",
        field_errors=[{"field": f"query.{field}", "rule": rule, "message": message}],
    )


def business_date(text: str) -> date:
    if not re.match(ISO_DATE, text):
        raise invalid("on", "date_format", "must be an ISO 8601 date such as 2022-03-01")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise invalid("on", "date_format", f"{text} is not a date of the calendar") from None


@router.get(
    "/v1/views/due-soon",
    response_model=DueSoonView,
    responses=problems(401, 422),
    summary="Due soon: open directives whose deadline in force falls within N days",
)
def due_soon(
    views: ViewsDep,
    actor: ActorDep,
    on: Annotated[
        str | None,
        Query(
            max_length=10,
            description="The business date (ISO 8601; default: today in the ledger's time zone).",
        ),
    ] = None,
    within: Annotated[
        str,
        Query(
            max_length=3,
            description=f"Days after `on`, a whole number from 0 to {MAX_WITHIN_DAYS}.",
        ),
    ] = "7",
    unit: UnitQuery = None,
    min_position: MinPositionQuery = None,
) -> JSONBody:
    day = views.app.today() if on is None else business_date(on)
    if not re.match(DIGITS, within) or int(within) > MAX_WITHIN_DAYS:
        raise invalid("within", "days_range", f"must be a whole number from 0 to {MAX_WITHIN_DAYS}")
    reached(views, min_position)
    return JSONBody(due_soon_view(views, day, int(within), unit))
