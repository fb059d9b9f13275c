"""The per-unit table: for each lead unit (as of the date), its directives' grid counts
and on-time completion rate (a decimal string, see ``projections.grid.on_time_rate``).

Its own table: the board's spans with the few columns the grid needs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from projections.database import ViewDatabase
from projections.events import ViewEvent
from projections.grid import GRID, on_time_rate
from projections.spans import alive_index, alive_sql, copy_spans, grid_sql, span_table
from projections.status_board import BOARD_TABLE
from projections.store import CopyWriter

UNITS_TABLE = "ledger_view_unit_spans"
COLUMNS = {
    "key_from": "valid_from",
    "valid_from": "valid_from",
    "span": "span",
    "lead_unit": "lead_unit",
    "closed_grid": "closed_grid",
    "deadline": "deadline",
}


class UnitsStore:
    name = "units"
    source: str | None = "status-board"

    def tables(self) -> list[str]:
        return [UNITS_TABLE]

    def create_statements(self, db: ViewDatabase) -> list[str]:
        return [
            span_table(db, UNITS_TABLE, "lead_unit TEXT NOT NULL, closed_grid TEXT, deadline TEXT"),
            alive_index(db, UNITS_TABLE, "lead_unit, closed_grid, deadline"),
        ]

    def apply(
        self, db: ViewDatabase, cursor: Any, events: Sequence[ViewEvent], start: int, end: int
    ) -> None:
        ids = sorted({e.aggregate_id for e in events if e.kind == "directive"})
        self.copy(db, cursor, ids, start, end)

    def copy(
        self, db: ViewDatabase, cursor: Any, ids: Sequence[str] | None, start: int, end: int
    ) -> None:
        copy_spans(db, cursor, BOARD_TABLE, UNITS_TABLE, COLUMNS, "1 = 1", ids, start, end)

    def bulk_writer(self) -> CopyWriter:
        return CopyWriter(self.copy)


def counts_row(counts: dict[str, int]) -> dict[str, Any]:
    cells = {g: counts.get(g, 0) for g in GRID}
    return {
        "directives": sum(cells.values()),
        **cells,
        "on_time_rate": on_time_rate(cells["completed_on_time"], cells["completed_late"]),
    }


def read_units(
    db: ViewDatabase, cursor: Any, on: date, position: int | None
) -> list[dict[str, Any]]:
    alive, params = alive_sql(
        db.table(UNITS_TABLE), "lead_unit, closed_grid, deadline", on, position
    )
    cursor.execute(
        db.sql(
            f"SELECT lead_unit, {grid_sql()} AS grid, COUNT(*) AS n FROM ({alive}) a GROUP BY 1, 2"
        ),
        [on.isoformat(), *params],
    )
    by_unit: dict[str, dict[str, int]] = {}
    for r in cursor.fetchall():
        by_unit.setdefault(r["lead_unit"], {})[r["grid"]] = int(r["n"])
    return [{"lead_unit": unit, **counts_row(by_unit[unit])} for unit in sorted(by_unit)]
