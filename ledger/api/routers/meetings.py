"""``/v1/meetings``: record a working session; read it with its directives' ids."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from ledger.api.deps import ActorDep, CorrelationIdDep, LedgerDep
from ledger.api.openapi import READ, WRITE, problems, success
from ledger.api.routers.writes import etag, mark_written
from ledger.api.schemas.meetings import MeetingIn, MeetingOut, MeetingWritten
from ledger.api.schemas.strict import UuidText

router = APIRouter(prefix="/v1/meetings", tags=["meetings"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=MeetingWritten,
    responses={**problems(*WRITE), **success(201, "Location", "ETag", "X-Request-ID")},
    summary="Record a meeting (buổi làm việc)",
)
def record_meeting(
    body: MeetingIn,
    response: Response,
    ledger: LedgerDep,
    actor: ActorDep,
    request_id: CorrelationIdDep,
) -> MeetingWritten:
    source = None if body.source is None else body.source.model_dump()
    ctx = ledger.context(actor, correlation_id=request_id, source=source)
    result = ledger.record_meeting(
        ctx,
        title=body.title,
        held_on=body.held_on,
        chair=body.chair,
        host_body=body.host_body,
        participants=body.participants,
        place=body.place,
    )
    mark_written(response, f"/v1/meetings/{result.id}", result.version)
    return MeetingWritten.model_validate({**result.state, "position": result.position})


@router.get(
    "/{meeting_id}",
    response_model=MeetingOut,
    responses={**problems(*READ), **success(200, "ETag", "X-Request-ID")},
    summary="A meeting with the ids of its directives",
)
def get_meeting(
    meeting_id: UuidText, response: Response, ledger: LedgerDep, actor: ActorDep
) -> MeetingOut:
    meeting = ledger.get_meeting(meeting_id)
    response.headers["ETag"] = etag(meeting.version)
    return MeetingOut.model_validate(meeting.as_dict())
