"""The overdue list with ageing: open directives past their deadline on a given date,
oldest first, each with its days overdue and ageing bucket (1-30, 31-60, 61-120, >120)."""

from __future__ import annotations

from typing import Any

from projections.grid import OPEN_OVERDUE, bucket_of

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


def overdue_rows(board: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = [
        {**{f: row[f] for f in OVERDUE_FIELDS}, "bucket": bucket_of(row["days_overdue"])}
        for row in board
        if row["grid"] == OPEN_OVERDUE
    ]
    rows.sort(key=lambda r: (-r["days_overdue"], r["code"] or "", r["id"]))
    return rows
