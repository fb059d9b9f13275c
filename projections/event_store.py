"""The events store: every directive and meeting event, with the few fields the views
need, one row per event keyed by its log position.

The status board, overdue list, per-unit table and meeting summary fold the directive
rows (their facts) at query time for the date asked about; the activity feed reads the
rows as they are. One row per event keeps a rebuild at one insert per event.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson

from projections.database import ViewDatabase
from projections.events import ViewEvent

EVENTS_TABLE = "ledger_view_events"
TITLES_TABLE = "ledger_view_titles"
CREATED_TYPES = ("issued", "meeting_recorded")
TITLE_LOOKUP_CHUNK = 500

# The fields each directive event contributes to the board (others only move the version).
FACT_FIELDS: dict[str, tuple[str, ...]] = {
    "issued": ("code", "title", "lead_unit", "deadline", "meeting_id", "parent_id"),
    "progress_reported": ("percent",),
    "extension_granted": ("new_deadline",),
    "reassigned": ("lead_unit",),
    "lead_unit_succeeded": ("lead_unit", "previous_lead_unit"),
}


def fact_data(event: ViewEvent) -> str | None:
    fields = FACT_FIELDS.get(event.type) if event.kind == "directive" else None
    if fields is None:
        return None
    data = event.data
    return orjson.dumps({f: data.get(f) for f in fields}).decode()


class EventsStore:
    name = "events"

    def __init__(self) -> None:
        # Titles never change once recorded, so a cache of them is safe across batches,
        # even a batch that is rolled back (its facts are in the log all the same).
        self.titles: dict[str, str] = {}

    def tables(self) -> list[str]:
        return [EVENTS_TABLE, TITLES_TABLE]

    def create_statements(self, db: ViewDatabase) -> list[str]:
        return [
            f"CREATE TABLE IF NOT EXISTS {db.table(EVENTS_TABLE)} ("
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
            "title TEXT NOT NULL, "
            "data TEXT)",
            f"CREATE TABLE IF NOT EXISTS {db.table(TITLES_TABLE)} ("
            "aggregate_id TEXT PRIMARY KEY, title TEXT NOT NULL)",
        ]

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

    def apply(self, db: ViewDatabase, cursor: Any, events: Sequence[ViewEvent]) -> None:
        relevant = [e for e in events if e.kind != "other"]
        if not relevant:
            return
        created = [
            (e.aggregate_id, str(e.data.get("title") or ""))
            for e in relevant
            if e.type in CREATED_TYPES
        ]
        if created:
            cursor.executemany(
                db.sql(f"INSERT INTO {db.table(TITLES_TABLE)} VALUES (?, ?)"), created
            )
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
                fact_data(e),
            )
            for e in relevant
        ]
        cursor.executemany(
            db.sql(
                f"INSERT INTO {db.table(EVENTS_TABLE)} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            ),
            rows,
        )
