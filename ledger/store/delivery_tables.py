"""The tables of the subscriptions, in the ledger's own database (SQLite or PostgreSQL):
the webhook subscriptions (configuration, with their secrets), each one's delivery
position, and the deliveries parked after failing too long (the dead letters).

Rows, not events: a subscription's secret must never enter the log, which is exported
to auditors and hashed into the tree, and a position that moves at each delivery is
bookkeeping, not a fact of the follow-up.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore

SUBSCRIPTIONS_TABLE = "ledger_subscriptions"
DELIVERIES_TABLE = "ledger_deliveries"
DEAD_LETTERS_TABLE = "ledger_dead_letters"


class DeliveryDatabase:
    """SQL for either engine: ``?`` placeholders (rewritten for psycopg), qualified names."""

    def __init__(self, datastore: Any) -> None:
        if isinstance(datastore, SQLiteDatastore):
            self.engine = "sqlite"
            self._prefix = ""
            self.bigint = "INTEGER"
            self.double = "REAL"
        elif isinstance(datastore, PostgresDatastore):
            self.engine = "postgres"
            self._prefix = f'"{datastore.schema}".'
            self.bigint = "BIGINT"
            self.double = "DOUBLE PRECISION"
        else:
            raise TypeError("subscriptions need a SQLite or PostgreSQL store")
        self.datastore = datastore

    def table(self, name: str) -> str:
        return f"{self._prefix}{name}"

    def sql(self, statement: str) -> str:
        return statement if self.engine == "sqlite" else statement.replace("?", "%s")

    @contextmanager
    def transaction(self, *, commit: bool) -> Iterator[Any]:
        with self.datastore.transaction(commit=commit) as cursor:
            yield cursor

    def execute(self, cursor: Any, statement: str, params: tuple[Any, ...] = ()) -> int:
        """Run one statement; the number of rows it changed."""
        cursor.execute(self.sql(statement), params)
        # eventsourcing's SQLite cursor wraps sqlite3's, which has the row count.
        return int(getattr(cursor, "sqlite_cursor", cursor).rowcount or 0)

    def rows(self, statement: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        with self.transaction(commit=False) as c:
            c.execute(self.sql(statement), params)
            return [dict(row) for row in c.fetchall()]

    def setup(self) -> None:
        statements = [
            f"CREATE TABLE IF NOT EXISTS {self.table(SUBSCRIPTIONS_TABLE)} ("
            "id TEXT PRIMARY KEY, sink TEXT NOT NULL, types TEXT NOT NULL, unit TEXT, "
            "secret TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL, "
            "state TEXT NOT NULL, ended_reason TEXT)",
            f"CREATE TABLE IF NOT EXISTS {self.table(DELIVERIES_TABLE)} ("
            f"subscription_id TEXT PRIMARY KEY, position {self.bigint} NOT NULL, "
            "attempts INTEGER NOT NULL DEFAULT 0, "
            f"failing_since {self.double}, next_attempt_at {self.double} NOT NULL DEFAULT 0, "
            "last_error TEXT, lease_owner TEXT, "
            f"lease_until {self.double} NOT NULL DEFAULT 0, "
            f"delivered {self.bigint} NOT NULL DEFAULT 0)",
            f"CREATE TABLE IF NOT EXISTS {self.table(DEAD_LETTERS_TABLE)} ("
            f"subscription_id TEXT NOT NULL, position {self.bigint} NOT NULL, "
            "parked_at TEXT NOT NULL, attempts INTEGER NOT NULL, last_error TEXT, "
            "state TEXT NOT NULL, PRIMARY KEY (subscription_id, position))",
        ]
        for attempt in range(3):
            try:
                with self.transaction(commit=True) as c:
                    for statement in statements:
                        c.execute(statement)
                return
            except Exception:  # another process created them meanwhile (PostgreSQL)
                if attempt == 2:
                    raise
