"""Directives: their issuance, their state, and their history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from ledger.api.schemas.common import NO_NUL, Name, RequestBody, SourceIn, SourceOut, Text, Title
from ledger.api.schemas.strict import IsoDate, UuidText

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


class DirectiveIn(RequestBody):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [DIRECTIVE_EXAMPLE]})

    title: Title
    text: Text
    issuer: Name
    lead_unit: Name
    coordinating_units: list[Name] = Field(default_factory=list, max_length=100)
    deadline: IsoDate | None = None
    effective_on: IsoDate | None = None
    meeting_id: UuidText | None = None
    parent_id: UuidText | None = None
    code: Annotated[str, Field(min_length=1, max_length=64, pattern=NO_NUL)] | None = None
    source: SourceIn | None = None


_ID = "cda3ac48-3417-5317-81fb-bdbebae0df75"
_MEETING_ID = "82c33f8c-c69b-5733-a167-92ccd4c34546"
DIRECTIVE_OUT_EXAMPLE: dict[str, Any] = {
    "id": _ID,
    "code": "TW-09",
    "title": "Chuẩn bị chu đáo Tết Nhâm Dần 2022 cho Nhân dân",
    "text": "Chăm lo Tết Nhâm Dần 2022 cho Nhân dân an toàn, tiết kiệm.",
    "issuer": "Võ Văn Thưởng",
    "lead_unit": "Ban Thường vụ Tỉnh ủy Hải Dương",
    "coordinating_units": ["Ủy ban nhân dân tỉnh Hải Dương"],
    "deadline": "2022-01-31",
    "status": "in_progress",
    "percent": 40,
    "extensions": 0,
    "meeting_id": _MEETING_ID,
    "parent_id": None,
    "issued_on": "2021-12-10",
    "source": {"document": "000_169b2d5c98d96444.txt", "paragraph": 40},
    "version": 3,
}
HISTORY_EVENT_EXAMPLE: dict[str, Any] = {
    "version": 2,
    "position": 17,
    "type": "accepted",
    "effective_on": "2021-12-10",
    "recorded_at": "2021-12-11T02:15:07.120000Z",
    "actor": {
        "id": "2ad03b02-4f26-5b97-b5d1-6f0e3c1a9b77",
        "role": "unit",
        "unit": "Ban Thường vụ Tỉnh ủy Hải Dương",
    },
    "data": {
        "note": "Hứa tiếp thu, thực hiện đầy đủ ý kiến chỉ đạo",
        "meta": {
            "correlation_id": "7f1c2b9e-0d4a-4c55-9d8e-3b6f1a2c4d5e",
            "causation_id": None,
            "idempotency_key": None,
            "source": {"document": "000_169b2d5c98d96444.txt", "paragraph": 45},
        },
    },
    "leaf_hash": "b36ef0cd2039bd3d6ec038fd5ecd1c29bc3a9b0c26bceb39b1c206d24fea4c33",
}


class DirectiveOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [DIRECTIVE_OUT_EXAMPLE]})

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
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **DIRECTIVE_OUT_EXAMPLE,
                    "status": "issued",
                    "percent": 0,
                    "version": 1,
                    "position": 16,
                }
            ]
        }
    )

    position: int


class ActorOut(BaseModel):
    id: str
    role: str
    unit: str | None = None


class HistoryEvent(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [HISTORY_EVENT_EXAMPLE]})

    version: int
    position: int | None
    type: str
    effective_on: date | None
    recorded_at: datetime
    actor: ActorOut | None
    data: dict[str, Any]
    leaf_hash: str | None


class History(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"id": _ID, "events": [HISTORY_EVENT_EXAMPLE]}]}
    )

    id: UUID
    events: list[HistoryEvent]
