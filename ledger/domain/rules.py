"""The rules of a directive: who may do what, what its lifecycle allows, the extension
and date checks.

Each check reads the directive's facts and raises the named error of the rule it finds
broken (ledger/domain/errors.py); it changes nothing. The Directive's commands call them
before recording an event; replaying the log never calls them again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from ledger.domain import commands as c
from ledger.domain import errors
from ledger.domain.values import Context, Role

ISSUED = "issued"
ACCEPTED = "accepted"
IN_PROGRESS = "in_progress"
COMPLETION_REPORTED = "completion_reported"
COMPLETED = "completed"
WITHDRAWN = "withdrawn"
STATUSES = (ISSUED, ACCEPTED, IN_PROGRESS, COMPLETION_REPORTED, COMPLETED, WITHDRAWN)
CLOSED = (COMPLETED, WITHDRAWN)


@dataclass(frozen=True)
class Policy:
    """Limits set by the ledger's configuration, not by the directive."""

    max_extensions: int = 3


LEAD_UNIT_COMMANDS = (c.Accept, c.ReportProgress, c.RequestExtension, c.ReportCompletion)
ISSUER_COMMANDS = (
    c.GrantExtension,
    c.RefuseExtension,
    c.Reassign,
    c.VerifyCompletion,
    c.RejectCompletion,
    c.Withdraw,
)
ALLOWED_BEFORE_ACCEPTANCE = (c.Accept, c.Reassign, c.Withdraw, c.Annotate)
# What the lead unit may not add while its completion report awaits the issuer's verdict.
REPORTS = (c.ReportProgress, c.RequestExtension, c.ReportCompletion)
VERDICTS = (c.VerifyCompletion, c.RejectCompletion)


class DirectiveFacts(Protocol):
    """What the rules read of a directive (the Directive aggregate has all of it)."""

    @property
    def status(self) -> str: ...
    @property
    def lead_unit(self) -> str: ...
    @property
    def issued_on(self) -> date: ...
    @property
    def deadline(self) -> date | None: ...
    @property
    def extensions(self) -> int: ...
    @property
    def open_extension_request(self) -> dict[str, Any] | None: ...
    @property
    def completion_reported_on(self) -> date | None: ...
    @property
    def version(self) -> int: ...


# ---------------------------------------------------------------------------- who


def check_may_issue(ctx: Context) -> None:
    if ctx.actor.role is Role.AUDITOR:
        raise errors.AuditorsNeverWrite("auditors read and verify; they never write")
    if ctx.actor.role not in (Role.ISSUER, Role.ADMIN):
        raise errors.RoleNotPermitted(
            f"only an issuer or admin may issue directives, not a {ctx.actor.role.value}"
        )


def check_permission(directive: DirectiveFacts, command: type[c.FollowUp], ctx: Context) -> None:
    role = ctx.actor.role
    if role is Role.AUDITOR:
        raise errors.AuditorsNeverWrite("auditors read and verify; they never write")
    if issubclass(command, LEAD_UNIT_COMMANDS):
        if role is not Role.UNIT:
            raise errors.RoleNotPermitted(
                f"only the lead unit may do this, not a {role.value} principal"
            )
        if ctx.actor.unit != directive.lead_unit:
            raise errors.NotLeadUnit(
                f"the lead unit is {directive.lead_unit!r}, not {ctx.actor.unit!r}"
            )
    elif issubclass(command, ISSUER_COMMANDS) and role not in (Role.ISSUER, Role.ADMIN):
        raise errors.RoleNotPermitted(
            f"only an issuer or admin may do this, not a {role.value} principal"
        )


# ---------------------------------------------------------------------- lifecycle


def check_lifecycle(directive: DirectiveFacts, command: type[c.FollowUp]) -> None:
    if command is c.Annotate:
        return
    status = directive.status
    if status in CLOSED:
        raise errors.DirectiveClosed(f"the directive is {status}; only annotations may be added")
    if status == ISSUED and not issubclass(command, ALLOWED_BEFORE_ACCEPTANCE):
        raise errors.NotYetAccepted("the lead unit has not accepted the directive yet")
    if command is c.Accept and status != ISSUED:
        raise errors.AlreadyAccepted("the directive has already been accepted")
    if status == COMPLETION_REPORTED:
        if issubclass(command, REPORTS):
            raise errors.AwaitingVerification(
                "completion was reported and awaits verification or rejection"
            )
        if command is c.GrantExtension:
            # A later deadline granted now would judge the report already made on time.
            raise errors.ExtensionAwaitingVerification(
                "a completion report awaits verification; the deadline it is judged "
                "against cannot move until the verdict"
            )
    if issubclass(command, VERDICTS) and status != COMPLETION_REPORTED:
        raise errors.CompletionNotReported("no completion report awaits a verdict")


def check_admitted(
    directive: DirectiveFacts, command: type[c.FollowUp], ctx: Context, effective_on: date
) -> None:
    """The checks every follow-up passes: the actor may, the lifecycle allows, the date."""
    check_permission(directive, command, ctx)
    check_lifecycle(directive, command)
    check_effective_on(effective_on, not_before=directive.issued_on, today=ctx.recorded_on)


# ---------------------------------------------------------------------------- dates


def check_effective_on(effective_on: date, *, not_before: date | None, today: date) -> None:
    if effective_on > today:
        raise errors.EffectiveInFuture(
            f"effective_on {effective_on} is after the day it is recorded ({today})",
            field="effective_on",
        )
    if not_before is not None and effective_on < not_before:
        raise errors.EffectiveBeforeIssuance(
            f"effective_on {effective_on} is before the directive's issuance ({not_before})",
            field="effective_on",
        )


def check_deadline_after_issuance(deadline: date | None, issued_on: date) -> None:
    if deadline is not None and deadline < issued_on:
        raise errors.InvalidValue(
            "deadline",
            f"{deadline} is before the issuance date {issued_on}",
            rule="deadline_before_issuance",
        )


def check_verdict_after_report(directive: DirectiveFacts, effective_on: date) -> None:
    """A verdict judges a report already made: it cannot take effect before it."""
    reported_on = directive.completion_reported_on
    if reported_on is not None and effective_on < reported_on:
        raise errors.VerdictBeforeReport(
            f"effective_on {effective_on} is before the completion report it judges "
            f"({reported_on})",
            field="effective_on",
        )


# ----------------------------------------------------------------------- extensions


def check_extension_possible(directive: DirectiveFacts, policy: Policy) -> None:
    if directive.deadline is None:
        raise errors.NoDeadlineToExtend("the directive has no deadline to extend")
    if directive.extensions >= policy.max_extensions:
        raise errors.ExtensionLimitReached(
            f"the deadline was already extended {directive.extensions} times "
            f"(at most {policy.max_extensions})"
        )


def check_may_request_extension(
    directive: DirectiveFacts, policy: Policy, requested_deadline: date
) -> None:
    check_extension_possible(directive, policy)
    if directive.open_extension_request is not None:
        raise errors.ExtensionRequestAlreadyOpen(
            "an extension request is already waiting for an answer"
        )
    check_later_deadline(directive, "requested_deadline", requested_deadline)


def check_may_grant_extension(
    directive: DirectiveFacts, policy: Policy, new_deadline: date
) -> None:
    check_open_request(directive, "grant")
    check_extension_possible(directive, policy)
    check_later_deadline(directive, "new_deadline", new_deadline)


def check_open_request(directive: DirectiveFacts, answer: str) -> None:
    if directive.open_extension_request is None:
        raise errors.NoOpenExtensionRequest(f"there is no extension request to {answer}")


def check_later_deadline(directive: DirectiveFacts, field_name: str, proposed: date) -> None:
    current = directive.deadline
    assert current is not None, "check_extension_possible first"
    if proposed <= current:
        raise errors.DeadlineNotLater(
            f"{field_name} {proposed} is not later than the current deadline {current}",
            field=field_name,
        )


# ------------------------------------------------------------------ values and versions


def required_evidence(evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A completion report stands on at least one document."""
    if not evidence:
        raise errors.InvalidValue(
            "evidence",
            "a completion report needs at least one piece of evidence",
            rule="evidence_required",
        )
    return evidence


def check_known_version(directive: DirectiveFacts, refers_to: int) -> None:
    if isinstance(refers_to, bool) or not 1 <= refers_to <= directive.version:
        raise errors.UnknownVersion(
            f"refers_to_version {refers_to} is not a version of this directive "
            f"(1 to {directive.version})",
            field="refers_to_version",
        )
