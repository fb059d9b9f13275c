"""The status board: one row per directive, as it stood on a given business date.

Read from the events store (``projections.event_store``): every directive event as a
compact fact (position, directive, version, type, effective date, the few fields the
board shows). Rows for a date are folded from the facts effective by then
(``projections.grid``), so late-recorded events with early effective dates count on
their effective date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson

from projections.database import ViewDatabase
from projections.event_store import EVENTS_TABLE
from projections.grid import DirectiveFold, fold_facts


def read_folds(db: ViewDatabase, cursor: Any, position: int, on: date) -> list[DirectiveFold]:
    cursor.execute(
        db.sql(
            "SELECT position, aggregate_id, version, type, effective_on, data "
            f"FROM {db.table(EVENTS_TABLE)} WHERE position <= ? AND effective_on <= ? "
            "AND kind = 'directive' ORDER BY position"
        ),
        (position, on.isoformat()),
    )
    loads = orjson.loads
    facts = (
        (
            int(r["position"]),
            r["aggregate_id"],
            int(r["version"]),
            r["type"],
            r["effective_on"],
            None if r["data"] is None else loads(r["data"]),
        )
        for r in cursor.fetchall()
    )
    return fold_facts(facts, on)


def board_rows(folds: list[DirectiveFold], on: date) -> list[dict[str, Any]]:
    return [f.row(on) for f in folds]


def matches(
    row: dict[str, Any],
    *,
    status: str | None = None,
    unit: str | None = None,
    meeting_id: str | None = None,
    overdue: bool | None = None,
    grid: str | None = None,
) -> bool:
    if status is not None and row["status"] != status:
        return False
    if unit is not None and row["lead_unit"] != unit:
        return False
    if meeting_id is not None and row["meeting_id"] != meeting_id:
        return False
    if overdue is not None and (row["grid"] == "open_overdue") != overdue:
        return False
    return grid is None or row["grid"] == grid
