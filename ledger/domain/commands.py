"""Follow-up commands, in the imperative. Each one, if allowed, appends one event."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class FollowUp:
    effective_on: date | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class Accept(FollowUp):
    note: str | None = None


@dataclass(frozen=True)
class ReportProgress(FollowUp):
    percent: int
    narrative: str
    evidence: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class RequestExtension(FollowUp):
    requested_deadline: date
    reason: str


@dataclass(frozen=True)
class GrantExtension(FollowUp):
    new_deadline: date
    reason: str | None = None


@dataclass(frozen=True)
class RefuseExtension(FollowUp):
    reason: str


@dataclass(frozen=True)
class Reassign(FollowUp):
    lead_unit: str
    coordinating_units: list[str]
    reason: str


@dataclass(frozen=True)
class ReportCompletion(FollowUp):
    narrative: str
    evidence: list[dict[str, Any]]


@dataclass(frozen=True)
class VerifyCompletion(FollowUp):
    note: str | None = None


@dataclass(frozen=True)
class RejectCompletion(FollowUp):
    reason: str


@dataclass(frozen=True)
class Withdraw(FollowUp):
    reason: str


@dataclass(frozen=True)
class Annotate(FollowUp):
    refers_to_version: int
    text: str


# The wire name of each command's event, as the HTTP API and the history show it.
EVENT_TYPE_OF_COMMAND: dict[type[FollowUp], str] = {
    Accept: "accepted",
    ReportProgress: "progress_reported",
    RequestExtension: "extension_requested",
    GrantExtension: "extension_granted",
    RefuseExtension: "extension_refused",
    Reassign: "reassigned",
    ReportCompletion: "completion_reported",
    VerifyCompletion: "completion_verified",
    RejectCompletion: "completion_rejected",
    Withdraw: "withdrawn",
    Annotate: "annotated",
}
COMMAND_OF_EVENT_TYPE: dict[str, type[FollowUp]] = {v: k for k, v in EVENT_TYPE_OF_COMMAND.items()}
# The Directive's method that runs each command (``Directive.handle``).
METHOD_OF_COMMAND: dict[type[FollowUp], str] = {
    Accept: "accept",
    ReportProgress: "report_progress",
    RequestExtension: "request_extension",
    GrantExtension: "grant_extension",
    RefuseExtension: "refuse_extension",
    Reassign: "reassign",
    ReportCompletion: "report_completion",
    VerifyCompletion: "verify_completion",
    RejectCompletion: "reject_completion",
    Withdraw: "withdraw",
    Annotate: "annotate",
}
