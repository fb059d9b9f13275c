"""The status board: one row per directive, as it stood on a given business date.

Stored: every directive event as a compact fact (position, directive, version, type,
effective date, the few fields the board shows). Rows for a date are folded from the
facts effective by then (``projections.grid``), so late-recorded events with early
effective dates count on their effective date.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import orjson

from projections.database import ViewDatabase
from projections.events import ViewEvent
from projections.grid import DirectiveFold, fold_facts

FACTS_TABLE = "ledger_view_directive_facts"

# The fields each event type contributes to the board (others only move the version).
FACT_FIELDS: dict[str, tuple[str, ...]] = {
    "issued": ("code", "title", "lead_unit", "deadline", "meeting_id", "parent_id"),
    "progress_reported": ("percent",),
    "extension_granted": ("new_deadline",),
    "reassigned": ("lead_unit",),
}


def fact_data(event: ViewEvent) -> str | None:
    fields = FACT_FIELDS.get(event.type)
    if fields is None:
        return None
    data = event.data
    return orjson.dumps({f: data.get(f) for f in fields}).decode()


class DirectiveFactsStore:
    name = "directives"

    def tables(self) -> list[str]:
        return [FACTS_TABLE]

    def create_statements(self, db: ViewDatabase) -> list[str]:
        return [
            f"CREATE TABLE IF NOT EXISTS {db.table(FACTS_TABLE)} ("
            f"position {db.bigint} PRIMARY KEY, "
            "directive_id TEXT NOT NULL, "
            f"version {db.bigint} NOT NULL, "
            "type TEXT NOT NULL, "
            "effective_on TEXT NOT NULL, "
            "data TEXT)"
        ]

    def apply(self, db: ViewDatabase, cursor: Any, events: Sequence[ViewEvent]) -> None:
        rows = [
            (e.position, e.aggregate_id, e.version, e.type, e.effective_on, fact_data(e))
            for e in events
            if e.kind == "directive"
        ]
        if rows:
            cursor.executemany(
                db.sql(f"INSERT INTO {db.table(FACTS_TABLE)} VALUES (?, ?, ?, ?, ?, ?)"), rows
            )


def read_folds(db: ViewDatabase, cursor: Any, position: int, on: date) -> list[DirectiveFold]:
    cursor.execute(
        db.sql(
            "SELECT position, directive_id, version, type, effective_on, data "
            f"FROM {db.table(FACTS_TABLE)} WHERE position <= ? AND effective_on <= ? "
            "ORDER BY position"
        ),
        (position, on.isoformat()),
    )
    loads = orjson.loads
    facts = (
        (
            int(r["position"]),
            r["directive_id"],
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
