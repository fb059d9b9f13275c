"""``/v1/audit``: the log as auditors read it, the public key, signed checkpoints, and
RFC 9162 inclusion and consistency proofs (DESIGN section 5).

The public key and the latest checkpoint note are public (a size and a root); the log
and proofs need an ``auditor`` or ``admin`` token; only an ``admin`` asks for a
checkpoint, and only a process holding the key in force signs one. No GET writes.
Also the worker that signs checkpoints every N events or T seconds beside the API.
"""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status

from ledger.api.deps import LedgerDep, require_roles
from ledger.api.openapi import problems, success
from ledger.api.problems import ProblemError
from ledger.api.schemas.audit import (
    CHECKPOINT_EXAMPLE,
    CheckpointOut,
    ConsistencyProofOut,
    InclusionProofOut,
    LogPage,
    PublicKeyOut,
)
from ledger.api.schemas.strict import PageSize, Position, PositionOrZero
from ledger.application.audit import AuditService
from ledger.domain import errors
from ledger.domain.values import Actor, Role

router = APIRouter(prefix="/v1/audit", tags=["audit"])
_lock = threading.Lock()


def get_audit(request: Request, ledger: LedgerDep) -> AuditService:
    """One audit service per ledger (it caches the keys it has read from the log)."""
    with _lock:
        audit: AuditService | None = getattr(request.app.state, "audit", None)
        if audit is None or audit.app is not ledger:
            audit = AuditService(ledger)
            request.app.state.audit = audit
        return audit


AuditDep = Annotated[AuditService, Depends(get_audit)]
AuditorDep = Annotated[Actor, Depends(require_roles(Role.AUDITOR, Role.ADMIN))]
AdminDep = Annotated[Actor, Depends(require_roles(Role.ADMIN))]


# ------------------------------------------------------------------------- routes


def _query_problem(field: str, rule: str, message: str) -> ProblemError:
    """422 naming the query parameter as request validation does (``query.size``)."""
    return ProblemError(
        422,
        message,
        rule=rule,
        field_errors=[{"field": f"query.{field}", "rule": rule, "message": message}],
    )


def _beyond_the_log(error: errors.InvalidValue) -> ProblemError:
    """The parameters' own rules are checked before the service is asked, so a size the
    service still refuses is one the log has not reached yet: no such tree, 404."""
    return ProblemError(404, error.message, rule="beyond_the_log")


BEYOND_THE_LOG = "404 if it is beyond the log's current size."


@router.get(
    "/log",
    response_model=LogPage,
    responses={**problems(401, 403, 422), **success(200, "X-Request-ID")},
    summary="The log, page by page, with each entry and its leaf hash",
)
def audit_log(
    audit: AuditDep,
    _actor: AuditorDep,
    after: Annotated[PositionOrZero, Query(description="The last position already read.")] = 0,
    limit: Annotated[PageSize, Query(description="At most this many entries.")] = 100,
) -> dict[str, Any]:
    return audit.log_page(after=after, limit=limit)


@router.get(
    "/public-key",
    response_model=PublicKeyOut,
    responses={**problems(404), **success(200, "X-Request-ID")},
    summary="The key in force, its vkey and the chain of keys (no token needed)",
)
def public_key(audit: AuditDep) -> dict[str, Any]:
    return audit.public_key()


NOTE_MEDIA_TYPE = "text/plain; charset=utf-8"


@router.get(
    "/checkpoint",
    response_class=Response,
    responses={
        **problems(404),
        200: {
            **success(200, "X-Request-ID")[200],
            "description": "The latest checkpoint as a C2SP signed note (tlog-checkpoint), "
            "with every witness cosignature collected.",
            "content": {"text/plain": {"example": CHECKPOINT_EXAMPLE["note"]}},
        },
    },
    summary="The latest checkpoint note (no token needed: it discloses a size and a root)",
)
def checkpoint_note(audit: AuditDep) -> Response:
    found = audit.latest_checkpoint()
    if found is None or found["note"] is None:
        raise ProblemError(404, "no checkpoint note has been signed yet", rule="not_found")
    return Response(found["note"], media_type=NOTE_MEDIA_TYPE)


@router.post(
    "/checkpoints",
    status_code=status.HTTP_201_CREATED,
    response_model=CheckpointOut,
    responses={
        **problems(401, 403, 409, 413),
        **success(201, "Location", "ETag", "X-Request-ID"),
    },
    summary="Sign a checkpoint of the log now (admin; 409 on a node without the key)",
)
def create_checkpoint(audit: AuditDep, _actor: AdminDep, response: Response) -> dict[str, Any]:
    checkpoint = audit.create_checkpoint()
    # A checkpoint is named by its size; the latest is where it is read.
    response.headers["Location"] = "/v1/audit/checkpoints/latest"
    response.headers["ETag"] = f'"{checkpoint["size"]}"'
    return checkpoint


@router.get(
    "/checkpoints/latest",
    response_model=CheckpointOut,
    responses={**problems(401, 403, 404), **success(200, "X-Request-ID")},
    summary="The latest signed checkpoint",
)
def latest_checkpoint(audit: AuditDep, _actor: AuditorDep) -> dict[str, Any]:
    found = audit.latest_checkpoint()
    if found is None:
        raise ProblemError(404, "no checkpoint has been signed yet", rule="not_found")
    return found


@router.get(
    "/proofs/inclusion",
    response_model=InclusionProofOut,
    responses={**problems(401, 403, 404, 422), **success(200, "X-Request-ID")},
    summary="RFC 9162 inclusion proof of the event at a position in the tree of a size",
)
def inclusion_proof(
    audit: AuditDep,
    _actor: AuditorDep,
    position: Annotated[
        Position,
        Query(
            description="The event's log position; " + BEYOND_THE_LOG,
        ),
    ],
    size: Annotated[
        Position | None,
        Query(
            description="The tree size (default: the whole log). It must be at least "
            "`position` (422 otherwise); " + BEYOND_THE_LOG,
        ),
    ] = None,
) -> dict[str, Any]:
    if size is not None and size < position:
        raise _query_problem(
            "size", "size_below_position", f"size {size} must be at least position {position}"
        )
    try:
        return audit.inclusion_proof(position, size)
    except errors.InvalidValue as e:
        raise _beyond_the_log(e) from None


@router.get(
    "/proofs/consistency",
    response_model=ConsistencyProofOut,
    responses={**problems(401, 403, 404, 422), **success(200, "X-Request-ID")},
    summary="RFC 9162 consistency proof between two tree sizes",
)
def consistency_proof(
    audit: AuditDep,
    _actor: AuditorDep,
    first: Annotated[
        Position,
        Query(alias="from", description="The earlier size."),
    ],
    second: Annotated[
        Position,
        Query(
            alias="to",
            description="The later size: at least `from` (422 otherwise); " + BEYOND_THE_LOG,
        ),
    ],
) -> dict[str, Any]:
    if second < first:
        raise _query_problem("to", "to_below_from", f"to {second} must be at least from {first}")
    try:
        return audit.consistency_proof(first, second)
    except errors.InvalidValue as e:
        raise _beyond_the_log(e) from None


@router.get(
    "/proofs/{position}.tlog-proof",
    response_class=Response,
    responses={
        **problems(401, 403, 404, 409, 422),
        200: {
            **success(200, "X-Request-ID")[200],
            "description": "A c2sp.org/tlog-proof@v1 bundle: the entry's exact hashed bytes "
            "(extra), its leaf index, the inclusion proof and the latest checkpoint note "
            "with its cosignatures; `directive-ledger verify-proof` checks it offline.",
            "content": {"text/plain": {}},
        },
    },
    summary="An offline proof bundle of the event at a position (c2sp.org/tlog-proof)",
)
def proof_bundle(
    audit: AuditDep,
    _actor: AuditorDep,
    position: Annotated[Position, Path(description="The event's log position.")],
) -> Response:
    try:
        bundle = audit.proof_bundle(position)
    except errors.InvalidValue as e:
        raise _beyond_the_log(e) from None
    return Response(
        bundle,
        media_type=NOTE_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{position}.tlog-proof"'},
    )
