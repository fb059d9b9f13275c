"""Named domain errors. Each refused command raises one, carrying the rule it broke."""

from __future__ import annotations


class DomainError(Exception):
    """A command the ledger refuses. ``rule`` is a stable, machine-readable name."""

    rule: str = "domain_rule"
    field: str | None = None

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if field is not None:
            self.field = field


class RuleViolation(DomainError):
    """A lifecycle rule was broken (HTTP 409)."""


class PermissionDenied(DomainError):
    """The actor's role or unit may not do this (HTTP 403)."""

    rule = "permission_denied"


class InvalidValue(DomainError):
    """A value breaks its own rule, whatever the directive's state (HTTP 422)."""

    rule = "invalid_value"

    def __init__(self, field: str, message: str, *, rule: str | None = None) -> None:
        super().__init__(f"{field}: {message}", field=field)
        if rule is not None:
            self.rule = rule


class NotFound(DomainError):
    """No aggregate with that id (HTTP 404)."""

    rule = "not_found"


class StaleVersion(DomainError):
    """The client's expected version is not the current one (HTTP 412)."""

    rule = "stale_version"

    def __init__(self, expected: int, actual: int) -> None:
        super().__init__(f"expected version {expected}, but the directive is at version {actual}")
        self.expected = expected
        self.actual = actual


class IdempotencyKeyReused(DomainError):
    """The same idempotency key was sent with another request body (HTTP 422)."""

    rule = "idempotency_key_reused"
    field = "Idempotency-Key"


# Lifecycle rules (409). One class per rule, so callers can catch exactly one.
class NotYetAccepted(RuleViolation):
    rule = "not_yet_accepted"


class AlreadyAccepted(RuleViolation):
    rule = "already_accepted"


class DirectiveClosed(RuleViolation):
    rule = "directive_closed"


class NoOpenExtensionRequest(RuleViolation):
    rule = "no_open_extension_request"


class ExtensionRequestAlreadyOpen(RuleViolation):
    rule = "extension_request_already_open"


class DeadlineNotLater(RuleViolation):
    rule = "deadline_not_later"


class NoDeadlineToExtend(RuleViolation):
    rule = "no_deadline_to_extend"


class ExtensionLimitReached(RuleViolation):
    rule = "extension_limit_reached"


class CompletionNotReported(RuleViolation):
    rule = "completion_not_reported"


class AwaitingVerification(RuleViolation):
    rule = "awaiting_verification"


class ExtensionAwaitingVerification(AwaitingVerification):
    """No extension is granted while a completion report awaits its verdict: the new
    deadline would turn a late report into one made on time."""

    rule = "extension_awaiting_verification"


class VerdictBeforeReport(RuleViolation):
    """A verification or rejection takes effect no earlier than the report it judges."""

    rule = "verdict_before_report"


class EffectiveBeforeIssuance(RuleViolation):
    rule = "effective_before_issuance"


class EffectiveInFuture(RuleViolation):
    rule = "effective_in_future"


class UnknownVersion(RuleViolation):
    rule = "unknown_version"


class AlreadyRecorded(RuleViolation):
    """An aggregate with this id (a chosen one, as the sample's) is already recorded."""

    rule = "already_recorded"


class PrincipalRevoked(RuleViolation):
    rule = "principal_revoked"


# Permission rules (403).
class RoleNotPermitted(PermissionDenied):
    rule = "role_not_permitted"


class NotLeadUnit(PermissionDenied):
    rule = "not_lead_unit"


class AuditorsNeverWrite(PermissionDenied):
    rule = "auditors_never_write"
