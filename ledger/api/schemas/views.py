"""Shapes of the views (``/v1/views/...``) and of the directive list (``GET /v1/directives``).

Every field of a view's rows is declared here: the rows are returned exactly as the
view made them, since ``digest`` is computed over them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Grid = Literal[
    "completed_on_time",
    "completed_late",
    "open_within_deadline",
    "open_overdue",
    "no_deadline",
    "withdrawn",
]
Bucket = Literal["1-30", "31-60", "61-120", ">120"]
Status = Literal[
    "issued", "accepted", "in_progress", "completion_reported", "completed", "withdrawn"
]
DIGEST_DESCRIPTION = "`sha256:` and the hex SHA-256 of the RFC 8785 canonical JSON of `rows`."
POSITION_DESCRIPTION = "The log position the view reflects: every event up to it, none after."
RATE_DESCRIPTION = (
    "Completed on time / completed (on time + late), as a decimal string with three places "
    '("0.667"); null when nothing is completed.'
)


MEETING_ID = "82c33f8c-c69b-5733-a167-92ccd4c34546"
DIRECTIVE_ID = "d899bc77-1d56-5d1f-9c58-484b810af960"
LEAD_UNIT = "Ban Thường vụ Tỉnh ủy Hải Dương"
DIGEST = "sha256:" + "3f" * 32
STATUS_ROW: dict[str, Any] = {
    "id": DIRECTIVE_ID,
    "code": "TW-05",
    "title": "Thực hiện hiệu quả mục tiêu kép trong bối cảnh thích ứng linh hoạt với dịch COVID-19",
    "lead_unit": LEAD_UNIT,
    "meeting_id": MEETING_ID,
    "parent_id": None,
    "status": "in_progress",
    "percent": 60,
    "issued_on": "2021-12-10",
    "deadline": "2022-06-30",
    "extensions": 1,
    "completed_on": None,
    "withdrawn_on": None,
    "grid": "open_overdue",
    "days_overdue": 14,
    "version": 6,
    "position": 57,
}
GRID_COUNTS: dict[str, Any] = {
    "directives": 13,
    "completed_on_time": 2,
    "completed_late": 1,
    "open_within_deadline": 6,
    "open_overdue": 1,
    "no_deadline": 3,
    "withdrawn": 0,
    "on_time_rate": "0.667",
}
OVERDUE_ROW = {
    **{k: STATUS_ROW[k] for k in ("id", "code", "title", "lead_unit", "meeting_id", "status")},
    **{k: STATUS_ROW[k] for k in ("percent", "deadline", "extensions", "days_overdue")},
    "bucket": "1-30",
}
MEETING_ROW = {
    "id": MEETING_ID,
    "title": "Buổi làm việc của Thường trực Ban Bí thư với Ban Thường vụ Tỉnh ủy Hải Dương",
    "held_on": "2021-12-10",
    "place": "Hải Dương",
    "chair": "Võ Văn Thưởng",
    "host_body": LEAD_UNIT,
    "participants": ["Phạm Xuân Thăng", "Triệu Thế Hùng"],
    "source": {"document": "000_169b2d5c98d96444.txt", "paragraph": 1},
    "directive_ids": [DIRECTIVE_ID],
    **GRID_COUNTS,
}
ACTIVITY_ROW = {
    "position": 57,
    "aggregate_id": DIRECTIVE_ID,
    "kind": "directive",
    "version": 6,
    "type": "progress_reported",
    "effective_on": "2022-07-14",
    "recorded_at": "2022-07-15T02:13:09.412035+00:00",
    "actor": {"id": "3c0d6f0e-5d7a-5b8e-9d61-0f3f1c9a2b11", "role": "unit", "unit": LEAD_UNIT},
    "title": STATUS_ROW["title"],
}


OVERDUE_COUNTS: dict[str, Any] = {"overdue": 1, "1-30": 1, "31-60": 0, "61-120": 0, ">120": 0}
WHOLE_VIEW = " Of the whole view on that date (every page, with the filters), not of this page."
NEXT_CURSOR_DESCRIPTION = "Pass as `cursor` for the next page; null on the last page."


def _view_example(row: dict[str, Any], **paging: Any) -> ConfigDict:
    return ConfigDict(
        json_schema_extra={
            "examples": [{"position": 57, "digest": DIGEST, "rows": [row], **paging}]
        }
    )


class StatusRow(BaseModel):
    id: str
    code: str | None
    title: str
    lead_unit: str
    meeting_id: str | None
    parent_id: str | None
    status: Status
    percent: int
    issued_on: str
    deadline: str | None = Field(description="The deadline in force (after extensions).")
    extensions: int
    completed_on: str | None = Field(
        description="Effective date of the completion report that was verified."
    )
    withdrawn_on: str | None
    grid: Grid
    days_overdue: int = Field(
        description="Open overdue: days past the deadline on the date asked about; "
        "completed late: days between the deadline and the completion; else 0."
    )
    version: int = Field(description="The directive's version on the date asked about.")
    position: int = Field(description="Log position of its last event counted.")


class OverdueRow(BaseModel):
    id: str
    code: str | None
    title: str
    lead_unit: str
    meeting_id: str | None
    status: Status
    percent: int
    deadline: str | None
    extensions: int
    days_overdue: int
    bucket: Bucket


class GridCounts(BaseModel):
    directives: int
    completed_on_time: int
    completed_late: int
    open_within_deadline: int
    open_overdue: int
    no_deadline: int
    withdrawn: int
    on_time_rate: str | None = Field(description=RATE_DESCRIPTION)


class UnitRow(GridCounts):
    lead_unit: str


class SourceRow(BaseModel):
    document: str
    paragraph: int | None = None


class MeetingRow(GridCounts):
    id: str
    title: str
    held_on: str
    place: str | None
    chair: str
    host_body: str
    participants: list[str]
    source: SourceRow | None
    directive_ids: list[str]


class ActorRow(BaseModel):
    id: str | None
    role: str | None
    unit: str | None


class ActivityRow(BaseModel):
    position: int
    aggregate_id: str
    kind: Literal["directive", "meeting"]
    version: int
    type: str
    effective_on: str
    recorded_at: str
    actor: ActorRow | None
    title: str = Field(description="The title of the directive or meeting.")


class View(BaseModel):
    position: int = Field(description=POSITION_DESCRIPTION)
    digest: str = Field(description=DIGEST_DESCRIPTION, pattern=r"^sha256:[0-9a-f]{64}$")


class OverdueCounts(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    overdue: int
    days_1_30: int = Field(alias="1-30")
    days_31_60: int = Field(alias="31-60")
    days_61_120: int = Field(alias="61-120")
    over_120: int = Field(alias=">120")


class PagedView(View):
    digest: str | None = Field(  # type: ignore[assignment]
        description=DIGEST_DESCRIPTION.replace("`rows`", "the rows of every page")
        + WHOLE_VIEW
        + " Null when asked with `digest=false`.",
        pattern=r"^sha256:[0-9a-f]{64}$",
    )
    next_cursor: str | None = Field(description=NEXT_CURSOR_DESCRIPTION)


class StatusBoardView(PagedView):
    model_config = _view_example(STATUS_ROW, counts=GRID_COUNTS, next_cursor="58")

    counts: GridCounts = Field(description="Directives per cell of the grid." + WHOLE_VIEW)
    rows: list[StatusRow]


class OverdueView(PagedView):
    model_config = _view_example(OVERDUE_ROW, counts=OVERDUE_COUNTS, next_cursor=None)

    counts: OverdueCounts = Field(
        description="Overdue directives in all and per ageing bucket." + WHOLE_VIEW
    )
    rows: list[OverdueRow]


class UnitsView(View):
    model_config = _view_example({"lead_unit": LEAD_UNIT, **GRID_COUNTS})

    rows: list[UnitRow]


class MeetingView(View):
    model_config = _view_example(MEETING_ROW)

    rows: list[MeetingRow]


class ActivityView(View):
    model_config = _view_example(ACTIVITY_ROW, next_cursor="57")

    digest: str = Field(
        description=DIGEST_DESCRIPTION + " The feed only grows, so a page never changes: "
        "its digest is that of its rows (the whole feed's is `directive-ledger rebuild`'s).",
        pattern=r"^sha256:[0-9a-f]{64}$",
    )
    rows: list[ActivityRow]
    next_cursor: str | None = Field(description=NEXT_CURSOR_DESCRIPTION)


class DirectivePage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"position": 57, "rows": [STATUS_ROW], "next_cursor": "26"}]
        }
    )

    position: int = Field(description=POSITION_DESCRIPTION)
    rows: list[StatusRow]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )
