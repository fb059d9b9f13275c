"""Directives: their issuance, their state, and their history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from ledger.api.schemas.common import Name, SourceIn, SourceOut, Text, Title

Status = Literal[
    "issued", "accepted", "in_progress", "completion_reported", "completed", "withdrawn"
]

DIRECTIVE_EXAMPLE: dict[str, Any] = {
    "title": "Chuẩn bị chu đáo Tết Nhâm Dần 2022 cho Nhân dân",
    "text": "Chăm lo Tết Nhâm Dần 2022 cho Nhân dân an toàn, tiết kiệm, "
    "gắn với phòng, chống dịch COVID-19.",
    "issuer": "Võ Văn Thưởng",
    "lead_unit": "Ban Thường vụ Tỉnh ủy Hải Dương",
    "coordinating_units": ["Ủy ban nhân dân tỉnh Hải Dương"],
    "deadline": "2022-01-31",
    "effective_on": "2021-12-10",
    "code": "TW-09",
    "source": {"document": "000_169b2d5c98d96444.txt", "paragraph": 40},
}


class DirectiveIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [DIRECTIVE_EXAMPLE]})

    title: Title
    text: Text
    issuer: Name
    lead_unit: Name
    coordinating_units: Annotated[list[Name], Field(max_length=100)] = []
    deadline: date | None = None
    effective_on: date | None = None
    meeting_id: UUID | None = None
    parent_id: UUID | None = None
    code: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    source: SourceIn | None = None


class DirectiveOut(BaseModel):
    id: UUID
    code: str | None
    title: str
    text: str
    issuer: str
    lead_unit: str
    coordinating_units: list[str]
    deadline: date | None
    status: Status
    percent: int
    extensions: int
    meeting_id: UUID | None
    parent_id: UUID | None
    issued_on: date
    source: SourceOut | None
    version: int


class DirectiveWritten(DirectiveOut):
    position: int


class ActorOut(BaseModel):
    id: str
    role: str
    unit: str | None = None


class HistoryEvent(BaseModel):
    version: int
    position: int | None
    type: str
    effective_on: date | None
    recorded_at: datetime
    actor: ActorOut | None
    data: dict[str, Any]
    leaf_hash: str | None


class History(BaseModel):
    id: UUID
    events: list[HistoryEvent]
