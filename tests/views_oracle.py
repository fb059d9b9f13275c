"""The test oracle: the views as the old fold computed them (every fact from position 0,
folded in log order for the date asked about), straight from the log. The views answer
from spans (``projections.timeline``); tests compare the two over random histories."""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

import orjson

from projections.digest import digest_of
from projections.events import Decoder
from projections.grid import (
    COMPLETED_LATE,
    COMPLETED_ON_TIME,
    NO_DEADLINE,
    OPEN_OVERDUE,
    OPEN_WITHIN_DEADLINE,
    WITHDRAWN,
    bucket_of,
    grid_counts,
)

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
MEETING_FIELDS = ("title", "held_on", "place", "chair", "host_body", "participants", "source")


class DirectiveFold:
    """The state of one directive, folded from its facts (same transitions as the
    aggregate's ``@event`` methods, restricted to what the views show)."""

    __slots__ = (
        "code",
        "completed_on",
        "deadline",
        "extensions",
        "id",
        "issued_on",
        "lead_unit",
        "meeting_id",
        "parent_id",
        "percent",
        "position",
        "reported_on",
        "sequence",
        "status",
        "title",
        "version",
        "withdrawn_on",
    )

    def __init__(self, directive_id: str, position: int, effective_on: str, data: Any) -> None:
        self.id = directive_id
        self.sequence = position  # the issuing event's position orders the board
        self.code: str | None = data.get("code")
        self.title: str = data.get("title") or ""
        self.lead_unit: str = data.get("lead_unit") or ""
        self.deadline: str | None = data.get("deadline")
        self.meeting_id: str | None = data.get("meeting_id")
        self.parent_id: str | None = data.get("parent_id")
        self.issued_on = effective_on
        self.status = "issued"
        self.percent = 0
        self.extensions = 0
        self.reported_on: str | None = None
        self.completed_on: str | None = None
        self.withdrawn_on: str | None = None
        self.version = 1
        self.position = position

    def apply(self, type_: str, version: int, position: int, effective_on: str, data: Any) -> None:
        self.version = version
        self.position = position
        if type_ == "accepted":
            self.status = "accepted"
        elif type_ == "progress_reported":
            self.status = "in_progress"
            self.percent = int(data["percent"])
        elif type_ == "extension_granted":
            self.deadline = data["new_deadline"]
            self.extensions += 1
        elif type_ == "reassigned":
            self.lead_unit = data["lead_unit"]
            self.status = "issued"
            self.reported_on = None
        elif type_ == "completion_reported":
            self.status = "completion_reported"
            self.reported_on = effective_on
        elif type_ == "completion_verified":
            self.status = "completed"
            self.percent = 100
            # A verification may be dated before a report that is not yet effective on
            # the day asked about; then the verification's own date stands in for it.
            self.completed_on = self.reported_on or effective_on
        elif type_ == "completion_rejected":
            self.status = "in_progress"
            self.reported_on = None
        elif type_ == "withdrawn":
            self.status = "withdrawn"
            self.withdrawn_on = effective_on
        # extension_requested, extension_refused, annotated: only the version moves.

    def grid_on(self, on: date) -> tuple[str, int]:
        """(grid cell, days overdue or late) on the day ``on``."""
        if self.status == "withdrawn":
            return WITHDRAWN, 0
        deadline = self.deadline
        if self.status == "completed":
            if deadline is None or (self.completed_on or "") <= deadline:
                return COMPLETED_ON_TIME, 0
            late = date.fromisoformat(str(self.completed_on)) - date.fromisoformat(deadline)
            return COMPLETED_LATE, late.days
        if deadline is None:
            return NO_DEADLINE, 0
        overdue = (on - date.fromisoformat(deadline)).days
        if overdue > 0:
            return OPEN_OVERDUE, overdue
        return OPEN_WITHIN_DEADLINE, 0

    def row(self, on: date) -> dict[str, Any]:
        grid, days = self.grid_on(on)
        return {
            "id": self.id,
            "code": self.code,
            "title": self.title,
            "lead_unit": self.lead_unit,
            "meeting_id": self.meeting_id,
            "parent_id": self.parent_id,
            "status": self.status,
            "percent": self.percent,
            "issued_on": self.issued_on,
            "deadline": self.deadline,
            "extensions": self.extensions,
            "completed_on": self.completed_on,
            "withdrawn_on": self.withdrawn_on,
            "grid": grid,
            "days_overdue": days,
            "version": self.version,
            "position": self.position,
        }


def fold_facts(
    facts: Iterable[tuple[int, str, int, str, str, Any]],
    on: date,
    folds: dict[str, DirectiveFold] | None = None,
) -> dict[str, DirectiveFold]:
    """Fold facts ``(position, directive_id, version, type, effective_on, data)`` given in
    log order, keeping those effective on or before ``on``; directives in issuing order.

    Given ``folds`` (the result for earlier facts), go on from there without changing it:
    a fold that a new fact touches is copied first, so the earlier result stays valid for
    whoever still reads it."""
    limit = on.isoformat()
    result: dict[str, DirectiveFold] = {} if folds is None else dict(folds)
    copied: set[str] = set()
    for position, directive_id, version, type_, effective_on, data in facts:
        if effective_on > limit:
            continue
        if type_ == "issued":
            result[directive_id] = DirectiveFold(directive_id, position, effective_on, data)
            copied.add(directive_id)
            continue
        fold = result.get(directive_id)
        if fold is None:
            continue
        if folds is not None and directive_id not in copied:
            fold = result[directive_id] = copy.copy(fold)
            copied.add(directive_id)
        fold.apply(type_, version, position, effective_on, data)
    return result


def overdue_rows(board: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = [
        {**{f: row[f] for f in OVERDUE_FIELDS}, "bucket": bucket_of(row["days_overdue"])}
        for row in board
        if row["grid"] == OPEN_OVERDUE
    ]
    rows.sort(key=lambda r: (-r["days_overdue"], r["code"] or "", r["id"]))
    return rows


def unit_rows(board: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_unit: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in board:
        by_unit[row["lead_unit"]].append(row)
    return [{"lead_unit": unit, **grid_counts(by_unit[unit])} for unit in sorted(by_unit)]


def meeting_rows(
    meetings: list[dict[str, Any]], board: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    by_meeting: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in board:
        if row["meeting_id"] is not None:
            by_meeting[row["meeting_id"]].append(row)
    return [
        {
            **m,
            "directive_ids": [d["id"] for d in by_meeting.get(m["id"], [])],
            **grid_counts(by_meeting.get(m["id"], [])),
        }
        for m in meetings
    ]


FACT_FIELDS: dict[str, tuple[str, ...]] = {
    "issued": ("code", "title", "lead_unit", "deadline", "meeting_id", "parent_id"),
    "progress_reported": ("percent",),
    "extension_granted": ("new_deadline",),
    "reassigned": ("lead_unit",),
}


class Oracle:
    """The old fold's views of the log up to a position."""

    def __init__(self, app: Any, upto: int | None = None) -> None:
        notifications = app.recorder.select_notifications(
            0, 10**9, stop=upto, inclusive_of_start=False
        )
        self.events = Decoder(app.mapper).decode_all(notifications)
        self.position = self.events[-1].position if self.events else 0

    def facts(self) -> list[tuple[int, str, int, str, str, Any]]:
        result = []
        for e in self.events:
            if e.kind != "directive":
                continue
            fields = FACT_FIELDS.get(e.type)
            data = (
                None
                if fields is None
                else orjson.loads(orjson.dumps({f: e.data.get(f) for f in fields}))
            )
            result.append((e.position, e.aggregate_id, e.version, e.type, e.effective_on, data))
        return result

    def board(self, on: date) -> list[dict[str, Any]]:
        return [f.row(on) for f in fold_facts(self.facts(), on).values()]

    def meetings(self, on: date) -> list[dict[str, Any]]:
        return [
            {"id": e.aggregate_id, **{f: e.data.get(f) for f in MEETING_FIELDS}}
            for e in self.events
            if e.type == "meeting_recorded" and e.effective_on <= on.isoformat()
        ]

    def rows(self, name: str, on: date) -> list[dict[str, Any]]:
        board = self.board(on)
        if name == "status-board":
            return board
        if name == "overdue":
            return overdue_rows(board)
        if name == "units":
            return unit_rows(board)
        if name == "meetings":
            return meeting_rows(self.meetings(on), board)
        raise KeyError(name)

    def digest(self, name: str, on: date) -> str:
        return digest_of(self.rows(name, on))


__all__ = [
    "COMPLETED_LATE",
    "COMPLETED_ON_TIME",
    "NO_DEADLINE",
    "OPEN_WITHIN_DEADLINE",
    "WITHDRAWN",
    "Iterable",
    "copy",
]
