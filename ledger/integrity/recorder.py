"""Application recorders that write, in the same transaction as each stored event, its
Merkle leaf and (when given) the idempotency key of the request that caused it.

So the log and its leaves never disagree, and a retried request never appends twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore
from psycopg.sql import SQL, Identifier

from ledger.integrity.entry import leaf_hash_of_row

LEAVES_TABLE = "ledger_leaves"
IDEMPOTENCY_TABLE = "ledger_idempotency"


@dataclass(frozen=True)
class IdempotencyRecord:
    """A request's idempotency key, scoped to its principal, and what it appended."""

    principal_id: str
    key: str
    fingerprint: str
    aggregate_id: str


def _leaf_rows(ids: Sequence[int], stored_events: Sequence[StoredEvent]) -> list[tuple[Any, ...]]:
    return [
        (
            position,
            str(s.originator_id),
            s.originator_version,
            leaf_hash_of_row(position, s.originator_id, s.originator_version, s.topic, s.state),
        )
        for position, s in zip(ids, stored_events, strict=True)
    ]


def _idempotency_row(
    record: IdempotencyRecord, ids: Sequence[int], stored_events: Sequence[StoredEvent]
) -> tuple[Any, ...]:
    last, last_position = stored_events[-1], ids[-1]
    for position, s in zip(ids, stored_events, strict=True):
        if str(s.originator_id) == record.aggregate_id:
            last, last_position = s, position
    return (
        record.principal_id,
        record.key,
        record.fingerprint,
        record.aggregate_id,
        last.originator_version,
        last_position,
    )


class LedgerSQLiteRecorder(SQLiteApplicationRecorder):
    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name)

    def construct_create_table_statements(self) -> list[str]:
        statements = super().construct_create_table_statements()
        statements.append(
            f"CREATE TABLE IF NOT EXISTS {LEAVES_TABLE} ("
            "position INTEGER PRIMARY KEY, "
            "aggregate_id TEXT NOT NULL, "
            "version INTEGER NOT NULL, "
            "leaf_hash BLOB NOT NULL)"
        )
        statements.append(
            f"CREATE INDEX IF NOT EXISTS {LEAVES_TABLE}_aggregate "
            f"ON {LEAVES_TABLE} (aggregate_id, version)"
        )
        statements.append(
            f"CREATE TABLE IF NOT EXISTS {IDEMPOTENCY_TABLE} ("
            "principal_id TEXT NOT NULL, "
            "key TEXT NOT NULL, "
            "fingerprint TEXT NOT NULL, "
            "aggregate_id TEXT NOT NULL, "
            "version INTEGER NOT NULL, "
            "position INTEGER NOT NULL, "
            "PRIMARY KEY (principal_id, key))"
        )
        return statements

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        assert ids is not None
        c.executemany(
            f"INSERT INTO {LEAVES_TABLE} (position, aggregate_id, version, leaf_hash) "
            "VALUES (?, ?, ?, ?)",
            _leaf_rows(ids, stored_events),
        )
        record = kwargs.get("idempotency")
        if isinstance(record, IdempotencyRecord) and stored_events:
            c.execute(
                f"INSERT INTO {IDEMPOTENCY_TABLE} VALUES (?, ?, ?, ?, ?, ?)",
                _idempotency_row(record, ids, stored_events),
            )
        return ids

    def find_idempotency(self, principal_id: str, key: str) -> tuple[Any, ...] | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT fingerprint, aggregate_id, version, position FROM {IDEMPOTENCY_TABLE} "
                "WHERE principal_id = ? AND key = ?",
                (principal_id, key),
            )
            row = c.fetchone()
            return None if row is None else tuple(row)

    def leaves_of(self, aggregate_id: str) -> dict[int, tuple[int, bytes]]:
        """version -> (position, leaf hash) for one aggregate."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT version, position, leaf_hash FROM {LEAVES_TABLE} WHERE aggregate_id = ?",
                (aggregate_id,),
            )
            return {row[0]: (row[1], bytes(row[2])) for row in c.fetchall()}


class LedgerPostgresRecorder(PostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        schema = Identifier(self.datastore.schema)
        self.leaves_table = SQL("{}.{}").format(schema, Identifier(LEAVES_TABLE))
        self.idempotency_table = SQL("{}.{}").format(schema, Identifier(IDEMPOTENCY_TABLE))
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {} ("
                "position bigint PRIMARY KEY, "
                "aggregate_id text NOT NULL, "
                "version bigint NOT NULL, "
                "leaf_hash bytea NOT NULL)"
            ).format(self.leaves_table)
        )
        self.sql_create_statements.append(
            SQL("CREATE INDEX IF NOT EXISTS {} ON {} (aggregate_id, version)").format(
                Identifier(f"{LEAVES_TABLE}_aggregate"), self.leaves_table
            )
        )
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {} ("
                "principal_id text NOT NULL, "
                "key text NOT NULL, "
                "fingerprint text NOT NULL, "
                "aggregate_id text NOT NULL, "
                "version bigint NOT NULL, "
                "position bigint NOT NULL, "
                "PRIMARY KEY (principal_id, key))"
            ).format(self.idempotency_table)
        )

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if not stored_events:
            return []
        try:
            with self.datastore.transaction(commit=True) as curs:
                self._lock_table(curs)
                self._notify_channel(curs)
                self._insert_stored_events(curs, stored_events, **kwargs)
                ids = self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
                assert ids is not None
                curs.executemany(
                    SQL(
                        "INSERT INTO {} (position, aggregate_id, version, leaf_hash) "
                        "VALUES (%s, %s, %s, %s)"
                    ).format(self.leaves_table),
                    _leaf_rows(ids, stored_events),
                )
                record = kwargs.get("idempotency")
                if isinstance(record, IdempotencyRecord):
                    curs.execute(
                        SQL("INSERT INTO {} VALUES (%s, %s, %s, %s, %s, %s)").format(
                            self.idempotency_table
                        ),
                        _idempotency_row(record, ids, stored_events),
                    )
        except psycopg.IntegrityError as e:
            raise IntegrityError(e) from e
        return ids

    def find_idempotency(self, principal_id: str, key: str) -> tuple[Any, ...] | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                SQL(
                    "SELECT fingerprint, aggregate_id, version, position FROM {} "
                    "WHERE principal_id = %s AND key = %s"
                ).format(self.idempotency_table),
                (principal_id, key),
            )
            row = curs.fetchone()
            if row is None:
                return None
            return (row["fingerprint"], row["aggregate_id"], row["version"], row["position"])

    def leaves_of(self, aggregate_id: str) -> dict[int, tuple[int, bytes]]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                SQL("SELECT version, position, leaf_hash FROM {} WHERE aggregate_id = %s").format(
                    self.leaves_table
                ),
                (aggregate_id,),
            )
            return {
                row["version"]: (row["position"], bytes(row["leaf_hash"]))
                for row in curs.fetchall()
            }


RECORDER_TOPICS = {
    "eventsourcing.sqlite": "ledger.integrity.recorder:LedgerSQLiteRecorder",
    "eventsourcing.postgres": "ledger.integrity.recorder:LedgerPostgresRecorder",
}


LedgerRecorder = LedgerSQLiteRecorder | LedgerPostgresRecorder
