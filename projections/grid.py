"""The derived status of a directive on a given day (DESIGN section 2, "Derived status").

Pure rules, no storage: the cells of the grid and the ageing buckets. The state of a
directive on a day is kept by ``projections.timeline``.

- completed on time: the verified completion report is effective on or before the
  deadline in force (after the extensions granted by then); no deadline counts as on time;
- completed late: verified, but reported after the deadline in force;
- open overdue: not completed nor withdrawn, and the day is after the deadline in force
  (a completion reported but not yet verified is still open);
- open within deadline: open, deadline today or later; no deadline: open without one;
- withdrawn.
"""

from __future__ import annotations

from collections.abc import Iterable
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
