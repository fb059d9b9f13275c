"""The per-unit table: for each lead unit (as of the date), its directives' grid counts
and on-time completion rate (a decimal string, see ``projections.grid.on_time_rate``)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from projections.grid import grid_counts


def unit_rows(board: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_unit: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in board:
        by_unit[row["lead_unit"]].append(row)
    return [{"lead_unit": unit, **grid_counts(by_unit[unit])} for unit in sorted(by_unit)]
