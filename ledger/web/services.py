"""What the pages read: the projections' views and the audit service's verdicts.

Both services are built once per web application, on first use, from the ledger that the
API put on ``app.state``. When a service is not installed (a partial deployment), the
pages say so instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from ledger.application import LedgerApplication


class ViewReader(Protocol):
    def view(self, name: str, on: Any = None, **filters: Any) -> dict[str, Any]: ...


class AuditReader(Protocol):
    def aggregate_badge(self, aggregate_id: Any) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Badge:
    """Whether one directive's events verify against the latest signed checkpoint."""

    verified: bool
    size: int | None = None
    root_hash: str | None = None
    issued_at: str | None = None
    key_id: str | None = None
    reason: str | None = None  # why not verified, in the audit service's words
    reason_key: str | None = None  # or one of the board's own messages


def _state_attr(state: Any, name: str) -> Any:
    return getattr(state, name, None)


def view_reader(state: Any) -> ViewReader | None:
    """The projections' view service for this app (shared with the API), or None."""
    service = _state_attr(state, "views") or _state_attr(state, "web_views")
    if service is not None:
        return service  # type: ignore[no-any-return]
    try:
        from projections.service import ViewService  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    ledger: LedgerApplication = state.ledger
    service = ViewService(ledger)
    state.web_views = service
    return service  # type: ignore[no-any-return]


def audit_reader(state: Any) -> AuditReader | None:
    """The integrity audit service for this app (shared with the API), or None."""
    service = _state_attr(state, "audit") or _state_attr(state, "web_audit")
    if service is not None:
        return service  # type: ignore[no-any-return]
    try:
        from ledger.integrity.audit import AuditService  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    ledger: LedgerApplication = state.ledger
    service = AuditService(ledger)
    state.web_audit = service
    return service  # type: ignore[no-any-return]


def badge_of(audit: AuditReader | None, aggregate_id: Any) -> Badge:
    """The audit service's verdict, read defensively: a failure is 'not verified'."""
    if audit is None:
        return Badge(verified=False, reason_key="audit_unavailable")
    result = audit.aggregate_badge(aggregate_id)
    checkpoint = result.get("checkpoint") or {}
    size = checkpoint.get("size", result.get("size"))
    if size is None and not result.get("verified"):
        reason = result.get("reason")
        return Badge(verified=False, reason=reason, reason_key=None if reason else "no_checkpoint")
    return Badge(
        verified=bool(result.get("verified")),
        size=size,
        root_hash=checkpoint.get("root_hash", result.get("root_hash")),
        issued_at=checkpoint.get("issued_at", result.get("issued_at")),
        key_id=checkpoint.get("key_id", result.get("key_id")),
        reason=result.get("reason"),
    )
