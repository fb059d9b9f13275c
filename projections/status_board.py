"""The status board: one row per directive, as it stood on any business date, from the
directives' timelines (``projections.timeline``) kept in one SQL table of spans.

Each batch of events loads the current spans of the directives it touches, advances
them event by event, and writes the changed spans (a closed or superseded one is an
update, a new one an insert). A date is then a range query over the spans, never a fold.
The overdue list, the per-unit table and the meeting summary copy the spans they need
into their own tables (``projections.spans.copy_spans``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from operator import attrgetter
from typing import Any

from projections import board_counts
from projections.database import ViewDatabase
from projections.events import ViewEvent
from projections.spans import alive_sql, chunks, grid_sql, visible_sql
from projections.timeline import (
    NEVER,
    OPEN_END,
    OPEN_SPAN,
    Span,
    State,
    advance,
    day_after,
    span_class,
)

BOARD_TABLE = "ledger_view_board_spans"
STATE_COLUMNS = (
    "seq",
    "code",
    "title",
    "lead_unit",
    "meeting_id",
    "parent_id",
    "status",
    "percent",
    "issued_on",
    "deadline",
    "extensions",
    "completed_on",
    "withdrawn_on",
    "reported_on",
    "version",
    "position",
)
SPAN_COLUMNS = ("directive_id", "valid_from", "recorded", "valid_to", "closed_at", "superseded")
DERIVED_COLUMNS = ("span", "overdue_from", "overdue_span", "closed_grid", "late_days")
ALL_COLUMNS = SPAN_COLUMNS + STATE_COLUMNS + DERIVED_COLUMNS
# The state's columns of a span's row, as one tuple (attrgetter: no loop in Python).
STATE_VALUES = attrgetter(*STATE_COLUMNS)
ROW_COLUMNS = ", ".join(("directive_id", *STATE_COLUMNS, "closed_grid", "late_days"))
FINISH_CHUNK = 10_000  # directives per write at the end of a replay in one transaction
FILTER_SQL = {"status": "status = ?", "unit": "lead_unit = ?", "meeting_id": "meeting_id = ?"}


class BoardStore:
    name = "status-board"
    source: str | None = None

    def __init__(self) -> None:
        self._counts_seen_filled = False

    def tables(self) -> list[str]:
        return [BOARD_TABLE, board_counts.COUNTS_TABLE]

    def create_statements(self, db: ViewDatabase) -> list[str]:
        big, t = db.bigint, db.table(BOARD_TABLE)
        return [
            f"CREATE TABLE IF NOT EXISTS {t} ("
            f"directive_id TEXT NOT NULL, valid_from TEXT NOT NULL, recorded {big} NOT NULL, "
            f"valid_to TEXT NOT NULL, closed_at {big} NOT NULL, superseded {big} NOT NULL, "
            f"seq {big} NOT NULL, code TEXT, title TEXT NOT NULL, lead_unit TEXT NOT NULL, "
            "meeting_id TEXT, parent_id TEXT, status TEXT NOT NULL, percent INTEGER NOT NULL, "
            "issued_on TEXT NOT NULL, deadline TEXT, extensions INTEGER NOT NULL, "
            "completed_on TEXT, withdrawn_on TEXT, reported_on TEXT, "
            f"version {big} NOT NULL, position {big} NOT NULL, span INTEGER NOT NULL, "
            "overdue_from TEXT, overdue_span INTEGER NOT NULL, closed_grid TEXT, "
            "late_days INTEGER NOT NULL, PRIMARY KEY (directive_id, valid_from, recorded))",
            f"CREATE INDEX IF NOT EXISTS {BOARD_TABLE}_seq ON {t} (seq, valid_from)",
            f"CREATE INDEX IF NOT EXISTS {BOARD_TABLE}_alive ON {t} "
            f"(span, valid_from, valid_to, closed_grid, deadline) WHERE superseded = {NEVER}",
            f"CREATE INDEX IF NOT EXISTS {BOARD_TABLE}_recorded ON {t} (recorded, valid_from)",
            board_counts.create_statement(db),
        ]

    # ------------------------------------------------------------------ writing

    def apply(
        self, db: ViewDatabase, cursor: Any, events: Sequence[ViewEvent], start: int, end: int
    ) -> None:
        facts = [e for e in events if e.kind == "directive"]
        if not facts:
            return
        if start > 0 and not self._counts_seen_filled:
            # A board from before the counts table is filled in, under the views' lock.
            # Seen filled (committed), it stays so: a reset empties both tables and starts
            # again from 0. A fill made here may yet roll back, so it is checked again.
            if board_counts.is_filled(db, cursor):
                self._counts_seen_filled = True
            else:
                board_counts.fill_from_spans(db, cursor, BOARD_TABLE)
        created = {e.aggregate_id for e in facts if e.type == "issued"}
        current = self._load(db, cursor, sorted({e.aggregate_id for e in facts} - created))
        retired: list[Span] = []
        fold(facts, current, retired)
        changed = [s for spans in current.values() for s in spans if s.dirty] + retired
        write_spans(db, cursor, changed)

    def bulk_writer(self) -> BoardBulkWriter:
        return BoardBulkWriter()

    def _load(self, db: ViewDatabase, cursor: Any, ids: list[str]) -> dict[str, list[Span]]:
        result: dict[str, list[Span]] = {}
        columns = ", ".join(SPAN_COLUMNS + STATE_COLUMNS)
        for chunk in chunks(ids):
            marks = ", ".join("?" for _ in chunk)
            cursor.execute(
                db.sql(
                    f"SELECT {columns} FROM {db.table(BOARD_TABLE)} WHERE directive_id IN "
                    f"({marks}) AND superseded = {NEVER} ORDER BY directive_id, valid_from"
                ),
                list(chunk),
            )
            for r in cursor.fetchall():
                state = State(id=r["directive_id"], **{c: r[c] for c in STATE_COLUMNS})
                span = Span(
                    r["valid_from"],
                    r["valid_to"],
                    int(r["recorded"]),
                    state,
                    closed_at=int(r["closed_at"]),
                    stored=True,
                )
                result.setdefault(r["directive_id"], []).append(span)
        return result


class BoardBulkWriter:
    """The board in a catch-up from nothing: every directive's current spans stay in
    memory (nothing is loaded), the spans an event replaces are written as they go
    (they never change again), and the current ones are written at the end."""

    needs_events = True

    def __init__(self) -> None:
        self.current: dict[str, list[Span]] = {}

    def apply(self, db: ViewDatabase, cursor: Any, events: Sequence[ViewEvent]) -> None:
        retired: list[Span] = []
        fold([e for e in events if e.kind == "directive"], self.current, retired)
        write_spans(db, cursor, retired)

    def finish(self, db: ViewDatabase, cursor: Any, end: int) -> None:
        # In key order: appends to the table's key rather than inserts all over it; in
        # pieces, so that rows reach the database as they are made.
        ids = sorted(self.current)
        for start in range(0, len(ids), FINISH_CHUNK):
            chunk = ids[start : start + FINISH_CHUNK]
            write_spans(db, cursor, [s for i in chunk for s in self.current.pop(i)])


def fold(facts: Sequence[ViewEvent], current: dict[str, list[Span]], retired: list[Span]) -> None:
    """Advance ``current`` (each directive's current spans) by the directive events
    ``facts``; the spans they replace are added to ``retired``."""
    for e in facts:
        if e.type == "issued":
            state = State.issued(e.aggregate_id, e.position, e.effective_on, e.data)
            current[e.aggregate_id] = [Span(e.effective_on, OPEN_END, e.position, state)]
            continue
        spans = current.get(e.aggregate_id)
        if spans is None:
            continue  # not a directive the board knows (no issuing event)
        current[e.aggregate_id] = advance(
            spans, retired, e.type, e.version, e.position, e.effective_on, e.data
        )


def write_spans(db: ViewDatabase, cursor: Any, changed: list[Span]) -> None:
    """Insert the new spans, update the stored ones, and add the grid counts' steps."""
    inserts, updates = [], []
    steps = board_counts.new_steps()
    for s in changed:
        derived = derived_of(s)
        closed_grid, deadline = derived[3], s.state.deadline
        if s.stored and s.stored_to is not None:  # as loaded: a current span
            board_counts.add_span(steps, -1, s.valid_from, s.stored_to, closed_grid, deadline)
        if s.superseded == NEVER:
            board_counts.add_span(steps, 1, s.valid_from, s.valid_to, closed_grid, deadline)
        if s.stored:
            updates.append(
                (
                    s.valid_to,
                    s.closed_at,
                    s.superseded,
                    derived[0],
                    derived[2],
                    s.state.id,
                    s.valid_from,
                    s.recorded,
                )
            )
        else:
            st = s.state
            inserts.append(
                (
                    st.id,
                    s.valid_from,
                    s.recorded,
                    s.valid_to,
                    s.closed_at,
                    s.superseded,
                    *STATE_VALUES(st),
                    *derived,
                )
            )
        s.dirty = False
    t = db.table(BOARD_TABLE)
    if updates:
        cursor.executemany(
            db.sql(
                f"UPDATE {t} SET valid_to = ?, closed_at = ?, superseded = ?, span = ?, "
                "overdue_span = ? WHERE directive_id = ? AND valid_from = ? AND recorded = ?"
            ),
            updates,
        )
    db.insert_many(cursor, BOARD_TABLE, ALL_COLUMNS, inserts)
    board_counts.write(db, cursor, steps)


def derived_of(s: Span) -> tuple[int, str | None, int, str | None, int]:
    """(span class, first overdue day, its span class, closed grid cell, days late)."""
    closed_grid, late_days = s.state.closed_grid()
    overdue_from: str | None = None
    overdue_span = -1  # never overdue within the span
    deadline = s.state.deadline
    if closed_grid is None and deadline is not None:
        overdue_from = max(s.valid_from, day_after(deadline))
        if overdue_from < s.valid_to:
            overdue_span = span_class(overdue_from, s.valid_to)
    return span_class(s.valid_from, s.valid_to), overdue_from, overdue_span, closed_grid, late_days


# ---------------------------------------------------------------------- reading


def board_row(r: Any, on: date) -> dict[str, Any]:
    """The board's row of a span on the day ``on`` (the shape of ``GET /v1/views``)."""
    grid, days = r["closed_grid"], int(r["late_days"])
    deadline = r["deadline"]
    if grid is None:
        if deadline is None:
            grid = "no_deadline"
        else:
            days = (on - date.fromisoformat(deadline)).days
            grid = "open_overdue" if days > 0 else "open_within_deadline"
            days = max(days, 0)
    return {
        "id": r["directive_id"],
        "code": r["code"],
        "title": r["title"],
        "lead_unit": r["lead_unit"],
        "meeting_id": r["meeting_id"],
        "parent_id": r["parent_id"],
        "status": r["status"],
        "percent": int(r["percent"]),
        "issued_on": r["issued_on"],
        "deadline": deadline,
        "extensions": int(r["extensions"]),
        "completed_on": r["completed_on"],
        "withdrawn_on": r["withdrawn_on"],
        "grid": grid,
        "days_overdue": days,
        "version": int(r["version"]),
        "position": int(r["position"]),
    }


def filter_sql(on: date, filters: dict[str, Any]) -> tuple[str, list[Any]]:
    """The board's filters (status, unit, meeting_id, overdue, grid) as SQL."""
    parts: list[str] = []
    params: list[Any] = []
    for name, condition in FILTER_SQL.items():
        if filters.get(name) is not None:
            parts.append(condition)
            params.append(filters[name])
    day = on.isoformat()
    if filters.get("overdue") is not None:
        parts.append(f"({grid_sql()}) {'=' if filters['overdue'] else '<>'} 'open_overdue'")
        params.append(day)
    if filters.get("grid") is not None:
        parts.append(f"({grid_sql()}) = ?")
        params += [day, filters["grid"]]
    return " AND ".join(parts), params


def read_board_page(
    db: ViewDatabase,
    cursor: Any,
    on: date,
    position: int | None,
    after: int,
    limit: int,
    filters: dict[str, Any],
) -> list[tuple[int, dict[str, Any]]]:
    """(issuing position, row) in issuing order after the directive issued at ``after``."""
    visible, params = visible_sql(on, position)
    where, extra = filter_sql(on, filters)
    cursor.execute(
        db.sql(
            f"SELECT {ROW_COLUMNS} FROM {db.table(BOARD_TABLE)} WHERE seq > ? AND {visible}"
            + (f" AND {where}" if where else "")
            + " ORDER BY seq LIMIT ?"
        ),
        [after, *params, *extra, limit],
    )
    return [(int(r["seq"]), board_row(r, on)) for r in cursor.fetchall()]


def read_board_counts(
    db: ViewDatabase, cursor: Any, on: date, position: int | None, filters: dict[str, Any]
) -> dict[str, int]:
    """Directives per grid cell on ``on`` (the whole board, filtered). As known now and
    unfiltered, from the board's counts (``projections.board_counts``); else one pass of
    sums over the day's spans, no grouping (a sort) of them."""
    if position is None and not filters:
        counted = board_counts.read(db, cursor, on)
        if counted is not None:
            return counted
    where, extra = filter_sql(on, filters)
    alive, params = alive_sql(
        db.table(BOARD_TABLE), "closed_grid, deadline", on, position, where, extra
    )
    cells = {
        "completed_on_time": "closed_grid = 'completed_on_time'",
        "completed_late": "closed_grid = 'completed_late'",
        "withdrawn": "closed_grid = 'withdrawn'",
        "no_deadline": "closed_grid IS NULL AND deadline IS NULL",
        "open_overdue": "closed_grid IS NULL AND deadline < ?",
    }
    sums = ", ".join(f"SUM(CASE WHEN {c} THEN 1 ELSE 0 END) AS {k}" for k, c in cells.items())
    cursor.execute(
        db.sql(f"SELECT COUNT(*) AS n, {sums} FROM ({alive}) a"), [on.isoformat(), *params]
    )
    r = cursor.fetchone()
    counts = {k: int(r[k] or 0) for k in cells}
    counts["open_within_deadline"] = int(r["n"]) - sum(counts.values())
    return counts


def changed_since(db: ViewDatabase, cursor: Any, table: str, since: int, on: date) -> bool:
    """Whether a span recorded after position ``since`` starts on or before ``on``: else
    the view on ``on`` is as it was at ``since`` (every change records a span from the
    day it changes on)."""
    cursor.execute(
        db.sql(
            f"SELECT 1 AS x FROM {db.table(table)} WHERE recorded > ? AND valid_from <= ? LIMIT 1"
        ),
        (since, on.isoformat()),
    )
    return cursor.fetchone() is not None


__all__ = ["OPEN_SPAN", "BoardStore", "board_row", "read_board_counts", "read_board_page"]
