"""``/v1/subscriptions``: CloudEvents webhook subscriptions (admin). The answer to the POST
is the only one that carries the secret (Standard Webhooks ``whsec_``); the delivery
runner (``serve``, or ``directive-ledger deliver --follow``) posts the events."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from ledger.api.deps import LedgerDep, require_roles
from ledger.api.openapi import problems, success
from ledger.api.schemas.follow_up import (
    DeadLetters,
    ReplayQueued,
    Subscription,
    SubscriptionCreated,
    Subscriptions,
)
from ledger.application.subscriptions import (
    MAX_SINK_LENGTH,
    SINK_PATTERN,
    TYPE_PATTERN,
    SubscriptionService,
)
from ledger.domain.values import Actor, Role

router = APIRouter(tags=["subscriptions"])
AdminDep = Annotated[Actor, Depends(require_roles(Role.ADMIN))]
SubscriptionId = Annotated[
    str,
    Path(
        pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
        description="The subscription's id (a UUID).",
    ),
]


class NewSubscription(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    sink: str = Field(
        min_length=1,
        max_length=MAX_SINK_LENGTH,
        description="The http(s) URL to post to: a host name or IPv4 address, an optional "
        "port, no user name or password, then printable ASCII.",
        json_schema_extra={"pattern": SINK_PATTERN},
    )
    types: list[Annotated[str, Field(json_schema_extra={"pattern": TYPE_PATTERN})]] = Field(
        default_factory=list,
        max_length=64,
        description="Event types (`reminded`, `ledger.progress_reported`); empty: all.",
    )
    unit: str | None = Field(
        default=None, min_length=1, max_length=300, description="Only this lead unit's."
    )
    after: int | None = Field(
        default=None, ge=0, description="Deliver from the event after this position "
        "(default: the log's head now).",
    )  # fmt: skip


def service_of(ledger: Any) -> SubscriptionService:
    service: SubscriptionService | None = getattr(ledger, "_subscriptions", None)
    if service is None:
        service = SubscriptionService(ledger)
        ledger._subscriptions = service
    return service


@router.post(
    "/v1/subscriptions",
    status_code=201,
    response_model=SubscriptionCreated,
    responses={**success(201, "Location", "ETag"), **problems(401, 403, 413, 422)},
    summary="Subscribe a webhook sink (the secret is shown in this answer only)",
)
async def create_subscription(
    body: NewSubscription, ledger: LedgerDep, actor: AdminDep, response: Response
) -> dict[str, Any]:
    service = service_of(ledger)
    created = await run_in_threadpool(
        lambda: service.create(
            actor, sink=body.sink, types=body.types, unit=body.unit, after=body.after
        )
    )
    response.headers["Location"] = f"/v1/subscriptions/{created['id']}"
    response.headers["ETag"] = '"1"'  # a subscription is never edited: one version
    return created


@router.get(
    "/v1/subscriptions",
    response_model=Subscriptions,
    responses=problems(401, 403),
    summary="Every subscription",
)
def list_subscriptions(ledger: LedgerDep, actor: AdminDep) -> dict[str, Any]:
    return {"subscriptions": service_of(ledger).all()}


@router.get(
    "/v1/subscriptions/{subscription_id}",
    response_model=Subscription,
    responses=problems(401, 403, 404, 422),
    summary="One subscription, its delivery position and state",
)
def get_subscription(
    subscription_id: SubscriptionId, ledger: LedgerDep, actor: AdminDep
) -> dict[str, Any]:
    return service_of(ledger).get(subscription_id)


@router.delete(
    "/v1/subscriptions/{subscription_id}",
    response_model=Subscription,
    responses=problems(401, 403, 404, 422),
    summary="Remove a subscription (its position and dead letters too); the last state",
)
def delete_subscription(
    subscription_id: SubscriptionId, ledger: LedgerDep, actor: AdminDep
) -> dict[str, Any]:
    return service_of(ledger).delete(subscription_id)


@router.get(
    "/v1/subscriptions/{subscription_id}/dead-letters",
    response_model=DeadLetters,
    responses=problems(401, 403, 404, 422),
    summary="Deliveries parked after failing too long",
)
def dead_letters(
    subscription_id: SubscriptionId, ledger: LedgerDep, actor: AdminDep
) -> dict[str, Any]:
    return {"dead_letters": service_of(ledger).dead_letters(subscription_id)}


@router.post(
    "/v1/subscriptions/{subscription_id}/dead-letters/replay",
    status_code=202,
    response_model=ReplayQueued,
    responses=problems(401, 403, 404, 413, 422),
    summary="Queue every parked delivery for one more attempt",
)
def replay_dead_letters(
    subscription_id: SubscriptionId, ledger: LedgerDep, actor: AdminDep
) -> dict[str, Any]:
    return {"queued": service_of(ledger).replay(subscription_id)}
