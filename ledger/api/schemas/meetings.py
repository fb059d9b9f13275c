"""Meetings: the working session at which directives are issued."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from ledger.api.schemas.common import Name, RequestBody, SourceIn, SourceOut, Title
from ledger.api.schemas.strict import IsoDate

MEETING_EXAMPLE: dict[str, Any] = {
    "title": "Buổi làm việc của Thường trực Ban Bí thư với Ban Thường vụ Tỉnh ủy Hải Dương",
    "held_on": "2021-12-10",
    "place": "Hải Dương",
    "chair": "Võ Văn Thưởng",
    "host_body": "Ban Thường vụ Tỉnh ủy Hải Dương",
    "participants": ["Phạm Xuân Thăng", "Triệu Thế Hùng", "Nguyễn Quang Phúc"],
    "source": {"document": "000_169b2d5c98d96444.txt", "paragraph": 1},
}


class MeetingIn(RequestBody):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [MEETING_EXAMPLE]})

    title: Title
    held_on: IsoDate
    place: Name | None = None
    chair: Name
    host_body: Name
    participants: list[Name] = Field(default_factory=list, max_length=200)
    source: SourceIn | None = None


MEETING_OUT_EXAMPLE: dict[str, Any] = {
    **MEETING_EXAMPLE,
    "id": "82c33f8c-c69b-5733-a167-92ccd4c34546",
    "directive_ids": ["cda3ac48-3417-5317-81fb-bdbebae0df75"],
    "version": 2,
}


class MeetingOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [MEETING_OUT_EXAMPLE]})

    id: UUID
    title: str
    held_on: date
    place: str | None
    chair: str
    host_body: str
    participants: list[str]
    source: SourceOut | None
    directive_ids: list[UUID]
    version: int


class MeetingWritten(MeetingOut):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{**MEETING_OUT_EXAMPLE, "directive_ids": [], "version": 1, "position": 1}]
        }
    )

    position: int
