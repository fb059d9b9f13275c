"""The overdue list with ageing: open directives past their deadline on a given date,
oldest first, each with its days overdue and ageing bucket (1-30, 31-60, 61-120, >120).

Its own table: the board's spans of open directives with a deadline, each from its
first overdue day (the day after the deadline, or the span's start if later).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from projections.database import ViewDatabase
from projections.events import ViewEvent
from projections.grid import bucket_of
from projections.spans import alive_sql, copy_spans, span_table, visible_sql
from projections.status_board import BOARD_TABLE
from projections.store import CopyWriter
from projections.timeline import NEVER

OVERDUE_TABLE = "ledger_view_overdue_spans"
OVERDUE_FIELDS = (
    "id",
    "code",
    "title",
    "lead_unit",
    "meeting_id",
    "status",
    "percent",
    "deadline",
    "extensions",
    "days_overdue",
)
COPIED = ("seq", "code", "title", "lead_unit", "meeting_id", "status", "percent", "deadline")
COLUMNS = {
    "key_from": "valid_from",
    "valid_from": "overdue_from",
    "span": "overdue_span",
    **{c: c for c in (*COPIED, "extensions")},
}
SELECTED = "directive_id, code, title, lead_unit, meeting_id, status, percent, deadline, extensions"


class OverdueStore:
    name = "overdue"
    source: str | None = "status-board"

    def tables(self) -> list[str]:
        return [OVERDUE_TABLE]

    def create_statements(self, db: ViewDatabase) -> list[str]:
        t = db.table(OVERDUE_TABLE)
        return [
            span_table(
                db,
                OVERDUE_TABLE,
                f"seq {db.bigint} NOT NULL, code TEXT, title TEXT NOT NULL, "
                "lead_unit TEXT NOT NULL, meeting_id TEXT, status TEXT NOT NULL, "
                "percent INTEGER NOT NULL, deadline TEXT NOT NULL, extensions INTEGER NOT NULL",
            ),
            # Covering the counts and the order of a day's rows (code, id: the tie-breaks).
            f"CREATE INDEX IF NOT EXISTS {OVERDUE_TABLE}_alive ON {t} "
            f"(span, valid_from, valid_to, deadline, code, directive_id, key_from, recorded) "
            f"WHERE superseded = {NEVER}",
        ]

    def apply(
        self, db: ViewDatabase, cursor: Any, events: Sequence[ViewEvent], start: int, end: int
    ) -> None:
        ids = sorted({e.aggregate_id for e in events if e.kind == "directive"})
        self.copy(db, cursor, ids, start, end)

    def copy(
        self, db: ViewDatabase, cursor: Any, ids: Sequence[str] | None, start: int, end: int
    ) -> None:
        where = "overdue_from IS NOT NULL"
        copy_spans(db, cursor, BOARD_TABLE, OVERDUE_TABLE, COLUMNS, where, ids, start, end)

    def bulk_writer(self) -> CopyWriter:
        return CopyWriter(self.copy)


def bucket_sql(on: date) -> tuple[str, list[str]]:
    """The ageing bucket of a row on ``on`` (days overdue = ``on`` - deadline)."""
    edges = [(on - timedelta(days=n)).isoformat() for n in (30, 60, 120)]
    return (
        "CASE WHEN deadline >= ? THEN '1-30' WHEN deadline >= ? THEN '31-60' "
        "WHEN deadline >= ? THEN '61-120' ELSE '>120' END",
        edges,
    )


def order_key(db: ViewDatabase) -> str:
    """Oldest first (the earliest deadline), then code, then id, compared by code point."""
    c = db.collate
    return f"deadline, COALESCE(code, ''){c}, directive_id{c}"


def read_overdue_page(
    db: ViewDatabase,
    cursor: Any,
    on: date,
    position: int | None,
    after: tuple[str, str, str] | None,
    limit: int,
    unit: str | None,
) -> list[dict[str, Any]]:
    """The page after the row ``after`` (its order key): the keys of every row of the
    day are sorted from the index alone, then only the page's rows are read."""
    where, params = ("lead_unit = ?", [unit]) if unit is not None else ("", [])
    keys = "directive_id, key_from, recorded, deadline, code"
    alive, values = alive_sql(db.table(OVERDUE_TABLE), keys, on, position, where, params)
    key = order_key(db)
    page_where = f"WHERE ({key}) > (?, ?, ?)" if after else ""
    cursor.execute(
        db.sql(f"SELECT {keys} FROM ({alive}) a {page_where} ORDER BY {key} LIMIT ?"),
        [*values, *(after or ()), limit],
    )
    found = [(r["directive_id"], r["key_from"], int(r["recorded"])) for r in cursor.fetchall()]
    if not found:
        return []
    marks = ", ".join("(?, ?, ?)" for _ in found)
    cursor.execute(
        db.sql(
            f"SELECT {SELECTED} FROM {db.table(OVERDUE_TABLE)} "
            f"WHERE (directive_id, key_from, recorded) IN (VALUES {marks})"
        ),
        [v for k in found for v in k],
    )
    rows = [overdue_row(r, on) for r in cursor.fetchall()]
    rows.sort(key=lambda r: (r["deadline"], r["code"] or "", r["id"]))
    return rows


def overdue_row(r: Any, on: date) -> dict[str, Any]:
    days = (on - date.fromisoformat(r["deadline"])).days
    row = {
        "id": r["directive_id"],
        "code": r["code"],
        "title": r["title"],
        "lead_unit": r["lead_unit"],
        "meeting_id": r["meeting_id"],
        "status": r["status"],
        "percent": int(r["percent"]),
        "deadline": r["deadline"],
        "extensions": int(r["extensions"]),
        "days_overdue": days,
    }
    return {**row, "bucket": bucket_of(days)}


def read_overdue_counts(
    db: ViewDatabase, cursor: Any, on: date, position: int | None, unit: str | None
) -> dict[str, int]:
    """Overdue directives per ageing bucket on ``on`` (the whole list)."""
    where, params = ("lead_unit = ?", [unit]) if unit is not None else ("", [])
    alive, values = alive_sql(db.table(OVERDUE_TABLE), "deadline", on, position, where, params)
    bucket, edges = bucket_sql(on)
    cursor.execute(
        db.sql(f"SELECT {bucket} AS bucket, COUNT(*) AS n FROM ({alive}) a GROUP BY 1"),
        [*edges, *values],
    )
    return {r["bucket"]: int(r["n"]) for r in cursor.fetchall()}


__all__ = ["OverdueStore", "read_overdue_counts", "read_overdue_page", "visible_sql"]
