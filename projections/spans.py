"""SQL over span tables (``projections.timeline``): which spans a day shows, the grid cell
of a span on that day, and the copy of the board's spans into a view's own tables.

A span is visible on day D as known at position P when it was recorded by P, not yet
superseded at P, starts on or before D, and ends after D (or was still open-ended at P):

    recorded <= P < superseded AND valid_from <= D AND (valid_to > D OR closed_at > P)

As known now (the view's own position) that is ``superseded = NEVER AND valid_from <= D
< valid_to``, answered per span class (``timeline.span_class``) as one index range each:
a day's spans of class c start within 2**c days before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from projections.database import ViewDatabase
from projections.timeline import NEVER, OPEN_END, OPEN_SPAN

MAX_CLASS = 16  # 2**16 days: 179 years
ID_CHUNK = 500


def grid_sql(prefix: str = "") -> str:
    """The grid cell of a span on the day bound to ``?``."""
    return (
        f"CASE WHEN {prefix}closed_grid IS NOT NULL THEN {prefix}closed_grid "
        f"WHEN {prefix}deadline IS NULL THEN 'no_deadline' "
        f"WHEN {prefix}deadline < ? THEN 'open_overdue' ELSE 'open_within_deadline' END"
    )


def visible_sql(
    on: date, position: int | None, valid_from: str = "valid_from"
) -> tuple[str, list[Any]]:
    """The visibility condition (see the module's docstring) and its parameters."""
    day = on.isoformat()
    if position is None:
        return f"superseded = {NEVER} AND {valid_from} <= ? AND valid_to > ?", [day, day]
    return (
        f"recorded <= ? AND superseded > ? AND {valid_from} <= ? "
        "AND (valid_to > ? OR closed_at > ?)",
        [position, position, day, day, position],
    )


def alive_sql(
    table: str,
    columns: str,
    on: date,
    position: int | None,
    where: str = "",
    params: Sequence[Any] = (),
    valid_from: str = "valid_from",
    span: str = "span",
) -> tuple[str, list[Any]]:
    """A SELECT of ``columns`` of the spans of ``table`` visible on ``on`` (known at
    ``position``, or now), with an extra condition ``where``."""
    extra = f" AND ({where})" if where else ""
    if position is not None:
        condition, known = visible_sql(on, position, valid_from)
        return f"SELECT {columns} FROM {table} WHERE {condition}{extra}", [*known, *params]
    day = on.isoformat()
    parts = [
        f"SELECT {columns} FROM {table} WHERE {span} = {OPEN_SPAN} "
        f"AND superseded = {NEVER} AND {valid_from} <= ?{extra}"
    ]
    values: list[Any] = [day, *params]
    for c in range(1, MAX_CLASS + 1):
        try:
            low = (on - timedelta(days=2**c)).isoformat()
        except OverflowError:
            low = "0000-00-00"
        parts.append(
            f"SELECT {columns} FROM {table} WHERE {span} = {c} AND superseded = {NEVER} "
            f"AND {valid_from} > ? AND {valid_from} <= ? AND valid_to > ?{extra}"
        )
        values += [low, day, day, *params]
    return " UNION ALL ".join(parts), values


def chunks(ids: Sequence[str]) -> list[Sequence[str]]:
    return [ids[i : i + ID_CHUNK] for i in range(0, len(ids), ID_CHUNK)]


def copy_spans(
    db: ViewDatabase,
    cursor: Any,
    source: str,
    target: str,
    columns: dict[str, str],
    where: str,
    ids: Sequence[str] | None,
    start: int,
    end: int,
) -> None:
    """Upsert into ``target`` the spans of ``source`` (the board's) of the directives
    ``ids`` (None: every directive) that were recorded, closed or superseded in positions
    (start, end], as they stood at ``end``: the board may be further on (when this view is
    being rebuilt).

    ``columns`` maps the target's columns to expressions over the source's; the target's
    key is (directive_id, key_from, recorded), and ``valid_to``, ``closed_at``,
    ``superseded`` and ``span`` follow the board's changes."""
    later = f"closed_at > {int(end)}"
    clamped = {
        "valid_to": f"CASE WHEN {later} THEN '{OPEN_END}' ELSE valid_to END",
        "closed_at": f"CASE WHEN {later} THEN recorded ELSE closed_at END",
        "superseded": f"CASE WHEN superseded > {int(end)} THEN {NEVER} ELSE superseded END",
    }
    mapped = {"directive_id": "directive_id", "recorded": "recorded", **clamped, **columns}
    # A span still open at ``end`` is of the open class there.
    mapped["span"] = f"CASE WHEN {later} THEN {OPEN_SPAN} ELSE {columns['span']} END"
    names = ", ".join(mapped)
    exprs = ", ".join(mapped.values())
    changing = ("valid_to", "closed_at", "superseded", "span")
    updates = ", ".join(f"{c} = excluded.{c}" for c in changing)
    changed = (
        "recorded <= ? AND (recorded > ? OR (closed_at > ? AND closed_at <= ?) "
        f"OR (superseded > ? AND superseded <= ?)) AND ({where})"
    )
    window = [end, start, start, end, start, end]
    upsert = f"ON CONFLICT (directive_id, key_from, recorded) DO UPDATE SET {updates}"
    insert = f"INSERT INTO {db.table(target)} ({names}) SELECT {exprs} FROM {db.table(source)}"
    if ids is None:
        # Every directive, in the source's key order: appends to the target's key.
        cursor.execute(
            db.sql(
                f"{insert} WHERE {changed} ORDER BY directive_id, valid_from, recorded {upsert}"
            ),
            window,
        )
        return
    for chunk in chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        cursor.execute(
            db.sql(f"{insert} WHERE directive_id IN ({marks}) AND {changed} {upsert}"),
            [*chunk, *window],
        )


def span_table(db: ViewDatabase, table: str, columns: str) -> str:
    """The CREATE TABLE of a view's own span table: the bitemporal columns, then its own."""
    return (
        f"CREATE TABLE IF NOT EXISTS {db.table(table)} ("
        "directive_id TEXT NOT NULL, key_from TEXT NOT NULL, "
        f"recorded {db.bigint} NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT NOT NULL, "
        f"closed_at {db.bigint} NOT NULL, superseded {db.bigint} NOT NULL, "
        f"span INTEGER NOT NULL, {columns}, "
        "PRIMARY KEY (directive_id, key_from, recorded))"
    )


def alive_index(db: ViewDatabase, table: str, columns: str) -> str:
    return (
        f"CREATE INDEX IF NOT EXISTS {table}_alive ON {db.table(table)} "
        f"(span, valid_from, valid_to, {columns}) WHERE superseded = {NEVER}"
    )
