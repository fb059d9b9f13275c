"""Follow-up events: one request body per event type, a union discriminated by ``type``."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from ledger.api.schemas.common import Evidence, Name, Percent, RequestBody, Text, Version
from ledger.api.schemas.directives import HISTORY_EVENT_EXAMPLE, HistoryEvent, Status
from ledger.api.schemas.strict import IsoDate
from ledger.domain import commands as c


class _FollowUp(RequestBody):
    effective_on: IsoDate | None = None


class Accepted(_FollowUp):
    type: Literal["accepted"]
    note: Text | None = None


class ProgressReported(_FollowUp):
    type: Literal["progress_reported"]
    percent: Percent
    narrative: Text
    evidence: list[Evidence] = Field(default_factory=list, max_length=50)


class ExtensionRequested(_FollowUp):
    type: Literal["extension_requested"]
    requested_deadline: IsoDate
    reason: Text


class ExtensionGranted(_FollowUp):
    type: Literal["extension_granted"]
    new_deadline: IsoDate
    reason: Text | None = None


class ExtensionRefused(_FollowUp):
    type: Literal["extension_refused"]
    reason: Text


class Reassigned(_FollowUp):
    type: Literal["reassigned"]
    lead_unit: Name
    coordinating_units: list[Name] = Field(default_factory=list, max_length=100)
    reason: Text


class CompletionReported(_FollowUp):
    type: Literal["completion_reported"]
    narrative: Text
    evidence: Annotated[list[Evidence], Field(min_length=1, max_length=50)]


class CompletionVerified(_FollowUp):
    type: Literal["completion_verified"]
    note: Text | None = None


class CompletionRejected(_FollowUp):
    type: Literal["completion_rejected"]
    reason: Text


class Withdrawn(_FollowUp):
    type: Literal["withdrawn"]
    reason: Text


class Annotation(_FollowUp):
    type: Literal["annotated"]
    refers_to_version: Version
    text: Text


FollowUpIn = Annotated[
    Accepted
    | ProgressReported
    | ExtensionRequested
    | ExtensionGranted
    | ExtensionRefused
    | Reassigned
    | CompletionReported
    | CompletionVerified
    | CompletionRejected
    | Withdrawn
    | Annotation,
    Field(discriminator="type"),
]

EVENT_TYPES: tuple[str, ...] = tuple(c.COMMAND_OF_EVENT_TYPE)


def to_command(body: BaseModel) -> c.FollowUp:
    """The domain command a request body asks for."""
    fields: dict[str, Any] = body.model_dump(exclude={"type"})
    event_type: str = getattr(body, "type")  # noqa: B009 - every member has one
    command_class = c.COMMAND_OF_EVENT_TYPE[event_type]
    return command_class(**fields)


class FollowUpWritten(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "cda3ac48-3417-5317-81fb-bdbebae0df75",
                    "version": 2,
                    "status": "accepted",
                    "position": 17,
                    "event": HISTORY_EVENT_EXAMPLE,
                }
            ]
        }
    )

    id: UUID
    version: int
    status: Status
    position: int
    event: HistoryEvent


_TODAY_EXAMPLE = "2022-03-15"
FOLLOW_UP_EXAMPLES: dict[str, dict[str, Any]] = {
    "accepted": {
        "summary": "Đơn vị chủ trì tiếp thu",
        "value": {
            "type": "accepted",
            "note": "Hứa tiếp thu, thực hiện đầy đủ ý kiến chỉ đạo",
            "effective_on": "2021-12-10",
        },
    },
    "progress_reported": {
        "summary": "Báo cáo tiến độ, kèm văn bản",
        "value": {
            "type": "progress_reported",
            "percent": 40,
            "narrative": "Đã ban hành kế hoạch thực hiện Kết luận 01-KL/TW",
            "evidence": [
                {
                    "title": "Kế hoạch thực hiện Kết luận 01-KL/TW",
                    "reference": "12-KH/TU",
                    "issued_on": "2022-01-20",
                }
            ],
            "effective_on": _TODAY_EXAMPLE,
        },
    },
    "extension_requested": {
        "summary": "Xin gia hạn",
        "value": {
            "type": "extension_requested",
            "requested_deadline": "2022-06-30",
            "reason": "Chờ ý kiến thẩm định của các sở, ngành",
        },
    },
    "extension_granted": {
        "summary": "Đồng ý gia hạn",
        "value": {
            "type": "extension_granted",
            "new_deadline": "2022-06-30",
            "reason": "Lý do chính đáng",
        },
    },
    "extension_refused": {
        "summary": "Không đồng ý gia hạn",
        "value": {"type": "extension_refused", "reason": "Nhiệm vụ cấp bách, không gia hạn"},
    },
    "reassigned": {
        "summary": "Giao lại cho đơn vị khác",
        "value": {
            "type": "reassigned",
            "lead_unit": "Ủy ban nhân dân tỉnh Hải Dương",
            "coordinating_units": ["Sở Kế hoạch và Đầu tư"],
            "reason": "Thuộc thẩm quyền quản lý nhà nước",
        },
    },
    "completion_reported": {
        "summary": "Báo cáo hoàn thành",
        "value": {
            "type": "completion_reported",
            "narrative": "Đã hoàn thành, tổ chức Tết an toàn cho Nhân dân",
            "evidence": [
                {
                    "title": "Báo cáo kết quả chăm lo Tết Nhâm Dần 2022",
                    "reference": "210-BC/TU",
                    "issued_on": "2022-02-10",
                    "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                }
            ],
        },
    },
    "completion_verified": {
        "summary": "Xác nhận hoàn thành",
        "value": {"type": "completion_verified", "note": "Đạt yêu cầu"},
    },
    "completion_rejected": {
        "summary": "Không xác nhận hoàn thành",
        "value": {"type": "completion_rejected", "reason": "Thiếu văn bản chứng minh"},
    },
    "withdrawn": {
        "summary": "Thu hồi nhiệm vụ",
        "value": {"type": "withdrawn", "reason": "Nhiệm vụ đã được lồng ghép vào nhiệm vụ khác"},
    },
    "annotated": {
        "summary": "Ghi chú, đính chính",
        "value": {
            "type": "annotated",
            "refers_to_version": 1,
            "text": "Nguồn ghi “nhiệm kỳ 2021-2021”; đúng là nhiệm kỳ 2021-2026",
        },
    },
}
