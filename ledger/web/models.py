"""What each page shows, shaped from plain data: the views' rows, a directive's state
and history, its badge and proofs. Pure presentation: it reads nothing itself
(ledger/web/services.py gathers the data), so the templates hold no queries and the
tests can check the figures without parsing HTML.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ledger.web.i18n import BUCKETS, GRID_CATEGORIES
from ledger.web.services import Badge


def grid_category(row: dict[str, Any]) -> str | None:
    """The row's place in the grid (``grid`` in the status board's rows)."""
    value = row.get("grid")
    return None if value is None else str(value)


def _grid_counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts = Counter(grid_category(row) for row in rows)
    return {category: counts.get(category, 0) for category in GRID_CATEGORIES}


def board(
    status: dict[str, Any],
    overdue: dict[str, Any],
    units: dict[str, Any],
    meetings: dict[str, Any],
) -> dict[str, Any]:
    """The board from four views (each ``{position, digest, rows}``): directives, the grid
    overall, per unit and per meeting, and the overdue."""
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
    *,
    position: int,
    directive: dict[str, Any],
    source_text: str | None,
    events: list[dict[str, Any]],
    badge: Badge,
    proofs: dict[int, dict[str, Any]],
    parent: dict[str, Any] | None,
    meeting: dict[str, Any] | None,
) -> dict[str, Any]:
    """One directive, its timeline (oldest first) and its integrity badge."""
    return {
        "position": max(position, *(int(e["position"] or 0) for e in events)),
        "directive": directive,
        "source_text": source_text,
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
    if isinstance(details.get("succession"), dict):  # a handover names its legal basis
        basis = details.pop("succession").get("basis") or {}
        details = {k: v for k, v in details.items() if not k.endswith("_id")}
        details["basis"] = basis.get("symbol")
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


def meeting_page(
    *,
    position: int,
    meeting: dict[str, Any],
    source_text: str | None,
    directives: list[dict[str, Any]],
) -> dict[str, Any]:
    """A meeting and each of its directives (each with its cited paragraph's text)."""
    return {
        "position": position,
        "meeting": meeting,
        "source_text": source_text,
        "directives": directives,
    }


def meeting_rows(
    rows: list[dict[str, Any]], english: dict[str, str], lang: str
) -> list[dict[str, Any]]:
    """The board's per-meeting rows, labelled in the page's language, linked by id."""
    return [
        {
            **row,
            "label": (english.get(row["id"]) if lang == "en" else None) or row["label"],
            "path": None if not row["id"] else f"/meetings/{row['id']}",
        }
        for row in rows
    ]
