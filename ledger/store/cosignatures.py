"""Witness cosignatures, stored beside the checkpoints they cosign: one row per
cosignature line (``— <witness> base64(...)``) and checkpoint size, append-only like the
other integrity tables (UPDATE, DELETE and TRUNCATE refused by triggers).

Mixins for the two application recorders; a line already stored for a size is not
stored twice, and lines come back in the order they were stored.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from psycopg.sql import SQL, Composed, Identifier, Literal

COSIGNATURES_TABLE = "ledger_cosignatures"


class SQLiteCosignatures:
    datastore: SQLiteDatastore

    @staticmethod
    def cosignatures_create_statements() -> list[str]:
        t = COSIGNATURES_TABLE
        return [
            f"CREATE TABLE IF NOT EXISTS {t} ("
            "id INTEGER PRIMARY KEY AUTOINCREMENT, "
            "size INTEGER NOT NULL, "
            "line TEXT NOT NULL, "
            "UNIQUE (size, line))",
            *(
                f"CREATE TRIGGER IF NOT EXISTS {t}_no_{action.lower()} BEFORE {action} ON {t} "
                f"BEGIN SELECT RAISE(ABORT, '{t} is append-only'); END"
                for action in ("UPDATE", "DELETE")
            ),
        ]

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

    def cosignatures_create_statements(self, append_only_function: Composed) -> list[Composed]:
        """The table and its triggers; ``append_only_function`` is the recorder's trigger
        function that raises (created before these statements run)."""
        schema = self.datastore.schema
        self.cosignatures_table = SQL("{}.{}").format(
            Identifier(schema), Identifier(COSIGNATURES_TABLE)
        )
        statements = [
            SQL(
                "CREATE TABLE IF NOT EXISTS {} ("
                "id bigserial PRIMARY KEY, "
                "size bigint NOT NULL, "
                "line text NOT NULL, "
                "UNIQUE (size, line))"
            ).format(self.cosignatures_table)
        ]
        # Created only when missing: CREATE TRIGGER locks its table against writers.
        for trigger, when, each in (
            ("ledger_append_only", "UPDATE OR DELETE", "ROW"),
            ("ledger_no_truncate", "TRUNCATE", "STATEMENT"),
        ):
            create = SQL(
                "CREATE TRIGGER {} BEFORE " + when + " ON {} FOR EACH " + each + " "
                "EXECUTE FUNCTION {}()"
            ).format(Identifier(trigger), self.cosignatures_table, append_only_function)
            statements.append(
                SQL(
                    "DO $TRIGGER$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_trigger "
                    "WHERE tgname = {} AND tgrelid = {}::regclass) THEN {}; END IF; "
                    "END $TRIGGER$"
                ).format(Literal(trigger), Literal(f"{schema}.{COSIGNATURES_TABLE}"), create)
            )
        return statements

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
