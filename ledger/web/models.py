"""The data each page shows, gathered from the application, the views and the audit.

Each function returns plain dictionaries for the templates, so the templates hold no
queries and the tests can check the figures without parsing HTML.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import cache
from typing import Any
from uuid import UUID

from ledger.application import LedgerApplication
from ledger.domain.errors import NotFound
from ledger.web.i18n import BUCKETS, GRID_CATEGORIES
from ledger.web.services import AuditReader, Badge, ViewReader, badge_of, inclusion_proofs
from ledger.web.sources import paragraph_text

VIEW_WAIT_SECONDS = 2.0


@cache
def english_titles() -> dict[str, str]:
    """English titles of the sample's meeting and directives, by id (a translation aid)."""
    from ledger.sample import sample_data, sample_id

    data = sample_data()
    titles = {str(sample_id(data["meeting"]["key"])): data["meeting"]["title_en"]}
    for item in [*data["directives"], *data["provincial"]["directives"]]:
        if item.get("title_en"):
            titles[str(sample_id(item["key"]))] = item["title_en"]
    return titles


def grid_category(row: dict[str, Any]) -> str | None:
    """The row's place in the grid (``grid`` in the status board's rows)."""
    value = row.get("grid")
    return None if value is None else str(value)


def _grid_counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts = Counter(grid_category(row) for row in rows)
    return {category: counts.get(category, 0) for category in GRID_CATEGORIES}


def board(
    ledger: LedgerApplication, views: ViewReader, *, on: date | None = None
) -> dict[str, Any]:
    """The board: directives, the grid overall, per unit and per meeting, and the overdue,
    as they stood on the business date ``on`` (today by default)."""
    # Show what was recorded before this request, if the views get there quickly.
    views.wait_for(ledger.max_position(), timeout=VIEW_WAIT_SECONDS)
    status = views.view("status-board", on=on)
    overdue = views.view("overdue", on=on)
    units = views.view("units", on=on)
    meetings = views.view("meetings", on=on)
    overdue_rows = sorted(overdue["rows"], key=lambda r: -int(r.get("days_overdue") or 0))
    bucket_counts = Counter(str(r.get("bucket")) for r in overdue_rows)
    rows = sorted(status["rows"], key=_code_key)
    return {
        # Views read at slightly different moments: claim only what all of them reflect.
        "position": min(int(v["position"] or 0) for v in (status, overdue, units, meetings)),
        "digest": status.get("digest"),
        "directives": rows,
        "grid": _grid_counts(rows),
        "units": [_grid_row(row["lead_unit"], row) for row in units["rows"]],
        "meetings": [
            _grid_row(row.get("title"), row, id=row.get("id")) for row in meetings["rows"]
        ],
        "overdue": overdue_rows,
        "buckets": {bucket: bucket_counts.get(bucket, 0) for bucket in BUCKETS},
    }


def _grid_row(label: Any, row: dict[str, Any], id: Any = None) -> dict[str, Any]:
    return {
        "label": label,
        "id": None if id is None else str(id),
        "counts": {category: int(row.get(category) or 0) for category in GRID_CATEGORIES},
        "on_time_rate": row.get("on_time_rate"),
    }


def _code_key(row: dict[str, Any]) -> tuple[bool, str, str]:
    """Directives issued at the meeting first, then the tasks derived from them."""
    return (row.get("parent_id") is not None, str(row.get("code") or "~"), str(row.get("title")))


def directive_page(
    ledger: LedgerApplication, audit: AuditReader | None, directive_id: UUID
) -> dict[str, Any]:
    """One directive, its timeline (oldest first) and its integrity badge."""
    position = ledger.max_position()
    if not ledger.has_directive(directive_id):
        raise NotFound(f"no directive {directive_id}")
    directive = ledger.get_directive(directive_id).as_dict()
    events = ledger.history(directive_id)
    badge: Badge = badge_of(audit, directive_id)
    proofs = inclusion_proofs(audit, badge, {e["version"]: e["position"] for e in events})
    parent = None
    if directive.get("parent_id"):
        parent = ledger.get_directive(UUID(directive["parent_id"])).as_dict()
    meeting = None
    if directive.get("meeting_id"):
        meeting = ledger.get_meeting(UUID(directive["meeting_id"])).as_dict()
    return {
        "position": max(position, *(int(e["position"] or 0) for e in events)),
        "directive": directive,
        "source_text": paragraph_text(directive.get("source")),
        "events": [{**_timeline_entry(e), "proof": proofs.get(e["version"])} for e in events],
        "badge": badge,
        "parent": parent,
        "meeting": meeting,
    }


def _timeline_entry(event: dict[str, Any]) -> dict[str, Any]:
    data = dict(event["data"])
    meta = data.pop("meta", {}) or {}
    evidence = data.pop("evidence", None) or []
    # The issuance's fields are the directive's facts, shown above the timeline.
    details = {} if event["type"] == "issued" else data
    return {
        "version": event["version"],
        "position": event["position"],
        "type": event["type"],
        "effective_on": event["effective_on"],
        "recorded_at": event["recorded_at"],
        "actor": event["actor"] or {},
        "evidence": evidence,
        "leaf_hash": event["leaf_hash"],
        "source": meta.get("source"),
        "details": {
            key: ", ".join(map(str, value)) if isinstance(value, list) else value
            for key, value in details.items()
            if value not in (None, [], "")
        },
    }


def meeting_page(ledger: LedgerApplication, meeting_id: UUID) -> dict[str, Any]:
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
