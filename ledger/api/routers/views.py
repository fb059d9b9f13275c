"""``/v1/views/...`` and ``GET /v1/directives``: the read models, each ``{position,
digest, rows}``, on a business date (``on``), after a position (``min_position``), as
known at an earlier position (``position``); the status board, the overdue list and
the activity feed a page at a time (``limit``, ``cursor``)."""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Query, Request, Response

from ledger.api.deps import ActorDep, LedgerDep
from ledger.api.openapi import READ, problems
from ledger.api.problems import ProblemError
from ledger.api.schemas.strict import (
    MAX_PAGE,
    IsoDate,
    PageSize,
    PositionOrZero,
    QueryBool,
    UuidText,
)
from ledger.api.schemas.views import (
    ActivityView,
    DirectivePage,
    MeetingView,
    OverdueView,
    Status,
    StatusBoardView,
    UnitsView,
)
from ledger.api.views import ViewsWorker, runs_in_process
from ledger.domain import errors
from projections.service import InvalidCursor, NotYetKnown, ViewService

router = APIRouter(tags=["views"])

MAX_WAIT_SECONDS = 5.0
MAX_POSITION = 2**53 - 1
MAX_LIMIT = MAX_PAGE
# A cursor is a log position this API gave, in digits (up to 15: below MAX_POSITION).
CURSOR_PATTERN = r"^[0-9]{1,15}$"


class JSONBody(Response):
    """The rows exactly as the view made them (the digest is over these values)."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def get_views(request: Request) -> ViewService:
    worker = getattr(request.app.state, "views_worker", None)
    if worker is None:
        worker = request.app.state.views_worker = ViewsWorker(request.app.state)
    views = worker.service()
    if runs_in_process() and not views.is_following():
        # No runner thread (an app used without its lifespan). Never the one-transaction
        # replay in a request: on SQLite appends would wait for it.
        views.catch_up(bulk=False)
    return views


ViewsDep = Annotated[ViewService, Depends(get_views)]
OnQuery = Annotated[
    IsoDate | None,
    Query(
        description="The business date: the view as it stood that day, from the events "
        "effective by then (default: today in the ledger's time zone)."
    ),
]
MinPositionQuery = Annotated[
    PositionOrZero | None,
    Query(
        description="Wait (at most 5 s) until the view has reached this log position, e.g. "
        "the `position` of a write, to read your own writes. The answer's `position` says "
        "how far it got. A position beyond the log's end is answered at once.",
    ),
]
KnownAtQuery = Annotated[
    PositionOrZero | None,
    Query(
        description="The view as the ledger knew it at this log position: from the events "
        "recorded up to it only (with `on`: what the report of that day showed then). "
        "Waits (at most 5 s) for the view to reach it.",
    ),
]
LimitQuery = Annotated[PageSize, Query(description="At most this many rows (1 to 1000).")]
DigestQuery = Annotated[
    QueryBool,
    Query(
        description="false: leave out the digest of the whole view (`digest` is null), which "
        "costs a read of every row; the counts and the page come at once."
    ),
]
CursorQuery = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=16,
        pattern=r"^[0-9]+$",
        description="The `next_cursor` of the previous page.",
    ),
]
OverdueCursorQuery = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=400,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="The `next_cursor` of the previous page (a cursor this API gave).",
    ),
]
UnitQuery = Annotated[
    str | None, Query(min_length=1, max_length=300, description="Only this lead unit.")
]


def reached(views: ViewService, min_position: int | None) -> None:
    # A position the log has not reached yet is no write of anyone's: answered at once
    # (the answer's ``position`` says how far the view got) rather than after the wait.
    if min_position is not None and min_position <= views.app.max_position():
        views.wait_for(min_position, MAX_WAIT_SECONDS)


def answer(view: dict[str, Any]) -> JSONBody:
    return JSONBody(view)


def read(views: ViewService, known_at: int | None, read_view: Any) -> JSONBody:
    """Run ``read_view``, turning a cursor this API did not give, or a position the view
    has not reached, into a problem."""
    if known_at is not None:
        views.wait_for(known_at, MAX_WAIT_SECONDS)
    try:
        return answer(read_view())
    except InvalidCursor:
        raise ProblemError(
            422,
            "cursor is not one this API gave for this view",
            rule="request_invalid",
            field_errors=[
                {"field": "query.cursor", "rule": "cursor", "message": "not a cursor of this view"}
            ],
        ) from None
    except NotYetKnown as e:
        raise ProblemError(
            409,
            f"the view has reached position {e.reached}, not yet {e.asked}",
            rule="position_not_reached",
        ) from None


@router.get(
    "/v1/views/status-board",
    response_model=StatusBoardView,
    responses=problems(401, 409, 422),
    summary="Status board: one row per directive, with its place in the grid",
)
def status_board(
    views: ViewsDep,
    actor: ActorDep,
    on: OnQuery = None,
    min_position: MinPositionQuery = None,
    status: Annotated[Status | None, Query(description="Only this status.")] = None,
    unit: UnitQuery = None,
    meeting_id: Annotated[UuidText | None, Query(description="Only this meeting's.")] = None,
    overdue: Annotated[QueryBool | None, Query(description="Only overdue (or not).")] = None,
    limit: LimitQuery = 100,
    cursor: CursorQuery = None,
    position: KnownAtQuery = None,
    digest: DigestQuery = True,
) -> JSONBody:
    reached(views, min_position)
    filters = {
        "status": status,
        "unit": unit,
        "meeting_id": None if meeting_id is None else str(meeting_id),
        "overdue": overdue,
    }
    return read(
        views,
        position,
        lambda: views.page(
            "status-board",
            on,
            limit=limit,
            cursor=cursor,
            known_at=position,
            with_digest=digest,
            **filters,
        ),
    )


@router.get(
    "/v1/views/overdue",
    response_model=OverdueView,
    responses=problems(401, 409, 422),
    summary="Overdue directives with their age and ageing bucket, oldest first",
)
def overdue_list(
    views: ViewsDep,
    actor: ActorDep,
    on: OnQuery = None,
    min_position: MinPositionQuery = None,
    unit: UnitQuery = None,
    limit: LimitQuery = 100,
    cursor: OverdueCursorQuery = None,
    position: KnownAtQuery = None,
    digest: DigestQuery = True,
) -> JSONBody:
    reached(views, min_position)
    return read(
        views,
        position,
        lambda: views.page(
            "overdue",
            on,
            limit=limit,
            cursor=cursor,
            known_at=position,
            with_digest=digest,
            unit=unit,
        ),
    )


@router.get(
    "/v1/views/units",
    response_model=UnitsView,
    responses=problems(401, 409, 422),
    summary="Per lead unit: the grid counts and the on-time completion rate",
)
def units(
    views: ViewsDep,
    actor: ActorDep,
    on: OnQuery = None,
    min_position: MinPositionQuery = None,
    position: KnownAtQuery = None,
) -> JSONBody:
    reached(views, min_position)
    return read(views, position, lambda: views.view("units", on, known_at=position))


@router.get(
    "/v1/views/meetings/{meeting_id}",
    response_model=MeetingView,
    responses=problems(*READ, 409),
    summary="A meeting and its directives' grid counts",
)
def meeting_summary(
    meeting_id: UuidText,
    views: ViewsDep,
    ledger: LedgerDep,
    actor: ActorDep,
    on: OnQuery = None,
    min_position: MinPositionQuery = None,
    position: KnownAtQuery = None,
) -> JSONBody:
    if not ledger.has_meeting(meeting_id):
        raise errors.NotFound(f"no meeting {meeting_id}")
    reached(views, min_position)
    return read(
        views,
        position,
        lambda: views.view("meetings", on, known_at=position, meeting_id=str(meeting_id)),
    )


@router.get(
    "/v1/views/activity",
    response_model=ActivityView,
    responses=problems(401, 422),
    summary="The events of directives and meetings after a position, oldest first",
)
def activity(
    views: ViewsDep,
    actor: ActorDep,
    after: Annotated[PositionOrZero, Query(description="Only events after this position.")] = 0,
    limit: LimitQuery = 100,
    cursor: CursorQuery = None,
    min_position: MinPositionQuery = None,
) -> JSONBody:
    reached(views, min_position)
    return read(
        views, None, lambda: views.page("activity", limit=limit, cursor=cursor, after=after)
    )


@router.get(
    "/v1/directives",
    response_model=DirectivePage,
    responses=problems(401, 422),
    summary="Status-board rows, filtered, a page at a time",
    tags=["directives"],
)
def list_directives(
    views: ViewsDep,
    actor: ActorDep,
    on: OnQuery = None,
    min_position: MinPositionQuery = None,
    status: Annotated[Status | None, Query(description="Only this status.")] = None,
    unit: UnitQuery = None,
    meeting_id: Annotated[UuidText | None, Query(description="Only this meeting's.")] = None,
    overdue: Annotated[QueryBool | None, Query(description="Only overdue (or not).")] = None,
    limit: Annotated[PageSize, Query(description="At most this many.")] = 100,
    cursor: Annotated[
        str | None,
        Query(
            pattern=CURSOR_PATTERN,
            description="The `next_cursor` of the previous page: 1 to 15 digits (never empty).",
        ),
    ] = None,
) -> JSONBody:
    after = parse_cursor(cursor)
    reached(views, min_position)
    page = views.directives(
        on,
        limit=limit,
        cursor=after,
        status=status,
        unit=unit,
        meeting_id=None if meeting_id is None else str(meeting_id),
        overdue=overdue,
    )
    next_cursor = page["next_cursor"]
    page["next_cursor"] = None if next_cursor is None else str(next_cursor)
    return JSONBody(page)


def parse_cursor(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    if not cursor.isdigit() or not 0 <= int(cursor) <= MAX_POSITION:
        raise ProblemError(
            422,
            "cursor is not one this API gave",
            rule="request_invalid",
            field_errors=[
                {"field": "query.cursor", "rule": "cursor", "message": "not a cursor of this API"}
            ],
        )
    return int(cursor)
