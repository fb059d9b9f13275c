"""The activity feed: every directive and meeting event after a position, with its
dates, its actor and the title of the directive or meeting it belongs to.

Its own tables: one row per event keyed by its log position, and the titles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from projections.database import ViewDatabase
from projections.events import ViewEvent
from projections.store import EventsWriter

ACTIVITY_TABLE = "ledger_view_activity"
TITLES_TABLE = "ledger_view_activity_titles"
ACTIVITY_COLUMNS = (
    "position",
    "aggregate_id",
    "kind",
    "version",
    "type",
    "effective_on",
    "recorded_at",
    "actor_id",
    "actor_role",
    "actor_unit",
    "title",
)
CREATED_TYPES = ("issued", "meeting_recorded")
TITLE_LOOKUP_CHUNK = 500


class ActivityStore:
    name = "activity"
    source: str | None = None

    def __init__(self) -> None:
        # Titles never change once recorded, so a cache of them is safe across batches,
        # even a batch that is rolled back (its facts are in the log all the same).
        self.titles: dict[str, str] = {}

    def tables(self) -> list[str]:
        return [ACTIVITY_TABLE, TITLES_TABLE]

    def create_statements(self, db: ViewDatabase) -> list[str]:
        return [
            f"CREATE TABLE IF NOT EXISTS {db.table(ACTIVITY_TABLE)} ("
            f"position {db.bigint} PRIMARY KEY, "
            "aggregate_id TEXT NOT NULL, "
            "kind TEXT NOT NULL, "
            f"version {db.bigint} NOT NULL, "
            "type TEXT NOT NULL, "
            "effective_on TEXT NOT NULL, "
            "recorded_at TEXT NOT NULL, "
            "actor_id TEXT, "
            "actor_role TEXT, "
            "actor_unit TEXT, "
            "title TEXT NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {db.table(TITLES_TABLE)} ("
            "aggregate_id TEXT PRIMARY KEY, title TEXT NOT NULL)",
        ]

    def bulk_writer(self) -> EventsWriter:
        return EventsWriter(self)

    def _load_titles(self, db: ViewDatabase, cursor: Any, ids: set[str]) -> None:
        missing = [i for i in ids if i not in self.titles]
        for start in range(0, len(missing), TITLE_LOOKUP_CHUNK):
            chunk = missing[start : start + TITLE_LOOKUP_CHUNK]
            marks = ", ".join("?" for _ in chunk)
            cursor.execute(
                db.sql(
                    f"SELECT aggregate_id, title FROM {db.table(TITLES_TABLE)} "
                    f"WHERE aggregate_id IN ({marks})"
                ),
                chunk,
            )
            for r in cursor.fetchall():
                self.titles[r["aggregate_id"]] = r["title"]

    def apply(
        self, db: ViewDatabase, cursor: Any, events: Sequence[ViewEvent], start: int, end: int
    ) -> None:
        relevant = [e for e in events if e.kind != "other"]
        if not relevant:
            return
        created = [
            (e.aggregate_id, str(e.data.get("title") or ""))
            for e in relevant
            if e.type in CREATED_TYPES
        ]
        if created:
            db.insert_many(cursor, TITLES_TABLE, ("aggregate_id", "title"), created)
            self.titles.update(created)
        titles = self.titles
        self._load_titles(db, cursor, {e.aggregate_id for e in relevant} - titles.keys())
        rows = [
            (
                e.position,
                e.aggregate_id,
                e.kind,
                e.version,
                e.type,
                e.effective_on,
                e.recorded_at,
                e.actor_id,
                e.actor_role,
                e.actor_unit,
                titles.get(e.aggregate_id, ""),
            )
            for e in relevant
        ]
        db.insert_many(cursor, ACTIVITY_TABLE, ACTIVITY_COLUMNS, rows)


def read_activity(
    db: ViewDatabase, cursor: Any, position: int, after: int, limit: int | None
) -> list[dict[str, Any]]:
    sql = (
        "SELECT position, aggregate_id, kind, version, type, effective_on, recorded_at, "
        "actor_id, actor_role, actor_unit, title "
        f"FROM {db.table(ACTIVITY_TABLE)} WHERE position > ? AND position <= ? ORDER BY position"
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
