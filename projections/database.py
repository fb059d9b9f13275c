"""Where the views live: tables in the events' own database (SQLite file or PostgreSQL),
or a throwaway in-memory SQLite database for an auditor's replay.

Each store of view rows is tracked by eventsourcing's tracking recorder (one row per
store, the last log position applied), written in the same transaction as the rows.
"""

from __future__ import annotations

import re
import sqlite3
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder

PG_TRACKING_TABLE = "ledger_view_tracking"
LOCK_TABLE = "ledger_view_lock"
# "views/": the tracking rows of the views before each had its own tables were "views.".
TRACKING_PREFIX = "views/"


# COPY's text format: tab between columns, \N for NULL, and a backslash before each
# backslash, tab, newline or carriage return within a value.
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NEEDS_ESCAPE = re.compile(r"[\\\t\n\r]")


def copy_text(rows: list[tuple[Any, ...]]) -> bytes:
    """The rows in COPY's text format: built here in one pass, many times quicker than
    psycopg's ``write_row`` (in its pure-Python build) for a rebuild's million rows.
    The values are text, integers or None."""
    search, escapes = NEEDS_ESCAPE.search, COPY_ESCAPES
    lines = []
    for row in rows:
        fields = []
        for v in row:
            if v is None:
                fields.append("\\N")
            elif type(v) is str:
                fields.append(v.translate(escapes) if search(v) else v)
            else:
                fields.append(str(v))
        lines.append("\t".join(fields))
    lines.append("")
    return "\n".join(lines).encode()


class ViewDatabase:
    """SQL for either engine: ``?`` placeholders (rewritten for psycopg), qualified names."""

    def __init__(self, datastore: SQLiteDatastore | PostgresDatastore) -> None:
        self.datastore = datastore
        self.tracking: SQLiteTrackingRecorder | PostgresTrackingRecorder
        if isinstance(datastore, SQLiteDatastore):
            self.engine = "sqlite"
            self.tracking = SQLiteTrackingRecorder(datastore)
            self.tracking_table = "tracking"
            self._prefix = ""
            self.bigint = "INTEGER"
            self.collate = ""  # text compares by code point, as Python's does
        else:
            self.engine = "postgres"
            self.tracking = PostgresTrackingRecorder(
                datastore, tracking_table_name=PG_TRACKING_TABLE
            )
            self._prefix = f'"{datastore.schema}".'
            self.tracking_table = self.table(PG_TRACKING_TABLE)
            self.bigint = "BIGINT"
            self.collate = ' COLLATE "C"'

    @classmethod
    def memory(cls) -> ViewDatabase:
        """A private in-memory database (shared by this datastore's connections only)."""
        name = f"file:ledger-views-{uuid.uuid4().hex}?mode=memory&cache=shared"
        return cls(SQLiteDatastore(name))

    def table(self, name: str) -> str:
        return f"{self._prefix}{name}"

    def sql(self, statement: str) -> str:
        return statement if self.engine == "sqlite" else statement.replace("?", "%s")

    def insert_many(
        self, cursor: Any, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
    ) -> None:
        """Rows into a table that takes them as they are (no conflict to resolve): a COPY
        on PostgreSQL, much cheaper per row than INSERT; one prepared INSERT on SQLite."""
        if not rows:
            return
        names = ", ".join(columns)
        if self.engine == "postgres":
            with cursor.copy(f"COPY {self.table(table)} ({names}) FROM STDIN") as copy:
                copy.write(copy_text(rows))
            return
        marks = ", ".join("?" for _ in columns)
        cursor.executemany(f"INSERT INTO {self.table(table)} ({names}) VALUES ({marks})", rows)

    @contextmanager
    def transaction(self, *, commit: bool) -> Iterator[Any]:
        with self.datastore.transaction(commit=commit) as cursor:
            if not commit and self.engine == "postgres":
                # One snapshot for every statement of a read (positions and rows agree).
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield cursor

    def setup(self, create_statements: list[str]) -> None:
        try:
            self.tracking.create_table()
        except IntegrityError:
            # eventsourcing checks for the table before its transaction: another process
            # (a second API worker, `project --follow`) created it in between. Now it exists.
            self.tracking.create_table()
        with self.transaction(commit=True) as c:
            c.execute(
                f"CREATE TABLE IF NOT EXISTS {self.table(LOCK_TABLE)} "
                f"(id INTEGER PRIMARY KEY, runs {self.bigint} NOT NULL)"
            )
            c.execute(
                self.sql(
                    f"INSERT INTO {self.table(LOCK_TABLE)} (id, runs) VALUES (1, 0) "
                    "ON CONFLICT (id) DO NOTHING"
                )
            )
            for statement in create_statements:
                c.execute(statement)

    def lock(self, cursor: Any) -> None:
        """Serialise runners: a write first, so SQLite takes its write lock before any read
        (no stale snapshot) and a second PostgreSQL runner waits for the first's commit."""
        statement = f"UPDATE {self.table(LOCK_TABLE)} SET runs = runs + 1 WHERE id = 1"
        if self.engine == "postgres":
            cursor.execute(statement)
            return
        # SQLite's own busy handler backs off up to 100 ms between tries, so a runner in
        # another process than a busy writer can wait for seconds: try every millisecond.
        cursor.execute("PRAGMA busy_timeout")
        timeout_ms = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA busy_timeout = 0")
        try:
            give_up = time.monotonic() + timeout_ms / 1000
            while True:
                try:
                    cursor.execute(statement)
                    return
                except sqlite3.OperationalError as e:
                    if "locked" not in str(e) or time.monotonic() > give_up:
                        raise
                    time.sleep(0.001)
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")

    def tracked(self, cursor: Any, store: str) -> int:
        cursor.execute(
            self.sql(
                f"SELECT notification_id FROM {self.tracking_table} WHERE application_name = ?"
            ),
            (TRACKING_PREFIX + store,),
        )
        row = cursor.fetchone()
        return 0 if row is None else int(row["notification_id"] or 0)

    def tracked_many(self, cursor: Any, stores: list[str]) -> dict[str, int]:
        return {store: self.tracked(cursor, store) for store in stores}

    def track(self, cursor: Any, store: str, position: int) -> None:
        """Raises IntegrityError if ``position`` is not beyond the store's tracked one."""
        self.tracking._insert_tracking(cursor, Tracking(TRACKING_PREFIX + store, position))

    def untrack(self, cursor: Any, store: str) -> None:
        cursor.execute(
            self.sql(f"DELETE FROM {self.tracking_table} WHERE application_name = ?"),
            (TRACKING_PREFIX + store,),
        )

    def close(self) -> None:
        self.datastore.close()
