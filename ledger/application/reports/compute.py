"""A periodic report's figures, read from the views (``projections.service.ViewService``)
on the period's last day, all at one log position: the views are the only source, so
every figure equals what ``GET /v1/views/...?on=<last day>&position=<P>`` answers.

- ``units``: the grid per lead unit (the ``units`` view; with a meeting filter, the
  status board's rows of that meeting, counted the same way);
- ``meetings``: the grid per meeting (the ``meetings`` view; with a unit filter, the
  status board's rows of that unit, counted per meeting);
- ``overdue``: the ``overdue`` view, with its ageing buckets counted;
- ``completed``: board rows completed (verified) whose completion is dated in the period;
- ``extended``: board rows with more extensions on the last day than on the day before
  the period began (the board read on both days at the same position).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ledger.application.reports.period import Period
from projections.grid import BUCKETS, GRID
from projections.service import ViewService
from projections.units import counts_row

FORMAT = "directive-ledger/report/v1"
COMPLETED = ("completed_on_time", "completed_late")
COUNT_COLUMNS = ("directives", *GRID, "on_time_rate")
TABLES = ("units", "meetings", "overdue", "ageing", "completed", "extended")


@dataclass(frozen=True)
class ReportRequest:
    period: Period
    meeting_id: str | None = None
    unit: str | None = None
    position: int | None = None


def compute_figures(views: ViewService, request: ReportRequest) -> dict[str, Any]:
    """``{position, on, sources, tables}``: the tables of the report and, for each view
    read, its query and digest (to compare with the API's answer)."""
    on = request.period.end
    position = views.position() if request.position is None else request.position
    reader = Reader(views, position)
    board_filters = {"meeting_id": request.meeting_id, "unit": request.unit}
    board = reader.read("status-board", on, **board_filters)
    meetings = reader.read("meetings", on, meeting_id=request.meeting_id)
    titles = {m["id"]: m for m in meetings}

    if request.meeting_id is None:
        units = [
            row
            for row in reader.read("units", on)
            if request.unit is None or row["lead_unit"] == request.unit
        ]
    else:
        units = grouped(board, "lead_unit")
    if request.unit is None:
        per_meeting = [meeting_counts(m) for m in meetings]
    else:
        order = {m["id"]: i for i, m in enumerate(meetings)}  # as the meetings view
        counted = grouped((r for r in board if r["meeting_id"]), "meeting_id")
        per_meeting = [
            {"meeting_id": row["meeting_id"], **meeting_label(titles, row["meeting_id"]), **row}
            for row in sorted(counted, key=lambda r: order.get(r["meeting_id"], len(order)))
        ]
    overdue = [
        overdue_row(r)
        for r in reader.read("overdue", on, unit=request.unit)
        if request.meeting_id is None or r["meeting_id"] == request.meeting_id
    ]
    ageing = {b: sum(1 for r in overdue if r["bucket"] == b) for b in BUCKETS}
    start, end = request.period.start.isoformat(), on.isoformat()
    completed = [
        completed_row(r)
        for r in board
        if r["grid"] in COMPLETED and start <= (r["completed_on"] or "") <= end
    ]
    before = {r["id"]: r for r in reader.read("status-board", request.period.day_before)}
    extended = [
        extended_row(r, before.get(r["id"]))
        for r in board
        if r["extensions"] > int((before.get(r["id"]) or {}).get("extensions", 0))
    ]
    return {
        "position": position,
        "on": end,
        "sources": reader.sources,
        "host_bodies": sorted({str(m["host_body"]) for m in meetings if m.get("host_body")}),
        "tables": {
            "units": [*units, total_row(units, "lead_unit")],
            "meetings": per_meeting,
            "overdue": overdue,
            "ageing": {**ageing, "total": len(overdue)},
            "completed": completed,
            "extended": extended,
        },
    }


class Reader:
    """Reads whole views at one position and keeps what it read: view, date, filters,
    the position answered and the digest of the rows."""

    def __init__(self, views: ViewService, position: int) -> None:
        self.views = views
        self.position = position
        self.sources: list[dict[str, Any]] = []

    def read(self, name: str, on: date, **filters: Any) -> list[dict[str, Any]]:
        shown = {k: v for k, v in filters.items() if v is not None}
        view = self.views.view(name, on, known_at=self.position, **shown)
        self.sources.append(
            {
                "view": name,
                "on": on.isoformat(),
                "filters": shown,
                "position": int(view["position"]),
                "digest": view["digest"],
            }
        )
        rows: list[dict[str, Any]] = view["rows"]
        return rows


def grouped(rows: Iterable[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """Board rows counted in the grid per ``key`` (as the units view counts them)."""
    cells: dict[str, dict[str, int]] = {}
    for row in rows:
        counts = cells.setdefault(row[key], {})
        counts[row["grid"]] = counts.get(row["grid"], 0) + 1
    return [{key: name, **counts_row(cells[name])} for name in sorted(cells)]


def total_row(rows: list[dict[str, Any]], key: str) -> dict[str, Any]:
    counts = {g: sum(int(r[g]) for r in rows) for g in GRID}
    return {key: None, **counts_row(counts)}


def meeting_label(meetings: dict[str, dict[str, Any]], meeting_id: str) -> dict[str, Any]:
    found = meetings.get(meeting_id) or {}
    return {"title": found.get("title"), "held_on": found.get("held_on")}


def meeting_counts(meeting: dict[str, Any]) -> dict[str, Any]:
    return {
        "meeting_id": meeting["id"],
        "title": meeting.get("title"),
        "held_on": meeting.get("held_on"),
        **{c: meeting[c] for c in COUNT_COLUMNS},
    }


def overdue_row(r: dict[str, Any]) -> dict[str, Any]:
    keep = ("id", "code", "title", "lead_unit", "deadline", "extensions", "percent")
    return {**{k: r[k] for k in keep}, "days_overdue": r["days_overdue"], "bucket": r["bucket"]}


def completed_row(r: dict[str, Any]) -> dict[str, Any]:
    keep = ("id", "code", "title", "lead_unit", "deadline", "completed_on", "grid")
    return {k: r[k] for k in keep}


def extended_row(r: dict[str, Any], before: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "id": r["id"],
        "code": r["code"],
        "title": r["title"],
        "lead_unit": r["lead_unit"],
        "deadline_before": None if before is None else before["deadline"],
        "deadline": r["deadline"],
        "extensions_in_period": r["extensions"] - int((before or {}).get("extensions", 0)),
    }
