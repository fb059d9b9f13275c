"""``/v1/directives``: issue a directive, record its follow-up, read its state (now, at a
version, or as of a recorded time) and its history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Header, Query, Request, Response, status

from ledger.api.deps import ActorDep, CorrelationIdDep, LedgerDep, request_id_of
from ledger.api.openapi import READ, WRITE, problems, success
from ledger.api.problems import ProblemError
from ledger.api.routers.writes import (
    IF_MATCH_PATTERN,
    etag,
    expected_version,
    fingerprint,
    mark_written,
    written_response,
)
from ledger.api.schemas.directives import DirectiveIn, DirectiveOut, DirectiveWritten, History
from ledger.api.schemas.events import (
    FOLLOW_UP_EXAMPLES,
    FollowUpIn,
    FollowUpWritten,
    to_command,
)
from ledger.api.schemas.strict import Rfc3339Time, UuidText, VersionNumber
from ledger.application import LedgerApplication
from ledger.application.files import files_of
from ledger.domain import errors

router = APIRouter(prefix="/v1/directives", tags=["directives"])

IfMatchHeader = Annotated[
    str | None,
    Header(
        alias="If-Match",
        pattern=IF_MATCH_PATTERN,
        description='The version the client last saw, as its ETag: `"3"` (also taken: `W/"3"`, '
        "bare `3`, or `*` for any version). A version that is not the current one is refused "
        "with 412; any other spelling with 422.",
    ),
]
IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        description="Scoped to the principal: a retry with the same body returns the first "
        "answer and appends nothing; the same key with another body is 422.",
    ),
]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=DirectiveWritten,
    responses={**problems(*WRITE, 404), **success(201, "Location", "ETag", "X-Request-ID")},
    summary="Issue a directive (ý kiến chỉ đạo)",
)
def issue_directive(
    body: DirectiveIn,
    response: Response,
    ledger: LedgerDep,
    actor: ActorDep,
    request_id: CorrelationIdDep,
) -> DirectiveWritten:
    source = None if body.source is None else body.source.model_dump()
    ctx = ledger.context(actor, correlation_id=request_id, source=source)
    result = ledger.issue_directive(
        ctx,
        title=body.title,
        text=body.text,
        issuer=body.issuer,
        lead_unit=body.lead_unit,
        coordinating_units=body.coordinating_units,
        deadline=body.deadline,
        effective_on=body.effective_on,
        meeting_id=body.meeting_id,
        parent_id=body.parent_id,
        code=body.code,
    )
    mark_written(response, f"/v1/directives/{result.id}", result.version)
    return DirectiveWritten.model_validate({**result.state, "position": result.position})


@router.post(
    "/{directive_id}/events",
    status_code=status.HTTP_201_CREATED,
    response_model=FollowUpWritten,
    responses={**problems(*WRITE, 404, 412), **success(201, "Location", "ETag", "X-Request-ID")},
    summary="Record one follow-up event (theo dõi, đôn đốc)",
)
def record_follow_up(
    directive_id: UuidText,
    body: Annotated[FollowUpIn, Body(openapi_examples=FOLLOW_UP_EXAMPLES)],
    request: Request,
    actor: ActorDep,
    if_match: IfMatchHeader = None,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    # The ledger and the request id from the request: fewer dependencies to solve on the
    # hot path (the same values ``LedgerDep`` and ``CorrelationIdDep`` give).
    ledger: LedgerApplication = request.app.state.ledger
    request_id = request_id_of(request)
    expected = expected_version(if_match)
    request_fingerprint = None
    if idempotency_key is not None:
        request_fingerprint = fingerprint(
            "POST", request.url.path, body.model_dump(mode="json", exclude_unset=True)
        )
    ctx = ledger.context(actor, correlation_id=request_id, idempotency_key=idempotency_key)
    result = ledger.record_follow_up(
        directive_id,
        files_of(ledger).complete(to_command(body)),  # a cited upload's size, type, name
        ctx,
        expected_version=expected,
        fingerprint=request_fingerprint,
    )
    written = FollowUpWritten(
        id=result.id,
        version=result.version,
        status=result.state["status"],
        position=result.position,
        event=result.event,
    )
    # The hot path: validated once here and serialised by pydantic, instead of FastAPI
    # validating the model again (in one more worker thread) before serialising it.
    return written_response(
        written.model_dump_json().encode(),
        f"/v1/directives/{result.id}?version={result.version}",
        result.version,
    )


@router.get(
    "/{directive_id}",
    response_model=DirectiveOut,
    responses={**problems(*READ), **success(200, "ETag", "X-Request-ID")},
    summary="A directive now, at a version, or as of a recorded time",
)
def get_directive(
    directive_id: UuidText,
    response: Response,
    ledger: LedgerDep,
    actor: ActorDep,
    version: Annotated[
        VersionNumber | None,
        Query(
            description="The directive as it stood at this version (404 if it has not "
            "reached it). Not with `as_of`: give one or neither (422 for both).",
        ),
    ] = None,
    as_of: Annotated[
        Rfc3339Time | None,
        Query(
            description="The directive as the ledger knew it at this RFC 3339 time, with its "
            "offset (`2021-12-10T09:00:00+07:00`; 404 before it was issued). Not with "
            "`version`: give one or neither (422 for both)."
        ),
    ] = None,
) -> DirectiveOut:
    if version is not None and as_of is not None:
        raise ProblemError(
            422,
            "give version or as_of, not both",
            rule="request_invalid",
            field_errors=[
                {"field": "query.as_of", "rule": "exclusive", "message": "not with version"}
            ],
        )
    directive = ledger.get_directive(directive_id, version=version, as_of=as_of)
    response.headers["ETag"] = etag(directive.version)
    return DirectiveOut.model_validate(directive.as_dict())


@router.get(
    "/{directive_id}/history",
    response_model=History,
    responses={**problems(*READ), **success(200, "X-Request-ID")},
    summary="Every event of a directive, with its actor and both dates",
)
def get_history(directive_id: UuidText, ledger: LedgerDep, actor: ActorDep) -> History:
    if not ledger.has_directive(directive_id):
        raise errors.NotFound(f"no directive {directive_id}")
    return History.model_validate({"id": directive_id, "events": ledger.history(directive_id)})
