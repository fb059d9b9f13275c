"""The events the views read: notifications of the log, decoded once per batch.

The views need a few fields of each event, so the stored state (JSON) is decoded with
orjson rather than rebuilt into domain objects: decoding is most of a rebuild's cost.
A configured cipher or compressor is undone first, as the application's mapper would.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import orjson
from eventsourcing.persistence import Mapper, Notification

from ledger.integrity.entry import decoded_value, type_name

DIRECTIVE_TOPIC_PREFIX = "ledger.domain.directive:"
MEETING_TOPIC_PREFIX = "ledger.domain.meeting:"


@dataclass(frozen=True, slots=True)
class ViewEvent:
    """One event of the log as the views see it."""

    position: int
    aggregate_id: str
    version: int
    kind: str  # "directive", "meeting" or "other" (principals, keys...)
    type: str  # the wire name: "issued", "progress_reported", "meeting_recorded"...
    data: dict[str, Any]

    @property
    def effective_on(self) -> str:
        value = self.data.get("effective_on")
        return str(value) if value is not None else ""

    @property
    def recorded_at(self) -> str:
        return str(decoded_value(self.data.get("timestamp")))

    @property
    def actor(self) -> dict[str, Any] | None:
        meta = self.data.get("meta") or {}
        actor = meta.get("actor")
        return dict(actor) if isinstance(actor, dict) else None


@cache
def kind_and_type(topic: str) -> tuple[str, str]:
    if topic.startswith(DIRECTIVE_TOPIC_PREFIX):
        kind = "directive"
    elif topic.startswith(MEETING_TOPIC_PREFIX):
        kind = "meeting"
    else:
        kind = "other"
    return kind, type_name(topic)


class Decoder:
    """Turns notifications into ``ViewEvent`` objects."""

    def __init__(self, mapper: Mapper[Any] | None = None) -> None:
        self.cipher = getattr(mapper, "cipher", None)
        self.compressor = getattr(mapper, "compressor", None)

    def state_of(self, notification: Notification) -> dict[str, Any]:
        state = notification.state
        if self.cipher is not None:
            state = self.cipher.decrypt(state)
        if self.compressor is not None:
            state = self.compressor.decompress(state)
        data: dict[str, Any] = orjson.loads(state)
        return data

    def decode(self, notification: Notification) -> ViewEvent:
        kind, type_ = kind_and_type(notification.topic)
        return ViewEvent(
            position=notification.id,
            aggregate_id=str(notification.originator_id),
            version=notification.originator_version,
            kind=kind,
            type=type_,
            data=self.state_of(notification),
        )

    def decode_all(self, notifications: Sequence[Notification]) -> list[ViewEvent]:
        return [self.decode(n) for n in notifications]
