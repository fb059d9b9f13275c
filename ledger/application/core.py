"""The ledger's application service: the commands that append a meeting's and a
directive's events (queries, principals and the write cache are its sibling modules).

Routes, the CLI and the sample loader call this package only; it owns the event store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Recording
from eventsourcing.utils import get_topic

from ledger.application.units import UnitCommands, UnitRegistry
from ledger.application.write_cache import WriteCache
from ledger.domain import commands as c
from ledger.domain import errors
from ledger.domain.directive import Directive, Policy
from ledger.domain.meeting import Meeting
from ledger.domain.unit import Unit
from ledger.domain.values import Actor, Context
from ledger.integrity.entry import leaf_hash_of_row
from ledger.settings import Settings
from ledger.store.recorders import RECORDER_TOPICS
from ledger.store.sqlite import LedgerSQLiteFactory
from ledger.store.tables import IdempotencyRecord
from ledger.store.transcoding import DateAsISO, LedgerJSONTranscoder
from ledger.token_cache import TokenCache

MAX_CONFLICT_RETRIES = 50
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WriteResult:
    """What a successful write appended: the aggregate's new version and its log position."""

    id: UUID
    version: int
    position: int
    state: dict[str, Any]
    event: dict[str, Any]
    replayed: bool = False

    @property
    def status(self) -> str | None:
        status = self.state.get("status")
        return None if status is None else str(status)


class LedgerApplication(UnitCommands):
    name = "Ledger"
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {Directive: 50}

    def __init__(
        self, settings: Settings | None = None, clock: Callable[[], datetime] | None = None
    ) -> None:
        self.settings = settings or Settings.from_env()
        self.clock = clock or (lambda: datetime.now(self.settings.timezone))
        self.policy = Policy(max_extensions=self.settings.max_extensions)
        self.snapshotting_intervals = {Directive: self.settings.snapshot_interval}  # type: ignore[misc]
        database = self.settings.database
        if database.sqlite_path is not None:
            database.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        env = database.persistence_env()
        env["APPLICATION_RECORDER_TOPIC"] = RECORDER_TOPICS[env["PERSISTENCE_MODULE"]]
        if env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite":
            env["PERSISTENCE_MODULE"] = get_topic(LedgerSQLiteFactory)
        env["IS_SNAPSHOTTING_ENABLED"] = "y"
        env["TRANSCODER_TOPIC"] = get_topic(LedgerJSONTranscoder)
        env["AGGREGATE_CACHE_MAXSIZE"] = "1000"
        env["AGGREGATE_CACHE_FASTFORWARD"] = "y"
        super().__init__(env)
        # The write path's own cache: directives as last saved by this process.
        self._write_cache = WriteCache()
        # Tokens that authenticated lately (ledger/token_cache.py: the revocation bound).
        self.token_cache = TokenCache()
        # Units, read once a second at most (ledger/application/units.py).
        self.unit_registry = UnitRegistry()

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # ------------------------------------------------------------------ context

    def today(self) -> date:
        return self.clock().astimezone(self.settings.timezone).date()

    def context(
        self,
        actor: Actor,
        *,
        correlation_id: str | None = None,
        causation_id: str | None = None,
        idempotency_key: str | None = None,
        source: dict[str, Any] | None = None,
    ) -> Context:
        return Context(
            actor=actor,
            recorded_on=self.today(),
            correlation_id=correlation_id,
            causation_id=causation_id,
            idempotency_key=idempotency_key,
            source=source,
        )

    # ----------------------------------------------------------------- commands

    def record_meeting(
        self,
        ctx: Context,
        *,
        title: str,
        held_on: date,
        chair: str,
        host_body: str,
        participants: list[str] | None = None,
        place: str | None = None,
        id: UUID | None = None,
    ) -> WriteResult:
        meeting = Meeting.record(
            ctx=ctx,
            title=title,
            held_on=held_on,
            chair=chair,
            host_body=host_body,
            participants=participants,
            place=place,
            id=id,
        )
        return self._save_new(meeting, ctx)

    def issue_directive(
        self,
        ctx: Context,
        *,
        title: str,
        text: str,
        issuer: str,
        lead_unit: str,
        coordinating_units: list[str] | None = None,
        deadline: date | None = None,
        effective_on: date | None = None,
        meeting_id: UUID | None = None,
        parent_id: UUID | None = None,
        code: str | None = None,
        id: UUID | None = None,
    ) -> WriteResult:
        if id is not None and self.recorder.select_events(id, lte=1):
            raise errors.AlreadyRecorded(f"{id} is already recorded")
        if parent_id is not None and not self._exists(Directive, parent_id):
            raise errors.InvalidValue(
                "parent_id", f"no directive {parent_id}", rule="unknown_parent"
            )
        for _attempt in range(MAX_CONFLICT_RETRIES):
            meeting: Meeting | None = None
            if meeting_id is not None:
                meeting = self._get_or_none(Meeting, meeting_id)
                if meeting is None:
                    raise errors.InvalidValue(
                        "meeting_id", f"no meeting {meeting_id}", rule="unknown_meeting"
                    )
            directive = Directive.issue(
                ctx=ctx,
                title=title,
                text=text,
                issuer=issuer,
                lead_unit=lead_unit,
                coordinating_units=coordinating_units,
                deadline=deadline,
                effective_on=effective_on,
                meeting_id=meeting_id,
                parent_id=parent_id,
                code=code,
                id=id,
            )
            self.admit_directive(directive, ctx)
            if meeting is not None:
                meeting.list_directive(directive.id, ctx)
            try:
                recordings = self.save(directive, meeting)
            except IntegrityError:
                if id is not None and self._exists(Directive, id):
                    raise errors.AlreadyRecorded(f"directive {id} is already recorded") from None
                if meeting is None:
                    raise
                continue  # another directive was listed on the meeting meanwhile
            return self._result(directive, recordings)
        raise errors.RuleViolation("the meeting is too busy; try again")  # pragma: no cover

    def record_follow_up(
        self,
        directive_id: UUID,
        command: c.FollowUp,
        ctx: Context,
        *,
        expected_version: int | None = None,
        fingerprint: str | None = None,
    ) -> WriteResult:
        """Append one follow-up event.

        With ``expected_version`` a stale version raises ``StaleVersion``; without it a
        concurrent write is retried here, so callers never see the conflict. With an
        idempotency key in ``ctx``, a retry returns the first result and appends nothing.
        """
        key = ctx.idempotency_key
        record = None
        if key is not None:
            record = IdempotencyRecord(
                principal_id=ctx.actor.id,
                key=key,
                fingerprint=fingerprint or "",
                aggregate_id=str(directive_id),
            )
            replay = self._replay_idempotent(record)
            if replay is not None:
                return replay
        for _attempt in range(MAX_CONFLICT_RETRIES):
            directive, cached = self._directive_for_write(directive_id)
            if expected_version is not None and directive.version != expected_version:
                if cached:  # another process may have written since: ask the store
                    self._write_cache.forget(directive_id)
                    continue
                raise errors.StaleVersion(expected_version, directive.version)
            try:
                self.admit_follow_up(command, ctx)
                directive.handle(command, ctx, self.policy)
            except errors.DomainError:
                if cached:  # judge a refusal on the stored state, never on a cached one
                    self._write_cache.forget(directive_id)
                    continue
                raise
            try:
                recordings = (
                    self._append(directive, idempotency=record)
                    if record
                    else self._append(directive)
                )
            except IntegrityError:
                self._write_cache.forget(directive_id)
                if record is not None:
                    replay = self._replay_idempotent(record)
                    if replay is not None:
                        return replay
                if expected_version is not None:
                    raise errors.StaleVersion(
                        expected_version, self.get_directive(directive_id).version
                    ) from None
                continue
            except BaseException:
                self._write_cache.forget(directive_id)
                raise
            self._write_cache.remember(directive)
            return self._result(directive, recordings)
        raise errors.RuleViolation("the directive is too busy; try again")  # pragma: no cover

    # ---------------------------------------------------------------- internals

    def _directive_for_write(self, directive_id: UUID) -> tuple[Directive, bool]:
        """A private copy of the directive to run one command on, and whether it came
        from the write cache (so may be behind another process's writes: a save then
        conflicts, and a refusal is checked again against the store)."""
        cached = self._write_cache.copy_of(directive_id)
        if cached is not None:
            return cached, True
        return self.get_directive(directive_id), False

    def _append(self, aggregate: Aggregate, **kwargs: Any) -> list[Recording[UUID]]:
        """``save()`` for one aggregate, without the generic protocol checks that
        dominate its cost, and with the snapshot taken from the aggregate in memory."""
        events = aggregate.collect_events()
        recordings = self.events.put(events, **kwargs)
        interval = self.snapshotting_intervals.get(type(aggregate))
        # Most saves append one event whose version is not a multiple of the interval.
        if interval and events and (len(events) > 1 or not events[0].originator_version % interval):
            try:
                self._snapshot_if_due(aggregate, events, interval)
            except Exception as e:
                _snapshot_failed(aggregate.id, e)
        self._notify(recordings)
        return recordings

    def _take_snapshots(self, processing_event: Any) -> None:
        """``save()``'s snapshots, taken once its events are committed: a failure is
        logged, never raised, since the caller's events are stored (a snapshot only
        saves replaying them, and the next one due is taken again)."""
        try:
            super()._take_snapshots(processing_event)
        except Exception as e:
            _snapshot_failed(processing_event.events[-1].originator_id, e)

    def _snapshot_if_due(self, aggregate: Aggregate, events: Sequence[Any], interval: int) -> None:
        if self.snapshots is None:
            return
        for event in events:
            version = event.originator_version
            if version % interval:
                continue
            if version == aggregate.version:
                snapshot_class: Any = getattr(type(aggregate), "Snapshot")  # noqa: B009
                self.snapshots.put([snapshot_class.take(aggregate)])
            else:  # an earlier version of a multi-event save: rebuild it from the store
                self.take_snapshot(aggregate.id, version=version)

    def _save_new(self, aggregate: Meeting | Directive | Unit, ctx: Context) -> WriteResult:
        try:
            recordings = self.save(aggregate)
        except IntegrityError:
            if self.recorder.select_events(aggregate.id, lte=1):
                raise errors.AlreadyRecorded(
                    f"{type(aggregate).__name__.lower()} {aggregate.id} is already recorded"
                ) from None
            raise
        return self._result(aggregate, recordings)

    def _result(
        self, aggregate: Meeting | Directive | Unit, recordings: list[Recording[UUID]]
    ) -> WriteResult:
        """The result of a save, built from what was just recorded (no read back)."""
        recording = recordings[-1]
        event_of = recording.domain_event.originator_id
        if event_of is not aggregate.id and event_of != aggregate.id:  # saved with another
            recording = next(r for r in recordings if r.domain_event.originator_id == aggregate.id)
        notification = recording.notification
        leaf = leaf_hash_of_row(
            notification.id,
            notification.originator_id,
            notification.originator_version,
            notification.topic,
            notification.state,
        )
        # The event as recorded: its stored state is the JSON of these very fields.
        event = self._event_view(recording.domain_event, notification.topic, notification.id, leaf)
        return WriteResult(
            id=aggregate.id,
            version=aggregate.version,
            position=notification.id,
            state=aggregate.as_dict(),
            event=event,
        )

    def _replay_idempotent(self, record: IdempotencyRecord) -> WriteResult | None:
        found = self.ledger_recorder.find_idempotency(record.principal_id, record.key)
        if found is None:
            return None
        fingerprint, aggregate_id, version, position = found
        if fingerprint != record.fingerprint or aggregate_id != record.aggregate_id:
            raise errors.IdempotencyKeyReused(
                "this Idempotency-Key was already used with a different request"
            )
        directive = self.get_directive(UUID(aggregate_id), version=version)
        stored = self.recorder.select_events(directive.id, gt=version - 1, lte=version)
        event = self._history_event(stored[0], self.leaves_of(directive.id))
        return WriteResult(
            id=directive.id,
            version=version,
            position=position,
            state=directive.as_dict(),
            event=event,
            replayed=True,
        )


def _snapshot_failed(aggregate_id: Any, error: Exception) -> None:
    log.warning(
        "the snapshot of %s failed (%s); its events are stored", aggregate_id, type(error).__name__
    )
