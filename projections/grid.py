"""The derived status of a directive on a given day (DESIGN section 2, "Derived status").

Pure rules, no storage: a directive's facts (its events, each with its effective date)
are folded in log order, keeping only those effective on or before the day asked about.

- completed on time: the verified completion report is effective on or before the
  deadline in force (after the extensions granted by then); no deadline counts as on time;
- completed late: verified, but reported after the deadline in force;
- open overdue: not completed nor withdrawn, and the day is after the deadline in force
  (a completion reported but not yet verified is still open);
- open within deadline: open, deadline today or later; no deadline: open without one;
- withdrawn.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import date
from typing import Any

COMPLETED_ON_TIME = "completed_on_time"
COMPLETED_LATE = "completed_late"
OPEN_WITHIN_DEADLINE = "open_within_deadline"
OPEN_OVERDUE = "open_overdue"
NO_DEADLINE = "no_deadline"
WITHDRAWN = "withdrawn"
GRID = (
    COMPLETED_ON_TIME,
    COMPLETED_LATE,
    OPEN_WITHIN_DEADLINE,
    OPEN_OVERDUE,
    NO_DEADLINE,
    WITHDRAWN,
)
BUCKETS = ("1-30", "31-60", "61-120", ">120")


def bucket_of(days_overdue: int) -> str:
    if days_overdue <= 30:
        return "1-30"
    if days_overdue <= 60:
        return "31-60"
    if days_overdue <= 120:
        return "61-120"
    return ">120"


def on_time_rate(on_time: int, late: int) -> str | None:
    """Share of completions that were on time, as a decimal string with three places
    ("0.667"); None when nothing is completed. A string, so rows hold no floats."""
    total = on_time + late
    if total == 0:
        return None
    permille = (on_time * 1000 * 2 + total) // (total * 2)  # rounded half up
    return f"{permille // 1000}.{permille % 1000:03d}"


def grid_counts(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    counts = dict.fromkeys(GRID, 0)
    total = 0
    for row in rows:
        counts[row["grid"]] += 1
        total += 1
    return {
        "directives": total,
        **counts,
        "on_time_rate": on_time_rate(counts[COMPLETED_ON_TIME], counts[COMPLETED_LATE]),
    }


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
        elif type_ == "lead_unit_succeeded":
            # The successor leads from the succession's day; nothing else changes.
            self.lead_unit = data["lead_unit"]
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
