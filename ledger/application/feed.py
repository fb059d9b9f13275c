"""The event feed that subscriptions read (the SSE stream, the webhooks, the mailer): the
log after a position, each event as the export's CloudEvents envelope, filtered by type
and unit and scoped to what the reader may see.

Scope (DESIGN section 5 and issue 15): auditors and admins see every event; an issuer
sees the directives' and meetings' events; a unit principal sees the events of the
directives its unit leads now (a reassigned directive's whole history moves with it).
Positions are dense and never renumbered, so a reader that resumes after the last
position it saw neither misses nor repeats an event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from ledger.domain.values import Actor, Role
from ledger.integrity.entry import type_name
from ledger.integrity.export import envelope
from ledger.store.log_reader import log_rows

if TYPE_CHECKING:
    from ledger.application.core import LedgerApplication

DIRECTIVE_TOPIC = "ledger.domain.directive:"
MEETING_TOPIC = "ledger.domain.meeting:"
SCAN_BATCH = 500


@dataclass(frozen=True)
class FeedEvent:
    position: int
    type: str  # the wire name: "reminded", "progress_reported"...
    aggregate_id: str
    unit: str | None  # the lead unit now, for a directive's event
    envelope: dict[str, Any]


@dataclass(frozen=True)
class FeedFilter:
    """What a reader asked for (``types``: wire names; ``unit``: a lead unit) and who
    reads (``reader``: None for the ledger's own subscriptions, which see all)."""

    types: frozenset[str] = frozenset()
    unit: str | None = None
    reader: Actor | None = None

    def admits(self, event: FeedEvent, kind: str) -> bool:
        if self.types and event.type not in self.types:
            return False
        if self.unit is not None and event.unit != self.unit:
            return False
        reader = self.reader
        if reader is None or reader.role in (Role.AUDITOR, Role.ADMIN):
            return True
        if reader.role is Role.ISSUER:
            return kind in ("directive", "meeting")
        return kind == "directive" and event.unit is not None and event.unit == reader.unit


def wire_type(name: str) -> str:
    """``ledger.progress_reported`` or ``progress_reported`` -> ``progress_reported``."""
    return name.removeprefix("ledger.")


class EventFeed:
    def __init__(self, app: LedgerApplication) -> None:
        self.app = app

    def head(self) -> int:
        return self.app.max_position()

    def after(
        self, position: int, limit: int, feed_filter: FeedFilter
    ) -> tuple[list[FeedEvent], int]:
        """Up to ``limit`` events after ``position`` that ``feed_filter`` admits, and the
        last position read (beyond the last event returned when later ones were left
        out), so a reader of a sparse filter moves on without reading them again."""
        found: list[FeedEvent] = []
        scanned = position
        while len(found) < limit:
            rows = log_rows(self.app.ledger_recorder, scanned, SCAN_BATCH)
            if not rows:
                break
            units = self._lead_units(r[1] for r in rows if r[3].startswith(DIRECTIVE_TOPIC))
            for row in rows:
                topic = row[3]
                kind = (
                    "directive"
                    if topic.startswith(DIRECTIVE_TOPIC)
                    else "meeting"
                    if topic.startswith(MEETING_TOPIC)
                    else "other"
                )
                event = FeedEvent(
                    position=row[0],
                    type=type_name(topic),
                    aggregate_id=row[1],
                    unit=units.get(row[1]),
                    envelope=envelope(row, self.app.settings.origin),
                )
                scanned = row[0]
                if feed_filter.admits(event, kind):
                    found.append(event)
                    if len(found) == limit:
                        break
        return found, scanned

    def _lead_units(self, aggregate_ids: Iterable[str]) -> dict[str, str]:
        units: dict[str, str] = {}
        for aggregate_id in set(aggregate_ids):
            try:
                units[aggregate_id] = self.app.get_directive(UUID(aggregate_id)).lead_unit
            except Exception:  # not a directive after all: no unit
                continue
        return units
