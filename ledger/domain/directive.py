"""The Directive aggregate: one instruction issued at a meeting, and its follow-up.

Public methods are commands, one a command: each checks its rules (ledger/domain/
rules.py) and records its event, or raises the named error of a broken rule and records
nothing. The ``@event`` methods only apply facts, so that replaying the log never
re-checks rules that were true when the fact was recorded. The event classes are defined
here for good: their stored topics are ``ledger.domain.directive:Directive.<Event>``.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger.domain import commands as c
from ledger.domain import rules
from ledger.domain.rules import ISSUED, Policy
from ledger.domain.values import (
    Context,
    evidence_list,
    iso,
    optional_text,
    percent_value,
    required_text,
    source_citation,
    unit_name,
    unit_names,
)

__all__ = ["ISSUED", "Directive", "Policy"]  # the application and the sample import these
Day = date | None  # a command's effective date; None: the day it is recorded


class Directive(Aggregate):
    """One directive and everything recorded about it since its issuance."""

    @classmethod
    def issue(
        cls,
        *,
        ctx: Context,
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
    ) -> Directive:
        rules.check_may_issue(ctx)
        issued_on = effective_on or ctx.recorded_on
        rules.check_effective_on(issued_on, not_before=None, today=ctx.recorded_on)
        rules.check_deadline_after_issuance(deadline, issued_on)
        kwargs: dict[str, Any] = dict(
            code=optional_text(code, "code"),
            title=required_text("title", title),
            text=required_text("text", text),
            issuer=required_text("issuer", issuer),
            lead_unit=unit_name("lead_unit", lead_unit),
            coordinating_units=unit_names("coordinating_units", coordinating_units),
            deadline=iso(deadline),
            meeting_id=None if meeting_id is None else str(meeting_id),
            parent_id=None if parent_id is None else str(parent_id),
            source=source_citation(ctx.source),
            effective_on=issued_on.isoformat(),
            meta=ctx.meta(),
        )
        if id is None:
            return cls(**kwargs)
        # A chosen id (the sample ledger's stable ids) bypasses create_id().
        created: Any = getattr(cls, "Issued")  # noqa: B009 - made by @event
        return cls._create(event_class=created, id=id, **kwargs)

    @event("Issued")
    def __init__(
        self,
        *,
        code: str | None,
        title: str,
        text: str,
        issuer: str,
        lead_unit: str,
        coordinating_units: list[str],
        deadline: str | None,
        meeting_id: str | None,
        parent_id: str | None,
        source: dict[str, Any] | None,
        effective_on: str,
        meta: dict[str, Any],
    ) -> None:
        self.code = code
        self.title = title
        self.text = text
        self.issuer = issuer
        self.lead_unit = lead_unit
        self.coordinating_units = list(coordinating_units)
        self.deadline: date | None = None if deadline is None else date.fromisoformat(deadline)
        self.meeting_id = meeting_id
        self.parent_id = parent_id
        self.source = source
        self.issued_on = date.fromisoformat(effective_on)
        self.status = ISSUED
        self.percent = 0
        self.extensions = 0
        self.open_extension_request: dict[str, Any] | None = None
        self.completion_reported_on: date | None = None
        self.completed_on: date | None = None
        self.withdrawn_on: date | None = None

    # ----------------------------------------------------------------- commands

    def handle(self, command: c.FollowUp, ctx: Context, policy: Policy | None = None) -> None:
        """The application's entry: ``command``'s fields are the keyword arguments of
        its method (``commands.METHOD_OF_COMMAND``)."""
        fields = dict(vars(command))
        if isinstance(command, c.RequestExtension | c.GrantExtension):
            fields["policy"] = policy or Policy()
        getattr(self, c.METHOD_OF_COMMAND[type(command)])(ctx, **fields)

    def accept(self, ctx: Context, *, note: str | None = None, effective_on: Day = None) -> None:
        """The lead unit takes the directive on."""
        on = self._admit(c.Accept, ctx, effective_on)
        self._record("Accepted", ctx, on, note=optional_text(note, "note"))

    def report_progress(
        self,
        ctx: Context,
        *,
        percent: int,
        narrative: str,
        evidence: list[dict[str, Any]] | None = None,
        effective_on: Day = None,
    ) -> None:
        on = self._admit(c.ReportProgress, ctx, effective_on)
        self._record(
            "ProgressReported",
            ctx,
            on,
            percent=percent_value(percent),
            narrative=required_text("narrative", narrative),
            evidence=evidence_list("evidence", evidence),
        )

    def request_extension(
        self,
        ctx: Context,
        *,
        requested_deadline: date,
        reason: str,
        effective_on: Day = None,
        policy: Policy | None = None,
    ) -> None:
        on = self._admit(c.RequestExtension, ctx, effective_on)
        rules.check_may_request_extension(self, policy or Policy(), requested_deadline)
        self._record(
            "ExtensionRequested",
            ctx,
            on,
            requested_deadline=requested_deadline.isoformat(),
            reason=required_text("reason", reason),
        )

    def grant_extension(
        self,
        ctx: Context,
        *,
        new_deadline: date,
        reason: str | None = None,
        effective_on: Day = None,
        policy: Policy | None = None,
    ) -> None:
        on = self._admit(c.GrantExtension, ctx, effective_on)
        rules.check_may_grant_extension(self, policy or Policy(), new_deadline)
        self._record(
            "ExtensionGranted",
            ctx,
            on,
            new_deadline=new_deadline.isoformat(),
            previous_deadline=iso(self.deadline),
            reason=optional_text(reason, "reason"),
        )

    def refuse_extension(self, ctx: Context, *, reason: str, effective_on: Day = None) -> None:
        on = self._admit(c.RefuseExtension, ctx, effective_on)
        rules.check_open_request(self, "refuse")
        self._record("ExtensionRefused", ctx, on, reason=required_text("reason", reason))

    def reassign(
        self,
        ctx: Context,
        *,
        lead_unit: str,
        coordinating_units: list[str],
        reason: str,
        effective_on: Day = None,
    ) -> None:
        on = self._admit(c.Reassign, ctx, effective_on)
        self._record(
            "Reassigned",
            ctx,
            on,
            lead_unit=unit_name("lead_unit", lead_unit),
            coordinating_units=unit_names("coordinating_units", coordinating_units),
            previous_lead_unit=self.lead_unit,
            reason=required_text("reason", reason),
        )

    def report_completion(
        self,
        ctx: Context,
        *,
        narrative: str,
        evidence: list[dict[str, Any]],
        effective_on: Day = None,
    ) -> None:
        on = self._admit(c.ReportCompletion, ctx, effective_on)
        checked = rules.required_evidence(evidence_list("evidence", evidence))
        self._record(
            "CompletionReported",
            ctx,
            on,
            narrative=required_text("narrative", narrative),
            evidence=checked,
        )

    def verify_completion(
        self, ctx: Context, *, note: str | None = None, effective_on: Day = None
    ) -> None:
        on = self._admit(c.VerifyCompletion, ctx, effective_on)
        rules.check_verdict_after_report(self, on)
        self._record("CompletionVerified", ctx, on, note=optional_text(note, "note"))

    def reject_completion(self, ctx: Context, *, reason: str, effective_on: Day = None) -> None:
        on = self._admit(c.RejectCompletion, ctx, effective_on)
        rules.check_verdict_after_report(self, on)
        self._record("CompletionRejected", ctx, on, reason=required_text("reason", reason))

    def withdraw(self, ctx: Context, *, reason: str, effective_on: Day = None) -> None:
        on = self._admit(c.Withdraw, ctx, effective_on)
        self._record("Withdrawn", ctx, on, reason=required_text("reason", reason))

    def annotate(
        self, ctx: Context, *, refers_to_version: int, text: str, effective_on: Day = None
    ) -> None:
        """A note on one earlier version; it changes no fact."""
        on = self._admit(c.Annotate, ctx, effective_on)
        rules.check_known_version(self, refers_to_version)
        self._record(
            "Annotated",
            ctx,
            on,
            refers_to_version=refers_to_version,
            text=required_text("text", text),
        )

    def _admit(self, command: type[c.FollowUp], ctx: Context, effective_on: Day) -> date:
        """The checks every command passes first; the day it takes effect."""
        on = effective_on or ctx.recorded_on
        rules.check_admitted(self, command, ctx, on)
        return on

    def _record(self, event_name: str, ctx: Context, on: date, **fields: Any) -> None:
        """Record the event of the ``@event`` method named ``event_name``, every field by
        name: the method's event and body without the decorator's argument coercion (a
        third of a command's cost). Its recorded time is held at or after the previous
        event's whatever this process's clock says: ``as_of`` relies on it."""
        event_class: Any = getattr(type(self), event_name)
        timestamp = max(event_class.create_timestamp(), self.modified_on)
        fields.update(effective_on=on.isoformat(), meta=ctx.meta(), timestamp=timestamp)
        self.trigger_event(event_class, **fields)

    # ------------------------------------------------------------------- events

    @event("Accepted")
    def _accepted(self, note: str | None, effective_on: str, meta: dict[str, Any]) -> None:
        self.status = rules.ACCEPTED

    @event("ProgressReported")
    def _progress_reported(
        self,
        percent: int,
        narrative: str,
        evidence: list[dict[str, Any]],
        effective_on: str,
        meta: dict[str, Any],
    ) -> None:
        self.status = rules.IN_PROGRESS
        self.percent = percent

    @event("ExtensionRequested")
    def _extension_requested(
        self, requested_deadline: str, reason: str, effective_on: str, meta: dict[str, Any]
    ) -> None:
        self.open_extension_request = {
            "requested_deadline": requested_deadline,
            "reason": reason,
            "effective_on": effective_on,
        }

    @event("ExtensionGranted")
    def _extension_granted(
        self,
        new_deadline: str,
        previous_deadline: str | None,
        reason: str | None,
        effective_on: str,
        meta: dict[str, Any],
    ) -> None:
        self.deadline = date.fromisoformat(new_deadline)
        self.extensions += 1
        self.open_extension_request = None

    @event("ExtensionRefused")
    def _extension_refused(self, reason: str, effective_on: str, meta: dict[str, Any]) -> None:
        self.open_extension_request = None

    @event("Reassigned")
    def _reassigned(
        self,
        lead_unit: str,
        coordinating_units: list[str],
        previous_lead_unit: str,
        reason: str,
        effective_on: str,
        meta: dict[str, Any],
    ) -> None:
        self.lead_unit = lead_unit
        self.coordinating_units = list(coordinating_units)
        self.status = ISSUED
        self.open_extension_request = None
        self.completion_reported_on = None

    @event("CompletionReported")
    def _completion_reported(
        self,
        narrative: str,
        evidence: list[dict[str, Any]],
        effective_on: str,
        meta: dict[str, Any],
    ) -> None:
        self.status = rules.COMPLETION_REPORTED
        self.completion_reported_on = date.fromisoformat(effective_on)

    @event("CompletionVerified")
    def _completion_verified(
        self, note: str | None, effective_on: str, meta: dict[str, Any]
    ) -> None:
        self.status = rules.COMPLETED
        self.percent = 100
        self.completed_on = self.completion_reported_on

    @event("CompletionRejected")
    def _completion_rejected(self, reason: str, effective_on: str, meta: dict[str, Any]) -> None:
        self.status = rules.IN_PROGRESS
        self.completion_reported_on = None

    @event("Withdrawn")
    def _withdrawn(self, reason: str, effective_on: str, meta: dict[str, Any]) -> None:
        self.status = rules.WITHDRAWN
        self.withdrawn_on = date.fromisoformat(effective_on)

    @event("Annotated")
    def _annotated(
        self, refers_to_version: int, text: str, effective_on: str, meta: dict[str, Any]
    ) -> None:
        pass

    # -------------------------------------------------------------------- views

    def as_dict(self) -> dict[str, Any]:
        """The directive's current state, in the shape of ``GET /v1/directives/{id}``."""
        return {
            "id": str(self.id),
            "code": self.code,
            "title": self.title,
            "text": self.text,
            "issuer": self.issuer,
            "lead_unit": self.lead_unit,
            "coordinating_units": list(self.coordinating_units),
            "deadline": iso(self.deadline),
            "status": self.status,
            "percent": self.percent,
            "extensions": self.extensions,
            "meeting_id": self.meeting_id,
            "parent_id": self.parent_id,
            "issued_on": self.issued_on.isoformat(),
            "source": None if self.source is None else dict(self.source),
            "version": self.version,
        }
