"""What the pages read: the projections' views and the audit service's verdicts.

Both services are built once per web application, on first use, from the ledger that the
API put on ``app.state``. When a service is not installed (a partial deployment), the
pages say so instead of failing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Protocol

from ledger.application import LedgerApplication

log = logging.getLogger(__name__)


class ViewReader(Protocol):
    def view(self, name: str, on: Any = None, **filters: Any) -> dict[str, Any]: ...


class AuditReader(Protocol):
    def aggregate_badge(self, aggregate_id: Any) -> dict[str, Any]: ...

    def inclusion_proof(self, position: int, size: int | None = None) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Badge:
    """Whether one directive's events verify against the latest signed checkpoint."""

    verified: bool
    size: int | None = None
    root_hash: str | None = None
    issued_at: str | None = None
    key_id: str | None = None
    reason_key: str | None = None  # why not, as one of the board's messages
    versions: tuple[int, ...] = ()  # the events the reason is about
    included: dict[int, bool | None] = field(default_factory=dict)  # by event version


def _state_attr(state: Any, name: str) -> Any:
    return getattr(state, name, None)


def view_reader(state: Any) -> ViewReader | None:
    """The projections' view service for this app (shared with the API), or None."""
    service = _state_attr(state, "views") or _state_attr(state, "web_views")
    if service is None:
        # The API runs the views' catch-up as one of its workers: read from that one.
        workers = _state_attr(state, "workers") or []
        service = next((w for w in workers if callable(getattr(w, "view", None))), None)
    if service is not None:
        return service  # type: ignore[no-any-return]
    try:
        from projections.service import ViewService  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    ledger: LedgerApplication = state.ledger
    service = CatchingUpViews(ViewService(ledger))
    state.web_views = service
    return service


class CatchingUpViews:
    """A view service that nothing else keeps up to date for this app: the board catches
    it up before reading (runners may race: each event is still applied once)."""

    def __init__(self, service: Any) -> None:
        self.service = service

    def view(self, name: str, on: Any = None, **filters: Any) -> dict[str, Any]:
        result: dict[str, Any] = self.service.view(name, on, **filters)
        return result

    def wait_for(self, position: int, timeout: float) -> bool:
        try:
            self.service.catch_up()
        except Exception:  # another runner won a race, or the store blinked: read anyway
            log.warning("the views could not catch up before a page was read", exc_info=True)
        reached: bool = self.service.position() >= position
        return reached


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
    """The audit service's verdict (``aggregate_badge``), with the first reason it fails."""
    if audit is None:
        return Badge(verified=False, reason_key="audit_unavailable")
    result = audit.aggregate_badge(aggregate_id)
    checkpoint = result.get("checkpoint")
    if not checkpoint:
        return Badge(verified=False, reason_key="no_checkpoint")
    included = {int(e["version"]): e.get("included") for e in result.get("events", [])}
    failed = tuple(v for v, ok in included.items() if ok is False)
    pending = tuple(v for v, ok in included.items() if ok is None)
    reason_key = None
    versions: tuple[int, ...] = ()
    if not result.get("signature_valid"):
        reason_key = "bad_signature"
    elif failed:
        reason_key, versions = "not_included", failed
    elif pending:
        reason_key, versions = "pending", pending
    verified = bool(result.get("verified")) and reason_key is None
    return Badge(
        verified=verified,
        size=checkpoint.get("size"),
        root_hash=checkpoint.get("root_hash"),
        issued_at=checkpoint.get("issued_at"),
        key_id=checkpoint.get("key_id"),
        reason_key=None if verified else (reason_key or "not_included"),
        versions=versions,
        included=included,
    )


def inclusion_proofs(
    audit: AuditReader | None, badge: Badge, positions: dict[int, int | None]
) -> dict[int, dict[str, Any]]:
    """The RFC 9162 inclusion proof, in the badge's checkpoint, of each event it proved
    included (by version), so a reader can check the badge by hand."""
    if audit is None or badge.size is None:
        return {}
    return {
        version: audit.inclusion_proof(position, badge.size)
        for version, position in positions.items()
        if position is not None and badge.included.get(version) is True
    }
