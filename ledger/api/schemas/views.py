"""Shapes of the views (``/v1/views/...``) and of the directive list (``GET /v1/directives``).

Every field of a view's rows is declared here: the rows are returned exactly as the
view made them, since ``digest`` is computed over them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

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


class StatusBoardView(View):
    rows: list[StatusRow]


class OverdueView(View):
    rows: list[OverdueRow]


class UnitsView(View):
    rows: list[UnitRow]


class MeetingView(View):
    rows: list[MeetingRow]


class ActivityView(View):
    rows: list[ActivityRow]


class DirectivePage(BaseModel):
    position: int = Field(description=POSITION_DESCRIPTION)
    rows: list[StatusRow]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )
