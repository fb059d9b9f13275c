"""Response models of the follow-up routes (due soon, subscriptions), with the examples
the OpenAPI shows."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from ledger.api.schemas.views import View

SUB_ID = "6f1c1b8e-3a59-4a8e-9a53-2f6f8f0d9a11"
DUE_ROW: JsonDict = {
    "id": "cda3ac48-3417-5317-81fb-bdbebae0df75",
    "code": "TW-01",
    "title": "Tổ chức quán triệt Nghị quyết",
    "lead_unit": "Ban Thường vụ Tỉnh ủy Hải Dương",
    "status": "in_progress",
    "percent": 60,
    "deadline": "2022-03-31",
    "days_left": 3,
    "extensions": 0,
}
SUBSCRIPTION: JsonDict = {
    "id": SUB_ID,
    "sink": "https://eoffice.example.gov.vn/hooks/ledger",
    "types": ["reminded"],
    "unit": None,
    "state": "active",
    "ended_reason": None,
    "created_at": "2026-12-01T09:00:00Z",
    "position": 42,
    "delivered": 0,
    "attempts": 0,
    "last_error": None,
}


class DueSoonRow(BaseModel):
    id: str
    code: str | None
    title: str
    lead_unit: str
    status: str
    percent: int
    deadline: str
    days_left: int = Field(description="Days from `on` to the deadline in force (0 = that day).")
    extensions: int


class DueSoonView(View):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"position": 42, "digest": "sha256:" + "0" * 64, "rows": [DUE_ROW]}]
        }
    )

    rows: list[DueSoonRow]


class Subscription(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [SUBSCRIPTION]})

    id: str
    sink: str
    types: list[str] = Field(description="Wire names of the event types; empty: all.")
    unit: str | None
    state: str = Field(description="`active`, or `ended` (a 410 from the sink).")
    ended_reason: str | None
    created_at: str
    position: int = Field(description="The last log position delivered (or skipped).")
    delivered: int
    attempts: int = Field(description="Failed attempts of the delivery in progress.")
    last_error: str | None


class SubscriptionCreated(Subscription):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{**SUBSCRIPTION, "secret": "whsec_" + "A" * 43 + "="}]}
    )

    secret: str = Field(description="Standard Webhooks `whsec_...`: shown in this answer only.")


class Subscriptions(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"subscriptions": [SUBSCRIPTION]}]})

    subscriptions: list[Subscription]


class DeadLetter(BaseModel):
    position: int
    parked_at: str
    attempts: int
    last_error: str | None
    state: str = Field(description="`parked`, or `replay` (queued for one more attempt).")


class DeadLetters(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "dead_letters": [
                        {
                            "position": 43,
                            "parked_at": "2026-12-02T09:00:00Z",
                            "attempts": 17,
                            "last_error": "HTTP 503",
                            "state": "parked",
                        }
                    ]
                }
            ]
        }
    )

    dead_letters: list[DeadLetter]


class ReplayQueued(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"queued": 1}]})

    queued: int = Field(description="Parked deliveries queued for one more attempt.")
