"""What the pages read: the projections' views and the audit service's verdicts.

The pages share the API's services on ``app.state`` (the views' worker, the audit
service), or make them on first use for an app that has none.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any, Protocol

from ledger.application.audit import AuditService
from projections.service import ViewService

log = logging.getLogger(__name__)


class ViewReader(Protocol):
    """What the board needs of ``projections.service.ViewService``."""

    def view(self, name: str, on: Any = None, **filters: Any) -> dict[str, Any]: ...

    def wait_for(self, position: int, timeout: float) -> bool: ...


class AuditReader(Protocol):
    """What the directive page needs of ``ledger.application.audit.AuditService``."""

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


_lock = threading.Lock()


def view_reader(state: Any) -> ViewReader:
    """The API's view service (its worker keeps it caught up); when nothing follows the
    log for this app, one that catches up before it is read."""
    worker = getattr(state, "views_worker", None)
    with _lock:
        views: ViewService | None = None if worker is None else worker.service()
        if views is None:
            views = getattr(state, "web_views", None)
            if views is None or views.app is not state.ledger:
                views = state.web_views = ViewService(state.ledger)
    return views if views.is_following() else CatchingUpViews(views)


class CatchingUpViews:
    """A view service that nothing keeps up to date in this process: the board catches it
    up before reading (runners may race: each event is still applied once)."""

    def __init__(self, service: ViewService) -> None:
        self.service = service

    def view(self, name: str, on: Any = None, **filters: Any) -> dict[str, Any]:
        return self.service.view(name, on, **filters)

    def wait_for(self, position: int, timeout: float) -> bool:
        try:
            self.service.catch_up()
        except Exception:  # another runner won a race, or the store blinked: read anyway
            log.warning("the views could not catch up before a page was read", exc_info=True)
        return self.service.position() >= position


def audit_reader(state: Any) -> AuditReader:
    """One audit service per ledger, shared with the API's audit routes (``state.audit``)."""
    with _lock:
        audit: AuditService | None = getattr(state, "audit", None)
        if audit is None or audit.app is not state.ledger:
            audit = state.audit = AuditService(state.ledger)
    return audit


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
