"""Due soon (sắp đến hạn): the open directives whose deadline in force falls within N days
of a business date, per lead unit, read from the status board's rows of that day (the
board's bitemporal spans, so an extension granted later in the log but effective by the
day moves the deadline, and a ``Reminded`` event, which changes no board state, moves
nothing). Same ``{position, digest, rows}`` shape as the other views."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from projections.digest import digest_of

if TYPE_CHECKING:
    from projections.service import ViewService

MAX_WITHIN_DAYS = 366
OPEN_WITHIN_DEADLINE = "open_within_deadline"


def due_soon_rows(board: list[dict[str, Any]], on: date, within: int) -> list[dict[str, Any]]:
    """The board's rows due on ``on`` to ``on + within`` days, by lead unit, then the
    nearest deadline first."""
    last_day = on + timedelta(days=within)
    rows: list[dict[str, Any]] = []
    for row in board:
        deadline = row.get("deadline")
        if row.get("grid") != OPEN_WITHIN_DEADLINE or deadline is None:
            continue
        day = date.fromisoformat(deadline)
        if on <= day <= last_day:
            rows.append(
                {
                    "id": row["id"],
                    "code": row["code"],
                    "title": row["title"],
                    "lead_unit": row["lead_unit"],
                    "status": row["status"],
                    "percent": row["percent"],
                    "deadline": deadline,
                    "days_left": (day - on).days,
                    "extensions": row["extensions"],
                }
            )
    rows.sort(key=lambda r: (r["lead_unit"], r["deadline"], r["code"] or "", r["id"]))
    return rows


def due_soon_view(
    views: ViewService, on: date, within: int, unit: str | None = None
) -> dict[str, Any]:
    board = views.view("status-board", on, grid=OPEN_WITHIN_DEADLINE, unit=unit)
    rows = due_soon_rows(board["rows"], on, within)
    return {"position": board["position"], "digest": digest_of(rows), "rows": rows}
