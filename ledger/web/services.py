"""What the pages read: the application's queries, the projections' views and the audit
service's verdicts, each given by the API's own dependencies (ledger/api/deps.py and its
routers), and returned as plain data for ledger/web/models.py.

Reads only: nothing here appends to the log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol
from uuid import UUID

from ledger.domain.errors import NotFound
from ledger.web.sources import paragraph_text

VIEW_WAIT_SECONDS = 2.0
BOARD_VIEWS = ("status-board", "overdue", "units", "meetings")


class ViewReader(Protocol):
    """What the board needs of ``projections.service.ViewService``."""

    def view(self, name: str, on: Any = None, **filters: Any) -> dict[str, Any]: ...

    def wait_for(self, position: int, timeout: float) -> bool: ...


class AuditReader(Protocol):
    """What the directive page needs of the audit service (``/v1/audit``'s)."""

    def aggregate_badge(self, aggregate_id: Any) -> dict[str, Any]: ...

    def inclusion_proof(self, position: int, size: int | None = None) -> dict[str, Any]: ...


class Stated(Protocol):
    def as_dict(self) -> dict[str, Any]: ...


class LedgerReader(Protocol):
    """The application's queries the pages use (``LedgerApplication`` has them all)."""

    def max_position(self) -> int: ...

    def has_directive(self, directive_id: UUID) -> bool: ...

    def has_meeting(self, meeting_id: UUID) -> bool: ...

    def get_directive(self, directive_id: UUID) -> Stated: ...

    def get_meeting(self, meeting_id: UUID) -> Stated: ...

    def history(self, aggregate_id: UUID) -> list[dict[str, Any]]: ...


def board_views(ledger: LedgerReader, views: ViewReader, on: date | None) -> dict[str, Any]:
    """The four views the board draws, as they stood on the business date ``on``."""
    # Show what was recorded before this request, if the views get there quickly.
    views.wait_for(ledger.max_position(), timeout=VIEW_WAIT_SECONDS)
    status, overdue, units, meetings = (views.view(name, on=on) for name in BOARD_VIEWS)
    return {"status": status, "overdue": overdue, "units": units, "meetings": meetings}


def directive_data(
    ledger: LedgerReader, audit: AuditReader | None, directive_id: UUID
) -> dict[str, Any]:
    """A directive's state, history, badge and proofs, its parent and its meeting."""
    position = ledger.max_position()
    if not ledger.has_directive(directive_id):
        raise NotFound(f"no directive {directive_id}")
    directive = ledger.get_directive(directive_id).as_dict()
    events = ledger.history(directive_id)
    badge = badge_of(audit, directive_id)
    parent = meeting = None
    if directive.get("parent_id"):
        parent = ledger.get_directive(UUID(directive["parent_id"])).as_dict()
    if directive.get("meeting_id"):
        meeting = ledger.get_meeting(UUID(directive["meeting_id"])).as_dict()
    return {
        "position": position,
        "directive": directive,
        "source_text": paragraph_text(directive.get("source")),
        "events": events,
        "badge": badge,
        "proofs": inclusion_proofs(audit, badge, {e["version"]: e["position"] for e in events}),
        "parent": parent,
        "meeting": meeting,
    }


def meeting_data(ledger: LedgerReader, meeting_id: UUID) -> dict[str, Any]:
    """A meeting and each of its directives with the paragraph of the source it cites."""
    position = ledger.max_position()
    if not ledger.has_meeting(meeting_id):
        raise NotFound(f"no meeting {meeting_id}")
    meeting = ledger.get_meeting(meeting_id).as_dict()
    directives = []
    for directive_id in meeting["directive_ids"]:
        directive = ledger.get_directive(UUID(directive_id)).as_dict()
        directive["source_text"] = paragraph_text(directive.get("source"))
        directives.append(directive)
    return {
        "position": position,
        "meeting": meeting,
        "source_text": paragraph_text(meeting.get("source")),
        "directives": directives,
    }


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
