"""The meeting summary: each meeting (as recorded) and its directives' grid counts on a
given date. Its own tables: one row per meeting, and the board's spans of the
directives issued at a meeting (with the few columns the grid needs)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import orjson

from projections.database import ViewDatabase
from projections.events import ViewEvent
from projections.spans import alive_sql, copy_spans, grid_sql, span_table, visible_sql
from projections.status_board import BOARD_TABLE
from projections.store import CopyWriter
from projections.units import counts_row

MEETINGS_TABLE = "ledger_view_meeting_rows"
MEETING_SPANS_TABLE = "ledger_view_meeting_spans"
MEETING_FIELDS = ("title", "held_on", "place", "chair", "host_body", "participants", "source")
COLUMNS = {
    "key_from": "valid_from",
    "valid_from": "valid_from",
    "span": "span",
    "seq": "seq",
    "meeting_id": "meeting_id",
    "closed_grid": "closed_grid",
    "deadline": "deadline",
}


class MeetingsStore:
    name = "meetings"
    source: str | None = "status-board"

    def tables(self) -> list[str]:
        return [MEETINGS_TABLE, MEETING_SPANS_TABLE]

    def create_statements(self, db: ViewDatabase) -> list[str]:
        spans = db.table(MEETING_SPANS_TABLE)
        return [
            f"CREATE TABLE IF NOT EXISTS {db.table(MEETINGS_TABLE)} ("
            f"position {db.bigint} PRIMARY KEY, "
            "meeting_id TEXT NOT NULL UNIQUE, "
            "held_on TEXT NOT NULL, "
            "data TEXT NOT NULL)",
            span_table(
                db,
                MEETING_SPANS_TABLE,
                f"seq {db.bigint} NOT NULL, meeting_id TEXT NOT NULL, closed_grid TEXT, "
                "deadline TEXT",
            ),
            f"CREATE INDEX IF NOT EXISTS {MEETING_SPANS_TABLE}_meeting ON {spans} "
            "(meeting_id, seq)",
        ]

    def apply(
        self, db: ViewDatabase, cursor: Any, events: Sequence[ViewEvent], start: int, end: int
    ) -> None:
        self.record_meetings(db, cursor, events)
        ids = sorted({e.aggregate_id for e in events if e.kind == "directive"})
        self.copy(db, cursor, ids, start, end)

    def record_meetings(self, db: ViewDatabase, cursor: Any, events: Sequence[ViewEvent]) -> None:
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
        db.insert_many(cursor, MEETINGS_TABLE, ("position", "meeting_id", "held_on", "data"), rows)

    def copy(
        self, db: ViewDatabase, cursor: Any, ids: Sequence[str] | None, start: int, end: int
    ) -> None:
        where = "meeting_id IS NOT NULL"
        copy_spans(db, cursor, BOARD_TABLE, MEETING_SPANS_TABLE, COLUMNS, where, ids, start, end)

    def bulk_writer(self) -> CopyWriter:
        return CopyWriter(self.copy, self.record_meetings)


def read_meetings(
    db: ViewDatabase,
    cursor: Any,
    position: int,
    on: date,
    known_at: int | None,
    meeting_id: str | None = None,
) -> list[dict[str, Any]]:
    """The meetings held by ``on``, recorded by ``position``, each with the ids of its
    directives on ``on`` (in issuing order) and their grid counts."""
    sql = (
        f"SELECT meeting_id, data FROM {db.table(MEETINGS_TABLE)} "
        "WHERE position <= ? AND held_on <= ?"
    )
    params: list[Any] = [position, on.isoformat()]
    if meeting_id is not None:
        sql += " AND meeting_id = ?"
        params.append(meeting_id)
    cursor.execute(db.sql(sql + " ORDER BY position"), params)
    meetings = [{"id": r["meeting_id"], **orjson.loads(r["data"])} for r in cursor.fetchall()]
    if not meetings:
        return []
    table = db.table(MEETING_SPANS_TABLE)
    columns = "directive_id, seq, meeting_id, closed_grid, deadline"
    if meeting_id is not None:
        visible, values = visible_sql(on, known_at)
        alive = f"SELECT {columns} FROM {table} WHERE meeting_id = ? AND {visible}"
        values = [meeting_id, *values]
    else:
        alive, values = alive_sql(table, columns, on, known_at)
    cursor.execute(
        db.sql(
            f"SELECT directive_id, meeting_id, {grid_sql()} AS grid FROM ({alive}) a ORDER BY seq"
        ),
        [on.isoformat(), *values],
    )
    ids: dict[str, list[str]] = {}
    counts: dict[str, dict[str, int]] = {}
    for r in cursor.fetchall():
        ids.setdefault(r["meeting_id"], []).append(r["directive_id"])
        cells = counts.setdefault(r["meeting_id"], {})
        cells[r["grid"]] = cells.get(r["grid"], 0) + 1
    return [
        {**m, "directive_ids": ids.get(m["id"], []), **counts_row(counts.get(m["id"], {}))}
        for m in meetings
    ]
