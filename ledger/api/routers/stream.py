"""``GET /v1/events/stream``: the log as Server-Sent Events (text/event-stream), each event
the export's CloudEvents envelope with ``id:`` its log position.

From the first event, or after ``?after=N``; a reconnecting client's ``Last-Event-ID``
wins over ``after``. Positions are dense and never renumbered, and the stream reads
only committed events, so a client that reconnects with the last id it saw (after a
network cut or a restart of the server) misses none and sees none twice. Filters:
``type`` (repeatable or comma-separated) and ``unit``; scope: a unit principal sees its
own directives' events, auditors and admins all. A comment line every
``LEDGER_SSE_HEARTBEAT`` seconds keeps proxies from closing an idle stream. It reads;
it never writes.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Annotated

import anyio
import orjson
from fastapi import APIRouter, Header, Query
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from ledger.api.deps import ActorDep, LedgerDep
from ledger.api.openapi import problems
from ledger.api.problems import ProblemError
from ledger.application.feed import EventFeed, FeedFilter
from ledger.application.follow_up_settings import FollowUpSettings
from ledger.application.subscriptions import checked_types
from ledger.domain import errors
from ledger.domain.values import Role

router = APIRouter(tags=["subscriptions"])

POLL_SECONDS = 0.25
BATCH = 200
MAX_POSITION = 2**53 - 1


def position_of(value: str, field: str) -> int:
    if not value.isdigit() or int(value) > MAX_POSITION:
        raise ProblemError(
            422,
            f"{field} must be a log position (a whole number from 0)",
            rule="request_invalid",
            field_errors=[{"field": field, "rule": "position", "message": "a whole number from 0"}],
        )
    return int(value)


def frame(position: int, envelope: dict[str, object]) -> bytes:
    return b"id: %d\ndata: %s\n\n" % (position, orjson.dumps(envelope))


@router.get(
    "/v1/events/stream",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "The stream."},
        **problems(401, 403, 422),
    },
    summary="The log's events as Server-Sent Events, resumable with Last-Event-ID",
)
async def stream(
    ledger: LedgerDep,
    actor: ActorDep,
    after: Annotated[
        str | None,
        Query(max_length=16, description="Start after this log position (default 0)."),
    ] = None,
    type: Annotated[
        list[str] | None,
        Query(description="Only these event types (`reminded`, `ledger.progress_reported`)."),
    ] = None,
    unit: Annotated[
        str | None, Query(min_length=1, max_length=300, description="Only this lead unit's.")
    ] = None,
    last_event_id: Annotated[
        str | None,
        Header(
            alias="Last-Event-ID", max_length=16, description="The last id seen: resume after it."
        ),
    ] = None,
) -> StreamingResponse:
    if last_event_id is not None:
        start = position_of(last_event_id.strip(), "header.Last-Event-ID")
    else:
        start = 0 if after is None else position_of(after, "query.after")
    names = [n for value in type or [] for n in value.split(",") if n.strip()]
    try:
        types = checked_types([n.strip() for n in names])
    except errors.InvalidValue as e:
        raise ProblemError(
            422,
            f"type: {e.message}",
            rule="request_invalid",
            field_errors=[{"field": "query.type", "rule": e.rule, "message": e.message}],
        ) from None
    if actor.role is Role.UNIT and unit is not None and unit != actor.unit:
        raise ProblemError(
            403, "a unit principal reads its own unit's events only", rule="not_lead_unit"
        )
    feed = EventFeed(ledger)
    feed_filter = FeedFilter(types=frozenset(types), unit=unit, reader=actor)
    heartbeat = FollowUpSettings.from_env().sse_heartbeat

    async def events() -> AsyncIterator[bytes]:
        position = start
        yield b"retry: 1000\n: directive-ledger event stream\n\n"
        beat = time.monotonic()
        while True:
            found, scanned = await run_in_threadpool(feed.after, position, BATCH, feed_filter)
            for event in found:
                yield frame(event.position, event.envelope)
            position = scanned
            if found:
                beat = time.monotonic()
                continue
            if time.monotonic() - beat >= heartbeat:
                yield b": heartbeat\n\n"
                beat = time.monotonic()
            await anyio.sleep(POLL_SECONDS)

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
