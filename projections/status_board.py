"""The status board: one row per directive, as it stood on a given business date.

Read from the events store (``projections.event_store``): every directive event as a
compact fact (position, directive, version, type, effective date, the few fields the
board shows). Rows for a date are folded from the facts effective by then
(``projections.grid``), so late-recorded events with early effective dates count on
their effective date.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date
from typing import Any

import orjson

from projections.database import ViewDatabase
from projections.event_store import EVENTS_TABLE
from projections.grid import DirectiveFold, fold_facts


def read_facts(
    db: ViewDatabase, cursor: Any, after: int, upto: int, on: date
) -> list[tuple[int, str, int, str, str, Any]]:
    """Directive facts at positions in (after, upto], effective on or before ``on``."""
    cursor.execute(
        db.sql(
            "SELECT position, aggregate_id, version, type, effective_on, data "
            f"FROM {db.table(EVENTS_TABLE)} WHERE position > ? AND position <= ? "
            "AND effective_on <= ? AND kind = 'directive' ORDER BY position"
        ),
        (after, upto, on.isoformat()),
    )
    loads = orjson.loads
    return [
        (
            int(r["position"]),
            r["aggregate_id"],
            int(r["version"]),
            r["type"],
            r["effective_on"],
            None if r["data"] is None else loads(r["data"]),
        )
        for r in cursor.fetchall()
    ]


class FoldCache:
    """The folded board of the last few dates asked about, each at the position it was
    folded to: a later position folds only the facts recorded since (facts are only ever
    appended), so reading the board under write load costs the new events, not the log."""

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[date, tuple[int, dict[str, DirectiveFold]]] = OrderedDict()

    def has(self, on: date) -> bool:
        with self._lock:
            return on in self._entries

    def folds(self, db: ViewDatabase, cursor: Any, position: int, on: date) -> list[DirectiveFold]:
        with self._lock:
            entry = self._entries.get(on)
        if entry is not None and entry[0] <= position:
            base_position, base = entry
            if base_position == position:
                return list(base.values())
            folds = fold_facts(read_facts(db, cursor, base_position, position, on), on, base)
        else:
            folds = fold_facts(read_facts(db, cursor, 0, position, on), on)
        with self._lock:
            current = self._entries.get(on)
            if current is None or current[0] < position:
                self._entries[on] = (position, folds)
                self._entries.move_to_end(on)
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        return list(folds.values())


def read_folds(db: ViewDatabase, cursor: Any, position: int, on: date) -> list[DirectiveFold]:
    return list(fold_facts(read_facts(db, cursor, 0, position, on), on).values())


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
