"""Queries: a directive or meeting as it stands (or stood), its history, the ids of a kind."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from ledger.application.reads import AggregateReads, topic_of
from ledger.domain import errors
from ledger.domain.directive import Directive
from ledger.domain.documents import read_document, upcast_evidence
from ledger.domain.meeting import Meeting
from ledger.integrity.entry import decoded_value, type_name

# Fields every event carries that the history shows on their own, not inside ``data``.
_ENVELOPE_FIELDS = {
    "timestamp",
    "originator_id",
    "originator_version",
    "originator_topic",
    "effective_on",
    "meta",
}


class HistoryReads(AggregateReads):
    def get_directive(
        self, directive_id: UUID, *, version: int | None = None, as_of: datetime | None = None
    ) -> Directive:
        if as_of is not None:
            if as_of.tzinfo is None or as_of.utcoffset() is None:
                # Recorded times are UTC; a time without an offset is ambiguous.
                raise errors.InvalidValue(
                    "as_of", "must be an RFC 3339 time with an offset", rule="time_offset_required"
                )
            version = self._version_as_of(directive_id, as_of)
        return self._get(Directive, directive_id, version=version)

    def get_meeting(self, meeting_id: UUID) -> Meeting:
        return self._get(Meeting, meeting_id)

    def history(self, aggregate_id: UUID) -> list[dict[str, Any]]:
        """Every event of one aggregate, oldest first, with both dates and its leaf."""
        stored = self.recorder.select_events(aggregate_id)
        if not stored or stored[0].topic not in self._history_topics:
            # A principal's events (who holds which token) are not a directive's history.
            raise errors.NotFound(f"no directive or meeting {aggregate_id}")
        leaves = self.leaves_of(aggregate_id)
        return [self._history_event(s, leaves) for s in stored]

    _history_topics = frozenset(
        (
            get_topic(getattr(Directive, "Issued")),  # noqa: B009 - made by @event
            get_topic(getattr(Meeting, "MeetingRecorded")),  # noqa: B009
        )
    )

    def leaves_of(self, aggregate_id: UUID) -> dict[int, tuple[int, bytes]]:
        return self.ledger_recorder.leaves_of(str(aggregate_id))

    def directive_ids(self) -> list[UUID]:
        return list(self.ids_of_type(topic_of(getattr(Directive, "Issued"))))  # noqa: B009

    def meeting_ids(self) -> list[UUID]:
        return list(self.ids_of_type(topic_of(getattr(Meeting, "MeetingRecorded"))))  # noqa: B009

    def _history_event(
        self, stored: StoredEvent, leaves: dict[int, tuple[int, bytes]]
    ) -> dict[str, Any]:
        position, leaf = leaves.get(stored.originator_version, (None, None))
        view = self._event_view(self.mapper.to_domain_event(stored), stored.topic, position, leaf)
        return read_documents(view)

    @staticmethod
    def _event_view(
        domain_event: Any, topic: str, position: int | None, leaf: bytes | None
    ) -> dict[str, Any]:
        """One event as the history shows it: envelope fields apart, the rest in ``data``."""
        fields = vars(domain_event)
        meta = dict(fields.get("meta") or {})
        actor = meta.pop("actor", None)
        data = {k: v for k, v in fields.items() if k not in _ENVELOPE_FIELDS}
        data["meta"] = meta
        return {
            "version": domain_event.originator_version,
            "position": position,
            "type": type_name(topic),
            "effective_on": fields.get("effective_on"),
            "recorded_at": decoded_value(domain_event.timestamp).isoformat(),
            "actor": actor,
            "data": data,
            "leaf_hash": None if leaf is None else leaf.hex(),
        }

    def _version_as_of(self, aggregate_id: UUID, as_of: datetime) -> int:
        version = None
        for stored in self.recorder.select_events(aggregate_id):
            event: Any = self.mapper.to_domain_event(stored)
            if event.timestamp <= as_of:
                version = stored.originator_version
            else:
                break
        if version is None:
            if not self._exists(Directive, aggregate_id):
                raise errors.NotFound(f"no directive {aggregate_id}")
            raise errors.NotFound(f"directive {aggregate_id} was not yet recorded at {as_of}")
        return version


def read_documents(view: dict[str, Any]) -> dict[str, Any]:
    """The history reads documents (ledger/domain/documents.py): every evidence item with
    its ``document`` (an old free-text reference read as the symbol it names) and every
    cited document with its parsed ``parts``. The stored event is never rewritten, and a
    write's answer shows the event exactly as stored."""
    data = view["data"]
    if "evidence" in data:
        data["evidence"] = upcast_evidence(data["evidence"])
    if isinstance(data.get("succession"), dict):
        basis = read_document(data["succession"].get("basis"))
        data["succession"] = {**data["succession"], "basis": basis}
    return view
