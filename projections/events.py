"""The events the views read: notifications of the log, decoded once per batch.

The views need a few fields of each event, so the stored state (JSON) is decoded with
orjson rather than rebuilt into domain objects: decoding is most of a rebuild's cost.
A configured cipher or compressor is undone first, as the application's mapper would.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import orjson
from eventsourcing.persistence import Mapper, Notification

from ledger.integrity.entry import type_name

DIRECTIVE_TOPIC_PREFIX = "ledger.domain.directive:"
MEETING_TOPIC_PREFIX = "ledger.domain.meeting:"
# A directive event defined beside the units (ledger/domain/succession.py).
SUCCESSION_TOPIC_PREFIX = "ledger.domain.succession:"


class ViewEvent:
    """One event of the log as the views see it (a plain slotted class: a rebuild makes
    a million of them, and a frozen dataclass is several times slower to build)."""

    __slots__ = (
        "actor_id",
        "actor_role",
        "actor_unit",
        "aggregate_id",
        "data",
        "effective_on",
        "kind",
        "position",
        "recorded_at",
        "type",
        "version",
    )

    def __init__(
        self,
        position: int,
        aggregate_id: str,
        version: int,
        kind: str,
        type_: str,
        data: dict[str, Any],
    ) -> None:
        self.position = position
        self.aggregate_id = aggregate_id
        self.version = version
        self.kind = kind  # "directive", "meeting" or "other" (principals, keys...)
        self.type = type_  # the wire name: "issued", "progress_reported"...
        self.data = data
        effective_on = data.get("effective_on")
        self.effective_on: str = "" if effective_on is None else str(effective_on)
        # The recorded time, as eventsourcing transcodes it ({"_type_", "_data_"}):
        # unwrapped here inline, a rebuild does it a million times.
        timestamp = data.get("timestamp")
        if type(timestamp) is dict and "_data_" in timestamp:
            timestamp = timestamp["_data_"]
        self.recorded_at = str(timestamp)
        meta = data.get("meta")
        actor = meta.get("actor") if isinstance(meta, dict) else None
        if isinstance(actor, dict):
            self.actor_id: str | None = actor.get("id")
            self.actor_role: str | None = actor.get("role")
            self.actor_unit: str | None = actor.get("unit")
        else:
            self.actor_id = self.actor_role = self.actor_unit = None

    @property
    def actor(self) -> dict[str, Any] | None:
        if self.actor_id is None and self.actor_role is None:
            return None
        return {"id": self.actor_id, "role": self.actor_role, "unit": self.actor_unit}


@cache
def kind_and_type(topic: str) -> tuple[str, str]:
    if topic.startswith((DIRECTIVE_TOPIC_PREFIX, SUCCESSION_TOPIC_PREFIX)):
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
            notification.id,
            str(notification.originator_id),
            notification.originator_version,
            kind,
            type_,
            self.state_of(notification),
        )

    def decode_all(self, notifications: Sequence[Notification]) -> list[ViewEvent]:
        if self.cipher is not None or self.compressor is not None:
            return [self.decode(n) for n in notifications]
        # The common case, inlined: this loop is a good part of a rebuild.
        loads = orjson.loads
        return [
            ViewEvent(
                n.id,
                str(n.originator_id),
                n.originator_version,
                *kind_and_type(n.topic),
                loads(n.state),
            )
            for n in notifications
        ]
