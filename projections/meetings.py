"""The meeting summary: each meeting (as recorded) and its directives' grid counts on a
given date. Stored: one row per meeting; the counts come from the status board."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

import orjson

from projections.database import ViewDatabase
from projections.events import ViewEvent
from projections.grid import grid_counts

MEETINGS_TABLE = "ledger_view_meetings"
MEETING_FIELDS = ("title", "held_on", "place", "chair", "host_body", "participants", "source")


class MeetingsStore:
    name = "meetings"

    def tables(self) -> list[str]:
        return [MEETINGS_TABLE]

    def create_statements(self, db: ViewDatabase) -> list[str]:
        return [
            f"CREATE TABLE IF NOT EXISTS {db.table(MEETINGS_TABLE)} ("
            f"position {db.bigint} PRIMARY KEY, "
            "meeting_id TEXT NOT NULL UNIQUE, "
            "held_on TEXT NOT NULL, "
            "data TEXT NOT NULL)"
        ]

    def apply(self, db: ViewDatabase, cursor: Any, events: Sequence[ViewEvent]) -> None:
        rows = [
            (
                e.position,
                e.aggregate_id,
                e.effective_on,
                orjson.dumps({f: e.data.get(f) for f in MEETING_FIELDS}).decode(),
            )
            for e in events
            if e.type == "meeting_recorded"
        ]
        if rows:
            cursor.executemany(
                db.sql(f"INSERT INTO {db.table(MEETINGS_TABLE)} VALUES (?, ?, ?, ?)"), rows
            )


def read_meetings(
    db: ViewDatabase, cursor: Any, position: int, on: date, meeting_id: str | None = None
) -> list[dict[str, Any]]:
    sql = (
        f"SELECT meeting_id, data FROM {db.table(MEETINGS_TABLE)} "
        "WHERE position <= ? AND held_on <= ?"
    )
    params: tuple[Any, ...] = (position, on.isoformat())
    if meeting_id is not None:
        sql += " AND meeting_id = ?"
        params += (meeting_id,)
    cursor.execute(db.sql(sql + " ORDER BY position"), params)
    return [{"id": r["meeting_id"], **orjson.loads(r["data"])} for r in cursor.fetchall()]


def meeting_rows(
    meetings: list[dict[str, Any]], board: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    by_meeting: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in board:
        if row["meeting_id"] is not None:
            by_meeting[row["meeting_id"]].append(row)
    rows = []
    for meeting in meetings:
        directives = by_meeting.get(meeting["id"], [])
        rows.append(
            {
                **meeting,
                "directive_ids": [d["id"] for d in directives],
                **grid_counts(directives),
            }
        )
    return rows
