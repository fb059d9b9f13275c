"""The application's reads of single aggregates, shared by its commands and queries."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from ledger.domain import errors
from ledger.domain.directive import Directive
from ledger.domain.meeting import Meeting
from ledger.store.postgres_recorder import LedgerPostgresRecorder
from ledger.store.recorders import LedgerRecorder
from ledger.store.sqlite_recorder import LedgerSQLiteRecorder

T = TypeVar("T", bound=Aggregate)


class AggregateReads(Application[UUID]):
    @property
    def ledger_recorder(self) -> LedgerRecorder:
        recorder = self.recorder
        assert isinstance(recorder, LedgerSQLiteRecorder | LedgerPostgresRecorder)
        return recorder

    def has_directive(self, directive_id: UUID) -> bool:
        return self._exists(Directive, directive_id)

    def has_meeting(self, meeting_id: UUID) -> bool:
        return self._exists(Meeting, meeting_id)

    def max_position(self) -> int:
        return self.recorder.max_notification_id() or 0

    # ---------------------------------------------------------------- internals

    def _get(self, cls: type[T], aggregate_id: UUID, version: int | None = None) -> T:
        found = self._get_or_none(cls, aggregate_id, version=version)
        if found is None:
            raise errors.NotFound(
                f"no {cls.__name__.lower()} {aggregate_id}"
                + ("" if version is None else f" at version {version}")
            )
        return found

    def _get_or_none(
        self, cls: type[T], aggregate_id: UUID, version: int | None = None
    ) -> T | None:
        try:
            aggregate: Any = self.repository.get(
                aggregate_id, version=version, projector_func=project_events
            )
        except AggregateNotFoundError:
            return None
        if not isinstance(aggregate, cls):
            return None
        if version is not None and aggregate.version != version:
            return None
        return aggregate

    def _exists(self, cls: type[Aggregate], aggregate_id: UUID) -> bool:
        return self._get_or_none(cls, aggregate_id) is not None

    def ids_of_type(self, topic: str) -> Iterator[UUID]:
        """Aggregate ids whose created event has ``topic``, in log order."""
        position = 0
        while True:
            batch = self.recorder.select_notifications(
                position, 1000, topics=[topic], inclusive_of_start=False
            )
            if not batch:
                return
            for notification in batch:
                yield UUID(str(notification.originator_id))
            position = batch[-1].id


def project_events(aggregate: Any, domain_events: Iterable[Any]) -> Any:
    """eventsourcing's ``project_aggregate`` without its per-event ``isinstance`` against a
    ``typing.Protocol``, which was most of the cost of replaying events."""
    for domain_event in domain_events:
        aggregate = domain_event.mutate(aggregate)
    return aggregate


def topic_of(event_class: type[Any]) -> str:
    return get_topic(event_class)
