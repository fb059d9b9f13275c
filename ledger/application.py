"""The ledger's application service: commands that append events, queries that read them.

Routes, the CLI and the sample loader call this module only; it owns the event store.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    IntegrityError,
    JSONTranscoder,
    Recording,
    StoredEvent,
)
from eventsourcing.utils import get_topic

from ledger.domain import commands as c
from ledger.domain import errors
from ledger.domain.directive import Directive, Policy
from ledger.domain.meeting import Meeting
from ledger.domain.principal import Principal, principal_id_for
from ledger.domain.values import Actor, Context, Role
from ledger.integrity.entry import decoded_value, leaf_hash_of_row, type_name
from ledger.integrity.recorder import (
    RECORDER_TOPICS,
    IdempotencyRecord,
    LedgerPostgresRecorder,
    LedgerRecorder,
    LedgerSQLiteRecorder,
)
from ledger.settings import Settings
from ledger.store.sqlite import LedgerSQLiteFactory
from ledger.store.transcoding import DateAsISO, LedgerJSONTranscoder
from ledger.token_cache import TokenCache

# Fields every event carries that the history shows on their own, not inside ``data``.
_ENVELOPE_FIELDS = {
    "timestamp",
    "originator_id",
    "originator_version",
    "originator_topic",
    "effective_on",
    "meta",
}
MAX_CONFLICT_RETRIES = 50
# Directives kept by the write path (see ``_directive_for_write``).
WRITE_CACHE_SIZE = 1000
T = TypeVar("T", bound=Aggregate)


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


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return "dl_" + secrets.token_urlsafe(32)


class LedgerApplication(Application[UUID]):
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
        # The write path's own cache: directives as last saved by this process. Entries
        # are never mutated (a command works on a private copy), so threads share them.
        self._write_cache: dict[UUID, Directive] = {}
        self._write_cache_lock = threading.Lock()
        # Tokens that authenticated lately (ledger/token_cache.py: the revocation bound).
        self.token_cache = TokenCache()

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
                    self._forget(directive_id)
                    continue
                raise errors.StaleVersion(expected_version, directive.version)
            try:
                directive.handle(command, ctx, self.policy)
            except errors.DomainError:
                if cached:  # judge a refusal on the stored state, never on a cached one
                    self._forget(directive_id)
                    continue
                raise
            try:
                recordings = (
                    self._append(directive, idempotency=record)
                    if record
                    else self._append(directive)
                )
            except IntegrityError:
                self._forget(directive_id)
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
                self._forget(directive_id)
                raise
            self._remember(directive)
            return self._result(directive, recordings)
        raise errors.RuleViolation("the directive is too busy; try again")  # pragma: no cover

    def register_principal(
        self, ctx: Context, *, name: str, role: Role, unit: str | None = None
    ) -> tuple[str, Principal]:
        """Create a principal with a new bearer token; returns the token (shown once)."""
        token = new_token()
        principal = Principal.register(
            ctx=ctx, name=name, role=role, unit=unit, token_sha256=token_sha256(token)
        )
        self.save(principal)
        return token, principal

    def revoke_principal(
        self, ctx: Context, principal_id: UUID, reason: str | None = None
    ) -> Principal:
        principal = self._get(Principal, principal_id)
        principal.revoke(ctx=ctx, reason=reason)
        self.save(principal)
        self.token_cache.forget_principal(str(principal.id))
        return principal

    def principal_id_of_token(self, token: str) -> UUID:
        return principal_id_for(token_sha256(token))

    def remembered_actor(self, token: str) -> Actor | None:
        """The actor of a token that authenticated lately, without reading the store
        (None: call ``authenticate``)."""
        return self.token_cache.get(token)

    def authenticate(self, token: str) -> Actor | None:
        """The actor a bearer token stands for, or None if unknown or revoked.

        Answers are remembered (``token_cache``): a token revoked by this application is
        refused at once, one revoked elsewhere within ``token_cache.max_age`` seconds."""
        actor = self.token_cache.get(token)
        if actor is not None:
            return actor
        stamp = self.token_cache.stamp()
        principal = self._get_or_none(Principal, self.principal_id_of_token(token))
        if principal is None or principal.revoked:
            return None
        actor = principal.actor()
        self.token_cache.put(token, actor, stamp)
        return actor

    # ------------------------------------------------------------------ queries

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

    def directive_ids(self) -> list[UUID]:
        return list(self.ids_of_type(topic_of(getattr(Directive, "Issued"))))  # noqa: B009

    def meeting_ids(self) -> list[UUID]:
        return list(self.ids_of_type(topic_of(getattr(Meeting, "MeetingRecorded"))))  # noqa: B009

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

    def _directive_for_write(self, directive_id: UUID) -> tuple[Directive, bool]:
        """A private copy of the directive to run one command on, and whether it came
        from the write cache (so may be behind another process's writes: a save then
        conflicts, and a refusal is checked again against the store)."""
        with self._write_cache_lock:
            cached = self._write_cache.get(directive_id)
        if cached is not None:
            return _private_copy(cached), True
        return self.get_directive(directive_id), False

    def _remember(self, directive: Directive) -> None:
        with self._write_cache_lock:
            known = self._write_cache.get(directive.id)
            if known is not None and known.version >= directive.version:
                return
            if known is None and len(self._write_cache) >= WRITE_CACHE_SIZE:
                self._write_cache.pop(next(iter(self._write_cache)))
            self._write_cache[directive.id] = directive

    def _forget(self, directive_id: UUID) -> None:
        with self._write_cache_lock:
            self._write_cache.pop(directive_id, None)

    def _append(self, aggregate: Aggregate, **kwargs: Any) -> list[Recording[UUID]]:
        """``save()`` for one aggregate, without the generic protocol checks that
        dominate its cost, and with the snapshot taken from the aggregate in memory."""
        events = aggregate.collect_events()
        recordings = self.events.put(events, **kwargs)
        interval = self.snapshotting_intervals.get(type(aggregate))
        # Most saves append one event whose version is not a multiple of the interval.
        if interval and events and (len(events) > 1 or not events[0].originator_version % interval):
            self._snapshot_if_due(aggregate, events, interval)
        self._notify(recordings)
        return recordings

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

    def _save_new(self, aggregate: Meeting | Directive, ctx: Context) -> WriteResult:
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
        self, aggregate: Meeting | Directive, recordings: list[Recording[UUID]]
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

    def _history_event(
        self, stored: StoredEvent, leaves: dict[int, tuple[int, bytes]]
    ) -> dict[str, Any]:
        position, leaf = leaves.get(stored.originator_version, (None, None))
        return self._event_view(self.mapper.to_domain_event(stored), stored.topic, position, leaf)

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


def project_events(aggregate: Any, domain_events: Iterable[Any]) -> Any:
    """eventsourcing's ``project_aggregate`` without its per-event ``isinstance`` against a
    ``typing.Protocol``, which was most of the cost of replaying events."""
    for domain_event in domain_events:
        aggregate = domain_event.mutate(aggregate)
    return aggregate


def topic_of(event_class: type[Any]) -> str:
    return get_topic(event_class)


def _private_copy(directive: Directive) -> Directive:
    """A copy a command may change without touching the original.

    Shallow is enough: the Directive's event methods rebind attributes, never mutate a
    list or dict in place, so the copies share only values nobody changes.
    """
    copy = object.__new__(type(directive))
    vars(copy).update(vars(directive))
    vars(copy)["_pending_events"] = []
    return copy
