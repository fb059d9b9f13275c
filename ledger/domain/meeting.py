"""The Meeting aggregate: a working session, recorded once, and the directives it issued."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger.domain import errors
from ledger.domain.rules import check_effective_on, check_may_issue
from ledger.domain.values import (
    Context,
    optional_text,
    required_text,
    source_citation,
    text_list,
)


class Meeting(Aggregate):
    @classmethod
    def record(
        cls,
        *,
        ctx: Context,
        title: str,
        held_on: date,
        chair: str,
        host_body: str,
        participants: list[str] | None = None,
        place: str | None = None,
        id: UUID | None = None,
    ) -> Meeting:
        check_may_issue(ctx)
        check_effective_on(held_on, not_before=None, today=ctx.recorded_on)
        kwargs: dict[str, Any] = dict(
            title=required_text("title", title),
            held_on=held_on.isoformat(),
            place=optional_text(place, "place"),
            chair=required_text("chair", chair),
            host_body=required_text("host_body", host_body),
            participants=text_list("participants", participants),
            source=source_citation(ctx.source),
            effective_on=held_on.isoformat(),
            meta=ctx.meta(),
        )
        if id is None:
            return cls(**kwargs)
        # A chosen id (the sample ledger's stable ids) bypasses create_id().
        created: Any = getattr(cls, "MeetingRecorded")  # noqa: B009 - made by @event
        return cls._create(event_class=created, id=id, **kwargs)

    @event("MeetingRecorded")
    def __init__(
        self,
        *,
        title: str,
        held_on: str,
        place: str | None,
        chair: str,
        host_body: str,
        participants: list[str],
        source: dict[str, Any] | None,
        effective_on: str,
        meta: dict[str, Any],
    ) -> None:
        self.title = title
        self.held_on = date.fromisoformat(held_on)
        self.place = place
        self.chair = chair
        self.host_body = host_body
        self.participants = list(participants)
        self.source = source
        self.directive_ids: list[str] = []

    def list_directive(self, directive_id: UUID, ctx: Context) -> None:
        """Link a directive issued at this meeting, so the meeting can name its directives."""
        if str(directive_id) in self.directive_ids:
            raise errors.InvalidValue(
                "meeting_id", "the directive is already listed", rule="directive_already_listed"
            )
        self._directive_listed(
            directive_id=str(directive_id), effective_on=self.held_on.isoformat(), meta=ctx.meta()
        )

    @event("DirectiveListed")
    def _directive_listed(self, directive_id: str, effective_on: str, meta: dict[str, Any]) -> None:
        self.directive_ids.append(directive_id)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "title": self.title,
            "held_on": self.held_on.isoformat(),
            "place": self.place,
            "chair": self.chair,
            "host_body": self.host_body,
            "participants": list(self.participants),
            "source": self.source,
            "directive_ids": list(self.directive_ids),
            "version": self.version,
        }
