"""What the pages say of units that were succeeded, and of illustrative data.

A unit shown on a date is the one that bore its name that day; when its work has since
passed to a successor, the pages add "(nay là ...)" / "(now ...)". In the per-unit table
each current unit comes first with its predecessors' rows folded under it. Reads only,
through the application (the web floor never touches the store).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from ledger.domain.unit import Unit
from ledger.sample.illustrative import LABEL, is_illustrative_text


class UnitReader(Protocol):
    def unit_named(self, name: str, on: date) -> Unit | None: ...
    def current_unit(self, unit: Unit) -> Unit: ...


def now_is(ledger: UnitReader, name: str | None, on: date) -> str | None:
    """The name of the body that holds ``name``'s work today, if another one."""
    if not name:
        return None
    unit = ledger.unit_named(name, on)
    if unit is None:
        return None
    current = ledger.current_unit(unit)
    if current.id == unit.id or current.name == unit.name:
        return None
    return current.name


def fold_unit_rows(
    ledger: UnitReader, rows: list[dict[str, Any]], on: date
) -> list[dict[str, Any]]:
    """The per-unit rows with ``note`` (the successor's name) and ``folded`` (a row shown
    under its successor's), each successor's row followed by its predecessors'."""
    noted = [{**row, "note": now_is(ledger, row.get("label"), on), "folded": False} for row in rows]
    by_label = {row["label"]: row for row in noted}
    placed: list[dict[str, Any]] = []
    for row in noted:
        if row["note"] is not None and row["note"] in by_label:
            continue  # shown under its successor
        placed.append(row)
        placed.extend(
            {**other, "folded": True}
            for other in noted
            if other["note"] is not None and other["note"] == row["label"]
        )
    return placed


def illustrative_in(rows: list[dict[str, Any]]) -> bool:
    return any(is_illustrative_text(str(row.get("title") or "")) for row in rows)


__all__ = ["LABEL", "fold_unit_rows", "illustrative_in", "now_is"]
