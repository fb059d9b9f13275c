"""``/v1/audit``: the log as auditors read it, the public key, signed checkpoints, and
RFC 9162 inclusion and consistency proofs (DESIGN section 5).

The public key is public; the log and proofs need an ``auditor`` or ``admin`` token;
only an ``admin`` asks for a checkpoint. Also the worker that signs checkpoints every N
events or T seconds beside the API.
"""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field

from ledger.api.deps import LedgerDep, require_roles
from ledger.api.openapi import problems, success
from ledger.api.problems import ProblemError
from ledger.api.schemas.strict import PageSize, Position, PositionOrZero
from ledger.application.audit import AuditService
from ledger.application.checkpointer import Checkpointer
from ledger.domain import errors
from ledger.domain.values import Actor, Role
from ledger.integrity.keys import load_or_create_signing_key

router = APIRouter(prefix="/v1/audit", tags=["audit"])
_lock = threading.Lock()

HEX = "Lowercase hex."
_H = "9c6915013b8ed290ae00951b371b76748a3c24f6d7372f45e26792bf3a645fb8"
_ROOT = "3e758a961584594a7a04695baee96a5ac3e4cf0af05e4697e244daadba093ba1"
_ENTRY_EXAMPLE: dict[str, Any] = {
    "position": 2,
    "aggregate_id": "0b6c7c3e-5f1a-5d2e-9c41-2f8e7a1d3b55",
    "version": 1,
    "type": "issued",
    "topic": "ledger.domain.directive:Directive.Issued",
    "recorded_at": "2026-11-30T08:15:02.113000+00:00",
    "effective_on": "2021-12-10",
    "actor": {"id": "sample-loader", "role": "issuer", "unit": None},
    "data": {"title": "Chuẩn bị chu đáo Tết Nhâm Dần 2022", "effective_on": "2021-12-10"},
    "state_sha256": "5e1f0c7a0d4c8b6a2f3e9d1c7b5a3e2f1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a",
}
_CHECKPOINT_EXAMPLE: dict[str, Any] = {
    "origin": "directive-ledger",
    "size": 38,
    "root_hash": _ROOT,
    "issued_at": "2026-11-30T08:20:00Z",
    "key_id": "1c4d3e51e9db78b2",
    "signature": "kqGiypAXJiXrMFeBWqU+EOaqKvAQVMAeHwjBSHD7rQMerHA6gLeiiLy7T5oNSmKEnhMJkAzq7WP8"
    "iZ/Y/h+ZAA==",
}


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


# ------------------------------------------------------------------------ schemas


class LogEntry(BaseModel):
    position: int = Field(description="The log position (leaf index + 1).")
    aggregate_id: str
    version: int
    type: str = Field(examples=["progress_reported"])
    recorded_at: str | None
    entry: dict[str, Any] = Field(
        description="The exact object hashed: leaf = SHA-256(0x00 || RFC 8785 JSON of it)."
    )
    leaf_hash: str | None = Field(description=HEX)


class LogPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "entries": [
                        {
                            "position": 2,
                            "aggregate_id": _ENTRY_EXAMPLE["aggregate_id"],
                            "version": 1,
                            "type": "issued",
                            "recorded_at": _ENTRY_EXAMPLE["recorded_at"],
                            "entry": _ENTRY_EXAMPLE,
                            "leaf_hash": _H,
                        }
                    ],
                    "next": 2,
                }
            ]
        }
    )

    entries: list[LogEntry]
    next: int | None = Field(description="The `after` of the next page; null at the end.")


class PublicKeyOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "algorithm": "Ed25519",
                    "key_id": "1c4d3e51e9db78b2",
                    "public_key": "voCRaBGqJdde9mu2wI/cqUFAU7zujkN/VQWeXDPFxhs=",
                }
            ]
        }
    )

    algorithm: str = Field(examples=["Ed25519"])
    key_id: str = Field(description="First 16 hex digits of SHA-256 of the raw public key.")
    public_key: str = Field(description="The raw 32-byte public key, base64.")


class CheckpointOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_CHECKPOINT_EXAMPLE]})

    origin: str
    size: int
    root_hash: str = Field(description=HEX)
    issued_at: str = Field(description="RFC 3339, UTC.")
    key_id: str
    signature: str = Field(
        description="Ed25519 over the RFC 8785 JSON of {origin, size, root_hash, issued_at}, "
        "base64."
    )


class InclusionProofOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "leaf_index": 1,
                    "size": 38,
                    "leaf_hash": _H,
                    "audit_path": [_H, _ROOT],
                    "root_hash": _ROOT,
                }
            ]
        }
    )

    leaf_index: int = Field(description="position - 1, as in RFC 9162.")
    size: int
    leaf_hash: str
    audit_path: list[str]
    root_hash: str


class ConsistencyProofOut(BaseModel):
    model_config = ConfigDict(
        populate_by_name=True,
        json_schema_extra={
            "examples": [
                {"from": 32, "to": 38, "proof": [_H, _ROOT], "from_root": _H, "to_root": _ROOT}
            ]
        },
    )

    from_: int = Field(alias="from")
    to: int
    proof: list[str]
    from_root: str
    to_root: str


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
    responses=success(200, "X-Request-ID"),
    summary="The Ed25519 public key that signs the checkpoints (no token needed)",
)
def public_key(audit: AuditDep) -> dict[str, str]:
    return audit.public_key()


@router.post(
    "/checkpoints",
    status_code=status.HTTP_201_CREATED,
    response_model=CheckpointOut,
    responses={
        **problems(401, 403, 413),
        **success(201, "Location", "ETag", "X-Request-ID"),
    },
    summary="Sign a checkpoint of the log now (admin)",
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


# ------------------------------------------------------------------------- worker


class CheckpointWorker:
    """Beside the API: makes sure the signing key file exists when the server starts,
    then signs a checkpoint every ``LEDGER_CHECKPOINT_EVERY`` events or
    ``LEDGER_CHECKPOINT_SECONDS`` seconds (the key is recorded in the log with the
    first checkpoint, so starting the server appends nothing)."""

    def __init__(self, api: FastAPI) -> None:
        self.api = api
        self._checkpointer: Checkpointer | None = None

    def start(self) -> None:
        ledger = self.api.state.ledger
        load_or_create_signing_key(ledger.settings.key_file)
        audit = getattr(self.api.state, "audit", None)
        if audit is None or audit.app is not ledger:
            audit = AuditService(ledger)
            self.api.state.audit = audit
        self._checkpointer = audit.checkpointer()
        self._checkpointer.start()

    def stop(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.stop()
            self._checkpointer = None


def install_checkpointer(api: FastAPI) -> FastAPI:
    """Run the checkpoint worker beside this app (``serve`` does this)."""
    api.state.workers.append(CheckpointWorker(api))
    return api
