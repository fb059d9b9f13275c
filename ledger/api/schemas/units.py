"""Units (Party and State bodies) and their successions; document references."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from ledger.api.schemas.common import Name, RequestBody
from ledger.api.schemas.documents import BASIS_EXAMPLE, DocumentIn, DocumentOut
from ledger.api.schemas.strict import IsoDate, UuidText

Email = Annotated[str, Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]

UNIT_EXAMPLE: dict[str, Any] = {
    "name": "Ban Thường vụ Thành ủy Hải Phòng",
    "kind": "party",
    "valid_from": "2025-07-01",
    "contact": "vanphong@thanhuy.haiphong.example",
}


class UnitIn(RequestBody):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [UNIT_EXAMPLE]})

    name: Name
    kind: Literal["party", "state"]
    parent_id: UuidText | None = None
    valid_from: IsoDate | None = None
    valid_to: Annotated[
        IsoDate | None, Field(description="The unit's last day: on or after `valid_from`.")
    ] = None
    contact: Email | None = None


class SuccessionOut(BaseModel):
    predecessors: list[dict[str, str]]
    basis: DocumentOut
    effective_on: date


UNIT_OUT_EXAMPLE: dict[str, Any] = {
    **UNIT_EXAMPLE,
    "id": "5b1d0c2e-8f4a-5d6e-9a7b-1c2d3e4f5a60",
    "parent_id": None,
    "valid_to": None,
    "predecessor_ids": [],
    "successor_id": None,
    "superseded_on": None,
    "succession": None,
    "version": 1,
}


class UnitOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [UNIT_OUT_EXAMPLE]})

    id: UUID
    name: str
    kind: Literal["party", "state"]
    parent_id: UUID | None
    valid_from: date | None
    valid_to: date | None
    contact: str | None
    predecessor_ids: list[UUID]
    successor_id: UUID | None
    superseded_on: date | None
    succession: SuccessionOut | None
    version: int


class UnitWritten(UnitOut):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{**UNIT_OUT_EXAMPLE, "position": 40}]}
    )

    position: int


class UnitList(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"units": [UNIT_OUT_EXAMPLE]}]})

    units: list[UnitOut]


class SuccessionIn(RequestBody):
    """The body of ``POST /v1/units/{id}/succession``: the unit ``{id}`` took over the
    work of ``predecessors`` from ``effective_on`` (its first day) on ``basis``."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "predecessors": ["0b6c3f1e-2a4d-5e6f-8a9b-0c1d2e3f4a5b"],
                    "effective_on": "2025-07-01",
                    "basis": BASIS_EXAMPLE,
                }
            ]
        },
    )

    predecessors: list[UuidText] = Field(min_length=1, max_length=50)
    effective_on: IsoDate
    basis: DocumentIn


SUCCESSOR_EXAMPLE: dict[str, Any] = {
    **UNIT_OUT_EXAMPLE,
    "predecessor_ids": ["0b6c3f1e-2a4d-5e6f-8a9b-0c1d2e3f4a5b"],
    "succession": {
        "predecessors": [
            {
                "id": "0b6c3f1e-2a4d-5e6f-8a9b-0c1d2e3f4a5b",
                "name": "Ban Thường vụ Tỉnh ủy Hải Dương",
            }
        ],
        "basis": BASIS_EXAMPLE,
        "effective_on": "2025-07-01",
    },
    "version": 2,
}


class SuccessionWritten(BaseModel):
    """The successor's id and new version (its ``ETag``), the successor, and the ids of
    the directives handed over to it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": SUCCESSOR_EXAMPLE["id"],
                    "version": 2,
                    "successor": SUCCESSOR_EXAMPLE,
                    "handed_over": ["cda3ac48-3417-5317-81fb-bdbebae0df75"],
                    "position": 61,
                }
            ]
        }
    )

    id: UUID
    version: int
    successor: UnitOut
    handed_over: list[UUID]
    position: int
