"""Webhook subscriptions: made, read and removed by an admin; each a row with its secret
and a delivery position (ledger/store/delivery_tables.py says why rows, not events)."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ledger.application.feed import wire_type
from ledger.domain import errors
from ledger.domain.values import Actor, unit_name
from ledger.integrity.webhook_signature import new_secret
from ledger.store.delivery_tables import (
    DEAD_LETTERS_TABLE,
    DELIVERIES_TABLE,
    SUBSCRIPTIONS_TABLE,
    DeliveryDatabase,
)

if TYPE_CHECKING:
    from ledger.application.core import LedgerApplication

# An event type as the API's schema states it (``ledger.`` is CloudEvents' prefix).
TYPE_PATTERN = r"^(?:ledger\.)?[a-z][a-z0-9_]{0,63}$"
TYPE_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")
MAX_TYPES = 64
MAX_SINK_LENGTH = 2048
# A sink as the API's schema states it: http(s), a host name or IPv4 address (no user
# name or password: a webhook URL is logged and shown), a port from 1 to 65535, then
# printable ASCII (an IRI's other characters are percent-encoded).
PORT = "(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})"
SINK_PATTERN = rf"^https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?(?::{PORT})?(?:[/?#][!-~]*)?$"
SINK = re.compile(SINK_PATTERN)
ACTIVE, ENDED = "active", "ended"


def now_text() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def checked_types(types: list[str]) -> list[str]:
    if len(types) > MAX_TYPES:
        raise errors.InvalidValue("types", f"at most {MAX_TYPES} types", rule="too_many_types")
    names: list[str] = []
    for index, name in enumerate(types):
        wire = wire_type(name)
        if not TYPE_NAME.fullmatch(wire):
            raise errors.InvalidValue(
                f"types[{index}]",
                f"{name!r} is not an event type such as reminded or ledger.progress_reported",
                rule="event_type_format",
            )
        if wire not in names:
            names.append(wire)
    return names


def checked_sink(sink: str) -> str:
    parts = urlsplit(sink) if SINK.fullmatch(sink) else None
    if len(sink) > MAX_SINK_LENGTH or parts is None or not parts.hostname:
        raise errors.InvalidValue(
            "sink", "must be an http:// or https:// URL with a host", rule="sink_url"
        )
    return sink


class SubscriptionService:
    def __init__(self, app: LedgerApplication) -> None:
        self.app = app
        self.db = DeliveryDatabase(app.ledger_recorder.datastore)
        self.db.setup()

    def create(
        self,
        actor: Actor,
        *,
        sink: str,
        types: list[str],
        unit: str | None = None,
        after: int | None = None,
    ) -> dict[str, Any]:
        """A new subscription, delivering from the event after ``after`` (default: the
        log's head now). The answer alone carries the secret."""
        sink = checked_sink(sink)
        names = checked_types(types)
        unit = None if unit is None else unit_name("unit", unit)
        start = self.app.max_position() if after is None else after
        if start < 0 or start > self.app.max_position():
            raise errors.InvalidValue(
                "after", f"must be a log position from 0 to {self.app.max_position()}",
                rule="position_range",
            )  # fmt: skip
        subscription_id = str(uuid.uuid4())
        secret = new_secret()
        with self.db.transaction(commit=True) as c:
            self.db.execute(
                c,
                f"INSERT INTO {self.db.table(SUBSCRIPTIONS_TABLE)} (id, sink, types, unit, "
                "secret, created_at, created_by, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (subscription_id, sink, json.dumps(names), unit, secret, now_text(), actor.id,
                 ACTIVE),
            )  # fmt: skip
            self.db.execute(
                c,
                f"INSERT INTO {self.db.table(DELIVERIES_TABLE)} (subscription_id, position) "
                "VALUES (?, ?)",
                (subscription_id, start),
            )
        return {**self.get(subscription_id), "secret": secret}

    def all(self) -> list[dict[str, Any]]:
        return [self._shown(row) for row in self._rows("", ())]

    def get(self, subscription_id: str) -> dict[str, Any]:
        rows = self._rows("WHERE s.id = ?", (subscription_id,))
        if not rows:
            raise errors.NotFound(f"no subscription {subscription_id}")
        return self._shown(rows[0])

    def active(self) -> list[dict[str, Any]]:
        """Every active subscription with its secret: for the delivery runner only."""
        return self._rows("WHERE s.state = ?", (ACTIVE,))

    def delete(self, subscription_id: str) -> dict[str, Any]:
        """Remove a subscription with its position and dead letters; its last state."""
        last = self.get(subscription_id)
        with self.db.transaction(commit=True) as c:
            for table, column in (
                (DEAD_LETTERS_TABLE, "subscription_id"),
                (DELIVERIES_TABLE, "subscription_id"),
                (SUBSCRIPTIONS_TABLE, "id"),
            ):
                self.db.execute(
                    c, f"DELETE FROM {self.db.table(table)} WHERE {column} = ?", (subscription_id,)
                )
        return last

    def dead_letters(self, subscription_id: str) -> list[dict[str, Any]]:
        self.get(subscription_id)
        return self.db.rows(
            "SELECT position, parked_at, attempts, last_error, state "
            f"FROM {self.db.table(DEAD_LETTERS_TABLE)} WHERE subscription_id = ? "
            "ORDER BY position",
            (subscription_id,),
        )

    def replay(self, subscription_id: str) -> int:
        """Queue every parked delivery of the subscription for one more attempt each (the
        runner sends them before the subscription's next event); how many."""
        self.get(subscription_id)
        with self.db.transaction(commit=True) as c:
            return self.db.execute(
                c,
                f"UPDATE {self.db.table(DEAD_LETTERS_TABLE)} SET state = 'replay' "
                "WHERE subscription_id = ? AND state = 'parked'",
                (subscription_id,),
            )

    def _rows(self, where: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
        return self.db.rows(
            "SELECT s.id, s.sink, s.types, s.unit, s.secret, s.created_at, s.created_by, "
            "s.state, s.ended_reason, d.position, d.attempts, d.failing_since, "
            "d.next_attempt_at, d.last_error, d.delivered "
            f"FROM {self.db.table(SUBSCRIPTIONS_TABLE)} s "
            f"JOIN {self.db.table(DELIVERIES_TABLE)} d ON d.subscription_id = s.id "
            f"{where} ORDER BY s.created_at, s.id",
            params,
        )

    @staticmethod
    def _shown(row: dict[str, Any]) -> dict[str, Any]:
        """A subscription as the API shows it: never its secret."""
        return {
            "id": row["id"],
            "sink": row["sink"],
            "types": json.loads(row["types"]),
            "unit": row["unit"],
            "state": row["state"],
            "ended_reason": row["ended_reason"],
            "created_at": row["created_at"],
            "position": int(row["position"]),
            "delivered": int(row["delivered"]),
            "attempts": int(row["attempts"]),
            "last_error": row["last_error"],
        }
