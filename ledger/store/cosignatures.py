"""Witness cosignatures, stored beside the checkpoints they cosign: one row per
cosignature line (``— <witness> base64(...)``, without its newline) and checkpoint size,
append-only like the other integrity tables (the recorders' triggers refuse UPDATE,
DELETE and TRUNCATE).

Mixins for the two application recorders: a line already stored for a size is not
stored twice, and lines come back in the order they were stored.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from psycopg.sql import SQL, Composed

from ledger.store.tables import COSIGNATURES_TABLE

SQLITE_COSIGNATURES_TABLE = (
    f"CREATE TABLE IF NOT EXISTS {COSIGNATURES_TABLE} ("
    "id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "size INTEGER NOT NULL, "
    "line TEXT NOT NULL, "
    "UNIQUE (size, line))"
)


def postgres_cosignatures_table(table: Composed) -> Composed:
    return SQL(
        "CREATE TABLE IF NOT EXISTS {} ("
        "id bigserial PRIMARY KEY, "
        "size bigint NOT NULL, "
        "line text NOT NULL, "
        "UNIQUE (size, line))"
    ).format(table)


class SQLiteCosignatures:
    datastore: SQLiteDatastore

    def insert_cosignatures(self, size: int, lines: list[str]) -> None:
        with self.datastore.transaction(commit=True) as c:
            for line in lines:
                c.execute(
                    f"INSERT OR IGNORE INTO {COSIGNATURES_TABLE} (size, line) VALUES (?, ?)",
                    (size, line.removesuffix("\n")),
                )

    def cosignatures(self, size: int) -> list[str]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT line FROM {COSIGNATURES_TABLE} WHERE size = ? ORDER BY id", (size,))
            return [str(row[0]) for row in c.fetchall()]


class PostgresCosignatures:
    datastore: PostgresDatastore
    cosignatures_table: Composed

    def insert_cosignatures(self, size: int, lines: list[str]) -> None:
        with self.datastore.transaction(commit=True) as curs:
            for line in lines:
                curs.execute(
                    SQL(
                        "INSERT INTO {} (size, line) VALUES (%s, %s) "
                        "ON CONFLICT (size, line) DO NOTHING"
                    ).format(self.cosignatures_table),
                    (size, line.removesuffix("\n")),
                )

    def cosignatures(self, size: int) -> list[str]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                SQL("SELECT line FROM {} WHERE size = %s ORDER BY id").format(
                    self.cosignatures_table
                ),
                (size,),
            )
            rows: list[Any] = curs.fetchall()
            return [str(row["line"]) for row in rows]
