"""The activity feed: every directive and meeting event after a position, with its
dates, its actor and the title of the directive or meeting it belongs to, read from the
events store (``projections.event_store``)."""

from __future__ import annotations

from typing import Any

from projections.database import ViewDatabase
from projections.event_store import EVENTS_TABLE


def read_activity(
    db: ViewDatabase, cursor: Any, position: int, after: int, limit: int | None
) -> list[dict[str, Any]]:
    sql = (
        "SELECT position, aggregate_id, kind, version, type, effective_on, recorded_at, "
        "actor_id, actor_role, actor_unit, title "
        f"FROM {db.table(EVENTS_TABLE)} WHERE position > ? AND position <= ? ORDER BY position"
    )
    params: tuple[Any, ...] = (after, position)
    if limit is not None:
        sql += " LIMIT ?"
        params += (limit,)
    cursor.execute(db.sql(sql), params)
    return [
        {
            "position": int(r["position"]),
            "aggregate_id": r["aggregate_id"],
            "kind": r["kind"],
            "version": int(r["version"]),
            "type": r["type"],
            "effective_on": r["effective_on"],
            "recorded_at": r["recorded_at"],
            "actor": None
            if r["actor_id"] is None and r["actor_role"] is None
            else {"id": r["actor_id"], "role": r["actor_role"], "unit": r["actor_unit"]},
            "title": r["title"],
        }
        for r in cursor.fetchall()
    ]
