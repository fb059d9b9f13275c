"""The status board's grid counts on any day, as known now, without reading its spans.

Each current span (``superseded = NEVER``) puts its directive in one cell of the grid
over a range of days: a closed span in its ``closed_grid`` cell, an open one without a
deadline in ``no_deadline``, an open one with a deadline ``open_within_deadline`` up to
its deadline and ``open_overdue`` from the day after. A range [a, b) is +1 at day a and
-1 at day b; the table keeps, per cell and day, the sum of those steps. The counts on
day D are then the sums of the steps on or before D: a read of at most one row per cell
and day with a step (a few tens of thousands over a century), whatever the number of
directives, where a count over the spans reads every span alive that day.

The steps are written by ``BoardStore`` in the same transaction as the spans, from each
changed span's range before and after the batch. A board written before this table
existed is filled in from its spans, under the views' lock, at its next batch; until
then ``read`` answers None and the board counts its spans.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from projections.database import ViewDatabase
from projections.grid import GRID, NO_DEADLINE, OPEN_OVERDUE, OPEN_WITHIN_DEADLINE
from projections.timeline import NEVER, day_after

COUNTS_TABLE = "ledger_view_board_counts"
FILL_PAGE = 10_000

Steps = defaultdict[tuple[str, str], int]


def create_statement(db: ViewDatabase) -> str:
    return (
        f"CREATE TABLE IF NOT EXISTS {db.table(COUNTS_TABLE)} (cell TEXT NOT NULL, "
        f"day TEXT NOT NULL, delta {db.bigint} NOT NULL, PRIMARY KEY (cell, day))"
    )


def new_steps() -> Steps:
    return defaultdict(int)


def add_span(
    steps: Steps,
    sign: int,
    valid_from: str,
    valid_to: str,
    closed_grid: str | None,
    deadline: str | None,
) -> None:
    """Add (sign +1) or take away (-1) the cells a span puts its directive in."""
    if closed_grid is not None:
        _add_range(steps, sign, closed_grid, valid_from, valid_to)
    elif deadline is None:
        _add_range(steps, sign, NO_DEADLINE, valid_from, valid_to)
    else:
        overdue_from = max(valid_from, day_after(deadline))
        _add_range(steps, sign, OPEN_WITHIN_DEADLINE, valid_from, min(valid_to, overdue_from))
        _add_range(steps, sign, OPEN_OVERDUE, overdue_from, valid_to)


def _add_range(steps: Steps, sign: int, cell: str, first: str, end: str) -> None:
    if first < end:
        steps[(cell, first)] += sign
        steps[(cell, end)] -= sign


def write(db: ViewDatabase, cursor: Any, steps: Steps) -> None:
    rows = [(cell, day, delta) for (cell, day), delta in steps.items() if delta]
    if not rows:
        return
    cursor.executemany(
        db.sql(
            f"INSERT INTO {db.table(COUNTS_TABLE)} AS c (cell, day, delta) VALUES (?, ?, ?) "
            "ON CONFLICT (cell, day) DO UPDATE SET delta = c.delta + excluded.delta"
        ),
        rows,
    )


def is_filled(db: ViewDatabase, cursor: Any) -> bool:
    cursor.execute(f"SELECT 1 AS x FROM {db.table(COUNTS_TABLE)} LIMIT 1")
    return cursor.fetchone() is not None


def fill_from_spans(db: ViewDatabase, cursor: Any, board_table: str) -> None:
    """The steps of every current span of a board written before this table existed,
    read a page of spans at a time (by the board's key)."""
    steps = new_steps()
    key: tuple[str, str, int] = ("", "", -1)
    while True:
        cursor.execute(
            db.sql(
                "SELECT directive_id, valid_from, recorded, valid_to, closed_grid, deadline "
                f"FROM {db.table(board_table)} WHERE superseded = {NEVER} AND "
                "(directive_id, valid_from, recorded) > (?, ?, ?) "
                f"ORDER BY directive_id, valid_from, recorded LIMIT {FILL_PAGE}"
            ),
            key,
        )
        rows = cursor.fetchall()
        for r in rows:
            add_span(steps, 1, r["valid_from"], r["valid_to"], r["closed_grid"], r["deadline"])
        if len(rows) < FILL_PAGE:
            break
        last = rows[-1]
        key = (last["directive_id"], last["valid_from"], int(last["recorded"]))
    write(db, cursor, steps)


def read(db: ViewDatabase, cursor: Any, on: date) -> dict[str, int] | None:
    """Directives per grid cell on ``on`` as known now; None while the table is not
    filled in (a board written before it: the caller counts the spans)."""
    # One range of the key (cell, day) per cell: the steps on or before ``on`` only.
    # The cells are the grid's own names (constants), written into the statement.
    table = db.table(COUNTS_TABLE)
    ranges = (
        f"SELECT '{cell}' AS cell, SUM(delta) AS n FROM {table} WHERE cell = ? AND day <= ?"
        for cell in GRID
    )
    cursor.execute(
        db.sql(" UNION ALL ".join(ranges)),
        [value for cell in GRID for value in (cell, on.isoformat())],
    )
    counts = {r["cell"]: int(r["n"] or 0) for r in cursor.fetchall()}
    if not any(counts.values()) and not is_filled(db, cursor):
        return None
    return counts
