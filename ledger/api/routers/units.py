"""``/v1/units``: register the bodies that lead directives; record who succeeded whom."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from ledger.api.deps import ActorDep, CorrelationIdDep, LedgerDep
from ledger.api.openapi import READ, WRITE, problems, success
from ledger.api.routers.writes import etag, mark_written
from ledger.api.schemas.strict import UuidText
from ledger.api.schemas.units import (
    SuccessionIn,
    SuccessionWritten,
    UnitIn,
    UnitList,
    UnitOut,
    UnitWritten,
)
from ledger.domain.unit import UnitKind

router = APIRouter(prefix="/v1/units", tags=["units"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=UnitWritten,
    responses={**problems(*WRITE, 404), **success(201, "Location", "ETag", "X-Request-ID")},
    summary="Register a unit (đơn vị): a Party or State body",
)
def register_unit(
    body: UnitIn,
    response: Response,
    ledger: LedgerDep,
    actor: ActorDep,
    request_id: CorrelationIdDep,
) -> UnitWritten:
    ctx = ledger.context(actor, correlation_id=request_id)
    result = ledger.register_unit(
        ctx,
        name=body.name,
        kind=UnitKind(body.kind),
        parent_id=body.parent_id,
        valid_from=body.valid_from,
        valid_to=body.valid_to,
        contact=body.contact,
    )
    mark_written(response, f"/v1/units/{result.id}", result.version)
    return UnitWritten.model_validate({**result.state, "position": result.position})


@router.get(
    "",
    response_model=UnitList,
    responses={**problems(*READ), **success(200, "X-Request-ID")},
    summary="Every registered unit, in the order registered",
)
def list_units(ledger: LedgerDep, actor: ActorDep) -> UnitList:
    return UnitList(units=[UnitOut.model_validate(u.as_dict()) for u in ledger.units()])


@router.get(
    "/{unit_id}",
    response_model=UnitOut,
    responses={**problems(*READ), **success(200, "ETag", "X-Request-ID")},
    summary="A unit, its validity and its succession",
)
def get_unit(unit_id: UuidText, response: Response, ledger: LedgerDep, actor: ActorDep) -> UnitOut:
    unit = ledger.get_unit(unit_id)
    response.headers["ETag"] = etag(unit.version)
    return UnitOut.model_validate(unit.as_dict())


@router.post(
    "/{unit_id}/succession",
    status_code=status.HTTP_201_CREATED,
    response_model=SuccessionWritten,
    responses={**problems(*WRITE, 404), **success(201, "Location", "ETag", "X-Request-ID")},
    summary="Record that this unit succeeded others (admin); their open directives pass to it",
)
def record_succession(
    unit_id: UuidText,
    body: SuccessionIn,
    response: Response,
    ledger: LedgerDep,
    actor: ActorDep,
    request_id: CorrelationIdDep,
) -> SuccessionWritten:
    ctx = ledger.context(actor, correlation_id=request_id)
    result = ledger.record_succession(
        ctx,
        successor_id=unit_id,
        predecessor_ids=list(body.predecessors),
        effective_on=body.effective_on,
        basis=body.basis.model_dump(mode="json"),
    )
    mark_written(response, f"/v1/units/{unit_id}", result.successor.version)
    return SuccessionWritten(
        id=result.successor.id,
        version=result.successor.version,
        successor=UnitOut.model_validate(result.successor.as_dict()),
        handed_over=result.handed_over,
        position=result.position,
    )
