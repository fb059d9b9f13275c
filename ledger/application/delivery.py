"""The delivery runner: posts the log's events to each webhook subscription, one at a time
in log order, per the CloudEvents HTTP webhook spec (structured mode, the export's
envelope) and signed with the Standard Webhooks headers.

Delivery is at least once: the subscription's position moves in the database after each
accepted delivery, so a runner killed between a 2xx and its commit sends that event
again, with the same ``webhook-id`` (its log position) for the receiver to drop. Several
runners share the work through a lease per subscription (a killed runner's lease runs
out). A failed delivery is retried with exponential backoff and jitter (429: after its
``Retry-After``); one failing longer than ``dead_letter_after`` is parked in the dead
letters and the next event goes; a 410 ends the subscription.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

import httpx
import orjson

from ledger.application.feed import EventFeed, FeedEvent, FeedFilter
from ledger.application.follow_up_settings import FollowUpSettings
from ledger.application.subscriptions import ENDED, SubscriptionService, now_text
from ledger.integrity.webhook_signature import sign
from ledger.store.delivery_tables import (
    DEAD_LETTERS_TABLE,
    DELIVERIES_TABLE,
    SUBSCRIPTIONS_TABLE,
)

if TYPE_CHECKING:
    from ledger.application.core import LedgerApplication

log = logging.getLogger(__name__)

CLOUDEVENTS_JSON = "application/cloudevents+json"
ACCEPTED = (200, 201, 202, 204)  # the CloudEvents webhook spec's success codes
BATCH = 100


@dataclass(frozen=True)
class Outcome:
    ok: bool = False
    gone: bool = False
    retry_after: float | None = None
    error: str = ""


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """``Retry-After``: seconds, or an HTTP date (RFC 9110 section 10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(parsedate_to_datetime(value).timestamp() - now, 0.0)
    except (TypeError, ValueError):
        return None


class DeliveryRunner:
    def __init__(
        self,
        app: LedgerApplication,
        settings: FollowUpSettings | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.app = app
        self.settings = settings or FollowUpSettings.from_env()
        self.clock = clock
        self.subscriptions = SubscriptionService(app)
        self.db = self.subscriptions.db
        self.feed = EventFeed(app)
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.http = httpx.Client(timeout=self.settings.webhook_timeout, follow_redirects=False)
        self._stop = threading.Event()

    # ------------------------------------------------------------------ running

    def run_once(self) -> int:
        """One pass over the active subscriptions; the number of accepted deliveries."""
        delivered = 0
        for subscription in self.subscriptions.active():
            if not self._lease(subscription["id"]):
                continue
            try:
                delivered += self._replay_parked(subscription)
                delivered += self._deliver(subscription)
            finally:
                self._release(subscription["id"])
        return delivered

    def follow(self, stop: threading.Event | None = None) -> None:
        stop = stop or self._stop
        while not stop.is_set():
            try:
                self.run_once()
            except Exception:  # the store may be briefly unavailable: next pass
                log.exception("the delivery pass failed; trying again")
            stop.wait(self.settings.deliver_interval)

    def stop(self) -> None:
        self._stop.set()

    def close(self) -> None:
        self.http.close()

    # ---------------------------------------------------------------- delivering

    def _deliver(self, subscription: dict[str, Any]) -> int:
        sub_id = subscription["id"]
        state = self._state(sub_id)
        if state is None or state["next_attempt_at"] > self.clock():
            return 0
        position = int(state["position"])
        feed_filter = FeedFilter(
            types=frozenset(_types(subscription)), unit=subscription["unit"], reader=None
        )
        delivered = 0
        while not self._stop.is_set():
            events, scanned = self.feed.after(position, BATCH, feed_filter)
            for event in events:
                outcome = self._post(subscription, event)
                if outcome.gone:
                    self._end(sub_id, "the sink answered 410 Gone")
                    return delivered
                if not outcome.ok:
                    self._failed(sub_id, state, event, outcome)
                    return delivered
                if not self._advance(sub_id, position, event.position):
                    return delivered  # the lease was lost: another runner goes on
                position = event.position
                state = {**state, "attempts": 0, "failing_since": None}
                delivered += 1
            if scanned > position and not self._advance(sub_id, position, scanned, count=0):
                return delivered
            position = scanned
            if not events:
                return delivered
        return delivered

    def _post(self, subscription: dict[str, Any], event: FeedEvent) -> Outcome:
        body = orjson.dumps(event.envelope)
        timestamp = int(self.clock())
        message_id = str(event.position)
        headers = {
            "Content-Type": CLOUDEVENTS_JSON,
            "webhook-id": message_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(subscription["secret"], message_id, timestamp, body),
        }
        try:
            answer = self.http.post(subscription["sink"], content=body, headers=headers)
        except httpx.TimeoutException:
            return Outcome(error="timed out")
        except httpx.HTTPError as e:
            return Outcome(error=f"{type(e).__name__}")
        if answer.status_code in ACCEPTED:
            return Outcome(ok=True)
        if answer.status_code == 410:
            return Outcome(gone=True)
        retry_after = None
        if answer.status_code == 429:
            retry_after = retry_after_seconds(answer.headers.get("retry-after"), self.clock())
        return Outcome(retry_after=retry_after, error=f"HTTP {answer.status_code}")

    def _failed(
        self, sub_id: str, state: dict[str, Any], event: FeedEvent, outcome: Outcome
    ) -> None:
        now = self.clock()
        attempts = int(state["attempts"] or 0) + 1
        failing_since = state["failing_since"] if state["failing_since"] is not None else now
        s = self.settings
        if now - float(failing_since) >= s.dead_letter_after:
            self._park(sub_id, event.position, attempts, outcome.error)
            return
        if outcome.retry_after is not None:
            delay = outcome.retry_after
        else:  # exponential, with "equal jitter": half fixed, half random
            ceiling = min(s.backoff_max, s.backoff_base * 2 ** (attempts - 1))
            delay = ceiling / 2 + random.uniform(0, ceiling / 2)
        with self.db.transaction(commit=True) as c:
            self.db.execute(
                c,
                f"UPDATE {self.db.table(DELIVERIES_TABLE)} SET attempts = ?, failing_since = ?, "
                "next_attempt_at = ?, last_error = ? WHERE subscription_id = ? AND lease_owner = ?",
                (attempts, failing_since, now + delay, outcome.error, sub_id, self.owner),
            )

    def _park(self, sub_id: str, position: int, attempts: int, error: str) -> None:
        """The delivery failed for too long: into the dead letters, and on to the next."""
        with self.db.transaction(commit=True) as c:
            self.db.execute(
                c,
                f"INSERT INTO {self.db.table(DEAD_LETTERS_TABLE)} (subscription_id, position, "
                "parked_at, attempts, last_error, state) VALUES (?, ?, ?, ?, ?, 'parked') "
                "ON CONFLICT (subscription_id, position) DO NOTHING",
                (sub_id, position, now_text(), attempts, error),
            )
            self.db.execute(
                c,
                f"UPDATE {self.db.table(DELIVERIES_TABLE)} SET position = ?, attempts = 0, "
                "failing_since = NULL, next_attempt_at = 0, last_error = ? "
                "WHERE subscription_id = ? AND position < ? AND lease_owner = ?",
                (position, error, sub_id, position, self.owner),
            )

    def _replay_parked(self, subscription: dict[str, Any]) -> int:
        sub_id = subscription["id"]
        queued = self.db.rows(
            f"SELECT position, attempts FROM {self.db.table(DEAD_LETTERS_TABLE)} "
            "WHERE subscription_id = ? AND state = 'replay' ORDER BY position",
            (sub_id,),
        )
        delivered = 0
        for row in queued:
            events, _ = self.feed.after(int(row["position"]) - 1, 1, FeedFilter())
            if not events:
                continue
            outcome = self._post(subscription, events[0])
            if outcome.gone:
                self._end(sub_id, "the sink answered 410 Gone")
                return delivered
            with self.db.transaction(commit=True) as c:
                if outcome.ok:
                    statement = (
                        f"DELETE FROM {self.db.table(DEAD_LETTERS_TABLE)} "
                        "WHERE subscription_id = ? AND position = ?"
                    )
                    self.db.execute(c, statement, (sub_id, row["position"]))
                    delivered += 1
                else:
                    self.db.execute(
                        c,
                        f"UPDATE {self.db.table(DEAD_LETTERS_TABLE)} SET state = 'parked', "
                        "attempts = attempts + 1, last_error = ? "
                        "WHERE subscription_id = ? AND position = ?",
                        (outcome.error, sub_id, row["position"]),
                    )
        return delivered

    # ------------------------------------------------------------------ bookkeeping

    def _state(self, sub_id: str) -> dict[str, Any] | None:
        rows = self.db.rows(
            "SELECT position, attempts, failing_since, next_attempt_at "
            f"FROM {self.db.table(DELIVERIES_TABLE)} WHERE subscription_id = ?",
            (sub_id,),
        )
        return rows[0] if rows else None

    def _advance(self, sub_id: str, old: int, new: int, count: int = 1) -> bool:
        """Move the position from ``old`` to ``new`` if this runner still holds the lease
        and nobody moved it meanwhile (renewing the lease)."""
        with self.db.transaction(commit=True) as c:
            changed = self.db.execute(
                c,
                f"UPDATE {self.db.table(DELIVERIES_TABLE)} SET position = ?, attempts = 0, "
                "failing_since = NULL, next_attempt_at = 0, last_error = NULL, "
                "delivered = delivered + ?, lease_until = ? "
                "WHERE subscription_id = ? AND position = ? AND lease_owner = ?",
                (new, count, self.clock() + self.settings.lease_seconds, sub_id, old, self.owner),
            )
        return changed == 1

    def _lease(self, sub_id: str) -> bool:
        now = self.clock()
        with self.db.transaction(commit=True) as c:
            return (
                self.db.execute(
                    c,
                    f"UPDATE {self.db.table(DELIVERIES_TABLE)} SET lease_owner = ?, "
                    "lease_until = ? WHERE subscription_id = ? AND (lease_owner IS NULL "
                    "OR lease_until < ? OR lease_owner = ?)",
                    (self.owner, now + self.settings.lease_seconds, sub_id, now, self.owner),
                )
                == 1
            )

    def _release(self, sub_id: str) -> None:
        with self.db.transaction(commit=True) as c:
            self.db.execute(
                c,
                f"UPDATE {self.db.table(DELIVERIES_TABLE)} SET lease_owner = NULL, "
                "lease_until = 0 WHERE subscription_id = ? AND lease_owner = ?",
                (sub_id, self.owner),
            )

    def _end(self, sub_id: str, reason: str) -> None:
        with self.db.transaction(commit=True) as c:
            self.db.execute(
                c,
                f"UPDATE {self.db.table(SUBSCRIPTIONS_TABLE)} SET state = ?, ended_reason = ? "
                "WHERE id = ?",
                (ENDED, reason, sub_id),
            )


def _types(subscription: dict[str, Any]) -> list[str]:
    types = subscription["types"]
    if isinstance(types, str):
        types = orjson.loads(types)
    return [str(t) for t in types]
